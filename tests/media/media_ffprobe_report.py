"""What ffprobe says about a clip: the reference every probed fact is compared with."""

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class FfprobeReport:
    """ffprobe's streams, format and video packets of one file."""

    format: dict[str, Any]
    video: dict[str, Any] | None
    audio: dict[str, Any] | None
    video_packets: list[dict[str, Any]]

    def keyframe_packets(self) -> list[dict[str, Any]]:
        """The video packets flagged as keyframes."""
        return [p for p in self.video_packets if "K" in p["flags"]]


def _ffprobe(*args: str) -> dict[str, Any]:
    output = subprocess.run(["ffprobe", "-v", "error", "-of", "json", *args], check=True, capture_output=True)
    result: dict[str, Any] = json.loads(output.stdout)
    return result


def ffprobe_report(path: Path) -> FfprobeReport:
    """Run ffprobe on path (streams, format, and every video packet's position, size and flags)."""
    summary = _ffprobe("-show_streams", "-show_format", str(path))
    packets = _ffprobe("-select_streams", "v:0", "-show_entries", "packet=pos,size,flags,dts_time", str(path))
    streams = summary["streams"]
    return FfprobeReport(
        format=summary["format"],
        video=next((s for s in streams if s["codec_type"] == "video"), None),
        audio=next((s for s in streams if s["codec_type"] == "audio"), None),
        video_packets=packets.get("packets", []),
    )

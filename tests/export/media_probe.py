"""What ffprobe and ffmpeg say about an exported file."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ExportProbe:
    """The streams of an exported file as ffprobe reads them, with every video packet's presentation time."""

    video: dict[str, Any]
    audio: dict[str, Any] | None
    video_times: list[float]

    @property
    def duration_s(self) -> float:
        """The video stream's duration."""
        return float(self.video["duration"])

    @property
    def frames(self) -> int:
        """Video packets ffprobe read."""
        return int(self.video["nb_read_packets"])


def _ffprobe(*args: str) -> dict[str, Any]:
    output = subprocess.run(["ffprobe", "-v", "error", "-of", "json", *args], check=True, capture_output=True)
    result: dict[str, Any] = json.loads(output.stdout)
    return result


def probe(path: Path) -> ExportProbe:
    """ffprobe the file: streams with packet counts, and the video packets' times in presentation order."""
    streams = _ffprobe("-count_packets", "-show_streams", str(path))["streams"]
    packets = _ffprobe("-select_streams", "v:0", "-show_entries", "packet=pts_time", str(path))["packets"]
    return ExportProbe(
        video=next(s for s in streams if s["codec_type"] == "video"),
        audio=next((s for s in streams if s["codec_type"] == "audio"), None),
        video_times=sorted(float(packet["pts_time"]) for packet in packets),
    )


def decode_errors(path: Path) -> str:
    """What ffmpeg complains about while decoding the whole file (empty when it decodes cleanly)."""
    return subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "null", "-"],
                          capture_output=True, text=True, check=False).stderr

"""Real clips with one recording defect each, encoded with the ffmpeg CLI (testsrc2 video, sine audio), and probed."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from libs.common.adapters.media.clip_facts import ClipFacts
from libs.common.adapters.media.mp4_probe import probe_mp4
from tests.media.media_counting_reader import CountingFileReader

CLIP_S = 6.0


@dataclass(frozen=True)
class DefectSpec:
    """How to encode one clip: a small 15 fps clip, a keyframe every second (of time) unless a defect says otherwise."""

    size: str = "320x180"
    seconds: float = CLIP_S
    keyframe_every_s: float = 1.0
    kbps: int = 300
    audio_seconds: float | None = CLIP_S
    video_filter: str | None = None
    rate: int = 15


DEFECT_SPECS: dict[str, DefectSpec] = {
    "clean": DefectSpec(),
    "short": DefectSpec(seconds=3.0, audio_seconds=3.0),
    "dropped_frames": DefectSpec(video_filter="select='not(between(n,32,41))'"),
    "long_keyframe_interval": DefectSpec(keyframe_every_s=4.0),
    "wide": DefectSpec(size="640x360"),
    "high_bitrate": DefectSpec(kbps=3000),
    "short_audio": DefectSpec(audio_seconds=4.0),
    "silent": DefectSpec(audio_seconds=None),
    "sub_profile": DefectSpec(size="160x90", rate=10, keyframe_every_s=2.0, kbps=60),  # a sub-stream's own kind
}


def _ffmpeg(spec: DefectSpec, target: Path) -> list[str]:
    """Frames dropped by the filter keep their neighbours' timestamps (passthrough), as a camera that drops them."""
    command = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
               f"testsrc2=size={spec.size}:rate={spec.rate}:duration={spec.seconds}"]
    if spec.audio_seconds is not None:
        command += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=16000:duration={spec.audio_seconds}"]
    if spec.video_filter:
        command += ["-vf", spec.video_filter, "-fps_mode", "passthrough"]
    keyframes = f"expr:gte(t,n_forced*{spec.keyframe_every_s})"
    command += ["-c:v", "libx264", "-profile:v", "main", "-force_key_frames", keyframes, "-g", "100000",
                "-sc_threshold", "0", "-bf", "0",
                "-preset", "superfast", "-b:v", f"{spec.kbps}k", "-pix_fmt", "yuv420p"]
    if spec.audio_seconds is not None:
        command += ["-c:a", "aac", "-ac", "1", "-ar", "16000", "-b:a", "32k"]
    return [*command, str(target)]


class DefectLibrary:
    """Encodes each named clip on first use into one folder; hands out its path and its probed facts."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def path(self, name: str) -> Path:
        """The clip's file, encoded if needed; 'no_keyframe_start' is 'clean' cut at 0.4 s keeping the P-frames."""
        target = self._folder / f"{name}.mp4"
        if target.exists():
            return target
        if name == "no_keyframe_start":
            subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(self.path("clean")), "-ss", "0.4", "-c", "copy",
                            "-copyinkf", str(target)], check=True)
        else:
            subprocess.run(_ffmpeg(DEFECT_SPECS[name], target), check=True)
        return target

    async def facts(self, name: str) -> ClipFacts:
        """What the prober reads from the clip."""
        return await probed_facts(self.path(name))


async def probed_facts(path: Path) -> ClipFacts:
    """probe_mp4 over a local file."""
    reader = CountingFileReader.of_file(path)
    return (await probe_mp4(reader.read, reader.size)).facts

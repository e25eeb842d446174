"""Real test clips made with the ffmpeg CLI (testsrc2 video, sine audio), cached per session."""

import subprocess
from dataclasses import dataclass
from pathlib import Path

FRAGMENTED = "frag_keyframe+empty_moov+default_base_moof"
DROP_EVERY_TENTH_FRAME = "select='not(eq(mod(n,10),5))'"


@dataclass(frozen=True)
class ClipSpec:
    """How to encode one clip."""

    width: int
    height: int
    fps: int
    seconds: int
    gop: int
    codec: str = "h264"
    profile: str = "main"
    audio: bool = True
    movflags: str | None = None
    extra_video_args: tuple[str, ...] = ()


CLIP_SPECS: dict[str, ClipSpec] = {
    "camera_1080p30_aac": ClipSpec(1920, 1080, 30, 6, gop=30),
    "camera_720p15_silent": ClipSpec(1280, 720, 15, 6, gop=15, audio=False, extra_video_args=("-bf", "0")),
    "faststart_720p25_aac": ClipSpec(1280, 720, 25, 6, gop=50, movflags="+faststart"),
    "fragmented_720p15_aac": ClipSpec(1280, 720, 15, 6, gop=15, movflags=FRAGMENTED),
    "hevc_720p15_aac": ClipSpec(1280, 720, 15, 6, gop=30, codec="hevc"),
    "baseline_360p10_silent": ClipSpec(640, 360, 10, 5, gop=10, profile="baseline", audio=False),
    "dropped_frames_720p30": ClipSpec(
        1280, 720, 30, 6, gop=30, audio=False, extra_video_args=("-vf", DROP_EVERY_TENTH_FRAME, "-fps_mode", "vfr")
    ),
    "irregular_keyframes_720p15": ClipSpec(
        1280, 720, 15, 6, gop=1000, audio=False, extra_video_args=("-force_key_frames", "0,1,3,3.4")
    ),
    "camera_1080p30_60s": ClipSpec(1920, 1080, 30, 60, gop=30),
}


def ffmpeg_command(spec: ClipSpec, target: Path) -> list[str]:
    """The ffmpeg command line that encodes spec into target."""
    video_source = f"testsrc2=size={spec.width}x{spec.height}:rate={spec.fps}:duration={spec.seconds}"
    command = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", video_source]
    if spec.audio:
        command += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=16000:duration={spec.seconds}"]
    if spec.codec == "hevc":
        command += ["-c:v", "libx265", "-tag:v", "hvc1", "-x265-params", f"log-level=error:keyint={spec.gop}"]
    else:
        command += ["-c:v", "libx264", "-profile:v", spec.profile, "-g", str(spec.gop), "-sc_threshold", "0"]
    command += [*spec.extra_video_args, "-preset", "superfast", "-b:v", "900k", "-pix_fmt", "yuv420p"]
    if spec.audio:
        command += ["-c:a", "aac", "-ac", "1", "-ar", "16000", "-b:a", "32k"]
    if spec.movflags:
        command += ["-movflags", spec.movflags]
    return [*command, str(target)]


class ClipLibrary:
    """Encodes each named clip on first use into one folder and hands out its path."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def path(self, name: str) -> Path:
        """The path of the named clip, encoding it if this session has not yet."""
        target = self._folder / f"{name}.mp4"
        if not target.exists():
            subprocess.run(ffmpeg_command(CLIP_SPECS[name], target), check=True)
        return target

"""The JSON-serialisable facts about one clip, field names as in the REST API."""

from pydantic import BaseModel

CLIP_FACTS_VERSION = 2
"""Schema version of stored clip facts: 1 had no timing summary, 2 adds ClipFacts.timing."""


class VideoFacts(BaseModel):
    """Video stream facts, matching what ffprobe reports for the same stream."""

    codec: str
    profile: str | None
    level: float | None
    width: int
    height: int
    fps: float
    fps_nominal: float | None
    bitrate_kbps: float
    frames: int
    keyframe_interval_s: float | None
    keyframe_interval_frames: int | None
    keyframe_regular: bool


class AudioFacts(BaseModel):
    """Audio stream facts."""

    codec: str
    sample_rate: int
    channels: int


class FrameStep(BaseModel):
    """A presentation-time step over 1.5 x the median: where it starts (s into the clip), its length, frames lost."""

    at_s: float
    step_s: float
    missing_frames: int


class ClipTiming(BaseModel):
    """The video track's frame timing in brief, from its sample tables: what the recording checks judge."""

    frame_step_s: float
    long_steps: list[FrameStep]
    long_step_count: int
    missing_frames: int
    backwards_steps: int
    first_is_keyframe: bool
    max_keyframe_interval_s: float | None
    video_duration_s: float
    audio_duration_s: float | None


class ClipFacts(BaseModel):
    """Everything the browser shows about one clip, and its timing summary (None in facts of version 1)."""

    container: str
    duration_s: float
    video: VideoFacts | None
    audio: AudioFacts | None
    fragmented: bool
    timing: ClipTiming | None = None

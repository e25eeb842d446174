"""The JSON-serialisable facts about one clip, field names as in the REST API."""

from pydantic import BaseModel, Field

CLIP_FACTS_VERSION = 2
"""Schema version of stored clip facts: 1 had no timing summary, 2 adds ClipFacts.timing."""


class VideoFacts(BaseModel):
    """Video stream facts, matching what ffprobe reports for the same stream."""

    codec: str = Field(description="e.g. h264, hevc")
    profile: str | None = Field(description="Codec profile, e.g. Main")
    level: float | None = Field(description="Codec level, e.g. 4.0")
    width: int = Field(description="Pixels")
    height: int = Field(description="Pixels")
    fps: float = Field(description="Frames / duration: the measured frame rate")
    fps_nominal: float | None = Field(description="Timescale / most common frame delta, when it differs from fps")
    bitrate_kbps: float = Field(description="Video sample bytes x 8 / duration / 1000")
    frames: int = Field(description="Frames in the index")
    keyframe_interval_s: float | None = Field(description="Median seconds between keyframes; null with fewer than two")
    keyframe_interval_frames: int | None = Field(description="Most common frame count between keyframes")
    keyframe_regular: bool = Field(description="Whether every keyframe interval has the same frame count")


class AudioFacts(BaseModel):
    """Audio stream facts."""

    codec: str = Field(description="e.g. aac")
    sample_rate: int = Field(description="Hz")
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

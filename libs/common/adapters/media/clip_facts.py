"""The JSON-serialisable facts about one clip, field names as in the REST API."""

from pydantic import BaseModel, Field


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


class ClipFacts(BaseModel):
    """Everything the browser shows about one clip."""

    container: str
    duration_s: float
    video: VideoFacts | None
    audio: AudioFacts | None
    fragmented: bool

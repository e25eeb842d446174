"""The JSON-serialisable facts about one clip, field names as in the REST API."""

from pydantic import BaseModel


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


class ClipFacts(BaseModel):
    """Everything the browser shows about one clip."""

    container: str
    duration_s: float
    video: VideoFacts | None
    audio: AudioFacts | None
    fragmented: bool

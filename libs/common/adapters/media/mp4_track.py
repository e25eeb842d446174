"""What the prober knows about one track: timing, codec and every sample's place in the file."""

import itertools
from dataclasses import dataclass, field

from libs.common.adapters.media.clip_facts import AudioFacts
from libs.common.adapters.media.video_codec_config import VideoCodecConfig


@dataclass
class TrackSamples:
    """Per-sample sizes, file offsets, decode durations and composition offsets, plus the sync sample indices.

    composition is empty when the track has no ctts (or trun composition offsets): presentation = decode time.
    first_fragment_time: the first fragment's tfdt (fragmented files), the origin later fragments' tfdt count from.
    """

    sizes: list[int] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    deltas: list[int] = field(default_factory=list)
    sync: list[int] = field(default_factory=list)
    composition: list[int] = field(default_factory=list)
    first_fragment_time: int | None = None

    def decode_times(self) -> list[int]:
        """Each sample's decode time in track timescale units (the running sum of the durations before it)."""
        times = list(itertools.accumulate(self.deltas, initial=0))
        return times[:-1]


@dataclass
class Track:
    """One track of the movie."""

    track_id: int
    handler: str
    timescale: int
    media_duration: int
    edit_duration_s: float | None
    video: VideoCodecConfig | None
    audio: AudioFacts | None
    samples: TrackSamples

    def duration_s(self) -> float:
        """The track's duration as ffprobe reports it: its edit list, else its media duration, else its samples."""
        if self.edit_duration_s:
            return self.edit_duration_s
        if self.media_duration and self.timescale:
            return self.media_duration / self.timescale
        return sum(self.samples.deltas) / self.timescale if self.timescale else 0.0

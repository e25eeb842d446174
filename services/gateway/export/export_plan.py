"""Planning a range export clip by clip: continuous output timestamps, fragments of a few MiB starting at keyframes,
and the merged byte ranges each fragment reads from the camera."""

from __future__ import annotations

import bisect
import itertools
import math
from array import array
from dataclasses import dataclass, field

from services.gateway.export.clip_cut import ClipCut, TrackCut
from services.gateway.export.fmp4_fragment import NON_SYNC_SAMPLE_FLAGS, SYNC_SAMPLE_FLAGS, TrackRun, moof
from services.gateway.export.fmp4_init import MOVIE_TIMESCALE, OutputTrack, init_segment
from services.gateway.export.mp4_box_writer import mdat_header

FRAGMENT_TARGET_BYTES = 3 * 1024 * 1024  # with the GOP that ends it, usually under one 4 MiB read
MERGE_GAP_BYTES = 64 * 1024
VIDEO_TRACK_ID, AUDIO_TRACK_ID = 1, 2


@dataclass(frozen=True)
class Fragment:
    """One moof + mdat: its moof bytes, and where in the clip file each sample of its mdat lies, in mdat order."""

    path: str
    moof: bytes
    offsets: array[int]
    sizes: array[int]
    reads: tuple[tuple[int, int], ...]

    @property
    def payload_bytes(self) -> int:
        """Bytes of the mdat payload."""
        return sum(self.sizes)

    @property
    def output_bytes(self) -> int:
        """Bytes this fragment adds to the file."""
        return len(self.moof) + len(mdat_header(self.payload_bytes)) + self.payload_bytes


@dataclass(frozen=True)
class ExportPlan:
    """The file's init segment, its fragments in order, and the bytes it writes and reads."""

    init: bytes
    fragments: list[Fragment]
    duration_s: float

    @property
    def output_bytes(self) -> int:
        """Size of the exported file."""
        return len(self.init) + sum(fragment.output_bytes for fragment in self.fragments)

    @property
    def read_bytes(self) -> int:
        """Bytes the fragments read from the camera."""
        return sum(length for fragment in self.fragments for _, length in fragment.reads)


@dataclass
class _OutputTrack:
    """An output track while it is planned: timescale, distinct sample entries, where its next sample goes."""

    timescale: int
    entries: list[bytes] = field(default_factory=list)
    next_decode_time: int = 0

    def description_index(self, entry: bytes) -> int:
        """The 1-based stsd index of a sample entry, adding it when new."""
        if entry not in self.entries:
            self.entries.append(entry)
        return self.entries.index(entry) + 1

    def rescaled(self, ticks: int, cut: TrackCut) -> int:
        """Source ticks of `cut` in this track's timescale."""
        return ticks if cut.timescale == self.timescale else round(ticks * self.timescale / cut.timescale)


def _merged_reads(offsets: array[int], sizes: array[int]) -> tuple[tuple[int, int], ...]:
    """The samples' byte ranges sorted and joined where they touch or lie at most MERGE_GAP_BYTES apart."""
    reads: list[list[int]] = []
    for offset, size in sorted(zip(offsets, sizes, strict=True)):
        if reads and offset <= reads[-1][0] + reads[-1][1] + MERGE_GAP_BYTES:
            reads[-1][1] = max(reads[-1][1], offset + size - reads[-1][0])
        else:
            reads.append([offset, size])
    return tuple((offset, length) for offset, length in reads)


def _video_groups(cut: TrackCut, target_bytes: int) -> list[tuple[int, int]]:
    """[first, stop) sample ranges of about target_bytes, each starting at a keyframe unless one runs to twice that."""
    samples = cut.copy.track.samples
    sync = set(samples.sync)
    groups: list[tuple[int, int]] = []
    start, gathered = cut.first, 0
    for index in range(cut.first, cut.stop):
        if index > start and ((index in sync and gathered >= target_bytes) or gathered >= 2 * target_bytes):
            groups.append((start, index))
            start, gathered = index, 0
        gathered += samples.sizes[index]
    groups.append((start, cut.stop))
    return groups


def _run(track_id: int, output: _OutputTrack, cut: TrackCut, first: int, stop: int, base: int,
         composition: bool) -> tuple[TrackRun, list[int]]:
    """Samples [first, stop) of a cut, the cut's first sample at output time `base`; and their file offsets."""
    dts, origin = cut.decode_times, cut.decode_times[cut.first]
    times = [output.rescaled(dts[index] - origin, cut) for index in range(first, stop + 1)]
    samples, copy = cut.copy.track.samples, cut.copy
    sync = set(samples.sync)
    run = TrackRun(
        track_id=track_id,
        description_index=output.description_index(copy.sample_entry),
        base_decode_time=base + times[0],
        durations=[later - earlier for earlier, later in itertools.pairwise(times)],
        sizes=samples.sizes[first:stop],
        flags=[SYNC_SAMPLE_FLAGS if index in sync else NON_SYNC_SAMPLE_FLAGS for index in range(first, stop)],
        composition_offsets=[output.rescaled(copy.composition_offsets[i], cut) for i in range(first, stop)]
        if composition else None,
    )
    return run, samples.offsets[first:stop]


class ExportPlanner:
    """Takes clip cuts in time order and lays them end to end; finish() gives the init segment and the fragments."""

    def __init__(self, target_bytes: int = FRAGMENT_TARGET_BYTES) -> None:
        """Start an empty plan whose fragments hold about target_bytes of samples each."""
        self._target_bytes = target_bytes
        self._video: _OutputTrack | None = None
        self._audio: _OutputTrack | None = None
        self._video_shift = 0
        self._picture = (0, 0)
        self._fragments: list[Fragment] = []

    def add(self, cut: ClipCut) -> None:
        """Append a clip's cut after everything added before."""
        video, source = self._video_track(cut), cut.video
        origin = source.decode_times[source.first]
        shown_at_s = (video.next_decode_time - self._video_shift) / video.timescale + (
            cut.presented_start + source.copy.edit_shift - origin) / source.timescale
        audio_base, audio_position = self._audio_start(cut, shown_at_s), cut.audio.first if cut.audio else 0
        groups = _video_groups(source, self._target_bytes)
        for number, (first, stop) in enumerate(groups):
            runs = [_run(VIDEO_TRACK_ID, video, source, first, stop, video.next_decode_time, True)]
            if cut.audio is not None and self._audio is not None:
                until = cut.audio.stop if number == len(groups) - 1 else self._audio_stop(
                    cut.audio, (cut.presented_start + source.decode_times[stop] - origin) / source.timescale)
                if until > audio_position:
                    runs.append(_run(AUDIO_TRACK_ID, self._audio, cut.audio, audio_position, until, audio_base, False))
                    audio_position = until
            self._add_fragment(cut.path, runs)
        video.next_decode_time += video.rescaled(source.decode_times[source.stop] - origin, source)
        if cut.audio is not None and self._audio is not None:
            self._audio.next_decode_time = audio_base + self._audio.rescaled(
                cut.audio.decode_times[cut.audio.stop] - cut.audio.decode_times[cut.audio.first], cut.audio)

    def _video_track(self, cut: ClipCut) -> _OutputTrack:
        """The output video track, set up from the first cut (its timescale, picture size, edit shift)."""
        if self._video is None:
            source = cut.video
            self._video = _OutputTrack(source.timescale)
            self._video_shift = cut.presented_start + source.copy.edit_shift - source.decode_times[source.first]
            config = source.copy.track.video
            self._picture = (config.width, config.height) if config is not None else (0, 0)
        return self._video

    def _audio_start(self, cut: ClipCut, shown_at_s: float) -> int:
        """Output ticks of the cut's first audio sample: beside its video, never over the previous cut's audio."""
        if cut.audio is None:
            return 0
        if self._audio is None:
            self._audio = _OutputTrack(cut.audio.timescale)
        source = cut.audio
        starts_s = (source.decode_times[source.first] - source.copy.edit_shift) / source.timescale
        wanted = round((shown_at_s + starts_s - cut.presented_start_s) * self._audio.timescale)
        return max(self._audio.next_decode_time, wanted)

    @staticmethod
    def _audio_stop(cut: TrackCut, until_s: float) -> int:
        """The first audio sample of the cut that starts at or after until_s (clip time)."""
        limit = until_s * cut.timescale + cut.copy.edit_shift
        return bisect.bisect_left(cut.decode_times, limit, cut.first, cut.stop)

    def _add_fragment(self, path: str, runs: list[tuple[TrackRun, list[int]]]) -> None:
        """Number the fragment, write its moof and work out what it reads."""
        offsets, sizes = array("Q"), array("Q")
        for run, run_offsets in runs:
            offsets.extend(run_offsets)
            sizes.extend(run.sizes)
        box = moof(len(self._fragments) + 1, [run for run, _ in runs])
        self._fragments.append(Fragment(path, box, offsets, sizes, _merged_reads(offsets, sizes)))

    def finish(self) -> ExportPlan:
        """The init segment (every sample entry seen) and the fragments."""
        tracks, ends = [], []
        if self._video is not None:
            width, height = self._picture
            tracks.append(OutputTrack(VIDEO_TRACK_ID, "vide", self._video.timescale, tuple(self._video.entries),
                                      self._video_shift, width, height))
            ends.append((self._video.next_decode_time - self._video_shift) / self._video.timescale)
        if self._audio is not None:
            tracks.append(OutputTrack(AUDIO_TRACK_ID, "soun", self._audio.timescale, tuple(self._audio.entries)))
            ends.append(self._audio.next_decode_time / self._audio.timescale)
        duration_s = max(ends, default=0.0)
        init = init_segment(tracks, math.ceil(duration_s * MOVIE_TIMESCALE))
        return ExportPlan(init, self._fragments, duration_s)

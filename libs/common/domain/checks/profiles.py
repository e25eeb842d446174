"""Expected values per profile: clips of each profile (codec, size, frame rate) are judged against their own kind."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from libs.common.contracts.api.checks import ExpectedValues
from libs.common.domain.checks.clip_view import ClipView
from libs.common.domain.checks.expected import ExpectedOverrides, expected_values

ProfileKey = tuple[str | None, int | None, int | None, int | None]


def profile_key(clip: ClipView) -> ProfileKey | None:
    """A readable clip's codec, size and whole frame rate (None for a clip without video facts)."""
    video = clip.video
    if not clip.ok or video is None:
        return None
    return video.codec, video.width, video.height, round(clip.fps) if clip.fps else None


@dataclass(frozen=True)
class Expectations:
    """The main profile's expected values (the answer's) and those of every other profile the clips show."""

    main: ExpectedValues
    by_profile: dict[ProfileKey, ExpectedValues]

    def of(self, clip: ClipView) -> ExpectedValues:
        """What this clip is judged against: its profile's values (the main ones for a clip without video)."""
        key = profile_key(clip)
        return self.by_profile.get(key, self.main) if key is not None else self.main


def expectations(clips: list[ClipView], camera: ExpectedOverrides, request: ExpectedOverrides,
                 bitrate_tolerance_pct: float) -> Expectations:
    """Each profile's majority with the camera's and the request's values on top; the most common profile is main.

    A sub-profile hour (e.g. 720p15 in a 1080p30 day) is judged by its own clip length, keyframe interval and
    bitrate band; that its profile differs from the expected one is profile_change's finding, once per run.
    """
    groups: dict[ProfileKey, list[ClipView]] = defaultdict(list)
    for clip in clips:
        key = profile_key(clip)
        if key is not None:
            groups[key].append(clip)
    if not groups:
        main = expected_values(clips, camera, request, bitrate_tolerance_pct)
        return Expectations(main, {})
    main_key = Counter({key: len(members) for key, members in groups.items()}).most_common(1)[0][0]
    by_profile = {key: expected_values(members, camera, request, bitrate_tolerance_pct)
                  for key, members in groups.items()}
    return Expectations(by_profile[main_key], by_profile)

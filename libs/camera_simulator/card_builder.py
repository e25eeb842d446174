"""Build a simulated SD card: real clips in <day>/<HH>/<YYYYMMDD>-<HHMMSS>.mp4 plus what power cuts leave."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from libs.camera_simulator.clip_encoder import encode_clip
from libs.camera_simulator.schedule_ini import write_config_ini
from libs.camera_simulator.system_files import default_system_path, write_system_files

TRUNCATED_FRACTION = 0.4
TMP_FILE_BYTES = 64 * 1024


@dataclass(frozen=True)
class ClipSlot:
    """Where and when one clip of the card starts."""

    start: datetime

    @property
    def relative_path(self) -> str:
        """Card-relative path in the camera's layout."""
        return f"{self.start:%Y-%m-%d}/{self.start:%H}/{self.start:%Y%m%d}-{self.start:%H%M%S}.mp4"


def default_config_path(card_root: Path) -> Path:
    """Where build_card writes the config ini unless told otherwise: config/camera.ini beside the card."""
    return card_root.parent / "config" / "camera.ini"


def clip_slots(days: Sequence[date], hours: Iterable[int], clips_per_hour: int) -> list[ClipSlot]:
    """Evenly spaced clip starts for every (day, hour), in time order."""
    hour_list = sorted(set(hours))
    spacing_s = 3600 // clips_per_hour
    return [
        ClipSlot(datetime(day.year, day.month, day.day, hour, tzinfo=UTC) + timedelta(seconds=index * spacing_s))
        for day in sorted(days)
        for hour in hour_list
        for index in range(clips_per_hour)
    ]


def _gap(slots: list[ClipSlot], clips_per_hour: int) -> set[ClipSlot]:
    """A run of missing clips in the first hour (camera stopped recording for a while)."""
    if clips_per_hour < 3:
        return set()
    first = clips_per_hour // 3
    return set(slots[first : first + max(1, clips_per_hour // 6)])


def place_copy(template: Path, target: Path, mtime: float, hardlink: bool) -> None:
    """Put a template clip at `target` with the clip's end time as mtime."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if hardlink:
        os.link(template, target)
    else:
        shutil.copyfile(template, target)
        os.utime(target, (mtime, mtime))


def _write_power_cut_leftovers(root: Path, template: Path, last: ClipSlot, spacing: timedelta,
                               zero_byte: ClipSlot | None, clip_seconds: float) -> None:
    """A truncated last clip (no moov), a zero-byte clip, the temp file of the next clip and a small db."""
    data = template.read_bytes()
    truncated = root / last.relative_path
    truncated.unlink(missing_ok=True)  # it may be a hard link to a template: never write through it
    truncated.write_bytes(data[: int(len(data) * TRUNCATED_FRACTION)])
    end = last.start.timestamp() + clip_seconds
    os.utime(truncated, (end, end))
    if zero_byte is not None:
        empty = root / zero_byte.relative_path
        empty.unlink(missing_ok=True)
        empty.write_bytes(b"")
        os.utime(empty, (zero_byte.start.timestamp(), zero_byte.start.timestamp()))
    folder = truncated.parent
    (folder / f"{Path(ClipSlot(last.start + spacing).relative_path).stem}.mp4.tmp").write_bytes(
        data[:TMP_FILE_BYTES]
    )
    with sqlite3.connect(folder / "recording.db") as database:
        database.execute("CREATE TABLE IF NOT EXISTS clips (name TEXT PRIMARY KEY, size INTEGER)")
        database.execute("INSERT OR REPLACE INTO clips VALUES (?, ?)", (truncated.name, len(data)))
    database.close()


def build_card(
    root: Path,
    *,
    days: Sequence[date],
    hours: Iterable[int] = range(24),
    clips_per_hour: int = 60,
    clip_seconds: float = 60.0,
    width: int = 1280,
    height: int = 720,
    fps: int = 15,
    bitrate_kbps: int = 900,
    audio: bool = True,
    broken: bool = True,
    variants: int = 2,
    seed: int = 0,
    hardlink: bool = False,
    config_path: Path | None = None,
    model: str = "DomePlus",
    schedule: dict[str, str] | None = None,
) -> Path:
    """Write the card under `root` and its config ini; return `root`.

    Only `variants` clips are encoded (different colours, each with a moving bar and clock); every
    slot gets a copy with its own mtime (hardlink=True saves disk but shares one mtime). `broken`
    adds a recording gap, a clip cut before its moov, a zero-byte clip, a *.tmp and a .db file.
    Beside the card go config/camera.ini and system/ (mounts, SD card identity, a clean kernel log).
    """
    if not 1 <= clips_per_hour <= 3600 or not days:
        raise ValueError("build_card needs at least one day and 1..3600 clips per hour")
    root.mkdir(parents=True, exist_ok=True)
    write_config_ini(config_path or default_config_path(root), model=model, schedule=schedule)
    write_system_files(default_system_path(root))
    slots = clip_slots(days, hours, clips_per_hour)
    skipped = _gap(slots, clips_per_hour) if broken else set()
    colours = random.Random(seed)  # noqa: S311 - picture colours, not security
    with tempfile.TemporaryDirectory(prefix="card-templates-") as scratch:
        templates = []
        for variant in range(max(variants, 1)):
            template = Path(scratch) / f"variant-{variant}.mp4"
            background = (colours.randrange(20, 120), colours.randrange(20, 120), colours.randrange(20, 120))
            encode_clip(template, width=width, height=height, fps=fps, seconds=clip_seconds,
                        bitrate_kbps=bitrate_kbps, audio=audio, background=background, label=f"cam {variant}")
            templates.append(template)
        kept = [slot for slot in slots if slot not in skipped]
        for index, slot in enumerate(kept):
            place_copy(templates[index % len(templates)], root / slot.relative_path,
                        slot.start.timestamp() + clip_seconds, hardlink)
        if broken:
            last_day_first = next(slot for slot in kept if slot.start.date() == kept[-1].start.date())
            zero_byte = last_day_first if last_day_first is not kept[-1] else None
            _write_power_cut_leftovers(root, templates[0], kept[-1], timedelta(seconds=3600 // clips_per_hour),
                                       zero_byte, clip_seconds)
    return root

"""Resolve a camera id to a CameraTarget: the optional INI registry first, then the host-name template."""

from __future__ import annotations

import configparser
from dataclasses import replace
from pathlib import Path

from pydantic import SecretStr

from libs.common.adapters.camera.target import CameraTarget
from libs.common.contracts.api.checks import Tolerances
from libs.common.contracts.settings import Settings
from libs.common.domain.camera_ids import normalize_camera_id
from libs.common.domain.checks.expected import ExpectedOverrides
from libs.common.domain.host_key_fingerprints import parse_fingerprint
from libs.common.domain.time_zones import camera_zone

CAMERA_TOLERANCES = ("clock_offset_warn_s", "clock_offset_fail_s", "clock_step_tolerance_s")


class RegistryFileError(ValueError):
    """The cameras file cannot be read or has a bad entry."""


def _positive(entry: configparser.SectionProxy, key: str, kind: type[float] | type[int]) -> float | int | None:
    """An optional positive number of an entry; ValueError names the key otherwise."""
    if key not in entry:
        return None
    try:
        if not entry[key].isascii():
            raise ValueError(entry[key])
        value = kind(entry[key])
    except ValueError:
        raise ValueError(f"{key} must be a {'whole ' if kind is int else ''}number, got {entry[key][:40]!r}") from None
    if not 0 < value < 1_000_000:
        raise ValueError(f"{key} must be a positive number below 1,000,000, got {entry[key][:40]!r}")
    return value


def expected_overrides(entry: configparser.SectionProxy) -> ExpectedOverrides:
    """The expected values a cameras file entry sets for the recording checks (the rest: the day's majority)."""
    return ExpectedOverrides(
        clip_s=_positive(entry, "expected_clip_s", float), fps=_positive(entry, "expected_fps", float),
        width=_whole(_positive(entry, "expected_width", int)), height=_whole(_positive(entry, "expected_height", int)),
        max_keyframe_interval_s=_positive(entry, "max_keyframe_interval_s", float),
    )


def _pinned(entry: configparser.SectionProxy) -> str | None:
    """The entry's pinned host key fingerprint (`host_key_fingerprint = SHA256:…`), checked; None if not pinned."""
    text = entry.get("host_key_fingerprint")
    return parse_fingerprint(text) if text else None


def tolerance_overrides(entry: configparser.SectionProxy) -> tuple[tuple[str, float], ...]:
    """The clock tolerances a cameras file entry sets (in the checks' ranges); the rest keep their defaults."""
    found = {key: entry[key] for key in CAMERA_TOLERANCES if key in entry}
    if any(not text.isascii() for text in found.values()):
        raise ValueError(f"tolerances must be plain numbers, got {found}")
    values = Tolerances.model_validate(found)
    return tuple((key, float(getattr(values, key))) for key in found)


def _whole(value: float | int | None) -> int | None:
    """A pixel count as an int."""
    return None if value is None else int(value)


class CameraRegistry:
    """Cameras listed in SDB_CAMERAS_FILE (or added at start-up), and any other id reached by name."""

    def __init__(self, settings: Settings, extra: list[CameraTarget] | None = None) -> None:
        """Read the registry file once; extra targets (the demo camera) come after it."""
        self._settings = settings
        self._listed: dict[str, CameraTarget] = {}
        if settings.cameras_file is not None:
            self._listed.update(self._read_file(settings.cameras_file))
        for target in extra or []:
            self._listed[target.camera_id] = target

    def _default_target(self, camera_id: str) -> CameraTarget:
        """What the environment alone says about a camera."""
        s = self._settings
        return CameraTarget(
            camera_id=camera_id,
            host=s.camera_host_template.replace("{id}", camera_id.lower()),
            port=s.camera_port,
            user=s.camera_user,
            password=s.camera_password,
            sd_root=s.camera_sd_root,
            config_ini=s.camera_config_ini,
            timezone=s.camera_timezone,
        )

    def _read_file(self, path: Path) -> dict[str, CameraTarget]:
        """Parse the INI registry: one section per camera id."""
        parser = configparser.ConfigParser(interpolation=None)
        try:
            with path.open(encoding="utf-8") as handle:
                parser.read_file(handle)
        except (OSError, configparser.Error) as exc:
            raise RegistryFileError(f"cannot read cameras file {path}: {exc}") from exc
        targets = {}
        for section in parser.sections():
            try:
                camera_id = normalize_camera_id(section)
                base = self._default_target(camera_id)
                entry = parser[section]
                targets[camera_id] = CameraTarget(  # by_name False: the file names it
                    camera_id=camera_id,
                    host=entry.get("host", base.host),
                    port=entry.getint("port", base.port),
                    user=entry.get("user", base.user),
                    password=SecretStr(entry["password"]) if "password" in entry else base.password,
                    model=entry.get("model", base.model),
                    sd_root=entry.get("sd_root", base.sd_root),
                    config_ini=entry.get("config_ini", base.config_ini),
                    timezone=camera_zone(entry.get("timezone", base.timezone)).key,
                    key_file=entry.get("key_file"),
                    host_key_fingerprint=_pinned(entry),
                    expected=expected_overrides(entry),
                    tolerances=tolerance_overrides(entry),
                )
            except ValueError as exc:
                raise RegistryFileError(f"cameras file {path}, section [{section}]: {exc}") from exc
        return targets

    def resolve(self, raw_id: str) -> CameraTarget:
        """The target for an id (any case); InvalidCameraId for a malformed one. An id the registry does not list is
        reached by name (by_name: capped in flight, and its failures do not tell how the name lookup went)."""
        camera_id = normalize_camera_id(raw_id)
        return self._listed.get(camera_id) or replace(self._default_target(camera_id), by_name=True)

    def listed(self) -> list[CameraTarget]:
        """The cameras the registry names, sorted by id."""
        return [self._listed[key] for key in sorted(self._listed)]

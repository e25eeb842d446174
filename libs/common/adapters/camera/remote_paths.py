"""Path rules for the camera: every path we touch stays under the card root, checked before any I/O."""

from __future__ import annotations

import posixpath

from libs.common.adapters.camera.errors import CameraPathRefused

_FORBIDDEN_CHARACTERS = ("\x00", "\n", "\r", "\\")


def _refuse_bad_characters(path: str) -> None:
    """Refuse characters that no card path contains and that could confuse a shell or a parser."""
    for character in _FORBIDDEN_CHARACTERS:
        if character in path:
            raise CameraPathRefused(f"refused path {path!r}: it contains the character {character!r}")


def card_path(sd_root: str, relative: str) -> str:
    """Return the absolute camera path of `relative` under `sd_root`; refuse anything that could leave it."""
    _refuse_bad_characters(relative)
    if relative.startswith("/"):
        raise CameraPathRefused(f"refused path {relative!r}: give a path relative to the card root")
    segments = [segment for segment in relative.split("/") if segment not in ("", ".")]
    if ".." in segments:
        raise CameraPathRefused(f"refused path {relative!r}: '..' would leave the card root")
    return posixpath.join(sd_root, *segments) if segments else sd_root


def absolute_camera_path(path: str) -> str:
    """Check an absolute camera path outside the card (e.g. the config ini) and return it normalised."""
    _refuse_bad_characters(path)
    if not path.startswith("/"):
        raise CameraPathRefused(f"refused path {path!r}: an absolute path is required")
    if ".." in path.split("/"):
        raise CameraPathRefused(f"refused path {path!r}: '..' segments are not allowed")
    return posixpath.normpath(path)


def relative_to_root(sd_root: str, absolute: str) -> str:
    """Turn a path reported by the camera back into a card-relative path; refuse one outside the root."""
    _refuse_bad_characters(absolute)
    if ".." in absolute.split("/"):
        raise CameraPathRefused(f"camera listed {absolute!r}: '..' segments are not allowed")
    root = sd_root.rstrip("/")
    if not absolute.startswith(root + "/"):
        raise CameraPathRefused(f"camera listed {absolute!r}, which is outside the card root {sd_root!r}")
    relative = posixpath.normpath(absolute[len(root) + 1 :])
    if relative in (".", "") or relative.startswith("/"):
        raise CameraPathRefused(f"camera listed {absolute!r}, which is not a file under {sd_root!r}")
    return relative

"""Errors of camera access: each message tells a person what failed and what to check, never a password."""

from __future__ import annotations


class CameraError(Exception):
    """Base of every camera access failure; the message is safe to show to a user."""


class CameraUnreachable(CameraError):
    """The camera's host name does not resolve, refuses the connection or drops it."""


class CameraAuthFailed(CameraError):
    """The camera refused the configured user's password or key."""


class CameraTimeout(CameraError):
    """Connecting to the camera or one call on it exceeded its deadline."""


class CameraFileError(CameraError):
    """A file or folder on the camera is missing or cannot be read."""


class CameraHostKeyChanged(CameraError):
    """The camera presented a host key other than the one remembered on first use."""


class CameraPathRefused(CameraError):
    """A path that would leave the card root (or is malformed); refused before any I/O."""

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


class CameraHostKeyNotTrusted(CameraError):
    """The camera presented a host key nobody trusted; nothing was sent to it (no password, no key)."""

    def __init__(self, message: str, presented_fingerprint: str | None) -> None:
        """The message for people, and the presented key's fingerprint (None: a certificate no CA signed)."""
        super().__init__(message)
        self.presented_fingerprint = presented_fingerprint


class CameraHostKeyUnknown(CameraHostKeyNotTrusted):
    """No key was trusted for this camera yet (not pinned, not trusted, not in known_hosts, no CA)."""


class CameraHostKeyChanged(CameraHostKeyNotTrusted):
    """The camera presented a host key other than the one trusted for it."""


class CameraPathRefused(CameraError):
    """A path that would leave the card root (or is malformed); refused before any I/O."""

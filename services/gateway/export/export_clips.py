"""The clips of one export opened on the camera: each opened once, for its index, and kept open for its samples."""

from __future__ import annotations

from libs.common.adapters.camera.open_clip import OpenClip
from libs.common.adapters.camera.session import CameraSession

MAX_OPEN_CLIPS = 64  # an hour of one-minute clips; a longer export opens its later clips a second time


class ExportClips:
    """Hands out one OpenClip per card path; at most `keep_open` clips stay open between their index and their
    samples (a clip past that is closed after its index and opened again when its samples are read)."""

    def __init__(self, session: CameraSession, keep_open: int | None = None) -> None:
        """Open clips of `session`'s camera, keeping up to `keep_open` (MAX_OPEN_CLIPS) open for their samples."""
        self.session = session
        self._keep_open = MAX_OPEN_CLIPS if keep_open is None else keep_open
        self._clips: dict[str, OpenClip] = {}
        self._kept: set[str] = set()

    def clip(self, path: str) -> OpenClip:
        """The clip at card path `path` (relative), opened on the camera by its first read."""
        clip = self._clips.get(path)
        if clip is None:
            clip = self._clips[path] = self.session.open_clip(path)
        return clip

    def index_read(self, path: str, samples_wanted: bool) -> None:
        """The clip's index has been read: keep it open for its samples while few enough clips are open."""
        if samples_wanted and len(self._kept) < self._keep_open:
            self._kept.add(path)
        else:
            self.close(path)

    def close(self, path: str) -> None:
        """Done with the clip: close it on the camera."""
        self._kept.discard(path)
        clip = self._clips.pop(path, None)
        if clip is not None:
            clip.close()

    def close_all(self) -> None:
        """Close every clip still open (the export ended, or was refused or cut off)."""
        for path in list(self._clips):
            self.close(path)

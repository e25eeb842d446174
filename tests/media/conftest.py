"""Fixtures for the clip prober tests: real clips made once per session by the ffmpeg CLI."""

import shutil
from pathlib import Path

import pytest

from tests.media.media_clip_library import ClipLibrary


@pytest.fixture(scope="session")
def clip_library(tmp_path_factory: pytest.TempPathFactory) -> ClipLibrary:
    """Clips encoded on first use into a session temp folder (removed with the session's temp dirs)."""
    assert shutil.which("ffmpeg") and shutil.which("ffprobe"), "the clip prober tests need Debian's ffmpeg and ffprobe"
    return ClipLibrary(tmp_path_factory.mktemp("clips"))


@pytest.fixture(scope="session")
def long_camera_clip(clip_library: ClipLibrary) -> Path:
    """A 60 s 1080p 30 fps ~0.9 Mbit/s clip laid out as cameras write it (moov at the end)."""
    return clip_library.path("camera_1080p30_60s")

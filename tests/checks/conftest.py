"""Fixtures of the recording-check tests: defect clips and the suite's clean clips, encoded once per session."""

from __future__ import annotations

import shutil

import pytest

from tests.checks.defect_clips import DefectLibrary
from tests.media.media_clip_library import ClipLibrary


@pytest.fixture(scope="session")
def defects(tmp_path_factory: pytest.TempPathFactory) -> DefectLibrary:
    """Clips with one defect each (and clean ones), encoded on first use."""
    assert shutil.which("ffmpeg"), "the check tests need Debian's ffmpeg"
    return DefectLibrary(tmp_path_factory.mktemp("defect-clips"))


@pytest.fixture(scope="session")
def clean_library(tmp_path_factory: pytest.TempPathFactory) -> ClipLibrary:
    """The prober suite's clips (moov at end, faststart, fragmented, HEVC ...)."""
    return ClipLibrary(tmp_path_factory.mktemp("clean-clips"))

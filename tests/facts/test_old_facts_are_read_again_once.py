"""Facts stored by an older prober (no schema version, no timing summary) are read again once, on the next scan."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from libs.common.adapters.media.clip_facts import CLIP_FACTS_VERSION
from libs.common.contracts.records import ClipRecord
from libs.common.contracts.settings import Settings
from libs.common.domain.facts_version import needs_reprobe
from services.embedded.system import EmbeddedSystem
from tests.sample_card import CARD_DAY, camera_target
from tests.scan_polling import scan_and_wait
from tools.local_servers.asgi_server import served_client

NO_IMAGES = {"thumbnails": False, "previews": False}


def test_a_record_without_a_schema_version_needs_its_index_read_again() -> None:
    stored = {"clip_id": "CAM01.2026-11-20.0123456789abcdef01234567", "path": "2026-11-20/02/x-020000.mp4",
              "start": "2026-11-20T02:00:00", "size_bytes": 10, "mtime": 0, "status": "ok"}
    assert needs_reprobe(ClipRecord.model_validate(stored))
    assert not needs_reprobe(ClipRecord.model_validate({**stored, "facts_version": CLIP_FACTS_VERSION}))
    assert needs_reprobe(ClipRecord.model_validate({**stored, "facts_version": CLIP_FACTS_VERSION - 1}))


@pytest.fixture
async def system_web(tmp_path: Path, camera_server: int) -> AsyncIterator[httpx.AsyncClient]:
    """The embedded system over the sample card as CAM01, its store under tmp_path/data/store."""
    settings = Settings(data_dir=tmp_path / "data", camera_host_template="{id}.invalid")
    async with EmbeddedSystem(settings, [camera_target(camera_server)]) as system, \
            served_client(system.web_app) as web:
        yield web


def _make_facts_look_old(store_root: Path) -> int:
    """Rewrite every stored clip fact as version 1 wrote it: no facts_version, no timing; returns how many."""
    files = list((store_root / "clips" / "CAM01" / CARD_DAY.isoformat()).glob("*.json"))
    for path in files:
        record = json.loads(path.read_text())
        record.pop("facts_version")
        if record["facts"] is not None:
            record["facts"].pop("timing")
        path.write_text(json.dumps(record))
    return len(files)


async def test_the_next_scan_reads_old_facts_again_and_the_one_after_reads_nothing(
    system_web: httpx.AsyncClient, tmp_path: Path
) -> None:
    first = await scan_and_wait(system_web, "cam01", **NO_IMAGES)
    old = _make_facts_look_old(tmp_path / "data" / "store")
    assert old == first["progress"]["clips_total"] > 0

    second = await scan_and_wait(system_web, "cam01", **NO_IMAGES)
    assert second["progress"]["clips_cached"] == 0
    assert second["progress"]["bytes_read"] > 0
    third = await scan_and_wait(system_web, "cam01", **NO_IMAGES)
    assert third["progress"]["clips_cached"] == third["progress"]["clips_total"] == old
    assert third["progress"]["bytes_read"] == 0

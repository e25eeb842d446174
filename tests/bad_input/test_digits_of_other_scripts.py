"""Ids, names, dates and numbers written with other scripts' digits (which `\\d` and isdigit() accept) are plain
4xx answers with a detail, never a 500 from a store key check or int(); with and without an API token."""

from __future__ import annotations

import httpx
import pytest

from tests.bad_input.api_operations import VALID_VALUES, Operation, operations_with
from tests.bad_input.quiet_system import QuietWatch, assert_refused, with_and_without_token
from tests.bad_input.unicode_digits import SCRIPTS, first_digit_swapped, in_script

pytestmark = with_and_without_token
CLIP_ID = VALID_VALUES["clip_id"]
DATE = VALID_VALUES["date"]
SPRITES = "/api/v1/cameras/CAM01/sprites"
SHEET = "03-0123456789abcdef.webp"


def _spellings(text: str) -> list[str]:
    """text with all its digits in each script, and with only its first one (so that the rest still fits)."""
    return [spelled for script in SCRIPTS for spelled in (in_script(script, text), first_digit_swapped(script, text))]


@pytest.mark.parametrize("operation", operations_with("clip_id"), ids=lambda operation: operation.path)
async def test_a_clip_id_with_other_digits_is_a_404_on_every_clip_operation(
    api: httpx.AsyncClient, watch: QuietWatch, operation: Operation
) -> None:
    before = await watch.snapshot()
    camera, date, fingerprint = CLIP_ID.split(".")
    for clip_id in [f"{camera}.{spelled}.{fingerprint}" for spelled in _spellings(date)] + [
            f"{in_script(script, 'CAM01')}.{date}.{fingerprint}" for script in SCRIPTS]:
        assert_refused(await api.request(operation.method, operation.url(clip_id=clip_id)), statuses=(404, 422))
    assert await watch.snapshot() == before


async def test_a_sprite_sheet_name_or_date_with_other_digits_is_refused(
    api: httpx.AsyncClient, watch: QuietWatch
) -> None:
    before = await watch.snapshot()
    for sheet in _spellings(SHEET):
        assert_refused(await api.get(f"{SPRITES}/{DATE}/{sheet}"), statuses=(404,))
    for date in _spellings(DATE):
        assert_refused(await api.get(f"{SPRITES}/{date}/{SHEET}"), statuses=(404, 422))
    assert await watch.snapshot() == before


async def test_a_scan_id_with_other_digits_is_a_404(api: httpx.AsyncClient, watch: QuietWatch) -> None:
    before = await watch.snapshot()
    for scan_id in _spellings("0123456789abcdef" * 2):
        for tail in ("", "/errors"):
            assert_refused(await api.get(f"/api/v1/scans/{scan_id}{tail}"), statuses=(404,))
    assert await watch.snapshot() == before


@pytest.mark.parametrize("operation", operations_with("date"), ids=lambda operation: operation.path)
async def test_a_date_with_other_digits_is_refused_by_every_dated_operation(
    api: httpx.AsyncClient, watch: QuietWatch, operation: Operation
) -> None:
    before = await watch.snapshot()
    for date in _spellings(DATE):
        assert_refused(await api.request(operation.method, operation.url(date=date)))
    assert await watch.snapshot() == before


async def test_numbers_in_the_query_with_other_digits_are_refused(
    api: httpx.AsyncClient, watch: QuietWatch
) -> None:
    before = await watch.snapshot()
    for path, query in [(SPRITES, {"date": DATE, "hour": "3"}), ("/api/v1/cameras/CAM01/recordings",
                                                                 {"date": DATE, "hour": "12"}),
                        (f"/api/v1/clips/{CLIP_ID}/thumbnail", {"width": "640"}),
                        (f"/api/v1/clips/{CLIP_ID}/thumbnail", {"at": "30"})]:
        name, value = next((name, value) for name, value in query.items() if name != "date")
        for spelled in _spellings(value):
            assert_refused(await api.get(path, params={**query, name: spelled}), statuses=(422,))
    assert await watch.snapshot() == before

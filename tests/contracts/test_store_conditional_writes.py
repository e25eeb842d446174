"""Conditional writes on every store adapter: a writer's write lands only on the version it read."""

from __future__ import annotations

import asyncio

import pytest

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, PreconditionFailed


async def test_a_write_on_the_version_read_lands_and_gets_a_new_tag(store: ObjectStore) -> None:
    first = await store.put_if("scans/s1/scan.json", b'{"status":"queued"}', None)
    data, tag = await store.get_with_etag("scans/s1/scan.json")

    second = await store.put_if("scans/s1/scan.json", b'{"status":"running"}', tag)

    assert data == b'{"status":"queued"}' and tag == first
    assert await store.get_with_etag("scans/s1/scan.json") == (b'{"status":"running"}', second)
    assert second != first


async def test_a_write_on_a_stale_tag_loses_and_changes_nothing(store: ObjectStore) -> None:
    await store.put("scans/s1/scan.json", b"first")
    _, stale = await store.get_with_etag("scans/s1/scan.json")
    await store.put("scans/s1/scan.json", b"moved by another process")

    with pytest.raises(PreconditionFailed):
        await store.put_if("scans/s1/scan.json", b"undoes the move", stale)

    assert await store.get("scans/s1/scan.json") == b"moved by another process"


async def test_a_create_only_write_loses_when_the_object_exists(store: ObjectStore) -> None:
    await store.put("scans/s1/scan.json", b"already here")

    with pytest.raises(PreconditionFailed):
        await store.put_if("scans/s1/scan.json", b"new", None)

    assert await store.get("scans/s1/scan.json") == b"already here"


async def test_a_write_on_a_tag_of_an_object_deleted_since_loses(store: ObjectStore) -> None:
    await store.put("scans/s1/scan.json", b"first")
    _, tag = await store.get_with_etag("scans/s1/scan.json")
    await store.delete("scans/s1/scan.json")

    with pytest.raises(PreconditionFailed):
        await store.put_if("scans/s1/scan.json", b"second", tag)

    with pytest.raises(ObjectMissing):
        await store.get("scans/s1/scan.json")


async def test_a_write_whose_bytes_are_already_stored_counts_as_done(store: ObjectStore) -> None:
    await store.put("scans/s1/scan.json", b"first")
    _, stale = await store.get_with_etag("scans/s1/scan.json")
    await store.put("scans/s1/scan.json", b"same")

    tag = await store.put_if("scans/s1/scan.json", b"same", stale)

    assert await store.get_with_etag("scans/s1/scan.json") == (b"same", tag)


async def test_of_eight_writers_on_the_same_version_exactly_one_wins(store: ObjectStore) -> None:
    await store.put("scans/s1/scan.json", b"start")
    _, tag = await store.get_with_etag("scans/s1/scan.json")

    results = await asyncio.gather(*(store.put_if("scans/s1/scan.json", f"writer {n}".encode(), tag)
                                     for n in range(8)), return_exceptions=True)

    winners = [n for n, result in enumerate(results) if isinstance(result, str)]
    assert len(winners) == 1
    assert all(isinstance(result, PreconditionFailed) for result in results if not isinstance(result, str))
    assert await store.get("scans/s1/scan.json") == f"writer {winners[0]}".encode()


async def test_reading_a_missing_key_with_its_tag_raises_object_missing(store: ObjectStore) -> None:
    with pytest.raises(ObjectMissing):
        await store.get_with_etag("scans/none/scan.json")

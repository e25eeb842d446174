"""Every object store adapter keeps the same promises: bytes in and out, listing, deletes, key rules."""

from __future__ import annotations

import os

import pytest

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json, put_json


async def test_stored_bytes_come_back_unchanged(store: ObjectStore) -> None:
    await store.put("cam/ID-1/clip.json", b"\x00first\xff")

    assert await store.get("cam/ID-1/clip.json") == b"\x00first\xff"


async def test_a_put_replaces_the_previous_object(store: ObjectStore) -> None:
    await store.put("cam/thumb.jpg", b"old")
    await store.put("cam/thumb.jpg", b"new and longer")

    assert await store.get("cam/thumb.jpg") == b"new and longer"


async def test_reading_a_missing_key_raises_object_missing(store: ObjectStore) -> None:
    with pytest.raises(ObjectMissing):
        await store.get("cam/never-written.json")


async def test_exists_tells_stored_from_missing(store: ObjectStore) -> None:
    await store.put("cam/present.bin", b"x")

    assert await store.exists("cam/present.bin")
    assert not await store.exists("cam/absent.bin")


async def test_list_returns_every_key_under_a_prefix_sorted(store: ObjectStore) -> None:
    for key in ["scan/2/b.json", "scan/1/z.json", "scan/1/a.json", "scanner/x.json", "other/y.json"]:
        await store.put(key, b"{}")

    assert await store.list("scan/") == ["scan/1/a.json", "scan/1/z.json", "scan/2/b.json"]
    assert await store.list("scan/1/a") == ["scan/1/a.json"]
    assert await store.list("nothing/") == []


async def test_delete_removes_an_object_and_tolerates_a_missing_one(store: ObjectStore) -> None:
    await store.put("cam/old.json", b"{}")

    await store.delete("cam/old.json")
    await store.delete("cam/old.json")

    assert not await store.exists("cam/old.json")
    assert await store.list("cam/") == []


async def test_json_documents_round_trip(store: ObjectStore) -> None:
    document = {"jumboId": "ID-1C21D1C10011", "clips": [1, 2.5, None], "ok": True}

    await put_json(store, "scans/s1/summary.json", document)

    assert await get_json(store, "scans/s1/summary.json") == document


@pytest.mark.parametrize("key", ["", "/absolute", "a/../escape", "a//b", "./here", "with space", "a/"])
async def test_unsafe_keys_are_refused(store: ObjectStore, key: str) -> None:
    with pytest.raises(ValueError, match="invalid object key"):
        await store.put(key, b"x")
    with pytest.raises(ValueError, match="invalid object key"):
        await store.get(key)


async def test_a_five_megabyte_object_round_trips(store: ObjectStore) -> None:
    data = os.urandom(5 * 1024 * 1024)

    await store.put("previews/big.bin", data)

    assert await store.get("previews/big.bin") == data


async def test_a_reachable_store_is_healthy(store: ObjectStore) -> None:
    assert await store.health()

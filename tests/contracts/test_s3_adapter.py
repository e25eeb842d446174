"""What only the S3 adapter can show: a down or misconfigured server becomes StoreUnavailable, quickly."""

from __future__ import annotations

import uuid

import pytest

from libs.common.adapters.store.port import StoreUnavailable
from libs.common.adapters.store.s3 import S3Store
from tools.local_servers.ports import free_port
from tools.local_servers.seaweed import S3Server


def _store_on_closed_port() -> S3Store:
    """An S3 store pointed at a port nothing listens on."""
    return S3Store(f"127.0.0.1:{free_port()}", "access", "secret", bucket="nowhere", timeout_s=2.0)


@pytest.mark.timeout(20)
async def test_starting_against_a_closed_port_raises_store_unavailable() -> None:
    with pytest.raises(StoreUnavailable, match="unreachable"):
        await _store_on_closed_port().start()


@pytest.mark.timeout(20)
async def test_reads_and_writes_against_a_closed_port_raise_store_unavailable() -> None:
    store = _store_on_closed_port()

    with pytest.raises(StoreUnavailable):
        await store.put("a/b.json", b"{}")
    with pytest.raises(StoreUnavailable):
        await store.get("a/b.json")
    with pytest.raises(StoreUnavailable):
        await store.list("a/")


@pytest.mark.timeout(20)
async def test_a_closed_port_is_reported_unhealthy() -> None:
    assert not await _store_on_closed_port().health()


async def test_a_wrong_secret_key_is_refused_with_a_reason_and_never_shown(s3_server: S3Server) -> None:
    store = S3Store(s3_server.endpoint, s3_server.access_key, "not-the-secret", bucket=f"test-{uuid.uuid4().hex[:12]}")

    with pytest.raises(StoreUnavailable, match="SignatureDoesNotMatch") as raised:
        await store.start()

    assert "not-the-secret" not in str(raised.value)


async def test_start_is_idempotent_on_an_existing_bucket(s3_server: S3Server) -> None:
    bucket = f"test-{uuid.uuid4().hex[:12]}"
    first = S3Store(s3_server.endpoint, s3_server.access_key, s3_server.secret_key, bucket=bucket)
    second = S3Store(s3_server.endpoint, s3_server.access_key, s3_server.secret_key, bucket=bucket)
    await first.start()
    await first.put("shared/key.json", b"{}")

    await second.start()

    assert await second.get("shared/key.json") == b"{}"

"""Choosing the broker, object-store and camera adapters from settings: the one place that decides."""

from __future__ import annotations

from libs.common.adapters.broker.memory import InMemoryBroker
from libs.common.adapters.broker.port import Broker
from libs.common.adapters.camera.connections import CameraConnections
from libs.common.adapters.camera.host_key_trust import HostKeyTrust
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.adapters.store.port import ObjectStore
from libs.common.adapters.store.retrying_store import RetryingStore
from libs.common.contracts.settings import Settings
from libs.common.domain.host_key_fingerprints import domain_list


def make_broker(settings: Settings) -> Broker:
    """RabbitMQ in distributed mode, the in-process broker in embedded mode."""
    if settings.mode == "distributed":
        from libs.common.adapters.broker.rabbitmq import RabbitMQBroker

        return RabbitMQBroker(settings.amqp_url.get_secret_value(), publish_timeout_s=settings.publish_timeout_s)
    return InMemoryBroker()


async def make_store(settings: Settings, *, wait_out_outages: bool = False) -> ObjectStore:
    """S3 (MinIO, SeaweedFS) in distributed mode, a local folder in embedded mode.

    wait_out_outages (workers): S3 calls retry with backoff for up to SDB_STORE_RETRY_DEADLINE_S. The gateway
    and web leave it off so a request answers 503 at once while S3 is down instead of hanging.
    """
    if settings.mode == "distributed":
        from libs.common.adapters.store.s3 import S3Store

        store = S3Store(
            settings.s3_endpoint,
            settings.s3_access_key.get_secret_value(),
            settings.s3_secret_key.get_secret_value(),
            settings.s3_bucket,
            secure=settings.s3_secure,
        )
        await store.start()
        return RetryingStore(store, deadline_s=settings.store_retry_deadline_s) if wait_out_outages else store
    return LocalFolderStore(settings.data_dir / "store", settings.store_reserve_bytes)


def make_host_keys(settings: Settings, store: ObjectStore) -> HostKeyTrust:
    """Which camera host keys are trusted: the trust store in `store` (shared by every process), the operator's
    known_hosts (SDB_CAMERA_KNOWN_HOSTS, else <data_dir>/known_hosts when present), the fleet CA
    (SDB_CAMERA_CA_KEYS) and first use only in SDB_CAMERA_TOFU_DOMAINS."""
    return HostKeyTrust(store, known_hosts=settings.camera_known_hosts or settings.data_dir / "known_hosts",
                        ca_keys=settings.camera_ca_keys, tofu_domains=domain_list(settings.camera_tofu_domains))


def make_camera_connections(settings: Settings, store: ObjectStore) -> CameraConnections:
    """The camera pool of a process (collector, gateway, embedded system, benches): the settings' deadlines and
    parallelism, every camera's host key checked against make_host_keys(settings, store)."""
    return CameraConnections(
        make_host_keys(settings, store),
        connect_timeout_s=settings.camera_connect_timeout_s,
        call_timeout_s=settings.camera_call_timeout_s,
        max_parallel_per_camera=settings.camera_max_parallel,
        max_handshakes=settings.camera_max_handshakes,
    )

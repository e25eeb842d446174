"""Choosing the broker and object-store adapters from settings: the one place that decides."""

from __future__ import annotations

from libs.common.broker.memory import InMemoryBroker
from libs.common.broker.port import Broker
from libs.common.camera.host_keys import KnownHostsFile
from libs.common.settings import Settings
from libs.common.store.local_folder import LocalFolderStore
from libs.common.store.port import ObjectStore


def make_broker(settings: Settings) -> Broker:
    """RabbitMQ in distributed mode, the in-process broker in embedded mode."""
    if settings.mode == "distributed":
        from libs.common.broker.rabbitmq import RabbitMQBroker

        return RabbitMQBroker(settings.amqp_url.get_secret_value(), publish_timeout_s=settings.publish_timeout_s)
    return InMemoryBroker()


async def make_store(settings: Settings) -> ObjectStore:
    """S3 (MinIO, SeaweedFS) in distributed mode, a local folder in embedded mode."""
    if settings.mode == "distributed":
        from libs.common.store.s3 import S3Store

        store = S3Store(
            settings.s3_endpoint,
            settings.s3_access_key.get_secret_value(),
            settings.s3_secret_key.get_secret_value(),
            settings.s3_bucket,
            secure=settings.s3_secure,
        )
        await store.start()
        return store
    return LocalFolderStore(settings.data_dir / "store")


def make_host_keys(settings: Settings) -> KnownHostsFile:
    """The cameras' trust-on-first-use known_hosts file: SDB_CAMERA_KNOWN_HOSTS or <data_dir>/known_hosts."""
    path = settings.camera_known_hosts or settings.data_dir / "known_hosts"
    return KnownHostsFile(path, accept_changed=settings.camera_accept_new_host_keys)

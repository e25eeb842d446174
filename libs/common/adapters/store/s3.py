"""Object store on an S3 server (MinIO, SeaweedFS) through the minio client, with short timeouts."""

from __future__ import annotations

import asyncio
import builtins
import io
from collections.abc import Callable
from typing import TypeVar

import structlog
import urllib3
from minio import Minio
from minio.error import MinioException, S3Error

from libs.common.adapters.store.object_keys import check_key
from libs.common.adapters.store.port import ObjectMissing, PreconditionFailed, StoreUnavailable

log = structlog.get_logger(__name__)

T = TypeVar("T")

_MISSING_CODES = frozenset({"NoSuchKey", "NoSuchObject"})
_BUCKET_EXISTS_CODES = frozenset({"BucketAlreadyOwnedByYou", "BucketAlreadyExists"})
# A conditional PUT that lost; S3 answers NoSuchKey for If-Match on a key that went, SeaweedFS 412.
_LOST_CODES = frozenset({"PreconditionFailed", "ConditionalRequestConflict", "NoSuchKey"})


def _http_client(timeout_s: float, retries: int) -> urllib3.PoolManager:
    """A connection pool that gives up quickly when the server is down."""
    return urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=timeout_s, read=timeout_s),
        retries=urllib3.Retry(total=retries, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504]),
        maxsize=10,
    )


class S3Store:
    """Objects in one bucket; the blocking minio calls run in worker threads."""

    def __init__(
        self,
        endpoint: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        secure: bool = False,
        *,
        timeout_s: float = 5.0,
        retries: int = 1,
    ) -> None:
        """Configure the client for endpoint ('host:port'); nothing is contacted until start()."""
        self._endpoint = endpoint
        self._bucket = bucket
        self._client = Minio(
            endpoint,
            access_key=access_key,
            secret_key=secret_key,
            secure=secure,
            http_client=_http_client(timeout_s, retries),
        )

    async def start(self) -> None:
        """Create the bucket if it is not there yet."""
        await self._call(self._ensure_bucket)
        log.info("object store ready", endpoint=self._endpoint, bucket=self._bucket)

    def _ensure_bucket(self) -> None:
        """Make the bucket, tolerating a concurrent creator."""
        if self._client.bucket_exists(self._bucket):
            return
        try:
            self._client.make_bucket(self._bucket)
        except S3Error as exc:
            if exc.code not in _BUCKET_EXISTS_CODES:
                raise

    async def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """Store bytes under key, replacing what was there."""
        name = check_key(key)
        await self._call(
            lambda: self._client.put_object(self._bucket, name, io.BytesIO(data), len(data), content_type=content_type)
        )

    async def put_if(self, key: str, data: bytes, etag: str | None,
                     content_type: str = "application/octet-stream") -> str:
        """A conditional PUT (If-Match on the ETag read, If-None-Match: * for a new object).

        minio's public put_object turns unknown headers into metadata, so the PUT goes through its _put_object,
        which sends headers as given. A PUT the client retried after it had in fact been stored loses its
        condition to itself: when the stored bytes are already `data`, the write counts as done.
        """
        name = check_key(key)
        condition = {"If-None-Match": "*"} if etag is None else {"If-Match": f'"{etag}"'}
        headers: dict[str, str | list[str] | tuple[str]] = {"Content-Type": content_type, **condition}

        def conditional_put() -> str:
            try:
                return str(self._client._put_object(self._bucket, name, data, headers=headers).etag)
            except S3Error as exc:
                if exc.code not in _LOST_CODES:
                    raise
                current = self._read_tagged(name, missing_ok=True)
                if current is not None and current[0] == data:
                    return current[1]
                raise PreconditionFailed(f"{key} changed since it was read") from exc

        return await self._call(conditional_put)

    async def get(self, key: str) -> bytes:
        """The object's bytes, or ObjectMissing."""
        data, _ = await self.get_with_etag(key)
        return data

    async def get_with_etag(self, key: str) -> tuple[bytes, str]:
        """The object's bytes and the ETag of that version (from the same response), or ObjectMissing."""
        name = check_key(key)
        tagged = await self._call(lambda: self._read_tagged(name), key=name)
        assert tagged is not None
        return tagged

    def _read_tagged(self, name: str, missing_ok: bool = False) -> tuple[bytes, str] | None:
        """Download a whole object with its ETag and give the connection back (None if missing and missing_ok)."""
        try:
            response = self._client.get_object(self._bucket, name)
        except S3Error as exc:
            if missing_ok and exc.code in _MISSING_CODES:
                return None
            raise
        try:
            return response.read(), response.headers.get("ETag", "").strip('"')
        finally:
            response.close()
            response.release_conn()

    async def exists(self, key: str) -> bool:
        """Whether an object is stored under key."""
        name = check_key(key)
        try:
            await self._call(lambda: self._client.stat_object(self._bucket, name), key=name)
        except ObjectMissing:
            return False
        return True

    async def list(self, prefix: str) -> builtins.list[str]:
        """Every key starting with prefix, sorted."""

        def names() -> builtins.list[str]:
            listing = self._client.list_objects(self._bucket, prefix=prefix or None, recursive=True)
            return sorted(item.object_name for item in listing if item.object_name and not item.is_dir)

        return await self._call(names)

    async def delete(self, key: str) -> None:
        """Remove an object; missing is fine."""
        name = check_key(key)
        await self._call(lambda: self._client.remove_object(self._bucket, name))

    async def health(self) -> bool:
        """Whether the server answers and the bucket is there."""
        try:
            return await self._call(lambda: self._client.bucket_exists(self._bucket))
        except StoreUnavailable as exc:
            log.warning("object store unhealthy", endpoint=self._endpoint, error=str(exc))
            return False

    async def free_bytes(self) -> int | None:
        """An S3 server does not tell its free space."""
        return None

    async def _call(self, operation: Callable[[], T], key: str | None = None) -> T:
        """Run a blocking client call in a thread; turn minio/urllib3 errors into the port's errors."""
        try:
            return await asyncio.to_thread(operation)
        except S3Error as exc:
            if key is not None and exc.code in _MISSING_CODES:
                raise ObjectMissing(key) from exc
            raise StoreUnavailable(
                f"S3 at {self._endpoint} refused a request on bucket {self._bucket!r}: {exc.code}: {exc.message}"
            ) from exc
        except (MinioException, urllib3.exceptions.HTTPError, OSError) as exc:
            raise StoreUnavailable(f"S3 at {self._endpoint} is unreachable: {type(exc).__name__}: {exc}") from exc

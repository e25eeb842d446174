"""Object store on a local folder, for the embedded mode: atomic writes, conditional writes, a disk reserve."""

from __future__ import annotations

import asyncio
import builtins
import errno
import fcntl
import hashlib
import os
import shutil
import threading
from pathlib import Path

from libs.common.adapters.store.object_keys import check_key
from libs.common.adapters.store.port import ObjectMissing, PreconditionFailed, StoreFull

_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
_RESERVE_NAME = ".tmp-reserve"  # listings skip .tmp- files: the reserve is no object


def content_tag(data: bytes) -> str:
    """The folder store's ETag: a digest of the bytes, so equal contents carry equal tags."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class LocalFolderStore:
    """Objects are files below root; a write goes to a temp file then is renamed in place.

    The store keeps `reserve_bytes` of its disk taken by a reserve file. When the disk fills up (whoever filled it),
    an ordinary write fails with StoreFull, and a conditional write (put_if: the small records whose end must never
    need the space that ran out) gives the reserve back and writes. Ordinary writes refuse to run until the reserve
    could be taken again, so a freed disk first refills the reserve. A conditional write holds an exclusive flock
    on the object's folder while it compares and replaces, across threads and processes.
    """

    def __init__(self, root: Path, reserve_bytes: int = 0) -> None:
        """Use (and create) root as the store's folder; take reserve_bytes for conditional writes."""
        self._root = root.resolve()
        self._root.mkdir(parents=True, exist_ok=True)
        self._reserve_bytes = reserve_bytes
        self._reserve_lock = threading.Lock()
        self._reserve_held = self._take_reserve()

    def _take_reserve(self) -> bool:
        """Allocate the reserve file to its full size; False when the disk has no room for it."""
        if self._reserve_bytes <= 0:
            return True
        fd = os.open(self._root / _RESERVE_NAME, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.posix_fallocate(fd, 0, self._reserve_bytes)
        except OSError as exc:
            if exc.errno not in _FULL_ERRNOS:
                raise
            return False
        finally:
            os.close(fd)
        return True

    def _give_back_reserve(self) -> None:
        """Free the reserve's space for a conditional write that found the disk full."""
        with self._reserve_lock:
            (self._root / _RESERVE_NAME).unlink(missing_ok=True)
            self._reserve_held = self._reserve_bytes <= 0

    def _path(self, key: str) -> Path:
        """The file behind a key."""
        return self._root / check_key(key)

    async def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """Write atomically so readers never see half an object; StoreFull when the disk (or the reserve) is full."""
        await asyncio.to_thread(self._write_outside_reserve, key, self._path(key), data)

    def _write_outside_reserve(self, key: str, path: Path, data: bytes) -> None:
        """Take the reserve back first if it was given away (StoreFull while there is no room for it), then write."""
        if not self._reserve_held:
            with self._reserve_lock:
                self._reserve_held = self._reserve_held or self._take_reserve()
            if not self._reserve_held:
                free = shutil.disk_usage(self._root).free
                raise StoreFull(f"the store's disk is full: {free} bytes free, the {self._reserve_bytes} bytes "
                                f"kept for scan records not taken back yet; cannot store {key}")
        _write(key, path, data)

    async def put_if(self, key: str, data: bytes, etag: str | None,
                     content_type: str = "application/octet-stream") -> str:
        """Replace the object only if it is still the version tagged etag (None: only if absent); on a full disk
        the reserve is given back and the write tried once more."""
        path = self._path(key)
        try:
            return await asyncio.to_thread(self._write_if, key, path, data, etag)
        except StoreFull:
            if not self._reserve_held:
                raise
        await asyncio.to_thread(self._give_back_reserve)
        return await asyncio.to_thread(self._write_if, key, path, data, etag)

    @staticmethod
    def _write_if(key: str, path: Path, data: bytes, etag: str | None) -> str:
        """Under the folder's flock: compare the stored version's tag with etag, then write."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _raise_if_full(exc, key)
            raise
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(folder, fcntl.LOCK_EX)
            current = _read_or_none(path)
            if current != data and (None if current is None else content_tag(current)) != etag:
                raise PreconditionFailed(f"{key} changed since it was read")
            _write(key, path, data)
            return content_tag(data)
        finally:
            os.close(folder)  # releases the flock

    async def get(self, key: str) -> bytes:
        """Read the file, or ObjectMissing."""
        data = await asyncio.to_thread(_read_or_none, self._path(key))
        if data is None:
            raise ObjectMissing(key)
        return data

    async def get_with_etag(self, key: str) -> tuple[bytes, str]:
        """The file's bytes and their tag, or ObjectMissing."""
        data = await self.get(key)
        return data, content_tag(data)

    async def exists(self, key: str) -> bool:
        """Whether the file is there."""
        return self._path(key).is_file()

    async def list(self, prefix: str) -> list[str]:
        """Every key under the prefix, sorted."""
        return await asyncio.to_thread(self._list, prefix)

    def _list(self, prefix: str) -> builtins.list[str]:
        """Walk the folder part of the prefix and filter by the rest."""
        folder = self._root / prefix.rsplit("/", 1)[0] if "/" in prefix else self._root
        if not folder.is_dir():
            return []
        keys: builtins.list[str] = []
        for dirpath, _, files in os.walk(folder):  # a scan's marker folder holds a key per clip: no Path per file
            folder_key = Path(dirpath).relative_to(self._root).as_posix()
            base = "" if folder_key == "." else folder_key + "/"
            keys.extend(key for name in files
                        if not name.startswith(".tmp-") and (key := base + name).startswith(prefix))
        return sorted(keys)

    async def delete(self, key: str) -> None:
        """Remove the file if present."""
        self._path(key).unlink(missing_ok=True)

    async def health(self) -> bool:
        """The folder is writable."""
        return os.access(self._root, os.W_OK)

    async def free_bytes(self) -> int | None:
        """Bytes left on the folder's disk."""
        return shutil.disk_usage(self._root).free


def _read_or_none(path: Path) -> bytes | None:
    """A file's bytes, or None when there is no file."""
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _write(key: str, path: Path, data: bytes) -> None:
    """Write the object whole or not at all, making its folder when it is missing; a full disk is StoreFull.

    The folder is made only when the write finds it missing: a scan writes ~10 small files per clip into folders
    that are there already (bench/bench_embedded_day.py: the writes were the service's largest CPU cost).
    """
    try:
        try:
            _replace_file(path, data)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            _replace_file(path, data)
    except OSError as exc:
        _raise_if_full(exc, key)
        raise


def _replace_file(path: Path, data: bytes) -> None:
    """An empty object (a marker) is created in place, where nothing can be seen half-written; any other is written
    to a temp file in the same folder and renamed over the object."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC
    if not data:
        os.close(os.open(path, flags | os.O_TRUNC, 0o600))
        return
    tmp = path.parent / f".tmp-{os.urandom(8).hex()}"
    fd = os.open(tmp, flags | os.O_EXCL, 0o600)
    try:
        try:
            left = memoryview(data)
            while left:
                left = left[os.write(fd, left):]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _raise_if_full(exc: OSError, key: str) -> None:
    """Raise StoreFull for a disk with no room left (ENOSPC, EDQUOT); return for any other error."""
    if exc.errno in _FULL_ERRNOS:
        raise StoreFull(f"the store's disk is full: cannot store {key}: {exc.strerror}") from exc

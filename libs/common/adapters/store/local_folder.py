"""Object store on a local folder, for the embedded mode: atomic writes, keys as relative paths."""

from __future__ import annotations

import asyncio
import builtins
import os
import tempfile
from pathlib import Path

from libs.common.adapters.store.object_keys import check_key
from libs.common.adapters.store.port import ObjectMissing


class LocalFolderStore:
    """Objects are files below root; a write goes to a temp file then is renamed in place."""

    def __init__(self, root: Path) -> None:
        """Use (and create) root as the store's folder."""
        self._root = root.resolve()
        self._root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        """The file behind a key."""
        return self._root / check_key(key)

    async def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """Write atomically so readers never see half an object."""
        await asyncio.to_thread(self._write, self._path(key), data)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        """Temp file in the same folder, then rename."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    async def get(self, key: str) -> bytes:
        """Read the file, or ObjectMissing."""
        path = self._path(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise ObjectMissing(key) from exc

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

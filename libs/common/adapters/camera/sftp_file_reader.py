"""One open SFTP file read in batches: neighbouring ranges merged, every read request in flight at once."""

from __future__ import annotations

from collections.abc import Sequence

import asyncssh

from libs.common.adapters.camera.byte_ranges import ByteRange, cut_ranges, merge_ranges
from libs.common.adapters.camera.task_batch import gather_all

MAX_REQUEST_BYTES = 64 * 1024


class SftpFileReader:
    """Ranged reads over one SFTP handle; the protocol lets many requests be outstanding on one channel."""

    def __init__(self, remote: asyncssh.SFTPClientFile, request_bytes: int) -> None:
        """Read `remote` in requests of at most `request_bytes`."""
        self._remote = remote
        self._request_bytes = max(1, request_bytes)

    async def read_ranges(self, ranges: Sequence[ByteRange]) -> tuple[list[bytes], int]:
        """Each range's bytes (shorter only at end of file) and the bytes that crossed the wire for them."""
        windows = merge_ranges(ranges)
        requests = [
            ByteRange(start, min(self._request_bytes, window.end - start))
            for window in windows
            for start in range(window.offset, window.end, self._request_bytes)
        ]
        answers = iter(await gather_all([self._read_fully(request) for request in requests]))
        window_data = []
        for window in windows:
            pieces = [next(answers) for _ in range(window.offset, window.end, self._request_bytes)]
            window_data.append(b"".join(pieces))
        return cut_ranges(ranges, windows, window_data), sum(len(data) for data in window_data)

    async def _read_fully(self, request: ByteRange) -> bytes:
        """The request's bytes; a server may answer short, so ask again for the rest until end of file."""
        data = b""
        while len(data) < request.length:
            chunk = await self._remote.read(request.length - len(data), request.offset + len(data))
            assert isinstance(chunk, bytes)
            if not chunk:
                break
            data += chunk
        return data

    async def close(self) -> None:
        """Close the handle on the camera."""
        await self._remote.close()


async def open_sftp_reader(sftp: asyncssh.SFTPClient, path: str) -> SftpFileReader:
    """Open `path` once for reading (block_size=0: we issue the requests ourselves, see gather_all)."""
    remote = await sftp.open(path, "rb", block_size=0)
    server_limit = sftp.limits.max_read_len
    return SftpFileReader(remote, min(MAX_REQUEST_BYTES, server_limit) if server_limit else MAX_REQUEST_BYTES)

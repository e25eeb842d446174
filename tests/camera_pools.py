"""Camera pools for tests, built by the product's factory with a trust store in the test's own folder."""

from __future__ import annotations

from pathlib import Path

from libs.common.adapters.camera.connections import CameraConnections
from libs.common.adapters.factory import make_camera_connections
from libs.common.adapters.store.local_folder import LocalFolderStore
from libs.common.contracts.settings import Settings


def camera_pool(folder: Path, connect_timeout_s: float = 5, call_timeout_s: float = 10,
                max_parallel: int = 4) -> CameraConnections:
    """A pool with short deadlines whose trust store is folder/store (targets bring their pinned keys)."""
    return make_camera_connections(Settings(data_dir=folder, camera_connect_timeout_s=connect_timeout_s,
                                            camera_call_timeout_s=call_timeout_s, camera_max_parallel=max_parallel),
                                   LocalFolderStore(folder / "store"))

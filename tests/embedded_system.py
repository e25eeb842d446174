"""The one way tests build the embedded product: settings overrides over the tests' defaults, and the cameras."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

from libs.common.adapters.camera.target import CameraTarget
from libs.common.contracts.settings import Settings
from services.embedded.system import EmbeddedSystem

# A camera id missing from `cameras` resolves to a name that never resolves, so no test reaches a real host.
TEST_DEFAULTS: dict[str, Any] = {"camera_host_template": "{id}.invalid"}

EmbeddedFactory = Callable[..., AbstractAsyncContextManager[EmbeddedSystem]]


def system_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Settings of an embedded system over data_dir: the tests' defaults, then the overrides."""
    return Settings(**{"data_dir": data_dir, **TEST_DEFAULTS, **overrides})


@contextlib.asynccontextmanager
async def running_system(data_dir: Path, cameras: Sequence[CameraTarget] = (), *, workers: bool = True,
                         **overrides: Any) -> AsyncIterator[EmbeddedSystem]:
    """The embedded product started (workers=False: only its broker, for a gateway over stored data), then stopped."""
    system = EmbeddedSystem(system_settings(data_dir, **overrides), list(cameras))
    await (system.start() if workers else system.broker.start())
    try:
        yield system
    finally:
        await system.stop()

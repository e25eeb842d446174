"""Run the gateway on its own: `python -m services.gateway` (port SDB_GATEWAY_PORT)."""

from __future__ import annotations

import uvicorn

from libs.common.contracts.settings import get_settings
from libs.common.service.gc_tuning import tune_garbage_collector
from libs.common.service.request_guard import guarded
from services.gateway.app import create_app


def main() -> None:
    """Serve the REST API with uvicorn, behind the Host and Origin guard (the web calls it by SDB_GATEWAY_URL)."""
    settings = get_settings()
    app = guarded(create_app(settings=settings), settings, settings.gateway_url)
    tune_garbage_collector()
    uvicorn.run(app, host=settings.bind_host,
                port=settings.gateway_port, log_level="warning")


if __name__ == "__main__":
    main()

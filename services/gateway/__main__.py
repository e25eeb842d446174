"""Run the gateway on its own: `python -m services.gateway` (port SDB_GATEWAY_PORT)."""

from __future__ import annotations

import uvicorn

from libs.common.contracts.settings import get_settings
from services.gateway.app import create_app


def main() -> None:
    """Serve the REST API with uvicorn."""
    settings = get_settings()
    uvicorn.run(create_app(settings=settings), host=settings.bind_host, port=settings.gateway_port,
                log_level="warning")


if __name__ == "__main__":
    main()

"""Run the web service on its own: `python -m services.web` (port SDB_WEB_PORT)."""

from __future__ import annotations

import uvicorn

from libs.common.contracts.settings import get_settings
from libs.common.service.gc_tuning import tune_garbage_collector
from libs.common.service.request_guard import guarded
from services.web.app import create_web_app


def main() -> None:
    """Serve pages, SSE and the API forwarder with uvicorn, behind the Host and Origin guard."""
    settings = get_settings()
    app = guarded(create_web_app(settings), settings)
    tune_garbage_collector()
    uvicorn.run(app, host=settings.bind_host, port=settings.web_port,
                log_level="warning")


if __name__ == "__main__":
    main()

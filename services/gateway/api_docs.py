"""The API docs page: Swagger UI served from the installed swagger-ui-bundle package, never from a CDN (an
air-gapped lab sees it too)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

DOCS_URL = "/api/v1/docs"
ASSETS_URL = f"{DOCS_URL}/assets"


def serve_api_docs(app: FastAPI, openapi_url: str) -> None:
    """Add the docs page and its Swagger UI files to the app."""
    app.mount(ASSETS_URL, StaticFiles(directory=swagger_ui_path), name="swagger-ui")

    @app.get(DOCS_URL, include_in_schema=False)
    async def api_docs() -> HTMLResponse:
        """Swagger UI on this API's OpenAPI document."""
        return get_swagger_ui_html(openapi_url=openapi_url, title="SD Card Browser API",
                                   swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
                                   swagger_favicon_url=f"{ASSETS_URL}/favicon-32x32.png")

"""The scan events in the gateway's OpenAPI document: `ScanEvent` (the union on `kind`) and one schema per kind.

The event streams are served by the web service, which has no OpenAPI document of its own; the gateway's is
the API's contract, so the events' SSE `data` shapes are published among its components.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from libs.common.contracts.events import event_json_schema

SCHEMA_NAME = "ScanEvent"


def publish_event_schemas(app: FastAPI) -> None:
    """Make app.openapi() add the event schemas to components.schemas of the generated document."""
    generate = app.openapi

    def openapi_with_events() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = generate()  # FastAPI keeps it as app.openapi_schema: the events are added once
        union = event_json_schema(ref_template="#/components/schemas/{model}")
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas.update(union.pop("$defs"))
        schemas[SCHEMA_NAME] = {"description": "The `data` of every scan event on the SSE streams.", **union}
        return document

    app.openapi = openapi_with_events  # type: ignore[method-assign]

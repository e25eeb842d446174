"""The OpenAPI document names the shape of every answer, so clients and schemathesis can check them."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from services.gateway.app import API_PREFIX, create_app


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """The schema a local $ref points at, or the schema itself."""
    while "$ref" in schema:
        _, _, name = schema["$ref"].rpartition("/")
        schema = document["components"]["schemas"][name]
    return schema


def _names_its_shape(schema: dict[str, Any], document: dict[str, Any]) -> bool:
    """True for a typed value: an object with properties (or typed values), a list of such, a scalar, or a union."""
    schema = _resolve(schema, document)
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:
        return all(_names_its_shape(branch, document) for branch in branches)
    kind = schema.get("type")
    if kind == "array":
        return _names_its_shape(schema.get("items", {}), document)
    if kind == "object" or "properties" in schema:
        values = schema.get("additionalProperties")
        return bool(schema.get("properties")) or (isinstance(values, dict) and _names_its_shape(values, document))
    return kind in ("string", "integer", "number", "boolean", "null")


def unnamed_answers(document: dict[str, Any]) -> list[str]:
    """'METHOD path status media-type' of every /api/v1 answer whose body has no schema that names its shape."""
    found = []
    for path, item in document["paths"].items():
        if not path.startswith(API_PREFIX):
            continue
        for method, operation in item.items():
            answers = operation.get("responses", {})
            if not any(status.startswith("2") for status in answers):
                found.append(f"{method.upper()} {path}: no 2xx answer")
            for status, answer in answers.items():
                content = answer.get("content") or {}
                if status.startswith("2") and not content:
                    found.append(f"{method.upper()} {path} {status}: no media type")
                for media_type, body in content.items():
                    if not _names_its_shape(body.get("schema", {}), document):
                        found.append(f"{method.upper()} {path} {status} {media_type}")
    return found


def test_every_gateway_answer_names_its_media_type_and_shape() -> None:
    assert unnamed_answers(create_app().openapi()) == []


def test_the_check_finds_free_form_and_undeclared_answers() -> None:
    app = FastAPI()

    @app.get(f"{API_PREFIX}/loose")
    async def loose() -> dict[str, Any]:
        return {}

    @app.get(f"{API_PREFIX}/untyped", response_model=None)
    async def untyped() -> Any:
        return {}

    @app.get(f"{API_PREFIX}/typed")
    async def typed() -> dict[str, list[int]]:
        return {}

    assert unnamed_answers(app.openapi()) == [
        f"GET {API_PREFIX}/loose 200 application/json",
        f"GET {API_PREFIX}/untyped 200 application/json",
    ]

"""The gateway's operations, read from its OpenAPI document, with URLs filled in for probing one parameter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from services.gateway.app import create_app

VALID_VALUES = {"id": "CAM01", "date": "2026-11-20", "hour": "3", "sheet": "0", "scan_id": "0" * 32,
                "clip_id": "CAM01.2026-11-20.0123456789abcdef01234567",
                "start": "2026-11-20T02:00:00Z", "end": "2026-11-20T02:10:00Z"}


@dataclass(frozen=True)
class Operation:
    """One method and path template, with its required query parameters and the schema defaults they take."""

    method: str
    path: str
    required_query: dict[str, str]

    def url(self, **values: str) -> str:
        """The path with each {name} replaced (given values first, then valid ones; escapes kept) and the query."""
        path = re.sub(r"\{(\w+)\}", lambda match: quote(values.get(match[1], VALID_VALUES[match[1]]), safe="%"),
                      self.path)
        query = {name: values.get(name, default) for name, default in self.required_query.items()}
        return f"{path}?{urlencode(query)}" if query else path


def _valid_value(parameter: dict[str, Any]) -> str:
    """A value the parameter accepts: from the table, else its schema default or first enum value."""
    if parameter["name"] in VALID_VALUES:
        return VALID_VALUES[parameter["name"]]
    schema = parameter.get("schema", {})
    candidates = [schema.get("default"), *schema.get("enum", [])]
    chosen = next((value for value in candidates if value is not None), None)
    if chosen is None:
        raise LookupError(f"no valid value known for required parameter {parameter['name']!r}")
    return str(chosen)


def gateway_operations() -> list[Operation]:
    """Every operation the gateway documents."""
    spec = create_app().openapi()
    found = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            required = {parameter["name"]: _valid_value(parameter) for parameter in operation.get("parameters", [])
                        if parameter["in"] == "query" and parameter.get("required")}
            found.append(Operation(method.upper(), path, required))
    return found


def operations_with(parameter: str) -> list[Operation]:
    """The operations that take `parameter` in their path or query."""
    return [operation for operation in gateway_operations()
            if f"{{{parameter}}}" in operation.path or parameter in operation.required_query]

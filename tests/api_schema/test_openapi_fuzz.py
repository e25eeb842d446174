"""Generated requests for every documented operation: never a 5xx, and answers match the documented schema."""

from __future__ import annotations

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from services.gateway.app import create_app

# The document is the one every gateway serves; requests go to the fixture's app, which holds a real scan.
schema = schemathesis.openapi.from_dict(create_app().openapi())


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_gateway_honours_its_openapi_document(case: Case, gateway_app: FastAPI) -> None:
    case.call_and_validate(app=gateway_app, checks=[not_a_server_error, status_code_conformance,
                                                   content_type_conformance, response_schema_conformance])

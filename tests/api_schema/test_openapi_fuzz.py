"""Generated requests for every documented operation: never a 5xx, and answers match the documented schema."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from services.gateway.app import create_app

# The document is the one every gateway serves; requests go to the fixture's app, which holds a real scan.
schema = schemathesis.openapi.from_dict(create_app().openapi())
# One test per operation, each with its own id: schemathesis' own parametrize gives every operation the same node id,
# and pytest-xdist, which schedules by node id, then ran one operation of the 31.
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("operation", OPERATIONS, ids=[operation.label for operation in OPERATIONS])
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_the_gateway_honours_its_openapi_document(operation: schemathesis.APIOperation, gateway_app: FastAPI,
                                                  data: st.DataObject) -> None:
    case = data.draw(operation.as_strategy())
    case.call_and_validate(app=gateway_app, checks=[not_a_server_error, status_code_conformance,
                                                   content_type_conformance, response_schema_conformance])

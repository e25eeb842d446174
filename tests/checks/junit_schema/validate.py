"""Validating JUnit XML against Jenkins' junit-10.xsd (vendored beside this module), as CI report readers do."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import xmlschema

SCHEMA = Path(__file__).with_name("junit-10.xsd")


@cache
def _schema() -> xmlschema.XMLSchema10:
    """The parsed schema, once per run."""
    return xmlschema.XMLSchema10(str(SCHEMA))


def assert_valid_junit(xml: bytes) -> None:
    """Fail with the schema's own messages unless the document is valid junit-10."""
    errors = [str(error) for error in _schema().iter_errors(xml.decode("utf-8"))]
    assert not errors, "\n\n".join(errors)

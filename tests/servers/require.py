"""Skip a test whose service is missing, except under CI=true where a missing service is a failure."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def running_in_ci() -> bool:
    """Whether the CI environment variable says this is a CI run."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_service(name: str, reason: str) -> NoReturn:
    """Stop the current test: fail under CI (the service is promised there), skip elsewhere."""
    message = f"{name} is not available: {reason}"
    if running_in_ci():
        pytest.fail(f"{message} (CI=true requires it)", pytrace=False)
    pytest.skip(message)

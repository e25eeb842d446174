"""The one shape of every error answer."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    """Every error the API returns: one readable sentence (validation problems joined with '; ')."""

    detail: str = Field(description="What was wrong, in words a user can act on")

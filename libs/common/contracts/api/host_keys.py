"""Trusting cameras: the host key a camera presents, whether and why it is trusted, and the trust request."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from libs.common.domain.host_key_fingerprints import parse_fingerprint

TrustSource = Literal["pinned", "known_hosts", "ca", "operator"]


class PresentedKey(BaseModel):
    """A host key as the camera presents it."""

    algorithm: str = Field(description="e.g. ssh-ed25519")
    fingerprint: str = Field(description="SHA256:… as `ssh-keygen -l` prints it")


class HostKeyStatus(BaseModel):
    """The key the camera presents now (read without logging in) and what trusts it."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    camera_id: str
    presented: PresentedKey | None = Field(description="null when the camera could not be asked (see reason)")
    trusted: bool
    source: TrustSource | None = Field(description="why the key is trusted; null when it is not")
    reason: str | None = Field(None, description="why no key was read; null when one was")


class TrustRequest(BaseModel):
    """The fingerprint an operator checked (on the camera's console or label) and trusts."""

    model_config = ConfigDict(extra="forbid")

    fingerprint: str = Field(max_length=100, description="SHA256:… of the key to trust")

    @field_validator("fingerprint")
    @classmethod
    def _valid_fingerprint(cls, value: str) -> str:
        """A SHA256 fingerprint in ssh-keygen's form."""
        return parse_fingerprint(value)

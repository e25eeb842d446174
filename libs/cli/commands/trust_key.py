"""`sdb camera trust-key ID --fingerprint SHA256:…`: trust the host key a camera presents, if it is that key."""

from __future__ import annotations

from typing import Annotated

import typer

from libs.cli import params
from libs.cli.exit_codes import FAILED, OK, USAGE, CommandFailed, ExitPolicy
from libs.cli.output import out, print_json
from libs.cli.runner import run
from libs.client.async_client import SdbClient
from libs.client.errors import ApiError
from libs.common.domain.host_key_fingerprints import BadFingerprint, parse_fingerprint

# 0 trusted; 1 the camera presents another key (409); 2 anything else: usage, server or camera unreachable
TRUST_POLICY = ExitPolicy(bad_input=USAGE, refused=USAGE, interrupted=USAGE)


def _fingerprint(value: str) -> str:
    """The fingerprint in ssh-keygen's form, or a usage error."""
    try:
        return parse_fingerprint(value)
    except BadFingerprint as exc:
        raise typer.BadParameter(str(exc)) from exc


FingerprintOpt = Annotated[str, typer.Option("--fingerprint", callback=_fingerprint, show_default=False,
                                             help="The key's SHA256:… as the camera's console or label shows it.")]


def trust_key(ctx: typer.Context, camera_id: params.CameraArg, fingerprint: FingerprintOpt,
              as_json: params.JsonFlag = False) -> None:
    """Trust the camera's SSH host key for every service, if the camera presents this fingerprint now."""

    async def work(client: SdbClient) -> int:
        try:
            status = await client.trust_host_key(camera_id, fingerprint)
        except ApiError as error:
            if error.status == 409:
                raise CommandFailed(FAILED, f"refused: {error.detail}") from error
            raise
        if as_json:
            print_json(status.model_dump(mode="json"))
        elif status.presented is not None:
            out(f"trusted {status.camera_id}: {status.presented.algorithm} {status.presented.fingerprint}")
        return OK

    run(ctx, work, TRUST_POLICY)

"""The `sdb` command: global options (--url, --token) and its subcommands."""

from __future__ import annotations

from typing import Annotated

import typer

from libs.cli.commands import cameras, check, clips, export, fleet, scan, thumbs, trust_key, watch
from libs.cli.runner import Connection
from libs.client.async_client import DEFAULT_URL

app = typer.Typer(
    name="sdb",
    help="SD Card Browser from a shell or CI: scan cameras, list clips, judge recordings, export footage.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def global_options(
    ctx: typer.Context,
    url: Annotated[str, typer.Option("--url", envvar="SDB_URL", help="Where the dashboard/API serves.")] = DEFAULT_URL,
    token: Annotated[str | None, typer.Option("--token", envvar="SDB_API_TOKEN", show_default=False,
                                              help="API token, when the server has SDB_API_TOKEN set.")] = None,
) -> None:
    """Options every command takes."""
    if not url.startswith(("http://", "https://")):
        raise typer.BadParameter(f"must start with http:// or https://, got {url[:60]!r}", param_hint="'--url'")
    ctx.obj = Connection(url.rstrip("/"), token or None)


app.command("cameras")(cameras.cameras)
app.command("scan")(scan.scan)
app.command("clips")(clips.clips)
app.command("check")(check.check)
app.command("export")(export.export)
app.command("thumbs")(thumbs.thumbs)
app.command("watch")(watch.watch)
app.command("fleet")(fleet.fleet)
camera_app = typer.Typer(help="One camera's settings: trust its SSH host key.", no_args_is_help=True)
camera_app.command("trust-key")(trust_key.trust_key)
app.add_typer(camera_app, name="camera")


def main() -> None:
    """Entry point of the installed `sdb` script."""
    app(prog_name="sdb")

"""Where output goes: JSON and tables on stdout, messages on stderr; rich on a terminal, plain text otherwise."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table


def stdout_is_terminal() -> bool:
    """Whether stdout is an interactive terminal (progress bars and tables) rather than a pipe or file."""
    return sys.stdout.isatty()


def out(text: str) -> None:
    """One line on stdout, flushed at once so a reader of the pipe sees it as it happens."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def err(text: str) -> None:
    """One line on stderr."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def print_json(value: Any) -> None:
    """A JSON document on stdout: two-space indent, keys in the documented order (docs/cli.md)."""
    out(json.dumps(value, indent=2, ensure_ascii=False))


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A rich table on a terminal; tab-separated lines with a header line otherwise."""
    if stdout_is_terminal():
        table = Table(*headers, header_style="bold")
        for row in rows:
            table.add_row(*row)
        Console().print(table)
        return
    for row in [headers, *rows]:
        out("\t".join(row))

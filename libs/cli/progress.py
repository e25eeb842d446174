"""Progress shown as a rich bar on a terminal, or as plain lines (at most one a second) on a pipe or file."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import Protocol, TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TaskProgressColumn, TextColumn

from libs.cli.units import human_duration

PLAIN_EVERY_S = 1.0


class ProgressDisplay(Protocol):
    """One task's progress: a label (phase), done out of total (None: unknown) and a detail text."""

    def update(self, label: str, completed: float, total: float | None, detail: str) -> None:
        """Show the latest state."""

    def note(self, text: str) -> None:
        """Print a line of its own (a day scanned, a clip that failed) without breaking the bar."""

    def __enter__(self) -> ProgressDisplay:
        """Start showing."""

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        """Stop, leaving the last state on screen."""


class BarDisplay:
    """rich's live progress bar with the phase, the bar, a percentage and the detail."""

    def __init__(self, console: Console) -> None:
        """Draw on the given console."""
        self._progress = Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                                  TaskProgressColumn(), TextColumn("{task.fields[detail]}"), console=console)
        self._task: TaskID | None = None

    def update(self, label: str, completed: float, total: float | None, detail: str) -> None:
        """Move the bar."""
        if self._task is None:
            self._task = self._progress.add_task(label, total=total, completed=int(completed), detail=detail)
        else:
            self._progress.update(self._task, description=label, completed=completed, total=total, detail=detail)

    def note(self, text: str) -> None:
        """A line above the bar."""
        self._progress.console.print(text, markup=False, highlight=False)

    def __enter__(self) -> BarDisplay:
        """Start the live display."""
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        """Stop the live display."""
        self._progress.stop()


class LineDisplay:
    """Plain lines: one when the label changes and otherwise at most every PLAIN_EVERY_S; the last one at the end."""

    def __init__(self, write: Callable[[str], None], every_s: float = PLAIN_EVERY_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """Write lines with `write`; `clock` is injectable for tests."""
        self._write, self._every_s, self._clock = write, every_s, clock
        self._last_label: str | None = None
        self._last_time = float("-inf")
        self._pending: str | None = None

    def update(self, label: str, completed: float, total: float | None, detail: str) -> None:
        """Print now if due, else keep it as the pending line."""
        amount = _count(completed) if total is None else f"{_count(completed)}/{_count(total)}"
        line = f"{label}: {amount}" + (f" {detail}" if detail else "")
        now = self._clock()
        if label != self._last_label or now - self._last_time >= self._every_s:
            self._write(line)
            self._last_label, self._last_time, self._pending = label, now, None
        else:
            self._pending = line

    def note(self, text: str) -> None:
        """A line of its own."""
        self._write(text)

    def __enter__(self) -> LineDisplay:
        """Nothing to start."""
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        """Print the last state if it was held back."""
        if self._pending is not None:
            self._write(self._pending)
            self._pending = None


def _count(value: float) -> str:
    """1048576 rather than 1.04858e+06; a fraction with one decimal."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def progress_display(to_stderr: bool = False) -> ProgressDisplay:
    """A bar when the chosen stream (stdout, or stderr when stdout carries JSON) is a terminal, else plain lines."""
    stream: TextIO = sys.stderr if to_stderr else sys.stdout
    if stream.isatty():
        return BarDisplay(Console(file=stream))

    def write(line: str) -> None:
        stream.write(line + "\n")
        stream.flush()

    return LineDisplay(write)


def rate_and_eta(done: float, total: float | None, elapsed_s: float) -> tuple[float | None, float | None]:
    """Units per second so far and the seconds left at that pace (None while unknown)."""
    if elapsed_s <= 0 or done <= 0:
        return None, None
    rate = done / elapsed_s
    return rate, (None if total is None else max(total - done, 0) / rate)


def eta_text(seconds: float | None) -> str:
    """'ETA 0:00:12', or '' while unknown."""
    return "" if seconds is None else f"ETA {human_duration(seconds)}"

"""Keeping service processes alive: one that dies is restarted with a log line naming it; one that keeps dying
makes the supervisor give up, naming it."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Protocol

import structlog

log = structlog.get_logger(__name__)


class Restartable(Protocol):
    """What the supervisor watches: named processes that can be started again."""

    def exit_codes(self) -> dict[str, int | None]:
        """Each process's exit code, None while it runs."""

    def restart(self, name: str) -> None:
        """Start the named process again, as it was started the first time."""


class Supervisor:
    """A thread that polls the processes; restarts up to max_restarts deaths of one process within window_s."""

    def __init__(self, processes: Restartable, on_give_up: Callable[[str], None] | None = None, *,
                 max_restarts: int = 5, window_s: float = 60.0, interval_s: float = 0.5) -> None:
        """on_give_up is called (from the thread) with the reason when a process dies too often."""
        self._processes, self._on_give_up = processes, on_give_up
        self._max_restarts, self._window_s, self._interval_s = max_restarts, window_s, interval_s
        self._deaths: defaultdict[str, deque[float]] = defaultdict(deque)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="service-supervisor", daemon=True)
        self.restarts: defaultdict[str, int] = defaultdict(int)
        self.gave_up: str | None = None

    def start(self) -> None:
        """Start watching."""
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (before the processes are stopped on purpose) and wait for the thread."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join()

    def _watch(self) -> None:
        """Poll until stopped or given up."""
        while not self._stopping.wait(self._interval_s):
            for name, code in self._processes.exit_codes().items():
                if code is not None and not self._stopping.is_set() and not self._revive(name, code):
                    return

    def _revive(self, name: str, code: int) -> bool:
        """Restart a dead process; False (and on_give_up) when it died too often within the window."""
        now = time.monotonic()
        deaths = self._deaths[name]
        deaths.append(now)
        while deaths and now - deaths[0] > self._window_s:
            deaths.popleft()
        if len(deaths) > self._max_restarts:
            self.gave_up = (f"service {name} exited with code {code}, {len(deaths)} times within "
                            f"{self._window_s:g} s: giving up")
            log.error("service keeps dying, giving up", service=name, exit_code=code, deaths=len(deaths))
            if self._on_give_up is not None:
                self._on_give_up(self.gave_up)
            return False
        log.warning("service exited, restarting it", service=name, exit_code=code)
        self._processes.restart(name)
        self.restarts[name] += 1
        return True

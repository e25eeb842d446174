"""The simulated camera's clock and boots: an offset from the real clock, a boot id and the time it booted.

Tests and benches plant what a real camera does: a clock that is off (set_offset), one that jumps between two
scans (step, as an NTP sync or a manual set does), and a reboot (a new boot id, uptime from zero).
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

DEFAULT_UPTIME_S = 3 * 86400.0  # the camera has been up three days when the simulator starts


def _new_boot_id() -> str:
    """A boot id as /proc/sys/kernel/random/boot_id shows it."""
    return str(uuid.uuid4())


@dataclass
class SimulatedClock:
    """The camera's clock (real time + offset_s), its boot id and when it booted (real time)."""

    offset_s: float = 0.0
    boot_id: str = field(default_factory=_new_boot_id)
    booted_at: float = field(default_factory=lambda: time.time() - DEFAULT_UPTIME_S)

    def now(self) -> float:
        """The camera's clock, seconds since the epoch."""
        return time.time() + self.offset_s

    def uptime_s(self) -> float:
        """Seconds since the camera booted."""
        return max(time.time() - self.booted_at, 0.0)

    def set_offset(self, seconds: float) -> None:
        """Put the camera's clock `seconds` off the real clock."""
        self.offset_s = seconds

    def step(self, seconds: float) -> None:
        """Jump the camera's clock by `seconds` (forward when positive)."""
        self.offset_s += seconds

    def reboot(self) -> None:
        """Boot again now: a new boot id, uptime from zero."""
        self.boot_id, self.booted_at = _new_boot_id(), time.time()

    def date_output(self, format_string: str) -> str:
        """`date -u +FORMAT` for the %s (epoch seconds) and %N (nanoseconds) of the camera's clock."""
        now = self.now()
        seconds = int(now)
        return (format_string.replace("%s", str(seconds)).replace("%N", f"{int((now - seconds) * 1e9):09d}")
                + "\n")

    def uptime_output(self) -> str:
        """/proc/uptime: seconds up and seconds idle."""
        uptime = self.uptime_s()
        return f"{uptime:.2f} {uptime * 0.9:.2f}\n"

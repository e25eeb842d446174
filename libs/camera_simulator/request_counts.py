"""What the simulated camera was asked, counted on the server side: SFTP opens and reads per file, exec calls."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class RequestCounts:
    """Counters a running simulator keeps; camera paths as the client named them."""

    sftp_opens: Counter[str] = field(default_factory=Counter)
    sftp_reads: Counter[str] = field(default_factory=Counter)
    exec_commands: list[str] = field(default_factory=list)

    @property
    def exec_calls(self) -> int:
        """Exec requests (one SSH channel and one process each on a real camera)."""
        return len(self.exec_commands)

    def per_file(self, paths: list[str]) -> dict[str, tuple[int, int]]:
        """(opens, read requests) of each of `paths`."""
        return {path: (self.sftp_opens[path], self.sftp_reads[path]) for path in paths}

    def as_dict(self) -> dict[str, object]:
        """Totals, for a benchmark's report."""
        return {"sftp_opens": sum(self.sftp_opens.values()), "sftp_reads": sum(self.sftp_reads.values()),
                "exec_calls": self.exec_calls}

    def reset(self) -> None:
        """Forget everything counted so far."""
        self.sftp_opens.clear()
        self.sftp_reads.clear()
        self.exec_commands.clear()

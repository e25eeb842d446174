"""Which day a scan does next: the day on screen if it is still to do, else the next in the planned order."""

from __future__ import annotations


def take_next_day(remaining: list[str], focus: str | None) -> str:
    """Remove and return the focus day when it is among `remaining`, otherwise the first of them."""
    if focus is not None and focus in remaining:
        remaining.remove(focus)
        return focus
    return remaining.pop(0)

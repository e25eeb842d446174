"""Human-readable sizes, rates and durations for progress lines."""

from __future__ import annotations


def human_bytes(count: float) -> str:
    """1234567 -> '1.2 MB' (powers of 1000, as the dashboard shows them)."""
    size, units = float(count), ["B", "kB", "MB", "GB", "TB"]
    unit = 0
    while abs(size) >= 1000 and unit < len(units) - 1:
        size, unit = size / 1000, unit + 1
    return f"{size:.0f} {units[unit]}" if unit == 0 else f"{size:.1f} {units[unit]}"


def human_rate(bytes_per_s: float | None) -> str:
    """'350.0 kB/s', or '-' before there is a rate."""
    return "-" if bytes_per_s is None else f"{human_bytes(bytes_per_s)}/s"


def human_duration(seconds: float | None) -> str:
    """'0:01:05', or '-' when unknown."""
    if seconds is None:
        return "-"
    whole = max(round(seconds), 0)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"

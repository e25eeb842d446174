"""Garbage-collector settings for long-running service processes: start-up objects frozen, rarer collections."""

from __future__ import annotations

import gc

# CPython's default (700, 10, 10) ran a full collection every few seconds in a scanning collector: 26 of them of
# ~0.1 s each in one 1,440-clip day, on the event loop that reads the card. A scan allocates millions of short-lived
# objects (sample tables, messages) and holds few cycles, so the young generation can be much larger.
YOUNG_THRESHOLD = 50_000
OLDER_THRESHOLDS = (20, 20)


def tune_garbage_collector() -> None:
    """Freeze what start-up built (modules, settings) out of every collection and collect less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)

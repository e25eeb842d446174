"""Which stored clip facts are out of date: written by an older prober, they lack what the checks need."""

from __future__ import annotations

from libs.common.adapters.media.clip_facts import CLIP_FACTS_VERSION
from libs.common.contracts.records import ClipRecord


def needs_reprobe(record: ClipRecord) -> bool:
    """True when the record's facts come from an older prober version: read the clip's index once more."""
    return record.facts_version < CLIP_FACTS_VERSION

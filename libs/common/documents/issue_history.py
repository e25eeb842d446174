"""A camera's issue history (`cameras/{id}/issues.json`), owned here: stable identities, first and last sighting.

An issue's identity is its camera, check and start. A check that states the card's condition as observed
(`card`) starts at the moment of each scan, so its identity takes the day and what was measured instead.
Only the tick of the camera's one active watch writes the history (ticks of a watch never overlap); the write
is conditional on the version read anyway, and merges, keeping each issue's earliest first sighting.
`note_sightings` tells the issues seen for the first time, which the tick announces.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from pydantic import RootModel

from libs.common.adapters.store.port import ObjectMissing, ObjectStore, get_json
from libs.common.contracts import store_layout as keys
from libs.common.contracts.api.checks import CheckIssue
from libs.common.contracts.api.issues import HistoryIssue
from libs.common.documents.conditional_update import update_document

OBSERVED_CHECKS = frozenset({"card"})


class IssueHistory(RootModel[dict[str, HistoryIssue]]):
    """The stored history: each issue by its id."""


def issue_identity(camera_id: str, found: CheckIssue) -> str:
    """The stable id of an issue: camera, check and start (for an observed state: day and what was measured)."""
    if found.check in OBSERVED_CHECKS:
        when = f"{found.date}|{','.join(sorted(found.measured))}"
    else:
        when = found.start.isoformat()
    return hashlib.sha256(f"{camera_id}|{found.check}|{when}".encode()).hexdigest()[:24]


async def load_history(store: ObjectStore, camera_id: str) -> dict[str, HistoryIssue]:
    """The camera's known issues by id (empty before its first watch tick)."""
    try:
        stored = await get_json(store, keys.issue_history_doc(camera_id))
    except ObjectMissing:
        return {}
    return {issue_id: HistoryIssue.model_validate(entry) for issue_id, entry in stored.items()}


@dataclass(frozen=True)
class Sightings:
    """The history with this tick's sightings noted, and the issues in it seen for the first time."""

    history: dict[str, HistoryIssue]
    new: list[HistoryIssue]


async def note_sightings(store: ObjectStore, camera_id: str, found: list[CheckIssue], now: datetime) -> Sightings:
    """Each issue as seen now (first_seen for new ones, last_seen for all), not yet saved: the caller hands the
    new ones to the outbox first, then saves, so a crash in between announces again rather than never."""
    history = await load_history(store, camera_id)
    new: list[HistoryIssue] = []
    for issue in found:
        issue_id = issue_identity(camera_id, issue)
        known = history.get(issue_id)
        first_seen = known.first_seen if known is not None else now
        entry = HistoryIssue.model_validate(issue.model_dump() | {"issue_id": issue_id, "first_seen": first_seen,
                                                                  "last_seen": now})
        if known is None:
            new.append(entry)
        history[issue_id] = entry
    return Sightings(history, sorted(new, key=lambda entry: (entry.start, entry.check)))


async def save_sightings(store: ObjectStore, camera_id: str, sightings: Sightings) -> None:
    """Store the sightings into the history as it is now, each issue keeping its earliest first sighting."""

    def merged(stored: IssueHistory | None) -> IssueHistory:
        entries = dict(stored.root) if stored is not None else {}
        for issue_id, entry in sightings.history.items():
            known = entries.get(issue_id)
            if known is not None and known.first_seen < entry.first_seen:
                entry = entry.model_copy(update={"first_seen": known.first_seen})
            entries[issue_id] = entry
        return IssueHistory(entries)

    await update_document(store, keys.issue_history_doc(camera_id), IssueHistory, merged)


async def issues_since(store: ObjectStore, camera_id: str, since: datetime | None) -> list[HistoryIssue]:
    """The camera's issues last seen at or after since (all without it), in time order."""
    history = await load_history(store, camera_id)
    kept = [entry for entry in history.values() if since is None or entry.last_seen >= since]
    return sorted(kept, key=lambda entry: (entry.start, entry.check))

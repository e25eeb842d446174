"""Scan events: one model per kind and their union on `kind`, the contract between emitters, the web hub and pages.

An event travels as the payload of a "scan.event" envelope; browsers get the same fields as the SSE `data`
JSON (`{"kind", "scan_id", "camera_id", "time", ...}`). The gateway publishes the union in its OpenAPI
components as `ScanEvent`, and the web service serves the kind names to the pages as /static/event_kinds.js.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError

from libs.common.contracts.api.clips import ClipView
from libs.common.contracts.api.issues import HistoryIssue
from libs.common.contracts.envelope import SCHEMA_VERSION, Envelope, MalformedMessage, Payload
from libs.common.contracts.messages import JobImages
from libs.common.contracts.records import ScanPhase, StorageRecord, utc_now

EVENT_TYPE = "scan.event"


class BaseScanEvent(Payload):
    """What every scan event carries: whose scan it is and when it happened."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)
    TYPE: ClassVar[str] = EVENT_TYPE
    kind: str
    scan_id: str
    camera_id: str
    time: datetime = Field(default_factory=utc_now)


class BaseClipEvent(BaseScanEvent):
    """An event about one clip of the scan; the web hub delivers each kind once per clip."""

    clip_id: str


class ScanRunningEvent(BaseScanEvent):
    """A collector started the scan (or started it again after a redelivery)."""

    kind: Literal["scan.running"] = "scan.running"


class StorageEvent(StorageRecord, BaseScanEvent):
    """The card's capacity and the recordings on it, measured as the scan began."""

    kind: Literal["storage"] = "storage"


class ScanProgressEvent(BaseScanEvent):
    """Counts so far; `phase` says what the scan is waiting for (records.ScanPhase).

    The image counts are null where the sender did not count the scan's markers (while the card is being read).
    """

    kind: Literal["scan.progress"] = "scan.progress"
    phase: ScanPhase = "metadata"
    clips_total: int
    clips_done: int
    errors: int
    bytes_read: int
    images_expected: int | None = None
    thumbnails_done: int | None = None
    previews_done: int | None = None


class ClipReadEvent(BaseClipEvent):
    """One clip's facts (or why there are none) in the REST contract's clip shape."""

    kind: Literal["clip"] = "clip"
    clip: ClipView


class DayScannedEvent(BaseScanEvent):
    """Every clip of one day folder was read and the day's list stored."""

    kind: Literal["day.scanned"] = "day.scanned"
    date: str
    clips: int


class ClipThumbnailEvent(BaseClipEvent):
    """A clip's still image is stored."""

    kind: Literal["clip.thumbnail"] = "clip.thumbnail"
    url: str


class ClipPreviewEvent(BaseClipEvent):
    """A clip's animated preview is stored."""

    kind: Literal["clip.preview"] = "clip.preview"
    url: str


class ClipFailedEvent(BaseClipEvent):
    """A clip's image job failed for good; `images` says which job (a failed preview leaves the thumbnail made)."""

    kind: Literal["clip.failed"] = "clip.failed"
    error: str
    images: JobImages


class ScanCompletedEvent(BaseScanEvent):
    """The card was read and every image job settled."""

    kind: Literal["scan.completed"] = "scan.completed"


class ScanFailedEvent(BaseScanEvent):
    """The scan ended without its results, for the reason given."""

    kind: Literal["scan.failed"] = "scan.failed"
    error: str


class CheckIssueEvent(BaseScanEvent):
    """A watch found an issue for the first time (pushed once per issue_id); `scan_id` is the tick's scan."""

    kind: Literal["check.issue"] = "check.issue"
    watch_id: str
    issue: HistoryIssue


class WatchTickEvent(BaseScanEvent):
    """A watch ticked: its count, whether the camera answered, issues new in this tick, the SLO so far."""

    kind: Literal["watch.tick"] = "watch.tick"
    watch_id: str
    ticks: int
    reachable: bool
    new_issues: int
    recording_slo: float | None
    status: str


EVENT_MODELS: tuple[type[BaseScanEvent], ...] = (
    ScanRunningEvent, StorageEvent, ScanProgressEvent, ClipReadEvent, DayScannedEvent, ClipThumbnailEvent,
    ClipPreviewEvent, ClipFailedEvent, ScanCompletedEvent, ScanFailedEvent, CheckIssueEvent, WatchTickEvent,
)
ScanEvent = Annotated[
    ScanRunningEvent | StorageEvent | ScanProgressEvent | ClipReadEvent | DayScannedEvent | ClipThumbnailEvent
    | ClipPreviewEvent | ClipFailedEvent | ScanCompletedEvent | ScanFailedEvent | CheckIssueEvent | WatchTickEvent,
    Field(discriminator="kind"),
]
SCAN_EVENT: TypeAdapter[ScanEvent] = TypeAdapter(ScanEvent)
TERMINAL_EVENTS = (ScanCompletedEvent, ScanFailedEvent)
FLEET_EVENTS = (CheckIssueEvent, WatchTickEvent, ScanCompletedEvent, ScanFailedEvent)  # GET /api/v1/events


def kind_of(model: type[BaseScanEvent]) -> str:
    """The `kind` value an event model carries."""
    kind: str = get_args(model.model_fields["kind"].annotation)[0]
    return kind


EVENT_KINDS: tuple[str, ...] = tuple(kind_of(model) for model in EVENT_MODELS)
TERMINAL_KINDS = frozenset(kind_of(model) for model in TERMINAL_EVENTS)


def open_event(message: Envelope) -> ScanEvent:
    """The typed event inside a scan.event envelope; MalformedMessage for anything else."""
    if message.type != EVENT_TYPE:
        raise MalformedMessage(f"expected a {EVENT_TYPE!r} message, got {message.type!r}")
    if message.version > SCHEMA_VERSION:
        raise MalformedMessage(f"message schema version {message.version} is newer than {SCHEMA_VERSION}")
    try:
        return SCAN_EVENT.validate_python(message.payload)
    except ValidationError as exc:
        raise MalformedMessage(f"bad scan event: {str(exc)[:300]}") from exc


def event_json_schema(ref_template: str = "#/$defs/{model}") -> dict[str, Any]:
    """JSON schema of the union as browsers receive it (every field present)."""
    return SCAN_EVENT.json_schema(mode="serialization", ref_template=ref_template)

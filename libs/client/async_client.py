"""SdbClient: every /api/v1 call as an async method returning the shared answer models."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter

from libs.client import event_stream
from libs.client.downloads import Download, open_download
from libs.client.sse import ScanEventFrame
from libs.client.transport import check_status, parsed, transport_errors
from libs.common.contracts.api.aggregates import AggregateBucket
from libs.common.contracts.api.cameras import CameraSummary, RecordingDay, Storage
from libs.common.contracts.api.checks import ChecksAnswer
from libs.common.contracts.api.clips import ClipView
from libs.common.contracts.api.coverage import Coverage
from libs.common.contracts.api.fleet import Fleet
from libs.common.contracts.api.focus import FocusAccepted, FocusBody
from libs.common.contracts.api.health import Health
from libs.common.contracts.api.host_keys import HostKeyStatus
from libs.common.contracts.api.issues import HistoryIssue
from libs.common.contracts.api.reachability import Reachability
from libs.common.contracts.api.scans import ClipProblem, ScanAccepted, ScanBody, ScanView
from libs.common.contracts.api.sprites import SpriteIndex
from libs.common.contracts.api.watch_report import WatchReport
from libs.common.contracts.watches import WatchBody, WatchView

DEFAULT_URL = "http://127.0.0.1:8080"
T = TypeVar("T")
Params = Mapping[str, str | int | float | None]
_CAMERAS = TypeAdapter(list[CameraSummary])
_DAYS = TypeAdapter(list[RecordingDay])
_CLIPS = TypeAdapter(list[ClipView])
_BUCKETS = TypeAdapter(list[AggregateBucket])
_PROBLEMS = TypeAdapter(list[ClipProblem])
_ISSUES = TypeAdapter(list[HistoryIssue])


def _segment(value: str) -> str:
    """A path segment with everything but unreserved characters percent-encoded (the server judges the id)."""
    return quote(value, safe="")


def _day_params(date: str | None, first: str | None, last: str | None) -> dict[str, str | None]:
    """?date= or ?from=&to= as the checks route takes them."""
    return {"date": date, "from": first, "to": last}


class SdbClient:
    """The REST API at one base URL (the web service, which forwards to the gateway, or the gateway itself)."""

    def __init__(self, base_url: str = DEFAULT_URL, token: str | None = None, *,
                 http: httpx.AsyncClient | None = None, timeout_s: float = 30.0) -> None:
        """Talk to base_url (or through an existing httpx client, left open on close) with an optional API token."""
        self._own_http = http is None
        self._http = http or httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout_s)
        self.base_url = str(self._http.base_url).rstrip("/")
        self._auth = {"Authorization": f"Bearer {token}"} if token else {}

    async def aclose(self) -> None:
        """Close the connection pool unless it was handed in."""
        if self._own_http:
            await self._http.aclose()

    async def __aenter__(self) -> SdbClient:
        """Use as `async with SdbClient(url) as client:`."""
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        """Close on leaving the block."""
        await self.aclose()

    async def request(self, method: str, path: str, *, params: Params | None = None, body: Any = None,
                      accepted: tuple[int, ...] = (200,)) -> httpx.Response:
        """One call with the token; ApiError for another status, ServerUnreachable when nothing answers."""
        query = {key: value for key, value in (params or {}).items() if value is not None}
        with transport_errors(self.base_url):
            answer = await self._http.request(method, path, params=query, json=body, headers=self._auth)
        check_status(answer, accepted)
        return answer

    async def _get(self, adapter: TypeAdapter[T], path: str, params: Params | None = None) -> T:
        """GET a JSON answer as its model."""
        return parsed(adapter, await self.request("GET", path, params=params))

    # Cameras and what the last scans stored.

    async def cameras(self) -> list[CameraSummary]:
        """The registry's cameras and those scanned before."""
        return await self._get(_CAMERAS, "/api/v1/cameras")

    async def storage(self, camera_id: str) -> Storage:
        """Card usage and retention estimate from the latest scan."""
        return await self._get(TypeAdapter(Storage), f"/api/v1/cameras/{_segment(camera_id)}/storage")

    async def dates(self, camera_id: str) -> list[RecordingDay]:
        """Recording days with clips, bytes and recorded seconds."""
        return await self._get(_DAYS, f"/api/v1/cameras/{_segment(camera_id)}/dates")

    async def recordings(self, camera_id: str, date: str, hour: int | None = None) -> list[ClipView]:
        """The clips of a UTC day (or one hour of it)."""
        return await self._get(_CLIPS, f"/api/v1/cameras/{_segment(camera_id)}/recordings",
                               {"date": date, "hour": hour})

    async def recordings_csv(self, camera_id: str, date: str, hour: int | None = None) -> str:
        """The same clips as the server's CSV."""
        answer = await self.request("GET", f"/api/v1/cameras/{_segment(camera_id)}/recordings",
                                    params={"date": date, "hour": hour, "format": "csv"})
        return answer.text

    async def coverage(self, camera_id: str, date: str) -> Coverage:
        """48 half hours of a day against the recording schedule."""
        return await self._get(TypeAdapter(Coverage), f"/api/v1/cameras/{_segment(camera_id)}/coverage",
                               {"date": date})

    async def aggregates(self, camera_id: str, date: str,
                         by: Literal["hour", "half_hour"] = "hour") -> list[AggregateBucket]:
        """Per-hour or per-half-hour figures of a day."""
        return await self._get(_BUCKETS, f"/api/v1/cameras/{_segment(camera_id)}/aggregates",
                               {"date": date, "by": by})

    async def sprites(self, camera_id: str, date: str, hour: int) -> SpriteIndex:
        """The hour's thumbnails as one sheet, and where each clip sits in it."""
        return await self._get(TypeAdapter(SpriteIndex), f"/api/v1/cameras/{_segment(camera_id)}/sprites",
                               {"date": date, "hour": hour})

    async def reachability(self, camera_id: str) -> Reachability:
        """Whether the camera's SSH port accepts a connection."""
        return await self._get(TypeAdapter(Reachability), f"/api/v1/cameras/{_segment(camera_id)}/reachability")

    async def fleet(self, *, date: str | None = None, days: int | None = None) -> Fleet:
        """Every camera's row, worst first: state, last scan, today's verdict and issues, card, verdict strip."""
        params = {key: str(value) for key, value in (("date", date), ("days", days)) if value is not None}
        return await self._get(TypeAdapter(Fleet), "/api/v1/fleet", params)

    async def host_key(self, camera_id: str) -> HostKeyStatus:
        """The host key the camera presents now (read without logging in) and what trusts it."""
        return await self._get(TypeAdapter(HostKeyStatus), f"/api/v1/cameras/{_segment(camera_id)}/host-key")

    async def trust_host_key(self, camera_id: str, fingerprint: str) -> HostKeyStatus:
        """Trust the camera's host key if it presents `fingerprint` (ApiError 409 when it presents another)."""
        answer = await self.request("POST", f"/api/v1/cameras/{_segment(camera_id)}/host-key/trust",
                                    body={"fingerprint": fingerprint})
        return parsed(TypeAdapter(HostKeyStatus), answer)

    async def health(self) -> Health:
        """The broker, queues and store as the gateway sees them (a degraded answer is returned, not raised)."""
        return parsed(TypeAdapter(Health), await self.request("GET", "/api/v1/health", accepted=(200, 503)))

    async def focus(self, camera_id: str, date: str) -> FocusAccepted:
        """Put a day ahead of backfill in the camera's running scan."""
        answer = await self.request("POST", f"/api/v1/cameras/{_segment(camera_id)}/focus",
                                    body=FocusBody(date=date).model_dump(), accepted=(202,))
        return parsed(TypeAdapter(FocusAccepted), answer)

    # Clips' images.

    async def thumbnail(self, clip_id: str, *, width: int | None = None, at: float | None = None,
                        format: Literal["webp", "jpeg"] | None = None) -> bytes:
        """The clip's still (stored, or rendered on request for another width, time or format)."""
        answer = await self.request("GET", f"/api/v1/clips/{_segment(clip_id)}/thumbnail",
                                    params={"width": width, "at": at, "format": format})
        return answer.content

    async def preview(self, clip_id: str, *, width: int | None = None,
                      format: Literal["webp", "gif"] | None = None) -> bytes:
        """The clip's animated preview."""
        answer = await self.request("GET", f"/api/v1/clips/{_segment(clip_id)}/preview",
                                    params={"width": width, "format": format})
        return answer.content

    # Scans.

    async def start_scan(self, camera_id: str, body: ScanBody | None = None) -> ScanAccepted:
        """Queue a scan (or join the camera's running one)."""
        answer = await self.request("POST", f"/api/v1/cameras/{_segment(camera_id)}/scans",
                                    body=(body or ScanBody()).model_dump(), accepted=(202,))
        return parsed(TypeAdapter(ScanAccepted), answer)

    async def scan(self, scan_id: str) -> ScanView:
        """A scan's status and progress."""
        return await self._get(TypeAdapter(ScanView), f"/api/v1/scans/{_segment(scan_id)}")

    async def scan_errors(self, scan_id: str) -> list[ClipProblem]:
        """The scan's per-clip problems."""
        return await self._get(_PROBLEMS, f"/api/v1/scans/{_segment(scan_id)}/errors")

    async def wait_for_scan(self, scan_id: str, timeout_s: float = 300.0, poll_s: float = 0.25) -> ScanView:
        """Poll the scan until it is completed or failed; TimeoutError past timeout_s."""
        deadline = time.monotonic() + timeout_s
        while True:
            view = await self.scan(scan_id)
            if view.status in ("completed", "failed"):
                return view
            if time.monotonic() > deadline:
                raise TimeoutError(f"scan {scan_id} still {view.status} after {timeout_s:g} s")
            await asyncio.sleep(poll_s)

    def scan_events(self, scan_id: str, last_event_id: int | None = None,
                    retries: int = 5) -> AsyncIterator[ScanEventFrame]:
        """The scan's events until its terminal one, reconnecting with Last-Event-ID when the stream breaks."""
        path = f"/api/v1/scans/{_segment(scan_id)}/events"
        return event_stream.follow(self._http, self.base_url, path, self._auth, last_event_id, retries)

    # Recording checks and range export (API.md v1 additions).

    async def checks(self, camera_id: str, *, date: str | None = None, first: str | None = None,
                     last: str | None = None, query: Params | None = None) -> ChecksAnswer:
        """The checks answer (verdict, expected values, summary, issues) as API.md documents it; a check name a
        newer server added is kept as it is."""
        answer = await self.request("GET", f"/api/v1/cameras/{_segment(camera_id)}/checks",
                                    params={**_day_params(date, first, last), **(query or {})})
        return parsed(TypeAdapter(ChecksAnswer), answer)

    def export(self, camera_id: str, start: str, end: str,
               format: Literal["mp4", "zip"] = "mp4") -> AbstractAsyncContextManager[Download]:
        """The range's recordings as a streamed download (`async with client.export(...) as download:`)."""
        params = {"start": start, "end": end, "format": None if format == "mp4" else format}
        return open_download(self._http, self.base_url, f"/api/v1/cameras/{_segment(camera_id)}/export",
                             params, self._auth)

    # Watches (API.md "Watching cameras").

    async def start_watch(self, camera_id: str, body: WatchBody) -> WatchView:
        """Start a watch of the camera (or change its active one)."""
        answer = await self.request("POST", f"/api/v1/cameras/{_segment(camera_id)}/watch",
                                    body=body.model_dump(mode="json"), accepted=(200, 201))
        return parsed(TypeAdapter(WatchView), answer)

    async def watch(self, watch_id: str) -> WatchView:
        """One watch: ticks, SLO so far, status."""
        return await self._get(TypeAdapter(WatchView), f"/api/v1/watches/{_segment(watch_id)}")

    async def stop_watch(self, watch_id: str) -> WatchView:
        """Stop a watch."""
        return parsed(TypeAdapter(WatchView), await self.request("DELETE", f"/api/v1/watches/{_segment(watch_id)}"))

    async def watch_report(self, watch_id: str) -> WatchReport:
        """The soak report (JSON) of a watch's window so far."""
        return await self._get(TypeAdapter(WatchReport), f"/api/v1/watches/{_segment(watch_id)}/report")

    async def issues(self, camera_id: str, since: str | None = None) -> list[HistoryIssue]:
        """The camera's issue history, last seen at or after since (ISO, with a zone)."""
        return await self._get(_ISSUES, f"/api/v1/cameras/{_segment(camera_id)}/issues", {"since": since})

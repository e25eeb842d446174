// Camera page: disk usage, retention estimate, calendar of recording days, scan button and live progress, watch.
import { cameraUrl, getJSON } from "./api.js";
import { renderCalendar } from "./calendar.js";
import { KIND } from "./event_kinds.js";
import { $, bytes, facts } from "./format.js";
import { offerTrust } from "./host_key_panel.js";
import { followCamera } from "./live.js";
import { scanControl } from "./scan_control.js";
import { watchPanel } from "./watch_panel.js";

const cameraId = document.body.dataset.camera;

function retentionDays(s) {
  if (s.retention_days != null) return s.retention_days;
  if (!s.oldest || !s.newest || !s.recordings_bytes) return null;
  const spanDays = (new Date(s.newest) - new Date(s.oldest)) / 86400000;
  if (spanDays < 0.5) return null;
  return (s.recordings_bytes + s.free_bytes) / (s.recordings_bytes / spanDays);
}

function renderStorage(s) {
  const pct = (n) => `${((100 * n) / Math.max(1, s.total_bytes)).toFixed(1)}%`;
  const bar = $("usage-bar");
  bar.querySelector(".recordings").style.width = pct(s.recordings_bytes);
  bar.querySelector(".other").style.width = pct(Math.max(0, s.used_bytes - s.recordings_bytes));
  bar.setAttribute("aria-label", `Used ${pct(s.used_bytes)} of ${bytes(s.total_bytes)}`);
  const retention = retentionDays(s);
  facts($("usage"), [
    ["Capacity", bytes(s.total_bytes)], ["Used", `${bytes(s.used_bytes)} (${pct(s.used_bytes)})`],
    ["Recordings", bytes(s.recordings_bytes)], ["Free", bytes(s.free_bytes)],
    ["Oldest", s.oldest ? s.oldest.replace("T", " ").slice(0, 19) : "–"],
    ["Newest", s.newest ? s.newest.replace("T", " ").slice(0, 19) : "–"],
    ["Retention (estimate)", retention == null ? "not enough history" : `≈ ${retention.toFixed(1)} days`],
    ["Retention basis", s.retention_basis || "–"],
  ]);
}

async function load() {
  const overview = await getJSON(cameraUrl(cameraId)); // 200 before a scan too: storage null, dates []
  const { storage, dates } = overview.ok ? overview.body : { storage: null, dates: [] };
  if (storage) renderStorage(storage);
  else facts($("usage"), [["Disk usage", "unknown until the card is scanned"]]);
  const verdicts = dates.length ? await getJSON(cameraUrl(cameraId, "/checks/days")) : { ok: false };
  renderCalendar($("calendar"), dates, cameraId, verdicts.ok ? verdicts.body : []);
}

// A failed scan may be a camera whose host key nobody trusted yet: offer the trust action with the fingerprint.
async function offerTrustAfterFailure() {
  const cameras = await getJSON("/api/v1/cameras");
  const camera = cameras.ok ? cameras.body.find((c) => c.id === cameraId) : null;
  if (camera?.last_scan_status === "failed") offerTrust(cameraId);
}

const onScanEvent = scanControl(cameraId, {}, load);
const onWatchEvent = watchPanel(cameraId);
followCamera(cameraId, (kind, event) => {
  onScanEvent(kind, event);
  onWatchEvent(kind, event);
  if (kind === KIND.SCAN_FAILED) offerTrust(cameraId);
  if (kind === KIND.STORAGE) renderStorage(event);
  if (kind === KIND.DAY_SCANNED) load();
});
load();
offerTrustAfterFailure();

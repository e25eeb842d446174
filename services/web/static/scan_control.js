// The scan button and live scan progress shared by the camera and day pages.
import { cameraUrl, getJSON, postJSON } from "./api.js";
import { KIND, PHASES } from "./event_kinds.js";
import { $ } from "./format.js";

// What each phase of a running scan shows: the words, and the bar's done/total from the progress counts.
const PHASE_VIEW = {
  listing: () => ["Listing the card…", 0, 1],
  metadata: (p) => [`Reading the card: ${p.clips_done} of ${p.clips_total} clips, ${p.errors} with errors`,
    p.clips_done, p.clips_total],
  thumbnails: (p) => [`Making thumbnails: ${p.thumbnails_done ?? "…"} of ${p.images_expected ?? "…"}`,
    p.thumbnails_done, p.images_expected],
  previews: (p) => [`Making animated previews: ${p.previews_done ?? "…"} of ${p.images_expected ?? "…"}`,
    p.previews_done, p.images_expected],
};

export function scanControl(cameraId, body, onFinished) {
  const status = $("scan-status"), bar = $("scan-progress"), button = $("scan-button");
  const say = (text, isError = false) => { status.textContent = text; status.classList.toggle("error", isError); };
  const running = (on) => {
    button.disabled = on;
    document.body.dataset.scan = on ? "running" : "idle";
    if (!on) delete status.dataset.phase;
  };
  // A phase only moves forward within a scan: a late event from one replica does not take it back.
  const showPhase = (phase) => {
    const shown = PHASES.indexOf(status.dataset.phase);
    const next = PHASES.includes(phase) ? phase : PHASES[0];
    return PHASES.indexOf(next) >= shown ? next : status.dataset.phase;
  };
  const progress = (p) => {
    const phase = showPhase(p.phase);
    const [text, done, total] = PHASE_VIEW[phase](p);
    status.dataset.phase = phase;
    bar.max = Math.max(1, total ?? 1);
    bar.value = done ?? 0;
    say(text);
  };

  button.addEventListener("click", async () => {
    running(true);
    say("Starting the scan…");
    const answer = await postJSON(cameraUrl(cameraId, "/scans"), body);
    if (!answer.ok) { running(false); say(answer.body?.detail || `scan refused (${answer.status})`, true); }
  });

  async function showLastScan() {
    const cameras = await getJSON("/api/v1/cameras");
    const camera = cameras.ok ? cameras.body.find((c) => c.id === cameraId) : null;
    if (!camera?.last_scan_id) { say("Not scanned yet."); running(false); return; }
    const scan = await getJSON(`/api/v1/scans/${camera.last_scan_id}`);
    if (scan.ok && ["queued", "running"].includes(scan.body.status)) { running(true); progress(scan.body.progress); return; }
    running(false);
    const status = scan.ok ? scan.body.status : camera.last_scan_status;
    const finished = (scan.ok && scan.body.finished) || camera.last_scan_time;
    say(`Last scan ${status} ${finished ? new Date(finished).toLocaleString() : ""}`.trim(), status === "failed");
    bar.value = bar.max;
  }

  showLastScan();
  return (kind, event) => {
    if (kind === KIND.SCAN_RUNNING) { running(true); delete status.dataset.phase; say("Reading the card…"); }
    else if (kind === KIND.SCAN_PROGRESS) { running(true); progress(event); }
    else if (kind === KIND.SCAN_COMPLETED) { running(false); bar.value = bar.max; say("Scan completed."); onFinished(); }
    else if (kind === KIND.SCAN_FAILED) { running(false); say(`Scan failed: ${event.error}`, true); onFinished(); }
  };
}

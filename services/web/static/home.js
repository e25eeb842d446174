// Home page: the fleet, worst first, kept live over the fleet event stream; and a box to open any camera by id.
import { getJSON } from "./api.js";
import { KINDS } from "./event_kinds.js";
import { rowHtml, summary, worstFirst } from "./fleet_rows.js";
import { $ } from "./format.js";

const rows = new Map();
const pending = new Set();
let refreshTimer = null;

function render(updated = new Set()) {
  const sorted = [...rows.values()].sort(worstFirst);
  $("fleet-summary").textContent = summary(sorted);
  $("camera-list").replaceChildren(...sorted.map((r) => Object.assign(document.createElement("option"), { value: r.camera_id })));
  $("cameras").innerHTML = sorted.length ? sorted.map(rowHtml).join("")
    : `<tr><td colspan="10" class="muted">No cameras configured or scanned yet.</td></tr>`;
  for (const id of updated) document.querySelector(`tr[data-camera="${CSS.escape(id)}"]`)?.classList.add("updated");
  document.body.dataset.fleetVersion = String(Number(document.body.dataset.fleetVersion || 0) + 1);
}

async function load(cameraIds = []) {
  const query = new URLSearchParams(cameraIds.map((id) => ["camera", id]));
  const answer = await getJSON(`/api/v1/fleet${cameraIds.length ? `?${query}` : ""}`);
  if (!answer.ok) { $("cameras").innerHTML = `<tr><td colspan="10" class="error">Could not load the fleet (${answer.status}).</td></tr>`; return; }
  if (!cameraIds.length) rows.clear();
  for (const row of answer.body.cameras) rows.set(row.camera_id, row);
  render(new Set(cameraIds));
}

// Events name a camera; its row is fetched again (several events within 300 ms make one request).
function refresh(cameraId) {
  pending.add(cameraId);
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    const ids = [...pending];
    pending.clear();
    refreshTimer = null;
    load(ids);
  }, 300);
}

// The stream starts after the last event the server had when it rendered the page, so nothing that happens
// between the page and the table's first load is missed; the browser resumes after reconnects by itself.
function followFleet() {
  const badge = $("live");
  const source = new EventSource(`/api/v1/events?last_event_id=${Number(document.body.dataset.lastEventId || 0)}`);
  source.onopen = () => { badge.textContent = "● live"; document.body.dataset.live = "open"; };
  source.onerror = () => { badge.textContent = "○ reconnecting…"; document.body.dataset.live = "reconnecting"; };
  for (const kind of KINDS) source.addEventListener(kind, (event) => refresh(JSON.parse(event.data).camera_id));
}

$("camera-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const id = $("camera-id").value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id)) { $("form-error").textContent = "Letters, digits, '_' or '-' only."; return; }
  location.href = `/${encodeURIComponent(id.toUpperCase())}`;
});

load();
followFleet();

// Home page: the fleet, worst first; and a box to open any camera by id.
import { getJSON } from "./api.js";
import { rowHtml, summary, worstFirst } from "./fleet_rows.js";
import { $ } from "./format.js";

const rows = new Map();

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

$("camera-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const id = $("camera-id").value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id)) { $("form-error").textContent = "Letters, digits, '_' or '-' only."; return; }
  location.href = `/${encodeURIComponent(id.toUpperCase())}`;
});

load();

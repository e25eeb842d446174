// Home page: open a camera by id (any case), and list configured cameras with reachability and last scan.
import { cameraUrl, getJSON } from "./api.js";
import { $, escapeHtml } from "./format.js";

async function reachability(cameraId, cell) {
  const answer = await getJSON(cameraUrl(cameraId, "/reachability"));
  const r = answer.body;
  if (!answer.ok || !r) { cell.textContent = "unknown"; return; }
  cell.className = r.reachable ? "ok" : "error";
  cell.textContent = r.reachable ? `yes (${r.latency_ms} ms)` : `no: ${r.reason}`;
}

async function loadCameras() {
  const answer = await getJSON("/api/v1/cameras");
  const cameras = answer.ok ? answer.body : [];
  $("camera-list").replaceChildren(...cameras.map((c) => Object.assign(document.createElement("option"), { value: c.id })));
  if (!cameras.length) { $("cameras").innerHTML = `<tr><td colspan="4" class="muted">No cameras configured or scanned yet.</td></tr>`; return; }
  $("cameras").innerHTML = cameras.map((c) => {
    const last = c.last_scan_status
      ? `${escapeHtml(c.last_scan_status)} · ${escapeHtml(new Date(c.last_scan_time).toLocaleString())}` : "never";
    return `<tr><td><a href="/${encodeURIComponent(c.id)}">${escapeHtml(c.id)}</a></td><td>${escapeHtml(c.model)}</td>`
      + `<td data-reach="${escapeHtml(c.id)}" class="muted">${c.configured ? "checking…" : "not configured"}</td><td>${last}</td></tr>`;
  }).join("");
  for (const c of cameras.filter((cam) => cam.configured)) {
    reachability(c.id, document.querySelector(`[data-reach="${CSS.escape(c.id)}"]`));
  }
}

$("camera-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const id = $("camera-id").value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id)) { $("form-error").textContent = "Letters, digits, '_' or '-' only."; return; }
  location.href = `/${encodeURIComponent(id.toUpperCase())}`;
});

loadCameras();

// Home page: pick a camera, start a scan, follow it live over Server-Sent Events.
"use strict";

const $ = (id) => document.getElementById(id);

// With SDB_API_TOKEN set, open the page once as /?token=<token>; API calls then carry it.
const pageToken = new URLSearchParams(location.search).get("token");
if (pageToken) sessionStorage.setItem("sdb-token", pageToken);
const apiToken = sessionStorage.getItem("sdb-token");
const authHeaders = () => (apiToken ? { Authorization: `Bearer ${apiToken}` } : {});
const withToken = (url) => (apiToken ? `${url}${url.includes("?") ? "&" : "?"}token=${encodeURIComponent(apiToken)}` : url);

async function loadCameras() {
  const answer = await fetch("/api/v1/cameras", { headers: authHeaders() });
  if (!answer.ok) return;
  const cameras = await answer.json();
  $("camera-list").replaceChildren(...cameras.map((c) => Object.assign(document.createElement("option"), { value: c.id })));
  $("cameras").replaceChildren(...cameras.map((c) => {
    const card = document.createElement("div");
    card.className = "camera";
    const last = c.last_scan_status ? `last scan ${c.last_scan_status}` : "not scanned yet";
    card.innerHTML = `<strong></strong> <span class="muted"></span>`;
    card.querySelector("strong").textContent = c.id;
    card.querySelector("span").textContent = `${c.model} · ${last}`;
    return card;
  }));
}

function clipTile(clip) {
  let tile = document.querySelector(`[data-clip="${clip.clip_id}"]`);
  if (!tile) {
    tile = document.createElement("figure");
    tile.className = "clip";
    tile.dataset.clip = clip.clip_id;
    tile.innerHTML = `<img class="image" alt="" width="320" height="180"><p></p>`;
    $("clips").append(tile);
  }
  if (clip.path) {
    const video = clip.video ? `${clip.video.width}x${clip.video.height} ${clip.video.fps}fps` : clip.error || clip.status;
    tile.querySelector("p").textContent = `${clip.start.slice(11)} · ${video}`;
    tile.classList.toggle("bad", clip.status !== "ok");
  }
  return tile;
}

function setImage(clipId, url) {
  const image = clipTile({ clip_id: clipId }).querySelector("img");
  image.src = withToken(url);
  image.alt = `thumbnail of clip ${clipId}`;
}

function follow(scanId, cameraId) {
  $("scan").hidden = false;
  $("scan-title").textContent = `Scan of ${cameraId}`;
  $("clips").replaceChildren();
  const source = new EventSource(withToken(`/api/v1/scans/${scanId}/events`));
  const on = (kind, handler) => source.addEventListener(kind, (event) => handler(JSON.parse(event.data)));
  on("scan.running", () => { $("scan-status").textContent = "Reading the card…"; });
  on("storage", (s) => {
    const gb = (n) => (n / 1e9).toFixed(1) + " GB";
    $("storage").textContent = `Card: ${gb(s.used_bytes)} used of ${gb(s.total_bytes)}, recordings ${gb(s.recordings_bytes)}`;
  });
  on("scan.progress", (p) => {
    $("scan-progress").max = Math.max(1, p.clips_total);
    $("scan-progress").value = p.clips_done;
    $("scan-status").textContent = `${p.clips_done} of ${p.clips_total} clips read, ${p.errors} with errors`;
  });
  on("clip", (e) => clipTile(e.clip));
  on("clip.thumbnail", (e) => setImage(e.clip_id, e.url));
  on("scan.completed", () => { $("scan-status").textContent = "Scan completed."; source.close(); loadCameras(); });
  on("scan.failed", (e) => {
    $("scan-status").innerHTML = `<span class="error"></span>`;
    $("scan-status").firstChild.textContent = `Scan failed: ${e.error}`;
    source.close();
  });
}

$("scan-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const cameraId = $("camera-id").value.trim();
  const answer = await fetch(`/api/v1/cameras/${encodeURIComponent(cameraId)}/scans`, {
    method: "POST", headers: { "Content-Type": "application/json", ...authHeaders() }, body: "{}",
  });
  const body = await answer.json();
  if (!answer.ok) { $("scan").hidden = false; $("scan-status").textContent = body.detail; return; }
  follow(body.scan_id, cameraId.toUpperCase());
});

loadCameras();

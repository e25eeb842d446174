// The sortable clip table: click (or press Enter on) a column heading to sort, again to reverse.
import { bytes, escapeHtml, timeOfDay } from "./format.js";

const KEYS = {
  start: (c) => c.start, size: (c) => c.size_bytes, duration: (c) => c.duration_s ?? -1,
  resolution: (c) => (c.video ? c.video.width * c.video.height : -1), fps: (c) => c.video?.fps ?? -1,
  bitrate: (c) => c.video?.bitrate_kbps ?? -1, codec: (c) => c.video?.codec ?? "", status: (c) => c.status,
};

function badge(found) {
  if (!found) return "";
  return ` <span class="badge ${found.severity}" title="${escapeHtml(found.checks.join(", "))}">`
    + `${escapeHtml(found.checks.map((check) => check.replace(/_/g, " ")).join(", "))}</span>`;
}

export function clipTable(table, onOpen, flagOf = () => null) {
  const sort = { key: "start", direction: 1 };
  let rows = [];

  function render() {
    const key = KEYS[sort.key];
    const sorted = [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * sort.direction);
    table.tBodies[0].innerHTML = sorted.map((c) => {
      const v = c.video;
      const found = flagOf(c.clip_id);
      return `<tr data-clip="${escapeHtml(c.clip_id)}" class="${c.status === "ok" ? "" : c.status === "recording" ? "recording" : "bad"}${found ? " flagged" : ""}">`
        + `<td><a href="#" data-open>${timeOfDay(c.start)}</a></td><td data-value="${c.size_bytes}">${bytes(c.size_bytes)}</td>`
        + `<td>${c.duration_s == null ? "–" : c.duration_s.toFixed(1) + " s"}</td><td>${v ? `${v.width}x${v.height}` : "–"}</td>`
        + `<td>${v ? v.fps.toFixed(1) : "–"}</td><td>${v?.bitrate_kbps == null ? "–" : v.bitrate_kbps.toFixed(0)}</td>`
        + `<td>${escapeHtml(v ? `${v.codec} ${v.profile || ""}` : "–")}</td>`
        + `<td title="${escapeHtml(c.error || "")}">${escapeHtml(c.status)}${c.error ? ": " + escapeHtml(c.error) : ""}${badge(found)}</td></tr>`;
    }).join("");
    for (const th of table.tHead.rows[0].cells) {
      th.setAttribute("aria-sort", th.dataset.key === sort.key ? (sort.direction > 0 ? "ascending" : "descending") : "none");
    }
  }

  table.tHead.addEventListener("click", (event) => {
    const th = event.target.closest("th");
    if (!th) return;
    sort.direction = sort.key === th.dataset.key ? -sort.direction : 1;
    sort.key = th.dataset.key;
    render();
  });
  table.tBodies[0].addEventListener("click", (event) => {
    if (!event.target.closest("[data-open]")) return;
    event.preventDefault();
    onOpen(event.target.closest("tr").dataset.clip);
  });

  return (clips) => { rows = clips; render(); };
}

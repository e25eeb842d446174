// Day page: loads the day's clips and coverage, renders timeline/charts/grid/table, and fills them in live.
import { cameraUrl, getJSON } from "./api.js";
import { clipDialog } from "./clip_dialog.js";
import { dayCharts } from "./day_charts.js";
import { timeCursor } from "./day_cursor.js";
import { clipGrid } from "./day_grid.js";
import { dayChecks } from "./day_checks.js";
import { clipTable } from "./day_table.js";
import { renderRecorded, renderSchedule } from "./day_timeline.js";
import { KIND } from "./event_kinds.js";
import { $, bytes, facts, hours } from "./format.js";
import { followCamera } from "./live.js";
import { legend } from "./profiles.js";
import { scanControl } from "./scan_control.js";

const { camera: cameraId, date } = document.body.dataset;
const clips = new Map();
const openClip = clipDialog();
const open = (clipId) => clips.has(clipId) && openClip(clips.get(clipId));
const grid = clipGrid($("grid"), open);
const checks = dayChecks({ panel: $("issues"), track: $("issue-track"), verdict: $("checks-verdict"), note: $("checks-note") });
const table = clipTable($("clip-table"), open, (clipId) => checks.flags.get(clipId));
const charts = dayCharts(date);
const showCursor = timeCursor($("timeline"), $("grid"), $("clip-table").tBodies[0], checks.highlight);
let pending = false;

const sorted = () => [...clips.values()].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));

function renderSummary(list) {
  const ok = list.filter((c) => c.status === "ok");
  const recording = list.filter((c) => c.status === "recording").length;
  facts($("day-summary"), [
    ["Clips", String(list.length)], ["With errors", String(list.length - ok.length - recording)],
    ...(recording ? [["Being recorded", "1 clip (judged once it is closed)"]] : []),
    ["Recorded", hours(ok.reduce((s, c) => s + (c.duration_s || 0), 0))],
    ["Size", bytes(list.reduce((s, c) => s + c.size_bytes, 0))],
    ["Thumbnails", `${list.filter((c) => c.thumbnail_url).length} of ${ok.length}`],
  ]);
  $("clip-count").textContent = `(${list.length})`;
  document.body.dataset.clips = String(list.length);
}

function renderAll() {
  pending = false;
  const list = sorted();
  renderSummary(list);
  renderRecorded($("recorded-track"), list);
  legend($("legend"), list);
  charts(list);
  table(list);
  showCursor(list);
}

const schedule = () => { if (!pending) { pending = true; requestAnimationFrame(renderAll); } };

function upsert(clip) {
  const merged = { ...clips.get(clip.clip_id), ...clip };
  for (const key of ["thumbnail_url", "preview_url"]) merged[key] = clip[key] || clips.get(clip.clip_id)?.[key] || null;
  clips.set(clip.clip_id, merged);
  const list = sorted();
  const next = list[list.findIndex((c) => c.clip_id === clip.clip_id) + 1];
  grid.update(merged, next?.clip_id);
  grid.flag(merged.clip_id, checks.flags.get(merged.clip_id));
  schedule();
}

function setImage(clipId, key, url) {
  const clip = clips.get(clipId);
  if (clip) upsert({ ...clip, [key]: url });
}

function linkDays(days) {
  const i = days.indexOf(date);
  const link = (el, day) => { el.hidden = !day; if (day) el.href = `/${encodeURIComponent(cameraId)}/${day}`; };
  link($("prev-day"), i > 0 ? days[i - 1] : days.filter((d) => d < date).pop());
  link($("next-day"), days.find((d) => d > date));
}

async function loadChecks() {
  const answer = await getJSON(cameraUrl(cameraId, `/checks?date=${date}`));
  const flags = checks.render(answer.ok ? answer.body : null);
  if (answer.ok) grid.setClockOffset(answer.body.days.at(-1)?.camera?.clock_offset_s);
  for (const clipId of clips.keys()) grid.flag(clipId, flags.get(clipId));
  schedule();
}

async function load() {
  // The overview answers before a scan too, so the day's own data is only asked for once the day is known.
  const overview = await getJSON(cameraUrl(cameraId));
  const days = overview.ok ? overview.body.dates.map((row) => row.date).sort() : [];
  linkDays(days);
  let coverage = null;
  if (days.includes(date)) {
    const [recordings, covered] = await Promise.all([
      getJSON(cameraUrl(cameraId, `/recordings?date=${date}`)), getJSON(cameraUrl(cameraId, `/coverage?date=${date}`)),
    ]);
    if (recordings.ok) recordings.body.forEach(upsert);
    if (covered.ok) coverage = covered.body;
  }
  renderSchedule($("schedule-track"), $("coverage-note"), coverage);
  schedule();
  if (days.includes(date)) await loadChecks();
}

$("csv-link").href = cameraUrl(cameraId, `/recordings?date=${date}&format=csv`);
$("junit-link").href = cameraUrl(cameraId, `/checks?date=${date}&format=junit`);
const onScanEvent = scanControl(cameraId, { dates: [date] }, load);
followCamera(cameraId, (kind, event) => {
  onScanEvent(kind, event);
  if (kind === KIND.CLIP && event.clip.start.startsWith(date)) upsert(event.clip);
  else if (kind === KIND.CLIP_THUMBNAIL) setImage(event.clip_id, "thumbnail_url", event.url);
  else if (kind === KIND.CLIP_PREVIEW) setImage(event.clip_id, "preview_url", event.url);
});
load();

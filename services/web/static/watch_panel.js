// The camera page's watch panel: start or stop a watch, its ticks and SLO so far, its issues on a timeline,
// kept current by the camera's watch.tick and check.issue events.
import { cameraUrl, getJSON, postJSON } from "./api.js";
import { KIND } from "./event_kinds.js";
import { $, escapeHtml } from "./format.js";

const when = (iso) => (iso ? new Date(iso).toLocaleString() : "–");
const dayLink = (cameraId, issue) =>
  `/${encodeURIComponent(cameraId)}/${issue.date}#t=${new Date(issue.start).toISOString().slice(11, 19)}`;

export function watchPanel(cameraId) {
  const state = { watch: null, issues: new Map() };
  const status = $("watch-status"), start = $("watch-start"), stop = $("watch-stop");
  const say = (text, isError = false) => { status.textContent = text; status.classList.toggle("error", isError); };

  function renderWatch() {
    const watch = state.watch;
    const active = watch?.status === "active";
    start.hidden = active;
    stop.hidden = !active;
    document.body.dataset.watch = watch ? watch.status : "none";
    if (!watch) { say("Not watched."); return; }
    const slo = watch.recording_slo == null ? "–" : watch.recording_slo.toFixed(5);
    const open = watch.unreachable.some((incident) => !incident.end) ? "; camera unreachable" : "";
    say(`Watch ${watch.status}: every ${watch.every_s} s until ${when(watch.until)}; ${watch.ticks} ticks; ` +
      `SLO ${slo}${open}`, Boolean(open));
  }

  function renderIssues() {
    const watch = state.watch, timeline = $("watch-timeline");
    const issues = [...state.issues.values()].sort((a, b) => a.start.localeCompare(b.start));
    const from = watch ? Date.parse(watch.started) : 0;
    const to = watch ? Math.max(Date.now(), ...issues.map((issue) => Date.parse(issue.end))) : 1;
    const left = (iso) => `${(100 * (Date.parse(iso) - from)) / Math.max(1, to - from)}%`;
    timeline.innerHTML = issues.map((issue) =>
      `<a class="marker ${issue.severity}" data-check="${escapeHtml(issue.check)}" style="left:${left(issue.start)}" ` +
      `href="${dayLink(cameraId, issue)}" title="${escapeHtml(`${issue.check}: ${issue.detail}`)}"></a>`).join("");
    timeline.setAttribute("aria-label", `${issues.length} issues over the watch`);
    $("watch-issues").innerHTML = issues.map((issue) =>
      `<li class="${issue.severity}" data-issue="${issue.issue_id}"><a href="${dayLink(cameraId, issue)}">` +
      `${escapeHtml(issue.check)}</a> ${escapeHtml(issue.detail)} <span class="muted">first seen ` +
      `${when(issue.first_seen)}</span></li>`).join("");
  }

  async function load() {
    const watches = await getJSON("/api/v1/watches");
    const mine = watches.ok ? watches.body.filter((watch) => watch.camera_id === cameraId) : [];
    state.watch = mine.find((watch) => watch.status === "active") || mine[0] || null;
    state.issues.clear();
    if (state.watch) {
      const since = encodeURIComponent(state.watch.started);
      const issues = await getJSON(cameraUrl(cameraId, `/issues?since=${since}`));
      for (const issue of issues.ok ? issues.body : []) state.issues.set(issue.issue_id, issue);
    }
    renderWatch();
    renderIssues();
  }

  $("watch-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const hoursFor = Number($("watch-hours").value);
    const until = new Date(Date.now() + hoursFor * 3600000).toISOString();
    const answer = await postJSON(cameraUrl(cameraId, "/watch"), { every_s: Number($("watch-every").value), until });
    if (!answer.ok) { say(answer.body?.detail || `watch refused (${answer.status})`, true); return; }
    state.watch = answer.body;
    renderWatch();
  });
  stop.addEventListener("click", async () => {
    const answer = await fetch(`/api/v1/watches/${state.watch.watch_id}`, { method: "DELETE" });
    if (answer.ok) { state.watch = await answer.json(); renderWatch(); }
  });

  load();
  return (kind, event) => {
    if (kind === KIND.CHECK_ISSUE) { state.issues.set(event.issue.issue_id, event.issue); renderIssues(); }
    if (kind === KIND.WATCH_TICK) load();
  };
}

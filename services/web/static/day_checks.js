// The day's recording checks: an issues panel grouped by check, markers on the 24-hour timeline, and per-clip flags.
// A run of clips with one cause is one issue (measured.clips counts them): one entry, one marker spanning the run.
import { escapeHtml, secondsOfDay } from "./format.js";

const CHECKS = ["gap", "overlap", "duration", "dropped_frames", "keyframe_interval", "clock_drift",
  "profile_change", "bitrate", "av_drift", "broken", "card", "clock_offset", "clock_step", "reboot"];
const DAY_S = 86400;
const pct = (seconds) => `${((100 * seconds) / DAY_S).toFixed(4)}%`;
const clockOf = (iso) => iso.slice(11, 19);
const worse = (a, b) => (a === "fail" || b === "fail" ? "fail" : "warn");

function entry(issue) {
  const at = clockOf(issue.start);
  const run = Number(issue.measured.clips) > 1;  // its detail reads "04:00–05:00, 60 clips: …"; jump to its first
  const pair = issue.clip_ids.length > 1 && issue.check !== "gap" && !run;  // an overlap names the later clip
  const clip = issue.clip_ids[pair ? 1 : 0] || "";
  return `<li><a href="#t=${at}" data-t="${at}" data-clip="${escapeHtml(clip)}" class="issue ${issue.severity}">`
    + `<span class="sev">${issue.severity}</span> <time>${at}</time> ${escapeHtml(issue.detail)}</a></li>`;
}

function groups(issues) {
  const unknown = [...new Set(issues.map((issue) => issue.check))].filter((check) => !CHECKS.includes(check));
  return [...CHECKS, ...unknown.sort()].map((check) => {
    const found = issues.filter((issue) => issue.check === check);
    if (!found.length) return "";
    const severity = found.some((issue) => issue.severity === "fail") ? "fail" : "warn";
    return `<details class="check-group" data-check="${escapeHtml(check)}" open><summary><span class="badge ${severity}">`
      + `${found.length}</span> ${escapeHtml(check.replace(/_/g, " "))}</summary><ul>${found.map(entry).join("")}</ul></details>`;
  }).join("");
}

function markers(issues) {
  return issues.filter((issue) => issue.check !== "card").map((issue) => {
    const start = secondsOfDay(issue.start), end = Math.max(start, secondsOfDay(issue.end));
    const at = clockOf(issue.start);
    return `<a class="marker ${issue.severity}" href="#t=${at}" data-t="${at}" style="left:${pct(start)};`
      + `width:max(3px,${pct(end - start)})" title="${escapeHtml(`${at} ${issue.check}: ${issue.detail}`)}"`
      + ` aria-label="${escapeHtml(`${issue.check} at ${at}`)}"></a>`;
  }).join("");
}

export function dayChecks({ panel, track, verdict, note }) {
  const flags = new Map();

  function render(answer) {
    flags.clear();
    if (!answer) {
      verdict.textContent = "";
      note.textContent = "Checks are not available until the day is scanned.";
      panel.innerHTML = "";
      track.innerHTML = "";
      return flags;
    }
    verdict.textContent = answer.verdict;
    verdict.className = `verdict ${answer.verdict}`;
    document.body.dataset.verdict = answer.verdict;
    const e = answer.expected;
    note.textContent = answer.issues.length
      ? `${answer.issues.length} issues in ${answer.summary.clips} clips. Expected: ${e.clip_s ?? "?"} s clips, `
        + `${e.width ?? "?"}x${e.height ?? "?"} @ ${e.fps ?? "?"} fps, keyframe every ≤ ${e.max_keyframe_interval_s ?? "?"} s.`
      : `No issues in ${answer.summary.clips} clips.`;
    const day = answer.days[answer.days.length - 1];
    if (day?.judged_until && day.judged_until.slice(0, 10) === day.date) {
      note.textContent += ` Judged until ${clockOf(day.judged_until)}: the start of the clip being written, or the `
        + "camera's clock at the scan. Later time is not judged yet, so it is never a gap.";
    }
    if (answer.summary.clips_without_timing) {
      note.textContent += ` ${answer.summary.clips_without_timing} clips were read by an older version: scan again to judge their frames.`;
    }
    panel.innerHTML = groups(answer.issues);
    track.innerHTML = markers(answer.issues);
    for (const issue of answer.issues) {
      for (const clipId of issue.clip_ids) {
        const flag = flags.get(clipId) || { severity: issue.severity, checks: [] };
        flag.severity = worse(flag.severity, issue.severity);
        if (!flag.checks.includes(issue.check)) flag.checks.push(issue.check);
        flags.set(clipId, flag);
      }
    }
    return flags;
  }

  function highlight(at) {
    for (const el of document.querySelectorAll(".marker.current, .issue.current")) el.classList.remove("current");
    for (const el of document.querySelectorAll(`[data-t="${at}"]`)) el.classList.add("current");
    return document.querySelector(`.issue[data-t="${at}"]`)?.dataset.clip || null;
  }

  return { render, highlight, flags };
}

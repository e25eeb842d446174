// The 24-hour timeline: scheduled mode per half hour (when coverage is known) over recorded spans by profile.
import { escapeHtml, secondsOfDay } from "./format.js";
import { colourOf, profileOf } from "./profiles.js";

const DAY_S = 86400;
const pct = (seconds) => `${((100 * seconds) / DAY_S).toFixed(4)}%`;

function spans(clips) {
  const merged = [];
  for (const clip of clips) {
    const start = secondsOfDay(clip.start);
    const end = Math.min(DAY_S, start + (clip.duration_s || 60));
    const profile = profileOf(clip);
    const last = merged[merged.length - 1];
    if (last && last.profile === profile && start <= last.end + 2) last.end = Math.max(last.end, end);
    else merged.push({ start, end, profile });
  }
  return merged;
}

export function renderRecorded(track, clips) {
  track.innerHTML = spans(clips).map((s) => {
    const label = `${new Date(s.start * 1000).toISOString().slice(11, 19)}–${new Date(s.end * 1000).toISOString().slice(11, 19)} ${s.profile}`;
    return `<span class="span" style="left:${pct(s.start)};width:max(2px,${pct(s.end - s.start)});background:${colourOf(s.profile)}" title="${escapeHtml(label)}"></span>`;
  }).join("");
}

const toSeconds = (hms) => hms.split(":").map(Number).reduce((acc, n) => acc * 60 + n, 0);

export function renderSchedule(track, note, coverage) {
  if (!coverage) {
    track.innerHTML = "";
    track.classList.add("unknown");
    note.textContent = "Recording schedule not available for this day.";
    return;
  }
  track.classList.remove("unknown");
  track.innerHTML = coverage.half_hours.map((h) => {
    const start = toSeconds(h.start);
    const gaps = (h.gaps || []).map(([a, b]) => `${a}–${b}`).join(", ");
    const title = `${h.start}–${h.end} scheduled ${h.scheduled}, recorded ${Math.round(h.recorded_s)} s${gaps ? `, gaps ${gaps}` : ""}`;
    const gapMarks = (h.gaps || []).map(([a, b]) => `<i class="gap" style="left:${(100 * (toSeconds(a) - start)) / 1800}%;width:${(100 * (toSeconds(b) - toSeconds(a))) / 1800}%"></i>`).join("");
    return `<span class="half ${escapeHtml(h.scheduled)}" style="left:${pct(start)};width:${pct(1800)}" title="${escapeHtml(title)}">${gapMarks}</span>`;
  }).join("");
  note.textContent = "Top: scheduled mode per half hour (off / boost / continuous), gaps marked; bottom: recorded clips by profile.";
}

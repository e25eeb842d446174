// Fleet table rows: worst first (the gateway's order), each with state, last scan, today's verdict and a 7-day strip.
import { bytes, escapeHtml } from "./format.js";

const STATE_RANK = { untrusted_key: 4, unreachable: 4, watching: 0, idle: 0 };
const VERDICT_RANK = { fail: 3, warn: 2, pass: 1 };
const STATE_WORDS = { untrusted_key: "untrusted key", unreachable: "unreachable", watching: "watching", idle: "idle" };
const issueCount = (row) => Object.values(row.open_issues).reduce((sum, n) => sum + n, 0);

// The same order as services/gateway/fleet/fleet_table.py worst_first.
export function worstFirst(a, b) {
  return (STATE_RANK[b.state] - STATE_RANK[a.state]) || ((VERDICT_RANK[b.verdict_today] || 0) - (VERDICT_RANK[a.verdict_today] || 0))
    || (issueCount(b) - issueCount(a)) || (a.camera_id < b.camera_id ? -1 : a.camera_id > b.camera_id ? 1 : 0);
}

export function ago(seconds) {
  if (seconds < 90) return `${Math.max(0, Math.round(seconds))} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

const percent = (ratio) => `${(ratio * 100).toFixed(ratio >= 0.999 ? 2 : 1)} %`;
const dash = `<span class="muted">–</span>`;

function lastScan(row) {
  if (!row.last_scan_time) return `<span class="muted">never</span>`;
  const seconds = (Date.now() - Date.parse(row.last_scan_time)) / 1000;
  const title = `${row.last_scan_status} at ${new Date(row.last_scan_time).toLocaleString()}`;
  return `<span title="${escapeHtml(title)}" class="${row.last_scan_status === "failed" ? "error" : ""}">${ago(seconds)}</span>`;
}

function strip(row) {
  const cameraPath = `/${encodeURIComponent(row.camera_id)}`;
  return `<span class="strip">${row.days.map((mark) => mark.verdict
    ? `<a class="mark verdict-${mark.verdict}" href="${cameraPath}/${mark.date}" title="${mark.date}: ${mark.verdict}" aria-label="${mark.date}: ${mark.verdict}"></a>`
    : `<span class="mark" title="${mark.date}: no recordings known"></span>`).join("")}</span>`;
}

function recorded(row) {
  if (row.recorded_ratio_today == null) return dash;
  return `${percent(row.recorded_ratio_today)}<div class="muted model">gaps ${Math.round(row.gap_s_today)} s</div>`;
}

function issues(row) {
  const parts = Object.entries(row.open_issues).sort((a, b) => b[1] - a[1]);
  return parts.length ? parts.map(([check, n]) => `${escapeHtml(check)} ${n}`).join(" · ") : (row.verdict_today ? "none" : dash);
}

export function rowHtml(row) {
  const id = escapeHtml(row.camera_id);
  const state = `<span class="state ${row.state}" title="${escapeHtml(row.state_detail || "")}">${STATE_WORDS[row.state]}</span>`;
  const verdict = row.verdict_today ? `<span class="verdict ${row.verdict_today}">${row.verdict_today}</span>` : dash;
  const clock = row.clock_offset_s == null ? dash : `${row.clock_offset_s > 0 ? "+" : ""}${row.clock_offset_s.toFixed(1)} s`;
  const free = row.free_bytes == null ? dash
    : `${bytes(row.free_bytes)}${row.retention_days == null ? "" : `<div class="muted model">${row.retention_days.toFixed(1)} days kept</div>`}`;
  return `<tr data-camera="${id}" data-state="${row.state}" data-verdict="${row.verdict_today || ""}">`
    + `<td><a href="/${encodeURIComponent(row.camera_id)}">${id}</a><div class="muted model">${escapeHtml(row.model)}</div></td>`
    + `<td>${state}</td><td>${lastScan(row)}</td><td>${verdict}</td>`
    + `<td>${row.slo == null ? dash : percent(row.slo)}</td><td>${recorded(row)}</td><td>${issues(row)}</td>`
    + `<td>${clock}</td><td>${free}</td><td>${strip(row)}</td></tr>`;
}

export function summary(rows) {
  const count = (test) => rows.filter(test).length;
  const parts = [`${rows.length} camera${rows.length === 1 ? "" : "s"}`];
  const fail = count((r) => r.verdict_today === "fail"), warn = count((r) => r.verdict_today === "warn");
  const down = count((r) => r.state === "unreachable" || r.state === "untrusted_key");
  if (down) parts.push(`${down} not readable`);
  if (fail) parts.push(`${fail} failing today`);
  if (warn) parts.push(`${warn} with warnings`);
  return parts.join(" · ");
}

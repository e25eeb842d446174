// Month calendars of recording days: each links to its day page, shaded by hours recorded, ringed by its verdict.
import { bytes, escapeHtml, hours } from "./format.js";

const WEEKDAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

function month(year, monthIndex, byDate, cameraId, verdicts) {
  const first = new Date(Date.UTC(year, monthIndex, 1));
  const daysInMonth = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells = WEEKDAYS.map((d) => `<span class="wd" aria-hidden="true">${d}</span>`);
  for (let i = 0; i < lead; i += 1) cells.push(`<span class="blank"></span>`);
  for (let d = 1; d <= daysInMonth; d += 1) {
    const date = `${year}-${String(monthIndex + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
    const row = byDate.get(date);
    if (!row) { cells.push(`<span class="day empty">${d}</span>`); continue; }
    const level = Math.min(4, Math.ceil((row.duration_s / 86400) * 4));
    const verdict = verdicts.get(date);
    const title = `${date}: ${row.clips} clips, ${hours(row.duration_s)}, ${bytes(row.bytes)}`
      + (row.errors ? `, ${row.errors} with errors` : "")
      + (verdict ? `, checks ${verdict.verdict}${verdict.issues ? ` (${verdict.issues} issues)` : ""}` : "");
    const classes = `day level${level}${row.errors ? " has-errors" : ""}${verdict ? ` verdict-${verdict.verdict}` : ""}`;
    cells.push(`<a class="${classes}" data-verdict="${verdict?.verdict || ""}" href="/${encodeURIComponent(cameraId)}/${date}"`
      + ` title="${escapeHtml(title)}" aria-label="${escapeHtml(title)}">${d}</a>`);
  }
  const name = first.toLocaleString("en", { month: "long", year: "numeric", timeZone: "UTC" });
  return `<div class="month"><h3>${name}</h3><div class="month-grid">${cells.join("")}</div></div>`;
}

export function renderCalendar(container, rows, cameraId, verdictRows = []) {
  if (!rows.length) { container.innerHTML = `<p class="muted">No recordings known yet: scan the card.</p>`; return; }
  const byDate = new Map(rows.map((row) => [row.date, row]));
  const verdicts = new Map(verdictRows.map((row) => [row.date, row]));
  const months = [...new Set(rows.map((row) => row.date.slice(0, 7)))].sort().reverse();
  container.innerHTML = months.map((ym) => month(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)) - 1, byDate, cameraId, verdicts)).join("");
}

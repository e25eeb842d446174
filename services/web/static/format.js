// Number and time formatting shared by the pages.

export const $ = (id) => document.getElementById(id);

export function bytes(n) {
  if (n == null) return "–";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (Math.abs(n) >= 1000 && i < units.length - 1) { n /= 1000; i += 1; }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

export function hours(seconds) {
  if (seconds == null) return "–";
  const h = Math.floor(seconds / 3600), m = Math.round((seconds % 3600) / 60);
  return h ? `${h} h ${m} min` : `${m} min`;
}

export const timeOfDay = (start) => start.slice(11, 19);

export function secondsOfDay(start) {
  const [h, m, s] = timeOfDay(start).split(":").map(Number);
  return h * 3600 + m * 60 + s;
}

export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function facts(list, pairs) {
  const cell = ([k, v]) => {
    const wide = String(v).length > 40 ? ' class="wide"' : ""; // a sentence takes the whole row, not a narrow column
    return `<div${wide}><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`;
  };
  list.innerHTML = pairs.map(cell).join("");
}

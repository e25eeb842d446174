// Deep links into a day: #t=HH:MM:SS (UTC) puts a cursor on the timeline, marks the issue found then (if any) and
// selects its clip, else the clip recorded then; clicking the timeline sets the link. The checks' issues, their JUnit
// failures and `sdb check` point here.
import { secondsOfDay, timeOfDay } from "./format.js";

const LINK = /^#t=([0-9]{2}):([0-9]{2}):([0-9]{2})$/;
const DAY_S = 86400;

export function linkedSeconds(hash) {
  const match = LINK.exec(hash);
  if (!match) return null;
  const [h, m, s] = match.slice(1).map(Number);
  return h < 24 && m < 60 && s < 60 ? h * 3600 + m * 60 + s : null;
}

// The clip holding that second, else the last one starting before it, else the day's first (list sorted by start).
export function clipAt(list, seconds) {
  let found = list[0] || null;
  for (const clip of list) {
    if (secondsOfDay(clip.start) > seconds) break;
    found = clip;
  }
  return found;
}

const hms = (seconds) => new Date(seconds * 1000).toISOString().slice(11, 19);

// highlight(HH:MM:SS) marks the issue at that time and returns its clip id, or null (see day_checks.js).
export function timeCursor(timeline, grid, tableBody, highlight = () => null) {
  const cursor = document.createElement("div");
  cursor.className = "cursor";
  cursor.id = "time-cursor";
  cursor.hidden = true;
  timeline.append(cursor);
  let list = [];
  let scrollPending = true;

  function mark(clipId) {
    for (const el of document.querySelectorAll(".selected[data-clip]")) {
      el.classList.remove("selected");
      el.removeAttribute("aria-current");
    }
    const tile = grid.querySelector(`.tile[data-clip="${CSS.escape(clipId)}"]`);
    const row = tableBody.querySelector(`tr[data-clip="${CSS.escape(clipId)}"]`);
    for (const el of [tile, row]) if (el) { el.classList.add("selected"); el.setAttribute("aria-current", "time"); }
    if (!scrollPending || !tile) return;
    scrollPending = false;
    tile.scrollIntoView({ block: "center" });
    tile.focus({ preventScroll: true });
    if (row) {
      const box = row.closest(".table-scroll");
      box.scrollTop = row.offsetTop - box.clientHeight / 2;
    }
  }

  // Apply the current link to the clips shown (again after every re-render; scroll only once per link).
  function show(clips) {
    list = clips;
    const seconds = linkedSeconds(location.hash);
    cursor.hidden = seconds === null;
    if (seconds === null) return;
    cursor.style.left = `${((100 * seconds) / DAY_S).toFixed(4)}%`;
    cursor.title = `${hms(seconds)} UTC`;
    document.body.dataset.cursor = hms(seconds);
    const flagged = highlight(hms(seconds));
    const clip = (flagged && list.find((item) => item.clip_id === flagged)) || clipAt(list, seconds);
    if (clip) {
      document.body.dataset.selectedClip = clip.clip_id;
      cursor.title += ` · clip at ${timeOfDay(clip.start)}`;
      mark(clip.clip_id);
    }
  }

  window.addEventListener("hashchange", () => { scrollPending = true; show(list); });
  timeline.addEventListener("click", (event) => {
    const box = timeline.getBoundingClientRect();
    const seconds = Math.min(DAY_S - 1, Math.max(0, Math.floor((DAY_S * (event.clientX - box.left)) / box.width)));
    location.hash = `t=${hms(seconds)}`;
  });
  return show;
}

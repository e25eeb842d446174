// Jumping to a time of the day (#t=HH:MM:SS): mark the issue there and bring its clip (or the clip then) into view.
import { secondsOfDay } from "./format.js";

const TIME = /^#t=(\d{2}):(\d{2}):(\d{2})$/;

export function jumpTo(hash, { highlight, sortedClips }) {
  const match = TIME.exec(hash);
  if (!match) return false;
  const at = `${match[1]}:${match[2]}:${match[3]}`;
  const seconds = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
  let clipId = highlight(at);
  if (!clipId) {
    const covering = sortedClips().filter((clip) => secondsOfDay(clip.start) <= seconds).pop();
    clipId = covering?.clip_id || null;
  }
  const tile = clipId ? document.querySelector(`.tile[data-clip="${CSS.escape(clipId)}"]`) : null;
  if (!tile) return false;
  for (const el of document.querySelectorAll(".tile.jumped")) el.classList.remove("jumped");
  tile.classList.add("jumped");
  tile.scrollIntoView({ block: "center" });
  tile.focus({ preventScroll: true });
  return true;
}

// The thumbnail grid: a fixed-size placeholder per clip that becomes its still, playing the preview on hover/focus.
import { timeOfDay } from "./format.js";
import { colourOf, profileOf } from "./profiles.js";

const RECORDING_TITLE = "Being written when the card was scanned: not judged until the camera closes it (scan again).";

// Minutes:seconds since a clip began, on the camera's clock (the browser's clock plus the camera's known offset).
function elapsed(start, offsetS) {
  const seconds = Math.max(0, Math.floor(Date.now() / 1000 + offsetS - Date.parse(`${start}Z`) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

export function clipGrid(container, onOpen) {
  const tiles = new Map();
  let offsetS = 0;

  function caption(tile, clip, profile) {
    const live = clip.status === "recording";
    tile.querySelector(".cap").textContent = live
      ? `${timeOfDay(clip.start)} · ● recording ${elapsed(clip.start, offsetS)}`
      : `${timeOfDay(clip.start)} · ${clip.status === "ok" ? profile : clip.status}`;
  }

  // The recording tile's elapsed time goes on while the page is open.
  setInterval(() => {
    for (const tile of container.querySelectorAll(".tile.recording")) {
      tile.querySelector(".cap").textContent = `${timeOfDay(tile.dataset.start)} · ● recording ${elapsed(tile.dataset.start, offsetS)}`;
    }
  }, 1000);

  function showStill(tile) {
    const img = tile.querySelector("img");
    const url = tile.dataset.thumb;
    if (url && img.getAttribute("src") !== url) img.src = url;
    tile.classList.toggle("has-image", Boolean(url));
  }

  function showPreview(tile) {
    if (tile.dataset.preview) tile.querySelector("img").src = tile.dataset.preview;
    tile.classList.add("previewing");
  }

  function tileFor(clip, before) {
    let tile = tiles.get(clip.clip_id);
    if (!tile) {
      tile = document.createElement("button");
      tile.type = "button";
      tile.className = "tile";
      tile.dataset.clip = clip.clip_id;
      tile.innerHTML = `<span class="thumb"><img alt="" loading="lazy" decoding="async"></span><span class="cap"></span>`;
      tile.addEventListener("mouseenter", () => showPreview(tile));
      tile.addEventListener("focus", () => showPreview(tile));
      tile.addEventListener("mouseleave", () => { tile.classList.remove("previewing"); showStill(tile); });
      tile.addEventListener("blur", () => { tile.classList.remove("previewing"); showStill(tile); });
      tile.addEventListener("click", () => onOpen(tile.dataset.clip));
      tiles.set(clip.clip_id, tile);
      container.insertBefore(tile, before || null);
    }
    return tile;
  }

  function flag(clipId, found) {
    const tile = tiles.get(clipId);
    if (!tile) return;
    tile.classList.toggle("flagged", Boolean(found));
    let badge = tile.querySelector(".badge");
    if (!found) { badge?.remove(); return; }
    if (!badge) { badge = document.createElement("span"); tile.querySelector(".thumb").append(badge); }
    badge.className = `badge ${found.severity}`;
    badge.textContent = found.checks.map((check) => check.replace(/_/g, " ")).join(", ");
    tile.dataset.flag = found.severity;
  }

  function update(clip, nextClipId) {
    const tile = tileFor(clip, nextClipId ? tiles.get(nextClipId) : null);
    const profile = profileOf(clip);
    tile.style.setProperty("--profile", colourOf(profile));
    const live = clip.status === "recording";
    tile.dataset.start = clip.start;
    caption(tile, clip, profile);
    tile.querySelector("img").alt = `clip at ${timeOfDay(clip.start)}`;
    tile.setAttribute("aria-label", `Clip at ${timeOfDay(clip.start)}, ${live ? "being recorded" : clip.status}, ${profile}`);
    tile.classList.toggle("bad", clip.status !== "ok" && !live);
    tile.classList.toggle("recording", live);
    if (live) tile.title = RECORDING_TITLE; else tile.removeAttribute("title");
    if (clip.thumbnail_url) tile.dataset.thumb = clip.thumbnail_url;
    if (clip.preview_url) tile.dataset.preview = clip.preview_url;
    if (!tile.classList.contains("previewing")) showStill(tile);
  }

  // The camera clock's offset from ours (the checks answer), so elapsed time is counted on the camera's clock.
  function setClockOffset(seconds) { offsetS = seconds || 0; }

  return { update, flag, setClockOffset };
}

// Clip details in a dialog, with the clip streamed from the camera (HTTP range requests) into a video element.
import { $, bytes, facts } from "./format.js";
import { profileOf } from "./profiles.js";

export function clipDialog() {
  const dialog = $("clip-dialog"), video = $("clip-video");
  dialog.addEventListener("close", () => { video.pause(); video.removeAttribute("src"); video.load(); });
  return (clip) => {
    const v = clip.video, a = clip.audio;
    $("clip-dialog-title").textContent = clip.path;
    facts($("clip-facts"), [
      ["Start (UTC)", clip.start.replace("T", " ")], ["Status", clip.error ? `${clip.status}: ${clip.error}` : clip.status],
      ["Size", bytes(clip.size_bytes)], ["Duration", clip.duration_s == null ? "–" : `${clip.duration_s.toFixed(2)} s`],
      ["Profile", profileOf(clip)], ["Video", v ? `${v.codec} ${v.profile || ""}, ${v.bitrate_kbps?.toFixed(1)} kbit/s, keyframe every ${v.keyframe_interval_s} s, ${v.frames} frames` : "–"],
      ["Audio", a ? `${a.codec} ${a.sample_rate} Hz, ${a.channels} ch` : "none"],
      ["Read from camera to learn this", bytes(clip.bytes_read)], ["Clip id", clip.clip_id],
    ]);
    video.src = `/api/v1/clips/${encodeURIComponent(clip.clip_id)}/video`;
    dialog.showModal();
  };
}

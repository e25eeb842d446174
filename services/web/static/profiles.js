// Clip profiles (resolution and frame rate) and the colour each one gets on the day page.

const PALETTE = ["#4ea1ff", "#3ddc97", "#f5b942", "#c77dff", "#ff8fab", "#5ce1e6"];
const BROKEN = "#ff6b6b";
const assigned = new Map();

export function profileOf(clip) {
  const v = clip.video;
  return v ? `${v.width}x${v.height} @ ${Math.round(v.fps)} fps` : "no video facts";
}

export function colourOf(profile) {
  if (profile === "no video facts") return BROKEN;
  if (!assigned.has(profile)) assigned.set(profile, PALETTE[assigned.size % PALETTE.length]);
  return assigned.get(profile);
}

export function legend(container, clips) {
  const counts = new Map();
  for (const clip of clips) counts.set(profileOf(clip), (counts.get(profileOf(clip)) || 0) + 1);
  container.replaceChildren(...[...counts].map(([profile, n]) => {
    const item = document.createElement("span");
    item.className = "legend-item";
    item.innerHTML = `<i style="background:${colourOf(profile)}"></i>`;
    item.append(`${profile}: ${n}`);
    return item;
  }));
}

// uPlot charts of bitrate, frame rate and clip size over the day, updated in place as clips arrive.
import { $, secondsOfDay } from "./format.js";

const SERIES = [
  { id: "chart-bitrate", label: "kbit/s", value: (c) => c.video?.bitrate_kbps ?? null, stroke: "#4ea1ff" },
  { id: "chart-fps", label: "fps", value: (c) => c.video?.fps ?? null, stroke: "#3ddc97" },
  { id: "chart-size", label: "MB", value: (c) => c.size_bytes / 1e6, stroke: "#f5b942" },
];
const HEIGHT = 140;

function options(series, width, dayStart) {
  const axis = { stroke: "#9aa4b2", grid: { stroke: "#262e38" }, ticks: { stroke: "#262e38" } };
  return {
    width, height: HEIGHT, legend: { show: false },
    scales: { x: { time: true, range: [dayStart, dayStart + 86400] } },
    axes: [{ ...axis }, { ...axis, size: 50 }],
    series: [{}, { label: series.label, stroke: series.stroke, width: 1, points: { show: true, size: 3 }, spanGaps: false }],
  };
}

export function dayCharts(date) {
  const dayStart = Date.parse(`${date}T00:00:00Z`) / 1000;
  const plots = SERIES.map((s) => {
    const box = $(s.id);
    return new uPlot(options(s, box.clientWidth || 400, dayStart), [[], []], box);
  });
  new ResizeObserver(() => plots.forEach((plot, i) => plot.setSize({ width: $(SERIES[i].id).clientWidth, height: HEIGHT })))
    .observe($("chart-bitrate").parentElement.parentElement);
  return (clips) => {
    const xs = clips.map((c) => dayStart + secondsOfDay(c.start));
    plots.forEach((plot, i) => plot.setData([xs, clips.map(SERIES[i].value)]));
  };
}

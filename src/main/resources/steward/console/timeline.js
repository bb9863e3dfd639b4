// The run history as a picture: one bar per run at its CreatedTime, as tall as its target
// count and coloured by its status; hovering shows the run's counts, clicking opens it.
// Drawn with uPlot (from its WebJar, loaded as the global `uPlot`).
import { announce, counts, countsText, html, time } from "./ui.js";

export const STATUS_COLOURS = {
  Success: "#1a7f37", Failed: "#c62828", TimedOut: "#7b1fa2", Cancelled: "#6b7280",
  Skipped: "#9ca3af", Pending: "#d97706", InProgress: "#2563eb",
};
const OTHER = "#111827";

function total(run) {
  return Object.values(counts(run.ResourceCountByStatus)).reduce((a, b) => a + Number(b || 0), 0);
}

/** Draws `runs` (any order) into `container`; returns a function that redraws with new runs. */
export function timeline(container, onPick) {
  let plot = null;
  let ordered = [];
  let xs = [];
  let values = [];
  let keyed = null;
  const chart = document.createElement("div");
  const tip = document.createElement("div");
  tip.className = "tip";
  tip.hidden = true;
  const legend = document.createElement("div");
  legend.className = "legend";
  container.classList.add("timeline");
  container.replaceChildren(chart, tip, legend);

  const draw = (runs) => {
    ordered = [...runs].sort((a, b) => a.CreatedTime - b.CreatedTime);
    const statuses = [...new Set(ordered.map((r) => r.Status))].sort();
    xs = ordered.map((r) => Number(r.CreatedTime));
    values = ordered.map((r) => Math.max(total(r), 0.3));
    keyed = null;
    const series = statuses.map((s) => ordered.map((r, i) => (r.Status === s ? values[i] : null)));
    const byStatus = Object.fromEntries(statuses.map((s) => [s, ordered.filter((r) => r.Status === s).length]));
    legend.innerHTML = html`${statuses.map((s) => html`<span style="--c:${STATUS_COLOURS[s] || OTHER}">${s} ${byStatus[s]}</span>`)}
      <span class="note" style="--c:transparent">bar height: targets in the run</span>`.toString();
    chart.setAttribute("role", "img");
    chart.setAttribute("aria-label", `Timeline of the ${ordered.length} runs shown: ` +
      statuses.map((s) => `${byStatus[s]} ${s}`).join(", ") +
      ". Left and right arrows step through the runs, Enter opens one; the table below lists the same runs.");
    chart.tabIndex = 0;
    if (plot) plot.destroy();
    tip.hidden = true;
    if (!ordered.length) {
      chart.innerHTML = '<p class="note">No runs match.</p>';
      return;
    }
    chart.innerHTML = "";
    const width = Math.max(container.clientWidth || 800, 320);
    // At least a minute either side, so that a burst of runs does not get sub-second ticks.
    const pad = Math.max((xs[xs.length - 1] - xs[0]) * 0.04, 60);
    plot = new uPlot({
      width,
      height: 220,
      legend: { show: false },
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: true, range: [xs[0] - pad, xs[xs.length - 1] + pad] }, y: { range: (u, min, max) => [0, Math.max(1, max) * 1.15] } },
      axes: [{}, { label: "targets", size: 50 }],
      series: [{}, ...statuses.map((s) => ({
        label: s,
        stroke: STATUS_COLOURS[s] || OTHER,
        fill: STATUS_COLOURS[s] || OTHER,
        paths: uPlot.paths.bars({ size: [0.6, 16, 6], align: 0 }),
        points: { show: false },
      }))],
      hooks: {
        setCursor: [(u) => {
          const i = u.cursor.idx;
          if (i === null || i === undefined || u.cursor.left < 0) {
            tip.hidden = true;
            return;
          }
          const run = ordered[i];
          tip.innerHTML = html`<strong>${run.Status}</strong> · ${time(run.CreatedTime)}<br>
            ${countsText(counts(run.ResourceCountByStatus))}<br><span class="mono">${run.ExecutionId}</span>`.toString();
          tip.hidden = false;
          const left = u.over.offsetLeft + u.cursor.left + 12;
          tip.style.left = Math.min(left, width - 300) + "px";
          tip.style.top = u.over.offsetTop + Math.max(0, u.cursor.top - 10) + "px";
        }],
      },
    }, [xs, ...series], chart);
    plot.over.style.cursor = "pointer";
    plot.over.addEventListener("click", () => {
      const i = plot.cursor.idx;
      if (i !== null && i !== undefined) onPick(ordered[i]);
    });
    plot.over.addEventListener("mouseleave", () => { tip.hidden = true; });
  };
  // The chart from the keyboard: arrows move the cursor from run to run, Enter opens the run.
  chart.addEventListener("keydown", (event) => {
    if (!plot || !ordered.length) return;
    const last = ordered.length - 1;
    let i;
    if (event.key === "ArrowLeft") i = keyed === null ? last : Math.max(0, keyed - 1);
    else if (event.key === "ArrowRight") i = keyed === null ? last : Math.min(last, keyed + 1);
    else if (event.key === "Home") i = 0;
    else if (event.key === "End") i = last;
    else if (event.key === "Enter" && keyed !== null) {
      onPick(ordered[keyed]);
      return;
    } else return;
    event.preventDefault();
    keyed = i;
    plot.setCursor({ left: plot.valToPos(xs[i], "x"), top: plot.valToPos(values[i] / 2, "y") });
    const run = ordered[i];
    announce(`${run.Status} run at ${time(run.CreatedTime)}: ${countsText(counts(run.ResourceCountByStatus))}`);
  });
  chart.addEventListener("blur", () => { tip.hidden = true; });
  return draw;
}

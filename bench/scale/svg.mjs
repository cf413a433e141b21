// A small SVG line chart for the scale bench: log-scale x (size), log- or linear-scale y, one polyline
// per series with its points marked, a legend (one series a line) below the plot. With `guide`, a dashed grey line of
// slope 1 on log-log axes starts at the first series' first point: where cost is linear in size.
const WIDTH = 760;
const PLOT = { left: 70, top: 40, width: 560, height: 300 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v) => (v >= 1000 ? `${+(v / 1000).toPrecision(3)}k` : `${+v.toPrecision(3)}`);

/** Powers of ten (and 2×, 5× when the range is short) within [lo, hi]. */
function logTicks(lo, hi) {
  const ticks = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of hi / lo < 100 ? [1, 2, 5] : [1]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v);
    }
  }
  return ticks;
}

/**
 * @param {{title: string, xLabel: string, yLabel: string, logY?: boolean, guide?: boolean,
 *          series: {name: string, points: {x: number, y: number}[]}[]}} chart
 */
export function lineChart({ title, xLabel, yLabel, logY = true, guide = false, series }) {
  const points = series.flatMap((s) => s.points).filter((p) => p.y > 0);
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs) / 1.3, Math.max(...xs) * 1.3];
  const [y0, y1] = logY ? [Math.min(...ys) / 1.5, Math.max(...ys) * 1.5] : [0, Math.max(...ys) * 1.1];
  const sx = (x) => PLOT.left + ((Math.log10(x) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0))) * PLOT.width;
  const sy = logY
    ? (y) => PLOT.top + PLOT.height - ((Math.log10(y) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0))) * PLOT.height
    : (y) => PLOT.top + PLOT.height - ((y - y0) / (y1 - y0)) * PLOT.height;
  const yTicks = logY ? logTicks(y0, y1) : Array.from({ length: 6 }, (_, i) => (y1 / 5) * i);
  const legendRows = series.length;
  const height = PLOT.top + PLOT.height + 60 + legendRows * 18;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escape(title)}</text>`,
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.width}" height="${PLOT.height}" fill="none" stroke="#999"/>`,
  ];
  for (const v of logTicks(x0, x1)) {
    out.push(`<line x1="${sx(v)}" y1="${PLOT.top}" x2="${sx(v)}" y2="${PLOT.top + PLOT.height}" stroke="#eee"/>`,
      `<text x="${sx(v)}" y="${PLOT.top + PLOT.height + 15}" text-anchor="middle">${fmt(v)}</text>`);
  }
  for (const v of yTicks) {
    out.push(`<line x1="${PLOT.left}" y1="${sy(v)}" x2="${PLOT.left + PLOT.width}" y2="${sy(v)}" stroke="#eee"/>`,
      `<text x="${PLOT.left - 6}" y="${sy(v) + 4}" text-anchor="end">${fmt(v)}</text>`);
  }
  out.push(`<text x="${PLOT.left + PLOT.width / 2}" y="${PLOT.top + PLOT.height + 34}" text-anchor="middle">${escape(xLabel)} (log scale)</text>`,
    `<text transform="translate(16 ${PLOT.top + PLOT.height / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}${logY ? ' (log scale)' : ''}</text>`);
  const first = series[0]?.points[0];
  if (guide && logY && first) {
    // y = first.y · (x / first.x): O(size) from the first point, clipped to the plot.
    const end = Math.min(x1, first.x * (y1 / first.y));
    out.push(`<line x1="${sx(first.x)}" y1="${sy(first.y)}" x2="${sx(end)}" y2="${sy(first.y * (end / first.x))}" stroke="#aaa" stroke-dasharray="5 4"/>`,
      `<text x="${sx(end) - 4}" y="${sy(first.y * (end / first.x)) + 14}" text-anchor="end" fill="#888">O(size)</text>`);
  }
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.filter((p) => p.y > 0);
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) out.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" fill="${color}"><title>${escape(`${s.name}: ${fmt(p.y)} at ${fmt(p.x)}`)}</title></circle>`);
    const lx = PLOT.left;
    const ly = PLOT.top + PLOT.height + 56 + i * 18;
    out.push(`<rect x="${lx}" y="${ly - 8}" width="14" height="4" fill="${color}"/>`, `<text x="${lx + 20}" y="${ly - 3}">${escape(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/**
 * Log-log line charts as SVG text, written by hand (no plotting dependency): size against time,
 * one line per method or peer, decade grid lines, a legend.
 */

/** One line of a chart. */
export interface Series {
  readonly name: string;
  /** Points (x, y), both > 0 (others are dropped: a log axis has no place for them). */
  readonly points: ReadonlyArray<readonly [number, number]>;
}

/** A chart's content. */
export interface Chart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
}

// Colour-blind-safe palette (Okabe–Ito), then greys.
const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#F0E442',
  '#000000',
  '#777777',
  '#BBBBBB',
];
const DASHES = ['', '6 3', '2 2', '8 3 2 3'];

const W = 640;
const H = 400;
const M = { left: 70, right: 170, top: 36, bottom: 50 };

/** Escapes text for SVG. */
export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Decade bounds [10^lo, 10^hi] covering the values (a single value gets one decade around it). */
export function decades(values: readonly number[]): [number, number] {
  const logs = values.filter((v) => v > 0 && Number.isFinite(v)).map(Math.log10);
  if (logs.length === 0) return [0, 1];
  const lo = Math.floor(Math.min(...logs));
  let hi = Math.ceil(Math.max(...logs));
  if (hi === lo) hi = lo + 1;
  return [lo, hi];
}

/** Label of the tick 10^e: plain numbers where short, else 1e±n. */
export function tickLabel(e: number): string {
  if (e >= 0 && e <= 5) return String(10 ** e);
  if (e < 0 && e >= -3) return (10 ** e).toFixed(-e);
  return `1e${e}`;
}

const fmt = (v: number) => (Math.round(v * 10) / 10).toString();

/** The chart as an SVG document. */
export function lineChartSvg(chart: Chart): string {
  const series = chart.series
    .map((s) => ({
      name: s.name,
      points: s.points.filter(
        ([x, y]) => x > 0 && y > 0 && Number.isFinite(x) && Number.isFinite(y),
      ),
    }))
    .filter((s) => s.points.length > 0);
  const [xlo, xhi] = decades(series.flatMap((s) => s.points.map((p) => p[0])));
  const [ylo, yhi] = decades(series.flatMap((s) => s.points.map((p) => p[1])));
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const px = (x: number) => M.left + ((Math.log10(x) - xlo) / (xhi - xlo)) * pw;
  const py = (y: number) => M.top + ph - ((Math.log10(y) - ylo) / (yhi - ylo)) * ph;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(
    `<text x="${W / 2 - M.right / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(chart.title)}</text>`,
  );
  // Grid and ticks.
  for (let e = xlo; e <= xhi; e++) {
    const x = fmt(px(10 ** e));
    out.push(`<line x1="${x}" y1="${M.top}" x2="${x}" y2="${M.top + ph}" stroke="#ddd"/>`);
    out.push(`<text x="${x}" y="${M.top + ph + 16}" text-anchor="middle">${tickLabel(e)}</text>`);
  }
  for (let e = ylo; e <= yhi; e++) {
    const y = fmt(py(10 ** e));
    out.push(`<line x1="${M.left}" y1="${y}" x2="${M.left + pw}" y2="${y}" stroke="#ddd"/>`);
    out.push(
      `<text x="${M.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${tickLabel(e)}</text>`,
    );
  }
  out.push(
    `<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`,
  );
  out.push(
    `<text x="${M.left + pw / 2}" y="${H - 12}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`,
  );
  out.push(
    `<text transform="translate(16 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.yLabel)}</text>`,
  );
  // Lines, markers, legend.
  series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const dash = DASHES[Math.floor(i / PALETTE.length) % DASHES.length];
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    const d = pts.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${fmt(px(x))},${fmt(py(y))}`).join(' ');
    out.push(
      `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
    );
    for (const [x, y] of pts)
      out.push(`<circle cx="${fmt(px(x))}" cy="${fmt(py(y))}" r="3" fill="${colour}"/>`);
    const ly = M.top + 10 + i * 18;
    const lx = M.left + pw + 12;
    out.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 22}" y2="${ly}" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
    );
    out.push(
      `<text x="${lx + 28}" y="${ly}" dominant-baseline="middle">${escapeXml(s.name)}</text>`,
    );
  });
  if (series.length === 0)
    out.push(
      `<text x="${M.left + pw / 2}" y="${M.top + ph / 2}" text-anchor="middle" fill="#777">no data</text>`,
    );
  out.push('</svg>');
  return out.join('\n') + '\n';
}

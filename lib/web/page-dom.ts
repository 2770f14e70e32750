/// <reference lib="dom" />
/**
 * The page's DOM pieces that hold no state: elements, the `:bench` table and bar chart, and
 * zoomable SVG pictures whose nodes show their subterm on hover (lib/web/page.ts uses them).
 */
import type { BenchRow } from './answer.js';

/** An element with a class and text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls = '',
  text = '',
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  return e;
}

/** The `:bench` answer: a table of the seven methods and a bar chart. */
export function benchOut(rows: readonly BenchRow[], out: HTMLElement, raw: string): void {
  const table = el('table', 'bench');
  const head = el('tr');
  for (const h of ['method', 'ms', 'tree size', 'DAG size', 'value']) head.append(el('th', '', h));
  table.append(head);
  for (const r of rows) {
    const tr = el('tr');
    for (const c of [r.method, r.ms === undefined ? '-' : r.ms.toFixed(2), r.tree, r.dag, r.value])
      tr.append(el('td', '', c));
    table.append(tr);
  }
  out.append(table, barChart(rows), el('div', 'meta', raw.split('\n').pop() ?? ''));
}

/** Bars of the times (left) and of the derivative DAG sizes (right), one row per method. */
function barChart(rows: readonly BenchRow[]): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const h = 18;
  const w = 220;
  svg.setAttribute('width', String(80 + 2 * w + 40));
  svg.setAttribute('height', String(h * rows.length + 24));
  const maxMs = Math.max(1e-9, ...rows.map((r) => r.ms ?? 0));
  const maxDag = Math.max(1, ...rows.map((r) => Number(r.dag) || 0));
  const text = (x: number, y: number, s: string, anchor = 'start'): void => {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', String(x));
    t.setAttribute('y', String(y));
    t.setAttribute('font-size', '11');
    t.setAttribute('text-anchor', anchor);
    t.textContent = s;
    svg.append(t);
  };
  const bar = (x: number, y: number, len: number, color: string): void => {
    const r = document.createElementNS(ns, 'rect');
    r.setAttribute('x', String(x));
    r.setAttribute('y', String(y));
    r.setAttribute('width', String(Math.max(1, len)));
    r.setAttribute('height', String(h - 5));
    r.setAttribute('fill', color);
    svg.append(r);
  };
  text(80, 11, 'time (ms)');
  text(80 + w + 20, 11, 'derivative DAG size');
  rows.forEach((r, i) => {
    const y = 16 + i * h;
    text(75, y + 10, r.method, 'end');
    bar(80, y, ((r.ms ?? 0) / maxMs) * (w - 40), '#2f5fb3');
    text(
      80 + ((r.ms ?? 0) / maxMs) * (w - 40) + 4,
      y + 10,
      r.ms === undefined ? '' : r.ms.toFixed(2),
    );
    const d = Number(r.dag) || 0;
    if (d > 0) {
      bar(80 + w + 20, y, (d / maxDag) * (w - 40), '#5aa469');
      text(80 + w + 24 + (d / maxDag) * (w - 40), y + 10, r.dag);
    }
  });
  return svg;
}

/** An SVG picture in a scrollable box, zoomed by the buttons or Ctrl+wheel; nodes show their subterm on hover. */
export function zoomable(
  svgText: string,
  hover: HTMLElement,
  box: HTMLElement = el('div', 'picture'),
): HTMLElement {
  box.innerHTML = svgText;
  const svg = box.querySelector('svg');
  if (svg === null) return box;
  const w = svg.width.baseVal.value;
  const h = svg.height.baseVal.value;
  let scale = 1;
  const apply = (): void => {
    svg.setAttribute('width', `${w * scale}`);
    svg.setAttribute('height', `${h * scale}`);
  };
  (box as HTMLElement & { zoom?: (how: string) => void }).zoom = (how) => {
    if (how === 'in') scale *= 1.25;
    else if (how === 'out') scale /= 1.25;
    else scale = Math.min(1, (box.clientWidth - 4) / w);
    apply();
  };
  box.addEventListener(
    'wheel',
    (e) => {
      if (!e.ctrlKey) return;
      e.preventDefault();
      scale *= e.deltaY < 0 ? 1.1 : 1 / 1.1;
      apply();
    },
    { passive: false },
  );
  box.addEventListener('mousemove', (e) => {
    const a = (e.target as Element).closest('a');
    const tip =
      a?.getAttribute('xlink:title') ?? a?.getAttributeNS('http://www.w3.org/1999/xlink', 'title');
    if (!tip) {
      hover.style.display = 'none';
      return;
    }
    a?.removeAttribute('xlink:title');
    a?.setAttribute('data-tip', tip);
    hover.textContent = tip;
    hover.style.display = 'block';
    hover.style.left = `${e.clientX + 12}px`;
    hover.style.top = `${e.clientY + 12}px`;
  });
  box.addEventListener('mouseover', (e) => {
    const tip = (e.target as Element).closest('a')?.getAttribute('data-tip');
    if (tip) {
      hover.textContent = tip;
      hover.style.display = 'block';
    }
  });
  box.addEventListener('mouseleave', () => {
    hover.style.display = 'none';
  });
  return box;
}

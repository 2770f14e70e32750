import test from 'ava';
import {
  formatMarkdown,
  formatMs,
  formatRatio,
  formatTable,
  median,
  type Row,
} from './bench/harness.js';
import { decades, escapeXml, lineChartSvg, tickLabel } from './bench/svg.js';
import { peerText, renameVars } from './bench/workloads/common.js';
import { add, call, mul, num, pow, sym } from '../lib/term/term.js';

/** The benchmark's pure helpers (the benchmarks themselves run with `npm run bench`, not here). */

test('median of odd and even lists', (t) => {
  t.is(median([3, 1, 2]), 2);
  t.is(median([4, 1, 3, 2]), 2.5);
});

test('times and ratios keep three significant digits with a unit', (t) => {
  t.is(formatMs(1234), '1.23 s');
  t.is(formatMs(12.345), '12.3 ms');
  t.is(formatMs(0.0123), '12.3 µs');
  t.is(formatMs(0.0000123), '12.3 ns');
  t.is(formatRatio(2.5), '2.50×');
  t.is(formatRatio(1234.4), '1234×');
  t.is(formatRatio(undefined), '');
});

const rows: Row[] = [
  {
    family: 'f',
    workload: 'parse',
    size: 1000,
    method: 'parse',
    ms: 2,
    peer: 'mathjs',
    peerMs: 1,
    ratio: 0.5,
  },
  { family: 'f', workload: 'x|y', size: '', method: '', note: 'not available: lib/x.ts not built' },
];

test('the text table aligns columns and the markdown table escapes pipes', (t) => {
  const lines = formatTable(rows).split('\n');
  t.is(lines.length, 4);
  t.is(lines[0].indexOf('size'), lines[2].indexOf('1000'));
  const md = formatMarkdown(rows);
  t.true(md.includes('x\\|y'));
  t.is(md.split('\n').length, 4);
});

test('log axes cover whole decades', (t) => {
  t.deepEqual(decades([3, 250]), [0, 3]);
  t.deepEqual(decades([10]), [1, 2]);
  t.deepEqual(decades([]), [0, 1]);
  t.is(tickLabel(3), '1000');
  t.is(tickLabel(-2), '0.01');
  t.is(tickLabel(-6), '1e-6');
});

test('the chart is well-formed SVG with one path per series and escaped labels', (t) => {
  const svg = lineChartSvg({
    title: 'a < b & c',
    xLabel: 'n',
    yLabel: 'ms',
    series: [
      {
        name: 'dstar',
        points: [
          [10, 1],
          [100, 12],
          [1000, 130],
        ],
      },
      {
        name: 'SymPy',
        points: [
          [10, 200],
          [0, 5],
        ],
      },
      { name: 'empty', points: [[-1, 3]] },
    ],
  });
  t.true(svg.startsWith('<svg'));
  t.true(svg.trimEnd().endsWith('</svg>'));
  t.is(svg.match(/<path /g)?.length, 2);
  t.true(svg.includes('a &lt; b &amp; c'));
  t.is(escapeXml('"<>&'), '&quot;&lt;&gt;&amp;');
});

test('peer text and renaming keep function names', (t) => {
  const x = sym('x');
  const text = peerText(add(mul(num(2), pow(x, num(3))), call('sin', x)));
  t.true(['((2 * (x^3)) + sin(x))', '(sin(x) + (2 * (x^3)))'].includes(text), text);
  t.is(renameVars('exp(x) + abs(y)*c', 3), 'exp(x_3) + abs(y_3)*c_3');
});

import test from 'ava';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPage } from '../../lib/web/build.js';
import { serveDir } from '../../lib/web/serve.js';
import { parse } from '../../lib/syntax/parse.js';
import { toLatex } from '../../lib/term/print.js';

/**
 * The page in a real browser: Debian's chromium, driven by playwright-core (which never
 * downloads a browser). One build, one server, one browser, one page for the whole file.
 * Without /usr/bin/chromium the file skips with a one-line notice (.ci/run installs it).
 * With BIBUN_WEB_SCREENSHOT=FILE it also writes the README's screenshot.
 */
const chromium = '/usr/bin/chromium';
const founding = '(4 + sin(x))*cos(sin(x))';

if (!existsSync(chromium)) {
  console.log(`spec/web: skipped, ${chromium} is not installed (apt-get install chromium)`);
  test.skip('the page in headless Chromium', () => {});
} else {
  // Loaded only when there is a browser to drive.
  const { chromium: launcher } = await import('playwright-core');
  type Page = Awaited<ReturnType<Awaited<ReturnType<typeof launcher.launch>>['newPage']>>;
  let dir: string;
  let server: Server;
  let browser: Awaited<ReturnType<typeof launcher.launch>>;
  let page: Page;
  let loadMs = 0;

  const text = async (l: ReturnType<Page['locator']>): Promise<string> =>
    (await l.textContent()) ?? '';
  const cells = (): ReturnType<Page['locator']> => page.locator('#cells .cell');
  /** Types an input into the prompt and waits for its cell to get an answer. */
  async function run(input: string): Promise<ReturnType<Page['locator']>> {
    const n = await cells().count();
    await page.fill('#input', input);
    await page.press('#input', 'Enter');
    const cell = cells().nth(n);
    await cell.locator('.out:not(:has(.meta:text("running…")))').waitFor({ timeout: 60_000 });
    return cell;
  }

  test.before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bibun-web-spec-'));
    await buildPage(dir, false);
    server = await serveDir(dir, 0);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    browser = await launcher.launch({ executablePath: chromium, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const inputs = [`f = ${founding}`, 'subs(d(f, x), x, pi)', '(x + 1', 'g = 2*f'];
    const query = inputs.map((q) => `q=${encodeURIComponent(q)}`).join('&');
    const t0 = Date.now();
    await page.goto(`http://127.0.0.1:${port}/?${query}&draw=dag`);
    await page.locator('body[data-loaded]').waitFor({ state: 'attached', timeout: 60_000 });
    loadMs = Date.now() - t0;
  });

  test.after.always(async () => {
    await browser?.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test.serial(
    '?q= inputs run on load, each rendered with KaTeX from the LaTeX printer',
    async (t) => {
      t.log(`page load to the last ?q= answer and the DAG: ${loadMs} ms`);
      t.is(await cells().count(), 4);
      const first = cells().nth(0);
      t.is(await first.getAttribute('data-kind'), 'term');
      t.is(await first.locator('.katex').count(), 1);
      t.is(await first.locator('.math').getAttribute('data-latex'), toLatex(parse(founding)));
      t.regex(await text(first.locator('.katex-html')), /cos/);
      // The text of the answer is one click away, exactly as the terminal prints it.
      await first.getByRole('button', { name: 'text' }).click();
      t.is(await text(first.locator('pre.detail')), '(sin(x) + 4)*cos(sin(x))');
      await first.getByRole('button', { name: 'sizes' }).click();
      t.is(await text(first.locator('pre.detail')), 'tree size 8, DAG size 6');
    },
  );

  test.serial('the founding derivative is −1 at π', async (t) => {
    const cell = cells().nth(1);
    t.is(await cell.locator('.math').getAttribute('data-latex'), '-1');
    t.is((await text(cell.locator('.katex-html'))).trim(), '−1');
  });

  test.serial(
    'a syntax error shows its message with the position; later inputs still run',
    async (t) => {
      const cell = cells().nth(2);
      t.is(await cell.getAttribute('data-kind'), 'error');
      const message = await text(cell.locator('pre.error'));
      t.regex(message, /^1:7: expected "\)", found end of input\n {2}\(x \+ 1\n {8}\^$/);
      t.is(await cells().nth(3).getAttribute('data-kind'), 'term');
    },
  );

  test.serial(
    'the DAG of the founding example has 6 nodes, each showing its subterm on hover',
    async (t) => {
      t.is(await page.locator('#pic svg g.node').count(), 6);
      t.regex(await text(page.locator('#pic-note')), /DAG size 6 \(tree size 8\)/);
      await page.locator('#pic svg g.node', { hasText: 'sin' }).first().hover();
      t.is(await text(page.locator('#hover')), 'sin(x)');
    },
  );

  test.serial('the other pictures: tree, differentiation graph, values at π, D*', async (t) => {
    const draw = async (view: string): Promise<string> => {
      await page.click(`.views button[data-view="${view}"]`);
      await page.locator(`#pic[data-view="${view}"], #pic-note.error`).waitFor();
      return text(page.locator('#pic-note'));
    };
    t.regex(await draw('tree'), /tree size 8/);
    t.is(await page.locator('#pic svg g.node').count(), 8);
    t.regex(await draw('diff'), /5 nodes, 5 edges/);
    t.regex(await draw('values'), /d\/dx = -1 /);
    t.regex(await draw('dstar'), /multiplications: \d+ by path sums \(graph\), \d+ factored/);
    const chain = Array.from(
      { length: 9 },
      (_, i) => `t${i + 1} = g(${i === 0 ? 'x, x' : `t${i}, t${i}`})`,
    );
    await page.fill('#pic-expr', `${chain.join('; ')}; t9`);
    await page.click('.views button[data-view="tree"]');
    await page.locator('#pic-note.error').waitFor();
    t.regex(await text(page.locator('#pic-note')), /too many to draw/);
  });

  test.serial(':bench renders as a table and a bar chart', async (t) => {
    const cell = await run(':bench f x');
    t.is(await cell.locator('table.bench tr').count(), 8);
    t.is(await cell.locator('svg rect').count(), 7 + 4);
  });

  test.serial('Stop ends a runaway rewrite and the session keeps its bindings', async (t) => {
    await run(':set time=600000 steps=1000000000');
    await run(':rule spin: h(?n) -> h(?n + 1)');
    const n = await cells().count();
    await page.fill('#input', 'h(0)');
    await page.press('#input', 'Enter');
    await page.locator('#stop:not([disabled])').waitFor();
    await page.waitForTimeout(300);
    t.is(await text(page.locator('#status')), 'running… (Stop ends it)');
    await page.click('#stop');
    const stopped = cells().nth(n);
    await stopped.locator('pre.error').waitFor();
    t.is(await stopped.getAttribute('data-kind'), 'stopped');
    const f = await run('f');
    await f.getByRole('button', { name: 'text' }).click();
    t.is(await text(f.locator('pre.detail')), '(sin(x) + 4)*cos(sin(x))');
    const rules = await run(':rules');
    t.regex(await text(rules.locator('.out')), /spin/);
    const shot = process.env.BIBUN_WEB_SCREENSHOT;
    if (shot) {
      await page.goto(page.url().replace('draw=dag', 'draw=dstar'));
      await page.locator('body[data-loaded]').waitFor({ state: 'attached' });
      await page.screenshot({ path: shot });
    }
  });
}

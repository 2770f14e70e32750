/**
 * The page's HTML and style sheet, written as index.html by the build (lib/web/build.ts). The
 * behaviour is in lib/web/page.ts (bundled as page.js).
 */

const style = `
:root { --fg: #1d2330; --muted: #667; --line: #dde; --accent: #2f5fb3; --err: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: #fafbfc; }
header { display: flex; align-items: center; gap: 1em; padding: .5em 1em; border-bottom: 1px solid var(--line); background: #fff; }
header h1 { font-size: 1.1em; margin: 0; }
header .status { color: var(--muted); flex: 1; }
main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1em; padding: 1em; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .75em; margin-bottom: 1em; }
h2 { font-size: 1em; margin: 0 0 .5em; }
.cell { border-bottom: 1px solid var(--line); padding: .4em 0; }
.cell .in { font-family: ui-monospace, monospace; color: var(--accent); white-space: pre-wrap; cursor: pointer; }
.cell .in::before { content: "bibun> "; color: var(--muted); }
.cell .out { margin: .2em 0 0 1em; overflow-x: auto; }
.cell pre { margin: .2em 0; white-space: pre-wrap; font-family: ui-monospace, monospace; }
.cell pre.error { color: var(--err); }
.cell .term { display: flex; align-items: center; gap: .6em; }
.cell .term .prefix { font-family: ui-monospace, monospace; }
.cell .term .katex-display { margin: .3em 0; }
.cell .meta { color: var(--muted); font-size: .85em; }
.tools button { font-size: .8em; padding: 0 .5em; margin-right: .3em; }
textarea, input { font-family: ui-monospace, monospace; font-size: 14px; }
#input { width: 100%; resize: vertical; min-height: 2.2em; }
#prompt { display: flex; gap: .5em; margin-top: .5em; }
#prompt textarea { flex: 1; }
#rule-text { width: 100%; min-height: 9em; }
.row { display: flex; gap: .5em; flex-wrap: wrap; align-items: center; margin-bottom: .4em; }
.row input { flex: 1; min-width: 6em; }
.views button.active { background: var(--accent); color: #fff; }
.note { color: var(--muted); margin: .3em 0; }
.note.error { color: var(--err); white-space: pre-wrap; font-family: ui-monospace, monospace; }
.picture { overflow: auto; max-height: 70vh; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
.picture svg { display: block; }
.zoom button { padding: 0 .6em; }
#hover { position: fixed; pointer-events: none; background: #223; color: #fff; padding: .2em .5em; border-radius: 4px; font-family: ui-monospace, monospace; font-size: 12px; max-width: 40em; display: none; z-index: 10; }
table.bench { border-collapse: collapse; margin: .3em 0; }
table.bench td, table.bench th { border: 1px solid var(--line); padding: .1em .5em; text-align: right; }
table.bench td:first-child, table.bench th:first-child { text-align: left; }
#stop:not([disabled]) { background: var(--err); color: #fff; }
`;

/** index.html. */
export const pageHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bibun playground</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="katex.min.css">
<style>${style}</style>
</head>
<body>
<header>
  <h1>bibun playground</h1>
  <span class="status" id="status">starting…</span>
  <button id="stop" disabled title="end the running input, like Ctrl-C (the session keeps its state)">Stop</button>
</header>
<main>
  <div>
    <section id="notebook">
      <h2>Session</h2>
      <div id="cells"></div>
      <form id="prompt">
        <textarea id="input" rows="1" spellcheck="false" autocomplete="off"
          placeholder="an expression, name = expr, f(x) := expr, or a :command (:help). Enter runs, Shift+Enter a new line, ↑/↓ history"></textarea>
        <button type="submit">Run</button>
      </form>
    </section>
    <section id="rules">
      <h2>Rule files</h2>
      <div class="row">
        <input id="rule-name" value="mine.rules" aria-label="file name">
        <button id="rule-load" title="store the file in the page and :load it into the session">Load into session</button>
      </div>
      <textarea id="rule-text" spellcheck="false">ruleset mine
  dbl: twice(?a) -> 2*?a
</textarea>
      <div class="note" id="rule-files"></div>
    </section>
  </div>
  <div>
    <section id="pictures">
      <h2>Pictures</h2>
      <div class="row">
        <input id="pic-expr" value="(4 + sin(x))*cos(sin(x))" aria-label="expression">
        <input id="pic-var" value="x" style="max-width:5em" aria-label="variable">
        <input id="pic-point" value="x=pi" style="max-width:10em" aria-label="point">
      </div>
      <div class="row views">
        <button data-view="tree">tree</button>
        <button data-view="dag">DAG</button>
        <button data-view="diff">differentiation graph</button>
        <button data-view="values">computation graph</button>
        <button data-view="dstar">D*</button>
        <span class="zoom">zoom <button data-zoom="out">−</button><button data-zoom="fit">fit</button><button data-zoom="in">+</button></span>
      </div>
      <div class="note" id="pic-note">Pick a view. The expression may use the session's bindings and functions.</div>
      <div class="picture" id="pic"></div>
    </section>
  </div>
</main>
<div id="hover"></div>
<script type="module" src="page.js"></script>
</body>
</html>
`;

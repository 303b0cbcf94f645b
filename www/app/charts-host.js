// Chart cards on the main thread. Each chart spec of the report is parsed once into a wasm
// `Chart` handle (drawn, hit-tested on hover, shown as a table); the handle is freed when its
// card is replaced or the widget destroyed. The main-thread wasm instance only draws.
import { makeT } from '../i18n.js';
import { h } from '../dom.js';
import { BINDINGS } from '../paths.js';

let drawing = null;
/** The main-thread wasm instance, shared by every widget of the page. */
export function drawingModule(wasmUrl) {
  if (!drawing) {
    drawing = import(BINDINGS).then(async (m) => {
      await m.default(wasmUrl ? { module_or_path: wasmUrl } : undefined);
      return m;
    });
  }
  return drawing;
}

export function createCharts(app) {
  const { opts, state, root } = app;
  /** Card entries by canvas: `{spec, chart (handle, made on first draw), key, card, canvas, used}`. */
  const byCanvas = new Map();
  /** Card entries by chart id, reused while their spec and language are unchanged. */
  const cards = new Map();
  let seq = 0;

  const free = (entry) => { if (entry.chart) { entry.chart.free(); entry.chart = null; } };

  /** A new render pass: the canvases shown are those of the grids built from now on. */
  function beginRender() {
    seq++;
    byCanvas.clear();
  }

  /** Chart cards for the report's chart specs with these ids, in this order. */
  function grid(ids) {
    const el = h('div', { class: 'charts', 'data-testid': 'charts' });
    for (const id of ids) {
      const spec = state.charts.find((c) => c.id === id);
      if (!spec) continue;
      // An unchanged chart keeps its drawn canvas across re-renders (e.g. when the full
      // report follows the KPIs): no flicker, no blank canvas between two frames.
      const key = state.lang + JSON.stringify(spec);
      const kept = cards.get(spec.id);
      if (kept && kept.key === key && kept.used !== seq) {
        kept.used = seq;
        el.append(kept.card);
        byCanvas.set(kept.canvas, kept);
        continue;
      }
      if (kept) free(kept);
      const canvas = h('canvas', { 'data-chart': spec.id, role: 'img', 'aria-label': spec.title });
      const tip = h('div', { class: 'tip', hidden: true });
      const tableBox = h('div', { class: 'chart-table', hidden: true });
      const t = makeT(state.lang);
      const card = h('figure', { class: 'chart card', part: 'chart' },
        h('div', { class: 'chart-tools' },
          h('button', { class: 'ghost small', text: t('show_table'), onclick: () => toggleTable(entry, tableBox) }),
          h('button', { class: 'ghost small', text: t('download_png'), onclick: () => downloadPng(spec, canvas) })),
        h('div', { class: 'canvas-box' }, canvas, tip), tableBox);
      const entry = { spec, chart: null, key, card, canvas, used: seq };
      el.append(card);
      byCanvas.set(canvas, entry);
      cards.set(spec.id, entry);
      canvas.addEventListener('mousemove', (e) => hover(e, entry, tip));
      canvas.addEventListener('mouseleave', () => { tip.hidden = true; });
    }
    return el;
  }

  /** The entry's handle, parsed from its spec on first use. */
  function handle(m, entry) {
    if (!entry.chart) entry.chart = new m.Chart(entry.spec);
    return entry.chart;
  }

  async function drawAll() {
    const m = await drawingModule(opts.wasmUrl);
    if (app.destroyed) return;
    const dark = app.applyTheme();
    for (const canvas of root.querySelectorAll('canvas[data-chart]')) {
      const entry = byCanvas.get(canvas);
      if (!entry) continue;
      const dpr = window.devicePixelRatio || 1;
      const w = Math.max(200, canvas.clientWidth);
      const hgt = Math.max(160, canvas.clientHeight);
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(hgt * dpr);
      try {
        handle(m, entry).draw(canvas, dpr, dark);
        canvas.dataset.drawn = '1';
      } catch (e) {
        console.error('chart', entry.spec.id, e);
      }
    }
  }

  async function hover(e, entry, tip) {
    await drawingModule(opts.wasmUrl);
    const dpr = window.devicePixelRatio || 1;
    let hit = null;
    try { hit = entry.chart ? entry.chart.hitTest(e.offsetX * dpr, e.offsetY * dpr) : null; } catch (_) { hit = null; }
    if (!hit) { tip.hidden = true; return; }
    tip.replaceChildren(h('b', { text: hit.label }), h('br'), `${hit.series}: ${hit.value}`);
    tip.style.left = `${e.offsetX + 12}px`;
    tip.style.top = `${e.offsetY + 12}px`;
    tip.hidden = false;
  }

  async function toggleTable(entry, box) {
    if (!box.hidden) { box.hidden = true; return; }
    const m = await drawingModule(opts.wasmUrl);
    if (app.destroyed) return;
    const [head, rows] = handle(m, entry).table();
    box.replaceChildren(app.tables.table(head.map((c, i) => [c, (r) => r[i]]), rows, `chart-${entry.spec.id}`));
    box.hidden = false;
  }

  function downloadPng(spec, canvas) {
    const a = h('a', { href: canvas.toDataURL('image/png'), download: `${spec.id}.png` });
    a.click();
  }

  /** Frees every handle (the widget is destroyed). */
  function destroy() {
    for (const entry of cards.values()) free(entry);
    cards.clear();
    byCanvas.clear();
  }

  return { grid, drawAll, beginRender, destroy };
}

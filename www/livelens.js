// LiveLens dashboard widget. `mount(element, options)` builds the whole UI inside a shadow root;
// the static page (index.html) mounts it full-page. Parsing and analysis run in a module worker
// (worker.js); charts are drawn by the wasm on the main thread. No data value is ever inserted as
// HTML: the `h()` helper only creates text nodes.

import { makeT, FIELD_LABELS, KIND_FIELDS, EVENT_LABELS, REASONS, FILE_ERRORS_ZH } from './i18n.js';
import { h, makeFmt } from './dom.js';
import { VIEWS } from './views/index.js';

const BASE = new URL('.', import.meta.url);

/** Browser's UTC offset as `+08:00`. */
function browserOffset() {
  const m = -new Date().getTimezoneOffset();
  const s = m >= 0 ? '+' : '-';
  const a = Math.abs(m);
  return { minutes: m, label: `UTC${s}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}` };
}

/** The demo creator streams from China (UTC+08:00). */
const DEMO_TZ = 480;

const ZONES = [-300, -240, 0, 60, 180, 330, 420, 480, 540, 600];

/** Talks to the worker; restarts it after a crash. */
class Engine {
  constructor(opts, events) {
    this.opts = opts;
    this.events = events;
    this.seq = 0;
    this.pending = new Map();
    this.start();
  }
  start() {
    const url = this.opts.workerUrl || new URL('./worker.js', BASE);
    this.worker = new Worker(url, { type: 'module' });
    this.worker.onmessage = (e) => this.onMessage(e.data);
    this.worker.onerror = (e) => this.crash(e.message || 'worker error');
    this.ready = this.request('init');
  }
  onMessage(msg) {
    if (msg.type === 'progress') {
      this.events.progress(msg);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else if (msg.panic || /unreachable|RuntimeError/.test(msg.error)) this.crash(msg.panic || msg.error);
    else p.reject(new Error(msg.error));
  }
  request(type, payload = {}, transfer = []) {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, type, wasmUrl: this.opts.wasmUrl, ...payload }, transfer);
    });
  }
  crash(reason) {
    this.stop(new Error('crashed: ' + reason));
    this.events.crash(reason);
    this.start();
  }
  cancel() {
    this.stop(new Error('cancelled'));
    this.start();
  }
  stop(err) {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

let drawing = null;
/** The main-thread wasm instance, used only to draw charts. */
function drawingModule(wasmUrl) {
  if (!drawing) {
    drawing = import(new URL('./pkg/livelens.js', BASE).href).then(async (m) => {
      await m.default(wasmUrl ? { module_or_path: wasmUrl } : undefined);
      return m;
    });
  }
  return drawing;
}

export function mount(element, options = {}) {
  const opts = { demo: true, theme: 'auto', ...options };
  const detected = (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
  const state = {
    lang: opts.lang || detected,
    source: null, // 'demo' | 'own'
    ownFiles: [],
    validation: null,
    report: null,
    charts: [],
    settings: {
      options: { tz_offset_minutes: browserOffset().minutes, drop_duplicates: true, event_map: [] },
      files: [],
    },
    busy: null,
    error: null,
    notice: null,
    view: (location.hash.match(/view=([a-z_]+)/) || [])[1] || 'overview',
    options: opts.analysis || {},
  };
  const listeners = {};
  const emit = (ev, data) => (listeners[ev] || []).forEach((fn) => { try { fn(data); } catch (e) { console.error(e); } });

  const root = element.shadowRoot || element.attachShadow({ mode: 'open' });
  root.replaceChildren();
  const css = h('link', { rel: 'stylesheet', href: new URL('./livelens.css', BASE).href });
  const app = h('div', { class: 'll', part: 'dashboard' });
  root.append(css, app);
  const applyTheme = () => {
    const dark = opts.theme === 'dark' || (opts.theme === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches);
    app.classList.toggle('dark', dark);
    return dark;
  };
  applyTheme();

  const engine = new Engine(opts, {
    progress: (p) => { state.busy = p; renderProgress(); },
    crash: (reason) => {
      state.busy = null;
      state.notice = null;
      state.error = { message: makeT(state.lang)('crashed'), detail: reason };
      state.report = null;
      render();
      emit('error', { message: reason });
    },
  });

  // ---- actions ----
  async function run(label, fn) {
    state.busy = { stage: label };
    state.error = null;
    renderProgress();
    try {
      await engine.ready;
      await fn();
    } catch (e) {
      if (!/^crashed|^cancelled/.test(e.message)) {
        state.error = { message: makeT(state.lang)('error'), detail: e.message };
        emit('error', { message: e.message });
      }
    } finally {
      state.busy = null;
      render();
    }
  }

  async function analyse() {
    const res = await engine.request('analyze', { options: state.options, lang: state.lang });
    state.report = res.report;
    state.charts = res.charts;
    emit('report', res.report);
  }

  function loadDemo() {
    return run('demo', async () => {
      state.source = 'demo';
      state.settings = { options: { ...state.settings.options, tz_offset_minutes: DEMO_TZ, event_map: [] }, files: [] };
      await engine.request('demo', { seed: opts.seed ?? 42, scale: opts.scale || 'small' });
      state.validation = await engine.request('ingest');
      await analyse();
    });
  }

  async function sendOwnFiles() {
    await engine.request('clear');
    const files = [];
    const transfer = [];
    for (const f of state.ownFiles) {
      const buffer = await f.file.arrayBuffer();
      files.push({ name: f.file.name, buffer, kind: f.kind || '' });
      transfer.push(buffer);
    }
    await engine.request('addFiles', { files }, transfer);
    await engine.request('configure', { settings: state.settings });
  }

  /** Parses again with new settings: the worker keeps no file bytes after parsing, so the
   * files are sent again (the user's from their File objects, the demo regenerated). */
  async function reingest() {
    if (state.source === 'own') await sendOwnFiles();
    else if (state.source === 'demo') await engine.request('demo', { seed: opts.seed ?? 42, scale: opts.scale || 'small' });
    await engine.request('configure', { settings: state.settings });
    state.validation = await engine.request('ingest');
    state.report = null;
    state.charts = [];
    if (usable(state.validation)) await analyse();
  }

  function usable(v) {
    return v && v.files.some((f) => !f.error && (f.kind === 'events' || f.kind === 'orders') && f.rows_accepted > 0);
  }

  function loadFiles(fileList) {
    const files = [...fileList];
    if (!files.length) return Promise.resolve();
    return run('reading', async () => {
      if (state.source !== 'own') {
        state.ownFiles = [];
        state.settings = { options: { ...state.settings.options, tz_offset_minutes: browserOffset().minutes, event_map: [] }, files: [] };
      }
      state.source = 'own';
      for (const file of files) {
        state.ownFiles = state.ownFiles.filter((f) => f.file.name !== file.name);
        state.ownFiles.push({ file, kind: '' });
      }
      await sendOwnFiles();
      state.validation = await engine.request('ingest');
      state.report = null;
      state.charts = [];
      if (usable(state.validation)) await analyse();
    });
  }

  function fileSettings(name) {
    let fs = state.settings.files.find((f) => f.name === name);
    if (!fs) {
      const rep = state.validation && state.validation.files.find((f) => f.name === name);
      fs = { name, kind: rep ? rep.kind : null, sheet: null, mapping: {} };
      state.settings.files.push(fs);
    }
    return fs;
  }

  // ---- rendering ----
  let fmt = makeFmt(state.lang, opts.currency);

  const progressEl = h('div', { class: 'progress', role: 'status', 'aria-live': 'polite', part: 'progress' });
  function renderProgress() {
    const t = makeT(state.lang);
    progressEl.replaceChildren();
    progressEl.hidden = !state.busy;
    if (!state.busy) return;
    const b = state.busy;
    const pct = b.total ? Math.round((100 * b.done) / b.total) : null;
    progressEl.append(
      h('span', { class: 'spinner', 'aria-hidden': 'true' }),
      h('span', { text: t('progress_' + (b.stage || 'parsing')) + (pct != null ? ` ${pct}%` : '') }),
      pct != null ? h('progress', { max: 100, value: pct }) : h('progress'),
      h('button', { class: 'ghost', onclick: () => engine.cancel(), text: t('cancel') }),
    );
  }

  function header(t) {
    return h('header', { class: 'top', part: 'header' },
      h('div', { class: 'brand' },
        h('span', { class: 'logo', 'aria-hidden': 'true' }, '◉'),
        h('div', {}, h('h1', { text: t('brand') }), h('p', { class: 'tagline', text: t('tagline') }))),
      h('button', {
        class: 'lang', 'data-testid': 'lang', onclick: () => setLang(state.lang === 'zh' ? 'en' : 'zh'),
        text: t('lang_switch'),
      }));
  }

  function sourceBar(t) {
    const v = state.report && state.report.dataset;
    return h('section', { class: 'source card', part: 'source' },
      h('div', { class: 'tabs', role: 'tablist' },
        h('button', {
          role: 'tab', 'aria-selected': String(state.source === 'demo'), class: state.source === 'demo' ? 'tab on' : 'tab',
          'data-testid': 'source-demo', onclick: () => loadDemo(), text: t('source_demo'),
        }),
        h('button', {
          role: 'tab', 'aria-selected': String(state.source === 'own'), class: state.source === 'own' ? 'tab on' : 'tab',
          'data-testid': 'source-own',
          onclick: () => { if (state.ownFiles.length) run('reading', async () => { state.source = 'own'; state.settings.options.tz_offset_minutes = browserOffset().minutes; await reingest(); }); else fileInput.click(); },
          text: t('source_own'),
        })),
      h('p', { class: 'showing', 'data-testid': 'showing', text: state.source === 'demo' ? t('showing_demo') : state.source === 'own' ? t('showing_own') : t('showing_none') }),
      v ? h('p', { class: 'summary', text: t('dataset', { events: fmt('int', v.events), users: fmt('int', v.users), sessions: fmt('int', v.sessions), items: fmt('int', v.items), first: v.first_event || '—', last: v.last_event || '—' }) }) : null,
      h('p', { class: 'privacy', text: t('privacy') }));
  }

  const fileInput = h('input', { type: 'file', multiple: true, hidden: true, 'data-testid': 'file-input', accept: '.csv,.tsv,.txt,.json,.ndjson,.jsonl,.xlsx,.xls,.ods' });
  fileInput.addEventListener('change', () => { loadFiles(fileInput.files); fileInput.value = ''; });

  function dropZone(t) {
    const zone = h('section', { class: 'drop', part: 'dropzone', 'data-testid': 'dropzone', tabindex: '0' },
      h('p', { class: 'drop-title', text: t('drop_title') }),
      h('p', { class: 'hint', text: t('drop_hint') }),
      h('div', { class: 'row' },
        h('button', { class: 'primary', onclick: () => fileInput.click(), text: t('pick_files') }),
        state.ownFiles.length ? h('button', {
          class: 'ghost', text: t('clear_files'),
          onclick: () => run('reading', async () => { state.ownFiles = []; state.settings.files = []; await engine.request('clear'); state.validation = null; state.report = null; state.charts = []; state.source = null; }),
        }) : null),
      fileInput);
    zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (e) => { e.preventDefault(); zone.classList.remove('over'); loadFiles(e.dataTransfer.files); });
    zone.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') fileInput.click(); });
    return zone;
  }

  function settingsBar(t) {
    const off = state.settings.options.tz_offset_minutes;
    const zones = [...new Set([...ZONES, browserOffset().minutes, off])].sort((a, b) => a - b);
    const label = (m) => { const a = Math.abs(m); return `UTC${m >= 0 ? '+' : '-'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`; };
    const tz = h('select', {
      'data-testid': 'tz',
      onchange: (e) => { state.settings.options.tz_offset_minutes = Number(e.target.value); if (state.source) run('parsing', reingest); },
    }, zones.map((m) => h('option', { value: m, selected: m === off, text: label(m) + (m === browserOffset().minutes ? ' ✓' : '') })));
    const dup = h('input', {
      type: 'checkbox', checked: state.settings.options.drop_duplicates,
      onchange: (e) => { state.settings.options.drop_duplicates = e.target.checked; if (state.source) run('parsing', reingest); },
    });
    return h('details', { class: 'settings' },
      h('summary', { text: t('settings') }),
      h('label', {}, t('timezone') + ' ', tz),
      h('label', {}, dup, ' ' + t('drop_duplicates')));
  }

  function fileCard(t, f) {
    const kinds = ['events', 'orders', 'items', 'users', 'sessions'];
    const errText = f.error ? (state.lang === 'zh' ? (FILE_ERRORS_ZH[f.error.code] || f.error.message) : f.error.message) : null;
    const kindSel = h('select', {
      'data-testid': 'kind-select',
      onchange: (e) => { const value = e.target.value; run('parsing', async () => { const fs = fileSettings(f.name); fs.kind = value || null; fs.mapping = {}; const of = state.ownFiles.find((x) => x.file.name === f.name); if (of) of.kind = fs.kind || ''; await reingest(); }); },
    }, h('option', { value: '', text: t('kind_auto') }), kinds.map((k) => h('option', { value: k, selected: f.kind === k, text: t('kind_' + k) })));
    const facts = [
      [t('format'), f.format], [t('encoding'), f.encoding], [t('delimiter'), f.delimiter],
    ].filter(([, v]) => v);
    const sheetSel = f.sheets && f.sheets.length > 1 ? h('label', { class: 'kind' }, t('sheet') + ' ', h('select', {
      'data-testid': 'sheet-select',
      onchange: (e) => { const value = e.target.value; run('parsing', async () => { const fs = fileSettings(f.name); fs.sheet = value; fs.kind = null; fs.mapping = {}; await reingest(); }); },
    }, f.sheets.map((name) => h('option', { value: name, selected: name === f.sheet, text: name })))) : null;
    const counts = h('div', { class: 'counts' },
      h('span', {}, h('b', { text: fmt('int', f.rows_read) }), ' ' + t('rows_read')),
      h('span', { class: 'ok' }, h('b', { text: fmt('int', f.rows_accepted) }), ' ' + t('rows_accepted')),
      h('span', { class: f.rows_rejected ? 'bad' : '' }, h('b', { text: fmt('int', f.rows_rejected) }), ' ' + t('rows_rejected')),
      f.merged_with_orders ? h('span', {}, h('b', { text: fmt('int', f.merged_with_orders) }), ' ' + t('merged_with_orders')) : null);
    return h('article', { class: 'file card' + (f.error ? ' has-error' : ''), 'data-testid': 'file-card' },
      h('div', { class: 'file-head' },
        h('h3', { text: f.name }),
        h('div', { class: 'row' }, sheetSel,
          h('label', { class: 'kind' }, t('file_kind') + ' ', kindSel, f.kind_detected ? h('small', { text: ' (' + t('detected') + ')' }) : null))),
      facts.length ? h('p', { class: 'facts' }, facts.map(([k, v]) => h('span', {}, k + ': ', h('code', { text: v })))) : null,
      errText ? h('p', { class: 'error', role: 'alert', 'data-testid': 'file-error', text: errText }) : null,
      f.error ? null : counts,
      mappingTable(t, f),
      rejectedTable(t, f),
      f.warnings.length ? h('div', { class: 'warnings' }, h('h4', { text: t('warnings') }), h('ul', {}, f.warnings.map((w) => h('li', { text: w })))) : null,
      unknownEvents(t, f));
  }

  function mappingTable(t, f) {
    if (!f.columns.length || !f.kind) return null;
    const fields = KIND_FIELDS[f.kind] || [];
    return h('details', { class: 'mapping', open: !!f.error },
      h('summary', { text: t('columns') }),
      h('table', { class: 'grid' },
        h('thead', {}, h('tr', {}, h('th', { text: t('column') }), h('th', { text: t('maps_to') }), h('th', { text: t('samples') }))),
        h('tbody', {}, f.columns.map((c) => h('tr', {},
          h('td', {}, h('code', { text: c.header })),
          h('td', {}, f.kind === 'users' && c.field !== 'user'
            ? h('span', { class: 'muted', text: t('attribute') })
            : h('select', {
              'data-column': c.header,
              onchange: (e) => { const field = e.target.value; run('parsing', async () => {
                const fs = fileSettings(f.name);
                fs.kind = f.kind;
                for (const [k, v] of Object.entries(fs.mapping)) if (v === c.header) fs.mapping[k] = null;
                if (c.field && c.field !== 'attribute') fs.mapping[c.field] = null;
                if (field) fs.mapping[field] = c.header;
                await reingest();
              }); },
            }, h('option', { value: '', text: t('not_used') }), fields.map((k) => h('option', { value: k, selected: c.field === k, text: t.pair(FIELD_LABELS, k) })))),
          h('td', { class: 'samples', text: c.samples.join(' · ') }))))));
  }

  function rejectedTable(t, f) {
    if (!f.rejected_by_reason.length) return null;
    return h('details', { class: 'rejected', open: true },
      h('summary', { text: `${t('rejected_rows')} (${fmt('int', f.rows_rejected)})` }),
      h('table', { class: 'grid', 'data-testid': 'rejected' },
        h('thead', {}, h('tr', {}, h('th', { text: t('reason') }), h('th', { text: t('count') }), h('th', { text: t('examples') }))),
        h('tbody', {}, f.rejected_by_reason.map((g) => h('tr', {},
          h('td', { text: state.lang === 'zh' ? t.pair(REASONS, g.reason) : g.message }),
          h('td', { class: 'num', text: fmt('int', g.count) }),
          h('td', {}, g.examples.map((ex) => h('div', { class: 'example' },
            h('span', { class: 'muted', text: state.lang === 'zh' ? `第 ${ex.line} 行` : `line ${ex.line}` }),
            ex.column ? [' · ', h('code', { text: ex.column })] : null,
            ' · ', h('code', { text: ex.value === '' ? '∅' : ex.value })))))))));
  }

  function unknownEvents(t, f) {
    if (!f.unknown_events || !f.unknown_events.length) return null;
    const keys = Object.keys(EVENT_LABELS);
    return h('div', { class: 'unknown', 'data-testid': 'unknown-events' },
      h('h4', { text: t('unknown_events') }),
      h('ul', {}, f.unknown_events.map((u) => h('li', {},
        h('code', { text: u.name }), h('span', { class: 'muted', text: ` × ${fmt('int', u.count)} → ` }),
        h('select', {
          'data-event': u.name,
          onchange: (e) => { const value = e.target.value; run('analysing', async () => {
            const map = state.settings.options.event_map.filter(([n]) => n !== u.name);
            if (value) map.push([u.name, value]);
            state.settings.options.event_map = map;
            state.validation = await engine.request('mapEvents', { map });
            await analyse();
          }); },
        }, h('option', { value: '', text: t('keep_unknown') }), keys.map((k) => h('option', { value: k, text: `${k} · ${t.pair(EVENT_LABELS, k)}` })))))));
  }

  /**
   * A data table. `columns` are `[label, get(row), format?]`; a format (see dom.js) makes the
   * column numeric (right-aligned).
   */
  function table(columns, rows, testid) {
    return h('div', { class: 'table-wrap' }, h('table', { class: 'grid', 'data-testid': testid },
      h('thead', {}, h('tr', {}, columns.map(([label, , f]) => h('th', { class: f ? 'num' : null, text: label })))),
      h('tbody', {}, rows.map((r) => h('tr', {}, columns.map(([, get, f]) => {
        const v = get(r);
        return h('td', { class: f ? 'num' : null, text: f ? fmt(f, v) : (v ?? '—') });
      }))))));
  }

  const chartState = new Map();
  /** Chart cards for the report's chart specs with these ids, in this order. */
  function chartsGrid(ids) {
    const grid = h('div', { class: 'charts', 'data-testid': 'charts' });
    for (const id of ids) {
      const spec = state.charts.find((c) => c.id === id);
      if (!spec) continue;
      const canvas = h('canvas', { 'data-chart': spec.id, role: 'img', 'aria-label': spec.title });
      const tip = h('div', { class: 'tip', hidden: true });
      const table = h('div', { class: 'chart-table', hidden: true });
      const card = h('figure', { class: 'chart card', part: 'chart' },
        h('div', { class: 'chart-tools' },
          h('button', { class: 'ghost small', text: makeT(state.lang)('show_table'), onclick: () => toggleTable(spec, table) }),
          h('button', { class: 'ghost small', text: makeT(state.lang)('download_png'), onclick: () => downloadPng(spec, canvas) })),
        h('div', { class: 'canvas-box' }, canvas, tip), table);
      grid.append(card);
      chartState.set(canvas, spec);
      canvas.addEventListener('mousemove', (e) => hover(e, canvas, spec, tip));
      canvas.addEventListener('mouseleave', () => { tip.hidden = true; });
    }
    return grid;
  }

  async function drawAll() {
    const m = await drawingModule(opts.wasmUrl);
    const dark = applyTheme();
    for (const canvas of root.querySelectorAll('canvas[data-chart]')) {
      const spec = chartState.get(canvas);
      if (!spec) continue;
      const dpr = window.devicePixelRatio || 1;
      const w = Math.max(200, canvas.clientWidth);
      const hgt = Math.max(160, canvas.clientHeight);
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(hgt * dpr);
      try {
        m.draw_chart(canvas, JSON.stringify(spec), dpr, dark);
        canvas.dataset.drawn = '1';
      } catch (e) {
        console.error('chart', spec.id, e);
      }
    }
  }

  async function hover(e, canvas, spec, tip) {
    const m = await drawingModule(opts.wasmUrl);
    const dpr = window.devicePixelRatio || 1;
    let hit = null;
    try { hit = m.hit_test(JSON.stringify(spec), canvas.width, canvas.height, dpr, e.offsetX * dpr, e.offsetY * dpr); } catch (_) { hit = null; }
    if (!hit) { tip.hidden = true; return; }
    const v = JSON.parse(hit);
    tip.replaceChildren(h('b', { text: v.label }), h('br'), `${v.series}: ${v.value}`);
    tip.style.left = `${e.offsetX + 12}px`;
    tip.style.top = `${e.offsetY + 12}px`;
    tip.hidden = false;
  }

  async function toggleTable(spec, box) {
    if (!box.hidden) { box.hidden = true; return; }
    const m = await drawingModule(opts.wasmUrl);
    const [head, rows] = JSON.parse(m.chart_table(JSON.stringify(spec)));
    box.replaceChildren(h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, head.map((c) => h('th', { text: c })))),
      h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', { text: c })))))));
    box.hidden = false;
  }

  function downloadPng(spec, canvas) {
    const a = h('a', { href: canvas.toDataURL('image/png'), download: `${spec.id}.png` });
    a.click();
  }

  function nav(t) {
    return h('nav', { class: 'views', role: 'tablist', part: 'nav', 'data-testid': 'nav' },
      VIEWS.map((view) => h('button', {
        role: 'tab', class: view.id === state.view ? 'tab on' : 'tab', 'aria-selected': String(view.id === state.view),
        'data-view': view.id, text: t.pair({ x: view.label }, 'x'),
        onclick: () => { state.view = view.id; history.replaceState(null, '', `#view=${view.id}`); render(); },
      })));
  }

  /** What a view may use (see views/index.js). */
  function viewContext(t) {
    return {
      h, t, fmt, lang: state.lang, report: state.report, options: state.options,
      charts: (ids) => chartsGrid(ids),
      chart: (id) => chartsGrid([id]),
      redraw: () => requestAnimationFrame(() => drawAll()),
      table,
      missing: (section) => (state.report.skipped || []).find((x) => x.section === section || x.section.startsWith(section + '.')),
      setOptions: (patch) => run('analysing', async () => {
        state.options = { ...state.options, ...patch };
        await analyse();
      }),
    };
  }

  function render() {
    const t = makeT(state.lang);
    fmt = makeFmt(state.lang, opts.currency);
    app.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    chartState.clear();
    const parts = [header(t), sourceBar(t)];
    if (state.error) {
      parts.push(h('div', { class: 'alert', role: 'alert', 'data-testid': 'alert' },
        h('b', { text: state.error.message }), state.error.detail ? h('p', { class: 'muted', text: state.error.detail }) : null));
    }
    parts.push(progressEl, dropZone(t), settingsBar(t));
    const v = state.validation;
    if (v && v.files.length) {
      parts.push(h('section', { class: 'files', 'data-testid': 'validation', part: 'validation' },
        h('details', { open: state.source === 'own' },
          h('summary', {}, h('h2', { text: t('files') }),
            h('span', { class: 'muted', text: ` ${fmt('int', v.rows_read)} ${t('rows_read')} · ${fmt('int', v.rows_accepted)} ${t('rows_accepted')} · ${fmt('int', v.rows_rejected)} ${t('rows_rejected')}` })),
          v.files.map((f) => fileCard(t, f)))));
      if (state.source === 'own' && !usable(v)) parts.push(h('p', { class: 'alert', 'data-testid': 'no-data', text: t('no_data') }));
    }
    const r = state.report;
    if (r) {
      parts.push(nav(t));
      const view = VIEWS.find((x) => x.id === state.view) || VIEWS[0];
      let body;
      try {
        body = view.render(viewContext(t));
      } catch (e) {
        console.error('view', view.id, e);
        body = h('p', { class: 'alert', text: `${t('error')}: ${e.message}` });
      }
      parts.push(h('div', { class: 'view', 'data-view': view.id, part: 'view' }, body));
    } else if (!state.busy && !v) {
      parts.push(h('p', { class: 'muted', text: t('nothing_loaded') }));
    }
    parts.push(h('footer', { class: 'muted', text: `LiveLens · ${t('privacy')}` }));
    app.replaceChildren(...parts);
    renderProgress();
    if (state.charts.length) requestAnimationFrame(() => drawAll());
  }

  async function setLang(lang) {
    state.lang = lang === 'zh' ? 'zh' : 'en';
    if (state.report) {
      try { state.charts = await engine.request('charts', { lang: state.lang }); } catch (_) { /* keep old charts */ }
    }
    render();
    emit('lang', state.lang);
  }

  let resizeTimer = null;
  const ro = new ResizeObserver(() => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => { if (state.charts.length) drawAll(); }, 150); });
  ro.observe(app);
  const mq = matchMedia('(prefers-color-scheme: dark)');
  const onScheme = () => { if (opts.theme === 'auto') { applyTheme(); if (state.charts.length) drawAll(); } };
  mq.addEventListener('change', onScheme);

  render();
  if (opts.demo) loadDemo();

  return {
    /** Loads File objects (or {name, data: string|ArrayBuffer} records) as the user's data. */
    load(files) {
      const list = [...files].map((f) => (f instanceof File ? f : new File([f.data], f.name)));
      return loadFiles(list);
    },
    loadDemo,
    update(next) {
      Object.assign(opts, next);
      if (next.lang) return setLang(next.lang);
      if (next.theme) { applyTheme(); drawAll(); }
      if (next.analysis && state.report) return run('analysing', analyse);
      return Promise.resolve();
    },
    on(ev, fn) { (listeners[ev] ||= []).push(fn); return () => { listeners[ev] = listeners[ev].filter((x) => x !== fn); }; },
    exportReport() { return state.report ? JSON.parse(JSON.stringify(state.report)) : null; },
    get state() { return { lang: state.lang, source: state.source, busy: !!state.busy }; },
    destroy() {
      ro.disconnect();
      mq.removeEventListener('change', onScheme);
      engine.stop(new Error('cancelled'));
      root.replaceChildren();
    },
  };
}

// LiveLens dashboard widget. `mount(element, options)` builds the whole UI inside a shadow root;
// the static page (index.html) mounts it full-page. Parsing and analysis run in a module worker
// (worker.js); charts are drawn by the wasm on the main thread. No data value is ever inserted as
// HTML: the `h()` helper only creates text nodes.

import { makeT, installLabels, FIELD_LABELS, KIND_FIELDS, EVENT_LABELS, REASONS, FILE_ERRORS_ZH } from './i18n.js';
import { h, makeFmt } from './dom.js';
import { downloadCsv } from './csv.js';
import { VIEWS } from './views/index.js';
import { BINDINGS } from './paths.js';
import * as store from './store.js';

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
    this.dead = false;
    this.start();
  }
  start() {
    if (this.dead) return;
    const url = this.opts.workerUrl || new URL('./worker.js', BASE);
    this.worker = new Worker(url, { type: 'module' });
    this.worker.onmessage = (e) => this.onMessage(e.data);
    this.worker.onerror = (e) => { e.preventDefault(); this.crash(e.message || 'worker error'); };
    // The core's label table arrives with `init`; every data request waits for `ready`.
    this.ready = this.request('init').then((r) => installLabels(r && r.labels));
    this.ready.catch(() => {});
  }
  onMessage(msg) {
    if (msg.type === 'progress') {
      this.events.progress(msg);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'partial') {
      if (p.onPartial) p.onPartial(msg.result);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else if (msg.panic || /unreachable|RuntimeError/.test(msg.error)) {
      p.reject(new Error('crashed: ' + (msg.panic || msg.error)));
      this.crash(msg.panic || msg.error);
    }
    else p.reject(Object.assign(new Error(msg.error), { code: msg.code, size: msg.size, fits: msg.fits }));
  }
  /** Sends a request; `onPartial` receives early results (KPIs before the full report). */
  request(type, payload = {}, transfer = [], onPartial = null) {
    if (this.dead) return Promise.reject(new Error('cancelled'));
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onPartial });
      this.worker.postMessage({ id, type, wasmUrl: this.opts.wasmUrl, ...payload }, transfer);
    });
  }
  crash(reason) {
    if (this.dead) return;
    this.stop(new Error('crashed: ' + reason));
    this.events.crash(reason);
    this.start();
  }
  cancel() {
    this.stop(new Error('cancelled'));
    this.start();
  }
  stop(err) {
    if (this.worker) {
      this.worker.onmessage = null;
      this.worker.onerror = null;
      this.worker.terminate();
      this.worker = null;
    }
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
  /** Ends the engine for good (the widget is destroyed). */
  destroy() {
    this.dead = true;
    this.stop(new Error('cancelled'));
  }
}

let drawing = null;
/** The main-thread wasm instance, used only to draw charts. */
function drawingModule(wasmUrl) {
  if (!drawing) {
    drawing = import(BINDINGS).then(async (m) => {
      await m.default(wasmUrl ? { module_or_path: wasmUrl } : undefined);
      return m;
    });
  }
  return drawing;
}

/** Bytes as `1.5 MB` in the widget's language. */
function bytesText(n, lang) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = Number(n) || 0;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  const num = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: u ? 1 : 0 }).format(v);
  return `${num} ${units[u]}`;
}

/** Sort order of table cells: numbers numerically, text by locale, empty values last. */
function compareCells(a, b, collator) {
  const ea = a == null || a === '' || (typeof a === 'number' && !isFinite(a));
  const eb = b == null || b === '' || (typeof b === 'number' && !isFinite(b));
  if (ea || eb) return ea === eb ? 0 : ea ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** Rows a table shows at once (filter, sort or export CSV for the rest). */
const TABLE_LIMIT = 1000;

/** Settings kept in the URL hash (`#view=funnel&lang=zh&tz=480&dup=0`): never data. */
function readUrlState() {
  const p = new URLSearchParams(location.hash.replace(/^#/, ''));
  const tz = p.get('tz');
  return {
    view: /^[a-z_]+$/.test(p.get('view') || '') ? p.get('view') : null,
    lang: ['en', 'zh'].includes(p.get('lang')) ? p.get('lang') : null,
    tz: tz != null && /^-?\d{1,4}$/.test(tz) ? Number(tz) : null,
    dup: p.get('dup') === '0' ? false : p.get('dup') === '1' ? true : null,
  };
}

export function mount(element, options = {}) {
  const opts = { demo: true, theme: 'auto', urlState: false, kpisFirst: true, persist: true, ...options };
  // Relative URLs are relative to the host page (the worker would resolve them against itself).
  for (const k of ['wasmUrl', 'workerUrl']) if (opts[k]) opts[k] = new URL(opts[k], document.baseURI).href;
  const detected = (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
  const fromUrl = opts.urlState ? readUrlState() : {};
  const state = {
    lang: opts.lang || fromUrl.lang || detected,
    source: null, // 'demo' | 'own'
    ownFiles: [],
    validation: null,
    report: null,
    charts: [],
    settings: {
      options: { tz_offset_minutes: fromUrl.tz ?? browserOffset().minutes, drop_duplicates: fromUrl.dup ?? true, event_map: [] },
      files: [],
    },
    busy: null,
    error: null,
    notice: null,
    view: fromUrl.view || opts.view || 'overview',
    options: opts.analysis || {},
    partial: false, // the report holds only the KPIs so far
    keep: false, // the user opted in to keep their files in IndexedDB
    saved: null, // {savedAt, count, bytes} of the files kept in this browser
  };
  let destroyed = false;
  /** The views this widget shows (option `views`: ids in any order; default all). */
  const views = () => {
    const want = Array.isArray(opts.views) && opts.views.length ? opts.views : null;
    const list = want ? VIEWS.filter((v) => want.includes(v.id)) : VIEWS;
    return list.length ? list : VIEWS;
  };

  function writeUrl() {
    if (!opts.urlState || destroyed) return;
    const p = new URLSearchParams();
    p.set('view', state.view);
    p.set('lang', state.lang);
    p.set('tz', String(state.settings.options.tz_offset_minutes));
    if (!state.settings.options.drop_duplicates) p.set('dup', '0');
    const next = '#' + p.toString();
    if (location.hash !== next) history.replaceState(history.state, '', next);
  }
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
    progress: (p) => {
      if (!state.busy) return;
      // Keep the input's size for the later stages (parsing, analysing) to show.
      state.busy = { ...state.busy, unit: undefined, step: undefined, ...p, bytes: p.unit === 'bytes' ? p.total : state.busy.bytes };
      renderProgress();
      emit('progress', { ...p });
    },
    crash: (reason) => {
      state.busy = null;
      state.notice = null;
      state.error = { message: makeT(state.lang)('crashed'), detail: reason };
      // The new worker holds no data: what was shown cannot be re-analysed.
      state.report = null;
      state.partial = false;
      state.charts = [];
      state.validation = null;
      state.source = null;
      render();
      emit('error', { message: reason, crashed: true });
    },
  });

  // ---- actions ----
  async function run(label, fn) {
    if (destroyed) return;
    state.busy = { stage: label };
    state.error = null;
    state.notice = null;
    renderProgress();
    try {
      await engine.ready;
      await fn();
    } catch (e) {
      const t = makeT(state.lang);
      if (e.code === 'too_big') {
        state.error = { message: t('too_big', { size: bytesText(e.size, state.lang), fits: bytesText(e.fits, state.lang) }), detail: t('too_big_cli') };
        state.ownFiles = [];
        forgetData(); // the worker was cleared before reading
        emit('error', { message: e.message, code: 'too_big', size: e.size, fits: e.fits });
      } else if (/^cancelled/.test(e.message)) {
        if (!destroyed) state.notice = t('cancelled');
      } else if (!/^crashed/.test(e.message)) {
        state.error = { message: t('error'), detail: e.message };
        emit('error', { message: e.message });
      }
    } finally {
      state.busy = null;
      if (!destroyed) render();
    }
  }

  /** Cancels the work in progress: the worker is replaced, so the data it held is gone. */
  function cancel() {
    if (!state.busy) return;
    engine.cancel();
    forgetData();
  }

  /** The worker no longer holds the data shown: show nothing rather than stale results. */
  function forgetData() {
    state.report = null;
    state.partial = false;
    state.charts = [];
    state.validation = null;
    state.source = null;
  }

  /** Analyses the loaded data; with `first`, shows the KPIs as soon as they are ready. */
  async function analyse(first = false) {
    const res = await engine.request('analyze', {
      options: state.options, lang: state.lang, kpisFirst: first && opts.kpisFirst !== false,
    }, [], (early) => {
      if (destroyed) return;
      state.report = early.report;
      state.charts = early.charts;
      state.partial = true;
      emit('kpis', early.report);
      render();
    });
    state.report = res.report;
    state.charts = res.charts;
    state.partial = false;
    emit('report', res.report);
  }

  function loadDemo() {
    return run('demo', async () => {
      state.source = 'demo';
      state.settings = { options: { ...state.settings.options, tz_offset_minutes: DEMO_TZ, event_map: [] }, files: [] };
      await engine.request('demo', { seed: opts.seed ?? 42, scale: opts.scale || 'small' });
      state.validation = await engine.request('ingest');
      await analyse(true);
    });
  }

  /** Hands the File objects to the worker, which reads them in chunks (never on this thread). */
  async function sendOwnFiles() {
    await engine.request('clear');
    const files = state.ownFiles.map((f) => ({ name: f.file.name, file: f.file, kind: f.kind || '' }));
    await engine.request('addFiles', { files, maxInputBytes: opts.maxInputBytes });
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
    if (usable(state.validation)) await analyse(true);
    await keepIfAsked();
  }

  // ---- files kept in this browser (opt-in) ----
  async function refreshSaved() {
    if (!opts.persist) return;
    const rec = await store.load();
    state.saved = rec ? { savedAt: rec.savedAt, count: rec.files.length, bytes: rec.files.reduce((s, f) => s + (f.blob ? f.blob.size : 0), 0) } : null;
    state.keep = !!rec;
  }
  async function keepIfAsked() {
    if (!opts.persist || !state.keep || state.source !== 'own' || !state.ownFiles.length) return;
    try {
      await store.save(state.ownFiles, state.settings);
      await refreshSaved();
    } catch (e) {
      state.notice = makeT(state.lang)('keep_failed') + ' ' + e.message;
    }
  }
  async function setKeep(on) {
    state.keep = on;
    if (on) await keepIfAsked();
    else { await store.erase(); state.saved = null; }
    if (!destroyed) render();
  }
  function reopenSaved() {
    return run('reading', async () => {
      const rec = await store.load();
      if (!rec) return;
      state.ownFiles = rec.files.map((f) => ({ file: new File([f.blob], f.name), kind: f.kind || '' }));
      if (rec.settings) state.settings = rec.settings;
      state.source = 'own';
      await sendOwnFiles();
      state.validation = await engine.request('ingest');
      state.report = null;
      state.charts = [];
      if (usable(state.validation)) await analyse(true);
    });
  }
  async function eraseSaved() {
    await store.erase();
    state.saved = null;
    state.keep = false;
    if (!destroyed) render();
    emit('erased', {});
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
      if (usable(state.validation)) await analyse(true);
      await keepIfAsked();
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
    const pct = b.total ? Math.min(100, Math.round((100 * b.done) / b.total)) : null;
    const facts = [];
    if (b.unit === 'bytes' && b.total) facts.push(`${bytesText(b.done, state.lang)} / ${bytesText(b.total, state.lang)}`);
    else if (b.bytes) facts.push(bytesText(b.bytes, state.lang));
    if (b.step) facts.push(t('stage_' + b.step));
    const rows = state.validation && b.stage === 'analysing' ? state.validation.rows_accepted : null;
    if (rows != null) facts.push(t('rows_n', { n: fmt('int', rows) }));
    progressEl.append(...[
      h('span', { class: 'spinner', 'aria-hidden': 'true' }),
      h('span', { class: 'stage', 'data-testid': 'progress-stage', text: t('progress_' + (b.stage || 'parsing')) + (pct != null ? ` ${pct}%` : '') }),
      pct != null ? h('progress', { max: 100, value: pct, 'aria-label': t('progress') }) : h('progress', { 'aria-label': t('progress') }),
      facts.length ? h('span', { class: 'muted', 'data-testid': 'progress-facts', text: facts.join(' · ') }) : null,
      h('button', { class: 'ghost', 'data-testid': 'cancel', onclick: () => cancel(), text: t('cancel') }),
    ].filter(Boolean));
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
      onchange: (e) => { state.settings.options.tz_offset_minutes = Number(e.target.value); writeUrl(); if (state.source) run('parsing', reingest); },
    }, zones.map((m) => h('option', { value: m, selected: m === off, text: label(m) + (m === browserOffset().minutes ? ' ✓' : '') })));
    const dup = h('input', {
      type: 'checkbox', checked: state.settings.options.drop_duplicates,
      onchange: (e) => { state.settings.options.drop_duplicates = e.target.checked; writeUrl(); if (state.source) run('parsing', reingest); },
    });
    const keep = opts.persist ? h('input', {
      type: 'checkbox', checked: state.keep, 'data-testid': 'keep',
      onchange: (e) => { setKeep(e.target.checked); },
    }) : null;
    return h('details', { class: 'settings', part: 'settings' },
      h('summary', { text: t('settings') }),
      h('label', {}, t('timezone') + ' ', tz),
      h('label', {}, dup, ' ' + t('drop_duplicates')),
      keep ? h('label', { title: t('keep_hint') }, keep, ' ' + t('keep')) : null);
  }

  /** The bar offering the files kept in this browser: reopen or erase with one click. */
  function savedBar(t) {
    if (!opts.persist || !state.saved) return null;
    const when = new Date(state.saved.savedAt).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-US');
    return h('section', { class: 'saved card', part: 'saved', 'data-testid': 'saved' },
      h('span', { text: t('saved_data', { n: fmt('int', state.saved.count), size: bytesText(state.saved.bytes, state.lang), when }) }),
      h('span', { class: 'row' },
        state.source !== 'own' ? h('button', { class: 'primary small', 'data-testid': 'reopen', onclick: () => reopenSaved(), text: t('reopen') }) : null,
        h('button', { class: 'ghost small', 'data-testid': 'erase', onclick: () => eraseSaved(), text: t('erase') })));
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

  /** Sort and filter of each table (by test id), kept across re-renders. */
  const tableState = new Map();

  /**
   * A data table with sorting (click a header), a filter box and CSV export. `columns` are
   * `[label, get(row), format?]`; a format (see dom.js) makes the column numeric
   * (right-aligned). Shows the first TABLE_LIMIT matching rows; the CSV has all of them, with
   * raw values (numbers as numbers) and formula-like text neutralised (csv.js).
   */
  function table(columns, rows, testid) {
    const t = makeT(state.lang);
    const key = testid || columns.map((c) => c[0]).join('|');
    const st = tableState.get(key) || { sort: null, dir: 1, filter: '' };
    tableState.set(key, st);
    const collator = new Intl.Collator(state.lang === 'zh' ? 'zh-CN' : 'en-US', { numeric: true });
    const text = (r, [, get, f]) => { const v = get(r); return f ? fmt(f, v) : String(v ?? '—'); };
    const visible = () => {
      let out = rows;
      const q = st.filter.trim().toLowerCase();
      if (q) out = out.filter((r) => columns.some((c) => text(r, c).toLowerCase().includes(q)));
      if (st.sort != null && columns[st.sort]) {
        const get = columns[st.sort][1];
        out = out.map((r, i) => [get(r), i, r]).sort((a, b) => st.dir * compareCells(a[0], b[0], collator) || a[1] - b[1]).map((x) => x[2]);
      }
      return out;
    };
    const tbody = h('tbody');
    const count = h('span', { class: 'muted table-count', 'aria-live': 'polite' });
    const heads = columns.map(([label, , f], i) => h('th', { class: f ? 'num' : null, scope: 'col' },
      h('button', {
        class: 'sort', type: 'button', text: label, title: t('sort'),
        onclick: () => { if (st.sort === i) st.dir = -st.dir; else { st.sort = i; st.dir = f ? -1 : 1; } fill(); },
      })));
    function fill() {
      const vis = visible();
      tbody.replaceChildren(...vis.slice(0, TABLE_LIMIT).map((r) => h('tr', {}, columns.map((c) => h('td', { class: c[2] ? 'num' : null, text: text(r, c) })))));
      heads.forEach((th, i) => {
        const dir = st.sort === i ? (st.dir > 0 ? 'ascending' : 'descending') : 'none';
        th.setAttribute('aria-sort', dir);
        th.firstChild.dataset.dir = dir;
      });
      count.textContent = vis.length > TABLE_LIMIT
        ? t('rows_shown', { shown: fmt('int', TABLE_LIMIT), total: fmt('int', vis.length) })
        : t('rows_n', { n: fmt('int', vis.length) });
    }
    const raw = (v) => (v == null || typeof v === 'number' || typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
    const tools = h('div', { class: 'table-tools' },
      h('input', {
        type: 'search', class: 'filter', placeholder: t('filter'), 'aria-label': t('filter'), value: st.filter,
        'data-testid': testid ? `${testid}-filter` : null,
        oninput: (e) => { st.filter = e.target.value; fill(); },
      }),
      count,
      h('button', {
        class: 'ghost small', type: 'button', text: t('export_csv'), 'data-testid': testid ? `${testid}-csv` : null,
        onclick: () => downloadCsv(`livelens-${testid || 'table'}.csv`, columns.map((c) => c[0]), visible().map((r) => columns.map(([, get]) => raw(get(r))))),
      }));
    fill();
    return h('div', { class: 'table-box' }, tools, h('div', { class: 'table-wrap' }, h('table', { class: 'grid', 'data-testid': testid },
      h('thead', {}, h('tr', {}, heads)), tbody)));
  }

  const chartState = new Map();
  /** Chart cards by chart id, reused while their spec and language are unchanged. */
  const chartCards = new Map();
  let renderSeq = 0;
  /** Chart cards for the report's chart specs with these ids, in this order. */
  function chartsGrid(ids) {
    const grid = h('div', { class: 'charts', 'data-testid': 'charts' });
    for (const id of ids) {
      const spec = state.charts.find((c) => c.id === id);
      if (!spec) continue;
      // An unchanged chart keeps its drawn canvas across re-renders (e.g. when the full
      // report follows the KPIs): no flicker, no blank canvas between two frames.
      const key = state.lang + JSON.stringify(spec);
      const kept = chartCards.get(spec.id);
      if (kept && kept.key === key && kept.used !== renderSeq) {
        kept.used = renderSeq;
        grid.append(kept.card);
        chartState.set(kept.canvas, spec);
        continue;
      }
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
      chartCards.set(spec.id, { key, card, canvas, used: renderSeq });
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
    box.replaceChildren(table(head.map((c, i) => [c, (r) => r[i]]), rows, `chart-${spec.id}`));
    box.hidden = false;
  }

  function downloadPng(spec, canvas) {
    const a = h('a', { href: canvas.toDataURL('image/png'), download: `${spec.id}.png` });
    a.click();
  }

  function nav(t) {
    return h('nav', { class: 'views', role: 'tablist', part: 'nav', 'data-testid': 'nav' },
      views().map((view) => h('button', {
        role: 'tab', class: view.id === state.view ? 'tab on' : 'tab', 'aria-selected': String(view.id === state.view),
        'data-view': view.id, text: t.pair({ x: view.label }, 'x'),
        onclick: () => { state.view = view.id; writeUrl(); render(); emit('view', view.id); },
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
      partial: state.partial,
      setOptions: (patch) => run('analysing', async () => {
        state.options = { ...state.options, ...patch };
        await analyse();
      }),
    };
  }

  function render() {
    if (destroyed) return;
    renderSeq++;
    const t = makeT(state.lang);
    fmt = makeFmt(state.lang, opts.currency);
    app.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    chartState.clear();
    const parts = [header(t), sourceBar(t)];
    if (state.error) {
      parts.push(h('div', { class: 'alert', role: 'alert', 'data-testid': 'alert' },
        h('b', { text: state.error.message }), state.error.detail ? h('p', { class: 'muted', text: state.error.detail }) : null));
    }
    if (state.notice) parts.push(h('p', { class: 'notice', role: 'status', 'data-testid': 'notice', text: state.notice }));
    parts.push(progressEl, savedBar(t), dropZone(t), settingsBar(t));
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
      const list = views();
      const view = list.find((x) => x.id === state.view) || list[0];
      let body;
      try {
        // While only the KPIs are ready, views other than the first wait for the full report.
        body = state.partial && view !== VIEWS[0]
          ? h('p', { class: 'muted', 'data-testid': 'view-pending', text: t('view_pending') })
          : view.render(viewContext(t));
      } catch (e) {
        console.error('view', view.id, e);
        body = h('p', { class: 'alert', text: `${t('error')}: ${e.message}` });
      }
      parts.push(h('div', { class: 'view', 'data-view': view.id, part: 'view' }, body));
    } else if (!state.busy && !v) {
      parts.push(h('p', { class: 'muted', text: t('nothing_loaded') }));
    }
    parts.push(h('footer', { class: 'muted', text: `LiveLens · ${t('privacy')}` }));
    app.replaceChildren(...parts.filter(Boolean));
    renderProgress();
    if (state.charts.length) requestAnimationFrame(() => { if (!destroyed) drawAll(); });
  }

  async function setLang(lang) {
    state.lang = lang === 'zh' ? 'zh' : 'en';
    if (state.report) {
      try { state.charts = await engine.request('charts', { lang: state.lang }); } catch (_) { /* keep old charts */ }
    }
    writeUrl();
    render();
    emit('lang', state.lang);
  }

  let resizeTimer = null;
  const ro = new ResizeObserver(() => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => { if (state.charts.length) drawAll(); }, 150); });
  ro.observe(app);
  const mq = matchMedia('(prefers-color-scheme: dark)');
  const onScheme = () => { if (opts.theme === 'auto') { applyTheme(); if (state.charts.length) drawAll(); } };
  mq.addEventListener('change', onScheme);
  // A bookmarked or edited URL (back/forward) switches view and language.
  const onHash = () => {
    if (!opts.urlState) return;
    const u = readUrlState();
    if (u.lang && u.lang !== state.lang) { setLang(u.lang); }
    if (u.view && u.view !== state.view) { state.view = u.view; render(); }
  };
  window.addEventListener('hashchange', onHash);

  render();
  writeUrl();
  refreshSaved().then(() => { if (!destroyed && state.saved) render(); });
  if (opts.demo) loadDemo();

  return {
    /** Loads File objects (or {name, data: string|ArrayBuffer} records) as the user's data. */
    load(files) {
      const list = [...files].map((f) => (f instanceof File ? f : new File([f.data], f.name)));
      return loadFiles(list);
    },
    loadDemo,
    update(next = {}) {
      if (destroyed) return Promise.resolve();
      Object.assign(opts, next);
      if (next.analysis) state.options = next.analysis;
      if (next.theme) { applyTheme(); if (state.charts.length) drawAll(); }
      if (next.views || next.view) { if (next.view) state.view = next.view; render(); }
      if (next.currency) render();
      if (next.lang && next.lang !== state.lang) return setLang(next.lang);
      if (next.analysis && state.report) return run('analysing', () => analyse());
      return Promise.resolve();
    },
    on(ev, fn) { (listeners[ev] ||= []).push(fn); return () => { listeners[ev] = (listeners[ev] || []).filter((x) => x !== fn); }; },
    /** The full report (a deep copy), or null while none or only the KPIs are ready. */
    exportReport() { return state.report && !state.partial ? JSON.parse(JSON.stringify(state.report)) : null; },
    cancel,
    /** Deletes the files kept in this browser (IndexedDB). */
    eraseSaved,
    get state() { return { lang: state.lang, source: state.source, busy: !!state.busy, partial: state.partial, view: state.view }; },
    /** TEST ONLY: makes the wasm in the worker panic (see docs/embedding.md). */
    _debugPanic() { return run('analysing', () => engine.request('debugPanic')); },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      ro.disconnect();
      clearTimeout(resizeTimer);
      mq.removeEventListener('change', onScheme);
      window.removeEventListener('hashchange', onHash);
      engine.destroy();
      for (const k of Object.keys(listeners)) delete listeners[k];
      chartState.clear();
      chartCards.clear();
      tableState.clear();
      root.replaceChildren();
    },
  };
}

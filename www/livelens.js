// LiveLens dashboard widget. `mount(element, options)` builds the whole UI inside a shadow root;
// the static page (index.html) mounts it full-page. Parsing and analysis run in a module worker
// (worker.js, spoken to through app/worker-client.js and protocol.js); charts are drawn by the
// wasm on the main thread (app/charts-host.js). No data value is ever inserted as HTML: the
// `h()` helper only creates text nodes. mount() only wires the parts in app/:
//
//   state.js          the state object and its pure helpers
//   worker-client.js  requests to the worker, progress, crash recovery
//   upload.js         demo, the user's files, re-parsing, analysing
//   persistence.js    files kept in this browser (IndexedDB, opt-in)
//   url-state.js      view and settings in the URL hash
//   chrome.js         header, source bar, progress, settings
//   files-view.js     the validation section (one card per file)
//   views-host.js     navigation and the analysis views (views/*.js)
//   lazy.js           heavy sections computed when their view is first opened
//   charts-host.js    chart cards and their wasm Chart handles
//   table.js          sortable, filterable data tables with CSV export
//   live*.js          live mode: follow a growing export, live screen, alerts, lottery

import { makeT } from './i18n.js';
import { h, makeFmt } from './dom.js';
import { createState, forgetData, usable, bytesText } from './app/state.js';
import { WorkerClient } from './app/worker-client.js';
import { createUpload } from './app/upload.js';
import { createPersistence } from './app/persistence.js';
import { readUrlState, createUrlState } from './app/url-state.js';
import { createChrome } from './app/chrome.js';
import { createFilesView } from './app/files-view.js';
import { createViewsHost } from './app/views-host.js';
import { createCharts } from './app/charts-host.js';
import { createTables } from './app/table.js';
import { createLive } from './app/live.js';
import { createLazy } from './app/lazy.js';

const BASE = new URL('.', import.meta.url);

export function mount(element, options = {}) {
  const opts = { demo: true, theme: 'auto', urlState: false, kpisFirst: true, persist: true, ...options };
  // Relative URLs are relative to the host page (the worker would resolve them against itself).
  for (const k of ['wasmUrl', 'workerUrl']) if (opts[k]) opts[k] = new URL(opts[k], document.baseURI).href;
  const state = createState(opts, opts.urlState ? readUrlState() : {});

  const listeners = {};
  const root = element.shadowRoot || element.attachShadow({ mode: 'open' });
  root.replaceChildren();
  const appEl = h('div', { class: 'll', part: 'dashboard' });
  root.append(h('link', { rel: 'stylesheet', href: new URL('./livelens.css', BASE).href }), appEl);

  /** What the parts in app/ share. */
  const app = {
    opts, state, root, destroyed: false,
    fmt: makeFmt(state.lang, opts.currency),
    emit: (ev, data) => (listeners[ev] || []).forEach((fn) => { try { fn(data); } catch (e) { console.error(e); } }),
    render: () => render(),
    run: (label, fn) => run(label, fn),
    cancel: () => cancel(),
    setLang: (lang) => setLang(lang),
    applyTheme() {
      const dark = opts.theme === 'dark' || (opts.theme === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches);
      appEl.classList.toggle('dark', dark);
      return dark;
    },
  };
  app.applyTheme();
  app.engine = new WorkerClient(opts, {
    progress: (p) => {
      if (!state.busy) return;
      // Keep the input's size for the later stages (parsing, analysing) to show.
      state.busy = { ...state.busy, unit: undefined, step: undefined, rows: undefined, ...p, bytes: p.unit === 'bytes' ? p.total : state.busy.bytes };
      app.chrome.renderProgress();
      app.emit('progress', { ...p });
    },
    crash: (reason) => {
      state.busy = null;
      state.notice = null;
      state.error = { message: makeT(state.lang)('crashed'), detail: reason };
      // The new worker holds no data: what was shown cannot be re-analysed.
      forgetData(state);
      render();
      app.emit('error', { message: reason, crashed: true });
    },
  }, BASE);
  app.engine.ready.then((info) => { if (info && info.defaults) state.defaults = info.defaults; }, () => {});
  app.url = createUrlState(app);
  app.lazy = createLazy(app);
  app.upload = createUpload(app);
  app.persistence = createPersistence(app);
  app.chrome = createChrome(app);
  app.files = createFilesView(app);
  app.tables = createTables(app);
  app.charts = createCharts(app);
  app.live = createLive(app);
  app.views = createViewsHost(app);

  /** Runs an action with the progress bar; shows its error in the widget's language. */
  async function run(label, fn) {
    if (app.destroyed) return;
    state.busy = { stage: label };
    state.error = null;
    state.notice = null;
    app.chrome.renderProgress();
    try {
      const info = await app.engine.ready;
      if (info && info.defaults) state.defaults = info.defaults;
      await fn();
    } catch (e) {
      const t = makeT(state.lang);
      if (e.code === 'too_big') {
        state.error = { message: t('too_big', { size: bytesText(e.size, state.lang), fits: bytesText(e.fits, state.lang) }), detail: t('too_big_cli') };
        state.ownFiles = [];
        forgetData(state); // the worker was cleared before reading
        app.emit('error', { message: e.message, code: 'too_big', size: e.size, fits: e.fits });
      } else if (e.code === 'cancelled') {
        if (!app.destroyed) state.notice = t('cancelled');
      } else if (e.code === 'no_rows_accepted') {
        // Nothing usable: the error (main reason and an example), not an empty dashboard.
        // The validation stays: the file cards show every rejected row.
        state.error = { message: t('no_rows_accepted'), detail: e.message };
        state.report = null;
        state.charts = [];
        app.emit('error', { message: e.message, code: e.code });
      } else if (e.code !== 'crashed') {
        state.error = { message: t('error'), detail: e.message };
        app.emit('error', { message: e.message, code: e.code });
      }
    } finally {
      state.busy = null;
      if (!app.destroyed) render();
    }
  }

  /** Cancels the work in progress: the worker is replaced, so the data it held is gone. */
  function cancel() {
    if (!state.busy) return;
    app.engine.cancel();
    forgetData(state);
  }

  function render() {
    if (app.destroyed) return;
    app.charts.beginRender();
    const t = makeT(state.lang);
    app.fmt = makeFmt(state.lang, opts.currency);
    appEl.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    const parts = [app.chrome.header(t), app.chrome.sourceBar(t)];
    if (state.error) {
      parts.push(h('div', { class: 'alert', role: 'alert', 'data-testid': 'alert' },
        h('b', { text: state.error.message }), state.error.detail ? h('p', { class: 'muted', text: state.error.detail }) : null));
    }
    if (state.notice) parts.push(h('p', { class: 'notice', role: 'status', 'data-testid': 'notice', text: state.notice }));
    parts.push(app.chrome.progressEl, app.persistence.savedBar(t), app.upload.dropZone(t), app.chrome.settingsBar(t));
    const v = state.validation;
    if (v && v.files.length) {
      parts.push(app.files.section(t, v));
      if (state.source === 'own' && !usable(v)) parts.push(h('p', { class: 'alert', 'data-testid': 'no-data', text: t('no_data') }));
    }
    if (state.report || app.views.canShow()) parts.push(...app.views.render(t));
    else if (!state.busy && !v) parts.push(h('p', { class: 'muted', text: t('nothing_loaded') }));
    // Live mode needs no report: offered from the start (views/live.js).
    if (!state.report && state.view !== 'live' && !state.busy && app.views.offersLive()) {
      parts.push(h('p', {}, h('button', { 'data-testid': 'go-live', onclick: () => { state.view = 'live'; app.url.write(); render(); }, text: app.views.liveLabel(state.lang) })));
    }
    parts.push(h('footer', { class: 'muted', text: `LiveLens · ${t('privacy')}` }));
    appEl.replaceChildren(...parts.filter(Boolean));
    app.chrome.renderProgress();
    if (state.charts.length) requestAnimationFrame(() => { if (!app.destroyed) app.charts.drawAll(); });
  }

  async function setLang(lang) {
    state.lang = lang === 'zh' ? 'zh' : 'en';
    if (state.report) {
      try { state.charts = await app.engine.request('charts', { lang: state.lang }); } catch (_) { /* keep old charts */ }
    }
    app.url.write();
    render();
    app.emit('lang', state.lang);
  }

  let resizeTimer = null;
  const ro = new ResizeObserver(() => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => { if (state.charts.length) app.charts.drawAll(); }, 150); });
  ro.observe(appEl);
  const mq = matchMedia('(prefers-color-scheme: dark)');
  const onScheme = () => { if (opts.theme === 'auto') { app.applyTheme(); if (state.charts.length) app.charts.drawAll(); } };
  mq.addEventListener('change', onScheme);
  // A bookmarked or edited URL (back/forward) switches view and language.
  const unlisten = app.url.listen((u) => {
    if (u.lang && u.lang !== state.lang) setLang(u.lang);
    if (u.view && u.view !== state.view) { state.view = u.view; render(); }
  });

  render();
  app.url.write();
  app.persistence.refreshSaved().then(() => { if (!app.destroyed && state.saved) render(); });
  if (opts.demo) app.upload.loadDemo();

  return {
    /** Loads File objects (or {name, data: string|ArrayBuffer} records) as the user's data. */
    load(files) {
      const list = [...files].map((f) => (f instanceof File ? f : new File([f.data], f.name)));
      return app.upload.loadFiles(list);
    },
    loadDemo: () => app.upload.loadDemo(),
    update(next = {}) {
      if (app.destroyed) return Promise.resolve();
      Object.assign(opts, next);
      const previous = state.options;
      if (next.analysis) state.options = next.analysis;
      if (next.theme) { app.applyTheme(); if (state.charts.length) app.charts.drawAll(); }
      if (next.views || next.view) { if (next.view) state.view = next.view; render(); }
      if (next.currency) render();
      if (next.lang && next.lang !== state.lang) return setLang(next.lang);
      if (next.analysis && state.report) return run('analysing', () => app.upload.analyse(false, previous));
      return Promise.resolve();
    },
    on(ev, fn) { (listeners[ev] ||= []).push(fn); return () => { listeners[ev] = (listeners[ev] || []).filter((x) => x !== fn); }; },
    /** Computes the heavy sections not computed yet (all, or those listed), then resolves. */
    computeSections: (sections) => app.lazy.ensureSections(sections),
    /** The full report (a deep copy), or null while none or only the KPIs are ready. */
    exportReport() { return state.report && !state.partial ? JSON.parse(JSON.stringify(state.report)) : null; },
    cancel,
    /** Deletes the files kept in this browser (IndexedDB). */
    eraseSaved: () => app.persistence.eraseSaved(),
    get state() { return { lang: state.lang, source: state.source, busy: !!state.busy, partial: state.partial, view: state.view }; },
    /** TEST ONLY: makes the wasm in the worker panic; only the test build (pkg-test/) has the
     * hook (see docs/embedding.md). */
    /** Live mode: `followHandle(FileSystemFileHandle)`, `look()`, `stop()` (docs/live-page.md). */
    live: app.live.api,
    _debugPanic() { return run('analysing', () => app.engine.request('debugPanic')); },
    /** TEST ONLY: how the last ingest's large events file was parsed ({workers, ranges, merged,
     * heaps}: parse-pool.js), or null when it was parsed in the engine worker alone. */
    _parseStats() { return app.engine.request('parseStats'); },
    destroy() {
      if (app.destroyed) return;
      app.destroyed = true;
      ro.disconnect();
      clearTimeout(resizeTimer);
      mq.removeEventListener('change', onScheme);
      unlisten();
      app.live.destroy();
      app.engine.destroy();
      for (const k of Object.keys(listeners)) delete listeners[k];
      app.charts.destroy();
      app.tables.clear();
      root.replaceChildren();
    },
  };
}

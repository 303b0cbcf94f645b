// Getting data into the worker and analysed: the demo, the user's files (file input and drop
// zone; the worker reads them in chunks, never this thread), parsing again with new settings,
// and the analysis itself (KPIs first, then the full report).
import { h } from '../dom.js';
import { applyAnswer, browserOffset, DEMO_TZ, usable } from './state.js';

export function createUpload(app) {
  const { opts, state, engine } = app;
  const demoRequest = () => engine.request('demo', { seed: opts.seed ?? 42, scale: opts.scale || 'small' });

  /** Analyses the loaded data; with `first`, shows the KPIs as soon as they are ready. The
   * heavy sections are left to the views that show them (app/lazy.js), except those the open
   * view needs. With `previous` (the analysis settings of the report shown, before new ones),
   * the worker computes only the sections the changed settings change; the heavy ones the open
   * view does not need are dropped, to be computed when their view opens. */
  async function analyse(first = false, previous = null) {
    const sections = app.lazy.sectionsFor(state.view);
    const changed = previous && state.report && !state.partial ? changedKeys(previous, state.options) : null;
    const res = await engine.request('analyze', {
      options: state.options, lang: state.lang, kpisFirst: first && opts.kpisFirst !== false,
      ...(sections ? { sections } : {}),
      ...(changed ? { changed } : {}),
    }, [], (early) => {
      if (app.destroyed) return;
      applyAnswer(state, early);
      state.partial = true;
      app.emit('kpis', early.report);
      app.render();
    });
    applyAnswer(state, res);
    state.partial = false;
    app.lazy.replaced(res.sections);
    app.emit('report', state.report);
  }

  /** Parses what the worker holds; analyses it when there is something to analyse. */
  async function ingestAndAnalyse() {
    state.validation = await engine.request('ingest', { parseWorkers: opts.parseWorkers });
    state.report = null;
    state.charts = [];
    // Nothing accepted: an error naming the main reason and an example (code no_rows_accepted).
    await engine.request('checkRows');
    if (usable(state.validation)) await analyse(true);
  }

  function loadDemo() {
    return app.run('demo', async () => {
      state.source = 'demo';
      state.settings = { options: { ...state.settings.options, tz_offset_minutes: DEMO_TZ, event_map: [] }, files: [] };
      await demoRequest();
      state.validation = await engine.request('ingest');
      await analyse(true);
    });
  }

  /** Hands the File objects to the worker, which reads them in chunks. */
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
    else if (state.source === 'demo') await demoRequest();
    await engine.request('configure', { settings: state.settings });
    await ingestAndAnalyse();
    await app.persistence.keepIfAsked();
  }

  function loadFiles(fileList) {
    const files = [...fileList];
    if (!files.length) return Promise.resolve();
    return app.run('reading', async () => {
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
      await ingestAndAnalyse();
      await app.persistence.keepIfAsked();
    });
  }

  /** Switches to the user's files (asks for some when none were given yet). */
  function showOwn() {
    if (!state.ownFiles.length) { fileInput.click(); return; }
    app.run('reading', async () => { state.source = 'own'; state.settings.options.tz_offset_minutes = browserOffset().minutes; await reingest(); });
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
          onclick: () => app.run('reading', async () => { state.ownFiles = []; state.settings.files = []; await engine.request('clear'); state.validation = null; state.report = null; state.charts = []; state.source = null; }),
        }) : null),
      fileInput);
    zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (e) => { e.preventDefault(); zone.classList.remove('over'); loadFiles(e.dataTransfer.files); });
    zone.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') fileInput.click(); });
    return zone;
  }

  return { analyse, ingestAndAnalyse, loadDemo, sendOwnFiles, reingest, loadFiles, showOwn, dropZone };
}

/** The top-level keys of the analysis settings whose values differ between `a` and `b` (a key
 * given in one and left to its default in the other counts as changed: at worst a section is
 * computed again for nothing). */
export function changedKeys(a, b) {
  const keys = new Set([...Object.keys(a || {}), ...Object.keys(b || {})]);
  return [...keys].filter((k) => JSON.stringify((a || {})[k]) !== JSON.stringify((b || {})[k]));
}

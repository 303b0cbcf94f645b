// The user's files kept in this browser (IndexedDB, opt-in: the "keep" checkbox): save after
// each load, reopen or erase with one click (the saved bar).
import * as store from '../store.js';
import { makeT } from '../i18n.js';
import { h } from '../dom.js';
import { bytesText } from './state.js';

export function createPersistence(app) {
  const { opts, state } = app;

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
    if (!app.destroyed) app.render();
  }

  /** Reads the kept files back and analyses them. */
  function reopenSaved() {
    return app.run('reading', async () => {
      const rec = await store.load();
      if (!rec) return;
      state.ownFiles = rec.files.map((f) => ({ file: new File([f.blob], f.name), kind: f.kind || '' }));
      if (rec.settings) state.settings = rec.settings;
      state.source = 'own';
      await app.upload.sendOwnFiles();
      await app.upload.ingestAndAnalyse();
    });
  }

  async function eraseSaved() {
    await store.erase();
    state.saved = null;
    state.keep = false;
    if (!app.destroyed) app.render();
    app.emit('erased', {});
  }

  /** The bar offering the files kept in this browser: reopen or erase with one click. */
  function savedBar(t) {
    if (!opts.persist || !state.saved) return null;
    const when = new Date(state.saved.savedAt).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-US');
    return h('section', { class: 'saved card', part: 'saved', 'data-testid': 'saved' },
      h('span', { text: t('saved_data', { n: app.fmt('int', state.saved.count), size: bytesText(state.saved.bytes, state.lang), when }) }),
      h('span', { class: 'row' },
        state.source !== 'own' ? h('button', { class: 'primary small', 'data-testid': 'reopen', onclick: () => reopenSaved(), text: t('reopen') }) : null,
        h('button', { class: 'ghost small', 'data-testid': 'erase', onclick: () => eraseSaved(), text: t('erase') })));
  }

  return { refreshSaved, keepIfAsked, setKeep, reopenSaved, eraseSaved, savedBar };
}

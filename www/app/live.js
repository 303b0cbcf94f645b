// Live mode's controller ("Go live"): picks the growing export, looks at it every few seconds,
// and shows the live screen and the lottery. Chromium follows the file through the File System
// Access API (a FileSystemFileHandle: each look takes a fresh getFile() and the worker reads
// only the bytes after the last offset); elsewhere the user picks the file with an input and
// presses Refresh, which re-reads only the new part of the same File (when the browser refuses
// a changed file, the user picks it again and reading goes on from the same offset). The work
// runs in the worker (app/live-worker.js); the screen is drawn here (app/live-screen.js).
//
// Test hook (documented in docs/live-page.md): `handle.live.followHandle(fileHandle)` follows
// any FileSystemFileHandle, e.g. one from the origin private file system
// (`navigator.storage.getDirectory()`), which a headless browser can write without a picker;
// `handle.live.look()` looks now instead of waiting for the timer.
import { h } from '../dom.js';
import { bytesText } from './state.js';
import { lt, installLiveText } from './live-text.js';
import { createScreen, alertText } from './live-screen.js';
import { createLottery } from './live-lottery.js';
import { beep, unlockAudio, notify, notifyState, askNotify } from './live-alerts.js';

/** Whether this browser can follow a file by itself. */
export const canFollow = () => typeof globalThis.showOpenFilePicker === 'function';

/** No new rows for this long: say the tool may be paused. */
const PAUSE_MS = 30_000;

export function createLive(app) {
  const { state } = app;
  const L = {
    source: null, // {kind: 'handle'|'file', handle?, file?, name}
    following: false,
    every: 3,
    timer: null,
    looking: false,
    screen: null,
    charts: [],
    status: null,
    lastNewAt: null,
    partial: 0,
    notice: null, // {key, vars}
    error: null,
    repick: false,
    seenAlerts: new Set(),
    sound: false,
    notify: notifyState(),
    timing: null, // {core, total, draw, rows}
    lang: null,
    restart: false,
  };
  app.engine.ready.then((info) => installLiveText(info && info.labels), () => {});
  const screen = createScreen(app);
  const lottery = createLottery(app);
  const root = h('div', { class: 'live', 'data-testid': 'live' });
  const controlsEl = h('div', { class: 'card live-follow' });
  const statusEl = h('div', { class: 'live-status', 'aria-live': 'polite' });
  const screenEl = h('div', { class: 'live-body' });
  // The lottery keeps its own element (its inputs keep focus while the screen is redrawn).
  const lotteryEl = lottery.element();
  const input = h('input', { type: 'file', accept: '.csv,.tsv,.txt,.ndjson,.jsonl,.json', hidden: true, 'data-testid': 'live-file-input', onchange: (e) => onInput(e) });
  root.append(controlsEl, statusEl, screenEl, lotteryEl, input);

  const t = () => lt(state.lang);

  async function pick() {
    if (!canFollow()) { input.click(); return; }
    let handle;
    try {
      [handle] = await globalThis.showOpenFilePicker({
        types: [{ description: 'CSV / NDJSON', accept: { 'text/plain': ['.csv', '.tsv', '.txt', '.ndjson', '.jsonl', '.json'] } }],
      });
    } catch (e) {
      if (e && e.name === 'AbortError') return; // the user closed the picker
      L.error = e.message || String(e);
      render();
      return;
    }
    await followHandle(handle);
  }

  function onInput(e) {
    const file = e.target.files && e.target.files[0];
    e.target.value = '';
    if (!file) return;
    if (L.repick && L.source && L.source.kind === 'file') {
      // The same file again: the worker goes on from its offset (the core checks the first
      // bytes, so another file starts over with a message).
      L.source.file = file;
      L.repick = false;
      L.error = null;
      look();
      return;
    }
    start({ kind: 'file', file, name: file.name });
  }

  async function followHandle(handle) {
    await start({ kind: 'handle', handle, name: handle.name });
  }

  async function start(source) {
    stopTimer();
    L.error = null;
    L.notice = null;
    L.repick = false;
    L.screen = null;
    L.charts = [];
    L.status = null;
    L.lastNewAt = null;
    L.seenAlerts.clear();
    lottery.sessionRestarted();
    try {
      await app.engine.request('liveStart', { name: source.name, history: history(), options: state.settings.options });
    } catch (e) {
      L.error = e.message || String(e);
      render();
      return;
    }
    L.source = source;
    L.following = true;
    render();
    await look();
  }

  /** The data the page holds, as the live session's history (the baseline's sessions). */
  function history() {
    if (state.source === 'demo') return { demo: { seed: app.opts.seed ?? 42, scale: app.opts.scale || 'small' } };
    if (state.source === 'own') return { files: state.ownFiles.map((f) => ({ name: f.file.name, file: f.file, kind: f.kind || '' })) };
    return {};
  }

  function stopTimer() {
    clearTimeout(L.timer);
    L.timer = null;
  }

  function schedule() {
    stopTimer();
    // Without the File System Access API the user presses Refresh: no timer.
    if (L.following && L.source && L.source.kind === 'handle' && !app.destroyed) {
      L.timer = setTimeout(look, L.every * 1000);
    }
  }

  function stop() {
    stopTimer();
    L.following = false;
    L.notice = L.source ? { key: 'stopped', vars: { name: L.source.name } } : null;
    render();
  }

  /** One look at the file: the worker reads what is new; the screen is redrawn. */
  async function look() {
    if (L.looking || !L.source || app.destroyed) return;
    L.looking = true;
    const t0 = performance.now();
    try {
      const file = L.source.kind === 'handle' ? await L.source.handle.getFile() : L.source.file;
      const res = await app.engine.request('liveLook', { file, lang: state.lang, settle: L.source.kind === 'file' });
      L.lang = state.lang;
      onLooked(res);
      const total = performance.now() - t0;
      const draw = await paint();
      L.timing = { core: res.ms, look: res.lookMs, total: total + draw, draw, rows: res.newRows };
      renderStatus();
    } catch (e) {
      if (e.code === 'not_readable') {
        L.repick = true;
        L.error = null;
      } else if (e.code === 'no_live' || e.code === 'crashed') {
        // The worker was replaced (a crash): its session is gone, so read the file again.
        L.restart = true;
      } else if (e.code !== 'cancelled') {
        L.error = e.message || String(e);
      }
      render();
    } finally {
      L.looking = false;
      if (L.restart && L.source && L.following) {
        L.restart = false;
        start(L.source);
      } else schedule();
    }
  }

  function onLooked(res) {
    for (const lk of res.looks) {
      if (lk.kind === 'restarted') {
        L.notice = { key: 'restarted', vars: { reason: lk.message } };
        L.seenAlerts.clear();
        lottery.sessionRestarted();
      }
    }
    if (res.newRows > 0) L.lastNewAt = Date.now();
    else if (L.lastNewAt == null) L.lastNewAt = Date.now();
    const last = res.looks[res.looks.length - 1];
    L.partial = last ? last.partial_bytes : 0;
    L.screen = res.screen;
    L.charts = res.charts;
    L.status = res.status;
    announce(res.screen);
  }

  /** New alerts: a beep and a notification when the user asked for them. */
  function announce(s) {
    const fresh = [];
    for (const a of s.alerts) {
      const key = `${a.kind}|${a.ts}|${a.minute}|${a.item_id}`;
      if (!L.seenAlerts.has(key)) { L.seenAlerts.add(key); fresh.push(a); }
    }
    if (!fresh.length) return;
    if (L.sound) beep();
    const tx = t();
    for (const a of fresh) notify(`LiveLens · ${tx('alerts')}`, alertText(tx, app.fmt, s, a), a.kind);
  }

  /** Rebuilds the screen's DOM and draws its charts; returns the drawing time (ms). */
  async function paint() {
    if (!root.isConnected) return 0;
    const tx = t();
    screenEl.replaceChildren(screen.element(tx, app.fmt, L.screen, L.charts));
    return screen.drawCharts(L.charts);
  }

  function controls(tx) {
    const following = L.following && L.source;
    const every = h('select', {
      'data-testid': 'live-every',
      onchange: (e) => { L.every = Number(e.target.value); schedule(); },
    }, [2, 3, 5, 10, 30].map((n) => h('option', { value: n, selected: n === L.every, text: tx('seconds', { n }) })));
    // replaceChildren() would insert `null` as the text "null": keep the nodes only.
    controlsEl.replaceChildren(...[
      h('h2', { text: tx('tab') }),
      h('p', { class: 'muted', text: tx('intro') }),
      canFollow() ? null : h('p', { class: 'notice', 'data-testid': 'live-no-fs', text: tx('no_fs_api') }),
      h('div', { class: 'controls' },
        h('button', { class: following ? '' : 'primary', 'data-testid': 'live-pick', text: tx('pick'), onclick: pick }),
        L.source && L.source.kind === 'file' ? h('button', { class: 'primary', 'data-testid': 'live-refresh', text: tx('refresh'), onclick: () => look() }) : null,
        following && L.source.kind === 'handle' ? h('label', { class: 'field' }, h('span', { class: 'field-label', text: tx('every') }), every) : null,
        following ? h('button', { class: 'ghost', 'data-testid': 'live-stop', text: tx('stop'), onclick: stop }) : null,
        h('label', {}, h('input', {
          type: 'checkbox', checked: L.sound, 'data-testid': 'live-sound',
          onchange: (e) => { L.sound = e.target.checked; if (L.sound) unlockAudio(); },
        }), ' ' + tx('sound')),
        L.notify === 'granted'
          ? h('span', { class: 'muted', text: tx('notify_on') })
          : h('button', {
            class: 'ghost', 'data-testid': 'live-notify', text: tx('notify'),
            onclick: async () => { L.notify = await askNotify(); render(); },
          }),
        L.notify === 'denied' ? h('span', { class: 'muted', text: tx('notify_denied') }) : null,
        L.notify === 'missing' ? h('span', { class: 'muted', text: tx('notify_missing') }) : null)].filter(Boolean));
  }

  function renderStatus() {
    const tx = t();
    const parts = [];
    if (L.source) {
      parts.push(h('p', { class: 'showing', 'data-testid': 'live-following', text: L.following ? tx('following', { name: L.source.name }) : tx('stopped', { name: L.source.name }) }));
    }
    if (L.status) {
      const ago = L.lastNewAt == null ? tx('never') : tx('ago', { s: Math.round((Date.now() - L.lastNewAt) / 1000) });
      parts.push(h('p', { class: 'muted', 'data-testid': 'live-status', text: tx('status', { bytes: bytesText(L.status.bytes, state.lang), rows: app.fmt('int', L.status.rows_accepted), rejected: app.fmt('int', L.status.rows_rejected), ago }) }));
    }
    if (L.partial > 0) parts.push(h('p', { class: 'small-note', 'data-testid': 'live-partial', text: tx('partial_line') }));
    if (L.following && L.lastNewAt != null && Date.now() - L.lastNewAt > PAUSE_MS) {
      parts.push(h('p', { class: 'small-note', 'data-testid': 'live-paused', text: tx('paused', { s: Math.round((Date.now() - L.lastNewAt) / 1000) }) }));
    }
    if (L.timing) parts.push(h('p', { class: 'small-note', 'data-testid': 'live-timing', text: tx('tick_ms', { ms: app.fmt('int', L.timing.total), rows: app.fmt('int', L.timing.rows) }) }));
    if (L.notice) parts.push(h('p', { class: 'notice', role: 'status', 'data-testid': 'live-notice', text: tx(L.notice.key, L.notice.vars) }));
    if (L.repick) {
      parts.push(h('p', { class: 'alert', 'data-testid': 'live-repick' }, tx('repick', { offset: app.fmt('int', L.status ? L.status.bytes : 0) }), ' ',
        h('button', { class: 'primary', text: tx('repick_button'), onclick: () => input.click() })));
    }
    if (L.error) parts.push(h('p', { class: 'alert', role: 'alert', 'data-testid': 'live-error', text: L.error }));
    statusEl.replaceChildren(...parts);
  }

  /** Rebuilds the whole view (language, controls, status, screen). */
  function render() {
    const tx = t();
    controls(tx);
    renderStatus();
    if (L.screen && L.lang !== state.lang && !L.looking) {
      // The chart specs carry their texts: ask for them in the new language.
      L.lang = state.lang;
      app.engine.request('liveScreen', { lang: state.lang }).then((res) => {
        L.screen = res.screen;
        L.charts = res.charts;
        paint();
      }, () => {});
    }
    screenEl.replaceChildren(screen.element(tx, app.fmt, L.screen, L.charts));
    lottery.element(); // the texts in the current language
    requestAnimationFrame(() => { if (root.isConnected) screen.drawCharts(L.charts); });
    return root;
  }

  /** The view's content (views/live.js): the same element every time, refreshed. */
  function element() {
    return render();
  }

  function destroy() {
    stopTimer();
    L.following = false;
    screen.destroy();
  }

  return {
    element,
    destroy,
    /** The mount handle's `live` (tests, hosts): follow a FileSystemFileHandle; look now. */
    api: {
      followHandle: (handle) => followHandle(handle),
      look: () => look(),
      stop: () => stop(),
      get following() { return L.following; },
      get screen() { return L.screen; },
      get timing() { return L.timing; },
    },
  };
}

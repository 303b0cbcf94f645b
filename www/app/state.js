// The widget's state (one plain object, owned by mount()) and the small pure helpers around it.

/** Browser's UTC offset as `{minutes, label: 'UTC+08:00'}`. */
export function browserOffset() {
  const m = -new Date().getTimezoneOffset();
  return { minutes: m, label: tzLabel(m) };
}

/** A minute offset as `UTC+08:00`. */
export function tzLabel(m) {
  const a = Math.abs(m);
  return `UTC${m >= 0 ? '+' : '-'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** The demo creator streams from China (UTC+08:00). */
export const DEMO_TZ = 480;

/** Time zones offered besides the browser's own. */
export const ZONES = [-300, -240, 0, 60, 180, 330, 420, 480, 540, 600];

/** Bytes as `1.5 MB` in the widget's language. */
export function bytesText(n, lang) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = Number(n) || 0;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  const num = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: u ? 1 : 0 }).format(v);
  return `${num} ${units[u]}`;
}

/** The initial state: language, settings and view from the options and the URL. */
export function createState(opts, fromUrl) {
  const detected = (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
  return {
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
    /** The wasm's default analysis options (from the worker's `init`), for the views. */
    defaults: null,
    partial: false, // the report holds only the KPIs so far
    keep: false, // the user opted in to keep their files in IndexedDB
    saved: null, // {savedAt, count, bytes} of the files kept in this browser
  };
}

/** The worker no longer holds the data shown: show nothing rather than stale results. */
export function forgetData(state) {
  state.report = null;
  state.partial = false;
  state.charts = [];
  state.validation = null;
  state.source = null;
}

/** Whether a validation report has events or orders to analyse. */
export function usable(v) {
  return v && v.files.some((f) => !f.error && (f.kind === 'events' || f.kind === 'orders') && f.rows_accepted > 0);
}

/** Puts the worker's `analyze` answer into the state: its whole report, or, when the answer
 * lists the sections that `changed`, its `fields` (those sections' and `skipped`; the others
 * are empty there) put into the report shown, which then equals the worker's
 * (protocol.d.ts `Analysed`). */
export function applyAnswer(state, res) {
  if (res.changed && state.report) {
    const report = { ...state.report };
    for (const k of res.fields || []) report[k] = res.report[k];
    state.report = report;
  } else {
    state.report = res.report;
  }
  state.charts = res.charts;
}

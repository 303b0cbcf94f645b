// The worker protocol: every message between the widget (app/worker-client.js) and the compute
// worker (worker.js) is made here. Types: protocol.d.ts.
//
//   page → worker   request   {type, id, wasmUrl, ...payload}
//   worker → page   result    {type: 'result', id, ok: true, result}
//                   failure   {type: 'result', id, ok: false, error: ErrorInfo, panic}
//                   progress  {type: 'progress', stage, done, total, unit?, step?, file?, rows?}
//                             (parsing: done/total in bytes read of all files, rows so far)
//                   partial   {type: 'partial', id, result}   (the KPIs before the full report)
//
// `analyze {options, lang, kpisFirst, sections?, merge?, changed?}`: `sections` (keys of the
// core's `analysis::STAGES`) limits the analysis to those (absent = all); with `merge`, they are
// merged into the report the worker holds (same options) instead of replacing it; with
// `changed` (the keys of the settings that differ from the report held's), only the sections
// they change are computed again (those not in `sections` are dropped). The answer lists the
// sections its report has (`sections`), so the page knows which heavy views still wait; an
// answer on the report held (`merge`, `changed`) carries only the sections that `changed` and
// their report `fields` (app/state.js `applyAnswer` puts them into the page's copy).

/** Live mode's requests: liveStart {name, params}; liveLook {file, lang}; liveScreen {lang};
 * liveStop; lotteryEligible {rule}; lotteryCommit {rule, winners}; lotteryDraw;
 * lotteryVerify {name, text}. */
export const LIVE_REQUESTS = ['liveStart', 'liveLook', 'liveScreen', 'liveStop', 'lotteryEligible', 'lotteryCommit', 'lotteryDraw', 'lotteryVerify'];

/** Request types the worker answers. */
export const REQUESTS = ['init', 'demo', 'addFiles', 'removeFile', 'clear', 'configure', 'ingest', 'checkRows', 'mapEvents', 'analyze', 'charts', 'debugPanic', 'parseStats',
  // Live mode (app/live-worker.js).
  ...LIVE_REQUESTS];

/** @returns {import('./protocol').Request} */
export function request(id, type, payload = {}, wasmUrl = undefined) {
  return { ...payload, type, id, wasmUrl };
}

/** @returns {import('./protocol').Result} */
export function result(id, value) {
  return { type: 'result', id, ok: true, result: value };
}

/** @returns {import('./protocol').Failure} */
export function failure(id, err, panic = null) {
  return { type: 'result', id, ok: false, error: errorInfo(err), panic: panic || null };
}

/** @returns {import('./protocol').ProgressMessage} */
export function progress(stage, done = 0, total = 0, extra = {}) {
  return { ...extra, type: 'progress', stage, done, total };
}

/** @returns {import('./protocol').Partial} */
export function partial(id, value) {
  return { type: 'partial', id, result: value };
}

/**
 * Any thrown value as a plain, cloneable ErrorInfo. The wasm throws Errors that carry the
 * ErrorInfo fields (src/web/errors.rs); JS errors get the code `js`.
 * @returns {import('./protocol').ErrorInfo}
 */
export function errorInfo(e) {
  const o = e && typeof e === 'object' ? e : {};
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    code: typeof o.code === 'string' ? o.code : 'js',
    message: String(o.message ?? e),
    file: o.file ?? null,
    line: num(o.line),
    column: o.column ?? null,
    size: num(o.size),
    fits: num(o.fits),
  };
}

/**
 * A copy without `undefined` properties (a structured clone keeps them; the wasm would read
 * `{k: undefined}` as a value instead of a missing field with its default).
 */
export function plain(v) {
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = plain(x);
    return out;
  }
  return v;
}

/** An Error carrying ErrorInfo fields (for errors the JS side finds itself). */
export function coded(code, message, extra = {}) {
  return Object.assign(new Error(message), errorInfo({ code, message, ...extra }));
}

/** Whether a failure means the wasm instance died (a panic, or a trap without a message). */
export function isCrash(msg) {
  return !!msg.panic || /unreachable|RuntimeError/.test(msg.error && msg.error.message);
}

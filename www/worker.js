// LiveLens compute worker: reading, parsing and analysis run here, off the main thread. Every
// message in and out is made by protocol.js (types: protocol.d.ts). Values cross as JS objects
// (serde-wasm-bindgen), errors as ErrorInfo ({code, message, file, line, column, size, fits}).
import { BINDINGS } from './paths.js';
import * as protocol from './protocol.js';
import { liveHandlers } from './app/live-worker.js';
import { ParsePool, pushWithWorkers, parseWorkerCount, MIN_FILE } from './parse-pool.js';

let wasm = null;
let engine = null;
/** The user's files (File/Blob handles, not their bytes) given by `addFiles`, read at `ingest`. */
let pending = [];
/** The settings last given to `configure` (the sheet chosen for each spreadsheet). */
let settings = null;
/** The sheet module (`readSheet`), imported when the first spreadsheet arrives. */
let sheetModule = null;

/** Files are read in slices of this size and parsed as they arrive: the raw bytes are never all
 * in memory beside the parsed columns. */
const CHUNK = 4 * 1024 * 1024;
/** Progress messages while parsing: at most one per this many milliseconds. */
const PROGRESS_MS = 100;
/** Parse workers for large events files (parse-pool.js), started at the first such file and
 * kept; `parseStats` of the last ingest ({workers, ranges, merged, heaps}) for tests. */
let pool = null;
let poolWanted = -1;
let parseStats = null;

/** The parse workers wanted (`requested`: the ingest's `parseWorkers`), started once. */
async function parsePool(requested, wasmUrl) {
  const n = parseWorkerCount(requested);
  if (n !== poolWanted) {
    if (pool) pool.close();
    pool = null;
    poolWanted = n;
    if (n > 0) pool = await ParsePool.start(n, BINDINGS, wasmUrl);
  }
  return pool && pool.size ? pool : null;
}

async function ensure(wasmUrl) {
  if (engine) return;
  wasm = await import(BINDINGS);
  await wasm.default(wasmUrl ? { module_or_path: wasmUrl } : undefined);
  engine = new wasm.Engine();
}

/** The first bytes of a spreadsheet: ZIP (XLSX, ODS) or OLE (XLS). */
const SPREADSHEET_MAGIC = [[0x50, 0x4b, 0x03, 0x04], [0xd0, 0xcf, 0x11, 0xe0]];

/** The sheet module, beside the bindings (or beside `wasmUrl`'s wasm when that is given). */
async function sheetReader(wasmUrl) {
  if (!sheetModule) {
    const m = await import(new URL('./livelens_sheet.js', BINDINGS).href);
    await m.default(wasmUrl ? { module_or_path: new URL('livelens_sheet_bg.wasm', wasmUrl).href } : undefined);
    sheetModule = m;
  }
  return sheetModule;
}

/** The shipped engine has no spreadsheet reader (docs/decisions.md, "Wasm size, session 7"):
 * each spreadsheet among the files is read here by the sheet module (the chosen sheet, with the
 * same guards and reader as the CLI) and replaced by its result, which the engine reads as that
 * spreadsheet (the same validation, messages and row numbers). Other files are left as they are,
 * and a session without spreadsheets never fetches the module. */
async function preReadSheets(files, wasmUrl) {
  if (wasm.readsSpreadsheets()) return files;
  const out = [];
  for (const f of files) {
    const head = new Uint8Array(await f.file.slice(0, 4).arrayBuffer());
    if (!SPREADSHEET_MAGIC.some((m) => m.every((b, i) => head[i] === b))) {
      out.push(f);
      continue;
    }
    const reader = await sheetReader(wasmUrl);
    // As the engine applies settings: the last choice for a file's name wins.
    const choice = ((settings && settings.files) || []).filter((x) => x.name === f.name).pop();
    const rows = reader.readSheet(f.name, new Uint8Array(await f.file.arrayBuffer()), (choice && choice.sheet) || undefined);
    out.push({ ...f, file: new Blob([rows]), preRead: true });
  }
  return out;
}

function progress(stage, done = 0, total = 0, extra = {}) {
  self.postMessage(protocol.progress(stage, done, total, extra));
}

/** Bytes of a file's start that tell its kind (a smaller file is looked at whole). */
const HEAD = 256 * 1024;
const WHOLE_HEAD = 4 * 1024 * 1024;

/** The files in the core's reading order (side tables, events, orders; the user's order within
 * a kind), told from their first bytes: ids, and with them every figure, are then those of
 * `livelens analyze` on the same files. */
async function readingOrder(files) {
  const ranked = [];
  for (const [i, f] of files.entries()) {
    const whole = f.file.size <= WHOLE_HEAD || f.preRead;
    const head = await f.file.slice(0, whole ? f.file.size : HEAD).arrayBuffer();
    ranked.push({ f, i, rank: engine.readingRank(f.name, new Uint8Array(head), f.kind || undefined) });
  }
  return ranked.sort((a, b) => a.rank - b.rank || a.i - b.i).map((x) => x.f);
}

const handlers = {
  async init(msg) {
    await ensure(msg.wasmUrl);
    // The core's defaults and its label table (events, sections, models, chart texts) for i18n.js.
    return { version: wasm.version(), defaults: wasm.defaultOptions(), labels: { en: wasm.labels('en'), zh: wasm.labels('zh') } };
  },
  async demo(msg) {
    progress('demo');
    engine.loadDemo(msg.seed >>> 0, msg.scale || 'small');
    return null;
  },
  /** Files (File/Blob with a name) are kept as handles; `ingest` reads and parses them. */
  async addFiles(msg) {
    const names = new Set(msg.files.map((f) => f.name));
    const kept = pending.filter((f) => !names.has(f.name));
    const total = [...kept, ...msg.files].reduce((s, f) => s + f.file.size, 0);
    const budget = Math.min(engine.roomBytes(), msg.maxInputBytes || Infinity);
    if (total > budget) {
      const name = msg.files.length === 1 ? msg.files[0].name : `${msg.files.length} files`;
      throw protocol.coded('too_big', `${name} needs ${total} bytes; about ${budget} fit`, { size: total, fits: Math.max(0, budget) });
    }
    pending = [...kept, ...msg.files];
    return null;
  },
  async removeFile(msg) {
    pending = pending.filter((f) => f.name !== msg.name);
    engine.removeFile(msg.name);
    return null;
  },
  async clear() {
    pending = [];
    settings = null;
    engine.clear();
    return null;
  },
  async configure(msg) {
    engine.configure(protocol.plain(msg.settings));
    settings = protocol.plain(msg.settings);
    return null;
  },
  /** Parses the files: each is read in slices pushed into the engine's streaming ingestor, with
   * progress in bytes (of all files) and rows so far; then the files are merged. */
  async ingest(msg) {
    const files = await readingOrder(await preReadSheets(pending, msg.wasmUrl));
    pending = [];
    const total = files.reduce((s, f) => s + f.file.size, 0);
    progress('parsing', 0, total, { unit: 'bytes', rows: 0 });
    let done = 0;
    let shown = 0;
    parseStats = null;
    for (const f of files) {
      engine.beginFile(f.name, f.file.size, f.kind || undefined);
      // A large file in several workers (events files only: the engine tells, range by range).
      const workers = f.file.size >= MIN_FILE && !f.preRead ? await parsePool(msg.parseWorkers, msg.wasmUrl) : null;
      if (workers) {
        const base = done;
        const read = async (a, b) => new Uint8Array(await f.file.slice(a, b).arrayBuffer());
        const s = await pushWithWorkers(engine, f.file.size, read, workers, (d) => {
          done = base + d;
          const now = performance.now();
          if (now - shown >= PROGRESS_MS) {
            shown = now;
            progress('parsing', done, total, { unit: 'bytes', rows: engine.rowsRead(), file: f.name });
          }
        }, wasm.parseRange);
        parseStats = { workers: workers.size, ranges: s.ranges, merged: s.merged, parsedHere: s.parsed_here, heaps: workers.heaps() };
        engine.endFile();
        continue;
      }
      for (let at = 0; at < f.file.size; at += CHUNK) {
        const buf = await f.file.slice(at, at + CHUNK).arrayBuffer();
        engine.pushChunk(new Uint8Array(buf));
        done += buf.byteLength;
        const now = performance.now();
        if (now - shown >= PROGRESS_MS) {
          shown = now;
          progress('parsing', done, total, { unit: 'bytes', rows: engine.rowsRead(), file: f.name });
        }
      }
      engine.endFile();
    }
    const validation = engine.ingest();
    progress('parsing', total, total, { unit: 'bytes', rows: validation.rows_read });
    return validation;
  },
  /** How the last ingest's large file was parsed: {workers, ranges, merged, heaps} or null. */
  async parseStats() {
    return parseStats;
  },
  /** Fails with `no_rows_accepted` (reason and example) when nothing of the last ingest is usable. */
  async checkRows() {
    engine.ensureRowsAccepted();
    return null;
  },
  async mapEvents(msg) {
    return engine.mapEvents(protocol.plain(msg.map));
  },
  /** KPIs first (posted as `partial`), then the analyses (all, or `sections`; merged into the
   * report held with `merge`; with `changed`, the keys of the settings changed on the report
   * held: only the sections they change) with a progress message per stage. An answer on the
   * report held (`merge`, `changed`) carries only the sections that changed (`changed`). */
  async analyze(msg) {
    const lang = msg.lang || 'en';
    const onStage = (step, done, total) => progress('analysing', done, total, { step });
    // The first step (with `changed`, the core names the first section it computes again).
    progress('analysing', 0, 1, msg.changed ? {} : { step: msg.merge ? (msg.sections || [])[0] || 'kpis' : 'kpis' });
    // New settings on the report held: only the sections they change (analysis::reanalyze).
    if (msg.changed) return engine.analyzeChanged(protocol.plain(msg.options || {}), lang, msg.sections || undefined, msg.changed, onStage);
    if (msg.kpisFirst !== false && !msg.merge) self.postMessage(protocol.partial(msg.id, engine.analyzeKpis(lang)));
    return engine.analyzeSections(protocol.plain(msg.options || {}), lang, msg.sections || undefined, !!msg.merge, onStage);
  },
  async charts(msg) {
    return engine.charts(msg.lang || 'en');
  },
  /** TEST ONLY (see docs/embedding.md): a deliberate panic inside the wasm; only the test build
   * (pkg-test/, feature `testing`) has it. */
  async debugPanic() {
    if (typeof engine.debugPanic !== 'function') throw protocol.coded('unsupported', 'this build has no test hooks');
    engine.debugPanic();
    return null;
  },
};

// Live mode (follow a growing file, the live screen, the lottery): app/live-worker.js.
Object.assign(handlers, liveHandlers(() => ({ wasm, engine }), progress));

/** Requests are answered one at a time, in order: a request arriving while another awaits
 * (file slices being read) waits for it, so the engine never sees two at once. */
let queue = Promise.resolve();
self.onmessage = (e) => {
  queue = queue.then(() => answer(e.data)).catch((err) => console.error('worker', err));
};

async function answer(msg) {
  const h = handlers[msg.type];
  if (!h) {
    self.postMessage(protocol.failure(msg.id, protocol.coded('unknown_request', `unknown request ${msg.type}`)));
    return;
  }
  try {
    if (msg.type !== 'init') await ensure(msg.wasmUrl);
    self.postMessage(protocol.result(msg.id, await h(msg)));
  } catch (err) {
    let panic = null;
    try { panic = wasm && wasm.lastPanic ? wasm.lastPanic() : null; } catch (_) { /* instance is gone */ }
    try { panic = panic || (sheetModule ? sheetModule.lastPanic() : null); } catch (_) { /* instance is gone */ }
    self.postMessage(protocol.failure(msg.id, err, panic));
  }
}

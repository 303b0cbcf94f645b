// LiveLens compute worker: reading, parsing and analysis run here, off the main thread. Every
// message in and out is made by protocol.js (types: protocol.d.ts). Values cross as JS objects
// (serde-wasm-bindgen), errors as ErrorInfo ({code, message, file, line, column, size, fits}).
import { BINDINGS } from './paths.js';
import * as protocol from './protocol.js';
import { liveHandlers } from './app/live-worker.js';

let wasm = null;
let engine = null;

/** Files are read in slices of this size, so a big file never sits in memory twice. */
const CHUNK = 4 * 1024 * 1024;

async function ensure(wasmUrl) {
  if (engine) return;
  wasm = await import(BINDINGS);
  await wasm.default(wasmUrl ? { module_or_path: wasmUrl } : undefined);
  engine = new wasm.Engine();
}

function progress(stage, done = 0, total = 0, extra = {}) {
  self.postMessage(protocol.progress(stage, done, total, extra));
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
  /** Files (File/Blob with a name) are read slice by slice into the engine. */
  async addFiles(msg) {
    const total = msg.files.reduce((s, f) => s + f.file.size, 0);
    const budget = Math.min(engine.roomBytes(), msg.maxInputBytes || Infinity);
    if (total > budget) {
      const name = msg.files.length === 1 ? msg.files[0].name : `${msg.files.length} files`;
      throw protocol.coded('too_big', `${name} needs ${total} bytes; about ${budget} fit`, { size: total, fits: Math.max(0, budget) });
    }
    let done = 0;
    for (const f of msg.files) {
      engine.beginFile(f.name, f.file.size, f.kind || undefined);
      for (let at = 0; at < f.file.size; at += CHUNK) {
        const buf = await f.file.slice(at, at + CHUNK).arrayBuffer();
        engine.pushChunk(new Uint8Array(buf));
        done += buf.byteLength;
        progress('reading', done, total, { unit: 'bytes', file: f.name });
      }
      engine.endFile();
    }
    progress('reading', total, total, { unit: 'bytes' });
    return null;
  },
  async removeFile(msg) {
    engine.removeFile(msg.name);
    return null;
  },
  async clear() {
    engine.clear();
    return null;
  },
  async configure(msg) {
    engine.configure(protocol.plain(msg.settings));
    return null;
  },
  async ingest() {
    progress('parsing');
    return engine.ingest();
  },
  /** Fails with `no_rows_accepted` (reason and example) when nothing of the last ingest is usable. */
  async checkRows() {
    engine.ensureRowsAccepted();
    return null;
  },
  async mapEvents(msg) {
    return engine.mapEvents(protocol.plain(msg.map));
  },
  /** KPIs first (posted as `partial`), then every analysis with a progress message per stage. */
  async analyze(msg) {
    progress('analysing', 0, 1, { step: 'kpis' });
    if (msg.kpisFirst !== false) self.postMessage(protocol.partial(msg.id, engine.analyzeKpis(msg.lang || 'en')));
    return engine.analyzeWithProgress(protocol.plain(msg.options || {}), msg.lang || 'en',
      (step, done, total) => progress('analysing', done, total, { step }));
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

self.onmessage = async (e) => {
  const msg = e.data;
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
    self.postMessage(protocol.failure(msg.id, err, panic));
  }
};

// LiveLens compute worker: reading, parsing and analysis run here, off the main thread.
// Protocol: {id, type, ...} in; {id, ok: true, result} or {id, ok: false, error, code, panic}
// out. Progress: {type: 'progress', stage, done, total, unit, step}. KPIs before the rest:
// {type: 'partial', id, result} during an `analyze` request.
import { BINDINGS } from './paths.js';

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
  self.postMessage({ type: 'progress', stage, done, total, ...extra });
}

/** An error the page explains itself (`code`), with numbers to show. */
function coded(code, message, extra = {}) {
  return Object.assign(new Error(message), { code, ...extra });
}

function tooBig(e) {
  const m = /^too_big:(\d+):(\d+): (.*)$/s.exec(String(e && e.message || e));
  return m ? coded('too_big', m[3], { size: Number(m[1]), fits: Number(m[2]) }) : e;
}

const handlers = {
  async init(msg) {
    await ensure(msg.wasmUrl);
    // The core's label table (events, sections, models, chart texts) for www/i18n.js.
    return { version: wasm.version(), labels: { en: wasm.labels('en'), zh: wasm.labels('zh') } };
  },
  async demo(msg) {
    progress('demo');
    engine.load_demo(msg.seed >>> 0, msg.scale || 'small');
    return null;
  },
  /** Files (File/Blob with a name) are read slice by slice into the engine. */
  async addFiles(msg) {
    const total = msg.files.reduce((s, f) => s + f.file.size, 0);
    const budget = Math.min(engine.room_bytes(), msg.maxInputBytes || Infinity);
    if (total > budget) {
      const name = msg.files.length === 1 ? msg.files[0].name : `${msg.files.length} files`;
      throw coded('too_big', `${name} needs ${total} bytes; about ${budget} fit`, { size: total, fits: Math.max(0, budget) });
    }
    let done = 0;
    for (const f of msg.files) {
      try {
        engine.begin_file(f.name, f.file.size, f.kind || undefined);
        for (let at = 0; at < f.file.size; at += CHUNK) {
          const buf = await f.file.slice(at, at + CHUNK).arrayBuffer();
          engine.push_chunk(new Uint8Array(buf));
          done += buf.byteLength;
          progress('reading', done, total, { unit: 'bytes', file: f.name });
        }
        engine.end_file();
      } catch (e) {
        throw tooBig(e);
      }
    }
    progress('reading', total, total, { unit: 'bytes' });
    return null;
  },
  async removeFile(msg) {
    engine.remove_file(msg.name);
    return null;
  },
  async clear() {
    engine.clear();
    return null;
  },
  async configure(msg) {
    engine.configure(JSON.stringify(msg.settings));
    return null;
  },
  async ingest() {
    progress('parsing');
    return JSON.parse(engine.ingest());
  },
  async mapEvents(msg) {
    return JSON.parse(engine.map_events(JSON.stringify(msg.map)));
  },
  /** KPIs first (posted as `partial`), then every analysis with a progress message per stage. */
  async analyze(msg) {
    progress('analysing', 0, 1, { step: 'kpis' });
    if (msg.kpisFirst !== false) {
      self.postMessage({ type: 'partial', id: msg.id, result: JSON.parse(engine.analyze_kpis(msg.lang || 'en')) });
    }
    const text = engine.analyze_with_progress(JSON.stringify(msg.options || {}), msg.lang || 'en',
      (step, done, total) => progress('analysing', done, total, { step }));
    return JSON.parse(text);
  },
  async charts(msg) {
    return JSON.parse(engine.charts(msg.lang || 'en'));
  },
  /** TEST ONLY (see docs/embedding.md): a deliberate panic inside the wasm. */
  async debugPanic() {
    engine.debug_panic();
    return null;
  },
};

self.onmessage = async (e) => {
  const msg = e.data;
  const h = handlers[msg.type];
  if (!h) {
    self.postMessage({ id: msg.id, ok: false, error: `unknown request ${msg.type}` });
    return;
  }
  try {
    if (msg.type !== 'init') await ensure(msg.wasmUrl);
    const result = await h(msg);
    self.postMessage({ id: msg.id, ok: true, result });
  } catch (err) {
    let panic = null;
    try { panic = wasm && wasm.last_panic ? wasm.last_panic() : null; } catch (_) { /* instance is gone */ }
    const { code, size, fits } = err || {};
    self.postMessage({ id: msg.id, ok: false, error: String(err && err.message || err), code, size, fits, panic });
  }
};

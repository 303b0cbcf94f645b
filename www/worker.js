// LiveLens compute worker: parsing and analysis run here, off the main thread.
// Protocol: {id, type, ...} in; {id, ok: true, result} or {id, ok: false, error, panic} out.
// Progress messages: {type: 'progress', stage, done, total}.

let wasm = null;
let engine = null;

async function ensure(wasmUrl) {
  if (engine) return;
  wasm = await import(new URL('./pkg/livelens.js', import.meta.url).href);
  await wasm.default(wasmUrl ? { module_or_path: wasmUrl } : undefined);
  engine = new wasm.Engine();
}

function progress(stage, done = 0, total = 0) {
  self.postMessage({ type: 'progress', stage, done, total });
}

const handlers = {
  async init(msg) {
    await ensure(msg.wasmUrl);
    return { version: wasm.version() };
  },
  async demo(msg) {
    progress('demo');
    engine.load_demo(msg.seed >>> 0, msg.scale || 'small');
    return null;
  },
  async addFiles(msg) {
    let done = 0;
    const total = msg.files.reduce((s, f) => s + f.buffer.byteLength, 0);
    for (const f of msg.files) {
      progress('reading', done, total);
      engine.add_file(f.name, new Uint8Array(f.buffer), f.kind || undefined);
      done += f.buffer.byteLength;
    }
    progress('reading', total, total);
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
  async analyze(msg) {
    progress('analysing');
    return JSON.parse(engine.analyze(JSON.stringify(msg.options || {}), msg.lang || 'en'));
  },
  async charts(msg) {
    return JSON.parse(engine.charts(msg.lang || 'en'));
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
    self.postMessage({ id: msg.id, ok: false, error: String(err && err.message || err), panic });
  }
};

// A parse worker (docs/decisions.md, "Parsing in several workers"): its own instance of the
// engine's wasm parses byte ranges of an events file into chunks (a compact binary) that the
// engine worker merges in order. Messages (parse-pool.js):
//   in   {type: 'init', bindings, wasmUrl}            → {type: 'ready'} or {type: 'failed', error}
//   in   {type: 'parse', id, layout, bytes}           → {type: 'parsed', id, chunk, ms, heap}
//                                                       or {type: 'parsed', id, error}
// `heap`: this instance's wasm memory in bytes (it never shrinks: the peak so far); `ms`: the
// time parseRange took.
let wasm = null;
let memory = null;

self.onmessage = async (e) => {
  const msg = e.data;
  if (msg.type === 'init') {
    try {
      wasm = await import(msg.bindings);
      const exports = await wasm.default(msg.wasmUrl ? { module_or_path: msg.wasmUrl } : undefined);
      memory = exports.memory;
      if (typeof wasm.parseRange !== 'function') throw new Error('this build has no parseRange');
      self.postMessage({ type: 'ready' });
    } catch (err) {
      self.postMessage({ type: 'failed', error: String((err && err.message) || err) });
    }
    return;
  }
  if (msg.type === 'parse') {
    try {
      const t = performance.now();
      const chunk = wasm.parseRange(msg.layout, msg.bytes);
      const ms = performance.now() - t;
      self.postMessage({ type: 'parsed', id: msg.id, chunk, ms, heap: memory.buffer.byteLength }, [chunk.buffer]);
    } catch (err) {
      self.postMessage({ type: 'parsed', id: msg.id, error: String((err && err.message) || err) });
    }
  }
};

// Parsing an events file in several workers (docs/decisions.md, "Parsing in several workers";
// issue #13): parse workers (parse-worker.js, each its own instance of the engine's wasm, no
// SharedArrayBuffer needed) parse byte ranges of the file into chunks (a compact binary); the
// engine merges them strictly in order (`pushParsed`). Cuts are speculative — after the first
// line feed past each ~1 MiB — and the engine checks each chunk: a range whose chunk would not
// read as `pushChunk` reads it (a cut inside a quoted field, text not UTF-8, a decimal separator
// not settled, a chunk that failed) is read by the engine itself, so the result is the one of
// parsing in place. While the chunk to merge next is not ready, the engine worker parses the
// newest ranges no worker has started into chunks itself; a range to merge that no worker has
// started is read in place. Used by worker.js and the bench page.

/** Ranges of about this many bytes (to the next line feed) go to the workers. */
export const RANGE = 1 << 20;
/** The file is read in slices of this size (the first one read by the engine itself). */
export const SLICE = 4 * 1024 * 1024;
/** Ranges posted to a worker at a time. */
const PER_WORKER = 3;
/** Files smaller than this are parsed in place. */
export const MIN_FILE = 8 * 1024 * 1024;

/** Below this many cores no parse worker is started unless asked for: on two cores the engine
 * worker, one parse worker and the page's own thread share them, and the parse was slower with
 * the worker in 3 of 4 quiet runs (docs/benchmarks.md, "Issue #13 after session 11"). */
export const MIN_CORES = 4;

/** Parse workers wanted: `requested` (0: none; a number: that many, at most 3), else
 * min(hardwareConcurrency − 1, 3) on a machine of at least [`MIN_CORES`] cores, none below. */
export function parseWorkerCount(requested) {
  const cores = (globalThis.navigator && navigator.hardwareConcurrency) || 1;
  if (requested === undefined || requested === null || requested === '') return cores < MIN_CORES ? 0 : Math.min(cores - 1, 3);
  const n = Number(requested);
  return Number.isFinite(n) ? Math.max(0, Math.min(Math.floor(n), 3)) : 0;
}

/** Workers that parse ranges; `start` gives null when none could start. */
export class ParsePool {
  /** Starts `n` workers loading `bindings` (and `wasmUrl`); those not ready in `timeoutMs` are
   * dropped. */
  static async start(n, bindings, wasmUrl, timeoutMs = 15000) {
    const url = new URL('./parse-worker.js', import.meta.url);
    const one = () => new Promise((resolve) => {
      let w;
      try { w = new Worker(url, { type: 'module' }); } catch (_) { resolve(null); return; }
      const give = (ok) => { clearTimeout(timer); if (!ok) w.terminate(); resolve(ok ? w : null); };
      const timer = setTimeout(() => give(false), timeoutMs);
      w.onmessage = (e) => give(e.data && e.data.type === 'ready');
      w.onerror = (e) => { e.preventDefault(); give(false); };
      w.postMessage({ type: 'init', bindings, wasmUrl });
    });
    const started = (await Promise.all(Array.from({ length: n }, one))).filter(Boolean);
    return started.length ? new ParsePool(started) : null;
  }

  constructor(workers) {
    this.slots = workers.map((w) => ({ w, inflight: new Map(), heap: 0, dead: false }));
    this.pending = [];
    this.seq = 0;
    /** Time the workers spent in parseRange, summed. */
    this.workerMs = 0;
    for (const s of this.slots) {
      s.w.onmessage = (e) => this.onDone(s, e.data);
      s.w.onerror = (e) => { e.preventDefault(); this.kill(s, 'parse worker failed'); };
    }
  }

  /** Workers alive. */
  get size() { return this.slots.filter((s) => !s.dead).length; }

  /** Queues `bytes` (its own buffer, kept by the caller: the worker gets a copy) to be parsed
   * with `layout`; the job's `done` gives the chunk's bytes, or rejects. */
  submit(layout, bytes) {
    const job = { id: ++this.seq, layout, bytes, settled: false };
    job.done = new Promise((resolve, reject) => {
      job.resolve = (v) => { job.settled = true; resolve(v); };
      job.reject = (e) => { job.settled = true; reject(e); };
    });
    job.done.catch(() => {});
    this.pending.push(job);
    this.pump();
    return job;
  }

  /** Takes back a job no worker has started; true when the caller is to read it. */
  steal(job) {
    const i = this.pending.indexOf(job);
    if (i < 0) return false;
    this.pending.splice(i, 1);
    return true;
  }

  /** The newest job no worker has started, taken back (or null): the caller parses it. */
  stealLast() {
    return this.pending.pop() || null;
  }

  /** Each live worker gets up to PER_WORKER jobs at a time (the next ones wait in its queue:
   * it is refilled only when this thread takes its answers). */
  pump() {
    for (const s of this.slots) {
      while (!s.dead && s.inflight.size < PER_WORKER && this.pending.length) {
        const job = this.pending.shift();
        s.inflight.set(job.id, job);
        s.w.postMessage({ type: 'parse', id: job.id, layout: job.layout, bytes: job.bytes });
      }
    }
    if (!this.size) for (const j of this.pending.splice(0)) j.reject(new Error('no parse worker'));
  }

  onDone(s, msg) {
    const job = s.inflight.get(msg && msg.id);
    if (!job) return;
    s.inflight.delete(msg.id);
    if (msg.heap) s.heap = Math.max(s.heap, msg.heap);
    if (msg.ms) this.workerMs += msg.ms;
    if (msg.error) job.reject(new Error(msg.error));
    else job.resolve(msg.chunk);
    this.pump();
  }

  kill(s, why) {
    s.dead = true;
    s.w.terminate();
    for (const j of s.inflight.values()) j.reject(new Error(why));
    s.inflight.clear();
    this.pump();
  }

  /** Each worker's wasm memory (its peak so far), in bytes. */
  heaps() { return this.slots.map((s) => s.heap); }

  close() {
    for (const s of this.slots) { s.dead = true; s.w.terminate(); }
    for (const j of this.pending.splice(0)) j.reject(new Error('closed'));
  }
}

/** One turn of the event loop (messages from the workers are handled), without setTimeout's
 * clamp. */
function yieldTask() {
  return new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => { c.port1.close(); resolve(); };
    c.port2.postMessage(0);
  });
}

function concat(a, b) {
  if (!a.length) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Pushes a file of `size` bytes (`read(from, to)` → Promise<Uint8Array>) into `engine` (begun
 * with beginFile; the caller ends it): its first slice in place, then ranges parsed by `pool`'s
 * workers (or here: pool null, a range no worker has started, a chunk not usable) and merged in
 * order. `onBytes(done)` after each range. `parseHere(layout, bytes)`: the wasm's parseRange in
 * this worker, which then parses ranges ahead too while it waits. Returns {ranges, merged,
 * stolen (parsed in place), parsed_here (into chunks), wait_ms, merge_ms, in_place_ms,
 * parse_here_ms}. */
export async function pushWithWorkers(engine, size, read, pool, onBytes = () => {}, parseHere = null) {
  // Where the engine worker's time went: waiting for chunks, merging them, parsing in place.
  const stats = { ranges: 0, merged: 0, stolen: 0, parsed_here: 0, wait_ms: 0, merge_ms: 0, in_place_ms: 0, parse_here_ms: 0 };
  const workerMs = pool ? pool.workerMs : 0;
  const first = await read(0, Math.min(SLICE, size));
  let at = first.length;
  const cut = at >= size ? first.length : first.lastIndexOf(10) + 1;
  engine.pushChunk(first.subarray(0, cut));
  let carry = first.slice(cut);
  let done = cut;
  onBytes(done);
  let layout = pool ? engine.parseLayout() : undefined;
  // Ranges read and not yet merged (their bytes in JS memory, not in the engine's heap).
  const queue = [];
  const window = 3 + (PER_WORKER + 1) * (pool ? pool.size : 0);
  const take = async () => {
    const r = queue.shift();
    let chunk = null;
    // The workers' answers are taken first (each refills its worker).
    if (pool) await yieldTask();
    let t = performance.now();
    if (r.job && !pool.steal(r.job)) {
      // While the chunk to merge next is being parsed, this worker parses the newest ranges no
      // worker has started into chunks too (merged in their turn), instead of waiting.
      while (parseHere && !r.job.settled) {
        await yieldTask();
        const j = r.job.settled ? null : pool.stealLast();
        if (!j) break;
        const t1 = performance.now();
        try { j.resolve(parseHere(j.layout, j.bytes)); } catch (e) { j.reject(e); }
        stats.parsed_here += 1;
        stats.parse_here_ms += performance.now() - t1;
      }
      try { chunk = await r.job.done; } catch (_) { chunk = null; }
      stats.wait_ms += performance.now() - t;
      t = performance.now();
    } else if (r.job) stats.stolen += 1;
    const merged = chunk ? engine.pushParsed(r.bytes, chunk) : (engine.pushChunk(r.bytes), false);
    stats[chunk ? 'merge_ms' : 'in_place_ms'] += performance.now() - t;
    stats.ranges += 1;
    if (merged) stats.merged += 1;
    else if (pool) layout = engine.parseLayout();
    done += r.bytes.length;
    onBytes(done);
  };
  const add = async (bytes) => {
    const job = pool && layout && pool.size ? pool.submit(layout, bytes) : null;
    queue.push({ bytes, job });
    while (queue.length >= window) await take();
  };
  while (at < size) {
    const slice = await read(at, Math.min(at + SLICE, size));
    if (!slice.length) break;
    at += slice.length;
    const buf = concat(carry, slice);
    let from = 0;
    while (buf.length - from > RANGE) {
      const nl = buf.indexOf(10, from + RANGE);
      if (nl < 0) break;
      await add(buf.slice(from, nl + 1));
      from = nl + 1;
    }
    const end = at >= size ? buf.length : buf.lastIndexOf(10) + 1;
    if (end > from) {
      await add(buf.slice(from, end));
      from = end;
    }
    carry = buf.slice(from);
  }
  while (queue.length) await take();
  if (carry.length) engine.pushChunk(carry);
  if (pool) stats.worker_parse_ms = pool.workerMs - workerMs;
  return stats;
}

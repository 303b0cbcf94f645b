// The widget's side of the worker protocol (../protocol.js): sends requests, routes progress
// and partial results, and replaces the worker after a crash. Errors reject as `Error`s that
// carry the worker's ErrorInfo (code, size, fits, …).
import * as protocol from '../protocol.js';
import { installLabels } from '../i18n.js';

export class WorkerClient {
  /** `events`: {progress(msg), crash(reason)}. */
  constructor(opts, events, base) {
    this.opts = opts;
    this.events = events;
    this.base = base;
    this.seq = 0;
    this.pending = new Map();
    this.dead = false;
    this.start();
  }
  start() {
    if (this.dead) return;
    const url = this.opts.workerUrl || new URL('./worker.js', this.base);
    this.worker = new Worker(url, { type: 'module' });
    this.worker.onmessage = (e) => this.onMessage(e.data);
    this.worker.onerror = (e) => { e.preventDefault(); this.crash(e.message || 'worker error'); };
    // The core's label table (events, sections, models, chart texts) arrives with `init` and is
    // installed before any data request resolves (every request waits for `ready`).
    this.ready = this.request('init').then((info) => { installLabels(info && info.labels); return info; });
    this.ready.catch(() => {});
  }
  onMessage(msg) {
    if (msg.type === 'progress') {
      this.events.progress(msg);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'partial') {
      if (p.onPartial) p.onPartial(msg.result);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else if (protocol.isCrash(msg)) {
      const reason = msg.panic || msg.error.message;
      p.reject(protocol.coded('crashed', 'crashed: ' + reason));
      this.crash(reason);
    } else p.reject(Object.assign(new Error(msg.error.message), msg.error));
  }
  /** Sends a request; `onPartial` receives early results (KPIs before the full report). */
  request(type, payload = {}, transfer = [], onPartial = null) {
    if (this.dead) return Promise.reject(protocol.coded('cancelled', 'cancelled'));
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onPartial });
      this.worker.postMessage(protocol.request(id, type, payload, this.opts.wasmUrl), transfer);
    });
  }
  crash(reason) {
    if (this.dead) return;
    this.stop(protocol.coded('crashed', 'crashed: ' + reason));
    this.events.crash(reason);
    this.start();
  }
  cancel() {
    this.stop(protocol.coded('cancelled', 'cancelled'));
    this.start();
  }
  stop(err) {
    if (this.worker) {
      this.worker.onmessage = null;
      this.worker.onerror = null;
      this.worker.terminate();
      this.worker = null;
    }
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
  /** Ends the client for good (the widget is destroyed). */
  destroy() {
    this.dead = true;
    this.stop(protocol.coded('cancelled', 'cancelled'));
  }
}

// Live mode's side of the compute worker (worker.js merges these handlers in): one
// `LiveSession` (src/web/live.rs) that follows a growing file. The page hands over a File —
// from a FileSystemFileHandle's getFile() (Chromium, OPFS) or from a file input (other
// browsers) — and the worker reads only what the core's follower asks for: the first bytes
// (the fingerprint that detects a replaced file) and the bytes after the last offset, in
// slices, so a big file never sits in memory twice. Half lines, truncation and replacement are
// decided by the core (src/live/follow.rs), not here.
import * as protocol from '../protocol.js';

/** Bytes handed to the core per look (a big first read is cut into such slices). */
const SLICE = 4 * 1024 * 1024;

/** `get()` → `{wasm, engine}` of the worker. */
export function liveHandlers(get, progress) {
  let live = null;

  const need = () => {
    if (!live) throw protocol.coded('no_live', 'live mode is not started');
    return live;
  };

  /** Reads `blob` as bytes; a file that changed under a file-input File is `not_readable`. */
  async function bytes(blob) {
    try {
      return new Uint8Array(await blob.arrayBuffer());
    } catch (e) {
      if (e && (e.name === 'NotReadableError' || e.name === 'NotFoundError')) {
        throw protocol.coded('not_readable', `the browser can no longer read the file (${e.name}): choose it again`);
      }
      throw e;
    }
  }

  return {
    /**
     * Starts a session over the history the page holds: `history.demo` ({seed, scale}) or
     * `history.files` ({name, file, kind}[], the user's earlier exports), read once here; their
     * sessions are the baseline. `options`: the page's IngestOptions.
     */
    async liveStart(msg) {
      const { wasm } = get();
      if (live) live.free();
      live = null;
      const s = new wasm.LiveSession();
      try {
        const hist = msg.history || {};
        if (hist.demo) s.addDemoHistory(hist.demo.seed >>> 0, hist.demo.scale || 'small');
        for (const f of hist.files || []) s.addHistory(f.name, await bytes(f.file), f.kind || undefined);
        s.start(msg.name || 'live.csv', protocol.plain(msg.params || {}), protocol.plain(msg.options || {}));
      } catch (e) {
        s.free();
        throw e;
      }
      live = s;
      return null;
    },
    /**
     * One look at the file: reads the fingerprint and the new bytes, lets the core decide
     * (`settle`: the page looks only when the user asks, see below),
     * and answers `{looks: LookOutcome[] ({kind: appended|waiting|restarted, new_events,
     * partial_bytes, idle_looks, message, …}), screen, charts, status, ms, newRows}`. `ms` is
     * the core's time (append + update + screen + chart specs), `lookMs` its first part.
     */
    async liveLook(msg) {
      const s = need();
      const file = msg.file;
      const looks = [];
      let coreMs = 0;
      let newRows = 0;
      for (let guard = 0; guard < 100_000; guard++) {
        const size = file.size;
        const head = await bytes(file.slice(0, s.headLen(size)));
        const from = s.offset();
        const to = Math.min(size, from + SLICE);
        const tail = from < size ? await bytes(file.slice(from, to)) : new Uint8Array(0);
        const t0 = performance.now();
        const look = s.look(size, head, tail);
        coreMs += performance.now() - t0;
        looks.push(look);
        newRows += look.new_events || 0;
        if (look.kind === 'restarted') continue; // read the new file from byte 0 now
        if (to >= size || look.kind !== 'appended') break;
        if (size > SLICE) progress('reading', to, size, { unit: 'bytes', file: file.name, live: true });
      }
      if (msg.settle && looks.length && looks[looks.length - 1].kind === 'appended') {
        // No timer will look again soon (the user presses Refresh): look once more with nothing
        // new, which the core takes as a pause (a file of fewer than its first lines is told
        // and shown now rather than at the next refresh).
        const size = file.size;
        const head = await bytes(file.slice(0, s.headLen(size)));
        const t2 = performance.now();
        const look = s.look(size, head, new Uint8Array(0));
        coreMs += performance.now() - t2;
        looks.push(look);
        newRows += look.new_events || 0;
      }
      const lookMs = coreMs;
      const t1 = performance.now();
      const out = s.screen(msg.lang || 'en');
      coreMs += performance.now() - t1;
      return { looks, ...out, status: s.status(), ms: coreMs, lookMs, newRows };
    },
    /** The screen and chart specs again (another language). */
    async liveScreen(msg) {
      const s = need();
      return { ...s.screen(msg.lang || 'en'), status: s.status() };
    },
    async liveStop() {
      if (live) live.free();
      live = null;
      return null;
    },
    /** Who is eligible under `rule` now: the counts (the list itself stays here). */
    async lotteryEligible(msg) {
      return need().lotteryEligible(protocol.plain(msg.rule));
    },
    /** Fixes the list and a fresh secret seed; answers the proof without the seed. */
    async lotteryCommit(msg) {
      return need().lotteryCommit(protocol.plain(msg.rule), msg.winners >>> 0);
    },
    /** Draws with the committed seed and reveals it: the full proof. */
    async lotteryDraw() {
      return need().lotteryDraw();
    },
    /** Verifies a pasted or dropped proof.json. */
    async lotteryVerify(msg) {
      const { wasm } = get();
      return wasm.lotteryVerify(msg.name || 'proof.json', String(msg.text || ''));
    },
  };
}

// Where the time of parsing in parse workers goes (docs/benchmarks.md, "Parsing in several
// workers (e13-browser-workers)"), in node on one thread, CPU time per part: events.csv of DIR
// parsed in place (4 MiB slices, as the page without parse workers) against the same file cut
// as parse-pool.js cuts it, each range parsed to a chunk (`parseRange`: a parse worker's work)
// and merged (`pushParsed`: the engine worker's work). Alternated ROUNDS times.
//   LIVELENS_OUT=pkg-test LIVELENS_FEATURES=bench,testing scripts/build.sh
//   node bench/parse_workers_node.mjs [PKG=pkg-test] [DIR=out/bench/medium] [ROUNDS=3]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [pkg = 'pkg-test', dir = 'out/bench/medium', rounds = '3'] = process.argv.slice(2);
const ll = await import(pathToFileURL(path.resolve(pkg, 'livelens.js')).href);
ll.initSync({ module: fs.readFileSync(path.join(pkg, 'livelens_bg.wasm')) });
const b = fs.readFileSync(path.join(dir, 'events.csv'));
const SLICE = 4 << 20;
const RANGE = 1 << 20;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

function inPlace() {
  const e = new ll.BenchEngine();
  const t = cpu();
  e.beginFile('events.csv', b.length);
  for (let at = 0; at < b.length; at += SLICE) e.pushChunk(b.subarray(at, at + SLICE));
  e.endFile();
  const rows = e.finish();
  const ms = cpu() - t;
  e.free();
  return { ms, rows };
}

function byChunks() {
  const e = new ll.BenchEngine();
  let parse = 0;
  let merge = 0;
  let wire = 0;
  let t = cpu();
  e.beginFile('events.csv', b.length);
  const head = b.subarray(0, SLICE).lastIndexOf(10) + 1;
  e.pushChunk(b.subarray(0, head));
  merge += cpu() - t;
  let layout = e.parseLayout();
  let merged = 0;
  for (let at = head; at < b.length;) {
    const nl = b.indexOf(10, Math.min(at + RANGE, b.length - 1));
    const to = nl < 0 ? b.length : nl + 1;
    const bytes = b.subarray(at, to);
    t = cpu();
    const chunk = ll.parseRange(layout, bytes);
    parse += cpu() - t;
    wire += chunk.length;
    t = cpu();
    if (e.pushParsed(bytes, chunk)) merged += 1;
    else layout = e.parseLayout();
    merge += cpu() - t;
    at = to;
  }
  t = cpu();
  e.endFile();
  const rows = e.finish();
  merge += cpu() - t;
  e.free();
  return { parse, merge, rows, merged, wire };
}

for (let r = 0; r < Number(rounds); r++) {
  const a = inPlace();
  const c = byChunks();
  console.log(`round ${r}: in place ${a.ms.toFixed(0)} ms (${a.rows} rows) | by chunks: worker ${c.parse.toFixed(0)} ms, engine ${c.merge.toFixed(0)} ms (${c.rows} rows, ${c.merged} chunks merged, ${(c.wire / b.length).toFixed(2)}× the CSV in chunk bytes) | load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
}

//! Native benchmark: `cargo run --release --example bench -- DIR [RUNS] [GROCERIES]`.
//! Parses the demo CSVs in DIR, runs every stage RUNS times (default 5) and prints one JSON
//! object: median/min milliseconds per stage, the stage summaries (to check against the browser
//! and the Python reference), the CSV bytes and the peak resident memory (VmHWM).

use std::time::Instant;

use livelens::bench::{self, STAGES};
use livelens::ingest::InputFile;
use serde_json::{json, Map, Value};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Peak resident set size in bytes (Linux), from /proc/self/status.
fn peak_rss() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, f64, T) {
    let mut times = Vec::with_capacity(runs.max(1));
    let t = Instant::now();
    let mut last = f();
    times.push(t.elapsed().as_secs_f64() * 1000.0);
    for _ in 1..runs {
        // The previous result is freed first: two datasets alive would double the peak.
        drop(last);
        let t = Instant::now();
        last = f();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let min = times.iter().copied().fold(f64::INFINITY, f64::min);
    (median(times), min, last)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .first()
        .cloned()
        .unwrap_or_else(|| "out/bench/small".into());
    let runs: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    let groceries = args.get(2).cloned();
    let only: Option<Vec<String>> = std::env::var("BENCH_STAGES")
        .ok()
        .map(|s| s.split(',').map(str::to_owned).collect());
    let wanted = |s: &str| only.as_ref().is_none_or(|o| o.iter().any(|x| x == s));

    let mut csv_bytes = 0u64;
    let mut files = Vec::new();
    for name in ["sessions", "items", "users", "events", "orders"] {
        let path = format!("{dir}/{name}.csv");
        if let Ok(bytes) = std::fs::read(&path) {
            csv_bytes += bytes.len() as u64;
            files.push(InputFile {
                name: format!("{name}.csv"),
                bytes,
                ..InputFile::default()
            });
        }
    }
    let rss_files = peak_rss();
    let mut stages = Map::new();
    let parse_runs = if csv_bytes > 200_000_000 { 1 } else { runs };
    let (med, min, loaded) = time(parse_runs, || bench::parse(&files));
    let rss_parsed = peak_rss();
    stages.insert(
        "parse".into(),
        json!({"median_ms": med, "min_ms": min, "runs": parse_runs,
               "summary": {"rows_read": loaded.validation.rows_read,
                           "rows_accepted": loaded.validation.rows_accepted,
                           "events": loaded.dataset.events.len()}}),
    );
    drop(files);
    for &stage in STAGES {
        if !wanted(stage) {
            continue;
        }
        let r = if stage == "report" || stage == "recommendations" || stage == "prediction" {
            runs.min(3)
        } else {
            runs
        };
        let (med, min, out) = time(r, || bench::run_stage(&loaded, stage));
        let summary = out.unwrap_or_else(|e| json!({"error": e.to_string()}));
        eprintln!("{stage}: {med:.1} ms");
        stages.insert(
            stage.into(),
            json!({"median_ms": med, "min_ms": min, "runs": r, "summary": summary}),
        );
    }
    if let Some(g) = groceries {
        if let Ok(text) = std::fs::read_to_string(&g) {
            let (med, min, out) = time(runs, || bench::rules_on_baskets(&text));
            let summary = out.unwrap_or_else(|e| json!({"error": e.to_string()}));
            stages.insert(
                "rules_groceries".into(),
                json!({"median_ms": med, "min_ms": min, "runs": runs, "summary": summary}),
            );
        }
    }
    let out = json!({
        "dir": dir,
        "csv_bytes": csv_bytes,
        "events": loaded.dataset.events.len(),
        "users": loaded.dataset.users.len(),
        "peak_rss_bytes": peak_rss(),
        "rss_after_reading_files": rss_files,
        "rss_after_parse": rss_parsed,
        "stages": Value::Object(stages),
    });
    println!("{out}");
}

//! Data-driven analysis cases (`tests/cases/<name>/`): each folder holds the input files (small
//! CSVs written for the case, or a `demo.json` such as `{"seed": 1, "scale": "small"}` naming demo
//! data generated at test time), an optional `options.json` (`AnalysisOptions` as JSON, partial
//! allowed) and `expected.json`, whose keys are the report sections the case is about (dotted
//! paths into the report JSON, e.g. `"kpis.overall"` or `"segments.rfm"`) and whose values are
//! what those sections must be. Every case goes through the public API only
//! (`livelens::ingest::load` → `livelens::analyze`). Numbers compare to 1e-9 relative.
//!
//! `BLESS=1 cargo test --test cases` rewrites every `expected.json` from the current results
//! (keeping its keys; a new case starts with e.g. `{"kpis.overall": null}`). Review the diff.
//! See docs/architecture.md ("Test layers").

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use livelens::demo::{self, DemoParams};
use livelens::ingest::{load, IngestOptions, InputFile};
use livelens::{analyze, AnalysisOptions};
use serde_json::{Map, Value};

const DIR: &str = "tests/cases";
/// Files of a case folder that are not inputs.
const META: [&str; 4] = ["options.json", "expected.json", "README.md", "demo.json"];

fn inputs(dir: &Path) -> Vec<InputFile> {
    let demo_spec = dir.join("demo.json");
    if demo_spec.exists() {
        let p: DemoParams =
            serde_json::from_str(&std::fs::read_to_string(&demo_spec).unwrap()).unwrap();
        let (f, _) = demo::generate(&p).unwrap();
        return [
            ("events.csv", f.events),
            ("orders.csv", f.orders),
            ("items.csv", f.items),
            ("users.csv", f.users),
            ("sessions.csv", f.sessions),
        ]
        .into_iter()
        .map(|(name, text)| InputFile {
            name: name.into(),
            bytes: text.into_bytes(),
            ..InputFile::default()
        })
        .collect();
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            p.is_file() && !META.contains(&n.as_ref())
        })
        .collect();
    // Files in name order (the order matters for RFM ties: events before orders).
    names.sort();
    names
        .iter()
        .map(|p| InputFile {
            name: p.file_name().unwrap().to_string_lossy().into_owned(),
            bytes: std::fs::read(p).unwrap(),
            ..InputFile::default()
        })
        .collect()
}

/// The value at a dotted path of the report JSON (`Null` when absent).
fn section<'a>(report: &'a Value, path: &str) -> &'a Value {
    path.split('.')
        .try_fold(report, |v, k| match v {
            Value::Object(m) => m.get(k),
            Value::Array(a) => k.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        })
        .unwrap_or(&Value::Null)
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-3)
}

/// Differences between `got` and `want`, as "path: got … want …" lines (at most 20).
fn diff(path: &str, got: &Value, want: &Value, out: &mut Vec<String>) {
    if out.len() >= 20 {
        return;
    }
    match (got, want) {
        (Value::Number(a), Value::Number(b)) => {
            if !close(a.as_f64().unwrap(), b.as_f64().unwrap()) {
                out.push(format!("{path}: got {a}, want {b}"));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                out.push(format!("{path}: {} elements, want {}", a.len(), b.len()));
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                diff(&format!("{path}[{i}]"), x, y, out);
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            for (k, x) in a {
                match b.get(k) {
                    Some(y) => diff(&format!("{path}.{k}"), x, y, out),
                    None => out.push(format!("{path}.{k}: extra key")),
                }
            }
            for k in b.keys().filter(|k| !a.contains_key(*k)) {
                out.push(format!("{path}.{k}: missing key"));
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path}: got {a}, want {b}")),
    }
}

fn run_case(dir: &Path, bless: bool) -> Vec<String> {
    let opts: AnalysisOptions = match std::fs::read_to_string(dir.join("options.json")) {
        Ok(s) => {
            serde_json::from_str(&s).unwrap_or_else(|e| panic!("{}: options: {e}", dir.display()))
        }
        Err(_) => AnalysisOptions::default(),
    };
    let loaded = load(&inputs(dir), &IngestOptions::default());
    let report = analyze(
        &loaded.dataset,
        &loaded.validation,
        &opts,
        &mut livelens::analysis::no_progress,
    );
    let report = serde_json::to_value(&report).unwrap();
    let expected_path = dir.join("expected.json");
    let expected: Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
    assert!(
        !expected.is_empty(),
        "{}: expected.json names no section",
        dir.display()
    );
    if bless {
        let fresh: Map<String, Value> = expected
            .keys()
            .map(|k| (k.clone(), section(&report, k).clone()))
            .collect();
        let text = serde_json::to_string_pretty(&Value::Object(fresh)).unwrap() + "\n";
        std::fs::write(&expected_path, text).unwrap();
        return Vec::new();
    }
    let mut out = Vec::new();
    for (k, want) in &expected {
        diff(k, section(&report, k), want, &mut out);
    }
    out
}

#[test]
fn analysis_cases() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 8, "expected at least 8 cases in {DIR}");
    let mut failures = Vec::new();
    for d in &dirs {
        let diffs = run_case(d, bless);
        if !diffs.is_empty() {
            failures.push(format!("{}:\n  {}", d.display(), diffs.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "cases differ (BLESS=1 rewrites, review the diff):\n{}",
        failures.join("\n")
    );
}

#[test]
fn comparison_catches_differences() {
    // The comparison itself must fail on a changed number, a missing key and a changed string.
    let want: Value = serde_json::json!({"a": 1.0, "b": [1, 2], "c": "x"});
    let mut out = Vec::new();
    diff(
        "s",
        &serde_json::json!({"a": 1.0 + 1e-12, "b": [1, 2], "c": "x"}),
        &want,
        &mut out,
    );
    assert!(out.is_empty(), "{out:?}");
    diff(
        "s",
        &serde_json::json!({"a": 1.001, "b": [1], "c": "y"}),
        &want,
        &mut out,
    );
    assert_eq!(out.len(), 3, "{out:?}");
}

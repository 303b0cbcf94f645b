//! The bad-input corpus (`tests/bad_inputs/`, written by `bench/make_bad_inputs.py`): every case
//! goes through `livelens::ingest::load` and must give exactly the validation result recorded in
//! `tests/bad_inputs/expected.json` (file errors with their messages, rows read / accepted /
//! rejected, reasons, warnings), account for every row, and never panic — nor may the analysis
//! of whatever was accepted. `BLESS=1 cargo test --test bad_inputs` rewrites the manifest (review
//! the diff!).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use livelens::ingest::{load, FileKind, IngestOptions, InputFile, Validation};
use livelens::model::Dataset;
use livelens::{analyze, AnalysisOptions};
use serde_json::{json, Value};

const DIR: &str = "tests/bad_inputs";

/// Inputs made here rather than committed: a 10 MB field in each position that matters.
fn generated(name: &str) -> Option<Vec<u8>> {
    let big = "x".repeat(10 * 1024 * 1024);
    let head = "user_id,event,timestamp,note\n";
    let body = match name {
        "gen:10mb_user_id" => {
            format!("{head}{big},enter,2026-03-01 20:00:00,\nu2,enter,2026-03-01 20:01:00,ok\n")
        }
        "gen:10mb_unused_column" => {
            format!("{head}u1,enter,2026-03-01 20:00:00,{big}\nu2,enter,2026-03-01 20:01:00,ok\n")
        }
        "gen:10mb_quoted_event" => format!(
            "{head}u1,\"{big}\n{big}\",2026-03-01 20:00:00,\nu2,enter,2026-03-01 20:01:00,ok\n"
        ),
        "gen:10mb_header" => format!("{big},event,timestamp\nu1,enter,2026-03-01 20:00:00\n"),
        // Issue #14's blow-ups, made here (too big to commit): a row of 20M delimiters, a
        // header of 1M columns, NDJSON with a new key on every line (over and under the cap).
        "gen:20m_delimiter_row" => {
            format!("{head}{}\nu2,enter,2026-03-01 20:01:00,ok\n", ",".repeat(20_000_000))
        }
        "gen:1m_column_header" => format!("{}\nu1,enter\n", "c,".repeat(1_000_000)),
        "gen:ndjson_new_key_every_line" => (0..20_000)
            .map(|i| format!("{{\"user_id\":\"u{i}\",\"event\":\"enter\",\"timestamp\":1772395200,\"k{i}\":1}}\n"))
            .collect(),
        "gen:ndjson_many_keys_under_cap" => (0..3_000)
            .map(|i| format!("{{\"user_id\":\"u{i}\",\"event\":\"enter\",\"timestamp\":1772395200,\"k{i}\":1}}\n"))
            .collect(),
        _ => return None,
    };
    Some(body.into_bytes())
}

fn kind_of(s: &str) -> Option<FileKind> {
    serde_json::from_value(json!(s)).ok()
}

fn summary(v: &Validation, ds: &Dataset) -> Value {
    let files: Vec<Value> = v
        .files
        .iter()
        .map(|f| {
            let reasons: serde_json::Map<String, Value> = f
                .rejected_by_reason
                .iter()
                .map(|g| {
                    let first = g.examples.first().map(|e| json!([e.line, e.column]));
                    (g.reason.clone(), json!({"count": g.count, "first": first}))
                })
                .collect();
            json!({
                "name": f.name,
                "kind": f.kind,
                "format": f.format,
                "encoding": f.encoding,
                "error": f.error.as_ref().map(|e| json!({"code": e.code, "message": e.message})),
                "rows": [f.rows_read, f.rows_accepted, f.rows_rejected],
                "rejected": reasons,
                "warnings": f.warnings,
                "unknown_events": f.unknown_events.iter().map(|n| json!([n.name, n.count])).collect::<Vec<_>>(),
            })
        })
        .collect();
    // Money paid, to the cent: a wrong-money layout shows here.
    let paid: f64 = ds
        .events
        .kind
        .iter()
        .zip(&ds.events.amount)
        .filter(|(k, _)| **k == livelens::model::EventKind::Pay)
        .map(|(_, a)| a)
        .sum();
    json!({
        "rows": [v.rows_read, v.rows_accepted, v.rows_rejected],
        "paid": (paid * 100.0).round() / 100.0 + 0.0,
        "events": ds.events.len(),
        "users": ds.users.len(),
        "ts": [ds.events.ts.first(), ds.events.ts.last()],
        "files": files,
    })
}

fn check_accounting(case: &str, v: &Validation) {
    assert_eq!(
        v.rows_read,
        v.rows_accepted + v.rows_rejected,
        "{case}: totals"
    );
    for f in &v.files {
        assert_eq!(
            f.rows_read,
            f.rows_accepted + f.rows_rejected,
            "{case}: {}",
            f.name
        );
        let by_reason: u64 = f.rejected_by_reason.iter().map(|g| g.count).sum();
        assert_eq!(by_reason, f.rows_rejected, "{case}: {} reasons", f.name);
        if f.error.is_some() {
            assert_eq!(f.rows_read, 0, "{case}: a file with an error reads no rows");
        }
    }
}

#[test]
fn bad_input_corpus() {
    let manifest_path = Path::new(DIR).join("expected.json");
    let bless = std::env::var_os("BLESS").is_some();
    let manifest: Value = serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    let mut out = manifest.clone();
    let mut failures = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    let cases = manifest["cases"].as_array().unwrap();
    for (ci, case) in cases.iter().enumerate() {
        let name = case["case"].as_str().unwrap();
        let mut files = Vec::new();
        for f in case["files"].as_array().unwrap() {
            let path = f["path"].as_str().unwrap();
            used.insert(path.to_owned());
            let bytes = generated(path)
                .unwrap_or_else(|| std::fs::read(Path::new(DIR).join(path)).unwrap());
            files.push(InputFile {
                name: path.to_owned(),
                bytes,
                kind: f["kind"].as_str().and_then(kind_of),
                ..InputFile::default()
            });
        }
        let opts = IngestOptions {
            tz_offset_minutes: case["tz_offset_minutes"].as_i64().unwrap_or(0) as i32,
            ..IngestOptions::default()
        };
        let loaded = load(&files, &opts);
        check_accounting(name, &loaded.validation);
        // Whatever was accepted must analyse without a panic.
        let report = analyze(
            &loaded.dataset,
            &loaded.validation,
            &AnalysisOptions::default(),
            &mut livelens::analysis::no_progress,
        );
        serde_json::to_string(&report).unwrap();
        let got = summary(&loaded.validation, &loaded.dataset);
        if bless {
            out["cases"][ci]["expect"] = got;
        } else if case["expect"] != got {
            failures.push(format!(
                "{name}:\n  expected {}\n  got      {}",
                case["expect"], got
            ));
        }
    }
    if bless {
        let text = serde_json::to_string_pretty(&out).unwrap();
        std::fs::write(&manifest_path, text + "\n").unwrap();
    }
    // Every corpus file is used by a case.
    for e in std::fs::read_dir(DIR).unwrap() {
        let n = e.unwrap().file_name().into_string().unwrap();
        if n != "expected.json" {
            assert!(used.contains(&n), "{n} is in the corpus but in no case");
        }
    }
    assert!(cases.len() >= 120, "the corpus has at least 120 cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

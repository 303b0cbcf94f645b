#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion
//! Refactors and speed-ups must not change a figure: the small demo's report, without the
//! `params` echo keys, is byte for byte the stored copy `tests/reference/demo_small_report.json`.
//! A change that is meant to change figures (a better model, a new demo truth) re-stores it with
//! `BLESS=1 cargo test --test demo_report` and says why in its commit; review the diff.

use livelens::analysis::no_progress;
use livelens::demo::{self, DemoParams, Scale};
use livelens::ingest::{self, IngestOptions};
use livelens::{analyze, AnalysisOptions};
use serde_json::Value;

const STORED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/reference/demo_small_report.json"
);

/// Removes every `"params": …` member (the echo of the settings each section was computed
/// with) from compact JSON text. Works on the text, not on a `serde_json::Value`, because a
/// round trip through `Value` would print the report's `f32` figures as `f64`.
fn strip_params(json: &str) -> String {
    const KEY: &str = "\"params\":";
    let b = json.as_bytes();
    let mut out = String::with_capacity(json.len());
    let (mut i, mut copied, mut in_string) = (0, 0, false);
    while i < b.len() {
        let c = b[i];
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if c == b'"' && json[i..].starts_with(KEY) {
            // Skip the value: an object (strings inside may hold braces) or a scalar.
            let mut j = i + KEY.len();
            let (mut depth, mut s) = (0i32, false);
            while j < b.len() {
                let d = b[j];
                if s {
                    match d {
                        b'\\' => j += 1,
                        b'"' => s = false,
                        _ => {}
                    }
                } else {
                    match d {
                        b'"' => s = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' if depth == 0 => break,
                        b'}' | b']' => depth -= 1,
                        b',' if depth == 0 => break,
                        _ => {}
                    }
                }
                j += 1;
            }
            // Drop the member and one adjoining comma.
            let (start, end) = if b.get(j) == Some(&b',') {
                (i, j + 1)
            } else if i > 0 && b[i - 1] == b',' {
                (i - 1, j)
            } else {
                (i, j)
            };
            out.push_str(&json[copied..start]);
            copied = end;
            i = end;
            continue;
        }
        if c == b'"' {
            in_string = true;
        }
        i += 1;
    }
    out.push_str(&json[copied..]);
    out
}

#[test]
fn strip_params_removes_the_member_and_one_comma() {
    assert_eq!(
        strip_params(r#"{"a":{"params":{"x":"}\",","y":[1,{}]},"b":1},"params":null}"#),
        r#"{"a":{"b":1}}"#
    );
    assert_eq!(strip_params(r#"{"params":[]}"#), "{}");
}

#[test]
fn small_demo_report_is_unchanged_apart_from_the_params_echo() {
    let (files, truth) = demo::generate(&DemoParams {
        seed: 42,
        scale: Scale::Small,
    })
    .expect("demo");
    let l = ingest::load(
        &files.into_inputs(),
        &IngestOptions {
            tz_offset_minutes: truth.tz_offset_minutes,
            ..IngestOptions::default()
        },
    );
    let opts = AnalysisOptions::default();
    let report = analyze(&l.dataset, &l.validation, &opts, &mut no_progress);

    // Every section echoes the settings it used.
    let v = serde_json::to_value(&report).unwrap();
    assert_eq!(v["rules"]["params"]["min_support"], opts.rules.min_support);
    assert_eq!(v["rules"]["params"]["max_rules"], opts.rules.max_rules);
    assert_eq!(v["funnel"]["params"]["window_seconds"], 86_400);
    assert_eq!(v["funnel"]["params"]["breakdown"], "none");
    assert_eq!(v["timeline"]["params"]["bucket_seconds"], 60);
    assert_eq!(v["retention"]["params"]["period"], "week");
    assert_eq!(v["segments"]["clusters"]["params"]["seed"], 42);
    assert_eq!(v["segments"]["rfm"]["params"]["as_of"], Value::Null);
    assert_eq!(v["prediction"]["params"]["test_fraction"], 0.25);
    assert_eq!(v["recommendations"]["params"]["k"], 10);

    let json = strip_params(&report.to_json());
    assert!(!json.contains("\"params\":"));
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(STORED, &json).unwrap();
        return;
    }
    let stored = std::fs::read_to_string(STORED).expect("stored report (BLESS=1 writes it)");
    if let Some(at) = json.bytes().zip(stored.bytes()).position(|(a, b)| a != b) {
        let near = |t: &str| {
            t.get(at.saturating_sub(120)..(at + 120).min(t.len()))
                .map(str::to_owned)
        };
        panic!(
            "the report differs from the stored copy at byte {at}:\n now:    {:?}\n stored: {:?}",
            near(&json),
            near(&stored)
        );
    }
    assert_eq!(
        json.len(),
        stored.len(),
        "the report and the stored copy differ in length"
    );
}

/// The small demo's files (seed 42), as the CLI writes them, have the stored fingerprint;
/// `tests/wasm.rs` checks the page's wasm against the same file, so the page's demo is the CLI's.
/// A change to the generator re-stores it (`BLESS=1`) together with the report above.
#[test]
fn small_demo_files_have_the_stored_fingerprint() {
    const PATH: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/demo_small_seed42.sha256"
    );
    let (files, _) = demo::generate(&DemoParams {
        seed: 42,
        scale: Scale::Small,
    })
    .unwrap();
    let got = files.fingerprint();
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(PATH, format!("{got}\n")).unwrap();
    }
    let stored = std::fs::read_to_string(PATH).unwrap();
    assert_eq!(got, stored.trim(), "the small demo's files changed");
}

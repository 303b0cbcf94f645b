//! Helpers shared by the integration tests (each test file uses some of them).
#![allow(dead_code)]

use livelens::demo::{self, DemoParams, GroundTruth, Scale};
use livelens::ingest::{self, FileKind, IngestOptions, InputFile, Loaded};
use livelens::kpi::{Kpis, PlatformKpis};

/// The demo's files of this seed and scale, as the inputs a user would drop.
pub fn demo_inputs(seed: u64, scale: Scale) -> Vec<InputFile> {
    let (files, _) = demo::generate(&DemoParams { seed, scale }).expect("demo");
    files.into_inputs()
}

/// The demo of this seed and scale, read through the public ingest in the demo's time zone,
/// with its planted ground truth. The demo's files are clean: every row is accepted.
pub fn load_demo(seed: u64, scale: Scale) -> (Loaded, GroundTruth) {
    let (files, truth) = demo::generate(&DemoParams { seed, scale }).expect("demo");
    let loaded = ingest::load(
        &files.into_inputs(),
        &IngestOptions {
            tz_offset_minutes: truth.tz_offset_minutes,
            ..IngestOptions::default()
        },
    );
    assert_eq!(loaded.validation.rows_rejected, 0);
    (loaded, truth)
}

/// The per-platform table's `all` column is the overall KPIs: every figure it gives equals
/// the overall one (figures no platform's data gives are null there).
pub fn all_column_is_overall(all: &PlatformKpis, overall: &Kpis) {
    assert_eq!(all.group, "all");
    let col = serde_json::to_value(all).unwrap();
    let ov = serde_json::to_value(overall).unwrap();
    let mut given = 0;
    for (key, v) in col.as_object().unwrap() {
        if key == "group" || key == "sessions" || v.is_null() {
            continue;
        }
        given += 1;
        assert_eq!(Some(v), ov.get(key), "{key}");
    }
    assert!(given > 0);
}

/// The order a test feeds `files` to an [`livelens::ingest::Ingestor`] in, as the page does:
/// sessions, items and users before events (and anything else last), each kind in given order.
pub fn feed_order(files: &[InputFile]) -> Vec<usize> {
    let rank = |k: Option<FileKind>| match k {
        Some(FileKind::Sessions) => 0,
        Some(FileKind::Items) => 1,
        Some(FileKind::Users) => 2,
        Some(FileKind::Events) => 3,
        _ => 4,
    };
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| (rank(files[i].kind), i));
    order
}

//! The page's spreadsheet path against the native one. The shipped main wasm has no spreadsheet
//! reader: its worker has the sheet module read a spreadsheet (`readSheet` =
//! `ingest::table::pre_read_sheet`) and pushes the result to the engine in place of the file.
//! For every spreadsheet the repository holds (the bad-input corpus with its guard cases, the
//! fixtures, the platform exports), with and without a chosen sheet, alone and beside other
//! files, the pre-read bytes must give exactly what the file gives: the same validation (errors
//! with their codes and messages, the file's size, sheets, rows, rejections with row numbers),
//! the same reading order and the same report.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use livelens::ingest::table::{pre_read_sheet, SHEET_ROWS_MAGIC};
use livelens::ingest::{load, reading_rank, FileSpec, IngestOptions, Ingestor, InputFile, Loaded};
use livelens::{analyze, AnalysisOptions};
use serde_json::Value;

fn spreadsheets() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        "tests/bad_inputs",
        "tests/fixtures",
        "tests/fixtures/platforms",
    ] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
            if matches!(ext, "xlsx" | "xls" | "ods") {
                out.push(p);
            }
        }
    }
    out.sort();
    assert!(out.len() >= 25, "the corpus moved: {}", out.len());
    out
}

/// The file as the page's worker hands it to the engine: its sheet pre-read.
fn pre_read(f: &InputFile) -> InputFile {
    let bytes = pre_read_sheet(&f.name, &f.bytes, f.sheet.as_deref());
    assert!(bytes.starts_with(SHEET_ROWS_MAGIC));
    InputFile { bytes, ..f.clone() }
}

fn outcome(l: &Loaded) -> (Value, Value) {
    let report = analyze(
        &l.dataset,
        &l.validation,
        &AnalysisOptions::default(),
        &mut livelens::analysis::no_progress,
    );
    (
        serde_json::to_value(&l.validation).unwrap(),
        serde_json::to_value(&report).unwrap(),
    )
}

fn same(case: &str, files: &[InputFile], opts: &IngestOptions) {
    let native = outcome(&load(files, opts));
    let page: Vec<InputFile> = files
        .iter()
        .map(|f| match f.name.ends_with(".csv") {
            true => f.clone(),
            false => pre_read(f),
        })
        .collect();
    for (f, p) in files.iter().zip(&page) {
        assert_eq!(reading_rank(f), reading_rank(p), "{case}: reading rank");
    }
    let got = outcome(&load(&page, opts));
    assert_eq!(got.0, native.0, "{case}: validation");
    assert_eq!(got.1, native.1, "{case}: report");
    // Pushed in slices, its size announced (the first slice is too short to tell what the file
    // is, so the ingestor keeps it whole, as a spreadsheet), as `load` orders files.
    let mut ing = Ingestor::new(opts).with_first_chunk(64);
    let ids: Vec<_> = page
        .iter()
        .map(|f| ing.begin_file(FileSpec::of(f)))
        .collect();
    let mut order: Vec<usize> = (0..page.len()).collect();
    order.sort_by_key(|&i| reading_rank(&page[i]));
    for i in order {
        let (f, id) = (&page[i], ids[i]);
        for piece in f.bytes.chunks(97) {
            ing.push(id, piece).unwrap();
        }
        ing.end_file(id).unwrap();
    }
    let sliced = outcome(&ing.finish());
    assert_eq!(sliced.0, native.0, "{case}: validation, in slices");
    assert_eq!(sliced.1, native.1, "{case}: report, in slices");
}

fn file(path: &Path, sheet: Option<&str>) -> InputFile {
    InputFile {
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        bytes: std::fs::read(path).unwrap(),
        sheet: sheet.map(str::to_owned),
        ..InputFile::default()
    }
}

#[test]
fn every_spreadsheet_reads_the_same_pre_read() {
    let opts = IngestOptions::default();
    for p in spreadsheets() {
        same(&p.display().to_string(), &[file(&p, None)], &opts);
    }
}

#[test]
fn sheet_choices_and_files_beside_it_read_the_same() {
    let orders = Path::new("tests/fixtures/orders.xlsx");
    let events = Path::new("tests/fixtures/gbk_events.csv");
    let opts = IngestOptions {
        tz_offset_minutes: 480,
        ..IngestOptions::default()
    };
    for sheet in [Some("订单"), Some("说明"), Some("Sheet9"), None] {
        same(&format!("{sheet:?}"), &[file(orders, sheet)], &opts);
        // Orders given first: the reading order puts the events before them.
        same(
            &format!("{sheet:?} with events"),
            &[file(orders, sheet), file(events, None)],
            &opts,
        );
    }
}

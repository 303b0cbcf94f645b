//! Benchmark stages, shared by the native harness (`examples/bench.rs`) and the browser bench
//! page (`www/bench.html`, through the wasm `BenchEngine` of `web::bench`): each stage runs one
//! analysis on a loaded dataset and returns a small JSON summary, so that both sides (and the
//! Python reference, `bench/reference.py`) can be checked to compute the same numbers. Also the
//! ingestion fuzz case. Not used by the product: behind the `bench` cargo feature, which the
//! shipped wasm does not enable.

use serde_json::{json, Value};

use crate::analysis::{no_progress, Prepared};
use crate::ingest::{self, IngestOptions, InputFile, Loaded};
use crate::recommend::{Als, InteractionMatrix, ItemFeatures, RecommendParams, Recommender};
use crate::rules::{self, Baskets, RulesParams};
use crate::{analyze, AnalysisOptions, Error, Result};

/// The stages after parsing, in the order they are measured.
pub const STAGES: &[&str] = &[
    "kpis",
    "funnel",
    "timeline",
    "retention",
    "rfm",
    "clusters",
    "prediction",
    "als",
    "recommendations",
    "comments",
    "report",
];

/// Parses the files as the page and the CLI do (naive times in UTC).
pub fn parse(files: &[InputFile]) -> Loaded {
    ingest::load(files, &IngestOptions::default())
}

/// Runs one stage of [`STAGES`]; returns its summary.
pub fn run_stage(l: &Loaded, stage: &str) -> Result<Value> {
    let ds = &l.dataset;
    // A fresh prepare stage per call: each stage is timed with the tables it builds.
    let prep = Prepared::new(ds);
    let opts = AnalysisOptions::default();
    Ok(match stage {
        "kpis" => {
            let k = crate::kpi::kpis(&prep);
            json!({"viewers": k.overall.viewers, "buyers": k.overall.buyers,
                   "orders": k.overall.orders, "gmv": k.overall.gmv, "views": k.overall.views})
        }
        "funnel" => {
            let f = crate::funnel::funnel(&prep, &opts.funnel)?;
            json!({"steps": f.steps.iter().map(|s| s.count).collect::<Vec<_>>()})
        }
        "timeline" => {
            let t = crate::timeline::timeline(
                &prep,
                &crate::timeline::TimelineParams {
                    session: None,
                    bucket_seconds: 60,
                },
            )?;
            json!({"ok": serde_json::to_value(&t).is_ok()})
        }
        "retention" => {
            let r = crate::retention::retention(&prep, &opts.retention)?;
            json!({"ok": serde_json::to_value(&r).is_ok()})
        }
        "rfm" => {
            let r = crate::rfm::rfm(&prep, &opts.rfm)?;
            let sizes: serde_json::Map<String, Value> = r
                .segments
                .iter()
                .map(|s| (s.name.clone(), json!(s.size)))
                .collect();
            json!({"persons": r.segments.iter().map(|s| s.size).sum::<u64>(), "segments": sizes})
        }
        "clusters" => {
            let c = crate::cluster::cluster(&prep, &opts.cluster)?;
            json!({"k": c.k, "persons": c.per_user.len(), "silhouette": c.silhouette})
        }
        "prediction" => {
            let p = crate::predict::predict(&prep, &opts.predict)?;
            json!({"ok": serde_json::to_value(&p).is_ok()})
        }
        "als" => {
            let p = RecommendParams::default();
            let m = InteractionMatrix::from_dataset(ds, &p.weights, |_| true);
            let mut als = Als::new(p.als, p.seed);
            als.fit(&m, &ItemFeatures::empty(ds.items.len()));
            json!({"users": ds.users.len(), "items": ds.items.len(), "nnz": m.nnz(),
                   "loss": als.loss(&m)})
        }
        "recommendations" => {
            let r = crate::recommend::recommend(&prep, &RecommendParams::default(), None)?;
            json!({"ok": serde_json::to_value(&r).is_ok()})
        }
        "comments" => {
            let c = crate::comments::analyse(ds, &crate::comments::CommentsParams::default())?;
            let s = &c.section;
            json!({"classified": s.classified, "questions": s.questions.asked,
                   "answered": s.questions.answered, "groups": s.questions.groups,
                   "phrases": s.phrases.len()})
        }
        "report" => {
            let r = analyze(ds, &l.validation, &opts, &mut no_progress);
            let text = serde_json::to_string(&r).map_err(|e| Error::Params(e.to_string()))?;
            json!({"bytes": text.len(), "skipped": r.skipped.len()})
        }
        other => return Err(Error::Params(format!("unknown stage \"{other}\""))),
    })
}

/// Association rules on a basket file (one basket per line, items separated by commas) at the
/// thresholds of the arules reference (support 0.001, confidence 0.5).
pub fn rules_on_baskets(text: &str) -> Result<Value> {
    let b = Baskets::from_lines(text);
    let p = RulesParams {
        min_support: 0.001,
        min_confidence: 0.5,
        max_len: 10,
        max_rules: None,
    };
    let r = rules::mine(&b, &p)?;
    Ok(json!({"baskets": b.len(), "rules": r.rules.len()}))
}

/// One fuzz case for ingestion (the `cargo fuzz` target `fuzz/fuzz_targets/ingest.rs` and the
/// fallback loop `examples/fuzz_ingest.rs`): the first byte picks the file name (and so the
/// format hint), the kind the user claims and the options; the rest is the file. Panics — which
/// is what a fuzzer looks for — when ingestion loses a row or panics itself, or when the
/// analysis of what was accepted panics.
pub fn fuzz_ingest(data: &[u8]) {
    use crate::ingest::FileKind;
    let Some((&sel, bytes)) = data.split_first() else {
        return;
    };
    const NAMES: [&str; 8] = [
        "f.csv",
        "f.tsv",
        "f.json",
        "f.xlsx",
        "f.txt",
        "orders.csv",
        "events.csv",
        "x",
    ];
    let name = NAMES.get(usize::from(sel & 7)).copied().unwrap_or("f.csv");
    let kind = match (sel >> 3) & 7 {
        1 => Some(FileKind::Events),
        2 => Some(FileKind::Orders),
        3 => Some(FileKind::Items),
        4 => Some(FileKind::Users),
        5 => Some(FileKind::Sessions),
        _ => None,
    };
    let opts = IngestOptions {
        tz_offset_minutes: if sel & 64 != 0 { 480 } else { -300 },
        drop_duplicates: sel & 128 == 0,
        ..IngestOptions::default()
    };
    let file = InputFile {
        name: name.to_owned(),
        bytes: bytes.to_vec(),
        kind,
        ..InputFile::default()
    };
    let l = ingest::load(std::slice::from_ref(&file), &opts);
    let v = &l.validation;
    if v.rows_read != v.rows_accepted + v.rows_rejected {
        panic!("rows lost: {v:?}");
    }
    for f in &v.files {
        if f.rows_read != f.rows_accepted + f.rows_rejected {
            panic!("rows lost in {}: {f:?}", f.name);
        }
    }
    // Small accepted datasets are analysed too (the whole report must not panic).
    if l.dataset.events.len() <= 64 {
        let r = analyze(&l.dataset, v, &AnalysisOptions::default(), &mut no_progress);
        assert!(serde_json::to_string(&r).is_ok(), "report serialises");
    }
}

/// The fixed parts of an XLSX workbook around one sheet, for [`fuzz_xlsx`].
const XLSX_PARTS: [(&str, &str); 4] = [
    (
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    ),
    (
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    ),
    (
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    ),
    (
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    ),
];

/// An XLSX file (stored, not compressed) whose only sheet is `sheet_xml`.
pub fn xlsx_with_sheet(sheet_xml: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut ok = true;
    for (name, body) in XLSX_PARTS {
        ok &= z.start_file(name, opts).is_ok() && z.write_all(body.as_bytes()).is_ok();
    }
    ok &= z.start_file("xl/worksheets/sheet1.xml", opts).is_ok() && z.write_all(sheet_xml).is_ok();
    ok &= z.finish().is_ok();
    if !ok {
        return Vec::new();
    }
    out.into_inner()
}

/// One fuzz case for JSON and NDJSON (`fuzz/fuzz_targets/ingest_json.rs`): the bytes as a
/// `.json` file, made to start like JSON (`[`, `{`) when they do not, so that every input
/// exercises the JSON reader rather than the CSV one. Same checks as [`fuzz_ingest`].
pub fn fuzz_json(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let mut bytes = Vec::with_capacity(rest.len() + 1);
    if !rest.starts_with(b"[") && !rest.starts_with(b"{") {
        bytes.push(if sel & 1 == 0 { b'[' } else { b'{' });
    }
    bytes.extend_from_slice(rest);
    let mut input = vec![sel & 0xf8 | 2]; // file name f.json, kind and options from `sel`
    input.extend_from_slice(&bytes);
    fuzz_ingest(&input);
}

/// One fuzz case for XLSX (`fuzz/fuzz_targets/ingest_xlsx.rs`): the bytes are the XML of the
/// only sheet of an otherwise valid workbook, so that mutations reach the sheet's cells,
/// references and dimension (a mutated ZIP is mostly refused before). Same checks as
/// [`fuzz_ingest`].
pub fn fuzz_xlsx(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let mut input = vec![sel & 0xf8 | 3]; // file name f.xlsx
    input.extend_from_slice(&xlsx_with_sheet(rest));
    fuzz_ingest(&input);
}

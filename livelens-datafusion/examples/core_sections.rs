//! The in-memory baseline of docs/scale-out.md: for each folder of demo exports (`livelens demo
//! --out DIR`), read the files, ingest them with the core and compute the same sections as
//! `livelens analyze --engine datafusion` (kpis, hosts, funnel, retention, rfm), one creator
//! after the other. Usage: `core_sections OUT.json DIR...`.

use std::time::Instant;

use livelens::ingest::{self, FileKind, IngestOptions, InputFile};
use livelens_datafusion::report::{compute_section, ReportParams, SECTIONS};
use serde_json::{Map, Value};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((out, dirs)) = args.split_first() else {
        return Err("usage: core_sections OUT.json DIR...".into());
    };
    let t0 = Instant::now();
    let mut reports = Vec::new();
    for d in dirs {
        let dir = std::path::Path::new(d);
        let mut files = Vec::new();
        for (name, kind) in [
            ("events.csv", FileKind::Events),
            ("orders.csv", FileKind::Orders),
            ("items.csv", FileKind::Items),
            ("users.csv", FileKind::Users),
            ("sessions.csv", FileKind::Sessions),
        ] {
            let p = dir.join(name);
            let bytes = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            files.push(InputFile {
                name: name.into(),
                bytes,
                kind: Some(kind),
                ..InputFile::default()
            });
        }
        let opts = IngestOptions {
            tz_offset_minutes: 480,
            ..IngestOptions::default()
        };
        let loaded = ingest::load(&files, &opts);
        drop(files);
        let p = ReportParams {
            tz_offset_minutes: 480,
            ..ReportParams::default()
        };
        let mut m = Map::new();
        m.insert("creator".into(), Value::from(d.as_str()));
        for s in SECTIONS {
            let v = compute_section(&loaded.dataset, s, &p).map_err(|e| e.to_string())?;
            m.insert(s.into(), v);
        }
        reports.push(Value::Object(m));
        eprintln!("{d}: {:.1} s", t0.elapsed().as_secs_f64());
    }
    let text = serde_json::to_string(&reports).map_err(|e| e.to_string())?;
    std::fs::write(out, text).map_err(|e| format!("{out}: {e}"))?;
    eprintln!(
        "{} creators in {:.2} s",
        dirs.len(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

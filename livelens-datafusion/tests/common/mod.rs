//! Shared by the equality tests: the core's sections on a demo creator, and a JSON comparison
//! with counts exact and other numbers to 1e-9 relative.

#![allow(dead_code)]

use std::path::PathBuf;

use livelens::demo::Scale;
use livelens_datafusion::demo::creator_dataset;
use livelens_datafusion::report::{compute_section, ReportParams};
use serde_json::{json, Value};

pub const SEED: u64 = 7;

/// A fresh directory under the system's temporary folder.
pub fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("livelens-df-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The core's report sections for demo creator `i`, computed in memory on the dataset the
/// core's ingestion builds from the demo's files (the CLI's `analyze` path): `kpis`, `hosts`,
/// `funnel`, `retention` and `segments.rfm`, with the product's default settings.
pub fn core_sections(scale: Scale, i: u32) -> Value {
    let loaded = creator_dataset(SEED, scale, i).unwrap();
    let ds = &loaded.dataset;
    let opts = livelens::AnalysisOptions::default();
    let prep = livelens::analysis::Prepared::new(ds);
    let kpis = serde_json::to_value(livelens::kpi::kpis(&prep)).unwrap();
    let hosts = serde_json::to_value(livelens::kpi::by_host(&prep)).unwrap();
    let funnel =
        serde_json::to_value(livelens::funnel::funnel(&prep, &opts.funnel).unwrap()).unwrap();
    let retention =
        serde_json::to_value(livelens::retention::retention(&prep, &opts.retention).unwrap())
            .unwrap();
    let rfm = serde_json::to_value(livelens::rfm::rfm(&prep, &opts.rfm).unwrap()).unwrap();
    // The same function the aggregate runs, here on the core's own dataset: guards against the
    // test comparing the aggregate with itself through a wrong dataset.
    let p = ReportParams {
        tz_offset_minutes: ds.tz_offset_minutes,
        ..ReportParams::default()
    };
    assert_eq!(compute_section(ds, "rfm", &p).unwrap(), rfm);
    json!({ "kpis": kpis, "hosts": hosts, "funnel": funnel, "retention": retention,
            "segments": { "rfm": rfm } })
}

/// Compares two JSON values: integers exactly, other numbers to 1e-9 relative, the rest
/// exactly; panics with the path of the first difference.
pub fn assert_same(path: &str, want: &Value, got: &Value) {
    match (want, got) {
        (Value::Number(a), Value::Number(b)) => {
            if a.is_f64() || b.is_f64() {
                let (x, y) = (a.as_f64().unwrap(), b.as_f64().unwrap());
                let tol = 1e-9 * x.abs().max(y.abs()).max(1e-300);
                assert!((x - y).abs() <= tol, "{path}: core {x}, datafusion {y}");
            } else {
                assert_eq!(a, b, "{path}: counts differ");
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}: lengths differ");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                assert_same(&format!("{path}[{i}]"), x, y);
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            let mut ka: Vec<&String> = a.keys().collect();
            let mut kb: Vec<&String> = b.keys().collect();
            ka.sort();
            kb.sort();
            assert_eq!(ka, kb, "{path}: keys differ");
            for (k, x) in a {
                assert_same(&format!("{path}.{k}"), x, &b[k]);
            }
        }
        _ => assert_eq!(want, got, "{path}"),
    }
}

//! Helpers shared by the platform tests.
#![allow(dead_code)]

use livelens::kpi::{Kpis, PlatformKpis};

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

use super::*;
use crate::model::{Dataset, EventKind as K};
use crate::testutil::DatasetBuilder;

const H: i64 = 3_600_000;
/// 2025-09-05 (a Friday) 00:00 UTC, ms.
const FRI: i64 = 1_757_030_400_000;

/// Sessions `(id, start UTC ms, viewers, buyers, amount each)`; local time is UTC+08:00.
fn ds(sessions: &[(&str, i64, usize, usize, f64)]) -> Dataset {
    let mut b = DatasetBuilder::new().tz_offset_minutes(480);
    let mut rows: Vec<(String, K, i64, String, f64)> = Vec::new();
    for &(s, start, viewers, buyers, amount) in sessions {
        for v in 0..viewers {
            let u = format!("{s}-u{v}");
            rows.push((u.clone(), K::Enter, start + v as i64, s.to_owned(), 0.0));
            if v < buyers {
                rows.push((u, K::Pay, start + 60_000 + v as i64, s.to_owned(), amount));
            }
        }
    }
    rows.sort_by_key(|r| r.2);
    for (u, k, t, s, a) in &rows {
        b.event(u, *k, *t, s, "", "", *a);
    }
    b.build()
}

#[test]
fn cells_are_local_weekday_and_hour_with_viewer_sums() {
    // 12:00 UTC Friday = 20:00 Friday in UTC+08:00; 16:30 UTC Friday = 00:30 Saturday.
    let d = ds(&[
        ("a", FRI + 12 * H, 10, 5, 100.0),
        ("b", FRI + 7 * 24 * H + 12 * H + H / 2, 30, 3, 10.0),
        ("c", FRI + 16 * H + H / 2, 4, 0, 0.0),
    ]);
    let ts = time_slots(&Prepared::new(&d)).unwrap();
    assert_eq!(ts.slots.len(), 2);
    let fri = &ts.slots[0];
    assert_eq!((fri.weekday, fri.hour), (4, 20));
    assert_eq!(fri.sessions, vec!["a", "b"]);
    assert_eq!((fri.viewers, fri.buyers), (40, 8));
    assert!((fri.mean_viewers - 20.0).abs() < 1e-12);
    assert!((fri.conversion.unwrap() - 0.2).abs() < 1e-12);
    assert!((fri.gmv - 530.0).abs() < 1e-9);
    assert!((fri.gmv_per_viewer.unwrap() - 530.0 / 40.0).abs() < 1e-9);
    assert!(fri.gmv_per_viewer_low.unwrap() < fri.gmv_per_viewer.unwrap());
    let sat = &ts.slots[1];
    assert_eq!((sat.weekday, sat.hour), (5, 0));
    assert_eq!(slot_name(4, 20, false), "Fri 20:00");
    assert_eq!(slot_name(5, 0, true), "周六 0点");
    // Only one cell has two sessions, and its interval reaches Saturday's (4 viewers, wide).
    assert_eq!(ts.best, None);
    assert_eq!(ts.best_code, "overlap");
}

#[test]
fn the_best_slot_is_named_only_when_its_interval_clears_the_others() {
    let mut s = Vec::new();
    for w in 0..3 {
        s.push(("", FRI + w * 7 * 24 * H + 12 * H, 200, 120, 50.0)); // Fri 20:00: 60 %
        s.push(("", FRI + w * 7 * 24 * H + 11 * H, 200, 40, 50.0)); // Fri 19:00: 20 %
    }
    let ids: Vec<String> = (0..s.len()).map(|i| format!("s{i}")).collect();
    let rows: Vec<(&str, i64, usize, usize, f64)> = s
        .iter()
        .zip(&ids)
        .map(|(r, id)| (id.as_str(), r.1, r.2, r.3, r.4))
        .collect();
    let ts = time_slots(&Prepared::new(&ds(&rows))).unwrap();
    let best = &ts.slots[ts.best.unwrap()];
    assert_eq!((best.weekday, best.hour, best.sessions.len()), (4, 20, 3));
    assert_eq!(ts.best_code, "named");
    assert!(ts.best_rule_en.contains("Fri 20:00 converts 60.0%"));
    assert!(ts.best_rule_zh.contains("周五 20点"));
    // A single cell: nothing to compare.
    let one = ds(&[("a", FRI, 5, 1, 1.0), ("b", FRI + 7 * 24 * H, 5, 1, 1.0)]);
    let ts = time_slots(&Prepared::new(&one)).unwrap();
    assert_eq!((ts.best, ts.best_code.as_str()), (None, "too_few_slots"));
}

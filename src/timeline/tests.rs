#![allow(clippy::unwrap_used)] // tests may panic on unexpected errors
use super::*;
use crate::analysis::Prepared;
use crate::model::{EventKind as K, SessionInfo};

/// One row: (user, session, kind, seconds, item, order, amount); "" = none.
type Row<'a> = (&'a str, &'a str, K, i64, &'a str, &'a str, f64);

fn ds(rows: &[Row]) -> Dataset {
    let mut b = crate::testutil::DatasetBuilder::new();
    for &(u, s, k, t, it, o, a) in rows {
        b.event(u, k, t * 1000, s, it, o, a);
    }
    b.build()
}

fn set_span(d: &mut Dataset, s: u32, start: i64, end: i64) {
    d.session_info[s as usize] = SessionInfo {
        start: Some(start * 1000),
        end: Some(end * 1000),
        host: NONE,
        ..Default::default()
    };
}

fn col(t: &Timeline, f: impl Fn(&TimelineMinute) -> u32) -> Vec<u32> {
    t.minutes.iter().map(f).collect()
}

#[test]
fn minute_counts_orders_and_gmv() {
    let mut d = ds(&[
        ("z", "s", K::Comment, -10, "", "", 0.0), // before the table's start: dropped
        ("a", "s", K::Enter, 0, "", "", 0.0),
        ("b", "s", K::Enter, 30, "", "", 0.0),
        ("a", "s", K::Comment, 45, "", "", 0.0),
        ("a", "s", K::Leave, 60, "", "", 0.0),
        ("b", "s", K::Like, 70, "", "", 0.0),
        ("b", "s", K::Pay, 90, "", "o1", 10.0),
        ("b", "s", K::Pay, 100, "", "o1", 2.0), // same order: GMV yes, order no
        ("c", "s", K::Pay, 120, "", "", 5.0),   // no order id: one order
        ("c", "s", K::Pay, 130, "", "", 1.0),   // another one
        ("c", "s", K::Comment, 180, "", "", 0.0), // at the end: last bucket
        ("c", "s", K::Comment, 200, "", "", 0.0), // after the end: dropped
        ("x", "other", K::Enter, 50, "", "", 0.0),
    ]);
    set_span(&mut d, 0, 0, 180);
    let t = timeline(
        &Prepared::new(&d),
        &TimelineParams {
            session: Some(0),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(t.session_id, "s");
    assert_eq!((t.start, t.end), (0, 180_000));
    assert_eq!(t.minutes.len(), 3);
    assert_eq!(col(&t, |m| m.minute), vec![0, 1, 2]);
    assert_eq!(
        t.minutes.iter().map(|m| m.ts).collect::<Vec<_>>(),
        vec![0, 60_000, 120_000]
    );
    assert_eq!(col(&t, |m| m.enters), vec![2, 0, 0]);
    assert_eq!(col(&t, |m| m.leaves), vec![0, 1, 0]);
    assert_eq!(col(&t, |m| m.comments), vec![1, 0, 1]);
    assert_eq!(col(&t, |m| m.likes), vec![0, 1, 0]);
    assert_eq!(col(&t, |m| m.orders), vec![0, 1, 2]);
    let gmv: Vec<f64> = t.minutes.iter().map(|m| m.gmv).collect();
    assert_eq!(gmv, vec![0.0, 12.0, 6.0]);
}

#[test]
fn concurrency_sampled_at_minute_start_leaves_before_enters() {
    let mut d = ds(&[
        ("a", "s", K::Enter, 0, "", "", 0.0),
        ("d", "s", K::Enter, 30, "", "", 0.0), // never leaves: until the session end (180)
        ("a", "s", K::Leave, 60, "", "", 0.0),
        ("b", "s", K::Enter, 60, "", "", 0.0),
        ("c", "s", K::Enter, 60, "", "", 0.0),
        ("b", "s", K::Leave, 120, "", "", 0.0),
        ("c", "s", K::Leave, 150, "", "", 0.0),
    ]);
    set_span(&mut d, 0, 0, 240);
    let t = timeline(&Prepared::new(&d), &TimelineParams::default()).unwrap();
    // t=0: a. t=60: a has left (leave first), b, c, d inside. t=120: b left; c, d.
    // t=180: d's visit [30,240) as the table's end closes it.
    assert_eq!(col(&t, |m| m.concurrent), vec![1, 3, 2, 1]);

    // Without a table end, d's visit ends at d's last event (30): empty, never counted.
    set_span(&mut d, 0, 0, 240);
    d.session_info[0].end = None;
    let t = timeline(&Prepared::new(&d), &TimelineParams::default()).unwrap();
    assert_eq!(t.end, 150_000);
    assert_eq!(col(&t, |m| m.concurrent), vec![1, 2, 1]);
}

#[test]
fn median_and_mad() {
    assert_eq!(median_mad(&[0.0, 1.0, 1.0, 2.0, 10.0]), (1.0, 1.0));
    assert_eq!(median_mad(&[]), (0.0, 0.0));
    assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
}

#[test]
fn spike_detection_on_a_constructed_series() {
    // GMV per minute: 2, 3, 2, 50, 3, 0. Selling minutes sorted 2 2 3 3 50 -> median 3;
    // |x - 3| sorted 0 0 1 1 47 -> MAD 1; threshold 3 + 3 = 6: only minute 3.
    let gmv = [2.0, 3.0, 2.0, 50.0, 3.0, 0.0];
    let mut rows: Vec<Row> = gmv
        .iter()
        .enumerate()
        .filter(|(_, &g)| g > 0.0)
        .map(|(m, &g)| ("u", "s", K::Pay, m as i64 * 60 + 5, "", "", g))
        .collect();
    rows.push(("u", "s", K::Comment, 359, "", "", 0.0));
    let d = ds(&rows);
    let t = timeline(&Prepared::new(&d), &TimelineParams::default()).unwrap();
    assert_eq!(t.minutes.len(), 6);
    assert_eq!(t.gmv_median, 3.0);
    assert_eq!(t.gmv_mad, 1.0);
    assert_eq!(t.spikes, vec![3]);
    assert!(t.minutes[3].spike && !t.minutes[4].spike);

    // Sparse sales (most minutes sell nothing): 100, 120, 110 and 900 in 14 minutes. Selling
    // median 115, deviations 15 5 5 785 -> MAD 10; threshold 145: only the 900 minute.
    let sparse = [
        0.0, 0.0, 0.0, 0.0, 100.0, 0.0, 0.0, 120.0, 0.0, 0.0, 110.0, 0.0, 0.0, 900.0,
    ];
    let mut rows: Vec<Row> = sparse
        .iter()
        .enumerate()
        .filter(|(_, &g)| g > 0.0)
        .map(|(m, &g)| ("u", "s", K::Pay, m as i64 * 60 + 5, "", "", g))
        .collect();
    rows.insert(0, ("u", "s", K::Comment, 0, "", "", 0.0));
    let t = timeline(&Prepared::new(&ds(&rows)), &TimelineParams::default()).unwrap();
    assert_eq!(t.spikes, vec![13]);

    // A session that never sells has no spike.
    let d = ds(&[
        ("u", "s", K::Enter, 0, "", "", 0.0),
        ("u", "s", K::Leave, 300, "", "", 0.0),
    ]);
    assert!(timeline(&Prepared::new(&d), &TimelineParams::default())
        .unwrap()
        .spikes
        .is_empty());
}

fn views(item: &'static str, per_minute: &[(i64, usize)]) -> Vec<Row<'static>> {
    let mut out = Vec::new();
    for &(m, c) in per_minute {
        for k in 0..c {
            out.push(("v", "s", K::ProductView, m * 60 + k as i64, item, "", 0.0));
        }
    }
    out
}

#[test]
fn pitch_windows_on_a_constructed_burst() {
    let mut rows = Vec::new();
    // A: peak 10 -> threshold 3; starts at 1; views until 5, then 0 for 6 minutes (fade),
    // a second burst at 12 is ignored; cut to 3 by B starting at 4.
    rows.extend(views(
        "A",
        &[(0, 1), (1, 5), (2, 10), (3, 4), (5, 1), (12, 6)],
    ));
    // B: starts at 4; 0 views at 5, 6, 7 -> fades at 4.
    rows.extend(views("B", &[(4, 3), (8, 3)]));
    // C: never reaches 3 in a minute: no window.
    rows.extend(views("C", &[(6, 2), (7, 2)]));
    // D: 3 views at 7 are under 20 % of its peak 20; starts at 9.
    rows.extend(views("D", &[(7, 3), (9, 20)]));
    for (m, g, o) in [
        (2, 10.0, "o1"),
        (4, 7.0, "o2"),
        (6, 100.0, "o3"),
        (9, 3.0, "o4"),
    ] {
        rows.push(("p", "s", K::Pay, m * 60 + 30, "", o, g));
    }
    let mut d = ds(&rows);
    set_span(&mut d, 0, 0, 13 * 60);
    d.item_info[0].title = "Course A".into();
    let t = timeline(&Prepared::new(&d), &TimelineParams::default()).unwrap();
    let got: Vec<(&str, &str, u32, u32, f64, u32)> = t
        .pitches
        .iter()
        .map(|w| {
            (
                w.item_id.as_str(),
                w.title.as_str(),
                w.start_minute,
                w.end_minute,
                w.gmv,
                w.orders,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("A", "Course A", 1, 3, 10.0, 1),
            ("B", "B", 4, 4, 7.0, 1),
            ("D", "D", 9, 9, 3.0, 1),
        ]
    );
}

#[test]
fn pitch_windows_starting_together_overlap_and_are_cut_by_the_next() {
    let mut v = Vec::new();
    for (item, b, c) in [(0u32, 0u32, 4), (1, 0, 3), (0, 1, 4), (1, 3, 3), (2, 2, 5)] {
        v.extend(std::iter::repeat_n((item, b), c));
    }
    let w = pitch_windows(v, 10);
    let got: Vec<(u32, u32, u32)> = w.iter().map(|w| (w.item, w.start, w.end)).collect();
    assert_eq!(got, vec![(0, 0, 1), (1, 0, 1), (2, 2, 2)]);
    assert!(pitch_windows(Vec::new(), 0).is_empty());
}

#[test]
fn default_session_is_the_one_with_most_viewers_and_list_is_in_start_order() {
    let mut d = ds(&[
        ("a", "late", K::Enter, 100, "", "", 0.0),
        ("b", "late", K::Enter, 110, "", "", 0.0),
        ("a", "late", K::Enter, 120, "", "", 0.0),
        ("a", "early", K::Enter, 10, "", "", 0.0),
        ("c", "empty", K::Comment, 5, "", "", 0.0),
    ]);
    d.hosts.intern("Ann");
    d.session_info[0].host = 0;
    let list = session_list(&Prepared::new(&d));
    let names: Vec<(&str, u64)> = list
        .iter()
        .map(|s| (s.session_id.as_str(), s.viewers))
        .collect();
    assert_eq!(names, vec![("empty", 0), ("early", 1), ("late", 2)]);
    let t = timeline(&Prepared::new(&d), &TimelineParams::default()).unwrap();
    assert_eq!(t.session_id, "late");
    assert_eq!(t.host.as_deref(), Some("Ann"));
}

#[test]
fn bad_params_and_degenerate_data() {
    let d = ds(&[("a", "s", K::Enter, 7, "", "", 0.0)]);
    for p in [
        TimelineParams {
            bucket_seconds: 0,
            ..Default::default()
        },
        TimelineParams {
            session: Some(5),
            ..Default::default()
        },
    ] {
        assert!(matches!(
            timeline(&Prepared::new(&d), &p),
            Err(Error::Params(_))
        ));
    }
    // One event: a single bucket, start = end.
    let t = timeline(&Prepared::new(&d), &TimelineParams::default()).unwrap();
    assert_eq!((t.minutes.len(), t.minutes[0].enters), (1, 1));
    // No sessions at all.
    let empty = Dataset::default();
    assert!(matches!(
        timeline(&Prepared::new(&empty), &TimelineParams::default()),
        Err(Error::NotEnoughData(_))
    ));
    assert!(session_list(&Prepared::new(&empty)).is_empty());
    let none = ds(&[("a", "", K::Pay, 7, "", "", 1.0)]);
    assert!(timeline(&Prepared::new(&none), &TimelineParams::default()).is_err());
    // A span too long for its bucket.
    let mut long = ds(&[("a", "s", K::Enter, 0, "", "", 0.0)]);
    set_span(&mut long, 0, 0, 30 * 86_400);
    assert!(matches!(
        timeline(&Prepared::new(&long), &TimelineParams::default()),
        Err(Error::Params(_))
    ));
    let hourly = TimelineParams {
        bucket_seconds: 3600,
        ..Default::default()
    };
    assert_eq!(
        timeline(&Prepared::new(&long), &hourly)
            .unwrap()
            .minutes
            .len(),
        720
    );
}

#[test]
fn properties_minutes_sum_to_session_totals() {
    // Pseudo-random session; the buckets' enters and orders sum to the session's rows / orders.
    let mut rows: Vec<Row> = Vec::new();
    let users = ["a", "b", "c", "d", "e"];
    let orders = ["o1", "o2", "o3", ""];
    let mut x: u64 = 12345;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as usize
    };
    let mut enters = 0;
    for _ in 0..400 {
        let u = users[next() % users.len()];
        let t = (next() % 3600) as i64;
        match next() % 4 {
            0 => {
                enters += 1;
                rows.push((u, "s", K::Enter, t, "", "", 0.0));
            }
            1 => rows.push((u, "s", K::Leave, t, "", "", 0.0)),
            2 => rows.push((u, "s", K::Pay, t, "", orders[next() % 4], 1.0)),
            _ => rows.push((u, "s", K::ProductView, t, "i", "", 0.0)),
        }
    }
    let d = ds(&rows);
    let t = timeline(&Prepared::new(&d), &TimelineParams::default()).unwrap();
    let sum_enters: u32 = t.minutes.iter().map(|m| m.enters).sum();
    assert_eq!(sum_enters, enters);
    let no_id_pays = rows
        .iter()
        .filter(|r| r.2 == K::Pay && r.5.is_empty())
        .count();
    let ids: std::collections::BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.2 == K::Pay && !r.5.is_empty())
        .map(|r| r.5)
        .collect();
    let sum_orders: u32 = t.minutes.iter().map(|m| m.orders).sum();
    assert_eq!(sum_orders as usize, no_id_pays + ids.len());
    assert!(t.minutes.iter().all(|m| m.concurrent <= 5));
    for w in &t.pitches {
        assert!(w.start_minute <= w.end_minute && (w.end_minute as usize) < t.minutes.len());
    }
}

#![allow(clippy::unwrap_used)] // tests may panic on unexpected errors
use super::*;
use crate::analysis::Prepared;
use crate::model::Dataset;
use crate::model::EventKind as K;

const TZ: i32 = 480; // UTC+8

/// UTC ms of a local date and time in UTC+8.
fn local(y: i64, m: u32, d: u32, hh: i64, mm: i64) -> i64 {
    (days_from_civil(y, m, d) * 86_400 + hh * 3600 + mm * 60) * 1000 - TZ as i64 * 60_000
}

/// Local noon of day `n` after Monday 2026-10-05.
fn day(n: i64) -> i64 {
    local(2026, 10, 5, 12, 0) + n * 86_400_000
}

/// One row: (user, kind, ts ms, order id or "", amount).
type Row<'a> = (&'a str, K, i64, &'a str, f64);

fn ds(rows: &[Row]) -> Dataset {
    let mut b = crate::testutil::DatasetBuilder::new().tz_offset_minutes(TZ);
    for &(u, k, t, o, a) in rows {
        b.event(u, k, t, "", "", o, a);
    }
    b.build()
}

fn daily(mode: RetentionMode) -> RetentionParams {
    RetentionParams {
        period: Period::Day,
        mode,
        ..Default::default()
    }
}

fn labels(r: &RetentionResult) -> Vec<(&str, u64)> {
    r.cohorts
        .iter()
        .map(|c| (c.cohort.as_str(), c.size))
        .collect()
}

#[test]
fn weeks_start_on_monday_in_local_time() {
    // Sunday 23:59 and Monday 00:00 local (UTC+8); both are Sunday in UTC.
    let sun = local(2026, 10, 4, 23, 59);
    let mon = local(2026, 10, 5, 0, 0);
    assert_eq!(date_string(mon.div_euclid(86_400_000)), "2026-10-04");
    let d = ds(&[("a", K::Pay, sun, "", 1.0), ("b", K::Pay, mon, "", 1.0)]);
    let r = retention(&Prepared::new(&d), &RetentionParams::default()).unwrap();
    assert_eq!(labels(&r), vec![("2026-09-28", 1), ("2026-10-05", 1)]);
    // a is active only in its own week: period 1 is observed (the data reaches it) and is 0.
    assert_eq!(r.cohorts[0].retained, vec![1, 0]);
    assert_eq!(r.cohorts[1].retained, vec![1]);
    let r = retention(&Prepared::new(&d), &daily(RetentionMode::On)).unwrap();
    assert_eq!(labels(&r), vec![("2026-10-04", 1), ("2026-10-05", 1)]);
    // A whole week, Monday 00:00 to Sunday 23:59 local, is one period.
    let d = ds(&[
        ("a", K::Pay, mon, "", 1.0),
        ("b", K::Pay, local(2026, 10, 11, 23, 59), "", 1.0),
        ("c", K::Pay, local(2026, 10, 12, 0, 0), "", 1.0),
    ]);
    let r = retention(&Prepared::new(&d), &RetentionParams::default()).unwrap();
    assert_eq!(labels(&r), vec![("2026-10-05", 2), ("2026-10-12", 1)]);
}

/// a: pay d0, comment d2. b: pay d0, comment d1, d3. c: pay d1. d: enter d3 (no cohort).
fn on_vs_after_data() -> Dataset {
    ds(&[
        ("a", K::Pay, day(0), "o1", 10.0),
        ("b", K::Pay, day(0), "o2", 10.0),
        ("b", K::Comment, day(1), "", 0.0),
        ("c", K::Pay, day(1), "o3", 10.0),
        ("a", K::Comment, day(2), "", 0.0),
        ("b", K::Comment, day(3), "", 0.0),
        ("d", K::Enter, day(3), "", 0.0),
    ])
}

#[test]
fn on_versus_on_or_after() {
    let d = on_vs_after_data();
    let on = retention(&Prepared::new(&d), &daily(RetentionMode::On)).unwrap();
    assert_eq!(labels(&on), vec![("2026-10-05", 2), ("2026-10-06", 1)]);
    assert_eq!(on.cohorts[0].retained, vec![2, 1, 1, 1]);
    assert_eq!(on.cohorts[1].retained, vec![1, 0, 0]);
    assert_eq!(
        on.cohorts[0].rates,
        vec![Some(1.0), Some(0.5), Some(0.5), Some(0.5)]
    );
    // Size-weighted: (2+1)/3, (1+0)/3, (1+0)/3, then only the first cohort: 1/2.
    assert_eq!(
        on.average_rates,
        vec![Some(1.0), Some(1.0 / 3.0), Some(1.0 / 3.0), Some(0.5)]
    );
    let after = retention(&Prepared::new(&d), &daily(RetentionMode::OnOrAfter)).unwrap();
    assert_eq!(after.cohorts[0].retained, vec![2, 2, 2, 1]);
    assert_eq!(after.cohorts[1].retained, vec![1, 0, 0]);
    assert_eq!(after.mode, RetentionMode::OnOrAfter);

    // With return = comment, period 0 is no longer 100 %.
    let p = RetentionParams {
        return_event: Some(K::Comment),
        ..daily(RetentionMode::On)
    };
    let r = retention(&Prepared::new(&d), &p).unwrap();
    assert_eq!(r.cohorts[0].retained, vec![0, 1, 1, 1]);
    assert_eq!(r.return_event.as_deref(), Some("comment"));
    // max_periods truncates rows.
    let p = RetentionParams {
        max_periods: 2,
        ..daily(RetentionMode::On)
    };
    let r = retention(&Prepared::new(&d), &p).unwrap();
    assert_eq!(r.cohorts[0].retained, vec![2, 1]);
    assert_eq!(r.average_rates.len(), 2);
}

#[test]
fn ltv_with_refunds() {
    for refund in [30.0, -30.0] {
        let d = ds(&[
            ("a", K::Pay, day(0), "o1", 100.0),
            ("b", K::Pay, day(0), "o2", 20.0),
            ("a", K::Refund, day(1), "o1", refund),
            ("c", K::Pay, day(1), "o3", 10.0),
            ("a", K::Pay, day(2), "o4", 50.0),
        ]);
        let r = retention(&Prepared::new(&d), &daily(RetentionMode::On)).unwrap();
        // Cohort d0 {a, b}: 120, -30, +50 -> cumulative 120, 90, 140 over 2 persons.
        assert_eq!(r.cohorts[0].ltv, vec![Some(60.0), Some(45.0), Some(70.0)]);
        assert_eq!(r.cohorts[1].ltv, vec![Some(10.0), Some(10.0)]);
        // The refund is an event: with return = any, a returns on d1.
        assert_eq!(r.cohorts[0].retained, vec![2, 1, 1]);
    }
}

#[test]
fn repeat_purchase_rate_counts_distinct_orders() {
    let d = ds(&[
        ("a", K::Pay, day(0), "o1", 1.0),
        ("a", K::Pay, day(0), "o1", 1.0), // same order twice: 1 order
        ("b", K::Pay, day(0), "o2", 1.0),
        ("b", K::Pay, day(1), "o3", 1.0), // 2 orders
        ("c", K::Pay, day(0), "", 1.0),
        ("c", K::Pay, day(0), "", 1.0), // two rows without id: 2 orders
        ("d", K::Pay, day(2), "", 1.0), // 1 order
        ("e", K::Comment, day(2), "", 0.0),
        ("e", K::Order, day(2), "o9", 1.0), // created, never paid
    ]);
    let r = retention(&Prepared::new(&d), &RetentionParams::default()).unwrap();
    assert_eq!((r.buyers, r.repeat_buyers), (4, 2));
    assert_eq!(r.repeat_purchase_rate, Some(0.5));
    // Cohorts by first comment (only e): the repeat rate still covers every buyer.
    let p = RetentionParams {
        start_event: K::Comment,
        ..Default::default()
    };
    let r = retention(&Prepared::new(&d), &p).unwrap();
    assert_eq!(labels(&r), vec![("2026-10-05", 1)]);
    assert_eq!(r.repeat_purchase_rate, Some(0.5));
}

#[test]
fn lifecycle_new_returning_resurrecting_dormant() {
    // a: active d0, d1, d3. b: d1, d2. c: d4.
    let d = ds(&[
        ("a", K::Pay, day(0), "", 1.0),
        ("a", K::Comment, day(1), "", 0.0),
        ("b", K::Enter, day(1), "", 0.0),
        ("b", K::Like, day(2), "", 0.0),
        ("a", K::Enter, day(3), "", 0.0),
        ("a", K::Comment, day(3), "", 0.0),
        ("c", K::Enter, day(4), "", 0.0),
    ]);
    let r = retention(&Prepared::new(&d), &daily(RetentionMode::On)).unwrap();
    let got: Vec<(&str, [u64; 4])> = r
        .lifecycle
        .iter()
        .map(|l| {
            (
                l.period.as_str(),
                [l.new, l.returning, l.resurrecting, l.dormant],
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("2026-10-05", [1, 0, 0, 0]),
            ("2026-10-06", [1, 1, 0, 0]),
            ("2026-10-07", [0, 1, 0, 1]),
            ("2026-10-08", [0, 0, 1, 1]),
            ("2026-10-09", [1, 0, 0, 1]),
        ]
    );
    // Activity = the return event when one is chosen: with pay only a is ever active.
    let p = RetentionParams {
        return_event: Some(K::Pay),
        ..daily(RetentionMode::On)
    };
    let r = retention(&Prepared::new(&d), &p).unwrap();
    let new: Vec<u64> = r.lifecycle.iter().map(|l| l.new).collect();
    let dormant: Vec<u64> = r.lifecycle.iter().map(|l| l.dormant).collect();
    assert_eq!(new, vec![1, 0, 0, 0, 0]);
    assert_eq!(dormant, vec![0, 1, 0, 0, 0]);
}

#[test]
fn orders_only_dataset_works() {
    // Weekly, return = pay; pay/refund rows only, no sessions.
    let d = ds(&[
        ("a", K::Pay, day(0), "o1", 30.0),
        ("b", K::Pay, day(1), "o2", 20.0),
        ("b", K::Refund, day(2), "o2", 20.0),
        ("a", K::Pay, day(8), "o3", 40.0),
        ("c", K::Pay, day(9), "o4", 10.0),
        ("a", K::Pay, day(21), "o5", 5.0),
    ]);
    let p = RetentionParams {
        return_event: Some(K::Pay),
        ..Default::default()
    };
    let r = retention(&Prepared::new(&d), &p).unwrap();
    assert_eq!(labels(&r), vec![("2026-10-05", 2), ("2026-10-12", 1)]);
    assert_eq!(r.cohorts[0].retained, vec![2, 1, 0, 1]);
    assert_eq!(r.cohorts[1].retained, vec![1, 0, 0]);
    // Week 0: 30 + 20 - 20 = 30; week 1: +40; week 3: +5 -> per person 15, 35, 35, 37.5.
    assert_eq!(
        r.cohorts[0].ltv,
        vec![Some(15.0), Some(35.0), Some(35.0), Some(37.5)]
    );
    assert_eq!((r.buyers, r.repeat_buyers), (3, 1));
    let lc: Vec<[u64; 4]> = r
        .lifecycle
        .iter()
        .map(|l| [l.new, l.returning, l.resurrecting, l.dormant])
        .collect();
    assert_eq!(
        lc,
        vec![[2, 0, 0, 0], [1, 1, 0, 1], [0, 0, 0, 2], [0, 0, 1, 0]]
    );
}

#[test]
fn bad_params_and_missing_data() {
    let d = on_vs_after_data();
    for p in [
        RetentionParams {
            max_periods: 0,
            ..Default::default()
        },
        RetentionParams {
            start_event: K::Unknown,
            ..Default::default()
        },
        RetentionParams {
            return_event: Some(K::Unknown),
            ..Default::default()
        },
    ] {
        assert!(matches!(
            retention(&Prepared::new(&d), &p),
            Err(Error::Params(_))
        ));
    }
    let p = RetentionParams {
        start_event: K::Follow,
        ..Default::default()
    };
    assert!(matches!(
        retention(&Prepared::new(&d), &p),
        Err(Error::NotEnoughData(_))
    ));
    assert!(matches!(
        retention(
            &Prepared::new(&Dataset::default()),
            &RetentionParams::default()
        ),
        Err(Error::NotEnoughData(_))
    ));
    // All events at one instant, one person.
    let one = ds(&[("a", K::Pay, 0, "", 0.0), ("a", K::Refund, 0, "", 0.0)]);
    let r = retention(&Prepared::new(&one), &RetentionParams::default()).unwrap();
    assert_eq!(r.cohorts[0].retained, vec![1]);
    assert_eq!(r.cohorts[0].ltv, vec![Some(0.0)]);
    assert_eq!(r.lifecycle.len(), 1);
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("\"period\":\"week\"") && json.contains("\"mode\":\"on\""));
}

#[test]
fn properties_on_random_data() {
    let kinds = [K::Pay, K::Enter, K::Comment, K::Refund, K::Click];
    let mut x: u64 = 99;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as usize
    };
    let users: Vec<String> = (0..60).map(|i| format!("u{i}")).collect();
    let mut rows: Vec<(usize, K, i64)> = (0..3000)
        .map(|_| {
            (
                next() % users.len(),
                kinds[next() % kinds.len()],
                day(0) + (next() % (70 * 86_400)) as i64 * 1000,
            )
        })
        .collect();
    rows.sort_by_key(|r| r.2);
    let data: Vec<Row> = rows
        .iter()
        .map(|&(u, k, t)| (users[u].as_str(), k, t, "", 5.0))
        .collect();
    let d = ds(&data);
    for period in [Period::Day, Period::Week] {
        for ret in [None, Some(K::Pay), Some(K::Comment)] {
            let p = |mode| RetentionParams {
                period,
                return_event: ret,
                mode,
                max_periods: 20,
                ..Default::default()
            };
            let on = retention(&Prepared::new(&d), &p(RetentionMode::On)).unwrap();
            let after = retention(&Prepared::new(&d), &p(RetentionMode::OnOrAfter)).unwrap();
            for (a, b) in on.cohorts.iter().zip(&after.cohorts) {
                assert_eq!((&a.cohort, a.size), (&b.cohort, b.size));
                assert_eq!(a.retained.len(), b.retained.len());
                for (x, y) in a.retained.iter().zip(&b.retained) {
                    assert!(x <= y);
                }
                for r in a.rates.iter().chain(&b.rates) {
                    let r = r.unwrap();
                    assert!((0.0..=1.0).contains(&r));
                }
                // On-or-after never increases along the row.
                assert!(b.retained.windows(2).all(|w| w[0] >= w[1]));
            }
            for r in on.average_rates.iter().flatten() {
                assert!((0.0..=1.0).contains(r));
            }
            // Every active person is new exactly once; each period's active persons split into
            // new + returning + resurrecting.
            let is_active = |k: K| ret.is_none_or(|r| r == k);
            let active: std::collections::BTreeSet<usize> = rows
                .iter()
                .filter(|r| is_active(r.1))
                .map(|r| r.0)
                .collect();
            let new: u64 = on.lifecycle.iter().map(|l| l.new).sum();
            assert_eq!(new as usize, active.len());
            let mut per_period: std::collections::BTreeMap<i64, std::collections::BTreeSet<usize>> =
                Default::default();
            for r in rows.iter().filter(|r| is_active(r.1)) {
                per_period
                    .entry(period.of_day(d.local_day(r.2)))
                    .or_default()
                    .insert(r.0);
            }
            for (lp, (_, set)) in on
                .lifecycle
                .iter()
                .filter(|l| l.new + l.returning + l.resurrecting > 0)
                .zip(&per_period)
            {
                assert_eq!(
                    (lp.new + lp.returning + lp.resurrecting) as usize,
                    set.len()
                );
            }
            let sizes: u64 = on.cohorts.iter().map(|c| c.size).sum();
            let payers: std::collections::BTreeSet<usize> =
                rows.iter().filter(|r| r.1 == K::Pay).map(|r| r.0).collect();
            assert_eq!(sizes as usize, payers.len());
        }
    }
}

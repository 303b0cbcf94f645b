use super::*;
use crate::analysis::Prepared;
use crate::model::{SessionInfo, UserAttribute};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use EventKind::*;

/// A dataset from rows (user, seconds, kind, session); rows are pushed in the given order.
fn dataset(rows: &[(&str, i64, EventKind, &str)]) -> Dataset {
    let mut b = crate::testutil::DatasetBuilder::new();
    for &(u, t, k, s) in rows {
        b.event(u, k, t * 1000, s, "", "", 0.0);
    }
    b.build()
}

fn params(steps: &[EventKind], mode: FunnelMode, window_seconds: i64) -> FunnelParams {
    FunnelParams {
        steps: steps.to_vec(),
        mode,
        window_seconds,
        breakdown: Breakdown::None,
    }
}

fn counts(r: &FunnelResult) -> Vec<u64> {
    r.steps.iter().map(|s| s.count).collect()
}

fn run(ds: &Dataset, steps: &[EventKind], mode: FunnelMode, window: i64) -> FunnelResult {
    match funnel(&Prepared::new(ds), &params(steps, mode, window)) {
        Ok(r) => r,
        Err(e) => panic!("funnel failed: {e}"),
    }
}

#[test]
fn ordered_strict_any_order_on_one_person() {
    // enter, comment, product_view: ordered passes, strict breaks on the comment.
    let ds = dataset(&[
        ("u", 0, Enter, "s"),
        ("u", 10, Comment, "s"),
        ("u", 20, ProductView, "s"),
    ]);
    let steps = [Enter, ProductView];
    assert_eq!(counts(&run(&ds, &steps, FunnelMode::Ordered, 60)), [1, 1]);
    assert_eq!(counts(&run(&ds, &steps, FunnelMode::Strict, 60)), [1, 0]);
    assert_eq!(counts(&run(&ds, &steps, FunnelMode::AnyOrder, 60)), [1, 1]);

    // product_view before enter: only any-order completes.
    let ds = dataset(&[("u", 0, ProductView, "s"), ("u", 10, Enter, "s")]);
    assert_eq!(counts(&run(&ds, &steps, FunnelMode::Ordered, 60)), [1, 0]);
    assert_eq!(counts(&run(&ds, &steps, FunnelMode::Strict, 60)), [1, 0]);
    let any = run(&ds, &steps, FunnelMode::AnyOrder, 60);
    assert_eq!(counts(&any), [1, 1]);
    assert_eq!(any.steps[1].median_seconds_from_previous, Some(10.0));

    // A person with only a product_view reaches step 1 in any order, nothing in ordered.
    let ds = dataset(&[("u", 0, ProductView, "s")]);
    assert_eq!(counts(&run(&ds, &steps, FunnelMode::Ordered, 60)), [0, 0]);
    assert_eq!(counts(&run(&ds, &steps, FunnelMode::AnyOrder, 60)), [1, 0]);
}

#[test]
fn strict_ignores_other_persons_events() {
    let ds = dataset(&[
        ("u", 0, Enter, "s"),
        ("v", 5, Comment, "s"),
        ("u", 10, ProductView, "s"),
    ]);
    assert_eq!(
        counts(&run(&ds, &[Enter, ProductView], FunnelMode::Strict, 60)),
        [1, 1]
    );
}

#[test]
fn window_is_measured_from_step_one_and_inclusive() {
    let steps = [Enter, ProductView, Click];
    // click is 60 s after product_view but 120 s after enter: outside a 100 s window.
    let ds = dataset(&[
        ("u", 0, Enter, "s"),
        ("u", 60, ProductView, "s"),
        ("u", 120, Click, "s"),
    ]);
    for mode in [
        FunnelMode::Ordered,
        FunnelMode::Strict,
        FunnelMode::AnyOrder,
    ] {
        assert_eq!(counts(&run(&ds, &steps, mode, 100)), [1, 1, 0], "{mode:?}");
    }
    // Exactly at the window's end counts (event time − step-1 time ≤ window).
    let ds = dataset(&[
        ("u", 0, Enter, "s"),
        ("u", 60, ProductView, "s"),
        ("u", 100, Click, "s"),
    ]);
    for mode in [
        FunnelMode::Ordered,
        FunnelMode::Strict,
        FunnelMode::AnyOrder,
    ] {
        assert_eq!(counts(&run(&ds, &steps, mode, 100)), [1, 1, 1], "{mode:?}");
    }
}

#[test]
fn best_attempt_is_furthest_then_earliest() {
    let steps = [Enter, ProductView, Click];
    // Attempt 1 reaches step 2 (10 s), attempt 2 reaches step 3 (20 s, 10 s): attempt 2 counts
    // and its times are reported.
    let ds = dataset(&[
        ("u", 0, Enter, "s1"),
        ("u", 10, ProductView, "s1"),
        ("u", 500, Enter, "s2"),
        ("u", 520, ProductView, "s2"),
        ("u", 530, Click, "s2"),
    ]);
    let r = run(&ds, &steps, FunnelMode::Ordered, 100);
    assert_eq!(counts(&r), [1, 1, 1]);
    assert_eq!(r.steps[1].median_seconds_from_previous, Some(20.0));
    assert_eq!(r.steps[2].mean_seconds_from_previous, Some(10.0));
    assert_eq!(r.time_to_convert.median_seconds, Some(30.0));

    // Two attempts reaching step 2: the earliest one's time (10 s) is reported, not 30 s.
    let ds = dataset(&[
        ("u", 0, Enter, "s1"),
        ("u", 10, ProductView, "s1"),
        ("u", 500, Enter, "s2"),
        ("u", 530, ProductView, "s2"),
    ]);
    let r = run(&ds, &steps, FunnelMode::Ordered, 100);
    assert_eq!(counts(&r), [1, 1, 0]);
    assert_eq!(r.steps[1].median_seconds_from_previous, Some(10.0));

    // A repeated enter starts a new attempt; the first attempt (within the window) is the
    // earliest of the equally good ones: 10 s from the first enter.
    let ds = dataset(&[
        ("u", 0, Enter, "s"),
        ("u", 5, Enter, "s"),
        ("u", 10, ProductView, "s"),
    ]);
    let r = run(&ds, &[Enter, ProductView], FunnelMode::Ordered, 100);
    assert_eq!(r.steps[1].median_seconds_from_previous, Some(10.0));
    // In strict mode the first attempt breaks at the second enter; the second one converts.
    let r = run(&ds, &[Enter, ProductView], FunnelMode::Strict, 100);
    assert_eq!(counts(&r), [1, 1]);
    assert_eq!(r.steps[1].median_seconds_from_previous, Some(5.0));
}

#[test]
fn window_restarts_with_a_new_attempt() {
    // The first enter's window has expired by the click, but the second enter's has not.
    let ds = dataset(&[
        ("u", 0, Enter, "s"),
        ("u", 50, ProductView, "s"),
        ("u", 150, Enter, "s"),
        ("u", 160, ProductView, "s"),
        ("u", 200, Click, "s"),
    ]);
    let r = run(&ds, &[Enter, ProductView, Click], FunnelMode::Ordered, 100);
    assert_eq!(counts(&r), [1, 1, 1]);
    assert_eq!(r.steps[1].median_seconds_from_previous, Some(10.0));
}

#[test]
fn same_timestamp_counts_as_in_order() {
    // product_view logged before enter in the same second: still in order.
    let ds = dataset(&[("u", 7, ProductView, "s"), ("u", 7, Enter, "s")]);
    let steps = [Enter, ProductView];
    for mode in [
        FunnelMode::Ordered,
        FunnelMode::Strict,
        FunnelMode::AnyOrder,
    ] {
        let r = run(&ds, &steps, mode, 60);
        assert_eq!(counts(&r), [1, 1], "{mode:?}");
        assert_eq!(r.steps[1].median_seconds_from_previous, Some(0.0));
    }
    // Strict: an unrelated event at the very same instant as the step does not break the
    // chain; one a second earlier does.
    let ds = dataset(&[
        ("u", 0, Enter, "s"),
        ("u", 5, Comment, "s"),
        ("u", 5, ProductView, "s"),
    ]);
    assert_eq!(counts(&run(&ds, &steps, FunnelMode::Strict, 60)), [1, 1]);
    let ds = dataset(&[
        ("u", 0, Enter, "s"),
        ("u", 4, Comment, "s"),
        ("u", 5, ProductView, "s"),
    ]);
    assert_eq!(counts(&run(&ds, &steps, FunnelMode::Strict, 60)), [1, 0]);
    // One event cannot be two steps: steps click → click need two clicks.
    let ds = dataset(&[("u", 0, Click, "s")]);
    assert_eq!(
        counts(&run(&ds, &[Click, Click], FunnelMode::Ordered, 60)),
        [1, 0]
    );
    assert_eq!(
        counts(&run(&ds, &[Click, Click], FunnelMode::AnyOrder, 60)),
        [1, 0]
    );
    let ds = dataset(&[("u", 0, Click, "s"), ("u", 0, Click, "s")]);
    assert_eq!(
        counts(&run(&ds, &[Click, Click], FunnelMode::Ordered, 60)),
        [1, 1]
    );
    assert_eq!(
        counts(&run(&ds, &[Click, Click], FunnelMode::AnyOrder, 60)),
        [1, 1]
    );
}

#[test]
fn step_table_rates_and_times() {
    // 4 persons enter; 3 view (after 10, 20, 60 s); 1 clicks (after 30 s).
    let ds = dataset(&[
        ("a", 0, Enter, "s"),
        ("a", 10, ProductView, "s"),
        ("a", 40, Click, "s"),
        ("b", 0, Enter, "s"),
        ("b", 20, ProductView, "s"),
        ("c", 0, Enter, "s"),
        ("c", 60, ProductView, "s"),
        ("d", 0, Enter, "s"),
        ("e", 0, Comment, "s"),
    ]);
    let r = run(&ds, &[Enter, ProductView, Click], FunnelMode::Ordered, 3600);
    assert_eq!(counts(&r), [4, 3, 1]);
    let s0 = &r.steps[0];
    assert_eq!(s0.event, "enter");
    assert_eq!(s0.conversion_from_start, Some(1.0));
    assert_eq!(s0.conversion_from_previous, Some(1.0));
    assert_eq!((s0.drop_off, s0.drop_off_rate), (0, Some(0.0)));
    assert_eq!(s0.median_seconds_from_previous, None);
    let s1 = &r.steps[1];
    assert_eq!(s1.conversion_from_start, Some(0.75));
    assert_eq!(s1.conversion_from_previous, Some(0.75));
    assert_eq!((s1.drop_off, s1.drop_off_rate), (1, Some(0.25)));
    assert_eq!(s1.median_seconds_from_previous, Some(20.0));
    assert_eq!(s1.mean_seconds_from_previous, Some(30.0));
    let s2 = &r.steps[2];
    assert_eq!(s2.conversion_from_start, Some(0.25));
    assert_eq!(s2.conversion_from_previous, Some(1.0 / 3.0));
    assert_eq!(s2.drop_off, 2);
    assert_eq!(s2.median_seconds_from_previous, Some(30.0));
    // Time to convert: one person, 40 s, in the 30s–1m bin.
    let h = &r.time_to_convert;
    assert_eq!(h.count, 1);
    let bin = h
        .bins
        .iter()
        .find(|b| b.count == 1)
        .map(|b| b.label.as_str());
    assert_eq!(bin, Some("30s–1m"));
    // Bins stop at the window (1 h): the last bin is 1h–2h.
    assert_eq!(h.bins.last().map(|b| b.label.as_str()), Some("1h–2h"));
}

#[test]
fn empty_dataset_gives_zeros_and_nulls() {
    let ds = dataset(&[]);
    let r = run(&ds, &[Enter, Pay], FunnelMode::Ordered, 60);
    assert_eq!(counts(&r), [0, 0]);
    assert_eq!(r.steps[1].conversion_from_start, None);
    assert_eq!(r.steps[1].drop_off_rate, None);
    assert_eq!(r.time_to_convert.median_seconds, None);
    assert!(r.trend.is_empty());
    // Serialises without NaN.
    assert!(serde_json::to_string(&r).is_ok());
}

#[test]
fn params_json_shape() {
    let p: FunnelParams =
        match serde_json::from_str(r#"{"mode":"any_order","breakdown":{"attribute":"age"}}"#) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
    assert_eq!(p.mode, FunnelMode::AnyOrder);
    assert_eq!(p.breakdown, Breakdown::Attribute("age".into()));
    assert_eq!(p.steps, FunnelParams::default().steps);
    assert_eq!(p.window_seconds, 86_400);
    let json = serde_json::to_string(&FunnelParams {
        steps: vec![Enter, Pay],
        breakdown: Breakdown::Segment(vec![(3, "vip".into())]),
        ..FunnelParams::default()
    })
    .unwrap_or_default();
    assert_eq!(
        json,
        r#"{"steps":["enter","pay"],"mode":"ordered","window_seconds":86400,"breakdown":{"segment":[[3,"vip"]]}}"#
    );
}

#[test]
fn invalid_params_are_rejected() {
    let ds = dataset(&[("u", 0, Enter, "s")]);
    let bad = [
        params(&[Enter], FunnelMode::Ordered, 60),
        params(&[Enter; 11], FunnelMode::Ordered, 60),
        params(&[Enter, Unknown], FunnelMode::Ordered, 60),
        params(&[Enter, Pay], FunnelMode::Ordered, 0),
        FunnelParams {
            breakdown: Breakdown::Attribute("age".into()),
            ..FunnelParams::default()
        },
        FunnelParams {
            breakdown: Breakdown::Segment(vec![(5, "x".into())]),
            ..FunnelParams::default()
        },
    ];
    for p in bad {
        assert!(
            matches!(funnel(&Prepared::new(&ds), &p), Err(Error::Params(_))),
            "{p:?}"
        );
    }
    assert!(funnel(&Prepared::new(&ds), &FunnelParams::default()).is_ok());
}

#[test]
fn breakdown_is_attributed_at_step_one() {
    // u enters in s1 and pays in s2 (same attempt): attributed to s1 / host h1.
    let mut ds = dataset(&[
        ("u", 0, Enter, "s1"),
        ("u", 100, Pay, "s2"),
        ("v", 50, Enter, "s2"),
        ("w", 60, Pay, "s2"),
    ]);
    let h1 = ds.hosts.intern("h1");
    let h2 = ds.hosts.intern("h2");
    ds.session_info[0] = SessionInfo {
        host: h1,
        ..SessionInfo::default()
    };
    ds.session_info[1] = SessionInfo {
        host: h2,
        ..SessionInfo::default()
    };
    let mut age = UserAttribute {
        name: "age".into(),
        ..UserAttribute::default()
    };
    let young = age.values.intern("18-24");
    age.of_user = vec![young, NONE, NONE];
    ds.user_attributes.push(age);

    let with = |b: Breakdown| {
        let p = FunnelParams {
            steps: vec![Enter, Pay],
            breakdown: b,
            ..FunnelParams::default()
        };
        match funnel(&Prepared::new(&ds), &p) {
            Ok(r) => r
                .breakdown
                .iter()
                .map(|row| {
                    (
                        row.value.clone(),
                        row.steps.iter().map(|s| s.count).collect(),
                    )
                })
                .collect::<Vec<(String, Vec<u64>)>>(),
            Err(e) => panic!("{e}"),
        }
    };
    let row = |v: &str, c: &[u64]| (v.to_owned(), c.to_vec());
    // Ties in step-1 count are ordered by label.
    assert_eq!(
        with(Breakdown::Session),
        [row("s1", &[1, 1]), row("s2", &[1, 0])]
    );
    assert_eq!(
        with(Breakdown::Host),
        [row("h1", &[1, 1]), row("h2", &[1, 0])]
    );
    assert_eq!(
        with(Breakdown::Attribute("age".into())),
        [row("(none)", &[1, 0]), row("18-24", &[1, 1])]
    );
    assert_eq!(
        with(Breakdown::Segment(vec![
            (0, "vip".into()),
            (1, "vip".into())
        ])),
        [row("vip", &[2, 1])]
    );
    assert!(with(Breakdown::None).is_empty());
}

#[test]
fn breakdown_groups_values_beyond_ten_as_other() {
    // Session i has i + 1 persons entering, session 0 and 1 are the smallest (1 and 2 persons);
    // in s11 every person also views.
    let mut rows: Vec<(String, i64, EventKind, String)> = Vec::new();
    for s in 0..12 {
        for p in 0..=s {
            let u = format!("u{s}_{p}");
            rows.push((u.clone(), s * 1000 + p, Enter, format!("s{s:02}")));
            if s <= 1 {
                rows.push((u, s * 1000 + p + 1, ProductView, format!("s{s:02}")));
            }
        }
    }
    let rows_ref: Vec<(&str, i64, EventKind, &str)> = rows
        .iter()
        .map(|(u, t, k, s)| (u.as_str(), *t, *k, s.as_str()))
        .collect();
    let ds = dataset(&rows_ref);
    let p = FunnelParams {
        steps: vec![Enter, ProductView],
        breakdown: Breakdown::Session,
        ..FunnelParams::default()
    };
    let r = match funnel(&Prepared::new(&ds), &p) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(r.breakdown.len(), 11);
    assert_eq!(r.breakdown[0].value, "s11");
    assert_eq!(r.breakdown[0].steps[0].count, 12);
    assert_eq!(r.breakdown[9].value, "s02");
    let other = &r.breakdown[10];
    assert_eq!(other.value, "other");
    // s00 (1 person) + s01 (2 persons), all of whom viewed.
    assert_eq!(other.steps[0].count, 3);
    assert_eq!(other.steps[1].count, 3);
    // Rows add up to the total.
    let total: u64 = r.breakdown.iter().map(|row| row.steps[0].count).sum();
    assert_eq!(total, r.steps[0].count);
}

#[test]
fn trend_per_session_in_start_order() {
    // Session "late" is interned first but starts later.
    let ds = dataset(&[
        ("a", 1000, Enter, "late"),
        ("a", 1010, Pay, "late"),
        ("a", 0, Enter, "early"),
        ("b", 5, Enter, "early"),
        ("b", 6, Pay, "early"),
        ("c", 7, Comment, "early"),
    ]);
    let r = run(&ds, &[Enter, Pay], FunnelMode::Ordered, 3600);
    let t: Vec<(&str, u64, u64, Option<f64>)> = r
        .trend
        .iter()
        .map(|p| {
            (
                p.session_id.as_str(),
                p.start_count,
                p.completed,
                p.conversion,
            )
        })
        .collect();
    // In "early", a's attempt (enter at 0) completes with the pay at 1010 (window 1 h): both
    // a and b complete there; "late" also has a's second, complete attempt.
    assert_eq!(t, [("early", 2, 2, Some(1.0)), ("late", 1, 1, Some(1.0))]);
    // With a 100 s window a's first attempt fails.
    let r = run(&ds, &[Enter, Pay], FunnelMode::Ordered, 100);
    assert_eq!(r.trend[0].completed, 1);
    assert_eq!(r.trend[0].conversion, Some(0.5));
}

// ---- properties over random datasets ----

const KINDS: [EventKind; 6] = [Enter, ProductView, Click, Order, Pay, Comment];

fn random_dataset(rng: &mut ChaCha8Rng) -> Dataset {
    let users = rng.gen_range(1..8);
    let mut rows = Vec::new();
    for u in 0..users {
        let n = rng.gen_range(0..14);
        for _ in 0..n {
            // Coarse times so that equal timestamps are common.
            let t = rng.gen_range(0..40) * 5;
            let k = KINDS[rng.gen_range(0..KINDS.len())];
            rows.push((format!("u{u}"), t, k, format!("s{}", t / 50)));
        }
    }
    rows.sort_by_key(|r| r.1);
    let refs: Vec<(&str, i64, EventKind, &str)> = rows
        .iter()
        .map(|(u, t, k, s)| (u.as_str(), *t, *k, s.as_str()))
        .collect();
    dataset(&refs)
}

/// Brute force of the ordered mode with timestamp semantics (for steps of distinct kinds): the
/// furthest step over every step-1 event and every chain of distinct events with nondecreasing
/// timestamps inside the window.
fn brute_ordered(ds: &Dataset, steps: &[EventKind], window_ms: i64) -> Vec<u64> {
    let ev = &ds.events;
    let mut out = vec![0u64; steps.len()];
    for u in 0..ds.users.len() as u32 {
        let mine: Vec<usize> = (0..ev.len()).filter(|&i| ev.user[i] == u).collect();
        fn extend(
            ev: &crate::model::Events,
            mine: &[usize],
            steps: &[EventKind],
            k: usize,
            prev: usize,
            t0: i64,
            w: i64,
        ) -> usize {
            if k == steps.len() {
                return k;
            }
            let mut best = k;
            for &j in mine {
                if j != prev
                    && ev.kind[j] == steps[k]
                    && ev.ts[j] >= ev.ts[prev]
                    && ev.ts[j] - t0 <= w
                {
                    best = best.max(extend(ev, mine, steps, k + 1, j, t0, w));
                }
            }
            best
        }
        let mut furthest = 0;
        for &i in &mine {
            if ev.kind[i] == steps[0] {
                furthest = furthest.max(extend(ev, &mine, steps, 1, i, ev.ts[i], window_ms));
            }
        }
        for c in out.iter_mut().take(furthest) {
            *c += 1;
        }
    }
    out
}

/// Brute force of any order: best over step events of distinct steps within the window.
fn brute_any(ds: &Dataset, steps: &[EventKind], window_ms: i64) -> Vec<u64> {
    let ev = &ds.events;
    let mut out = vec![0u64; steps.len()];
    for u in 0..ds.users.len() as u32 {
        let mut furthest = 0;
        for i in (0..ev.len()).filter(|&i| ev.user[i] == u && steps.contains(&ev.kind[i])) {
            // Events at the same instant as the start are inside its window too.
            let done = steps
                .iter()
                .filter(|&&k| {
                    (0..ev.len()).any(|j| {
                        ev.user[j] == u
                            && ev.kind[j] == k
                            && ev.ts[j] >= ev.ts[i]
                            && ev.ts[j] - ev.ts[i] <= window_ms
                    })
                })
                .count();
            furthest = furthest.max(done);
        }
        for c in out.iter_mut().take(furthest) {
            *c += 1;
        }
    }
    out
}

#[test]
fn random_datasets_keep_the_invariants() {
    let mut rng = ChaCha8Rng::seed_from_u64(20_240_601);
    for round in 0..300 {
        let ds = random_dataset(&mut rng);
        let n_steps = rng.gen_range(2..=4);
        // Distinct kinds for the brute-force comparison.
        let mut steps: Vec<EventKind> = KINDS[..5].to_vec();
        for i in (1..steps.len()).rev() {
            steps.swap(i, rng.gen_range(0..=i));
        }
        steps.truncate(n_steps);
        let window = rng.gen_range(1..120);
        let ordered = run(&ds, &steps, FunnelMode::Ordered, window);
        let strict = run(&ds, &steps, FunnelMode::Strict, window);
        let any = run(&ds, &steps, FunnelMode::AnyOrder, window);
        let (o, s, a) = (counts(&ordered), counts(&strict), counts(&any));
        for c in [&o, &s, &a] {
            assert!(c.windows(2).all(|w| w[0] >= w[1]), "round {round}: {c:?}");
        }
        for k in 0..steps.len() {
            assert!(
                s[k] <= o[k] && o[k] <= a[k],
                "round {round} step {k}: {s:?} {o:?} {a:?}"
            );
        }
        assert_eq!(
            o,
            brute_ordered(&ds, &steps, window * 1000),
            "round {round}"
        );
        assert_eq!(a, brute_any(&ds, &steps, window * 1000), "round {round}");
        // Step times are never negative, and a breakdown's rows add up to the total.
        for r in [&ordered, &strict, &any] {
            for st in &r.steps {
                assert!(st.median_seconds_from_previous.is_none_or(|m| m >= 0.0));
            }
            assert_eq!(r.time_to_convert.count, *counts(r).last().unwrap_or(&0));
        }
        let by_session = FunnelParams {
            steps: steps.clone(),
            mode: FunnelMode::Ordered,
            window_seconds: window,
            breakdown: Breakdown::Session,
        };
        let r = match funnel(&Prepared::new(&ds), &by_session) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        for (k, &total) in o.iter().enumerate() {
            let sum: u64 = r.breakdown.iter().map(|row| row.steps[k].count).sum();
            assert_eq!(sum, total, "round {round}");
        }
    }
}

/// Steps and events of the kinds numbered 16 and above (poll_vote … points): the per-kind tables
/// once had 16 slots, so such a step panicked, and in the any-order mode a `question` (17) in the
/// window was counted as an `enter` (1).
#[test]
fn kinds_numbered_past_sixteen_are_steps_and_never_alias() {
    let ds = dataset(&[
        ("u", 0, Question, "s"),
        ("u", 10, Enter, "s"),
        ("u", 20, CouponClaim, "s"),
        ("u", 30, Pay, "s"),
        ("v", 0, Enter, "s"),
        ("v", 5, Points, "s"),
    ]);
    for mode in [FunnelMode::Ordered, FunnelMode::AnyOrder] {
        assert_eq!(
            counts(&run(&ds, &[Enter, CouponClaim, Pay], mode, 60)),
            [2, 1, 1]
        );
        assert_eq!(counts(&run(&ds, &[Enter, Points], mode, 60)), [2, 1]);
    }
    assert_eq!(
        counts(&run(
            &ds,
            &[Enter, CouponClaim, Pay],
            FunnelMode::Strict,
            60
        )),
        [2, 1, 1]
    );
    // The question before the enter is no enter: any order still needs the real one.
    assert_eq!(
        counts(&run(&ds, &[Enter, Pay], FunnelMode::AnyOrder, 60)),
        [2, 1]
    );
    let only_question = dataset(&[("w", 0, Question, "s"), ("w", 10, Pay, "s")]);
    assert_eq!(
        counts(&run(
            &only_question,
            &[Enter, Pay],
            FunnelMode::AnyOrder,
            60
        )),
        [1, 0]
    );
}

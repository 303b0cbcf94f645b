#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use super::catalog::{CATEGORIES, ITEMS};
use super::csv_writer::{days_from_civil, push_ts, DAY};
use super::*;
use crate::model::EventKind;

/// One parsed `events.csv` row.
#[derive(Debug, Clone)]
struct Row {
    user: usize,
    session: usize,
    kind: EventKind,
    t: i64,
    item: Option<usize>,
    order: Option<String>,
    amount: Option<f64>,
}

/// Parses `YYYY-MM-DD HH:MM:SS` strictly into local seconds.
fn parse_ts(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b' ' || b[13] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 59 {
        return None;
    }
    Some(days_from_civil(y, mo as u32, d as u32) * DAY + h * 3600 + mi * 60 + se)
}

fn id_num(s: &str, prefix: char, width: usize) -> usize {
    assert!(s.starts_with(prefix), "{s} should start with {prefix}");
    assert!(s.len() > width, "{s} should have at least {width} digits");
    s[1..].parse::<usize>().unwrap() - 1
}

fn read(text: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r.records().map(|x| x.unwrap()).collect();
    (header, rows)
}

fn parse_events(text: &str) -> Vec<Row> {
    let (h, rows) = read(text);
    assert_eq!(
        h,
        [
            "user_id",
            "session_id",
            "event",
            "timestamp",
            "item_id",
            "order_id",
            "amount",
            "text",
            "source",
            "is_follower",
            "coupon_id"
        ]
    );
    rows.iter()
        .map(|r| {
            let kind = EventKind::from_key(&r[2]).unwrap_or_else(|| panic!("event {}", &r[2]));
            let t = parse_ts(&r[3]).unwrap_or_else(|| panic!("timestamp {}", &r[3]));
            let item = (!r[4].is_empty()).then(|| id_num(&r[4], 'p', 2));
            let order = (!r[5].is_empty()).then(|| r[5].to_owned());
            let amount = (!r[6].is_empty()).then(|| {
                let (_, dec) = r[6].split_once('.').unwrap();
                assert_eq!(dec.len(), 2, "two decimals: {}", &r[6]);
                r[6].parse::<f64>().unwrap()
            });
            Row {
                user: id_num(&r[0], 'u', 6),
                session: id_num(&r[1], 's', 2),
                kind,
                t,
                item,
                order,
                amount,
            }
        })
        .collect()
}

fn small() -> (DemoFiles, GroundTruth) {
    generate(&DemoParams::default()).unwrap()
}

/// Session ends from sessions.csv.
fn session_ends(files: &DemoFiles) -> Vec<i64> {
    let (_, rows) = read(&files.sessions);
    rows.iter().map(|r| parse_ts(&r[4]).unwrap()).collect()
}

/// Per-user behaviour features, as the lead's clustering sees them.
#[derive(Default, Clone, Debug)]
struct Feat {
    watch: f64,
    comments: f64,
    clicks: f64,
    freq: f64,
    monetary: f64,
    last_pay: Option<i64>,
    last_event: i64,
}

fn features(rows: &[Row], ends: &[i64], n_users: usize) -> Vec<Feat> {
    let mut f = vec![Feat::default(); n_users];
    // Enter/leave pairing per (session, user); rows are time-sorted.
    let mut open: HashMap<(usize, usize), i64> = HashMap::new();
    for r in rows {
        let x = &mut f[r.user];
        x.last_event = x.last_event.max(r.t);
        match r.kind {
            EventKind::Enter => {
                open.entry((r.session, r.user)).or_insert(r.t);
            }
            EventKind::Leave => {
                if let Some(a) = open.remove(&(r.session, r.user)) {
                    x.watch += (r.t - a) as f64;
                }
            }
            EventKind::Comment => x.comments += 1.0,
            EventKind::Click => x.clicks += 1.0,
            EventKind::Pay => {
                x.freq += 1.0;
                x.monetary += r.amount.unwrap();
                x.last_pay = Some(r.t);
            }
            EventKind::Refund => x.monetary -= r.amount.unwrap(),
            _ => {}
        }
    }
    for ((s, u), a) in open {
        f[u].watch += (ends[s] - a) as f64;
    }
    f
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = small();
    let b = small();
    assert_eq!(a.0, b.0);
    assert_eq!(a.1, b.1);
    let c = generate(&DemoParams {
        seed: 7,
        scale: Scale::Small,
    })
    .unwrap();
    assert_ne!(a.0.events, c.0.events);
    // Streaming and in-memory output agree.
    let mut bufs: [Vec<u8>; 5] = Default::default();
    let [e, o, i, u, s] = &mut bufs;
    let truth = write(&DemoParams::default(), e, o, i, u, s).unwrap();
    assert_eq!(truth, a.1);
    assert_eq!(bufs[0], a.0.events.as_bytes());
    assert_eq!(bufs[1], a.0.orders.as_bytes());
}

#[test]
fn scale_parse_and_params() {
    assert_eq!(Scale::parse(" Medium "), Some(Scale::Medium));
    assert_eq!(Scale::parse("large"), Some(Scale::Large));
    assert_eq!(Scale::parse("small"), Some(Scale::Small));
    assert_eq!(Scale::parse("huge"), None);
    let p = DemoParams::default();
    assert_eq!((p.seed, p.scale), (42, Scale::Small));
    assert!(p.validate().is_ok());
}

#[test]
fn timestamp_formatting_round_trips() {
    let mut b = Vec::new();
    let t = days_from_civil(2025, 9, 1) * DAY + 19 * 3600 + 5 * 60 + 7;
    push_ts(&mut b, t);
    assert_eq!(b, b"2025-09-01 19:05:07");
    for t in [0, 951_782_400 + 3_599, 1_709_164_800, 4_102_444_799] {
        b.clear();
        push_ts(&mut b, t);
        assert_eq!(parse_ts(std::str::from_utf8(&b).unwrap()), Some(t));
    }
}

fn check_counts(scale: Scale) {
    let t0 = std::time::Instant::now();
    let (files, truth) = generate(&DemoParams { seed: 42, scale }).unwrap();
    eprintln!("{scale:?}: generated in {:?}", t0.elapsed());
    let n_events = files.events.lines().count() as f64 - 1.0;
    let target = scale.target_events() as f64;
    eprintln!("{scale:?}: {n_events} events, target {target}");
    assert!(
        (n_events / target - 1.0).abs() <= 0.3,
        "{n_events} events for {scale:?}"
    );
    assert_eq!(files.items.lines().count(), 41);
    assert_eq!(files.sessions.lines().count(), 31);
    assert_eq!(files.users.lines().count() - 1, truth.user_segment.len());
    assert_eq!(truth.user_categories.len(), truth.user_segment.len());
}

#[test]
fn small_has_about_50k_events() {
    check_counts(Scale::Small);
}

#[test]
#[ignore = "slow in debug builds"]
fn medium_has_about_1m_events() {
    check_counts(Scale::Medium);
}

#[test]
#[ignore = "slow; streams 10M events to a sink"]
fn large_streams_about_10m_events() {
    struct Count(usize);
    impl Write for Count {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0 += b.iter().filter(|&&c| c == b'\n').count();
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w: [Count; 5] = [Count(0), Count(0), Count(0), Count(0), Count(0)];
    let [e, o, i, u, s] = &mut w;
    let p = DemoParams {
        seed: 1,
        scale: Scale::Large,
    };
    write(&p, e, o, i, u, s).unwrap();
    let n = w[0].0 as f64 - 1.0;
    assert!((n / 1e7 - 1.0).abs() <= 0.3, "{n} events");
}

#[test]
fn files_are_well_formed_and_consistent() {
    let (files, truth) = small();
    let rows = parse_events(&files.events);
    let n_users = truth.user_segment.len();
    // Users, items, sessions tables.
    let (h, users) = read(&files.users);
    assert_eq!(h, ["user_id", "age_band", "gender", "city_tier", "channel"]);
    for (i, u) in users.iter().enumerate() {
        assert_eq!(id_num(&u[0], 'u', 6), i);
        assert_eq!(u[0].to_owned(), truth.user_segment[i].0);
    }
    let (h, items) = read(&files.items);
    assert_eq!(h, ["item_id", "title", "category", "tags", "price"]);
    for it in &items {
        let price: f64 = it[4].parse().unwrap();
        let tags: Vec<&str> = it[3].split('|').collect();
        let max = match tags[0] {
            "电子书" => 49.0,
            "课程" => 999.0,
            "陪跑" => 6999.0,
            t => panic!("product type tag {t}"),
        };
        assert!(price > 0.0 && price <= max, "{:?}", it);
        assert!(CATEGORIES.contains(&&it[2]));
    }
    let (h, sessions) = read(&files.sessions);
    assert_eq!(
        h,
        ["session_id", "host", "title", "start", "end", "ad_spend"]
    );
    let mut bounds = Vec::new();
    for s in &sessions {
        let (a, b) = (parse_ts(&s[3]).unwrap(), parse_ts(&s[4]).unwrap());
        let len = b - a;
        assert!((90 * 60..=180 * 60).contains(&len));
        assert!(a.rem_euclid(DAY) >= 19 * 3600, "evening start");
        assert!(s[5].parse::<f64>().unwrap() > 0.0);
        bounds.push((a, b));
    }
    // Events.
    let mut last_t = i64::MIN;
    let mut pays: HashMap<String, (usize, usize, usize, f64, i64)> = HashMap::new();
    let mut refunds: HashMap<String, (f64, i64)> = HashMap::new();
    for r in &rows {
        assert!(r.t >= last_t, "events sorted by time");
        last_t = r.t;
        assert!(r.user < n_users && r.session < 30);
        let needs_item = matches!(
            r.kind,
            EventKind::ProductView
                | EventKind::Click
                | EventKind::AddCart
                | EventKind::Order
                | EventKind::Pay
                | EventKind::Refund
        );
        let needs_order = matches!(
            r.kind,
            EventKind::Order | EventKind::Pay | EventKind::Refund
        );
        assert_eq!(r.item.is_some(), needs_item, "{r:?}");
        assert_eq!(r.order.is_some(), needs_order, "{r:?}");
        assert_eq!(r.amount.is_some(), needs_order, "{r:?}");
        if let Some(a) = r.amount {
            assert!(a >= 0.0);
            assert_eq!(a, ITEMS[r.item.unwrap()].price_cents as f64 / 100.0);
        }
        if r.kind != EventKind::Refund {
            let (a, b) = bounds[r.session];
            assert!(r.t >= a - 60 && r.t <= b, "event inside its session: {r:?}");
        }
        let o = r.order.clone();
        match r.kind {
            EventKind::Pay => {
                let prev = pays.insert(
                    o.unwrap(),
                    (r.user, r.session, r.item.unwrap(), r.amount.unwrap(), r.t),
                );
                assert!(prev.is_none(), "one pay per order");
            }
            EventKind::Refund => {
                refunds.insert(o.unwrap(), (r.amount.unwrap(), r.t));
            }
            _ => {}
        }
    }
    // orders.csv = the pay events, with refunds.
    let (h, orders) = read(&files.orders);
    assert_eq!(
        h,
        [
            "order_id",
            "user_id",
            "session_id",
            "item_id",
            "amount",
            "paid_at",
            "status",
            "refunded_at",
            "list_price",
            "discount",
            "coupon_id"
        ]
    );
    assert_eq!(orders.len(), pays.len());
    let mut n_refunded = 0;
    for o in &orders {
        let p = pays
            .get(&o[0])
            .unwrap_or_else(|| panic!("order {} paid", &o[0]));
        assert_eq!(id_num(&o[1], 'u', 6), p.0);
        assert_eq!(id_num(&o[2], 's', 2), p.1);
        assert_eq!(id_num(&o[3], 'p', 2), p.2);
        assert_eq!(o[4].parse::<f64>().unwrap(), p.3);
        assert_eq!(parse_ts(&o[5]), Some(p.4));
        match &o[6] {
            "paid" => {
                assert!(o[7].is_empty());
                assert!(!refunds.contains_key(&o[0]));
            }
            "refunded" => {
                n_refunded += 1;
                let (amt, t) = refunds[&o[0]];
                assert_eq!(parse_ts(&o[7]), Some(t));
                assert_eq!(amt, p.3);
                assert!(t > p.4);
            }
            s => panic!("status {s}"),
        }
    }
    assert_eq!(n_refunded, refunds.len());
    // Order ids increase with the time of their order event.
    let order_ids: Vec<&String> = rows
        .iter()
        .filter(|r| r.kind == EventKind::Order)
        .map(|r| r.order.as_ref().unwrap())
        .collect();
    assert!(order_ids.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(order_ids.first().map(|s| s.as_str()), Some("o0000001"));
    let refund_share = n_refunded as f64 / orders.len() as f64;
    eprintln!("orders {}, refunded {refund_share:.3}", orders.len());
    assert!((0.02..=0.09).contains(&refund_share), "{refund_share}");
}

#[test]
fn segments_differ_as_documented() {
    let (files, truth) = small();
    let rows = parse_events(&files.events);
    let ends = session_ends(&files);
    let f = features(&rows, &ends, truth.user_segment.len());
    let k = truth.segments.len();
    let mut sum = vec![Feat::default(); k];
    let mut n = vec![0.0; k];
    let mut buyers = vec![0.0; k];
    let mut multi = vec![0.0; k];
    for (u, &(_, s)) in truth.user_segment.iter().enumerate() {
        n[s] += 1.0;
        sum[s].watch += f[u].watch;
        sum[s].comments += f[u].comments;
        sum[s].clicks += f[u].clicks;
        sum[s].freq += f[u].freq;
        sum[s].monetary += f[u].monetary;
        buyers[s] += (f[u].freq > 0.0) as u8 as f64;
        multi[s] += (f[u].freq >= 2.0) as u8 as f64;
    }
    let mean = |s: usize, g: fn(&Feat) -> f64| g(&sum[s]) / n[s];
    for s in 0..k {
        eprintln!(
            "{:16} n={:5} watch={:8.0} comments={:6.1} clicks={:6.1} freq={:5.2} monetary={:8.1} buyers={:.2} multi={:.2}",
            truth.segments[s],
            n[s],
            mean(s, |x| x.watch),
            mean(s, |x| x.comments),
            mean(s, |x| x.clicks),
            mean(s, |x| x.freq),
            mean(s, |x| x.monetary),
            buyers[s] / n[s],
            multi[s] / buyers[s].max(1.0),
        );
    }
    let [sf, le, lu, db, bh] = [0, 1, 2, 3, 4];
    assert_eq!(truth.segments[db], "drive-by");
    let w = |s| mean(s, |x| x.watch);
    let c = |s| mean(s, |x| x.comments);
    let k_ = |s| mean(s, |x| x.clicks);
    let m = |s| mean(s, |x| x.monetary);
    // Superfans watch, comment and spend the most.
    for o in [le, lu, db, bh] {
        assert!(w(sf) > 3.0 * w(o) || o == lu || o == le);
        assert!(c(sf) > 3.0 * c(o));
        assert!(m(sf) > 3.0 * m(o).max(1.0));
    }
    // Drive-by: a fraction of everyone else's watch time, almost no clicks.
    for o in [sf, le, lu, bh] {
        assert!(w(o) > 10.0 * w(db));
    }
    assert!(k_(db) < 0.1);
    // Lurkers never buy and rarely comment; learners buy courses and comment more.
    assert_eq!(m(lu), 0.0);
    assert!(c(le) > 3.0 * c(lu));
    assert!(buyers[le] / n[le] > 0.9);
    // Bargain hunters click most per person but spend far less than learners.
    assert!(k_(bh) > 3.0 * k_(le));
    assert!(m(le) > 3.0 * m(bh));
    assert!(buyers[bh] / n[bh] > 0.9);
    // Buyers often buy several items.
    for s in [sf, bh] {
        assert!(multi[s] / buyers[s] > 0.8);
    }
}

#[test]
fn funnel_decreases_and_rates_are_realistic() {
    check_funnel(42);
}

#[test]
#[ignore = "slow: several seeds"]
fn funnel_is_realistic_for_other_seeds() {
    for seed in [1, 7, 2024] {
        check_funnel(seed);
    }
}

fn check_funnel(seed: u64) {
    let (files, truth) = generate(&DemoParams {
        seed,
        scale: Scale::Small,
    })
    .unwrap();
    let rows = parse_events(&files.events);
    let n_users = truth.user_segment.len();
    let steps = [
        EventKind::Enter,
        EventKind::ProductView,
        EventKind::Click,
        EventKind::Order,
        EventKind::Pay,
    ];
    let mut persons = [0usize; 5];
    let mut events = [0usize; 5];
    for (k, &kind) in steps.iter().enumerate() {
        let mut seen = vec![false; n_users];
        for r in rows.iter().filter(|r| r.kind == kind) {
            events[k] += 1;
            seen[r.user] = true;
        }
        persons[k] = seen.iter().filter(|&&x| x).count();
    }
    eprintln!("funnel persons {persons:?} events {events:?}");
    for k in 1..5 {
        assert!(persons[k] < persons[k - 1], "{persons:?}");
    }
    let view_click = events[2] as f64 / events[1] as f64;
    let click_order = events[3] as f64 / events[2] as f64;
    let order_pay = events[4] as f64 / events[3] as f64;
    eprintln!("view→click {view_click:.3} click→order {click_order:.3} order→pay {order_pay:.3}");
    assert!((0.10..=0.30).contains(&view_click));
    assert!((0.20..=0.40).contains(&click_order));
    assert!((0.70..=0.90).contains(&order_pay));
    // Some viewers stay to the end (no leave), some re-enter.
    let enters = events[0];
    let leaves = rows.iter().filter(|r| r.kind == EventKind::Leave).count();
    assert!(leaves < enters && leaves as f64 > 0.7 * enters as f64);
    let mut visits: HashMap<(usize, usize), usize> = HashMap::new();
    for r in rows.iter().filter(|r| r.kind == EventKind::Enter) {
        *visits.entry((r.session, r.user)).or_default() += 1;
    }
    assert!(visits.values().any(|&v| v >= 2));
    for kind in [
        EventKind::Follow,
        EventKind::Share,
        EventKind::Gift,
        EventKind::Like,
    ] {
        assert!(rows.iter().any(|r| r.kind == kind), "{kind:?}");
    }
}

#[test]
fn clicks_and_purchases_follow_preferred_categories() {
    let (files, truth) = small();
    let rows = parse_events(&files.events);
    let prefs: Vec<&Vec<String>> = truth.user_categories.iter().map(|(_, c)| c).collect();
    let share = |kind: EventKind| {
        let (mut hit, mut all) = (0.0, 0.0);
        for r in rows.iter().filter(|r| r.kind == kind) {
            let cat = CATEGORIES[ITEMS[r.item.unwrap()].cat];
            all += 1.0;
            hit += prefs[r.user].iter().any(|c| c == cat) as u8 as f64;
        }
        hit / all
    };
    let (v, c, p) = (
        share(EventKind::ProductView),
        share(EventKind::Click),
        share(EventKind::Pay),
    );
    eprintln!("preferred-category share: views {v:.2} clicks {c:.2} pays {p:.2}");
    assert!(c >= 0.7 && p >= 0.7, "{c} {p}");
    assert!(v > 0.4);
}

#[test]
fn first_host_converts_best() {
    let (_, truth) = small();
    eprintln!("{:?}", truth.host_conversion);
    let c: Vec<f64> = truth.host_conversion.iter().map(|x| x.1).collect();
    assert_eq!(truth.host_conversion[0].0, "林老师");
    assert!(c[0] > 1.15 * c[1] && c[0] > 1.15 * c[2], "{c:?}");
}

#[test]
fn viewers_return_and_new_ones_arrive() {
    let (files, truth) = small();
    let rows = parse_events(&files.events);
    let n_users = truth.user_segment.len();
    let mut first = vec![usize::MAX; n_users];
    let mut sessions = vec![0u32; n_users];
    let mut seen = vec![usize::MAX; n_users];
    for r in rows.iter().filter(|r| r.kind == EventKind::Enter) {
        first[r.user] = first[r.user].min(r.session);
        if seen[r.user] != r.session {
            seen[r.user] = r.session;
            sessions[r.user] += 1;
        }
    }
    // New viewers arrive in every week.
    for week in 0..6 {
        let n = first.iter().filter(|&&s| s / 5 == week).count();
        assert!(n > 10, "week {week}: {n} new viewers");
    }
    // Returning depends on the segment.
    let mut ret = vec![(0.0, 0.0); truth.segments.len()];
    for (u, &(_, s)) in truth.user_segment.iter().enumerate() {
        ret[s].0 += (sessions[u] >= 2) as u8 as f64;
        ret[s].1 += 1.0;
    }
    assert!(ret[0].0 / ret[0].1 > 0.95);
    assert_eq!(ret[3].0, 0.0);
}

// ---- k-means check of the planted segments (the lead's clustering, reimplemented briefly) ----

fn kmeans(x: &[Vec<f64>], k: usize, rng: &mut ChaCha8Rng) -> Vec<usize> {
    use rand::Rng;
    let d2 = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(p, q)| (p - q) * (p - q)).sum::<f64>();
    let mut best = (f64::INFINITY, vec![0; x.len()]);
    for _ in 0..10 {
        let mut c: Vec<Vec<f64>> = vec![x[rng.gen_range(0..x.len())].clone()];
        while c.len() < k {
            let d: Vec<f64> = x
                .iter()
                .map(|p| c.iter().map(|q| d2(p, q)).fold(f64::INFINITY, f64::min))
                .collect();
            let tot: f64 = d.iter().sum();
            let mut r = rng.gen::<f64>() * tot;
            let mut j = 0;
            while j + 1 < d.len() && r >= d[j] {
                r -= d[j];
                j += 1;
            }
            c.push(x[j].clone());
        }
        let mut lab = vec![0; x.len()];
        for _ in 0..100 {
            let mut changed = false;
            for (i, p) in x.iter().enumerate() {
                let j = (0..k)
                    .min_by(|&a, &b| d2(p, &c[a]).total_cmp(&d2(p, &c[b])))
                    .unwrap();
                changed |= lab[i] != j;
                lab[i] = j;
            }
            for (j, cj) in c.iter_mut().enumerate() {
                let m: Vec<&Vec<f64>> = x
                    .iter()
                    .zip(&lab)
                    .filter(|(_, &l)| l == j)
                    .map(|(p, _)| p)
                    .collect();
                if !m.is_empty() {
                    for (dim, v) in cj.iter_mut().enumerate() {
                        *v = m.iter().map(|p| p[dim]).sum::<f64>() / m.len() as f64;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let inertia: f64 = x.iter().zip(&lab).map(|(p, &l)| d2(p, &c[l])).sum();
        if inertia < best.0 {
            best = (inertia, lab);
        }
    }
    best.1
}

fn silhouette(x: &[Vec<f64>], lab: &[usize], k: usize) -> f64 {
    let d = |a: &[f64], b: &[f64]| {
        a.iter()
            .zip(b)
            .map(|(p, q)| (p - q) * (p - q))
            .sum::<f64>()
            .sqrt()
    };
    let size: Vec<usize> = (0..k)
        .map(|j| lab.iter().filter(|&&l| l == j).count())
        .collect();
    let mut total = 0.0;
    for (i, p) in x.iter().enumerate() {
        let mut s = vec![0.0; k];
        for (q, &l) in x.iter().zip(lab) {
            s[l] += d(p, q);
        }
        let own = lab[i];
        if size[own] <= 1 {
            continue;
        }
        let a = s[own] / (size[own] - 1) as f64;
        let b = (0..k)
            .filter(|&j| j != own && size[j] > 0)
            .map(|j| s[j] / size[j] as f64)
            .fold(f64::INFINITY, f64::min);
        total += (b - a) / a.max(b);
    }
    total / x.len() as f64
}

fn ari(a: &[usize], b: &[usize]) -> f64 {
    let c2 = |n: f64| n * (n - 1.0) / 2.0;
    let mut t: HashMap<(usize, usize), f64> = HashMap::new();
    let mut ra: HashMap<usize, f64> = HashMap::new();
    let mut rb: HashMap<usize, f64> = HashMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *t.entry((x, y)).or_default() += 1.0;
        *ra.entry(x).or_default() += 1.0;
        *rb.entry(y).or_default() += 1.0;
    }
    let idx: f64 = t.values().map(|&n| c2(n)).sum();
    let sa: f64 = ra.values().map(|&n| c2(n)).sum();
    let sb: f64 = rb.values().map(|&n| c2(n)).sum();
    let exp = sa * sb / c2(a.len() as f64);
    (idx - exp) / ((sa + sb) / 2.0 - exp)
}

/// How the clustering treats recency of people who never paid.
#[derive(Debug, Clone, Copy)]
enum NoPayRecency {
    /// Days since the data starts (the longest possible).
    Longest,
    /// Days since the person's last event of any kind.
    LastEvent,
}

/// Clusters the people of a generated data set as the lead's clustering does (log1p of recency,
/// frequency, monetary, watch seconds, comments, clicks; standardised; k-means++ with k by
/// silhouette in 2..=8) and returns (chosen k, adjusted Rand index against the ground truth).
fn cluster_ari(seed: u64, mode: NoPayRecency) -> (usize, f64) {
    let (files, truth) = generate(&DemoParams {
        seed,
        scale: Scale::Small,
    })
    .unwrap();
    let rows = parse_events(&files.events);
    let ends = session_ends(&files);
    let f = features(&rows, &ends, truth.user_segment.len());
    let max_t = rows.iter().map(|r| r.t).max().unwrap();
    let as_of = (max_t.div_euclid(DAY) + 1) * DAY;
    let min_t = rows.iter().map(|r| r.t).min().unwrap();
    let mut x: Vec<Vec<f64>> = f
        .iter()
        .map(|u| {
            let no_pay = match mode {
                NoPayRecency::Longest => min_t,
                NoPayRecency::LastEvent => u.last_event,
            };
            let rec = (as_of - u.last_pay.unwrap_or(no_pay)) / DAY;
            [
                rec as f64,
                u.freq,
                u.monetary.max(0.0),
                u.watch,
                u.comments,
                u.clicks,
            ]
            .iter()
            .map(|v| v.ln_1p())
            .collect()
        })
        .collect();
    for dim in 0..6 {
        let n = x.len() as f64;
        let m = x.iter().map(|p| p[dim]).sum::<f64>() / n;
        let sd = (x.iter().map(|p| (p[dim] - m).powi(2)).sum::<f64>() / n).sqrt();
        for p in x.iter_mut() {
            p[dim] = if sd > 0.0 { (p[dim] - m) / sd } else { 0.0 };
        }
    }
    let truth_lab: Vec<usize> = truth.user_segment.iter().map(|x| x.1).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let mut best = (f64::NEG_INFINITY, 0, 0.0);
    for k in 2..=8 {
        let lab = kmeans(&x, k, &mut rng);
        let s = silhouette(&x, &lab, k);
        if s > best.0 {
            best = (s, k, ari(&lab, &truth_lab));
        }
    }
    eprintln!(
        "seed {seed} {mode:?}: chosen k={} ari={:.3}",
        best.1, best.2
    );
    (best.1, best.2)
}

#[test]
fn kmeans_with_silhouette_recovers_segments() {
    let (k, a) = cluster_ari(42, NoPayRecency::Longest);
    assert!(a >= 0.7, "ARI {a} at k={k}");
}

#[test]
#[ignore = "slow: several seeds"]
fn kmeans_recovers_segments_for_other_seeds() {
    // With non-buyers' recency = days since their last event, drive-by viewers spread over six
    // weeks of recency and the result depends more on the seed (ARI 0.73–1.0); only printed.
    for seed in [42, 1, 7, 2024] {
        let (k, a) = cluster_ari(seed, NoPayRecency::Longest);
        assert!(a >= 0.7, "ARI {a} at k={k} (seed {seed})");
        cluster_ari(seed, NoPayRecency::LastEvent);
    }
}

#[test]
#[ignore = "prints the first rows of each file, for the docs"]
fn print_heads() {
    let (f, t) = small();
    for (name, text) in [
        ("events", &f.events),
        ("orders", &f.orders),
        ("items", &f.items),
        ("users", &f.users),
        ("sessions", &f.sessions),
    ] {
        println!("== {name}.csv ({} rows)", text.lines().count() - 1);
        for l in text.lines().take(6) {
            println!("{l}");
        }
    }
    println!("{:?}", t.host_conversion);
}

#[test]
#[ignore = "prints the measured room figures, for the docs"]
fn print_room() {
    let (_, t) = small();
    let r = &t.room;
    println!("intents {:?}", r.comment_intents);
    println!("questions {} answered {}", r.questions, r.answered);
    println!(
        "objections before/after {} {}; purchases before/after {} {}",
        r.objections_before_price,
        r.objections_after_price,
        r.purchases_before_link,
        r.purchases_after_link
    );
    println!("sources {:?}", r.source_visits);
    println!("coupons {} / {}", r.coupon_uses, r.coupon_claims);
    let hunters: Vec<u64> = r.lucky_bags.iter().map(|b| b.hunters).collect();
    println!(
        "bags hunters {hunters:?}; participants {} buyers {}",
        r.bag_participants, r.bag_participant_buyers
    );
    println!("polls {} fan club {}", r.poll_votes, r.fan_club_joins);
    println!("slot {:?}", t.best_slot);
}

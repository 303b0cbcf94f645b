//! Property tests: the value parsers (timestamps, amounts), CSV round trips through
//! `ingest::load`, the accounting of every row for arbitrary bytes, and metric invariants (KPI
//! rates, funnel monotonicity) on random event logs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use livelens::analysis::Prepared;
use livelens::funnel::{funnel, FunnelParams};
use livelens::ingest::parse::{days_from_civil, format_ts, parse_amount, parse_timestamp};
use livelens::ingest::{load, FileKind, IngestOptions, InputFile, Loaded};
use livelens::kpi::kpis;
use proptest::prelude::*;

const EVENTS: &[&str] = &[
    "impression",
    "enter",
    "leave",
    "product_view",
    "click",
    "add_cart",
    "order",
    "pay",
    "refund",
    "comment",
    "like",
    "share",
    "follow",
    "gift",
];

fn load_one(name: &str, bytes: Vec<u8>, kind: Option<FileKind>, keep_dups: bool) -> Loaded {
    let f = InputFile {
        name: name.to_owned(),
        bytes,
        kind,
        ..InputFile::default()
    };
    let opts = IngestOptions {
        drop_duplicates: !keep_dups,
        ..IngestOptions::default()
    };
    load(&[f], &opts)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A valid local date-time: (y, m, d, hh, mm, ss).
fn datetime() -> impl Strategy<Value = (i64, u32, u32, u32, u32, u32)> {
    (
        2001i64..2099,
        1u32..=12,
        1u32..=31,
        0u32..24,
        0u32..60,
        0u32..60,
    )
        .prop_map(|(y, m, d, hh, mm, ss)| (y, m, d.min(days_in_month(y, m)), hh, mm, ss))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn timestamps_in_every_form_agree(
        (y, m, d, hh, mm, ss) in datetime(),
        off_q in -48i32..=56, // offsets in quarter hours, -12:00 … +14:00
        tz in -720i32..=840,
    ) {
        let off = off_q * 15;
        let local = days_from_civil(y, m, d) * 86_400_000 + (hh as i64 * 3600 + mm as i64 * 60 + ss as i64) * 1000;
        // Naive forms are read in the chosen zone.
        let want = local - tz as i64 * 60_000;
        for s in [
            format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}"),
            format!("{y:04}/{m}/{d} {hh}:{mm:02}:{ss:02}"),
            format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.000"),
            format!("{y:04}年{m}月{d}日 {hh:02}:{mm:02}:{ss:02}"),
        ] {
            prop_assert_eq!(parse_timestamp(&s, tz), Ok(want), "{}", s);
        }
        // An explicit offset wins over the chosen zone.
        let sign = if off < 0 { '-' } else { '+' };
        let iso = format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}{sign}{:02}:{:02}", off.abs() / 60, off.abs() % 60);
        prop_assert_eq!(parse_timestamp(&iso, tz), Ok(local - off as i64 * 60_000), "{}", iso);
        // Unix seconds and milliseconds.
        let utc = local - off as i64 * 60_000;
        prop_assert_eq!(parse_timestamp(&(utc / 1000).to_string(), tz), Ok(utc / 1000 * 1000));
        prop_assert_eq!(parse_timestamp(&utc.to_string(), tz), Ok(utc));
        // What the report prints reads back as the same instant.
        prop_assert_eq!(parse_timestamp(&format_ts(want, tz), tz), Ok(want));
    }

    #[test]
    fn timestamp_parser_total(s in "\\PC{0,40}", tz in -1440i32..=1440) {
        if let Ok(t) = parse_timestamp(&s, tz) {
            prop_assert!((946_684_800_000..4_102_444_800_000).contains(&t));
        }
    }

    #[test]
    fn timestamp_parser_on_near_misses(
        (y, m, d, hh, mm, ss) in datetime(),
        pos in 0usize..19,
        c in prop::sample::select(vec!['x', ' ', '-', ':', '9', '0', '年', '\u{0}', 'T']),
    ) {
        let mut s: Vec<char> = format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}").chars().collect();
        s[pos] = c;
        let s: String = s.into_iter().collect();
        let _ = parse_timestamp(&s, 0); // never panics
    }

    #[test]
    fn amounts_in_every_form(cents in 0u64..10_000_000_000) {
        let v = cents as f64 / 100.0;
        let whole = cents / 100;
        let frac = cents % 100;
        let grouped = {
            let w = whole.to_string();
            let mut out = String::new();
            for (i, ch) in w.chars().enumerate() {
                if i > 0 && (w.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(ch);
            }
            out
        };
        for s in [
            format!("{whole}.{frac:02}"),
            format!("¥{grouped}.{frac:02}"),
            format!("￥{whole}.{frac:02}"),
            format!("{whole}.{frac:02}元"),
            format!("${grouped}.{frac:02}"),
            format!(" {whole}.{frac:02} "),
        ] {
            let got = parse_amount(&s);
            prop_assert!(matches!(got, Ok(Some(x)) if (x - v).abs() <= 1e-9 * v.max(1.0)), "{} -> {:?}", s, got);
        }
        let negative = format!("-{whole}.{frac:02}");
        prop_assert!(parse_amount(&negative).is_err() || cents == 0);
    }

    #[test]
    fn amount_parser_total(s in "\\PC{0,30}") {
        if let Ok(Some(x)) = parse_amount(&s) {
            prop_assert!(x.is_finite() && x >= 0.0, "{} -> {}", s, x);
        }
    }

    #[test]
    fn csv_round_trip(
        rows in prop::collection::vec(
            (
                "[a-zA-Z0-9张李王_\\-\",;\\n ]{0,12}[a-z0-9张]",
                0usize..14,
                0i64..86_400 * 30,
                prop::option::of(0u32..1_000_000),
            ),
            0..40,
        ),
    ) {
        let base = 1_772_323_200_000i64; // 2026-03-01 UTC
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["user_id", "event", "timestamp", "amount"]).unwrap();
        for (u, e, t, a) in &rows {
            let amount = a.map(|c| format!("{}.{:02}", c / 100, c % 100)).unwrap_or_default();
            let ts = format_ts(base + t * 1000, 0);
            w.write_record([u.trim_start(), EVENTS[*e], &ts, &amount]).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let l = load_one("rt.csv", bytes, Some(FileKind::Events), true);
        let v = &l.validation;
        prop_assert_eq!(v.rows_read, rows.len() as u64);
        prop_assert_eq!(v.rows_accepted, rows.len() as u64, "{:?}", v.rejected_by_reason);
        let mut users: Vec<String> = rows.iter().map(|r| r.0.trim().to_owned()).collect();
        users.sort();
        users.dedup();
        let mut got: Vec<String> = l.dataset.users.names().to_vec();
        got.sort();
        prop_assert_eq!(got, users);
        let gmv: f64 = rows.iter().filter(|r| r.1 == 7).map(|r| r.3.map_or(0.0, |c| c as f64 / 100.0)).sum();
        let pay_sum: f64 = l.dataset.events.kind.iter().zip(&l.dataset.events.amount)
            .filter(|(k, _)| k.key() == "pay").map(|(_, a)| a).sum();
        prop_assert!((gmv - pay_sum).abs() < 1e-6 * gmv.max(1.0));
    }

    #[test]
    fn every_row_is_accounted_for(
        body in prop::collection::vec(any::<u8>(), 0..600),
        header in prop::sample::select(vec![
            "", "user_id,event,timestamp\n", "order_id,user_id,paid_at,amount,status\n",
            "\u{feff}user_id\tevent\ttime\n", "[", "{\"user_id\":",
        ]),
        kind in prop::option::of(prop::sample::select(vec![FileKind::Events, FileKind::Orders, FileKind::Users])),
    ) {
        let mut bytes = header.as_bytes().to_vec();
        bytes.extend_from_slice(&body);
        let l = load_one("any.csv", bytes, kind, false);
        let v = &l.validation;
        prop_assert_eq!(v.rows_read, v.rows_accepted + v.rows_rejected);
        for f in &v.files {
            prop_assert_eq!(f.rows_read, f.rows_accepted + f.rows_rejected);
        }
    }

    #[test]
    fn every_line_of_text_is_accounted_for(
        lines in prop::collection::vec("[a-z0-9,;\"\\t :\\-]{0,30}", 0..30),
    ) {
        let text = format!("user_id,event,timestamp\n{}", lines.join("\n"));
        let l = load_one("t.csv", text.into_bytes(), None, false);
        let v = &l.validation;
        prop_assert_eq!(v.rows_read, v.rows_accepted + v.rows_rejected);
        // At most one row per line (quotes can join lines; blank lines are not rows).
        prop_assert!(v.rows_read <= lines.len() as u64);
    }

    #[test]
    fn kpi_and_funnel_invariants(
        log in prop::collection::vec((0u32..12, 0usize..14, 0i64..7_200, 0u32..3, 0u32..5000), 1..120),
    ) {
        // Every user enters first (at t = 0 of the session), so every person is a viewer.
        let base = 1_772_395_200_000i64;
        let mut text = String::from("user_id,event,timestamp,session_id,amount\n");
        let mut users: Vec<u32> = log.iter().map(|r| r.0).collect();
        users.sort_unstable();
        users.dedup();
        for s in 0..3 {
            for u in &users {
                text.push_str(&format!("u{u},enter,{},s{s},\n", format_ts(base, 0)));
            }
        }
        for (u, e, t, s, a) in &log {
            let amount = if EVENTS[*e] == "pay" || EVENTS[*e] == "refund" { format!("{}", a / 100) } else { String::new() };
            text.push_str(&format!("u{u},{},{},s{s},{amount}\n", EVENTS[*e], format_ts(base + 1000 + t * 1000, 0)));
        }
        let l = load_one("k.csv", text.into_bytes(), None, true);
        prop_assert_eq!(l.validation.rows_rejected, 0);
        let r = kpis(&Prepared::new(&l.dataset));
        for k in std::iter::once(&r.overall).chain(r.by_session.iter().map(|s| &s.kpis)) {
            for (name, x) in [
                ("interaction", k.interaction_rate), ("follow", k.follow_rate),
                ("conversion", k.conversion_rate),
            ] {
                let x = x.unwrap(); // viewers > 0
                prop_assert!((0.0..=1.0).contains(&x), "{} rate {}", name, x);
            }
            for x in [k.product_click_rate, k.click_to_pay_rate, k.refund_rate, k.aov, k.uv_value,
                      k.gpm, k.avg_watch_seconds, k.avg_concurrent, k.comments_per_minute].into_iter().flatten() {
                prop_assert!(x.is_finite() && x >= 0.0);
            }
            prop_assert!(k.buyers.is_some_and(|b| b <= k.viewers));
            prop_assert_eq!(k.aov.is_some(), k.orders > 0);
            prop_assert_eq!(k.revenue_per_buyer.is_some(), k.buyers.unwrap_or(0) > 0);
        }
        // Within a session at most every viewer is inside at once. (Overall, one person inside
        // two overlapping sessions counts twice: visits are per session.)
        for sk in &r.by_session {
            prop_assert!(sk.kpis.peak_concurrent <= sk.kpis.viewers);
        }
        let session_viewers: u64 = r.by_session.iter().map(|s| s.kpis.viewers).sum();
        prop_assert!(r.overall.peak_concurrent <= session_viewers);
        if let Ok(f) = funnel(&Prepared::new(&l.dataset), &FunnelParams::default()) {
            for w in f.steps.windows(2) {
                prop_assert!(w[1].count <= w[0].count, "{:?}", f.steps);
            }
            for s in &f.steps {
                for x in [s.conversion_from_start, s.conversion_from_previous, s.drop_off_rate].into_iter().flatten() {
                    prop_assert!((0.0..=1.0).contains(&x));
                }
            }
        }
    }
}

//! KPI tests on small fixtures computed by hand (the arithmetic is in the comments).

use super::*;
use crate::analysis::Prepared;
use crate::ingest::{load, FileKind, IngestOptions, InputFile};

fn file(name: &str, kind: FileKind, text: &str) -> InputFile {
    InputFile::from_text(name, Some(kind), text)
}

const SESSIONS: &str = "session_id,host,start,end,ad_spend
s1,A,2026-10-01 20:00:00,2026-10-01 21:00:00,100
s2,B,,,
";

const EVENTS: &str = "user_id,session_id,event,timestamp,order_id,amount
a,s1,enter,2026-10-01 20:00:00,,
a,s1,product_view,2026-10-01 20:05:00,,
a,s1,click,2026-10-01 20:06:00,,
a,s1,order,2026-10-01 20:07:00,o1,100
a,s1,pay,2026-10-01 20:08:00,o1,100
a,s1,leave,2026-10-01 20:30:00,,
b,s1,enter,2026-10-01 20:10:00,,
b,s1,comment,2026-10-01 20:11:00,,
b,s1,comment,2026-10-01 20:12:00,,
b,s1,enter,2026-10-01 20:15:00,,
b,s1,leave,2026-10-01 20:40:00,,
c,s1,enter,2026-10-01 20:20:00,,
c,s1,like,2026-10-01 20:21:00,,
c,s1,follow,2026-10-01 20:22:00,,
c,s1,product_view,2026-10-01 20:25:00,,
a,s1,enter,2026-10-01 20:50:00,,
a,s1,leave,2026-10-01 20:55:00,,
d,s1,pay,2026-10-01 20:58:00,o2,50
d,s1,refund,2026-10-01 20:59:00,o2,50
e,s2,enter,2026-10-01 22:00:00,,
e,s2,leave,2026-10-01 22:10:00,,
f,s2,enter,2026-10-01 22:05:00,,
f,s2,click,2026-10-01 22:06:00,,
f,s2,pay,2026-10-01 22:20:00,,30
";

fn fixture() -> Dataset {
    let l = load(
        &[
            file("events.csv", FileKind::Events, EVENTS),
            file("sessions.csv", FileKind::Sessions, SESSIONS),
        ],
        &IngestOptions {
            tz_offset_minutes: 480,
            ..IngestOptions::default()
        },
    );
    assert_eq!(l.validation.rows_rejected, 0, "{:?}", l.validation);
    l.dataset
}

fn close(a: Option<f64>, b: f64) {
    let a = a.unwrap_or(f64::NAN);
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn session_with_sessions_table_span() {
    let r = kpis(&Prepared::new(&fixture()));
    let s1 = &r.by_session[0];
    assert_eq!(s1.session_id, "s1");
    assert_eq!(s1.host.as_deref(), Some("A"));
    assert_eq!(s1.start.as_deref(), Some("2026-10-01 20:00:00"));
    let k = &s1.kpis;
    assert_eq!((k.viewers, k.views), (3, 5));
    // Visits: a 30 + 5 min (re-entry), b 30 min (two enters merged), c 40 min (no leave: ends
    // at the session's end 21:00) = 105 min = 6300 s over 3 viewers.
    close(k.avg_watch_seconds, 2100.0);
    assert_eq!(k.peak_concurrent, 3);
    close(k.avg_concurrent, 105.0 / 60.0);
    close(k.interaction_rate, 2.0 / 3.0);
    close(k.comments_per_minute, 2.0 / 60.0);
    close(k.follow_rate, 1.0 / 3.0);
    close(k.product_click_rate, 0.5); // click {a} / product_view {a, c}
    close(k.click_to_pay_rate, 2.0); // pay {a, d} / click {a}: d paid without a click
    close(k.conversion_rate, 2.0 / 3.0);
    assert_eq!((k.buyers, k.orders), (Some(2), 2));
    close(Some(k.gmv), 150.0);
    close(k.aov, 75.0);
    close(k.revenue_per_buyer, 75.0);
    close(k.gpm, 30_000.0);
    close(k.uv_value, 50.0);
    close(k.refund_rate, 1.0 / 3.0);
    close(k.roi, 1.5);
    close(k.net_roi, 1.0);
}

#[test]
fn session_without_end_uses_its_events() {
    let r = kpis(&Prepared::new(&fixture()));
    let k = &r.by_session[1].kpis;
    // e [22:00, 22:10), f [22:05, 22:20) (no leave: ends at f's last event); span 20 min.
    assert_eq!(k.viewers, 2);
    close(k.avg_watch_seconds, 750.0);
    assert_eq!(k.peak_concurrent, 2);
    close(k.avg_concurrent, 25.0 / 20.0);
    assert_eq!(k.orders, 1); // a pay row without an order id is one order
    close(k.comments_per_minute, 0.0);
    assert_eq!(k.product_click_rate, None); // nobody saw a product card: 0 denominator
    assert_eq!(k.roi, None); // no ad spend known
    assert_eq!(k.refund_rate, Some(0.0));
}

#[test]
fn overall_sums_sessions_and_counts_people_once() {
    let k = kpis(&Prepared::new(&fixture())).overall;
    assert_eq!((k.viewers, k.views, k.buyers, k.orders), (5, 7, Some(3), 3));
    close(k.avg_watch_seconds, 7800.0 / 5.0);
    assert_eq!(k.peak_concurrent, 3);
    close(k.avg_concurrent, 130.0 / 80.0);
    close(k.comments_per_minute, 2.0 / 80.0);
    close(Some(k.gmv), 180.0);
    // ROI over the sessions with a known spend only: s1's 150 for its 100 (s2's 30 has no
    // spend; it was 180 / 100 = 1.8 before issue #16), net of s1's refund 50.
    close(k.roi, 1.5);
    close(k.net_roi, 1.0);
}

#[test]
fn hosts_group_their_sessions() {
    let ds = fixture();
    let h = by_host(&Prepared::new(&ds));
    assert_eq!(h.len(), 2);
    assert_eq!((h[0].group.as_str(), h[0].sessions), ("A", 1));
    assert_eq!(h[0].kpis, kpis(&Prepared::new(&ds)).by_session[0].kpis);
}

#[test]
fn zero_denominators_are_null_not_nan() {
    let ev = "user_id,event,timestamp\nu1,comment,2026-10-01 20:00:00\n";
    let l = load(
        &[file("e.csv", FileKind::Events, ev)],
        &IngestOptions::default(),
    );
    let k = kpis(&Prepared::new(&l.dataset)).overall;
    assert_eq!(k.viewers, 0);
    for r in [
        k.avg_watch_seconds,
        k.interaction_rate,
        k.follow_rate,
        k.conversion_rate,
        k.aov,
        k.gpm,
        k.uv_value,
        k.refund_rate,
        k.roi,
        k.avg_concurrent,
        k.comments_per_minute,
    ] {
        assert_eq!(r, None);
    }
    let json = serde_json::to_string(&k).unwrap();
    assert!(json.contains("\"conversion_rate\":null"));
    assert!(!json.contains("NaN"));
    // An empty dataset.
    let k = kpis(&Prepared::new(&Dataset::default()));
    assert_eq!(k.overall.viewers, 0);
    assert!(k.by_session.is_empty());
}

#[test]
fn equal_timestamps_leave_before_enter() {
    // a leaves at 20:10 exactly when b enters: never two inside at once.
    let ev = "user_id,session_id,event,timestamp
a,s,enter,2026-10-01 20:00:00
a,s,leave,2026-10-01 20:10:00
b,s,enter,2026-10-01 20:10:00
b,s,leave,2026-10-01 20:20:00
";
    let l = load(
        &[file("e.csv", FileKind::Events, ev)],
        &IngestOptions::default(),
    );
    let k = kpis(&Prepared::new(&l.dataset)).overall;
    assert_eq!(k.peak_concurrent, 1);
    close(k.avg_concurrent, 1.0);
}

#[test]
fn user_groups_restrict_the_data_to_their_members() {
    let ds = fixture();
    // a and d in group 0 ("buyers of s1"), e in group 1; the others in none.
    let mut groups = vec![None; ds.users.len()];
    for (u, g) in [("a", 0), ("d", 0), ("e", 1)] {
        groups[ds.users.get(u).unwrap() as usize] = Some(g);
    }
    let labels = vec!["g0".to_string(), "g1".to_string(), "empty".to_string()];
    let r = by_user_groups(&Prepared::new(&ds), &groups, &labels);
    assert_eq!(r.len(), 2, "the empty group is left out");
    let g0 = &r[0].kpis;
    // a viewed (enter twice: 35 min in total), a and d paid 100 and 50; d refunded 50.
    assert_eq!((g0.viewers, g0.buyers, g0.orders), (1, Some(2), 2));
    close(Some(g0.gmv), 150.0);
    close(g0.avg_watch_seconds, 35.0 * 60.0);
    assert_eq!(r[0].sessions, 1);
    let g1 = &r[1].kpis;
    assert_eq!((g1.viewers, g1.buyers), (1, Some(0)));
    close(g1.conversion_rate, 0.0);
}

#[test]
fn more_groups_than_a_byte_holds_give_the_same_group_kpis() {
    // Up to 254 groups each event's group is a byte; with more, the grouped event indices.
    let ds = fixture();
    let mut groups = vec![None; ds.users.len()];
    for (u, g) in [("a", 0), ("d", 0), ("e", 1), ("b", 2)] {
        groups[ds.users.get(u).unwrap() as usize] = Some(g);
    }
    let few: Vec<String> = (0..3).map(|g| format!("g{g}")).collect();
    let many: Vec<String> = (0..300).map(|g| format!("g{g}")).collect();
    let prep = Prepared::new(&ds);
    let a = by_user_groups(&prep, &groups, &few);
    let b = by_user_groups(&prep, &groups, &many);
    assert_eq!(a.len(), 3);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    // A group numbered past the labels is no group.
    groups[ds.users.get("b").unwrap() as usize] = Some(299);
    assert_eq!(by_user_groups(&prep, &groups, &few).len(), 2);
    assert_eq!(by_user_groups(&prep, &groups, &many).len(), 3);
}

#[test]
fn a_person_in_two_sessions_at_once_counts_once_in_the_overall_peak() {
    let ev = "user_id,session_id,event,timestamp
a,s1,enter,2026-10-01 20:00:00
a,s2,enter,2026-10-01 20:01:00
a,s1,leave,2026-10-01 20:10:00
a,s2,leave,2026-10-01 20:11:00
";
    let l = load(
        &[file("e.csv", FileKind::Events, ev)],
        &IngestOptions::default(),
    );
    let r = kpis(&Prepared::new(&l.dataset));
    assert_eq!(r.overall.viewers, 1);
    assert_eq!(r.overall.peak_concurrent, 1);
    assert!(r.by_session.iter().all(|s| s.kpis.peak_concurrent == 1));
}

#[test]
fn user_groups_have_the_kpis_of_the_data_restricted_to_them() {
    // The definition, on the demo: a group's KPIs are those of a copy of the data holding
    // only its members' events (and the sessions with such an event).
    let (files, _) = crate::demo::generate(&crate::demo::DemoParams::default()).unwrap();
    let ds = load(&files.into_inputs(), &IngestOptions::default()).dataset;
    let groups: Vec<Option<u32>> = (0..ds.users.len() as u32)
        .map(|u| (u % 5 != 4).then_some(u % 3))
        .collect();
    let labels: Vec<String> = (0..4).map(|g| format!("g{g}")).collect();
    let got = by_user_groups(&Prepared::new(&ds), &groups, &labels);
    // Group 3 has no member.
    assert_eq!(got.len(), 3);
    for (g, row) in got.iter().enumerate() {
        let part = ds.with_users(|u| groups.get(u as usize).copied().flatten() == Some(g as u32));
        let want = kpis(&Prepared::new(&part)).overall;
        assert_eq!(row.group, labels[g]);
        assert_eq!(
            serde_json::to_string(&row.kpis).unwrap(),
            serde_json::to_string(&want).unwrap(),
            "group {g}"
        );
        let sessions: std::collections::BTreeSet<u32> = part
            .events
            .session
            .clone()
            .into_iter()
            .filter(|&s| s != NONE)
            .collect();
        assert_eq!(row.sessions, sessions.len() as u64);
        assert!(row.kpis.viewers > 0 && row.kpis.gmv > 0.0);
    }
}

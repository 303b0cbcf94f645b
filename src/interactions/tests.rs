use super::*;
use crate::model::EventKind as K;
use crate::testutil::DatasetBuilder;

const M: i64 = 60_000;
const T0: i64 = 1_757_030_400_000;

/// Three 60-minute sessions of 10 regulars each (every 10 minutes each regular comments once
/// in s1); in s1 a lucky bag from minute 30 to 40 joined by 4 regulars and 5 hunters who come
/// for it; regulars r0, r1 (participants) and r5 (not) pay in s1.
fn room() -> Dataset {
    let mut rows: Vec<(String, K, i64, &str, f64)> = Vec::new();
    for (k, s) in ["s1", "s2", "s3"].iter().enumerate() {
        let start = T0 + k as i64 * 24 * 60 * M;
        for r in 0..10 {
            let u = format!("r{r}");
            rows.push((u.clone(), K::Enter, start, s, 0.0));
            rows.push((u.clone(), K::Leave, start + 60 * M, s, 0.0));
            if *s == "s1" {
                if r < 4 {
                    rows.push((u.clone(), K::LotteryJoin, start + 30 * M, s, 0.0));
                }
                if matches!(r, 0 | 1 | 5) {
                    rows.push((u.clone(), K::Pay, start + 50 * M, s, 100.0));
                }
            }
        }
        if *s == "s1" {
            for h in 0..5 {
                let u = format!("h{h}");
                rows.push((u.clone(), K::Enter, start + 30 * M + 10_000, s, 0.0));
                rows.push((u.clone(), K::LotteryJoin, start + 30 * M + 11_000, s, 0.0));
                rows.push((u.clone(), K::Leave, start + 40 * M, s, 0.0));
            }
            rows.push(("h0".into(), K::LotteryWin, start + 40 * M - 1, s, 0.0));
        }
    }
    rows.sort_by_key(|r| r.2);
    let mut b = DatasetBuilder::new();
    for (u, k, t, s, a) in &rows {
        b.event(u, *k, *t, s, "", "", *a);
    }
    b.build()
}

#[test]
fn a_lucky_bag_window_its_lift_and_its_participants() {
    let d = room();
    let it = interactions(&Prepared::new(&d)).unwrap();
    assert_eq!(it.windows.len(), 1);
    let w = &it.windows[0];
    assert_eq!((w.tool.as_str(), w.session.as_str()), ("lottery", "s1"));
    assert!((w.start_minute - 30.0).abs() < 1e-3);
    assert!((w.seconds - 600.0).abs() < 0.01);
    // Concurrency: 10 before, 15 during but the first 10 s; the other sessions stay at 10 →
    // effect ≈ +4.92, and with no spread among them the interval is that point
    // (distinguishable from 0).
    let during = 15.0 - 5.0 * 10.0 / 600.0;
    assert!((w.concurrency.before.unwrap() - 10.0).abs() < 1e-9);
    assert!((w.concurrency.during.unwrap() - during).abs() < 1e-3);
    assert_eq!(w.concurrency.others, 2);
    assert!((w.concurrency.effect.unwrap() - (during - 10.0)).abs() < 1e-3);
    assert!(w.concurrency.distinguishable);
    // Entering: 5 in 10 minutes during, none before.
    assert!((w.entering_per_minute.change.unwrap() - 0.5).abs() < 1e-3);
    // 9 participants (2 buyers), 6 present others (1 buyer).
    let c = &w.conversion;
    assert_eq!((c.participants, c.participant_buyers), (9, 2));
    assert_eq!((c.others, c.other_buyers), (6, 1));
    assert_eq!(w.present, 15);
    // Matched on prior watch: the hunters (no prior watch) have no non-participant like them;
    // the 4 regular participants match the 6 others (2/4 against 1/6).
    assert_eq!(c.matched_participants, 4);
    assert!((c.conversion_effect.unwrap() - (0.5 - 1.0 / 6.0)).abs() < 1e-9);
    assert!((c.gmv_effect.unwrap() - (50.0 - 100.0 / 6.0)).abs() < 1e-9);
    let s = &it.tools[0];
    assert_eq!((s.tool.as_str(), s.windows), ("lottery", 1));
    assert_eq!(s.concurrency_effect, w.concurrency.effect);
    // The profile: 15 at the window's start, 10 in the others.
    let at0 = s.profile_minutes.iter().position(|&m| m == 0).unwrap();
    assert_eq!(s.profile_tool[at0], Some(10.0));
    assert_eq!(s.profile_tool[at0 + 1], Some(15.0));
    assert_eq!(s.profile_others[at0], Some(10.0));
}

#[test]
fn coupons_count_claims_uses_discount_and_cost() {
    let mut d = room();
    // r0, r1, r2 claim coupon c1 in s1 at minute 45; r0 and r1 pay with it (20 off).
    let s1 = d.sessions.get("s1").unwrap();
    let t = T0 + 45 * M;
    let mut extra: Vec<(u32, K, i64)> = Vec::new();
    for r in ["r0", "r1", "r2"] {
        extra.push((d.users.get(r).unwrap(), K::CouponClaim, t));
    }
    let name = d.event_names.intern("coupon_claim");
    for (u, k, t) in extra {
        d.events.push(u, t, k, name, s1, NONE, NONE, 0.0);
    }
    d.finish();
    let n = d.events.len();
    for i in 0..n {
        let u = d.users.name(d.events.user[i]).to_owned();
        let k = d.events.kind[i];
        if k == K::CouponClaim || (k == K::Pay && (u == "r0" || u == "r1")) {
            d.events.extra.set_coupon(i, "c1");
        }
        if k == K::Pay && (u == "r0" || u == "r1") {
            d.events.extra.set_discount(i, 20.0);
        }
    }
    d.events.pad_extras();
    let it = interactions(&Prepared::new(&d)).unwrap();
    assert_eq!(it.coupons.len(), 1);
    let c = &it.coupons[0];
    assert_eq!(c.coupon, "c1");
    assert_eq!((c.claims, c.claimers, c.uses), (3, 3, 2));
    // No coupon_use rows: uses are the pays with the coupon.
    assert!((c.redemption_rate.unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(c.viewers, 15);
    assert!((c.claim_rate.unwrap() - 0.2).abs() < 1e-12);
    assert_eq!(c.discount_cost, Some(40.0));
    assert!((c.coupon_gmv - 200.0).abs() < 1e-9);
    let extra = c.extra_buyers.unwrap();
    assert!(extra > 0.0);
    assert!((c.cost_per_extra_buyer.unwrap() - 40.0 / extra).abs() < 1e-9);
    assert!(it.tools.iter().any(|t| t.tool == "coupon"));
}

#[test]
fn data_without_tools_is_not_enough() {
    let mut b = DatasetBuilder::new();
    b.event("u", K::Enter, T0, "s1", "", "", 0.0);
    let d = b.build();
    assert!(interactions(&Prepared::new(&d)).is_err());
}

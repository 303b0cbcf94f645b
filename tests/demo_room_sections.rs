#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion
//! The `interactions`, `traffic` and `time_slots` sections recover the demo's planted truths
//! (docs/demo-data.md, "The room's voice" and "Time slots").

mod common;
use common::load_demo;

use livelens::analysis::Prepared;
use livelens::demo::Scale;
use livelens::ingest::Loaded;
use livelens::interactions::Interactions;
use livelens::timeslots::TimeSlots;
use livelens::traffic::Traffic;

fn sections(l: &Loaded) -> (TimeSlots, Traffic, Interactions) {
    let prep = Prepared::new(&l.dataset);
    (
        livelens::timeslots::time_slots(&prep).unwrap(),
        livelens::traffic::traffic(&prep).unwrap(),
        livelens::interactions::interactions(&prep).unwrap(),
    )
}

#[test]
fn the_planted_slot_is_named_best_and_hosts_keep_their_order() {
    for seed in [42u64, 7] {
        let (l, t) = load_demo(seed, Scale::Small);
        let (ts, _, _) = sections(&l);
        let best = &ts.slots[ts.best.expect("a best slot is named")];
        assert_eq!(ts.best_code, "named");
        assert_eq!(
            (best.weekday, best.hour),
            (t.best_slot.weekday, t.best_slot.hour)
        );
        assert_eq!(best.sessions, t.best_slot.sessions, "seed {seed}");
        assert_eq!(best.sessions.len(), 6);
        // It clears every other slot's interval, and sells more per viewer.
        for (i, s) in ts.slots.iter().enumerate() {
            if Some(i) != ts.best {
                assert!(s.conversion_high.unwrap() < best.conversion_low.unwrap());
                assert!(s.gmv_per_viewer.unwrap() < best.gmv_per_viewer.unwrap());
            }
        }
        // The slot is 林老师's (Friday); Monday is 林老师's too and does not sell like it, and
        // the hosts' planted order is unchanged.
        let names: Vec<&str> = t.host_conversion.iter().map(|h| h.0.as_str()).collect();
        assert_eq!(names[0], "林老师");
        let c: Vec<f64> = t.host_conversion.iter().map(|h| h.1).collect();
        assert!(c[0] > c[1] && c[1] > c[2], "{c:?}");
        let monday: Vec<&livelens::timeslots::Slot> =
            ts.slots.iter().filter(|s| s.weekday == 0).collect();
        assert!(!monday.is_empty());
        assert!(monday
            .iter()
            .all(|s| s.conversion.unwrap() < best.conversion_low.unwrap()));
    }
}

#[test]
fn slots_without_enough_data_are_not_named() {
    // Only the first week (one session per cell): no cell has two sessions.
    let (l, _) = load_demo(42, Scale::Small);
    let s = l.dataset.sessions.get("s06").unwrap();
    let first_week = l.dataset.with_events(|i| l.dataset.events.session[i] < s);
    let ts = livelens::timeslots::time_slots(&Prepared::new(&first_week)).unwrap();
    assert!(ts.best.is_none());
    assert_eq!(ts.best_code, "too_few_sessions");
    assert!(ts.best_rule_en.contains("No time slot"));
}

#[test]
fn traffic_sources_recover_the_planted_visits_and_order() {
    let (l, t) = load_demo(42, Scale::Small);
    let (_, tr, _) = sections(&l);
    assert_eq!(tr.viewers_without_source, 0);
    for (k, n, b) in &t.room.source_visits {
        let row = tr.sources.iter().find(|s| &s.source == k).unwrap();
        assert_eq!((row.viewers, row.buyers), (*n, *b), "{k}");
        assert!(row.conversion_low.unwrap() < row.conversion_rate.unwrap());
        assert!(row.gpm.unwrap() > 0.0 && row.avg_watch_seconds.unwrap() > 0.0);
    }
    let rate = |k: &str| {
        tr.sources
            .iter()
            .find(|s| s.source == k)
            .unwrap()
            .conversion_rate
            .unwrap()
    };
    let best = tr
        .sources
        .iter()
        .max_by(|a, b| a.conversion_rate.partial_cmp(&b.conversion_rate).unwrap())
        .unwrap();
    assert_eq!(best.source, t.room.source_order[0]);
    assert!(rate("follow") > 2.0 * rate("paid"));
    let shares: f64 = tr.sources.iter().map(|s| s.share_of_viewers.unwrap()).sum();
    assert!((shares - 1.0).abs() < 1e-9);
    // Paid traffic's ROI: its GMV over the sessions' ad spend; only for `paid`.
    let paid = tr.sources.iter().find(|s| s.source == "paid").unwrap();
    let spend: f64 = l
        .dataset
        .session_info
        .iter()
        .filter_map(|s| s.ad_spend)
        .sum();
    assert!((paid.ad_spend.unwrap() - spend).abs() < 1e-6);
    assert!((paid.roi.unwrap() - paid.gmv / spend).abs() < 1e-9);
    assert!(tr.sources.iter().filter(|s| s.roi.is_some()).count() == 1);
}

#[test]
fn lucky_bags_raise_concurrency_by_their_hunters_and_participants_convert_as_planted() {
    let (l, t) = load_demo(42, Scale::Small);
    let (_, _, it) = sections(&l);
    let bag = it.tools.iter().find(|x| x.tool == "lottery").unwrap();
    assert_eq!(bag.windows, t.room.lucky_bags.len() as u64);
    // Participants (attendees who joined and the freebie hunters) and those who paid.
    assert_eq!(
        (
            bag.conversion.participants,
            bag.conversion.participant_buyers
        ),
        (t.room.bag_participants, t.room.bag_participant_buyers)
    );
    // Concurrency rises by the hunters (3–5 per bag): the difference in differences against the
    // sessions without a bag at the same minutes recovers their mean, and its interval excludes 0.
    let hunters = t
        .room
        .lucky_bags
        .iter()
        .map(|b| b.hunters as f64)
        .sum::<f64>()
        / t.room.lucky_bags.len() as f64;
    let (e, lo, hi) = (
        bag.concurrency_effect.unwrap(),
        bag.concurrency_low.unwrap(),
        bag.concurrency_high.unwrap(),
    );
    assert!(lo < hunters && hunters < hi, "{lo} {hunters} {hi}");
    assert!((e - hunters).abs() < 1.5, "{e} vs {hunters}");
    assert!(bag.concurrency_distinguishable);
    let w = it.windows.iter().find(|w| w.tool == "lottery").unwrap();
    assert!((w.start_minute - 30.0).abs() < 1.0);
    // Every other bag session is left out of the comparison at that minute (20 sessions left).
    assert_eq!(w.concurrency.others, 20);
    // Polls bring nobody in: their effect is not distinguishable from no effect.
    let poll = it.tools.iter().find(|x| x.tool == "poll").unwrap();
    assert!(!poll.concurrency_distinguishable);
    assert!(poll.concurrency_low.unwrap() < 0.0 && poll.concurrency_high.unwrap() > 0.0);
}

#[test]
fn coupons_recover_the_planted_redemption_and_cost() {
    let (l, t) = load_demo(42, Scale::Small);
    let (_, _, it) = sections(&l);
    let total = it.coupons.last().unwrap();
    assert_eq!(total.coupon, "");
    assert_eq!(
        (total.claims, total.uses),
        (t.room.coupon_claims, t.room.coupon_uses)
    );
    let r = t.room.coupon_uses as f64 / t.room.coupon_claims as f64;
    assert!((total.redemption_rate.unwrap() - r).abs() < 1e-12);
    assert!(total.redemption_low.unwrap() < r && r < total.redemption_high.unwrap());
    // 20 yuan off each use.
    assert!((total.discount_cost.unwrap() - 20.0 * t.room.coupon_uses as f64).abs() < 1e-6);
    let extra = total.extra_buyers.unwrap();
    assert!(extra > 0.0);
    assert!(
        (total.cost_per_extra_buyer.unwrap() - total.discount_cost.unwrap() / extra).abs() < 1e-9
    );
    // One row per session's coupon, plus the total.
    assert_eq!(it.coupons.len() - 1, total.sessions.len());
    let per: u64 = it.coupons[..it.coupons.len() - 1]
        .iter()
        .map(|c| c.claims)
        .sum();
    assert_eq!(per, total.claims);
}

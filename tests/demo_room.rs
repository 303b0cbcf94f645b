#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion
//! The room's voice planted in the demo (docs/demo-data.md, "The room's voice") is recovered
//! from the generated files through the public ingest: comment texts, answers, traffic-source
//! conversion, coupon redemption, lucky bags and their hunters, polls and fan-club joins.

mod common;
use common::load_demo;

use std::collections::{HashMap, HashSet};

use livelens::demo::Scale;
use livelens::ingest::Loaded;
use livelens::model::{EventKind, TrafficSource};
use livelens::report::DatasetSummary;

fn count(s: &DatasetSummary, k: &str) -> u64 {
    s.event_counts
        .iter()
        .find(|(n, _)| n == k)
        .map_or(0, |(_, c)| *c)
}

/// (user, session) pairs with a `pay`.
fn paid_pairs(l: &Loaded) -> HashSet<(u32, u32)> {
    let e = &l.dataset.events;
    (0..e.len())
        .filter(|&i| e.kind[i] == EventKind::Pay)
        .map(|i| (e.user[i], e.session[i]))
        .collect()
}

#[test]
fn every_comment_has_text_and_answers_follow_questions() {
    let (l, t) = load_demo(42, Scale::Small);
    let s = DatasetSummary::of(&l.dataset);
    let planted: u64 = t.room.comment_intents.iter().map(|(_, n)| n).sum();
    assert_eq!(s.comments_with_text, count(&s, "comment"));
    assert_eq!(s.comments_with_text, planted);
    assert!(planted > 1_000, "{planted}");
    assert_eq!(count(&s, "answer"), t.room.answered);
    assert_eq!(s.rows_with_text, planted + t.room.answered);
    let rate = t.room.answered as f64 / t.room.questions as f64;
    assert!((rate - 0.55).abs() < 0.08, "{rate}");
    // Every answer comes within 5 minutes after a comment of the person it answers.
    let e = &l.dataset.events;
    let mut last_comment: HashMap<u32, i64> = HashMap::new();
    for i in 0..e.len() {
        match e.kind[i] {
            EventKind::Comment => {
                last_comment.insert(e.user[i], e.ts[i]);
            }
            EventKind::Answer => {
                let q = last_comment.get(&e.user[i]).copied().unwrap_or(i64::MIN);
                assert!(e.ts[i] - q <= 5 * 60_000, "answer {i} without a question");
                assert!(e.extra.text(i).unwrap().starts_with("回复："));
            }
            _ => {}
        }
    }
}

#[test]
fn comment_intents_follow_the_pitches() {
    let (l, t) = load_demo(42, Scale::Small);
    let r = &t.room;
    // Objections come after the price is said, purchase statements after the link is up.
    assert!(r.objections_after_price > 3 * r.objections_before_price.max(1));
    assert_eq!(r.purchases_before_link, 0);
    assert!(r.purchases_after_link > 50, "{}", r.purchases_after_link);
    // Purchase statements are written by people who pay in that session.
    let paid = paid_pairs(&l);
    let e = &l.dataset.events;
    let said = [
        "已拍",
        "拍了拍了",
        "下单了",
        "已买",
        "刚付款",
        "抢到了",
        "已下单+1",
    ];
    let (mut n, mut by_buyers) = (0, 0);
    for i in 0..e.len() {
        if let Some(text) = e.extra.text(i).filter(|_| e.kind[i] == EventKind::Comment) {
            if said.iter().any(|w| text.starts_with(w)) {
                n += 1;
                by_buyers += paid.contains(&(e.user[i], e.session[i])) as u32;
            }
        }
    }
    assert!(n > 50 && by_buyers == n, "{by_buyers} of {n}");
}

#[test]
fn traffic_sources_convert_in_the_planted_order() {
    let (l, t) = load_demo(42, Scale::Small);
    let paid = paid_pairs(&l);
    let e = &l.dataset.events;
    let mut visits: HashMap<TrafficSource, HashSet<(u32, u32)>> = HashMap::new();
    let mut followers = [0u64; 2];
    for i in 0..e.len() {
        if e.kind[i] == EventKind::Enter {
            let src = e.extra.source(i).expect("every demo entry has a source");
            visits
                .entry(src)
                .or_default()
                .insert((e.user[i], e.session[i]));
            followers[e.extra.follower(i).expect("follower status") as usize] += 1;
        }
    }
    assert!(followers[0] > 0 && followers[1] > 0);
    let conv = |k: &str| {
        let v = &visits[&TrafficSource::from_key(k).unwrap()];
        let b = v.iter().filter(|p| paid.contains(p)).count();
        (v.len() as u64, b as u64)
    };
    for (k, n, b) in &t.room.source_visits {
        assert_eq!(conv(k), (*n, *b), "{k}");
    }
    let rate = |k: &str| {
        let (n, b) = conv(k);
        b as f64 / n as f64
    };
    assert!(rate("follow") > rate("feed") && rate("feed") > rate("paid"));
    assert!(rate("follow") > 2.0 * rate("paid"));
    assert_eq!(t.room.source_order[0], "follow");
}

#[test]
fn coupons_are_redeemed_at_the_planted_rate_and_amounts_stay_what_was_paid() {
    let (l, t) = load_demo(42, Scale::Small);
    let s = DatasetSummary::of(&l.dataset);
    let (claims, uses) = (count(&s, "coupon_claim"), count(&s, "coupon_use"));
    assert_eq!((claims, uses), (t.room.coupon_claims, t.room.coupon_uses));
    let rate = uses as f64 / claims as f64;
    assert!(rate > 0.1 && rate < 0.9, "{rate}");
    // Paid with a coupon: list price − discount = amount (what was paid).
    let e = &l.dataset.events;
    let mut with_coupon = 0;
    for i in 0..e.len() {
        if e.kind[i] == EventKind::Pay {
            if let Some(c) = e.extra.coupon(i) {
                with_coupon += 1;
                assert!(e.extra.coupons.name(c).starts_with('c'));
                let lp = e.extra.list_price(i).unwrap();
                let d = e.extra.discount(i).unwrap();
                assert!((lp - d - e.amount[i]).abs() < 1e-6);
            }
        }
    }
    assert_eq!(with_coupon, uses);
}

#[test]
fn lucky_bags_bring_their_hunters_and_participants_convert_as_planted() {
    let (l, t) = load_demo(42, Scale::Small);
    let ds = &l.dataset;
    let e = &ds.events;
    let tz_ms = i64::from(t.tz_offset_minutes) * 60_000;
    let paid = paid_pairs(&l);
    assert_eq!(t.room.lucky_bags.len(), 10);
    let mut participants = 0u64;
    let mut buyers = 0u64;
    for bag in &t.room.lucky_bags {
        let sid = ds.sessions.get(&bag.session).unwrap();
        let (a, b) = (bag.start * 1000 - tz_ms, bag.end * 1000 - tz_ms);
        // Concurrency during the bag rises by the hunters: people who enter in its first 30 s
        // and leave within 30 s after it, with nothing else in the session but the bag (and
        // maybe a feed impression).
        let mut rows: HashMap<u32, Vec<(EventKind, i64)>> = HashMap::new();
        for i in 0..e.len() {
            if e.session[i] == sid {
                rows.entry(e.user[i])
                    .or_default()
                    .push((e.kind[i], e.ts[i]));
            }
        }
        let hunters = rows
            .values()
            .filter(|r| {
                let enters: Vec<i64> = r
                    .iter()
                    .filter(|x| x.0 == EventKind::Enter)
                    .map(|x| x.1)
                    .collect();
                enters.len() == 1
                    && enters[0] >= a
                    && enters[0] < a + 30_000
                    && r.iter().any(|x| x.0 == EventKind::LotteryJoin)
                    && r.iter()
                        .any(|x| x.0 == EventKind::Leave && x.1 >= b && x.1 < b + 30_000)
                    && r.iter().all(|x| {
                        matches!(
                            x.0,
                            EventKind::Impression
                                | EventKind::Enter
                                | EventKind::Leave
                                | EventKind::LotteryJoin
                                | EventKind::LotteryWin
                        )
                    })
            })
            .count() as u64;
        assert!(bag.hunters >= 1);
        assert_eq!(hunters, bag.hunters, "{}", bag.session);
        let mut here = 0;
        for (u, r) in &rows {
            if r.iter().any(|x| x.0 == EventKind::LotteryJoin) {
                here += 1;
                buyers += paid.contains(&(*u, sid)) as u64;
            }
        }
        participants += here as u64;
        let winners = rows
            .values()
            .filter(|r| r.iter().any(|x| x.0 == EventKind::LotteryWin))
            .count();
        assert_eq!(winners, here.min(3));
    }
    assert_eq!(
        (participants, buyers),
        (t.room.bag_participants, t.room.bag_participant_buyers)
    );
    assert!(buyers > 0 && buyers < participants);
    let hunters: u64 = t.room.lucky_bags.iter().map(|b| b.hunters).sum();
    assert!(hunters >= 30, "{hunters}");
}

#[test]
fn polls_and_fan_club_are_counted() {
    let (l, t) = load_demo(42, Scale::Small);
    let s = DatasetSummary::of(&l.dataset);
    assert_eq!(count(&s, "poll_vote"), t.room.poll_votes);
    assert_eq!(count(&s, "fan_club_join"), t.room.fan_club_joins);
    assert_eq!(count(&s, "points"), t.room.fan_club_joins);
    assert!(t.room.poll_votes > 100 && t.room.fan_club_joins > 10);
    assert!(s.unknown_traffic_sources.is_empty());
}

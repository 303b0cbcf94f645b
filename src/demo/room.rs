//! The room's voice, planted after each visit is simulated (so the purchases of `visit.rs`
//! stay exactly as they were; a separate random stream is used): comment texts whose intents
//! follow the pitches, the host's answers, traffic source and follower status of each entry,
//! a coupon per session, lucky bags with their freebie hunters, polls and fan-club joins.
//! What is planted is measured while it is written and returned as [`RoomTruth`];
//! `docs/demo-data.md` describes it.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::catalog::{ItemType, CATEGORIES, ITEMS};
use super::plan::SessionPlan;
use super::random::{self, weighted};
use super::room_text::{
    fill, ANSWERS, CHATTER, COMPLAINT, GREETING, INTENTS, OBJECTION, PRAISE, PURCHASE, QUESTION,
    TEMPLATES,
};
use super::visit::{event_row, EventRow, OrderRow};
use crate::model::EventKind;

/// Traffic sources written on `enter` rows (Chinese export values) and their canonical keys.
pub(super) const SOURCES: [(&str, &str); 7] = [
    ("推荐feed", "feed"),
    ("关注", "follow"),
    ("搜索", "search"),
    ("千川", "paid"),
    ("分享", "share"),
    ("个人主页", "profile"),
    ("同城", "nearby"),
];
/// P(source) of a visit that pays, and of one that does not: their ratio orders the sources'
/// conversion follow > search > profile > share > feed > nearby > paid.
const SOURCE_IF_BUYER: [f64; 7] = [0.28, 0.30, 0.12, 0.08, 0.10, 0.08, 0.04];
const SOURCE_IF_NOT: [f64; 7] = [0.40, 0.12, 0.06, 0.20, 0.10, 0.05, 0.07];
/// The planted conversion order of the sources (canonical keys, best first).
pub(super) const SOURCE_ORDER: [&str; 7] = [
    "follow", "search", "profile", "share", "feed", "nearby", "paid",
];

/// Coupon of a session: 20 yuan off the first pitched course. The list price is the catalogue
/// price + 20 yuan, so what is paid (the amount) is the catalogue price as before.
pub(super) const COUPON_CENTS: u32 = 2_000;
/// Share of the coupon item's buyers who claim (and then use) the coupon, and of the other
/// viewers of its card who claim it without using it.
const CLAIM_IF_BUYER: f64 = 0.9;
const CLAIM_IF_VIEWER: f64 = 0.3;
/// Lucky bag: sessions `s % 3 == 1`, 30 minutes after the start, for 10 minutes.
const BAG_AFTER: i64 = 30 * 60;
pub(super) const BAG_SECS: i64 = 10 * 60;
const JOIN_P: f64 = 0.6;
const WINNERS: usize = 3;
/// Poll in sessions `s % 2 == 0` at mid-session.
const VOTE_P: f64 = 0.45;
const FAN_CLUB_P: f64 = 0.35;
const ANSWER_P: f64 = 0.55;

/// What the room planted, measured on the rows written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoomTruth {
    /// Comment rows with text per planted intent (`question`, `price_objection`, `purchase`,
    /// `praise`, `greeting`, `complaint`, `chatter`).
    pub comment_intents: Vec<(String, u64)>,
    /// Question comments, and those the host answered (an `answer` row within 5 minutes).
    pub questions: u64,
    pub answered: u64,
    /// Price objections inside a pitch before and after its price is said (35 % into it), and
    /// purchase statements before and after its link goes up (55 %).
    pub objections_before_price: u64,
    pub objections_after_price: u64,
    pub purchases_before_link: u64,
    pub purchases_after_link: u64,
    /// Per canonical source: (visits, visits that paid).
    pub source_visits: Vec<(String, u64, u64)>,
    /// Planted conversion order of the sources, best first.
    pub source_order: Vec<String>,
    pub coupon_claims: u64,
    pub coupon_uses: u64,
    /// Sessions (ids) with a lucky bag, its start and end (local seconds since 1970, UTC+08:00) and
    /// the number of freebie hunters it brought (they are all in the room from 30 s after the
    /// start to its end: concurrency rises by that number).
    pub lucky_bags: Vec<LuckyBag>,
    /// Bag participants (attendees and hunters), those of them who paid in the session.
    pub bag_participants: u64,
    pub bag_participant_buyers: u64,
    pub poll_votes: u64,
    pub fan_club_joins: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LuckyBag {
    pub session: String,
    pub start: i64,
    pub end: i64,
    pub hunters: u64,
}

/// The room's state: its random stream, the texts of the session being written (an event's
/// `text` is an index + 1 into it), the session's bag participants and the tally.
pub(super) struct Room {
    pub(super) rng: ChaCha8Rng,
    pub(super) texts: Vec<String>,
    participants: Vec<u32>,
    intents: [u64; 7],
    source: [(u64, u64); 7],
    pub(super) truth: RoomTruth,
}

impl Room {
    pub(super) fn new(rng: ChaCha8Rng) -> Room {
        Room {
            rng,
            texts: Vec::new(),
            participants: Vec::new(),
            intents: [0; 7],
            source: [(0, 0); 7],
            truth: RoomTruth::default(),
        }
    }

    fn text(&mut self, s: String) -> u32 {
        self.texts.push(s);
        self.texts.len() as u32
    }

    /// The session's lucky-bag window, if it has one.
    pub(super) fn bag(s: usize, plan: &SessionPlan) -> Option<(i64, i64)> {
        (s % 3 == 1).then(|| (plan.start + BAG_AFTER, plan.start + BAG_AFTER + BAG_SECS))
    }

    /// Annotates one visit's rows `rows[from..]` (and its paid orders `orders[ofrom..]`).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn visit(
        &mut self,
        plan: &SessionPlan,
        s: usize,
        u: u32,
        follower: bool,
        rows: &mut Vec<EventRow>,
        from: usize,
        orders: &mut [OrderRow],
    ) {
        let end = rows.len();
        let mut paid_items = 0u64;
        let mut enters: Vec<i64> = Vec::new();
        let mut leaves: Vec<i64> = Vec::new();
        for r in &rows[from..end] {
            match r.kind {
                EventKind::Pay => paid_items |= 1u64 << r.item,
                EventKind::Enter => enters.push(r.t),
                EventKind::Leave => leaves.push(r.t),
                _ => {}
            }
        }
        let visits: Vec<(i64, i64)> = enters
            .iter()
            .enumerate()
            .map(|(k, &a)| (a, leaves.get(k).copied().unwrap_or(plan.end)))
            .collect();
        let present = |a: i64, b: i64| visits.iter().any(|&(x, y)| x < b && y > a);
        // Traffic source and follower status of the entries.
        let w = if paid_items != 0 {
            &SOURCE_IF_BUYER
        } else {
            &SOURCE_IF_NOT
        };
        let src = weighted(&mut self.rng, w);
        self.source[src].0 += 1;
        self.source[src].1 += u64::from(paid_items != 0);
        for r in &mut rows[from..end] {
            if r.kind == EventKind::Enter {
                r.src = src as u8 + 1;
                r.fol = if follower { 2 } else { 1 };
            }
        }
        let first_enter = enters.first().copied().unwrap_or(plan.start);
        for i in from..end {
            match rows[i].kind {
                EventKind::Comment => self.comment(plan, rows, i, first_enter, paid_items),
                EventKind::Follow if self.rng.gen::<f64>() < FAN_CLUB_P => {
                    let t = (rows[i].t + self.rng.gen_range(5..120i64)).min(plan.end - 2);
                    rows.push(event_row(t, u, EventKind::FanClubJoin, s as u16));
                    rows.push(event_row(t + 1, u, EventKind::Points, s as u16));
                    self.truth.fan_club_joins += 1;
                }
                _ => {}
            }
        }
        self.coupon(plan, s, u, rows, from, end, paid_items, orders);
        if let Some((a, b)) = Room::bag(s, plan) {
            if present(a, b) && self.rng.gen::<f64>() < JOIN_P {
                let t0 = visits
                    .iter()
                    .find(|&&(x, y)| x < b && y > a)
                    .map_or(a, |&(x, _)| x.max(a));
                let t = (t0 + self.rng.gen_range(0..60i64)).min(b - 1);
                rows.push(event_row(t, u, EventKind::LotteryJoin, s as u16));
                self.participants.push(u);
                self.truth.bag_participants += 1;
                self.truth.bag_participant_buyers += u64::from(paid_items != 0);
            }
        }
        if s.is_multiple_of(2) {
            let mid = plan.start + (plan.end - plan.start) / 2;
            if present(mid, mid + 120) && self.rng.gen::<f64>() < VOTE_P {
                let t = mid + self.rng.gen_range(0..120i64);
                rows.push(event_row(t, u, EventKind::PollVote, s as u16));
                self.truth.poll_votes += 1;
            }
        }
    }

    /// Text of comment `rows[i]`, by where it falls: a greeting on arrival, in a pitch a
    /// question before the price is said, objections after it, purchase statements from buyers
    /// after the link goes up; elsewhere praise, chatter and now and then a complaint.
    fn comment(
        &mut self,
        plan: &SessionPlan,
        rows: &mut Vec<EventRow>,
        i: usize,
        first_enter: i64,
        paid_items: u64,
    ) {
        let t = rows[i].t;
        let x: f64 = self.rng.gen();
        let pitch = plan
            .pitches
            .iter()
            .find(|p| p.start <= t && t < p.end + 120);
        let (intent, item) = match pitch {
            _ if t - first_enter < 60 && x < 0.7 => (GREETING, None),
            Some(p) => {
                let len = (p.end - p.start).max(1);
                let price_at = p.start + len * 35 / 100;
                let link_at = p.start + len * 55 / 100;
                let bought = paid_items & (1u64 << p.item) != 0;
                let intent = if t < price_at {
                    if x < 0.6 {
                        QUESTION
                    } else if x < 0.8 {
                        PRAISE
                    } else {
                        CHATTER
                    }
                } else if t < link_at || !bought {
                    if x < 0.5 {
                        OBJECTION
                    } else if x < 0.7 {
                        QUESTION
                    } else {
                        CHATTER
                    }
                } else if x < 0.8 {
                    PURCHASE
                } else {
                    PRAISE
                };
                match intent {
                    OBJECTION if t < price_at => self.truth.objections_before_price += 1,
                    OBJECTION => self.truth.objections_after_price += 1,
                    PURCHASE if t < link_at => self.truth.purchases_before_link += 1,
                    PURCHASE => self.truth.purchases_after_link += 1,
                    _ => {}
                }
                (intent, Some(p.item))
            }
            None if x < 0.3 => (PRAISE, None),
            None if x < 0.38 => (COMPLAINT, None),
            None if x < 0.5 => (QUESTION, None),
            None => (CHATTER, None),
        };
        let item = item.unwrap_or(rows[i].user as u8 % ITEMS.len() as u8) as usize;
        let it = &ITEMS[item];
        let templates = TEMPLATES[intent];
        let tpl = templates[random::index(&mut self.rng, 0..templates.len())];
        let text = fill(tpl, it.title, it.price_cents, CATEGORIES[it.cat]);
        rows[i].text = self.text(text);
        self.intents[intent] += 1;
        if intent == QUESTION {
            self.truth.questions += 1;
            if self.rng.gen::<f64>() < ANSWER_P {
                self.truth.answered += 1;
                let a = ANSWERS[random::index(&mut self.rng, 0..ANSWERS.len())];
                let at = (t + self.rng.gen_range(20..290i64))
                    .min(plan.end - 1)
                    .max(t);
                let mut r = event_row(at, rows[i].user, EventKind::Answer, rows[i].session);
                r.text = self.text(format!(
                    "回复：{}",
                    fill(a, it.title, it.price_cents, CATEGORIES[it.cat])
                ));
                rows.push(r);
            }
        }
    }

    /// The session's coupon (on its first pitched course): its buyers claim and use it, other
    /// viewers of its card sometimes claim it.
    #[allow(clippy::too_many_arguments)]
    fn coupon(
        &mut self,
        plan: &SessionPlan,
        s: usize,
        u: u32,
        rows: &mut Vec<EventRow>,
        from: usize,
        end: usize,
        paid_items: u64,
        orders: &mut [OrderRow],
    ) {
        let Some(p) = plan
            .pitches
            .iter()
            .find(|p| ITEMS[p.item as usize].kind == ItemType::Course)
        else {
            return;
        };
        let item = p.item;
        if paid_items & (1u64 << item) != 0 {
            if self.rng.gen::<f64>() >= CLAIM_IF_BUYER {
                return;
            }
            let Some(k) =
                (from..end).find(|&k| rows[k].kind == EventKind::Pay && rows[k].item == item)
            else {
                return;
            };
            let pay_t = rows[k].t;
            rows[k].coupon = true;
            let order = rows[k].order;
            for o in orders.iter_mut().filter(|o| o.order == order) {
                o.coupon = true;
            }
            let claim_t = (pay_t - self.rng.gen_range(20..120i64)).max(p.start.min(pay_t));
            for (t, kind) in [
                (claim_t, EventKind::CouponClaim),
                (pay_t, EventKind::CouponUse),
            ] {
                let mut r = event_row(t, u, kind, s as u16);
                r.coupon = true;
                rows.push(r);
            }
            self.truth.coupon_claims += 1;
            self.truth.coupon_uses += 1;
        } else if let Some(k) = (from..end).find(|&k| {
            rows[k].kind == EventKind::ProductView
                && rows[k].item == item
                && rows[k].t >= p.start
                && rows[k].t < p.end
        }) {
            if self.rng.gen::<f64>() < CLAIM_IF_VIEWER {
                let mut r = event_row(rows[k].t + 5, u, EventKind::CouponClaim, s as u16);
                r.coupon = true;
                rows.push(r);
                self.truth.coupon_claims += 1;
            }
        }
    }

    /// After every attendee of session `s`: the lucky bag's freebie hunters (people of the
    /// `pool` who do not attend, in the room for the bag only) and its winners. Returns the
    /// hunters.
    pub(super) fn finish_session(
        &mut self,
        plan: &SessionPlan,
        s: usize,
        pool: &[u32],
        followed: &[bool],
        rows: &mut Vec<EventRow>,
    ) -> Vec<u32> {
        let Some((a, b)) = Room::bag(s, plan) else {
            return Vec::new();
        };
        // `max(3, attendees / 20)` distinct people of the pool (fewer if the pool is smaller).
        let mut pool: Vec<u32> = pool.to_vec();
        let n = (plan.attendees.len() / 20).max(3).min(pool.len());
        let mut hunters = Vec::with_capacity(n);
        for k in 0..n {
            let j = random::index(&mut self.rng, k..pool.len());
            pool.swap(k, j);
            let u = pool[k];
            hunters.push(u);
            let enter = a + self.rng.gen_range(0..30i64);
            let mut e = event_row(enter, u, EventKind::Enter, s as u16);
            e.src = 1; // the bag is pushed in the feed
            e.fol = if followed.get(u as usize).copied().unwrap_or(false) {
                2
            } else {
                1
            };
            self.source[0].0 += 1;
            rows.push(e);
            let join = enter + self.rng.gen_range(5..60i64);
            rows.push(event_row(join, u, EventKind::LotteryJoin, s as u16));
            rows.push(event_row(
                b + self.rng.gen_range(0..30i64),
                u,
                EventKind::Leave,
                s as u16,
            ));
            self.participants.push(u);
            self.truth.bag_participants += 1;
        }
        for _ in 0..WINNERS.min(self.participants.len()) {
            let k = random::index(&mut self.rng, 0..self.participants.len());
            let u = self.participants.swap_remove(k);
            rows.push(event_row(b, u, EventKind::LotteryWin, s as u16));
        }
        self.participants.clear();
        self.truth.lucky_bags.push(LuckyBag {
            session: format!("s{:02}", s + 1),
            start: a,
            end: b,
            hunters: hunters.len() as u64,
        });
        hunters
    }

    /// The truth, with the tallies written out.
    pub(super) fn finish(mut self) -> RoomTruth {
        self.truth.comment_intents = INTENTS
            .iter()
            .zip(self.intents)
            .map(|(k, n)| ((*k).to_owned(), n))
            .collect();
        self.truth.source_visits = SOURCES
            .iter()
            .zip(self.source)
            .map(|((_, k), (v, b))| ((*k).to_owned(), v, b))
            .collect();
        self.truth.source_order = SOURCE_ORDER.iter().map(|s| (*s).to_owned()).collect();
        self.truth
    }
}

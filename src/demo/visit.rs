//! Stage 2, visit: one attendee's visit to one session, as event rows — when they are in the
//! room, what they see and buy during the pitches and in the shop window, how they engage, and
//! the orders they pay (and later refund). [`simulate_visit`] runs the steps in a fixed order:
//! the order of the random draws is part of what makes a seed give the same files.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalog::{Segment, ITEMS, SEGMENTS};
use super::csv_writer::DAY;
use super::plan::{Pitch, SessionPlan, User};
use super::random::{poisson, range_u32, weighted};
use crate::model::EventKind;

/// No item.
pub(super) const NO_ITEM: u8 = u8::MAX;

/// One event row; times are local seconds since 1970-01-01 (UTC+08:00 wall clock).
#[derive(Clone, Copy)]
pub(super) struct EventRow {
    pub(super) t: i64,
    pub(super) user: u32,
    /// 0 = none, else the order number.
    pub(super) order: u32,
    /// Cents; only meaningful for order/pay/refund.
    pub(super) amount: u32,
    pub(super) session: u16,
    pub(super) item: u8,
    pub(super) kind: EventKind,
    /// Comment or answer text: 0 = none, else an index + 1 into the room's texts.
    pub(super) text: u32,
    /// Traffic source of an `enter`: 0 = none, else an index + 1 into `room::SOURCES`.
    pub(super) src: u8,
    /// Follower status of an `enter`: 0 = none, 1 = no, 2 = yes.
    pub(super) fol: u8,
    /// Whether the row carries the session's coupon.
    pub(super) coupon: bool,
}

/// One paid order, a row of `orders.csv`.
pub(super) struct OrderRow {
    pub(super) order: u32,
    pub(super) user: u32,
    pub(super) session: u16,
    pub(super) item: u8,
    pub(super) amount: u32,
    pub(super) paid: i64,
    pub(super) refunded: Option<i64>,
    /// Paid with the session's coupon (list price = amount + the coupon's discount).
    pub(super) coupon: bool,
}

/// An event row without item, order or amount.
pub(super) fn event_row(t: i64, user: u32, kind: EventKind, session: u16) -> EventRow {
    EventRow {
        t,
        user,
        order: 0,
        amount: 0,
        session,
        item: NO_ITEM,
        kind,
        text: 0,
        src: 0,
        fol: 0,
        coupon: false,
    }
}

/// Mutable state carried across sessions.
pub(super) struct AcrossSessions {
    /// Items bought per user (bit i = item i).
    pub(super) bought: Vec<u64>,
    pub(super) followed: Vec<bool>,
    /// Per user, bits 0..3: viewed a session of host h; bits 3..6: paid in one.
    pub(super) host_flags: Vec<u8>,
    /// Session index the user is attending now (to skip impressions for attendees).
    pub(super) attending: Vec<u16>,
    pub(super) next_order: u32,
    /// Refunds not yet written (they fall after the session of their order).
    pub(super) pending_refunds: Vec<EventRow>,
}

impl AcrossSessions {
    pub(super) fn new(n_users: usize) -> AcrossSessions {
        AcrossSessions {
            bought: vec![0u64; n_users],
            followed: vec![false; n_users],
            host_flags: vec![0u8; n_users],
            attending: vec![u16::MAX; n_users],
            next_order: 1,
            pending_refunds: Vec::new(),
        }
    }
}

/// Up to two visit intervals `[enter, leave)`.
#[derive(Clone, Copy)]
struct Visits {
    iv: [(i64, i64); 2],
    n: usize,
}

impl Visits {
    fn slice(&self) -> &[(i64, i64)] {
        &self.iv[..self.n]
    }

    fn total(&self) -> i64 {
        self.slice().iter().map(|(a, b)| b - a).sum()
    }

    /// A uniformly random time inside the visits, with the end of its interval.
    fn random_time(&self, rng: &mut ChaCha8Rng) -> (i64, i64) {
        let total = self.total().max(1);
        let mut o = rng.gen_range(0..total);
        for &(a, b) in self.slice() {
            if o < b - a {
                return (a + o, b);
            }
            o -= b - a;
        }
        let (a, b) = self.iv[0];
        (a, b)
    }
}

/// One attendee in one session: who, where, and when they are in the room.
struct Viewer<'a> {
    plan: &'a SessionPlan,
    /// Session index.
    s: u16,
    user: &'a User,
    /// User index.
    u: u32,
    seg: &'a Segment,
    visits: Visits,
    /// Whether the last visit lasts to the end of the session (no `leave` row).
    stays: bool,
    /// The largest of the segment's product-type weights.
    tw_max: f64,
}

impl Viewer<'_> {
    /// When the viewer is in the room during pitch `p`: `(from, to, end of that visit)`, if for
    /// at least 5 seconds.
    fn present(&self, p: &Pitch) -> Option<(i64, i64, i64)> {
        self.visits.slice().iter().find_map(|&(a, b)| {
            let lo = a.max(p.start);
            let hi = b.min(p.end);
            (hi - lo >= 5).then_some((lo, hi, b))
        })
    }

    fn event(&self, t: i64, kind: EventKind) -> EventRow {
        event_row(t, self.u, kind, self.s)
    }

    fn item_event(&self, t: i64, kind: EventKind, item: u8) -> EventRow {
        EventRow {
            item,
            ..self.event(t, kind)
        }
    }
}

/// Items a viewer came to buy in this session (up to 8; `NO_ITEM` once bought).
struct PlannedBuys {
    items: [u8; 8],
    n: usize,
}

/// Simulates user `u` attending session `s` with `buys` planned paid purchases: pushes the event
/// rows to `out`, the paid orders to `orders`, and later refunds to `st.pending_refunds`.
#[allow(clippy::too_many_arguments)]
pub(super) fn simulate_visit(
    rng: &mut ChaCha8Rng,
    st: &mut AcrossSessions,
    plan: &SessionPlan,
    s: u16,
    user: &User,
    u: u32,
    buys: u8,
    out: &mut Vec<EventRow>,
    orders: &mut Vec<OrderRow>,
) {
    let seg = &SEGMENTS[user.seg as usize];
    let (visits, stays) = time_in_room(rng, seg, plan);
    st.host_flags[u as usize] |= 1 << plan.host;
    let tw_max = seg
        .type_weights
        .iter()
        .cloned()
        .fold(0.0, f64::max)
        .max(1e-9);
    let viewer = Viewer {
        plan,
        s,
        user,
        u,
        seg,
        visits,
        stays,
        tw_max,
    };
    arrive(&viewer, rng, out);
    let mut planned = plan_purchases(&viewer, rng, st, buys);
    watch_pitches(&viewer, rng, st, &mut planned, out, orders);
    buy_missed_pitches(&viewer, rng, st, &planned, out, orders);
    browse_shop_window(&viewer, rng, st, out);
    engage(&viewer, rng, st, out);
    leave(&viewer, out);
}

/// The viewer's watch time, split into one or two visits, and whether the last one lasts to
/// the end of the session.
fn time_in_room(rng: &mut ChaCha8Rng, seg: &Segment, plan: &SessionPlan) -> (Visits, bool) {
    let dur = plan.end - plan.start;
    // Watch time, split into one or two visits.
    let watch = match seg.watch_secs {
        Some(r) => range_u32(rng, r) as i64,
        None => (rng.gen_range(seg.watch_frac.0..=seg.watch_frac.1) * dur as f64) as i64,
    }
    .clamp(10, dur);
    let mut v = Visits {
        iv: [(0, 0); 2],
        n: 1,
    };
    let gap = rng.gen_range(120..900i64);
    let split = watch > 240 && watch + gap < dur && rng.gen::<f64>() < seg.reenter;
    let span = if split { watch + gap } else { watch };
    // Entry time: triangular over the free room, so concurrency rises then falls.
    let x = (rng.gen::<f64>() + rng.gen::<f64>()) / 2.0;
    let e0 = plan.start + ((dur - span) as f64 * x) as i64;
    if split {
        let w1 = (watch as f64 * rng.gen_range(0.3..0.7)) as i64;
        v.iv[0] = (e0, e0 + w1);
        v.iv[1] = (e0 + w1 + gap, e0 + span);
        v.n = 2;
    } else {
        v.iv[0] = (e0, e0 + watch);
    }
    // Viewers whose visit reaches the last minutes often just stay to the end (no leave row).
    let last = v.n - 1;
    let stays = v.iv[last].1 >= plan.end - 300 && rng.gen::<f64>() < 0.6;
    if stays {
        v.iv[last].1 = plan.end;
    }
    (v, stays)
}

/// A feed impression before entering (mostly for feed and ad traffic), then an `enter` per
/// visit.
fn arrive(v: &Viewer, rng: &mut ChaCha8Rng, out: &mut Vec<EventRow>) {
    let imp_p = match v.user.channel {
        0 | 4 => 0.9,
        _ => 0.3,
    };
    if rng.gen::<f64>() < imp_p {
        out.push(v.event(
            v.visits.iv[0].0 - rng.gen_range(1..30i64),
            EventKind::Impression,
        ));
    }
    for &(a, _) in v.visits.slice() {
        out.push(v.event(a, EventKind::Enter));
    }
}

/// Planned purchases: items not bought before. Candidates are the whole shop window (the
/// catalogue); preferred categories and pitched items (above all those pitched while the
/// viewer is in the room) are favoured.
fn plan_purchases(v: &Viewer, rng: &mut ChaCha8Rng, st: &AcrossSessions, buys: u8) -> PlannedBuys {
    let mut planned = PlannedBuys {
        items: [NO_ITEM; 8],
        n: 0,
    };
    let mut w: Vec<f64> = Vec::with_capacity(ITEMS.len());
    for _ in 0..buys.min(8) {
        w.clear();
        w.extend(ITEMS.iter().enumerate().map(|(j, it)| {
            let j = j as u8;
            if st.bought[v.u as usize] & (1u64 << j) != 0 || planned.items.contains(&j) {
                return 0.0;
            }
            let pref = if v.user.prefers(it.cat) { 16.0 } else { 1.0 };
            let here = match v.plan.pitches.iter().find(|p| p.item == j) {
                Some(p) if v.present(p).is_some() => 3.0,
                Some(_) => 2.0,
                None => 1.0,
            };
            v.seg.type_weights[it.kind as usize] * pref * here
        }));
        if w.iter().sum::<f64>() <= 0.0 {
            break;
        }
        planned.items[planned.n] = weighted(rng, &w) as u8;
        planned.n += 1;
    }
    planned
}

/// The pitches the viewer is in the room for: a planned item is bought during its pitch;
/// others are viewed, sometimes clicked, carted, or ordered and never paid.
fn watch_pitches(
    v: &Viewer,
    rng: &mut ChaCha8Rng,
    st: &mut AcrossSessions,
    planned: &mut PlannedBuys,
    out: &mut Vec<EventRow>,
    orders: &mut Vec<OrderRow>,
) {
    let seg = v.seg;
    for p in &v.plan.pitches {
        let Some((lo, hi, leave)) = v.present(p) else {
            continue;
        };
        let it = &ITEMS[p.item as usize];
        if let Some(k) = planned.items[..planned.n].iter().position(|&x| x == p.item) {
            planned.items[k] = NO_ITEM;
            let r = purchase_flow(rng, st, out, v.u, v.s, p.item, lo, leave, true, true);
            record_payment(v, rng, st, orders, p.item, r);
            continue;
        }
        let pref = v.user.prefers(it.cat);
        if rng.gen::<f64>() >= if pref { 0.9 } else { 0.55 } {
            continue;
        }
        let tv = lo + rng.gen_range(0..=((hi - lo) / 3).clamp(0, 30));
        out.push(v.item_event(tv, EventKind::ProductView, p.item));
        let type_f = 0.3 + 0.7 * seg.type_weights[it.kind as usize] / v.tw_max;
        let click_p = seg.click_p * if pref { 1.0 } else { 0.15 } * type_f;
        if rng.gen::<f64>() < click_p {
            let tc = (tv + rng.gen_range(3..60i64)).min(hi);
            if rng.gen::<f64>() < seg.abandon_p {
                // Click, maybe cart, order never paid.
                purchase_flow(rng, st, out, v.u, v.s, p.item, tc, leave, false, false);
            } else {
                out.push(v.item_event(tc, EventKind::Click, p.item));
                if rng.gen::<f64>() < 0.25 {
                    let ta = (tc + rng.gen_range(3..40i64)).min(leave);
                    out.push(v.item_event(ta, EventKind::AddCart, p.item));
                }
            }
        }
    }
}

/// Planned purchases whose pitch the viewer missed: bought from the shop window at a random
/// time of the visit.
fn buy_missed_pitches(
    v: &Viewer,
    rng: &mut ChaCha8Rng,
    st: &mut AcrossSessions,
    planned: &PlannedBuys,
    out: &mut Vec<EventRow>,
    orders: &mut Vec<OrderRow>,
) {
    for &item in &planned.items[..planned.n] {
        if item == NO_ITEM {
            continue;
        }
        let (t0, b) = v.visits.random_time(rng);
        let r = purchase_flow(rng, st, out, v.u, v.s, item, t0, b, true, true);
        record_payment(v, rng, st, orders, item, r);
    }
}

/// Shop-window browsing at a rate per hour in the room: a few product cards viewed, one
/// clicked, and now and then an order placed and never paid.
fn browse_shop_window(
    v: &Viewer,
    rng: &mut ChaCha8Rng,
    st: &mut AcrossSessions,
    out: &mut Vec<EventRow>,
) {
    let seg = v.seg;
    let hours = v.visits.total() as f64 / 3600.0;
    let n_browse = poisson(rng, seg.browse_per_hour * hours);
    if n_browse == 0 {
        return;
    }
    let mut pitched = 0u64;
    for p in &v.plan.pitches {
        pitched |= 1u64 << p.item;
    }
    let w: Vec<f64> = ITEMS
        .iter()
        .enumerate()
        .map(|(j, it)| {
            let pref = if v.user.prefers(it.cat) { 12.0 } else { 1.0 };
            let here = if pitched & (1u64 << j) != 0 { 2.0 } else { 1.0 };
            pref * here * (0.1 + seg.type_weights[it.kind as usize] / v.tw_max)
        })
        .collect();
    for _ in 0..n_browse {
        let item = weighted(rng, &w) as u8;
        let (t, b) = v.visits.random_time(rng);
        // Scrolling the shop window shows a few other cards before the one clicked.
        for _ in 0..rng.gen_range(1..=3) {
            let other = weighted(rng, &w) as u8;
            out.push(v.item_event(t, EventKind::ProductView, other));
        }
        out.push(v.item_event(t, EventKind::ProductView, item));
        let tc = (t + rng.gen_range(2..20i64)).min(b);
        out.push(v.item_event(tc, EventKind::Click, item));
        // Now and then an order is placed from the shop window and never paid.
        if rng.gen::<f64>() < seg.abandon_p * 0.1 {
            let order = st.next_order;
            st.next_order += 1;
            out.push(EventRow {
                t: (tc + rng.gen_range(5..60i64)).min(b),
                user: v.u,
                order,
                amount: ITEMS[item as usize].price_cents,
                session: v.s,
                item,
                kind: EventKind::Order,
                ..event_row(0, 0, EventKind::Order, 0)
            });
        }
    }
}

/// Comments and likes at a rate per hour in the room, maybe a share, gifts, and a first follow.
fn engage(v: &Viewer, rng: &mut ChaCha8Rng, st: &mut AcrossSessions, out: &mut Vec<EventRow>) {
    let seg = v.seg;
    let hours = v.visits.total() as f64 / 3600.0;
    for (kind, n) in [
        (
            EventKind::Comment,
            poisson(rng, seg.comments_per_hour * hours),
        ),
        (EventKind::Like, poisson(rng, seg.likes_per_hour * hours)),
        (EventKind::Share, (rng.gen::<f64>() < seg.share_p) as u32),
        (
            EventKind::Gift,
            if rng.gen::<f64>() < seg.gift_p {
                rng.gen_range(1..=3)
            } else {
                0
            },
        ),
    ] {
        for _ in 0..n {
            let (t, _) = v.visits.random_time(rng);
            out.push(v.event(t, kind));
        }
    }
    if !st.followed[v.u as usize] && rng.gen::<f64>() < seg.follow_p {
        st.followed[v.u as usize] = true;
        let (t, _) = v.visits.random_time(rng);
        out.push(v.event(t, EventKind::Follow));
    }
}

/// A `leave` per visit, except for a viewer who stays to the end. Leaves are pushed last, so
/// that events at the same second sort before them.
fn leave(v: &Viewer, out: &mut Vec<EventRow>) {
    let last = v.visits.n - 1;
    for (k, &(_, b)) in v.visits.slice().iter().enumerate() {
        if !(v.stays && k == last) {
            out.push(v.event(b, EventKind::Leave));
        }
    }
}

/// A paid purchase (`r` = order and pay time): marks the item bought and the host converting,
/// maybe schedules a refund 1–7 days later, and records the order row.
fn record_payment(
    v: &Viewer,
    rng: &mut ChaCha8Rng,
    st: &mut AcrossSessions,
    orders: &mut Vec<OrderRow>,
    item: u8,
    r: Option<(u32, i64)>,
) {
    let Some((order, t)) = r else {
        return;
    };
    let u = v.u;
    st.bought[u as usize] |= 1u64 << item;
    st.host_flags[u as usize] |= 1 << (3 + v.plan.host);
    let amount = ITEMS[item as usize].price_cents;
    let refunded = (rng.gen::<f64>() < v.seg.refund_p).then(|| {
        let day = t.div_euclid(DAY) + rng.gen_range(1..8i64);
        day * DAY + rng.gen_range(9 * 3600..23 * 3600i64)
    });
    if let Some(rt) = refunded {
        st.pending_refunds.push(EventRow {
            t: rt,
            user: u,
            order,
            amount,
            session: v.s,
            item,
            kind: EventKind::Refund,
            ..event_row(0, 0, EventKind::Refund, 0)
        });
    }
    orders.push(OrderRow {
        order,
        user: u,
        session: v.s,
        item,
        amount,
        paid: t,
        refunded,
        coupon: false,
    });
}

/// Emits one purchase (or purchase attempt) sequence starting at `lo`, all inside `[lo, limit]`:
/// product_view? → click → add_cart? → order → pay?. Returns the order and pay time if paid.
#[allow(clippy::too_many_arguments)]
fn purchase_flow(
    rng: &mut ChaCha8Rng,
    st: &mut AcrossSessions,
    out: &mut Vec<EventRow>,
    user: u32,
    session: u16,
    item: u8,
    lo: i64,
    limit: i64,
    with_view: bool,
    pay: bool,
) -> Option<(u32, i64)> {
    let cart = rng.gen::<f64>() < 0.7;
    let mut gaps = [
        if with_view {
            rng.gen_range(0..20i64)
        } else {
            0
        },
        rng.gen_range(5..40i64),
        if cart { rng.gen_range(5..30i64) } else { 0 },
        rng.gen_range(10..60i64),
        rng.gen_range(10..120i64),
    ];
    let sum: i64 = gaps.iter().sum();
    let avail = (limit - lo).max(0);
    if sum > avail {
        for g in gaps.iter_mut() {
            *g = *g * avail / sum.max(1);
        }
    }
    let mut t = lo;
    let amount = ITEMS[item as usize].price_cents;
    let mut push = |t: i64, kind: EventKind, order: u32| {
        out.push(EventRow {
            t,
            user,
            order,
            amount: if order == 0 { 0 } else { amount },
            session,
            item,
            kind,
            ..event_row(0, 0, kind, 0)
        })
    };
    t += gaps[0];
    if with_view {
        push(t, EventKind::ProductView, 0);
    }
    t += gaps[1];
    push(t, EventKind::Click, 0);
    if cart {
        t += gaps[2];
        push(t, EventKind::AddCart, 0);
    }
    t += gaps[3];
    let order = st.next_order;
    st.next_order += 1;
    push(t, EventKind::Order, order);
    if !pay {
        return None;
    }
    t += gaps[4];
    push(t, EventKind::Pay, order);
    Some((order, t))
}

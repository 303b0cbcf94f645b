//! The simulation: plans sessions and the audience up front (small), then generates and writes
//! the events session by session (only one session's events are held in memory).

use std::io::Write;

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalog::{
    Segment, AGE_BANDS, AGE_WEIGHTS, CATEGORIES, CATEGORY_POPULARITY, CHANNELS, CHANNEL_WEIGHTS,
    CITY_TIERS, GENDERS, HOSTS, ITEMS, SEGMENTS,
};
use super::out::{days_from_civil, Out, DAY};
use super::GroundTruth;
use crate::model::EventKind;
use crate::Result;

/// Number of live sessions, whatever the scale.
pub(crate) const N_SESSIONS: usize = 30;
/// Weekdays with a session (0 = Monday): 5 evenings a week for 6 weeks.
const WEEKDAYS: [i64; 5] = [0, 1, 3, 4, 6];
/// No item.
const NO_ITEM: u8 = u8::MAX;

/// A product pitch: the host presents `item` during `[start, end)`.
struct Pitch {
    item: u8,
    start: i64,
    end: i64,
}

struct SessionPlan {
    host: usize,
    start: i64,
    end: i64,
    title: String,
    pitches: Vec<Pitch>,
    /// Attendees and the number of paid purchases planned for them in this session.
    attendees: Vec<(u32, u8)>,
}

impl SessionPlan {
    fn suits(&self, u: &User) -> bool {
        HOSTS[self.host].cats.iter().any(|&c| u.prefers(c))
    }
}

struct User {
    seg: u8,
    cats: [u8; 2],
    n_cats: u8,
    channel: u8,
    age: u8,
    gender: u8,
    tier: u8,
    /// Index of the first session attended.
    arrival: u16,
}

impl User {
    fn prefers(&self, cat: usize) -> bool {
        self.cats[..self.n_cats as usize]
            .iter()
            .any(|&c| c as usize == cat)
    }
}

/// One event row; times are local seconds since 1970-01-01 (UTC+08:00 wall clock).
#[derive(Clone, Copy)]
struct Ev {
    t: i64,
    user: u32,
    /// 0 = none, else the order number.
    order: u32,
    /// Cents; only meaningful for order/pay/refund.
    amount: u32,
    session: u16,
    item: u8,
    kind: EventKind,
}

struct OrderRow {
    order: u32,
    user: u32,
    session: u16,
    item: u8,
    amount: u32,
    paid: i64,
    refunded: Option<i64>,
}

fn weighted(rng: &mut ChaCha8Rng, w: &[f64]) -> usize {
    let total: f64 = w.iter().sum();
    if total <= 0.0 {
        return 0;
    }
    let mut x = rng.gen::<f64>() * total;
    for (i, &wi) in w.iter().enumerate() {
        if x < wi {
            return i;
        }
        x -= wi;
    }
    w.len().saturating_sub(1)
}

fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    if mean > 40.0 {
        // Normal approximation.
        let u1: f64 = rng.gen::<f64>().max(1e-12);
        let u2: f64 = rng.gen();
        let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        return (mean + z * mean.sqrt()).round().max(0.0) as u32;
    }
    let l = (-mean).exp();
    let mut k = 0;
    let mut p = 1.0;
    loop {
        p *= rng.gen::<f64>();
        if p <= l {
            return k;
        }
        k += 1;
    }
}

fn range_u32(rng: &mut ChaCha8Rng, r: (u32, u32)) -> u32 {
    rng.gen_range(r.0..=r.1.max(r.0))
}

/// The planned world: sessions (with pitches and attendees) and users.
pub(crate) struct World {
    rng: ChaCha8Rng,
    sessions: Vec<SessionPlan>,
    users: Vec<User>,
}

impl World {
    pub(crate) fn plan(mut rng: ChaCha8Rng, n_users: usize) -> World {
        let mut sessions = plan_sessions(&mut rng);
        let mut users = plan_users(&mut rng, n_users);
        plan_attendance(&mut rng, &mut users, &mut sessions);
        World {
            rng,
            sessions,
            users,
        }
    }

    fn write_items<W: Write>(&self, w: W) -> Result<()> {
        let mut o = Out::new(w);
        o.row(&["item_id", "title", "category", "tags", "price"])?;
        let mut tags = String::new();
        for (i, it) in ITEMS.iter().enumerate() {
            o.id(b'p', i as u64 + 1, 2)?;
            o.str(it.title)?;
            o.str(CATEGORIES[it.cat])?;
            tags.clear();
            tags.push_str(it.kind.tag());
            tags.push('|');
            tags.push_str(CATEGORIES[it.cat]);
            tags.push('|');
            tags.push_str(it.tags);
            o.str(&tags)?;
            o.money(it.price_cents as u64)?;
            o.end()?;
        }
        o.finish()
    }

    fn write_users<W: Write>(&self, w: W) -> Result<()> {
        let mut o = Out::new(w);
        o.row(&["user_id", "age_band", "gender", "city_tier", "channel"])?;
        for (i, u) in self.users.iter().enumerate() {
            o.id(b'u', i as u64 + 1, 6)?;
            o.str(AGE_BANDS[u.age as usize])?;
            o.str(GENDERS[u.gender as usize])?;
            o.str(CITY_TIERS[u.tier as usize])?;
            o.str(CHANNELS[u.channel as usize])?;
            o.end()?;
        }
        o.finish()
    }

    fn write_sessions<W: Write>(&mut self, w: W) -> Result<()> {
        let mut o = Out::new(w);
        o.row(&["session_id", "host", "title", "start", "end", "ad_spend"])?;
        for (i, s) in self.sessions.iter().enumerate() {
            // Paid traffic roughly proportional to the audience: 15–45 CNY per viewer, in
            // whole tens of yuan (ROI of a few ×).
            let per_viewer = self.rng.gen_range(1_500..4_500u64);
            let spend = (s.attendees.len() as u64 * per_viewer).div_ceil(1_000) * 1_000;
            o.id(b's', i as u64 + 1, 2)?;
            o.str(HOSTS[s.host].name)?;
            o.str(&s.title)?;
            o.ts(s.start)?;
            o.ts(s.end)?;
            o.money(spend)?;
            o.end()?;
        }
        o.finish()
    }

    /// Writes all five files and returns the ground truth.
    pub(crate) fn write<W: Write>(
        mut self,
        events: W,
        orders: W,
        items: W,
        users: W,
        sessions: W,
    ) -> Result<GroundTruth> {
        self.write_items(items)?;
        self.write_users(users)?;
        self.write_sessions(sessions)?;
        let host_conversion = self.write_events(events, orders)?;
        let gt = GroundTruth {
            segments: SEGMENTS.iter().map(|s| s.name.to_owned()).collect(),
            user_segment: self
                .users
                .iter()
                .enumerate()
                .map(|(i, u)| (user_id(i), u.seg as usize))
                .collect(),
            user_categories: self
                .users
                .iter()
                .enumerate()
                .map(|(i, u)| {
                    let cats = u.cats[..u.n_cats as usize]
                        .iter()
                        .map(|&c| CATEGORIES[c as usize].to_owned())
                        .collect();
                    (user_id(i), cats)
                })
                .collect(),
            host_conversion,
            tz_offset_minutes: 480,
        };
        Ok(gt)
    }

    /// Generates and writes the events and orders session by session. Returns each host's
    /// measured conversion (distinct paying users / distinct viewers over its sessions).
    fn write_events<W: Write>(&mut self, events: W, orders: W) -> Result<Vec<(String, f64)>> {
        let mut ev_out = Out::new(events);
        ev_out.row(&[
            "user_id",
            "session_id",
            "event",
            "timestamp",
            "item_id",
            "order_id",
            "amount",
        ])?;
        let mut ord_out = Out::new(orders);
        ord_out.row(&[
            "order_id",
            "user_id",
            "session_id",
            "item_id",
            "amount",
            "paid_at",
            "status",
            "refunded_at",
        ])?;
        let n_users = self.users.len();
        let mut st = State {
            bought: vec![0u64; n_users],
            followed: vec![false; n_users],
            // Bits 0..3: viewed a session of host h; bits 3..6: paid in one.
            host_flags: vec![0u8; n_users],
            attending: vec![u16::MAX; n_users],
            next_order: 1,
            pending_refunds: Vec::new(),
        };
        let mut buf: Vec<Ev> = Vec::new();
        let mut order_rows: Vec<OrderRow> = Vec::new();
        // Users are sorted by arrival: users[..arrived[s]] arrived before session s.
        let arrived: Vec<usize> = (0..=N_SESSIONS)
            .map(|s| self.users.partition_point(|u| (u.arrival as usize) < s))
            .collect();
        for s in 0..self.sessions.len() {
            buf.clear();
            order_rows.clear();
            let plan = &self.sessions[s];
            // Refunds falling before this session ends are written with it (time-sorted file).
            let mut i = 0;
            while i < st.pending_refunds.len() {
                if st.pending_refunds[i].t < plan.end {
                    buf.push(st.pending_refunds.swap_remove(i));
                } else {
                    i += 1;
                }
            }
            let first_order = st.next_order;
            for &(u, buys) in &plan.attendees {
                st.attending[u as usize] = s as u16;
                simulate_visit(
                    &mut self.rng,
                    &mut st,
                    plan,
                    s as u16,
                    &self.users[u as usize],
                    u,
                    buys,
                    &mut buf,
                    &mut order_rows,
                );
            }
            // Feed impressions of earlier viewers who do not come in this time.
            let pool = arrived.get(s).copied().unwrap_or(0);
            if pool > 0 {
                let n = plan.attendees.len() / 4;
                for _ in 0..n {
                    let u = self.rng.gen_range(0..pool);
                    if st.attending[u] as usize == s {
                        continue;
                    }
                    let t = self.rng.gen_range(plan.start..plan.end);
                    buf.push(ev(t, u as u32, EventKind::Impression, s as u16));
                }
            }
            buf.sort_by_key(|e| e.t);
            separate_duplicates(&mut buf);
            renumber_orders(
                first_order,
                &mut buf,
                &mut order_rows,
                &mut st.pending_refunds,
            );
            for e in &buf {
                write_event(&mut ev_out, e)?;
            }
            order_rows.sort_by_key(|r| (r.paid, r.order));
            for r in &order_rows {
                ord_out.id(b'o', r.order as u64, 7)?;
                ord_out.id(b'u', r.user as u64 + 1, 6)?;
                ord_out.id(b's', r.session as u64 + 1, 2)?;
                ord_out.id(b'p', r.item as u64 + 1, 2)?;
                ord_out.money(r.amount as u64)?;
                ord_out.ts(r.paid)?;
                match r.refunded {
                    Some(t) => {
                        ord_out.str("refunded")?;
                        ord_out.ts(t)?;
                    }
                    None => {
                        ord_out.str("paid")?;
                        ord_out.empty()?;
                    }
                }
                ord_out.end()?;
            }
        }
        let mut rest = std::mem::take(&mut st.pending_refunds);
        rest.sort_by_key(|e| (e.t, e.order));
        for e in &rest {
            write_event(&mut ev_out, e)?;
        }
        ev_out.finish()?;
        ord_out.finish()?;
        let mut conv = Vec::with_capacity(HOSTS.len());
        for (h, host) in HOSTS.iter().enumerate() {
            let viewers = st.host_flags.iter().filter(|&&f| f & (1 << h) != 0).count();
            let buyers = st
                .host_flags
                .iter()
                .filter(|&&f| f & (1 << (3 + h)) != 0)
                .count();
            let rate = if viewers == 0 {
                0.0
            } else {
                buyers as f64 / viewers as f64
            };
            conv.push((host.name.to_owned(), rate));
        }
        Ok(conv)
    }
}

/// Order numbers are handed out while each viewer is simulated; this renumbers the orders created
/// in one session (numbers `first..`) in the time order of their `order` events, so that order
/// ids increase with time. `buf` must be sorted by time.
fn renumber_orders(first: u32, buf: &mut [Ev], rows: &mut [OrderRow], pending: &mut [Ev]) {
    let mut map: Vec<u32> = Vec::new();
    let mut next = first;
    for e in buf.iter() {
        if e.kind == EventKind::Order && e.order >= first {
            let k = (e.order - first) as usize;
            if map.len() <= k {
                map.resize(k + 1, 0);
            }
            map[k] = next;
            next += 1;
        }
    }
    let remap = |o: &mut u32| {
        if *o >= first {
            if let Some(&n) = map.get((*o - first) as usize) {
                *o = n;
            }
        }
    };
    buf.iter_mut().for_each(|e| remap(&mut e.order));
    rows.iter_mut().for_each(|r| remap(&mut r.order));
    pending.iter_mut().for_each(|e| remap(&mut e.order));
}

pub(crate) fn user_id(i: usize) -> String {
    format!("u{:06}", i + 1)
}

fn ev(t: i64, user: u32, kind: EventKind, session: u16) -> Ev {
    Ev {
        t,
        user,
        order: 0,
        amount: 0,
        session,
        item: NO_ITEM,
        kind,
    }
}

fn write_event<W: Write>(o: &mut Out<W>, e: &Ev) -> Result<()> {
    o.id(b'u', e.user as u64 + 1, 6)?;
    o.id(b's', e.session as u64 + 1, 2)?;
    o.str(e.kind.key())?;
    o.ts(e.t)?;
    if e.item == NO_ITEM {
        o.empty()?;
    } else {
        o.id(b'p', e.item as u64 + 1, 2)?;
    }
    if e.order == 0 {
        o.empty()?;
        o.empty()?;
    } else {
        o.id(b'o', e.order as u64, 7)?;
        o.money(e.amount as u64)?;
    }
    o.end()
}

/// Mutable state carried across sessions.
struct State {
    /// Items bought per user (bit i = item i).
    bought: Vec<u64>,
    followed: Vec<bool>,
    host_flags: Vec<u8>,
    /// Session index the user is attending now (to skip impressions for attendees).
    attending: Vec<u16>,
    next_order: u32,
    pending_refunds: Vec<Ev>,
}

fn plan_sessions(rng: &mut ChaCha8Rng) -> Vec<SessionPlan> {
    let day0 = days_from_civil(2025, 9, 1); // a Monday
    let mut per_host_count = [0u32; 3];
    let mut out = Vec::with_capacity(N_SESSIONS);
    for i in 0..N_SESSIONS {
        let week = (i / WEEKDAYS.len()) as i64;
        let day = day0 + week * 7 + WEEKDAYS[i % WEEKDAYS.len()];
        let host = (i + week as usize) % HOSTS.len();
        per_host_count[host] += 1;
        let start = day * DAY + 19 * 3600 + rng.gen_range(0..4i64) * 1800;
        let minutes = 90 + rng.gen_range(0..=9i64) * 10;
        let end = start + minutes * 60;
        // Lineup: mostly the host's categories; at least two e-books, at most two coaching.
        let n_pitch = (minutes / 13) as usize;
        let mut chosen: Vec<u8> = Vec::with_capacity(n_pitch);
        let weights: Vec<f64> = ITEMS
            .iter()
            .map(|it| {
                if HOSTS[host].cats.contains(&it.cat) {
                    3.0
                } else {
                    0.15
                }
            })
            .collect();
        let ebooks_needed = 2;
        while chosen.len() < n_pitch {
            let mut w = weights.clone();
            for &c in &chosen {
                w[c as usize] = 0.0;
            }
            let n_ebooks = chosen
                .iter()
                .filter(|&&c| ITEMS[c as usize].kind as usize == 0)
                .count();
            let n_coach = chosen
                .iter()
                .filter(|&&c| ITEMS[c as usize].kind as usize == 2)
                .count();
            let left = n_pitch - chosen.len();
            for (j, it) in ITEMS.iter().enumerate() {
                let k = it.kind as usize;
                if (k == 2 && n_coach >= 2) || (k != 0 && left <= ebooks_needed - n_ebooks.min(2)) {
                    w[j] = 0.0;
                }
            }
            let j = weighted(rng, &w);
            chosen.push(j as u8);
        }
        chosen.shuffle(rng);
        // Pitches spread over the session, each 4–8 minutes.
        let first = start + rng.gen_range(5..12i64) * 60;
        let slot = (end - 10 * 60 - first) / n_pitch.max(1) as i64;
        let pitches = chosen
            .iter()
            .enumerate()
            .map(|(k, &item)| {
                let ps = first + k as i64 * slot + rng.gen_range(0..60i64);
                let len = rng.gen_range(4 * 60..=8 * 60i64).min(slot);
                Pitch {
                    item,
                    start: ps,
                    end: ps + len,
                }
            })
            .collect();
        // Title from the most pitched category.
        let mut cat_count = [0usize; 6];
        for &c in &chosen {
            cat_count[ITEMS[c as usize].cat] += 1;
        }
        let top = (0..6).max_by_key(|&c| (cat_count[c], 6 - c)).unwrap_or(0);
        let title = format!(
            "{}直播间·{}专场 第{}期",
            HOSTS[host].name, CATEGORIES[top], per_host_count[host]
        );
        out.push(SessionPlan {
            host,
            start,
            end,
            title,
            pitches,
            attendees: Vec::new(),
        });
    }
    out
}

fn plan_users(rng: &mut ChaCha8Rng, n_users: usize) -> Vec<User> {
    let shares: Vec<f64> = SEGMENTS.iter().map(|s| s.share).collect();
    let mut users: Vec<User> = (0..n_users)
        .map(|_| {
            let seg = weighted(rng, &shares);
            let c1 = weighted(rng, &CATEGORY_POPULARITY);
            let n_cats = if rng.gen::<f64>() < 0.45 { 2 } else { 1 };
            let mut w = CATEGORY_POPULARITY;
            w[c1] = 0.0;
            let c2 = weighted(rng, &w);
            let gender = if rng.gen::<f64>() < 0.56 { 1 } else { 0 };
            User {
                seg: seg as u8,
                cats: [c1 as u8, c2 as u8],
                n_cats,
                channel: weighted(rng, &CHANNEL_WEIGHTS[seg]) as u8,
                age: weighted(rng, &AGE_WEIGHTS[seg]) as u8,
                gender,
                tier: weighted(rng, &[0.3, 0.3, 0.25, 0.15]) as u8,
                arrival: 0,
            }
        })
        .collect();
    // Arrival (first session): drawn per segment; users are then numbered by arrival.
    for u in users.iter_mut() {
        let seg = &SEGMENTS[u.seg as usize];
        let room = N_SESSIONS + 1 - (seg.visits.0 as usize).min(N_SESSIONS);
        let span = ((room as f64 * seg.arrival_span).ceil() as usize).clamp(1, room);
        u.arrival = rng.gen_range(0..span) as u16;
    }
    users.sort_by_key(|u| u.arrival);
    users
}

/// Picks each user's sessions (arrival session plus later ones, favouring hosts of the user's
/// categories) and places their planned purchases among them.
fn plan_attendance(rng: &mut ChaCha8Rng, users: &mut [User], sessions: &mut [SessionPlan]) {
    let mut cand: Vec<(usize, f64)> = Vec::with_capacity(N_SESSIONS);
    let mut mine: Vec<usize> = Vec::with_capacity(N_SESSIONS);
    let mut buys_at = [0u8; N_SESSIONS];
    for (ui, u) in users.iter().enumerate() {
        let seg: &Segment = &SEGMENTS[u.seg as usize];
        let a = u.arrival as usize;
        let want = range_u32(rng, seg.visits) as usize;
        mine.clear();
        mine.push(a);
        cand.clear();
        cand.extend((a + 1..N_SESSIONS).map(|s| (s, if sessions[s].suits(u) { 4.0 } else { 1.0 })));
        while mine.len() < want && !cand.is_empty() {
            let w: Vec<f64> = cand.iter().map(|c| c.1).collect();
            let k = weighted(rng, &w);
            mine.push(cand.swap_remove(k).0);
        }
        buys_at.fill(0);
        let n_buys = range_u32(rng, seg.buys);
        if n_buys > 0 {
            let w: Vec<f64> = mine
                .iter()
                .map(|&s| {
                    let fit = if sessions[s].suits(u) { 3.0 } else { 1.0 };
                    fit * HOSTS[sessions[s].host].conversion_weight
                })
                .collect();
            for _ in 0..n_buys {
                let k = weighted(rng, &w);
                buys_at[mine[k]] = buys_at[mine[k]].saturating_add(1);
            }
        }
        for &s in &mine {
            sessions[s].attendees.push((ui as u32, buys_at[s]));
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

/// Emits one purchase (or purchase attempt) sequence starting at `lo`, all inside `[lo, limit]`:
/// product_view? → click → add_cart? → order → pay?. Returns the pay time if paid.
#[allow(clippy::too_many_arguments)]
fn purchase_flow(
    rng: &mut ChaCha8Rng,
    st: &mut State,
    out: &mut Vec<Ev>,
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
        out.push(Ev {
            t,
            user,
            order,
            amount: if order == 0 { 0 } else { amount },
            session,
            item,
            kind,
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

#[allow(clippy::too_many_arguments)]
fn simulate_visit(
    rng: &mut ChaCha8Rng,
    st: &mut State,
    plan: &SessionPlan,
    s: u16,
    user: &User,
    u: u32,
    buys: u8,
    out: &mut Vec<Ev>,
    orders: &mut Vec<OrderRow>,
) {
    let seg = &SEGMENTS[user.seg as usize];
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
    st.host_flags[u as usize] |= 1 << plan.host;

    // Feed impression before entering, mostly for feed/ad traffic.
    let imp_p = match user.channel {
        0 | 4 => 0.9,
        _ => 0.3,
    };
    if rng.gen::<f64>() < imp_p {
        out.push(ev(
            v.iv[0].0 - rng.gen_range(1..30i64),
            u,
            EventKind::Impression,
            s,
        ));
    }
    for &(a, _) in v.slice() {
        out.push(ev(a, u, EventKind::Enter, s));
    }

    // Planned purchases: pick items of the lineup not bought before.
    let tw_max = seg
        .type_weights
        .iter()
        .cloned()
        .fold(0.0, f64::max)
        .max(1e-9);
    let mut planned: [u8; 8] = [NO_ITEM; 8];
    let mut n_planned = 0;
    let present = |p: &Pitch| -> Option<(i64, i64, i64)> {
        v.slice().iter().find_map(|&(a, b)| {
            let lo = a.max(p.start);
            let hi = b.min(p.end);
            (hi - lo >= 5).then_some((lo, hi, b))
        })
    };
    // Candidates are the whole shop window (the catalogue); pitched items are favoured.
    let mut pitched = 0u64;
    for p in &plan.pitches {
        pitched |= 1u64 << p.item;
    }
    let mut w: Vec<f64> = Vec::with_capacity(ITEMS.len());
    for _ in 0..buys.min(8) {
        w.clear();
        w.extend(ITEMS.iter().enumerate().map(|(j, it)| {
            let j = j as u8;
            if st.bought[u as usize] & (1u64 << j) != 0 || planned.contains(&j) {
                return 0.0;
            }
            let pref = if user.prefers(it.cat) { 16.0 } else { 1.0 };
            let here = match plan.pitches.iter().find(|p| p.item == j) {
                Some(p) if present(p).is_some() => 3.0,
                Some(_) => 2.0,
                None => 1.0,
            };
            seg.type_weights[it.kind as usize] * pref * here
        }));
        if w.iter().sum::<f64>() <= 0.0 {
            break;
        }
        planned[n_planned] = weighted(rng, &w) as u8;
        n_planned += 1;
    }
    let mut paid = |rng: &mut ChaCha8Rng, st: &mut State, item: u8, r: Option<(u32, i64)>| {
        if let Some((order, t)) = r {
            st.bought[u as usize] |= 1u64 << item;
            st.host_flags[u as usize] |= 1 << (3 + plan.host);
            let amount = ITEMS[item as usize].price_cents;
            let refunded = (rng.gen::<f64>() < seg.refund_p).then(|| {
                let day = t.div_euclid(DAY) + rng.gen_range(1..8i64);
                day * DAY + rng.gen_range(9 * 3600..23 * 3600i64)
            });
            if let Some(rt) = refunded {
                st.pending_refunds.push(Ev {
                    t: rt,
                    user: u,
                    order,
                    amount,
                    session: s,
                    item,
                    kind: EventKind::Refund,
                });
            }
            orders.push(OrderRow {
                order,
                user: u,
                session: s,
                item,
                amount,
                paid: t,
                refunded,
            });
        }
    };

    // The pitches.
    for p in &plan.pitches {
        let Some((lo, hi, leave)) = present(p) else {
            continue;
        };
        let it = &ITEMS[p.item as usize];
        if let Some(k) = planned[..n_planned].iter().position(|&x| x == p.item) {
            planned[k] = NO_ITEM;
            let r = purchase_flow(rng, st, out, u, s, p.item, lo, leave, true, true);
            paid(rng, st, p.item, r);
            continue;
        }
        let pref = user.prefers(it.cat);
        if rng.gen::<f64>() >= if pref { 0.9 } else { 0.55 } {
            continue;
        }
        let tv = lo + rng.gen_range(0..=((hi - lo) / 3).clamp(0, 30));
        out.push(Ev {
            item: p.item,
            ..ev(tv, u, EventKind::ProductView, s)
        });
        let type_f = 0.3 + 0.7 * seg.type_weights[it.kind as usize] / tw_max;
        let click_p = seg.click_p * if pref { 1.0 } else { 0.15 } * type_f;
        if rng.gen::<f64>() < click_p {
            let tc = (tv + rng.gen_range(3..60i64)).min(hi);
            if rng.gen::<f64>() < seg.abandon_p {
                // Click, maybe cart, order never paid.
                purchase_flow(rng, st, out, u, s, p.item, tc, leave, false, false);
            } else {
                out.push(Ev {
                    item: p.item,
                    ..ev(tc, u, EventKind::Click, s)
                });
                if rng.gen::<f64>() < 0.25 {
                    let ta = (tc + rng.gen_range(3..40i64)).min(leave);
                    out.push(Ev {
                        item: p.item,
                        ..ev(ta, u, EventKind::AddCart, s)
                    });
                }
            }
        }
    }
    // Planned purchases whose pitch the user missed: bought from the shop window.
    for &item in &planned[..n_planned] {
        if item == NO_ITEM {
            continue;
        }
        let (t0, b) = v.random_time(rng);
        let r = purchase_flow(rng, st, out, u, s, item, t0, b, true, true);
        paid(rng, st, item, r);
    }

    // Shop-window browsing.
    let hours = v.total() as f64 / 3600.0;
    let n_browse = poisson(rng, seg.browse_per_hour * hours);
    if n_browse > 0 {
        w.clear();
        w.extend(ITEMS.iter().enumerate().map(|(j, it)| {
            let pref = if user.prefers(it.cat) { 12.0 } else { 1.0 };
            let here = if pitched & (1u64 << j) != 0 { 2.0 } else { 1.0 };
            pref * here * (0.1 + seg.type_weights[it.kind as usize] / tw_max)
        }));
        for _ in 0..n_browse {
            let item = weighted(rng, &w) as u8;
            let (t, b) = v.random_time(rng);
            // Scrolling the shop window shows a few other cards before the one clicked.
            for _ in 0..rng.gen_range(1..=3) {
                let other = weighted(rng, &w) as u8;
                out.push(Ev {
                    item: other,
                    ..ev(t, u, EventKind::ProductView, s)
                });
            }
            out.push(Ev {
                item,
                ..ev(t, u, EventKind::ProductView, s)
            });
            let tc = (t + rng.gen_range(2..20i64)).min(b);
            out.push(Ev {
                item,
                ..ev(tc, u, EventKind::Click, s)
            });
            // Now and then an order is placed from the shop window and never paid.
            if rng.gen::<f64>() < seg.abandon_p * 0.1 {
                let order = st.next_order;
                st.next_order += 1;
                out.push(Ev {
                    t: (tc + rng.gen_range(5..60i64)).min(b),
                    user: u,
                    order,
                    amount: ITEMS[item as usize].price_cents,
                    session: s,
                    item,
                    kind: EventKind::Order,
                });
            }
        }
    }

    // Engagement.
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
            let (t, _) = v.random_time(rng);
            out.push(ev(t, u, kind, s));
        }
    }
    if !st.followed[u as usize] && rng.gen::<f64>() < seg.follow_p {
        st.followed[u as usize] = true;
        let (t, _) = v.random_time(rng);
        out.push(ev(t, u, EventKind::Follow, s));
    }
    // Leaves last, so that events at the same second sort before them.
    for (k, &(_, b)) in v.slice().iter().enumerate() {
        if !(stays && k == last) {
            out.push(ev(b, u, EventKind::Leave, s));
        }
    }
}

/// Two identical rows (same person, event, product and order in the same second) would read as
/// one exact duplicate row of an export, which ingestion drops by default; the later one is
/// moved on by a second. `buf` must be sorted by time and stays so.
fn separate_duplicates(buf: &mut [Ev]) {
    let mut seen: rustc_hash::FxHashSet<(u32, EventKind, u8, u32)> = Default::default();
    loop {
        let mut moved = false;
        let mut i = 0;
        while i < buf.len() {
            let t = buf[i].t;
            let mut j = i;
            while j < buf.len() && buf[j].t == t {
                j += 1;
            }
            if j - i > 1 {
                seen.clear();
                for e in &mut buf[i..j] {
                    if !seen.insert((e.user, e.kind, e.item, e.order)) {
                        e.t += 1;
                        moved = true;
                    }
                }
            }
            i = j;
        }
        if !moved {
            return;
        }
        buf.sort_by_key(|e| e.t);
    }
}

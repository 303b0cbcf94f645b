//! Stage 3, write: the five CSV files. The catalogue, users and sessions come straight from the
//! plan; events and orders are generated session by session (stage 2 for each attendee), put in
//! time order and written, so that only one session's events are held in memory.

use std::io::Write;

use rand::Rng;

use super::catalog::{
    AGE_BANDS, CATEGORIES, CHANNELS, CITY_TIERS, GENDERS, HOSTS, ITEMS, SEGMENTS,
};
use super::csv_writer::CsvOut;
use super::plan::{World, BEST_SLOT, BEST_SLOT_WEIGHT, N_SESSIONS};
use super::random;
use super::room::{Room, RoomTruth, COUPON_CENTS, SOURCES};
use super::visit::{event_row, simulate_visit, AcrossSessions, EventRow, OrderRow, NO_ITEM};
use super::{GroundTruth, SlotTruth};
use crate::model::EventKind;
use crate::Result;

impl World {
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
        let (host_conversion, room) = self.write_events(events, orders)?;
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
            room,
            best_slot: SlotTruth {
                weekday: BEST_SLOT.0 as u8,
                hour: BEST_SLOT.1 as u8,
                purchase_weight: BEST_SLOT_WEIGHT,
                sessions: self
                    .sessions
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.in_best_slot())
                    .map(|(i, _)| format!("s{:02}", i + 1))
                    .collect(),
            },
        };
        Ok(gt)
    }

    fn write_items<W: Write>(&self, w: W) -> Result<()> {
        let mut o = CsvOut::new(w);
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
        let mut o = CsvOut::new(w);
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
        let mut o = CsvOut::new(w);
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

    /// Generates and writes the events and orders session by session. Returns each host's
    /// measured conversion (distinct paying users / distinct viewers over its sessions).
    fn write_events<W: Write>(
        &mut self,
        events: W,
        orders: W,
    ) -> Result<(Vec<(String, f64)>, RoomTruth)> {
        let mut ev_out = CsvOut::new(events);
        ev_out.row(&[
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
            "coupon_id",
        ])?;
        let mut ord_out = CsvOut::new(orders);
        ord_out.row(&[
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
            "coupon_id",
        ])?;
        let mut room = Room::new(self.room_rng.clone());
        let mut st = AcrossSessions::new(self.users.len());
        let mut buf: Vec<EventRow> = Vec::new();
        let mut order_rows: Vec<OrderRow> = Vec::new();
        // Users are sorted by arrival: users[..arrived[s]] arrived before session s.
        let arrived: Vec<usize> = (0..=N_SESSIONS)
            .map(|s| self.users.partition_point(|u| (u.arrival as usize) < s))
            .collect();
        for s in 0..self.sessions.len() {
            buf.clear();
            order_rows.clear();
            let end = self.sessions[s].end;
            take_due_refunds(&mut st.pending_refunds, end, &mut buf);
            let first_order = st.next_order;
            self.simulate_session(s, &mut st, &mut room, &mut buf, &mut order_rows);
            // Freebie hunters: earlier viewers of the lurkers and bargain-hunters segments (who
            // come back anyway) who do not attend this session.
            let pool: Vec<u32> = (0..arrived.get(s).copied().unwrap_or(0) as u32)
                .filter(|&u| {
                    st.attending[u as usize] as usize != s
                        && matches!(self.users[u as usize].seg, 2 | 4)
                })
                .collect();
            let host = self.sessions[s].host;
            for u in room.finish_session(&self.sessions[s], s, &pool, &st.followed, &mut buf) {
                // Hunters view the session too (the hosts' measured conversion counts them).
                st.host_flags[u as usize] |= 1 << host;
            }
            self.feed_impressions(s, arrived.get(s).copied().unwrap_or(0), &st, &mut buf);
            crate::sort::by_key(&mut buf, |e| e.t);
            separate_duplicates(&mut buf);
            renumber_orders(
                first_order,
                &mut buf,
                &mut order_rows,
                &mut st.pending_refunds,
            );
            for e in &buf {
                write_event(&mut ev_out, e, &room.texts, s)?;
            }
            crate::sort::by_key(&mut order_rows, |r| (r.paid, r.order));
            for r in &order_rows {
                write_order(&mut ord_out, r)?;
            }
            room.texts.clear();
        }
        // Refunds after the last session.
        let mut rest = std::mem::take(&mut st.pending_refunds);
        crate::sort::by_key(&mut rest, |e| (e.t, e.order));
        for e in &rest {
            write_event(&mut ev_out, e, &[], 0)?;
        }
        ev_out.finish()?;
        ord_out.finish()?;
        Ok((host_conversion(&st.host_flags), room.finish()))
    }

    /// Every attendee's visit to session `s`.
    fn simulate_session(
        &mut self,
        s: usize,
        st: &mut AcrossSessions,
        room: &mut Room,
        buf: &mut Vec<EventRow>,
        order_rows: &mut Vec<OrderRow>,
    ) {
        let plan = &self.sessions[s];
        for &(u, buys) in &plan.attendees {
            st.attending[u as usize] = s as u16;
            let (from, ofrom) = (buf.len(), order_rows.len());
            let follower = st.followed[u as usize];
            simulate_visit(
                &mut self.rng,
                st,
                plan,
                s as u16,
                &self.users[u as usize],
                u,
                buys,
                buf,
                order_rows,
            );
            room.visit(plan, s, u, follower, buf, from, &mut order_rows[ofrom..]);
        }
    }

    /// Feed impressions of session `s` for earlier viewers (among the first `pool` users) who do
    /// not come in this time.
    fn feed_impressions(
        &mut self,
        s: usize,
        pool: usize,
        st: &AcrossSessions,
        buf: &mut Vec<EventRow>,
    ) {
        if pool == 0 {
            return;
        }
        let plan = &self.sessions[s];
        let n = plan.attendees.len() / 4;
        for _ in 0..n {
            let u = random::index(&mut self.rng, 0..pool);
            if st.attending[u] as usize == s {
                continue;
            }
            let t = self.rng.gen_range(plan.start..plan.end);
            buf.push(event_row(t, u as u32, EventKind::Impression, s as u16));
        }
    }
}

/// Refunds falling before `end` (the end of the session being written) move from `pending` to
/// `buf`, so that they are written with that session (the events file is sorted by time).
fn take_due_refunds(pending: &mut Vec<EventRow>, end: i64, buf: &mut Vec<EventRow>) {
    let mut i = 0;
    while i < pending.len() {
        if pending[i].t < end {
            buf.push(pending.swap_remove(i));
        } else {
            i += 1;
        }
    }
}

/// Each host's conversion: distinct paying users / distinct viewers over the host's sessions
/// (`host_flags`: bit h = viewed host h, bit 3 + h = paid in one of host h's sessions).
fn host_conversion(host_flags: &[u8]) -> Vec<(String, f64)> {
    let mut conv = Vec::with_capacity(HOSTS.len());
    for (h, host) in HOSTS.iter().enumerate() {
        let viewers = host_flags.iter().filter(|&&f| f & (1 << h) != 0).count();
        let buyers = host_flags
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
    conv
}

/// Order numbers are handed out while each viewer is simulated; this renumbers the orders created
/// in one session (numbers `first..`) in the time order of their `order` events, so that order
/// ids increase with time. `buf` must be sorted by time.
fn renumber_orders(
    first: u32,
    buf: &mut [EventRow],
    rows: &mut [OrderRow],
    pending: &mut [EventRow],
) {
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

/// The id of user index `i` in the files: `u000001`, ….
fn user_id(i: usize) -> String {
    format!("u{:06}", i + 1)
}

fn write_event<W: Write>(
    o: &mut CsvOut<W>,
    e: &EventRow,
    texts: &[String],
    s: usize,
) -> Result<()> {
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
    match texts.get((e.text as usize).wrapping_sub(1)) {
        Some(t) if e.text > 0 => o.str(t)?,
        _ => o.empty()?,
    }
    match SOURCES.get((e.src as usize).wrapping_sub(1)) {
        Some((name, _)) if e.src > 0 => o.str(name)?,
        _ => o.empty()?,
    }
    match e.fol {
        1 => o.str("否")?,
        2 => o.str("是")?,
        _ => o.empty()?,
    }
    if e.coupon {
        o.id(b'c', s as u64 + 1, 2)?;
    } else {
        o.empty()?;
    }
    o.end()
}

/// One row of `orders.csv`.
fn write_order<W: Write>(o: &mut CsvOut<W>, r: &OrderRow) -> Result<()> {
    o.id(b'o', r.order as u64, 7)?;
    o.id(b'u', r.user as u64 + 1, 6)?;
    o.id(b's', r.session as u64 + 1, 2)?;
    o.id(b'p', r.item as u64 + 1, 2)?;
    o.money(r.amount as u64)?;
    o.ts(r.paid)?;
    match r.refunded {
        Some(t) => {
            o.str("refunded")?;
            o.ts(t)?;
        }
        None => {
            o.str("paid")?;
            o.empty()?;
        }
    }
    if r.coupon {
        o.money((r.amount + COUPON_CENTS) as u64)?;
        o.money(COUPON_CENTS as u64)?;
        o.id(b'c', r.session as u64 + 1, 2)?;
    } else {
        o.empty()?;
        o.empty()?;
        o.empty()?;
    }
    o.end()
}

/// Two identical rows (same person, event, product and order in the same second) would read as
/// one exact duplicate row of an export, which ingestion drops by default; the later one is
/// moved on by a second. `buf` must be sorted by time and stays so.
fn separate_duplicates(buf: &mut [EventRow]) {
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
        crate::sort::by_key(buf, |e| e.t);
    }
}

//! One sequential pass over the events for [`super::KpiBase`]: each session's row counts and
//! money, each (session, person) pair's flags and, when asked, the visits — without grouping the
//! events by (session, user) first.
//!
//! The grouping (two counting sorts of 1.1M row indices, then two walks reading every column at
//! those scattered indices) was most of the KPI table's time, in wasm above all. Here each event
//! is read once in order; its (session, user) pair is found through the user's last pair (a
//! person's events mostly stay in one session for a while) or else a hash map of the pairs. A pair's events arrive in event
//! order, the order the grouping kept inside a group, so the visits (enter … leave, merged) are
//! the same; they are then sorted by (session, user, start), the grouping's order.

use rustc_hash::FxHashMap;

use crate::model::{Dataset, EventKind, NONE};
use crate::visits::Visit;

const F_ENTER: u8 = 1;
const F_INTERACT: u8 = 2;
const F_FOLLOW: u8 = 4;
const F_PVIEW: u8 = 8;
const F_CLICK: u8 = 16;
const F_PAY: u8 = 32;

/// Row counts and money of one session slot.
#[derive(Default, Clone, Debug, PartialEq)]
pub(super) struct Rows {
    pub views: u64,
    pub comments: u64,
    pub likes: u64,
    pub shares: u64,
    pub gmv: f64,
    pub refunds: f64,
    pub pay_no_order: u64,
    /// Pay rows of persons that stand for an order without a buyer id.
    pub pay_no_buyer: u64,
    pub first: Option<i64>,
    pub last: Option<i64>,
    /// Time of the slot's first event in event order (the earliest: events are in time order).
    pub first_seen: Option<i64>,
    /// Distinct users with an `enter`, persons without a buyer id included (the session list's
    /// count).
    pub enter_users: u64,
}

/// What the pass gives.
#[derive(Debug, PartialEq)]
pub(super) struct Scan {
    /// Per slot (session id; the last slot is "no session").
    pub rows: Vec<Rows>,
    /// (slot, order) per pay row with an order id, sorted, without repeats.
    pub orders: Vec<(u32, u32)>,
    /// (slot, user, flags) per distinct pair of a person with a buyer id, in (slot, user)
    /// order; pairs of a session id beyond the interner are left out.
    pub pairs: Vec<(u32, u32, u8)>,
    /// Every visit, sorted by (session, user, start) as [`crate::visits::visits`] gives them;
    /// empty unless asked.
    pub visits: Vec<Visit>,
}

/// One (session, user) pair while the pass runs.
struct Pair {
    session: u32,
    user: u32,
    flags: u8,
    /// Start of the visit under way.
    open: Option<i64>,
    /// Time of the pair's last event (a visit without `leave` ends there without a session end).
    last_ts: i64,
    /// Index in the visits of the pair's last visit (`u32::MAX`: none yet).
    last_visit: u32,
}

const NO_PAIR: u32 = u32::MAX;

fn flag(kind: EventKind) -> u8 {
    match kind {
        EventKind::Enter => F_ENTER,
        EventKind::Comment | EventKind::Like | EventKind::Share => F_INTERACT,
        EventKind::Follow => F_FOLLOW,
        EventKind::ProductView => F_PVIEW,
        EventKind::Click => F_CLICK,
        EventKind::Pay => F_PAY,
        _ => 0,
    }
}

/// The pass over the events `counted` (ascending event indices), with the visits when
/// `with_visits`.
pub(super) fn scan(ds: &Dataset, counted: impl Iterator<Item = usize>, with_visits: bool) -> Scan {
    scan_in_groups(ds, counted, with_visits, 1, |_| Some(0))
}

/// The pass of [`scan`] for groups of persons at once: each group's [`Scan`] is the one of
/// its members' events alone (`group_of(user)`, below `n_groups`; `None`: in no group). One
/// pass over the events instead of one per group, each reading the group's scattered rows
/// (the KPIs per RFM segment and per cluster: two passes instead of about sixteen).
pub(super) fn scan_groups(
    ds: &Dataset,
    n_groups: usize,
    group_of: impl Fn(u32) -> Option<usize>,
) -> Vec<Scan> {
    let slots = ds.sessions.len() + 1;
    let sc = scan_in_groups(ds, 0..ds.events.len(), false, n_groups, group_of);
    // Group `g`'s slots are `g * slots ..`; orders and pairs are in that order.
    let mut rows = sc.rows.into_iter();
    let (mut orders, mut pairs) = (sc.orders.as_slice(), sc.pairs.as_slice());
    (0..n_groups)
        .map(|g| {
            let (from, to) = ((g * slots) as u32, ((g + 1) * slots) as u32);
            let o = orders.partition_point(|x| x.0 < to);
            let p = pairs.partition_point(|x| x.0 < to);
            let (here_o, here_p);
            ((here_o, orders), (here_p, pairs)) = (orders.split_at(o), pairs.split_at(p));
            Scan {
                rows: rows.by_ref().take(slots).collect(),
                orders: here_o
                    .iter()
                    .map(|&(s, x)| (s.saturating_sub(from), x))
                    .collect(),
                pairs: here_p
                    .iter()
                    .map(|&(s, u, f)| (s.saturating_sub(from), u, f))
                    .collect(),
                visits: Vec::new(),
            }
        })
        .collect()
}

/// [`scan`] of `n_groups` groups of persons side by side: slot `g * slots + s` is session
/// slot `s` of group `g`, in the rows, the orders and the pairs (sorted by it); the events of
/// persons in no group are skipped. With one group of everybody, exactly [`scan`].
fn scan_in_groups(
    ds: &Dataset,
    counted: impl Iterator<Item = usize>,
    with_visits: bool,
    n_groups: usize,
    group_of: impl Fn(u32) -> Option<usize>,
) -> Scan {
    let ev = &ds.events;
    let n_sessions = ds.sessions.len();
    let slots = n_sessions + 1;
    let slot_of = |s: u32| if s == NONE { n_sessions } else { s as usize };
    // Group `g`'s slot of session `s` (`None` beyond the groups or the sessions).
    let at = |g: usize, s: u32| {
        let s = slot_of(s);
        (s < slots && g < n_groups).then(|| g * slots + s)
    };
    let mut rows = vec![Rows::default(); n_groups * slots];
    let mut orders = Vec::new();
    let mut pairs: Vec<Pair> = Vec::new();
    // The pair of each user's last event.
    let mut last_pair: Vec<u32> = vec![NO_PAIR; ds.users.len()];
    // (session, user) → pair index, for the events the cache above does not answer.
    let mut table: FxHashMap<u64, u32> = FxHashMap::default();
    let mut visits: Vec<Visit> = Vec::new();
    // The pair of each visit.
    let mut visit_pair: Vec<u32> = Vec::new();
    for i in counted {
        let (s, u, t, kind) = (ev.session[i], ev.user[i], ev.ts[i], ev.kind[i]);
        let Some(g) = group_of(u).filter(|&g| g < n_groups) else {
            continue;
        };
        if let Some((a, r)) = at(g, s).and_then(|a| Some((a, rows.get_mut(a)?))) {
            if r.first_seen.is_none() {
                r.first_seen = Some(t);
            }
            r.first = Some(r.first.map_or(t, |f| f.min(t)));
            r.last = Some(r.last.map_or(t, |l| l.max(t)));
            match kind {
                EventKind::Enter => r.views += 1,
                EventKind::Comment => r.comments += 1,
                EventKind::Like => r.likes += 1,
                EventKind::Share => r.shares += 1,
                EventKind::Pay => {
                    r.gmv += ev.amount[i];
                    if ds.is_pseudo_user(u) {
                        r.pay_no_buyer += 1;
                    }
                    if ev.order[i] == NONE {
                        r.pay_no_order += 1;
                    } else {
                        orders.push((a as u32, ev.order[i]));
                    }
                }
                EventKind::Refund => r.refunds += ev.amount[i],
                _ => {}
            }
        }
        let cached = last_pair.get(u as usize).copied().unwrap_or(NO_PAIR);
        let p = match pairs.get(cached as usize) {
            Some(p) if p.session == s => cached,
            _ => {
                let key = (u64::from(s) << 32) | u64::from(u);
                let p = *table.entry(key).or_insert(pairs.len() as u32);
                if p as usize == pairs.len() {
                    pairs.push(Pair {
                        session: s,
                        user: u,
                        flags: 0,
                        open: None,
                        last_ts: t,
                        last_visit: u32::MAX,
                    });
                }
                if let Some(c) = last_pair.get_mut(u as usize) {
                    *c = p;
                }
                p
            }
        };
        let pair = &mut pairs[p as usize];
        pair.flags |= flag(kind);
        pair.last_ts = t;
        if with_visits {
            match kind {
                EventKind::Enter if pair.open.is_none() => pair.open = Some(t),
                EventKind::Leave => {
                    if let Some(a) = pair.open.take() {
                        close_visit(&mut visits, &mut visit_pair, pair, p, a, t);
                    }
                }
                _ => {}
            }
        }
    }
    // Freed before the pairs are put in order (the order's vectors would sit beside them).
    drop((table, last_pair));
    if with_visits {
        // A visit without `leave` ends at the session's end (sessions table), else at the
        // person's last event in that session.
        for (p, pair) in pairs.iter_mut().enumerate() {
            if let Some(a) = pair.open.take() {
                let session_end = match pair.session {
                    NONE => None,
                    s => ds.session_info.get(s as usize).and_then(|i| i.end),
                };
                let end = session_end.unwrap_or(pair.last_ts).max(a);
                close_visit(&mut visits, &mut visit_pair, pair, p as u32, a, end);
            }
        }
    }
    // A pair's slot among its group's (its person's group is asked again: it is one).
    let pair_at = |p: &Pair| at(group_of(p.user)?, p.session);
    for p in &pairs {
        if p.flags & F_ENTER != 0 {
            if let Some(r) = pair_at(p).and_then(|a| rows.get_mut(a)) {
                r.enter_users += 1;
            }
        }
    }
    orders.sort_unstable();
    orders.dedup();
    // The pairs in (group, session, user) order: two stable counting passes (by user, then by
    // group's slot; no session last) when every id is within its interner (always, from
    // ingestion), else a comparison sort.
    let n_users = ds.users.len();
    let dense = pairs.iter().all(|p| {
        (p.user as usize) < n_users && (p.session == NONE || p.session < n_sessions as u32)
    });
    let order: Vec<u32> = if dense {
        let of = |p: u32| pairs.get(p as usize);
        let by_user = crate::sort::group_rows(0..pairs.len() as u32, n_users, |p| {
            of(p).map(|p| p.user as usize)
        })
        .1;
        crate::sort::group_rows(by_user.iter().copied(), n_groups * slots, |p| {
            of(p).and_then(pair_at)
        })
        .1
    } else {
        let mut o: Vec<u32> = (0..pairs.len() as u32).collect();
        o.sort_unstable_by_key(|&p| {
            let p = &pairs[p as usize];
            (group_of(p.user), slot_of(p.session), p.user)
        });
        o
    };
    // Each pair's visits are in start order: grouped by the pair's rank, stably, they are in
    // (session, user, start) order, the grouping's.
    if !visits.is_empty() {
        let mut rank = vec![0u32; pairs.len()];
        for (r, &p) in order.iter().enumerate() {
            rank[p as usize] = r as u32;
        }
        let by_pair = crate::sort::group_rows(0..visits.len() as u32, pairs.len(), |v| {
            visit_pair
                .get(v as usize)
                .map(|&p| rank[p as usize] as usize)
        })
        .1;
        visits = by_pair.iter().map(|&v| visits[v as usize]).collect();
    }
    // An order without a buyer id is no person.
    let out_pairs: Vec<(u32, u32, u8)> = order
        .iter()
        .map(|&p| &pairs[p as usize])
        .filter(|p| !ds.is_pseudo_user(p.user))
        .filter_map(|p| Some((pair_at(p)? as u32, p.user, p.flags)))
        .collect();
    Scan {
        rows,
        orders,
        pairs: out_pairs,
        visits,
    }
}

/// Events below which [`scan_all`] stays on one thread (a thread's start is not worth it).
const SPLIT_MIN: usize = 1 << 16;

/// [`scan`] over every event, on two threads when `threads > 1` (natively) and there are
/// enough events: the session slots are cut in two contiguous runs holding about half the
/// events each, and each thread scans the events of its run. Everything the pass gives is per
/// slot (row counts and money summed in event order within a slot) or in slot order (orders,
/// pairs, visits), so the two results laid end to end are the one-thread result exactly.
pub(super) fn scan_all(ds: &Dataset, with_visits: bool, threads: usize) -> Scan {
    scan_split(ds, with_visits, threads, SPLIT_MIN)
}

/// [`scan_all`], split from `min_events` events on.
pub(super) fn scan_split(
    ds: &Dataset,
    with_visits: bool,
    threads: usize,
    min_events: usize,
) -> Scan {
    let ev = &ds.events;
    let n = ev.len();
    if crate::analysis::par::usable(threads) < 2 || n < min_events.max(2) {
        return scan(ds, 0..n, with_visits);
    }
    let n_sessions = ds.sessions.len();
    let slot_of = |s: u32| if s == NONE { n_sessions } else { s as usize };
    let mut per_slot = vec![0usize; n_sessions + 1];
    for &s in &ev.session {
        if let Some(c) = per_slot.get_mut(slot_of(s)) {
            *c += 1;
        }
    }
    // The first slot of the second run: the runs' events as even as the slots allow.
    let mut cut = 0;
    let mut below = 0;
    while below < n / 2 && cut < per_slot.len() {
        below += per_slot[cut];
        cut += 1;
    }
    if cut == 0 || cut >= per_slot.len() {
        return scan(ds, 0..n, with_visits);
    }
    let run = |second: bool| {
        let rows = (0..n).filter(move |&i| (slot_of(ev.session[i]) >= cut) == second);
        scan(ds, rows, with_visits)
    };
    let (a, b) = std::thread::scope(|sc| {
        let other = std::thread::Builder::new().spawn_scoped(sc, || run(true));
        let a = run(false);
        let b = match other {
            Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            // No thread to be had: the second run here.
            Err(_) => run(true),
        };
        (a, b)
    });
    let Scan {
        mut rows,
        mut orders,
        mut pairs,
        mut visits,
    } = a;
    for (r, second) in rows.iter_mut().zip(b.rows).skip(cut) {
        *r = second;
    }
    orders.extend(b.orders);
    pairs.extend(b.pairs);
    visits.extend(b.visits);
    Scan {
        rows,
        orders,
        pairs,
        visits,
    }
}

/// Ends a visit `[a, b)` of `pair`: merged into the pair's last visit when it starts where (or
/// before) that one ends, as [`crate::visits::visits`] merges them.
fn close_visit(
    visits: &mut Vec<Visit>,
    visit_pair: &mut Vec<u32>,
    pair: &mut Pair,
    p: u32,
    a: i64,
    b: i64,
) {
    if let Some(v) = visits.get_mut(pair.last_visit as usize) {
        if a <= v.end {
            v.end = v.end.max(b);
            return;
        }
    }
    pair.last_visit = visits.len() as u32;
    visit_pair.push(p);
    visits.push(Visit {
        session: pair.session,
        user: pair.user,
        start: a,
        end: b,
    });
}

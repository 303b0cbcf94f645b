//! The per-person funnel engine: one pass over each person's events, no allocation per event.
//!
//! Events are grouped by person with a counting sort (the dataset is sorted by time, so each
//! person's events stay in time order). Within a run of equal timestamps the person's events are
//! reordered so that events matching earlier funnel steps come first and events matching no step
//! come last: events at the same instant count as being in the funnel's order (see the module
//! documentation of [`crate::funnel`]).

use super::FunnelMode;
use crate::model::{Dataset, EventKind, NONE};

/// Most steps a funnel may have.
pub const MAX_STEPS: usize = 10;

/// `key` of an event kind matching no step.
const NOT_STEP: u8 = u8::MAX;
/// Event kinds (`EventKind as usize` is below this): the per-kind tables' size. They once had 16
/// slots, so a step of a kind numbered 16 or more (poll_vote, question, answer, coupons, fan
/// club, points) panicked, and in the any-order mode such events were counted as kind − 16.
const N_KINDS: usize = EventKind::Unknown as usize + 1;

/// The best attempt of one person who reached at least step 1.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    pub user: u32,
    /// Furthest step of the best attempt, `1..=n`.
    pub reached: u8,
    /// Event index of the best attempt's step-1 event (attribution of breakdowns).
    pub start_event: u32,
    /// Timestamps (ms) of the best attempt's steps; `times[..reached]` are meaningful.
    pub times: [i64; MAX_STEPS],
}

/// Per-session entries of the conversion trend: persons with an attempt starting in the
/// session, and those of them with a complete attempt starting there.
#[derive(Debug, Clone, Default)]
pub struct TrendCounts {
    pub started: Vec<u64>,
    pub completed: Vec<u64>,
}

/// The compiled step list.
struct Steps {
    kinds: [EventKind; MAX_STEPS],
    n: usize,
    /// Per event kind (`as usize`): the smallest step index with that kind, or [`NOT_STEP`].
    key: [u8; N_KINDS],
    /// Per event kind: how many steps use that kind (any-order mode needs that many events).
    required: [u8; N_KINDS],
}

impl Steps {
    fn new(steps: &[EventKind]) -> Steps {
        let mut kinds = [EventKind::Unknown; MAX_STEPS];
        let mut key = [NOT_STEP; N_KINDS];
        let mut required = [0u8; N_KINDS];
        for (i, &k) in steps.iter().take(MAX_STEPS).enumerate() {
            kinds[i] = k;
            let slot = k as usize % N_KINDS;
            if key[slot] == NOT_STEP {
                key[slot] = i as u8;
            }
            required[slot] += 1;
        }
        Steps {
            kinds,
            n: steps.len().min(MAX_STEPS),
            key,
            required,
        }
    }
}

/// Runs the funnel over every person (public for other engines, e.g. the DataFusion crate's
/// per-person aggregate, which calls it on a one-person dataset). Returns the outcomes of persons who reached step 1 (in
/// user id order) and the per-session trend counts.
pub fn run(
    ds: &Dataset,
    steps: &[EventKind],
    mode: FunnelMode,
    window_ms: i64,
) -> (Vec<Outcome>, TrendCounts) {
    run_on(ds, None, steps, mode, window_ms)
}

/// [`run`] over the events `rows` of `ds` only (ascending row indices), as if the dataset held
/// those events alone with the same ids: what the review runs per session, without a copy of
/// the session's events (issue #13, memory). Outcomes' `start_event` are rows of `ds`.
pub fn run_rows(
    ds: &Dataset,
    rows: &[u32],
    steps: &[EventKind],
    mode: FunnelMode,
    window_ms: i64,
) -> (Vec<Outcome>, TrendCounts) {
    run_on(ds, Some(rows), steps, mode, window_ms)
}

fn run_on(
    ds: &Dataset,
    rows: Option<&[u32]>,
    steps: &[EventKind],
    mode: FunnelMode,
    window_ms: i64,
) -> (Vec<Outcome>, TrendCounts) {
    let ev = &ds.events;
    let st = Steps::new(steps);
    let n_users = ds.users.len();
    let n_sessions = ds.sessions.len();

    // Counting sort of event indices by user (stable: time order kept within each user); each
    // person's timestamps and kinds are gathered next to each other when that person comes up.
    // The ordered mode only ever looks at events of a step: the others are left out (13 bytes
    // less per such event; issue #13, memory). The strict mode needs them (a step must be the
    // very next event), and the any-order mode keeps them as they were.
    let only_steps = mode == FunnelMode::Ordered;
    let counted = |k: EventKind| {
        !only_steps || st.key.get(k as usize).copied().unwrap_or(NOT_STEP) != NOT_STEP
    };
    let mut start = vec![0u32; n_users + 1];
    let mut count = |u: u32, k: EventKind| {
        if (u as usize) < n_users && counted(k) {
            start[u as usize + 1] += 1;
        }
    };
    match rows {
        None => ev
            .user
            .iter()
            .zip(&ev.kind)
            .for_each(|(&u, &k)| count(u, k)),
        Some(rows) => rows
            .iter()
            .filter_map(|&i| Some((*ev.user.get(i as usize)?, *ev.kind.get(i as usize)?)))
            .for_each(|(u, k)| count(u, k)),
    }
    for i in 0..n_users {
        start[i + 1] += start[i];
    }
    let total = start[n_users] as usize;
    let mut fill = start.clone();
    let mut order = vec![0u32; total];
    let mut place = |i: u32, u: u32, k: EventKind| {
        if !counted(k) {
            return;
        }
        if let Some(slot) = fill.get_mut(u as usize) {
            order[*slot as usize] = i;
            *slot += 1;
        }
    };
    match rows {
        None => {
            for (i, (&u, &k)) in ev.user.iter().zip(&ev.kind).enumerate() {
                place(i as u32, u, k);
            }
        }
        Some(rows) => {
            for &i in rows {
                let r = i as usize;
                if let (Some(&u), Some(&k)) = (ev.user.get(r), ev.kind.get(r)) {
                    place(i, u, k);
                }
            }
        }
    }
    drop(fill);

    let mut trend = TrendCounts {
        started: vec![0; n_sessions],
        completed: vec![0; n_sessions],
    };
    let mut seen_start = vec![NONE; n_sessions];
    let mut seen_done = vec![NONE; n_sessions];
    let mut outcomes = Vec::new();
    // Scratch for the ordered mode's next-occurrence table, reused across persons.
    let mut next: Vec<u32> = Vec::new();
    let mut g_ts: Vec<i64> = Vec::new();
    let mut g_kind: Vec<u8> = Vec::new();

    let eval = Evaluator {
        ds,
        st: &st,
        window_ms,
    };

    for user in 0..n_users {
        let (a, b) = (start[user] as usize, start[user + 1] as usize);
        if a == b {
            continue;
        }
        // The person's timestamps and kinds, gathered into buffers reused across persons
        // rather than held for every counted event (9 bytes an event less at the funnel's
        // peak; issue #13, memory).
        g_ts.clear();
        g_kind.clear();
        for &i in &order[a..b] {
            let i = i as usize;
            g_ts.push(ev.ts.get(i).copied().unwrap_or_default());
            g_kind.push(
                ev.kind
                    .get(i)
                    .map_or(EventKind::Unknown as u8, |&k| k as u8),
            );
        }
        eval.reorder_ties(&mut order[a..b], &g_ts, &mut g_kind);
        let person = Person {
            ev: &order[a..b],
            ts: &g_ts,
            kind: &g_kind,
        };
        let mut on_attempt = |s: u32, complete: bool| {
            let Some(slot) = seen_start.get_mut(s as usize) else {
                return;
            };
            if *slot != user as u32 {
                *slot = user as u32;
                trend.started[s as usize] += 1;
            }
            if complete && seen_done[s as usize] != user as u32 {
                seen_done[s as usize] = user as u32;
                trend.completed[s as usize] += 1;
            }
        };
        let best = match mode {
            FunnelMode::Ordered => eval.ordered(&person, &mut next, &mut on_attempt),
            FunnelMode::Strict => eval.strict(&person, &mut on_attempt),
            FunnelMode::AnyOrder => eval.any_order(&person, &mut on_attempt),
        };
        if let Some((reached, start_event, times)) = best {
            outcomes.push(Outcome {
                user: user as u32,
                reached,
                start_event,
                times,
            });
        }
    }
    (outcomes, trend)
}

/// Best attempt of one person: furthest step, step-1 event index, step timestamps.
type Best = Option<(u8, u32, [i64; MAX_STEPS])>;

/// One person's events, in time order: event indices, timestamps and kinds (`EventKind as u8`).
struct Person<'a> {
    ev: &'a [u32],
    ts: &'a [i64],
    kind: &'a [u8],
}

struct Evaluator<'a> {
    ds: &'a Dataset,
    st: &'a Steps,
    window_ms: i64,
}

impl Evaluator<'_> {
    #[inline]
    fn session(&self, e: u32) -> u32 {
        self.ds
            .events
            .session
            .get(e as usize)
            .copied()
            .unwrap_or(NONE)
    }

    #[inline]
    fn key(&self, kind: u8) -> u8 {
        self.st.key.get(kind as usize).copied().unwrap_or(NOT_STEP)
    }

    #[inline]
    fn in_window(&self, start_ts: i64, ts: i64) -> bool {
        ts.saturating_sub(start_ts) <= self.window_ms
    }

    /// Sorts each run of equal timestamps by (smallest step index of the kind, row order), events
    /// of no step last, and rewrites the run's kinds to match. Runs of length 1 (the usual case)
    /// cost one comparison.
    fn reorder_ties(&self, evs: &mut [u32], ts: &[i64], kind: &mut [u8]) {
        let mut i = 0;
        while i < evs.len() {
            let mut j = i + 1;
            while j < evs.len() && ts[j] == ts[i] {
                j += 1;
            }
            if j - i > 1 {
                let ev_kind = |e: u32| self.ds.events.kind[e as usize] as u8;
                evs[i..j].sort_unstable_by_key(|&e| (self.key(ev_kind(e)), e));
                for (k, &e) in kind[i..j].iter_mut().zip(&evs[i..j]) {
                    *k = ev_kind(e);
                }
            }
            i = j;
        }
    }

    /// Ordered mode: each attempt (a step-1 event) matches every next step greedily at its
    /// earliest occurrence after the previous step, which reaches furthest and gives the
    /// shortest step times. `next[pos * n + k]` = first position ≥ pos whose kind is step k.
    fn ordered(
        &self,
        p: &Person,
        next: &mut Vec<u32>,
        on_attempt: &mut impl FnMut(u32, bool),
    ) -> Best {
        let n = self.st.n;
        let len = p.ev.len();
        let kinds = &self.st.kinds[..n];
        let first = kinds[0] as u8;
        next.clear();
        next.resize((len + 1) * n, NONE);
        for pos in (0..len).rev() {
            let (head, tail) = next.split_at_mut((pos + 1) * n);
            let row = &mut head[pos * n..];
            row.copy_from_slice(&tail[..n]);
            let kind = p.kind[pos];
            if self.key(kind) != NOT_STEP {
                for (slot, &k) in row.iter_mut().zip(kinds) {
                    if k as u8 == kind {
                        *slot = pos as u32;
                    }
                }
            }
        }
        let mut best: Best = None;
        for pos in 0..len {
            if p.kind[pos] != first {
                continue;
            }
            let t0 = p.ts[pos];
            let mut times = [0i64; MAX_STEPS];
            times[0] = t0;
            let mut reached = 1usize;
            let mut cur = pos;
            while reached < n {
                let q = next[(cur + 1) * n + reached];
                if q == NONE || !self.in_window(t0, p.ts[q as usize]) {
                    break;
                }
                cur = q as usize;
                times[reached] = p.ts[cur];
                reached += 1;
            }
            let e = p.ev[pos];
            on_attempt(self.session(e), reached == n);
            if best.is_none_or(|(r, _, _)| reached > r as usize) {
                best = Some((reached as u8, e, times));
            }
        }
        best
    }

    /// Strict mode: step k of an attempt must be the person's very next event after step k−1.
    fn strict(&self, p: &Person, on_attempt: &mut impl FnMut(u32, bool)) -> Best {
        let n = self.st.n;
        let kinds = &self.st.kinds[..n];
        let first = kinds[0] as u8;
        let len = p.ev.len();
        let mut best: Best = None;
        for pos in 0..len {
            if p.kind[pos] != first {
                continue;
            }
            let t0 = p.ts[pos];
            let mut times = [0i64; MAX_STEPS];
            times[0] = t0;
            let mut reached = 1usize;
            while reached < n {
                let q = pos + reached;
                if q < len && p.kind[q] == kinds[reached] as u8 && self.in_window(t0, p.ts[q]) {
                    times[reached] = p.ts[q];
                    reached += 1;
                } else {
                    break;
                }
            }
            let e = p.ev[pos];
            on_attempt(self.session(e), reached == n);
            if best.is_none_or(|(r, _, _)| reached > r as usize) {
                best = Some((reached as u8, e, times));
            }
        }
        best
    }

    /// Any-order mode: an attempt starts at any event of a step; it reaches as many steps as
    /// distinct steps occur (a kind used by m steps needs m events) from that event to the end of
    /// its window. A sliding window keeps the counts; the best attempt is then walked once to
    /// get the times at which its 1st, 2nd, ... step was done.
    fn any_order(&self, p: &Person, on_attempt: &mut impl FnMut(u32, bool)) -> Best {
        let n = self.st.n;
        let len = p.ev.len();
        let req = |k: u8| u32::from(self.st.required.get(k as usize).copied().unwrap_or(0));
        let mut count = [0u32; N_KINDS];
        let mut done = 0usize;
        let mut r = 0usize;
        let mut best: Option<(usize, usize)> = None; // (reached, position)
        for pos in 0..len {
            let t0 = p.ts[pos];
            while r < len && self.in_window(t0, p.ts[r]) {
                let k = p.kind[r];
                let c = &mut count[k as usize % N_KINDS];
                if *c < req(k) {
                    done += 1;
                }
                *c += 1;
                r += 1;
            }
            let k = p.kind[pos];
            if req(k) > 0 {
                on_attempt(self.session(p.ev[pos]), done == n);
                if best.is_none_or(|(b, _)| done > b) {
                    best = Some((done, pos));
                }
            }
            // Drop this event from the window before moving on (r > pos: it was added).
            let c = &mut count[k as usize % N_KINDS];
            *c = c.saturating_sub(1);
            if *c < req(k) {
                done = done.saturating_sub(1);
            }
        }
        let (_, pos) = best?;
        let t0 = p.ts[pos];
        let mut times = [0i64; MAX_STEPS];
        let mut count = [0u32; N_KINDS];
        let mut reached = 0usize;
        for q in pos..len {
            if reached == n || !self.in_window(t0, p.ts[q]) {
                break;
            }
            let k = p.kind[q];
            let c = &mut count[k as usize % N_KINDS];
            if *c < req(k) {
                *c += 1;
                times[reached] = p.ts[q];
                reached += 1;
            }
        }
        Some((reached as u8, p.ev[pos], times))
    }
}

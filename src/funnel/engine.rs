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

/// The best attempt of one person who reached at least step 1.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Outcome {
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
pub(crate) struct TrendCounts {
    pub started: Vec<u64>,
    pub completed: Vec<u64>,
}

/// The compiled step list.
struct Steps {
    kinds: [EventKind; MAX_STEPS],
    n: usize,
    /// Per event kind (`as usize`): the smallest step index with that kind, or [`NOT_STEP`].
    key: [u8; 16],
    /// Per event kind: how many steps use that kind (any-order mode needs that many events).
    required: [u8; 16],
}

impl Steps {
    fn new(steps: &[EventKind]) -> Steps {
        let mut kinds = [EventKind::Unknown; MAX_STEPS];
        let mut key = [NOT_STEP; 16];
        let mut required = [0u8; 16];
        for (i, &k) in steps.iter().take(MAX_STEPS).enumerate() {
            kinds[i] = k;
            let slot = k as usize;
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

/// Runs the funnel over every person. Returns the outcomes of persons who reached step 1 (in
/// user id order) and the per-session trend counts.
pub(crate) fn run(
    ds: &Dataset,
    steps: &[EventKind],
    mode: FunnelMode,
    window_ms: i64,
) -> (Vec<Outcome>, TrendCounts) {
    let ev = &ds.events;
    let st = Steps::new(steps);
    let n_users = ds.users.len();
    let n_sessions = ds.sessions.len();

    // Counting sort of event indices by user (stable: time order kept within each user).
    let mut start = vec![0u32; n_users + 1];
    for &u in &ev.user {
        if (u as usize) < n_users {
            start[u as usize + 1] += 1;
        }
    }
    for i in 0..n_users {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut order = vec![0u32; start[n_users] as usize];
    for (i, &u) in ev.user.iter().enumerate() {
        if let Some(slot) = fill.get_mut(u as usize) {
            order[*slot as usize] = i as u32;
            *slot += 1;
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

    let eval = Evaluator {
        ds,
        st: &st,
        window_ms,
    };

    for user in 0..n_users {
        let (a, b) = (start[user] as usize, start[user + 1] as usize);
        let evs = &mut order[a..b];
        if evs.is_empty() {
            continue;
        }
        eval.reorder_ties(evs);
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
            FunnelMode::Ordered => eval.ordered(evs, &mut next, &mut on_attempt),
            FunnelMode::Strict => eval.strict(evs, &mut on_attempt),
            FunnelMode::AnyOrder => eval.any_order(evs, &mut on_attempt),
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

struct Evaluator<'a> {
    ds: &'a Dataset,
    st: &'a Steps,
    window_ms: i64,
}

impl Evaluator<'_> {
    #[inline]
    fn kind(&self, e: u32) -> EventKind {
        self.ds.events.kind[e as usize]
    }

    #[inline]
    fn ts(&self, e: u32) -> i64 {
        self.ds.events.ts[e as usize]
    }

    #[inline]
    fn session(&self, e: u32) -> u32 {
        self.ds.events.session[e as usize]
    }

    #[inline]
    fn key(&self, e: u32) -> u8 {
        self.st.key[self.kind(e) as usize]
    }

    #[inline]
    fn in_window(&self, start_ts: i64, e: u32) -> bool {
        self.ts(e).saturating_sub(start_ts) <= self.window_ms
    }

    /// Sorts each run of equal timestamps by (smallest step index of the kind, row order), events
    /// of no step last. Runs of length 1 (the usual case) cost one comparison.
    fn reorder_ties(&self, evs: &mut [u32]) {
        let mut i = 0;
        while i < evs.len() {
            let t = self.ts(evs[i]);
            let mut j = i + 1;
            while j < evs.len() && self.ts(evs[j]) == t {
                j += 1;
            }
            if j - i > 1 {
                evs[i..j].sort_unstable_by_key(|&e| (self.key(e), e));
            }
            i = j;
        }
    }

    /// Ordered mode: each attempt (a step-1 event) matches every next step greedily at its
    /// earliest occurrence after the previous step, which reaches furthest and gives the
    /// shortest step times. `next[(pos) * n + k]` = first position ≥ pos whose kind is step k.
    fn ordered(
        &self,
        evs: &[u32],
        next: &mut Vec<u32>,
        on_attempt: &mut impl FnMut(u32, bool),
    ) -> Best {
        let n = self.st.n;
        let len = evs.len();
        next.clear();
        next.resize((len + 1) * n, NONE);
        for pos in (0..len).rev() {
            let (head, tail) = next.split_at_mut((pos + 1) * n);
            let row = &mut head[pos * n..];
            row.copy_from_slice(&tail[..n]);
            let kind = self.kind(evs[pos]);
            for (k, slot) in row.iter_mut().enumerate() {
                if self.st.kinds[k] == kind {
                    *slot = pos as u32;
                }
            }
        }
        let mut best: Best = None;
        for (p, &e) in evs.iter().enumerate() {
            if self.kind(e) != self.st.kinds[0] {
                continue;
            }
            let t0 = self.ts(e);
            let mut times = [0i64; MAX_STEPS];
            times[0] = t0;
            let mut reached = 1usize;
            let mut cur = p;
            while reached < n {
                let q = next[(cur + 1) * n + reached];
                if q == NONE || !self.in_window(t0, evs[q as usize]) {
                    break;
                }
                cur = q as usize;
                times[reached] = self.ts(evs[cur]);
                reached += 1;
            }
            on_attempt(self.session(e), reached == n);
            if best.is_none_or(|(r, _, _)| reached > r as usize) {
                best = Some((reached as u8, e, times));
            }
        }
        best
    }

    /// Strict mode: step k of an attempt must be the person's very next event after step k−1.
    fn strict(&self, evs: &[u32], on_attempt: &mut impl FnMut(u32, bool)) -> Best {
        let n = self.st.n;
        let mut best: Best = None;
        for (p, &e) in evs.iter().enumerate() {
            if self.kind(e) != self.st.kinds[0] {
                continue;
            }
            let t0 = self.ts(e);
            let mut times = [0i64; MAX_STEPS];
            times[0] = t0;
            let mut reached = 1usize;
            while reached < n {
                match evs.get(p + reached) {
                    Some(&q) if self.kind(q) == self.st.kinds[reached] && self.in_window(t0, q) => {
                        times[reached] = self.ts(q);
                        reached += 1;
                    }
                    _ => break,
                }
            }
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
    fn any_order(&self, evs: &[u32], on_attempt: &mut impl FnMut(u32, bool)) -> Best {
        let n = self.st.n;
        let mut count = [0u32; 16];
        let mut done = 0usize;
        let mut r = 0usize;
        let mut best: Option<(usize, usize)> = None; // (reached, position)
        for (p, &e) in evs.iter().enumerate() {
            let t0 = self.ts(e);
            while r < evs.len() && self.in_window(t0, evs[r]) {
                let k = self.kind(evs[r]) as usize;
                if count[k] < u32::from(self.st.required[k]) {
                    done += 1;
                }
                count[k] += 1;
                r += 1;
            }
            let k = self.kind(e) as usize;
            if self.st.required[k] > 0 {
                on_attempt(self.session(e), done == n);
                if best.is_none_or(|(b, _)| done > b) {
                    best = Some((done, p));
                }
            }
            // Drop e from the window before moving on (r > p: e itself was added).
            count[k] = count[k].saturating_sub(1);
            if count[k] < u32::from(self.st.required[k]) {
                done = done.saturating_sub(1);
            }
        }
        let (_, p) = best?;
        let first = evs[p];
        let t0 = self.ts(first);
        let mut times = [0i64; MAX_STEPS];
        let mut count = [0u8; 16];
        let mut reached = 0usize;
        for &q in &evs[p..] {
            if reached == n || !self.in_window(t0, q) {
                break;
            }
            let k = self.kind(q) as usize;
            if count[k] < self.st.required[k] {
                count[k] += 1;
                times[reached] = self.ts(q);
                reached += 1;
            }
        }
        Some((reached as u8, first, times))
    }
}

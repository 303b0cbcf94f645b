//! Who is inside, and how far each person went in the funnel: the order-sensitive part of the
//! live state, fed through a small reorder buffer so that rows arriving a few seconds out of
//! order are applied in time order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap;

use crate::model::EventKind;

/// What a held row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Step {
    /// Sorted first: at equal times leaves apply before enters (metrics.md).
    Leave,
    Enter,
    /// A funnel step other than an enter (index into the steps).
    Funnel(u8),
    /// A question, answer or host comment (the row), handed back in time order for the
    /// question tracker.
    Talk(u32),
}

/// A held row: (time, what, arrival number, person).
type Held = Reverse<(i64, Step, u64, u32)>;

#[derive(Debug, Clone, Default)]
struct FunnelPerson {
    /// Per step, the latest start of an attempt that reached it (`i64::MIN` = none).
    starts: Vec<i64>,
    /// Furthest step reached, 1-based (0 = none).
    best: u8,
}

#[derive(Debug, Clone)]
pub(super) struct Presence {
    reorder_ms: i64,
    heap: BinaryHeap<Held>,
    seq: u64,
    /// Newest time seen and the time up to which held rows were applied.
    newest: i64,
    settled: i64,
    /// Inside or not, per person id (grown on demand).
    inside: Vec<bool>,
    pub(super) now_inside: u32,
    pub(super) peak: u32,
    /// The next minute start to sample, and the samples taken: (minute start, inside).
    next_sample: Option<i64>,
    pub(super) samples: Vec<(i64, u32)>,
    steps: Vec<EventKind>,
    window_ms: i64,
    funnel: FunnelMap,
    /// Persons at or beyond each step.
    pub(super) funnel_counts: Vec<u64>,
    pub(super) late: u64,
    /// Talk rows settled (in time order), for the caller to take.
    pub(super) talk_out: Vec<u32>,
}

type FunnelMap = FxHashMap<u32, FunnelPerson>;

impl Presence {
    pub(super) fn new(reorder_seconds: i64, steps: Vec<EventKind>, window_seconds: i64) -> Self {
        let n = steps.len();
        Presence {
            reorder_ms: reorder_seconds * 1000,
            heap: BinaryHeap::new(),
            seq: 0,
            newest: i64::MIN,
            settled: i64::MIN,
            inside: Vec::new(),
            now_inside: 0,
            peak: 0,
            next_sample: None,
            samples: Vec::new(),
            steps,
            window_ms: window_seconds.saturating_mul(1000),
            funnel: FunnelMap::default(),
            funnel_counts: vec![0; n],
            late: 0,
            talk_out: Vec::new(),
        }
    }

    /// Sets the first minute start to sample (the session start).
    pub(super) fn start_sampling_at(&mut self, t: i64) {
        if self.next_sample.is_none() {
            self.next_sample = Some(t);
        }
    }

    pub(super) fn steps(&self) -> &[EventKind] {
        &self.steps
    }

    pub(super) fn held(&self) -> usize {
        self.heap.len()
    }

    /// Takes a row of the live session (any kind; only enters, leaves and funnel steps matter).
    pub(super) fn push(&mut self, ts: i64, kind: EventKind, user: u32) {
        let mut steps: [Option<Step>; 2] = [None, None];
        match kind {
            EventKind::Enter => steps[0] = Some(Step::Enter),
            EventKind::Leave => steps[0] = Some(Step::Leave),
            _ => {}
        }
        if let Some(k) = self.steps.iter().position(|&s| s == kind) {
            if kind != EventKind::Enter || k > 0 {
                steps[1] = Some(Step::Funnel(k as u8));
            } else {
                // An enter that is the funnel's first step: applied once, as both.
                steps[1] = None;
            }
        }
        for step in steps.into_iter().flatten() {
            self.seq += 1;
            if ts <= self.settled {
                // Later than the allowance: applied now, minute samples already taken stay.
                self.late += 1;
                self.apply(ts, step, user);
            } else {
                self.heap.push(Reverse((ts, step, self.seq, user)));
            }
        }
        self.newest = self.newest.max(ts);
    }

    /// Takes a question, answer or host-comment row: handed back through `talk_out` in time
    /// order once settled (at once when it is later than the allowance).
    pub(super) fn push_talk(&mut self, ts: i64, row: u32) {
        self.seq += 1;
        if ts <= self.settled {
            self.talk_out.push(row);
        } else {
            self.heap.push(Reverse((ts, Step::Talk(row), self.seq, 0)));
        }
        self.newest = self.newest.max(ts);
    }

    /// The time up to which every row was applied (`i64::MIN` before any).
    pub(super) fn settled(&self) -> i64 {
        self.settled
    }

    /// Applies the held rows that are at least the allowance older than the newest row.
    pub(super) fn settle(&mut self) {
        if self.newest == i64::MIN {
            return;
        }
        let upto = self.newest.saturating_sub(self.reorder_ms);
        self.settle_upto(upto);
    }

    /// Applies every held row (the stream has ended).
    pub(super) fn settle_all(&mut self) {
        self.settle_upto(self.newest);
    }

    fn settle_upto(&mut self, upto: i64) {
        while let Some(&Reverse((ts, step, _, user))) = self.heap.peek() {
            if ts > upto {
                break;
            }
            self.heap.pop();
            self.sample_before(ts);
            self.apply(ts, step, user);
        }
        // Every row at or before `upto` is applied: minute starts up to it are final.
        self.sample_through(upto);
        self.settled = self.settled.max(upto);
    }

    /// Samples the minute starts strictly before `ts`.
    fn sample_before(&mut self, ts: i64) {
        while let Some(s) = self.next_sample.filter(|&s| s < ts) {
            self.samples.push((s, self.now_inside));
            self.next_sample = Some(s + 60_000);
        }
    }

    /// Samples the minute starts at or before `ts`.
    fn sample_through(&mut self, ts: i64) {
        while let Some(s) = self.next_sample.filter(|&s| s <= ts) {
            self.samples.push((s, self.now_inside));
            self.next_sample = Some(s + 60_000);
        }
    }

    fn apply(&mut self, ts: i64, step: Step, user: u32) {
        match step {
            Step::Enter => {
                self.set_inside(user, true);
                if self.steps.first() == Some(&EventKind::Enter) {
                    self.funnel_step(ts, 0, user);
                }
            }
            Step::Leave => self.set_inside(user, false),
            Step::Funnel(k) => self.funnel_step(ts, k as usize, user),
            Step::Talk(row) => self.talk_out.push(row),
        }
    }

    fn set_inside(&mut self, user: u32, now: bool) {
        let u = user as usize;
        if u >= self.inside.len() {
            self.inside.resize(u + 1, false);
        }
        if let Some(slot) = self.inside.get_mut(u) {
            if *slot != now {
                *slot = now;
                if now {
                    self.now_inside += 1;
                    self.peak = self.peak.max(self.now_inside);
                } else {
                    self.now_inside = self.now_inside.saturating_sub(1);
                }
            }
        }
    }

    /// Ordered funnel: step 0 starts an attempt; step k+1 continues the latest attempt that
    /// reached step k within the window (the latest start expires last, so it is the best).
    fn funnel_step(&mut self, ts: i64, k: usize, user: u32) {
        let n = self.steps.len();
        let p = self.funnel.entry(user).or_insert_with(|| FunnelPerson {
            starts: vec![i64::MIN; n],
            best: 0,
        });
        let start = if k == 0 {
            Some(ts)
        } else {
            p.starts
                .get(k - 1)
                .copied()
                .filter(|&s| s != i64::MIN && ts >= s && ts - s <= self.window_ms)
        };
        let Some(start) = start else {
            return;
        };
        if let Some(slot) = p.starts.get_mut(k) {
            *slot = (*slot).max(start);
        }
        let reached = (k + 1) as u8;
        if reached > p.best {
            for c in self
                .funnel_counts
                .iter_mut()
                .take(k + 1)
                .skip(p.best as usize)
            {
                *c += 1;
            }
            p.best = reached;
        }
    }

    /// Viewers inside now: the applied state with the held rows played in time order.
    pub(super) fn inside_now(&self) -> u32 {
        if self.heap.is_empty() {
            return self.now_inside;
        }
        let mut held: Vec<&(i64, Step, u64, u32)> = self.heap.iter().map(|r| &r.0).collect();
        crate::sort::by(&mut held, |a, b| a.cmp(b));
        let mut overlay: FxHashMap<u32, bool> = FxHashMap::default();
        let mut n = i64::from(self.now_inside);
        for &&(_, step, _, user) in &held {
            let want = match step {
                Step::Enter => true,
                Step::Leave => false,
                Step::Funnel(_) | Step::Talk(_) => continue,
            };
            let was = overlay
                .get(&user)
                .copied()
                .unwrap_or_else(|| self.inside.get(user as usize).copied().unwrap_or(false));
            if was != want {
                n += if want { 1 } else { -1 };
                overlay.insert(user, want);
            }
        }
        n.max(0) as u32
    }

    /// Approximate heap bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        self.heap.capacity() * std::mem::size_of::<Held>()
            + self.inside.capacity()
            + self.samples.capacity() * 16
            + self.funnel.capacity() * (std::mem::size_of::<FunnelPerson>() + 8)
            + self.funnel.len() * self.steps.len() * 8
    }
}

//! Questions as they come, and whether they were answered (`metrics.md`: an `answer` row or a
//! comment of the host's account within 5 minutes after the question, both ends included).
//!
//! Fed one row at a time, in any order within the window: a question looks for an answer
//! already seen in its window, an answer marks the questions of the window before it. Only the
//! last window's questions and answers are kept for matching; the newest questions are kept
//! for the screen (capped).

use std::collections::VecDeque;

/// A question kept for the screen or for matching.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackedQuestion {
    pub ts: i64,
    pub user: u32,
    pub text: String,
    pub answered: bool,
}

/// The incremental question tracker of live mode.
#[derive(Debug, Clone)]
pub struct QuestionTracker {
    window_ms: i64,
    keep: usize,
    /// Questions of the recent window (kept for matching and the 5-minute count), by arrival.
    recent: VecDeque<TrackedQuestion>,
    /// Answer times of the recent window, sorted.
    answers: Vec<i64>,
    /// Newest questions for the screen (newest last), at most `keep`.
    newest: VecDeque<TrackedQuestion>,
    newest_ts: i64,
    pub total: u64,
    pub answered: u64,
}

impl QuestionTracker {
    /// `window_seconds`: the answer window; `keep`: how many newest questions to list.
    pub fn new(window_seconds: i64, keep: usize) -> Self {
        QuestionTracker {
            window_ms: window_seconds.saturating_mul(1000),
            keep,
            recent: VecDeque::new(),
            answers: Vec::new(),
            newest: VecDeque::new(),
            newest_ts: i64::MIN,
            total: 0,
            answered: 0,
        }
    }

    /// A question asked at `ts` (ms). `by_host`: the host asked it (nobody waits for it).
    pub fn question(&mut self, ts: i64, user: u32, text: &str, by_host: bool) {
        self.total += 1;
        let i = self.answers.partition_point(|&a| a < ts);
        let answered = by_host
            || self
                .answers
                .get(i)
                .is_some_and(|&a| a - ts <= self.window_ms);
        if answered {
            self.answered += 1;
        }
        let q = TrackedQuestion {
            ts,
            user,
            text: text.to_owned(),
            answered,
        };
        self.newest_ts = self.newest_ts.max(ts);
        // The screen's list: keep the `keep` newest by time.
        let pos = self.newest.partition_point(|x| x.ts <= ts);
        self.newest.insert(pos, q.clone());
        while self.newest.len() > self.keep {
            self.newest.pop_front();
        }
        self.recent.push_back(q);
        self.prune();
    }

    /// An answer (an `answer` row or a host comment) at `ts` (ms).
    pub fn answer(&mut self, ts: i64) {
        let pos = self.answers.partition_point(|&a| a < ts);
        self.answers.insert(pos, ts);
        let w = self.window_ms;
        let hit = |q: &TrackedQuestion| !q.answered && ts >= q.ts && ts - q.ts <= w;
        for q in self.recent.iter_mut().filter(|q| hit(q)) {
            q.answered = true;
            self.answered += 1;
        }
        for q in self.newest.iter_mut().filter(|q| hit(q)) {
            q.answered = true;
        }
        self.newest_ts = self.newest_ts.max(ts);
        self.prune();
    }

    /// Drops what can no longer match: questions and answers older than two windows before
    /// the newest time (a row that much out of order is not matched).
    fn prune(&mut self) {
        let horizon = self
            .newest_ts
            .saturating_sub(2 * self.window_ms.max(300_000));
        while self.recent.front().is_some_and(|q| q.ts < horizon) {
            self.recent.pop_front();
        }
        let cut = self.answers.partition_point(|&a| a < horizon);
        self.answers.drain(..cut);
    }

    /// Unanswered questions asked in `(now − 5 min, now]`.
    pub fn unanswered_within(&self, now: i64, window_ms: i64) -> u32 {
        self.recent
            .iter()
            .filter(|q| !q.answered && q.ts <= now && now - q.ts < window_ms)
            .count() as u32
    }

    /// The newest questions, newest first.
    pub fn newest(&self) -> impl Iterator<Item = &TrackedQuestion> {
        self.newest.iter().rev()
    }

    pub(super) fn heap_bytes(&self) -> usize {
        let q = |d: &VecDeque<TrackedQuestion>| {
            d.capacity() * std::mem::size_of::<TrackedQuestion>()
                + d.iter().map(|q| q.text.capacity()).sum::<usize>()
        };
        q(&self.recent) + q(&self.newest) + self.answers.capacity() * 8
    }
}

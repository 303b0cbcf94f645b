//! The live screen's questions: the comments module's incremental tracker
//! ([`crate::comments::QuestionTracker`], the same grouping and answered rule as the report's
//! comments section) fed in time order (through the live state's reorder buffer), plus the
//! newest questions' texts for the screen (capped).

use std::collections::VecDeque;

use crate::comments::{AskStatus, QuestionTracker, TrackedGroup, TrackerParams};
use crate::Result;

/// One of the newest questions: its ask id in the tracker, time, person and text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Newest {
    pub ask: u32,
    pub ts: i64,
    pub user: u32,
    pub text: String,
}

pub(super) struct LiveQuestions {
    pub tracker: QuestionTracker,
    keep: usize,
    newest: VecDeque<Newest>,
}

impl LiveQuestions {
    pub(super) fn new(window_seconds: i64, keep: usize) -> Result<Self> {
        let tracker = QuestionTracker::new(TrackerParams {
            window_ms: window_seconds.saturating_mul(1000),
            ..TrackerParams::default()
        })?;
        Ok(LiveQuestions {
            tracker,
            keep,
            newest: VecDeque::new(),
        })
    }

    pub(super) fn question(&mut self, ts: i64, user: u32, session: u32, text: &str) {
        let ask = self.tracker.question(ts, user, session, text);
        self.newest.push_back(Newest {
            ask,
            ts,
            user,
            text: text.to_owned(),
        });
        while self.newest.len() > self.keep {
            self.newest.pop_front();
        }
    }

    /// The status of an ask.
    pub(super) fn status(&self, ask: u32) -> AskStatus {
        self.tracker
            .asks()
            .get(ask as usize)
            .map_or(AskStatus::Waiting, |a| a.status)
    }

    /// The newest questions, newest first.
    pub(super) fn newest(&self) -> impl Iterator<Item = &Newest> {
        self.newest.iter().rev()
    }

    /// Questions asked in the last `window_ms` up to `now` that are not answered (waiting or
    /// unanswered).
    pub(super) fn open_within(&self, now: i64, window_ms: i64) -> u32 {
        self.tracker
            .open_between(now.saturating_sub(window_ms), now) as u32
    }

    pub(super) fn total(&self) -> u64 {
        self.tracker.asks().len() as u64
    }

    /// The groups, most asked first.
    pub(super) fn groups(&self) -> Vec<TrackedGroup> {
        self.tracker.groups()
    }

    pub(super) fn heap_bytes(&self) -> usize {
        std::mem::size_of_val(self.tracker.asks())
            + self.tracker.group_count() * 96
            + self
                .newest
                .iter()
                .map(|q| q.text.capacity() + std::mem::size_of::<Newest>())
                .sum::<usize>()
    }
}

impl std::fmt::Debug for LiveQuestions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveQuestions")
            .field("asks", &self.tracker.asks().len())
            .field("groups", &self.tracker.group_count())
            .finish()
    }
}

//! Live mode: the state of a session while it is on air, updated from the rows appended to the
//! [`Dataset`] since the last look (`metrics.md`, "Live mode").
//!
//! The ingestion append path is the only parser: the caller appends the new bytes to its
//! dataset (chunked ingestion) and hands [`LiveState::update`] the range of event rows that
//! were added. The work per update is proportional to those rows (plus the minutes and
//! products of the session when the screen is built), never to the whole session.
//!
//! Readings this module commits to:
//!
//! - **The live session** is [`LiveParams::session`], or else the session of the newest row of
//!   the first update that has rows; [`SWITCH_ROWS`] rows of another session, each more than
//!   [`SWITCH_AFTER_MS`] newer than all of the live session's rows, with no live row between,
//!   start that session afresh (the creator went on air again in the same file; a session the
//!   sessions table says began earlier never does: late refunds of old sessions). Rows of other sessions are counted, not used. Events of
//!   the other sessions already in the dataset are the creator's history: the baseline.
//! - **Minutes** are buckets of 60 s from the session start (the sessions table's start, else
//!   the earliest row seen). A row arriving out of order goes into its own minute, however late.
//! - **Viewers** follow the sweep-line of `crate::visits` (leaves before enters at equal
//!   times; an `enter` while inside and a `leave` while outside change nothing). Rows may arrive
//!   out of order by up to [`LiveParams::reorder_seconds`]: enter/leave and funnel rows are
//!   held in a small buffer and applied in time order once the newest row is that much later;
//!   "viewers now" also plays the held rows. A row later than that is applied when it arrives
//!   (counted in `rows.late`); a minute's concurrent-viewers sample already taken stays. A visit
//!   without a `leave` stays open while the session is on air (the finished session's visits end
//!   at the person's last event, which live mode cannot know yet).
//! - **Orders** are distinct order ids among `pay` rows (a `pay` row without an id is one
//!   order), each in the minute of its earliest `pay` row, so the minutes sum to the KPI.
//! - **Comments** with text get an intent (`crate::comments::classify`); `question` rows and
//!   comments whose intent is a question are questions, fed with `answer` rows and comments of
//!   the host's account (the sessions table's host name) in time order (through the reorder
//!   buffer) to the comments module's incremental tracker (`crate::comments::QuestionTracker`:
//!   grouping, and answered within [`LiveParams::answer_window_seconds`] — the report's rule).
//! - **Markers**: pitch windows by the rule of `crate::timeline` (first `product_view` burst),
//!   recomputed from per-product per-minute counts; lucky bags (`lottery_join`/`lottery_win`),
//!   polls (`poll_vote`) and coupons (`coupon_claim`/`coupon_use`) as runs of their rows, a gap
//!   of more than [`TOOL_GAP_MS`] starting a new run.
//! - **Funnel** counts: persons at or beyond each step of [`LiveParams::funnel_steps`] in
//!   ordered mode with a 24-hour window (`crate::funnel`'s default semantics), kept per person.
//! - **Baseline** and **alerts**: see [`baseline`] and [`alerts`].
//!
//! Memory: per-minute buckets, per-product counters and per-person flags (the dataset itself
//! holds every row already); the lists shown (newest questions, alerts) are capped.

pub mod alerts;
pub mod baseline;
mod feed;
pub mod follow;
mod markers;
mod presence;
mod questions;
mod screen;
mod state;
mod view;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::model::EventKind;
use crate::{Error, Result};

pub use alerts::{Alert, AlertKind, AlertNumber};
pub use baseline::{Band, Baseline, BaselineMinute};
pub use feed::{LiveFeed, LookKind, LookOutcome};
pub use follow::{FollowStep, Follower};
pub use screen::{
    FunnelCount, LiveIntentCounts, LiveKpis, LiveMinute, LiveProduct, LiveQuestion,
    LiveQuestionGroup, LiveRows, LiveScreen, Marker, MarkerKind,
};
pub use state::{LiveState, SWITCH_AFTER_MS, SWITCH_ROWS};

/// A new run of a tool's rows (lucky bag, poll, coupon) starts after this long without one.
pub const TOOL_GAP_MS: i64 = 5 * 60_000;

/// Settings of live mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct LiveParams {
    /// The live session's id as exported; `None` = the session of the newest row.
    pub session: Option<String>,
    /// Rows may arrive this much out of time order and still be placed exactly (seconds).
    pub reorder_seconds: i64,
    /// A question is answered by an answer within this long (metrics.md: 5 minutes).
    pub answer_window_seconds: i64,
    /// How many of the newest questions the screen lists.
    pub newest_questions: usize,
    /// How many alerts the screen keeps (newest first).
    pub max_alerts: usize,
    /// How many previous sessions make the baseline (the most recent ones).
    pub baseline_sessions: usize,
    /// The viewers-drop alert needs at least this many viewers at the window's peak.
    pub drop_min_viewers: u32,
    /// A pitch's click-rate and conversion alerts need at least this many product viewers.
    pub pitch_min_viewers: u32,
    /// Funnel steps (2 to 10 canonical events).
    pub funnel_steps: Vec<EventKind>,
    /// Funnel conversion window (seconds).
    pub funnel_window_seconds: i64,
}

impl Default for LiveParams {
    fn default() -> Self {
        Self {
            session: None,
            reorder_seconds: 10,
            answer_window_seconds: 300,
            newest_questions: 20,
            max_alerts: 50,
            baseline_sessions: 10,
            drop_min_viewers: 10,
            pitch_min_viewers: 20,
            funnel_steps: vec![
                EventKind::Enter,
                EventKind::ProductView,
                EventKind::Click,
                EventKind::Order,
                EventKind::Pay,
            ],
            funnel_window_seconds: 24 * 3600,
        }
    }
}

impl LiveParams {
    /// Checks the settings.
    pub fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(Error::Params(m));
        if !(0..=3600).contains(&self.reorder_seconds) {
            return bad(format!(
                "the reorder allowance must be 0 to 3600 seconds, not {}",
                self.reorder_seconds
            ));
        }
        if !(0..=86_400).contains(&self.answer_window_seconds) {
            return bad(format!(
                "the answer window must be 0 to 86400 seconds, not {}",
                self.answer_window_seconds
            ));
        }
        if self.newest_questions > 1000 || self.max_alerts > 1000 {
            return bad("the screen lists at most 1000 questions and 1000 alerts".into());
        }
        if !(2..=10).contains(&self.funnel_steps.len()) {
            return bad(format!(
                "the funnel needs 2 to 10 steps, not {}",
                self.funnel_steps.len()
            ));
        }
        if self.funnel_steps.contains(&EventKind::Unknown) {
            return bad("a funnel step must be a canonical event".into());
        }
        if self.funnel_window_seconds <= 0 {
            return bad("the funnel window must be positive".into());
        }
        Ok(())
    }
}

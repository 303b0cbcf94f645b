//! [`LiveScreen`]: what the live screen draws, one snapshot of a [`super::LiveState`].

use serde::{Deserialize, Serialize};

use super::alerts::Alert;
use super::baseline::Baseline;

/// Comment intents counted in a minute (or overall), in `crate::comments::Intent::ALL` order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LiveIntentCounts {
    pub question: u32,
    pub purchase: u32,
    pub objection: u32,
    pub praise: u32,
    pub complaint: u32,
    pub greeting: u32,
    pub other: u32,
}

impl LiveIntentCounts {
    pub(crate) fn from_array(a: &[u32; 7]) -> Self {
        LiveIntentCounts {
            question: a[0],
            purchase: a[1],
            objection: a[2],
            praise: a[3],
            complaint: a[4],
            greeting: a[5],
            other: a[6],
        }
    }
}

/// One minute of the live session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LiveMinute {
    /// Minutes from the session start (the first minute is 0).
    pub minute: u32,
    /// The minute's start, ms since the epoch, UTC.
    pub ts: i64,
    /// Viewers inside at the minute's start; `None` until rows past it have settled.
    pub concurrent: Option<u32>,
    pub enters: u32,
    pub leaves: u32,
    pub product_views: u32,
    pub clicks: u32,
    pub comments: u32,
    pub likes: u32,
    /// Distinct orders paid, each in the minute of its earliest `pay` row.
    pub orders: u32,
    pub gmv: f64,
    pub refunds: u32,
    pub refund_amount: f64,
    pub intents: LiveIntentCounts,
}

/// The session's KPIs so far (definitions of `metrics.md`, over the rows seen).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LiveKpis {
    /// Viewers inside now (held out-of-order rows included).
    pub viewers_now: u32,
    /// Distinct persons with an `enter`.
    pub viewers: u64,
    /// `enter` rows.
    pub views: u64,
    pub peak_concurrent: u32,
    pub comments: u64,
    pub likes: u64,
    pub shares: u64,
    /// Distinct persons with a `follow`.
    pub followers: u64,
    /// Distinct paying persons; `None` when some payments have no buyer id.
    pub buyers: Option<u64>,
    pub orders: u64,
    pub gmv: f64,
    /// Sum of `refund` amounts.
    pub refunds: f64,
    pub product_viewers: u64,
    pub clickers: u64,
    pub interaction_rate: Option<f64>,
    pub product_click_rate: Option<f64>,
    pub click_to_pay_rate: Option<f64>,
    pub conversion_rate: Option<f64>,
    pub aov: Option<f64>,
    pub gpm: Option<f64>,
    pub uv_value: Option<f64>,
    pub comments_per_minute: Option<f64>,
    /// From the session start to the newest row, minutes.
    pub live_minutes: f64,
}

/// A product's counts so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LiveProduct {
    pub item_id: String,
    /// The catalogue title, or the item id.
    pub title: String,
    pub views: u32,
    pub clicks: u32,
    pub orders: u32,
    pub gmv: f64,
}

/// One of the newest questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LiveQuestion {
    pub ts: i64,
    pub minute: u32,
    pub user_id: String,
    pub text: String,
    pub answered: bool,
    /// `waiting` (within its 5 minutes), `answered` or `unanswered`.
    pub status: String,
}

/// Near-duplicate questions grouped (the comments tracker's groups), most asked first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LiveQuestionGroup {
    /// The group's most frequent wording.
    pub text: String,
    pub count: u32,
    pub answered: u32,
    pub unanswered: u32,
    pub waiting: u32,
}

/// Persons at or beyond a funnel step so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FunnelCount {
    /// The canonical event key.
    pub step: String,
    pub count: u64,
}

/// What a marker shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MarkerKind {
    Pitch,
    LuckyBag,
    Poll,
    Coupon,
}

/// A pitch window or an interaction tool's run, in minutes of the session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Marker {
    pub kind: MarkerKind,
    /// The product's title for a pitch; empty for tools.
    pub label: String,
    /// Item id for a pitch; empty for tools.
    pub item_id: String,
    pub start_minute: u32,
    /// Inclusive.
    pub end_minute: u32,
    /// Rows of the tool in the run (product views for a pitch).
    pub rows: u32,
}

/// How the rows handed to the live state were used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LiveRows {
    /// Rows of the live session applied.
    pub applied: u64,
    /// Rows of other sessions (not used).
    pub other_session: u64,
    /// Rows later than the reorder allowance (applied when they came).
    pub late: u64,
    /// Enter/leave/funnel/question rows held for reordering now.
    pub held: u64,
    /// Rows more than `timeline::MAX_BUCKETS` minutes (about two weeks) from the session
    /// start: bad timestamps, not used.
    pub out_of_range: u64,
}

/// One snapshot of the live session: what the page's live screen and `livelens watch` show.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LiveScreen {
    /// The live session's id; empty before the first row.
    pub session_id: String,
    /// Minute 0's start and the newest row's time, ms since the epoch, UTC (0 before any row).
    pub start_ts: i64,
    pub now_ts: i64,
    pub kpis: LiveKpis,
    /// Every minute from 0 to the newest.
    pub minutes: Vec<LiveMinute>,
    /// The same minutes of previous sessions; `None` when none is loaded.
    pub baseline: Option<Baseline>,
    pub funnel: Vec<FunnelCount>,
    /// Products by clicks (most first), at most 20.
    pub products: Vec<LiveProduct>,
    /// Newest first.
    pub questions: Vec<LiveQuestion>,
    /// The 10 most asked question groups.
    pub question_groups: Vec<LiveQuestionGroup>,
    pub questions_total: u64,
    pub questions_answered: u64,
    /// Unanswered questions asked in the last 5 minutes.
    pub questions_unanswered_recent: u32,
    pub intents: LiveIntentCounts,
    pub markers: Vec<Marker>,
    /// Newest first, each with the numbers that fired it.
    pub alerts: Vec<Alert>,
    pub rows: LiveRows,
}

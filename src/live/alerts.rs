//! The alerts of `metrics.md` ("Live mode"), each carrying the numbers that fired it.
//!
//! - **viewers_drop**: viewers now are more than 30 % below the highest concurrent count of the
//!   last 5 minutes (minute-start samples and the previous looks), when that peak is at least
//!   [`super::LiveParams::drop_min_viewers`] (so that 3 → 2 is not an alert).
//! - **pitch_click_rate**, **pitch_conversion**: during the current pitch, the product's click
//!   rate (or payers / viewers) is below the baseline's lower quartile of previous pitches, once
//!   the pitch has [`super::LiveParams::pitch_min_viewers`] product viewers. Needs a baseline.
//! - **unanswered_questions**: 5 or more questions asked in the last 5 minutes are unanswered.
//! - **refund_spike**: a minute with at least 3 refunds and more than the median + 3 × MAD of
//!   the session's earlier minutes (the spike rule of the timeline, on refund counts).
//!
//! An alert fires when its condition starts to hold and again only after it stopped holding
//! (a refund spike: once per minute; a pitch alert: once per pitch).

use serde::{Deserialize, Serialize};

/// What fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    ViewersDrop,
    PitchClickRate,
    PitchConversion,
    UnansweredQuestions,
    RefundSpike,
}

impl AlertKind {
    pub const ALL: [AlertKind; 5] = [
        AlertKind::ViewersDrop,
        AlertKind::PitchClickRate,
        AlertKind::PitchConversion,
        AlertKind::UnansweredQuestions,
        AlertKind::RefundSpike,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AlertKind::ViewersDrop => "viewers_drop",
            AlertKind::PitchClickRate => "pitch_click_rate",
            AlertKind::PitchConversion => "pitch_conversion",
            AlertKind::UnansweredQuestions => "unanswered_questions",
            AlertKind::RefundSpike => "refund_spike",
        }
    }
}

/// One number behind an alert (`key` is stable: `from`, `to`, `drop_pct`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AlertNumber {
    pub key: String,
    pub value: f64,
}

/// An alert as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Alert {
    pub kind: AlertKind,
    /// When it fired (the newest row's time), ms since the epoch, UTC.
    pub ts: i64,
    pub minute: u32,
    /// One English sentence with the numbers (the page builds its own from `kind` + `numbers`).
    pub message: String,
    pub numbers: Vec<AlertNumber>,
    /// The product of a pitch alert (item id), else empty.
    pub item_id: String,
}

impl Alert {
    /// The number under `key`.
    pub fn number(&self, key: &str) -> Option<f64> {
        self.numbers.iter().find(|n| n.key == key).map(|n| n.value)
    }
}

pub(super) fn numbers(pairs: &[(&str, f64)]) -> Vec<AlertNumber> {
    pairs
        .iter()
        .map(|&(k, v)| AlertNumber {
            key: k.to_owned(),
            value: v,
        })
        .collect()
}

/// Viewers drop: `(peak, now)` over the window → the alert's numbers when it holds.
pub(super) fn viewers_drop(
    peak: u32,
    now: u32,
    min_viewers: u32,
) -> Option<(String, Vec<AlertNumber>)> {
    if peak < min_viewers.max(1) || f64::from(now) >= 0.7 * f64::from(peak) {
        return None;
    }
    let pct = 100.0 * f64::from(peak - now) / f64::from(peak);
    Some((
        format!("viewers fell {pct:.0}% within 5 minutes ({peak} → {now})"),
        numbers(&[
            ("from", f64::from(peak)),
            ("to", f64::from(now)),
            ("drop_pct", pct),
            ("window_minutes", 5.0),
        ]),
    ))
}

/// A pitch rate below the baseline's lower quartile.
pub(super) fn pitch_rate(
    what: &str,
    title: &str,
    hits: u32,
    viewers: u32,
    q1: f64,
    median: f64,
    min_viewers: u32,
) -> Option<(String, Vec<AlertNumber>)> {
    if viewers < min_viewers.max(1) {
        return None;
    }
    let rate = f64::from(hits) / f64::from(viewers);
    if rate >= q1 {
        return None;
    }
    Some((
        format!(
            "{what} of {title} is {:.1}% ({hits} of {viewers} viewers), below the usual \
             {:.1}% (lower quartile; median {:.1}%)",
            100.0 * rate,
            100.0 * q1,
            100.0 * median
        ),
        numbers(&[
            ("rate", rate),
            ("count", f64::from(hits)),
            ("viewers", f64::from(viewers)),
            ("baseline_q1", q1),
            ("baseline_median", median),
        ]),
    ))
}

/// Unanswered questions of the last 5 minutes.
pub(super) fn unanswered(count: u32) -> Option<(String, Vec<AlertNumber>)> {
    (count >= 5).then(|| {
        (
            format!("{count} questions of the last 5 minutes are unanswered"),
            numbers(&[
                ("unanswered", f64::from(count)),
                ("threshold", 5.0),
                ("window_minutes", 5.0),
            ]),
        )
    })
}

/// Refund spike: this minute's refunds against the earlier minutes'.
pub(super) fn refund_spike(now: u32, earlier: &[f64]) -> Option<(String, Vec<AlertNumber>)> {
    if now < 3 {
        return None;
    }
    let (m, mad) = crate::timeline::median_mad(earlier);
    let limit = m + 3.0 * mad;
    (f64::from(now) > limit).then(|| {
        (
            format!("{now} refunds this minute (usual: median {m:.1}, limit {limit:.1})"),
            numbers(&[
                ("refunds", f64::from(now)),
                ("median", m),
                ("mad", mad),
                ("limit", limit),
            ]),
        )
    })
}

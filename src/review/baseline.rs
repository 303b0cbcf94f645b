//! The creator's own baseline (`metrics.md`, "Post-live review"): the previous up to
//! [`MAX_BASELINE_SESSIONS`] sessions, of the same host when hosts are known; their median and
//! interquartile range per figure; a figure is flagged when it lies outside Q1–Q3.

use serde::{Deserialize, Serialize};

use super::ReviewVerdict;
use crate::kpi::SessionKpis;

/// At most this many earlier sessions form the baseline.
pub const MAX_BASELINE_SESSIONS: usize = 10;
/// Fewer earlier sessions with a figure give no baseline for it: the quartiles of one or two
/// values say nothing about the spread.
pub const MIN_BASELINE_SESSIONS: usize = 3;

/// Median and quartiles of a figure over the baseline sessions that have it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewBaseline {
    pub median: f64,
    pub q1: f64,
    pub q3: f64,
    /// Sessions the figure was taken from.
    pub sessions: u32,
}

impl ReviewBaseline {
    /// The baseline of `values` (non-finite values ignored); `None` with fewer than
    /// [`MIN_BASELINE_SESSIONS`] values.
    pub fn of(values: &[f64]) -> Option<ReviewBaseline> {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        if v.len() < MIN_BASELINE_SESSIONS {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let (q1, median, q3) = quartiles(&v)?;
        Some(ReviewBaseline {
            median,
            q1,
            q3,
            sessions: v.len() as u32,
        })
    }

    /// Where `value` lies: [`ReviewVerdict::Better`] / [`ReviewVerdict::Worse`] outside Q1–Q3 (by
    /// `higher_is_better`), [`ReviewVerdict::Usual`] inside.
    pub fn verdict(&self, value: f64, higher_is_better: bool) -> ReviewVerdict {
        let above = value > self.q3;
        let below = value < self.q1;
        match (above, below, higher_is_better) {
            (true, _, true) | (_, true, false) => ReviewVerdict::Better,
            (true, _, false) | (_, true, true) => ReviewVerdict::Worse,
            _ => ReviewVerdict::Usual,
        }
    }

    /// How far outside Q1–Q3 `value` lies, in units of the range's width (at least 5 % of the
    /// median's size, so a flat baseline does not make every difference infinite); 0 inside.
    pub fn strength(&self, value: f64) -> f64 {
        let beyond = if value > self.q3 {
            value - self.q3
        } else if value < self.q1 {
            self.q1 - value
        } else {
            0.0
        };
        let scale = (self.q3 - self.q1).max(self.median.abs() * 0.05).max(1e-9);
        beyond / scale
    }
}

/// First quartile, median and third quartile of sorted finite values, by linear interpolation
/// between order statistics (R's type 7, NumPy's default). `None` when empty.
pub fn quartiles(sorted: &[f64]) -> Option<(f64, f64, f64)> {
    let q = |p: f64| -> Option<f64> {
        let n = sorted.len();
        let h = (n.checked_sub(1)? as f64) * p;
        let lo = h.floor() as usize;
        let hi = (lo + 1).min(n - 1);
        let (a, b) = (*sorted.get(lo)?, *sorted.get(hi)?);
        Some(a + (h - lo as f64) * (b - a))
    };
    Some((q(0.25)?, q(0.5)?, q(0.75)?))
}

/// Whether a session had any activity (viewers or paid orders): empty sessions of a sessions
/// table do not count in a baseline.
pub(super) fn active(s: &SessionKpis) -> bool {
    s.kpis.viewers > 0 || s.kpis.orders > 0
}

/// The baseline sessions of the session at `idx` of the start-ordered table.
pub(super) struct Earlier<'a> {
    pub sessions: Vec<&'a SessionKpis>,
    pub same_host: bool,
}

/// The previous up to [`MAX_BASELINE_SESSIONS`] active sessions before `idx` (of the same host
/// when the session has one), oldest first.
pub(super) fn earlier_sessions(all: &[SessionKpis], idx: usize) -> Earlier<'_> {
    let this = &all[idx];
    let same_host = this.host.is_some();
    let mut sessions: Vec<&SessionKpis> = all[..idx]
        .iter()
        .rev()
        .filter(|s| active(s) && s.start.is_some())
        .filter(|s| !same_host || s.host == this.host)
        .take(MAX_BASELINE_SESSIONS)
        .collect();
    sessions.reverse();
    Earlier {
        sessions,
        same_host,
    }
}

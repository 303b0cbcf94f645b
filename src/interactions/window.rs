//! The room around a tool's window: mean concurrent viewers, entries per minute and follows per
//! minute in the window against the same length just before it, and that change against the
//! change the creator's other sessions show at the same minutes (a difference in differences).

use serde::{Deserialize, Serialize};

use crate::compare::tdist::t_quantile;
use crate::visits::{change_points, concurrency, Visit};

/// One measure of the room (concurrency, entries/min, follows/min) around a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WindowEffect {
    /// The same length just before the window (absent when the session had not run that long).
    pub before: Option<f64>,
    pub during: Option<f64>,
    /// `during − before`.
    pub change: Option<f64>,
    /// The same change in the other sessions at the same minutes since their start, averaged:
    /// sessions long enough and without a window of the same tool there.
    pub others_change: Option<f64>,
    pub others: u64,
    /// `change − others_change`, the effect; with its 95% interval (a prediction interval:
    /// `t(0.975, n − 1) × sd(others' changes) × √(1 + 1/n)`), needing 2 other sessions.
    pub effect: Option<f64>,
    pub effect_low: Option<f64>,
    pub effect_high: Option<f64>,
    /// Whether the interval excludes 0 (otherwise "not distinguishable from no effect").
    pub distinguishable: bool,
}

/// Per session: its span and the series the effects read.
pub(super) struct SessionSeries {
    pub(super) start: i64,
    pub(super) end: i64,
    pub(super) points: Vec<(i64, i32)>,
    pub(super) enters: Vec<i64>,
    pub(super) follows: Vec<i64>,
}

impl SessionSeries {
    pub(super) fn new(start: i64, end: i64, visits: &[Visit]) -> SessionSeries {
        SessionSeries {
            start,
            end,
            points: change_points(visits),
            enters: Vec::new(),
            follows: Vec::new(),
        }
    }

    /// The three measures over `[a, b)`: mean concurrency, entries/min, follows/min.
    fn measures(&self, a: i64, b: i64) -> Option<[f64; 3]> {
        if b <= a {
            return None;
        }
        let minutes = (b - a) as f64 / 60_000.0;
        let count = |v: &[i64]| {
            let lo = v.partition_point(|&t| t < a);
            let hi = v.partition_point(|&t| t < b);
            (hi - lo) as f64 / minutes
        };
        Some([
            concurrency(&self.points, a, b).mean.unwrap_or(0.0),
            count(&self.enters),
            count(&self.follows),
        ])
    }

    /// (before, during) at offset `off` ms after the start for `len` ms; `None` when the
    /// session does not cover both.
    fn around(&self, off: i64, len: i64) -> Option<([f64; 3], [f64; 3])> {
        let a = self.start + off;
        if a - len < self.start || a + len > self.end {
            return None;
        }
        Some((self.measures(a - len, a)?, self.measures(a, a + len)?))
    }
}

/// The three effects of a window `[a, a + len)` of session `me`; `blocked(s)` says whether
/// session `s` has a window of the same tool near that minute (then it is no comparison).
pub(super) fn effects(
    series: &[Option<SessionSeries>],
    me: usize,
    a: i64,
    len: i64,
    blocked: &dyn Fn(usize) -> bool,
) -> [WindowEffect; 3] {
    let none = || WindowEffect {
        before: None,
        during: None,
        change: None,
        others_change: None,
        others: 0,
        effect: None,
        effect_low: None,
        effect_high: None,
        distinguishable: false,
    };
    let Some(Some(mine)) = series.get(me) else {
        return [none(), none(), none()];
    };
    let len = len.max(60_000);
    let off = a - mine.start;
    let during = mine.measures(a, a + len);
    let before = if a - len >= mine.start {
        mine.measures(a - len, a)
    } else {
        None
    };
    let mut changes: [Vec<f64>; 3] = Default::default();
    for (s, ser) in series.iter().enumerate() {
        if s == me || blocked(s) {
            continue;
        }
        if let Some((b, d)) = ser.as_ref().and_then(|x| x.around(off, len)) {
            for k in 0..3 {
                changes[k].push(d[k] - b[k]);
            }
        }
    }
    let mut out = [none(), none(), none()];
    for k in 0..3 {
        let e = &mut out[k];
        e.during = during.map(|d| d[k]);
        e.before = before.map(|b| b[k]);
        e.change = e.during.zip(e.before).map(|(d, b)| d - b);
        let c = &changes[k];
        e.others = c.len() as u64;
        if c.is_empty() {
            continue;
        }
        let n = c.len() as f64;
        let m = c.iter().sum::<f64>() / n;
        e.others_change = Some(m);
        e.effect = e.change.map(|ch| ch - m);
        if c.len() >= 2 {
            let sd = (c.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0)).sqrt();
            if let (Some(eff), Some(q)) = (e.effect, t_quantile(0.975, n - 1.0)) {
                let half = q * sd * (1.0 + 1.0 / n).sqrt();
                e.effect_low = Some(eff - half);
                e.effect_high = Some(eff + half);
                e.distinguishable = eff - half > 0.0 || eff + half < 0.0;
            }
        }
    }
    out
}

/// Minutes around a window's start sampled by [`profile`]: 10 before to 19 after.
pub(super) const PROFILE: std::ops::Range<i64> = -10..20;

/// Concurrency at each minute of [`PROFILE`] around `a` in session `me`, and the mean of the
/// comparison sessions (as in [`effects`]) at the same minutes since their start.
pub(super) fn profile(
    series: &[Option<SessionSeries>],
    me: usize,
    a: i64,
    blocked: &dyn Fn(usize) -> bool,
) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
    let Some(Some(mine)) = series.get(me) else {
        let n = PROFILE.count();
        return (vec![None; n], vec![None; n]);
    };
    let off = a - mine.start;
    let at = |x: &SessionSeries| -> Vec<Option<f64>> {
        let times: Vec<i64> = PROFILE.map(|k| x.start + off + k * 60_000).collect();
        let vals = crate::visits::concurrent_at(&x.points, &times);
        times
            .iter()
            .zip(vals)
            .map(|(&t, v)| (t >= x.start && t <= x.end).then_some(f64::from(v)))
            .collect()
    };
    let own = at(mine);
    let n = own.len();
    let (mut sum, mut cnt) = (vec![0.0; n], vec![0u32; n]);
    for (s, ser) in series.iter().enumerate() {
        if s == me || blocked(s) {
            continue;
        }
        if let Some(x) = ser {
            for (k, v) in at(x).into_iter().enumerate() {
                if let Some(v) = v {
                    sum[k] += v;
                    cnt[k] += 1;
                }
            }
        }
    }
    let others = (0..n)
        .map(|k| (cnt[k] > 0).then(|| sum[k] / f64::from(cnt[k])))
        .collect();
    (own, others)
}

//! Funnels with the semantics of PostHog's funnel engine (`metrics.md`, "Funnel").
//!
//! - **Unit: a person.** Each person counts once, at the furthest step of their *best attempt*.
//!   The count at step k is the number of persons whose furthest step is ≥ k.
//! - **Attempts.** Every step-1 event starts a new attempt. The best attempt is the one reaching
//!   furthest; among equally far attempts the earliest wins, and the step times (time from the
//!   previous step, time to convert) come from that attempt.
//! - **Conversion window** is measured from the attempt's step-1 event: an event belongs to the
//!   attempt when `event time − step-1 time ≤ window` (an event exactly at the window's end
//!   counts, as in PostHog).
//! - **Ordered**: the steps in order, other events may come between; a step's event is a later
//!   event of the person than the previous step's event. Within an attempt the next step is
//!   matched at its earliest occurrence, which reaches furthest and gives the shortest times.
//! - **Strict**: step k must be the person's very next event after step k−1; any other event of
//!   that person in between breaks the chain (other persons' events do not matter).
//! - **Any order**: an attempt starts at any event of any step and reaches as many steps as
//!   distinct steps occur from that event to the end of its window (a kind listed m times needs m
//!   events). Step k's row then means "k of the steps done", and the time from the previous step
//!   is the time between the (k−1)-th and k-th distinct step done.
//! - **Equal timestamps** count as in order: a person's events at the same instant are taken in
//!   the order of the funnel's steps (events matching no step after them), so `enter` and
//!   `product_view` logged in the same second pass in either row order, and, in strict mode, an
//!   unrelated event logged at the same instant does not break the chain.
//! - **Breakdowns** are attributed to the value at step 1 of the best attempt: the session (or its
//!   host) of the step-1 event, or the person's user attribute / caller-supplied segment.
//!   Missing values are grouped as `"(none)"`; the 10 values with most step-1 persons are kept,
//!   the rest grouped as `"other"`.
//! - **Trend**: per session (in session start order), the persons with an attempt starting in
//!   that session and how many of them have a complete attempt starting there (as PostHog's
//!   "conversion over time", with sessions as the periods; a person can count in several).
//!
//! Step 1 reports `conversion_from_start = conversion_from_previous = 1` and no drop-off (it has
//! no previous step) when anyone reached it; every rate with a zero denominator is `None`.

/// The per-person engine, public so that other engines (the DataFusion crate's
/// `livelens_funnel` aggregate) evaluate a person with the same code.
pub mod engine;

use crate::analysis::Prepared;
use crate::model::{Dataset, EventKind, NONE};
use crate::{Error, Result};
use engine::{Outcome, MAX_STEPS};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// How a person's events must line up with the steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FunnelMode {
    /// Steps in order; other events may come between.
    #[default]
    Ordered,
    /// Steps in order with no other event of the person between them.
    Strict,
    /// Each step at least once inside the window, in any order.
    AnyOrder,
}

/// What the funnel is broken down by (attributed to the value at step 1).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Breakdown {
    #[default]
    None,
    /// Session of the step-1 event.
    Session,
    /// Host of the step-1 event's session.
    Host,
    /// A users-file attribute, by name.
    Attribute(String),
    /// Caller-supplied segment labels: (user id, segment).
    Segment(Vec<(u32, String)>),
}

/// Settings of [`funnel`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct FunnelParams {
    /// 2 to 10 steps; default `enter → product_view → click → order → pay`.
    pub steps: Vec<EventKind>,
    pub mode: FunnelMode,
    /// Conversion window from the step-1 event, seconds (> 0); default 24 hours.
    pub window_seconds: i64,
    pub breakdown: Breakdown,
}

impl Default for FunnelParams {
    fn default() -> Self {
        FunnelParams {
            steps: vec![
                EventKind::Enter,
                EventKind::ProductView,
                EventKind::Click,
                EventKind::Order,
                EventKind::Pay,
            ],
            mode: FunnelMode::Ordered,
            window_seconds: 86_400,
            breakdown: Breakdown::None,
        }
    }
}

impl FunnelParams {
    /// Checks the settings against the dataset.
    pub fn validate(&self, ds: &Dataset) -> Result<()> {
        if !(2..=MAX_STEPS).contains(&self.steps.len()) {
            return Err(Error::Params(format!(
                "a funnel needs 2 to {MAX_STEPS} steps, got {}",
                self.steps.len()
            )));
        }
        if self.steps.contains(&EventKind::Unknown) {
            return Err(Error::Params(
                "funnel steps must be canonical events; map unknown event names first".into(),
            ));
        }
        if self.window_seconds <= 0 {
            return Err(Error::Params(format!(
                "the conversion window must be positive, got {} seconds",
                self.window_seconds
            )));
        }
        match &self.breakdown {
            Breakdown::Attribute(name) if !ds.user_attributes.iter().any(|a| &a.name == name) => {
                return Err(Error::Params(format!("no user attribute named {name:?}")));
            }
            Breakdown::Segment(list) => {
                if let Some((u, _)) = list.iter().find(|(u, _)| *u as usize >= ds.users.len()) {
                    return Err(Error::Params(format!("segment lists unknown user id {u}")));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The settings a funnel was computed with, as the report echoes them (a segment breakdown is
/// named, not listed person by person).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FunnelEcho {
    pub steps: Vec<EventKind>,
    pub mode: FunnelMode,
    pub window_seconds: i64,
    /// `"none"`, `"session"`, `"host"`, `"attribute"` or `"segment"`.
    pub breakdown: String,
    /// The users-file attribute of an `"attribute"` breakdown.
    pub breakdown_attribute: Option<String>,
}

impl FunnelEcho {
    pub fn of(p: &FunnelParams) -> FunnelEcho {
        let (breakdown, attribute) = match &p.breakdown {
            Breakdown::None => ("none", None),
            Breakdown::Session => ("session", None),
            Breakdown::Host => ("host", None),
            Breakdown::Attribute(name) => ("attribute", Some(name.clone())),
            Breakdown::Segment(_) => ("segment", None),
        };
        FunnelEcho {
            steps: p.steps.clone(),
            mode: p.mode,
            window_seconds: p.window_seconds,
            breakdown: breakdown.to_owned(),
            breakdown_attribute: attribute,
        }
    }
}

/// One step of a funnel (or of one breakdown row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FunnelStep {
    /// Canonical event key of the step.
    pub event: String,
    /// Persons whose furthest step is at least this one.
    pub count: u64,
    pub conversion_from_start: Option<f64>,
    pub conversion_from_previous: Option<f64>,
    /// Persons who reached the previous step but not this one (0 for step 1).
    pub drop_off: u64,
    pub drop_off_rate: Option<f64>,
    /// Over persons who reached this step, from their best attempt; `None` for step 1.
    pub median_seconds_from_previous: Option<f64>,
    pub mean_seconds_from_previous: Option<f64>,
}

/// A histogram bin `[lower, upper)`; `upper = None` is open-ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistogramBin {
    pub lower_seconds: f64,
    pub upper_seconds: Option<f64>,
    /// E.g. `"10s–30s"`, `"1h–2h"`, `"≥30d"`.
    pub label: String,
    pub count: u64,
}

/// Distribution of durations on fixed, readable bin edges (10 s, 30 s, 1 min, … 30 days), cut at
/// the conversion window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Histogram {
    pub bins: Vec<HistogramBin>,
    pub count: u64,
    pub median_seconds: Option<f64>,
    pub mean_seconds: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FunnelBreakdownRow {
    pub value: String,
    pub steps: Vec<FunnelStep>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FunnelTrendPoint {
    pub session_id: String,
    /// Persons with an attempt starting in this session.
    pub start_count: u64,
    /// Of those, persons with a complete attempt starting in this session.
    pub completed: u64,
    pub conversion: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FunnelResult {
    /// The settings it was computed with.
    pub params: FunnelEcho,
    pub mode: FunnelMode,
    pub window_seconds: i64,
    pub steps: Vec<FunnelStep>,
    /// Seconds from step 1 to the last step, for persons who completed (best attempt).
    pub time_to_convert: Histogram,
    /// Empty without a breakdown.
    pub breakdown: Vec<FunnelBreakdownRow>,
    pub trend: Vec<FunnelTrendPoint>,
}

/// Label of missing breakdown values.
pub const NONE_LABEL: &str = "(none)";
/// Label of the breakdown values beyond the top 10.
pub const OTHER_LABEL: &str = "other";
/// Breakdown values kept before grouping the rest as [`OTHER_LABEL`].
pub const TOP_VALUES: usize = 10;

/// Computes the funnel. Errors only on invalid settings; an empty dataset gives zero counts.
pub fn funnel(prep: &Prepared, p: &FunnelParams) -> Result<FunnelResult> {
    let ds = prep.ds();
    p.validate(ds)?;
    let window_ms = p.window_seconds.saturating_mul(1000);
    let (outcomes, trend_counts) = engine::run(ds, &p.steps, p.mode, window_ms);
    let keys: Vec<&str> = p.steps.iter().map(|k| k.key()).collect();

    let steps = aggregate(outcomes.iter(), &keys);
    let n = keys.len();
    let convert: Vec<i64> = outcomes
        .iter()
        .filter(|o| o.reached as usize == n)
        .map(|o| o.times[n - 1] - o.times[0])
        .collect();
    let time_to_convert = histogram(&convert, p.window_seconds);
    let breakdown = breakdown_rows(ds, &p.breakdown, &outcomes, &keys);
    let trend = trend(ds, &trend_counts);

    Ok(FunnelResult {
        params: FunnelEcho::of(p),
        mode: p.mode,
        window_seconds: p.window_seconds,
        steps,
        time_to_convert,
        breakdown,
        trend,
    })
}

/// The step table [`funnel`] gives on a copy of the dataset holding only its events `rows`
/// (ascending row indices; same ids): what the review needs per session, without the copy
/// (issue #13, memory). The breakdown is ignored (the steps do not depend on it).
pub fn steps_of_rows(ds: &Dataset, p: &FunnelParams, rows: &[u32]) -> Result<Vec<FunnelStep>> {
    p.validate(ds)?;
    let window_ms = p.window_seconds.saturating_mul(1000);
    let (outcomes, _) = engine::run_rows(ds, rows, &p.steps, p.mode, window_ms);
    let keys: Vec<&str> = p.steps.iter().map(|k| k.key()).collect();
    Ok(aggregate(outcomes.iter(), &keys))
}

fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Median and mean of millisecond durations, in seconds. Sorts `v`.
fn median_mean_seconds(v: &mut [i64]) -> (Option<f64>, Option<f64>) {
    if v.is_empty() {
        return (None, None);
    }
    // Integers: equal ones are indistinguishable, so the shared stable sort gives the same.
    crate::sort::by(v, |a, b| a.cmp(b));
    let m = v.len() / 2;
    let median = if v.len() % 2 == 1 {
        v[m] as f64
    } else {
        (v[m - 1] as f64 + v[m] as f64) / 2.0
    };
    let mean = v.iter().map(|&x| x as f64).sum::<f64>() / v.len() as f64;
    (Some(median / 1000.0), Some(mean / 1000.0))
}

/// The step table of a set of outcomes.
fn aggregate<'a>(outcomes: impl Iterator<Item = &'a Outcome>, keys: &[&str]) -> Vec<FunnelStep> {
    let n = keys.len();
    let mut counts = vec![0u64; n];
    let mut gaps: Vec<Vec<i64>> = vec![Vec::new(); n];
    for o in outcomes {
        let reached = (o.reached as usize).min(n);
        for (k, c) in counts.iter_mut().enumerate().take(reached) {
            *c += 1;
            if k > 0 {
                gaps[k].push(o.times[k] - o.times[k - 1]);
            }
        }
    }
    let first = counts.first().copied().unwrap_or(0);
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let count = counts[k];
        let prev = if k == 0 { count } else { counts[k - 1] };
        let drop_off = prev - count;
        let (median, mean) = if k == 0 {
            (None, None)
        } else {
            median_mean_seconds(&mut gaps[k])
        };
        out.push(FunnelStep {
            event: keys[k].to_owned(),
            count,
            conversion_from_start: ratio(count, first),
            conversion_from_previous: ratio(count, prev),
            drop_off,
            drop_off_rate: ratio(drop_off, prev),
            median_seconds_from_previous: median,
            mean_seconds_from_previous: mean,
        });
    }
    out
}

/// Bin edges of [`Histogram`], seconds.
const EDGES: [i64; 16] = [
    0, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21_600, 43_200, 86_400, 172_800, 604_800,
    2_592_000,
];

fn fmt_duration(secs: i64) -> String {
    if secs > 0 && secs % 86_400 == 0 {
        format!("{}d", secs / 86_400)
    } else if secs > 0 && secs % 3600 == 0 {
        format!("{}h", secs / 3600)
    } else if secs > 0 && secs % 60 == 0 {
        format!("{}m", secs / 60)
    } else {
        format!("{secs}s")
    }
}

/// Histogram of millisecond durations (all ≤ the window) on [`EDGES`], keeping the bins that
/// can hold a value ≤ `window_seconds`.
fn histogram(durations_ms: &[i64], window_seconds: i64) -> Histogram {
    let mut bins: Vec<HistogramBin> = Vec::new();
    for (i, &lo) in EDGES.iter().enumerate() {
        if lo > window_seconds && i > 0 {
            break;
        }
        let hi = EDGES.get(i + 1).copied();
        let label = match hi {
            Some(h) => format!("{}–{}", fmt_duration(lo), fmt_duration(h)),
            None => format!("≥{}", fmt_duration(lo)),
        };
        bins.push(HistogramBin {
            lower_seconds: lo as f64,
            upper_seconds: hi.map(|h| h as f64),
            label,
            count: 0,
        });
    }
    for &d in durations_ms {
        let s = d as f64 / 1000.0;
        // Last bin whose lower edge is ≤ s (values beyond the kept bins go to the last one).
        let i = bins.iter().rposition(|b| b.lower_seconds <= s).unwrap_or(0);
        if let Some(b) = bins.get_mut(i) {
            b.count += 1;
        }
    }
    let mut sorted = durations_ms.to_vec();
    let (median_seconds, mean_seconds) = median_mean_seconds(&mut sorted);
    Histogram {
        bins,
        count: durations_ms.len() as u64,
        median_seconds,
        mean_seconds,
    }
}

/// The breakdown value of each outcome (an id, [`NONE`] = missing) and the label of an id.
fn breakdown_values(
    ds: &Dataset,
    b: &Breakdown,
    outcomes: &[Outcome],
) -> Option<(Vec<u32>, Vec<String>)> {
    let ev = &ds.events;
    let labels = |names: &[String]| names.to_vec();
    match b {
        Breakdown::None => None,
        Breakdown::Session => Some((
            outcomes
                .iter()
                .map(|o| ev.session[o.start_event as usize])
                .collect(),
            labels(ds.sessions.names()),
        )),
        Breakdown::Host => Some((
            outcomes
                .iter()
                .map(|o| {
                    let s = ev.session[o.start_event as usize];
                    ds.session_info.get(s as usize).map_or(NONE, |i| i.host)
                })
                .collect(),
            labels(ds.hosts.names()),
        )),
        Breakdown::Attribute(name) => {
            let a = ds.user_attributes.iter().find(|a| &a.name == name)?;
            Some((
                outcomes
                    .iter()
                    .map(|o| a.of_user.get(o.user as usize).copied().unwrap_or(NONE))
                    .collect(),
                labels(a.values.names()),
            ))
        }
        Breakdown::Segment(list) => {
            let mut names = crate::model::Interner::new();
            let mut of_user = vec![NONE; ds.users.len()];
            for (u, seg) in list {
                if let Some(slot) = of_user.get_mut(*u as usize) {
                    *slot = names.intern(seg);
                }
            }
            Some((
                outcomes
                    .iter()
                    .map(|o| of_user.get(o.user as usize).copied().unwrap_or(NONE))
                    .collect(),
                labels(names.names()),
            ))
        }
    }
}

fn breakdown_rows(
    ds: &Dataset,
    b: &Breakdown,
    outcomes: &[Outcome],
    keys: &[&str],
) -> Vec<FunnelBreakdownRow> {
    let Some((values, labels)) = breakdown_values(ds, b, outcomes) else {
        return Vec::new();
    };
    // Every outcome reached step 1, so the step-1 count of a value is its number of outcomes.
    let mut count: FxHashMap<u32, u64> = FxHashMap::default();
    for &v in &values {
        *count.entry(v).or_insert(0) += 1;
    }
    let label = |v: u32| -> &str {
        if v == NONE {
            NONE_LABEL
        } else {
            labels.get(v as usize).map_or("", String::as_str)
        }
    };
    let mut ranked: Vec<(u32, u64)> = count.into_iter().collect();
    // Most persons first; ties by label so the order is stable across runs.
    crate::sort::by(&mut ranked, |a, b| {
        b.1.cmp(&a.1).then_with(|| label(a.0).cmp(label(b.0)))
    });
    let mut rows: Vec<FunnelBreakdownRow> = ranked
        .iter()
        .take(TOP_VALUES)
        .map(|&(v, _)| FunnelBreakdownRow {
            value: label(v).to_owned(),
            steps: aggregate(
                outcomes
                    .iter()
                    .zip(&values)
                    .filter(|(_, &w)| w == v)
                    .map(|(o, _)| o),
                keys,
            ),
        })
        .collect();
    if ranked.len() > TOP_VALUES {
        let kept: Vec<u32> = ranked.iter().take(TOP_VALUES).map(|r| r.0).collect();
        rows.push(FunnelBreakdownRow {
            value: OTHER_LABEL.to_owned(),
            steps: aggregate(
                outcomes
                    .iter()
                    .zip(&values)
                    .filter(|(_, w)| !kept.contains(w))
                    .map(|(o, _)| o),
                keys,
            ),
        });
    }
    rows
}

/// Trend points for every session with events, in session start order (the sessions table's
/// start, else the session's first event; ties by session id).
fn trend(ds: &Dataset, counts: &engine::TrendCounts) -> Vec<FunnelTrendPoint> {
    let n = ds.sessions.len();
    let mut first_ts: Vec<Option<i64>> = vec![None; n];
    for (&s, &t) in ds.events.session.iter().zip(&ds.events.ts) {
        if let Some(slot) = first_ts.get_mut(s as usize) {
            if slot.is_none() {
                *slot = Some(t);
            }
        }
    }
    let mut order: Vec<(i64, u32)> = (0..n)
        .filter_map(|s| {
            let first = first_ts[s]?;
            let start = ds
                .session_info
                .get(s)
                .and_then(|i| i.start)
                .unwrap_or(first);
            Some((start, s as u32))
        })
        .collect();
    order.sort_unstable();
    order
        .into_iter()
        .map(|(_, s)| {
            let started = counts.started.get(s as usize).copied().unwrap_or(0);
            let completed = counts.completed.get(s as usize).copied().unwrap_or(0);
            FunnelTrendPoint {
                session_id: ds.sessions.name(s).to_owned(),
                start_count: started,
                completed,
                conversion: ratio(completed, started),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;

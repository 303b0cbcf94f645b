//! Retention, cohorts, repeat purchase, cohort LTV and lifecycle (`metrics.md`, "Retention,
//! cohorts, lifecycle").
//!
//! Definitions (the readings this module commits to):
//!
//! - **Periods** are local days ([`Dataset::local_day`], i.e. shifted by `tz_offset_minutes`) or
//!   weeks starting on Monday, local time. A period is labelled by the date of its first day
//!   (`"2026-10-05"`). Periods run from the period of the dataset's first event to that of its
//!   last event (the *last observed period*).
//! - **Cohort** of a person = the period of their first start event (default `pay`). Persons
//!   without a start event are in no cohort. Only non-empty cohorts are listed, in period order.
//! - **Retention cell** `(c, n)`: persons of cohort `c` with a return event (default: any event)
//!   in period `c + n` (mode [`RetentionMode::On`]) or in any period `≥ c + n`
//!   ([`RetentionMode::OnOrAfter`]), divided by the cohort size. Period 0 counts persons with a
//!   return event in their cohort period, so it is 100 % whenever the start event is itself a
//!   return event (start `pay` with return "any event" or `pay`), and may be lower otherwise.
//!   A row has `min(max_periods, last observed period − c + 1)` cells: periods after the data's
//!   end are not reported (not zero).
//! - **Average rates**: for each `n`, the sum of the retained counts over the cohorts that have
//!   cell `n`, divided by the sum of their sizes (size-weighted).
//! - **LTV**: cell `n` = (sum of `pay` amounts − sum of `refund` amounts of the cohort's persons
//!   in periods up to `c + n`) / cohort size, cumulative. Refund amounts are subtracted by their
//!   absolute value (exports write them either signed or unsigned); money a person spent before
//!   their cohort period (possible when the start event is not `pay`) counts in period 0.
//! - **Repeat purchase rate** = persons with ≥ 2 paid orders / persons with ≥ 1. Paid orders of
//!   a person = distinct order ids among their `pay` rows, plus one per `pay` row without an
//!   order id. Independent of the start and return events.
//! - **Lifecycle**, per period, with *active* = has a return event (any event by default):
//!   `new` = first active ever in this period; `returning` = active now and in the previous
//!   period; `resurrecting` = active now, not in the previous period, but active before;
//!   `dormant` = active in the previous period but not now (a count; charts draw it negative).
//!   Every period of the data is listed (dormant persons after the last period are not).

#[cfg(test)]
pub(crate) mod tests;

use serde::{Deserialize, Serialize};

use crate::analysis::Prepared;
use crate::model::{EventKind, NONE};
use crate::{Error, Result};

pub use crate::ingest::parse::{civil_from_days, days_from_civil, format_day as date_string};

/// The most periods the data may span (about 270 years of days): guards against a stray
/// timestamp making the lifecycle table enormous.
pub const MAX_SPAN_PERIODS: i64 = 100_000;

/// Cohort period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    /// Weeks start on Monday, local time.
    #[default]
    Week,
}

impl Period {
    /// Period number of a local day number. Day 0 (1970-01-01) was a Thursday, so Monday-based
    /// week 0 starts on day −3.
    pub fn of_day(self, day: i64) -> i64 {
        match self {
            Period::Day => day,
            Period::Week => (day + 3).div_euclid(7),
        }
    }

    /// Local day number of the first day of a period.
    pub fn first_day(self, period: i64) -> i64 {
        match self {
            Period::Day => period,
            Period::Week => period * 7 - 3,
        }
    }

    /// `"YYYY-MM-DD"` of the period's first day.
    pub fn label(self, period: i64) -> String {
        date_string(self.first_day(period))
    }
}

/// How a return counts for cell `(c, n)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RetentionMode {
    /// A return event in period `c + n`.
    #[default]
    On,
    /// A return event in any period `≥ c + n`.
    OnOrAfter,
}

/// Settings of [`retention`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct RetentionParams {
    pub period: Period,
    /// Event whose first occurrence puts a person in a cohort (default `pay`).
    pub start_event: EventKind,
    /// Event counting as a return and as activity for the lifecycle; `None` = any event.
    pub return_event: Option<EventKind>,
    pub mode: RetentionMode,
    /// Cells per cohort row (periods 0..max_periods), default 12.
    pub max_periods: usize,
}

impl Default for RetentionParams {
    fn default() -> Self {
        Self {
            period: Period::Week,
            start_event: EventKind::Pay,
            return_event: None,
            mode: RetentionMode::On,
            max_periods: 12,
        }
    }
}

impl RetentionParams {
    pub fn validate(&self) -> Result<()> {
        if !(1..=1000).contains(&self.max_periods) {
            return Err(Error::Params(format!(
                "retention needs between 1 and 1000 periods, not {}",
                self.max_periods
            )));
        }
        if self.start_event == EventKind::Unknown || self.return_event == Some(EventKind::Unknown) {
            return Err(Error::Params(
                "retention events must be canonical events; map unknown event names first".into(),
            ));
        }
        Ok(())
    }

    fn is_return(&self, k: EventKind) -> bool {
        self.return_event.is_none_or(|r| r == k)
    }
}

/// One cohort row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CohortRow {
    /// First day of the cohort period, local (`"2026-10-05"`).
    pub cohort: String,
    pub size: u64,
    /// Persons retained in period 0, 1, ... (as many as the data covers, at most `max_periods`).
    pub retained: Vec<u64>,
    pub rates: Vec<Option<f64>>,
    /// Cumulative net revenue (pay − refund) per person of the cohort, by period.
    pub ltv: Vec<Option<f64>>,
}

/// Lifecycle counts of one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LifecyclePeriod {
    /// First day of the period, local.
    pub period: String,
    pub new: u64,
    pub returning: u64,
    pub resurrecting: u64,
    /// A count of persons (show it negative in the chart).
    pub dormant: u64,
}

/// Everything [`retention`] computes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RetentionResult {
    /// The settings it was computed with.
    pub params: RetentionParams,
    pub period: Period,
    pub mode: RetentionMode,
    pub start_event: String,
    /// `None` = any event.
    pub return_event: Option<String>,
    pub cohorts: Vec<CohortRow>,
    /// Size-weighted over the cohorts that reach each period.
    pub average_rates: Vec<Option<f64>>,
    pub repeat_purchase_rate: Option<f64>,
    pub buyers: u64,
    pub repeat_buyers: u64,
    pub lifecycle: Vec<LifecyclePeriod>,
}

fn ratio(num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| num / den)
}

/// Cohort retention, LTV, repeat purchase rate and lifecycle.
pub fn retention(prep: &Prepared, p: &RetentionParams) -> Result<RetentionResult> {
    let ds = prep.ds();
    p.validate()?;
    let ev = &ds.events;
    let (Some(&first_ts), Some(&last_ts)) = (ev.ts.iter().min(), ev.ts.iter().max()) else {
        return Err(Error::NotEnoughData("there are no events".into()));
    };
    let period_of = |ts: i64| p.period.of_day(ds.local_day(ts));
    let p_min = period_of(first_ts);
    let p_max = period_of(last_ts);
    let span = p_max.saturating_sub(p_min).saturating_add(1);
    if span > MAX_SPAN_PERIODS {
        return Err(Error::NotEnoughData(format!(
            "the data spans {span} periods, more than {MAX_SPAN_PERIODS}; check the timestamps"
        )));
    }
    let n_periods = span as usize;
    let n_users = ds.users.len();

    // One pass: cohorts, distinct (person, active period) pairs in time order, paid orders.
    const NO: i64 = i64::MIN;
    let mut cohort = vec![NO; n_users];
    let mut last_active = vec![NO; n_users];
    let mut active: Vec<(u32, i64)> = Vec::new();
    let mut order_pairs: Vec<u64> = Vec::new();
    let mut no_id_orders = vec![0u32; n_users];
    for i in 0..ev.len() {
        let u = ev.user[i];
        let Some(c) = cohort.get_mut(u as usize) else {
            continue;
        };
        let k = ev.kind[i];
        let per = period_of(ev.ts[i]);
        if k == p.start_event && *c == NO {
            *c = per;
        }
        if p.is_return(k) {
            if let Some(l) = last_active.get_mut(u as usize) {
                if *l != per {
                    *l = per;
                    active.push((u, per));
                }
            }
        }
        if k == EventKind::Pay {
            let o = ev.order[i];
            if o == NONE {
                if let Some(n) = no_id_orders.get_mut(u as usize) {
                    *n += 1;
                }
            } else {
                order_pairs.push(((u as u64) << 32) | o as u64);
            }
        }
    }

    // Cohort rows, indexed by period offset from `p_min`.
    let mut size = vec![0u64; n_periods];
    for &c in &cohort {
        if c != NO {
            if let Some(s) = size.get_mut((c - p_min) as usize) {
                *s += 1;
            }
        }
    }
    if size.iter().all(|&s| s == 0) {
        return Err(Error::NotEnoughData(format!(
            "no `{}` events to start cohorts with",
            p.start_event.key()
        )));
    }
    // Cells of the row of cohort offset `r`.
    let row_len = |r: usize| p.max_periods.min(n_periods - r);
    let mut retained: Vec<Vec<u64>> = (0..n_periods)
        .map(|r| vec![0; if size[r] > 0 { row_len(r) } else { 0 }])
        .collect();
    let cohort_of = |u: u32| -> Option<usize> {
        let c = *cohort.get(u as usize)?;
        (c != NO).then(|| (c - p_min) as usize)
    };

    match p.mode {
        RetentionMode::On => {
            for &(u, per) in &active {
                let Some(r) = cohort_of(u) else { continue };
                let n = (per - p_min) as usize;
                if let Some(cell) = n
                    .checked_sub(r)
                    .and_then(|n| retained.get_mut(r)?.get_mut(n))
                {
                    *cell += 1;
                }
            }
        }
        RetentionMode::OnOrAfter => {
            // Count each person at min(last active offset, row end), then suffix-sum.
            for (u, &l) in last_active.iter().enumerate() {
                let Some(r) = cohort_of(u as u32) else {
                    continue;
                };
                if l == NO || ((l - p_min) as usize) < r {
                    continue;
                }
                let Some(row) = retained.get_mut(r) else {
                    continue;
                };
                let n = ((l - p_min) as usize - r).min(row.len().saturating_sub(1));
                if let Some(cell) = row.get_mut(n) {
                    *cell += 1;
                }
            }
            for row in &mut retained {
                for n in (0..row.len().saturating_sub(1)).rev() {
                    row[n] += row[n + 1];
                }
            }
        }
    }

    // Net revenue by cohort and period offset.
    let mut revenue: Vec<Vec<f64>> = retained.iter().map(|r| vec![0.0; r.len()]).collect();
    for i in 0..ev.len() {
        let signed = match ev.kind[i] {
            EventKind::Pay => ev.amount[i],
            EventKind::Refund => -ev.amount[i].abs(),
            _ => continue,
        };
        let Some(r) = cohort_of(ev.user[i]) else {
            continue;
        };
        let n = ((period_of(ev.ts[i]) - p_min) as usize).saturating_sub(r);
        if let Some(cell) = revenue.get_mut(r).and_then(|row| row.get_mut(n)) {
            *cell += signed;
        }
    }

    let mut cohorts = Vec::new();
    let mut avg_num: Vec<f64> = Vec::new();
    let mut avg_den: Vec<f64> = Vec::new();
    for (r, (kept, rev)) in retained.into_iter().zip(revenue).enumerate() {
        let sz = size[r];
        if sz == 0 {
            continue;
        }
        if avg_num.len() < kept.len() {
            avg_num.resize(kept.len(), 0.0);
            avg_den.resize(kept.len(), 0.0);
        }
        for (n, &k) in kept.iter().enumerate() {
            avg_num[n] += k as f64;
            avg_den[n] += sz as f64;
        }
        let mut cum = 0.0;
        let ltv = rev
            .iter()
            .map(|&x| {
                cum += x;
                ratio(cum, sz as f64)
            })
            .collect();
        cohorts.push(CohortRow {
            cohort: p.period.label(p_min + r as i64),
            size: sz,
            rates: kept.iter().map(|&k| ratio(k as f64, sz as f64)).collect(),
            retained: kept,
            ltv,
        });
    }
    let average_rates = avg_num
        .iter()
        .zip(&avg_den)
        .map(|(&n, &d)| ratio(n, d))
        .collect();

    // Repeat purchase.
    order_pairs.sort_unstable();
    order_pairs.dedup();
    let mut orders = no_id_orders;
    for key in order_pairs {
        if let Some(n) = orders.get_mut((key >> 32) as usize) {
            *n += 1;
        }
    }
    let buyers = orders.iter().filter(|&&n| n >= 1).count() as u64;
    let repeat_buyers = orders.iter().filter(|&&n| n >= 2).count() as u64;

    let lifecycle = lifecycle(&active, n_users, p_min, n_periods, p.period);

    Ok(RetentionResult {
        params: p.clone(),
        period: p.period,
        mode: p.mode,
        start_event: p.start_event.key().to_owned(),
        return_event: p.return_event.map(|k| k.key().to_owned()),
        cohorts,
        average_rates,
        repeat_purchase_rate: ratio(repeat_buyers as f64, buyers as f64),
        buyers,
        repeat_buyers,
        lifecycle,
    })
}

/// Lifecycle counts from the distinct (person, active period) pairs, each person's in
/// ascending period order (the event log is sorted by time).
fn lifecycle(
    active: &[(u32, i64)],
    n_users: usize,
    p_min: i64,
    n_periods: usize,
    period: Period,
) -> Vec<LifecyclePeriod> {
    let mut out: Vec<LifecyclePeriod> = (0..n_periods)
        .map(|r| LifecyclePeriod {
            period: period.label(p_min + r as i64),
            new: 0,
            returning: 0,
            resurrecting: 0,
            dormant: 0,
        })
        .collect();
    const NO: usize = usize::MAX;
    let mut prev = vec![NO; n_users];
    for &(u, per) in active {
        let Some(pv) = prev.get_mut(u as usize) else {
            continue;
        };
        let r = (per - p_min) as usize;
        let before = *pv;
        *pv = r;
        if before == NO {
            if let Some(lp) = out.get_mut(r) {
                lp.new += 1;
            }
        } else if before + 1 == r {
            if let Some(lp) = out.get_mut(r) {
                lp.returning += 1;
            }
        } else {
            if let Some(lp) = out.get_mut(r) {
                lp.resurrecting += 1;
            }
            if let Some(lp) = out.get_mut(before + 1) {
                lp.dormant += 1;
            }
        }
    }
    for &l in &prev {
        if l != NO {
            if let Some(lp) = out.get_mut(l + 1) {
                lp.dormant += 1;
            }
        }
    }
    out
}

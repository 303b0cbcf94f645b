//! The creator's baseline for the live session: each minute of the previous sessions, as a band
//! (median and interquartile range) per minute offset from the session start (`metrics.md`,
//! "Live mode").
//!
//! - **Previous sessions**: the other sessions of the dataset that started before the live one
//!   (all of them when the live start is not known yet), of the same host when the sessions
//!   table names the live session's host; the [`super::LiveParams::baseline_sessions`] most
//!   recent. A session's start is the sessions table's, else its first event.
//! - **Minute m** of a session covers `[start + m min, start + (m+1) min)`; the band of a minute
//!   is taken over the sessions that lasted that long (its last event or table end).
//! - **Concurrent** is the sweep-line of `crate::visits` sampled at each minute start.
//! - **Pitch rates**: for each pitch window of those sessions (`crate::timeline`'s rule), the
//!   product's click rate (distinct clickers / distinct viewers of its `product_view`) and
//!   conversion (distinct payers / those viewers) inside the window; the band is over windows
//!   with at least one viewer.
//! - Quartiles interpolate linearly between order statistics (R's type 7).

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::model::{Dataset, EventKind, NONE};
use crate::timeline::pitch_windows;
use crate::visits;

/// Median and interquartile range of a value over previous sessions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Band {
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
}

impl Band {
    /// The band of some values; `None` when there are none.
    pub fn of(values: &mut [f64]) -> Option<Band> {
        if values.is_empty() {
            return None;
        }
        values.sort_by(f64::total_cmp);
        Some(Band {
            q1: quantile(values, 0.25),
            median: quantile(values, 0.5),
            q3: quantile(values, 0.75),
        })
    }
}

/// Quantile of sorted values, linear interpolation (type 7).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return 0.0;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    let (a, b) = (sorted[lo.min(n - 1)], sorted[hi]);
    a + (b - a) * (h - lo as f64)
}

/// One minute offset of the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BaselineMinute {
    pub minute: u32,
    /// Previous sessions that lasted to this minute.
    pub sessions: u32,
    pub concurrent: Band,
    pub enters: Band,
    pub leaves: Band,
    pub gmv: Band,
    pub orders: Band,
    pub clicks: Band,
    pub comments: Band,
    pub refunds: Band,
}

/// The baseline of a live session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Baseline {
    /// Ids of the previous sessions used, oldest first.
    pub session_ids: Vec<String>,
    pub minutes: Vec<BaselineMinute>,
    /// Product click rate inside previous pitch windows.
    pub pitch_click_rate: Option<Band>,
    /// Conversion (payers / product viewers) inside previous pitch windows.
    pub pitch_conversion: Option<Band>,
}

/// Per-minute series of one previous session.
#[derive(Default)]
struct Series {
    concurrent: Vec<f64>,
    enters: Vec<f64>,
    leaves: Vec<f64>,
    gmv: Vec<f64>,
    orders: Vec<f64>,
    clicks: Vec<f64>,
    comments: Vec<f64>,
    refunds: Vec<f64>,
}

/// The baseline for `live` (a session id, or [`NONE`]) starting at `live_start` (ms) when
/// known. `None` when no previous session qualifies. One pass over the dataset.
pub fn baseline(
    ds: &Dataset,
    live: u32,
    live_start: Option<i64>,
    max_sessions: usize,
) -> Option<Baseline> {
    let ev = &ds.events;
    let ns = ds.sessions.len();
    // First and last event time of each session.
    let mut first = vec![i64::MAX; ns];
    let mut last = vec![i64::MIN; ns];
    for (&s, &t) in ev.session.iter().zip(&ev.ts) {
        if let (Some(f), Some(l)) = (first.get_mut(s as usize), last.get_mut(s as usize)) {
            *f = (*f).min(t);
            *l = (*l).max(t);
        }
    }
    let info = |s: usize| ds.session_info.get(s);
    let start_of = |s: usize| {
        info(s)
            .and_then(|i| i.start)
            .or(Some(first[s]).filter(|&f| f != i64::MAX))
    };
    let live_host = (live != NONE)
        .then(|| info(live as usize).map(|i| i.host))
        .flatten()
        .filter(|&h| h != NONE);
    let mut chosen: Vec<(i64, usize)> = (0..ns)
        .filter(|&s| s as u32 != live)
        .filter_map(|s| Some((start_of(s)?, s)))
        .filter(|&(t, _)| live_start.is_none_or(|ls| t < ls))
        .filter(|&(_, s)| live_host.is_none_or(|h| info(s).map(|i| i.host) == Some(h)))
        .collect();
    chosen.sort_unstable();
    let skip = chosen.len().saturating_sub(max_sessions);
    let chosen: Vec<(i64, usize)> = chosen.into_iter().skip(skip).collect();
    if chosen.is_empty() {
        return None;
    }
    // Slot of each chosen session, its start and number of minutes.
    let mut slot = vec![usize::MAX; ns];
    let mut spans: Vec<(i64, usize)> = Vec::with_capacity(chosen.len());
    for (k, &(start, s)) in chosen.iter().enumerate() {
        slot[s] = k;
        let end = info(s).and_then(|i| i.end).unwrap_or(last[s]).max(start);
        let minutes = ((end - start) / 60_000 + 1).clamp(1, crate::timeline::MAX_BUCKETS) as usize;
        spans.push((start, minutes));
    }
    let mut series: Vec<Series> = spans
        .iter()
        .map(|&(_, m)| Series {
            concurrent: vec![0.0; m],
            enters: vec![0.0; m],
            leaves: vec![0.0; m],
            gmv: vec![0.0; m],
            orders: vec![0.0; m],
            clicks: vec![0.0; m],
            comments: vec![0.0; m],
            refunds: vec![0.0; m],
        })
        .collect();
    // Pitch inputs per session: (item, minute) views, and per item the users by kind.
    let mut views: Vec<Vec<(u32, u32)>> = vec![Vec::new(); chosen.len()];
    let mut item_rows: Vec<Vec<(u32, u32, u32, EventKind)>> = vec![Vec::new(); chosen.len()];
    let mut seen_orders: FxHashSet<u32> = FxHashSet::default();
    for i in 0..ev.len() {
        let Some(&k) = slot.get(ev.session[i] as usize) else {
            continue;
        };
        if k == usize::MAX {
            continue;
        }
        let (start, m) = spans[k];
        let t = ev.ts[i];
        if t < start {
            continue;
        }
        let b = ((t - start) / 60_000) as usize;
        if b >= m {
            continue;
        }
        let s = &mut series[k];
        match ev.kind[i] {
            EventKind::Enter => s.enters[b] += 1.0,
            EventKind::Leave => s.leaves[b] += 1.0,
            EventKind::Click => s.clicks[b] += 1.0,
            EventKind::Comment => s.comments[b] += 1.0,
            EventKind::Refund => s.refunds[b] += 1.0,
            EventKind::Pay => {
                s.gmv[b] += ev.amount[i];
                let o = ev.order[i];
                if o == NONE || seen_orders.insert(o) {
                    s.orders[b] += 1.0;
                }
            }
            _ => {}
        }
        let item = ev.item[i];
        if item != NONE {
            if ev.kind[i] == EventKind::ProductView {
                views[k].push((item, b as u32));
            }
            if matches!(
                ev.kind[i],
                EventKind::ProductView | EventKind::Click | EventKind::Pay
            ) {
                item_rows[k].push((item, b as u32, ev.user[i], ev.kind[i]));
            }
        }
    }
    // Concurrency at each minute start, from the chosen sessions' events in time order (the
    // dataset may hold them in reading order while ingestion is still appending).
    let mut sub = ds.with_events(|i| {
        slot.get(ev.session[i] as usize)
            .is_some_and(|&k| k != usize::MAX)
    });
    sub.events.sort_by_time();
    let all = visits::visits(&sub);
    drop(sub);
    for (k, &(_, s)) in chosen.iter().enumerate() {
        let points = visits::change_points(all.iter().filter(|v| v.session == s as u32));
        let (start, m) = spans[k];
        let samples: Vec<i64> = (0..m as i64).map(|j| start + j * 60_000).collect();
        for (j, c) in visits::concurrent_at(&points, &samples)
            .into_iter()
            .enumerate()
        {
            if let Some(x) = series[k].concurrent.get_mut(j) {
                *x = f64::from(c);
            }
        }
    }
    let longest = spans.iter().map(|&(_, m)| m).max().unwrap_or(0);
    let mut minutes = Vec::with_capacity(longest);
    for j in 0..longest {
        let band = |f: &dyn Fn(&Series) -> &Vec<f64>| {
            let mut v: Vec<f64> = series.iter().filter_map(|s| f(s).get(j).copied()).collect();
            Band::of(&mut v)
        };
        let (Some(concurrent), Some(enters), Some(leaves), Some(gmv)) = (
            band(&|s| &s.concurrent),
            band(&|s| &s.enters),
            band(&|s| &s.leaves),
            band(&|s| &s.gmv),
        ) else {
            continue;
        };
        let (Some(orders), Some(clicks), Some(comments), Some(refunds)) = (
            band(&|s| &s.orders),
            band(&|s| &s.clicks),
            band(&|s| &s.comments),
            band(&|s| &s.refunds),
        ) else {
            continue;
        };
        minutes.push(BaselineMinute {
            minute: j as u32,
            sessions: series.iter().filter(|s| s.gmv.len() > j).count() as u32,
            concurrent,
            enters,
            leaves,
            gmv,
            orders,
            clicks,
            comments,
            refunds,
        });
    }
    let (mut click_rates, mut conversions) = (Vec::new(), Vec::new());
    for k in 0..chosen.len() {
        let windows = pitch_windows(std::mem::take(&mut views[k]), spans[k].1);
        for w in windows {
            let (mut viewers, mut clickers, mut payers) = (
                FxHashSet::default(),
                FxHashSet::default(),
                FxHashSet::default(),
            );
            for &(item, b, u, kind) in &item_rows[k] {
                if item != w.item || b < w.start || b > w.end {
                    continue;
                }
                match kind {
                    EventKind::ProductView => viewers.insert(u),
                    EventKind::Click => clickers.insert(u),
                    _ => payers.insert(u),
                };
            }
            if viewers.is_empty() {
                continue;
            }
            let n = viewers.len() as f64;
            click_rates.push(clickers.intersection(&viewers).count() as f64 / n);
            conversions.push(payers.intersection(&viewers).count() as f64 / n);
        }
    }
    Some(Baseline {
        session_ids: chosen
            .iter()
            .map(|&(_, s)| ds.sessions.name(s as u32).to_owned())
            .collect(),
        minutes,
        pitch_click_rate: Band::of(&mut click_rates),
        pitch_conversion: Band::of(&mut conversions),
    })
}

/// Rates of the current pitch: per product, each person's latest view, click and pay time.
#[derive(Debug, Clone, Default)]
pub(super) struct PitchPeople {
    pub by_item: FxHashMap<u32, FxHashMap<u32, [i64; 3]>>,
}

impl PitchPeople {
    pub(super) fn note(&mut self, item: u32, user: u32, kind: EventKind, ts: i64) {
        let k = match kind {
            EventKind::ProductView => 0,
            EventKind::Click => 1,
            EventKind::Pay => 2,
            _ => return,
        };
        let slot = self
            .by_item
            .entry(item)
            .or_default()
            .entry(user)
            .or_insert([i64::MIN; 3]);
        slot[k] = slot[k].max(ts);
    }

    /// (viewers, clickers among them, payers among them) of `item` since `from` (ms).
    pub(super) fn counts_since(&self, item: u32, from: i64) -> (u32, u32, u32) {
        let Some(people) = self.by_item.get(&item) else {
            return (0, 0, 0);
        };
        let mut c = (0, 0, 0);
        for t in people.values().filter(|t| t[0] >= from) {
            c.0 += 1;
            c.1 += u32::from(t[1] >= from);
            c.2 += u32::from(t[2] >= from);
        }
        c
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.by_item
            .values()
            .map(|m| m.capacity() * (4 + 24 + 8))
            .sum::<usize>()
            + self.by_item.capacity() * 48
    }
}

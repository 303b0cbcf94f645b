//! Traffic sources (`metrics.md`, "Traffic sources and time slots"): per source the viewers,
//! share of viewers, average watch seconds, conversion (with its Wilson interval), buyers, GMV,
//! GPM and UV value, and for `paid` the ROI of the ad spend.
//!
//! Attribution: a viewer of a session (a person with an `enter` in it) belongs to the source of
//! their first `enter` in that session (first touch per session); a person who comes back in
//! another session through another channel counts there under that channel. So `viewers` here
//! are person-sessions (the platforms' per-live source tables add up the same way), and the
//! persons' watch seconds, payments and GMV in that session go to that source. `views` are the
//! `enter` rows with the source (GPM = 1000 × GMV / views). Entries without a source are under
//! `unknown` (not a canonical source) when some entries have one.
//!
//! ROI of paid traffic: the GMV of the `paid` viewers in the sessions whose ad spend is known,
//! divided by that spend (the sessions table's spend is taken to buy the paid traffic).

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::analysis::Prepared;
use crate::compare::{stats::Z_95, wilson};
use crate::model::{EventKind, TrafficSource, NONE};
use crate::{Error, Result};

/// One source's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SourceRow {
    /// Canonical key (`feed`, `paid`, …) or `unknown`.
    pub source: String,
    /// Person-sessions whose first entry came through this source.
    pub viewers: u64,
    pub share_of_viewers: Option<f64>,
    /// `enter` rows with this source.
    pub views: u64,
    pub avg_watch_seconds: Option<f64>,
    pub buyers: u64,
    pub conversion_rate: Option<f64>,
    pub conversion_low: Option<f64>,
    pub conversion_high: Option<f64>,
    pub gmv: f64,
    /// 1000 × GMV / views.
    pub gpm: Option<f64>,
    /// GMV / viewers.
    pub uv_value: Option<f64>,
    /// Only for `paid`: GMV / ad spend over the sessions with a known spend.
    pub roi: Option<f64>,
    /// The spend and the paid GMV the ROI is made of (only for `paid`).
    pub ad_spend: Option<f64>,
    pub roi_gmv: Option<f64>,
}

/// The traffic-source table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Traffic {
    /// Sources with viewers, by viewers (most first).
    pub sources: Vec<SourceRow>,
    /// Person-sessions with an entry.
    pub viewers: u64,
    /// Of them, those whose first entry has no source.
    pub viewers_without_source: u64,
}

/// Index of the `unknown` bucket after the canonical sources.
const UNKNOWN: usize = TrafficSource::ALL.len();

#[derive(Default, Clone, Copy)]
struct PersonSession {
    source: Option<usize>,
    paid: bool,
    gmv: f64,
    watch: f64,
}

/// The traffic-source table; fails with `missing_column` when no `enter` has a source.
pub fn traffic(prep: &Prepared) -> Result<Traffic> {
    let ds = prep.ds();
    let ev = &ds.events;
    let x = &ev.extra;
    if x.source.is_empty() {
        return Err(Error::NotEnoughData(
            "traffic needs a traffic-source column on the enter rows (source, channel, 流量来源…)"
                .into(),
        ));
    }
    let mut views = [0u64; UNKNOWN + 1];
    let mut ps: FxHashMap<(u32, u32), PersonSession> = FxHashMap::default();
    for i in 0..ev.len() {
        let (s, u) = (ev.session[i], ev.user[i]);
        match ev.kind[i] {
            EventKind::Enter => {
                let src = x.source(i).map_or(UNKNOWN, |s| s as usize);
                views[src] += 1;
                let e = ps.entry((s, u)).or_default();
                if e.source.is_none() {
                    e.source = Some(src);
                }
            }
            EventKind::Pay if !ds.is_pseudo_user(u) => {
                let e = ps.entry((s, u)).or_default();
                e.paid = true;
                e.gmv += ev.amount[i];
            }
            _ => {}
        }
    }
    for v in prep.visits() {
        if let Some(e) = ps.get_mut(&(v.session, v.user)) {
            e.watch += v.seconds();
        }
    }
    // Paid traffic's ROI over the sessions with a known spend.
    let spend_of = |s: u32| -> Option<f64> {
        if s == NONE {
            return None;
        }
        ds.session_info.get(s as usize).and_then(|i| i.ad_spend)
    };
    let spends: Vec<Option<f64>> = (0..ds.sessions.len() as u32).map(spend_of).collect();
    let spend_sessions: Vec<bool> = spends.iter().map(Option::is_some).collect();
    let spend: f64 = spends.iter().flatten().sum();
    // (viewers, buyers, gmv, watch, roi gmv)
    let mut acc = [(0u64, 0u64, 0.0f64, 0.0f64, 0.0f64); UNKNOWN + 1];
    for (&(s, _), e) in &ps {
        let Some(src) = e.source else { continue };
        let a = &mut acc[src];
        a.0 += 1;
        a.1 += u64::from(e.paid);
        a.2 += e.gmv;
        a.3 += e.watch;
        if spend_sessions.get(s as usize).copied().unwrap_or(false) {
            a.4 += e.gmv;
        }
    }
    let total: u64 = acc.iter().map(|a| a.0).sum();
    let mut sources: Vec<SourceRow> = (0..=UNKNOWN)
        .filter(|&k| acc[k].0 > 0)
        .map(|k| {
            let (n, b, gmv, watch, roi_gmv) = acc[k];
            let key = TrafficSource::ALL
                .get(k)
                .map_or("unknown", |s| s.key())
                .to_owned();
            let ci = wilson(b, n, Z_95);
            let is_paid = k == TrafficSource::Paid as usize;
            let known_spend = is_paid && spend_sessions.iter().any(|&x| x);
            SourceRow {
                source: key,
                viewers: n,
                share_of_viewers: (total > 0).then(|| n as f64 / total as f64),
                views: views[k],
                avg_watch_seconds: Some(watch / n as f64),
                buyers: b,
                conversion_rate: Some(b as f64 / n as f64),
                conversion_low: ci.map(|c| c.0),
                conversion_high: ci.map(|c| c.1),
                gmv,
                gpm: (views[k] > 0).then(|| 1000.0 * gmv / views[k] as f64),
                uv_value: Some(gmv / n as f64),
                roi: (known_spend && spend > 0.0).then(|| roi_gmv / spend),
                ad_spend: known_spend.then_some(spend),
                roi_gmv: known_spend.then_some(roi_gmv),
            }
        })
        .collect();
    crate::sort::by(&mut sources, |a, b| {
        b.viewers.cmp(&a.viewers).then(a.source.cmp(&b.source))
    });
    Ok(Traffic {
        sources,
        viewers: total,
        viewers_without_source: acc[UNKNOWN].0,
    })
}

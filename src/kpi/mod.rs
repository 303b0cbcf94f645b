//! Live-room KPIs of `metrics.md`, overall, per session and per any grouping of sessions
//! (hosts). People-based counts are distinct users; visit-based counts are event rows. A rate
//! whose denominator is 0 is `None` (null in JSON).
//!
//! Where `metrics.md` defines a metric for one session, the overall figure is:
//! `avg_concurrent` = Σ per-session (time-weighted mean × span) / Σ spans, i.e. the mean over
//! the time the sessions were live (gaps between sessions are not counted), and
//! `comments_per_minute` = comments / Σ session minutes.

use serde::{Deserialize, Serialize};

use crate::analysis::Prepared;
use crate::ingest::parse::format_ts;
use crate::model::{Dataset, NONE};
use crate::visits::Visit;

mod base;
mod category;
mod platform;
mod scan;
mod summary;
pub use base::KpiBase;
pub use category::{by_host_category, HostCategory, NO_CATEGORY};
pub use platform::{
    by_platform, platform_columns, Given, PlatformKpis, ALL_PLATFORMS, NO_PLATFORM,
};
pub use summary::{SummaryCheck, SummarySession};

/// The KPI table of `metrics.md` for a set of sessions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Kpis {
    pub viewers: u64,
    pub views: u64,
    pub avg_watch_seconds: Option<f64>,
    pub peak_concurrent: u64,
    pub avg_concurrent: Option<f64>,
    pub interaction_rate: Option<f64>,
    pub comments_per_minute: Option<f64>,
    pub follow_rate: Option<f64>,
    pub product_click_rate: Option<f64>,
    pub click_to_pay_rate: Option<f64>,
    pub conversion_rate: Option<f64>,
    /// Distinct paying people; `None` (null) when some payments have no buyer id (a Douyin shop
    /// export masks buyers), so that an order is never counted as a person.
    pub buyers: Option<u64>,
    pub orders: u64,
    pub gmv: f64,
    pub aov: Option<f64>,
    pub revenue_per_buyer: Option<f64>,
    pub gpm: Option<f64>,
    pub uv_value: Option<f64>,
    pub refund_rate: Option<f64>,
    pub roi: Option<f64>,
    pub net_roi: Option<f64>,
    // Context for the rates above.
    pub comments: u64,
    pub likes: u64,
    pub shares: u64,
    pub followers: u64,
    pub refunds: f64,
    pub ad_spend: Option<f64>,
    pub live_minutes: Option<f64>,
    /// GMV and refunds of the sessions whose ad spend is known: what `roi` and `net_roi`
    /// divide by the spend (metrics.md), so that one session's spend never pays for
    /// another's sales. Not in the report.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub spent_gmv: f64,
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub spent_refunds: f64,
}

/// KPIs of one session.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionKpis {
    pub session_id: String,
    pub title: Option<String>,
    pub host: Option<String>,
    /// Local start time, `YYYY-MM-DD HH:MM:SS`.
    pub start: Option<String>,
    #[serde(flatten)]
    pub kpis: Kpis,
    /// KPI keys taken from a session summary because the events do not give them (absent
    /// when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from_summary: Vec<String>,
}

/// KPIs of one group of sessions (a host, …).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupKpis {
    pub group: String,
    pub sessions: u64,
    #[serde(flatten)]
    pub kpis: Kpis,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KpiReport {
    pub overall: Kpis,
    pub by_session: Vec<SessionKpis>,
    /// The KPI table per platform (`douyin`, `kuaishou`, …), side by side, then `all` (the
    /// platforms combined: `overall`); absent when no row has a platform. A figure a
    /// platform's data cannot give is null ([`PlatformKpis`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_platform: Vec<PlatformKpis>,
    /// Every row of the session summaries read, as given, with the rates its figures give;
    /// absent without a session summary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summaries: Vec<SummarySession>,
    /// Figures on which a session's events and its summary disagree beyond rounding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary_checks: Vec<SummaryCheck>,
    /// KPI keys of `overall` that include session-summary figures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overall_from_summary: Vec<String>,
}

pub(crate) fn ratio(n: f64, d: f64) -> Option<f64> {
    (d > 0.0).then(|| n / d).filter(|x| x.is_finite())
}

/// Sessions in start order (sessions table start, else first event), with their start.
pub fn sessions_in_order(ds: &Dataset) -> Vec<(u32, Option<i64>)> {
    let mut first: Vec<Option<i64>> = vec![None; ds.sessions.len()];
    for (&s, &t) in ds.events.session.iter().zip(&ds.events.ts) {
        if let Some(f) = first.get_mut(s as usize) {
            if f.is_none() {
                *f = Some(t); // events are sorted by time
            }
        }
    }
    in_start_order(ds, &first)
}

/// [`sessions_in_order`] from each session's first event (`first[s]`).
fn in_start_order(ds: &Dataset, first: &[Option<i64>]) -> Vec<(u32, Option<i64>)> {
    let mut out: Vec<(u32, Option<i64>)> = (0..ds.sessions.len())
        .map(|s| {
            let start = ds
                .session_info
                .get(s)
                .and_then(|i| i.start)
                .or(first.get(s).copied().flatten());
            (s as u32, start)
        })
        .collect();
    crate::sort::by_key(&mut out, |&(s, t)| (t.unwrap_or(i64::MAX), s));
    out
}

/// The KPI table overall and per session.
pub fn kpis(prep: &Prepared) -> KpiReport {
    let (ds, base, visits) = (prep.ds(), prep.kpi_base(), prep.visits());
    let overall = base
        .aggregate(ds, visits, 1, |_| Some(0))
        .into_iter()
        .next()
        .unwrap_or_default();
    let per = base.aggregate(ds, visits, ds.sessions.len(), |s| (s != NONE).then_some(s));
    // The first event of each session, from the base's pass over the events.
    let by_session = in_start_order(ds, &base.session_figures().1)
        .into_iter()
        .filter_map(|(s, start)| {
            let k = per.get(s as usize)?.clone();
            let info = ds.session_info.get(s as usize);
            Some(SessionKpis {
                session_id: ds.sessions.name(s).to_owned(),
                title: info.map(|i| i.title.clone()).filter(|t| !t.is_empty()),
                host: ds.session_host(s).map(str::to_owned),
                start: start.map(|t| format_ts(t, ds.tz_offset_minutes)),
                kpis: k,
                from_summary: Vec::new(),
            })
        })
        .collect();
    let mut r = KpiReport {
        overall,
        by_session,
        ..KpiReport::default()
    };
    let mut platforms = by_platform(prep, &r.overall);
    let from_summary = summary::apply(ds, &mut r, &mut platforms);
    r.by_platform = platform_columns(ds, platforms, &from_summary);
    drop_mixed_overall_rates(&mut r);
    r
}

/// With several platforms (or files of none), the overall cards show a rate only where the
/// per-platform table's combined column does: a rate whose two parts come from different
/// platforms (one platform's GMV over another's views) is null in both, never a figure such as
/// a GPM of ¥430,900.
fn drop_mixed_overall_rates(r: &mut KpiReport) {
    if r.by_platform.len() < 3 {
        return; // one platform (and the combined column): nothing is mixed
    }
    let Some(all) = r.by_platform.iter().find(|c| c.group == ALL_PLATFORMS) else {
        return;
    };
    let o = &mut r.overall;
    let pairs: [(&mut Option<f64>, Option<f64>); 10] = [
        (&mut o.gpm, all.gpm),
        (&mut o.uv_value, all.uv_value),
        (&mut o.conversion_rate, all.conversion_rate),
        (&mut o.revenue_per_buyer, all.revenue_per_buyer),
        (&mut o.click_to_pay_rate, all.click_to_pay_rate),
        (&mut o.interaction_rate, all.interaction_rate),
        (&mut o.follow_rate, all.follow_rate),
        (&mut o.comments_per_minute, all.comments_per_minute),
        (&mut o.avg_concurrent, all.avg_concurrent),
        (&mut o.avg_watch_seconds, all.avg_watch_seconds),
    ];
    for (x, combined) in pairs {
        if combined.is_none() {
            *x = None;
        }
    }
}

/// KPIs per host (sessions table), busiest host first.
pub fn by_host(prep: &Prepared) -> Vec<GroupKpis> {
    let ds = prep.ds();
    let n = ds.hosts.len();
    if n == 0 {
        return Vec::new();
    }
    let host_of = |s: u32| -> Option<u32> {
        let h = ds.session_info.get(s as usize)?.host;
        (h != NONE).then_some(h)
    };
    let per = prep.kpi_base().aggregate(ds, prep.visits(), n, host_of);
    let mut sessions = vec![0u64; n];
    for s in 0..ds.sessions.len() as u32 {
        if let Some(h) = host_of(s) {
            sessions[h as usize] += 1;
        }
    }
    let mut out: Vec<GroupKpis> = per
        .into_iter()
        .enumerate()
        .map(|(h, k)| GroupKpis {
            group: ds.hosts.name(h as u32).to_owned(),
            sessions: sessions[h],
            kpis: k,
        })
        .collect();
    if !ds.session_figures.is_empty() {
        let per_session = prep
            .kpi_base()
            .aggregate(ds, prep.visits(), ds.sessions.len(), |s| {
                (s != NONE).then_some(s)
            });
        summary::add_to_hosts(ds, &per_session, &mut out);
    }
    crate::sort::by(&mut out, |a, b| {
        b.kpis
            .gmv
            .total_cmp(&a.kpis.gmv)
            .then(a.group.cmp(&b.group))
    });
    out
}

#[cfg(test)]
mod tests;

/// KPIs of groups of people (segments, clusters): each group's KPIs are those of the data
/// restricted to its members' events. `group_of_user[u]` is the group of user `u` (`None` =
/// in no group); `labels[g]` names group `g`. Groups without members are left out.
pub fn by_user_groups(
    prep: &Prepared,
    group_of_user: &[Option<u32>],
    labels: &[String],
) -> Vec<GroupKpis> {
    let ds = prep.ds();
    let n_groups = labels.len();
    let group = |u: u32| {
        group_of_user
            .get(u as usize)
            .copied()
            .flatten()
            .filter(|&g| (g as usize) < n_groups)
    };
    // Which groups have events (a group without is left out).
    let mut any = vec![false; n_groups];
    for &u in &ds.events.user {
        if let Some(a) = group(u).and_then(|g| any.get_mut(g as usize)) {
            *a = true;
        }
    }
    // Every group's pass over its events at once: one pass over the events.
    let scans = scan::scan_groups(ds, n_groups, |u| group(u).map(|g| g as usize));
    let n_sessions = ds.sessions.len();
    let mut out = Vec::new();
    for ((g, label), sc) in labels.iter().enumerate().zip(scans) {
        if !any.get(g).copied().unwrap_or(false) {
            continue;
        }
        // Sessions with an event of the group's.
        let sessions = sc
            .rows
            .iter()
            .take(n_sessions)
            .filter(|r| r.first_seen.is_some())
            .count() as u64;
        // A visit depends on its person's events only: the group's visits are the dataset's
        // visits of its persons, in the same (session, user, start) order.
        let group_visits: Vec<Visit> = prep
            .visits()
            .iter()
            .filter(|v| group(v.user) == Some(g as u32))
            .copied()
            .collect();
        let base = KpiBase::of_group(ds, &group_visits, sc);
        let Some(kpis) = base
            .aggregate(ds, &group_visits, 1, |_| Some(0))
            .into_iter()
            .next()
        else {
            continue;
        };
        out.push(GroupKpis {
            group: label.clone(),
            sessions,
            kpis,
        });
    }
    out
}

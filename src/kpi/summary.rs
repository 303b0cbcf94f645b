//! Session summaries in the KPI table. A session summary (a live dashboard's one row per
//! session) gives each session's figures as the platform counted them. In `kpis.by_session`
//! a figure the events do not give (no `enter` rows, no payments in that session…) is taken
//! from the summary, and the rates over it are recomputed from the merged counts; the row
//! lists those figures in `from_summary`. Where the events and the summary both give a figure
//! and differ beyond rounding, `kpis.summary_checks` says so with both numbers. The overall
//! row (and each platform's) adds the summary figures of the sessions whose events lacked
//! them. `kpis.summaries` keeps every summary row as read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{GroupKpis, KpiReport, Kpis, ALL_PLATFORMS};
use crate::ingest::parse::format_ts;
use crate::model::{Dataset, Figure, SessionFigures, NONE};

/// One row of a session summary, as read, with the rates its figures give.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SummarySession {
    pub session_id: String,
    pub title: Option<String>,
    pub host: Option<String>,
    /// Local start time, `YYYY-MM-DD HH:MM:SS`.
    pub start: Option<String>,
    pub platform: Option<String>,
    /// The summary file it came from.
    pub file: String,
    /// Every figure the row gives, by key (`viewers`, `gmv`, `impressions`, `units`, …),
    /// money in yuan, durations in seconds (`avg_watch_seconds`) or minutes (`live_minutes`).
    pub figures: Vec<(String, f64)>,
    /// The KPI table from these figures alone (rates that need per-person events, such as
    /// `interaction_rate`, stay null).
    #[serde(flatten)]
    pub kpis: Kpis,
}

/// A figure on which a session's events and its summary disagree beyond rounding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SummaryCheck {
    pub session_id: String,
    /// The KPI key (`viewers`, `gmv`, …).
    pub figure: String,
    /// The value from the events.
    pub events: f64,
    /// The value in the summary.
    pub summary: f64,
    /// `events − summary`.
    pub difference: f64,
}

/// The figures the KPI table has, and where.
const KPI_FIGURES: [Figure; 15] = [
    Figure::Viewers,
    Figure::Views,
    Figure::PeakConcurrent,
    Figure::AvgConcurrent,
    Figure::AvgWatchSeconds,
    Figure::Comments,
    Figure::Likes,
    Figure::Shares,
    Figure::Followers,
    Figure::Gmv,
    Figure::Orders,
    Figure::Buyers,
    Figure::Refunds,
    Figure::AdSpend,
    Figure::LiveMinutes,
];

/// A figure of a KPI row; `None` when the row has none (0 counts as none: events that lack a
/// kind count 0 of it).
fn get(k: &Kpis, f: Figure) -> Option<f64> {
    let v = match f {
        Figure::Viewers => k.viewers as f64,
        Figure::Views => k.views as f64,
        Figure::PeakConcurrent => k.peak_concurrent as f64,
        Figure::AvgConcurrent => k.avg_concurrent?,
        Figure::AvgWatchSeconds => k.avg_watch_seconds?,
        Figure::Comments => k.comments as f64,
        Figure::Likes => k.likes as f64,
        Figure::Shares => k.shares as f64,
        Figure::Followers => k.followers as f64,
        Figure::Gmv => k.gmv,
        Figure::Orders => k.orders as f64,
        Figure::Buyers => k.buyers? as f64,
        Figure::Refunds => k.refunds,
        Figure::AdSpend => k.ad_spend?,
        Figure::LiveMinutes => k.live_minutes?,
        _ => return None,
    };
    (v != 0.0).then_some(v)
}

fn set(k: &mut Kpis, f: Figure, v: f64) {
    let n = v.round().max(0.0) as u64;
    match f {
        Figure::Viewers => k.viewers = n,
        Figure::Views => k.views = n,
        Figure::PeakConcurrent => k.peak_concurrent = n,
        Figure::AvgConcurrent => k.avg_concurrent = Some(v),
        Figure::AvgWatchSeconds => k.avg_watch_seconds = Some(v),
        Figure::Comments => k.comments = n,
        Figure::Likes => k.likes = n,
        Figure::Shares => k.shares = n,
        Figure::Followers => k.followers = n,
        Figure::Gmv => k.gmv = v,
        Figure::Orders => k.orders = n,
        Figure::Buyers => k.buyers = Some(n),
        Figure::Refunds => k.refunds = v,
        Figure::AdSpend => k.ad_spend = Some(v),
        Figure::LiveMinutes => k.live_minutes = Some(v),
        _ => {}
    }
}

/// Figures that come together: the sales of a session (from its orders) and its audience (from
/// its `enter` rows). When the events give any figure of a group, none of that group is taken
/// from the summary (a refund total of 0 beside the events' GMV is the events' 0, not a gap).
const SALES: [Figure; 4] = [Figure::Gmv, Figure::Orders, Figure::Buyers, Figure::Refunds];
const AUDIENCE: [Figure; 5] = [
    Figure::Viewers,
    Figure::Views,
    Figure::PeakConcurrent,
    Figure::AvgConcurrent,
    Figure::AvgWatchSeconds,
];

/// Whether the events (`k`, the session's KPIs from its events) leave `fig` to the summary.
fn gap(k: Option<&Kpis>, fig: Figure) -> bool {
    let Some(k) = k else { return true };
    let has = |f: Figure| get(k, f).is_some();
    if SALES.contains(&fig) {
        return !has(Figure::Gmv) && !has(Figure::Orders);
    }
    if AUDIENCE.contains(&fig) {
        return !has(Figure::Viewers) && !has(Figure::Views);
    }
    get(k, fig).is_none()
}

fn ratio(n: f64, d: f64) -> Option<f64> {
    super::ratio(n, d)
}

/// Recomputes the rates that depend on a figure in `changed` (or that are null), from the
/// row's counts; `extra` gives the summary's product-card counts for the click rates.
fn derive(k: &mut Kpis, changed: &[Figure], extra: Option<&SessionFigures>) {
    use Figure as F;
    let ch = |fs: &[Figure]| fs.iter().any(|f| changed.contains(f));
    let v = k.viewers as f64;
    let buyers = k.buyers.map(|b| b as f64);
    if ch(&[F::Comments, F::LiveMinutes]) || k.comments_per_minute.is_none() {
        k.comments_per_minute = k.live_minutes.and_then(|m| ratio(k.comments as f64, m));
    }
    if ch(&[F::Followers, F::Viewers]) || k.follow_rate.is_none() {
        k.follow_rate = ratio(k.followers as f64, v);
    }
    let clicks = extra.and_then(|e| e.get(F::ProductClickers));
    if k.product_click_rate.is_none() {
        if let (Some(c), Some(p)) = (clicks, extra.and_then(|e| e.get(F::ProductViewers))) {
            k.product_click_rate = ratio(c, p);
        }
    }
    if ch(&[F::Buyers]) || k.click_to_pay_rate.is_none() {
        if let (Some(b), Some(c)) = (buyers, clicks) {
            k.click_to_pay_rate = ratio(b, c);
        }
    }
    if ch(&[F::Buyers, F::Viewers]) || k.conversion_rate.is_none() {
        k.conversion_rate = buyers.and_then(|b| ratio(b, v));
    }
    if ch(&[F::Gmv, F::Orders]) || k.aov.is_none() {
        k.aov = ratio(k.gmv, k.orders as f64);
    }
    if ch(&[F::Gmv, F::Buyers]) || k.revenue_per_buyer.is_none() {
        k.revenue_per_buyer = buyers.and_then(|b| ratio(k.gmv, b));
    }
    if ch(&[F::Gmv, F::Views]) || k.gpm.is_none() {
        k.gpm = ratio(1000.0 * k.gmv, k.views as f64);
    }
    if ch(&[F::Gmv, F::Viewers]) || k.uv_value.is_none() {
        k.uv_value = ratio(k.gmv, v);
    }
    if ch(&[F::Gmv, F::Refunds]) || k.refund_rate.is_none() {
        k.refund_rate = ratio(k.refunds, k.gmv);
    }
    if ch(&[F::Gmv, F::Refunds, F::AdSpend]) || k.roi.is_none() {
        k.roi = k.ad_spend.and_then(|s| ratio(k.spent_gmv, s));
        k.net_roi = k
            .ad_spend
            .and_then(|s| ratio(k.spent_gmv - k.spent_refunds, s));
    }
}

/// The KPI row of a summary row alone.
fn kpis_of(f: &SessionFigures) -> Kpis {
    let mut k = Kpis::default();
    let mut changed = Vec::new();
    for fig in KPI_FIGURES {
        if let Some(v) = f.get(fig) {
            set(&mut k, fig, v);
            changed.push(fig);
        }
    }
    one_session_spent(&mut k);
    derive(&mut k, &changed, Some(f));
    k
}

/// A row of one session: with its ad spend known, all its GMV and refunds are those of a
/// session with a known spend (else none is).
fn one_session_spent(k: &mut Kpis) {
    let known = k.ad_spend.is_some();
    k.spent_gmv = if known { k.gmv } else { 0.0 };
    k.spent_refunds = if known { k.refunds } else { 0.0 };
}

/// Whether two values differ beyond rounding: by more than half a unit (a cent for money,
/// half a second or half a count otherwise) and by more than 1% of the larger.
fn disagree(f: Figure, a: f64, b: f64) -> bool {
    let unit = if f.is_money() { 0.01 } else { 0.5 };
    let d = (a - b).abs();
    d > unit && d > 0.01 * a.abs().max(b.abs())
}

/// Adds the session summaries to the KPI report (see the module's documentation) and to the
/// per-platform rows (`platforms`, from the events, `all` last). Returns, per platform row, the
/// keys of the figures the summaries gave it.
pub fn apply(
    ds: &Dataset,
    r: &mut KpiReport,
    platforms: &mut Vec<GroupKpis>,
) -> BTreeMap<String, Vec<String>> {
    let mut given = BTreeMap::new();
    if ds.session_figures.is_empty() {
        return given;
    }
    let tz = ds.tz_offset_minutes;
    // Summary figures of sessions whose events lacked them.
    let mut added: Vec<Added> = Vec::new();
    for f in &ds.session_figures {
        let id = ds.sessions.name(f.session).to_owned();
        let info = ds.session_info.get(f.session as usize);
        let summary = kpis_of(f);
        r.summaries.push(SummarySession {
            session_id: id.clone(),
            title: info.map(|i| i.title.clone()).filter(|t| !t.is_empty()),
            host: ds.session_host(f.session).map(str::to_owned),
            start: info.and_then(|i| i.start).map(|t| format_ts(t, tz)),
            platform: (f.platform != NONE).then(|| ds.platforms.name(f.platform).to_owned()),
            file: f.file.clone(),
            figures: f.present().map(|(g, v)| (g.key().to_owned(), v)).collect(),
            kpis: summary.clone(),
        });
        let Some(row) = r.by_session.iter_mut().find(|s| s.session_id == id) else {
            continue;
        };
        let mut changed = Vec::new();
        let events = row.kpis.clone();
        for fig in KPI_FIGURES {
            let Some(sv) = f.get(fig) else { continue };
            match get(&events, fig) {
                _ if gap(Some(&events), fig) => {
                    set(&mut row.kpis, fig, sv);
                    changed.push(fig);
                    row.from_summary.push(fig.key().to_owned());
                    added.push(added_of(f, fig, sv, Some(&events)));
                }
                // Ad spend and the session's length come from the same sessions table.
                Some(_) if matches!(fig, Figure::AdSpend | Figure::LiveMinutes) => {}
                None => {}
                Some(ev) if disagree(fig, ev, sv) => r.summary_checks.push(SummaryCheck {
                    session_id: id.clone(),
                    figure: fig.key().to_owned(),
                    events: ev,
                    summary: sv,
                    difference: ev - sv,
                }),
                Some(_) => {}
            }
        }
        one_session_spent(&mut row.kpis);
        derive(&mut row.kpis, &changed, Some(f));
    }
    r.overall_from_summary = add_to(&mut r.overall, &added, |_| true);
    for g in platforms.iter_mut() {
        if g.group == ALL_PLATFORMS {
            g.kpis = r.overall.clone();
            given.insert(g.group.clone(), r.overall_from_summary.clone());
            continue;
        }
        let p = ds.platforms.get(&g.group).unwrap_or(NONE);
        given.insert(g.group.clone(), add_to(&mut g.kpis, &added, |x| x == p));
    }
    // Platforms that only summaries gave.
    let mut only: Vec<u32> = added
        .iter()
        .map(|a| a.platform)
        .filter(|&p| p != NONE)
        .collect();
    only.sort_unstable();
    only.dedup();
    for p in only {
        let name = ds.platforms.name(p);
        if platforms.iter().any(|g| g.group == name) {
            continue;
        }
        // No event of this platform: its row is its summaries' figures, all of them.
        let own: Vec<Added> = ds
            .session_figures
            .iter()
            .filter(|f| f.platform == p)
            .flat_map(|f| {
                f.present()
                    .filter(|(g, _)| KPI_FIGURES.contains(g))
                    .map(move |(g, v)| added_of(f, g, v, None))
            })
            .collect();
        let mut k = Kpis::default();
        given.insert(name.to_owned(), add_to(&mut k, &own, |_| true));
        let at = platforms
            .iter()
            .position(|g| g.group == ALL_PLATFORMS)
            .unwrap_or(platforms.len());
        let sessions = ds
            .session_figures
            .iter()
            .filter(|f| f.platform == p)
            .count() as u64;
        platforms.insert(
            at,
            GroupKpis {
                group: name.to_owned(),
                sessions,
                kpis: k,
            },
        );
    }
    given
}

/// Adds to each host's KPI row (`groups`, named by host) the summary figures of that host's
/// sessions whose events lack them; `per_session` are the sessions' KPIs from the events.
pub fn add_to_hosts(ds: &Dataset, per_session: &[Kpis], groups: &mut [GroupKpis]) {
    for g in groups.iter_mut() {
        let mut added = Vec::new();
        for f in &ds.session_figures {
            if ds.session_host(f.session) != Some(g.group.as_str()) {
                continue;
            }
            let events = per_session.get(f.session as usize);
            for fig in KPI_FIGURES {
                let Some(v) = f.get(fig) else { continue };
                if gap(events, fig) {
                    added.push(added_of(f, fig, v, events));
                }
            }
        }
        add_to(&mut g.kpis, &added, |_| true);
    }
}

/// Summary figure `fig` (`value`) of row `f`, added where the session's events (`events`, its
/// KPIs from them) lack it.
fn added_of(f: &SessionFigures, fig: Figure, value: f64, events: Option<&Kpis>) -> Added {
    let weight = match fig {
        Figure::AvgConcurrent => f.get(Figure::LiveMinutes),
        Figure::AvgWatchSeconds => f.get(Figure::Viewers),
        _ => None,
    };
    Added {
        platform: f.platform,
        figure: fig,
        value,
        weight: weight.unwrap_or(1.0),
        spent: events.is_some_and(|k| k.ad_spend.is_some()) || f.get(Figure::AdSpend).is_some(),
        events_money: events.map_or((0.0, 0.0), |k| (k.gmv, k.refunds)),
    }
}

/// A summary figure of a session whose events lacked it.
struct Added {
    platform: u32,
    figure: Figure,
    value: f64,
    /// The weight of a mean: the session's minutes (online) or viewers (watch time).
    weight: f64,
    /// Whether the session's ad spend is known (sessions table or its summary).
    spent: bool,
    /// The GMV and refunds the session's events give (they become spent money when the
    /// summary adds the session's spend).
    events_money: (f64, f64),
}

/// Adds summary figures (those of the platforms `keep` accepts) to a KPI row of several
/// sessions: counts and money summed (viewers and buyers too: a person in two sessions counts
/// twice, as the dashboards give no distinct count across sessions), the peak the highest,
/// the averages weighted (online by minutes, watch time by viewers) when the events give
/// none. Returns the keys of the figures taken.
fn add_to(k: &mut Kpis, added: &[Added], keep: impl Fn(u32) -> bool) -> Vec<String> {
    let mut changed: Vec<Figure> = Vec::new();
    for fig in KPI_FIGURES {
        let rows: Vec<&Added> = added
            .iter()
            .filter(|a| a.figure == fig && keep(a.platform))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let sum: f64 = rows.iter().map(|a| a.value).sum();
        let before = get(k, fig);
        let v = match fig {
            Figure::PeakConcurrent => rows
                .iter()
                .map(|a| a.value)
                .fold(before.unwrap_or(0.0), f64::max),
            Figure::AvgConcurrent | Figure::AvgWatchSeconds => {
                if before.is_some() {
                    continue;
                }
                let w: f64 = rows.iter().map(|a| a.weight).sum();
                let Some(m) = ratio(rows.iter().map(|a| a.value * a.weight).sum(), w) else {
                    continue;
                };
                m
            }
            // Payments without a buyer id in the events: the buyers stay unknown.
            Figure::Buyers if k.buyers.is_none() => continue,
            _ => before.unwrap_or(0.0) + sum,
        };
        set(k, fig, v);
        changed.push(fig);
    }
    // The money of the sessions whose spend is known, for ROI.
    for a in added.iter().filter(|a| keep(a.platform)) {
        match a.figure {
            Figure::Gmv if a.spent => k.spent_gmv += a.value,
            Figure::Refunds if a.spent => k.spent_refunds += a.value,
            Figure::AdSpend => {
                k.spent_gmv += a.events_money.0;
                k.spent_refunds += a.events_money.1;
            }
            _ => {}
        }
    }
    derive(k, &changed, None);
    changed.iter().map(|f| f.key().to_owned()).collect()
}

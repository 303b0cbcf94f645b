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
use crate::model::{Dataset, EventKind, NONE};
use crate::visits::{
    change_points, concurrency, group_by_session_user, group_rows_by_session_user, peak, Visit,
};

mod category;
mod platform;
mod summary;
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

const F_ENTER: u8 = 1;
const F_INTERACT: u8 = 2;
const F_FOLLOW: u8 = 4;
const F_PVIEW: u8 = 8;
const F_CLICK: u8 = 16;
const F_PAY: u8 = 32;

fn ratio(n: f64, d: f64) -> Option<f64> {
    (d > 0.0).then(|| n / d).filter(|x| x.is_finite())
}

/// Per-session facts computed once; groups aggregate them.
pub struct KpiBase {
    /// Dense session slots: session id → slot; slot `n_sessions` is "no session".
    slots: usize,
    /// (slot, user, flags) per distinct pair.
    pairs: Vec<(u32, u32, u8)>,
    /// (slot, order) per pay row with an order id (with repeats).
    orders: Vec<(u32, u32)>,
    rows: Vec<Rows>,
    span: Vec<Option<(i64, i64)>>,
}

#[derive(Default, Clone)]
struct Rows {
    views: u64,
    comments: u64,
    likes: u64,
    shares: u64,
    gmv: f64,
    refunds: f64,
    pay_no_order: u64,
    /// Pay rows of persons that stand for an order without a buyer id.
    pay_no_buyer: u64,
    first: Option<i64>,
    last: Option<i64>,
}

fn slot(ds: &Dataset, s: u32) -> u32 {
    if s == NONE {
        ds.sessions.len() as u32
    } else {
        s
    }
}

impl KpiBase {
    pub fn new(ds: &Dataset) -> KpiBase {
        Self::build(ds, 0..ds.events.len(), group_by_session_user(ds))
    }

    /// The base of the events `rows` alone (ascending event indices), as if the dataset held
    /// only them: the KPIs of a group of persons without a copy of its events.
    pub fn of_rows(ds: &Dataset, rows: &[u32]) -> KpiBase {
        let idx = group_rows_by_session_user(&ds.events, Some(rows));
        Self::build(ds, rows.iter().map(|&i| i as usize), idx)
    }

    /// `rows`: the events counted; `idx`: the same events grouped by (session, user).
    fn build(ds: &Dataset, rows: impl Iterator<Item = usize>, idx: Vec<u32>) -> KpiBase {
        let ev = &ds.events;
        let slots = ds.sessions.len() + 1;
        let mut rows_of = vec![Rows::default(); slots];
        let mut orders = Vec::new();
        for i in rows {
            let s = slot(ds, ev.session[i]) as usize;
            let Some(r) = rows_of.get_mut(s) else {
                continue;
            };
            let t = ev.ts[i];
            r.first = Some(r.first.map_or(t, |f| f.min(t)));
            r.last = Some(r.last.map_or(t, |l| l.max(t)));
            match ev.kind[i] {
                EventKind::Enter => r.views += 1,
                EventKind::Comment => r.comments += 1,
                EventKind::Like => r.likes += 1,
                EventKind::Share => r.shares += 1,
                EventKind::Pay => {
                    r.gmv += ev.amount[i];
                    if ds.is_pseudo_user(ev.user[i]) {
                        r.pay_no_buyer += 1;
                    }
                    if ev.order[i] == NONE {
                        r.pay_no_order += 1;
                    } else {
                        orders.push((s as u32, ev.order[i]));
                    }
                }
                EventKind::Refund => r.refunds += ev.amount[i],
                _ => {}
            }
        }
        orders.sort_unstable();
        orders.dedup();
        let mut pairs: Vec<(u32, u32, u8)> = Vec::new();
        for &i in &idx {
            let i = i as usize;
            let s = slot(ds, ev.session[i]);
            let u = ev.user[i];
            // An order without a buyer id is no person.
            if ds.is_pseudo_user(u) {
                continue;
            }
            let f = match ev.kind[i] {
                EventKind::Enter => F_ENTER,
                EventKind::Comment | EventKind::Like | EventKind::Share => F_INTERACT,
                EventKind::Follow => F_FOLLOW,
                EventKind::ProductView => F_PVIEW,
                EventKind::Click => F_CLICK,
                EventKind::Pay => F_PAY,
                _ => 0,
            };
            match pairs.last_mut() {
                Some((ls, lu, lf)) if *ls == s && *lu == u => *lf |= f,
                _ => pairs.push((s, u, f)),
            }
        }
        let span = (0..slots)
            .map(|s| {
                let info = ds.session_info.get(s);
                match (info.and_then(|i| i.start), info.and_then(|i| i.end)) {
                    (Some(a), Some(b)) if b >= a => Some((a, b)),
                    _ => Some((rows_of[s].first?, rows_of[s].last?)),
                }
            })
            .collect();
        KpiBase {
            slots,
            pairs,
            orders,
            rows: rows_of,
            span,
        }
    }

    /// KPIs for groups of sessions: `group_of(session)` names the group of each session (and of
    /// the events without a session, passed as [`NONE`]), `None` to leave it out. `visits` are
    /// the dataset's visits ([`crate::visits::visits`]).
    pub fn aggregate(
        &self,
        ds: &Dataset,
        visits: &[Visit],
        n_groups: usize,
        group_of: impl Fn(u32) -> Option<u32>,
    ) -> Vec<Kpis> {
        let g_of_slot: Vec<Option<u32>> = (0..self.slots)
            .map(|s| {
                let sid = if s == ds.sessions.len() {
                    NONE
                } else {
                    s as u32
                };
                group_of(sid).filter(|&g| (g as usize) < n_groups)
            })
            .collect();
        let gs = |s: u32| g_of_slot.get(s as usize).copied().flatten();
        let mut out = vec![Kpis::default(); n_groups];
        let mut people = vec![[0u64; 6]; n_groups];
        // Distinct people per group: (group, user, flags) merged.
        let mut gu: Vec<(u32, u32, u8)> = self
            .pairs
            .iter()
            .filter_map(|&(s, u, f)| gs(s).map(|g| (g, u, f)))
            .collect();
        gu.sort_unstable_by_key(|&(g, u, _)| ((g as u64) << 32) | u as u64);
        let mut k = 0;
        while k < gu.len() {
            let (g, u, mut f) = gu[k];
            k += 1;
            while k < gu.len() && gu[k].0 == g && gu[k].1 == u {
                f |= gu[k].2;
                k += 1;
            }
            if let Some(p) = people.get_mut(g as usize) {
                for (b, c) in p.iter_mut().enumerate() {
                    *c += ((f >> b) & 1) as u64;
                }
            }
        }
        // Row counts and money.
        let mut spend: Vec<Option<f64>> = vec![None; n_groups];
        let mut minutes: Vec<f64> = vec![0.0; n_groups];
        let mut area: Vec<f64> = vec![0.0; n_groups];
        let mut watch_ms: Vec<f64> = vec![0.0; n_groups];
        let mut no_buyer: Vec<u64> = vec![0; n_groups];
        let mut group_visits: Vec<Vec<Visit>> = vec![Vec::new(); n_groups];
        for (s, (g, r)) in g_of_slot.iter().zip(&self.rows).enumerate() {
            let Some(g) = *g else { continue };
            let g = g as usize;
            let o = &mut out[g];
            o.views += r.views;
            o.comments += r.comments;
            o.likes += r.likes;
            o.shares += r.shares;
            o.gmv += r.gmv;
            o.refunds += r.refunds;
            o.orders += r.pay_no_order;
            no_buyer[g] += r.pay_no_buyer;
            if let Some(sp) = ds.session_info.get(s).and_then(|i| i.ad_spend) {
                *spend[g].get_or_insert(0.0) += sp;
                o.spent_gmv += r.gmv;
                o.spent_refunds += r.refunds;
            }
            if let Some((a, b)) = self.span[s] {
                minutes[g] += (b - a) as f64 / 60_000.0;
            }
        }
        // Visits are sorted by session: walk them once.
        let sid_slot = |v: &Visit| slot(ds, v.session);
        let mut i = 0;
        while i < visits.len() {
            let s = sid_slot(&visits[i]);
            let mut j = i;
            while j < visits.len() && sid_slot(&visits[j]) == s {
                j += 1;
            }
            if let Some(g) = gs(s) {
                let vs = &visits[i..j];
                let g = g as usize;
                watch_ms[g] += vs.iter().map(|v| (v.end - v.start) as f64).sum::<f64>();
                if let Some((a, b)) = self.span.get(s as usize).copied().flatten() {
                    let c = concurrency(&change_points(vs), a, b);
                    area[g] += c.mean.unwrap_or(0.0) * (b - a) as f64;
                }
                group_visits[g].extend_from_slice(vs);
            }
            i = j;
        }
        // Distinct orders per group.
        let mut go: Vec<(u32, u32)> = self
            .orders
            .iter()
            .filter_map(|&(s, o)| gs(s).map(|g| (g, o)))
            .collect();
        go.sort_unstable();
        go.dedup();
        for (g, _) in go {
            if let Some(o) = out.get_mut(g as usize) {
                o.orders += 1;
            }
        }
        for (g, o) in out.iter_mut().enumerate() {
            let [viewers, interact, followers, pview, click, buyers] = people[g];
            o.viewers = viewers;
            o.followers = followers;
            // Without a buyer id for some payments, buyers (and the rates over them) are unknown.
            let known = no_buyer[g] == 0;
            o.buyers = known.then_some(buyers);
            // A person inside two sessions at once is one person online: merge each person's
            // overlapping visits across the group's sessions before the sweep.
            let pts = change_points(&merge_per_person(std::mem::take(&mut group_visits[g])));
            o.peak_concurrent = peak(&pts) as u64;
            o.live_minutes = (minutes[g] > 0.0).then_some(minutes[g]);
            o.avg_concurrent = ratio(area[g], minutes[g] * 60_000.0);
            o.avg_watch_seconds = ratio(watch_ms[g] / 1000.0, viewers as f64);
            o.comments_per_minute = ratio(o.comments as f64, minutes[g]);
            o.ad_spend = spend[g];
            let v = viewers as f64;
            o.interaction_rate = ratio(interact as f64, v);
            o.follow_rate = ratio(followers as f64, v);
            o.product_click_rate = ratio(click as f64, pview as f64);
            o.click_to_pay_rate = ratio(buyers as f64, click as f64).filter(|_| known);
            o.conversion_rate = ratio(buyers as f64, v).filter(|_| known);
            o.aov = ratio(o.gmv, o.orders as f64);
            o.revenue_per_buyer = ratio(o.gmv, buyers as f64).filter(|_| known);
            o.gpm = ratio(1000.0 * o.gmv, o.views as f64);
            o.uv_value = ratio(o.gmv, v);
            o.refund_rate = ratio(o.refunds, o.gmv);
            o.roi = o.ad_spend.and_then(|s| ratio(o.spent_gmv, s));
            o.net_roi = o
                .ad_spend
                .and_then(|s| ratio(o.spent_gmv - o.spent_refunds, s));
        }
        out
    }
}

/// Merges each person's overlapping visits (of any sessions) into one.
fn merge_per_person(mut vs: Vec<Visit>) -> Vec<Visit> {
    vs.sort_unstable_by_key(|v| (v.user, v.start));
    let mut out: Vec<Visit> = Vec::with_capacity(vs.len());
    for v in vs {
        match out.last_mut() {
            Some(m) if m.user == v.user && v.start <= m.end => m.end = m.end.max(v.end),
            _ => out.push(v),
        }
    }
    out
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
    let mut out: Vec<(u32, Option<i64>)> = (0..ds.sessions.len())
        .map(|s| {
            let start = ds.session_info.get(s).and_then(|i| i.start).or(first[s]);
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
    let by_session = sessions_in_order(ds)
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
    let ev = &ds.events;
    let n_groups = labels.len();
    let group = |u: u32| {
        group_of_user
            .get(u as usize)
            .copied()
            .flatten()
            .filter(|&g| (g as usize) < n_groups)
    };
    // Each group's events in event order, by one counting sort of the event indices (instead of
    // one pass over all events per group).
    let mut start = vec![0usize; n_groups + 1];
    for &u in &ev.user {
        if let Some(g) = group(u) {
            start[g as usize + 1] += 1;
        }
    }
    for g in 0..n_groups {
        start[g + 1] += start[g];
    }
    let mut next = start.clone();
    let mut order = vec![0u32; start[n_groups]];
    for (i, &u) in ev.user.iter().enumerate() {
        if let Some(g) = group(u) {
            if let Some(slot) = order.get_mut(next[g as usize]) {
                *slot = i as u32;
            }
            next[g as usize] += 1;
        }
    }
    // Each group's KPI base is built over its rows of the dataset (no copy of its events).
    let mut out = Vec::new();
    for (g, label) in labels.iter().enumerate() {
        let rows = &order[start[g]..start[g + 1]];
        if rows.is_empty() {
            continue;
        }
        // A visit depends on its person's events only: the group's visits are the dataset's
        // visits of its persons, in the same (session, user, start) order.
        let group_visits: Vec<Visit> = prep
            .visits()
            .iter()
            .filter(|v| group(v.user) == Some(g as u32))
            .copied()
            .collect();
        let base = KpiBase::of_rows(ds, rows);
        let Some(k) = base
            .aggregate(ds, &group_visits, 1, |_| Some(0))
            .into_iter()
            .next()
        else {
            continue;
        };
        let sessions = {
            let mut seen = vec![false; ds.sessions.len()];
            for &i in rows {
                if let Some(x) = seen.get_mut(ev.session[i as usize] as usize) {
                    *x = true;
                }
            }
            seen.iter().filter(|&&x| x).count() as u64
        };
        out.push(GroupKpis {
            group: label.clone(),
            sessions,
            kpis: k,
        });
    }
    out
}

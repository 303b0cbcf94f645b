//! KPIs per platform, side by side, and combined: the view no platform's own dashboard gives a
//! creator who sells on several. An event's platform is its order's, else its person's: from
//! the recognised layout of the file it came from, a `platform` column, or the user's choice.
//!
//! A figure a platform's data cannot give is null, never 0: its viewers, views and online
//! counts without `enter` rows or summary figures, its comments, likes, shares and new
//! followers without such events (or summary figures), its sales without orders or
//! payments (or summary sales). The combined row gives a figure when some platform gives it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{GroupKpis, KpiBase, Kpis};
use crate::analysis::Prepared;
use crate::model::{Dataset, EventKind, NONE};
use crate::visits::visits;

/// One column of the per-platform table: the [`Kpis`] of the platform's data (or of all
/// platforms combined), with every figure that data cannot give as null.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlatformKpis {
    /// The platform (`douyin`, `tiktok`, a name as a file gave it), `unspecified` or `all`.
    pub group: String,
    pub sessions: u64,
    pub viewers: Option<u64>,
    pub views: Option<u64>,
    pub avg_watch_seconds: Option<f64>,
    pub peak_concurrent: Option<u64>,
    pub avg_concurrent: Option<f64>,
    pub interaction_rate: Option<f64>,
    pub comments_per_minute: Option<f64>,
    pub follow_rate: Option<f64>,
    pub product_click_rate: Option<f64>,
    pub click_to_pay_rate: Option<f64>,
    pub conversion_rate: Option<f64>,
    pub buyers: Option<u64>,
    pub orders: Option<u64>,
    pub gmv: Option<f64>,
    pub aov: Option<f64>,
    pub revenue_per_buyer: Option<f64>,
    pub gpm: Option<f64>,
    pub uv_value: Option<f64>,
    pub refund_rate: Option<f64>,
    pub roi: Option<f64>,
    pub net_roi: Option<f64>,
    pub comments: Option<u64>,
    pub likes: Option<u64>,
    pub shares: Option<u64>,
    pub followers: Option<u64>,
    pub refunds: Option<f64>,
    pub ad_spend: Option<f64>,
    pub live_minutes: Option<f64>,
}

/// What a platform's data can give: the kinds of its events, and the figures its session
/// summaries gave.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Given {
    /// Viewers (and the rates over them).
    pub audience: bool,
    pub views: bool,
    pub peak: bool,
    /// The mean watch time, and the mean number online.
    pub watch: bool,
    pub online: bool,
    pub comments: bool,
    pub likes: bool,
    pub shares: bool,
    pub followers: bool,
    pub product_clicks: bool,
    /// GMV, orders and refunds.
    pub sales: bool,
    /// Paying persons (payments with a person, or a summary's buyer count).
    pub buyers: bool,
}

impl Given {
    fn of_kind(k: EventKind) -> Given {
        let mut g = Given::default();
        match k {
            EventKind::Enter => {
                g.audience = true;
                g.views = true;
                g.peak = true;
                g.watch = true;
                g.online = true;
            }
            EventKind::Comment => g.comments = true,
            EventKind::Like => g.likes = true,
            EventKind::Share => g.shares = true,
            EventKind::Follow => g.followers = true,
            EventKind::ProductView | EventKind::Click => g.product_clicks = true,
            EventKind::Pay => {
                g.sales = true;
                g.buyers = true;
            }
            EventKind::Order | EventKind::Refund => g.sales = true,
            _ => {}
        }
        g
    }

    /// Also what a session summary's figure (`viewers`, `gmv`, … as [`crate::model::Figure`]
    /// keys) gives.
    fn with_figure(mut self, key: &str) -> Given {
        match key {
            "viewers" => self.audience = true,
            "avg_watch_seconds" => self.watch = true,
            "views" => self.views = true,
            "peak_concurrent" => self.peak = true,
            "avg_concurrent" => self.online = true,
            "comments" => self.comments = true,
            "likes" => self.likes = true,
            "shares" => self.shares = true,
            "followers" => self.followers = true,
            "gmv" | "orders" | "refunds" => self.sales = true,
            "buyers" => {
                self.sales = true;
                self.buyers = true;
            }
            _ => {}
        }
        self
    }

    fn or(self, o: Given) -> Given {
        Given {
            audience: self.audience | o.audience,
            views: self.views | o.views,
            peak: self.peak | o.peak,
            watch: self.watch | o.watch,
            online: self.online | o.online,
            comments: self.comments | o.comments,
            likes: self.likes | o.likes,
            shares: self.shares | o.shares,
            followers: self.followers | o.followers,
            product_clicks: self.product_clicks | o.product_clicks,
            sales: self.sales | o.sales,
            buyers: self.buyers | o.buyers,
        }
    }
}

impl PlatformKpis {
    /// The column of KPI row `g` (of events and summaries), with what `given` cannot give null.
    pub fn new(g: GroupKpis, given: Given) -> PlatformKpis {
        let k = g.kpis;
        let interacts = given.comments || given.likes || given.shares;
        PlatformKpis {
            group: g.group,
            sessions: g.sessions,
            viewers: given.audience.then_some(k.viewers),
            views: given.views.then_some(k.views),
            avg_watch_seconds: k.avg_watch_seconds.filter(|_| given.watch),
            peak_concurrent: given.peak.then_some(k.peak_concurrent),
            avg_concurrent: k.avg_concurrent.filter(|_| given.online),
            interaction_rate: k.interaction_rate.filter(|_| interacts && given.audience),
            comments_per_minute: k.comments_per_minute.filter(|_| given.comments),
            follow_rate: k.follow_rate.filter(|_| given.followers && given.audience),
            product_click_rate: k.product_click_rate.filter(|_| given.product_clicks),
            click_to_pay_rate: k.click_to_pay_rate.filter(|_| given.buyers),
            conversion_rate: k.conversion_rate.filter(|_| given.buyers && given.audience),
            buyers: k.buyers.filter(|_| given.buyers),
            orders: given.sales.then_some(k.orders),
            gmv: given.sales.then_some(k.gmv),
            aov: k.aov.filter(|_| given.sales),
            revenue_per_buyer: k.revenue_per_buyer.filter(|_| given.buyers),
            gpm: k.gpm.filter(|_| given.sales && given.views),
            uv_value: k.uv_value.filter(|_| given.sales && given.audience),
            refund_rate: k.refund_rate.filter(|_| given.sales),
            roi: k.roi.filter(|_| given.sales),
            net_roi: k.net_roi.filter(|_| given.sales),
            comments: given.comments.then_some(k.comments),
            likes: given.likes.then_some(k.likes),
            shares: given.shares.then_some(k.shares),
            followers: given.followers.then_some(k.followers),
            refunds: given.sales.then_some(k.refunds),
            ad_spend: k.ad_spend,
            live_minutes: k.live_minutes,
        }
    }
}

/// The per-platform table from its rows (`groups`, summary figures added) and the keys of the
/// figures the summaries gave each (`from_summary`, by group).
pub fn platform_columns(
    ds: &Dataset,
    groups: Vec<GroupKpis>,
    from_summary: &BTreeMap<String, Vec<String>>,
) -> Vec<PlatformKpis> {
    if groups.is_empty() {
        return Vec::new();
    }
    // What each platform's events give (slot `platforms.len()`: events of no platform).
    let n = ds.platforms.len();
    let mut by_events = vec![Given::default(); n + 1];
    let mut last: Option<(u32, EventKind)> = None;
    for i in 0..ds.events.len() {
        let p = ds.event_platform(i);
        let Some(&k) = ds.events.kind.get(i) else {
            continue;
        };
        // Runs of one platform and kind are common: each run is looked at once.
        if last == Some((p, k)) {
            continue;
        }
        last = Some((p, k));
        let slot = if p == NONE { n } else { p as usize };
        if let Some(g) = by_events.get_mut(slot) {
            *g = g.or(Given::of_kind(k));
        }
    }
    let with_summary = |group: &str, mut given: Given| {
        for key in from_summary.get(group).into_iter().flatten() {
            given = given.with_figure(key);
        }
        given
    };
    let givens: Vec<Given> = groups
        .iter()
        .map(|g| {
            let events = match g.group.as_str() {
                ALL_PLATFORMS => Given::default(),
                NO_PLATFORM => by_events.get(n).copied().unwrap_or_default(),
                name => ds
                    .platforms
                    .get(name)
                    .and_then(|p| by_events.get(p as usize).copied())
                    .unwrap_or_default(),
            };
            with_summary(&g.group, events)
        })
        .collect();
    // The combined row gives what some platform (or a file of none) gives.
    let all = by_events
        .iter()
        .chain(&givens)
        .fold(Given::default(), |a, &g| a.or(g));
    let parts: Vec<Given> = groups
        .iter()
        .zip(&givens)
        .filter(|(g, _)| g.group != ALL_PLATFORMS)
        .map(|(_, &x)| x)
        .collect();
    groups
        .into_iter()
        .zip(givens)
        .map(|(g, given)| match g.group.as_str() {
            ALL_PLATFORMS => {
                let mut col = PlatformKpis::new(g, with_summary(ALL_PLATFORMS, all));
                col.drop_mixed_rates(&parts);
                col
            }
            _ => PlatformKpis::new(g, given),
        })
        .collect()
}

impl PlatformKpis {
    /// In the combined column, a rate whose two parts do not come from the same platforms is
    /// null: one platform's GMV over another's views is no GPM (nor is every platform's
    /// comments over only some platforms' live minutes a rate). `parts`: what each platform's
    /// column gives.
    fn drop_mixed_rates(&mut self, parts: &[Given]) {
        let same =
            |a: fn(&Given) -> bool, b: fn(&Given) -> bool| parts.iter().all(|p| a(p) == b(p));
        let every = |a: fn(&Given) -> bool| parts.iter().all(a);
        let interacts = |p: &Given| p.comments || p.likes || p.shares;
        let keep = |x: &mut Option<f64>, ok: bool| {
            if !ok {
                *x = None;
            }
        };
        keep(&mut self.gpm, same(|p| p.sales, |p| p.views));
        keep(&mut self.uv_value, same(|p| p.sales, |p| p.audience));
        keep(
            &mut self.conversion_rate,
            same(|p| p.buyers, |p| p.audience),
        );
        keep(&mut self.revenue_per_buyer, same(|p| p.sales, |p| p.buyers));
        keep(
            &mut self.click_to_pay_rate,
            same(|p| p.buyers, |p| p.product_clicks),
        );
        keep(&mut self.interaction_rate, same(interacts, |p| p.audience));
        keep(&mut self.follow_rate, same(|p| p.followers, |p| p.audience));
        keep(&mut self.comments_per_minute, every(|p| p.comments));
        keep(&mut self.avg_concurrent, every(|p| p.online));
        keep(
            &mut self.avg_watch_seconds,
            same(|p| p.watch, |p| p.audience),
        );
    }
}

/// The group of the events from no known platform (files that are not a platform's export),
/// listed only when there are such events beside some from known platforms.
pub const NO_PLATFORM: &str = "unspecified";
/// The group of all platforms combined (equal to `kpis.overall`).
pub const ALL_PLATFORMS: &str = "all";

/// The KPI table per platform in order of first appearance (`unspecified` after them), then
/// [`ALL_PLATFORMS`] with `overall`. Empty when the data has no platform.
pub fn by_platform(prep: &Prepared, overall: &Kpis) -> Vec<GroupKpis> {
    let ds = prep.ds();
    let n = ds.platforms.len();
    if n == 0 {
        return Vec::new();
    }
    let of_event: Vec<u32> = (0..ds.events.len()).map(|i| ds.event_platform(i)).collect();
    let mut groups: Vec<(String, u32)> = (0..n as u32)
        .map(|p| (ds.platforms.name(p).to_owned(), p))
        .collect();
    if of_event.contains(&NONE) {
        groups.push((NO_PLATFORM.to_owned(), NONE));
    }
    let mut out = Vec::with_capacity(groups.len() + 1);
    for (name, p) in groups {
        let sub = ds.with_events(|i| of_event.get(i) == Some(&p));
        if sub.events.is_empty() {
            continue;
        }
        // The platform's sessions: those of its events and of its session summaries (so that
        // another platform's ad spend and live minutes stay out of its row).
        let mut seen = vec![false; sub.sessions.len()];
        for &s in &sub.events.session {
            if let Some(x) = seen.get_mut(s as usize) {
                *x = true;
            }
        }
        for f in ds.session_figures.iter().filter(|f| f.platform == p) {
            if let Some(x) = seen.get_mut(f.session as usize) {
                *x = true;
            }
        }
        let vs = visits(&sub);
        let base = KpiBase::new(&sub, &vs, 1);
        let in_group = |s: u32| (s == NONE || seen.get(s as usize) == Some(&true)).then_some(0);
        let Some(k) = base.aggregate(&sub, &vs, 1, in_group).into_iter().next() else {
            continue;
        };
        out.push(GroupKpis {
            group: name,
            sessions: seen.iter().filter(|&&x| x).count() as u64,
            kpis: k,
        });
    }
    out.push(GroupKpis {
        group: ALL_PLATFORMS.to_owned(),
        sessions: ds.sessions.len() as u64,
        kpis: overall.clone(),
    });
    out
}

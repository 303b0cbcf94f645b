//! Per-session figures as a live dashboard's session summary gives them (one row per live
//! session: viewers, views, peak and average online, watch time, GMV, orders, buyers, comments,
//! new followers …). They are the platform's own counts, kept beside the event log: the KPI
//! table takes them for a session without events, and compares them with the events' figures
//! where both exist (`crate::kpi`).

use serde::{Deserialize, Serialize};

/// A figure of a session summary. The keys are those of the KPI table (`crate::kpi::Kpis`)
/// where the KPI table has the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Figure {
    /// Distinct viewers (观看人数, UV).
    Viewers = 0,
    /// Views (观看次数, PV).
    Views,
    /// Live-room impressions (曝光人数).
    Impressions,
    PeakConcurrent,
    AvgConcurrent,
    AvgWatchSeconds,
    Comments,
    Likes,
    Shares,
    /// New followers (新增粉丝数).
    Followers,
    FanClubJoins,
    /// Persons (or times) a product card was shown.
    ProductViewers,
    /// Persons (or times) a product card was clicked.
    ProductClickers,
    Gmv,
    Orders,
    /// Items sold (成交件数).
    Units,
    Buyers,
    Refunds,
    AdSpend,
    LiveMinutes,
}

impl Figure {
    pub const ALL: [Figure; 20] = [
        Figure::Viewers,
        Figure::Views,
        Figure::Impressions,
        Figure::PeakConcurrent,
        Figure::AvgConcurrent,
        Figure::AvgWatchSeconds,
        Figure::Comments,
        Figure::Likes,
        Figure::Shares,
        Figure::Followers,
        Figure::FanClubJoins,
        Figure::ProductViewers,
        Figure::ProductClickers,
        Figure::Gmv,
        Figure::Orders,
        Figure::Units,
        Figure::Buyers,
        Figure::Refunds,
        Figure::AdSpend,
        Figure::LiveMinutes,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Figure::Viewers => "viewers",
            Figure::Views => "views",
            Figure::Impressions => "impressions",
            Figure::PeakConcurrent => "peak_concurrent",
            Figure::AvgConcurrent => "avg_concurrent",
            Figure::AvgWatchSeconds => "avg_watch_seconds",
            Figure::Comments => "comments",
            Figure::Likes => "likes",
            Figure::Shares => "shares",
            Figure::Followers => "followers",
            Figure::FanClubJoins => "fan_club_joins",
            Figure::ProductViewers => "product_viewers",
            Figure::ProductClickers => "product_clickers",
            Figure::Gmv => "gmv",
            Figure::Orders => "orders",
            Figure::Units => "units",
            Figure::Buyers => "buyers",
            Figure::Refunds => "refunds",
            Figure::AdSpend => "ad_spend",
            Figure::LiveMinutes => "live_minutes",
        }
    }

    /// Whether the figure is money (yuan once read).
    pub fn is_money(self) -> bool {
        matches!(self, Figure::Gmv | Figure::Refunds | Figure::AdSpend)
    }
}

/// One live session's row of a session summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionFigures {
    /// The session, an id in `Dataset::sessions`.
    pub session: u32,
    /// The platform, an id in `Dataset::platforms`, or `NONE` (a generic summary file).
    pub platform: u32,
    /// The creator's id (达人ID, author id) when the summary names one; orders are tied to the
    /// session by it and the session's time window.
    pub creator: Option<String>,
    /// The file the row came from.
    pub file: String,
    values: [Option<f64>; Figure::ALL.len()],
}

impl SessionFigures {
    pub fn new(session: u32, platform: u32) -> SessionFigures {
        SessionFigures {
            session,
            platform,
            ..SessionFigures::default()
        }
    }

    pub fn get(&self, f: Figure) -> Option<f64> {
        self.values.get(f as usize).copied().flatten()
    }

    pub fn set(&mut self, f: Figure, v: f64) {
        if let Some(s) = self.values.get_mut(f as usize) {
            *s = Some(v);
        }
    }

    /// The figures the row has.
    pub fn present(&self) -> impl Iterator<Item = (Figure, f64)> + '_ {
        Figure::ALL
            .iter()
            .filter_map(|&f| self.get(f).map(|v| (f, v)))
    }
}

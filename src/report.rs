//! The report: every analysis result in one serialisable value, written the same way by the
//! page (worker → main thread) and by `livelens analyze`. Stable keys are documented in
//! `docs/report.md`.

use serde::{Deserialize, Serialize};

use crate::cluster::ClusterResult;
use crate::compare::Comparison;
use crate::funnel::FunnelResult;
use crate::ingest::parse::format_ts;
use crate::ingest::Validation;
use crate::kpi::{GroupKpis, KpiReport};
use crate::model::{Dataset, EventKind};
use crate::predict::PredictResult;
use crate::recommend::{Evaluation, Recommendations};
use crate::retention::RetentionResult;
use crate::rfm::RfmResult;
use crate::rules::{BasketBy, Bundle, RulesResult};
use crate::timeline::{SessionSummary, Timeline};

/// Version of the report's layout; bumped when a stable key changes.
pub const REPORT_VERSION: u32 = 1;

/// What the data holds, in brief.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DatasetSummary {
    pub events: u64,
    pub users: u64,
    pub items: u64,
    pub sessions: u64,
    pub hosts: u64,
    /// Local times of the first and last event.
    pub first_event: Option<String>,
    pub last_event: Option<String>,
    pub tz_offset_minutes: i32,
    /// Rows per canonical event key (and `unknown`).
    pub event_counts: Vec<(String, u64)>,
    /// Users-file attributes available for breakdowns.
    pub attributes: Vec<String>,
    /// Whether the data has only payments (an orders-only input).
    pub orders_only: bool,
}

impl DatasetSummary {
    pub fn of(ds: &Dataset) -> DatasetSummary {
        let mut counts = [0u64; EventKind::Unknown as usize + 1];
        for &k in &ds.events.kind {
            counts[k as usize] += 1;
        }
        let mut event_counts: Vec<(String, u64)> = EventKind::CANONICAL
            .iter()
            .map(|&k| (k.key().to_owned(), counts[k as usize]))
            .filter(|(_, c)| *c > 0)
            .collect();
        let unknown = counts[EventKind::Unknown as usize];
        if unknown > 0 {
            event_counts.push(("unknown".into(), unknown));
        }
        let behaviour = EventKind::CANONICAL
            .iter()
            .filter(|k| !matches!(k, EventKind::Pay | EventKind::Refund | EventKind::Order))
            .any(|&k| counts[k as usize] > 0);
        let tz = ds.tz_offset_minutes;
        DatasetSummary {
            events: ds.events.len() as u64,
            users: ds.users.len() as u64,
            items: ds.items.len() as u64,
            sessions: ds.sessions.len() as u64,
            hosts: ds.hosts.len() as u64,
            first_event: ds.events.ts.first().map(|&t| format_ts(t, tz)),
            last_event: ds.events.ts.last().map(|&t| format_ts(t, tz)),
            tz_offset_minutes: tz,
            event_counts,
            attributes: ds.user_attributes.iter().map(|a| a.name.clone()).collect(),
            orders_only: counts[EventKind::Pay as usize] > 0 && !behaviour,
        }
    }
}

/// An analysis that could not run, and why (e.g. a funnel without `enter` events).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skipped {
    pub section: String,
    /// Stable key the page translates.
    pub code: String,
    pub message: String,
}

/// Everything LiveLens computed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub version: u32,
    pub generator: String,
    pub dataset: DatasetSummary,
    pub validation: Validation,
    pub kpis: KpiReport,
    /// Host leaderboard: every KPI per host.
    pub hosts: Vec<GroupKpis>,
    /// The funnel of the chosen steps (default `enter → product_view → click → order → pay`).
    pub funnel: Option<FunnelResult>,
    /// Sessions in start order, for the timeline's session picker.
    pub sessions: Vec<SessionSummary>,
    /// Per-minute timeline of the chosen session.
    pub timeline: Option<Timeline>,
    /// Cohorts, retention, repeat purchase, LTV and lifecycle.
    pub retention: Option<RetentionResult>,
    /// A/B comparison of two groups (by default the two hosts with most viewers).
    pub comparison: Option<Comparison>,
    /// Association rules over baskets of paid products, and bundle suggestions.
    pub rules: Option<RulesSection>,
    /// RFM segments and behavioural clusters.
    pub segments: Option<Segments>,
    /// Purchase prediction (logistic regression).
    pub prediction: Option<PredictResult>,
    /// What to pitch to whom, next-live line-up, hosts per segment.
    pub recommendations: Option<Recommendations>,
    /// Offline evaluation of every recommendation model (time split and leave-one-out).
    pub evaluation: Option<Evaluation>,
    /// Analyses left out, with the reason.
    pub skipped: Vec<Skipped>,
}

impl Report {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

/// Association rules and the bundles they suggest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RulesSection {
    pub basket_by: BasketBy,
    #[serde(flatten)]
    pub result: RulesResult,
    pub bundles: Vec<Bundle>,
}

/// Audience segments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segments {
    pub rfm: Option<RfmResult>,
    pub clusters: Option<ClusterResult>,
}

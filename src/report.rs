//! The report: every analysis result in one serialisable value, written the same way by the
//! page (worker → main thread) and by `livelens analyze`. Stable keys are documented in
//! `docs/report.md`.

use serde::{Deserialize, Serialize};

use crate::cluster::ClusterResult;
use crate::comments::CommentsSection;
use crate::compare::Comparison;
use crate::funnel::FunnelResult;
use crate::ingest::parse::format_ts;
use crate::ingest::Validation;
use crate::kpi::{GroupKpis, HostCategory, KpiReport};
use crate::model::{Dataset, EventKind, TrafficSource, UserAttribute, NONE};
use crate::predict::PredictResult;
use crate::recommend::{Evaluation, Recommendations};
use crate::retention::RetentionResult;
use crate::review::Review;
use crate::rfm::RfmResult;
use crate::rules::{BasketBy, Bundle, RulesResult};
use crate::timeline::{SessionSummary, Timeline};

/// Version of the report's layout; bumped when a stable key changes.
pub const REPORT_VERSION: u32 = 1;

/// What the data holds, in brief.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// Each attribute with its values, most frequent first (at most [`MAX_ATTRIBUTE_VALUES`]),
    /// for the page's pickers (A/B split by attribute).
    #[serde(default)]
    pub attribute_values: Vec<(String, Vec<String>)>,
    /// Whether the data has only payments (an orders-only input).
    pub orders_only: bool,
    /// `comment` rows that carry their text (a comment text column).
    #[serde(default)]
    pub comments_with_text: u64,
    /// Rows of any event with text (comments, Q&A questions and answers…).
    #[serde(default)]
    pub rows_with_text: u64,
    /// `enter` rows with a traffic source, per canonical source (`feed`, `paid`, …), in the
    /// order of metrics.md; empty when the data has no source column.
    #[serde(default)]
    pub traffic_sources: Vec<(String, u64)>,
    /// Source values that matched no canonical source (counted as `other`), most frequent
    /// first, at most [`MAX_ATTRIBUTE_VALUES`].
    #[serde(default)]
    pub unknown_traffic_sources: Vec<(String, u64)>,
    /// Orders without a buyer id (each stands for itself, not counted in `users`); absent when 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub orders_without_buyer_id: u64,
    /// Platforms of the recognised exports (`douyin`, `kuaishou`, …), in order of appearance;
    /// absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub platforms: Vec<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
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
        let x = &ds.events.extra;
        let mut comments_with_text = 0u64;
        let mut rows_with_text = 0u64;
        for (i, t) in x.text.iter().enumerate() {
            if *t != u32::MAX {
                rows_with_text += 1;
                if ds.events.kind.get(i) == Some(&EventKind::Comment) {
                    comments_with_text += 1;
                }
            }
        }
        let mut sources = [0u64; TrafficSource::ALL.len()];
        for (s, k) in x.source.iter().zip(&ds.events.kind) {
            if let (Some(s), EventKind::Enter) = (s, k) {
                sources[*s as usize] += 1;
            }
        }
        let mut unknown_traffic_sources = x.unknown_source_values();
        unknown_traffic_sources.truncate(MAX_ATTRIBUTE_VALUES);
        DatasetSummary {
            events: ds.events.len() as u64,
            users: (ds.users.len() - ds.pseudo_user_count()) as u64,
            items: ds.items.len() as u64,
            sessions: ds.sessions.len() as u64,
            hosts: ds.hosts.len() as u64,
            first_event: ds.events.ts.first().map(|&t| format_ts(t, tz)),
            last_event: ds.events.ts.last().map(|&t| format_ts(t, tz)),
            tz_offset_minutes: tz,
            event_counts,
            attributes: ds.user_attributes.iter().map(|a| a.name.clone()).collect(),
            attribute_values: ds
                .user_attributes
                .iter()
                .map(|a| (a.name.clone(), attribute_values(a)))
                .collect(),
            orders_only: counts[EventKind::Pay as usize] > 0 && !behaviour,
            comments_with_text,
            rows_with_text,
            traffic_sources: TrafficSource::ALL
                .iter()
                .map(|&s| (s.key().to_owned(), sources[s as usize]))
                .filter(|(_, c)| *c > 0)
                .collect(),
            unknown_traffic_sources,
            orders_without_buyer_id: ds.pseudo_user_count() as u64,
            platforms: ds.platforms.names().to_vec(),
        }
    }
}

/// Most values listed per attribute in [`DatasetSummary::attribute_values`].
pub const MAX_ATTRIBUTE_VALUES: usize = 50;

/// Values of an attribute by number of persons (most first, then by name).
fn attribute_values(a: &UserAttribute) -> Vec<String> {
    let mut count = vec![0u64; a.values.len()];
    for &v in &a.of_user {
        if let Some(c) = count.get_mut(v as usize) {
            *c += 1;
        }
    }
    let mut idx: Vec<usize> = (0..count.len()).filter(|&i| count[i] > 0).collect();
    crate::sort::by(&mut idx, |&x, &y| {
        count[y]
            .cmp(&count[x])
            .then_with(|| a.values.name(x as u32).cmp(a.values.name(y as u32)))
    });
    idx.truncate(MAX_ATTRIBUTE_VALUES);
    idx.into_iter()
        .map(|i| a.values.name(i as u32).to_owned())
        .collect()
}

/// Mean predicted purchase probability of the persons with each value of one attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttributeProbability {
    pub attribute: String,
    /// `(value, persons, mean probability)`, most persons first (at most
    /// [`MAX_ATTRIBUTE_VALUES`]); persons without a value are left out.
    pub values: Vec<(String, u64, f64)>,
}

/// Mean P(buys) per value of every users-file attribute, from the prediction's per-person
/// probabilities.
pub fn probability_by_attribute(ds: &Dataset, p: &PredictResult) -> Vec<AttributeProbability> {
    let users: Vec<(u32, f64)> = p
        .per_user
        .iter()
        .filter_map(|(id, prob)| Some((ds.users.get(id)?, *prob)))
        .collect();
    ds.user_attributes
        .iter()
        .map(|a| {
            let mut n = vec![0u64; a.values.len()];
            let mut sum = vec![0f64; a.values.len()];
            for &(u, prob) in &users {
                let v = a.of_user.get(u as usize).copied().unwrap_or(NONE);
                if let (Some(c), Some(s)) = (n.get_mut(v as usize), sum.get_mut(v as usize)) {
                    *c += 1;
                    *s += prob;
                }
            }
            let mut idx: Vec<usize> = (0..n.len()).filter(|&i| n[i] > 0).collect();
            crate::sort::by(&mut idx, |&x, &y| {
                n[y].cmp(&n[x])
                    .then_with(|| a.values.name(x as u32).cmp(a.values.name(y as u32)))
            });
            idx.truncate(MAX_ATTRIBUTE_VALUES);
            AttributeProbability {
                attribute: a.name.clone(),
                values: idx
                    .into_iter()
                    .map(|i| {
                        (
                            a.values.name(i as u32).to_owned(),
                            n[i],
                            sum[i] / n[i] as f64,
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

/// An analysis that could not run, and why (e.g. a funnel without `enter` events).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Skipped {
    pub section: String,
    /// Stable key the page translates.
    pub code: String,
    pub message: String,
}

/// Everything LiveLens computed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Report {
    pub version: u32,
    pub generator: String,
    pub dataset: DatasetSummary,
    pub validation: Validation,
    pub kpis: KpiReport,
    /// Host leaderboard: every KPI per host.
    pub hosts: Vec<GroupKpis>,
    /// GMV, buyers and orders per host × product category.
    #[serde(default)]
    pub hosts_by_category: Vec<HostCategory>,
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
    /// Mean predicted probability per users-file attribute value.
    #[serde(default)]
    pub probability_by_attribute: Vec<AttributeProbability>,
    /// What to pitch to whom, next-live line-up, hosts per segment.
    pub recommendations: Option<Recommendations>,
    /// Offline evaluation of every recommendation model (time split and leave-one-out).
    pub evaluation: Option<Evaluation>,
    /// Comments: intent and sentiment, questions with answers, objections by theme, phrases.
    #[serde(default)]
    pub comments: Option<CommentsSection>,
    /// Interaction tools (lucky bags, polls, coupons, Q&A): each window's effect on the room
    /// and participants' conversion against similar others; coupons' redemption and cost.
    #[serde(default)]
    pub interactions: Option<crate::interactions::Interactions>,
    /// Per traffic source: viewers, conversion, GMV, GPM, UV value; paid traffic's ROI.
    #[serde(default)]
    pub traffic: Option<crate::traffic::Traffic>,
    /// Hour × weekday of the sessions' start: viewers, conversion, GMV per viewer; the best slot
    /// when the data supports it.
    #[serde(default)]
    pub time_slots: Option<crate::timeslots::TimeSlots>,
    /// The post-live review of one session (default: the latest) against the creator's own
    /// baseline.
    #[serde(default)]
    pub review: Option<Review>,
    /// Analyses left out, with the reason.
    pub skipped: Vec<Skipped>,
}

impl Report {
    /// A report with every field empty ([`Default`]), not inlined: its callers in the engine
    /// (the KPIs first, sections lent alone) share one copy of the code (the wasm's size).
    #[inline(never)]
    pub fn empty() -> Self {
        Self::default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

/// Association rules and the bundles they suggest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RulesSection {
    /// The settings they were mined with.
    pub params: RulesEcho,
    pub basket_by: BasketBy,
    #[serde(flatten)]
    pub result: RulesResult,
    pub bundles: Vec<Bundle>,
}

/// The settings association rules were mined with, as the report echoes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RulesEcho {
    pub basket_by: BasketBy,
    pub min_support: f64,
    pub min_confidence: f64,
    /// Most products in a rule (antecedent and consequent together).
    pub max_len: usize,
    /// Most rules kept, by lift.
    pub max_rules: usize,
}

/// Audience segments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Segments {
    pub rfm: Option<RfmResult>,
    pub clusters: Option<ClusterResult>,
    /// The KPI table per RFM segment (buyers only), plus "no purchase" for the other people.
    pub kpis_by_rfm: Vec<GroupKpis>,
    /// The KPI table per behavioural cluster (`cluster N`, numbered from 1).
    pub kpis_by_cluster: Vec<GroupKpis>,
}

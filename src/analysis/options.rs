//! The settings of the analyses: everything the page and the CLI let the user choose, with
//! their defaults. Serialisable both ways (the page sends them as JSON; the wasm exports
//! `AnalysisOptions::default()` so the page starts from the same defaults).

use serde::{Deserialize, Serialize};

use crate::cluster::ClusterParams;
use crate::compare::CompareMetric;
use crate::funnel::FunnelParams;
use crate::predict::PredictParams;
use crate::recommend::RecommendParams;
use crate::retention::RetentionParams;
use crate::rfm::RfmParams;
use crate::rules::BasketBy;

/// One side of a comparison, named as the user sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum GroupChoice {
    /// Session ids as in the data.
    Sessions(Vec<String>),
    /// A host's name as in the sessions table.
    Host(String),
    /// Persons whose users-file attribute `name` has `value`.
    Attribute { name: String, value: String },
}

/// A comparison the user asked for (A is the control).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompareChoice {
    pub a: GroupChoice,
    pub b: GroupChoice,
    #[serde(default)]
    pub metric: CompareMetric,
}

/// Association-rule settings: how baskets are formed, and the thresholds. The report's
/// `rules.params` echoes them as used (with `max_len`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct RulesChoice {
    pub basket_by: BasketBy,
    pub min_support: f64,
    pub min_confidence: f64,
    /// At most this many rules, by lift (at least 1).
    pub max_rules: usize,
}

impl Default for RulesChoice {
    fn default() -> Self {
        RulesChoice {
            basket_by: BasketBy::PersonSession,
            // Live rooms sell a few dozen products: bundles worth showing are rarer than in
            // grocery baskets (on the small demo, 0.01 / 0.2 finds none; 0.005 / 0.1 finds 27).
            min_support: 0.005,
            min_confidence: 0.1,
            max_rules: 200,
        }
    }
}

/// Which segmentation breaks the funnel down (instead of `funnel.breakdown`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    Rfm,
    Cluster,
}

/// Settings of the analyses (everything the page and the CLI let the user choose).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct AnalysisOptions {
    pub funnel: FunnelParams,
    /// Break the funnel down by RFM segment or behavioural cluster.
    pub funnel_by_segment: Option<SegmentKind>,
    /// Session of the timeline, by id; `None` = the session with most viewers.
    pub timeline_session: Option<String>,
    pub timeline_bucket_seconds: i64,
    /// Session of the post-live review, by id; `None` = the latest session.
    #[serde(default)]
    pub review_session: Option<String>,
    pub retention: RetentionParams,
    /// `None` = compare the two hosts with most viewers (when there are two).
    pub compare: Option<CompareChoice>,
    pub rules: RulesChoice,
    pub rfm: RfmParams,
    pub cluster: ClusterParams,
    pub predict: PredictParams,
    pub recommend: RecommendParams,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            funnel: FunnelParams::default(),
            funnel_by_segment: None,
            timeline_session: None,
            timeline_bucket_seconds: 60,
            review_session: None,
            retention: RetentionParams::default(),
            compare: None,
            rules: RulesChoice::default(),
            rfm: RfmParams::default(),
            cluster: ClusterParams::default(),
            predict: PredictParams::default(),
            recommend: RecommendParams::default(),
        }
    }
}

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

/// A section of the report, as `--sections` and the page's lazy views name it (the stages of
/// [`super::STAGES`]). `recommendations` brings the offline evaluation with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// KPIs overall, per session and per host; the session list.
    Kpis,
    /// RFM segments and behavioural clusters.
    Segments,
    Funnel,
    Timeline,
    Retention,
    Comparison,
    Rules,
    Prediction,
    /// Recommendations and the offline evaluation of the models.
    Recommendations,
    /// Comment intents, sentiment, questions, objections and phrases.
    Comments,
    /// Interaction tools, traffic sources and time slots.
    Interactions,
    /// The post-live review of one session against the creator's own baseline.
    Review,
}

impl Section {
    pub const ALL: [Section; 12] = [
        Section::Kpis,
        Section::Segments,
        Section::Funnel,
        Section::Timeline,
        Section::Retention,
        Section::Comparison,
        Section::Rules,
        Section::Prediction,
        Section::Recommendations,
        Section::Comments,
        Section::Interactions,
        Section::Review,
    ];

    /// The key (`kpis`, `funnel`, …).
    pub fn key(self) -> &'static str {
        match self {
            Section::Kpis => "kpis",
            Section::Segments => "segments",
            Section::Funnel => "funnel",
            Section::Timeline => "timeline",
            Section::Retention => "retention",
            Section::Comparison => "comparison",
            Section::Rules => "rules",
            Section::Prediction => "prediction",
            Section::Recommendations => "recommendations",
            Section::Comments => "comments",
            Section::Interactions => "interactions",
            Section::Review => "review",
        }
    }

    /// Parses a comma-separated list (`kpis,funnel`); an unknown or empty name is an error
    /// naming the known ones. Repeats are kept once, in the order of [`Section::ALL`].
    pub fn parse_list(list: &str) -> crate::Result<Vec<Section>> {
        let mut out = Vec::new();
        for name in list.split(',').map(str::trim) {
            let Some(s) = Section::ALL.iter().find(|s| s.key() == name) else {
                let known: Vec<&str> = Section::ALL.iter().map(|s| s.key()).collect();
                return Err(crate::Error::Params(format!(
                    "unknown section \"{name}\" (sections: {})",
                    known.join(", ")
                )));
            };
            out.push(*s);
        }
        crate::sort::by(&mut out, |a, b| a.cmp(b));
        out.dedup();
        Ok(out)
    }
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
    /// The sections to compute; `None` = all. A section left out is `null` (or empty) in the
    /// report and listed in `skipped` with code `not_selected`; the sections computed have the
    /// same figures as in the full report.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub sections: Option<Vec<Section>>,
}

impl AnalysisOptions {
    /// Whether section `s` is to be computed.
    pub fn wants(&self, s: Section) -> bool {
        self.sections.as_ref().is_none_or(|l| l.contains(&s))
    }
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
            sections: None,
        }
    }
}

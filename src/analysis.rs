//! Runs every analysis on a loaded dataset and assembles the [`Report`]. An analysis that
//! cannot run on this data (events it needs are missing, settings that do not fit) is listed in
//! `report.skipped` with its reason instead of failing the whole report.

use serde::{Deserialize, Serialize};

use crate::cluster::{self, ClusterParams};
use crate::compare::{self, CompareMetric, CompareParams, Group};
use crate::funnel::{self, Breakdown, FunnelParams};
use crate::ingest::Validation;
use crate::kpi::{self, GroupKpis};
use crate::model::{Dataset, EventKind, NONE};
use crate::predict::{self, PredictParams};
use crate::recommend::{self, RecommendParams};
use crate::report::{DatasetSummary, Report, Segments, Skipped, REPORT_VERSION};
use crate::retention::{self, RetentionParams};
use crate::rfm::{self, RfmParams};
use crate::rules::{self, BasketBy, RulesParams};
use crate::timeline::{self, TimelineParams};
use crate::{Error, Result};

/// One side of a comparison, named as the user sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub struct CompareChoice {
    pub a: GroupChoice,
    pub b: GroupChoice,
    #[serde(default)]
    pub metric: CompareMetric,
}

/// Association-rule settings: how baskets are formed, and the thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RulesChoice {
    pub basket_by: BasketBy,
    pub min_support: f64,
    pub min_confidence: f64,
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
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    Rfm,
    Cluster,
}

/// Settings of the analyses (everything the page and the CLI let the user choose).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnalysisOptions {
    pub funnel: FunnelParams,
    /// Break the funnel down by RFM segment or behavioural cluster.
    pub funnel_by_segment: Option<SegmentKind>,
    /// Session of the timeline, by id; `None` = the session with most viewers.
    pub timeline_session: Option<String>,
    pub timeline_bucket_seconds: i64,
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

/// Collects skipped sections.
struct Sections {
    skipped: Vec<Skipped>,
}

impl Sections {
    fn run<T>(&mut self, section: &str, r: Result<T>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.skip(section, e.code(), e.to_string());
                None
            }
        }
    }

    fn skip(&mut self, section: &str, code: &str, message: String) {
        self.skipped.push(Skipped {
            section: section.to_owned(),
            code: code.to_owned(),
            message,
        });
    }

    /// Fails with a `missing_events` entry when the data has none of `kinds`.
    fn needs(&mut self, ds: &Dataset, section: &str, kinds: &[EventKind]) -> bool {
        let missing: Vec<&str> = kinds
            .iter()
            .filter(|k| !ds.has_kind(**k))
            .map(|k| k.key())
            .collect();
        if missing.is_empty() {
            return true;
        }
        self.skip(
            section,
            "missing_events",
            format!(
                "needs {} events, which this data does not have",
                missing.join(", ")
            ),
        );
        false
    }
}

/// The stages of [`analyze_with`], in the order they run; the progress callback receives the
/// stage's key with its 0-based index and `STAGES.len()`.
pub const STAGES: [&str; 9] = [
    "kpis",
    "segments",
    "funnel",
    "timeline",
    "retention",
    "comparison",
    "rules",
    "prediction",
    "recommendations",
];

/// Runs every analysis on a loaded dataset.
pub fn analyze(ds: &Dataset, validation: &Validation, opts: &AnalysisOptions) -> Report {
    analyze_with(ds, validation, opts, &mut |_, _, _| {})
}

/// The fast first stage alone: dataset summary, KPIs (overall and per session), the host
/// leaderboard and the session list. Every other section is `None`, so a page can show the
/// KPIs while [`analyze_with`] computes the rest. Its values equal those of the full report.
pub fn analyze_kpis(ds: &Dataset, validation: &Validation) -> Report {
    let base = kpi::KpiBase::new(ds);
    Report {
        version: REPORT_VERSION,
        generator: concat!("livelens ", env!("CARGO_PKG_VERSION")).to_owned(),
        dataset: DatasetSummary::of(ds),
        validation: validation.clone(),
        kpis: kpi::kpis_with(ds, &base),
        hosts: kpi::by_host(ds, &base),
        hosts_by_category: kpi::by_host_category(ds),
        sessions: timeline::session_list(ds),
        ..Report::default()
    }
}

/// [`analyze`], calling `progress(stage, index, STAGES.len())` before each stage of [`STAGES`]
/// and `progress("done", n, n)` at the end (for a progress bar; the result is the same).
pub fn analyze_with(
    ds: &Dataset,
    validation: &Validation,
    opts: &AnalysisOptions,
    progress: &mut dyn FnMut(&str, usize, usize),
) -> Report {
    let n = STAGES.len();
    let mut stage = |i: usize| progress(STAGES.get(i).copied().unwrap_or("done"), i, n);
    let mut s = Sections {
        skipped: Vec::new(),
    };
    stage(0);
    let base = kpi::KpiBase::new(ds);
    let kpis = kpi::kpis_with(ds, &base);
    let hosts = kpi::by_host(ds, &base);
    let hosts_by_category = kpi::by_host_category(ds);

    stage(1);
    let segments = if s.needs(ds, "segments", &[EventKind::Pay]) {
        let rfm = s.run("segments.rfm", rfm::rfm(ds, &opts.rfm));
        let clusters = s.run(
            "segments.clusters",
            cluster::cluster_with_visits(ds, &opts.cluster, base.visits()),
        );
        let (kpis_by_rfm, kpis_by_cluster) = segment_kpis(ds, rfm.as_ref(), clusters.as_ref());
        Some(Segments {
            rfm,
            clusters,
            kpis_by_rfm,
            kpis_by_cluster,
        })
    } else {
        None
    };

    stage(2);
    let funnel = if s.needs(
        ds,
        "funnel",
        &opts.funnel.steps[..1.min(opts.funnel.steps.len())],
    ) {
        let mut p = opts.funnel.clone();
        if let Some(kind) = opts.funnel_by_segment {
            match segment_labels(ds, segments.as_ref(), kind) {
                Some(labels) => p.breakdown = Breakdown::Segment(labels),
                None => s.skip(
                    "funnel",
                    "missing_segments",
                    "the segments could not be computed, so the funnel is not broken down by them"
                        .into(),
                ),
            }
        }
        s.run("funnel", funnel::funnel(ds, &p))
    } else {
        None
    };

    stage(3);
    let sessions = timeline::session_list(ds);
    let timeline = if ds.sessions.is_empty() {
        s.skip(
            "timeline",
            "missing_sessions",
            "needs a session id on the events (or a sessions table with start and end)".into(),
        );
        None
    } else {
        let session = match &opts.timeline_session {
            Some(id) => match ds.sessions.get(id) {
                Some(sid) => Some(sid),
                None => {
                    s.skip(
                        "timeline",
                        "params",
                        format!("there is no session \"{id}\""),
                    );
                    None
                }
            },
            None => None,
        };
        let p = TimelineParams {
            session,
            bucket_seconds: opts.timeline_bucket_seconds,
        };
        s.run("timeline", timeline::timeline(ds, &p))
    };

    stage(4);
    let retention = s.run("retention", retention::retention(ds, &opts.retention));

    stage(5);
    let comparison = match resolve_compare(ds, &hosts, opts.compare.as_ref()) {
        Ok(Some(p)) => s.run("comparison", compare::compare(ds, &p)),
        Ok(None) => None,
        Err(e) => {
            s.run::<()>("comparison", Err(e));
            None
        }
    };

    stage(6);
    let rules = if s.needs(ds, "rules", &[EventKind::Pay]) {
        let mut baskets = rules::baskets_from_dataset(ds, opts.rules.basket_by);
        label_items(ds, &mut baskets.items);
        let p = RulesParams {
            min_support: opts.rules.min_support,
            min_confidence: opts.rules.min_confidence,
            max_len: 10,
            max_rules: Some(opts.rules.max_rules.max(1)),
        };
        s.run("rules", rules::mine(&baskets, &p)).map(|r| {
            let bundles = rules::bundles(&r, 10);
            crate::report::RulesSection {
                basket_by: opts.rules.basket_by,
                result: r,
                bundles,
            }
        })
    } else {
        None
    };

    stage(7);
    let prediction = if s.needs(ds, "prediction", &[EventKind::Pay]) {
        s.run(
            "prediction",
            predict::predict_with_visits(ds, &opts.predict, base.visits()),
        )
    } else {
        None
    };

    stage(8);
    let (recommendations, evaluation) = if s.needs(ds, "recommendations", &[EventKind::Pay]) {
        match s.run("recommendations", recommend::recommend(ds, &opts.recommend)) {
            Some(mut r) => {
                let ev = r.evaluation.take();
                (Some(r), ev)
            }
            None => (None, None),
        }
    } else {
        (None, None)
    };

    stage(n);
    Report {
        version: REPORT_VERSION,
        generator: concat!("livelens ", env!("CARGO_PKG_VERSION")).to_owned(),
        dataset: DatasetSummary::of(ds),
        validation: validation.clone(),
        kpis,
        hosts,
        hosts_by_category,
        funnel,
        sessions,
        timeline,
        retention,
        comparison,
        rules,
        segments,
        probability_by_attribute: prediction
            .as_ref()
            .map(|p| crate::report::probability_by_attribute(ds, p))
            .unwrap_or_default(),
        prediction,
        recommendations,
        evaluation,
        skipped: s.skipped,
    }
}

/// Turns the user's named groups into ids; without a choice, compares the two hosts with most
/// viewers.
fn resolve_compare(
    ds: &Dataset,
    hosts: &[kpi::GroupKpis],
    choice: Option<&CompareChoice>,
) -> Result<Option<CompareParams>> {
    let Some(c) = choice else {
        let mut by_viewers: Vec<&kpi::GroupKpis> = hosts.iter().collect();
        by_viewers.sort_by(|a, b| {
            b.kpis
                .viewers
                .cmp(&a.kpis.viewers)
                .then(a.group.cmp(&b.group))
        });
        let ids: Vec<u32> = by_viewers
            .iter()
            .take(2)
            .filter_map(|h| ds.hosts.get(&h.group))
            .collect();
        return Ok(match ids[..] {
            [a, b] => Some(CompareParams {
                a: Group::Host(a),
                b: Group::Host(b),
                metric: CompareMetric::Conversion,
            }),
            _ => None,
        });
    };
    let group = |g: &GroupChoice| -> Result<Group> {
        Ok(match g {
            GroupChoice::Host(name) => Group::Host(
                ds.hosts
                    .get(name)
                    .filter(|&h| h != NONE)
                    .ok_or_else(|| Error::Params(format!("there is no host \"{name}\"")))?,
            ),
            GroupChoice::Sessions(ids) => Group::Sessions(
                ids.iter()
                    .map(|id| {
                        ds.sessions
                            .get(id)
                            .ok_or_else(|| Error::Params(format!("there is no session \"{id}\"")))
                    })
                    .collect::<Result<_>>()?,
            ),
            GroupChoice::Attribute { name, value } => Group::Attribute {
                name: name.clone(),
                value: value.clone(),
            },
        })
    };
    Ok(Some(CompareParams {
        a: group(&c.a)?,
        b: group(&c.b)?,
        metric: c.metric,
    }))
}

/// Person → segment label pairs for a funnel breakdown.
fn segment_labels(
    ds: &Dataset,
    segments: Option<&Segments>,
    kind: SegmentKind,
) -> Option<Vec<(u32, String)>> {
    let seg = segments?;
    let pairs: Vec<(u32, String)> = match kind {
        SegmentKind::Rfm => seg
            .rfm
            .as_ref()?
            .per_user
            .iter()
            .filter_map(|u| Some((ds.users.get(&u.user_id)?, u.segment.clone())))
            .collect(),
        SegmentKind::Cluster => seg
            .clusters
            .as_ref()?
            .per_user
            .iter()
            .filter_map(|u| {
                Some((
                    ds.users.get(&u.user_id)?,
                    format!("cluster {}", u.cluster + 1),
                ))
            })
            .collect(),
    };
    Some(pairs)
}

/// Product labels for people: `title (id)` when the products table gives a title, else the id.
fn label_items(ds: &Dataset, items: &mut [String]) {
    for (i, label) in items.iter_mut().enumerate() {
        let title = ds.item_info.get(i).map(|x| x.title.trim()).unwrap_or("");
        if !title.is_empty() && title != label.as_str() {
            *label = format!("{title} ({label})");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{load, FileKind, IngestOptions, InputFile};

    fn file(name: &str, kind: FileKind, text: &str) -> InputFile {
        InputFile::from_text(name, Some(kind), text)
    }

    #[test]
    fn rules_name_products_by_title_and_report_lists_attribute_values() {
        let events = "user_id,session_id,event,timestamp,item_id,order_id,amount
a,s1,pay,2026-10-01 20:00:00,p1,o1,10
a,s1,pay,2026-10-01 20:00:00,p2,o1,10
b,s1,pay,2026-10-01 20:01:00,p1,o2,10
b,s1,pay,2026-10-01 20:01:00,p2,o2,10
c,s1,pay,2026-10-01 20:02:00,p1,o3,10
";
        let items = "item_id,title,category\np1,Python 课,code\np2,,code\n";
        let users = "user_id,city\na,北京\nb,上海\nc,北京\n";
        let l = load(
            &[
                file("e.csv", FileKind::Events, events),
                file("i.csv", FileKind::Items, items),
                file("u.csv", FileKind::Users, users),
            ],
            &IngestOptions::default(),
        );
        let opts = AnalysisOptions {
            rules: RulesChoice {
                basket_by: BasketBy::Order,
                min_support: 0.1,
                min_confidence: 0.1,
                max_rules: 10,
            },
            ..AnalysisOptions::default()
        };
        let r = analyze(&l.dataset, &l.validation, &opts);
        let rules = &r.rules.as_ref().expect("rules").result.rules;
        let named: Vec<String> = rules
            .iter()
            .flat_map(|r| r.antecedent.iter().chain(&r.consequent).cloned())
            .collect();
        assert!(named.contains(&"Python 课 (p1)".to_string()), "{named:?}");
        assert!(named.contains(&"p2".to_string()), "{named:?}");
        assert_eq!(
            r.dataset.attribute_values,
            vec![("city".to_string(), vec!["北京".to_string(), "上海".into()])]
        );
        assert_eq!(r.hosts_by_category, Vec::new());
    }
}

/// KPIs per RFM segment (in the order of the segment table, then "no purchase") and per cluster.
fn segment_kpis(
    ds: &Dataset,
    rfm: Option<&crate::rfm::RfmResult>,
    clusters: Option<&crate::cluster::ClusterResult>,
) -> (Vec<GroupKpis>, Vec<GroupKpis>) {
    let n = ds.users.len();
    let by_rfm = rfm.map_or_else(Vec::new, |r| {
        let mut labels: Vec<String> = r.segments.iter().map(|s| s.name.clone()).collect();
        let none = labels.len() as u32;
        labels.push("no purchase".to_owned());
        let mut group = vec![Some(none); n];
        for u in &r.per_user {
            if let (Some(id), Some(g)) = (
                ds.users.get(&u.user_id),
                labels.iter().position(|l| *l == u.segment),
            ) {
                if let Some(slot) = group.get_mut(id as usize) {
                    *slot = Some(g as u32);
                }
            }
        }
        kpi::by_user_groups(ds, &group, &labels)
    });
    let by_cluster = clusters.map_or_else(Vec::new, |c| {
        let labels: Vec<String> = (0..c.k).map(|i| format!("cluster {}", i + 1)).collect();
        let mut group = vec![None; n];
        for u in &c.per_user {
            if let Some(id) = ds.users.get(&u.user_id) {
                if let Some(slot) = group.get_mut(id as usize) {
                    *slot = Some(u.cluster as u32);
                }
            }
        }
        kpi::by_user_groups(ds, &group, &labels)
    });
    (by_rfm, by_cluster)
}

/// Tests of the staged analysis (KPIs first, progress).
#[cfg(test)]
mod staged_tests {
    use super::*;
    use crate::ingest::{self, IngestOptions, InputFile};

    const EVENTS: &str = "user_id,session_id,event,timestamp,amount,item_id
u1,s1,enter,2026-10-01 20:00:00,,
u1,s1,click,2026-10-01 20:01:00,,p1
u1,s1,pay,2026-10-01 20:02:00,99,p1
u2,s1,enter,2026-10-01 20:00:30,,
u2,s1,leave,2026-10-01 20:10:00,,
u3,s2,enter,2026-10-02 20:00:00,,
u3,s2,pay,2026-10-02 20:05:00,10,p2
";

    fn loaded() -> ingest::Loaded {
        let file = InputFile {
            name: "events.csv".into(),
            bytes: EVENTS.as_bytes().to_vec(),
            ..InputFile::default()
        };
        ingest::load(&[file], &IngestOptions::default())
    }

    #[test]
    fn kpis_first_equal_the_full_reports_kpis() {
        let l = loaded();
        let quick = analyze_kpis(&l.dataset, &l.validation);
        let full = analyze(&l.dataset, &l.validation, &AnalysisOptions::default());
        assert_eq!(quick.kpis, full.kpis);
        assert_eq!(quick.hosts, full.hosts);
        assert_eq!(quick.hosts_by_category, full.hosts_by_category);
        assert_eq!(quick.sessions, full.sessions);
        assert_eq!(quick.dataset, full.dataset);
        assert_eq!(quick.kpis.overall.viewers, 3);
        assert!(quick.funnel.is_none() && quick.retention.is_none() && quick.rules.is_none());
        assert!(full.funnel.is_some());
    }

    #[test]
    fn progress_reports_every_stage_in_order_then_done() {
        let l = loaded();
        let mut seen: Vec<(String, usize, usize)> = Vec::new();
        let with = analyze_with(
            &l.dataset,
            &l.validation,
            &AnalysisOptions::default(),
            &mut |s, i, n| seen.push((s.to_owned(), i, n)),
        );
        let names: Vec<&str> = seen.iter().map(|(s, _, _)| s.as_str()).collect();
        let mut expected = STAGES.to_vec();
        expected.push("done");
        assert_eq!(names, expected);
        assert!(seen
            .iter()
            .enumerate()
            .all(|(k, (_, i, n))| *i == k && *n == STAGES.len()));
        // The callback does not change the result.
        let plain = analyze(&l.dataset, &l.validation, &AnalysisOptions::default());
        assert_eq!(with, plain);
    }

    #[test]
    fn empty_data_gives_an_empty_kpi_report() {
        let l = ingest::load(&[], &IngestOptions::default());
        let quick = analyze_kpis(&l.dataset, &l.validation);
        assert_eq!(quick.kpis.overall.viewers, 0);
        assert!(quick.kpis.by_session.is_empty());
    }
}

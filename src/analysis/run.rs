//! The orchestration: dataset → [`Prepared`] → every analysis, in [`STAGES`] order → [`Report`].
//! An analysis that cannot run on this data (events it needs are missing, settings that do not
//! fit) is listed in `report.skipped` with its reason instead of failing the whole report.

use crate::funnel::{self, Breakdown};
use crate::ingest::Validation;
use crate::kpi;
use crate::model::{Dataset, EventKind};
use crate::predict::{self, PredictResult};
use crate::recommend::{self, Evaluation, ModelKind, Recommendations};
use crate::report::{
    self, DatasetSummary, Report, RulesEcho, RulesSection, Segments, Skipped, REPORT_VERSION,
};
use crate::retention;
use crate::rules::{self, RulesParams};
use crate::timeline::{self, TimelineParams};
use crate::{cluster, comments, compare, rfm, Result};

use super::options::{AnalysisOptions, Section, SegmentKind};
use super::resolve::{label_items, resolve_compare, resolve_session, segment_kpis, segment_labels};
use super::review::review_stage;
use super::Prepared;

/// The stages of [`analyze`], in the order they run; the progress callback receives the
/// stage's key with its 0-based index and `STAGES.len()`.
pub const STAGES: [&str; 12] = [
    "kpis",
    "segments",
    "funnel",
    "timeline",
    "retention",
    "comparison",
    "rules",
    "prediction",
    "recommendations",
    "comments",
    "interactions",
    "review",
];

/// A progress callback that ignores the progress: `analyze(ds, v, opts, &mut no_progress)`.
pub fn no_progress(_stage: &str, _index: usize, _total: usize) {}

/// Runs every analysis on a loaded dataset, calling `progress(stage, index, STAGES.len())`
/// before each stage of [`STAGES`] and `progress("done", n, n)` at the end (for a progress bar;
/// the result does not depend on it). The shared tables are built once ([`Prepared`]).
pub fn analyze(
    ds: &Dataset,
    validation: &Validation,
    opts: &AnalysisOptions,
    progress: &mut dyn FnMut(&str, usize, usize),
) -> Report {
    let n = STAGES.len();
    let mut stage = |i: usize| progress(STAGES.get(i).copied().unwrap_or("done"), i, n);
    let prep = Prepared::new(ds);
    let mut s = Sections::default();
    // Person-level analyses read only the persons with a buyer id (an order without one is no
    // person); with no buyer id at all they are skipped with `no_buyer_id`.
    let buyers = buyer_ids(ds);
    let known_ds: Dataset;
    let person_prep = match buyers {
        BuyerIds::Mixed => {
            known_ds = ds.with_users(|u| !ds.is_pseudo_user(u));
            Prepared::new(&known_ds)
        }
        _ => Prepared::new(ds),
    };
    let persons = buyers != BuyerIds::None;

    let want = |sec: Section| opts.wants(sec);
    stage(0);
    let (kpis, hosts, hosts_by_category) = match want(Section::Kpis) {
        true => (
            kpi::kpis(&prep),
            kpi::by_host(&prep),
            kpi::by_host_category(&prep),
        ),
        false => {
            s.not_selected::<()>(Section::Kpis);
            Default::default()
        }
    };
    stage(1);
    // Segments are also computed (not reported) when the funnel or the hosts per segment of
    // the recommendations need them, so that those sections keep their figures.
    let needed = (want(Section::Funnel) && opts.funnel_by_segment.is_some())
        || (want(Section::Recommendations) && opts.recommend.segments.is_none());
    let segments = match (want(Section::Segments), needed) {
        (false, false) => {
            s.not_selected::<()>(Section::Segments);
            None
        }
        (reported, _) => {
            let mut quiet = Sections::default();
            let into = if reported { &mut s } else { &mut quiet };
            if persons {
                segments(&person_prep, opts, into)
            } else {
                into.no_buyer_id("segments");
                None
            }
        }
    };
    stage(2);
    let funnel = match want(Section::Funnel) {
        true => funnel_stage(&prep, opts, segments.as_ref(), &mut s),
        false => s.not_selected(Section::Funnel),
    };
    stage(3);
    let sessions = match want(Section::Kpis) || want(Section::Timeline) {
        true => timeline::session_list(&prep),
        false => Vec::new(),
    };
    let timeline = match want(Section::Timeline) {
        true => timeline_stage(&prep, opts, &mut s),
        false => s.not_selected(Section::Timeline),
    };
    stage(4);
    let retention = if !want(Section::Retention) {
        s.not_selected(Section::Retention)
    } else if persons {
        s.run(
            "retention",
            retention::retention(&person_prep, &opts.retention),
        )
    } else {
        s.no_buyer_id("retention");
        None
    };
    stage(5);
    let comparison = if !want(Section::Comparison) {
        s.not_selected(Section::Comparison)
    } else {
        // The groups are named by the hosts with most viewers (the host leaderboard).
        let by_host;
        let hosts_ref = match want(Section::Kpis) {
            true => &hosts,
            false => {
                by_host = kpi::by_host(&prep);
                &by_host
            }
        };
        match resolve_compare(ds, hosts_ref, opts.compare.as_ref()) {
            Ok(Some(p)) => s.run("comparison", compare::compare(&prep, &p)),
            Ok(None) => None,
            Err(e) => {
                s.run::<()>("comparison", Err(e));
                None
            }
        }
    };
    stage(6);
    let rules = match want(Section::Rules) {
        true => rules_stage(&prep, opts, &mut s),
        false => s.not_selected(Section::Rules),
    };
    stage(7);
    let prediction = if !want(Section::Prediction) {
        s.not_selected(Section::Prediction)
    } else if persons {
        prediction_stage(&person_prep, opts, &mut s)
    } else {
        s.no_buyer_id("prediction");
        None
    };
    stage(8);
    let (mut recommendations, evaluation) = if !want(Section::Recommendations) {
        s.not_selected::<()>(Section::Recommendations);
        (None, None)
    } else if persons {
        recommendations_stage(&person_prep, opts, &mut s)
    } else {
        s.no_buyer_id("recommendations");
        (None, None)
    };
    if let Some(recs) = recommendations.as_mut() {
        hosts_per_segment(&person_prep, opts, segments.as_ref(), recs);
    }
    // The person tables (features, interaction matrix, purchases) are not read after this:
    // freed before the comments (issue #13, memory).
    drop(person_prep);
    let segments = segments.filter(|_| want(Section::Segments));

    stage(9);
    let comments = match want(Section::Comments) {
        true => comments_stage(ds, opts, timeline.as_ref(), &mut s),
        false => s.not_selected(Section::Comments),
    };
    stage(10);
    let room = match want(Section::Interactions) {
        true => room_stage(&prep, &mut s),
        false => {
            s.not_selected::<()>(Section::Interactions);
            Room::default()
        }
    };
    stage(11);
    let review = match want(Section::Review) {
        true => {
            // The review compares sessions: it needs the per-session KPIs even when the KPI
            // section itself was not asked for.
            let by_session_alone;
            let by_session = match want(Section::Kpis) {
                true => &kpis.by_session,
                false => {
                    by_session_alone = kpi::kpis(&prep).by_session;
                    &by_session_alone
                }
            };
            let sections = crate::review::ReviewSections {
                comments: comments.as_ref().and_then(|c| serde_json::to_value(c).ok()),
                interactions: room
                    .interactions
                    .as_ref()
                    .and_then(|c| serde_json::to_value(c).ok()),
                traffic: room
                    .traffic
                    .as_ref()
                    .and_then(|c| serde_json::to_value(c).ok()),
            };
            s.run(
                "review",
                review_stage(
                    &prep,
                    by_session,
                    opts.review_session.as_deref(),
                    &opts.funnel,
                    timeline.as_ref(),
                    opts.timeline_bucket_seconds,
                    Some(&sections),
                ),
            )
        }
        false => s.not_selected(Section::Review),
    };

    stage(n);
    Report {
        version: REPORT_VERSION,
        generator: generator(),
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
            .map(|p| report::probability_by_attribute(ds, p))
            .unwrap_or_default(),
        prediction,
        recommendations,
        evaluation,
        comments,
        interactions: room.interactions,
        traffic: room.traffic,
        time_slots: room.time_slots,
        review,
        skipped: s.skipped,
    }
}

/// The sections of the room around the sales: interaction tools, traffic sources, time slots.
#[derive(Default)]
struct Room {
    interactions: Option<crate::interactions::Interactions>,
    traffic: Option<crate::traffic::Traffic>,
    time_slots: Option<crate::timeslots::TimeSlots>,
}

fn room_stage(prep: &Prepared, s: &mut Sections) -> Room {
    let ds = prep.ds();
    let mut room = Room::default();
    let tools = [
        EventKind::LotteryJoin,
        EventKind::LotteryWin,
        EventKind::PollVote,
        EventKind::CouponClaim,
        EventKind::CouponUse,
        EventKind::Question,
        EventKind::Answer,
    ];
    if tools.iter().any(|&k| ds.has_kind(k)) {
        room.interactions = s.run("interactions", crate::interactions::interactions(prep));
    } else {
        s.skip(
            "interactions",
            "missing_events",
            "needs interaction-tool events (lottery_join, poll_vote, coupon_claim, question…), which this data does not have".into(),
        );
    }
    if ds.events.extra.source.is_empty() {
        s.skip(
            "interactions.traffic",
            "missing_column",
            "needs a traffic-source column on the enter rows (source, channel, 流量来源…)".into(),
        );
    } else if s.needs(ds, "interactions.traffic", &[EventKind::Enter]) {
        room.traffic = s.run("interactions.traffic", crate::traffic::traffic(prep));
    }
    if ds.sessions.is_empty() {
        s.skip(
            "interactions.time_slots",
            "missing_sessions",
            "needs a session id on the events (or a sessions table with start and end)".into(),
        );
    } else if s.needs(ds, "interactions.time_slots", &[EventKind::Enter]) {
        room.time_slots = s.run(
            "interactions.time_slots",
            crate::timeslots::time_slots(prep),
        );
    }
    room
}

/// The fast first stage alone: dataset summary, KPIs (overall and per session), the host
/// leaderboard and the session list. Every other section is `None`, so a page can show the
/// KPIs while [`analyze`] computes the rest. Its values equal those of the full report.
pub fn analyze_kpis(ds: &Dataset, validation: &Validation) -> Report {
    let prep = Prepared::new(ds);
    Report {
        version: REPORT_VERSION,
        generator: generator(),
        dataset: DatasetSummary::of(ds),
        validation: validation.clone(),
        kpis: kpi::kpis(&prep),
        hosts: kpi::by_host(&prep),
        hosts_by_category: kpi::by_host_category(&prep),
        sessions: timeline::session_list(&prep),
        ..Report::default()
    }
}

fn generator() -> String {
    concat!("livelens ", env!("CARGO_PKG_VERSION")).to_owned()
}

/// RFM segments, behavioural clusters and the KPI table of each.
fn segments(prep: &Prepared, opts: &AnalysisOptions, s: &mut Sections) -> Option<Segments> {
    if !s.needs(prep.ds(), "segments", &[EventKind::Pay]) {
        return None;
    }
    let rfm = s.run("segments.rfm", rfm::rfm(prep, &opts.rfm));
    let clusters = s.run("segments.clusters", cluster::cluster(prep, &opts.cluster));
    let (kpis_by_rfm, kpis_by_cluster) = segment_kpis(prep, rfm.as_ref(), clusters.as_ref());
    Some(Segments {
        rfm,
        clusters,
        kpis_by_rfm,
        kpis_by_cluster,
    })
}

/// The funnel, broken down by segment when asked (and the segments could be computed).
fn funnel_stage(
    prep: &Prepared,
    opts: &AnalysisOptions,
    segments: Option<&Segments>,
    s: &mut Sections,
) -> Option<funnel::FunnelResult> {
    let first_step = &opts.funnel.steps[..1.min(opts.funnel.steps.len())];
    if !s.needs(prep.ds(), "funnel", first_step) {
        return None;
    }
    let mut p = opts.funnel.clone();
    if let Some(kind) = opts.funnel_by_segment {
        match segment_labels(prep.ds(), segments, kind) {
            Some(labels) => p.breakdown = Breakdown::Segment(labels),
            None => s.skip(
                "funnel",
                "missing_segments",
                "the segments could not be computed, so the funnel is not broken down by them"
                    .into(),
            ),
        }
    }
    s.run("funnel", funnel::funnel(prep, &p))
}

/// The timeline of the chosen session (an unknown session is reported, and the default used).
fn timeline_stage(
    prep: &Prepared,
    opts: &AnalysisOptions,
    s: &mut Sections,
) -> Option<timeline::Timeline> {
    let ds = prep.ds();
    if ds.sessions.is_empty() {
        s.skip(
            "timeline",
            "missing_sessions",
            "needs a session id on the events (or a sessions table with start and end)".into(),
        );
        return None;
    }
    let session = resolve_session(ds, opts.timeline_session.as_deref()).unwrap_or_else(|m| {
        s.skip("timeline", "params", m);
        None
    });
    let p = TimelineParams {
        session,
        bucket_seconds: opts.timeline_bucket_seconds,
    };
    s.run("timeline", timeline::timeline(prep, &p))
}

/// Association rules over baskets of paid products, with product titles, and bundles.
fn rules_stage(prep: &Prepared, opts: &AnalysisOptions, s: &mut Sections) -> Option<RulesSection> {
    let ds = prep.ds();
    if !s.needs(ds, "rules", &[EventKind::Pay]) {
        return None;
    }
    let mut baskets = rules::baskets_from_dataset(ds, opts.rules.basket_by);
    label_items(ds, &mut baskets.items);
    let p = RulesParams {
        min_support: opts.rules.min_support,
        min_confidence: opts.rules.min_confidence,
        max_len: 10,
        max_rules: Some(opts.rules.max_rules.max(1)),
    };
    let result = s.run("rules", rules::mine(&baskets, &p))?;
    Some(RulesSection {
        params: RulesEcho {
            basket_by: opts.rules.basket_by,
            min_support: p.min_support,
            min_confidence: p.min_confidence,
            max_len: p.max_len,
            max_rules: opts.rules.max_rules.max(1),
        },
        basket_by: opts.rules.basket_by,
        bundles: rules::bundles(&result, 10),
        result,
    })
}

/// Comments: intents, questions, objections and phrases (the per-minute view follows the
/// timeline's session).
fn comments_stage(
    ds: &Dataset,
    opts: &AnalysisOptions,
    timeline: Option<&timeline::Timeline>,
    s: &mut Sections,
) -> Option<comments::CommentsSection> {
    if !ds.has_kind(EventKind::Comment) && !ds.has_kind(EventKind::Question) {
        s.skip(
            "comments",
            "missing_events",
            "needs comment events, which this data does not have".into(),
        );
        return None;
    }
    let p = comments::CommentsParams {
        over_time_session: timeline.and_then(|t| ds.sessions.get(&t.session_id)),
        bucket_seconds: opts.timeline_bucket_seconds,
        ..comments::CommentsParams::default()
    };
    s.run("comments", comments::section(ds, &p))
}

fn prediction_stage(
    prep: &Prepared,
    opts: &AnalysisOptions,
    s: &mut Sections,
) -> Option<PredictResult> {
    if !s.needs(prep.ds(), "prediction", &[EventKind::Pay]) {
        return None;
    }
    s.run("prediction", predict::predict(prep, &opts.predict))
}

/// The offline evaluation (only when the model is to be chosen by it), then the
/// recommendations with the model it chose.
fn recommendations_stage(
    prep: &Prepared,
    opts: &AnalysisOptions,
    s: &mut Sections,
) -> (Option<Recommendations>, Option<Evaluation>) {
    if !s.needs(prep.ds(), "recommendations", &[EventKind::Pay]) {
        return (None, None);
    }
    let p = &opts.recommend;
    let evaluation = match p.model {
        Some(_) => Ok(None),
        None => p
            .validate()
            .and_then(|()| recommend::evaluate(prep, p, &ModelKind::ALL))
            .map(Some),
    };
    let Some(evaluation) = s.run("recommendations", evaluation) else {
        return (None, None);
    };
    let recs = s.run(
        "recommendations",
        recommend::recommend(prep, p, evaluation.as_ref()),
    );
    (recs, evaluation)
}

/// Whether the payments carry buyer ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BuyerIds {
    /// Every payment has a buyer id (or there are no payments).
    All,
    /// Some payments have none.
    Mixed,
    /// No payment has one.
    None,
}

fn buyer_ids(ds: &Dataset) -> BuyerIds {
    if !ds.pseudo_users.iter().any(|&p| p) {
        return BuyerIds::All;
    }
    let e = &ds.events;
    let (mut with, mut without) = (false, false);
    for (k, &u) in e.kind.iter().zip(&e.user) {
        if *k == EventKind::Pay {
            if ds.is_pseudo_user(u) {
                without = true;
            } else {
                with = true;
            }
        }
    }
    match (with, without) {
        (_, false) => BuyerIds::All,
        (true, true) => BuyerIds::Mixed,
        (false, true) => BuyerIds::None,
    }
}

/// Hosts per RFM segment and per cluster (unless the options give their own segments): every
/// viewer first, then one row per group with enough persons; the others in `hosts_too_small`.
fn hosts_per_segment(
    prep: &Prepared,
    opts: &AnalysisOptions,
    segments: Option<&Segments>,
    recs: &mut Recommendations,
) {
    if opts.recommend.segments.is_some() {
        return;
    }
    let ds = prep.ds();
    let mut groups: Vec<(u32, String, &'static str)> = Vec::new();
    for (kind, grouping) in [(SegmentKind::Rfm, "rfm"), (SegmentKind::Cluster, "cluster")] {
        if let Some(pairs) = segment_labels(ds, segments, kind) {
            groups.extend(pairs.into_iter().map(|(u, l)| (u, l, grouping)));
        }
    }
    if groups.is_empty() {
        return;
    }
    let (rows, small) = recommend::creators::hosts_for_groups(prep, &opts.recommend, &groups);
    recs.hosts = rows;
    recs.hosts_too_small = small;
}

/// Collects skipped sections.
#[derive(Default)]
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

    /// A section the options did not ask for (`None` for its value).
    fn not_selected<T>(&mut self, section: Section) -> Option<T> {
        self.skip(
            section.key(),
            "not_selected",
            "not among the sections asked for".into(),
        );
        None
    }

    /// A person-level section skipped because no payment has a buyer id.
    fn no_buyer_id(&mut self, section: &str) {
        self.skip(
            section,
            "no_buyer_id",
            "needs a buyer id on the orders, which this export does not have (the Douyin shop export masks buyers); GMV, orders, products, bundles by order and time slots are computed without one".into(),
        );
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

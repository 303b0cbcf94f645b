//! The stages of [`super::analyze`] one by one: each section's checks (events it needs,
//! settings that fit) and its computation, and the [`Sections`] that collects the skipped ones.

use crate::funnel::{self, Breakdown};
use crate::model::{Dataset, EventKind};
use crate::predict::{self, PredictResult};
use crate::recommend::{self, Evaluation, ModelKind, Recommendations};
use crate::report::{RulesEcho, RulesSection, Segments, Skipped};
use crate::rules::{self, RulesParams};
use crate::timeline::{self, TimelineParams};
use crate::{cluster, comments, rfm, Result};

use super::options::{AnalysisOptions, Section, SegmentKind};
use super::resolve::{label_items, resolve_session, segment_kpis, segment_labels};
use super::Prepared;

/// The sections of the room around the sales: interaction tools, traffic sources, time slots.
#[derive(Default)]
pub(super) struct Room {
    pub(super) interactions: Option<crate::interactions::Interactions>,
    pub(super) traffic: Option<crate::traffic::Traffic>,
    pub(super) time_slots: Option<crate::timeslots::TimeSlots>,
}

pub(super) fn room_stage(prep: &Prepared, s: &mut Sections) -> Room {
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

/// RFM segments, behavioural clusters and the KPI table of each.
pub(super) fn segments(
    prep: &Prepared,
    opts: &AnalysisOptions,
    s: &mut Sections,
) -> Option<Segments> {
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
pub(super) fn funnel_stage(
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
pub(super) fn timeline_stage(
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
pub(super) fn rules_stage(
    prep: &Prepared,
    opts: &AnalysisOptions,
    s: &mut Sections,
) -> Option<RulesSection> {
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
pub(super) fn comments_stage(
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

pub(super) fn prediction_stage(
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
pub(super) fn recommendations_stage(
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
pub(super) enum BuyerIds {
    /// Every payment has a buyer id (or there are no payments).
    All,
    /// Some payments have none.
    Mixed,
    /// No payment has one.
    None,
}

pub(super) fn buyer_ids(ds: &Dataset) -> BuyerIds {
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
/// `None`: the recommendations keep their own rows.
pub(super) fn hosts_per_segment(
    prep: &Prepared,
    opts: &AnalysisOptions,
    segments: Option<&Segments>,
) -> Option<(
    Vec<recommend::SegmentHosts>,
    Vec<recommend::creators::SmallSegment>,
)> {
    if opts.recommend.segments.is_some() {
        return None;
    }
    let ds = prep.ds();
    let mut groups: Vec<(u32, String, &'static str)> = Vec::new();
    for (kind, grouping) in [(SegmentKind::Rfm, "rfm"), (SegmentKind::Cluster, "cluster")] {
        if let Some(pairs) = segment_labels(ds, segments, kind) {
            groups.extend(pairs.into_iter().map(|(u, l)| (u, l, grouping)));
        }
    }
    if groups.is_empty() {
        return None;
    }
    Some(recommend::creators::hosts_for_groups(
        prep,
        &opts.recommend,
        &groups,
    ))
}

/// Collects skipped sections.
#[derive(Default)]
pub(super) struct Sections {
    pub(super) skipped: Vec<Skipped>,
}

impl Sections {
    pub(super) fn run<T>(&mut self, section: &str, r: Result<T>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.skip(section, e.code(), e.to_string());
                None
            }
        }
    }

    pub(super) fn skip(&mut self, section: &str, code: &str, message: String) {
        self.skipped.push(Skipped {
            section: section.to_owned(),
            code: code.to_owned(),
            message,
        });
    }

    /// A section the options did not ask for (`None` for its value).
    pub(super) fn not_selected<T>(&mut self, section: Section) -> Option<T> {
        self.skip(
            section.key(),
            "not_selected",
            "not among the sections asked for".into(),
        );
        None
    }

    /// A person-level section skipped because no payment has a buyer id.
    pub(super) fn no_buyer_id(&mut self, section: &str) {
        self.skip(
            section,
            "no_buyer_id",
            "needs a buyer id on the orders, which this export does not have (the Douyin shop export masks buyers); GMV, orders, products, bundles by order and time slots are computed without one".into(),
        );
    }

    /// Fails with a `missing_events` entry when the data has none of `kinds`.
    pub(super) fn needs(&mut self, ds: &Dataset, section: &str, kinds: &[EventKind]) -> bool {
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

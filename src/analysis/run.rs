//! The orchestration: dataset → [`Prepared`] → every analysis → [`Report`]. The sections are
//! tasks ([`Task`]) that put their results on a [`Board`]: on one thread they run in [`STAGES`]
//! order; with several (natively), each thread takes the next task in [`PICK`] order (longest
//! first), a task waiting for the sections it reads. The report is assembled in the fixed
//! order, so it is the same on any thread count. An analysis that cannot run on this data
//! (events it needs are missing, settings that do not fit) is listed in `report.skipped` with
//! its reason instead of failing the whole report.

use crate::funnel::FunnelResult;
use crate::ingest::Validation;
use crate::kpi::{self, GroupKpis, HostCategory, KpiReport};
use crate::model::Dataset;
use crate::predict::PredictResult;
use crate::recommend::creators::SmallSegment;
use crate::recommend::{Evaluation, Recommendations, SegmentHosts};
use crate::report::{
    self, DatasetSummary, Report, RulesSection, Segments, Skipped, REPORT_VERSION,
};
use crate::retention::RetentionResult;
use crate::timeline::{self, SessionSummary, Timeline};
use crate::{comments, compare, retention};

use super::options::{AnalysisOptions, Section};
use super::par::{self, Board, Slot};
use super::resolve::resolve_compare;
use super::review::review_stage;
use super::stages::{self, BuyerIds, Room, Sections};
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

/// The tasks: one per stage of [`STAGES`], the hosts per segment of the recommendations
/// (which read the segments), and the dataset's summary at the head of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Task {
    Kpis,
    Segments,
    Funnel,
    Timeline,
    Retention,
    Comparison,
    Rules,
    Prediction,
    Recommendations,
    HostsPerSegment,
    Comments,
    Interactions,
    Review,
    Summary,
}

/// The tasks on one thread, each after those it reads: [`STAGES`] order (with the stage
/// index the progress callback is given).
const SERIAL: [(Task, Option<usize>); 14] = [
    (Task::Kpis, Some(0)),
    (Task::Segments, Some(1)),
    (Task::Funnel, Some(2)),
    (Task::Timeline, Some(3)),
    (Task::Retention, Some(4)),
    (Task::Comparison, Some(5)),
    (Task::Rules, Some(6)),
    (Task::Prediction, Some(7)),
    (Task::Recommendations, Some(8)),
    (Task::HostsPerSegment, None),
    (Task::Comments, Some(9)),
    (Task::Interactions, Some(10)),
    (Task::Review, Some(11)),
    (Task::Summary, None),
];

/// The order the threads take the tasks in. The recommendations first (≫ the others: about two
/// thirds of the one-thread time on the medium demo, with their own per-person work on the
/// threads); every other task runs on the other thread beside them, so the order of those is
/// chosen for memory (issue #13): the comments (whose lists of every comment and question are
/// the largest working set after the recommendations') and the review run first, while the
/// recommendations are still building their tables, and the segments (KPIs per group) and the
/// funnel after them; each task comes after those it reads (the comments read the timeline; the review the
/// KPIs, the timeline, the comments and the interactions; the funnel and the hosts per segment
/// the segments). On the medium demo with two threads this order lowered the whole report's
/// peak RSS by about 4.5 MB against the longest-first order, at the same time
/// (docs/benchmarks.md, "Peak memory on both cores (g13-mem)"). The dataset's summary (a few
/// passes over the events, ~6 ms on a million) last: taken by the first thread left without
/// work, where it was a serial step after every task (with `--sections kpis`, while the other
/// thread still ends the KPIs).
const PICK: [Task; 14] = [
    Task::Recommendations,
    Task::Timeline,
    Task::Comments,
    Task::Kpis,
    Task::Interactions,
    Task::Review,
    Task::Segments,
    Task::Funnel,
    Task::Comparison,
    Task::Prediction,
    Task::Retention,
    Task::Rules,
    Task::HostsPerSegment,
    Task::Summary,
];

/// Runs every analysis on a loaded dataset, calling `progress(stage, index, STAGES.len())`
/// before each stage of [`STAGES`] and `progress("done", n, n)` at the end (for a progress bar;
/// the result does not depend on it). The shared tables are built once ([`Prepared`]). One
/// thread: [`analyze_on`] with 1.
pub fn analyze(
    ds: &Dataset,
    validation: &Validation,
    opts: &AnalysisOptions,
    progress: &mut dyn FnMut(&str, usize, usize),
) -> Report {
    analyze_on(ds, validation, opts, 1, progress)
}

/// [`analyze`] on up to `threads` threads (natively; one in wasm32): the sections computed
/// side by side, and the largest ones' per-person work split over the threads; the report is
/// the same as one thread's. With more than one thread, `progress` is called for the first
/// stage before any work, then for each other stage once all are done.
pub fn analyze_on(
    ds: &Dataset,
    validation: &Validation,
    opts: &AnalysisOptions,
    threads: usize,
    progress: &mut dyn FnMut(&str, usize, usize),
) -> Report {
    analyze_reusing(ds, validation, opts, threads, progress, None)
}

/// [`analyze_on`] with `known`, segments computed earlier on the same dataset with the same
/// options (the page's held report, whose heavy sections are computed view by view): when the
/// funnel or the hosts per segment of the recommendations need the segments and the segments
/// are not among the sections asked for, `known` serves instead of computing them again. The
/// segments are deterministic, so the report is the same as without `known`. Segments that are
/// asked for are always computed.
// Not inlined: the page's engine calls it from two places, and the whole run inlined twice
// would cost the wasm several KB.
#[inline(never)]
pub fn analyze_reusing(
    ds: &Dataset,
    validation: &Validation,
    opts: &AnalysisOptions,
    threads: usize,
    progress: &mut dyn FnMut(&str, usize, usize),
    known: Option<&Segments>,
) -> Report {
    let threads = par::usable(threads);
    let n = STAGES.len();
    let mut stage = |i: usize| progress(STAGES.get(i).copied().unwrap_or("done"), i, n);
    let prep = Prepared::new(ds).with_threads(threads);
    // Person-level analyses read only the persons with a buyer id (an order without one is no
    // person); with no buyer id at all they are skipped with `no_buyer_id`.
    let buyers = stages::buyer_ids(ds);
    let known_ds: Dataset;
    let person_prep = match buyers {
        BuyerIds::Mixed => {
            known_ds = ds.with_users(|u| !ds.is_pseudo_user(u));
            Prepared::new(&known_ds).with_threads(threads)
        }
        // The same dataset: its visits and KPI base are `prep`'s (held once).
        _ => Prepared::sharing(&prep),
    };
    let mut run = Run {
        prep: &prep,
        person_prep: Some(person_prep),
        persons: buyers != BuyerIds::None,
        opts,
        known,
        board: Board::default(),
        out: Out::default(),
    };
    if threads < 2 {
        for &(task, index) in &SERIAL {
            if let Some(i) = index {
                stage(i);
            }
            run.task(task);
            if task == Task::HostsPerSegment {
                // The person tables (features, interaction matrix, purchases) are not read
                // after this: freed before the comments.
                run.person_prep = None;
            }
        }
    } else {
        stage(0);
        let order: Vec<usize> = PICK
            .iter()
            .filter_map(|p| SERIAL.iter().position(|(t, _)| t == p))
            .collect();
        let task = |t: usize| {
            if let Some(&(task, _)) = SERIAL.get(t) {
                run.task(task);
            }
        };
        par::run_tasks(threads, &order, &run.board, &task);
        (1..n).for_each(&mut stage);
    }
    let Run { out, .. } = run;
    stage(n);
    out.report(ds, validation, opts)
}

/// What the tasks share.
struct Run<'a> {
    prep: &'a Prepared<'a>,
    /// The tables of the persons with a buyer id (all persons, unless some payments have none).
    /// Dropped on one thread once the last task reading it has run (memory, issue #13).
    person_prep: Option<Prepared<'a>>,
    /// Whether any payment has a buyer id.
    persons: bool,
    opts: &'a AnalysisOptions,
    /// Segments computed earlier with the same options ([`analyze_reusing`]).
    known: Option<&'a Segments>,
    board: Board,
    out: Out,
}

/// Each task's result, and the sections it skipped (in [`SERIAL`] order).
#[derive(Default)]
struct Out {
    kpis: Slot<(KpiReport, Vec<GroupKpis>, Vec<HostCategory>)>,
    /// Computed when reported, or when the funnel or the hosts per segment need them.
    segments: Slot<Option<Segments>>,
    funnel: Slot<Option<FunnelResult>>,
    timeline: Slot<(Vec<SessionSummary>, Option<Timeline>)>,
    retention: Slot<Option<RetentionResult>>,
    comparison: Slot<Option<compare::Comparison>>,
    rules: Slot<Option<RulesSection>>,
    prediction: Slot<Option<PredictResult>>,
    recommendations: Slot<(Option<Recommendations>, Option<Evaluation>)>,
    hosts: Slot<Option<(Vec<SegmentHosts>, Vec<SmallSegment>)>>,
    comments: Slot<Option<comments::CommentsSection>>,
    room: Slot<Room>,
    review: Slot<Option<crate::review::Review>>,
    summary: Slot<DatasetSummary>,
    skipped: [Slot<Vec<Skipped>>; SERIAL.len()],
}

impl Run<'_> {
    fn want(&self, sec: Section) -> bool {
        self.opts.wants(sec)
    }

    /// The person tables (of the persons with a buyer id); read only by the tasks before
    /// [`Task::HostsPerSegment`] in [`SERIAL`], so always there for them.
    fn person(&self) -> &Prepared<'_> {
        self.person_prep.as_ref().unwrap_or(self.prep)
    }

    fn put<T>(&self, slot: &Slot<T>, v: T) {
        self.board.put(slot, v);
    }

    fn get<'s, T>(&'s self, slot: &'s Slot<T>) -> &'s T {
        self.board.get(slot)
    }

    /// The segments the funnel and the hosts per segment read: those computed, else those
    /// known ([`analyze_reusing`]).
    fn segments_read(&self) -> Option<&Segments> {
        self.get(&self.out.segments).as_ref().or(self.known)
    }

    /// Runs `task`, putting its result and its skipped sections.
    fn task(&self, task: Task) {
        let (prep, opts, o) = (self.prep, self.opts, &self.out);
        let mut s = Sections::default();
        match task {
            Task::Kpis => {
                let v = match self.want(Section::Kpis) {
                    true => (
                        kpi::kpis(prep),
                        kpi::by_host(prep),
                        kpi::by_host_category(prep),
                    ),
                    false => {
                        s.not_selected::<()>(Section::Kpis);
                        Default::default()
                    }
                };
                self.put(&o.kpis, v);
            }
            Task::Segments => self.put(&o.segments, self.segments(&mut s)),
            Task::Funnel => {
                let v = match self.want(Section::Funnel) {
                    true => {
                        // Only a breakdown by segment reads them.
                        let segments = match opts.funnel_by_segment {
                            Some(_) => self.segments_read(),
                            None => None,
                        };
                        stages::funnel_stage(prep, opts, segments, &mut s)
                    }
                    false => s.not_selected(Section::Funnel),
                };
                self.put(&o.funnel, v);
            }
            Task::Timeline => {
                let sessions = match self.want(Section::Kpis) || self.want(Section::Timeline) {
                    true => timeline::session_list(prep),
                    false => Vec::new(),
                };
                let timeline = match self.want(Section::Timeline) {
                    true => stages::timeline_stage(prep, opts, &mut s),
                    false => s.not_selected(Section::Timeline),
                };
                self.put(&o.timeline, (sessions, timeline));
            }
            Task::Retention => {
                let v = if !self.want(Section::Retention) {
                    s.not_selected(Section::Retention)
                } else if self.persons {
                    s.run(
                        "retention",
                        retention::retention(self.person(), &opts.retention),
                    )
                } else {
                    s.no_buyer_id("retention");
                    None
                };
                self.put(&o.retention, v);
            }
            Task::Comparison => self.put(&o.comparison, self.comparison(&mut s)),
            Task::Rules => {
                let v = match self.want(Section::Rules) {
                    true => stages::rules_stage(prep, opts, &mut s),
                    false => s.not_selected(Section::Rules),
                };
                self.put(&o.rules, v);
            }
            Task::Prediction => {
                let v = if !self.want(Section::Prediction) {
                    s.not_selected(Section::Prediction)
                } else if self.persons {
                    stages::prediction_stage(self.person(), opts, &mut s)
                } else {
                    s.no_buyer_id("prediction");
                    None
                };
                self.put(&o.prediction, v);
            }
            Task::Recommendations => {
                let v = if !self.want(Section::Recommendations) {
                    s.not_selected::<()>(Section::Recommendations);
                    (None, None)
                } else if self.persons {
                    stages::recommendations_stage(self.person(), opts, &mut s)
                } else {
                    s.no_buyer_id("recommendations");
                    (None, None)
                };
                self.put(&o.recommendations, v);
            }
            Task::HostsPerSegment => {
                let v = match &self.get(&o.recommendations).0 {
                    Some(_) => {
                        let segments = self.segments_read();
                        stages::hosts_per_segment(self.person(), opts, segments)
                    }
                    None => None,
                };
                self.put(&o.hosts, v);
            }
            Task::Comments => {
                let v = match self.want(Section::Comments) {
                    true => {
                        let timeline = self.get(&o.timeline).1.as_ref();
                        stages::comments_stage(prep.ds(), opts, timeline, &mut s)
                    }
                    false => s.not_selected(Section::Comments),
                };
                self.put(&o.comments, v);
            }
            Task::Interactions => {
                let v = match self.want(Section::Interactions) {
                    true => stages::room_stage(prep, &mut s),
                    false => {
                        s.not_selected::<()>(Section::Interactions);
                        Room::default()
                    }
                };
                self.put(&o.room, v);
            }
            Task::Review => self.put(&o.review, self.review(&mut s)),
            Task::Summary => self.put(&o.summary, DatasetSummary::of(prep.ds())),
        }
        let t = SERIAL.iter().position(|&(t, _)| t == task);
        if let Some(slot) = t.and_then(|t| o.skipped.get(t)) {
            self.put(slot, s.skipped);
        }
    }

    /// Segments are also computed (not reported) when the funnel or the hosts per segment of
    /// the recommendations need them, so that those sections keep their figures.
    fn segments(&self, s: &mut Sections) -> Option<Segments> {
        let opts = self.opts;
        let needed = (self.want(Section::Funnel) && opts.funnel_by_segment.is_some())
            || (self.want(Section::Recommendations) && opts.recommend.segments.is_none());
        match (self.want(Section::Segments), needed) {
            (false, false) => {
                s.not_selected::<()>(Section::Segments);
                None
            }
            // Read from `known` instead ([`Run::segments_read`]).
            (false, true) if self.known.is_some() => None,
            (reported, _) => {
                let mut quiet = Sections::default();
                let into = if reported { s } else { &mut quiet };
                if self.persons {
                    stages::segments(self.person(), opts, into)
                } else {
                    into.no_buyer_id("segments");
                    None
                }
            }
        }
    }

    fn comparison(&self, s: &mut Sections) -> Option<compare::Comparison> {
        if !self.want(Section::Comparison) {
            return s.not_selected(Section::Comparison);
        }
        let prep = self.prep;
        // The groups are named by the hosts with most viewers (the host leaderboard).
        let by_host;
        let hosts_ref = match self.want(Section::Kpis) {
            true => &self.get(&self.out.kpis).1,
            false => {
                by_host = kpi::by_host(prep);
                &by_host
            }
        };
        match resolve_compare(prep.ds(), hosts_ref, self.opts.compare.as_ref()) {
            Ok(Some(p)) => s.run("comparison", compare::compare(prep, &p)),
            Ok(None) => None,
            Err(e) => {
                s.run::<()>("comparison", Err(e));
                None
            }
        }
    }

    fn review(&self, s: &mut Sections) -> Option<crate::review::Review> {
        if !self.want(Section::Review) {
            return s.not_selected(Section::Review);
        }
        let (prep, opts, o) = (self.prep, self.opts, &self.out);
        // The review compares sessions: it needs the per-session KPIs even when the KPI
        // section itself was not asked for.
        let by_session_alone;
        let by_session = match self.want(Section::Kpis) {
            true => &self.get(&o.kpis).0.by_session,
            false => {
                by_session_alone = kpi::kpis(prep).by_session;
                &by_session_alone
            }
        };
        let timeline = self.get(&o.timeline).1.as_ref();
        let comments = self.get(&o.comments);
        let room = self.get(&o.room);
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
                prep,
                by_session,
                opts.review_session.as_deref(),
                &opts.funnel,
                timeline,
                opts.timeline_bucket_seconds,
                Some(&sections),
            ),
        )
    }
}

impl Out {
    /// The report, its sections in their fixed order.
    fn report(self, ds: &Dataset, validation: &Validation, opts: &AnalysisOptions) -> Report {
        // Every task has run, on any thread count: the summary is [`Task::Summary`]'s.
        let (kpis, hosts, hosts_by_category) = self.kpis.take();
        let (sessions, timeline) = self.timeline.take();
        let (mut recommendations, evaluation) = self.recommendations.take();
        if let (Some(recs), Some((rows, small))) = (recommendations.as_mut(), self.hosts.take()) {
            recs.hosts = rows;
            recs.hosts_too_small = small;
        }
        let segments = self
            .segments
            .take()
            .filter(|_| opts.wants(Section::Segments));
        let prediction = self.prediction.take();
        let room = self.room.take();
        Report {
            version: REPORT_VERSION,
            generator: generator(),
            dataset: self.summary.take(),
            validation: validation.clone(),
            kpis,
            hosts,
            hosts_by_category,
            funnel: self.funnel.take(),
            sessions,
            timeline,
            retention: self.retention.take(),
            comparison: self.comparison.take(),
            rules: self.rules.take(),
            segments,
            probability_by_attribute: prediction
                .as_ref()
                .map(|p| report::probability_by_attribute(ds, p))
                .unwrap_or_default(),
            prediction,
            recommendations,
            evaluation,
            comments: self.comments.take(),
            interactions: room.interactions,
            traffic: room.traffic,
            time_slots: room.time_slots,
            review: self.review.take(),
            skipped: self.skipped.into_iter().flat_map(Slot::take).collect(),
        }
    }
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
        ..Report::empty()
    }
}

fn generator() -> String {
    concat!("livelens ", env!("CARGO_PKG_VERSION")).to_owned()
}

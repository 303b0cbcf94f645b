//! The post-live review (复盘) of one session against the creator's own baseline
//! (`metrics.md`, "Post-live review"): every KPI against the median and interquartile range of
//! the previous up to 10 sessions (of the same host when hosts are known), the funnel step whose
//! conversion fell most, the best and worst pitch windows by GMV per minute, and — when the
//! report has those sections — questions left unanswered, objections, interaction tools and
//! traffic sources. Every statement carries its numbers (value, baseline, difference) and the
//! rule that made it worth saying, in English and Chinese.
//!
//! Each source is optional: a per-session KPI table alone (a session-summary file) gives a
//! review of KPI statements; events add the funnel and the pitch windows.
//!
//! | file | holds |
//! |---|---|
//! | `mod.rs` | the report types and [`review`] |
//! | `baseline.rs` | which sessions form the baseline, quartiles, verdicts |
//! | `kpis.rs` | the KPIs reviewed, with unit and direction |
//! | `statements.rs` | statements from each source, ranked, and the suggestions |
//! | `text.rs` | the statement templates and labels (en, zh) and number formats |
//! | `html.rs` | the standalone printable HTML of a review (the CLI's `--out`) |

mod baseline;
mod html;
mod kpis;
mod sections;
mod statements;
mod text;

use serde::{Deserialize, Serialize};

use crate::analysis::Prepared;
use crate::funnel::{self, FunnelParams, FunnelStep};
use crate::i18n::Lang;
use crate::kpi::SessionKpis;
use crate::timeline::Timeline;
use crate::{Error, Result};

pub use baseline::{quartiles, ReviewBaseline, MAX_BASELINE_SESSIONS, MIN_BASELINE_SESSIONS};
pub use html::{review_html, ReviewCharts};
pub use kpis::{ReviewKpi, REVIEW_KPIS};
pub use sections::ReviewSections;
pub use text::{format_value, kpi_label, review_text, statement_lines, ReviewText};

/// How a figure is shown (and how its difference is written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ReviewUnit {
    Count,
    /// A fraction shown as a percentage; differences in percentage points.
    Percent,
    Money,
    Seconds,
    /// A plain ratio (ROI).
    Ratio,
    PerMinute,
}

/// A figure against its baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ReviewVerdict {
    /// Outside the baseline's interquartile range, in the good direction.
    Better,
    /// Outside it, in the bad direction.
    Worse,
    /// Inside it (Q1 ≤ value ≤ Q3).
    Usual,
    /// Fewer than [`MIN_BASELINE_SESSIONS`] earlier sessions have the figure.
    NoBaseline,
    /// The session has no value (a rate whose denominator is 0).
    NoValue,
}

/// Text in both languages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewTexts {
    pub en: String,
    pub zh: String,
}

impl ReviewTexts {
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.zh)
    }
}

/// One KPI of the session against the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KpiLine {
    /// The KPI's key in `kpis.by_session` (`conversion_rate`, …).
    pub key: String,
    pub unit: ReviewUnit,
    pub higher_is_better: bool,
    pub value: Option<f64>,
    pub baseline: Option<ReviewBaseline>,
    /// `value − baseline.median`.
    pub difference: Option<f64>,
    /// `difference / baseline.median` (absent when the median is 0).
    pub relative_difference: Option<f64>,
    pub verdict: ReviewVerdict,
}

/// One funnel step's conversion from the previous step against the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepLine {
    /// Event keys of the previous step and this one.
    pub from: String,
    pub to: String,
    /// People at the previous step and at this one, in this session.
    pub from_count: u64,
    pub to_count: u64,
    pub value: Option<f64>,
    pub baseline: Option<ReviewBaseline>,
    pub difference: Option<f64>,
    pub verdict: ReviewVerdict,
}

/// A product pitch of the session with its GMV per minute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PitchLine {
    pub item_id: String,
    pub title: String,
    /// Minutes since the session's start, window inclusive of its last minute.
    pub start_minute: f64,
    pub end_minute: f64,
    /// GMV and orders during the window (all products).
    pub gmv: f64,
    pub orders: u32,
    pub gmv_per_minute: f64,
}

/// Which rule made a statement worth saying, with its parameters in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewRule {
    /// `outside_iqr`, `largest_step_drop`, `best_pitch`, `worst_pitch`, `suggestion`, … (see
    /// `docs/report.md`).
    pub key: String,
    pub text: ReviewTexts,
}

/// One sentence of the review with the numbers behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewStatement {
    /// What it is about: `kpi`, `funnel_step`, `pitch`, `question`, `objection`,
    /// `interaction`, `traffic`, or for suggestions the kind it follows from.
    pub kind: String,
    /// The report section it was read from: `kpis`, `funnel`, `timeline`, `comments`,
    /// `interactions`, `traffic`.
    pub source: String,
    /// The KPI key, step (`click→order`), product id, question or tool it is about.
    pub subject: String,
    pub unit: ReviewUnit,
    pub value: Option<f64>,
    pub baseline: Option<f64>,
    pub difference: Option<f64>,
    pub rule: ReviewRule,
    pub text: ReviewTexts,
}

/// The sessions the baseline was taken from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BaselineSessions {
    /// Session ids, oldest first (at most [`MAX_BASELINE_SESSIONS`]).
    pub sessions: Vec<String>,
    /// Whether they were limited to the reviewed session's host.
    pub same_host: bool,
}

/// The post-live review of one session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Review {
    pub session_id: String,
    pub title: Option<String>,
    pub host: Option<String>,
    /// Local start, `YYYY-MM-DD HH:MM:SS`.
    pub start: Option<String>,
    pub baseline: BaselineSessions,
    /// Every reviewed KPI, in [`REVIEW_KPIS`] order.
    pub kpis: Vec<KpiLine>,
    /// Funnel steps 2… of the session (empty without events).
    pub funnel: Vec<StepLine>,
    /// The session's pitch windows in time order (empty without a timeline).
    pub pitches: Vec<PitchLine>,
    pub went_well: Vec<ReviewStatement>,
    pub to_change: Vec<ReviewStatement>,
    pub next_time: Vec<ReviewStatement>,
    /// Notes on the review as a whole (no baseline yet; nothing outside the usual range).
    pub notes: Vec<ReviewTexts>,
    /// Report sections the statements were read from, in the order above.
    pub sources: Vec<String>,
}

/// Per-session funnel steps (`FunnelResult::steps` of each session alone), by session id.
pub type SessionFunnels = Vec<(String, Vec<FunnelStep>)>;

/// What a review is built from; every part but the KPI table is optional.
pub struct ReviewInputs<'a> {
    /// Per-session KPIs in start order (`kpis.by_session`).
    pub sessions: &'a [SessionKpis],
    /// The session to review; `None` = the latest.
    pub session: Option<&'a str>,
    /// Funnel steps of the reviewed session and of earlier ones.
    pub funnels: Option<&'a SessionFunnels>,
    /// The reviewed session's timeline.
    pub timeline: Option<&'a Timeline>,
    /// The report's `comments`, `interactions` and `traffic` sections, when it has them.
    pub sections: Option<&'a ReviewSections>,
}

/// The review of one session. Fails when the KPI table has no such session (or no session at
/// all).
pub fn review(inp: &ReviewInputs) -> Result<Review> {
    let idx = pick_session(inp.sessions, inp.session)?;
    let this = &inp.sessions[idx];
    let base = baseline::earlier_sessions(inp.sessions, idx);
    let kpis = kpis::kpi_lines(this, &base);
    let funnel = match inp.funnels {
        Some(f) => statements::step_lines(&this.session_id, &base, f),
        None => Vec::new(),
    };
    let own_timeline = inp.timeline.filter(|t| t.session_id == this.session_id);
    let pitches = own_timeline
        .map(statements::pitch_lines)
        .unwrap_or_default();
    let host = this.host.as_deref().filter(|_| base.same_host);
    let found = inp
        .sections
        .map(|sec| {
            let window = own_timeline.map(|t| (t.start, t.end));
            sections::statements(sec, &this.session_id, &base, window, host)
        })
        .unwrap_or_default();
    let mut r = Review {
        session_id: this.session_id.clone(),
        title: this.title.clone(),
        host: this.host.clone(),
        start: this.start.clone(),
        baseline: BaselineSessions {
            sessions: base.sessions.iter().map(|s| s.session_id.clone()).collect(),
            same_host: base.same_host,
        },
        kpis,
        funnel,
        pitches,
        went_well: Vec::new(),
        to_change: Vec::new(),
        next_time: Vec::new(),
        notes: Vec::new(),
        sources: Vec::new(),
    };
    statements::fill(&mut r, found);
    Ok(r)
}

/// Index of the session to review: the one named, else the latest.
fn pick_session(sessions: &[SessionKpis], id: Option<&str>) -> Result<usize> {
    match id {
        Some(id) => sessions
            .iter()
            .position(|s| s.session_id == id)
            .ok_or_else(|| {
                let known: Vec<&str> = sessions
                    .iter()
                    .take(5)
                    .map(|s| s.session_id.as_str())
                    .collect();
                Error::Params(format!(
                    "no session \"{id}\" to review (sessions: {}{})",
                    known.join(", "),
                    if sessions.len() > 5 { ", …" } else { "" }
                ))
            }),
        None => latest(sessions)
            .ok_or_else(|| Error::NotEnoughData("the data has no live sessions to review".into())),
    }
}

/// The latest session with a start and any activity (the last of the start-ordered table).
fn latest(sessions: &[SessionKpis]) -> Option<usize> {
    sessions
        .iter()
        .rposition(|s| s.start.is_some() && baseline::active(s))
        .or_else(|| sessions.iter().rposition(baseline::active))
        .or_else(|| sessions.len().checked_sub(1))
}

/// The funnel steps of each of `ids` alone (its events only), with `p`'s steps, mode and window
/// (no breakdown). Sessions unknown to the data are left out.
///
/// Each session's funnel runs on that session's rows of the dataset
/// ([`funnel::steps_of_rows`]: the same steps as the funnel of a copy holding those events
/// alone, without the copy and its cloned side tables; issue #13, memory); the rows of every
/// session asked for are found in one pass over the log.
pub fn session_funnels(prep: &Prepared, p: &FunnelParams, ids: &[&str]) -> Result<SessionFunnels> {
    let ds = prep.ds();
    let mut p = p.clone();
    p.breakdown = funnel::Breakdown::None;
    p.validate(ds)?;
    let wanted: Vec<u32> = ids.iter().filter_map(|id| ds.sessions.get(id)).collect();
    let ns = ds.sessions.len();
    let mut want = vec![false; ns];
    for &s in &wanted {
        if let Some(w) = want.get_mut(s as usize) {
            *w = true;
        }
    }
    // The rows of the sessions asked for, grouped by session (a counting sort: one `u32` per
    // row, allocated once; issue #13, memory).
    let wants = |s: u32| want.get(s as usize).copied().unwrap_or(false);
    let session = &ds.events.session;
    let (start, rows) = crate::sort::group_rows(0..session.len() as u32, ns, |i| {
        let s = session
            .get(i as usize)
            .copied()
            .unwrap_or(crate::model::NONE);
        wants(s).then_some(s as usize)
    });
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(s) = ds.sessions.get(id) else {
            continue;
        };
        let (a, b) = (start[s as usize], start[s as usize + 1]);
        let steps = funnel::steps_of_rows(ds, &p, rows.get(a..b).unwrap_or(&[]))?;
        out.push(((*id).to_owned(), steps));
    }
    Ok(out)
}

/// The session ids a review of `session` (or the latest) reads funnels of: the session and its
/// baseline sessions.
pub fn sessions_needed(sessions: &[SessionKpis], session: Option<&str>) -> Vec<String> {
    let Ok(idx) = pick_session(sessions, session) else {
        return Vec::new();
    };
    let base = baseline::earlier_sessions(sessions, idx);
    base.sessions
        .iter()
        .map(|s| s.session_id.clone())
        .chain(std::iter::once(sessions[idx].session_id.clone()))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

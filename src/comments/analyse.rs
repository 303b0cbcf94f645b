//! The `comments` analysis over a dataset: every `comment` and `question` row with text
//! classified once (identical texts share one classification), the questions fed to the
//! [`QuestionTracker`] in time order with the `answer` rows and the host's comments, and the
//! counts per session, per pitch window and per minute.
//!
//! Choices beyond metrics.md (also in docs/report.md):
//! - A comment of the session host's account (its user id equals the host's name in the
//!   sessions table) is an answer, not a viewer's comment: it is not classified.
//! - A `question` row (the platform's Q&A tool) is a question whatever its classified intent.
//! - An `answer` row under a viewer who commented in the session is addressed to that viewer:
//!   it answers their questions only (see [`QuestionTracker::answer_own`]); under anyone else
//!   it follows [`QuestionTracker::answer`].
//! - Pitch windows are the timeline's (first `product_view` burst of each product), found in
//!   every session with the timeline's bucket.

use rustc_hash::{FxHashMap, FxHashSet};

use super::norm::key_chars;
use super::section::{
    CommentsSection, IntentCounts, IntentsOverTime, ObjectionThemeRow, PhraseRow, PitchComments,
    QuestionRow, QuestionsSummary, SentimentCounts, SessionComments,
};
use super::{
    classify, objection_theme, phrases_weighted, AskStatus, Classified, Intent, ObjectionTheme,
    PhraseParams, QuestionTracker, TrackedGroup, TrackerParams,
};
use crate::model::{Dataset, EventKind, NONE};
use crate::timeline::pitch_windows_from_counts;
use crate::{Error, Result};

/// Most question groups listed in the report (the CLI lists all).
pub const TOP_QUESTIONS: usize = 50;
/// Most buckets of [`IntentsOverTime`]; a longer span gets wider buckets.
pub const MAX_OVER_TIME_BUCKETS: i64 = 1_440;
/// Most buckets searched for pitch windows in one session.
const MAX_PITCH_BUCKETS: i64 = 20_000;

/// Settings of [`analyse`].
#[derive(Debug, Clone, PartialEq)]
pub struct CommentsParams {
    /// Only this session's rows (a session id of the dataset); `None` = every row.
    pub session: Option<u32>,
    /// The session whose minutes [`IntentsOverTime`] shows (the timeline's); `None` = the
    /// session with most classified comments, or the whole span when there are no sessions.
    pub over_time_session: Option<u32>,
    /// Bucket of the minutes and of pitch windows, seconds (≥ 1).
    pub bucket_seconds: i64,
    pub tracker: TrackerParams,
    pub phrases: PhraseParams,
}

impl Default for CommentsParams {
    fn default() -> Self {
        CommentsParams {
            session: None,
            over_time_session: None,
            bucket_seconds: 60,
            tracker: TrackerParams::default(),
            phrases: PhraseParams::default(),
        }
    }
}

/// A classified row: its index in the event log and its intent and sentiment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassifiedRow {
    pub row: usize,
    pub classified: Classified,
}

/// The section, the classified rows (for per-comment listings) and the tracker as it ended.
pub struct CommentsAnalysis {
    pub section: CommentsSection,
    pub rows: Vec<ClassifiedRow>,
    pub tracker: QuestionTracker,
}

#[derive(Default)]
struct SessionAcc {
    intents: IntentCounts,
    sentiment: SentimentCounts,
    /// (time, intent) of the classified rows, in time order.
    times: Times,
    /// Per product, its views' `(pitch bucket, views)` runs in bucket order (what
    /// [`pitch_windows_from_counts`] reads), kept as the views come rather than one entry per
    /// view (issue #13, memory).
    views: FxHashMap<u32, Vec<(u32, u32)>>,
}

/// Counts one view of `item` in `bucket` into `runs` (ascending buckets, counts > 0). Views come
/// in time order, so this appends or adds to the last run; an earlier bucket is inserted in place.
fn add_view(runs: &mut Vec<(u32, u32)>, bucket: u32) {
    match runs.last_mut() {
        Some((b, c)) if *b == bucket => *c += 1,
        Some(&mut (b, _)) if b > bucket => match runs.binary_search_by_key(&bucket, |r| r.0) {
            Ok(k) => runs[k].1 += 1,
            Err(k) => runs.insert(k, (bucket, 1)),
        },
        _ => runs.push((bucket, 1)),
    }
}

/// (time, intent) pairs as two columns: 9 bytes a row where a list of pairs takes 16 (one per
/// comment with text; issue #13, memory).
#[derive(Default)]
struct Times {
    ts: Vec<i64>,
    intent: Vec<Intent>,
}

impl Times {
    fn push(&mut self, ts: i64, intent: Intent) {
        self.ts.push(ts);
        self.intent.push(intent);
    }

    fn reserve_exact(&mut self, n: usize) {
        self.ts.reserve_exact(n);
        self.intent.reserve_exact(n);
    }

    fn len(&self) -> usize {
        self.ts.len()
    }

    fn is_empty(&self) -> bool {
        self.ts.is_empty()
    }

    fn iter(&self) -> impl Iterator<Item = (i64, Intent)> + '_ {
        self.ts.iter().copied().zip(self.intent.iter().copied())
    }
}

/// Sizes each session's list of comment / question rows (an upper bound of what the pass keeps)
/// in one counting pass: grown by doubling, it held up to twice its rows at the report's memory
/// peak (issue #13: the comments stage was its highest).
fn reserve_exactly(ds: &Dataset, only: Option<u32>, acc: &mut [SessionAcc]) {
    let ev = &ds.events;
    let mut n = vec![0usize; acc.len()];
    for (&s, &kind) in ev.session.iter().zip(&ev.kind) {
        if only.is_some_and(|o| o != s) {
            continue;
        }
        if let (Some(c), EventKind::Comment | EventKind::Question) = (n.get_mut(s as usize), kind) {
            *c += 1;
        }
    }
    for (a, times) in acc.iter_mut().zip(n) {
        a.times.reserve_exact(times);
    }
}

/// Runs the analysis. Fails with `not_enough_data` when no `comment` or `question` row has
/// text, and with `params` for bad settings.
pub fn analyse(ds: &Dataset, p: &CommentsParams) -> Result<CommentsAnalysis> {
    run(ds, p, true)
}

/// The report's section alone: [`analyse`] without the list of classified rows, which the
/// report does not show (16 bytes per comment with text, not held; issue #13, memory).
pub fn section(ds: &Dataset, p: &CommentsParams) -> Result<CommentsSection> {
    run(ds, p, false).map(|a| a.section)
}

fn run(ds: &Dataset, p: &CommentsParams, keep_rows: bool) -> Result<CommentsAnalysis> {
    if p.bucket_seconds < 1 {
        return Err(Error::Params(format!(
            "comment bucket must be ≥ 1 s, got {}",
            p.bucket_seconds
        )));
    }
    p.phrases.validate()?;
    let mut tracker = QuestionTracker::new(p.tracker)?;
    let ev = &ds.events;
    let x = &ev.extra;
    let bucket_ms = p.bucket_seconds.saturating_mul(1000);
    let starts = session_bounds(ds);
    let host_user: Vec<u32> = (0..ds.sessions.len() as u32)
        .map(|s| {
            ds.session_host(s)
                .and_then(|h| ds.users.get(h))
                .unwrap_or(NONE)
        })
        .collect();
    let mut acc: Vec<SessionAcc> = (0..ds.sessions.len())
        .map(|_| SessionAcc::default())
        .collect();
    reserve_exactly(ds, p.session, &mut acc);
    let mut sec = CommentsSection::default();
    let mut rows: Vec<ClassifiedRow> = Vec::new();
    let mut classified = 0u64;
    // Objections per distinct text (index as in `texts`), themed once per text after the pass.
    let mut objections_at: Vec<u64> = Vec::new();
    // Distinct texts with their occurrences, in order of first appearance (for the phrases).
    let mut texts: Vec<(&str, u32)> = Vec::new();
    let mut text_slot: FxHashMap<&str, usize> = FxHashMap::default();
    let mut classes: Vec<Classified> = Vec::new();
    let mut all_times = Times::default();
    let mut commenters: FxHashSet<(u32, u32)> = FxHashSet::default();
    for i in 0..ev.len() {
        let s = ev.session[i];
        if p.session.is_some_and(|only| only != s) {
            continue;
        }
        let (ts, user, kind) = (ev.ts[i], ev.user[i], ev.kind[i]);
        match kind {
            EventKind::ProductView if ev.item[i] != NONE => {
                if let (Some(a), Some(&(Some(start), _))) =
                    (acc.get_mut(s as usize), starts.get(s as usize))
                {
                    if ts >= start && (ts - start) / bucket_ms < MAX_PITCH_BUCKETS {
                        let runs = a.views.entry(ev.item[i]).or_default();
                        add_view(runs, ((ts - start) / bucket_ms) as u32);
                    }
                }
                continue;
            }
            EventKind::Answer => {
                sec.answer_rows += 1;
                // Under a viewer who commented here: addressed to them (their asks only).
                if commenters.contains(&(user, s)) && host_user.get(s as usize) != Some(&user) {
                    tracker.answer_own(ts, user, s);
                } else {
                    tracker.answer(ts, user, s);
                }
                continue;
            }
            EventKind::Comment => sec.comments += 1,
            EventKind::Question => sec.question_rows += 1,
            _ => continue,
        }
        let text = x.text(i).filter(|t| !t.trim().is_empty());
        let is_comment = kind == EventKind::Comment;
        if is_comment && text.is_some() {
            sec.comments_with_text += 1;
        }
        if is_comment && host_user.get(s as usize).is_some_and(|&h| h == user) {
            sec.host_comments += 1;
            tracker.host_reply(ts, s);
            continue;
        }
        commenters.insert((user, s));
        let Some(text) = text else { continue };
        // Each distinct text is classified once and counted for the phrases.
        let slot = *text_slot.entry(text).or_insert_with(|| {
            texts.push((text, 0));
            classes.push(classify(text));
            texts.len() - 1
        });
        if let Some(t) = texts.get_mut(slot) {
            t.1 += 1;
        }
        let Some(&c) = classes.get(slot) else {
            continue;
        };
        classified += 1;
        if keep_rows {
            rows.push(ClassifiedRow {
                row: i,
                classified: c,
            });
        }
        sec.intents.add(c.intent);
        sec.sentiment.add(c.sentiment);
        if let Some(a) = acc.get_mut(s as usize) {
            a.intents.add(c.intent);
            a.sentiment.add(c.sentiment);
            a.times.push(ts, c.intent);
        } else {
            all_times.push(ts, c.intent);
        }
        if c.intent == Intent::Question || kind == EventKind::Question {
            tracker.question(ts, user, s, text);
        }
        if c.intent == Intent::Objection {
            if let Some(n) = objections_at.get_mut(slot) {
                *n += 1;
            } else {
                objections_at.resize(slot, 0);
                objections_at.push(1);
            }
        }
    }
    if classified == 0 {
        return Err(Error::NotEnoughData(format!(
            "needs comment text (a text / 评论内容 / 弹幕内容 column on comment rows); this data has {} comment rows and {} question rows, none with text",
            sec.comments, sec.question_rows
        )));
    }
    tracker.finish();
    sec.classified = classified;

    let mut asked = vec![(0u64, 0u64); ds.sessions.len()];
    for a in tracker.asks() {
        if let Some(q) = asked.get_mut(a.session as usize) {
            q.0 += 1;
            q.1 += u64::from(a.status == AskStatus::Unanswered);
        }
    }
    sec.by_session = session_rows(ds, &acc, &starts, &asked);
    sec.by_pitch = pitch_rows(ds, &acc, &starts, bucket_ms);
    sec.over_time = over_time(ds, p, &acc, &starts, &all_times);
    sec.questions = questions_summary(&tracker);
    let mut themes: ThemeAcc<'_> = FxHashMap::default();
    for (&(text, _), &n) in texts.iter().zip(&objections_at) {
        if n == 0 {
            continue;
        }
        let t = themes.entry(objection_theme(text)).or_default();
        t.0 += n;
        let order = t.1.len();
        t.1.entry(key_chars(text).into_iter().collect())
            .or_insert((0, order, text))
            .0 += n;
    }
    sec.objections = objection_rows(themes);
    sec.phrases = phrases_weighted(&texts, &p.phrases)?
        .into_iter()
        .map(|ph| PhraseRow {
            text: ph.text,
            count: u64::from(ph.count),
            score: ph.score,
        })
        .collect();
    Ok(CommentsAnalysis {
        section: sec,
        rows,
        tracker,
    })
}

/// Start and end of each session (the sessions table's, else its first and last event).
fn session_bounds(ds: &Dataset) -> Vec<(Option<i64>, Option<i64>)> {
    let mut first: Vec<Option<i64>> = vec![None; ds.sessions.len()];
    let mut last: Vec<Option<i64>> = vec![None; ds.sessions.len()];
    for (&s, &t) in ds.events.session.iter().zip(&ds.events.ts) {
        if let (Some(f), Some(l)) = (first.get_mut(s as usize), last.get_mut(s as usize)) {
            f.get_or_insert(t);
            *l = Some(t);
        }
    }
    (0..ds.sessions.len())
        .map(|s| {
            let info = ds.session_info.get(s);
            let start = info.and_then(|i| i.start).or(first[s]);
            let end = info.and_then(|i| i.end).or(last[s]);
            (start, end.max(start))
        })
        .collect()
}

fn session_rows(
    ds: &Dataset,
    acc: &[SessionAcc],
    bounds: &[(Option<i64>, Option<i64>)],
    asked: &[(u64, u64)],
) -> Vec<SessionComments> {
    let mut order: Vec<usize> = (0..acc.len())
        .filter(|&s| !acc[s].times.is_empty())
        .collect();
    crate::sort::by_key(&mut order, |&s| (bounds[s].0.unwrap_or(i64::MAX), s));
    order
        .into_iter()
        .map(|s| {
            let a = &acc[s];
            let (questions, unanswered) = asked.get(s).copied().unwrap_or((0, 0));
            SessionComments {
                session_id: ds.sessions.name(s as u32).to_owned(),
                title: ds
                    .session_info
                    .get(s)
                    .map(|i| i.title.clone())
                    .unwrap_or_default(),
                host: ds.session_host(s as u32).map(str::to_owned),
                comments: a.times.len() as u64,
                intents: a.intents,
                sentiment: a.sentiment,
                questions,
                unanswered,
            }
        })
        .collect()
}

fn count_between(times: &Times, from: i64, to: i64) -> IntentCounts {
    let lo = times.ts.partition_point(|&t| t < from);
    let mut c = IntentCounts::default();
    let (ts, intents) = (times.ts.get(lo..), times.intent.get(lo..));
    let rest = ts.unwrap_or(&[]).iter().zip(intents.unwrap_or(&[]));
    for (_, &intent) in rest.take_while(|t| *t.0 < to) {
        c.add(intent);
    }
    c
}

fn pitch_rows(
    ds: &Dataset,
    acc: &[SessionAcc],
    bounds: &[(Option<i64>, Option<i64>)],
    bucket_ms: i64,
) -> Vec<PitchComments> {
    let mut out = Vec::new();
    for (s, a) in acc.iter().enumerate() {
        let Some(&(Some(start), end)) = bounds.get(s) else {
            continue;
        };
        if a.views.is_empty() {
            continue;
        }
        let last_view = a
            .views
            .values()
            .filter_map(|runs| runs.last().map(|r| r.0))
            .max()
            .unwrap_or(0);
        let by_end = end.map_or(0, |e| ((e - start) / bucket_ms).min(MAX_PITCH_BUCKETS));
        let n = (i64::from(last_view) + 1).max(by_end + 1) as usize;
        let runs = a.views.iter().map(|(&item, runs)| (item, runs.as_slice()));
        for w in pitch_windows_from_counts(runs, n) {
            let from = start + i64::from(w.start) * bucket_ms;
            let to = start + (i64::from(w.end) + 1) * bucket_ms;
            let intents = count_between(&a.times, from, to);
            let item_id = ds.items.name(w.item).to_owned();
            let title = ds
                .item_info
                .get(w.item as usize)
                .map(|i| i.title.trim())
                .filter(|t| !t.is_empty())
                .map_or_else(|| item_id.clone(), str::to_owned);
            out.push(PitchComments {
                session_id: ds.sessions.name(s as u32).to_owned(),
                item_id,
                title,
                start: from,
                end: to,
                comments: intents.total(),
                intents,
            });
        }
    }
    crate::sort::by(&mut out, |a, b| {
        a.start.cmp(&b.start).then(a.item_id.cmp(&b.item_id))
    });
    out
}

fn over_time(
    ds: &Dataset,
    p: &CommentsParams,
    acc: &[SessionAcc],
    bounds: &[(Option<i64>, Option<i64>)],
    unsessioned: &Times,
) -> Option<IntentsOverTime> {
    let chosen = p.over_time_session.or(p.session).or_else(|| {
        (0..acc.len())
            .filter(|&s| !acc[s].times.is_empty())
            .max_by_key(|&s| (acc[s].times.len(), std::cmp::Reverse(s)))
            .map(|s| s as u32)
    });
    let (session_id, times, start, end) = match chosen {
        Some(s) => {
            let times = &acc.get(s as usize)?.times;
            let (start, end) = bounds.get(s as usize).copied()?;
            let start = start.or(times.ts.first().copied())?;
            let end = end.or(times.ts.last().copied()).unwrap_or(start);
            (Some(ds.sessions.name(s).to_owned()), times, start, end)
        }
        None => {
            let first = *unsessioned.ts.first()?;
            let last = unsessioned.ts.last().copied().unwrap_or(first);
            (None, unsessioned, first, last)
        }
    };
    let span = end.saturating_sub(start).max(0);
    let mut bucket_ms = p.bucket_seconds.saturating_mul(1000);
    if span / bucket_ms >= MAX_OVER_TIME_BUCKETS {
        // Wider buckets, whole minutes, so the chart stays readable.
        let minutes = span / 60_000 / MAX_OVER_TIME_BUCKETS + 1;
        bucket_ms = minutes * 60_000;
    }
    let n = (span / bucket_ms + 1) as usize;
    let mut minutes = vec![IntentCounts::default(); n];
    for (t, intent) in times.iter() {
        if t < start || t > end {
            continue;
        }
        if let Some(m) = minutes.get_mut(((t - start) / bucket_ms) as usize) {
            m.add(intent);
        }
    }
    Some(IntentsOverTime {
        session_id,
        start,
        bucket_seconds: bucket_ms / 1000,
        minutes,
    })
}

fn question_row(g: &TrackedGroup) -> QuestionRow {
    QuestionRow {
        text: g.text.clone(),
        count: u64::from(g.count),
        answered: u64::from(g.answered),
        unanswered: u64::from(g.unanswered + g.waiting),
        first_time: g.first_time,
    }
}

fn questions_summary(t: &QuestionTracker) -> QuestionsSummary {
    let groups = t.groups();
    let asks = t.asks();
    QuestionsSummary {
        asked: asks.len() as u64,
        answered: asks
            .iter()
            .filter(|a| a.status == AskStatus::Answered)
            .count() as u64,
        unanswered: asks
            .iter()
            .filter(|a| a.status != AskStatus::Answered)
            .count() as u64,
        groups: groups.len() as u64,
        top: groups
            .iter()
            .take(TOP_QUESTIONS)
            .map(question_row)
            .collect(),
        top_unanswered: groups
            .iter()
            .filter(|g| g.answered == 0)
            .take(TOP_QUESTIONS)
            .map(question_row)
            .collect(),
    }
}

type ThemeAcc<'a> = FxHashMap<ObjectionTheme, (u64, FxHashMap<String, (u64, usize, &'a str)>)>;

fn objection_rows(themes: ThemeAcc<'_>) -> Vec<ObjectionThemeRow> {
    let total: u64 = themes.values().map(|t| t.0).sum();
    let mut out: Vec<(ObjectionTheme, ObjectionThemeRow)> = themes
        .into_iter()
        .map(|(theme, (count, wordings))| {
            let mut w: Vec<(u64, usize, &str)> = wordings.into_values().collect();
            crate::sort::by(&mut w, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            (
                theme,
                ObjectionThemeRow {
                    theme: theme.key().to_owned(),
                    count,
                    share: count as f64 / total.max(1) as f64,
                    examples: w
                        .into_iter()
                        .take(3)
                        .map(|(n, _, t)| (t.trim().to_owned(), n))
                        .collect(),
                },
            )
        })
        .collect();
    crate::sort::by(&mut out, |a, b| {
        b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0))
    });
    out.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod view_runs_tests {
    /// Runs counted as views come, in or out of order, are the runs of the sorted views.
    #[test]
    fn add_view_keeps_ascending_runs() {
        let buckets = [3u32, 3, 5, 5, 5, 9, 4, 1, 9, 12, 4, 0];
        let mut runs = Vec::new();
        for &b in &buckets {
            super::add_view(&mut runs, b);
        }
        let mut sorted = buckets.to_vec();
        sorted.sort_unstable();
        let mut want: Vec<(u32, u32)> = Vec::new();
        for b in sorted {
            match want.last_mut() {
                Some((lb, c)) if *lb == b => *c += 1,
                _ => want.push((b, 1)),
            }
        }
        assert_eq!(runs, want);
    }
}

//! The incremental question tracker: questions fed one by one in time order, grouped with their
//! near-duplicates as they come, and marked answered or unanswered (metrics.md, "Comments:
//! intent and sentiment"). Live mode feeds it each tick's rows; the batch analysis feeds it the
//! whole event log. Both see the same groups and the same answered marks.
//!
//! **Grouping.** A question's key is its character-bigram set after normalisation (the same as
//! [`group_questions`](super::group_questions): full-width folded, lower case, punctuation,
//! emoji, @mentions, addressing words, repeated characters and trailing particles removed). It
//! joins the existing group whose *first* question's set is most similar (Jaccard ≥
//! `threshold`, or the shorter set wholly inside the other when it has ≥ 2 bigrams — 多少钱 joins
//! 这个课多少钱 — ranked as if at the threshold; ties: the older group), else starts a new
//! group; a wording seen before (the same normalised text) joins the group it joined then,
//! without a search. (The batch [`group_questions`](super::group_questions) has neither rule.) Candidates are found through
//! an inverted index of bigrams, so a question costs the groups it shares a bigram with, not
//! all groups. A group's text is its most frequent normalised wording (ties: the earliest), as
//! first written.
//!
//! **Answered.** Each question (an *ask*) waits `window_ms` (5 minutes) for an answer, both
//! ends included (`0 ≤ t_answer − t_ask ≤ window_ms`), in the same session:
//! - an `answer` row ([`QuestionTracker::answer`]) of a person who asked in the session answers
//!   that person's waiting asks only (platform Q&A tools log the answer under the asker, as the
//!   demo does); an `answer` row of anyone else (the host's or a moderator's account) answers
//!   every ask waiting in the session; [`QuestionTracker::answer_own`] answers only the named
//!   person's asks (for an answer known to be addressed to a viewer who asked nothing the
//!   classifier saw as a question);
//! - a comment of the host's account ([`QuestionTracker::host_reply`]) answers every ask
//!   waiting in the session.
//!
//! An ask still waiting once the clock is past its window is *unanswered*; the clock moves
//! with every call (it never goes back) and with [`QuestionTracker::advance`];
//! [`QuestionTracker::finish`] closes the stream (every ask still waiting is unanswered).

use std::collections::VecDeque;

use super::group::{bigrams_of_key, jaccard, GroupParams};
use super::norm::key_chars;
use crate::{Error, Result};
use rustc_hash::{FxHashMap, FxHashSet};

/// metrics.md's answer window: 5 minutes.
pub const ANSWER_WINDOW_MS: i64 = 300_000;

/// Settings of a [`QuestionTracker`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackerParams {
    /// Near-duplicate threshold: Jaccard similarity of bigram sets (0 < threshold ≤ 1).
    pub threshold: f64,
    /// How long an ask waits for an answer, in ms (≥ 0).
    pub window_ms: i64,
}

impl Default for TrackerParams {
    fn default() -> Self {
        TrackerParams {
            threshold: GroupParams::default().threshold,
            window_ms: ANSWER_WINDOW_MS,
        }
    }
}

impl TrackerParams {
    pub fn validate(&self) -> Result<()> {
        GroupParams {
            threshold: self.threshold,
        }
        .validate()?;
        if self.window_ms < 0 {
            return Err(Error::Params(format!(
                "answer window must be ≥ 0 ms, got {}",
                self.window_ms
            )));
        }
        Ok(())
    }
}

/// Where an ask stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskStatus {
    /// Still inside its answer window, no answer yet.
    Waiting,
    Answered,
    /// Its window passed without an answer.
    Unanswered,
}

/// One question as asked: when (ms), by whom and in which session (ids of the caller's choice,
/// e.g. `Dataset` user and session ids), the group it joined, and its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ask {
    pub time: i64,
    pub user: u32,
    pub session: u32,
    pub group: u32,
    pub status: AskStatus,
}

/// A group of near-duplicate questions, as the tracker has it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackedGroup {
    /// Id (its position in creation order; [`Ask::group`]).
    pub id: u32,
    /// The most frequent wording (ties: the earliest), as written.
    pub text: String,
    /// Asks in the group.
    pub count: u32,
    pub answered: u32,
    pub unanswered: u32,
    pub waiting: u32,
    /// Times of its first and last ask (ms).
    pub first_time: i64,
    pub last_time: i64,
}

struct GroupState {
    /// Bigram set of the group's first question.
    set: FxHashSet<(char, char)>,
    /// Normalised wording → (asks, order of first use, text as first written).
    wordings: FxHashMap<String, (u32, u32, String)>,
    /// The wording shown: (asks, order of first use).
    best: (u32, u32),
    stats: TrackedGroup,
}

/// Groups questions and tracks their answers incrementally; see the module documentation.
pub struct QuestionTracker {
    params: TrackerParams,
    groups: Vec<GroupState>,
    index: FxHashMap<(char, char), Vec<u32>>,
    /// The group of questions without any character (empty after normalisation).
    empty_group: Option<u32>,
    asks: Vec<Ask>,
    /// Asks in the order asked that may still be waiting (answered ones are dropped lazily).
    waiting: VecDeque<u32>,
    now: i64,
    /// Shared-bigram counts per candidate group (reused between questions).
    scratch: FxHashMap<u32, u32>,
    /// (user, session) pairs that asked, each with its asks in the order asked (an answer
    /// addressed to one person looks at that person's asks only).
    askers: FxHashMap<(u32, u32), Vec<u32>>,
    /// Normalised wording → the group it joined (an exact repeat skips the similarity search).
    by_key: FxHashMap<String, u32>,
    /// Question text as written → its group and normalised wording (a text asked again is
    /// neither normalised nor searched again; the same text always has the same wording, and a
    /// wording keeps its group).
    by_text: FxHashMap<String, (u32, String)>,
}

impl QuestionTracker {
    pub fn new(params: TrackerParams) -> Result<Self> {
        params.validate()?;
        Ok(QuestionTracker {
            params,
            groups: Vec::new(),
            index: FxHashMap::default(),
            empty_group: None,
            asks: Vec::new(),
            waiting: VecDeque::new(),
            now: i64::MIN,
            scratch: FxHashMap::default(),
            askers: FxHashMap::default(),
            by_key: FxHashMap::default(),
            by_text: FxHashMap::default(),
        })
    }

    pub fn params(&self) -> &TrackerParams {
        &self.params
    }

    /// Records a question asked at `time` (ms) by `user` in `session`; returns its ask id (its
    /// position in [`QuestionTracker::asks`]).
    pub fn question(&mut self, time: i64, user: u32, session: u32, text: &str) -> u32 {
        self.advance(time);
        let group = self.group_of(text, time);
        let id = self.asks.len() as u32;
        self.asks.push(Ask {
            time,
            user,
            session,
            group,
            status: AskStatus::Waiting,
        });
        self.waiting.push_back(id);
        self.askers.entry((user, session)).or_default().push(id);
        id
    }

    /// An `answer` row at `time` by `user` in `session`. When that person has asked in the
    /// session it answers their waiting asks only (none may be waiting); when they never
    /// asked there (the host's or a moderator's account) it answers every ask waiting in the
    /// session. Returns how many it answered.
    pub fn answer(&mut self, time: i64, user: u32, session: u32) -> u32 {
        if self.askers.contains_key(&(user, session)) {
            self.answer_own(time, user, session)
        } else {
            self.host_reply(time, session)
        }
    }

    /// An answer addressed to `user` in `session`: answers that person's waiting asks only.
    /// Returns how many it answered.
    pub fn answer_own(&mut self, time: i64, user: u32, session: u32) -> u32 {
        self.advance(time);
        // The person's own asks (the same asks `answer_where` would pick from the waiting ones:
        // an ask is in `waiting` while its status is `Waiting`).
        let window = self.params.window_ms;
        let Some(mine) = self.askers.get(&(user, session)) else {
            return 0;
        };
        let hits: Vec<u32> = mine
            .iter()
            .copied()
            .filter(|&a| {
                self.asks.get(a as usize).is_some_and(|ask| {
                    ask.status == AskStatus::Waiting
                        && ask.time <= time
                        && time.saturating_sub(ask.time) <= window
                })
            })
            .collect();
        for &a in &hits {
            self.set_status(a, AskStatus::Answered);
        }
        hits.len() as u32
    }

    /// A comment of the host's account at `time` in `session`: answers every ask waiting there.
    /// Returns how many it answered.
    pub fn host_reply(&mut self, time: i64, session: u32) -> u32 {
        self.advance(time);
        self.answer_where(time, |a| a.session == session)
    }

    /// Moves the clock to `now` (ms; it never goes back): asks whose window has passed become
    /// unanswered. Returns how many did now.
    pub fn advance(&mut self, now: i64) -> u32 {
        self.now = self.now.max(now);
        let mut expired = 0;
        while let Some(&a) = self.waiting.front() {
            let ask = self.asks[a as usize];
            if ask.status == AskStatus::Waiting {
                if self.now.saturating_sub(ask.time) <= self.params.window_ms {
                    break;
                }
                self.set_status(a, AskStatus::Unanswered);
                expired += 1;
            }
            self.waiting.pop_front();
        }
        expired
    }

    /// Ends the stream: every ask still waiting is unanswered. Returns how many.
    pub fn finish(&mut self) -> u32 {
        let mut n = 0;
        while let Some(a) = self.waiting.pop_front() {
            if self.asks[a as usize].status == AskStatus::Waiting {
                self.set_status(a, AskStatus::Unanswered);
                n += 1;
            }
        }
        n
    }

    /// Every ask so far, in the order fed.
    pub fn asks(&self) -> &[Ask] {
        &self.asks
    }

    /// The clock (the latest time seen), `i64::MIN` before the first call.
    pub fn now(&self) -> i64 {
        self.now
    }

    /// Asks asked in `from..=to` (ms) that are not answered (waiting or unanswered): live
    /// mode's "unanswered questions in the last 5 minutes".
    pub fn open_between(&self, from: i64, to: i64) -> usize {
        let start = self.asks.partition_point(|a| a.time < from);
        self.asks[start..]
            .iter()
            .take_while(|a| a.time <= to)
            .filter(|a| a.status != AskStatus::Answered)
            .count()
    }

    /// One group by id.
    pub fn group(&self, id: u32) -> Option<&TrackedGroup> {
        self.groups.get(id as usize).map(|g| &g.stats)
    }

    /// How many groups there are.
    pub fn group_count(&self) -> usize {
        self.groups.len()
    }

    /// The groups, most asked first (ties: the older group first).
    pub fn groups(&self) -> Vec<TrackedGroup> {
        let mut out: Vec<TrackedGroup> = self.groups.iter().map(|g| g.stats.clone()).collect();
        crate::sort::by(&mut out, |a, b| b.count.cmp(&a.count).then(a.id.cmp(&b.id)));
        out
    }

    fn answer_where(&mut self, time: i64, pick: impl Fn(&Ask) -> bool) -> u32 {
        let window = self.params.window_ms;
        let hits: Vec<u32> = self
            .waiting
            .iter()
            .copied()
            .filter(|&a| {
                let ask = &self.asks[a as usize];
                ask.status == AskStatus::Waiting
                    && ask.time <= time
                    && time.saturating_sub(ask.time) <= window
                    && pick(ask)
            })
            .collect();
        for &a in &hits {
            self.set_status(a, AskStatus::Answered);
        }
        hits.len() as u32
    }

    fn set_status(&mut self, a: u32, status: AskStatus) {
        let Some(ask) = self.asks.get_mut(a as usize) else {
            return;
        };
        let old = std::mem::replace(&mut ask.status, status);
        let Some(g) = self.groups.get_mut(ask.group as usize) else {
            return;
        };
        let s = &mut g.stats;
        for (st, delta) in [(old, -1i64), (status, 1)] {
            let c = match st {
                AskStatus::Waiting => &mut s.waiting,
                AskStatus::Answered => &mut s.answered,
                AskStatus::Unanswered => &mut s.unanswered,
            };
            *c = (i64::from(*c) + delta).max(0) as u32;
        }
    }

    /// The group a question joins (created when none is similar enough), its counts updated.
    /// A wording seen before joins the group it joined then.
    fn group_of(&mut self, text: &str, time: i64) -> u32 {
        if !self.by_text.contains_key(text) {
            let key: String = key_chars(text).into_iter().collect();
            let g = match self.by_key.get(&key) {
                Some(&g) => g,
                None => {
                    let set = bigrams_of_key(&key);
                    let found = if set.is_empty() {
                        self.empty_group
                    } else {
                        self.best_match(&set)
                    };
                    let g = match found {
                        Some(g) => g,
                        None => self.new_group(set, time),
                    };
                    self.by_key.insert(key.clone(), g);
                    g
                }
            };
            self.by_text.insert(text.to_owned(), (g, key));
        }
        let Some((g, key)) = self.by_text.get(text) else {
            return 0;
        };
        let g = *g;
        let order = self.asks.len() as u32;
        if let Some(state) = self.groups.get_mut(g as usize) {
            if !state.wordings.contains_key(key.as_str()) {
                state
                    .wordings
                    .insert(key.clone(), (0, order, text.trim().to_owned()));
            }
            let Some(w) = state.wordings.get_mut(key.as_str()) else {
                return g;
            };
            w.0 += 1;
            let (n, first) = (w.0, w.1);
            if n > state.best.0 || (n == state.best.0 && first < state.best.1) {
                state.best = (n, first);
                state.stats.text.clone_from(&w.2);
            }
            let s = &mut state.stats;
            s.count += 1;
            s.waiting += 1;
            s.first_time = s.first_time.min(time);
            s.last_time = s.last_time.max(time);
        }
        g
    }

    fn best_match(&mut self, set: &FxHashSet<(char, char)>) -> Option<u32> {
        self.scratch.clear();
        for b in set {
            if let Some(groups) = self.index.get(b) {
                for &g in groups {
                    *self.scratch.entry(g).or_insert(0) += 1;
                }
            }
        }
        let mut best: Option<(u32, f64)> = None;
        for (&g, &inter) in &self.scratch {
            let Some(state) = self.groups.get(g as usize) else {
                continue;
            };
            let union = set.len() + state.set.len() - inter as usize;
            let mut sim = f64::from(inter) / union.max(1) as f64;
            // Containment: a short question wholly inside a longer one (多少钱 / 这个课多少钱)
            // qualifies, ranked as if just at the threshold.
            let smaller = set.len().min(state.set.len());
            if sim < self.params.threshold && smaller >= 2 && inter as usize == smaller {
                sim = self.params.threshold;
            }
            if sim < self.params.threshold {
                continue;
            }
            let better = match best {
                None => true,
                Some((bg, bs)) => sim > bs || (sim == bs && g < bg),
            };
            if better {
                best = Some((g, sim));
            }
        }
        debug_assert!(
            best.is_none_or(|(g, s)| { jaccard(set, &self.groups[g as usize].set) <= s + 1e-12 })
        );
        best.map(|(g, _)| g)
    }

    fn new_group(&mut self, set: FxHashSet<(char, char)>, time: i64) -> u32 {
        let id = self.groups.len() as u32;
        if set.is_empty() {
            self.empty_group = Some(id);
        }
        for b in &set {
            self.index.entry(*b).or_default().push(id);
        }
        self.groups.push(GroupState {
            set,
            wordings: FxHashMap::default(),
            best: (0, u32::MAX),
            stats: TrackedGroup {
                id,
                text: String::new(),
                count: 0,
                answered: 0,
                unanswered: 0,
                waiting: 0,
                first_time: time,
                last_time: time,
            },
        });
        id
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic on unexpected errors
mod tests {
    use super::*;

    fn tracker() -> QuestionTracker {
        QuestionTracker::new(TrackerParams::default()).unwrap()
    }

    #[test]
    fn near_duplicates_share_a_group_and_the_most_frequent_wording_names_it() {
        let mut t = tracker();
        let qs = [
            "多少钱？",
            "这个课多少钱",
            "多少钱啊",
            "多少钱",
            "可以开发票吗",
            "能开发票吗？",
            "怎么报名",
        ];
        for (i, q) in qs.iter().enumerate() {
            t.question(i as i64 * 1000, i as u32, 0, q);
        }
        let g = t.groups();
        // 多少钱？ / 多少钱 share the wording "多少钱"; the earliest spelling is shown.
        assert_eq!(g[0].text, "多少钱？");
        assert_eq!(g.iter().map(|g| g.count).sum::<u32>(), qs.len() as u32);
        assert!(g.iter().any(|x| x.text.contains("发票") && x.count == 2));
        // 这个课多少钱 contains 多少钱: one group, which the batch grouping (Jaccard only) splits.
        assert_eq!(g[0].count, 4, "{g:?}");
        let batch = super::super::group_questions(&qs, &GroupParams::default()).unwrap();
        assert_eq!(batch[0].count, 3);
    }

    #[test]
    fn answers_by_the_asker_or_the_host_within_the_window() {
        let mut t = tracker();
        let a = t.question(0, 1, 7, "怎么上课");
        let b = t.question(1_000, 2, 7, "有回放吗");
        let c = t.question(2_000, 3, 8, "有回放吗");
        // Person 1's answer answers only their own ask.
        assert_eq!(t.answer(300_000, 1, 7), 1);
        assert_eq!(t.asks()[a as usize].status, AskStatus::Answered);
        assert_eq!(t.asks()[b as usize].status, AskStatus::Waiting);
        // Person 1 asked here, so another answer under them answers nobody else.
        assert_eq!(t.answer(300_500, 1, 7), 0);
        // The host's comment in session 7 answers what waits there, not session 8.
        assert_eq!(t.host_reply(301_000, 7), 1);
        assert_eq!(t.asks()[b as usize].status, AskStatus::Answered);
        // 302,001 ms after the ask: its window has passed.
        assert_eq!(t.advance(302_001), 1);
        assert_eq!(t.asks()[c as usize].status, AskStatus::Unanswered);
        let g = t.groups();
        let replay = g.iter().find(|g| g.text == "有回放吗").unwrap();
        assert_eq!(
            (replay.count, replay.answered, replay.unanswered),
            (2, 1, 1)
        );
    }

    #[test]
    fn an_answer_from_someone_without_asks_answers_the_session_and_finish_closes() {
        let mut t = tracker();
        t.question(0, 1, 0, "几点开课");
        t.question(10, 2, 0, "送资料吗");
        assert_eq!(t.answer(300_000, 99, 0), 2);
        t.question(400_000, 3, 0, "还有名额吗");
        assert_eq!(t.open_between(0, 500_000), 1);
        // The clock never goes back; an answer before the ask never counts.
        assert_eq!(t.answer(399_000, 3, 0), 0);
        assert_eq!(t.finish(), 1);
        assert_eq!(t.open_between(400_000, 400_000), 1);
        assert_eq!(t.now(), 400_000);
        assert!(QuestionTracker::new(TrackerParams {
            window_ms: -1,
            ..TrackerParams::default()
        })
        .is_err());
    }

    #[test]
    fn empty_and_odd_text_never_panics() {
        let mut t = tracker();
        for q in ["", "？？？", "😂", "a", "@某某 ", "\u{0}"] {
            t.question(0, 0, 0, q);
        }
        assert_eq!(t.asks().len(), 6);
        assert!(t.group_count() >= 1);
    }
}

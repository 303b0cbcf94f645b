//! Questions grouped with their near-duplicates, and questions marked answered.

use super::norm::key_chars;
use crate::{Error, Result};
use rustc_hash::FxHashSet;

/// Settings of [`group_questions`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupParams {
    /// Two questions are near-duplicates when the Jaccard similarity of their character
    /// bigram sets reaches this (0 < threshold ≤ 1).
    pub threshold: f64,
}

impl Default for GroupParams {
    fn default() -> Self {
        GroupParams { threshold: 0.5 }
    }
}

impl GroupParams {
    pub fn validate(&self) -> Result<()> {
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return Err(Error::Params(format!(
                "question grouping threshold must be in (0, 1], got {}",
                self.threshold
            )));
        }
        Ok(())
    }
}

/// Near-duplicate questions: the representative text, how many asked it and who (indices into
/// the input).
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionGroup {
    pub text: String,
    pub count: usize,
    pub members: Vec<usize>,
}

/// Filler that says nothing about what is asked (addressing the host or the room).
const FILLER: &[&str] = &[
    "请问",
    "老师",
    "主播",
    "宝宝们",
    "家人们",
    "姐妹们",
    "宝子们",
    "亲",
    "please",
    "pls",
    "guys",
];

/// The character-bigram set of a question after normalisation (filler, repeated characters and
/// trailing particles removed): what near-duplicate grouping compares.
pub(super) fn bigrams(text: &str) -> FxHashSet<(char, char)> {
    let key: String = key_chars(text).into_iter().collect();
    bigrams_of_key(&key)
}

/// [`bigrams`] of a text already reduced to its [`key_chars`].
pub(super) fn bigrams_of_key(key: &str) -> FxHashSet<(char, char)> {
    let mut s: String = key.to_owned();
    for f in FILLER {
        if s.len() > f.len() + 2 {
            s = s.replace(f, "");
        }
    }
    // Trailing particles and repeated characters do not change the question.
    let mut chars: Vec<char> = Vec::with_capacity(s.len());
    for c in s.chars() {
        if chars.last() != Some(&c) {
            chars.push(c);
        }
    }
    while chars.len() > 2 && matches!(chars.last(), Some('啊' | '呀' | '呢' | '哈' | '的')) {
        chars.pop();
    }
    let mut set: FxHashSet<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    if set.is_empty() {
        if let Some(&c) = chars.first() {
            set.insert((c, '\0'));
        }
    }
    set
}

pub(super) fn jaccard(a: &FxHashSet<(char, char)>, b: &FxHashSet<(char, char)>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let inter = a.intersection(b).count();
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// Groups questions with their near-duplicates (character-bigram Jaccard ≥ threshold after
/// normalisation: full-width folded, lower case, punctuation, emoji, @mentions and addressing
/// words removed). Greedy in input order: each question joins the group whose first member it
/// is most similar to, when that similarity reaches the threshold. The representative text is
/// the most frequent normalised wording, ties broken by the member most similar to the others,
/// then the earliest. Groups are sorted by count (descending), then first appearance.
pub fn group_questions(questions: &[&str], params: &GroupParams) -> Result<Vec<QuestionGroup>> {
    params.validate()?;
    let sets: Vec<_> = questions.iter().map(|q| bigrams(q)).collect();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, s) in sets.iter().enumerate() {
        let best = groups
            .iter()
            .enumerate()
            .map(|(g, members)| (g, jaccard(s, &sets[members[0]])))
            .filter(|&(_, sim)| sim >= params.threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((g, _)) => groups[g].push(i),
            None => groups.push(vec![i]),
        }
    }
    let mut out: Vec<QuestionGroup> = groups
        .into_iter()
        .map(|members| {
            let rep = representative(questions, &sets, &members);
            QuestionGroup {
                text: questions[rep].trim().to_owned(),
                count: members.len(),
                members,
            }
        })
        .collect();
    crate::sort::by(&mut out, |a, b| {
        b.count.cmp(&a.count).then(a.members[0].cmp(&b.members[0]))
    });
    Ok(out)
}

fn representative(
    questions: &[&str],
    sets: &[FxHashSet<(char, char)>],
    members: &[usize],
) -> usize {
    let keys: Vec<String> = members
        .iter()
        .map(|&m| key_chars(questions[m]).into_iter().collect())
        .collect();
    let mut best = (0usize, f64::MIN, usize::MAX);
    for (k, &m) in members.iter().enumerate() {
        let freq = keys.iter().filter(|x| **x == keys[k]).count();
        let central: f64 = members.iter().map(|&o| jaccard(&sets[m], &sets[o])).sum();
        let better = freq > best.0 || (freq == best.0 && central > best.1 + 1e-12);
        if better {
            best = (freq, central, m);
        }
    }
    if best.2 == usize::MAX {
        members[0]
    } else {
        best.2
    }
}

/// A question's time (seconds, any origin shared with the answer and host times) and who
/// asked it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimedQuestion<'a> {
    pub time: f64,
    pub user: Option<&'a str>,
}

/// Marks each question answered when an `answer` event or a comment of the host's account
/// follows it within `window_secs` (metrics.md: 5 minutes = 300 s): some time `t` with
/// `0 ≤ t − question.time ≤ window_secs`, both ends included. Host comments are given as
/// (time, user) and count only when `user` equals `host`; questions the host asked are
/// marked answered (nobody waits for them). Non-finite times never answer anything.
pub fn mark_answered(
    questions: &[TimedQuestion<'_>],
    answers: &[f64],
    comments: &[(f64, &str)],
    host: Option<&str>,
    window_secs: f64,
) -> Result<Vec<bool>> {
    if !(window_secs >= 0.0 && window_secs.is_finite()) {
        return Err(Error::Params(format!(
            "answer window must be a finite number of seconds ≥ 0, got {window_secs}"
        )));
    }
    let mut times: Vec<f64> = answers.iter().copied().filter(|t| t.is_finite()).collect();
    if let Some(h) = host {
        times.extend(
            comments
                .iter()
                .filter(|(t, u)| *u == h && t.is_finite())
                .map(|(t, _)| *t),
        );
    }
    times.sort_by(f64::total_cmp);
    Ok(questions
        .iter()
        .map(|q| {
            if host.is_some() && q.user == host {
                return true;
            }
            if !q.time.is_finite() {
                return false;
            }
            let i = times.partition_point(|&t| t < q.time);
            times.get(i).is_some_and(|&t| t - q.time <= window_secs)
        })
        .collect())
}

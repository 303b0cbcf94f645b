//! The report's `comments` section: its types (stable keys, documented in docs/report.md).

use serde::{Deserialize, Serialize};

use super::Intent;

/// Rows per intent (the seven intents of metrics.md).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IntentCounts {
    pub question: u64,
    pub purchase: u64,
    pub objection: u64,
    pub praise: u64,
    pub complaint: u64,
    pub greeting: u64,
    pub other: u64,
}

impl IntentCounts {
    pub fn add(&mut self, intent: Intent) {
        *self.slot(intent) += 1;
    }

    pub fn get(&self, intent: Intent) -> u64 {
        match intent {
            Intent::Question => self.question,
            Intent::Purchase => self.purchase,
            Intent::Objection => self.objection,
            Intent::Praise => self.praise,
            Intent::Complaint => self.complaint,
            Intent::Greeting => self.greeting,
            Intent::Other => self.other,
        }
    }

    pub fn total(&self) -> u64 {
        Intent::ALL.iter().map(|&i| self.get(i)).sum()
    }

    fn slot(&mut self, intent: Intent) -> &mut u64 {
        match intent {
            Intent::Question => &mut self.question,
            Intent::Purchase => &mut self.purchase,
            Intent::Objection => &mut self.objection,
            Intent::Praise => &mut self.praise,
            Intent::Complaint => &mut self.complaint,
            Intent::Greeting => &mut self.greeting,
            Intent::Other => &mut self.other,
        }
    }
}

/// Rows per sentiment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SentimentCounts {
    pub negative: u64,
    pub neutral: u64,
    pub positive: u64,
}

impl SentimentCounts {
    pub fn add(&mut self, sentiment: i8) {
        match sentiment.signum() {
            -1 => self.negative += 1,
            1 => self.positive += 1,
            _ => self.neutral += 1,
        }
    }
}

/// One session's comments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionComments {
    pub session_id: String,
    pub title: String,
    pub host: Option<String>,
    /// Classified rows of the session.
    pub comments: u64,
    pub intents: IntentCounts,
    pub sentiment: SentimentCounts,
    /// Questions asked, and how many got no answer within 5 minutes.
    pub questions: u64,
    pub unanswered: u64,
}

/// A product pitch window (the timeline's definition, every session) and its comments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PitchComments {
    pub session_id: String,
    pub item_id: String,
    /// The catalogue title, or the item id.
    pub title: String,
    /// Window, ms since the epoch (UTC): `start` included, `end` excluded.
    pub start: i64,
    pub end: i64,
    pub comments: u64,
    pub intents: IntentCounts,
}

/// Intents per minute of one session (the timeline's session), or of the whole data when it
/// has no sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IntentsOverTime {
    /// `None` when the data has no sessions (the whole span is shown).
    pub session_id: Option<String>,
    /// Start of minute 0, ms since the epoch (UTC).
    pub start: i64,
    pub bucket_seconds: i64,
    /// One entry per bucket, in order.
    pub minutes: Vec<IntentCounts>,
}

/// Near-duplicate questions with their answers (within 5 minutes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuestionRow {
    /// The group's most frequent wording.
    pub text: String,
    pub count: u64,
    /// Asks of the group answered, and not answered.
    pub answered: u64,
    pub unanswered: u64,
    /// First ask, ms since the epoch (UTC).
    pub first_time: i64,
}

/// All questions in brief, and the most asked groups.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuestionsSummary {
    /// Asks (comments classified as questions, and Q&A `question` rows with text).
    pub asked: u64,
    pub answered: u64,
    pub unanswered: u64,
    /// Groups of near-duplicates.
    pub groups: u64,
    /// The most asked groups (at most [`super::analyse::TOP_QUESTIONS`]), most asked first.
    pub top: Vec<QuestionRow>,
    /// The most asked groups of which no ask was answered (at most the same number).
    pub top_unanswered: Vec<QuestionRow>,
}

/// Objections of one theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ObjectionThemeRow {
    /// `price`, `trust`, `time`, `free_alternative`, `refund` or `other`.
    pub theme: String,
    pub count: u64,
    /// Of all objections.
    pub share: f64,
    /// The most frequent wordings `(text, count)`, at most 3.
    pub examples: Vec<(String, u64)>,
}

/// A phrase found without a dictionary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PhraseRow {
    pub text: String,
    pub count: u64,
    pub score: f64,
}

/// The report's `comments` section (metrics.md, "Comments: intent and sentiment").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CommentsSection {
    /// `comment` rows, and those with text.
    pub comments: u64,
    pub comments_with_text: u64,
    /// `question` rows (the platform's Q&A tool) and `answer` rows.
    pub question_rows: u64,
    pub answer_rows: u64,
    /// Comments of the session's host account (answers, not classified).
    pub host_comments: u64,
    /// Rows classified: `comment` and `question` rows with text, the host's left out.
    pub classified: u64,
    pub intents: IntentCounts,
    pub sentiment: SentimentCounts,
    /// Sessions in start order (sessions without classified rows left out).
    pub by_session: Vec<SessionComments>,
    /// Pitch windows in start order, every session.
    pub by_pitch: Vec<PitchComments>,
    pub over_time: Option<IntentsOverTime>,
    pub questions: QuestionsSummary,
    /// Objections by theme, most first (themes without objections left out).
    pub objections: Vec<ObjectionThemeRow>,
    /// Phrases found without a dictionary, best score first.
    pub phrases: Vec<PhraseRow>,
}

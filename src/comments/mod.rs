//! Comment understanding (metrics.md, "Comments: intent and sentiment"): the intent and
//! sentiment of each comment, the theme of an objection, questions grouped with their
//! near-duplicates and marked answered, and phrases found without a dictionary.
//!
//! Pure functions over text; no browser types, no dependencies beyond `rustc-hash`. The
//! classifier is rules over hand-written cue lexicons (`lexicon.rs`); its accuracy on the
//! labelled set `tests/fixtures/comments/labelled.csv` is in docs/benchmarks.md.

mod analyse;
mod classify;
mod group;
#[rustfmt::skip]
mod lexicon;
mod nb;
pub mod norm;
mod phrases;
mod section;
mod tracker;

pub use analyse::{
    analyse, section, ClassifiedRow, CommentsAnalysis, CommentsParams, MAX_OVER_TIME_BUCKETS,
    TOP_QUESTIONS,
};
pub use classify::{classify, classify_rules_only, objection_theme};
pub use group::{group_questions, mark_answered, GroupParams, QuestionGroup, TimedQuestion};
pub use phrases::{phrases, phrases_weighted, Phrase, PhraseParams};
pub use section::{
    CommentsSection, IntentCounts, IntentsOverTime, ObjectionThemeRow, PhraseRow, PitchComments,
    QuestionRow, QuestionsSummary, SentimentCounts, SessionComments,
};
pub use tracker::{Ask, AskStatus, QuestionTracker, TrackedGroup, TrackerParams, ANSWER_WINDOW_MS};

/// What a comment does, as metrics.md defines the seven intents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Intent {
    Question,
    Purchase,
    Objection,
    Praise,
    Complaint,
    Greeting,
    Other,
}

impl Intent {
    /// All intents, in the order of reports and confusion matrices.
    pub const ALL: [Intent; 7] = [
        Intent::Question,
        Intent::Purchase,
        Intent::Objection,
        Intent::Praise,
        Intent::Complaint,
        Intent::Greeting,
        Intent::Other,
    ];

    /// The stable key (`question`, `purchase`, …) used in CSV, JSON and the labelled set.
    pub fn key(self) -> &'static str {
        match self {
            Intent::Question => "question",
            Intent::Purchase => "purchase",
            Intent::Objection => "objection",
            Intent::Praise => "praise",
            Intent::Complaint => "complaint",
            Intent::Greeting => "greeting",
            Intent::Other => "other",
        }
    }

    /// Parses a key written by [`Intent::key`]; `None` for anything else.
    pub fn from_key(key: &str) -> Option<Intent> {
        Intent::ALL.into_iter().find(|i| i.key() == key.trim())
    }

    /// Position in [`Intent::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One comment's intent and sentiment (−1, 0 or +1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classified {
    pub intent: Intent,
    pub sentiment: i8,
}

/// Why a viewer hesitates (for comments classified as objections).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectionTheme {
    Price,
    Trust,
    Time,
    FreeAlternative,
    Refund,
    Other,
}

impl ObjectionTheme {
    /// Every theme, in report order.
    pub const ALL: [ObjectionTheme; 6] = [
        ObjectionTheme::Price,
        ObjectionTheme::Trust,
        ObjectionTheme::Time,
        ObjectionTheme::FreeAlternative,
        ObjectionTheme::Refund,
        ObjectionTheme::Other,
    ];

    /// The key of its label in the label table's `comments` list (`theme_price`).
    pub fn label_key(self) -> &'static str {
        match self {
            ObjectionTheme::Price => "theme_price",
            ObjectionTheme::Trust => "theme_trust",
            ObjectionTheme::Time => "theme_time",
            ObjectionTheme::FreeAlternative => "theme_free_alternative",
            ObjectionTheme::Refund => "theme_refund",
            ObjectionTheme::Other => "theme_other",
        }
    }

    /// Parses a key written by [`ObjectionTheme::key`].
    pub fn from_key(key: &str) -> Option<ObjectionTheme> {
        ObjectionTheme::ALL.into_iter().find(|t| t.key() == key)
    }

    pub fn key(self) -> &'static str {
        match self {
            ObjectionTheme::Price => "price",
            ObjectionTheme::Trust => "trust",
            ObjectionTheme::Time => "time",
            ObjectionTheme::FreeAlternative => "free_alternative",
            ObjectionTheme::Refund => "refund",
            ObjectionTheme::Other => "other",
        }
    }
}

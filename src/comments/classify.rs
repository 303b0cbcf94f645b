//! The rule classifier: intent and sentiment of one comment, and the theme of an objection.
//!
//! Rules are checked in an order that encodes metrics.md's rules for mixed comments (the first
//! rule that fires decides the intent): off-topic and spam → faults and after-sales problems →
//! refused or conditional buying → buying statements (a real question after it wins) → the
//! clause after "but/但是" → "not expensive / worth it" → price sarcasm → reasons not to buy →
//! questions → praise → greetings → other.

use super::lexicon as lx;
use super::nb;
use super::norm::{normalise, Shape};
use super::{Classified, Intent, ObjectionTheme};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// Every cue list, so one pass over a text finds which lists have a cue in it.
const LISTS: [&[&str]; 22] = [
    lx::OFF_TOPIC,
    lx::SOCIAL,
    lx::COMPLAINT,
    lx::HAGGLE,
    lx::NEG_BUY,
    lx::PUT_OFF,
    lx::OBJECTION,
    lx::PRICE_OK,
    lx::PRICE_SARCASM,
    lx::SARCASM_MARK,
    lx::QUESTION_STRONG,
    lx::QUESTION,
    lx::PURCHASE,
    lx::PURCHASE_HAPPY,
    lx::PRAISE,
    lx::GREETING,
    lx::WARM,
    lx::THEME_REFUND,
    lx::THEME_FREE,
    lx::THEME_TRUST,
    lx::THEME_TIME,
    lx::THEME_PRICE,
];

/// Positions in [`LISTS`].
mod id {
    pub const OFF_TOPIC: u32 = 0;
    pub const SOCIAL: u32 = 1;
    pub const COMPLAINT: u32 = 2;
    pub const HAGGLE: u32 = 3;
    pub const NEG_BUY: u32 = 4;
    pub const PUT_OFF: u32 = 5;
    pub const OBJECTION: u32 = 6;
    pub const PRICE_OK: u32 = 7;
    pub const PRICE_SARCASM: u32 = 8;
    pub const SARCASM_MARK: u32 = 9;
    pub const QUESTION_STRONG: u32 = 10;
    pub const QUESTION: u32 = 11;
    pub const PURCHASE: u32 = 12;
    pub const PURCHASE_HAPPY: u32 = 13;
    pub const PRAISE: u32 = 14;
    pub const GREETING: u32 = 15;
    pub const WARM: u32 = 16;
    pub const THEME_REFUND: u32 = 17;
    pub const THEME_FREE: u32 = 18;
    pub const THEME_TRUST: u32 = 19;
    pub const THEME_TIME: u32 = 20;
    pub const THEME_PRICE: u32 = 21;
}

/// Cues by their first character: (cue, list number).
fn index() -> &'static FxHashMap<char, Vec<(&'static str, u32)>> {
    static INDEX: OnceLock<FxHashMap<char, Vec<(&'static str, u32)>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m: FxHashMap<char, Vec<(&'static str, u32)>> = FxHashMap::default();
        for (id, list) in LISTS.iter().enumerate() {
            for cue in list.iter() {
                if let Some(c) = cue.chars().next() {
                    m.entry(c).or_default().push((cue, id as u32));
                }
            }
        }
        m
    })
}

/// A normalised text and the set of cue lists with a cue in it (one pass over the text).
struct Text<'a> {
    s: &'a str,
    lists: u32,
}

impl<'a> Text<'a> {
    fn new(s: &'a str) -> Self {
        let idx = index();
        let mut lists = 0u32;
        for (i, c) in s.char_indices() {
            let (Some(cues), Some(rest)) = (idx.get(&c), s.get(i..)) else {
                continue;
            };
            for (cue, id) in cues {
                if lists & (1 << id) == 0 && rest.starts_with(cue) {
                    lists |= 1 << id;
                }
            }
        }
        Text { s, lists }
    }
}

/// Whether the text contains a cue of list `id` (a position in [`LISTS`]).
fn has(t: &Text<'_>, id: u32) -> bool {
    t.lists & (1 << id) != 0
}

/// Whether the normalised text reads as a question: a cue word, a question mark, or a
/// Chinese "A不" tail (可以开发票不, 有优惠不).
fn is_question(t: &Text<'_>, shape: &Shape) -> bool {
    if shape.question_mark || has(t, id::QUESTION) {
        return true;
    }
    let s = t.s;
    s.trim_end().ends_with('不') && (s.contains("可以") || s.contains('有') || s.contains('能'))
}

/// The text after the last contrast word (但是, 不过, but), when there is one.
fn after_contrast(t: &str) -> Option<&str> {
    ["但是", "不过", "可是", " but ", " though "]
        .iter()
        .filter_map(|w| t.rfind(w).map(|i| i + w.len()))
        .max()
        .and_then(|i| t.get(i..))
        .filter(|rest| !rest.trim().is_empty())
}

/// Whether every word of the normalised text is an @-mention.
fn only_mentions(t: &str) -> bool {
    t.contains('@')
        && t.split(' ')
            .filter(|w| !w.is_empty())
            .all(|w| w.starts_with('@') || !w.chars().any(char::is_alphanumeric))
}

fn has_figure(t: &str) -> bool {
    t.chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '百' | '千' | '万'))
}

/// Classifies one comment: the rules, then the naive Bayes fallback (`nb.rs`) when no rule
/// fires. Deterministic; never panics; any text is accepted.
pub fn classify(text: &str) -> Classified {
    classify_with(text, true)
}

/// The rules alone (no fallback: a comment no rule recognises is `other`), for comparison.
pub fn classify_rules_only(text: &str) -> Classified {
    classify_with(text, false)
}

fn classify_with(text: &str, fallback: bool) -> Classified {
    let (t, shape) = normalise(text);
    let text = Text::new(&t);
    let intent = intent_of(&text, &shape).unwrap_or_else(|| {
        if fallback {
            nb::predict(&t)
        } else {
            Intent::Other
        }
    });
    let sentiment = sentiment_of(intent, &text, &shape);
    Classified { intent, sentiment }
}

/// The intent the rules decide, or `None` when no rule fires.
fn intent_of(t: &Text<'_>, shape: &Shape) -> Option<Intent> {
    if !shape.has_words {
        // Emoji, punctuation, "1111": other — except the "666" of approval.
        return Some(if t.s.contains("666") {
            Intent::Praise
        } else {
            Intent::Other
        });
    }
    if only_mentions(t.s) {
        // A bare @-mention: talk between viewers.
        return Some(Intent::Other);
    }
    if has(t, id::OFF_TOPIC) || has(t, id::SOCIAL) {
        return Some(Intent::Other);
    }
    if has(t, id::COMPLAINT) {
        return Some(Intent::Complaint);
    }
    if has(t, id::NEG_BUY) || has(t, id::HAGGLE) {
        return Some(Intent::Objection);
    }
    if has(t, id::PURCHASE) {
        return Some(if is_question(t, shape) {
            Intent::Question
        } else {
            Intent::Purchase
        });
    }
    if let Some(tail) = after_contrast(t.s).map(Text::new) {
        let tail = &tail;
        if has(tail, id::OBJECTION) || has(tail, id::PUT_OFF) {
            return Some(Intent::Objection);
        }
        if has(tail, id::PRICE_OK) || has(tail, id::PRAISE) {
            return Some(Intent::Praise);
        }
    }
    if has(t, id::PRICE_OK) && !t.s.contains("不值") {
        return Some(Intent::Praise);
    }
    if has(t, id::PRICE_SARCASM)
        && (has_figure(t.s) || shape.sarcasm_emoji || has(t, id::SARCASM_MARK))
    {
        return Some(Intent::Objection);
    }
    if has(t, id::QUESTION_STRONG) {
        return Some(Intent::Question);
    }
    if has(t, id::OBJECTION) || has(t, id::PUT_OFF) {
        return Some(Intent::Objection);
    }
    if is_question(t, shape) {
        return Some(Intent::Question);
    }
    if has(t, id::PRAISE) {
        return Some(Intent::Praise);
    }
    if has(t, id::GREETING) {
        return Some(Intent::Greeting);
    }
    None
}

fn sentiment_of(intent: Intent, t: &Text<'_>, shape: &Shape) -> i8 {
    match intent {
        Intent::Complaint => -1,
        Intent::Praise => 1,
        Intent::Question => 0,
        Intent::Objection => {
            let mild = (has(t, id::HAGGLE) || has(t, id::PUT_OFF))
                && !has(t, id::NEG_BUY)
                && !has(t, id::OBJECTION);
            if mild {
                0
            } else {
                -1
            }
        }
        Intent::Purchase => {
            if shape.exclamation || shape.positive_emoji || has(t, id::PURCHASE_HAPPY) {
                1
            } else {
                0
            }
        }
        Intent::Greeting | Intent::Other => {
            if shape.negative_emoji {
                -1
            } else if shape.positive_emoji || has(t, id::WARM) {
                1
            } else {
                0
            }
        }
    }
}

/// The theme of an objection: refunds, free alternatives, trust, time, price (checked in this
/// order; the first that matches wins), else other. Meant for comments classified as
/// objections; any text is accepted.
pub fn objection_theme(text: &str) -> ObjectionTheme {
    let (s, _) = normalise(text);
    let t = &Text::new(&s);
    if has(t, id::THEME_REFUND) {
        ObjectionTheme::Refund
    } else if has(t, id::THEME_FREE) {
        ObjectionTheme::FreeAlternative
    } else if has(t, id::THEME_TRUST) {
        ObjectionTheme::Trust
    } else if has(t, id::THEME_TIME) {
        ObjectionTheme::Time
    } else if has(t, id::THEME_PRICE) || has_figure(t.s) {
        ObjectionTheme::Price
    } else {
        ObjectionTheme::Other
    }
}

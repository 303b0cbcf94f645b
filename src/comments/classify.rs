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

fn has(text: &str, cues: &[&str]) -> bool {
    cues.iter().any(|c| text.contains(c))
}

/// Whether the normalised text reads as a question: a cue word, a question mark, or a
/// Chinese "A不" tail (可以开发票不, 有优惠不).
fn is_question(t: &str, shape: &Shape) -> bool {
    if shape.question_mark || has(t, lx::QUESTION) {
        return true;
    }
    let trimmed = t.trim_end();
    trimmed.ends_with('不') && (t.contains("可以") || t.contains('有') || t.contains('能'))
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
    let intent = intent_of(&t, &shape).unwrap_or_else(|| {
        if fallback {
            nb::predict(&t)
        } else {
            Intent::Other
        }
    });
    let sentiment = sentiment_of(intent, &t, &shape);
    Classified { intent, sentiment }
}

/// The intent the rules decide, or `None` when no rule fires.
fn intent_of(t: &str, shape: &Shape) -> Option<Intent> {
    if !shape.has_words {
        // Emoji, punctuation, "1111": other — except the "666" of approval.
        return Some(if t.contains("666") {
            Intent::Praise
        } else {
            Intent::Other
        });
    }
    if has(t, lx::OFF_TOPIC) || has(t, lx::SOCIAL) {
        return Some(Intent::Other);
    }
    if has(t, lx::COMPLAINT) {
        return Some(Intent::Complaint);
    }
    if has(t, lx::NEG_BUY) || has(t, lx::HAGGLE) {
        return Some(Intent::Objection);
    }
    if has(t, lx::PURCHASE) {
        return Some(if is_question(t, shape) {
            Intent::Question
        } else {
            Intent::Purchase
        });
    }
    if let Some(tail) = after_contrast(t) {
        if has(tail, lx::OBJECTION) || has(tail, lx::PUT_OFF) {
            return Some(Intent::Objection);
        }
        if has(tail, lx::PRICE_OK) || has(tail, lx::PRAISE) {
            return Some(Intent::Praise);
        }
    }
    if has(t, lx::PRICE_OK) && !t.contains("不值") {
        return Some(Intent::Praise);
    }
    if has(t, lx::PRICE_SARCASM)
        && (has_figure(t) || shape.sarcasm_emoji || has(t, lx::SARCASM_MARK))
    {
        return Some(Intent::Objection);
    }
    if has(t, lx::QUESTION_STRONG) {
        return Some(Intent::Question);
    }
    if has(t, lx::OBJECTION) || has(t, lx::PUT_OFF) {
        return Some(Intent::Objection);
    }
    if is_question(t, shape) {
        return Some(Intent::Question);
    }
    if has(t, lx::PRAISE) {
        return Some(Intent::Praise);
    }
    if has(t, lx::GREETING) {
        return Some(Intent::Greeting);
    }
    None
}

fn sentiment_of(intent: Intent, t: &str, shape: &Shape) -> i8 {
    match intent {
        Intent::Complaint => -1,
        Intent::Praise => 1,
        Intent::Question => 0,
        Intent::Objection => {
            let mild = (has(t, lx::HAGGLE) || has(t, lx::PUT_OFF))
                && !has(t, lx::NEG_BUY)
                && !has(t, lx::OBJECTION);
            if mild {
                0
            } else {
                -1
            }
        }
        Intent::Purchase => {
            if shape.exclamation || shape.positive_emoji || has(t, lx::PURCHASE_HAPPY) {
                1
            } else {
                0
            }
        }
        Intent::Greeting | Intent::Other => {
            if shape.negative_emoji {
                -1
            } else if shape.positive_emoji || has(t, lx::WARM) {
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
    let (t, _) = normalise(text);
    if has(&t, lx::THEME_REFUND) {
        ObjectionTheme::Refund
    } else if has(&t, lx::THEME_FREE) {
        ObjectionTheme::FreeAlternative
    } else if has(&t, lx::THEME_TRUST) {
        ObjectionTheme::Trust
    } else if has(&t, lx::THEME_TIME) {
        ObjectionTheme::Time
    } else if has(&t, lx::THEME_PRICE) || has_figure(&t) {
        ObjectionTheme::Price
    } else {
        ObjectionTheme::Other
    }
}

//! Statements from the report's optional sections — `comments`, `interactions`, `traffic` —
//! read through their documented keys (`docs/report.md`) from their JSON values, so the review
//! depends on their stable keys only, and reads nothing when a section is absent.

use serde::Deserialize;
use serde_json::Value;

use super::baseline::{Earlier, ReviewBaseline};
use super::text::{both, format_value};
use super::{ReviewRule, ReviewStatement, ReviewTexts, ReviewUnit, ReviewVerdict};
use crate::i18n::Lang;

/// The optional sections as the report serialises them (`serde_json::to_value(&report.x)`).
#[derive(Debug, Clone, Default)]
pub struct ReviewSections {
    pub comments: Option<Value>,
    pub interactions: Option<Value>,
    pub traffic: Option<Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Comments {
    by_session: Vec<SessionComments>,
    by_pitch: Vec<PitchComments>,
    questions: Questions,
    objections: Vec<Objection>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Intents {
    objection: u64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SessionComments {
    session_id: String,
    comments: u64,
    intents: Intents,
    questions: u64,
    unanswered: u64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PitchComments {
    session_id: String,
    item_id: String,
    title: String,
    comments: u64,
    intents: Intents,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Questions {
    top_unanswered: Vec<Question>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Question {
    text: String,
    count: u64,
    first_time: i64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Objection {
    theme: String,
    count: u64,
    share: f64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Interactions {
    windows: Vec<ToolWindow>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ToolWindow {
    tool: String,
    session: String,
    start_minute: f64,
    concurrency: Effect,
    conversion: Participants,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Effect {
    effect: Option<f64>,
    effect_low: Option<f64>,
    effect_high: Option<f64>,
    distinguishable: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Participants {
    participants: u64,
    participant_rate: Option<f64>,
    other_rate: Option<f64>,
    conversion_effect: Option<f64>,
    conversion_low: Option<f64>,
    conversion_high: Option<f64>,
    distinguishable: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Traffic {
    sources: Vec<Source>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Source {
    source: String,
    viewers: u64,
    conversion_rate: Option<f64>,
    conversion_low: Option<f64>,
    conversion_high: Option<f64>,
}

/// Statements read from the sections, by part.
#[derive(Default)]
pub(super) struct Found {
    pub went_well: Vec<ReviewStatement>,
    pub to_change: Vec<ReviewStatement>,
    pub next_time: Vec<ReviewStatement>,
    pub sources: Vec<String>,
}

fn parse<T: for<'de> Deserialize<'de> + Default>(v: &Option<Value>) -> Option<T> {
    v.as_ref()
        .filter(|v| !v.is_null())
        .and_then(|v| T::deserialize(v).ok())
}

/// The reviewed session's window in ms (from its timeline), for questions of that session.
pub(super) type Window = Option<(i64, i64)>;

/// Every statement the sections give for the session `id`.
pub(super) fn statements(
    sec: &ReviewSections,
    id: &str,
    base: &Earlier,
    window: Window,
    host: Option<&str>,
) -> Found {
    let mut f = Found::default();
    if let Some(c) = parse::<Comments>(&sec.comments) {
        comments(&c, id, base, window, host, &mut f);
        f.sources.push("comments".into());
    }
    if let Some(i) = parse::<Interactions>(&sec.interactions) {
        interactions(&i, id, &mut f);
        f.sources.push("interactions".into());
    }
    if let Some(t) = parse::<Traffic>(&sec.traffic) {
        traffic(&t, &mut f);
        f.sources.push("traffic".into());
    }
    f
}

fn texts(en: String, zh: String) -> ReviewTexts {
    ReviewTexts { en, zh }
}

fn pct(v: f64) -> String {
    format_value(ReviewUnit::Percent, v, Lang::En)
}

fn rule(key: &str, en: String, zh: String) -> ReviewRule {
    ReviewRule {
        key: key.to_owned(),
        text: texts(en, zh),
    }
}

/// A share of the session's comments against the same share in the baseline sessions.
struct Share<'a> {
    kind: &'a str,
    subject: &'a str,
    value: f64,
    part: u64,
    whole: u64,
    past: Vec<f64>,
}

fn share_statement(s: &Share, host: Option<&str>) -> Option<(ReviewVerdict, ReviewStatement)> {
    let b = ReviewBaseline::of(&s.past)?;
    let verdict = b.verdict(s.value, false);
    if !matches!(verdict, ReviewVerdict::Better | ReviewVerdict::Worse) {
        return None;
    }
    let (v, m) = (pct(s.value), pct(b.median));
    let (part, whole) = (s.part, s.whole);
    let text = match (s.subject, verdict == ReviewVerdict::Worse) {
        ("unanswered_questions", true) => texts(
            format!("{part} of {whole} questions went unanswered ({v}), against your usual {m}."),
            format!("{whole} 个提问中 {part} 个没有回答（{v}），平时为 {m}。"),
        ),
        ("unanswered_questions", false) => texts(
            format!("Questions were answered: only {part} of {whole} went unanswered ({v}), against your usual {m}."),
            format!("提问回答得好：{whole} 个提问中只有 {part} 个没有回答（{v}），平时为 {m}。"),
        ),
        (_, true) => texts(
            format!("{part} of {whole} comments were objections ({v}), against your usual {m}."),
            format!("{whole} 条评论中 {part} 条是顾虑或异议（{v}），平时为 {m}。"),
        ),
        (_, false) => texts(
            format!("Fewer objections: {part} of {whole} comments ({v}), against your usual {m}."),
            format!("顾虑更少：{whole} 条评论中 {part} 条（{v}），平时为 {m}。"),
        ),
    };
    let n = b.sessions;
    let (q1, q3) = (pct(b.q1), pct(b.q3));
    let r = match host {
        Some(h) => rule(
            "outside_iqr",
            format!("outside the middle half of {h}'s last {n} sessions ({q1} to {q3})"),
            format!("超出{h}最近 {n} 场直播的中间一半（{q1} 至 {q3}）"),
        ),
        None => rule(
            "outside_iqr",
            format!("outside the middle half of your last {n} sessions ({q1} to {q3})"),
            format!("超出你最近 {n} 场直播的中间一半（{q1} 至 {q3}）"),
        ),
    };
    Some((
        verdict,
        ReviewStatement {
            kind: s.kind.to_owned(),
            source: "comments".into(),
            subject: s.subject.to_owned(),
            unit: ReviewUnit::Percent,
            value: Some(s.value),
            baseline: Some(b.median),
            difference: Some(s.value - b.median),
            rule: r,
            text,
        },
    ))
}

fn theme_label(theme: &str) -> (&str, &str) {
    match theme {
        "price" => ("price", "价格"),
        "trust" => ("trust", "信任"),
        "time" => ("no time", "没时间"),
        "free_alternative" => ("free alternatives", "免费替代"),
        "refund" => ("refunds", "退款"),
        other => (other, other),
    }
}

fn comments(
    c: &Comments,
    id: &str,
    base: &Earlier,
    window: Window,
    host: Option<&str>,
    f: &mut Found,
) {
    let row = |sid: &str| c.by_session.iter().find(|s| s.session_id == sid);
    let Some(this) = row(id) else {
        return;
    };
    let past_rows: Vec<&SessionComments> = base
        .sessions
        .iter()
        .filter_map(|s| row(&s.session_id))
        .collect();
    let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
    let shares = [
        ratio(this.unanswered, this.questions).map(|v| Share {
            kind: "question",
            subject: "unanswered_questions",
            value: v,
            part: this.unanswered,
            whole: this.questions,
            past: past_rows
                .iter()
                .filter_map(|s| ratio(s.unanswered, s.questions))
                .collect(),
        }),
        ratio(this.intents.objection, this.comments).map(|v| Share {
            kind: "objection",
            subject: "objection_share",
            value: v,
            part: this.intents.objection,
            whole: this.comments,
            past: past_rows
                .iter()
                .filter_map(|s| ratio(s.intents.objection, s.comments))
                .collect(),
        }),
    ];
    for s in shares.iter().flatten() {
        match share_statement(s, host) {
            Some((ReviewVerdict::Better, st)) => f.went_well.push(st),
            Some((_, st)) => f.to_change.push(st),
            None => {}
        }
    }
    // The most asked questions nobody answered, when they are this session's: the data has
    // only this session, or the question was first asked inside its window.
    let only_session = c.by_session.len() == 1;
    let ours = |q: &&Question| {
        only_session || window.is_some_and(|(a, b)| q.first_time >= a && q.first_time < b)
    };
    for q in c.questions.top_unanswered.iter().filter(ours).take(2) {
        let (t, n) = (q.text.clone(), q.count);
        let st = ReviewStatement {
            kind: "question".into(),
            source: "comments".into(),
            subject: q.text.clone(),
            unit: ReviewUnit::Count,
            value: Some(n as f64),
            baseline: None,
            difference: None,
            rule: rule(
                "top_unanswered",
                "among the most asked questions of the session, none of its asks answered within 5 minutes".into(),
                "本场被问得最多、且 5 分钟内无一次回答的问题".into(),
            ),
            text: texts(
                format!("Left unanswered: “{t}” (asked {n} times)."),
                format!("没有回答：“{t}”（被问 {n} 次）。"),
            ),
        };
        if f.next_time.is_empty() {
            f.next_time.push(follow(
                &st,
                texts(
                    format!("Answer “{t}” early, before people ask: it was asked {n} times and left unanswered."),
                    format!("提前回答“{t}”：本场被问 {n} 次却没有回答。"),
                ),
            ));
        }
        f.to_change.push(st);
    }
    // The pitch that drew most objections, with the top objection theme.
    let pitches: Vec<&PitchComments> = c.by_pitch.iter().filter(|p| p.session_id == id).collect();
    let counts: Vec<f64> = pitches.iter().map(|p| p.intents.objection as f64).collect();
    let worst = pitches.iter().max_by_key(|p| p.intents.objection);
    if let (Some(p), true) = (worst, pitches.len() >= 2) {
        let mut sorted = counts.clone();
        sorted.sort_by(f64::total_cmp);
        let median = super::quartiles(&sorted).map_or(0.0, |(_, m, _)| m);
        let n = p.intents.objection;
        if (n as f64) > median && n > 0 {
            let title = if p.title.is_empty() {
                p.item_id.clone()
            } else {
                p.title.clone()
            };
            let m = format_value(ReviewUnit::Count, median, Lang::En);
            let st = ReviewStatement {
                kind: "objection".into(),
                source: "comments".into(),
                subject: p.item_id.clone(),
                unit: ReviewUnit::Count,
                value: Some(n as f64),
                baseline: Some(median),
                difference: Some(n as f64 - median),
                rule: rule(
                    "most_objections_pitch",
                    format!(
                        "most objections of the session's {} pitch windows (median {m})",
                        pitches.len()
                    ),
                    format!("本场 {} 个讲解时段中顾虑最多（中位数 {m}）", pitches.len()),
                ),
                text: texts(
                    format!(
                        "Most objections came during the pitch of {title}: {n} of its {} comments.",
                        p.comments
                    ),
                    format!("{title} 讲解时顾虑最多：{} 条评论中 {n} 条。", p.comments),
                ),
            };
            if let Some(o) = c.objections.first().filter(|o| o.count > 0) {
                let (en, zh) = theme_label(&o.theme);
                let share = pct(o.share);
                f.next_time.push(follow(
                    &st,
                    texts(
                        format!("Before the price of {title}, meet the most common objection — {en}, {share} of all objections — with proof or a guarantee."),
                        format!("讲{title}的价格之前，先回应最常见的顾虑——{zh}（占全部顾虑的 {share}），给出证明或保障。"),
                    ),
                ));
            }
            f.to_change.push(st);
        }
    }
}

/// A suggestion following from `parent`, with its own text.
fn follow(parent: &ReviewStatement, text: ReviewTexts) -> ReviewStatement {
    ReviewStatement {
        rule: ReviewRule {
            key: format!("follows_{}", parent.rule.key),
            text: both(super::text::ReviewText::RuleFollows, |lang| {
                vec![("reason", parent.text.get(lang).to_owned())]
            }),
        },
        text,
        ..parent.clone()
    }
}

fn tool_label(tool: &str) -> (&str, &str) {
    match tool {
        "lottery" => ("lucky bag", "福袋"),
        "poll" => ("poll", "投票"),
        "coupon" => ("coupon", "优惠券"),
        "qa" => ("Q&A", "问答"),
        other => (other, other),
    }
}

fn signed(v: f64) -> String {
    let s = format!("{v:.1}");
    if v > 0.0 {
        format!("+{s}")
    } else {
        s
    }
}

fn interactions(i: &Interactions, id: &str, f: &mut Found) {
    for w in i.windows.iter().filter(|w| w.session == id) {
        let (en, zh) = tool_label(&w.tool);
        let at = super::text::hmm(w.start_minute);
        let e = &w.concurrency;
        if let (Some(x), Some(lo), Some(hi)) = (e.effect, e.effect_low, e.effect_high) {
            let (xs, los, his) = (signed(x), signed(lo), signed(hi));
            let (text, good) = if e.distinguishable {
                (
                    texts(
                        format!("The {en} at {at} changed concurrent viewers by {xs} (95% interval {los} to {his}) against your other sessions at that minute."),
                        format!("{at} 的{zh}使在线人数变化 {xs}（95% 区间 {los} 至 {his}），与其他场次同一时刻相比。"),
                    ),
                    x > 0.0,
                )
            } else {
                (
                    texts(
                        format!("The {en} at {at} made no difference to concurrent viewers distinguishable from none ({xs}, 95% interval {los} to {his})."),
                        format!("{at} 的{zh}对在线人数的影响与无影响无法区分（{xs}，95% 区间 {los} 至 {his}）。"),
                    ),
                    false,
                )
            };
            let st = ReviewStatement {
                kind: "interaction".into(),
                source: "interactions".into(),
                subject: w.tool.clone(),
                unit: ReviewUnit::Count,
                value: Some(x),
                baseline: Some(0.0),
                difference: Some(x),
                rule: rule(
                    if e.distinguishable { "interval_excludes_zero" } else { "interval_contains_zero" },
                    "difference in differences of mean concurrent viewers (window against the same length before, against the other sessions at the same minute), 95% interval".into(),
                    "在线人数均值的双重差分（窗口期对比之前同样时长，再对比其他场次同一时刻），95% 区间".into(),
                ),
                text,
            };
            if good {
                f.went_well.push(st);
            } else {
                f.to_change.push(st);
            }
        }
        let c = &w.conversion;
        if let (true, Some(x), Some(lo), Some(hi), Some(pr), Some(or)) = (
            c.distinguishable,
            c.conversion_effect,
            c.conversion_low,
            c.conversion_high,
            c.participant_rate,
            c.other_rate,
        ) {
            let (prs, ors) = (pct(pr), pct(or));
            let (los, his) = (pct(lo), pct(hi));
            let st = ReviewStatement {
                kind: "interaction".into(),
                source: "interactions".into(),
                subject: format!("{}_participants", w.tool),
                unit: ReviewUnit::Percent,
                value: Some(pr),
                baseline: Some(or),
                difference: Some(x),
                rule: rule(
                    "interval_excludes_zero",
                    "matched difference of conversion against present viewers with similar engagement before, 95% interval".into(),
                    "与之前参与度相近的在场观众对比的匹配转化差异，95% 区间".into(),
                ),
                text: texts(
                    format!("{} people joined the {en}; {prs} of them bought, against {ors} of similar viewers (matched difference {}, 95% interval {los} to {his}).", c.participants, pct(x)),
                    format!("{} 人参与{zh}，其中 {prs} 购买，相近观众为 {ors}（匹配差异 {}，95% 区间 {los} 至 {his}）。", c.participants, pct(x)),
                ),
            };
            if x > 0.0 {
                f.went_well.push(st);
            } else {
                f.to_change.push(st);
            }
        }
    }
}

fn source_label(s: &str) -> (&str, &str) {
    match s {
        "feed" => ("the feed", "推荐"),
        "follow" => ("followers", "关注"),
        "search" => ("search", "搜索"),
        "paid" => ("paid traffic", "付费投流"),
        "share" => ("shares", "分享"),
        "profile" => ("the profile page", "主页"),
        "nearby" => ("nearby", "同城"),
        other => (other, other),
    }
}

/// The best- and worst-converting traffic sources over all sessions, when their intervals do not
/// overlap: one suggestion.
fn traffic(t: &Traffic, f: &mut Found) {
    let rated: Vec<&Source> = t
        .sources
        .iter()
        .filter(|s| s.viewers > 0 && s.conversion_rate.is_some() && s.source != "unknown")
        .collect();
    let by = |s: &&&Source| s.conversion_rate.unwrap_or(0.0);
    let (Some(best), Some(worst)) = (
        rated.iter().max_by(|a, b| by(a).total_cmp(&by(b))),
        rated.iter().min_by(|a, b| by(a).total_cmp(&by(b))),
    ) else {
        return;
    };
    let apart = match (best.conversion_low, worst.conversion_high) {
        (Some(lo), Some(hi)) => lo > hi,
        _ => false,
    };
    if !apart || best.source == worst.source {
        return;
    }
    let (b, w) = (
        best.conversion_rate.unwrap_or(0.0),
        worst.conversion_rate.unwrap_or(0.0),
    );
    let ((ben, bzh), (wen, wzh)) = (source_label(&best.source), source_label(&worst.source));
    let (bs, ws) = (pct(b), pct(w));
    f.next_time.push(ReviewStatement {
        kind: "traffic".into(),
        source: "traffic".into(),
        subject: best.source.clone(),
        unit: ReviewUnit::Percent,
        value: Some(b),
        baseline: Some(w),
        difference: Some(b - w),
        rule: rule(
            "intervals_apart",
            "best and worst converting sources over all sessions; their 95% intervals do not overlap".into(),
            "所有场次中转化最高与最低的流量来源，两者 95% 区间不重叠".into(),
        ),
        text: texts(
            format!("Bring in more viewers from {ben}: {bs} of them bought, against {ws} of viewers from {wen} (all sessions)."),
            format!("多引导来自{bzh}的观众：其中 {bs} 购买，而来自{wzh}的观众为 {ws}（所有场次）。"),
        ),
    });
}

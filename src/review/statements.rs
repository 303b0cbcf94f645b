//! The statements of a review, source by source, ranked into "what went well", "what to
//! change" and "next time" (suggestions that cite the numbers of the statement they follow
//! from).

use super::baseline::{Earlier, ReviewBaseline};
use super::text::{both, format_difference, format_value, hmm, kpi_label, ReviewText as T};
use super::{
    KpiLine, PitchLine, Review, ReviewRule, ReviewStatement, ReviewTexts, ReviewUnit,
    ReviewVerdict, SessionFunnels, StepLine, MIN_BASELINE_SESSIONS,
};
use crate::i18n::labels::event_key_label;
use crate::i18n::Lang;
use crate::timeline::Timeline;

/// KPI statements kept per part (the strongest first), so the review fits one page.
pub const MAX_KPI_STATEMENTS: usize = 4;
/// Suggestions kept.
pub const MAX_SUGGESTIONS: usize = 4;
/// Statements kept in "what went well" and in "what to change" (KPI statements beyond the
/// first two give way to the other sources' first).
pub const MAX_PART: usize = 7;

/// `kpi` statements of `list` (the block at `from..from + n`) dropped from the weakest until the
/// list fits [`MAX_PART`] or two are left; then cut to [`MAX_PART`].
fn fit(list: &mut Vec<ReviewStatement>, from: usize, mut n: usize) {
    while list.len() > MAX_PART && n > 2 {
        list.remove(from + n - 1);
        n -= 1;
    }
    list.truncate(MAX_PART);
}

/// Funnel steps 2… of the reviewed session against the same steps of the baseline sessions.
pub(super) fn step_lines(id: &str, base: &Earlier, funnels: &SessionFunnels) -> Vec<StepLine> {
    let steps_of = |sid: &str| funnels.iter().find(|(s, _)| s == sid).map(|(_, st)| st);
    let Some(steps) = steps_of(id) else {
        return Vec::new();
    };
    let past: Vec<_> = base
        .sessions
        .iter()
        .filter_map(|s| steps_of(&s.session_id))
        .collect();
    steps
        .windows(2)
        .enumerate()
        .map(|(k, w)| {
            let value = w[1].conversion_from_previous.filter(|v| v.is_finite());
            let values: Vec<f64> = past
                .iter()
                .filter_map(|st| st.get(k + 1).and_then(|s| s.conversion_from_previous))
                .collect();
            let baseline = ReviewBaseline::of(&values);
            let verdict = match (value, baseline) {
                (None, _) => ReviewVerdict::NoValue,
                (Some(_), None) => ReviewVerdict::NoBaseline,
                (Some(v), Some(b)) => b.verdict(v, true),
            };
            StepLine {
                from: w[0].event.clone(),
                to: w[1].event.clone(),
                from_count: w[0].count,
                to_count: w[1].count,
                value,
                difference: value.zip(baseline).map(|(v, b)| v - b.median),
                baseline,
                verdict,
            }
        })
        .collect()
}

/// The pitch windows of a timeline with their GMV per minute.
pub(super) fn pitch_lines(tl: &Timeline) -> Vec<PitchLine> {
    let per = tl.bucket_seconds.max(1) as f64 / 60.0;
    tl.pitches
        .iter()
        .map(|p| {
            let minutes = (p.end_minute.saturating_sub(p.start_minute) as f64 + 1.0) * per;
            PitchLine {
                item_id: p.item_id.clone(),
                title: p.title.clone(),
                start_minute: p.start_minute as f64 * per,
                end_minute: (p.end_minute as f64 + 1.0) * per,
                gmv: p.gmv,
                orders: p.orders,
                gmv_per_minute: p.gmv / minutes,
            }
        })
        .collect()
}

/// The rule sentence of a figure outside its baseline's interquartile range.
fn iqr_rule(
    key: &str,
    unit: ReviewUnit,
    b: &ReviewBaseline,
    host: Option<&str>,
    template: T,
) -> ReviewRule {
    let t = match (template, host) {
        (T::RuleOutsideIqr, Some(_)) => T::RuleOutsideIqrHost,
        (t, _) => t,
    };
    let host = host.unwrap_or("").to_owned();
    ReviewRule {
        key: key.to_owned(),
        text: both(t, |lang| {
            vec![
                ("n", b.sessions.to_string()),
                ("q1", format_value(unit, b.q1, lang)),
                ("q3", format_value(unit, b.q3, lang)),
                ("host", host.clone()),
            ]
        }),
    }
}

/// The value / baseline / difference slots of a figure.
fn number_slots(unit: ReviewUnit, v: f64, b: f64, lang: Lang) -> Vec<(&'static str, String)> {
    vec![
        ("value", format_value(unit, v, lang)),
        ("baseline", format_value(unit, b, lang)),
        ("diff", format_difference(unit, v - b, b, lang)),
    ]
}

fn kpi_statement(l: &KpiLine, host: Option<&str>) -> Option<(f64, ReviewStatement)> {
    let (v, b) = (l.value?, l.baseline?);
    let template = if v > b.median { T::KpiUp } else { T::KpiDown };
    let key = l.key.clone();
    let text = both(template, |lang| {
        let mut s = number_slots(l.unit, v, b.median, lang);
        s.push(("metric", kpi_label(&key, lang).to_owned()));
        s
    });
    Some((
        b.strength(v),
        ReviewStatement {
            kind: "kpi".into(),
            source: "kpis".into(),
            subject: l.key.clone(),
            unit: l.unit,
            value: Some(v),
            baseline: Some(b.median),
            difference: Some(v - b.median),
            rule: iqr_rule("outside_iqr", l.unit, &b, host, T::RuleOutsideIqr),
            text,
        },
    ))
}

fn step_statement(l: &StepLine) -> Option<ReviewStatement> {
    let (v, b) = (l.value?, l.baseline?);
    let (from, to) = (l.from.clone(), l.to.clone());
    Some(ReviewStatement {
        kind: "funnel_step".into(),
        source: "funnel".into(),
        subject: format!("{}→{}", l.from, l.to),
        unit: ReviewUnit::Percent,
        value: Some(v),
        baseline: Some(b.median),
        difference: Some(v - b.median),
        rule: iqr_rule(
            "largest_step_drop",
            ReviewUnit::Percent,
            &b,
            None,
            T::RuleStepDrop,
        ),
        text: both(T::StepDrop, |lang| {
            let mut s = number_slots(ReviewUnit::Percent, v, b.median, lang);
            s.push(("from", event_key_label(&from, lang)));
            s.push(("to", event_key_label(&to, lang)));
            s
        }),
    })
}

/// The median of `v` (sorted copy).
fn median(v: &[f64]) -> Option<f64> {
    let mut s: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    s.sort_by(f64::total_cmp);
    super::quartiles(&s).map(|(_, m, _)| m)
}

fn pitch_statement(p: &PitchLine, n: usize, median: f64, best: bool) -> ReviewStatement {
    let (t, rule_t, key) = if best {
        (T::BestPitch, T::RuleBestPitch, "best_pitch")
    } else {
        (T::WorstPitch, T::RuleWorstPitch, "worst_pitch")
    };
    let title = if p.title.is_empty() {
        p.item_id.clone()
    } else {
        p.title.clone()
    };
    ReviewStatement {
        kind: "pitch".into(),
        source: "timeline".into(),
        subject: p.item_id.clone(),
        unit: ReviewUnit::Money,
        value: Some(p.gmv_per_minute),
        baseline: Some(median),
        difference: Some(p.gmv_per_minute - median),
        rule: ReviewRule {
            key: key.into(),
            text: both(rule_t, |_| vec![("n", n.to_string())]),
        },
        text: both(t, |lang| {
            vec![
                ("product", title.clone()),
                ("from", hmm(p.start_minute)),
                ("to", hmm(p.end_minute)),
                (
                    "value",
                    format_value(ReviewUnit::Money, p.gmv_per_minute, lang),
                ),
                ("baseline", format_value(ReviewUnit::Money, median, lang)),
            ]
        }),
    }
}

/// A suggestion following from `parent`, with `template`'s slots filled from its numbers.
fn suggestion(
    parent: &ReviewStatement,
    template: T,
    extra: Vec<(&'static str, ReviewTexts)>,
) -> ReviewStatement {
    let (v, b) = (
        parent.value.unwrap_or(f64::NAN),
        parent.baseline.unwrap_or(f64::NAN),
    );
    let unit = parent.unit;
    let subject = parent.subject.clone();
    ReviewStatement {
        kind: parent.kind.clone(),
        source: parent.source.clone(),
        subject: parent.subject.clone(),
        unit,
        value: parent.value,
        baseline: parent.baseline,
        difference: parent.difference,
        rule: ReviewRule {
            key: format!("follows_{}", parent.rule.key),
            text: both(T::RuleFollows, |lang| {
                vec![("reason", parent.text.get(lang).to_owned())]
            }),
        },
        text: both(template, |lang| {
            let mut s = number_slots(unit, v, b, lang);
            s.push(("metric", kpi_label(&subject, lang).to_owned()));
            s.extend(extra.iter().map(|(k, t)| (*k, t.get(lang).to_owned())));
            s
        }),
    }
}

fn step_suggestion(parent: &ReviewStatement, l: &StepLine) -> ReviewStatement {
    let t = match (l.from.as_str(), l.to.as_str()) {
        ("enter", "product_view") => T::SuggestEnterProductView,
        ("product_view", "click") => T::SuggestProductViewClick,
        ("click", "order" | "add_cart") | ("add_cart", "order") => T::SuggestClickOrder,
        ("order", "pay") => T::SuggestOrderPay,
        _ => T::SuggestStep,
    };
    let label = |k: &str| ReviewTexts {
        en: event_key_label(k, Lang::En),
        zh: event_key_label(k, Lang::Zh),
    };
    suggestion(
        parent,
        t,
        vec![("from", label(&l.from)), ("to", label(&l.to))],
    )
}

fn kpi_suggestion(parent: &ReviewStatement) -> ReviewStatement {
    let t = match parent.subject.as_str() {
        "viewers" | "peak_concurrent" => T::SuggestViewers,
        "avg_watch_seconds" => T::SuggestWatch,
        "interaction_rate" => T::SuggestInteraction,
        "follow_rate" => T::SuggestFollow,
        "conversion_rate" | "click_to_pay_rate" => T::SuggestConversion,
        "aov" => T::SuggestAov,
        "refund_rate" => T::SuggestRefund,
        _ => T::SuggestKpi,
    };
    suggestion(parent, t, Vec::new())
}

/// Fills the three parts of `r` from its KPI, funnel and pitch lines.
pub(super) fn fill(r: &mut Review, found: super::sections::Found) {
    let host = r.host.clone().filter(|_| r.baseline.same_host);
    let mut good: Vec<(f64, ReviewStatement)> = Vec::new();
    let mut bad: Vec<(f64, ReviewStatement)> = Vec::new();
    for l in &r.kpis {
        let Some(st) = kpi_statement(l, host.as_deref()) else {
            continue;
        };
        match l.verdict {
            ReviewVerdict::Better => good.push(st),
            ReviewVerdict::Worse => bad.push(st),
            _ => {}
        }
    }
    for list in [&mut good, &mut bad] {
        crate::sort::by(list, |a, b| b.0.total_cmp(&a.0));
        list.truncate(MAX_KPI_STATEMENTS);
    }
    let mut sources = vec!["kpis".to_owned()];
    let mut next: Vec<ReviewStatement> = Vec::new();

    // The funnel step that fell most, when it fell outside the baseline's range.
    let drop = r
        .funnel
        .iter()
        .filter(|l| l.verdict == ReviewVerdict::Worse)
        .filter_map(|l| Some((l.difference?, l)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .and_then(|(_, l)| Some((step_statement(l)?, l)));
    if !r.funnel.is_empty() {
        sources.push("funnel".into());
    }
    let mut to_change: Vec<ReviewStatement> = Vec::new();
    if let Some((st, l)) = drop {
        next.push(step_suggestion(&st, l));
        to_change.push(st);
    }
    // Suggestions from the room's voice (questions, objections, traffic) come next.
    next.extend(found.next_time);
    for (_, st) in bad.iter().take(2) {
        next.push(kpi_suggestion(st));
    }
    let (bad_from, bad_n) = (to_change.len(), bad.len());
    to_change.extend(bad.into_iter().map(|(_, s)| s));
    let good_n = good.len();
    let mut went_well: Vec<ReviewStatement> = good.into_iter().map(|(_, s)| s).collect();

    // Best and worst pitch windows by GMV per minute.
    let rates: Vec<f64> = r.pitches.iter().map(|p| p.gmv_per_minute).collect();
    if !r.pitches.is_empty() {
        sources.push("timeline".into());
    }
    if let (Some(m), true) = (median(&rates), r.pitches.len() >= 2) {
        let n = r.pitches.len();
        let best = r
            .pitches
            .iter()
            .max_by(|a, b| a.gmv_per_minute.total_cmp(&b.gmv_per_minute));
        let worst = r
            .pitches
            .iter()
            .min_by(|a, b| a.gmv_per_minute.total_cmp(&b.gmv_per_minute));
        if let Some(p) = best.filter(|p| p.gmv_per_minute > m) {
            let st = pitch_statement(p, n, m, true);
            if m > 0.0 {
                let ratio = ReviewTexts {
                    en: format!("{:.1}", p.gmv_per_minute / m),
                    zh: format!("{:.1}", p.gmv_per_minute / m),
                };
                let product = ReviewTexts {
                    en: st.subject_title(p),
                    zh: st.subject_title(p),
                };
                next.push(suggestion(
                    &st,
                    T::SuggestBestPitch,
                    vec![("ratio", ratio), ("product", product)],
                ));
            }
            went_well.push(st);
        }
        if let Some(p) = worst.filter(|p| p.gmv_per_minute < m) {
            to_change.push(pitch_statement(p, n, m, false));
        }
    }
    went_well.extend(found.went_well);
    to_change.extend(found.to_change);
    fit(&mut went_well, 0, good_n);
    fit(&mut to_change, bad_from, bad_n);
    sources.extend(found.sources);
    next.truncate(MAX_SUGGESTIONS);
    r.went_well = went_well;
    r.to_change = to_change;
    r.next_time = next;
    r.sources = sources;
    r.notes = notes(r);
}

impl ReviewStatement {
    /// The product title of a pitch statement.
    fn subject_title(&self, p: &PitchLine) -> String {
        if p.title.is_empty() {
            self.subject.clone()
        } else {
            p.title.clone()
        }
    }
}

/// Notes on the review as a whole: no baseline yet, or nothing outside the usual range.
fn notes(r: &Review) -> Vec<ReviewTexts> {
    let with_baseline = r.kpis.iter().filter(|l| l.baseline.is_some()).count();
    if with_baseline == 0 {
        return vec![both(T::NoBaseline, |_| {
            vec![("min", MIN_BASELINE_SESSIONS.to_string())]
        })];
    }
    let flagged = r
        .kpis
        .iter()
        .any(|l| matches!(l.verdict, ReviewVerdict::Better | ReviewVerdict::Worse));
    if flagged {
        return Vec::new();
    }
    let n = r
        .kpis
        .iter()
        .filter_map(|l| l.baseline)
        .map(|b| b.sessions)
        .max()
        .unwrap_or(0);
    vec![both(T::NothingFlagged, |_| vec![("n", n.to_string())])]
}

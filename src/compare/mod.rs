//! A/B comparison of two groups (sessions, hosts, user attributes), per `metrics.md`, "A/B
//! comparison": pooled two-proportion z-test (two-sided), unpooled 95% interval of the
//! difference, Wilson 95% intervals, GrowthBook's chance to beat control, a sample-ratio-mismatch
//! check and the sample size per arm. Group A is the control, B the variant.
//!
//! Trials and successes are persons:
//! - a group's events are the events of its sessions (listed sessions, or the host's sessions),
//!   or all events of the persons with the attribute value;
//! - trials are the distinct persons with an `enter` in those events (`product_view` for
//!   click-through); successes are those of them who also have the success event in the group's
//!   events (`pay`, `click`, `follow`, any of `comment`/`like`/`share`). Successes are counted
//!   among trials so that each rate is a binomial proportion; this equals the KPI of
//!   `metrics.md` except for persons with a success but no `enter` (a gap in the data).
//!
//! A person can be in both groups (e.g. two sessions both attended); the test then treats the
//! arms as independent, which is an approximation the summary does not hide behind.
//!
//! Verdict: `NotEnoughData` when a rate or the test is undefined, or the difference is not
//! significant and the arms are smaller than the sample size needed for the observed lift (10%
//! when none); otherwise `BBetter`/`ABetter` when p < 0.05, else `NoDifference`.

pub mod means;
pub mod resample;
pub mod stats;
pub mod tdist;

use crate::analysis::Prepared;
use crate::model::{Dataset, EventKind, NONE};
use crate::{Error, Result};
pub use means::{compare_means, MeanComparison, MeanEstimate};
use serde::{Deserialize, Serialize};
pub use stats::{
    chance_to_beat_control, chi2_sf_1df, normal_cdf, normal_quantile, sample_size_two_proportions,
    two_proportion_z, wilson, ZTest,
};

/// Significance level of the verdict and of the sample-size design.
pub const ALPHA: f64 = 0.05;
/// Power of the sample-size design.
pub const POWER: f64 = 0.8;
/// Relative minimum detectable effect used when no lift is observed.
pub const DEFAULT_MDE: f64 = 0.10;
/// Sample-ratio mismatch is flagged below this p-value.
pub const SRM_THRESHOLD: f64 = 0.001;

/// One arm of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Session ids (in [`Dataset::sessions`]).
    Sessions(Vec<u32>),
    /// A host id (in [`Dataset::hosts`]): all of the host's sessions.
    Host(u32),
    /// Persons whose users-file attribute `name` has `value`.
    Attribute { name: String, value: String },
}

/// What is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CompareMetric {
    /// Payers / viewers.
    #[default]
    Conversion,
    /// Clickers / product viewers.
    ClickThrough,
    /// Followers / viewers.
    Follow,
    /// Viewers who commented, liked or shared / viewers.
    Interaction,
}

impl CompareMetric {
    pub fn key(self) -> &'static str {
        match self {
            CompareMetric::Conversion => "conversion",
            CompareMetric::ClickThrough => "click_through",
            CompareMetric::Follow => "follow",
            CompareMetric::Interaction => "interaction",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompareParams {
    /// Control.
    pub a: Group,
    /// Variant.
    pub b: Group,
    /// Default: conversion.
    #[serde(default)]
    pub metric: CompareMetric,
}

impl Default for CompareParams {
    /// Session 0 against session 1, conversion.
    fn default() -> Self {
        CompareParams {
            a: Group::Sessions(vec![0]),
            b: Group::Sessions(vec![1]),
            metric: CompareMetric::Conversion,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RateEstimate {
    pub label: String,
    pub trials: u64,
    pub successes: u64,
    pub rate: Option<f64>,
    /// Wilson 95% interval.
    pub wilson_low: Option<f64>,
    pub wilson_high: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    BBetter,
    ABetter,
    NoDifference,
    NotEnoughData,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comparison {
    /// [`CompareMetric::key`].
    pub metric: String,
    pub a: RateEstimate,
    pub b: RateEstimate,
    /// `rate_b − rate_a`.
    pub difference: Option<f64>,
    /// 95% interval of the difference, unpooled standard error.
    pub diff_ci_low: Option<f64>,
    pub diff_ci_high: Option<f64>,
    /// `rate_b / rate_a − 1`.
    pub relative_lift: Option<f64>,
    /// Pooled z of `rate_b − rate_a` (positive when B is higher).
    pub z: Option<f64>,
    /// Two-sided, pooled.
    pub p_value: Option<f64>,
    /// Probability that B beats A (GrowthBook, delta-method normal approximation).
    pub chance_to_beat_control: Option<f64>,
    /// Chi-squared test of the trial counts against an even split.
    pub srm_p_value: Option<f64>,
    /// `srm_p_value < 0.001`.
    pub srm_flag: bool,
    /// Persons per arm for the observed relative lift (10% when none), α = 0.05, power 0.8.
    pub sample_size_per_arm: Option<u64>,
    /// `sample_size_per_arm` minus the smaller arm's trials, at least 0.
    pub more_needed_per_arm: Option<u64>,
    pub verdict: Verdict,
    pub summary_en: String,
    pub summary_zh: String,
    /// Mean comparisons of the same two groups' viewers: watch seconds and GMV per viewer
    /// (Welch's t-test and a bootstrap interval, [`means`]).
    #[serde(default)]
    pub means: Vec<MeanComparison>,
}

/// Per-person flags of a group's events.
const F_ENTER: u8 = 1;
const F_VIEW: u8 = 2;
const F_CLICK: u8 = 4;
const F_PAY: u8 = 8;
const F_FOLLOW: u8 = 16;
const F_INTERACT: u8 = 32;

fn flag(kind: EventKind) -> u8 {
    match kind {
        EventKind::Enter => F_ENTER,
        EventKind::ProductView => F_VIEW,
        EventKind::Click => F_CLICK,
        EventKind::Pay => F_PAY,
        EventKind::Follow => F_FOLLOW,
        EventKind::Comment | EventKind::Like | EventKind::Share => F_INTERACT,
        _ => 0,
    }
}

/// Which events belong to a group, resolved against the dataset.
enum Selector<'a> {
    Sessions(Vec<bool>),
    Users(&'a [u32], u32),
}

fn resolve<'a>(ds: &'a Dataset, g: &Group) -> Result<(Selector<'a>, String)> {
    match g {
        Group::Sessions(list) => {
            if list.is_empty() {
                return Err(Error::Params("a group needs at least one session".into()));
            }
            let mut member = vec![false; ds.sessions.len()];
            for &s in list {
                match member.get_mut(s as usize) {
                    Some(m) => *m = true,
                    None => return Err(Error::Params(format!("unknown session id {s}"))),
                }
            }
            let mut label: Vec<&str> = list.iter().take(3).map(|&s| ds.sessions.name(s)).collect();
            let more = format!("+{} more", list.len().saturating_sub(3));
            if list.len() > 3 {
                label.push(&more);
            }
            Ok((Selector::Sessions(member), label.join(", ")))
        }
        Group::Host(h) => {
            if *h as usize >= ds.hosts.len() {
                return Err(Error::Params(format!("unknown host id {h}")));
            }
            let member = (0..ds.sessions.len())
                .map(|s| ds.session_info.get(s).is_some_and(|i| i.host == *h))
                .collect();
            Ok((Selector::Sessions(member), ds.hosts.name(*h).to_owned()))
        }
        Group::Attribute { name, value } => {
            let a = ds
                .user_attributes
                .iter()
                .find(|a| &a.name == name)
                .ok_or_else(|| Error::Params(format!("no user attribute named {name:?}")))?;
            let v = a.values.get(value).ok_or_else(|| {
                Error::Params(format!("user attribute {name:?} has no value {value:?}"))
            })?;
            Ok((Selector::Users(&a.of_user, v), format!("{name} = {value}")))
        }
    }
}

/// Trials and successes of a group for a metric, in one pass over the events.
fn count(ds: &Dataset, sel: &Selector, metric: CompareMetric) -> (u64, u64) {
    let ev = &ds.events;
    let mut flags = vec![0u8; ds.users.len()];
    for i in 0..ev.len() {
        let u = ev.user[i];
        let inside = match sel {
            Selector::Sessions(m) => {
                let s = ev.session[i];
                s != NONE && m.get(s as usize).copied().unwrap_or(false)
            }
            Selector::Users(of_user, v) => of_user.get(u as usize) == Some(v),
        };
        if inside {
            if let Some(f) = flags.get_mut(u as usize) {
                *f |= flag(ev.kind[i]);
            }
        }
    }
    let (trial, success) = match metric {
        CompareMetric::Conversion => (F_ENTER, F_PAY),
        CompareMetric::ClickThrough => (F_VIEW, F_CLICK),
        CompareMetric::Follow => (F_ENTER, F_FOLLOW),
        CompareMetric::Interaction => (F_ENTER, F_INTERACT),
    };
    let mut n = 0;
    let mut x = 0;
    for f in flags {
        if f & trial != 0 {
            n += 1;
            if f & success != 0 {
                x += 1;
            }
        }
    }
    (n, x)
}

fn estimate(label: String, trials: u64, successes: u64) -> RateEstimate {
    let ci = wilson(successes, trials, stats::Z_95);
    RateEstimate {
        label,
        trials,
        successes,
        rate: (trials > 0).then(|| successes as f64 / trials as f64),
        wilson_low: ci.map(|c| c.0),
        wilson_high: ci.map(|c| c.1),
    }
}

/// Compares group B (variant) with group A (control).
pub fn compare(prep: &Prepared, p: &CompareParams) -> Result<Comparison> {
    let ds = prep.ds();
    let (sel_a, label_a) = resolve(ds, &p.a)?;
    let (sel_b, label_b) = resolve(ds, &p.b)?;
    let (na, xa) = count(ds, &sel_a, p.metric);
    let (nb, xb) = count(ds, &sel_b, p.metric);
    let (watch_a, gmv_a) = per_viewer(prep, &sel_a);
    let (watch_b, gmv_b) = per_viewer(prep, &sel_b);
    let means = vec![
        compare_means(
            "watch_seconds",
            label_a.clone(),
            &watch_a,
            label_b.clone(),
            &watch_b,
        ),
        compare_means(
            "gmv_per_viewer",
            label_a.clone(),
            &gmv_a,
            label_b.clone(),
            &gmv_b,
        ),
    ];
    let mut c = compare_counts(
        p.metric,
        estimate(label_a, na, xa),
        estimate(label_b, nb, xb),
    );
    c.means = means;
    Ok(c)
}

/// Each viewer's (person with an `enter` in the group's events) watch seconds in the group's
/// sessions and amount paid in the group's events, in user-id order.
fn per_viewer(prep: &Prepared, sel: &Selector) -> (Vec<f64>, Vec<f64>) {
    let ds = prep.ds();
    let ev = &ds.events;
    let inside = |s: u32, u: u32| match sel {
        Selector::Sessions(m) => s != NONE && m.get(s as usize).copied().unwrap_or(false),
        Selector::Users(of_user, v) => of_user.get(u as usize) == Some(v),
    };
    let n = ds.users.len();
    let mut viewer = vec![false; n];
    let mut gmv = vec![0.0f64; n];
    for i in 0..ev.len() {
        let u = ev.user[i];
        if !inside(ev.session[i], u) {
            continue;
        }
        match ev.kind[i] {
            EventKind::Enter => {
                if let Some(v) = viewer.get_mut(u as usize) {
                    *v = true;
                }
            }
            EventKind::Pay => {
                if let Some(g) = gmv.get_mut(u as usize) {
                    *g += ev.amount[i];
                }
            }
            _ => {}
        }
    }
    let mut watch = vec![0.0f64; n];
    for v in prep.visits() {
        if inside(v.session, v.user) {
            if let Some(w) = watch.get_mut(v.user as usize) {
                *w += v.seconds();
            }
        }
    }
    let mut w_out = Vec::new();
    let mut g_out = Vec::new();
    for u in 0..n {
        if viewer[u] && !ds.is_pseudo_user(u as u32) {
            w_out.push(watch[u]);
            g_out.push(gmv[u]);
        }
    }
    (w_out, g_out)
}

/// The statistics and verdict from the two arms' counts.
pub fn compare_counts(metric: CompareMetric, a: RateEstimate, b: RateEstimate) -> Comparison {
    let (na, xa, nb, xb) = (a.trials, a.successes, b.trials, b.successes);
    let difference = match (a.rate, b.rate) {
        (Some(ra), Some(rb)) => Some(rb - ra),
        _ => None,
    };
    let ci = stats::diff_interval(xa, na, xb, nb, stats::Z_95);
    let relative_lift = match (a.rate, b.rate) {
        (Some(ra), Some(rb)) if ra > 0.0 => Some(rb / ra - 1.0),
        _ => None,
    };
    // statsmodels order (B first) so that z > 0 means B is higher.
    let test = two_proportion_z(xb, nb, xa, na);
    let ctw = chance_to_beat_control(xa, na, xb, nb);
    let srm_p_value = stats::srm_p_value(na, nb);
    let srm_flag = srm_p_value.is_some_and(|p| p < SRM_THRESHOLD);
    let mde = relative_lift.filter(|l| *l != 0.0).unwrap_or(DEFAULT_MDE);
    let sample_size_per_arm = a
        .rate
        .and_then(|ra| sample_size_two_proportions(ra, mde, ALPHA, POWER));
    let more_needed_per_arm = sample_size_per_arm.map(|n| n.saturating_sub(na.min(nb)));

    let verdict = match (test, difference) {
        (Some(t), Some(d)) if t.p_value < ALPHA => {
            if d > 0.0 {
                Verdict::BBetter
            } else {
                Verdict::ABetter
            }
        }
        (Some(_), Some(_)) if more_needed_per_arm == Some(0) => Verdict::NoDifference,
        _ => Verdict::NotEnoughData,
    };

    let mut c = Comparison {
        metric: metric.key().to_owned(),
        a,
        b,
        difference,
        diff_ci_low: ci.map(|c| c.0),
        diff_ci_high: ci.map(|c| c.1),
        relative_lift,
        z: test.map(|t| t.z),
        p_value: test.map(|t| t.p_value),
        chance_to_beat_control: ctw,
        srm_p_value,
        srm_flag,
        sample_size_per_arm,
        more_needed_per_arm,
        verdict,
        summary_en: String::new(),
        summary_zh: String::new(),
        means: Vec::new(),
    };
    let (en, zh) = summaries(metric, &c);
    c.summary_en = en;
    c.summary_zh = zh;
    c
}

// ---- plain-language summaries ----

/// `0.0352` → `"3.5%"`.
fn pct(r: Option<f64>) -> String {
    r.map_or_else(|| "–".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

/// A relative change as a whole percentage (one decimal below 1%): `0.183` → `"18%"`.
fn lift_pct(l: f64) -> String {
    let v = l.abs() * 100.0;
    if v < 1.0 {
        format!("{v:.1}%")
    } else {
        format!("{v:.0}%")
    }
}

/// A probability as a percentage for "chance this is real", never claiming certainty.
fn chance_pct(p: f64) -> String {
    let v = (p * 100.0).round();
    if v >= 100.0 {
        ">99%".to_owned()
    } else if v <= 0.0 {
        "<1%".to_owned()
    } else {
        format!("{v:.0}%")
    }
}

/// Rounds to two significant digits (≥ 100) and groups thousands: 4187 → `"4,200"`.
fn about(n: u64) -> String {
    let mut v = n;
    if v >= 100 {
        let mut scale = 1u64;
        while v / scale >= 100 {
            scale *= 10;
        }
        v = (v + scale / 2) / scale * scale;
    }
    let digits = v.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn summaries(metric: CompareMetric, c: &Comparison) -> (String, String) {
    let (noun_en, noun_zh) = match metric {
        CompareMetric::Conversion => ("conversion rate", "转化率"),
        CompareMetric::ClickThrough => ("click-through rate", "商品点击率"),
        CompareMetric::Follow => ("follow rate", "转粉率"),
        CompareMetric::Interaction => ("interaction rate", "互动率"),
    };
    let (unit_en, unit_zh) = match metric {
        CompareMetric::ClickThrough => ("product viewers", "名看过商品的观众"),
        _ => ("viewers", "名观众"),
    };
    let (ra, rb) = (pct(c.a.rate), pct(c.b.rate));
    let (mut en, mut zh) = match c.verdict {
        Verdict::BBetter | Verdict::ABetter => {
            let b_wins = c.verdict == Verdict::BBetter;
            let (w, l) = if b_wins { ("B", "A") } else { ("A", "B") };
            let (rw, rl) = if b_wins { (&rb, &ra) } else { (&ra, &rb) };
            let (win_rate, lose_rate) = if b_wins {
                (c.b.rate, c.a.rate)
            } else {
                (c.a.rate, c.b.rate)
            };
            let lift = match (win_rate, lose_rate) {
                (Some(w), Some(l)) if l > 0.0 => Some(lift_pct(w / l - 1.0)),
                _ => None,
            };
            let chance = c
                .chance_to_beat_control
                .map(|p| chance_pct(if b_wins { p } else { 1.0 - p }));
            let mut en = match (&lift, metric) {
                (Some(x), CompareMetric::Conversion) => format!("{w} converts {x} better"),
                (Some(x), _) => format!("{w}'s {noun_en} is {x} higher"),
                (None, _) => format!("{w}'s {noun_en} is higher"),
            };
            en.push_str(&format!(" than {l} ({rw} vs {rl})"));
            let mut zh = match &lift {
                Some(x) => format!("{w} 的{noun_zh}比 {l} 高 {x}（{rw} 对 {rl}）"),
                None => format!("{w} 的{noun_zh}比 {l} 高（{rw} 对 {rl}）"),
            };
            if let Some(ch) = chance {
                en.push_str(&format!("; {ch} chance this is real"));
                zh.push_str(&format!("，有 {ch} 的把握这是真实差异"));
            }
            (en, zh)
        }
        Verdict::NoDifference => {
            let p = c.p_value.unwrap_or(1.0);
            (
                format!("No clear difference in {noun_en}: A {ra} vs B {rb} (p = {p:.2})"),
                format!("{noun_zh}没有明显差异：A {ra}，B {rb}（p = {p:.2}）"),
            )
        }
        Verdict::NotEnoughData => match c.more_needed_per_arm {
            Some(m) if m > 0 => (
                format!(
                    "Not enough data yet: about {} more {unit_en} per group needed \
                     (A {ra} vs B {rb})",
                    about(m)
                ),
                format!(
                    "数据还不够：每组大约还需要 {} {unit_zh}（A {ra}，B {rb}）",
                    about(m)
                ),
            ),
            _ => (
                format!(
                    "Not enough data yet to compare the {noun_en} \
                     (A: {} of {}, B: {} of {})",
                    c.a.successes, c.a.trials, c.b.successes, c.b.trials
                ),
                format!(
                    "数据还不够，无法比较{noun_zh}（A：{}/{}，B：{}/{}）",
                    c.a.successes, c.a.trials, c.b.successes, c.b.trials
                ),
            ),
        },
    };
    if c.srm_flag {
        en.push_str(&format!(
            ". Warning: the groups' sizes ({} vs {}) are far from an even split \
             (sample ratio mismatch); check how people were assigned",
            c.a.trials, c.b.trials
        ));
        zh.push_str(&format!(
            "。注意：两组人数（{} 对 {}）明显不是各半（样本比例失衡），请检查分组方式",
            c.a.trials, c.b.trials
        ));
    }
    en.push('.');
    zh.push('。');
    (en, zh)
}

#[cfg(test)]
mod tests;

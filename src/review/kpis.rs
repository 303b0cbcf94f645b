//! The KPIs a review compares, with their unit and good direction.

use super::baseline::{Earlier, ReviewBaseline};
use super::{KpiLine, ReviewUnit, ReviewVerdict};
use crate::kpi::{Kpis, SessionKpis};

/// A KPI of `kpis.by_session` the review reads.
pub struct ReviewKpi {
    pub key: &'static str,
    pub unit: ReviewUnit,
    pub higher_is_better: bool,
    pub get: fn(&Kpis) -> Option<f64>,
}

const fn kpi(
    key: &'static str,
    unit: ReviewUnit,
    higher_is_better: bool,
    get: fn(&Kpis) -> Option<f64>,
) -> ReviewKpi {
    ReviewKpi {
        key,
        unit,
        higher_is_better,
        get,
    }
}

/// The reviewed KPIs, in the order of the review's table (reach, engagement, conversion,
/// money).
pub const REVIEW_KPIS: [ReviewKpi; 18] = [
    kpi("viewers", ReviewUnit::Count, true, |k| {
        Some(k.viewers as f64)
    }),
    kpi("peak_concurrent", ReviewUnit::Count, true, |k| {
        Some(k.peak_concurrent as f64)
    }),
    kpi("avg_concurrent", ReviewUnit::Count, true, |k| {
        k.avg_concurrent
    }),
    kpi("avg_watch_seconds", ReviewUnit::Seconds, true, |k| {
        k.avg_watch_seconds
    }),
    kpi("interaction_rate", ReviewUnit::Percent, true, |k| {
        k.interaction_rate
    }),
    kpi("comments_per_minute", ReviewUnit::PerMinute, true, |k| {
        k.comments_per_minute
    }),
    kpi("follow_rate", ReviewUnit::Percent, true, |k| k.follow_rate),
    kpi("product_click_rate", ReviewUnit::Percent, true, |k| {
        k.product_click_rate
    }),
    kpi("click_to_pay_rate", ReviewUnit::Percent, true, |k| {
        k.click_to_pay_rate
    }),
    kpi("conversion_rate", ReviewUnit::Percent, true, |k| {
        k.conversion_rate
    }),
    kpi("buyers", ReviewUnit::Count, true, |k| {
        k.buyers.map(|b| b as f64)
    }),
    kpi("orders", ReviewUnit::Count, true, |k| Some(k.orders as f64)),
    kpi("gmv", ReviewUnit::Money, true, |k| Some(k.gmv)),
    kpi("aov", ReviewUnit::Money, true, |k| k.aov),
    kpi("gpm", ReviewUnit::Money, true, |k| k.gpm),
    kpi("uv_value", ReviewUnit::Money, true, |k| k.uv_value),
    kpi("refund_rate", ReviewUnit::Percent, false, |k| k.refund_rate),
    kpi("roi", ReviewUnit::Ratio, true, |k| k.roi),
];

/// Whether a KPI means anything for this session: counts of people need events with people
/// (an orders-only session has no viewers), so a 0 viewer count is no value.
fn value_of(k: &ReviewKpi, s: &Kpis) -> Option<f64> {
    let v = (k.get)(s).filter(|v| v.is_finite())?;
    let needs_viewers = matches!(k.key, "viewers" | "peak_concurrent" | "avg_concurrent");
    (!(needs_viewers && s.viewers == 0)).then_some(v)
}

/// Every reviewed KPI of `this` against the baseline sessions.
pub(super) fn kpi_lines(this: &SessionKpis, base: &Earlier) -> Vec<KpiLine> {
    REVIEW_KPIS
        .iter()
        .map(|k| {
            let value = value_of(k, &this.kpis);
            let past: Vec<f64> = base
                .sessions
                .iter()
                .filter_map(|s| value_of(k, &s.kpis))
                .collect();
            let baseline = ReviewBaseline::of(&past);
            line(k.key, k.unit, k.higher_is_better, value, baseline)
        })
        .collect()
}

fn line(
    key: &str,
    unit: ReviewUnit,
    higher_is_better: bool,
    value: Option<f64>,
    baseline: Option<ReviewBaseline>,
) -> KpiLine {
    let difference = value.zip(baseline).map(|(v, b)| v - b.median);
    let relative_difference = difference
        .zip(baseline)
        .and_then(|(d, b)| (b.median != 0.0).then(|| d / b.median.abs()));
    let verdict = match (value, baseline) {
        (None, _) => ReviewVerdict::NoValue,
        (Some(_), None) => ReviewVerdict::NoBaseline,
        (Some(v), Some(b)) => b.verdict(v, higher_is_better),
    };
    KpiLine {
        key: key.to_owned(),
        unit,
        higher_is_better,
        value,
        baseline,
        difference,
        relative_difference,
        verdict,
    }
}

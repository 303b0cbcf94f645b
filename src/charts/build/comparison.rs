//! The A/B comparison: each group's rate with its 95% Wilson interval.

use crate::charts::{ChartKind, ChartSpec};
use crate::compare::Comparison;
use crate::i18n::{fill, ChartText as T, Lang};

pub(super) fn comparison_chart(c: &Comparison, lang: Lang) -> ChartSpec {
    let arms = [&c.a, &c.b];
    let mut spec = ChartSpec::new(
        "comparison",
        fill(
            T::ComparisonTitle.text(lang),
            &[("a", &c.a.label), ("b", &c.b.label)],
        ),
        ChartKind::Intervals {
            labels: arms.iter().map(|a| a.label.clone()).collect(),
            estimate: arms.iter().map(|a| a.rate.unwrap_or(f64::NAN)).collect(),
            low: arms
                .iter()
                .map(|a| a.wilson_low.unwrap_or(f64::NAN))
                .collect(),
            high: arms
                .iter()
                .map(|a| a.wilson_high.unwrap_or(f64::NAN))
                .collect(),
            percent: true,
        },
    )
    .labels(T::Group.string(lang), T::RateWithInterval.string(lang));
    spec.note = Some(match lang {
        Lang::En => c.summary_en.clone(),
        Lang::Zh => c.summary_zh.clone(),
    });
    spec
}

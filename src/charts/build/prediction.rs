//! Purchase prediction charts: ROC and precision–recall curves of the test set, coefficients by feature, and the mean
//! predicted probability per users-file attribute value.

use crate::charts::{ChartKind, ChartSpec, Series};
use crate::i18n::{fill, ChartText as T, Lang};
use crate::predict::PredictResult;
use crate::report::AttributeProbability;

/// ROC curve, coefficients, and mean probability per attribute value
/// (`probability_by_attribute_<i>`, one per attribute).
pub(super) fn prediction_charts(
    p: &PredictResult,
    by_attr: &[AttributeProbability],
    lang: Lang,
) -> Vec<ChartSpec> {
    let x: Vec<f64> = p.roc.iter().map(|&(f, _)| f).collect();
    let roc = ChartSpec::new(
        "roc",
        match p.auc {
            Some(a) => fill(
                T::RocTitleWithAuc.text(lang),
                &[("auc", &format!("{a:.3}"))],
            ),
            None => T::RocTitle.string(lang),
        },
        ChartKind::Lines {
            x: x.clone(),
            x_is_time_minutes: false,
            series: vec![
                Series::new(
                    T::Model.string(lang),
                    p.roc.iter().map(|&(_, t)| Some(t)).collect(),
                ),
                Series::new(T::Chance.string(lang), x.iter().map(|&f| Some(f)).collect()),
            ],
            bands: Vec::new(),
            markers: Vec::new(),
            percent: true,
        },
    )
    .labels(
        T::FalsePositiveRate.string(lang),
        T::TruePositiveRate.string(lang),
    )
    .empty_text(T::RocOneClass.string(lang));
    let pr_curve = ChartSpec::new(
        "pr_curve",
        match p.average_precision {
            Some(a) => fill(T::PrTitleWithAp.text(lang), &[("ap", &format!("{a:.3}"))]),
            None => T::PrTitle.string(lang),
        },
        ChartKind::Lines {
            x: p.pr_curve.iter().map(|q| q.recall).collect(),
            x_is_time_minutes: false,
            series: vec![Series::new(
                T::Model.string(lang),
                p.pr_curve.iter().map(|q| Some(q.precision)).collect(),
            )],
            bands: Vec::new(),
            markers: Vec::new(),
            percent: true,
        },
    )
    .labels(T::RecallAxis.string(lang), T::PrecisionAxis.string(lang))
    .empty_text(T::RocOneClass.string(lang));
    let mut coefs: Vec<&(String, f64)> = p.coefficients.iter().collect();
    crate::sort::by(&mut coefs, |a, b| b.1.abs().total_cmp(&a.1.abs()));
    let coef = ChartSpec::new(
        "coefficients",
        T::CoefficientsTitle.string(lang),
        ChartKind::Bars {
            categories: coefs.iter().map(|(n, _)| n.clone()).collect(),
            series: vec![Series::new(
                T::Coefficient.string(lang),
                coefs.iter().map(|(_, v)| Some(*v)).collect(),
            )],
            stacked: false,
            percent: false,
        },
    )
    .labels(T::Feature.string(lang), T::CoefficientAxis.string(lang));
    let mut out = vec![roc, pr_curve, coef];
    for (i, a) in by_attr.iter().enumerate() {
        out.push(
            ChartSpec::new(
                format!("probability_by_attribute_{i}"),
                fill(
                    T::ProbabilityByAttributeTitle.text(lang),
                    &[("attribute", &a.attribute)],
                ),
                ChartKind::Bars {
                    categories: a
                        .values
                        .iter()
                        .map(|(v, n, _)| format!("{v} (n={n})"))
                        .collect(),
                    series: vec![Series::new(
                        T::MeanProbability.string(lang),
                        a.values.iter().map(|(_, _, p)| Some(*p)).collect(),
                    )],
                    stacked: false,
                    percent: true,
                },
            )
            .labels(a.attribute.clone(), T::MeanProbabilityPercent.string(lang)),
        );
    }
    out
}

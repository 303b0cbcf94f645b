//! The recommenders' offline evaluation: metrics @K per model, one chart per split.

use crate::charts::{ChartKind, ChartSpec, Series};
use crate::i18n::{fill, model_label, ChartText as T, Lang};
use crate::recommend::EvaluationResult;

pub(super) fn evaluation_charts(
    time_split: &EvaluationResult,
    loo: &EvaluationResult,
    lang: Lang,
) -> Vec<ChartSpec> {
    let one = |id: &str, e: &EvaluationResult, split: T| {
        let k = e.k;
        let series = vec![
            (
                format!("P@{k}"),
                e.rows.iter().map(|r| r.precision).collect(),
            ),
            (format!("R@{k}"), e.rows.iter().map(|r| r.recall).collect()),
            (format!("NDCG@{k}"), e.rows.iter().map(|r| r.ndcg).collect()),
            (format!("MAP@{k}"), e.rows.iter().map(|r| r.map).collect()),
            (
                fill(T::HitRateAtK.text(lang), &[("k", &k)]),
                e.rows.iter().map(|r| r.hit_rate).collect(),
            ),
            (
                T::Coverage.string(lang),
                e.rows.iter().map(|r| r.coverage).collect(),
            ),
        ]
        .into_iter()
        .map(|(n, v)| Series::new(n, v))
        .collect();
        ChartSpec::new(
            id,
            fill(
                T::EvaluationTitle.text(lang),
                &[("split", &split.text(lang))],
            ),
            ChartKind::Bars {
                categories: e
                    .rows
                    .iter()
                    .map(|r| model_label(r.model, lang).to_owned())
                    .collect(),
                series,
                stacked: false,
                percent: true,
            },
        )
        .labels(T::Model.string(lang), T::ScorePercent.string(lang))
        .note(fill(
            T::EvaluationNote.text(lang),
            &[("users", &e.users_evaluated), ("held_out", &e.held_out)],
        ))
        .empty_text(T::EvaluationEmpty.string(lang))
    };
    vec![
        one("evaluation", time_split, T::SplitTime),
        one("evaluation_loo", loo, T::SplitLeaveOneOut),
    ]
}

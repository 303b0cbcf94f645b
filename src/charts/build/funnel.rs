//! Funnel charts: people at each step, conversion by breakdown, time to convert, and the
//! funnel's conversion per session.

use crate::charts::{ChartKind, ChartSpec, Series};
use crate::funnel::{FunnelResult, NONE_LABEL, OTHER_LABEL};
use crate::i18n::labels::{event_key_label, group_label};
use crate::i18n::{ChartText as T, Lang};

/// A breakdown row's name in `lang`: a segment's name (RFM, cluster) and the missing and
/// grouped values are the core's and are shown in `lang`; other values are data, as they are.
fn breakdown_name(f: &FunnelResult, value: &str, lang: Lang) -> String {
    if f.params.breakdown == "segment" || value == NONE_LABEL || value == OTHER_LABEL {
        group_label(value, lang)
    } else {
        value.to_owned()
    }
}

pub(super) fn funnel_charts(f: &FunnelResult, lang: Lang) -> Vec<ChartSpec> {
    let steps: Vec<String> = f
        .steps
        .iter()
        .map(|s| event_key_label(&s.event, lang))
        .collect();
    let mut out = vec![ChartSpec::new(
        "funnel",
        T::FunnelTitle.string(lang),
        ChartKind::Funnel {
            steps: steps.clone(),
            counts: f.steps.iter().map(|s| s.count as f64).collect(),
            conversion: f
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    if i == 0 {
                        None
                    } else {
                        s.conversion_from_previous
                    }
                })
                .collect(),
        },
    )
    .labels(T::Step.string(lang), T::People.string(lang))];
    if !f.breakdown.is_empty() {
        out.push(
            ChartSpec::new(
                "funnel_breakdown",
                T::FunnelBreakdownTitle.string(lang),
                ChartKind::Bars {
                    categories: steps,
                    series: f
                        .breakdown
                        .iter()
                        .map(|b| {
                            Series::new(
                                breakdown_name(f, &b.value, lang),
                                b.steps.iter().map(|s| s.conversion_from_start).collect(),
                            )
                        })
                        .collect(),
                    stacked: false,
                    percent: true,
                },
            )
            .labels(
                T::Step.string(lang),
                T::ConversionFromStep1Percent.string(lang),
            ),
        );
    }
    let bins = &f.time_to_convert.bins;
    out.push(
        ChartSpec::new(
            "time_to_convert",
            T::TimeToConvertTitle.string(lang),
            ChartKind::Bars {
                categories: bins.iter().map(|b| b.label.clone()).collect(),
                series: vec![Series::from_values(
                    T::People.string(lang),
                    &bins.iter().map(|b| b.count as f64).collect::<Vec<_>>(),
                )],
                stacked: false,
                percent: false,
            },
        )
        .labels(T::TimeFromStep1.string(lang), T::People.string(lang)),
    );
    out
}

/// Conversion (step 1 → last step) of each session's funnel attempts, in session order.
pub(super) fn funnel_trend(f: &FunnelResult, lang: Lang) -> Option<ChartSpec> {
    if f.trend.is_empty() {
        return None;
    }
    Some(
        ChartSpec::new(
            "funnel_trend",
            T::FunnelTrendTitle.string(lang),
            ChartKind::BarsLine {
                categories: f.trend.iter().map(|p| p.session_id.clone()).collect(),
                bars: Series::from_values(
                    T::PeopleAtStep1.string(lang),
                    &f.trend
                        .iter()
                        .map(|p| p.start_count as f64)
                        .collect::<Vec<_>>(),
                ),
                line: Series::new(
                    T::ConversionToLastStep.string(lang),
                    f.trend.iter().map(|p| p.conversion).collect(),
                ),
            },
        )
        .labels(T::Session.string(lang), T::People.string(lang))
        .y2_label(T::ConversionFraction.string(lang)),
    )
}

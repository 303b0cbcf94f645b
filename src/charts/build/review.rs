//! The post-live review's charts: the session's KPIs against the creator's usual (median of the
//! baseline sessions), and GMV per minute of each pitch window.

use crate::charts::{ChartKind, ChartSpec, Series};
use crate::i18n::{fill, ChartText as T, Lang};
use crate::review::{kpi_label, Review};

/// KPIs shown in the comparison chart (the table holds them all).
/// (Rates with small medians, such as the refund rate, are left out: their relative change
/// dwarfs the others.)
const CHART_KPIS: [&str; 9] = [
    "viewers",
    "avg_watch_seconds",
    "interaction_rate",
    "follow_rate",
    "product_click_rate",
    "conversion_rate",
    "gmv",
    "aov",
    "uv_value",
];

/// A product title short enough for an axis.
fn short(s: &str) -> String {
    if s.chars().count() <= 14 {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(13).collect();
        t.push('…');
        t
    }
}

/// The review's charts (`review_kpis`, `review_pitches`).
pub fn review_charts(r: &Review, lang: Lang) -> Vec<ChartSpec> {
    let lines: Vec<_> = CHART_KPIS
        .iter()
        .filter_map(|k| r.kpis.iter().find(|l| l.key == *k))
        .filter(|l| l.relative_difference.is_some())
        .collect();
    let mut kpis = ChartSpec::new(
        "review_kpis",
        fill(T::ReviewKpisTitle.text(lang), &[("session", &r.session_id)]),
        ChartKind::Bars {
            categories: lines
                .iter()
                .map(|l| kpi_label(&l.key, lang).to_owned())
                .collect(),
            series: vec![Series::new(
                T::DifferenceFromUsual.string(lang),
                lines.iter().map(|l| l.relative_difference).collect(),
            )],
            stacked: false,
            percent: true,
        },
    )
    .labels(T::Kpi.string(lang), T::DifferenceFromUsual.string(lang))
    .empty_text(T::ReviewNoBaseline.string(lang));
    kpis.note = Some(T::ReviewKpisNote.string(lang));
    let pitches = ChartSpec::new(
        "review_pitches",
        T::ReviewPitchesTitle.string(lang),
        ChartKind::Bars {
            categories: r.pitches.iter().map(|p| short(&p.title)).collect(),
            series: vec![Series::from_values(
                T::GmvPerMinute.string(lang),
                &r.pitches
                    .iter()
                    .map(|p| p.gmv_per_minute)
                    .collect::<Vec<_>>(),
            )],
            stacked: false,
            percent: false,
        },
    )
    .labels(T::PitchedProduct.string(lang), T::GmvPerMinute.string(lang))
    .empty_text(T::ReviewNoPitches.string(lang));
    vec![kpis, pitches]
}

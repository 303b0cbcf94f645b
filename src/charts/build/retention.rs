//! Retention charts: the cohort heatmap, cumulative revenue per person (LTV) and the lifecycle
//! (new, returning, resurrecting, dormant) per period.

use crate::charts::{ChartKind, ChartSpec, Series};
use crate::i18n::{fill, ChartText as T, Lang};
use crate::retention::{Period, RetentionResult};

pub(super) fn retention_charts(r: &RetentionResult, lang: Lang) -> Vec<ChartSpec> {
    let periods = r.cohorts.iter().map(|c| c.rates.len()).max().unwrap_or(0);
    let unit = match r.period {
        Period::Day => T::Day.text(lang),
        Period::Week => T::Week.text(lang),
    };
    let cols: Vec<String> = (0..periods).map(|n| format!("{unit} {n}")).collect();
    let rows: Vec<String> = r
        .cohorts
        .iter()
        .map(|c| format!("{} (n={})", c.cohort, c.size))
        .collect();
    let mut values = Vec::with_capacity(rows.len() * periods);
    for c in &r.cohorts {
        for n in 0..periods {
            values.push(c.rates.get(n).copied().flatten());
        }
    }
    let heat = ChartSpec::new(
        "retention",
        T::RetentionTitle.string(lang),
        ChartKind::Heatmap {
            rows,
            cols: cols.clone(),
            values,
            value_label: T::Retained.string(lang),
            percent: true,
        },
    )
    .labels(
        T::PeriodsSinceFirstPurchase.string(lang),
        T::Cohort.string(lang),
    );
    let ltv = ChartSpec::new(
        "ltv",
        T::LtvTitle.string(lang),
        ChartKind::Lines {
            x: (0..periods).map(|n| n as f64).collect(),
            x_is_time_minutes: false,
            series: r
                .cohorts
                .iter()
                .map(|c| Series::new(c.cohort.clone(), c.ltv.clone()))
                .collect(),
            bands: Vec::new(),
            markers: Vec::new(),
            percent: false,
        },
    )
    .labels(
        fill(T::UnitSinceFirstPurchase.text(lang), &[("unit", &unit)]),
        T::RevenuePerPerson.string(lang),
    );
    let counts = |f: &dyn Fn(&crate::retention::LifecyclePeriod) -> f64| {
        r.lifecycle.iter().map(f).collect::<Vec<_>>()
    };
    let life = ChartSpec::new(
        "lifecycle",
        T::LifecycleTitle.string(lang),
        ChartKind::Bars {
            categories: r.lifecycle.iter().map(|p| p.period.clone()).collect(),
            series: vec![
                Series::from_values(T::New.string(lang), &counts(&|p| p.new as f64)),
                Series::from_values(T::Returning.string(lang), &counts(&|p| p.returning as f64)),
                Series::from_values(
                    T::Resurrecting.string(lang),
                    &counts(&|p| p.resurrecting as f64),
                ),
                Series::from_values(T::Dormant.string(lang), &counts(&|p| -(p.dormant as f64))),
            ],
            stacked: true,
            percent: false,
        },
    )
    .labels(
        T::Period.string(lang),
        T::PeopleDormantBelowZero.string(lang),
    );
    vec![heat, ltv, life]
}

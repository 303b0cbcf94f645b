//! Sales charts of the overview: GMV, viewers and conversion per session and per host, GMV by
//! host × product category, and rows per event.

use crate::charts::{ChartKind, ChartSpec, Series};
use crate::i18n::labels::event_key_label;
use crate::i18n::{ChartText as T, Lang};
use crate::kpi::HostCategory;
use crate::report::Report;

/// A short label for a session: its id and local date (`s01 · 10-03`).
fn session_label(id: &str, start: Option<&str>) -> String {
    match start.and_then(|s| s.get(5..10)) {
        Some(md) => format!("{id} · {md}"),
        None => id.to_owned(),
    }
}

pub(super) fn kpi_charts(r: &Report, lang: Lang) -> Vec<ChartSpec> {
    let sessions = &r.kpis.by_session;
    let cats: Vec<String> = sessions
        .iter()
        .map(|s| session_label(&s.session_id, s.start.as_deref()))
        .collect();
    let no_sessions = T::NoSessions.string(lang);
    let gmv = ChartSpec::new(
        "gmv_viewers_by_session",
        T::GmvViewersBySessionTitle.string(lang),
        ChartKind::BarsLine {
            categories: cats.clone(),
            bars: Series::from_values(
                T::Gmv.string(lang),
                &sessions.iter().map(|s| s.kpis.gmv).collect::<Vec<_>>(),
            ),
            line: Series::from_values(
                T::Viewers.string(lang),
                &sessions
                    .iter()
                    .map(|s| s.kpis.viewers as f64)
                    .collect::<Vec<_>>(),
            ),
        },
    )
    .labels(T::Session.string(lang), T::GmvCny.string(lang))
    .y2_label(T::ViewersPeople.string(lang))
    .empty_text(no_sessions.clone());
    let conv = ChartSpec::new(
        "conversion_by_session",
        T::ConversionBySessionTitle.string(lang),
        ChartKind::Bars {
            categories: cats,
            series: vec![
                Series::new(
                    T::ProductClickRate.string(lang),
                    sessions.iter().map(|s| s.kpis.product_click_rate).collect(),
                ),
                Series::new(
                    T::ViewToPayConversion.string(lang),
                    sessions.iter().map(|s| s.kpis.conversion_rate).collect(),
                ),
            ],
            stacked: false,
            percent: true,
        },
    )
    .labels(T::Session.string(lang), T::RatePercent.string(lang))
    .empty_text(no_sessions);
    let mut out = vec![gmv, conv];
    if !r.hosts.is_empty() {
        out.push(
            ChartSpec::new(
                "gmv_by_host",
                T::GmvByHostTitle.string(lang),
                ChartKind::BarsLine {
                    categories: r.hosts.iter().map(|h| h.group.clone()).collect(),
                    bars: Series::from_values(
                        T::Gmv.string(lang),
                        &r.hosts.iter().map(|h| h.kpis.gmv).collect::<Vec<_>>(),
                    ),
                    line: Series::from_values(
                        T::Viewers.string(lang),
                        &r.hosts
                            .iter()
                            .map(|h| h.kpis.viewers as f64)
                            .collect::<Vec<_>>(),
                    ),
                },
            )
            .labels(T::Host.string(lang), T::GmvCny.string(lang))
            .y2_label(T::ViewersPeople.string(lang)),
        );
    }
    out.push(
        ChartSpec::new(
            "events_by_kind",
            T::EventsByKindTitle.string(lang),
            ChartKind::Bars {
                categories: r
                    .dataset
                    .event_counts
                    .iter()
                    .map(|(k, _)| event_key_label(k, lang))
                    .collect(),
                series: vec![Series::from_values(
                    T::Rows.string(lang),
                    &r.dataset
                        .event_counts
                        .iter()
                        .map(|(_, c)| *c as f64)
                        .collect::<Vec<_>>(),
                )],
                stacked: false,
                percent: false,
            },
        )
        .labels(T::Event.string(lang), T::Rows.string(lang)),
    );
    out
}

/// GMV per host, stacked by product category.
pub(super) fn hosts_by_category(rows: &[HostCategory], lang: Lang) -> Option<ChartSpec> {
    if rows.is_empty() {
        return None;
    }
    let mut hosts: Vec<String> = Vec::new();
    let mut cats: Vec<String> = Vec::new();
    for r in rows {
        if !hosts.contains(&r.host) {
            hosts.push(r.host.clone());
        }
        if !cats.contains(&r.category) {
            cats.push(r.category.clone());
        }
    }
    let series = cats
        .iter()
        .map(|c| {
            Series::new(
                c.clone(),
                hosts
                    .iter()
                    .map(|h| {
                        Some(
                            rows.iter()
                                .find(|r| &r.host == h && &r.category == c)
                                .map_or(0.0, |r| r.gmv),
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    Some(
        ChartSpec::new(
            "hosts_by_category",
            T::HostsByCategoryTitle.string(lang),
            ChartKind::Bars {
                categories: hosts,
                series,
                stacked: true,
                percent: false,
            },
        )
        .labels(T::Host.string(lang), T::GmvCny.string(lang)),
    )
}

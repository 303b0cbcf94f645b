//! Chart specs of the report, in the user's language. One function per analysis; [`all`] lists
//! every chart the report can show, in page order.

use super::{ChartKind, ChartSpec, Series};
use crate::i18n::Lang;
use crate::report::Report;

/// Every chart of a report.
pub fn all(r: &Report, lang: Lang) -> Vec<ChartSpec> {
    let mut out = Vec::new();
    out.extend(kpi_charts(r, lang));
    out
}

/// A short label for a session: its id and local date (`s01 · 10-03`).
fn session_label(id: &str, start: Option<&str>) -> String {
    match start.and_then(|s| s.get(5..10)) {
        Some(md) => format!("{id} · {md}"),
        None => id.to_owned(),
    }
}

fn kpi_charts(r: &Report, lang: Lang) -> Vec<ChartSpec> {
    let t = |en, zh| lang.pick(en, zh).to_owned();
    let sessions = &r.kpis.by_session;
    let cats: Vec<String> = sessions
        .iter()
        .map(|s| session_label(&s.session_id, s.start.as_deref()))
        .collect();
    let no_sessions = t("No session ids in the data", "数据中没有直播场次");
    let gmv = ChartSpec::new(
        "gmv_viewers_by_session",
        t("GMV and viewers per session", "各场次成交金额与观看人数"),
        ChartKind::BarsLine {
            categories: cats.clone(),
            bars: Series::from_values(
                t("GMV", "成交金额"),
                &sessions.iter().map(|s| s.kpis.gmv).collect::<Vec<_>>(),
            ),
            line: Series::from_values(
                t("Viewers", "观看人数"),
                &sessions
                    .iter()
                    .map(|s| s.kpis.viewers as f64)
                    .collect::<Vec<_>>(),
            ),
        },
    )
    .labels(t("Session", "场次"), t("GMV (CNY)", "成交金额（元）"))
    .y2_label(t("Viewers (people)", "观看人数（人）"))
    .empty_text(no_sessions.clone());
    let conv = ChartSpec::new(
        "conversion_by_session",
        t("Conversion rates per session", "各场次转化率"),
        ChartKind::Bars {
            categories: cats,
            series: vec![
                Series::new(
                    t("Product click rate", "商品点击率"),
                    sessions.iter().map(|s| s.kpis.product_click_rate).collect(),
                ),
                Series::new(
                    t("View-to-pay conversion", "观看-成交率"),
                    sessions.iter().map(|s| s.kpis.conversion_rate).collect(),
                ),
            ],
            stacked: false,
            percent: true,
        },
    )
    .labels(t("Session", "场次"), t("Rate (%)", "比率（%）"))
    .empty_text(no_sessions);
    let mut out = vec![gmv, conv];
    if !r.hosts.is_empty() {
        out.push(
            ChartSpec::new(
                "gmv_by_host",
                t("GMV and viewers by host", "各主播成交金额与观看人数"),
                ChartKind::BarsLine {
                    categories: r.hosts.iter().map(|h| h.group.clone()).collect(),
                    bars: Series::from_values(
                        t("GMV", "成交金额"),
                        &r.hosts.iter().map(|h| h.kpis.gmv).collect::<Vec<_>>(),
                    ),
                    line: Series::from_values(
                        t("Viewers", "观看人数"),
                        &r.hosts
                            .iter()
                            .map(|h| h.kpis.viewers as f64)
                            .collect::<Vec<_>>(),
                    ),
                },
            )
            .labels(t("Host", "主播"), t("GMV (CNY)", "成交金额（元）"))
            .y2_label(t("Viewers (people)", "观看人数（人）")),
        );
    }
    out.push(
        ChartSpec::new(
            "events_by_kind",
            t("Rows per event", "各事件行数"),
            ChartKind::Bars {
                categories: r
                    .dataset
                    .event_counts
                    .iter()
                    .map(|(k, _)| k.clone())
                    .collect(),
                series: vec![Series::from_values(
                    t("Rows", "行数"),
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
        .labels(t("Event", "事件"), t("Rows", "行数")),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{load, IngestOptions, InputFile};

    #[test]
    fn kpi_charts_follow_the_report_in_both_languages() {
        let ev = "user_id,session_id,event,timestamp,amount
a,s1,enter,2026-10-01 20:00:00,
a,s1,pay,2026-10-01 20:05:00,100
b,s2,enter,2026-10-02 20:00:00,
";
        let l = load(
            &[InputFile {
                name: "e.csv".into(),
                bytes: ev.as_bytes().to_vec(),
                ..InputFile::default()
            }],
            &IngestOptions::default(),
        );
        let r = crate::analyze(&l.dataset, &l.validation, &Default::default());
        let en = all(&r, Lang::En);
        let zh = all(&r, Lang::Zh);
        assert_eq!(en.len(), zh.len());
        assert_eq!(en[0].id, "gmv_viewers_by_session");
        assert_ne!(en[0].title, zh[0].title);
        match &en[0].kind {
            ChartKind::BarsLine {
                categories,
                bars,
                line,
            } => {
                assert_eq!(
                    categories,
                    &vec!["s1 · 10-01".to_string(), "s2 · 10-02".into()]
                );
                assert_eq!(bars.values, vec![Some(100.0), Some(0.0)]);
                assert_eq!(line.values, vec![Some(1.0), Some(1.0)]);
            }
            other => panic!("unexpected kind {other:?}"),
        }
    }
}

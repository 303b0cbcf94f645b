//! Chart specs of the report, in the user's language. One function per analysis; [`all`] lists
//! every chart the report can show, in page order.

use super::{Band, ChartKind, ChartSpec, Marker, Series};
use crate::compare::Comparison;
use crate::funnel::FunnelResult;
use crate::i18n::Lang;
use crate::report::{Report, RulesSection};
use crate::retention::RetentionResult;
use crate::timeline::Timeline;

/// Every chart of a report.
pub fn all(r: &Report, lang: Lang) -> Vec<ChartSpec> {
    let mut out = Vec::new();
    out.extend(kpi_charts(r, lang));
    out.extend(super::extra::hosts_by_category(&r.hosts_by_category, lang));
    if let Some(f) = &r.funnel {
        out.extend(funnel_charts(f, lang));
        out.extend(super::extra::funnel_trend(f, lang));
    }
    if let Some(t) = &r.timeline {
        out.push(timeline_chart(t, lang));
    }
    if let Some(rt) = &r.retention {
        out.extend(retention_charts(rt, lang));
    }
    if let Some(c) = &r.comparison {
        out.push(comparison_chart(c, lang));
    }
    if let Some(rs) = &r.rules {
        out.push(rules_chart(rs, lang));
    }
    if let Some(seg) = &r.segments {
        if let Some(rfm) = &seg.rfm {
            out.extend(super::extra::rfm_grids(rfm, lang));
        }
        if let Some(c) = &seg.clusters {
            out.extend(super::extra::cluster_charts(c, lang));
        }
    }
    if let Some(p) = &r.prediction {
        out.extend(super::extra::prediction_charts(
            p,
            &r.probability_by_attribute,
            lang,
        ));
    }
    if let Some(e) = &r.evaluation {
        out.extend(super::extra::evaluation_charts(
            &e.time_split,
            &e.leave_one_out,
            lang,
        ));
    }
    out
}

/// The page's label of a canonical event key.
fn event_label(key: &str, lang: Lang) -> String {
    let zh = match key {
        "impression" => "曝光",
        "enter" => "进入直播间",
        "leave" => "离开",
        "product_view" => "商品曝光",
        "click" => "商品点击",
        "add_cart" => "加购",
        "order" => "下单",
        "pay" => "支付",
        "refund" => "退款",
        "comment" => "评论",
        "like" => "点赞",
        "share" => "分享",
        "follow" => "关注",
        "gift" => "打赏",
        "unknown" => "未识别",
        other => other,
    };
    match lang {
        Lang::En => key.replace('_', " "),
        Lang::Zh => zh.to_owned(),
    }
}

fn funnel_charts(f: &FunnelResult, lang: Lang) -> Vec<ChartSpec> {
    let t = |en, zh| lang.pick(en, zh).to_owned();
    let steps: Vec<String> = f
        .steps
        .iter()
        .map(|s| event_label(&s.event, lang))
        .collect();
    let mut out = vec![ChartSpec::new(
        "funnel",
        t("Funnel: people at each step", "漏斗：各步骤人数"),
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
    .labels(t("Step", "步骤"), t("People", "人数"))];
    if !f.breakdown.is_empty() {
        out.push(
            ChartSpec::new(
                "funnel_breakdown",
                t(
                    "Conversion from the first step, by breakdown",
                    "各分组从第一步起的转化率",
                ),
                ChartKind::Bars {
                    categories: steps,
                    series: f
                        .breakdown
                        .iter()
                        .map(|b| {
                            Series::new(
                                b.value.clone(),
                                b.steps.iter().map(|s| s.conversion_from_start).collect(),
                            )
                        })
                        .collect(),
                    stacked: false,
                    percent: true,
                },
            )
            .labels(
                t("Step", "步骤"),
                t("Conversion from step 1 (%)", "相对第一步转化率（%）"),
            ),
        );
    }
    let bins = &f.time_to_convert.bins;
    out.push(
        ChartSpec::new(
            "time_to_convert",
            t(
                "Time to convert (first to last step)",
                "转化用时（第一步到最后一步）",
            ),
            ChartKind::Bars {
                categories: bins.iter().map(|b| b.label.clone()).collect(),
                series: vec![Series::from_values(
                    t("People", "人数"),
                    &bins.iter().map(|b| b.count as f64).collect::<Vec<_>>(),
                )],
                stacked: false,
                percent: false,
            },
        )
        .labels(t("Time from step 1", "距第一步的时间"), t("People", "人数")),
    );
    out
}

fn timeline_chart(tl: &Timeline, lang: Lang) -> ChartSpec {
    let t = |en, zh| lang.pick(en, zh).to_owned();
    let x: Vec<f64> = tl.minutes.iter().map(|m| m.minute as f64).collect();
    let col = |f: &dyn Fn(&crate::timeline::TimelineMinute) -> f64| {
        tl.minutes.iter().map(|m| Some(f(m))).collect::<Vec<_>>()
    };
    let gmv_scale = {
        // GMV shares the viewers' axis: scaled to the peak of concurrency.
        let peak_c = tl.minutes.iter().map(|m| m.concurrent).max().unwrap_or(0) as f64;
        let peak_g = tl.minutes.iter().map(|m| m.gmv).fold(0.0, f64::max);
        if peak_g > 0.0 && peak_c > 0.0 {
            peak_c / peak_g
        } else {
            1.0
        }
    };
    let title = format!(
        "{} · {}{}",
        t("Session timeline", "直播时间线"),
        tl.session_id,
        tl.host
            .as_deref()
            .map(|h| format!(" · {h}"))
            .unwrap_or_default()
    );
    let mut spec = ChartSpec::new(
        "timeline",
        title,
        ChartKind::Lines {
            x,
            x_is_time_minutes: true,
            series: vec![
                Series::new(
                    t("Concurrent viewers", "在线人数"),
                    col(&|m| m.concurrent as f64),
                ),
                Series::new(t("Enters", "进入"), col(&|m| m.enters as f64)),
                Series::new(t("Comments", "评论"), col(&|m| m.comments as f64)),
                Series::new(
                    t("GMV (scaled)", "成交金额（缩放）"),
                    col(&|m| m.gmv * gmv_scale),
                ),
            ],
            bands: tl
                .pitches
                .iter()
                .map(|p| Band {
                    x0: p.start_minute as f64,
                    x1: p.end_minute as f64 + 1.0,
                    label: p.title.clone(),
                })
                .collect(),
            markers: tl
                .minutes
                .iter()
                .filter(|m| m.spike)
                .map(|m| Marker {
                    x: m.minute as f64,
                    y: m.gmv * gmv_scale,
                    label: format!("¥{:.0}", m.gmv),
                })
                .collect(),
            percent: false,
        },
    )
    .labels(
        t("Time since start (h:mm)", "开播后时间（时:分）"),
        t("People per minute", "每分钟人数"),
    );
    spec.note = Some(t(
        "Shaded: product pitches. Markers: GMV spikes. GMV is scaled to the viewers' axis.",
        "阴影：商品讲解时段；标记：成交高峰；成交金额按在线人数坐标缩放。",
    ));
    spec
}

fn retention_charts(r: &RetentionResult, lang: Lang) -> Vec<ChartSpec> {
    let t = |en, zh| lang.pick(en, zh).to_owned();
    let periods = r.cohorts.iter().map(|c| c.rates.len()).max().unwrap_or(0);
    let unit = match r.period {
        crate::retention::Period::Day => t("Day", "天"),
        crate::retention::Period::Week => t("Week", "周"),
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
        t("Retention by cohort", "分组留存"),
        ChartKind::Heatmap {
            rows,
            cols: cols.clone(),
            values,
            value_label: t("Retained", "留存率"),
            percent: true,
        },
    )
    .labels(
        t("Periods since first purchase", "首次购买后的周期"),
        t("Cohort", "分组"),
    );
    let ltv = ChartSpec::new(
        "ltv",
        t(
            "Cumulative net revenue per person (LTV)",
            "人均累计净收入（LTV）",
        ),
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
        format!("{} {}", unit, t("since first purchase", "（首次购买后）")),
        t("Revenue per person (CNY)", "人均收入（元）"),
    );
    let life = ChartSpec::new(
        "lifecycle",
        t("Lifecycle per period", "各周期用户生命周期"),
        ChartKind::Bars {
            categories: r.lifecycle.iter().map(|p| p.period.clone()).collect(),
            series: vec![
                Series::from_values(
                    t("New", "新用户"),
                    &r.lifecycle.iter().map(|p| p.new as f64).collect::<Vec<_>>(),
                ),
                Series::from_values(
                    t("Returning", "回访"),
                    &r.lifecycle
                        .iter()
                        .map(|p| p.returning as f64)
                        .collect::<Vec<_>>(),
                ),
                Series::from_values(
                    t("Resurrecting", "召回"),
                    &r.lifecycle
                        .iter()
                        .map(|p| p.resurrecting as f64)
                        .collect::<Vec<_>>(),
                ),
                Series::from_values(
                    t("Dormant", "沉睡"),
                    &r.lifecycle
                        .iter()
                        .map(|p| -(p.dormant as f64))
                        .collect::<Vec<_>>(),
                ),
            ],
            stacked: true,
            percent: false,
        },
    )
    .labels(
        t("Period", "周期"),
        t("People (dormant below zero)", "人数（沉睡为负）"),
    );
    vec![heat, ltv, life]
}

fn comparison_chart(c: &Comparison, lang: Lang) -> ChartSpec {
    let t = |en, zh| lang.pick(en, zh).to_owned();
    let arms = [&c.a, &c.b];
    let mut spec = ChartSpec::new(
        "comparison",
        format!(
            "{}: {} vs {}",
            t("A/B comparison", "A/B 对比"),
            c.a.label,
            c.b.label
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
    .labels(
        t("Group", "分组"),
        t("Rate with 95% interval (%)", "比率及 95% 区间（%）"),
    );
    spec.note = Some(match lang {
        Lang::En => c.summary_en.clone(),
        Lang::Zh => c.summary_zh.clone(),
    });
    spec
}

fn rules_chart(rs: &RulesSection, lang: Lang) -> ChartSpec {
    let t = |en, zh| lang.pick(en, zh).to_owned();
    let rules = &rs.result.rules;
    ChartSpec::new(
        "rules",
        t(
            "Bundles: support × confidence, coloured by lift",
            "组合购买：支持度 × 置信度（颜色为提升度）",
        ),
        ChartKind::Scatter {
            points: rules
                .iter()
                .map(|r| super::Point {
                    x: r.support,
                    y: r.confidence,
                    group: 0,
                })
                .collect(),
            groups: Vec::new(),
            color_by: Some(rules.iter().map(|r| r.lift).collect()),
            color_label: t("Lift", "提升度"),
        },
    )
    .labels(
        t("Support (share of baskets)", "支持度（占购物篮比例）"),
        t("Confidence", "置信度"),
    )
    .empty_text(t(
        "No rule reaches the support and confidence thresholds",
        "没有规则达到支持度和置信度阈值",
    ))
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
                    .map(|(k, _)| event_label(k, lang))
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

    /// A small shop: 40 people over 4 sessions of 2 hosts, products in 2 categories, a users
    /// file; buyers watch longer and click more.
    fn shop() -> Report {
        let mut ev = String::from("user_id,session_id,event,timestamp,item_id,order_id,amount\n");
        let mut users = String::from("user_id,city\n");
        let mut order = 0;
        for u in 0..40 {
            users.push_str(&format!("u{u},{}\n", ["A", "B", "C"][u % 3]));
            for s in 0..4 {
                if (u + s) % 3 == 0 {
                    continue;
                }
                let t = |m: usize| format!("2026-10-{:02} 20:{:02}:00", 1 + 7 * s, m);
                ev.push_str(&format!("u{u},s{s},enter,{},,,\n", t(u % 20)));
                ev.push_str(&format!(
                    "u{u},s{s},product_view,{},p{},,\n",
                    t(u % 20 + 1),
                    u % 4
                ));
                if u % 2 == 0 {
                    ev.push_str(&format!("u{u},s{s},click,{},p{},,\n", t(u % 20 + 2), u % 4));
                }
                if u % 4 == 0 || (u % 5 == 0 && s % 2 == 0) {
                    order += 1;
                    for item in [u % 4, (u + 1) % 4] {
                        ev.push_str(&format!(
                            "u{u},s{s},pay,{},p{item},o{order},{}\n",
                            t(u % 20 + 3),
                            10 * (item + 1)
                        ));
                    }
                }
                ev.push_str(&format!("u{u},s{s},leave,{},,,\n", t(u % 20 + 30)));
            }
        }
        let items =
            "item_id,title,category\np0,Py,code\np1,SQL,code\np2,Yoga,health\np3,Run,health\n";
        let sessions = "session_id,host\ns0,Lin\ns1,Chen\ns2,Lin\ns3,Chen\n";
        let f = |name: &str, kind: crate::ingest::FileKind, text: &str| InputFile {
            name: name.into(),
            bytes: text.as_bytes().to_vec(),
            kind: Some(kind),
            ..InputFile::default()
        };
        use crate::ingest::FileKind as K;
        let l = load(
            &[
                f("e.csv", K::Events, &ev),
                f("u.csv", K::Users, &users),
                f("i.csv", K::Items, items),
                f("s.csv", K::Sessions, sessions),
            ],
            &IngestOptions::default(),
        );
        assert_eq!(l.validation.rows_rejected, 0);
        crate::analyze(
            &l.dataset,
            &l.validation,
            &Default::default(),
            &mut crate::analysis::no_progress,
        )
    }

    #[test]
    fn view_charts_have_titles_and_axes_in_both_languages() {
        let r = shop();
        let en = all(&r, Lang::En);
        let zh = all(&r, Lang::Zh);
        let ids: Vec<&str> = en.iter().map(|c| c.id.as_str()).collect();
        for id in [
            "hosts_by_category",
            "funnel_trend",
            "rfm_grid",
            "rfm_grid_revenue",
            "clusters_pca",
            "silhouette_by_k",
            "roc",
            "coefficients",
            "probability_by_attribute_0",
        ] {
            assert!(
                ids.contains(&id),
                "{id} missing from {ids:?}; skipped {:?}",
                r.skipped
            );
        }
        assert_eq!(en.len(), zh.len());
        for (e, z) in en.iter().zip(&zh) {
            assert_eq!(e.id, z.id);
            assert!(
                !e.title.is_empty() && !e.x_label.is_empty() && !e.y_label.is_empty(),
                "{}",
                e.id
            );
            assert_ne!(e.title, z.title, "{} is not translated", e.id);
            assert_ne!(e.y_label, z.y_label, "{} y axis is not translated", e.id);
        }
        let get = |id: &str| en.iter().find(|c| c.id == id).map(|c| c.kind.clone());
        // Host × category: 2 hosts, stacked by the 2 categories; the stacks add up to the GMV
        // of each host.
        match get("hosts_by_category") {
            Some(ChartKind::Bars {
                categories,
                series,
                stacked: true,
                ..
            }) => {
                assert_eq!(categories.len(), 2);
                assert_eq!(series.len(), 2);
                for (i, h) in categories.iter().enumerate() {
                    let total: f64 = series.iter().filter_map(|s| s.values[i]).sum();
                    let host = r.hosts.iter().find(|x| &x.group == h).expect("host");
                    assert!((total - host.kpis.gmv).abs() < 1e-9);
                }
            }
            other => panic!("{other:?}"),
        }
        // RFM grid: row "R5" first, cells add up to the persons scored.
        match get("rfm_grid") {
            Some(ChartKind::Heatmap {
                rows, cols, values, ..
            }) => {
                assert_eq!((rows[0].as_str(), cols[0].as_str()), ("R5", "F1"));
                let n: f64 = values.iter().flatten().sum();
                let rfm = r
                    .segments
                    .as_ref()
                    .and_then(|s| s.rfm.as_ref())
                    .expect("rfm");
                assert_eq!(n as usize, rfm.per_user.len());
                assert_eq!(values[0], Some(rfm.grid[4][0] as f64));
            }
            other => panic!("{other:?}"),
        }
        // PCA: one point per person (no sampling at this size), groups = k.
        let c = r
            .segments
            .as_ref()
            .and_then(|s| s.clusters.as_ref())
            .expect("clusters");
        match get("clusters_pca") {
            Some(ChartKind::Scatter { points, groups, .. }) => {
                assert_eq!(points.len(), c.per_user.len());
                assert_eq!(groups.len(), c.k);
            }
            other => panic!("{other:?}"),
        }
        // Probability by attribute: means between 0 and 1 for the three cities.
        match get("probability_by_attribute_0") {
            Some(ChartKind::Bars {
                categories,
                series,
                percent: true,
                ..
            }) => {
                assert_eq!(categories.len(), 3);
                assert!(series[0]
                    .values
                    .iter()
                    .flatten()
                    .all(|p| (0.0..=1.0).contains(p)));
            }
            other => panic!("{other:?}"),
        }
    }

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
        let r = crate::analyze(
            &l.dataset,
            &l.validation,
            &Default::default(),
            &mut crate::analysis::no_progress,
        );
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

//! Chart specs of the analysis views beyond the overview: funnel trend, host × category, RFM
//! grids, clusters (PCA, silhouette), prediction (ROC, coefficients, probability by attribute)
//! and the recommenders' evaluation. Called by [`super::build::all`].

use super::{ChartKind, ChartSpec, Point, Series};
use crate::cluster::ClusterResult;
use crate::funnel::FunnelResult;
use crate::i18n::Lang;
use crate::kpi::HostCategory;
use crate::predict::PredictResult;
use crate::recommend::{EvaluationResult, ModelKind};
use crate::report::AttributeProbability;
use crate::rfm::RfmResult;

fn tr(lang: Lang, en: &str, zh: &str) -> String {
    lang.pick(en, zh).to_owned()
}

/// Conversion (step 1 → last step) of each session's funnel attempts, in session order.
pub fn funnel_trend(f: &FunnelResult, lang: Lang) -> Option<ChartSpec> {
    if f.trend.is_empty() {
        return None;
    }
    Some(
        ChartSpec::new(
            "funnel_trend",
            tr(lang, "Funnel conversion per session", "各场次漏斗转化率"),
            ChartKind::BarsLine {
                categories: f.trend.iter().map(|p| p.session_id.clone()).collect(),
                bars: Series::from_values(
                    tr(lang, "People at step 1", "第一步人数"),
                    &f.trend
                        .iter()
                        .map(|p| p.start_count as f64)
                        .collect::<Vec<_>>(),
                ),
                line: Series::new(
                    tr(lang, "Conversion to the last step", "到最后一步的转化率"),
                    f.trend.iter().map(|p| p.conversion).collect(),
                ),
            },
        )
        .labels(tr(lang, "Session", "场次"), tr(lang, "People", "人数"))
        .y2_label(tr(
            lang,
            "Conversion (fraction, 0–1)",
            "转化率（比例，0–1）",
        )),
    )
}

/// GMV per host, stacked by product category.
pub fn hosts_by_category(rows: &[HostCategory], lang: Lang) -> Option<ChartSpec> {
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
            tr(lang, "GMV by host and category", "各主播分类目成交金额"),
            ChartKind::Bars {
                categories: hosts,
                series,
                stacked: true,
                percent: false,
            },
        )
        .labels(
            tr(lang, "Host", "主播"),
            tr(lang, "GMV (CNY)", "成交金额（元）"),
        ),
    )
}

/// The R × F grids: persons per cell and monetary per cell.
pub fn rfm_grids(r: &RfmResult, lang: Lang) -> Vec<ChartSpec> {
    // Rows R = 5 (most recent) at the top, columns F = 1 … 5.
    let rows: Vec<String> = (1..=5).rev().map(|r| format!("R{r}")).collect();
    let cols: Vec<String> = (1..=5).map(|f| format!("F{f}")).collect();
    let cell = |ri: usize, fi: usize, rev: bool| -> Option<f64> {
        if rev {
            r.grid_revenue.get(ri)?.get(fi).copied()
        } else {
            r.grid.get(ri)?.get(fi).map(|&n| n as f64)
        }
    };
    let values = |rev: bool| -> Vec<Option<f64>> {
        (0..5)
            .rev()
            .flat_map(|ri| (0..5).map(move |fi| (ri, fi)))
            .map(|(ri, fi)| cell(ri, fi, rev))
            .collect()
    };
    let x = tr(
        lang,
        "Frequency score F (1 = fewest orders, 5 = most)",
        "频次得分 F（1 = 订单最少，5 = 最多）",
    );
    let y = tr(
        lang,
        "Recency score R (5 = bought most recently)",
        "近度得分 R（5 = 最近购买）",
    );
    let note = format!("{} {}", tr(lang, "As of", "截至"), r.as_of);
    vec![
        ChartSpec::new(
            "rfm_grid",
            tr(
                lang,
                "RFM grid: persons per R × F",
                "RFM 网格：各 R × F 人数",
            ),
            ChartKind::Heatmap {
                rows: rows.clone(),
                cols: cols.clone(),
                values: values(false),
                value_label: tr(lang, "Persons", "人数"),
                percent: false,
            },
        )
        .labels(x.clone(), y.clone())
        .note(note.clone()),
        ChartSpec::new(
            "rfm_grid_revenue",
            tr(
                lang,
                "RFM grid: net revenue per R × F (CNY)",
                "RFM 网格：各 R × F 净收入（元）",
            ),
            ChartKind::Heatmap {
                rows,
                cols,
                values: values(true),
                value_label: tr(lang, "Net revenue (CNY)", "净收入（元）"),
                percent: false,
            },
        )
        .labels(x, y)
        .note(note),
    ]
}

/// Axis label of a principal component with its share of the variance.
fn pc_label(n: u32, share: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Component {n} ({:.0}% of variance)", 100.0 * share),
        Lang::Zh => format!("主成分 {n}（方差占 {:.0}%）", 100.0 * share),
    }
}

/// Cluster charts: the PCA scatter coloured by cluster and the silhouette by k.
pub fn cluster_charts(c: &ClusterResult, lang: Lang) -> Vec<ChartSpec> {
    let name = |i: usize| format!("{} {}", tr(lang, "Cluster", "群组"), i + 1);
    let mut pca = ChartSpec::new(
        "clusters_pca",
        tr(
            lang,
            "Audience clusters (PCA projection)",
            "观众群组（PCA 投影）",
        ),
        ChartKind::Scatter {
            points: c
                .pca
                .points
                .iter()
                .map(|&(x, y, g)| Point {
                    x: x as f64,
                    y: y as f64,
                    group: g,
                })
                .collect(),
            groups: (0..c.k).map(name).collect(),
            color_by: None,
            color_label: String::new(),
        },
    )
    .labels(
        pc_label(1, c.pca.explained[0], lang),
        pc_label(2, c.pca.explained[1], lang),
    );
    if let Some(n) = c.pca.sampled_from {
        pca.note = Some(match lang {
            Lang::En => format!(
                "A random sample of {} of {} persons is shown",
                c.pca.points.len(),
                n
            ),
            Lang::Zh => format!("显示 {} 人中随机抽取的 {} 人", n, c.pca.points.len()),
        });
    }
    let mut sil = ChartSpec::new(
        "silhouette_by_k",
        tr(
            lang,
            "Silhouette by number of clusters (higher = better separated)",
            "不同群组数的轮廓系数（越高分得越开）",
        ),
        ChartKind::Bars {
            categories: c
                .silhouette_by_k
                .iter()
                .map(|(k, _)| format!("k = {k}"))
                .collect(),
            series: vec![Series::new(
                tr(lang, "Silhouette", "轮廓系数"),
                c.silhouette_by_k.iter().map(|(_, s)| *s).collect(),
            )],
            stacked: false,
            percent: false,
        },
    )
    .labels(
        tr(lang, "Number of clusters k", "群组数 k"),
        tr(lang, "Mean silhouette (−1 to 1)", "平均轮廓系数（−1 到 1）"),
    )
    .empty_text(tr(
        lang,
        "The number of clusters was fixed, so no other k was tried",
        "群组数已固定，未尝试其他 k",
    ));
    if let Some(n) = c.silhouette_sampled_from {
        sil.note = Some(match lang {
            Lang::En => format!("Computed on a random sample of 10,000 of {n} persons"),
            Lang::Zh => format!("基于 {n} 人中随机抽取的 10,000 人计算"),
        });
    }
    vec![pca, sil]
}

/// Prediction charts: ROC curve, coefficients, and mean probability per attribute value
/// (`probability_by_attribute_<i>`, one per attribute).
pub fn prediction_charts(
    p: &PredictResult,
    by_attr: &[AttributeProbability],
    lang: Lang,
) -> Vec<ChartSpec> {
    let x: Vec<f64> = p.roc.iter().map(|&(f, _)| f).collect();
    let roc = ChartSpec::new(
        "roc",
        match (p.auc, lang) {
            (Some(a), Lang::En) => format!("ROC curve of the test set (AUC {a:.3})"),
            (Some(a), Lang::Zh) => format!("测试集 ROC 曲线（AUC {a:.3}）"),
            (None, _) => tr(lang, "ROC curve of the test set", "测试集 ROC 曲线"),
        },
        ChartKind::Lines {
            x: x.clone(),
            x_is_time_minutes: false,
            series: vec![
                Series::new(
                    tr(lang, "Model", "模型"),
                    p.roc.iter().map(|&(_, t)| Some(t)).collect(),
                ),
                Series::new(
                    tr(lang, "Chance", "随机猜测"),
                    x.iter().map(|&f| Some(f)).collect(),
                ),
            ],
            bands: Vec::new(),
            markers: Vec::new(),
            percent: true,
        },
    )
    .labels(
        tr(lang, "False positive rate (0–1)", "假阳性率（0–1）"),
        tr(lang, "True positive rate (%)", "真阳性率（%）"),
    )
    .empty_text(tr(
        lang,
        "The test set has only one class",
        "测试集只有一个类别",
    ));
    let mut coefs: Vec<&(String, f64)> = p.coefficients.iter().collect();
    coefs.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    let coef = ChartSpec::new(
        "coefficients",
        tr(
            lang,
            "What drives buying: coefficients by feature",
            "购买驱动因素：各特征系数",
        ),
        ChartKind::Bars {
            categories: coefs.iter().map(|(n, _)| n.clone()).collect(),
            series: vec![Series::new(
                tr(lang, "Coefficient", "系数"),
                coefs.iter().map(|(_, v)| Some(*v)).collect(),
            )],
            stacked: false,
            percent: false,
        },
    )
    .labels(
        tr(lang, "Feature", "特征"),
        tr(
            lang,
            "Coefficient (log-odds per SD)",
            "系数（对数几率/标准差）",
        ),
    );
    let mut out = vec![roc, coef];
    for (i, a) in by_attr.iter().enumerate() {
        out.push(
            ChartSpec::new(
                format!("probability_by_attribute_{i}"),
                match lang {
                    Lang::En => format!("Mean predicted purchase probability by {}", a.attribute),
                    Lang::Zh => format!("按 {} 的平均预测购买概率", a.attribute),
                },
                ChartKind::Bars {
                    categories: a
                        .values
                        .iter()
                        .map(|(v, n, _)| format!("{v} (n={n})"))
                        .collect(),
                    series: vec![Series::new(
                        tr(lang, "Mean probability", "平均概率"),
                        a.values.iter().map(|(_, _, p)| Some(*p)).collect(),
                    )],
                    stacked: false,
                    percent: true,
                },
            )
            .labels(
                a.attribute.clone(),
                tr(lang, "Mean P(buys) (%)", "平均购买概率（%）"),
            ),
        );
    }
    out
}

/// The recommenders' offline evaluation: metrics @K per model, one chart per split.
pub fn evaluation_charts(
    time_split: &EvaluationResult,
    loo: &EvaluationResult,
    lang: Lang,
) -> Vec<ChartSpec> {
    let one = |id: &str, e: &EvaluationResult, split_en: &str, split_zh: &str| {
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
                format!("{}@{k}", tr(lang, "Hit rate", "命中率")),
                e.rows.iter().map(|r| r.hit_rate).collect(),
            ),
            (
                tr(lang, "Coverage", "覆盖率"),
                e.rows.iter().map(|r| r.coverage).collect(),
            ),
        ]
        .into_iter()
        .map(|(n, v)| Series::new(n, v))
        .collect();
        ChartSpec::new(
            id,
            match lang {
                Lang::En => format!("Recommendation models compared ({split_en})"),
                Lang::Zh => format!("推荐模型对比（{split_zh}）"),
            },
            ChartKind::Bars {
                categories: e.rows.iter().map(|r| model_label(r.model, lang)).collect(),
                series,
                stacked: false,
                percent: true,
            },
        )
        .labels(
            tr(lang, "Model", "模型"),
            tr(lang, "Score (%)", "得分（%）"),
        )
        .note(match lang {
            Lang::En => format!(
                "{} persons evaluated, {} held-out purchases",
                e.users_evaluated, e.held_out
            ),
            Lang::Zh => format!("评估 {} 人，留出 {} 次购买", e.users_evaluated, e.held_out),
        })
        .empty_text(tr(
            lang,
            "Too few repeat buyers to evaluate",
            "复购用户太少，无法评估",
        ))
    };
    vec![
        one(
            "evaluation",
            time_split,
            "last purchases held out",
            "留出最近的购买",
        ),
        one("evaluation_loo", loo, "leave one out", "留一法"),
    ]
}

/// Name of a recommendation model for people.
pub fn model_label(m: ModelKind, lang: Lang) -> String {
    let (en, zh) = match m {
        ModelKind::Popularity => ("Popularity", "热门"),
        ModelKind::ItemCf => ("Item-based CF", "基于商品的协同过滤"),
        ModelKind::UserKnn => ("User k-NN", "基于用户的近邻"),
        ModelKind::Als => ("ALS (matrix factorisation)", "ALS 矩阵分解"),
        ModelKind::Content => ("Content", "基于内容"),
        ModelKind::Hybrid => ("Hybrid", "混合"),
    };
    tr(lang, en, zh)
}

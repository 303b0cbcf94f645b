//! Audience segment charts: the RFM grids (persons and net revenue per R × F) and the
//! behaviour clusters (PCA projection, silhouette by k).

use crate::charts::{ChartKind, ChartSpec, Point, Series};
use crate::cluster::ClusterResult;
use crate::i18n::{fill, ChartText as T, Lang};
use crate::rfm::RfmResult;

/// The R × F grids: persons per cell and monetary per cell.
pub(super) fn rfm_grids(r: &RfmResult, lang: Lang) -> Vec<ChartSpec> {
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
    let x = T::RfmFrequencyAxis.string(lang);
    let y = T::RfmRecencyAxis.string(lang);
    let note = fill(T::AsOf.text(lang), &[("date", &r.as_of)]);
    vec![
        ChartSpec::new(
            "rfm_grid",
            T::RfmGridTitle.string(lang),
            ChartKind::Heatmap {
                rows: rows.clone(),
                cols: cols.clone(),
                values: values(false),
                value_label: T::Persons.string(lang),
                percent: false,
            },
        )
        .labels(x.clone(), y.clone())
        .note(note.clone()),
        ChartSpec::new(
            "rfm_grid_revenue",
            T::RfmGridRevenueTitle.string(lang),
            ChartKind::Heatmap {
                rows,
                cols,
                values: values(true),
                value_label: T::NetRevenueCny.string(lang),
                percent: false,
            },
        )
        .labels(x, y)
        .note(note),
    ]
}

/// Axis label of a principal component with its share of the variance.
fn principal_component_label(n: u32, share: f64, lang: Lang) -> String {
    let percent = format!("{:.0}", 100.0 * share);
    fill(
        T::PrincipalComponent.text(lang),
        &[("n", &n), ("share", &percent)],
    )
}

/// Cluster charts: the PCA scatter coloured by cluster and the silhouette by k.
pub(super) fn cluster_charts(c: &ClusterResult, lang: Lang) -> Vec<ChartSpec> {
    let name = |i: usize| fill(T::ClusterName.text(lang), &[("n", &(i + 1))]);
    let mut pca = ChartSpec::new(
        "clusters_pca",
        T::ClustersPcaTitle.string(lang),
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
        principal_component_label(1, c.pca.explained[0], lang),
        principal_component_label(2, c.pca.explained[1], lang),
    );
    if let Some(n) = c.pca.sampled_from {
        pca.note = Some(fill(
            T::PcaSampleNote.text(lang),
            &[("shown", &c.pca.points.len()), ("total", &n)],
        ));
    }
    let mut sil = ChartSpec::new(
        "silhouette_by_k",
        T::SilhouetteTitle.string(lang),
        ChartKind::Bars {
            categories: c
                .silhouette_by_k
                .iter()
                .map(|(k, _)| format!("k = {k}"))
                .collect(),
            series: vec![Series::new(
                T::Silhouette.string(lang),
                c.silhouette_by_k.iter().map(|(_, s)| *s).collect(),
            )],
            stacked: false,
            percent: false,
        },
    )
    .labels(
        T::NumberOfClusters.string(lang),
        T::MeanSilhouette.string(lang),
    )
    .empty_text(T::SilhouetteFixedK.string(lang));
    if let Some(n) = c.silhouette_sampled_from {
        sil.note = Some(fill(T::SilhouetteSampleNote.text(lang), &[("n", &n)]));
    }
    vec![pca, sil]
}

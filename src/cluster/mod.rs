//! Behavioural clusters of persons (`metrics.md`, "Clustering").
//!
//! - Unit: every person with at least one event.
//! - Features: log1p of recency_days, frequency, monetary, watch seconds, comments and clicks,
//!   each standardised (mean 0, population standard deviation 1). A feature that is constant in
//!   the data is left out (an orders-only dataset clusters on R, F, M).
//!   recency_days is as in RFM: `as_of` (the local day after the latest timestamp) − local day of
//!   the person's last `pay`. A person who never paid gets the longest recency the data allows,
//!   `as_of` − local day of the first event in the data (as if their last purchase predated
//!   the data). Using their last visit instead spreads one-visit viewers over the whole date
//!   range and, measured on the demo data, made the recovered segments depend on the seed
//!   (adjusted Rand index 0.73–1.0 instead of ≥ 0.99; see docs/decisions.md).
//!   monetary is paid − refunded, floored at 0 before log1p.
//! - k-means (Lloyd) with greedy k-means++ seeding, `restarts` runs per k keeping the lowest
//!   inertia, seeded (ChaCha8); a run stops when no label changes or the squared centre shift is
//!   at most scikit-learn's `tol` (1e-4 × mean feature variance). k = the best mean silhouette
//!   over `k_range` unless `k` is fixed. Silhouette is exact up to 10,000 persons, else computed
//!   on a seeded sample of 10,000 persons (as scikit-learn's `silhouette_score(...,
//!   sample_size=10000)`; the sample is LiveLens' own, one sample for every k). For speed, above
//!   10,000 persons the k-means fits of the k search are also made on that sample (the reported
//!   silhouettes are theirs), and the chosen k is then fitted on all persons. Clusters are
//!   numbered by size, largest first.
//! - PCA: the top two eigenvectors of the features' covariance (power iteration with deflation);
//!   above 20,000 persons the points shown are a seeded sample of 20,000 (`sampled_from`).

mod kmeans;
mod pca;

pub use kmeans::{adjusted_rand_index, kmeans, silhouettes, KMeansFit};
pub use pca::pca;

use rand::seq::index::sample;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::analysis::Prepared;
use crate::features::{self, PersonTable};
use crate::model::{Dataset, EventKind, NONE};
use crate::{Error, Result};

/// Largest number of persons the silhouette is computed on exactly.
pub const SILHOUETTE_SAMPLE: usize = 10_000;
/// Largest number of points returned for the PCA scatter.
pub const PCA_POINTS: usize = 20_000;

/// Settings of [`cluster`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct ClusterParams {
    /// Fixed number of clusters; `None` = chosen by silhouette over `k_range`.
    pub k: Option<usize>,
    /// Inclusive range of k searched (default 2..=8).
    pub k_range: (usize, usize),
    /// k-means runs per k (default 10).
    pub restarts: usize,
    pub seed: u64,
    /// Lloyd iterations per run (default 300).
    pub max_iter: usize,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams {
            k: None,
            k_range: (2, 8),
            restarts: 10,
            seed: 42,
            max_iter: 300,
        }
    }
}

impl ClusterParams {
    /// Checks the settings.
    pub fn validate(&self) -> Result<()> {
        if let Some(k) = self.k {
            if !(1..=50).contains(&k) {
                return Err(Error::Params(format!("k must be in 1..=50, not {k}")));
            }
        }
        let (lo, hi) = self.k_range;
        if lo < 2 || hi < lo || hi > 50 {
            return Err(Error::Params(format!(
                "the k range must satisfy 2 <= from <= to <= 50, not {lo}..={hi}"
            )));
        }
        if !(1..=100).contains(&self.restarts) {
            return Err(Error::Params("restarts must be in 1..=100".into()));
        }
        if !(1..=10_000).contains(&self.max_iter) {
            return Err(Error::Params("max_iter must be in 1..=10000".into()));
        }
        Ok(())
    }
}

/// A person's cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClusterUser {
    pub user_id: String,
    pub cluster: usize,
}

/// One feature of a cluster compared with everybody.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeatureMean {
    pub feature: String,
    /// Mean of the raw value (days, orders, money, seconds, counts) in the cluster.
    pub mean: f64,
    /// Mean of the raw value over all persons clustered.
    pub overall_mean: f64,
    /// Mean of the standardised feature in the cluster (0 = average person).
    pub z: f64,
}

/// An attribute value frequent in a cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttributeShare {
    pub attribute: String,
    pub value: String,
    /// Share of the cluster's persons with this value.
    pub share: f64,
    /// Share of all persons clustered with this value.
    pub overall_share: f64,
}

/// Summary of one cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClusterSummary {
    pub cluster: usize,
    pub size: u64,
    pub share: f64,
    pub features: Vec<FeatureMean>,
    /// Categories of the items the cluster's persons clicked or bought (event counts), top 5.
    pub top_categories: Vec<(String, u64)>,
    /// Up to 3 most frequent values of each users-file attribute.
    pub top_attributes: Vec<AttributeShare>,
    pub description_en: String,
    pub description_zh: String,
}

/// 2-D PCA projection for a scatter plot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PcaProjection {
    /// (pc1, pc2, cluster).
    pub points: Vec<(f32, f32, u32)>,
    /// Number of persons the points were sampled from, when sampled (above 20,000).
    pub sampled_from: Option<usize>,
    /// Share of the total variance of each component.
    pub explained: [f64; 2],
}

/// The clustering section of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClusterResult {
    /// The settings it was computed with.
    pub params: ClusterParams,
    pub k: usize,
    pub silhouette: Option<f64>,
    pub silhouette_by_k: Vec<(usize, Option<f64>)>,
    /// Number of persons the silhouette was computed on, when sampled (above 10,000).
    pub silhouette_sampled_from: Option<usize>,
    /// Feature names used (constant features left out).
    pub features: Vec<String>,
    pub per_user: Vec<ClusterUser>,
    pub clusters: Vec<ClusterSummary>,
    pub pca: PcaProjection,
}

/// Names of the candidate features, in order.
pub const FEATURES: [&str; 6] = [
    "recency_days",
    "frequency",
    "monetary",
    "watch_seconds",
    "comments",
    "clicks",
];

/// The word of a cluster's group name in the report (`cluster 3`: its KPI table per cluster,
/// a funnel broken down by cluster, the hosts per segment).
pub const CLUSTER_WORD: &str = "cluster";

/// The group name of the cluster numbered `index` from 0: `cluster {index + 1}`.
pub fn group_name(index: usize) -> String {
    format!("{CLUSTER_WORD} {}", index + 1)
}

/// The names of [`FEATURES`] for people, `(English, Chinese)`, in the same order (the page's
/// label table, [`crate::i18n::LabelTable`]'s `features`).
pub const FEATURE_LABELS: [(&str, &str); 6] = [
    ("Days since last payment", "距上次付款天数"),
    ("Orders", "订单数"),
    ("Spend", "消费金额"),
    ("Watch time (seconds)", "观看时长（秒）"),
    ("Comments", "评论数"),
    ("Product clicks", "商品点击数"),
];

/// The standardised feature matrix of the active persons.
pub struct FeatureMatrix {
    /// User ids of the rows.
    pub users: Vec<u32>,
    /// Indices into [`FEATURES`] of the columns kept.
    pub columns: Vec<usize>,
    /// Row-major standardised log1p values.
    pub x: Vec<f64>,
    /// Raw values of all six candidate features, row-major `n × 6`.
    pub raw: Vec<f64>,
}

/// Builds the clustering features (see the module docs).
pub fn feature_matrix(ds: &Dataset, t: &PersonTable) -> FeatureMatrix {
    let as_of = features::latest_ts(ds).map_or(0, |l| ds.local_day(l) + 1);
    let first_day = ds.events.ts.first().map_or(as_of, |&t| ds.local_day(t));
    let users: Vec<u32> = (0..t.len())
        .filter(|&u| t.active[u])
        .map(|u| u as u32)
        .collect();
    let n = users.len();
    let mut raw = Vec::with_capacity(n * 6);
    for &u in &users {
        let u = u as usize;
        let recency = if t.is_buyer(u) {
            as_of - ds.local_day(t.last_pay_ts[u])
        } else {
            as_of - first_day
        };
        raw.push(recency.max(0) as f64);
        raw.push(t.orders[u] as f64);
        raw.push(t.monetary(u).max(0.0));
        raw.push(t.watch_seconds[u].max(0.0));
        raw.push(t.comments[u] as f64);
        raw.push(t.clicks[u] as f64);
    }
    let mut cols: Vec<(usize, Vec<f64>)> = Vec::new();
    for f in 0..6 {
        let v: Vec<f64> = (0..n).map(|i| raw[i * 6 + f].ln_1p()).collect();
        let (mean, sd) = features::mean_sd(&v);
        if sd > 1e-12 && sd.is_finite() {
            cols.push((f, v.into_iter().map(|x| (x - mean) / sd).collect()));
        }
    }
    let d = cols.len();
    let mut x = vec![0.0; n * d];
    for (c, (_, v)) in cols.iter().enumerate() {
        for (i, &val) in v.iter().enumerate() {
            x[i * d + c] = val;
        }
    }
    FeatureMatrix {
        users,
        columns: cols.iter().map(|c| c.0).collect(),
        x,
        raw,
    }
}

/// Clusters the persons (see the module docs), on the shared person table.
pub fn cluster(prep: &Prepared, p: &ClusterParams) -> Result<ClusterResult> {
    p.validate()?;
    let ds = prep.ds();
    let fm = feature_matrix(ds, prep.persons());
    let n = fm.users.len();
    let d = fm.columns.len();
    if n < 2 {
        return Err(Error::NotEnoughData(
            "clustering needs at least two persons".into(),
        ));
    }
    if d == 0 {
        return Err(Error::NotEnoughData(
            "clustering needs a feature that varies between persons".into(),
        ));
    }
    let ks: Vec<usize> = match p.k {
        Some(k) => vec![k.min(n)],
        None => (p.k_range.0..=p.k_range.1.min(n - 1)).collect(),
    };
    if ks.is_empty() {
        return Err(Error::NotEnoughData(format!(
            "choosing k needs more than {} persons",
            p.k_range.0
        )));
    }
    // Search k on (a sample of) the persons: above 10,000 persons both the k-means fits of the
    // search and their silhouettes use the same seeded sample of 10,000; the chosen k is then
    // fitted on everybody.
    let (sx, sampled_from) = if n > SILHOUETTE_SAMPLE {
        let mut rng = ChaCha8Rng::seed_from_u64(p.seed.wrapping_add(1));
        let mut idx = sample(&mut rng, n, SILHOUETTE_SAMPLE).into_vec();
        idx.sort_unstable();
        let mut sx = Vec::with_capacity(idx.len() * d);
        for &i in &idx {
            sx.extend_from_slice(&fm.x[i * d..i * d + d]);
        }
        (Some(sx), Some(n))
    } else {
        (None, None)
    };
    let search_x = sx.as_deref().unwrap_or(&fm.x);
    let fit_k = |xs: &[f64], k: usize| {
        let mut rng =
            ChaCha8Rng::seed_from_u64(p.seed ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        kmeans(xs, d, k, p.restarts, p.max_iter, &mut rng)
            .ok_or_else(|| Error::NotEnoughData("no points to cluster".into()))
    };
    // The fits of the k searched, side by side on the threads allowed (each k has its seed).
    let fits = crate::analysis::par::map(prep.threads(), ks.len(), |j| fit_k(search_x, ks[j]))
        .into_iter()
        .collect::<Result<Vec<_>>>()?;
    let labelings: Vec<Vec<usize>> = fits.iter().map(|f| f.labels.clone()).collect();
    let sil = silhouettes(search_x, d, &labelings);
    let silhouette_by_k: Vec<(usize, Option<f64>)> =
        ks.iter().copied().zip(sil.iter().copied()).collect();
    // Best silhouette; ties and all-None keep the smallest k.
    let mut best = 0;
    for (i, s) in sil.iter().enumerate() {
        if let Some(s) = s {
            if sil[best].is_none_or(|b| *s > b) {
                best = i;
            }
        }
    }
    let k = ks[best];
    let silhouette = sil[best];
    let final_fit;
    let fit = if sx.is_some() {
        final_fit = fit_k(&fm.x, k)?;
        &final_fit
    } else {
        &fits[best]
    };
    let k = fit.centres.len() / d;

    // Number clusters by size, largest first (ties by old label).
    let mut sizes = vec![0u64; k];
    for &l in &fit.labels {
        sizes[l] += 1;
    }
    let mut order: Vec<usize> = (0..k).collect();
    crate::sort::by_key(&mut order, |&c| (std::cmp::Reverse(sizes[c]), c));
    let mut relabel = vec![0usize; k];
    for (new, &old) in order.iter().enumerate() {
        relabel[old] = new;
    }
    let labels: Vec<usize> = fit.labels.iter().map(|&l| relabel[l]).collect();
    let sizes: Vec<u64> = order.iter().map(|&c| sizes[c]).collect();

    let per_user = fm
        .users
        .iter()
        .zip(&labels)
        .map(|(&u, &c)| ClusterUser {
            user_id: ds.users.name(u).to_owned(),
            cluster: c,
        })
        .collect();
    let clusters = summaries(ds, &fm, &labels, &sizes);
    let pca = pca(&fm.x, d, &labels, p.seed);
    Ok(ClusterResult {
        params: p.clone(),
        k,
        silhouette,
        silhouette_by_k,
        silhouette_sampled_from: sampled_from,
        features: fm.columns.iter().map(|&c| FEATURES[c].to_owned()).collect(),
        per_user,
        clusters,
        pca,
    })
}

fn summaries(
    ds: &Dataset,
    fm: &FeatureMatrix,
    labels: &[usize],
    sizes: &[u64],
) -> Vec<ClusterSummary> {
    let k = sizes.len();
    let n = labels.len();
    let d = fm.columns.len();
    // Feature means (raw and standardised).
    let mut raw_sum = vec![[0.0f64; 6]; k];
    let mut z_sum = vec![vec![0.0f64; d]; k];
    let mut overall = [0.0f64; 6];
    for (i, &c) in labels.iter().enumerate() {
        for f in 0..6 {
            raw_sum[c][f] += fm.raw[i * 6 + f];
            overall[f] += fm.raw[i * 6 + f];
        }
        for (z, &v) in z_sum[c].iter_mut().zip(&fm.x[i * d..i * d + d]) {
            *z += v;
        }
    }
    // Cluster of each user id (NONE when not clustered).
    let mut cluster_of = vec![NONE; ds.users.len()];
    for (i, &u) in fm.users.iter().enumerate() {
        if let Some(slot) = cluster_of.get_mut(u as usize) {
            *slot = labels[i] as u32;
        }
    }
    // Categories of clicked / bought items.
    let mut cat_ids: FxHashMap<&str, usize> = FxHashMap::default();
    let mut cat_names: Vec<&str> = Vec::new();
    let item_cat: Vec<usize> = ds
        .item_info
        .iter()
        .map(|info| {
            if info.category.is_empty() {
                usize::MAX
            } else {
                *cat_ids.entry(info.category.as_str()).or_insert_with(|| {
                    cat_names.push(info.category.as_str());
                    cat_names.len() - 1
                })
            }
        })
        .collect();
    let nc = cat_names.len();
    let mut cat_counts = vec![0u64; k * nc];
    if nc > 0 {
        let ev = &ds.events;
        for i in 0..ev.len() {
            if !matches!(ev.kind[i], EventKind::Click | EventKind::Pay) {
                continue;
            }
            let c = cluster_of.get(ev.user[i] as usize).copied().unwrap_or(NONE);
            let cat = item_cat
                .get(ev.item[i] as usize)
                .copied()
                .unwrap_or(usize::MAX);
            if c != NONE && cat != usize::MAX {
                cat_counts[c as usize * nc + cat] += 1;
            }
        }
    }
    // Attribute value counts per cluster.
    let mut attr_counts: Vec<(Vec<u64>, Vec<u64>)> = Vec::new(); // (per cluster × value, overall)
    for a in &ds.user_attributes {
        let nv = a.values.len();
        let mut per = vec![0u64; k * nv];
        let mut all = vec![0u64; nv];
        for (i, &u) in fm.users.iter().enumerate() {
            let v = a.of_user.get(u as usize).copied().unwrap_or(NONE);
            if (v as usize) < nv {
                per[labels[i] * nv + v as usize] += 1;
                all[v as usize] += 1;
            }
        }
        attr_counts.push((per, all));
    }
    (0..k)
        .map(|c| {
            let size = sizes[c].max(1) as f64;
            let features: Vec<FeatureMean> = (0..6)
                .filter_map(|f| {
                    let col = fm.columns.iter().position(|&cf| cf == f)?;
                    Some(FeatureMean {
                        feature: FEATURES[f].to_owned(),
                        mean: raw_sum[c][f] / size,
                        overall_mean: overall[f] / n.max(1) as f64,
                        z: z_sum[c][col] / size,
                    })
                })
                .collect();
            let mut cats: Vec<(usize, u64)> = (0..nc)
                .map(|j| (j, cat_counts[c * nc + j]))
                .filter(|x| x.1 > 0)
                .collect();
            crate::sort::by_key(&mut cats, |&(j, cnt)| (std::cmp::Reverse(cnt), j));
            let top_categories = cats
                .iter()
                .take(5)
                .map(|&(j, cnt)| (cat_names[j].to_owned(), cnt))
                .collect();
            let mut top_attributes = Vec::new();
            for (a, (per, all)) in ds.user_attributes.iter().zip(&attr_counts) {
                let nv = a.values.len();
                let mut vals: Vec<(usize, u64)> = (0..nv)
                    .map(|v| (v, per[c * nv + v]))
                    .filter(|x| x.1 > 0)
                    .collect();
                crate::sort::by_key(&mut vals, |&(v, cnt)| (std::cmp::Reverse(cnt), v));
                for &(v, cnt) in vals.iter().take(3) {
                    top_attributes.push(AttributeShare {
                        attribute: a.name.clone(),
                        value: a.values.name(v as u32).to_owned(),
                        share: cnt as f64 / size,
                        overall_share: all[v] as f64 / n.max(1) as f64,
                    });
                }
            }
            let (description_en, description_zh) = describe(&features);
            ClusterSummary {
                cluster: c,
                size: sizes[c],
                share: sizes[c] as f64 / n.max(1) as f64,
                features,
                top_categories,
                top_attributes,
                description_en,
                description_zh,
            }
        })
        .collect()
}

/// A plain-language description from the features that deviate most (|z| ≥ 0.5, at most 3,
/// strongest first), e.g. "Long watchers, rarely buy, recently active".
pub fn describe(features: &[FeatureMean]) -> (String, String) {
    let mut devs: Vec<&FeatureMean> = features.iter().filter(|f| f.z.abs() >= 0.5).collect();
    crate::sort::by(&mut devs, |a, b| b.z.abs().total_cmp(&a.z.abs()));
    let phrases: Vec<(&str, &str)> = devs
        .iter()
        .take(3)
        .map(|f| {
            let high = f.z > 0.0;
            match (f.feature.as_str(), high) {
                ("recency_days", true) => ("inactive for a long time", "很久没来"),
                ("recency_days", false) => ("recently active", "最近活跃"),
                ("frequency", true) => ("buy often", "经常购买"),
                ("frequency", false) => ("rarely buy", "很少购买"),
                ("monetary", true) => ("spend a lot", "消费金额高"),
                ("monetary", false) => ("spend little", "消费金额低"),
                ("watch_seconds", true) => ("long watchers", "观看时间长"),
                ("watch_seconds", false) => ("short watchers", "观看时间短"),
                ("comments", true) => ("comment a lot", "评论多"),
                ("comments", false) => ("rarely comment", "很少评论"),
                ("clicks", true) => ("click many products", "常点商品"),
                ("clicks", false) => ("rarely click products", "很少点商品"),
                _ => ("", ""),
            }
        })
        .filter(|p| !p.0.is_empty())
        .collect();
    if phrases.is_empty() {
        return (
            "Typical persons, close to the average".into(),
            "普通用户，接近平均水平".into(),
        );
    }
    let en: Vec<&str> = phrases.iter().map(|p| p.0).collect();
    let zh: Vec<&str> = phrases.iter().map(|p| p.1).collect();
    let mut en = en.join(", ");
    if let Some(first) = en.get(0..1) {
        en = first.to_uppercase() + en.get(1..).unwrap_or("");
    }
    (en, zh.join("、"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

//! Product recommendations from implicit feedback, with honest offline evaluation.
//!
//! * [`interactions`]: the person × product strength matrix (`pay` 8 > `order` 4 > `add_cart` 3
//!   > `click` 2 > `product_view` 1 by default, summed per pair; configurable).
//! * Models, each implementing [`Recommender`]: [`Popularity`] (baseline), [`ItemCf`],
//!   [`UserKnn`], [`Als`] (implicit ALS with conjugate gradient), [`Content`] (TF-IDF) and
//!   [`Hybrid`] (blend with cold-start fallback).
//! * [`evaluate`]: time split and leave-one-out, P/R/NDCG/MAP/hit rate/coverage @K for every
//!   model side by side (`metrics.md`, "Recommendation evaluation").
//! * [`recommend`]: what a creator sees — top products per viewer with reasons (English and
//!   Chinese), likely buyers per product, the next live's line-up by expected GMV, and the hosts
//!   that suit each audience segment.
//!
//! Products a person already bought (has a `pay` event for) are never recommended to them.

pub mod als;
pub mod content;
pub mod creators;
pub mod eval;
pub mod hybrid;
pub mod interactions;
pub mod item_cf;
pub mod popularity;
pub mod user_knn;

use serde::{Deserialize, Serialize};

pub use als::{Als, AlsParams};
pub use content::{Content, ItemFeatures};
pub use creators::{
    recommend, HostMatch, ItemAudience, ItemProspect, Lineup, LineupItem, RecItem, Recommendations,
    SegmentHosts, SimilarItem, UserRecs,
};
pub use eval::{
    evaluate, purchases_by_user, Evaluation, EvaluationResult, ModelScore, RankMetrics,
};
pub use hybrid::Hybrid;
pub use interactions::{Aggregation, InteractionMatrix, InteractionWeights};
pub use item_cf::ItemCf;
pub use popularity::Popularity;
pub use user_knn::UserKnn;

/// A recommender over an [`InteractionMatrix`].
pub trait Recommender {
    /// Learns from the interactions (and the catalogue features, for content models).
    fn fit(&mut self, m: &InteractionMatrix, items: &ItemFeatures);
    /// Writes a score for every product (`out.len() == m.n_items`) for `user`, higher = better.
    /// `m` must be the matrix the model was fitted on.
    fn score(&self, m: &InteractionMatrix, user: u32, out: &mut [f32], scratch: &mut Scratch);
}

/// Reusable buffers for scoring (one per thread of work); start with `Scratch::default()`.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    pub users: Vec<f32>,
    pub touched: Vec<u32>,
    pub keys: Vec<u64>,
    pub terms: Vec<f32>,
    pub bufs: Vec<Vec<f32>>,
    pub mask: Vec<bool>,
    /// User-kNN's cosines with every candidate person, its sample of them, room for its
    /// candidate keys and the bucket counts that order them.
    pub sims: Vec<f32>,
    pub sample: Vec<u32>,
    pub spare_keys: Vec<u64>,
    pub counts: Vec<u32>,
    /// User-kNN's searches kept for the other members of groups of identical rows, and room
    /// for one such list.
    pub groups: user_knn::GroupCache,
    pub group_keys: Vec<u64>,
}

/// The models LiveLens compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    Popularity,
    ItemCf,
    UserKnn,
    Als,
    Content,
    Hybrid,
}

impl ModelKind {
    pub const ALL: [ModelKind; 6] = [
        ModelKind::Popularity,
        ModelKind::ItemCf,
        ModelKind::UserKnn,
        ModelKind::Als,
        ModelKind::Content,
        ModelKind::Hybrid,
    ];

    /// Stable key (`"item_cf"`).
    pub fn key(self) -> &'static str {
        match self {
            ModelKind::Popularity => "popularity",
            ModelKind::ItemCf => "item_cf",
            ModelKind::UserKnn => "user_knn",
            ModelKind::Als => "als",
            ModelKind::Content => "content",
            ModelKind::Hybrid => "hybrid",
        }
    }

    pub fn from_key(key: &str) -> Option<ModelKind> {
        ModelKind::ALL.iter().copied().find(|k| k.key() == key)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Settings of [`evaluate`] and [`recommend`]. Defaults in brackets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct RecommendParams {
    /// Model to use for recommendations; `None` = the best by NDCG@K on the time split [None].
    pub model: Option<ModelKind>,
    /// Products per viewer, persons per product, products in the line-up [10].
    pub top_n: usize,
    /// Cut-off K of the evaluation metrics [10].
    pub k: usize,
    /// Seed of ALS initialisation and of the evaluation sample [42].
    pub seed: u64,
    pub weights: InteractionWeights,
    pub als: AlsParams,
    /// Neighbours per product in item-CF [50].
    pub item_neighbours: usize,
    /// Neighbours per person in user-kNN, at least; with `n` persons it uses
    /// `max(user_neighbours, n / 16)` (`user_knn::PERSONS_PER_NEIGHBOUR`) [50].
    pub user_neighbours: usize,
    /// Share of each person's bought products held out by the time split [0.2].
    pub holdout_fraction: f64,
    /// At most this many persons are evaluated; more eligible persons are sampled (seeded),
    /// as scikit-learn's `silhouette_score(sample_size=…)` does [10,000].
    pub max_eval_users: usize,
    /// Persons to list recommendations for (user ids); `None` = the `max_listed_users` most
    /// recently active persons [None].
    pub users: Option<Vec<String>>,
    /// [200]
    pub max_listed_users: usize,
    /// The line-up's expected audience: viewers of the last N sessions [3] ...
    pub lineup_sessions: usize,
    /// ... unless a list of user ids is given [None]. Unknown ids count as new viewers.
    pub audience: Option<Vec<String>>,
    /// Softmax temperature of the purchase-probability calibration, on min-max normalised
    /// scores [0.2].
    pub temperature: f64,
    /// Person → segment label pairs for the host matching; `None` = one "all viewers" segment
    /// (in `analyze`: every viewer, then the RFM segments and the clusters).
    pub segments: Option<Vec<(String, String)>>,
    /// RFM segments and clusters with fewer persons are left out of the host matching in
    /// `analyze` [20] (the `segments` given above are matched whatever their size).
    pub min_segment_persons: usize,
}

impl Default for RecommendParams {
    fn default() -> Self {
        Self {
            model: None,
            top_n: 10,
            k: 10,
            seed: 42,
            weights: InteractionWeights::default(),
            als: AlsParams::default(),
            item_neighbours: 50,
            user_neighbours: 50,
            holdout_fraction: 0.2,
            max_eval_users: 10_000,
            users: None,
            max_listed_users: 200,
            lineup_sessions: 3,
            audience: None,
            temperature: 0.2,
            segments: None,
            min_segment_persons: 20,
        }
    }
}

impl RecommendParams {
    pub fn validate(&self) -> crate::Result<()> {
        let bad = |m: &str| Err(crate::Error::Params(format!("recommendations: {m}")));
        if self.top_n == 0 || self.top_n > 10_000 {
            return bad("top_n must be between 1 and 10000");
        }
        if self.k == 0 || self.k > 10_000 {
            return bad("k must be between 1 and 10000");
        }
        if self.item_neighbours == 0 || self.user_neighbours == 0 {
            return bad("neighbour counts must be at least 1");
        }
        if !(self.holdout_fraction > 0.0 && self.holdout_fraction < 1.0) {
            return bad("holdout_fraction must be strictly between 0 and 1");
        }
        if self.max_eval_users == 0 {
            return bad("max_eval_users must be at least 1");
        }
        if self.lineup_sessions == 0 {
            return bad("lineup_sessions must be at least 1");
        }
        if !(self.temperature.is_finite() && self.temperature > 0.0) {
            return bad("temperature must be a positive number");
        }
        self.weights.validate()?;
        self.als.validate()
    }
}

/// Every model, fitted on one matrix. The hybrid owns popularity, item-CF, ALS and content, so
/// they are fitted once and shared.
#[derive(Debug, Clone, Default)]
pub struct Models {
    pub hybrid: Hybrid,
    pub user_knn: UserKnn,
    /// Which models were fitted.
    pub fitted: Vec<ModelKind>,
}

impl Models {
    /// Fits the models in `kinds` (and the hybrid's components when the hybrid is asked for).
    pub fn fit(
        m: &InteractionMatrix,
        items: &ItemFeatures,
        p: &RecommendParams,
        kinds: &[ModelKind],
    ) -> Self {
        let mut s = Models {
            hybrid: Hybrid::new(p.item_neighbours, p.als, p.seed),
            user_knn: UserKnn::new(p.user_neighbours, p.weights.pay),
            fitted: Vec::new(),
        };
        let want = |k: ModelKind| kinds.contains(&k) || kinds.contains(&ModelKind::Hybrid);
        let h = &mut s.hybrid;
        if want(ModelKind::Popularity) {
            h.popularity.fit(m, items);
        }
        if want(ModelKind::ItemCf) {
            h.item_cf.fit(m, items);
        }
        if want(ModelKind::Als) {
            h.als.fit(m, items);
        }
        if want(ModelKind::Content) {
            h.content.fit(m, items);
        }
        if kinds.contains(&ModelKind::Hybrid) {
            h.item_users = (0..m.n_items)
                .map(|i| (m.item_ptr[i + 1] - m.item_ptr[i]) as u32)
                .collect();
        }
        if kinds.contains(&ModelKind::UserKnn) {
            s.user_knn.fit(m, items);
        }
        s.fitted = ModelKind::ALL
            .iter()
            .copied()
            .filter(|&k| match k {
                ModelKind::UserKnn | ModelKind::Hybrid => kinds.contains(&k),
                _ => want(k),
            })
            .collect();
        s
    }

    /// Scores of one model for one person.
    pub fn score(
        &self,
        kind: ModelKind,
        m: &InteractionMatrix,
        user: u32,
        out: &mut [f32],
        s: &mut Scratch,
    ) {
        let h = &self.hybrid;
        match kind {
            ModelKind::Popularity => h.popularity.score(m, user, out, s),
            ModelKind::ItemCf => h.item_cf.score(m, user, out, s),
            ModelKind::UserKnn => self.user_knn.score(m, user, out, s),
            ModelKind::Als => h.als.score(m, user, out, s),
            ModelKind::Content => h.content.score(m, user, out, s),
            ModelKind::Hybrid => h.score(m, user, out, s),
        }
    }

    /// Scores of every model for one person, `outs[kind as usize]`, computing each component
    /// once (the hybrid reuses the others' scores).
    pub fn score_all(
        &self,
        m: &InteractionMatrix,
        user: u32,
        outs: &mut [Vec<f32>],
        s: &mut Scratch,
    ) {
        if outs.len() < ModelKind::ALL.len() {
            return;
        }
        for k in ModelKind::ALL {
            if k != ModelKind::Hybrid {
                self.score(k, m, user, &mut outs[k.index()], s);
            }
        }
        let mut bufs = std::mem::take(&mut s.bufs);
        bufs.resize(5, Vec::new());
        let comps = [
            ModelKind::Popularity,
            ModelKind::ItemCf,
            ModelKind::Als,
            ModelKind::Content,
        ];
        for (b, k) in bufs.iter_mut().zip(comps) {
            b.clear();
            b.extend_from_slice(&outs[k.index()]);
        }
        if let [p, c, a, t, ..] = &mut bufs[..] {
            let out = &mut outs[ModelKind::Hybrid.index()];
            let mut mask = std::mem::take(&mut s.mask);
            mask.resize(m.n_items, false);
            m.bought_mask(user, &mut mask);
            self.hybrid
                .blend(m.row(user).0.len(), &mask, p, c, a, t, out);
            s.mask = mask;
        }
        s.bufs = bufs;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

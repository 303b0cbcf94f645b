//! What creators get: products per viewer with reasons, likely buyers per product, the next
//! live's line-up by expected GMV, and hosts per audience segment.
//!
//! **Purchase probability** (used for likely buyers and the line-up). For person `u` with model
//! scores `s_ui` over the products they have not bought, the scores are min-max normalised to
//! `z_ui ∈ [0, 1]` and `P(u buys i) = min(1, rate_u · softmax_i(z_ui / T))` (temperature `T`,
//! default 0.2), where `rate_u = (bought_u + g) / (sessions_u + 1)` is the person's distinct
//! bought products per live session attended, shrunk towards the global rate `g` (all bought
//! (person, product) pairs / all (person, session) attendances) by one pseudo-session. So the
//! probabilities of a person sum to about their expected number of purchases per live.
//! Without session ids every person counts as having attended one session.
//!
//! **Line-up.** The audience is the persons with an `enter` (any event if the sessions have no
//! `enter`) in the last `lineup_sessions` sessions (ordered by the sessions table's start, else
//! by their first event), or the given list of user ids (ids unknown to the data count as new
//! viewers, who buy with the global rate `g` spread by popularity). Expected buyers of product
//! `i` = `Σ_audience P(buy i)`, expected GMV = expected buyers × price (the catalogue price,
//! else the mean paid amount of the product; unknown → no GMV).
//!
//! **Hosts.** Each person's category interest is their interaction strength per product
//! category (per product when the catalogue has no categories), normalised to sum 1. A segment's
//! vector is the sum over its persons; a host's audience vector is the sum over the persons who
//! entered the host's sessions plus, once more, over those who paid in them. Hosts are ranked by
//! the cosine between the two; each also shows the segment's viewers and buyers in the host's
//! sessions and their ratio (conversion), and `by_conversion` lists the hosts by that ratio.
//!
//! Files: this one (the result types, [`recommend`] and the per-viewer lists), `reasons.rs`
//! (why a product, in English and Chinese), `lineup.rs` (calibrated purchase probabilities,
//! likely buyers per product, the line-up), `hosts.rs` (hosts per segment).

mod hosts;

pub use hosts::{Groups, ALL_VIEWERS};
mod lineup;
mod reasons;

use std::cmp::Reverse;

use serde::{Deserialize, Serialize};

use super::eval::{evaluate, top_k, Evaluation};
use super::{ModelKind, Models, RecommendParams, Scratch};
use crate::analysis::Prepared;
use crate::model::Dataset;
use reasons::Ctx;

/// One recommended product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecItem {
    pub item_id: String,
    pub title: String,
    /// The model's raw score (comparable within one person's list only).
    pub score: f64,
    pub reason_en: String,
    pub reason_zh: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UserRecs {
    pub user_id: String,
    pub items: Vec<RecItem>,
}

/// A person likely to buy a product next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemProspect {
    pub user_id: String,
    /// Calibrated purchase probability (module documentation).
    pub p_buy: f64,
}

/// A product similar to another (item-CF cosine).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SimilarItem {
    pub item_id: String,
    pub title: String,
    pub similarity: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemAudience {
    pub item_id: String,
    pub title: String,
    /// Distinct buyers so far.
    pub buyers: u32,
    /// Persons who have not bought it, most likely first.
    pub prospects: Vec<ItemProspect>,
    /// Its 5 nearest item-CF neighbours ("people who bought this also bought").
    pub similar_items: Vec<SimilarItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LineupItem {
    pub item_id: String,
    pub title: String,
    pub price: Option<f64>,
    /// `"catalogue"`, `"paid_average"` or `"unknown"`.
    pub price_source: String,
    pub expected_buyers: f64,
    /// `None` when the price is unknown.
    pub expected_gmv: Option<f64>,
    /// Why the likeliest buyers in the audience would buy it (distinct reasons).
    pub reasons_en: Vec<String>,
    pub reasons_zh: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lineup {
    /// `"last_sessions"` or `"given"`.
    pub audience_source: String,
    /// Session ids the audience was taken from (empty for a given audience).
    pub sessions: Vec<String>,
    pub audience_size: usize,
    /// Audience members unknown to the data (treated as new viewers).
    pub new_viewers: usize,
    /// Products by expected GMV (then expected buyers), at most `top_n`.
    pub items: Vec<LineupItem>,
    pub expected_gmv_total: f64,
    pub expected_buyers_total: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HostMatch {
    pub host: String,
    /// Cosine between the segment's and the host audience's category interest.
    pub similarity: Option<f64>,
    /// Segment members who entered / paid in the host's sessions.
    pub segment_viewers: u32,
    pub segment_buyers: u32,
    pub conversion_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SegmentHosts {
    pub segment: String,
    /// `"all"` (every viewer), `"rfm"`, `"cluster"` or `"given"` (`params.segments`).
    pub grouping: String,
    pub persons: usize,
    /// Hosts by similarity (then conversion).
    pub hosts: Vec<HostMatch>,
    /// Host names by the segment's conversion in their sessions (hosts the segment watched).
    pub by_conversion: Vec<String>,
}

/// A segment left out of the host matching: fewer persons than `min_segment_persons`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SmallSegment {
    pub segment: String,
    pub grouping: String,
    pub persons: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Recommendations {
    pub model: ModelKind,
    /// `"user"`, `"evaluation"` (best NDCG@K on the time split) or `"default"` (hybrid, when
    /// too few persons bought twice to evaluate).
    pub model_chosen_by: String,
    /// Always `None` (null): kept so the report's layout stays; the evaluation is the report's
    /// top-level `evaluation`.
    pub evaluation: Option<Evaluation>,
    /// The settings they were computed with.
    pub params: RecommendParams,
    pub per_user: Vec<UserRecs>,
    /// Requested user ids that are not in the data.
    pub unknown_users: Vec<String>,
    pub per_item: Vec<ItemAudience>,
    pub lineup: Lineup,
    pub hosts: Vec<SegmentHosts>,
    /// Segments too small for the host matching.
    pub hosts_too_small: Vec<SmallSegment>,
}

/// Recommendations for creators (see the module documentation). When `p.model` is `None` the
/// model is the best of `evaluation` ([`evaluate`] on the same data and settings); without an
/// evaluation, all models are evaluated here first.
pub fn recommend(
    prep: &Prepared,
    p: &RecommendParams,
    evaluation: Option<&Evaluation>,
) -> crate::Result<Recommendations> {
    p.validate()?;
    let computed;
    let evaluation = match (p.model, evaluation) {
        (None, None) => {
            computed = evaluate(prep, p, &ModelKind::ALL)?;
            Some(&computed)
        }
        (_, given) => given,
    };
    let ds = prep.ds();
    let (kind, chosen_by) = match (p.model, evaluation) {
        (Some(k), _) => (k, "user"),
        (None, Some(ev)) => match ev.time_split.best_model.or(ev.leave_one_out.best_model) {
            Some(k) => (k, "evaluation"),
            None => (ModelKind::Hybrid, "default"),
        },
        (None, None) => (ModelKind::Hybrid, "default"),
    };
    let feats = prep.item_features();
    let m = prep.interactions(&p.weights);
    let models = Models::fit(
        &m,
        feats,
        p,
        &[
            kind,
            ModelKind::ItemCf,
            ModelKind::Content,
            ModelKind::Popularity,
        ],
    );
    let ctx = Ctx {
        m,
        feats,
        models,
        kind,
        p,
    };
    let n_items = ctx.m.n_items;
    let mut s = Scratch::default();
    let mut scores = vec![0f32; n_items];
    let mut mask = vec![false; n_items];
    let (mut buf, mut ranked) = (Vec::new(), Vec::new());

    // Per viewer.
    let mut unknown_users = Vec::new();
    let listed: Vec<u32> = match &p.users {
        Some(ids) => ids
            .iter()
            .filter_map(|id| {
                let u = ds.users.get(id);
                if u.is_none() {
                    unknown_users.push(id.clone());
                }
                u
            })
            .collect(),
        None => recent_users(ds, p.max_listed_users),
    };
    // The line-up scores every person: the listed persons' scores are kept from that pass.
    let mut kept: Vec<Option<Vec<f32>>> = vec![None; ctx.m.n_users];
    for &u in &listed {
        if let Some(k) = kept.get_mut(u as usize) {
            *k = Some(Vec::new());
        }
    }
    let threads = prep.threads();
    let (per_item, lineup) =
        lineup::per_item_and_lineup(ds, &ctx, &mut s, threads, &mut |u, sc| {
            if let Some(Some(k)) = kept.get_mut(u as usize) {
                k.clear();
                k.extend_from_slice(sc);
            }
        });
    let item_id = |i: u32| ds.items.name(i).to_owned();
    let per_user = listed
        .iter()
        .map(|&u| {
            match kept.get(u as usize) {
                Some(Some(k)) if k.len() == n_items => scores.copy_from_slice(k),
                _ => ctx.models.score(kind, &ctx.m, u, &mut scores, &mut s),
            }
            ctx.m.bought_mask(u, &mut mask);
            top_k(&scores, &mask, p.top_n, &mut buf, &mut ranked);
            let reasons = ctx.explain(u, &ranked, &mut s);
            UserRecs {
                user_id: ds.users.name(u).to_owned(),
                items: ranked
                    .iter()
                    .zip(reasons)
                    .map(|(&i, (en, zh))| RecItem {
                        item_id: item_id(i),
                        title: ctx.feats.title(i).to_owned(),
                        score: scores[i as usize] as f64,
                        reason_en: en,
                        reason_zh: zh,
                    })
                    .collect(),
            }
        })
        .collect();

    let given: Option<Vec<(u32, String, &'static str)>> = p.segments.as_ref().map(|list| {
        list.iter()
            .filter_map(|(uid, label)| Some((ds.users.get(uid)?, label.clone(), "given")))
            .collect()
    });
    let (hosts, hosts_too_small) = hosts::hosts_by_segment(
        ds,
        &ctx.m,
        ctx.feats,
        given.as_deref(),
        0, // segments the user gives are matched whatever their size
    );
    Ok(Recommendations {
        model: kind,
        model_chosen_by: chosen_by.to_owned(),
        evaluation: None,
        params: p.clone(),
        per_user,
        unknown_users,
        per_item,
        lineup,
        hosts,
        hosts_too_small,
    })
}

/// Hosts per segment for `groups` (person, label, grouping) on the interaction matrix of
/// `p.weights`: the report's per-segment rows for the RFM segments and clusters. The first row is
/// every viewer; segments under `p.min_segment_persons` are returned apart.
pub fn hosts_for_groups(
    prep: &Prepared,
    p: &RecommendParams,
    groups: &hosts::Groups,
) -> (Vec<SegmentHosts>, Vec<SmallSegment>) {
    let ds = prep.ds();
    let m = prep.interactions(&p.weights);
    let feats = prep.item_features();
    let (mut rows, _) = hosts::hosts_by_segment(ds, &m, feats, None, 0);
    let (seg_rows, small) =
        hosts::hosts_by_segment(ds, &m, feats, Some(groups), p.min_segment_persons);
    rows.extend(seg_rows);
    (rows, small)
}

/// Persons to list by default: the most recently active.
fn recent_users(ds: &Dataset, max: usize) -> Vec<u32> {
    let ev = &ds.events;
    let mut last = vec![i64::MIN; ds.users.len()];
    for e in 0..ev.len() {
        if let Some(l) = last.get_mut(ev.user[e] as usize) {
            *l = ev.ts[e];
        }
    }
    let mut users: Vec<u32> = (0..last.len() as u32)
        .filter(|&u| last[u as usize] != i64::MIN)
        .collect();
    crate::sort::by_key(&mut users, |&u| (Reverse(last[u as usize]), u));
    users.truncate(max);
    users
}

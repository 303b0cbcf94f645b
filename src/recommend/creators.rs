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

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use serde::{Deserialize, Serialize};

use super::eval::{evaluate, top_k, Evaluation};
use super::hybrid::{blend_weights, min_max, COLD_ITEM_USERS};
use super::{InteractionMatrix, ItemFeatures, ModelKind, Models, RecommendParams, Scratch};
use crate::model::{Dataset, EventKind, NONE};

/// One recommended product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecItem {
    pub item_id: String,
    pub title: String,
    /// The model's raw score (comparable within one person's list only).
    pub score: f64,
    pub reason_en: String,
    pub reason_zh: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRecs {
    pub user_id: String,
    pub items: Vec<RecItem>,
}

/// A person likely to buy a product next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemProspect {
    pub user_id: String,
    /// Calibrated purchase probability (module documentation).
    pub p_buy: f64,
}

/// A product similar to another (item-CF cosine).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarItem {
    pub item_id: String,
    pub title: String,
    pub similarity: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub struct SegmentHosts {
    pub segment: String,
    pub persons: usize,
    /// Hosts by similarity (then conversion).
    pub hosts: Vec<HostMatch>,
    /// Host names by the segment's conversion in their sessions (hosts the segment watched).
    pub by_conversion: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendations {
    pub model: ModelKind,
    /// `"user"`, `"evaluation"` (best NDCG@K on the time split) or `"default"` (hybrid, when
    /// too few persons bought twice to evaluate).
    pub model_chosen_by: String,
    pub evaluation: Option<Evaluation>,
    pub per_user: Vec<UserRecs>,
    /// Requested user ids that are not in the data.
    pub unknown_users: Vec<String>,
    pub per_item: Vec<ItemAudience>,
    pub lineup: Lineup,
    pub hosts: Vec<SegmentHosts>,
}

/// Bounded min-heap of (probability bits, Reverse(person)) keeping the likeliest buyers.
type ProspectHeap = BinaryHeap<Reverse<(u64, Reverse<u32>)>>;

const POP_EN: &str = "popular with everyone";
const POP_ZH: &str = "大家都在买";

/// Everything fitted on the full data.
struct Ctx<'a> {
    m: InteractionMatrix,
    feats: ItemFeatures,
    models: Models,
    kind: ModelKind,
    p: &'a RecommendParams,
}

impl Ctx<'_> {
    fn item_users(&self, i: usize) -> usize {
        self.m
            .item_ptr
            .get(i + 1)
            .map_or(0, |e| e - self.m.item_ptr[i])
    }

    /// "bought X; people who did also bought this", from the history product that contributes
    /// most to the item-CF score.
    fn cf_reason(&self, user: u32, item: u32) -> Option<(String, String)> {
        let (items, rs, bought) = self.m.row(user);
        let mut best: Option<(f32, usize)> = None;
        for (k, (&j, &r)) in items.iter().zip(rs).enumerate() {
            let v = r * self.models.hybrid.item_cf.sim(j, item);
            if v > 0.0 && best.is_none_or(|b| v > b.0) {
                best = Some((v, k));
            }
        }
        let (_, k) = best?;
        let t = self.feats.title(items[k]);
        Some(if bought[k] {
            (
                format!("bought {t}; people who did also bought this"),
                format!("买过 {t} 的人也买了这个"),
            )
        } else {
            (
                format!("viewed {t}; people who did also bought this"),
                format!("看过 {t} 的人也买了这个"),
            )
        })
    }

    fn content_reason(&self, user: u32, item: u32, s: &mut Scratch) -> Option<(String, String)> {
        let t = self
            .models
            .hybrid
            .content
            .top_term(&self.m, user, item, s)?;
        let t = self.feats.vocab.get(t as usize)?;
        Some((
            format!("matches your interest in {t}"),
            format!("符合你对 {t} 的兴趣"),
        ))
    }

    fn pop_reason() -> (String, String) {
        (POP_EN.to_owned(), POP_ZH.to_owned())
    }

    fn similar_reason() -> (String, String) {
        (
            "people with tastes like yours bought this".to_owned(),
            "和你口味相似的人买了这个".to_owned(),
        )
    }

    /// Reasons for several products of one person.
    fn explain(&self, user: u32, items: &[u32], s: &mut Scratch) -> Vec<(String, String)> {
        // For the hybrid: the normalised components, to find the dominant one.
        let comps = (self.kind == ModelKind::Hybrid).then(|| {
            let n = self.m.n_items;
            let mut c = vec![vec![0f32; n]; 4];
            let mut mask = vec![false; n];
            self.m.bought_mask(user, &mut mask);
            for (b, k) in c.iter_mut().zip([
                ModelKind::Popularity,
                ModelKind::ItemCf,
                ModelKind::Als,
                ModelKind::Content,
            ]) {
                self.models.score(k, &self.m, user, b, s);
                min_max(b, &mask);
            }
            c
        });
        let history = self.m.row(user).0.len();
        items
            .iter()
            .map(|&i| {
                let r = match self.kind {
                    ModelKind::Popularity => None,
                    ModelKind::ItemCf => self.cf_reason(user, i),
                    ModelKind::Als => {
                        Some(self.cf_reason(user, i).unwrap_or_else(Self::similar_reason))
                    }
                    ModelKind::UserKnn => Some(Self::similar_reason()),
                    ModelKind::Content => self.content_reason(user, i, s),
                    ModelKind::Hybrid => comps.as_ref().and_then(|c| {
                        let iu = i as usize;
                        let (wc, wt, wp) = blend_weights(history);
                        let cold = self.item_users(iu) < COLD_ITEM_USERS;
                        let cf = if cold {
                            0.0
                        } else {
                            0.5 * (c[1][iu] + c[2][iu])
                        };
                        let content = wt * c[3][iu] + if cold { wc * c[3][iu] } else { 0.0 };
                        let parts = [wc * cf, content, wp * c[0][iu]];
                        if parts[0] >= parts[1] && parts[0] >= parts[2] && parts[0] > 0.0 {
                            Some(self.cf_reason(user, i).unwrap_or_else(Self::similar_reason))
                        } else if parts[1] >= parts[2] && parts[1] > 0.0 {
                            self.content_reason(user, i, s)
                        } else {
                            None
                        }
                    }),
                };
                r.unwrap_or_else(Self::pop_reason)
            })
            .collect()
    }
}

/// Purchase rates per person (module documentation) and the global rate `g`.
fn purchase_rates(ds: &Dataset, m: &InteractionMatrix) -> (Vec<f64>, f64) {
    let ev = &ds.events;
    let n = m.n_users;
    let mut pairs: Vec<u64> = (0..ev.len())
        .filter(|&e| ev.user[e] != NONE && ev.session[e] != NONE && (ev.user[e] as usize) < n)
        .map(|e| ((ev.user[e] as u64) << 32) | ev.session[e] as u64)
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut attend = vec![0u32; n];
    for &pr in &pairs {
        attend[(pr >> 32) as usize] += 1;
    }
    let no_sessions = pairs.is_empty();
    let mut active = vec![false; n];
    for &u in &ev.user {
        if let Some(a) = active.get_mut(u as usize) {
            *a = true;
        }
    }
    let bought: Vec<u32> = (0..n)
        .map(|u| m.row(u as u32).2.iter().filter(|&&b| b).count() as u32)
        .collect();
    if no_sessions {
        for u in 0..n {
            attend[u] = u32::from(active[u]);
        }
    }
    let total_b: f64 = bought.iter().map(|&b| b as f64).sum();
    let total_a: f64 = attend.iter().map(|&a| a as f64).sum();
    let g = if total_a > 0.0 {
        total_b / total_a
    } else {
        0.0
    };
    let rates = (0..n)
        .map(|u| (bought[u] as f64 + g) / (attend[u] as f64 + 1.0))
        .collect();
    (rates, g)
}

/// Calibrated purchase probabilities over products (bought ones get 0).
fn calibrate(scores: &[f32], bought: &[bool], rate: f64, temperature: f64, out: &mut [f64]) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (&s, &b) in scores.iter().zip(bought) {
        if !b && s.is_finite() {
            lo = lo.min(s as f64);
            hi = hi.max(s as f64);
        }
    }
    let span = hi - lo;
    let mut total = 0.0;
    for ((o, &s), &b) in out.iter_mut().zip(scores).zip(bought) {
        *o = 0.0;
        if b {
            continue;
        }
        let z = if span > 0.0 && s.is_finite() {
            (s as f64 - lo) / span
        } else {
            0.0
        };
        // exp((z − 1)/T) keeps the exponent ≤ 0.
        *o = ((z - 1.0) / temperature).exp();
        total += *o;
    }
    if total > 0.0 {
        for o in out.iter_mut() {
            *o = (rate * *o / total).min(1.0);
        }
    }
}

/// Price of each product and where it came from.
fn prices(ds: &Dataset, feats: &ItemFeatures) -> Vec<(Option<f64>, &'static str)> {
    let n = feats.n_items;
    let mut sum = vec![0f64; n];
    let mut cnt = vec![0u32; n];
    let ev = &ds.events;
    for e in 0..ev.len() {
        let i = ev.item[e] as usize;
        if ev.kind[e] == EventKind::Pay && i < n && ev.amount[e] > 0.0 && ev.amount[e].is_finite() {
            sum[i] += ev.amount[e];
            cnt[i] += 1;
        }
    }
    (0..n)
        .map(|i| match feats.price.get(i).copied().flatten() {
            Some(p) => (Some(p), "catalogue"),
            None if cnt[i] > 0 => (Some(sum[i] / cnt[i] as f64), "paid_average"),
            None => (None, "unknown"),
        })
        .collect()
}

/// The last `n` sessions (by start, else first event) and their audience.
fn last_sessions_audience(ds: &Dataset, n: usize) -> (Vec<u32>, Vec<u32>) {
    let ev = &ds.events;
    let ns = ds.sessions.len();
    let mut first = vec![i64::MAX; ns];
    for e in 0..ev.len() {
        if let Some(f) = first.get_mut(ev.session[e] as usize) {
            *f = (*f).min(ev.ts[e]);
        }
    }
    let mut order: Vec<(i64, u32)> = (0..ns)
        .filter_map(|s| {
            let start = ds.session_info.get(s).and_then(|i| i.start);
            let t = start.unwrap_or(first[s]);
            (t != i64::MAX).then_some((t, s as u32))
        })
        .collect();
    order.sort_unstable();
    let chosen: Vec<u32> = order.iter().rev().take(n).map(|e| e.1).collect();
    let mut is_chosen = vec![false; ns];
    for &s in &chosen {
        is_chosen[s as usize] = true;
    }
    let in_chosen = |e: usize| {
        is_chosen
            .get(ev.session[e] as usize)
            .copied()
            .unwrap_or(false)
    };
    let collect = |only_enter: bool| {
        let mut a: Vec<u32> = (0..ev.len())
            .filter(|&e| in_chosen(e) && ev.user[e] != NONE)
            .filter(|&e| !only_enter || ev.kind[e] == EventKind::Enter)
            .map(|e| ev.user[e])
            .collect();
        a.sort_unstable();
        a.dedup();
        a
    };
    let mut audience = collect(true);
    if audience.is_empty() {
        audience = collect(false);
    }
    (chosen, audience)
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
    users.sort_by_key(|&u| (Reverse(last[u as usize]), u));
    users.truncate(max);
    users
}

fn hosts_by_segment(
    ds: &Dataset,
    m: &InteractionMatrix,
    feats: &ItemFeatures,
    p: &RecommendParams,
) -> Vec<SegmentHosts> {
    let n_users = m.n_users;
    let n_hosts = ds.hosts.len();
    if n_hosts == 0 {
        return Vec::new();
    }
    // Category interest per person (dimension: categories, else products).
    let use_cat = !feats.categories.is_empty();
    let dim = if use_cat {
        feats.categories.len()
    } else {
        m.n_items
    };
    let interest = |u: u32, acc: &mut [f64], w: f64| {
        let (items, rs, _) = m.row(u);
        let total: f64 = items
            .iter()
            .zip(rs)
            .filter(|(&i, _)| {
                !use_cat || feats.category.get(i as usize).is_some_and(|&c| c != NONE)
            })
            .map(|(_, &r)| r as f64)
            .sum();
        if total <= 0.0 {
            return;
        }
        for (&i, &r) in items.iter().zip(rs) {
            let d = if use_cat {
                feats.category.get(i as usize).copied().unwrap_or(NONE)
            } else {
                i
            };
            if let Some(a) = acc.get_mut(d as usize) {
                *a += w * r as f64 / total;
            }
        }
    };
    // Segments.
    let mut labels: Vec<String> = Vec::new();
    let mut seg_of = vec![NONE; n_users];
    match &p.segments {
        Some(list) => {
            for (uid, label) in list {
                let Some(u) = ds.users.get(uid) else { continue };
                let sid = match labels.iter().position(|l| l == label) {
                    Some(x) => x,
                    None => {
                        labels.push(label.clone());
                        labels.len() - 1
                    }
                };
                if let Some(s) = seg_of.get_mut(u as usize) {
                    *s = sid as u32;
                }
            }
        }
        None => {
            labels.push("all viewers".to_owned());
            seg_of.iter_mut().for_each(|s| *s = 0);
        }
    }
    let ns = labels.len();
    let mut seg_vec = vec![vec![0f64; dim]; ns];
    let mut seg_size = vec![0usize; ns];
    for (u, &s) in seg_of.iter().enumerate() {
        if s != NONE {
            interest(u as u32, &mut seg_vec[s as usize], 1.0);
            seg_size[s as usize] += 1;
        }
    }
    // Host audiences: (host, user) pairs of viewers and of buyers.
    let ev = &ds.events;
    let any_enter = ev.kind.contains(&EventKind::Enter);
    let (mut viewers, mut buyers): (Vec<u64>, Vec<u64>) = (Vec::new(), Vec::new());
    for e in 0..ev.len() {
        let u = ev.user[e];
        let Some(info) = ds.session_info.get(ev.session[e] as usize) else {
            continue;
        };
        if u == NONE || info.host == NONE || info.host as usize >= n_hosts {
            continue;
        }
        let key = ((info.host as u64) << 32) | u as u64;
        if ev.kind[e] == EventKind::Enter || !any_enter {
            viewers.push(key);
        }
        if ev.kind[e] == EventKind::Pay {
            buyers.push(key);
        }
    }
    for v in [&mut viewers, &mut buyers] {
        v.sort_unstable();
        v.dedup();
    }
    let mut host_vec = vec![vec![0f64; dim]; n_hosts];
    let mut seg_view = vec![vec![0u32; ns]; n_hosts];
    let mut seg_buy = vec![vec![0u32; ns]; n_hosts];
    for (list, is_buyers) in [(&viewers, false), (&buyers, true)] {
        for &key in list.iter() {
            let (h, u) = ((key >> 32) as usize, (key & 0xffff_ffff) as u32);
            interest(u, &mut host_vec[h], 1.0);
            if let Some(&s) = seg_of.get(u as usize) {
                if s != NONE {
                    let c = if is_buyers {
                        &mut seg_buy[h]
                    } else {
                        &mut seg_view[h]
                    };
                    c[s as usize] += 1;
                }
            }
        }
    }
    let cos = |a: &[f64], b: &[f64]| {
        let (d, na, nb) = a
            .iter()
            .zip(b)
            .fold((0.0, 0.0, 0.0), |(d, na, nb), (x, y)| {
                (d + x * y, na + x * x, nb + y * y)
            });
        (na > 0.0 && nb > 0.0).then(|| d / (na.sqrt() * nb.sqrt()))
    };
    (0..ns)
        .map(|s| {
            let mut hosts: Vec<HostMatch> = (0..n_hosts)
                .map(|h| HostMatch {
                    host: ds.hosts.name(h as u32).to_owned(),
                    similarity: cos(&seg_vec[s], &host_vec[h]),
                    segment_viewers: seg_view[h][s],
                    segment_buyers: seg_buy[h][s],
                    conversion_rate: (seg_view[h][s] > 0)
                        .then(|| seg_buy[h][s] as f64 / seg_view[h][s] as f64),
                })
                .collect();
            let key = |x: &Option<f64>| x.unwrap_or(-1.0);
            hosts.sort_by(|a, b| {
                key(&b.similarity)
                    .total_cmp(&key(&a.similarity))
                    .then(key(&b.conversion_rate).total_cmp(&key(&a.conversion_rate)))
                    .then(a.host.cmp(&b.host))
            });
            let mut conv: Vec<&HostMatch> = hosts
                .iter()
                .filter(|h| h.conversion_rate.is_some())
                .collect();
            conv.sort_by(|a, b| {
                key(&b.conversion_rate)
                    .total_cmp(&key(&a.conversion_rate))
                    .then(b.segment_viewers.cmp(&a.segment_viewers))
                    .then(a.host.cmp(&b.host))
            });
            let by_conversion = conv.iter().map(|h| h.host.clone()).collect();
            SegmentHosts {
                segment: labels[s].clone(),
                persons: seg_size[s],
                hosts,
                by_conversion,
            }
        })
        .collect()
}

/// Recommendations for creators (see the module documentation). Evaluates all models first
/// when `p.model` is `None`, and uses the best.
pub fn recommend(ds: &Dataset, p: &RecommendParams) -> crate::Result<Recommendations> {
    p.validate()?;
    let evaluation = match p.model {
        Some(_) => None,
        None => Some(evaluate(ds, p)?),
    };
    recommend_inner(ds, p, evaluation)
}

/// As [`recommend`], reusing an evaluation already computed with [`evaluate`] (same data and
/// parameters) to choose the model when `p.model` is `None`, so it is not run twice.
pub fn recommend_with_evaluation(
    ds: &Dataset,
    p: &RecommendParams,
    evaluation: Evaluation,
) -> crate::Result<Recommendations> {
    p.validate()?;
    recommend_inner(ds, p, Some(evaluation))
}

fn recommend_inner(
    ds: &Dataset,
    p: &RecommendParams,
    evaluation: Option<Evaluation>,
) -> crate::Result<Recommendations> {
    let (kind, chosen_by) = match (p.model, &evaluation) {
        (Some(k), _) => (k, "user"),
        (None, Some(ev)) => match ev.time_split.best_model.or(ev.leave_one_out.best_model) {
            Some(k) => (k, "evaluation"),
            None => (ModelKind::Hybrid, "default"),
        },
        (None, None) => (ModelKind::Hybrid, "default"),
    };
    let feats = ItemFeatures::from_dataset(ds);
    let m = InteractionMatrix::from_dataset(ds, &p.weights, |_| true);
    let models = Models::fit(
        &m,
        &feats,
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
    let item_id = |i: u32| ds.items.name(i).to_owned();
    let per_user = listed
        .iter()
        .map(|&u| {
            ctx.models.score(kind, &ctx.m, u, &mut scores, &mut s);
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

    // One pass over all persons: likely buyers per product and the line-up's audience.
    let (rates, g) = purchase_rates(ds, &ctx.m);
    let (sessions, audience, source) = match &p.audience {
        Some(ids) => (Vec::new(), ids.clone(), "given"),
        None => {
            let (chosen, aud) = last_sessions_audience(ds, p.lineup_sessions);
            (
                chosen
                    .iter()
                    .map(|&x| ds.sessions.name(x).to_owned())
                    .collect(),
                aud.iter().map(|&u| ds.users.name(u).to_owned()).collect(),
                "last_sessions",
            )
        }
    };
    let mut in_audience = vec![false; ctx.m.n_users];
    let mut new_viewers = 0usize;
    for id in &audience {
        match ds
            .users
            .get(id)
            .and_then(|u| in_audience.get_mut(u as usize))
        {
            Some(a) => *a = true,
            None => new_viewers += 1,
        }
    }
    let audience_size = in_audience.iter().filter(|&&a| a).count() + new_viewers;
    let mut heaps: Vec<ProspectHeap> = vec![BinaryHeap::new(); n_items];
    let mut exp_buyers = vec![0f64; n_items];
    let mut top_contrib: Vec<Vec<(f64, u32)>> = vec![Vec::new(); n_items];
    let mut prob = vec![0f64; n_items];
    for u in 0..ctx.m.n_users as u32 {
        ctx.models.score(kind, &ctx.m, u, &mut scores, &mut s);
        ctx.m.bought_mask(u, &mut mask);
        calibrate(&scores, &mask, rates[u as usize], p.temperature, &mut prob);
        let aud = in_audience[u as usize];
        for i in 0..n_items {
            let pb = prob[i];
            if mask[i] || pb <= 0.0 {
                continue;
            }
            let key = Reverse(((pb.to_bits()), Reverse(u)));
            let h = &mut heaps[i];
            if h.len() < p.top_n {
                h.push(key);
            } else if h.peek().is_some_and(|w| key < *w) {
                h.pop();
                h.push(key);
            }
            if aud {
                exp_buyers[i] += pb;
                let c = &mut top_contrib[i];
                if c.len() < 3 || c.last().is_some_and(|l| pb > l.0) {
                    c.push((pb, u));
                    c.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                    c.truncate(3);
                }
            }
        }
    }
    if new_viewers > 0 {
        let pop: Vec<f32> = ctx.models.hybrid.popularity.scores.clone();
        let none = vec![false; n_items];
        calibrate(&pop, &none, g, p.temperature, &mut prob);
        for i in 0..n_items {
            exp_buyers[i] += new_viewers as f64 * prob[i];
        }
    }
    let per_item = (0..n_items)
        .map(|i| {
            let mut v: Vec<(u64, u32)> = heaps[i]
                .iter()
                .map(|Reverse((b, Reverse(u)))| (*b, *u))
                .collect();
            v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            ItemAudience {
                item_id: item_id(i as u32),
                title: ctx.feats.title(i as u32).to_owned(),
                buyers: ctx.m.item_buyers.get(i).copied().unwrap_or(0),
                prospects: v
                    .iter()
                    .map(|&(b, u)| ItemProspect {
                        user_id: ds.users.name(u).to_owned(),
                        p_buy: f64::from_bits(b),
                    })
                    .collect(),
                similar_items: {
                    let (nb, sims) = ctx.models.hybrid.item_cf.neighbours(i as u32);
                    nb.iter()
                        .zip(sims)
                        .take(5)
                        .map(|(&j, &sim)| SimilarItem {
                            item_id: item_id(j),
                            title: ctx.feats.title(j).to_owned(),
                            similarity: sim as f64,
                        })
                        .collect()
                },
            }
        })
        .collect();

    // Line-up.
    let price = prices(ds, &ctx.feats);
    let mut order: Vec<usize> = (0..n_items).filter(|&i| exp_buyers[i] > 0.0).collect();
    let gmv = |i: usize| price[i].0.map(|pr| pr * exp_buyers[i]);
    order.sort_by(|&a, &b| {
        gmv(b)
            .unwrap_or(-1.0)
            .total_cmp(&gmv(a).unwrap_or(-1.0))
            .then(exp_buyers[b].total_cmp(&exp_buyers[a]))
            .then(a.cmp(&b))
    });
    let expected_gmv_total = (0..n_items).filter_map(gmv).sum();
    let expected_buyers_total = exp_buyers.iter().sum();
    let items = order
        .iter()
        .take(p.top_n)
        .map(|&i| {
            let (mut en, mut zh): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
            for &(_, u) in &top_contrib[i] {
                if let Some((e, z)) = ctx.explain(u, &[i as u32], &mut s).pop() {
                    if !en.contains(&e) {
                        en.push(e);
                        zh.push(z);
                    }
                }
            }
            if en.is_empty() {
                en.push(POP_EN.to_owned());
                zh.push(POP_ZH.to_owned());
            }
            LineupItem {
                item_id: item_id(i as u32),
                title: ctx.feats.title(i as u32).to_owned(),
                price: price[i].0,
                price_source: price[i].1.to_owned(),
                expected_buyers: exp_buyers[i],
                expected_gmv: gmv(i),
                reasons_en: en,
                reasons_zh: zh,
            }
        })
        .collect();
    let lineup = Lineup {
        audience_source: source.to_owned(),
        sessions,
        audience_size,
        new_viewers,
        items,
        expected_gmv_total,
        expected_buyers_total,
    };
    let hosts = hosts_by_segment(ds, &ctx.m, &ctx.feats, ctx.p);
    Ok(Recommendations {
        model: kind,
        model_chosen_by: chosen_by.to_owned(),
        evaluation,
        per_user,
        unknown_users,
        per_item,
        lineup,
        hosts,
    })
}

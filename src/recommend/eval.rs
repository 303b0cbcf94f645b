//! Offline evaluation (`metrics.md`, "Recommendation evaluation").
//!
//! **Who is evaluated.** Persons with at least 2 distinct bought products (a `pay` event each).
//! Their bought products are ordered by the time of their first `pay`.
//! * *time split*: the last `⌈fraction · n⌉` bought products (fraction 0.2; at least 1, at most
//!   `n − 1`, so at least one purchase stays in training) are held out;
//! * *leave-one-out*: the last bought product is held out.
//!
//! If more than `max_eval_users` persons are eligible, a seeded sample of that many is
//! evaluated (the same sample for every model).
//!
//! **Training data.** All events of persons not evaluated, and, for an evaluated person with
//! cut-off `t` = time of the first `pay` of their first held-out product: their product events
//! at or before `t`, except any event on a held-out product (so neither the purchase nor the
//! browsing of held-out products is seen). Every model is fitted on these training interactions
//! only.
//!
//! **Ranking.** For each evaluated person, every product not bought in training is ranked by the
//! model's score (ties: lower product id first); the top K are compared with the held-out set:
//! P@K = hits / K, R@K = hits / |held out|, NDCG@K with binary gains
//! (`DCG = Σ rel_i / log2(i + 1)`, ideal DCG over `min(K, |held out|)` hits), AP@K =
//! `Σ P@i · rel_i / min(K, |held out|)` (MAP@K is its mean), hit rate@K = share of persons with
//! at least one hit, catalogue coverage = distinct products in anyone's top K / products in the
//! catalogue. Averages are over evaluated persons.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::{InteractionMatrix, ModelKind, Models, RecommendParams, Scratch};
use crate::analysis::Prepared;
use crate::model::{Dataset, EventKind, NONE};

/// Metrics of one ranked list.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RankMetrics {
    pub precision: f64,
    pub recall: f64,
    pub ndcg: f64,
    pub ap: f64,
    pub hit: f64,
}

/// P@K, R@K, NDCG@K (binary gains), AP@K and hit@K of `ranked` (best first; only the first `k`
/// count) against the `relevant` products. All zero when `relevant` is empty or `k` is 0.
pub fn rank_metrics(ranked: &[u32], relevant: &[u32], k: usize) -> RankMetrics {
    if relevant.is_empty() || k == 0 {
        return RankMetrics::default();
    }
    let (mut hits, mut dcg, mut ap_sum) = (0usize, 0f64, 0f64);
    for (pos, item) in ranked.iter().take(k).enumerate() {
        if relevant.contains(item) {
            hits += 1;
            dcg += 1.0 / ((pos + 2) as f64).log2();
            ap_sum += hits as f64 / (pos + 1) as f64;
        }
    }
    let ideal_hits = relevant.len().min(k);
    let idcg: f64 = (0..ideal_hits).map(|p| 1.0 / ((p + 2) as f64).log2()).sum();
    RankMetrics {
        precision: hits as f64 / k as f64,
        recall: hits as f64 / relevant.len() as f64,
        ndcg: dcg / idcg,
        ap: ap_sum / ideal_hits as f64,
        hit: if hits > 0 { 1.0 } else { 0.0 },
    }
}

/// Distinct products in any of the lists / catalogue size; `None` for an empty catalogue.
pub fn coverage(lists: &[Vec<u32>], n_items: usize) -> Option<f64> {
    if n_items == 0 {
        return None;
    }
    let mut seen = vec![false; n_items];
    for l in lists {
        for &i in l {
            if let Some(s) = seen.get_mut(i as usize) {
                *s = true;
            }
        }
    }
    Some(seen.iter().filter(|&&s| s).count() as f64 / n_items as f64)
}

/// The top `k` products by score, skipping `exclude`d ones; ties by lower product id.
pub fn top_k(
    scores: &[f32],
    exclude: &[bool],
    k: usize,
    buf: &mut Vec<(f32, u32)>,
    out: &mut Vec<u32>,
) {
    buf.clear();
    out.clear();
    for (i, &s) in scores.iter().enumerate() {
        if !exclude.get(i).copied().unwrap_or(false) {
            buf.push((if s.is_nan() { f32::NEG_INFINITY } else { s }, i as u32));
        }
    }
    let cmp = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if k == 0 {
        return;
    }
    if buf.len() > k {
        buf.select_nth_unstable_by(k - 1, cmp);
        buf.truncate(k);
    }
    buf.sort_unstable_by(cmp);
    out.extend(buf.iter().map(|e| e.1));
}

/// One model's averages over the evaluated persons (`None` when nobody was evaluated).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ModelScore {
    pub model: ModelKind,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub ndcg: Option<f64>,
    pub map: Option<f64>,
    pub hit_rate: Option<f64>,
    pub coverage: Option<f64>,
    pub users_evaluated: usize,
}

/// All models side by side on one split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EvaluationResult {
    /// `"time_split"` or `"leave_one_out"`.
    pub split: String,
    pub k: usize,
    /// Persons with ≥ 2 bought products.
    pub users_eligible: usize,
    /// Persons evaluated (all eligible, or a seeded sample of `max_eval_users`).
    pub users_evaluated: usize,
    /// Held-out (person, product) purchases over the evaluated persons.
    pub held_out: usize,
    pub rows: Vec<ModelScore>,
    /// Highest NDCG@K (ties: MAP@K, then the order of `rows`); `None` when nobody was evaluated.
    pub best_model: Option<ModelKind>,
}

/// Both splits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evaluation {
    pub time_split: EvaluationResult,
    pub leave_one_out: EvaluationResult,
}

/// A train/test split.
pub(crate) struct Split {
    pub train: InteractionMatrix,
    /// Evaluated persons, ascending, with their held-out products.
    pub users: Vec<u32>,
    pub held: Vec<Vec<u32>>,
    pub eligible: usize,
}

/// Each person's distinct bought products with the time of their first `pay`, in time order
/// (shared through [`Prepared::purchases`]).
pub fn purchases_by_user(ds: &Dataset) -> Vec<Vec<(u32, i64)>> {
    let ev = &ds.events;
    let n_users = ds.users.len();
    let n_items = ds.items.len();
    let mut out: Vec<Vec<(u32, i64)>> = vec![Vec::new(); n_users];
    for e in 0..ev.len() {
        let (u, i) = (ev.user[e], ev.item[e]);
        if ev.kind[e] != EventKind::Pay || u == NONE || i == NONE {
            continue;
        }
        if (u as usize) >= n_users || (i as usize) >= n_items {
            continue;
        }
        let list = &mut out[u as usize];
        if !list.iter().any(|&(x, _)| x == i) {
            list.push((i, ev.ts[e]));
        }
    }
    out
}

pub(crate) fn make_split(prep: &Prepared, p: &RecommendParams, leave_one_out: bool) -> Split {
    let ds = prep.ds();
    let bought = prep.purchases();
    let mut eligible: Vec<u32> = (0..bought.len() as u32)
        .filter(|&u| bought[u as usize].len() >= 2)
        .collect();
    let n_eligible = eligible.len();
    if eligible.len() > p.max_eval_users {
        let mut rng = ChaCha8Rng::seed_from_u64(p.seed ^ 0x5eed_e7a1);
        eligible.shuffle(&mut rng);
        eligible.truncate(p.max_eval_users);
        eligible.sort_unstable();
    }
    let n_users = ds.users.len();
    let mut cutoff = vec![i64::MAX; n_users];
    let mut held_of = vec![NONE; n_users];
    let mut held: Vec<Vec<u32>> = Vec::with_capacity(eligible.len());
    for &u in &eligible {
        let list = &bought[u as usize];
        let n = list.len();
        let h = if leave_one_out {
            1
        } else {
            ((p.holdout_fraction * n as f64).ceil() as usize).clamp(1, n - 1)
        };
        let tail = &list[n - h..];
        cutoff[u as usize] = tail[0].1;
        held_of[u as usize] = held.len() as u32;
        held.push(tail.iter().map(|e| e.0).collect());
    }
    let ev = &ds.events;
    let train = InteractionMatrix::from_dataset(ds, &p.weights, |e| {
        let u = ev.user[e] as usize;
        match held_of.get(u).and_then(|&h| held.get(h as usize)) {
            Some(h) => ev.ts[e] <= cutoff[u] && !h.contains(&ev.item[e]),
            None => true,
        }
    });
    Split {
        train,
        users: eligible,
        held,
        eligible: n_eligible,
    }
}

fn evaluate_split(
    prep: &Prepared,
    p: &RecommendParams,
    leave_one_out: bool,
    kinds: &[ModelKind],
) -> EvaluationResult {
    let feats = prep.item_features();
    let split = make_split(prep, p, leave_one_out);
    let m = &split.train;
    let models = Models::fit(m, feats, p, kinds);
    let n_items = m.n_items;
    let mut mask = vec![false; n_items];
    let (mut buf, mut ranked) = (Vec::new(), Vec::new());
    let mut sums = vec![RankMetrics::default(); ModelKind::ALL.len()];
    let mut seen = vec![vec![false; n_items]; ModelKind::ALL.len()];
    let all = kinds.len() == ModelKind::ALL.len();
    // Every model's scores of a person, side by side (`ModelKind as usize` × `n_items`):
    // computed in blocks of persons on the threads, then ranked and summed in person order.
    let score = |j: usize, out: &mut [f32], (s, outs): &mut (Scratch, Vec<Vec<f32>>)| {
        let u = split.users[j];
        outs.resize(ModelKind::ALL.len(), vec![0.0; n_items]);
        if all {
            models.score_all(m, u, outs, s);
        } else {
            for &k in kinds {
                models.score(k, m, u, &mut outs[k as usize], s);
            }
        }
        for (k, o) in outs.iter().enumerate() {
            if let Some(to) = out.get_mut(k * n_items..(k + 1) * n_items) {
                to.copy_from_slice(o);
            }
        }
    };
    let width = ModelKind::ALL.len() * n_items;
    crate::analysis::par::scored_in_order(
        prep.threads(),
        split.users.len(),
        width,
        score,
        |j, outs| {
            let (u, held) = (split.users[j], &split.held[j]);
            m.bought_mask(u, &mut mask);
            for &k in kinds {
                let k0 = k as usize * n_items;
                let scores = outs.get(k0..k0 + n_items).unwrap_or_default();
                top_k(scores, &mask, p.k, &mut buf, &mut ranked);
                let r = rank_metrics(&ranked, held, p.k);
                let acc = &mut sums[k as usize];
                acc.precision += r.precision;
                acc.recall += r.recall;
                acc.ndcg += r.ndcg;
                acc.ap += r.ap;
                acc.hit += r.hit;
                for &i in &ranked {
                    seen[k as usize][i as usize] = true;
                }
            }
        },
    );
    let n = split.users.len();
    let avg = |x: f64| (n > 0).then(|| x / n as f64);
    let rows: Vec<ModelScore> = kinds
        .iter()
        .map(|&k| {
            let a = &sums[k as usize];
            let covered = seen[k as usize].iter().filter(|&&x| x).count();
            ModelScore {
                model: k,
                precision: avg(a.precision),
                recall: avg(a.recall),
                ndcg: avg(a.ndcg),
                map: avg(a.ap),
                hit_rate: avg(a.hit),
                coverage: (n > 0 && n_items > 0).then(|| covered as f64 / n_items as f64),
                users_evaluated: n,
            }
        })
        .collect();
    let best_model = if n == 0 {
        None
    } else {
        let mut best: Option<&ModelScore> = None;
        for r in &rows {
            let key = |x: &ModelScore| (x.ndcg.unwrap_or(0.0), x.map.unwrap_or(0.0));
            if best.is_none_or(|b| key(r) > key(b)) {
                best = Some(r);
            }
        }
        best.map(|b| b.model)
    };
    EvaluationResult {
        split: if leave_one_out {
            "leave_one_out"
        } else {
            "time_split"
        }
        .to_owned(),
        k: p.k,
        users_eligible: split.eligible,
        users_evaluated: n,
        held_out: split.held.iter().map(Vec::len).sum(),
        rows,
        best_model,
    }
}

/// Evaluates the models `kinds` (usually [`ModelKind::ALL`]) on the time split and on
/// leave-one-out (see the module documentation).
pub fn evaluate(
    prep: &Prepared,
    p: &RecommendParams,
    kinds: &[ModelKind],
) -> crate::Result<Evaluation> {
    p.validate()?;
    let mut kinds: Vec<ModelKind> = kinds.to_vec();
    kinds.sort_unstable();
    kinds.dedup();
    if kinds.is_empty() {
        return Err(crate::Error::Params("no model to evaluate".into()));
    }
    Ok(Evaluation {
        time_split: evaluate_split(prep, p, false, &kinds),
        leave_one_out: evaluate_split(prep, p, true, &kinds),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn hand_computed_metrics() {
        // ranked [5, 1, 7, 2], relevant {1, 2, 9}, K = 3: hit at position 2 only.
        let r = rank_metrics(&[5, 1, 7, 2], &[1, 2, 9], 3);
        assert!(close(r.precision, 1.0 / 3.0));
        assert!(close(r.recall, 1.0 / 3.0));
        let idcg = 1.0 + 1.0 / 3f64.log2() + 0.5;
        assert!(close(r.ndcg, (1.0 / 3f64.log2()) / idcg));
        assert!(close(r.ap, 0.5 / 3.0));
        assert_eq!(r.hit, 1.0);
        // K = 4: hits at 2 and 4.
        let r = rank_metrics(&[5, 1, 7, 2], &[1, 2, 9], 4);
        assert!(close(r.precision, 0.5));
        assert!(close(r.recall, 2.0 / 3.0));
        assert!(close(r.ap, (0.5 + 0.5) / 3.0));
        let idcg = 1.0 + 1.0 / 3f64.log2() + 0.5;
        assert!(close(
            r.ndcg,
            (1.0 / 3f64.log2() + 1.0 / 5f64.log2()) / idcg
        ));
        // Perfect ranking of one relevant item.
        let r = rank_metrics(&[4, 0], &[4], 10);
        assert!(close(r.ndcg, 1.0) && close(r.ap, 1.0) && close(r.precision, 0.1));
        // No hit.
        let r = rank_metrics(&[0, 1], &[4], 2);
        assert_eq!(r, RankMetrics::default());
        assert_eq!(rank_metrics(&[0], &[], 2), RankMetrics::default());
        // Coverage.
        assert_eq!(coverage(&[vec![0, 1], vec![1, 3]], 8), Some(3.0 / 8.0));
        assert_eq!(coverage(&[], 0), None);
    }

    #[test]
    fn top_k_excludes_and_breaks_ties() {
        let (mut buf, mut out) = (Vec::new(), Vec::new());
        top_k(
            &[0.5, 0.9, 0.5, f32::NAN, 0.1],
            &[false, true, false, false, false],
            3,
            &mut buf,
            &mut out,
        );
        assert_eq!(out, vec![0, 2, 4]);
        top_k(&[1.0, 2.0], &[false, false], 5, &mut buf, &mut out);
        assert_eq!(out, vec![1, 0]);
    }
}

//! Likely buyers per product and the next live's line-up: calibrated purchase probabilities
//! (module documentation of [`super`], "Purchase probability" and "Line-up").

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::super::{InteractionMatrix, ItemFeatures, Scratch};
use super::reasons::{Ctx, POP_EN, POP_ZH};
use super::{ItemAudience, ItemProspect, Lineup, LineupItem, SimilarItem};
use crate::model::{Dataset, EventKind, NONE};

/// Bounded min-heap of (probability bits, Reverse(person)) keeping the likeliest buyers.
type ProspectHeap = BinaryHeap<Reverse<(u64, Reverse<u32>)>>;

/// One pass over all persons: the likeliest buyers of each product (with its item-CF
/// neighbours), then the next live's line-up by expected GMV for the audience. Each person's
/// scores are also handed to `seen` (the per-viewer lists reuse them instead of scoring again).
/// The persons are scored on up to `threads` threads, the results used in person order.
pub(super) fn per_item_and_lineup(
    ds: &Dataset,
    ctx: &Ctx,
    s: &mut Scratch,
    threads: usize,
    seen: &mut dyn FnMut(u32, &[f32]),
) -> (Vec<ItemAudience>, Lineup) {
    let (p, kind) = (ctx.p, ctx.kind);
    let n_items = ctx.m.n_items;
    let mut mask = vec![false; n_items];
    let item_id = |i: u32| ds.items.name(i).to_owned();
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
    // Each person's scores computed in blocks on `threads` threads, used in person order.
    let score = |u: usize, out: &mut [f32], s: &mut Scratch| {
        ctx.models.score(kind, &ctx.m, u as u32, out, s);
    };
    crate::analysis::par::scored_in_order(threads, ctx.m.n_users, n_items, score, |u, scores| {
        let u = u as u32;
        seen(u, scores);
        ctx.m.bought_mask(u, &mut mask);
        calibrate(scores, &mask, rates[u as usize], p.temperature, &mut prob);
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
                    crate::sort::by(c, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                    c.truncate(3);
                }
            }
        }
    });
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
            crate::sort::by(&mut v, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
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
    let price = prices(ds, ctx.feats);
    let mut order: Vec<usize> = (0..n_items).filter(|&i| exp_buyers[i] > 0.0).collect();
    let gmv = |i: usize| price[i].0.map(|pr| pr * exp_buyers[i]);
    crate::sort::by(&mut order, |&a, &b| {
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
                if let Some((e, z)) = ctx.explain(u, &[i as u32], s).pop() {
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
    (per_item, lineup)
}

/// Purchase rates per person (module documentation) and the global rate `g`.
fn purchase_rates(ds: &Dataset, m: &InteractionMatrix) -> (Vec<f64>, f64) {
    let ev = &ds.events;
    let n = m.n_users;
    let mut attend = distinct_sessions(ds, n);
    let no_sessions = attend.iter().all(|&a| a == 0);
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

/// The number of distinct sessions each of the first `n` persons attended (events with a
/// session). One bit per (person, session) when that table is at most a byte per event, else
/// the sorted distinct (person, session) pairs, counted first and allocated once (issue #13,
/// memory: a pair list grown by doubling held 25 MB on the medium demo).
fn distinct_sessions(ds: &Dataset, n: usize) -> Vec<u32> {
    let ev = &ds.events;
    let ns = (0..ev.len())
        .filter_map(|e| attended(ds, n, e))
        .map(|(_, s)| s + 1)
        .max()
        .unwrap_or(0);
    if n.saturating_mul(ns) <= ev.len().saturating_mul(8) {
        sessions_by_bits(ds, n, ns)
    } else {
        sessions_by_pairs(ds, n)
    }
}

/// (person, session) of event `e` when it has both and the person is one of the first `n`.
fn attended(ds: &Dataset, n: usize, e: usize) -> Option<(usize, usize)> {
    let (u, s) = (ds.events.user[e], ds.events.session[e]);
    (u != NONE && s != NONE && (u as usize) < n).then_some((u as usize, s as usize))
}

/// [`distinct_sessions`] with one bit per (person, session); `ns` is above every session id.
fn sessions_by_bits(ds: &Dataset, n: usize, ns: usize) -> Vec<u32> {
    let mut attend = vec![0u32; n];
    let mut seen = vec![0u64; n.saturating_mul(ns).div_ceil(64)];
    for (u, s) in (0..ds.events.len()).filter_map(|e| attended(ds, n, e)) {
        let c = u * ns + s;
        if let Some(w) = seen.get_mut(c / 64) {
            let bit = 1u64 << (c % 64);
            if *w & bit == 0 {
                *w |= bit;
                attend[u] += 1;
            }
        }
    }
    attend
}

/// [`distinct_sessions`] by the sorted distinct (person, session) pairs.
fn sessions_by_pairs(ds: &Dataset, n: usize) -> Vec<u32> {
    let all = || (0..ds.events.len()).filter_map(|e| attended(ds, n, e));
    let mut pairs: Vec<u64> = Vec::with_capacity(all().count());
    pairs.extend(all().map(|(u, s)| ((u as u64) << 32) | s as u64));
    pairs.sort_unstable();
    pairs.dedup();
    let mut attend = vec![0u32; n];
    for &pr in &pairs {
        attend[(pr >> 32) as usize] += 1;
    }
    attend
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_sessions_by_bits_and_by_pairs_agree() {
        let mut ds = Dataset::default();
        let mut x: u64 = 11;
        for t in 0..3_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let u = ((x >> 33) % 50) as u32;
            let s = match (x >> 50) % 7 {
                0 => NONE,
                v => v as u32 * 2,
            };
            ds.events.push(u, t, EventKind::Like, 0, s, NONE, NONE, 0.0);
        }
        // Person 49 is past n: not counted.
        let n = 49;
        let bits = sessions_by_bits(&ds, n, 13);
        assert_eq!(bits, sessions_by_pairs(&ds, n));
        assert_eq!(bits, distinct_sessions(&ds, n));
        assert!(bits.iter().any(|&a| a > 1));
        assert_eq!(distinct_sessions(&Dataset::default(), 3), vec![0, 0, 0]);
    }
}

//! Hybrid: a per-person blend of collaborative, content and popularity scores that falls back
//! to content and popularity when history is thin (cold start).
//!
//! Each component's scores are min-max normalised over the products the person has not bought
//! (all equal → 0; bought products get 0, they are never recommended anyway). `CF = ½·ALS + ½·item-CF`; for a *cold product* (fewer than [`COLD_ITEM_USERS`] distinct
//! persons in the training interactions) the CF part is replaced by its content score. With `h`
//! the number of distinct products in the person's history:
//!
//! | history | blend |
//! |---|---|
//! | `h = 0` (new person) | popularity only |
//! | `1 ≤ h < COLD_USER_ITEMS` | 0.3 CF + 0.4 content + 0.3 popularity |
//! | `h ≥ COLD_USER_ITEMS` | 0.6 CF + 0.25 content + 0.15 popularity |

use super::{
    Als, AlsParams, Content, InteractionMatrix, ItemCf, ItemFeatures, Popularity, Recommender,
    Scratch,
};

/// Products with fewer distinct persons than this are "cold" for the CF part.
pub const COLD_ITEM_USERS: usize = 3;
/// Persons with fewer distinct products than this get the cold-start blend.
pub const COLD_USER_ITEMS: usize = 3;

/// Blend weights (cf, content, popularity) for a person with `history` distinct products.
pub fn blend_weights(history: usize) -> (f32, f32, f32) {
    if history == 0 {
        (0.0, 0.0, 1.0)
    } else if history < COLD_USER_ITEMS {
        (0.3, 0.4, 0.3)
    } else {
        (0.6, 0.25, 0.15)
    }
}

/// Min-max normalises `v` in place over the entries not `skip`ped (all equal → all 0);
/// skipped entries become 0. A `skip` shorter than `v` skips nothing beyond its end.
pub fn min_max(v: &mut [f32], skip: &[bool]) {
    let skipped = |i: usize| skip.get(i).copied().unwrap_or(false);
    let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
    for (i, &x) in v.iter().enumerate() {
        if !skipped(i) && x.is_finite() {
            lo = lo.min(x);
            hi = hi.max(x);
        }
    }
    let span = hi - lo;
    for (i, x) in v.iter_mut().enumerate() {
        *x = if !skipped(i) && span > 0.0 && span.is_finite() && x.is_finite() {
            (*x - lo) / span
        } else {
            0.0
        };
    }
}

/// The hybrid model; it owns (and fits) its components.
#[derive(Debug, Clone, Default)]
pub struct Hybrid {
    pub popularity: Popularity,
    pub item_cf: ItemCf,
    pub als: Als,
    pub content: Content,
    /// Distinct persons per product in the training interactions.
    pub item_users: Vec<u32>,
}

impl Hybrid {
    pub fn new(neighbours: usize, als: AlsParams, seed: u64) -> Self {
        Self {
            item_cf: ItemCf::new(neighbours),
            als: Als::new(als, seed),
            ..Default::default()
        }
    }

    /// Blends already computed component scores (`pop`, `item_cf`, `als`, `content`, raw) into
    /// `out`; the component slices are normalised in place over the products not `bought`.
    #[allow(clippy::too_many_arguments)]
    pub fn blend(
        &self,
        history: usize,
        bought: &[bool],
        pop: &mut [f32],
        icf: &mut [f32],
        als: &mut [f32],
        content: &mut [f32],
        out: &mut [f32],
    ) {
        for v in [&mut *pop, &mut *icf, &mut *als, &mut *content] {
            min_max(v, bought);
        }
        let (wc, wt, wp) = blend_weights(history);
        for (i, o) in out.iter_mut().enumerate() {
            let cold = self
                .item_users
                .get(i)
                .is_none_or(|&n| (n as usize) < COLD_ITEM_USERS);
            let cf = if cold {
                content[i]
            } else {
                0.5 * als[i] + 0.5 * icf[i]
            };
            *o = wc * cf + wt * content[i] + wp * pop[i];
        }
    }
}

impl Recommender for Hybrid {
    fn fit(&mut self, m: &InteractionMatrix, items: &ItemFeatures) {
        self.popularity.fit(m, items);
        self.item_cf.fit(m, items);
        self.als.fit(m, items);
        self.content.fit(m, items);
        self.item_users = (0..m.n_items)
            .map(|i| (m.item_ptr[i + 1] - m.item_ptr[i]) as u32)
            .collect();
    }

    fn score(&self, m: &InteractionMatrix, user: u32, out: &mut [f32], s: &mut Scratch) {
        let n = out.len();
        let mut bufs = std::mem::take(&mut s.bufs);
        bufs.resize(4, Vec::new());
        for b in bufs.iter_mut() {
            b.resize(n, 0.0);
        }
        if let [p, c, a, t] = &mut bufs[..4] {
            self.popularity.score(m, user, p, s);
            self.item_cf.score(m, user, c, s);
            self.als.score(m, user, a, s);
            self.content.score(m, user, t, s);
            let mut mask = std::mem::take(&mut s.mask);
            mask.resize(n, false);
            m.bought_mask(user, &mut mask);
            self.blend(m.row(user).0.len(), &mask, p, c, a, t, out);
            s.mask = mask;
        }
        s.bufs = bufs;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn cold_start_rules() {
        assert_eq!(blend_weights(0), (0.0, 0.0, 1.0));
        let mut v = vec![2.0, 4.0, 3.0];
        min_max(&mut v, &[]);
        assert_eq!(v, vec![0.0, 1.0, 0.5]);
        let mut v = vec![2.0, 9.0, 4.0, 3.0];
        min_max(&mut v, &[false, true, false, false]);
        assert_eq!(v, vec![0.0, 0.0, 1.0, 0.5]);
        let mut same = vec![1.0, 1.0];
        min_max(&mut same, &[]);
        assert_eq!(same, vec![0.0, 0.0]);
        // A new person gets exactly the popularity order.
        let m = InteractionMatrix::from_entries(
            4,
            3,
            &[
                (0, 0, 8.0, true),
                (1, 0, 8.0, true),
                (2, 1, 8.0, true),
                (2, 0, 1.0, false),
            ],
        );
        let mut h = Hybrid::new(10, AlsParams::default(), 1);
        h.fit(&m, &ItemFeatures::empty(3));
        let mut out = vec![0.0; 3];
        h.score(&m, 3, &mut out, &mut Scratch::default());
        assert!(out[0] > out[1] && out[1] > out[2]);
    }
}

//! Item-item collaborative filtering (cosine over the person × product strength matrix).
//!
//! `sim(i, j) = Σ_u r_ui r_uj / (‖r_i‖ ‖r_j‖)`. Each product keeps its `k` most similar
//! neighbours (ties by product id). A person's score for product `i` is
//! `Σ_{j in history} r_uj · sim(j, i)` over the history products `j` that have `i` among their
//! neighbours (the convention of the `implicit` library's `ItemItemRecommender`), plus
//! `self_weight · r_ui` when the person already interacted with `i` without buying it: a product
//! is its own nearest neighbour (similarity 1), as in `implicit`, whose similarity matrix keeps
//! its diagonal. Interest shown in a product (views, clicks, a cart, an unpaid order) is the
//! strongest sign of the next purchase: on the next-live-session split of the medium demo
//! (`docs/benchmarks.md`) it raises P@10 by 0.002–0.006.

use super::{InteractionMatrix, ItemFeatures, Recommender, Scratch};

#[derive(Debug, Clone, Default)]
pub struct ItemCf {
    /// Neighbours kept per product.
    pub k: usize,
    /// Weight of a person's own interest in a product they have not bought (similarity of a
    /// product to itself) [`SELF_WEIGHT`]; 0 = neighbours only.
    pub self_weight: f32,
    /// Neighbour lists: `neigh_ptr[j]..neigh_ptr[j + 1]` index `neigh_item`/`neigh_sim`,
    /// most similar first.
    pub neigh_ptr: Vec<usize>,
    pub neigh_item: Vec<u32>,
    pub neigh_sim: Vec<f32>,
}

/// Default [`ItemCf::self_weight`]: `implicit`'s convention (the diagonal of the cosine matrix).
pub const SELF_WEIGHT: f32 = 1.0;

impl ItemCf {
    pub fn new(k: usize) -> Self {
        Self {
            k,
            self_weight: SELF_WEIGHT,
            ..Default::default()
        }
    }

    /// The neighbours of a product, most similar first: (items, similarities).
    pub fn neighbours(&self, item: u32) -> (&[u32], &[f32]) {
        let j = item as usize;
        if j + 1 >= self.neigh_ptr.len() {
            return (&[], &[]);
        }
        let r = self.neigh_ptr[j]..self.neigh_ptr[j + 1];
        (&self.neigh_item[r.clone()], &self.neigh_sim[r])
    }

    /// Similarity of `j` to `i` if `i` is among `j`'s neighbours, else 0.
    pub fn sim(&self, j: u32, i: u32) -> f32 {
        let (it, s) = self.neighbours(j);
        it.iter().position(|&x| x == i).map_or(0.0, |p| s[p])
    }
}

impl Recommender for ItemCf {
    fn fit(&mut self, m: &InteractionMatrix, _items: &ItemFeatures) {
        let n = m.n_items;
        let norms: Vec<f32> = (0..n)
            .map(|i| m.col(i as u32).1.iter().map(|s| s * s).sum::<f32>().sqrt())
            .collect();
        let mut acc = vec![0f32; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut cand: Vec<(u32, f32)> = Vec::new();
        self.neigh_ptr = Vec::with_capacity(n + 1);
        self.neigh_ptr.push(0);
        self.neigh_item.clear();
        self.neigh_sim.clear();
        for i in 0..n {
            let (users, ri) = m.col(i as u32);
            for (&u, &rui) in users.iter().zip(ri) {
                let (items, rs, _) = m.row(u);
                for (&j, &ruj) in items.iter().zip(rs) {
                    let a = &mut acc[j as usize];
                    if *a == 0.0 {
                        touched.push(j);
                    }
                    *a += rui * ruj;
                }
            }
            cand.clear();
            for &j in &touched {
                let ju = j as usize;
                let dot = acc[ju];
                acc[ju] = 0.0;
                if ju == i || dot <= 0.0 {
                    continue;
                }
                let den = norms[i] * norms[ju];
                if den > 0.0 {
                    cand.push((j, dot / den));
                }
            }
            touched.clear();
            let by_sim = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if cand.len() > self.k && self.k > 0 {
                cand.select_nth_unstable_by(self.k - 1, by_sim);
                cand.truncate(self.k);
            } else if self.k == 0 {
                cand.clear();
            }
            cand.sort_unstable_by(by_sim);
            for &(j, s) in &cand {
                self.neigh_item.push(j);
                self.neigh_sim.push(s);
            }
            self.neigh_ptr.push(self.neigh_item.len());
        }
    }

    fn score(&self, m: &InteractionMatrix, user: u32, out: &mut [f32], _s: &mut Scratch) {
        out.iter_mut().for_each(|o| *o = 0.0);
        let (items, rs, bought) = m.row(user);
        for ((&j, &r), &b) in items.iter().zip(rs).zip(bought) {
            let (nb, sims) = self.neighbours(j);
            for (&i, &s) in nb.iter().zip(sims) {
                if let Some(o) = out.get_mut(i as usize) {
                    *o += r * s;
                }
            }
            if !b {
                if let Some(o) = out.get_mut(j as usize) {
                    *o += self.self_weight * r;
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn cosine_and_scores() {
        // users 0,1 like items 0 and 1; user 2 likes 1 and 2.
        let m = InteractionMatrix::from_entries(
            3,
            3,
            &[
                (0, 0, 1.0, false),
                (0, 1, 1.0, false),
                (1, 0, 1.0, false),
                (1, 1, 1.0, false),
                (2, 1, 1.0, false),
                (2, 2, 1.0, false),
            ],
        );
        let mut cf = ItemCf::new(5);
        cf.fit(&m, &ItemFeatures::empty(3));
        // sim(0,1) = 2 / (sqrt2 * sqrt3); sim(1,2) = 1/(sqrt3*1); sim(0,2) = 0
        let s01 = 2.0 / (2f32.sqrt() * 3f32.sqrt());
        assert!((cf.sim(0, 1) - s01).abs() < 1e-6);
        assert!((cf.sim(2, 1) - 1.0 / 3f32.sqrt()).abs() < 1e-6);
        assert_eq!(cf.sim(0, 2), 0.0);
        assert_eq!(cf.neighbours(1).0, &[0, 2]);
        let mut out = vec![0.0; 3];
        cf.score(&m, 2, &mut out, &mut Scratch::default());
        assert!((out[0] - s01).abs() < 1e-6);
        // Own interest: user 2 showed interest in 1 and 2 without buying; item 1 also gets
        // 1·sim(2, 1) from item 2.
        let s12 = 1.0 / 3f32.sqrt();
        assert!((out[1] - (SELF_WEIGHT + s12)).abs() < 1e-6);
        let mut neighbours_only = cf.clone();
        neighbours_only.self_weight = 0.0;
        neighbours_only.score(&m, 2, &mut out, &mut Scratch::default());
        assert!((out[1] - s12).abs() < 1e-6);
        // A bought product gets no own-interest term.
        let bought =
            InteractionMatrix::from_entries(2, 2, &[(0, 0, 8.0, true), (1, 0, 1.0, false)]);
        let mut cfb = ItemCf::new(5);
        cfb.fit(&bought, &ItemFeatures::empty(2));
        let mut o2 = vec![0.0; 2];
        cfb.score(&bought, 0, &mut o2, &mut Scratch::default());
        assert_eq!(o2[0], 0.0);
        cfb.score(&bought, 1, &mut o2, &mut Scratch::default());
        assert_eq!(o2[0], SELF_WEIGHT);
        let mut one = ItemCf::new(1);
        one.fit(&m, &ItemFeatures::empty(3));
        assert_eq!(one.neighbours(1).0, &[0]);
    }
}

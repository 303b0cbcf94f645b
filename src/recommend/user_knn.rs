//! User-based k-nearest-neighbours (cosine between persons' IDF-weighted strength rows).
//!
//! Each product's strengths are weighted by its inverse user frequency
//! `idf_i = ln((n + 1) / (n_i + 1)) + 1` (`n` persons, `n_i` of them with product `i`; the
//! smoothed IDF of scikit-learn's `TfidfTransformer`): sharing a product that nearly everyone
//! touches says less about two persons' tastes than sharing a rarer one (Breese, Heckerman &
//! Kadie 1998, "inverse user frequency"). `sim(u, v)` is the cosine of the weighted rows.
//!
//! For person `u`, the score of product `i` is `Σ_{v in N(u)} sim(u, v) · vote_vi` over the `k`
//! other persons `N(u)` with the highest similarity (ties by lower id), where a neighbour's vote
//! is their strength for `i` plus [`UserKnn::purchase_vote`] when they bought it: what is
//! predicted is a purchase, so a neighbour's purchase counts for more than the same strength
//! of browsing. Both choices were measured against the plain cosine / strength-vote variant on
//! the rolling next-session split of twelve small demo seeds (`docs/decisions.md`, "user-kNN
//! with inverse user frequency"): pooled P@10 0.1013 → 0.1030.
//!
//! The summed votes for product `i` are then divided by `(n_i + 1)^γ` ([`UserKnn::popularity_damping`]
//! `γ`, [`POPULARITY_DAMPING`] = ½ by default; `n_i` the persons with any event on `i`): a
//! product that nearly every neighbour has touched collects votes from most neighbourhoods
//! whatever the person's taste, so its raw sum overstates how specific it is to this person's
//! neighbours (the popularity penalty of RP3β, Paudel et al. 2016, applied to user-kNN's
//! scores). Measured on the rolling next-session split of the same twelve seeds, 20 sessions
//! each: pooled P@10 0.1002 → 0.1011 (`docs/decisions.md`, "user-kNN damps popular products").
//!
//! Neighbour search is bounded so that it stays fast with tens of thousands of persons and a
//! small catalogue (where every product is shared by thousands): each product keeps a
//! candidate list of the `4k` persons with the highest normalised weighted strength
//! `w_vi / ‖w_v‖` for it (ties by lower id). Candidates of `u` are the persons on the lists of
//! `u`'s products, pre-ranked by their partial dot product over those lists; the best `2k` get
//! their exact cosine (a merge of the two rows) and the best `k` of those are the neighbours.
//! The similarities used are exact; the neighbour set can miss persons who are on none of the
//! candidate lists. On the medium demo (12.8 k persons) that costs about a tenth of the hits
//! against exact neighbours (`docs/benchmarks.md`, medium table): an open problem.

use super::{InteractionMatrix, ItemFeatures, Recommender, Scratch};

/// Default exponent of [`UserKnn::popularity_damping`].
pub const POPULARITY_DAMPING: f32 = 0.5;

#[derive(Debug, Clone, Default)]
pub struct UserKnn {
    pub k: usize,
    /// Added to a neighbour's vote for a product they bought [the `pay` signal weight, 8 by
    /// default]; 0 = votes are strengths only.
    pub purchase_vote: f32,
    /// Exponent `γ` of the popularity damping: a product's summed votes are divided by
    /// `(n_i + 1)^γ`, `n_i` = persons with any event on it [[`POPULARITY_DAMPING`] in
    /// [`UserKnn::new`]]; 0 = no damping.
    pub popularity_damping: f32,
    /// `(n_i + 1)^-γ` of each product, set by `fit`.
    pub damping: Vec<f32>,
    /// Inverse user frequency of each product (see the module documentation).
    pub idf: Vec<f32>,
    /// Norms of the IDF-weighted rows.
    pub norms: Vec<f32>,
    /// Candidate lists per product: `cand_ptr[i]..cand_ptr[i + 1]` index `cand_user` and
    /// `cand_weight` (normalised strength), best first.
    pub cand_ptr: Vec<usize>,
    pub cand_user: Vec<u32>,
    pub cand_weight: Vec<f32>,
}

impl UserKnn {
    /// `k` neighbours; a neighbour's purchase adds `purchase_vote` to their vote; popularity
    /// damping [`POPULARITY_DAMPING`].
    pub fn new(k: usize, purchase_vote: f32) -> Self {
        Self {
            k,
            purchase_vote,
            popularity_damping: POPULARITY_DAMPING,
            ..Default::default()
        }
    }

    /// The same with another popularity-damping exponent (0 = none; non-finite or negative
    /// values are taken as 0).
    pub fn with_popularity_damping(mut self, gamma: f32) -> Self {
        self.popularity_damping = if gamma.is_finite() && gamma > 0.0 {
            gamma
        } else {
            0.0
        };
        self
    }

    fn idf_of(&self, item: u32) -> f32 {
        self.idf.get(item as usize).copied().unwrap_or(1.0)
    }

    /// Exact dot product of two persons' IDF-weighted rows (both sorted by product).
    fn row_dot(&self, m: &InteractionMatrix, a: u32, b: u32) -> f32 {
        let (ia, ra, _) = m.row(a);
        let (ib, rb, _) = m.row(b);
        let (mut x, mut y, mut d) = (0, 0, 0f32);
        while x < ia.len() && y < ib.len() {
            match ia[x].cmp(&ib[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    let w = self.idf_of(ia[x]);
                    d += ra[x] * rb[y] * w * w;
                    x += 1;
                    y += 1;
                }
            }
        }
        d
    }

    /// The `k` nearest persons of `user` with their similarities, most similar first.
    pub fn neighbours(&self, m: &InteractionMatrix, user: u32, s: &mut Scratch) -> Vec<(u32, f32)> {
        let n = m.n_users;
        if s.users.len() != n {
            s.users = vec![0.0; n];
        }
        s.touched.clear();
        let nu = self.norms.get(user as usize).copied().unwrap_or(0.0);
        if nu <= 0.0 || self.k == 0 {
            return Vec::new();
        }
        let (items, rs, _) = m.row(user);
        for (&i, &r) in items.iter().zip(rs) {
            let r = r * self.idf_of(i);
            let i = i as usize;
            if i + 1 >= self.cand_ptr.len() {
                continue;
            }
            let range = self.cand_ptr[i]..self.cand_ptr[i + 1];
            for (&v, &w) in self.cand_user[range.clone()]
                .iter()
                .zip(&self.cand_weight[range])
            {
                let a = &mut s.users[v as usize];
                if *a == 0.0 {
                    s.touched.push(v);
                }
                *a += r * w / nu;
            }
        }
        let mut cand: Vec<(u32, f32)> = Vec::with_capacity(s.touched.len());
        for &v in &s.touched {
            let partial = std::mem::take(&mut s.users[v as usize]);
            if v != user && partial > 0.0 {
                cand.push((v, partial));
            }
        }
        s.touched.clear();
        let by_sim = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let pre = 2 * self.k;
        if cand.len() > pre {
            cand.select_nth_unstable_by(pre - 1, by_sim);
            cand.truncate(pre);
        }
        for c in cand.iter_mut() {
            let nv = self.norms.get(c.0 as usize).copied().unwrap_or(0.0);
            c.1 = if nv > 0.0 {
                self.row_dot(m, user, c.0) / (nu * nv)
            } else {
                0.0
            };
        }
        if cand.len() > self.k {
            cand.select_nth_unstable_by(self.k - 1, by_sim);
            cand.truncate(self.k);
        }
        cand.sort_unstable_by(by_sim);
        cand
    }
}

impl Recommender for UserKnn {
    fn fit(&mut self, m: &InteractionMatrix, _items: &ItemFeatures) {
        let n = m.n_users as f32;
        self.idf = (0..m.n_items)
            .map(|i| {
                let df = (m.item_ptr[i + 1] - m.item_ptr[i]) as f32;
                ((n + 1.0) / (df + 1.0)).ln() + 1.0
            })
            .collect();
        let gamma = self.popularity_damping;
        self.damping = (0..m.n_items)
            .map(|i| {
                let df = (m.item_ptr[i + 1] - m.item_ptr[i]) as f32;
                if gamma > 0.0 {
                    (df + 1.0).powf(-gamma)
                } else {
                    1.0
                }
            })
            .collect();
        self.norms = (0..m.n_users)
            .map(|u| {
                let (items, rs, _) = m.row(u as u32);
                let sq: f32 = items
                    .iter()
                    .zip(rs)
                    .map(|(&i, &r)| (r * self.idf_of(i)).powi(2))
                    .sum();
                sq.sqrt()
            })
            .collect();
        let cap = self.k.saturating_mul(4).max(1);
        self.cand_ptr = Vec::with_capacity(m.n_items + 1);
        self.cand_ptr.push(0);
        self.cand_user.clear();
        self.cand_weight.clear();
        let mut list: Vec<(u32, f32)> = Vec::new();
        for i in 0..m.n_items {
            let (us, rs) = m.col(i as u32);
            let w = self.idf[i];
            list.clear();
            list.extend(us.iter().zip(rs).filter_map(|(&v, &r)| {
                let n = self.norms[v as usize];
                (n > 0.0).then_some((v, r * w / n))
            }));
            let by_w = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if list.len() > cap {
                list.select_nth_unstable_by(cap - 1, by_w);
                list.truncate(cap);
            }
            list.sort_unstable_by(by_w);
            for &(v, w) in &list {
                self.cand_user.push(v);
                self.cand_weight.push(w);
            }
            self.cand_ptr.push(self.cand_user.len());
        }
    }

    fn score(&self, m: &InteractionMatrix, user: u32, out: &mut [f32], s: &mut Scratch) {
        out.iter_mut().for_each(|o| *o = 0.0);
        for (v, sim) in self.neighbours(m, user, s) {
            let (items, rs, bought) = m.row(v);
            for ((&i, &r), &b) in items.iter().zip(rs).zip(bought) {
                if let Some(o) = out.get_mut(i as usize) {
                    *o += sim * if b { r + self.purchase_vote } else { r };
                }
            }
        }
        for (o, &d) in out.iter_mut().zip(&self.damping) {
            *o *= d;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn nearest_users_vote() {
        // user 0 ~ user 1 (share item 0), user 2 is unrelated.
        let m = InteractionMatrix::from_entries(
            3,
            4,
            &[
                (0, 0, 1.0, false),
                (1, 0, 1.0, false),
                (1, 1, 1.0, false),
                (2, 2, 1.0, false),
                (2, 3, 1.0, false),
            ],
        );
        let mut knn = UserKnn::new(10, 0.0).with_popularity_damping(0.0);
        knn.fit(&m, &ItemFeatures::empty(4));
        let mut s = Scratch::default();
        let nb = knn.neighbours(&m, 0, &mut s);
        assert_eq!(nb.len(), 1);
        assert_eq!(nb[0].0, 1);
        // IDF with 3 persons: item 0 (2 persons) ln(4/3) + 1, item 1 (1 person) ln(4/2) + 1.
        let (w0, w1) = ((4f32 / 3.0).ln() + 1.0, 2f32.ln() + 1.0);
        let cos = w0 * w0 / (w0 * (w0 * w0 + w1 * w1).sqrt());
        assert!((nb[0].1 - cos).abs() < 1e-6);
        // Without IDF (all products shared equally) it would be 1/√2; the rarer item 1 that
        // only person 1 has makes them less alike.
        assert!(cos < 1.0 / 2f32.sqrt());
        let mut out = vec![0.0; 4];
        knn.score(&m, 0, &mut out, &mut s);
        assert!(out[1] > 0.0 && out[2] == 0.0 && out[3] == 0.0);
        assert!((out[1] - cos).abs() < 1e-6);
        // Scratch is left clean for the next person.
        assert!(s.users.iter().all(|&x| x == 0.0));
    }

    #[test]
    fn a_neighbours_purchase_votes_more_than_their_browsing() {
        // Persons 0, 1, 2 share item 0; person 1 bought item 1, person 2 only browsed item 2
        // with the same strength.
        let m = InteractionMatrix::from_entries(
            3,
            3,
            &[
                (0, 0, 1.0, false),
                (1, 0, 1.0, false),
                (1, 1, 8.0, true),
                (2, 0, 1.0, false),
                (2, 2, 8.0, false),
            ],
        );
        let mut s = Scratch::default();
        let mut out = vec![0.0; 3];
        let mut plain = UserKnn::new(10, 0.0).with_popularity_damping(0.0);
        plain.fit(&m, &ItemFeatures::empty(3));
        plain.score(&m, 0, &mut out, &mut s);
        assert!((out[1] - out[2]).abs() < 1e-6, "{out:?}");
        let mut knn = UserKnn::new(10, 8.0).with_popularity_damping(0.0);
        knn.fit(&m, &ItemFeatures::empty(3));
        knn.score(&m, 0, &mut out, &mut s);
        let sim = knn.neighbours(&m, 0, &mut s)[0].1;
        assert!((out[1] - sim * 16.0).abs() < 1e-5 && (out[2] - sim * 8.0).abs() < 1e-5);
    }

    #[test]
    fn popular_products_are_damped_by_the_square_root_of_their_persons() {
        // Person 0 shares item 0 with persons 1 and 2; person 1 also has item 1, person 2
        // item 2 with the same strength. Item 2 is also touched by 14 more persons (3..=16),
        // who share nothing with person 0, so it is popular and item 1 is not.
        let mut e = vec![
            (0, 0, 1.0, false),
            (1, 0, 1.0, false),
            (1, 1, 4.0, false),
            (2, 0, 1.0, false),
            (2, 2, 4.0, false),
        ];
        e.extend((3..17).map(|u| (u, 2, 1.0, false)));
        let m = InteractionMatrix::from_entries(17, 3, &e);
        let mut s = Scratch::default();
        let mut raw = vec![0.0; 3];
        let mut plain = UserKnn::new(10, 8.0).with_popularity_damping(0.0);
        plain.fit(&m, &ItemFeatures::empty(3));
        plain.score(&m, 0, &mut raw, &mut s);
        // Undamped, item 2 wins: its IDF is lower, so person 2 is the closer neighbour.
        assert!(raw[2] > raw[1], "{raw:?}");
        let mut out = vec![0.0; 3];
        let mut knn = UserKnn::new(10, 8.0);
        assert_eq!(knn.popularity_damping, POPULARITY_DAMPING);
        knn.fit(&m, &ItemFeatures::empty(3));
        knn.score(&m, 0, &mut out, &mut s);
        // Damped by (n_i + 1)^-1/2: item 1 has 1 person, item 2 has 15.
        assert!(
            (out[1] - raw[1] / 2f32.sqrt()).abs() < 1e-5,
            "{out:?} {raw:?}"
        );
        assert!((out[2] - raw[2] / 4.0).abs() < 1e-5, "{out:?} {raw:?}");
        assert!(out[1] > out[2], "{out:?}");
        // A bad exponent means no damping, never NaN scores.
        let mut bad = UserKnn::new(10, 8.0).with_popularity_damping(f32::NAN);
        bad.fit(&m, &ItemFeatures::empty(3));
        bad.score(&m, 0, &mut out, &mut s);
        assert_eq!(out, raw);
    }
}

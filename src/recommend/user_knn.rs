//! User-based k-nearest-neighbours (cosine between persons' strength rows).
//!
//! For person `u`, the score of product `i` is `Σ_{v in N(u)} sim(u, v) · r_vi` over the `k`
//! other persons `N(u)` with the highest cosine similarity (ties by lower id).
//!
//! Neighbour search is bounded so that it stays fast with tens of thousands of persons and a
//! small catalogue (where every product is shared by thousands): each product keeps a
//! candidate list of the `4k` persons with the highest normalised strength `r_vi / ‖r_v‖` for
//! it (ties by lower id). Candidates of `u` are the persons on the lists of `u`'s products,
//! pre-ranked by their partial dot product over those lists; the best `2k` get their exact
//! cosine (a merge of the two rows) and the best `k` of those are the neighbours. The
//! similarities used are exact; the neighbour set can miss persons who are on none of the
//! candidate lists.

use super::{InteractionMatrix, ItemFeatures, Recommender, Scratch};

#[derive(Debug, Clone, Default)]
pub struct UserKnn {
    pub k: usize,
    pub norms: Vec<f32>,
    /// Candidate lists per product: `cand_ptr[i]..cand_ptr[i + 1]` index `cand_user` and
    /// `cand_weight` (normalised strength), best first.
    pub cand_ptr: Vec<usize>,
    pub cand_user: Vec<u32>,
    pub cand_weight: Vec<f32>,
}

impl UserKnn {
    pub fn new(k: usize) -> Self {
        Self {
            k,
            ..Default::default()
        }
    }

    /// Exact dot product of two persons' rows (both sorted by product).
    fn row_dot(m: &InteractionMatrix, a: u32, b: u32) -> f32 {
        let (ia, ra, _) = m.row(a);
        let (ib, rb, _) = m.row(b);
        let (mut x, mut y, mut d) = (0, 0, 0f32);
        while x < ia.len() && y < ib.len() {
            match ia[x].cmp(&ib[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    d += ra[x] * rb[y];
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
                *a += r * w / (nu * self.norms.get(v as usize).copied().unwrap_or(1.0));
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
                Self::row_dot(m, user, c.0) / (nu * nv)
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
        self.norms = (0..m.n_users)
            .map(|u| m.row(u as u32).1.iter().map(|s| s * s).sum::<f32>().sqrt())
            .collect();
        let cap = self.k.saturating_mul(4).max(1);
        self.cand_ptr = Vec::with_capacity(m.n_items + 1);
        self.cand_ptr.push(0);
        self.cand_user.clear();
        self.cand_weight.clear();
        let mut list: Vec<(u32, f32)> = Vec::new();
        for i in 0..m.n_items {
            let (us, rs) = m.col(i as u32);
            list.clear();
            list.extend(us.iter().zip(rs).filter_map(|(&v, &r)| {
                let n = self.norms[v as usize];
                (n > 0.0).then_some((v, r))
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
            let (items, rs, _) = m.row(v);
            for (&i, &r) in items.iter().zip(rs) {
                if let Some(o) = out.get_mut(i as usize) {
                    *o += sim * r;
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
        let mut knn = UserKnn::new(10);
        knn.fit(&m, &ItemFeatures::empty(4));
        let mut s = Scratch::default();
        let nb = knn.neighbours(&m, 0, &mut s);
        assert_eq!(nb.len(), 1);
        assert_eq!(nb[0].0, 1);
        assert!((nb[0].1 - 1.0 / 2f32.sqrt()).abs() < 1e-6);
        let mut out = vec![0.0; 4];
        knn.score(&m, 0, &mut out, &mut s);
        assert!(out[1] > 0.0 && out[2] == 0.0 && out[3] == 0.0);
        // Scratch is left clean for the next person.
        assert!(s.users.iter().all(|&x| x == 0.0));
    }
}

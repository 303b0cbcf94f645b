//! User-based k-nearest-neighbours (cosine between persons' strength rows).
//!
//! For person `u`, the `k` other persons with the highest cosine similarity (ties by id) are
//! found exactly through the product → persons index; the score of product `i` is
//! `Σ_{v in N(u)} sim(u, v) · r_vi`. Neighbours are computed at scoring time (nothing but the
//! row norms is precomputed), so the cost per person is the number of (other person, shared
//! product) pairs.

use super::{InteractionMatrix, ItemFeatures, Recommender, Scratch};

#[derive(Debug, Clone, Default)]
pub struct UserKnn {
    pub k: usize,
    pub norms: Vec<f32>,
}

impl UserKnn {
    pub fn new(k: usize) -> Self {
        Self {
            k,
            norms: Vec::new(),
        }
    }

    /// The `k` nearest persons of `user` with their similarities, most similar first.
    pub fn neighbours(&self, m: &InteractionMatrix, user: u32, s: &mut Scratch) -> Vec<(u32, f32)> {
        let n = m.n_users;
        if s.users.len() != n {
            s.users = vec![0.0; n];
        }
        s.touched.clear();
        let (items, rs, _) = m.row(user);
        for (&i, &r) in items.iter().zip(rs) {
            let (vs, rv) = m.col(i);
            for (&v, &r2) in vs.iter().zip(rv) {
                let a = &mut s.users[v as usize];
                if *a == 0.0 {
                    s.touched.push(v);
                }
                *a += r * r2;
            }
        }
        let nu = self.norms.get(user as usize).copied().unwrap_or(0.0);
        let mut cand: Vec<(u32, f32)> = Vec::with_capacity(s.touched.len());
        for &v in &s.touched {
            let dot = std::mem::take(&mut s.users[v as usize]);
            if v == user || dot <= 0.0 {
                continue;
            }
            let den = nu * self.norms.get(v as usize).copied().unwrap_or(0.0);
            if den > 0.0 {
                cand.push((v, dot / den));
            }
        }
        s.touched.clear();
        let by_sim = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if self.k == 0 {
            cand.clear();
        } else if cand.len() > self.k {
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

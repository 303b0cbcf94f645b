//! Popularity baseline: products ranked by distinct buyers, ties by total interaction strength.

use super::{InteractionMatrix, ItemFeatures, Recommender, Scratch};

/// Scores every product by `buyers + total_strength / (max_total_strength + 1)`, so distinct
/// buyers decide and interaction strength only breaks ties. The same for every person.
#[derive(Debug, Clone, Default)]
pub struct Popularity {
    pub scores: Vec<f32>,
}

impl Recommender for Popularity {
    fn fit(&mut self, m: &InteractionMatrix, _items: &ItemFeatures) {
        let max_total = m.item_total.iter().copied().fold(0f32, f32::max);
        self.scores = (0..m.n_items)
            .map(|i| m.item_buyers[i] as f32 + m.item_total[i] / (max_total + 1.0))
            .collect();
    }

    fn score(&self, _m: &InteractionMatrix, _user: u32, out: &mut [f32], _s: &mut Scratch) {
        for (o, s) in out.iter_mut().zip(&self.scores) {
            *o = *s;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn buyers_then_strength() {
        let m = InteractionMatrix::from_entries(
            3,
            3,
            &[
                (0, 0, 1.0, false),
                (1, 0, 9.0, false),
                (0, 1, 8.0, true),
                (1, 2, 8.0, true),
                (2, 2, 1.0, false),
            ],
        );
        let mut p = Popularity::default();
        p.fit(&m, &ItemFeatures::empty(3));
        let mut out = vec![0.0; 3];
        p.score(&m, 0, &mut out, &mut Scratch::default());
        // item 2 (1 buyer, total 9) > item 1 (1 buyer, total 8) > item 0 (0 buyers, total 10)
        assert!(out[2] > out[1] && out[1] > out[0]);
    }
}

//! Implicit-feedback interactions: one strength per (person, product).
//!
//! Each product-level event of a person adds its signal's weight (defaults: `pay` 8, `order` 4,
//! `add_cart` 3, `click` 2, `product_view` 1). With [`Aggregation::Sum`] (the default) the strength
//! of a (person, product) pair is the sum of the weights of all its events, so repeated interest
//! counts; with [`Aggregation::Max`] it is the weight of the strongest signal. A pair is
//! "bought" when the person has a `pay` event for the product. Events without a person or a
//! product, and all other event kinds, are ignored.

use serde::{Deserialize, Serialize};

use crate::model::{Dataset, EventKind, NONE};

/// How the signals of one (person, product) pair are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Sum of the weights of all events.
    Sum,
    /// Weight of the strongest event.
    Max,
}

/// Weight of each product-level signal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct InteractionWeights {
    pub product_view: f32,
    pub click: f32,
    pub add_cart: f32,
    pub order: f32,
    pub pay: f32,
    pub aggregation: Aggregation,
}

impl Default for InteractionWeights {
    fn default() -> Self {
        Self {
            product_view: 1.0,
            click: 2.0,
            add_cart: 3.0,
            order: 4.0,
            pay: 8.0,
            aggregation: Aggregation::Sum,
        }
    }
}

impl InteractionWeights {
    /// The weight of an event kind, `None` for kinds that are not product signals.
    pub fn weight(&self, kind: EventKind) -> Option<f32> {
        match kind {
            EventKind::ProductView => Some(self.product_view),
            EventKind::Click => Some(self.click),
            EventKind::AddCart => Some(self.add_cart),
            EventKind::Order => Some(self.order),
            EventKind::Pay => Some(self.pay),
            _ => None,
        }
    }

    pub(crate) fn validate(&self) -> crate::Result<()> {
        let w = [
            self.product_view,
            self.click,
            self.add_cart,
            self.order,
            self.pay,
        ];
        if w.iter().any(|x| !x.is_finite() || *x < 0.0) || w.iter().all(|x| *x == 0.0) {
            return Err(crate::Error::Params(
                "interaction weights must be finite, non-negative and not all zero".into(),
            ));
        }
        Ok(())
    }
}

/// Sparse person × product strength matrix, stored both by row (person) and by column (product).
#[derive(Debug, Clone, Default)]
pub struct InteractionMatrix {
    pub n_users: usize,
    pub n_items: usize,
    /// Row pointers: the entries of user `u` are `user_ptr[u]..user_ptr[u + 1]`.
    pub user_ptr: Vec<usize>,
    /// Product of each row entry, ascending within a row.
    pub user_items: Vec<u32>,
    /// Strength of each row entry (> 0).
    pub user_strength: Vec<f32>,
    /// Whether the person bought the product (has a `pay` event for it).
    pub user_bought: Vec<bool>,
    /// Column pointers: the entries of item `i` are `item_ptr[i]..item_ptr[i + 1]`.
    pub item_ptr: Vec<usize>,
    /// Person of each column entry, ascending within a column.
    pub item_users: Vec<u32>,
    pub item_strength: Vec<f32>,
    /// Distinct buyers of each product.
    pub item_buyers: Vec<u32>,
    /// Sum of strengths of each product.
    pub item_total: Vec<f32>,
}

impl InteractionMatrix {
    /// Builds the matrix from the events of `ds` for which `keep(event index)` is true (asked
    /// twice for each event that carries a weight: it must give the same answer both times).
    pub fn from_dataset(
        ds: &Dataset,
        w: &InteractionWeights,
        mut keep: impl FnMut(usize) -> bool,
    ) -> Self {
        let ev = &ds.events;
        let n_users = ds.users.len();
        let n_items = ds.items.len();
        // Counting sort of the relevant events by user, in two passes over the log (count,
        // then place): only the sorted entries are held, 12 bytes each (issue #13, memory).
        let relevant = |i: usize| -> Option<(u32, u32, f32, bool)> {
            let (u, it, k) = (ev.user[i], ev.item[i], ev.kind[i]);
            if u == NONE || it == NONE || (u as usize) >= n_users || (it as usize) >= n_items {
                return None;
            }
            let wt = w.weight(k)?;
            Some((u, it, wt, k == EventKind::Pay))
        };
        let mut counts = vec![0usize; n_users + 1];
        for i in 0..ev.len() {
            if let Some((u, ..)) = relevant(i) {
                if keep(i) {
                    counts[u as usize + 1] += 1;
                }
            }
        }
        for u in 0..n_users {
            counts[u + 1] += counts[u];
        }
        let mut pos = counts.clone();
        let mut by_user = vec![(0u32, 0f32, false); counts[n_users]];
        for i in 0..ev.len() {
            if let Some((u, it, wt, pay)) = relevant(i) {
                if keep(i) {
                    let p = &mut pos[u as usize];
                    by_user[*p] = (it, wt, pay);
                    *p += 1;
                }
            }
        }
        drop(pos);
        let mut m = InteractionMatrix {
            n_users,
            n_items,
            user_ptr: Vec::with_capacity(n_users + 1),
            ..Default::default()
        };
        m.user_ptr.push(0);
        for u in 0..n_users {
            let row = &mut by_user[counts[u]..counts[u + 1]];
            row.sort_unstable_by_key(|e| e.0);
            let mut j = 0;
            while j < row.len() {
                let it = row[j].0;
                let (mut s, mut bought) = (0f32, false);
                while j < row.len() && row[j].0 == it {
                    s = match w.aggregation {
                        Aggregation::Sum => s + row[j].1,
                        Aggregation::Max => s.max(row[j].1),
                    };
                    bought |= row[j].2;
                    j += 1;
                }
                if s > 0.0 {
                    m.user_items.push(it);
                    m.user_strength.push(s);
                    m.user_bought.push(bought);
                }
            }
            m.user_ptr.push(m.user_items.len());
        }
        m.build_columns();
        m
    }

    /// Builds a matrix from explicit `(user, item, strength, bought)` entries (tests, tools).
    pub fn from_entries(n_users: usize, n_items: usize, entries: &[(u32, u32, f32, bool)]) -> Self {
        let mut e: Vec<(u32, u32, f32, bool)> = entries
            .iter()
            .copied()
            .filter(|&(u, i, s, _)| (u as usize) < n_users && (i as usize) < n_items && s > 0.0)
            .collect();
        e.sort_by_key(|x| (x.0, x.1));
        e.dedup_by_key(|x| (x.0, x.1));
        let mut m = InteractionMatrix {
            n_users,
            n_items,
            ..Default::default()
        };
        m.user_ptr = vec![0; n_users + 1];
        for &(u, i, s, b) in &e {
            m.user_ptr[u as usize + 1] += 1;
            m.user_items.push(i);
            m.user_strength.push(s);
            m.user_bought.push(b);
        }
        for u in 0..n_users {
            m.user_ptr[u + 1] += m.user_ptr[u];
        }
        m.build_columns();
        m
    }

    fn build_columns(&mut self) {
        let n_items = self.n_items;
        let nnz = self.user_items.len();
        let mut ptr = vec![0usize; n_items + 1];
        for &i in &self.user_items {
            ptr[i as usize + 1] += 1;
        }
        for i in 0..n_items {
            ptr[i + 1] += ptr[i];
        }
        let mut pos = ptr.clone();
        self.item_users = vec![0; nnz];
        self.item_strength = vec![0.0; nnz];
        self.item_buyers = vec![0; n_items];
        self.item_total = vec![0.0; n_items];
        for u in 0..self.n_users {
            for e in self.user_ptr[u]..self.user_ptr[u + 1] {
                let i = self.user_items[e] as usize;
                let p = pos[i];
                self.item_users[p] = u as u32;
                self.item_strength[p] = self.user_strength[e];
                pos[i] += 1;
                self.item_total[i] += self.user_strength[e];
                if self.user_bought[e] {
                    self.item_buyers[i] += 1;
                }
            }
        }
        self.item_ptr = ptr;
    }

    /// Row of a user: (items, strengths, bought flags). Empty for unknown users.
    pub fn row(&self, user: u32) -> (&[u32], &[f32], &[bool]) {
        let u = user as usize;
        if u >= self.n_users {
            return (&[], &[], &[]);
        }
        let r = self.user_ptr[u]..self.user_ptr[u + 1];
        (
            &self.user_items[r.clone()],
            &self.user_strength[r.clone()],
            &self.user_bought[r],
        )
    }

    /// Column of an item: (users, strengths). Empty for unknown items.
    pub fn col(&self, item: u32) -> (&[u32], &[f32]) {
        let i = item as usize;
        if i >= self.n_items {
            return (&[], &[]);
        }
        let r = self.item_ptr[i]..self.item_ptr[i + 1];
        (&self.item_users[r.clone()], &self.item_strength[r])
    }

    /// Number of stored (person, product) pairs.
    pub fn nnz(&self) -> usize {
        self.user_items.len()
    }

    /// Marks the products a user bought in `mask` (cleared first; length `n_items`).
    pub fn bought_mask(&self, user: u32, mask: &mut [bool]) {
        mask.iter_mut().for_each(|m| *m = false);
        let (items, _, bought) = self.row(user);
        for (&i, &b) in items.iter().zip(bought) {
            if b {
                if let Some(m) = mask.get_mut(i as usize) {
                    *m = true;
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::model::Dataset;

    #[test]
    fn strengths_sum_and_max() {
        let mut ds = Dataset::default();
        let a = ds.users.intern("a");
        let b = ds.users.intern("b");
        let x = ds.items.intern("x");
        let y = ds.items.intern("y");
        let n = ds.event_names.intern("e");
        let ev = &mut ds.events;
        ev.push(a, 1, EventKind::ProductView, n, NONE, x, NONE, 0.0);
        ev.push(a, 2, EventKind::Click, n, NONE, x, NONE, 0.0);
        ev.push(a, 3, EventKind::Pay, n, NONE, x, NONE, 9.0);
        ev.push(a, 4, EventKind::Comment, n, NONE, y, NONE, 0.0);
        ev.push(b, 5, EventKind::AddCart, n, NONE, y, NONE, 0.0);
        ev.push(NONE, 6, EventKind::Pay, n, NONE, y, NONE, 0.0);
        ds.finish();
        let m = InteractionMatrix::from_dataset(&ds, &InteractionWeights::default(), |_| true);
        assert_eq!(m.row(a).0, &[x]);
        assert_eq!(m.row(a).1, &[11.0]);
        assert_eq!(m.row(a).2, &[true]);
        assert_eq!(m.row(b).1, &[3.0]);
        assert_eq!(m.item_buyers, vec![1, 0]);
        assert_eq!(m.col(y).0, &[b]);
        let w = InteractionWeights {
            aggregation: Aggregation::Max,
            ..Default::default()
        };
        let m = InteractionMatrix::from_dataset(&ds, &w, |i| i != 2);
        assert_eq!(m.row(a).1, &[2.0]);
        assert_eq!(m.row(a).2, &[false]);
    }
}

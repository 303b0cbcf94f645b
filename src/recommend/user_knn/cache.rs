//! The neighbours of a group of identical rows, kept for its other members (see
//! [`super::UserKnn`]'s `dense_neighbours`).
//!
//! Persons with identical rows (the same products and strengths: one group of
//! [`super::RowGroups`]) have the same cosine with every candidate, so one search serves them
//! all: its keys are the `k + 1` nearest of every candidate, the query included, and each
//! member's neighbours are that list without themselves, cut to `k` — the `k` nearest of the
//! others, in the same order, as a search of their own gives. On the medium demo the line-up's
//! 9,583 searches of persons with events are 7,290 distinct rows.

use rustc_hash::FxHashMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// At most this many keys are kept (8 MB); a group found when the cache is full is searched
/// for each member, as without it.
const MAX_KEYS: usize = 1 << 20;

/// A number no other fitted model has (the cache belongs to one model).
pub(super) fn next_model_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Per thread of scoring, in [`crate::recommend::Scratch`].
#[derive(Debug, Clone, Default)]
pub struct GroupCache {
    /// The model the lists belong to (0: none yet).
    model: u64,
    /// Group → (members still to be served, the `k + 1` nearest keys of every candidate).
    lists: FxHashMap<u32, (usize, Vec<u64>)>,
    keys: usize,
}

impl GroupCache {
    /// Writes into `out` the neighbours of `user` (a member of `group`) kept for `model`:
    /// the list without `user`, at most `k`. False when the group's list is not kept.
    pub(super) fn take(
        &mut self,
        model: u64,
        group: u32,
        user: u32,
        k: usize,
        out: &mut Vec<u64>,
    ) -> bool {
        if self.model != model {
            self.model = model;
            self.lists.clear();
            self.keys = 0;
            return false;
        }
        let Some((left, list)) = self.lists.get_mut(&group) else {
            return false;
        };
        out.clear();
        out.extend(list.iter().filter(|&&key| !(key as u32) != user).take(k));
        *left = left.saturating_sub(1);
        if *left == 0 {
            self.keys -= list.len();
            self.lists.remove(&group);
        }
        true
    }

    /// Keeps `list` (the `k + 1` nearest keys of every candidate) for the other `others`
    /// members of `group`, when there is room.
    pub(super) fn keep(&mut self, model: u64, group: u32, others: usize, list: &[u64]) {
        if self.model != model {
            self.model = model;
            self.lists.clear();
            self.keys = 0;
        }
        if others == 0 || self.keys + list.len() > MAX_KEYS {
            return;
        }
        self.keys += list.len();
        if let Some((_, old)) = self.lists.insert(group, (others, list.to_vec())) {
            self.keys -= old.len();
        }
    }
}

//! Candidates with identical rows, grouped (see the module documentation of [`super`]).
//!
//! Two persons with the same products and the same strengths have the same cosine with every
//! query, computed from the same numbers in the same order, so the one-pass search computes it
//! once per group of identical rows and gives it to each member. On the medium demo 9,583
//! candidates have 7,290 distinct rows (most duplicates are persons with a single product
//! event), so the pass over the dense columns is about a quarter shorter.

use rustc_hash::FxHashMap;

use super::mask::ge_mask;
use crate::recommend::InteractionMatrix;

/// Candidate slots grouped by identical rows (products and strength bits).
#[derive(Debug, Clone, Default)]
pub struct RowGroups {
    /// The group of each candidate slot.
    pub slot_group: Vec<u32>,
    /// Group `g`'s persons are `persons[ptr[g]..ptr[g + 1]]`, in ascending slot order.
    pub ptr: Vec<u32>,
    pub persons: Vec<u32>,
    /// Each group's first person, and the groups with more than one.
    pub firsts: Vec<u32>,
    pub shared: Vec<u32>,
}

impl RowGroups {
    /// Groups the `n` candidate slots, slot `j` being person `person_of(j)`; groups are
    /// numbered in the order of their first slot.
    pub fn new(m: &InteractionMatrix, n: usize, person_of: impl Fn(usize) -> u32) -> Self {
        let mut ids: FxHashMap<Vec<u32>, u32> = FxHashMap::default();
        let mut slot_group = Vec::with_capacity(n);
        let mut key = Vec::new();
        for j in 0..n {
            let (items, rs, _) = m.row(person_of(j));
            key.clear();
            key.extend_from_slice(items);
            key.extend(rs.iter().map(|r| r.to_bits()));
            let next = ids.len() as u32;
            let g = *ids.entry(key.clone()).or_insert(next);
            slot_group.push(g);
        }
        let groups = ids.len();
        let mut ptr = vec![0u32; groups + 1];
        for &g in &slot_group {
            ptr[g as usize + 1] += 1;
        }
        for g in 0..groups {
            ptr[g + 1] += ptr[g];
        }
        let mut at: Vec<u32> = ptr[..groups].to_vec();
        let mut persons = vec![0u32; n];
        for (j, &g) in slot_group.iter().enumerate() {
            let a = &mut at[g as usize];
            persons[*a as usize] = person_of(j);
            *a += 1;
        }
        let firsts = ptr[..groups].iter().map(|&a| persons[a as usize]).collect();
        let shared = (0..groups as u32)
            .filter(|&g| ptr[g as usize + 1] - ptr[g as usize] > 1)
            .collect();
        Self {
            slot_group,
            ptr,
            persons,
            firsts,
            shared,
        }
    }

    /// The number of groups.
    pub fn len(&self) -> usize {
        self.ptr.len().saturating_sub(1)
    }

    /// Whether there is no group (no candidate).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Group `g`'s persons.
    pub fn members(&self, g: usize) -> &[u32] {
        match (self.ptr.get(g), self.ptr.get(g + 1)) {
            (Some(&a), Some(&b)) => self.persons.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Writes into `keys[..len]` the key (`similarity bits << 32 | !id`) of every member of every
/// group whose cosine in `sims` is at least `t`, except `user` (no candidate of their own), and
/// returns `len`; what `keys` holds past `len` is left over (it keeps its length between
/// searches, so nothing is cleared). The groups are taken 16 at a time: a mask of the cosines
/// reaching `t` ([`ge_mask`]) gives the first members to key, in group order; the other
/// members of the few groups with several come after.
pub(super) fn fill_group_keys(
    sims: &[f32],
    groups: &RowGroups,
    user: u32,
    t: f32,
    keys: &mut Vec<u64>,
) -> usize {
    let n = sims.len().min(groups.firsts.len());
    if keys.len() < n {
        keys.resize(n, 0);
    }
    let mut len = 0;
    {
        // At most one key per first member: `len` stays below `n`.
        let slots = &mut keys[..n];
        // Each set bit's key is written at `len`, which moves on unless it is `user`'s (the
        // next key then overwrites it): no branch on the person.
        for (c, f) in sims[..n].chunks(16).zip(groups.firsts[..n].chunks(16)) {
            match (<&[f32; 16]>::try_from(c), <&[u32; 16]>::try_from(f)) {
                (Ok(c16), Ok(f16)) => {
                    let mut m = ge_mask(c16, t);
                    while m != 0 {
                        // Below 16: the mask has 16 bits.
                        let l = (m.trailing_zeros() & 15) as usize;
                        m &= m - 1;
                        let (c, v) = (c16[l], f16[l]);
                        if let Some(slot) = slots.get_mut(len) {
                            *slot = (u64::from(c.to_bits()) << 32) | u64::from(!v);
                        }
                        len += usize::from(v != user);
                    }
                }
                _ => {
                    for (&c, &v) in c.iter().zip(f) {
                        if c >= t && v != user {
                            if let Some(slot) = slots.get_mut(len) {
                                *slot = (u64::from(c.to_bits()) << 32) | u64::from(!v);
                            }
                            len += 1;
                        }
                    }
                }
            }
        }
    }
    for &g in &groups.shared {
        let c = sims.get(g as usize).copied().unwrap_or(-1.0);
        if c >= t {
            let sim = u64::from(c.to_bits()) << 32;
            for &v in groups.members(g as usize).get(1..).unwrap_or(&[]) {
                if v != user {
                    let key = sim | u64::from(!v);
                    match keys.get_mut(len) {
                        Some(slot) => *slot = key,
                        None => keys.push(key),
                    }
                    len += 1;
                }
            }
        }
    }
    len
}

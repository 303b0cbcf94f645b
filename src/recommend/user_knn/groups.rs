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
/// searches, so nothing is cleared). The groups' first members come first, in group order
/// ([`first_keys`]); the other members of the few groups with several come after.
pub(super) fn fill_group_keys(
    sims: &[f32],
    groups: &RowGroups,
    user: u32,
    t: f32,
    keys: &mut Vec<u64>,
) -> usize {
    let n = sims.len().min(groups.firsts.len());
    // At most one key per first member, and room for a whole block written past the last.
    if keys.len() < n + BLOCK {
        keys.resize(n + BLOCK, 0);
    }
    let (sims, firsts) = (&sims[..n], &groups.firsts[..n]);
    let mut len = first_keys(crate::simd::widest(), sims, firsts, user, t, keys);
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

/// Groups keyed together by [`first_keys`]' block loops.
const BLOCK: usize = 16;

crate::simd::kernel_at! {
    /// The keys of the first members (`firsts[g]`, cosine `sims[g]`) whose cosine is at least
    /// `t`, `user` left out, into `keys` from 0 in group order; returns how many. `keys` has
    /// room for `BLOCK` keys past the last one written. The same keys in the same order in
    /// every width (tested); with AVX-512F, without a branch per key ([`first_keys_in`]).
    pub(super) fn first_keys(
        sims: &[f32],
        firsts: &[u32],
        user: u32,
        t: f32,
        keys: &mut [u64],
    ) -> usize => first_keys_in, lanes(false, false, true)
}

/// [`first_keys`]; with `AVX512` (its AVX-512F copy, run only where the CPU has it) each
/// block of 16 groups is one compare and two compressions into the keys' order, written whole
/// and counted by its mask: the bit loop of [`first_keys_from`] mispredicted about once per
/// block (most blocks hold 0 to 3 of the ~1,000 keys on the medium demo). Per block: the lanes
/// whose cosine is at least `t` (an ordered compare: false for NaN, as `>=`) and whose person
/// is not `user` are compressed to the front in lane order, cosine bits and `!id`s apart; two
/// permutations interleave them into eight 64-bit keys each (`!id` low, cosine bits high);
/// all 16 are stored at `len`, which moves on by the mask's count. The register form of the
/// compression: its memory form is microcoded on Zen 4. The last partial block, and every
/// block in the other copies, is keyed by [`first_keys_from`].
#[inline(always)]
fn first_keys_in<const AVX512: bool>(
    sims: &[f32],
    firsts: &[u32],
    user: u32,
    t: f32,
    keys: &mut [u64],
) -> usize {
    // Groups keyed and keys written by the blocks of AVX-512F (none in the other copies).
    #[cfg(not(target_arch = "x86_64"))]
    let (at, len) = (0, 0);
    #[cfg(target_arch = "x86_64")]
    let (at, len) = if !AVX512 {
        (0, 0)
    } else {
        use core::arch::x86_64::{
            _mm512_castps_si512, _mm512_cmp_ps_mask, _mm512_cmpneq_epi32_mask, _mm512_loadu_ps,
            _mm512_loadu_si512, _mm512_maskz_compress_epi32, _mm512_permutex2var_epi32,
            _mm512_set1_epi32, _mm512_set1_ps, _mm512_setr_epi32, _mm512_storeu_si512,
            _mm512_xor_si512, _CMP_GE_OQ,
        };
        let n = sims.len().min(firsts.len());
        let whole = n - n % BLOCK;
        let (mut at, mut len) = (0usize, 0usize);
        // SAFETY: AVX-512F instructions, in the copy `kernel_at!` compiles with the feature
        // and calls only after detecting it. Loads: `at + 16 <= whole <= n`, within both
        // slices; stores: `len + 16 <= keys.len()`, both halves of eight u64 within `keys`
        // (the loop's condition); all unaligned.
        #[allow(unsafe_code)]
        unsafe {
            let tv = _mm512_set1_ps(t);
            let uv = _mm512_set1_epi32(user as i32);
            let not = _mm512_set1_epi32(-1);
            // Key `j` of a half is lanes (`!id`, cosine) = (j, 16 + j) of the two compressed
            // vectors.
            let low = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            let high =
                _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
            while at < whole && len + BLOCK <= keys.len() {
                let c = _mm512_loadu_ps(sims.as_ptr().add(at));
                let f = _mm512_loadu_si512(firsts.as_ptr().add(at).cast());
                let m = _mm512_cmp_ps_mask::<_CMP_GE_OQ>(c, tv) & _mm512_cmpneq_epi32_mask(f, uv);
                let bits = _mm512_maskz_compress_epi32(m, _mm512_castps_si512(c));
                let ids = _mm512_maskz_compress_epi32(m, _mm512_xor_si512(f, not));
                let p = keys.as_mut_ptr().add(len);
                _mm512_storeu_si512(p.cast(), _mm512_permutex2var_epi32(ids, low, bits));
                _mm512_storeu_si512(p.add(8).cast(), _mm512_permutex2var_epi32(ids, high, bits));
                len += m.count_ones() as usize;
                at += BLOCK;
            }
        }
        (at, len)
    };
    first_keys_from(at, sims, firsts, user, t, keys, len)
}

/// [`first_keys`] by the mask loop from group `from` on, the keys written from `len`: the
/// groups taken 16 at a time, a mask of the cosines reaching `t` ([`ge_mask`]) giving the
/// members to key; each set bit's key is written at `len`, which moves on unless it is
/// `user`'s (the next key then overwrites it), so there is no branch on the person.
fn first_keys_from(
    from: usize,
    sims: &[f32],
    firsts: &[u32],
    user: u32,
    t: f32,
    keys: &mut [u64],
    mut len: usize,
) -> usize {
    let (sims, firsts) = (
        sims.get(from..).unwrap_or(&[]),
        firsts.get(from..).unwrap_or(&[]),
    );
    for (c, f) in sims.chunks(BLOCK).zip(firsts.chunks(BLOCK)) {
        match (<&[f32; 16]>::try_from(c), <&[u32; 16]>::try_from(f)) {
            (Ok(c16), Ok(f16)) => {
                let mut m = ge_mask(c16, t);
                while m != 0 {
                    // Below 16: the mask has 16 bits.
                    let l = (m.trailing_zeros() & 15) as usize;
                    m &= m - 1;
                    let (c, v) = (c16[l], f16[l]);
                    if let Some(slot) = keys.get_mut(len) {
                        *slot = (u64::from(c.to_bits()) << 32) | u64::from(!v);
                    }
                    len += usize::from(v != user);
                }
            }
            _ => {
                for (&c, &v) in c.iter().zip(f) {
                    if c >= t && v != user {
                        if let Some(slot) = keys.get_mut(len) {
                            *slot = (u64::from(c.to_bits()) << 32) | u64::from(!v);
                        }
                        len += 1;
                    }
                }
            }
        }
    }
    len
}

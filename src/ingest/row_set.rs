//! The set of row keys that finds exact duplicate rows: a compact open-addressing table of the
//! 64-bit row hashes ([`super::hash::row_hash`], the same on every target) and nothing else.
//!
//! One `u64` per slot, linear probing, the slot taken from the hash's high bits by a
//! multiply-shift (so the table can have any size, sized from the rows expected: about 11 bytes
//! per row at the most, against 16–18 for a general hash set of `u64` after its doubling). An
//! insert touches one cache line where a general set touches two (its control bytes, then its
//! bucket): on a million rows the set is far larger than the caches, and this miss was a
//! quarter of ingestion's time. [`RowSet::insert_all`] inserts a chunk's keys in one tight loop,
//! so the processor overlaps the misses of consecutive rows instead of meeting them one at a
//! time between the other work of each row (on x86_64 by prefetching the slot of a key a few
//! places on).
//!
//! A set of `u64`, exactly: the same answers as `HashSet<u64>::insert` (tested against it).

/// Slots per key at most: a table is grown when it would be fuller than 3/4.
const MAX_LOAD_NUM: usize = 3;
const MAX_LOAD_DEN: usize = 4;
/// The smallest table.
const MIN_SLOTS: usize = 64;
/// How many keys ahead [`RowSet::insert_all`] prefetches (about one cache miss's latency of
/// inserts; 12–32 measured alike, 8 less well).
const AHEAD: usize = 16;

/// A set of 64-bit row keys (see the module documentation).
#[derive(Clone, Default, Debug)]
pub(crate) struct RowSet {
    /// `0` marks an empty slot; the key `0` itself is kept in `zero`.
    slots: Vec<u64>,
    /// Keys in `slots` (not counting `zero`).
    len: usize,
    zero: bool,
}

/// `h × n / 2⁶⁴` rounded down, for a 32-bit `n`, in 64-bit arithmetic: the high half of
/// `h`'s product, then the low half's carry (neither sum overflows). Tested against `u128`.
#[cfg_attr(target_pointer_width = "64", allow(dead_code))]
#[inline(always)]
fn scale32(h: u64, n: u32) -> u64 {
    let n = u64::from(n);
    ((h >> 32) * n + (((h & 0xffff_ffff) * n) >> 32)) >> 32
}

impl RowSet {
    /// The slot where the search for `h` starts: the high bits of `h` scaled to the table.
    #[inline(always)]
    fn home(h: u64, n: usize) -> usize {
        #[cfg(target_pointer_width = "64")]
        return ((h as u128 * n as u128) >> 64) as usize;
        // A `u128` product is a call of `__multi3` on wasm32; `n` has 32 bits there.
        #[cfg(not(target_pointer_width = "64"))]
        return scale32(h, n as u32) as usize;
    }

    /// Keys held.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len + self.zero as usize
    }

    /// Room for `additional` more keys without growing.
    pub(crate) fn reserve(&mut self, additional: usize) {
        let need = self.len.saturating_add(additional);
        if need.saturating_mul(MAX_LOAD_DEN) > self.slots.len().saturating_mul(MAX_LOAD_NUM) {
            // At least doubling: a caller reserving a few keys at a time (256-row groups, a
            // live tick's 1,000 rows) must not rebuild the whole table each time.
            self.rebuild(need.max(self.len.saturating_mul(2)));
        }
    }

    /// Moves the keys into a table with room for `keys` keys.
    // `vec![0; n]` is what the lint asks for: a zeroed allocation, which is what this avoids.
    #[allow(clippy::slow_vector_initialization)]
    fn rebuild(&mut self, keys: usize) {
        let n = (keys.saturating_mul(MAX_LOAD_DEN) / MAX_LOAD_NUM + 1).max(MIN_SLOTS);
        // Zeros written, not a zeroed allocation: every insert reads its slot before writing
        // it, so each fresh page of a zeroed allocation (the system's shared zero page until
        // written) was mapped twice, the second time flushing it from every core running a
        // thread of the process; on the medium demo that was ~2,900 pages on the merging
        // thread, and writing the zeros first cut the CPU of `--sections kpis` by 5–9 %
        // (docs/benchmarks.md, "Issue #13 after session 22").
        let mut slots = Vec::with_capacity(n);
        slots.resize(n, 0);
        let old = std::mem::replace(&mut self.slots, slots);
        self.len = 0;
        for h in old {
            if h != 0 {
                self.insert_new(h);
            }
        }
    }

    /// Inserts `h`; `true` when it was not in the set.
    #[inline]
    pub(crate) fn insert(&mut self, h: u64) -> bool {
        if h == 0 {
            return !std::mem::replace(&mut self.zero, true);
        }
        if (self.len + 1) * MAX_LOAD_DEN > self.slots.len() * MAX_LOAD_NUM {
            self.rebuild((self.len + 1).saturating_mul(2));
        }
        self.insert_new(h)
    }

    /// Inserts a non-zero `h` into a table with room for it.
    #[inline(always)]
    fn insert_new(&mut self, h: u64) -> bool {
        let n = self.slots.len();
        let mut i = Self::home(h, n);
        // The table is never full (load ≤ 3/4), so the probe ends at an empty slot.
        loop {
            match self.slots.get_mut(i) {
                Some(s) if *s == 0 => {
                    *s = h;
                    self.len += 1;
                    return true;
                }
                Some(s) if *s == h => return false,
                Some(_) => i += 1,
                None => i = 0,
            }
        }
    }

    /// Inserts each key of `keys` in order (`None`: a row not checked, skipped) and sets
    /// `new[i]` to whether `keys[i]` was new: the same as calling [`RowSet::insert`] on each
    /// in turn, in one loop without other work between the inserts, so that their cache
    /// misses overlap. On x86_64 each insert first asks the processor to fetch the slot of the
    /// key [`AHEAD`] places on (a prefetch: a hint, never a read the program sees): on a
    /// million random keys this ran the loop in about half the time of the portable form,
    /// which reads each key's first slot in a pass of its own before the inserts
    /// (docs/benchmarks.md, "Issue #13 after session 18").
    pub(crate) fn insert_all(&mut self, keys: &[Option<u64>], new: &mut Vec<bool>) {
        new.clear();
        self.reserve(keys.len());
        new.reserve(keys.len());
        // Elsewhere each key's first slot is read first, in a loop that does not branch on
        // what it reads: the processor runs the whole group's cache misses at once, and the
        // inserts (which branch on each slot) then find their slots in the cache.
        #[cfg(not(target_arch = "x86_64"))]
        {
            let n = self.slots.len();
            let mut touched = 0u64;
            for h in keys.iter().flatten() {
                touched ^= self.slots.get(Self::home(*h, n)).copied().unwrap_or(0);
            }
            std::hint::black_box(touched);
        }
        for (i, k) in keys.iter().enumerate() {
            self.prefetch(keys.get(i + AHEAD));
            new.push(match *k {
                Some(h) => self.insert(h),
                None => false,
            });
        }
    }

    /// Asks the processor to bring the first slot of `key` (a key [`AHEAD`] places on) into
    /// its caches: a prefetch on x86_64; elsewhere nothing (`insert_all` touched the slots in
    /// a pass before the inserts).
    #[inline(always)]
    fn prefetch(&self, key: Option<&Option<u64>>) {
        #[cfg(target_arch = "x86_64")]
        if let Some(Some(h)) = key {
            if let Some(slot) = self.slots.get(Self::home(*h, self.slots.len())) {
                use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
                // SAFETY: a prefetch reads nothing the program sees and cannot fault; the
                // address is that of a live reference anyway. SSE, which it needs, is part of
                // x86_64.
                unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(slot).cast::<i8>()) }
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = key;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// A small deterministic generator (xorshift), keys with many repeats and zeros.
    fn keys(n: usize, modulo: u64, seed: u64) -> Vec<u64> {
        let mut x = seed | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                match x % 7 {
                    0 => 0,
                    1 => x % 16,
                    _ => x % modulo,
                }
            })
            .collect()
    }

    #[test]
    fn answers_as_a_hash_set_whatever_the_reserve() {
        for (n, modulo, reserve) in [
            (10_000, 3_000, 0),
            (10_000, u64::MAX, 10_000),
            (50_000, 40_000, 100),
            (5_000, 5, 1 << 20),
        ] {
            let ks = keys(n, modulo, (n as u64).wrapping_add(modulo));
            let mut set = RowSet::default();
            set.reserve(reserve);
            let mut reference = HashSet::new();
            for &k in &ks {
                assert_eq!(set.insert(k), reference.insert(k), "key {k}");
            }
            assert_eq!(set.len(), reference.len());
        }
    }

    #[test]
    fn small_reserves_grow_the_table_geometrically() {
        let mut s = RowSet::default();
        let mut new = Vec::new();
        let mut rebuilds = 0;
        let mut slots = s.slots.len();
        for part in keys(200_000, u64::MAX, 3).chunks(256) {
            let opt: Vec<Option<u64>> = part.iter().map(|&k| Some(k)).collect();
            s.insert_all(&opt, &mut new);
            if s.slots.len() != slots {
                rebuilds += 1;
                slots = s.slots.len();
            }
        }
        assert!(
            rebuilds < 20,
            "{rebuilds} rebuilds for 200,000 keys in groups of 256"
        );
    }

    #[test]
    fn scale32_is_the_u128_product_s_high_half() {
        let ns = [1u32, 2, 64, 1000, 1 << 20, u32::MAX - 1, u32::MAX];
        let mut hs = keys(20_000, u64::MAX, 11);
        hs.extend([0, 1, u64::MAX, u64::MAX - 1, 1 << 32, (1 << 32) - 1]);
        for &n in &ns {
            for &h in &hs {
                let want = ((u128::from(h) * u128::from(n)) >> 64) as u64;
                assert_eq!(scale32(h, n), want, "{h} × {n}");
            }
        }
    }

    #[test]
    fn insert_all_is_insert_in_turn() {
        let ks = keys(20_000, 9_000, 7);
        let opt: Vec<Option<u64>> = ks
            .iter()
            .enumerate()
            .map(|(i, &k)| (i % 11 != 3).then_some(k))
            .collect();
        let mut a = RowSet::default();
        let mut b = RowSet::default();
        let mut new = Vec::new();
        for part in opt.chunks(777) {
            a.insert_all(part, &mut new);
            let one: Vec<bool> = part
                .iter()
                .map(|k| k.is_some_and(|k| b.insert(k)))
                .collect();
            assert_eq!(new, one);
        }
        assert_eq!(a.len(), b.len());
    }

    #[test]
    fn high_keys_wrap_around_the_table() {
        let mut set = RowSet::default();
        for k in (0..100u64).map(|i| u64::MAX - i) {
            assert!(set.insert(k));
        }
        for k in (0..100u64).map(|i| u64::MAX - i) {
            assert!(!set.insert(k));
        }
        assert_eq!(set.len(), 100);
    }
}

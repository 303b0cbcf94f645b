//! The order of a stable sort of the events by time (`Events::sort_by_time`), applied to each
//! column in place.

/// The rows of a stable sort by time: new row `k` is old row [`TimeOrder::old`]`(k)`.
pub(crate) enum TimeOrder {
    /// Sorted keys `(time − earliest) << bits | row`, read through `mask` (the keys' memory is
    /// the order: no second vector of indices beside them at the end of ingestion).
    Packed(Vec<u64>, u64),
    /// Old rows, when the span of times leaves no room for the row in a `u64`.
    Rows(Vec<u32>),
}

impl TimeOrder {
    /// The order given by its old rows (`rows[k]` = old row of new row `k`).
    #[cfg(test)]
    pub(crate) fn from_old_rows(rows: Vec<u32>) -> TimeOrder {
        TimeOrder::Rows(rows)
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            TimeOrder::Packed(k, _) => k.len(),
            TimeOrder::Rows(r) => r.len(),
        }
    }

    /// The old row of new row `k`.
    #[inline]
    pub(crate) fn old(&self, k: usize) -> usize {
        match self {
            TimeOrder::Packed(keys, mask) => keys.get(k).map_or(k, |&x| (x & mask) as usize),
            TimeOrder::Rows(r) => r.get(k).map_or(k, |&x| x as usize),
        }
    }

    /// Scratch for [`TimeOrder::apply`]: one bit per row.
    pub(crate) fn scratch(&self) -> Vec<u64> {
        vec![0; self.len().div_ceil(64)]
    }

    /// Reorders `v` (one value per row, or empty) in place, cycle by cycle: no copy of the
    /// column. `seen` is [`TimeOrder::scratch`] (cleared here).
    pub(crate) fn apply<T: Copy>(&self, v: &mut [T], seen: &mut [u64]) {
        let n = v.len();
        if n == 0 || n != self.len() {
            return;
        }
        seen.fill(0);
        let bit = |seen: &[u64], i: usize| seen.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1);
        for start in 0..n {
            if bit(seen, start) {
                continue;
            }
            // new[k] = old[old(k)]: walk the cycle through `start`, moving each value once.
            let Some(&first) = v.get(start) else {
                continue;
            };
            let mut k = start;
            loop {
                if let Some(w) = seen.get_mut(k / 64) {
                    *w |= 1 << (k % 64);
                }
                let j = self.old(k);
                if j == start || j >= n || bit(seen, j) {
                    if let Some(x) = v.get_mut(k) {
                        *x = first;
                    }
                    break;
                }
                let Some(&moved) = v.get(j) else {
                    break;
                };
                if let Some(x) = v.get_mut(k) {
                    *x = moved;
                }
                k = j;
            }
        }
    }
}

/// The order of a stable sort of `ts` by time. Keys sorted unstably, built in one pass (no
/// random read of the time at every comparison): `(time − earliest) << b | index` in one `u64`
/// when the span of times leaves room for the index's `b` bits (half the memory of
/// `(time, index)` pairs, at the end of ingestion, and a faster sort), else `(time, index)`
/// pairs. Both order ties by index, so the order is a stable sort's.
pub(crate) fn time_order(ts: &[i64]) -> TimeOrder {
    let n = ts.len();
    let bits = u64::BITS - (n as u64).leading_zeros();
    let (min, max) = ts
        .iter()
        .fold((i64::MAX, i64::MIN), |(a, b), &t| (a.min(t), b.max(t)));
    let span = i128::from(max) - i128::from(min);
    if n > 0 && bits < 64 && span < (1i128 << (64 - bits)) {
        let mask = (1u64 << bits) - 1;
        let mut keys: Vec<u64> = ts
            .iter()
            .enumerate()
            .map(|(i, &t)| (((i128::from(t) - i128::from(min)) as u64) << bits) | i as u64)
            .collect();
        keys.sort_unstable();
        return TimeOrder::Packed(keys, mask);
    }
    let mut keyed: Vec<(i64, u32)> = ts.iter().enumerate().map(|(i, &t)| (t, i as u32)).collect();
    keyed.sort_unstable();
    TimeOrder::Rows(keyed.iter().map(|&(_, i)| i).collect())
}

#[cfg(test)]
mod tests {
    use super::time_order;

    /// The order of a stable sort by time, as the packed keys and the pairs give it.
    #[test]
    fn is_a_stable_sort_by_time() {
        let mut rng = crate::compare::resample::Xoshiro256pp::seed_from_u64(0x9e37_79b9_7f4a_7c15);
        let mut next = || rng.next_u64();
        let cases: Vec<Vec<i64>> = vec![
            vec![],
            vec![5],
            (0..5000)
                .map(|_| 1_700_000_000_000 + (next() % 50_000) as i64)
                .collect(),
            (0..5000).map(|_| (next() % 7) as i64 - 3).collect(),
            // A span too wide for packed keys: the pairs.
            (0..3000)
                .map(|i| match i % 3 {
                    0 => i64::MIN + (next() % 5) as i64,
                    1 => i64::MAX - (next() % 5) as i64,
                    _ => (next() % 100) as i64,
                })
                .collect(),
        ];
        for ts in cases {
            let mut stable: Vec<u32> = (0..ts.len() as u32).collect();
            stable.sort_by_key(|&i| ts[i as usize]);
            let order = time_order(&ts);
            let got: Vec<u32> = (0..ts.len()).map(|k| order.old(k) as u32).collect();
            assert_eq!(got, stable);
            // Applied in place, each column is the gather of the stable order.
            let mut col: Vec<u64> = (0..ts.len() as u64).map(|i| i * 7 + 1).collect();
            let mut seen = order.scratch();
            order.apply(&mut col, &mut seen);
            let want: Vec<u64> = stable.iter().map(|&i| u64::from(i) * 7 + 1).collect();
            assert_eq!(col, want);
        }
    }
}

//! The order of a stable sort of the events by time (`Events::sort_by_time`), and each column
//! put in that order.

/// The indices of `ts` in the order of a stable sort by time. Keys sorted unstably, built in
/// one pass (no random read of the time at every comparison): `(time − earliest) << b | index`
/// in one `u64` when the span of times leaves room for the index's `b` bits (half the memory of
/// `(time, index)` pairs, at the end of ingestion, and a faster sort), else `(time, index)`
/// pairs. Both order ties by index, so the order is a stable sort's.
pub(crate) fn time_order(ts: &[i64]) -> Vec<u32> {
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
        return keys.iter().map(|&k| (k & mask) as u32).collect();
    }
    let mut keyed: Vec<(i64, u32)> = ts.iter().enumerate().map(|(i, &t)| (t, i as u32)).collect();
    keyed.sort_unstable();
    keyed.iter().map(|&(_, i)| i).collect()
}

/// Puts `v` (one value per row, or empty) in the order `idx` (`idx[k]` = old row of new row
/// `k`), keeping its memory: the values are gathered into a scratch column that is copied back
/// and freed, so the next column's scratch takes the same block (not a new column for each
/// column). A walk of the permutation's cycles in place would need no scratch, but its random
/// reads made the sort of the medium demo's events 0.6 s slower.
pub(crate) fn gather<T: Copy>(v: &mut [T], idx: &[u32]) {
    if v.len() != idx.len() {
        return;
    }
    let out: Vec<T> = idx
        .iter()
        .filter_map(|&i| v.get(i as usize).copied())
        .collect();
    if out.len() == v.len() {
        v.copy_from_slice(&out);
    }
}

#[cfg(test)]
mod tests {
    use super::{gather, time_order};

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
            assert_eq!(order, stable);
            // A column put in that order.
            let mut col: Vec<u64> = (0..ts.len() as u64).map(|i| i * 7 + 1).collect();
            gather(&mut col, &order);
            let want: Vec<u64> = stable.iter().map(|&i| u64::from(i) * 7 + 1).collect();
            assert_eq!(col, want);
        }
    }
}

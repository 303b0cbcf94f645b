//! The order of a stable sort of the events by time (`Events::sort_by_time`), and each column
//! put in that order.

/// The indices of `ts` in the order of a stable sort by time. Keys sorted unstably, built in
/// one pass (no random read of the time at every comparison): `(time − earliest) << b | index`
/// in one `u64` when the span of times leaves room for the index's `b` bits (half the memory of
/// `(time, index)` pairs, at the end of ingestion, and a faster sort), else `(time, index)`
/// pairs. Both order ties by index, so the order is a stable sort's.
///
/// The longest sorted prefix of `ts` is kept as it is and only the rest is sorted, then the
/// two runs are merged (prefix first at equal times, as a stable sort puts them): an events file
/// in time order with an orders file's payments appended sorts its payments only (the medium
/// demo: 14k rows instead of 1.1M).
pub(crate) fn time_order(ts: &[i64]) -> Vec<u32> {
    let p = ts
        .windows(2)
        .position(|w| w[0] > w[1])
        .map_or(ts.len(), |k| k + 1);
    let (head, tail) = ts.split_at(p);
    if tail.is_empty() {
        return (0..ts.len() as u32).collect();
    }
    let tail_order = sorted_order(tail);
    let mut out = Vec::with_capacity(ts.len());
    let (mut i, mut j) = (0, 0);
    while i < head.len() && j < tail_order.len() {
        let k = tail_order[j] as usize;
        if head[i] <= tail[k] {
            out.push(i as u32);
            i += 1;
        } else {
            out.push((p + k) as u32);
            j += 1;
        }
    }
    out.extend(i as u32..p as u32);
    out.extend(tail_order[j..].iter().map(|&k| (p as u32) + k));
    out
}

/// [`time_order`] by one sort of the keys.
fn sorted_order(ts: &[i64]) -> Vec<u32> {
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

/// The events' columns put in time order one after the other: [`Reorder::apply`].
pub(crate) struct Reorder {
    /// `idx[k]` = old row of new row `k` ([`time_order`]).
    idx: Vec<u32>,
    /// One bit per row, for [`in_place`] (the wasm only).
    seen: Vec<u64>,
}

impl Reorder {
    pub(crate) fn new(idx: Vec<u32>) -> Reorder {
        let seen = match cfg!(target_arch = "wasm32") {
            true => vec![0; idx.len().div_ceil(64)],
            false => Vec::new(),
        };
        Reorder { idx, seen }
    }

    /// The old row of each new row.
    pub(crate) fn old_rows(&self) -> &[u32] {
        &self.idx
    }

    /// Puts `v` (one value per row, or empty) in time order, in its own memory. Natively
    /// through a scratch column ([`gather`]: freed at once, the next column's scratch takes the
    /// same block); in the wasm, whose memory never shrinks, in place ([`in_place`]: no
    /// scratch, so ingestion's peak stays that of reading — 90 MB for the medium demo against
    /// 107 MB with the scratch — for random reads that made the native sort 0.6 s slower).
    pub(crate) fn apply<T: Copy>(&mut self, v: &mut [T]) {
        if cfg!(target_arch = "wasm32") {
            in_place(v, &self.idx, &mut self.seen);
        } else {
            gather(v, &self.idx);
        }
    }
}

/// Puts `v` in the order `idx` (a permutation) through a scratch column that is copied back
/// and freed. The rows before the first that moves stay as they are (an events file in time
/// order with payments appended moves only from the earliest payment on).
pub(crate) fn gather<T: Copy>(v: &mut [T], idx: &[u32]) {
    if v.len() != idx.len() || idx.iter().any(|&i| i as usize >= v.len()) {
        return;
    }
    let q = idx
        .iter()
        .enumerate()
        .position(|(k, &i)| i as usize != k)
        .unwrap_or(idx.len());
    // Every index was checked above: a plain indexed copy, counted exactly.
    let out: Vec<T> = idx[q..].iter().map(|&i| v[i as usize]).collect();
    v[q..].copy_from_slice(&out);
}

/// Puts `v` in the order `idx` in place, cycle by cycle (each value moved once); `seen` has a
/// bit per row (cleared here).
pub(crate) fn in_place<T: Copy>(v: &mut [T], idx: &[u32], seen: &mut [u64]) {
    let n = v.len();
    if n != idx.len() || seen.len() < n.div_ceil(64) {
        return;
    }
    seen.fill(0);
    let bit = |seen: &[u64], i: usize| seen.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1);
    for start in 0..n {
        if bit(seen, start) {
            continue;
        }
        let Some(&first) = v.get(start) else {
            continue;
        };
        // new[k] = old[idx[k]]: walk the cycle through `start`.
        let mut k = start;
        loop {
            if let Some(w) = seen.get_mut(k / 64) {
                *w |= 1 << (k % 64);
            }
            let j = idx.get(k).map_or(start, |&j| j as usize);
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

#[cfg(test)]
mod tests {
    use super::{gather, in_place, time_order};

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
            // A sorted run with unsorted rows appended (ties with the run included).
            (0..5000)
                .map(|i| {
                    if i < 4000 {
                        i / 3
                    } else {
                        (next() % 1400) as i64
                    }
                })
                .collect(),
            vec![1, 2, 3, 0],
            vec![1, 1, 0, 1],
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
            let mut moved = col.clone();
            gather(&mut col, &order);
            let want: Vec<u64> = stable.iter().map(|&i| u64::from(i) * 7 + 1).collect();
            assert_eq!(col, want);
            // In place (the wasm's way): the same.
            let mut seen = vec![0; ts.len().div_ceil(64)];
            in_place(&mut moved, &order, &mut seen);
            assert_eq!(moved, want);
        }
    }
}

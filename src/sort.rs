//! One shared sort for the cold paths (docs/decisions.md, "Wasm size over 1 MiB").
//!
//! Every `sort_by` / `sort_by_key` with its own closure is a new copy of the standard library's
//! sort (driftsort with its small-sort networks: ~7 KB of wasm each, 22 % of the code once). The
//! methods here sort a permutation of indices with a `dyn` comparator, so the standard sort is
//! instantiated once for all of them, then move the elements into place. They are stable, as
//! `sort_by` is: equal elements keep their order. The indirection costs an indirect call per
//! comparison: keep the typed sort where a benchmark shows the sort matters (events by time,
//! the funnel's per-person steps, the recommenders' top k).

use std::cmp::Ordering;

/// Row indices grouped by bucket, stably (a counting sort: one `u32` per row, allocated once,
/// no comparisons): `bucket_of(r)` names the bucket (below `buckets`) of each row `r` of `rows`,
/// taken in order, or `None` to leave it out. Returns the `buckets + 1` offsets of the buckets
/// in the grouped rows (bucket `b` is `grouped[start[b]..start[b + 1]]`) and the grouped rows.
pub fn group_rows(
    rows: impl Iterator<Item = u32> + Clone,
    buckets: usize,
    bucket_of: impl Fn(u32) -> Option<usize>,
) -> (Vec<usize>, Vec<u32>) {
    let of = |r: u32| bucket_of(r).filter(|&b| b < buckets);
    let mut start = vec![0usize; buckets + 1];
    for r in rows.clone() {
        if let Some(c) = of(r).and_then(|b| start.get_mut(b + 1)) {
            *c += 1;
        }
    }
    for b in 1..start.len() {
        start[b] += start[b - 1];
    }
    let mut fill = start.clone();
    let mut grouped = vec![0u32; start[buckets]];
    for r in rows {
        if let Some(at) = of(r).and_then(|b| fill.get_mut(b)) {
            if let Some(slot) = grouped.get_mut(*at) {
                *slot = r;
            }
            *at += 1;
        }
    }
    (start, grouped)
}

/// `v.sort_by(cmp)` (stable) through the shared instantiation.
pub fn by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut perm: Vec<usize> = (0..v.len()).collect();
    {
        let v: &[T] = v;
        sort_indices(&mut perm, &mut |a, b| cmp(&v[a], &v[b]));
    }
    permute(v, &mut perm);
}

/// `v.sort_by_key(key)` (stable) through the shared instantiation.
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// The one instantiation: indices, compared through `cmp`.
#[inline(never)]
fn sort_indices(perm: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    perm.sort_by(|&a, &b| cmp(a, b));
}

/// Puts the element at `perm[k]` at position `k` for every `k`, following each cycle of the
/// permutation once (`perm` is marked as it goes).
fn permute<T>(v: &mut [T], perm: &mut [usize]) {
    const DONE: usize = usize::MAX;
    for start in 0..perm.len() {
        if perm[start] == DONE {
            continue;
        }
        let mut k = start;
        loop {
            let next = perm[k];
            perm[k] = DONE;
            if next == start {
                break;
            }
            v.swap(k, next);
            k = next;
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        // Pseudo-random pairs with many equal keys: the second field shows stability.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for n in [0usize, 1, 2, 3, 7, 20, 33, 100, 1000, 5000] {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    ((x % 11) as u8, i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|p| p.0);
            let mut got = v.clone();
            super::by_key(&mut got, |p| p.0);
            assert_eq!(got, want, "n = {n}");
            let mut want = v.clone();
            want.sort_by_key(|p| std::cmp::Reverse(p.0));
            let mut got = v;
            super::by(&mut got, |a, b| b.0.cmp(&a.0));
            assert_eq!(got, want, "n = {n}, descending");
        }
    }

    #[test]
    fn moves_owned_values() {
        let mut v: Vec<String> = ["pear", "fig", "apple", "kiwi", "fig"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        super::by(&mut v, |a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
        assert_eq!(v, ["fig", "fig", "kiwi", "pear", "apple"]);
    }
}

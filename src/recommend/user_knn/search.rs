//! The pieces of user-kNN's search that need no model: the cosines pass, the sampled
//! threshold, the selection keys and their ordering (see the module documentation of
//! [`super`]).

/// Keeps the `k` largest keys (`similarity bits << 32 | !id`), largest first.
pub(super) fn nearest_keys(keys: &mut Vec<u64>, k: usize) {
    if keys.len() > k {
        keys.select_nth_unstable_by(k.saturating_sub(1), |a, b| b.cmp(a));
        keys.truncate(k);
    }
    keys.sort_unstable_by(|a, b| b.cmp(a));
}

/// The `k` largest of `keys` into `out`, largest first: exactly the order of a comparison
/// sort. A counting sort on the high half (the similarity's bits), scaled to about one bucket
/// per key between the smallest and the largest, puts the keys in order of buckets; only
/// the buckets that reach into the first `k` places are then sorted (a comparison sort for a
/// crowded one, then one branch-free bubble pass and one insertion pass over them all: they
/// hold one or two keys on the medium demo; `docs/decisions.md`, session 26). Two passes over
/// the keys instead of the six of a byte radix sort. One bucket per key rather than per two:
/// the insertion pass's moves mispredict less often, for a longer pass over the buckets (4 per
/// key gave it all back; `docs/decisions.md`, session 22).
/// `counts` is scratch space.
pub(super) fn top_descending(keys: &[u64], k: usize, counts: &mut Vec<u32>, out: &mut Vec<u64>) {
    let n = keys.len();
    if n == 0 || k == 0 {
        out.clear();
        return;
    }
    let (lo, hi) = keys.iter().fold((u32::MAX, 0u32), |(lo, hi), &key| {
        let s = (key >> 32) as u32;
        (lo.min(s), hi.max(s))
    });
    let bits = n.max(1).next_power_of_two().trailing_zeros().min(13);
    let top = (1usize << bits) - 1;
    let shift = (32 - (hi - lo).leading_zeros()).saturating_sub(bits);
    // The largest keys in bucket 0: `(s - lo) >> shift` is at most `top`.
    let bucket = |key: u64| top - ((((key >> 32) as u32 - lo) >> shift) as usize);
    counts.clear();
    counts.resize(top + 2, 0);
    for &key in keys {
        if let Some(c) = counts.get_mut(bucket(key) + 1) {
            *c += 1;
        }
    }
    let mut sum = 0;
    for c in counts.iter_mut() {
        sum += *c;
        *c = sum;
    }
    // `counts[b]` is now where bucket `b` starts; filling moves it to where it ends. Each of
    // `out`'s first `n` places is written: a list longer already (the last search's) is not
    // zeroed again, only grown.
    if out.len() < n {
        out.resize(n, 0);
    }
    for &key in keys {
        if let Some(c) = counts.get_mut(bucket(key)) {
            if let Some(slot) = out.get_mut(*c as usize) {
                *slot = key;
            }
            *c += 1;
        }
    }
    // Buckets are in key order: only keys of one bucket can be out of order. A crowded bucket
    // is sorted on its own; then one insertion pass over the buckets reaching into the first
    // `k` places puts the rest (one or two keys a bucket on the medium demo) in order, with
    // one predictable loop instead of a sort per bucket.
    let mut start = 0usize;
    for &end in counts.iter().take(top + 1) {
        if start >= k {
            break;
        }
        let end = end as usize;
        if end - start > 16 {
            if let Some(b) = out.get_mut(start..end) {
                b.sort_unstable_by(|x, y| y.cmp(x));
            }
        }
        start = end;
    }
    if let Some(head) = out.get_mut(..start) {
        // One branch-free bubble pass first: each key larger than the one before it moves
        // one place up (most such keys share a bucket with just one other), so the insertion
        // pass after it finds nearly all keys in place and its comparison is predictable
        // (it mispredicted on about one key in six on the medium demo). Keys are distinct:
        // the order is the same whatever the passes.
        if let Some(&first) = head.first() {
            let mut carried = first;
            for i in 1..head.len() {
                let x = head[i];
                // `head[i - 1]` gets the larger, the smaller is carried on.
                let (hi, lo) = if x > carried {
                    (x, carried)
                } else {
                    (carried, x)
                };
                head[i - 1] = hi;
                carried = lo;
            }
            if let Some(last) = head.last_mut() {
                *last = carried;
            }
        }
        for i in 1..head.len() {
            let x = head[i];
            let mut j = i;
            while j > 0 && head[j - 1] < x {
                head[j] = head[j - 1];
                j -= 1;
            }
            head[j] = x;
        }
    }
    out.truncate(k.min(n));
}

/// A stored strength of a dense column: an `f32`, or a byte when every strength stored is a
/// whole number from 0 to 255 (the default weights' sums, on the demos at most 98): the same
/// value as an `f32`, read from a quarter of the memory (the cosines pass waits on loading the
/// columns, ~7,300 groups × 4 bytes each on the medium demo, more than the core's cache holds).
pub(crate) trait Strength: Copy {
    fn value(self) -> f32;
}

impl Strength for f32 {
    #[inline(always)]
    fn value(self) -> f32 {
        self
    }
}

impl Strength for u8 {
    #[inline(always)]
    fn value(self) -> f32 {
        f32::from(self)
    }
}

/// Candidates per block of [`cosines`]: the accumulators stay in registers while every column
/// is multiplied in (16 `f32` = four 128-bit vectors).
const LANES: usize = 16;

/// Blocks of [`LANES`] taken together while the candidates last: each column's product is added
/// to four independent sums per lane group instead of one, so the adds, which wait on the sum
/// before them, overlap (the pass was bound by that wait: two chains of adds per block in
/// AVX2). Every lane still sums its own products in the columns' order.
const WIDE: usize = 4 * LANES;

/// The cosine of `user` with each candidate `j`: `dot_j / (nu * norms[j])`, where `dot_j` sums
/// `a * col[j]` over `cols` in their order; -1 where the cosine is not taken (a dot product
/// that is not positive, a zero norm, a result that is not finite), as the general path
/// leaves such persons out. Every column has at least `norms.len()` entries. Compiled for the
/// widest vectors the CPU has ([`super::wide`]): the same sums in the same order per candidate.
pub(super) fn cosines<T: Strength>(
    cols: &[(&[T], f32)],
    norms: &[f32],
    nu: f32,
    out: &mut Vec<f32>,
) {
    let n = norms.len();
    if out.len() != n {
        // Every entry is written below.
        out.clear();
        out.resize(n, 0.0);
    }
    super::wide::cosines(cols, norms, nu, out);
}

/// [`cosines`] into `out` (`out.len() == norms.len()`), for any vector width: blocks of
/// [`WIDE`], then of [`LANES`] candidates keep their sums in registers, and the cosine is a
/// branch-free select (it vectorises; the value is that of `if dot > 0 && nv > 0 &&
/// c.is_finite() { c } else { -1 }`).
#[inline(always)]
pub(super) fn cosines_in<T: Strength>(
    cols: &[(&[T], f32)],
    norms: &[f32],
    nu: f32,
    out: &mut [f32],
) {
    let n = norms.len().min(out.len());
    let wide = n - n % WIDE;
    let full = n - n % LANES;
    cosine_blocks::<T, WIDE>(cols, 0, &norms[..wide], nu, &mut out[..wide]);
    cosine_blocks::<T, LANES>(cols, wide, &norms[wide..full], nu, &mut out[wide..full]);
    for (j, (o, &nv)) in out.iter_mut().zip(norms).enumerate().take(n).skip(full) {
        let mut dot = 0f32;
        for &(col, a) in cols {
            dot += a * col.get(j).map_or(0.0, |&x| x.value());
        }
        *o = cosine(dot, nu, nv);
    }
}

/// The cosine from a dot product and the norms, -1 where it is not taken ([`cosines`]).
#[inline(always)]
fn cosine(dot: f32, nu: f32, nv: f32) -> f32 {
    let c = dot / (nu * nv);
    // `|c| < ∞` is `c.is_finite()` (false for NaN); `&` keeps it free of branches.
    if (dot > 0.0) & (nv > 0.0) & (c.abs() < f32::INFINITY) {
        c
    } else {
        -1.0
    }
}

/// [`cosines_in`] over blocks of `L` candidates from candidate `first` (`out` and `norms` hold
/// whole blocks): each block's `L` sums in registers across the columns.
#[inline(always)]
fn cosine_blocks<T: Strength, const L: usize>(
    cols: &[(&[T], f32)],
    first: usize,
    norms: &[f32],
    nu: f32,
    out: &mut [f32],
) {
    let blocks = out.chunks_exact_mut(L).zip(norms.chunks_exact(L));
    for (b, (o, nv)) in blocks.enumerate() {
        let start = first + b * L;
        let mut acc = [0f32; L];
        for &(col, a) in cols {
            let block = col.get(start..start + L);
            if let Some(c) = block.and_then(|c| <&[T; L]>::try_from(c).ok()) {
                for (x, &y) in acc.iter_mut().zip(c) {
                    *x += a * y.value();
                }
            }
        }
        for ((o, &dot), &nv) in o.iter_mut().zip(&acc).zip(nv) {
            *o = cosine(dot, nu, nv);
        }
    }
}

/// Candidates are sampled for the threshold at about this many evenly spaced slots.
const SAMPLE: usize = 512;

/// The margins of [`threshold`]: the sample rank of a threshold for `expect` = `k / step`.
/// `Tight` (`expect + √expect / 2 + 1`) lets about `k` plus a narrow margin of candidates reach
/// it (on the medium demo ≈ 940 keys for k = 801, 13 % of the searches with fewer than `k`);
/// `Wide` (`expect + 3 √expect + 4`) about `k` plus a wide one (≈ 1,240 keys there, none short).
/// A search takes the tight one first and the wide one when fewer than `k` reach it: ordering
/// the keys costs about as much per key as everything else in the search does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Margin {
    Tight,
    Wide,
}

impl Margin {
    fn rank(self, expect: usize) -> usize {
        match self {
            Margin::Tight => expect + expect.isqrt() / 2 + 1,
            Margin::Wide => expect + 3 * expect.isqrt() + 4,
        }
    }
}

/// A cosine at or below the `k`-th largest of `sims` for most data: the cosine at sample rank
/// `margin.rank(k / step)` of every `step`-th candidate (about `SAMPLE` of them), so that
/// about `k` plus a margin of candidates reach it. 0 (every candidate) when the sample is too
/// small to say. Only a shortcut: [`super::UserKnn::neighbours`] takes a lower threshold (at
/// last every candidate) when fewer than `k` reach it. [`Margin::Tight`] draws the sample into
/// `sample`; [`Margin::Wide`] reads the one left there by the tight call on the same `sims`
/// (whose selection left every cosine at a larger rank after the tight one): the same value
/// as a selection of its own over the whole sample. The sample holds each cosine's bits, 0
/// (the bits of +0) for one with the sign bit set: bits with the sign bit clear order as
/// [`f32::total_cmp`] orders their floats, and a threshold under 0 is taken as 0 anyway, so
/// the integers' selection gives the floats' threshold (tested) with cheaper comparisons.
pub(super) fn threshold(sims: &[f32], k: usize, margin: Margin, sample: &mut Vec<u32>) -> f32 {
    let n = sims.len();
    let step = n / SAMPLE;
    if step < 2 || k.saturating_mul(4) >= n {
        return 0.0;
    }
    let expect = k / step;
    let tight = Margin::Tight.rank(expect);
    let desc = |a: &u32, b: &u32| b.cmp(a);
    let t = match margin {
        Margin::Tight => {
            sample.clear();
            let bits = |x: &f32| match x.to_bits() {
                b if b >> 31 == 0 => b,
                _ => 0,
            };
            sample.extend(sims.iter().step_by(step).map(bits));
            if tight >= sample.len() {
                return 0.0;
            }
            *sample.select_nth_unstable_by(tight, desc).1
        }
        Margin::Wide => {
            let rank = Margin::Wide.rank(expect);
            // The cosines after the tight rank are those at or below it, in some order.
            match sample.get_mut(tight + 1..) {
                Some(tail) if rank > tight && rank - tight - 1 < tail.len() => {
                    *tail.select_nth_unstable_by(rank - tight - 1, desc).1
                }
                _ => return 0.0,
            }
        }
    };
    f32::from_bits(t).max(0.0)
}

/// `out[i] = Σ sim_v · rows[v · ni + i]` over the neighbours' keys (`similarity bits << 32 |
/// !v`) in their order, from 0, for the `ni = out.len()` products: the sums of adding each
/// neighbour's row in turn. With at most 48 products the sums are kept in registers across the
/// neighbours (`N` lanes, read from each row's start: `rows` has `N` entries past the last
/// row's start, the lanes past `ni` are dropped).
/// Compiled for the widest vectors the CPU has ([`super::wide`]).
pub(super) fn add_votes<T: Strength>(keys: &[u64], rows: &[T], out: &mut [f32]) {
    super::wide::add_votes(keys, rows, out);
}

/// [`add_votes`] for any vector width.
#[inline(always)]
pub(super) fn add_votes_in<T: Strength>(keys: &[u64], rows: &[T], out: &mut [f32]) {
    match out.len() {
        0..=16 => add_votes_n::<T, 16>(keys, rows, out),
        17..=32 => add_votes_n::<T, 32>(keys, rows, out),
        33..=48 => add_votes_n::<T, 48>(keys, rows, out),
        ni => {
            out.iter_mut().for_each(|o| *o = 0.0);
            for &key in keys {
                let (v, sim) = (!(key as u32) as usize, f32::from_bits((key >> 32) as u32));
                if let Some(row) = rows.get(v * ni..v * ni + ni) {
                    for (o, &x) in out.iter_mut().zip(row) {
                        *o += sim * x.value();
                    }
                }
            }
        }
    }
}

#[inline(always)]
fn add_votes_n<T: Strength, const N: usize>(keys: &[u64], rows: &[T], out: &mut [f32]) {
    let ni = out.len();
    let mut acc = [0f32; N];
    for &key in keys {
        let (v, sim) = (!(key as u32) as usize, f32::from_bits((key >> 32) as u32));
        let row = rows.get(v * ni..v * ni + N);
        if let Some(row) = row.and_then(|r| <&[T; N]>::try_from(r).ok()) {
            for (a, &x) in acc.iter_mut().zip(row) {
                *a += sim * x.value();
            }
        }
    }
    for (o, &a) in out.iter_mut().zip(&acc) {
        *o = a;
    }
}

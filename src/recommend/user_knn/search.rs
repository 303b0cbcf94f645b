//! The pieces of user-kNN's search that need no model: the cosines pass, the sampled
//! threshold, the selection keys and their radix sort (see the module documentation of
//! [`super`]).

/// The `k` largest keys (`similarity bits << 32 | !id`), largest first, as (person,
/// similarity).
pub(super) fn nearest_keys(keys: &mut Vec<u64>, k: usize) -> Vec<(u32, f32)> {
    if keys.len() > k {
        keys.select_nth_unstable_by(k.saturating_sub(1), |a, b| b.cmp(a));
        keys.truncate(k);
    }
    keys.sort_unstable_by(|a, b| b.cmp(a));
    keys.iter()
        .map(|&key| (!(key as u32), f32::from_bits((key >> 32) as u32)))
        .collect()
}

/// Sorts `keys` from the largest down: a least-significant-digit radix sort on bytes (stable,
/// so exactly the order of a comparison sort), skipping the bytes all keys share (the high
/// bytes of small ids, most of the exponent of similarities in (0, 1]). `spare` is scratch
/// space.
pub(super) fn sort_descending(keys: &mut Vec<u64>, spare: &mut Vec<u64>) {
    let (and, or) = keys
        .iter()
        .fold((u64::MAX, 0u64), |(a, o), &k| (a & k, o | k));
    let differ = and ^ or;
    spare.clear();
    spare.resize(keys.len(), 0);
    for shift in (0..64).step_by(8) {
        if (differ >> shift) & 0xff == 0 {
            continue;
        }
        let digit = |k: u64| 255 - ((k >> shift) & 0xff) as usize;
        let mut start = [0usize; 256];
        for &k in keys.iter() {
            start[digit(k)] += 1;
        }
        let mut sum = 0;
        for c in start.iter_mut() {
            (*c, sum) = (sum, sum + *c);
        }
        for &k in keys.iter() {
            let d = &mut start[digit(k)];
            if let Some(slot) = spare.get_mut(*d) {
                *slot = k;
            }
            *d += 1;
        }
        std::mem::swap(keys, spare);
    }
}

/// Candidates per block of [`cosines`]: the accumulators stay in registers while every column
/// is multiplied in (16 `f32` = four 128-bit vectors).
const LANES: usize = 16;

/// The cosine of `user` with each candidate `j`: `dot_j / (nu * norms[j])`, where `dot_j` sums
/// `a * col[j]` over `cols` in their order; -1 where the cosine is not taken (a dot product
/// that is not positive, a zero norm, a result that is not finite), as the general path
/// leaves such persons out. Every column has at least `norms.len()` entries.
pub(super) fn cosines(cols: &[(&[f32], f32)], norms: &[f32], nu: f32, out: &mut Vec<f32>) {
    let n = norms.len();
    out.clear();
    out.resize(n, 0.0);
    let cosine = |dot: f32, nv: f32| {
        let c = dot / (nu * nv);
        if dot > 0.0 && nv > 0.0 && c.is_finite() {
            c
        } else {
            -1.0
        }
    };
    let full = n - n % LANES;
    let blocks = out[..full]
        .chunks_exact_mut(LANES)
        .zip(norms[..full].chunks_exact(LANES));
    for (b, (o, nv)) in blocks.enumerate() {
        let start = b * LANES;
        let mut acc = [0f32; LANES];
        for &(col, a) in cols {
            let block = col.get(start..start + LANES);
            if let Some(c) = block.and_then(|c| <&[f32; LANES]>::try_from(c).ok()) {
                for (x, &y) in acc.iter_mut().zip(c) {
                    *x += a * y;
                }
            }
        }
        for ((o, &dot), &nv) in o.iter_mut().zip(&acc).zip(nv) {
            *o = cosine(dot, nv);
        }
    }
    for (j, (o, &nv)) in out.iter_mut().zip(norms).enumerate().skip(full) {
        let mut dot = 0f32;
        for &(col, a) in cols {
            dot += a * col.get(j).copied().unwrap_or(0.0);
        }
        *o = cosine(dot, nv);
    }
}

/// Candidates are sampled for the threshold at about this many evenly spaced slots.
const SAMPLE: usize = 512;

/// A cosine at or below the `k`-th largest of `sims` for most data: the cosine at sample rank
/// `k / step + 3 √(k / step) + 4` of every `step`-th candidate (about `SAMPLE` of them), so
/// that about `k` plus a margin of candidates reach it. 0 (every candidate) when the sample
/// is too small to say. Only a shortcut: [`super::UserKnn::neighbours`] takes every candidate when
/// fewer than `k` reach it.
pub(super) fn threshold(sims: &[f32], k: usize, sample: &mut Vec<f32>) -> f32 {
    let n = sims.len();
    let step = n / SAMPLE;
    if step < 2 || k.saturating_mul(4) >= n {
        return 0.0;
    }
    sample.clear();
    sample.extend(sims.iter().step_by(step).copied());
    let expect = k / step;
    let rank = expect + 3 * expect.isqrt() + 4;
    if rank >= sample.len() {
        return 0.0;
    }
    let (_, t, _) = sample.select_nth_unstable_by(rank, |a, b| b.total_cmp(a));
    t.max(0.0)
}

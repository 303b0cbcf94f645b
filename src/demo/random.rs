//! Random draws of the simulation (all from one ChaCha8 generator, so that a seed gives the
//! same files, natively and in the page's wasm).

use std::ops::Range;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// An index drawn uniformly from `r` (`r.start` when it is empty). Drawn as a `u64`: rand draws
/// a `usize` range with the platform's word, so on wasm32 `gen_range(0..len)` took 32-bit draws
/// and the page's demo (seed 42: 50,741 events) differed from the CLI's (52,162). On 64-bit
/// targets this is the same draw as `gen_range` over `usize`, so the CLI's files are unchanged.
pub(super) fn index(rng: &mut ChaCha8Rng, r: Range<usize>) -> usize {
    if r.is_empty() {
        return r.start;
    }
    rng.gen_range(r.start as u64..r.end as u64) as usize
}

/// An index drawn with probability proportional to its weight (0 when all weights are 0).
pub(super) fn weighted(rng: &mut ChaCha8Rng, w: &[f64]) -> usize {
    let total: f64 = w.iter().sum();
    if total <= 0.0 {
        return 0;
    }
    let mut x = rng.gen::<f64>() * total;
    for (i, &wi) in w.iter().enumerate() {
        if x < wi {
            return i;
        }
        x -= wi;
    }
    w.len().saturating_sub(1)
}

/// A Poisson-distributed count (normal approximation above a mean of 40).
pub(super) fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    if mean > 40.0 {
        // Normal approximation.
        let u1: f64 = rng.gen::<f64>().max(1e-12);
        let u2: f64 = rng.gen();
        let z = (-2.0 * libm::log(u1)).sqrt() * libm::cos(std::f64::consts::TAU * u2);
        return (mean + z * mean.sqrt()).round().max(0.0) as u32;
    }
    let l = libm::exp(-mean);
    let mut k = 0;
    let mut p = 1.0;
    loop {
        p *= rng.gen::<f64>();
        if p <= l {
            return k;
        }
        k += 1;
    }
}

/// A number drawn uniformly from the inclusive range `r` (`r.0` when the range is empty).
pub(super) fn range_u32(rng: &mut ChaCha8Rng, r: (u32, u32)) -> u32 {
    rng.gen_range(r.0..=r.1.max(r.0))
}

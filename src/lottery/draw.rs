//! The draw: ChaCha20 seeded with the seed, unbiased integers by rejection, a partial
//! Fisher–Yates shuffle over the canonical list (`docs/lottery.md` specifies each step).

use rand::RngCore;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;

use super::commit::{canonical, Seed};
use crate::error::{Error, Result};

/// A uniform integer in `0..n` (`n` ≥ 1): 64-bit words `x` from the generator
/// (`next_u64`, i.e. 8 keystream bytes read little-endian) are drawn until `x ≥ 2^64 mod n`,
/// then `x mod n` is returned. The accepted range holds a whole multiple of `n` values, so
/// every result is equally likely.
pub fn below(rng: &mut ChaCha20Rng, n: u64) -> u64 {
    let n = n.max(1);
    let reject_under = n.wrapping_neg() % n; // 2^64 mod n
    loop {
        let x = rng.next_u64();
        if x >= reject_under {
            return x % n;
        }
    }
}

/// Positions (in `0..len`) of `k` winners in draw order: for `i` in `0..k`, swap position `i`
/// with `i + below(len − i)` and take position `i`. `k` is capped at `len`.
pub fn draw_positions(seed: &Seed, len: usize, k: usize) -> Vec<usize> {
    let mut rng = ChaCha20Rng::from_seed(*seed);
    let k = k.min(len);
    let mut order: Vec<usize> = (0..len).collect();
    for i in 0..k {
        let j = i + below(&mut rng, (len - i) as u64) as usize;
        order.swap(i, j);
    }
    order.truncate(k);
    order
}

/// The winners, in draw order: `n` persons of the canonical eligible list (all of them, in
/// shuffled order, when `n` is larger than the list). Fails on `n = 0` or an empty list.
pub fn draw(seed: &Seed, eligible: &[String], n: usize) -> Result<Vec<String>> {
    if n == 0 {
        return Err(Error::Params("a lottery draws at least 1 winner".into()));
    }
    let list = canonical(eligible)?;
    if list.is_empty() {
        return Err(Error::NotEnoughData(
            "no one is eligible for the lottery".into(),
        ));
    }
    Ok(draw_positions(seed, list.len(), n)
        .into_iter()
        .map(|p| list[p].clone())
        .collect())
}

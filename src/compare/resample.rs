//! The bootstrap's random draws: a small, fast, seeded generator (xoshiro256++ of Blackman and
//! Vigna, its state filled by SplitMix64 from a `u64` seed, as its authors recommend) and
//! Lemire's bounded method for uniform indices. Both are written out here so that the stream —
//! and with it every bootstrap interval in a report — depends on nothing but the seed, whatever
//! version of `rand` the crate is built with.
//!
//! The bootstrap draws one index per value per resample (1,000 × n per arm), so the cost of a
//! draw is the cost of the mean comparisons: ChaCha8 through `gen_range` took several times as
//! long per index as this generator with the threshold of the bounded method computed once per
//! arm (docs/benchmarks.md, "The session-3 sections' share of the whole report").

/// xoshiro256++: 256 bits of state, period 2^256 − 1, one `u64` per call; [`Self::next_u32`]
/// hands out each `u64` as two halves (low, then high).
#[derive(Debug, Clone)]
pub struct Xoshiro256pp {
    s: [u64; 4],
    /// The high half of the last `u64` when its low half went out through `next_u32`.
    spare: Option<u32>,
}

/// One SplitMix64 step: advances `state` and returns its output.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Xoshiro256pp {
    /// The generator whose state is the first four SplitMix64 outputs from `seed` (never all
    /// zero: SplitMix64 is a bijection of its counter, and four consecutive outputs are not all 0).
    pub fn seed_from_u64(seed: u64) -> Self {
        let mut z = seed;
        Xoshiro256pp {
            s: [
                splitmix64(&mut z),
                splitmix64(&mut z),
                splitmix64(&mut z),
                splitmix64(&mut z),
            ],
            spare: None,
        }
    }

    /// 32 random bits: the low half of a fresh `u64`, or the high half of the last one.
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        match self.spare.take() {
            Some(hi) => hi,
            None => {
                let x = self.next_u64();
                self.spare = Some((x >> 32) as u32);
                x as u32
            }
        }
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let out = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }
}

/// Uniform indices in `0..n` by Lemire's method ("Fast random integer generation in an
/// interval", 2019): the high word of `x · n` for a random `x`, rejecting the `2^w mod n` low
/// words that would make some indices likelier. `x` has 32 bits (half a generator output) when
/// `n` fits in 32 bits, else 64. The threshold is computed once, so a draw is one
/// multiplication and, all but never, a retry.
#[derive(Debug, Clone, Copy)]
pub struct Below {
    n: u64,
    /// `2^32 mod n` (narrow) or `2^64 mod n`.
    threshold: u64,
    narrow: bool,
}

impl Below {
    /// `None` for `n == 0` (no index to draw).
    pub fn new(n: usize) -> Option<Below> {
        let n = n as u64;
        if n == 0 {
            return None;
        }
        Some(match u32::try_from(n) {
            Ok(n32) => Below {
                n,
                threshold: u64::from(n32.wrapping_neg() % n32),
                narrow: true,
            },
            Err(_) => Below {
                n,
                threshold: n.wrapping_neg() % n,
                narrow: false,
            },
        })
    }

    #[inline]
    pub fn draw(self, rng: &mut Xoshiro256pp) -> usize {
        if self.narrow {
            loop {
                let m = u64::from(rng.next_u32()) * self.n;
                if (m & 0xffff_ffff) >= self.threshold {
                    return (m >> 32) as usize;
                }
            }
        }
        loop {
            let m = u128::from(rng.next_u64()) * u128::from(self.n);
            if (m as u64) >= self.threshold {
                return (m >> 64) as usize;
            }
        }
    }
}

/// The mean of one resample of `v` with replacement (`v.len()` draws), in one pass with no
/// allocation. `v` must not be empty and `below` must be `Below::new(v.len())`.
#[inline]
pub fn resample_mean(v: &[f64], below: Below, rng: &mut Xoshiro256pp) -> f64 {
    // Two running sums so that consecutive additions do not wait on each other.
    let (mut s0, mut s1) = (0.0f64, 0.0f64);
    let pairs = v.len() / 2;
    for _ in 0..pairs {
        s0 += v.get(below.draw(rng)).copied().unwrap_or(0.0);
        s1 += v.get(below.draw(rng)).copied().unwrap_or(0.0);
    }
    if v.len() % 2 == 1 {
        s0 += v.get(below.draw(rng)).copied().unwrap_or(0.0);
    }
    (s0 + s1) / v.len() as f64
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn generators_match_their_reference_outputs() {
        // SplitMix64 from 0 (Vigna's splitmix64.c): 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4.
        let mut z = 0u64;
        assert_eq!(splitmix64(&mut z), 0xe220_a839_7b1d_cdaf);
        assert_eq!(splitmix64(&mut z), 0x6e78_9e6a_a1b9_65f4);
        // xoshiro256++ from the state [1, 2, 3, 4] (xoshiro256plusplus.c): the first output is
        // rotl(1 + 4, 23) + 1; the next ones as rand_xoshiro's test vector.
        let mut x = Xoshiro256pp {
            s: [1, 2, 3, 4],
            spare: None,
        };
        let got: Vec<u64> = (0..4).map(|_| x.next_u64()).collect();
        assert_eq!(
            got,
            [
                41_943_041,
                58_720_359,
                3_588_806_011_781_223,
                3_591_011_842_654_386
            ]
        );
        // 32-bit draws are the halves of the same stream, low half first.
        let mut x = Xoshiro256pp::seed_from_u64(5);
        let mut y = x.clone();
        for _ in 0..3 {
            let w = y.next_u64();
            assert_eq!(x.next_u32(), w as u32);
            assert_eq!(x.next_u32(), (w >> 32) as u32);
        }
    }

    #[test]
    fn indices_are_in_range_and_uniform() {
        let mut rng = Xoshiro256pp::seed_from_u64(11);
        assert!(Below::new(0).is_none());
        let one = Below::new(1).unwrap();
        assert!((0..100).all(|_| one.draw(&mut rng) == 0));
        // 7 bins, 70,000 draws: each count within 5 standard deviations of 10,000.
        let b = Below::new(7).unwrap();
        let mut bins = [0u32; 7];
        for _ in 0..70_000 {
            bins[b.draw(&mut rng)] += 1;
        }
        let sd = (70_000.0f64 * (1.0 / 7.0) * (6.0 / 7.0)).sqrt();
        for c in bins {
            assert!((f64::from(c) - 10_000.0).abs() < 5.0 * sd, "{bins:?}");
        }
        // Bounds just above 2^31 (and, on 64-bit targets, 2^63): the rejection zone is almost
        // half of all draws, and every index is still below the bound; 2^32 and more take the
        // 64-bit path.
        let mut bigs = vec![(1usize << 31) + 12_345];
        #[cfg(target_pointer_width = "64")]
        bigs.extend([(1usize << 63) + 12_345, 1usize << 32]);
        for big in bigs {
            let b = Below::new(big).unwrap();
            assert_eq!(b.narrow, u32::try_from(big).is_ok());
            let draws: Vec<usize> = (0..1000).map(|_| b.draw(&mut rng)).collect();
            assert!(draws.iter().all(|&d| d < big));
            // Both halves of the range are hit (not stuck low).
            assert!(draws.iter().any(|&d| d < big / 2) && draws.iter().any(|&d| d >= big / 2));
        }
    }

    #[test]
    fn resample_means_centre_on_the_mean() {
        let v: Vec<f64> = (0..101).map(f64::from).collect();
        let below = Below::new(v.len()).unwrap();
        let mut rng = Xoshiro256pp::seed_from_u64(3);
        let means: Vec<f64> = (0..4000)
            .map(|_| resample_mean(&v, below, &mut rng))
            .collect();
        assert!(means.iter().all(|m| (0.0..=100.0).contains(m)));
        // Mean 50; the standard error of one resample mean is sd(v)/sqrt(101) ≈ 2.90 (population
        // sd 29.15), so the average of 4,000 is within 0.2 of 50 and their sd near 2.9.
        let avg = means.iter().sum::<f64>() / 4000.0;
        let sd = (means.iter().map(|m| (m - avg) * (m - avg)).sum::<f64>() / 3999.0).sqrt();
        assert!((avg - 50.0).abs() < 0.2, "{avg}");
        assert!((sd - 2.90).abs() < 0.15, "{sd}");
        // A single value resamples to itself.
        let one = Below::new(1).unwrap();
        assert_eq!(resample_mean(&[4.5], one, &mut rng), 4.5);
    }
}

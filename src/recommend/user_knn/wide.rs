//! The search's two vector kernels ([`search::cosines_in`], [`search::add_votes_in`]) compiled
//! for the widest vectors the CPU has ([`crate::simd`]): with AVX-512F, 16 lanes (a block of
//! candidates in one register, the 48 vote lanes in three). Each lane is one candidate (one
//! product) whose products are multiplied and added in the same order, so every result is the
//! baseline's bit for bit (tested against it).

use super::search::{self, Strength};
use crate::simd::widest;

/// [`search::cosines_in`] in the widest vectors.
pub(super) fn cosines<T: Strength>(cols: &[(&[T], f32)], norms: &[f32], nu: f32, out: &mut [f32]) {
    cosines_at(widest(), cols, norms, nu, out);
}

crate::simd::kernel_at! {
    /// [`search::cosines_in`] compiled for `w` (the baseline when this CPU lacks it).
    pub(super) fn cosines_at<T: Strength>(
        cols: &[(&[T], f32)],
        norms: &[f32],
        nu: f32,
        out: &mut [f32],
    ) => search::cosines_in
}

/// [`search::add_votes_in`] in the widest vectors.
pub(super) fn add_votes<T: Strength>(keys: &[u64], rows: &[T], out: &mut [f32]) {
    add_votes_at(widest(), keys, rows, out);
}

crate::simd::kernel_at! {
    /// [`search::add_votes_in`] compiled for `w` (the baseline when this CPU lacks it).
    pub(super) fn add_votes_at<T: Strength>(keys: &[u64], rows: &[T], out: &mut [f32])
        => search::add_votes_in
}

#[cfg(test)]
mod tests {
    /// A strength, a zero or an odd value (NaN, ∞, a tiny or negative one).
    fn odd_value(rng: &mut crate::compare::resample::Xoshiro256pp) -> f32 {
        match rng.next_u32() % 16 {
            0..=5 => 0.0,
            6 => f32::NAN,
            7 => f32::INFINITY,
            8 => 1e-38,
            9 => -2.0,
            _ => (rng.next_u32() % 64) as f32 * 0.37,
        }
    }

    #[test]
    fn the_wide_kernels_give_the_plain_loops_bits() {
        use super::{add_votes_at, cosines_at};
        use crate::simd::{runs, Width};
        let mut rng = crate::compare::resample::Xoshiro256pp::seed_from_u64(9);
        let widths = Width::ALL;
        for n in [0usize, 1, 15, 16, 17, 64, 100, 129, 333] {
            for n_cols in [0usize, 1, 3, 9] {
                let cols: Vec<(Vec<f32>, f32)> = (0..n_cols)
                    .map(|_| {
                        let col = (0..n).map(|_| odd_value(&mut rng)).collect();
                        (col, (rng.next_u32() % 50) as f32 * 0.13)
                    })
                    .collect();
                let cols: Vec<(&[f32], f32)> = cols.iter().map(|(c, a)| (&c[..], *a)).collect();
                let norms: Vec<f32> = (0..n).map(|_| odd_value(&mut rng)).collect();
                for nu in [1.7f32, 1e-30, 0.0] {
                    // The cosine as the general path takes it, summed column after column.
                    let want: Vec<u32> = (0..n)
                        .map(|j| {
                            let dot = cols.iter().fold(0f32, |d, (c, a)| d + a * c[j]);
                            let c = dot / (nu * norms[j]);
                            let ok = dot > 0.0 && norms[j] > 0.0 && c.is_finite();
                            if ok { c } else { -1.0 }.to_bits()
                        })
                        .collect();
                    for w in widths.into_iter().filter(|&w| runs(w)) {
                        let mut out = vec![7.0; n];
                        cosines_at(w, &cols, &norms, nu, &mut out);
                        let got: Vec<u32> = out.iter().map(|x| x.to_bits()).collect();
                        assert_eq!(got, want, "{w:?} n {n} columns {n_cols} nu {nu}");
                    }
                }
            }
        }
        // Byte columns give the bits of the same values stored as `f32`.
        for n in [0usize, 15, 16, 64, 100, 129, 333] {
            for n_cols in [1usize, 3, 9] {
                let bytes: Vec<(Vec<u8>, f32)> = (0..n_cols)
                    .map(|_| {
                        let col = (0..n).map(|_| (rng.next_u32() % 256) as u8).collect();
                        (col, (rng.next_u32() % 50) as f32 * 0.13)
                    })
                    .collect();
                let floats: Vec<(Vec<f32>, f32)> = bytes
                    .iter()
                    .map(|(c, a)| (c.iter().map(|&x| f32::from(x)).collect(), *a))
                    .collect();
                let bytes: Vec<(&[u8], f32)> = bytes.iter().map(|(c, a)| (&c[..], *a)).collect();
                let floats: Vec<(&[f32], f32)> = floats.iter().map(|(c, a)| (&c[..], *a)).collect();
                let norms: Vec<f32> = (0..n).map(|_| odd_value(&mut rng)).collect();
                for w in widths.into_iter().filter(|&w| runs(w)) {
                    let (mut want, mut got) = (vec![7.0; n], vec![5.0; n]);
                    cosines_at(w, &floats, &norms, 2.3, &mut want);
                    cosines_at(w, &bytes, &norms, 2.3, &mut got);
                    let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&got), bits(&want), "{w:?} n {n} byte columns {n_cols}");
                }
            }
        }
        for ni in [1usize, 7, 16, 17, 40, 48, 49, 60] {
            let persons = 50;
            let mut rows: Vec<f32> = (0..persons * ni).map(|_| odd_value(&mut rng)).collect();
            rows.resize(
                persons * ni + crate::recommend::user_knn::VOTE_ROWS_PAD,
                0.0,
            );
            let keys: Vec<u64> = (0..30)
                .map(|_| {
                    let sim = (rng.next_u32() % 1000) as f32 / 999.0;
                    (u64::from(sim.to_bits()) << 32) | u64::from(!(rng.next_u32() % persons as u32))
                })
                .collect();
            let mut want = vec![0f32; ni];
            for &key in &keys {
                let (v, sim) = (!(key as u32) as usize, f32::from_bits((key >> 32) as u32));
                for (o, &x) in want.iter_mut().zip(&rows[v * ni..v * ni + ni]) {
                    *o += sim * x;
                }
            }
            let want: Vec<u32> = want.iter().map(|x| x.to_bits()).collect();
            for w in widths.into_iter().filter(|&w| runs(w)) {
                let mut out = vec![3.0; ni];
                add_votes_at(w, &keys, &rows, &mut out);
                let got: Vec<u32> = out.iter().map(|x| x.to_bits()).collect();
                assert_eq!(got, want, "{w:?} ni {ni}");
            }
            // Byte rows give the bits of the same values stored as `f32`.
            let bytes: Vec<u8> = (0..rows.len())
                .map(|j| match j < persons * ni {
                    true => (rng.next_u32() % 256) as u8,
                    false => 0,
                })
                .collect();
            let floats: Vec<f32> = bytes.iter().map(|&x| f32::from(x)).collect();
            for w in widths.into_iter().filter(|&w| runs(w)) {
                let (mut want, mut got) = (vec![3.0; ni], vec![4.0; ni]);
                add_votes_at(w, &keys, &floats, &mut want);
                add_votes_at(w, &keys, &bytes, &mut got);
                let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&got), bits(&want), "{w:?} ni {ni} byte rows");
            }
        }
    }
}

//! Implicit alternating least squares (Hu, Koren & Volinsky 2008, "Collaborative Filtering for
//! Implicit Feedback Datasets"), solved with a few conjugate-gradient steps per factor vector as
//! the `implicit` library's `least_squares_cg` does (Takács, Pilászy & Tikk 2011).
//!
//! Preference `p_ui = 1` for stored pairs (0 otherwise), confidence `c_ui = 1 + α·r_ui` with `r`
//! the interaction strength. Minimises
//! `Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ (Σ‖x_u‖² + Σ‖y_i‖²)` over all pairs, using
//! `YᵀY` computed once per half-sweep so that the cost per person is `O(f² + n_u·f)` per CG step.
//! Factor matrices are `f32` [`ndarray`] arrays (`n × f`, standard layout); the conjugate-gradient
//! kernel works on their rows as slices with the length known at compile time for common `f`
//! (docs/decisions.md, "ndarray"). Factors are initialised from a seeded ChaCha8 generator.

use ndarray::{Array2, ArrayView1, ArrayView2};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::{InteractionMatrix, ItemFeatures, Recommender, Scratch};

/// Settings of [`Als`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct AlsParams {
    /// Latent factors; 0 = automatic: `clamp(products / 8, 4, 32)` rounded down to a multiple
    /// of 4 (a catalogue of 40 products gets 4, one of 256 or more gets 32; multiples of 4 up
    /// to 32 run about twice as fast). More factors than the catalogue supports overfit:
    /// on a 40-product synthetic shop NDCG@10 fell from 0.38 (4 factors) to 0.31 (10) and 0.11
    /// (32).
    pub factors: usize,
    /// L2 regularisation λ.
    pub regularization: f32,
    /// Confidence scale α in `1 + α·r`.
    pub alpha: f32,
    pub iterations: usize,
    /// Conjugate-gradient steps per factor vector and sweep.
    pub cg_steps: usize,
}

impl Default for AlsParams {
    fn default() -> Self {
        Self {
            factors: 0,
            regularization: 0.1,
            alpha: 10.0,
            iterations: 15,
            cg_steps: 3,
        }
    }
}

impl AlsParams {
    pub(crate) fn validate(&self) -> crate::Result<()> {
        let bad = |m: &str| Err(crate::Error::Params(format!("ALS: {m}")));
        if self.factors > 512 {
            return bad("factors must be at most 512");
        }
        if !(self.regularization.is_finite() && self.regularization >= 0.0) {
            return bad("regularization must be finite and non-negative");
        }
        if !(self.alpha.is_finite() && self.alpha >= 0.0) {
            return bad("alpha must be finite and non-negative");
        }
        if self.iterations == 0 || self.iterations > 1000 {
            return bad("iterations must be between 1 and 1000");
        }
        if self.cg_steps == 0 || self.cg_steps > 100 {
            return bad("cg_steps must be between 1 and 100");
        }
        Ok(())
    }

    /// The number of factors used for a catalogue of `n_items` products.
    pub fn factors_for(&self, n_items: usize) -> usize {
        if self.factors > 0 {
            self.factors
        } else {
            (n_items / 8).clamp(4, 32) / 4 * 4
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Als {
    pub params: AlsParams,
    pub seed: u64,
    /// Factors actually used.
    pub f: usize,
    /// Person factors, `n_users × f`.
    pub x: Array2<f32>,
    /// Product factors, `n_items × f`.
    pub y: Array2<f32>,
    /// When set, the loss after each iteration is recorded in `loss_history`.
    pub track_loss: bool,
    pub loss_history: Vec<f64>,
}

#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `G = FᵀF` (f × f) of a factor matrix (summed row by row, in order).
fn gram(factors: ArrayView2<f32>) -> Array2<f32> {
    let f = factors.ncols();
    let mut g = Array2::<f32>::zeros((f, f));
    if let (Some(rows), Some(gs)) = (factors.as_standard_layout().as_slice(), g.as_slice_mut()) {
        gram_into(rows, f, gs);
    }
    g
}

/// [`gram`] of the rows of `f` values in `rows` into `g` (f × f, zeroed), on slices: through
/// `ndarray`'s row views it cost 124 M instructions on the medium demo (about 215 per person
/// row of 4 factors).
fn gram_into(rows: &[f32], f: usize, g: &mut [f32]) {
    g.iter_mut().for_each(|v| *v = 0.0);
    if f == 0 {
        return;
    }
    for row in rows.chunks_exact(f) {
        for (&ra, ga) in row.iter().zip(g.chunks_exact_mut(f)) {
            if ra == 0.0 {
                continue;
            }
            ga.iter_mut()
                .zip(row)
                .for_each(|(gab, &rb)| *gab += ra * rb);
        }
    }
}

/// `out = G·v` for a dense f × f matrix given as its transpose `gt`: each output is a lane,
/// summed over the columns in [`dot`]'s order from `-0.0` (where `f32`'s `sum` starts), so the
/// bits are those of [`dot`] of G's rows, with a vector multiply and add per column instead of
/// a sequential sum per output.
#[inline(always)]
fn matvec(gt: &[f32], v: &[f32], out: &mut [f32]) {
    out.iter_mut().for_each(|o| *o = -0.0);
    for (&vk, gk) in v.iter().zip(gt.chunks_exact(out.len().max(1))) {
        out.iter_mut().zip(gk).for_each(|(o, g)| *o += g * vk);
    }
}

/// One half-sweep: updates every row of `target` given the fixed factors `fixed`, with the
/// sparse rows `ptr/idx/strength` linking target rows to fixed rows.
#[allow(clippy::too_many_arguments)]
fn cg_sweep(
    target: &mut Array2<f32>,
    fixed: ArrayView2<f32>,
    ptr: &[usize],
    idx: &[u32],
    strength: &[f32],
    p: &AlsParams,
) {
    let f = fixed.ncols();
    if target.ncols() != f {
        return;
    }
    // The kernel reads rows as slices of compile-time length, so both matrices are made
    // standard layout (they already are: `Als` only makes such).
    let g = {
        let mut g = gram(fixed);
        g.diag_mut().iter_mut().for_each(|v| *v += p.regularization);
        // Transposed for `matvec`.
        g.reversed_axes().as_standard_layout().into_owned()
    };
    let fixed = fixed.as_standard_layout();
    let (Some(fixed), Some(g)) = (fixed.as_slice(), g.as_slice()) else {
        return;
    };
    if !target.is_standard_layout() {
        *target = target.as_standard_layout().into_owned();
    }
    if let Some(target) = target.as_slice_mut() {
        cg_sweep_dispatch(target, fixed, g, f, ptr, idx, strength, p);
    }
}

/// Runs [`cg_sweep_impl`] for the compile-time size matching `f`.
#[allow(clippy::too_many_arguments)]
fn cg_sweep_dispatch(
    target: &mut [f32],
    fixed: &[f32],
    g: &[f32],
    f: usize,
    ptr: &[usize],
    idx: &[u32],
    strength: &[f32],
    p: &AlsParams,
) {
    // Common sizes get a copy with the length known at compile time (unrolled, vectorised).
    macro_rules! dispatch {
        ($($n:literal)*) => {
            match f {
                $($n => cg_sweep_impl::<$n>(target, fixed, g, f, ptr, idx, strength, p),)*
                _ => cg_sweep_impl::<0>(target, fixed, g, f, ptr, idx, strength, p),
            }
        };
    }
    dispatch!(4 8 12 16 20 24 28 32);
}

/// [`cg_sweep`] for `F` factors (`F = 0`: any number, `f_dyn`).
#[allow(clippy::too_many_arguments)]
fn cg_sweep_impl<const F: usize>(
    target: &mut [f32],
    fixed: &[f32],
    g: &[f32],
    f_dyn: usize,
    ptr: &[usize],
    idx: &[u32],
    strength: &[f32],
    p: &AlsParams,
) {
    let f = if F > 0 { F } else { f_dyn };
    let (mut rv, mut dv, mut adv) = (vec![0f32; f], vec![0f32; f], vec![0f32; f]);
    // Slicing to `f` lets the optimiser see the compile-time length when `F > 0`.
    let (r, d, ad) = (&mut rv[..f], &mut dv[..f], &mut adv[..f]);
    for (row, x) in target.chunks_exact_mut(f).enumerate() {
        let (Some(&lo), Some(&hi)) = (ptr.get(row), ptr.get(row + 1)) else {
            break;
        };
        let (ids, rs) = (&idx[lo..hi], &strength[lo..hi]);
        let fixed_row = |i: u32| &fixed[i as usize * f..(i as usize + 1) * f];
        // r = b − A x, with b = Σ c_i y_i and A = G + Σ (c_i − 1) y_i y_iᵀ.
        matvec(g, x, r);
        r.iter_mut().for_each(|v| *v = -*v);
        for (&i, &st) in ids.iter().zip(rs) {
            let yi = fixed_row(i);
            let c = 1.0 + p.alpha * st;
            let coef = c - (c - 1.0) * dot(yi, x);
            r.iter_mut().zip(yi).for_each(|(rv, yv)| *rv += coef * yv);
        }
        d.copy_from_slice(r);
        let mut rs_old = dot(r, r);
        if rs_old < 1e-20 {
            continue;
        }
        for _ in 0..p.cg_steps {
            matvec(g, d, ad);
            for (&i, &st) in ids.iter().zip(rs) {
                let yi = fixed_row(i);
                let coef = p.alpha * st * dot(yi, d);
                ad.iter_mut().zip(yi).for_each(|(av, yv)| *av += coef * yv);
            }
            let dad = dot(d, ad);
            if dad <= 0.0 || !dad.is_finite() {
                break;
            }
            let step = rs_old / dad;
            x.iter_mut()
                .zip(d.iter())
                .for_each(|(xv, dv)| *xv += step * dv);
            r.iter_mut()
                .zip(ad.iter())
                .for_each(|(rv, av)| *rv -= step * av);
            let rs_new = dot(r, r);
            if rs_new < 1e-20 {
                break;
            }
            let beta = rs_new / rs_old;
            d.iter_mut()
                .zip(r.iter())
                .for_each(|(dv, rv)| *dv = rv + beta * *dv);
            rs_old = rs_new;
        }
    }
}

impl Als {
    pub fn new(params: AlsParams, seed: u64) -> Self {
        Self {
            params,
            seed,
            ..Default::default()
        }
    }

    /// The objective `Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ(‖X‖² + ‖Y‖²)` over all pairs, computed
    /// as `Σ_u x_uᵀ(YᵀY)x_u + Σ_stored [c(1 − s)² − s²]` plus the penalty.
    pub fn loss(&self, m: &InteractionMatrix) -> f64 {
        if self.f == 0 {
            return 0.0;
        }
        let g = gram(self.y.view());
        let mut total = 0f64;
        for (u, x) in self.x.rows().into_iter().enumerate() {
            let gx: Vec<f32> = g.rows().into_iter().map(|ga| dot_v(ga, x)).collect();
            total += x.iter().zip(&gx).map(|(a, b)| a * b).sum::<f32>() as f64;
            let (items, rs, _) = m.row(u as u32);
            for (&i, &r) in items.iter().zip(rs) {
                let i = i as usize;
                let s = if i < self.y.nrows() {
                    dot_v(x, self.y.row(i)) as f64
                } else {
                    0.0
                };
                let c = 1.0 + (self.params.alpha * r) as f64;
                total += c * (1.0 - s) * (1.0 - s) - s * s;
            }
        }
        let pen: f64 = self.x.iter().chain(&self.y).map(|v| (v * v) as f64).sum();
        total + self.params.regularization as f64 * pen
    }

    /// Predicted preference of a person for a product.
    pub fn predict(&self, user: u32, item: u32) -> f32 {
        let (user, item) = (user as usize, item as usize);
        if self.f == 0 || user >= self.x.nrows() || item >= self.y.nrows() {
            return 0.0;
        }
        dot_v(self.x.row(user), self.y.row(item))
    }
}

/// `Σ a_i·b_i` of two rows, in index order (as [`dot`]).
#[inline]
fn dot_v(a: ArrayView1<f32>, b: ArrayView1<f32>) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

impl Recommender for Als {
    fn fit(&mut self, m: &InteractionMatrix, _items: &ItemFeatures) {
        let f = self.params.factors_for(m.n_items);
        self.f = f;
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        // Drawn row by row, persons first (the same stream as before the matrices were arrays).
        self.x = Array2::from_shape_simple_fn((m.n_users, f), || rng.gen::<f32>() * 0.01);
        self.y = Array2::from_shape_simple_fn((m.n_items, f), || rng.gen::<f32>() * 0.01);
        self.loss_history.clear();
        for _ in 0..self.params.iterations {
            cg_sweep(
                &mut self.x,
                self.y.view(),
                &m.user_ptr,
                &m.user_items,
                &m.user_strength,
                &self.params,
            );
            cg_sweep(
                &mut self.y,
                self.x.view(),
                &m.item_ptr,
                &m.item_users,
                &m.item_strength,
                &self.params,
            );
            if self.track_loss {
                let l = self.loss(m);
                self.loss_history.push(l);
            }
        }
    }

    fn score(&self, _m: &InteractionMatrix, user: u32, out: &mut [f32], _s: &mut Scratch) {
        let user = user as usize;
        if self.f == 0 || user >= self.x.nrows() {
            out.iter_mut().for_each(|o| *o = 0.0);
            return;
        }
        let x = self.x.row(user);
        // Slices when the rows are contiguous (always: `fit` makes standard-layout arrays);
        // the slice dot vectorises, the view one does not (10× on scoring every person).
        if let (Some(xs), Some(ys)) = (x.as_slice(), self.y.as_slice()) {
            for (o, y) in out.iter_mut().zip(ys.chunks_exact(self.f)) {
                *o = dot(xs, y);
            }
            return;
        }
        for (o, y) in out.iter_mut().zip(self.y.rows()) {
            *o = dot_v(x, y);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn block_matrix() -> InteractionMatrix {
        // Two blocks: users 0..10 like items 0..4, users 10..20 like items 4..8 (sparse).
        let mut e = Vec::new();
        for u in 0..20u32 {
            let base = if u < 10 { 0 } else { 4 };
            for k in 0..4u32 {
                if (u + k) % 3 != 0 {
                    e.push((u, base + k, 1.0 + (k % 2) as f32, k == 1));
                }
            }
        }
        InteractionMatrix::from_entries(20, 8, &e)
    }

    #[test]
    fn loss_decreases_and_blocks_are_learned() {
        let m = block_matrix();
        let mut als = Als::new(
            AlsParams {
                factors: 4,
                iterations: 10,
                ..Default::default()
            },
            7,
        );
        als.track_loss = true;
        als.fit(&m, &ItemFeatures::empty(8));
        let h = &als.loss_history;
        assert_eq!(h.len(), 10);
        for w in h.windows(2) {
            assert!(w[1] <= w[0] * (1.0 + 1e-4), "loss went up: {h:?}");
        }
        assert!(h[9] < h[0]);
        // A user of block 1 prefers block-1 items it has not seen over block-2 items.
        let mut out = vec![0.0; 8];
        als.score(&m, 0, &mut out, &mut Scratch::default());
        let in_block = out[0..4].iter().cloned().fold(f32::MIN, f32::max);
        let other = out[4..8].iter().cloned().fold(f32::MIN, f32::max);
        assert!(in_block > other);
        // Determinism.
        let mut again = Als::new(als.params, 7);
        again.fit(&m, &ItemFeatures::empty(8));
        assert_eq!(again.x, als.x);
        assert_eq!(again.y, als.y);
    }

    #[test]
    fn cg_matches_direct_solution() {
        // One user, fixed item factors: with many CG steps the result solves the normal
        // equations exactly: (YᵀCY + λI) x = YᵀCp.
        let m = InteractionMatrix::from_entries(1, 3, &[(0, 0, 1.0, false), (0, 2, 2.0, false)]);
        let p = AlsParams {
            factors: 2,
            cg_steps: 10,
            alpha: 1.0,
            regularization: 0.5,
            ..Default::default()
        };
        let y = Array2::from_shape_vec((3, 2), vec![1.0, 0.0, 0.0, 1.0, 1.0, 1.0]).unwrap();
        let mut x = Array2::zeros((1, 2));
        cg_sweep(
            &mut x,
            y.view(),
            &m.user_ptr,
            &m.user_items,
            &m.user_strength,
            &p,
        );
        // c = [2, 1, 3]; A = Σ c_i y_i y_iᵀ + 0.5 I = [[2+3+.5, 3], [3, 1+3+.5]]; b = [2+3, 3]
        let a = [[5.5f32, 3.0], [3.0, 4.5]];
        let b = [5.0f32, 3.0];
        let det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
        let x0 = (b[0] * a[1][1] - a[0][1] * b[1]) / det;
        let x1 = (a[0][0] * b[1] - a[1][0] * b[0]) / det;
        assert!(
            (x[[0, 0]] - x0).abs() < 1e-4 && (x[[0, 1]] - x1).abs() < 1e-4,
            "{x:?}"
        );
    }

    /// The sweep as it was written before `G·v` was taken in lanes: `G` row by row, `matvec` and
    /// each interaction's dot as sequential sums.
    fn plain_sweep(
        target: &mut [f32],
        fixed: &[f32],
        f: usize,
        (ptr, idx, strength): (&[usize], &[u32], &[f32]),
        p: &AlsParams,
    ) {
        let mut g = vec![0f32; f * f];
        for row in fixed.chunks_exact(f) {
            for (a, &ra) in row.iter().enumerate() {
                if ra == 0.0 {
                    continue;
                }
                for (b, &rb) in row.iter().enumerate() {
                    g[a * f + b] += ra * rb;
                }
            }
        }
        for a in 0..f {
            g[a * f + a] += p.regularization;
        }
        let matvec = |v: &[f32], out: &mut [f32]| {
            for (o, ga) in out.iter_mut().zip(g.chunks_exact(f)) {
                *o = dot(ga, v);
            }
        };
        let (mut r, mut d, mut ad) = (vec![0f32; f], vec![0f32; f], vec![0f32; f]);
        for (row, x) in target.chunks_exact_mut(f).enumerate() {
            let (lo, hi) = (ptr[row], ptr[row + 1]);
            let (ids, rs) = (&idx[lo..hi], &strength[lo..hi]);
            let fixed_row = |i: u32| &fixed[i as usize * f..(i as usize + 1) * f];
            matvec(x, &mut r);
            r.iter_mut().for_each(|v| *v = -*v);
            for (&i, &st) in ids.iter().zip(rs) {
                let yi = fixed_row(i);
                let c = 1.0 + p.alpha * st;
                let coef = c - (c - 1.0) * dot(yi, x);
                r.iter_mut().zip(yi).for_each(|(rv, yv)| *rv += coef * yv);
            }
            d.copy_from_slice(&r);
            let mut rs_old = dot(&r, &r);
            if rs_old < 1e-20 {
                continue;
            }
            for _ in 0..p.cg_steps {
                matvec(&d, &mut ad);
                for (&i, &st) in ids.iter().zip(rs) {
                    let yi = fixed_row(i);
                    let coef = p.alpha * st * dot(yi, &d);
                    ad.iter_mut().zip(yi).for_each(|(av, yv)| *av += coef * yv);
                }
                let dad = dot(&d, &ad);
                if dad <= 0.0 || !dad.is_finite() {
                    break;
                }
                let step = rs_old / dad;
                x.iter_mut().zip(&d).for_each(|(xv, dv)| *xv += step * dv);
                r.iter_mut().zip(&ad).for_each(|(rv, av)| *rv -= step * av);
                let rs_new = dot(&r, &r);
                if rs_new < 1e-20 {
                    break;
                }
                let beta = rs_new / rs_old;
                d.iter_mut()
                    .zip(&r)
                    .for_each(|(dv, rv)| *dv = rv + beta * *dv);
                rs_old = rs_new;
            }
        }
    }

    #[test]
    fn the_sweep_gives_the_plain_sweeps_bits() {
        let mut rng = crate::compare::resample::Xoshiro256pp::seed_from_u64(21);
        let mut value = |scale: f32| match rng.next_u32() % 12 {
            0 => 0.0,
            1 => -0.0,
            k => (rng.next_u32() % 2001) as f32 / 1000.0 - 1.0 + k as f32 * 1e-3 * scale,
        };
        // Rows with 0, 1, a few and many interactions, ids repeated and in any order.
        let lengths = [0usize, 1, 2, 7, 8, 9, 15, 16, 17, 300, 0, 3, 900];
        for f in [1usize, 2, 3, 4, 5, 7, 8, 12, 16, 32, 33] {
            let n_fixed = 50;
            let fixed: Vec<f32> = (0..n_fixed * f).map(|_| value(0.5)).collect();
            let mut ptr = vec![0usize];
            let (mut idx, mut strength) = (Vec::new(), Vec::new());
            for &n in &lengths {
                for k in 0..n {
                    idx.push((k * 7 + n + f) as u32 % n_fixed as u32);
                    strength.push(value(2.0) * 3.0);
                }
                ptr.push(idx.len());
            }
            let start: Vec<f32> = (0..lengths.len() * f).map(|_| value(1.0) * 0.1).collect();
            for cg_steps in [1, 3] {
                let p = AlsParams {
                    cg_steps,
                    ..Default::default()
                };
                let mut want = start.clone();
                plain_sweep(&mut want, &fixed, f, (&ptr, &idx, &strength), &p);
                let mut got = Array2::from_shape_vec((lengths.len(), f), start.clone()).unwrap();
                let y = Array2::from_shape_vec((n_fixed, f), fixed.clone()).unwrap();
                cg_sweep(&mut got, y.view(), &ptr, &idx, &strength, &p);
                let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                let got = got.as_slice().unwrap();
                assert_eq!(bits(got), bits(&want), "f {f} cg_steps {cg_steps}");
                assert_ne!(bits(got), bits(&start), "f {f}");
            }
        }
    }
}

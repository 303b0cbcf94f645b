//! L2-regularised logistic regression (Newton's method) and the classification metrics.
//!
//! Objective, as scikit-learn's `LogisticRegression(C)` (lbfgs): minimise
//! `0.5·‖w‖² + C·Σ logloss(yᵢ, w·xᵢ + b)`; the intercept `b` is not penalised. The problem is
//! strictly convex in `w`; Newton steps with a backtracking line search reach the optimum to
//! machine precision in a few iterations for the ≤ ~50 features used here. Matrices are
//! [`ndarray`] arrays (the sums over the rows in plain slices); sums run in plain loop order, so
//! the figures do not depend on the library.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// A fitted model.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticFit {
    pub coef: Vec<f64>,
    pub intercept: f64,
    pub iterations: usize,
}

impl LogisticFit {
    /// P(label = 1) of a row.
    pub fn prob(&self, row: &[f64]) -> f64 {
        let z: f64 = self.intercept + row.iter().zip(&self.coef).map(|(a, b)| a * b).sum::<f64>();
        sigmoid(z)
    }
}

pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// log(1 + e^z), stable.
fn log1pexp(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

/// `Σ a_i·b_i`, summed in index order from −0.0 (exactly as `Iterator::sum`).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).fold(-0.0, |acc, (x, y)| acc + x * y)
}

/// The objective at `(w, b)`; `x` row-major `n × w.len()`.
fn objective(x: &[f64], y: &[bool], w: &[f64], b: f64, c: f64) -> f64 {
    let mut loss = 0.0;
    let d = w.len();
    for (i, &yi) in y.iter().enumerate() {
        let row = x.get(i * d..i * d + d).unwrap_or(&[]);
        let z = b + dot(row, w);
        loss += log1pexp(z) - if yi { z } else { 0.0 };
    }
    0.5 * dot(w, w) + c * loss
}

/// Fits the model on row-major `x` (`n × d`) and labels `y`. `None` when `n = 0` or the Newton
/// system cannot be solved (it always can for `c > 0`).
pub fn fit(x: &[f64], y: &[bool], d: usize, c: f64) -> Option<LogisticFit> {
    let n = y.len();
    if n == 0 || x.len() != n * d || !(c > 0.0 && c.is_finite()) {
        return None;
    }
    let m = d + 1; // parameters: w (d), b (last)
    let mut w = vec![0.0f64; d];
    let mut b = 0.0;
    let mut f = objective(x, y, &w, b, c);
    let mut iterations = 0;
    // The gradient and the Hessian's upper triangle (row-major `m × m`) summed over the rows in
    // plain slices: the same operations in the same order as indexing the arrays, without a
    // two-dimensional index per product (this fit took 5× its native time in the wasm; the
    // prediction section's CPU there fell ~8 %).
    for _ in 0..100 {
        iterations += 1;
        let mut g = vec![0.0f64; m];
        let mut h = vec![0.0f64; m * m];
        for (i, &yi) in y.iter().enumerate() {
            let row = x.get(i * d..i * d + d).unwrap_or(&[]);
            let z = b + dot(row, &w);
            let p = sigmoid(z);
            let r = p - if yi { 1.0 } else { 0.0 };
            let s = p * (1.0 - p);
            for (a, (&xa, ga)) in row.iter().zip(g.iter_mut()).enumerate() {
                *ga += r * xa;
                let sa = s * xa;
                if let Some(hr) = h.get_mut(a * m..a * m + m) {
                    for (hv, &xb) in hr[a..d].iter_mut().zip(&row[a..]) {
                        *hv += sa * xb;
                    }
                    hr[d] += sa;
                }
            }
            g[d] += r;
            h[d * m + d] += s;
        }
        let mut grad = Array1::from_vec(g);
        let mut hess = Array2::from_shape_vec((m, m), h).ok()?;
        grad *= c;
        for a in 0..m {
            for bb in a..m {
                hess[[a, bb]] *= c;
            }
        }
        for a in 0..d {
            grad[a] += w[a];
            hess[[a, a]] += 1.0;
        }
        // Symmetrise and add a tiny ridge on the intercept (only matters when all s ≈ 0).
        for a in 0..m {
            for bb in 0..a {
                hess[[a, bb]] = hess[[bb, a]];
            }
        }
        hess[[d, d]] += 1e-12;
        let gmax = grad.iter().fold(0.0f64, |acc, g| acc.max(g.abs()));
        if gmax < 1e-10 * (1.0 + c * n as f64).sqrt() {
            break;
        }
        let step = cholesky_solve(hess.view(), grad.view())?;
        // Backtracking line search on the objective.
        let mut t = 1.0;
        let mut improved = false;
        for _ in 0..50 {
            let nw: Vec<f64> = w.iter().zip(&step).map(|(a, s)| a - t * s).collect();
            let nb = b - t * step[d];
            let nf = objective(x, y, &nw, nb, c);
            if nf <= f {
                let done = f - nf <= 1e-15 * f.abs().max(1.0) && t == 1.0;
                w = nw;
                b = nb;
                f = nf;
                improved = !done;
                break;
            }
            t *= 0.5;
        }
        if !improved {
            break;
        }
    }
    Some(LogisticFit {
        coef: w,
        intercept: b,
        iterations,
    })
}

/// Solves `A x = g` for symmetric positive definite `A` (`m × m`).
fn cholesky_solve(a: ArrayView2<f64>, g: ArrayView1<f64>) -> Option<Array1<f64>> {
    let m = g.len();
    let mut l = Array2::<f64>::zeros((m, m));
    for i in 0..m {
        for j in 0..=i {
            let mut s = a[[i, j]];
            for k in 0..j {
                s -= l[[i, k]] * l[[j, k]];
            }
            if i == j {
                if s <= 0.0 || !s.is_finite() {
                    return None;
                }
                l[[i, i]] = s.sqrt();
            } else {
                l[[i, j]] = s / l[[j, j]];
            }
        }
    }
    let mut z = Array1::<f64>::zeros(m);
    for i in 0..m {
        let mut s = g[i];
        for k in 0..i {
            s -= l[[i, k]] * z[k];
        }
        z[i] = s / l[[i, i]];
    }
    let mut out = Array1::<f64>::zeros(m);
    for i in (0..m).rev() {
        let mut s = z[i];
        for k in (i + 1)..m {
            s -= l[[k, i]] * out[k];
        }
        out[i] = s / l[[i, i]];
    }
    Some(out)
}

/// ROC AUC (Mann–Whitney U with average ranks for tied scores, as scikit-learn's
/// `roc_auc_score`); `None` unless both classes are present.
pub fn roc_auc(scores: &[f64], y: &[bool]) -> Option<f64> {
    let pos = y.iter().filter(|&&v| v).count();
    let neg = y.len() - pos;
    if pos == 0 || neg == 0 || scores.len() != y.len() {
        return None;
    }
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    crate::sort::by(&mut idx, |&a, &b| scores[a].total_cmp(&scores[b]));
    let mut rank_sum_pos = 0.0;
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j < idx.len() && scores[idx[j]] == scores[idx[i]] {
            j += 1;
        }
        // Ranks i+1 ..= j share their average.
        let avg = (i + 1 + j) as f64 / 2.0;
        rank_sum_pos += avg * idx[i..j].iter().filter(|&&k| y[k]).count() as f64;
        i = j;
    }
    let u = rank_sum_pos - (pos * (pos + 1)) as f64 / 2.0;
    Some(u / (pos as f64 * neg as f64))
}

/// ROC curve (false positive rate, true positive rate) at every distinct score threshold,
/// descending, starting at (0, 0) and ending at (1, 1); thinned to at most `max_points` points
/// (evenly spaced, both ends kept). Empty unless both classes are present.
pub fn roc_curve(scores: &[f64], y: &[bool], max_points: usize) -> Vec<(f64, f64)> {
    let pos = y.iter().filter(|&&v| v).count();
    let neg = y.len().saturating_sub(pos);
    if pos == 0 || neg == 0 || scores.len() != y.len() {
        return Vec::new();
    }
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    crate::sort::by(&mut idx, |&a, &b| scores[b].total_cmp(&scores[a]));
    let mut pts = vec![(0.0, 0.0)];
    let (mut tp, mut fp) = (0usize, 0usize);
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j < idx.len() && scores[idx[j]] == scores[idx[i]] {
            if y[idx[j]] {
                tp += 1;
            } else {
                fp += 1;
            }
            j += 1;
        }
        pts.push((fp as f64 / neg as f64, tp as f64 / pos as f64));
        i = j;
    }
    let max_points = max_points.max(2);
    if pts.len() <= max_points {
        return pts;
    }
    let last = pts.len() - 1;
    (0..max_points)
        .map(|k| pts[(k * last + (max_points - 1) / 2) / (max_points - 1)])
        .collect()
}

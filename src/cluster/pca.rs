//! PCA of the standardised cluster features: the top two eigenvectors of the covariance matrix
//! (power iteration with deflation) and the points projected on them.
//!
//! Matrices are [`ndarray`] arrays; sums run in plain loop order (no reassociation), so the
//! figures do not depend on the matrix library.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Zip};
use rand::seq::index::sample;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::{PcaProjection, PCA_POINTS};

/// `Σ a_i·b_i`, summed in index order from −0.0 (exactly as `Iterator::sum`).
fn dot(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    Zip::from(a).and(b).fold(-0.0, |acc, x, y| acc + x * y)
}

/// Top-two principal components of the standardised features (row-major `n × d`, one row per
/// label) and the projected points.
pub fn pca(x: &[f64], d: usize, labels: &[usize], seed: u64) -> PcaProjection {
    let n = labels.len();
    let empty = PcaProjection {
        points: Vec::new(),
        sampled_from: None,
        explained: [0.0, 0.0],
    };
    if n == 0 || d == 0 || x.len() != n * d {
        return empty;
    }
    let Ok(x) = ArrayView2::from_shape((n, d), x) else {
        return empty;
    };
    // Covariance (columns are already centred).
    let mut cov = Array2::<f64>::zeros((d, d));
    for r in x.rows() {
        for a in 0..d {
            for b in a..d {
                cov[[a, b]] += r[a] * r[b];
            }
        }
    }
    for a in 0..d {
        for b in a..d {
            let v = cov[[a, b]] / n as f64;
            cov[[a, b]] = v;
            cov[[b, a]] = v;
        }
    }
    let trace: f64 = cov.diag().iter().sum();
    let mut comps: Vec<Array1<f64>> = Vec::new();
    let mut explained = [0.0; 2];
    let mut m = cov;
    for (c, e) in explained.iter_mut().enumerate() {
        let (lambda, v) = power_iteration(m.view(), c);
        *e = if trace > 0.0 {
            (lambda / trace).max(0.0)
        } else {
            0.0
        };
        for ((a, b), mv) in m.indexed_iter_mut() {
            *mv -= lambda * v[a] * v[b];
        }
        comps.push(v);
    }
    let (idx, sampled_from): (Vec<usize>, Option<usize>) = if n > PCA_POINTS {
        let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_add(2));
        let mut idx = sample(&mut rng, n, PCA_POINTS).into_vec();
        idx.sort_unstable();
        (idx, Some(n))
    } else {
        ((0..n).collect(), None)
    };
    let points = idx
        .iter()
        .map(|&i| {
            let r = x.row(i);
            let p1 = dot(r, comps[0].view());
            let p2 = dot(r, comps[1].view());
            (p1 as f32, p2 as f32, labels[i] as u32)
        })
        .collect();
    PcaProjection {
        points,
        sampled_from,
        explained,
    }
}

/// Largest eigenpair of a symmetric positive semi-definite `d × d` matrix. The start vector is
/// deterministic; the eigenvector's sign is fixed so that its largest component is positive.
fn power_iteration(m: ArrayView2<f64>, salt: usize) -> (f64, Array1<f64>) {
    let d = m.nrows();
    let mut v = Array1::from_shape_fn(d, |i| 1.0 + 0.1 * ((i + salt) % 7) as f64);
    let mut lambda = 0.0;
    for _ in 0..500 {
        let w: Array1<f64> = m.rows().into_iter().map(|r| dot(r, v.view())).collect();
        let nw = dot(w.view(), w.view()).sqrt();
        if nw < 1e-300 {
            return (0.0, Array1::zeros(d));
        }
        let w = w.mapv(|x| x / nw);
        let diff: f64 = Zip::from(&w)
            .and(&v)
            .fold(-0.0, |acc, a, b| acc + (a - b).abs());
        v = w;
        lambda = nw;
        if diff < 1e-12 {
            break;
        }
    }
    let big = v
        .iter()
        .copied()
        .max_by(|a, b| a.abs().total_cmp(&b.abs()))
        .unwrap_or(1.0);
    if big < 0.0 {
        v.mapv_inplace(|x| -x);
    }
    (lambda, v)
}

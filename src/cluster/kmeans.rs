//! k-means (Lloyd) with greedy k-means++ seeding, silhouette and adjusted Rand index.
//!
//! Points are rows of a row-major `n × d` matrix of `f64`.

use rand::Rng;

/// A fitted k-means model.
#[derive(Debug, Clone)]
pub struct KMeansFit {
    /// Row-major `k × d`.
    pub centres: Vec<f64>,
    pub labels: Vec<usize>,
    /// Sum of squared distances of points to their centres.
    pub inertia: f64,
    pub iterations: usize,
}

#[inline]
fn sq_dist(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// Greedy k-means++ (as scikit-learn: `2 + ln k` candidates per step, the one lowering the
/// potential most is kept). Returns `k × d` centres. `n ≥ 1`, `k ≥ 1`.
fn kmeans_pp<R: Rng>(x: &[f64], n: usize, d: usize, k: usize, rng: &mut R) -> Vec<f64> {
    let mut centres = Vec::with_capacity(k * d);
    let first = rng.gen_range(0..n);
    centres.extend_from_slice(&x[first * d..first * d + d]);
    let mut closest: Vec<f64> = (0..n)
        .map(|i| sq_dist(&x[i * d..i * d + d], &centres[0..d]))
        .collect();
    let trials = 2 + (k as f64).ln().floor() as usize;
    let mut cand_dist = vec![0.0; n];
    let mut best_dist = vec![0.0; n];
    for _ in 1..k {
        let pot: f64 = closest.iter().sum();
        let mut best: Option<(f64, usize)> = None;
        for _ in 0..trials {
            // Sample a point with probability proportional to its squared distance.
            let c = if pot > 0.0 {
                let target = rng.gen::<f64>() * pot;
                let mut acc = 0.0;
                let mut pick = n - 1;
                for (i, &v) in closest.iter().enumerate() {
                    acc += v;
                    if acc > target {
                        pick = i;
                        break;
                    }
                }
                pick
            } else {
                rng.gen_range(0..n)
            };
            let cp = &x[c * d..c * d + d];
            let mut p = 0.0;
            for i in 0..n {
                let v = closest[i].min(sq_dist(&x[i * d..i * d + d], cp));
                cand_dist[i] = v;
                p += v;
            }
            if best.is_none_or(|(bp, _)| p < bp) {
                best = Some((p, c));
                std::mem::swap(&mut best_dist, &mut cand_dist);
            }
        }
        let c = best.map(|b| b.1).unwrap_or(0);
        centres.extend_from_slice(&x[c * d..c * d + d]);
        std::mem::swap(&mut closest, &mut best_dist);
    }
    centres
}

/// One Lloyd run from a k-means++ start.
fn lloyd<R: Rng>(
    x: &[f64],
    n: usize,
    d: usize,
    k: usize,
    max_iter: usize,
    rng: &mut R,
) -> KMeansFit {
    let mut centres = kmeans_pp(x, n, d, k, rng);
    let mut labels = vec![usize::MAX; n];
    let mut dist = vec![0.0; n];
    let mut sums = vec![0.0; k * d];
    let mut counts = vec![0usize; k];
    let mut iterations = 0;
    loop {
        // Assignment step.
        let mut changed = false;
        for i in 0..n {
            let p = &x[i * d..i * d + d];
            let mut bj = 0;
            let mut bd = f64::INFINITY;
            for j in 0..k {
                let dd = sq_dist(p, &centres[j * d..j * d + d]);
                if dd < bd {
                    bd = dd;
                    bj = j;
                }
            }
            if labels[i] != bj {
                labels[i] = bj;
                changed = true;
            }
            dist[i] = bd;
        }
        if !changed || iterations >= max_iter {
            break;
        }
        iterations += 1;
        // Update step.
        sums.iter_mut().for_each(|s| *s = 0.0);
        counts.iter_mut().for_each(|c| *c = 0);
        for i in 0..n {
            let l = labels[i];
            counts[l] += 1;
            for t in 0..d {
                sums[l * d + t] += x[i * d + t];
            }
        }
        for j in 0..k {
            if counts[j] > 0 {
                for t in 0..d {
                    centres[j * d + t] = sums[j * d + t] / counts[j] as f64;
                }
            } else {
                // Empty cluster: move its centre to the point farthest from its own centre.
                let far = (0..n)
                    .max_by(|&a, &b| dist[a].total_cmp(&dist[b]))
                    .unwrap_or(0);
                centres[j * d..j * d + d].copy_from_slice(&x[far * d..far * d + d]);
                dist[far] = 0.0;
            }
        }
    }
    let inertia = dist.iter().sum();
    KMeansFit {
        centres,
        labels,
        inertia,
        iterations,
    }
}

/// Best of `restarts` k-means runs (lowest inertia). Needs `n ≥ 1`, `1 ≤ k`, `d ≥ 1`.
pub fn kmeans<R: Rng>(
    x: &[f64],
    d: usize,
    k: usize,
    restarts: usize,
    max_iter: usize,
    rng: &mut R,
) -> Option<KMeansFit> {
    let n = if d == 0 { 0 } else { x.len() / d };
    if n == 0 || k == 0 {
        return None;
    }
    let k = k.min(n);
    let mut best: Option<KMeansFit> = None;
    for _ in 0..restarts.max(1) {
        let f = lloyd(x, n, d, k, max_iter, rng);
        if best.as_ref().is_none_or(|b| f.inertia < b.inertia) {
            best = Some(f);
        }
    }
    best
}

/// Mean silhouette coefficients (Euclidean) of several labelings of the same points, computed
/// together: one pass over the point pairs serves every labeling. `labelings[c][i]` is the label
/// of point `i` in labeling `c`. Per labeling, as scikit-learn's `silhouette_score`: a point alone
/// in its cluster scores 0; `None` unless `2 ≤ distinct labels ≤ n − 1`.
pub fn silhouettes(x: &[f64], d: usize, labelings: &[Vec<usize>]) -> Vec<Option<f64>> {
    let n = if d == 0 { 0 } else { x.len() / d };
    let nl = labelings.len();
    let kmax = labelings
        .iter()
        .flat_map(|l| l.iter().copied())
        .max()
        .map_or(0, |m| m + 1);
    if n < 2 || nl == 0 || labelings.iter().any(|l| l.len() != n) {
        return vec![None; nl];
    }
    // Flattened labels: lab[i * nl + c]; sums acc[(i * nl + c) * kmax + label].
    let mut lab = vec![0usize; n * nl];
    for (c, l) in labelings.iter().enumerate() {
        for i in 0..n {
            lab[i * nl + c] = l[i];
        }
    }
    let mut acc = vec![0.0f64; n * nl * kmax];
    for i in 0..n {
        let pi = &x[i * d..i * d + d];
        for j in (i + 1)..n {
            let dist = sq_dist(pi, &x[j * d..j * d + d]).sqrt();
            for c in 0..nl {
                let li = lab[i * nl + c];
                let lj = lab[j * nl + c];
                acc[(i * nl + c) * kmax + lj] += dist;
                acc[(j * nl + c) * kmax + li] += dist;
            }
        }
    }
    let mut out = Vec::with_capacity(nl);
    for (c, l) in labelings.iter().enumerate() {
        let mut sizes = vec![0usize; kmax];
        for &v in l {
            sizes[v] += 1;
        }
        let distinct = sizes.iter().filter(|&&s| s > 0).count();
        if distinct < 2 || distinct > n - 1 {
            out.push(None);
            continue;
        }
        let mut total = 0.0;
        for i in 0..n {
            let own = l[i];
            if sizes[own] <= 1 {
                continue; // s(i) = 0
            }
            let row = &acc[(i * nl + c) * kmax..(i * nl + c + 1) * kmax];
            let a = row[own] / (sizes[own] - 1) as f64;
            let b = (0..kmax)
                .filter(|&m| m != own && sizes[m] > 0)
                .map(|m| row[m] / sizes[m] as f64)
                .fold(f64::INFINITY, f64::min);
            let den = a.max(b);
            if den > 0.0 && den.is_finite() {
                total += (b - a) / den;
            }
        }
        out.push(Some(total / n as f64));
    }
    out
}

/// Adjusted Rand index of two labelings of the same points, as scikit-learn's
/// `adjusted_rand_score` (pair-confusion form; 1.0 when the pair confusion has no off-diagonal
/// pairs, including both labelings putting everything in one cluster). Labelings of different
/// lengths or empty ones give 1.0 only when both are empty, else 0.0.
pub fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    if a.len() != b.len() {
        return 0.0;
    }
    let n = a.len() as i128;
    if n == 0 {
        return 1.0;
    }
    let mut pairs: Vec<(usize, usize)> = a.iter().copied().zip(b.iter().copied()).collect();
    pairs.sort_unstable();
    // Contingency cells, row sums (a) and column sums (b).
    let mut sum_squares: i128 = 0;
    let mut cells: Vec<(usize, usize, i128)> = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i;
        while j < pairs.len() && pairs[j] == pairs[i] {
            j += 1;
        }
        let c = (j - i) as i128;
        sum_squares += c * c;
        cells.push((pairs[i].0, pairs[i].1, c));
        i = j;
    }
    let count = |v: &[usize]| {
        let mut m: Vec<(usize, i128)> = Vec::new();
        let mut s = v.to_vec();
        s.sort_unstable();
        let mut i = 0;
        while i < s.len() {
            let mut j = i;
            while j < s.len() && s[j] == s[i] {
                j += 1;
            }
            m.push((s[i], (j - i) as i128));
            i = j;
        }
        m
    };
    let rows = count(a);
    let cols = count(b);
    let size_of = |m: &[(usize, i128)], key: usize| {
        m.binary_search_by_key(&key, |e| e.0)
            .map(|p| m[p].1)
            .unwrap_or(0)
    };
    // Σ n_ij · n_.j and Σ n_ij · n_i.
    let mut dot_cols: i128 = 0;
    let mut dot_rows: i128 = 0;
    for &(r, c, v) in &cells {
        dot_cols += v * size_of(&cols, c);
        dot_rows += v * size_of(&rows, r);
    }
    let tp = sum_squares - n;
    let fp = dot_cols - sum_squares;
    let fn_ = dot_rows - sum_squares;
    let tn = n * n - fp - fn_ - sum_squares;
    if fn_ == 0 && fp == 0 {
        return 1.0;
    }
    let num = 2.0 * ((tp as f64) * (tn as f64) - (fn_ as f64) * (fp as f64));
    let den = ((tp + fn_) as f64) * ((fn_ + tn) as f64) + ((tp + fp) as f64) * ((fp + tn) as f64);
    if den == 0.0 {
        0.0
    } else {
        num / den
    }
}

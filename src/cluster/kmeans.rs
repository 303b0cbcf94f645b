//! k-means (Lloyd) with greedy k-means++ seeding, silhouette and adjusted Rand index.
//!
//! Points are the rows of an `n × d` [`ndarray`] matrix of `f64` (the public functions take the
//! row-major slice and view it as one, without copying). Sums run in the same order as a plain
//! loop would (no reassociation), so results do not depend on the matrix library.

use ndarray::{Array2, ArrayView2};
use rand::Rng;
use rustc_hash::FxHashMap;

/// A fitted k-means model.
#[derive(Debug, Clone)]
pub struct KMeansFit {
    /// `k × d`.
    pub centres: Array2<f64>,
    pub labels: Vec<usize>,
    /// Sum of squared distances of points to their centres.
    pub inertia: f64,
    pub iterations: usize,
}

#[inline(always)]
fn sq_dist(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .fold(-0.0, |acc, (&x, &y)| acc + (x - y) * (x - y))
}

/// `a.min(b)` as a comparison and a select. In the wasm, `f64::min` is a call to libm's
/// `fmin` (the wasm's own `f64.min` gives NaN for a NaN, where `min` gives the other number):
/// those calls were 1.2 % of the page's whole report in the k-means++ passes alone. The same
/// value for every pair, NaN included (the other number; NaN for two), except the sign of a
/// zero result for two zeros of different signs, which the distances and bounds here never
/// are (they are sums of squares, their roots and bounds read only by comparisons).
#[inline(always)]
fn min_num(a: f64, b: f64) -> f64 {
    if b < a || a.is_nan() {
        b
    } else {
        a
    }
}

/// `a.max(b)` as a comparison and a select ([`min_num`]).
#[inline(always)]
fn max_num(a: f64, b: f64) -> f64 {
    if b > a || a.is_nan() {
        b
    } else {
        a
    }
}

/// Views a row-major slice as `n × d` (`n = len / d`; a trailing partial row is ignored).
fn view(x: &[f64], d: usize) -> Option<ArrayView2<'_, f64>> {
    let n = x.len().checked_div(d)?;
    ArrayView2::from_shape((n, d), x.get(..n * d)?).ok()
}

/// Row `i` of a row-major matrix with `d` columns.
#[inline(always)]
fn row(x: &[f64], d: usize, i: usize) -> &[f64] {
    x.get(i * d..i * d + d).unwrap_or(&[])
}

/// Greedy k-means++ (as scikit-learn: `2 + ln k` candidates per step, the one lowering the
/// potential most is kept). Returns the `k × d` centres, row-major. `n ≥ 1`, `k ≥ 1`; `x` is
/// row-major `n × d`.
/// `xt`: the same points column by column ([`columns`]), for the candidates' passes.
fn kmeans_pp<R: Rng>(x: &[f64], xt: &[f64], d: usize, k: usize, rng: &mut R) -> Vec<f64> {
    let n = x.len() / d;
    let mut centres = vec![0.0; k * d];
    let first = rng.gen_range(0..n);
    centres[..d].copy_from_slice(row(x, d, first));
    let mut closest: Vec<f64> = x
        .chunks_exact(d)
        .map(|r| sq_dist(r, &centres[..d]))
        .collect();
    let trials = 2 + (k as f64).ln().floor() as usize;
    let mut cand_dist = vec![0.0; n];
    let mut best_dist = vec![0.0; n];
    for j in 1..k {
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
            let p = candidate_pass(xt, row(x, d, c), &closest, &mut cand_dist);
            if best.is_none_or(|(bp, _)| p < bp) {
                best = Some((p, c));
                std::mem::swap(&mut best_dist, &mut cand_dist);
            }
        }
        let c = best.map(|b| b.1).unwrap_or(0);
        centres[j * d..j * d + d].copy_from_slice(row(x, d, c));
        std::mem::swap(&mut closest, &mut best_dist);
    }
    centres
}

/// The row-major `n × d` points `x` column by column (`d × n`): coordinate `t` of point `i` at
/// `t·n + i`.
fn columns(x: &[f64], d: usize) -> Vec<f64> {
    let n = x.len().checked_div(d).unwrap_or(0);
    let mut xt = vec![0.0; n * d];
    for (i, p) in x.chunks_exact(d).enumerate() {
        for (t, &v) in p.iter().enumerate() {
            if let Some(c) = xt.get_mut(t * n + i) {
                *c = v;
            }
        }
    }
    xt
}

/// One candidate centre `c` of greedy k-means++ tried against every point: `cand[i]` =
/// `closest[i].min(‖x_i − c‖²)`, returning their sum (the potential with `c` added). `xt`: the
/// points column by column ([`columns`]). Each point's distance is [`sq_dist`]'s operations in
/// its order and the sum adds the points in ascending order, so the result is the plain loop's
/// to the bit whatever the width (tested); only `L` points' distances are computed side by side.
fn candidate_pass(xt: &[f64], c: &[f64], closest: &[f64], cand: &mut [f64]) -> f64 {
    candidate_pass_at(crate::simd::widest(), xt, c, closest, cand)
}

crate::simd::kernel_at! {
    /// [`candidate_pass`] compiled for `w` (the baseline when this CPU lacks it).
    fn candidate_pass_at(xt: &[f64], c: &[f64], closest: &[f64], cand: &mut [f64]) -> f64
        => candidate_pass_in, lanes(4, 8, 16)
}

/// [`candidate_pass`] `L` points at a time (the last `n mod L` one by one).
#[inline(always)]
fn candidate_pass_in<const L: usize>(
    xt: &[f64],
    c: &[f64],
    closest: &[f64],
    cand: &mut [f64],
) -> f64 {
    let n = closest.len().min(cand.len());
    let col = |t: usize| xt.get(t * n..t * n + n).unwrap_or(&[]);
    let mut p = 0.0;
    let whole = n - n % L;
    for i0 in (0..whole).step_by(L) {
        let mut acc = [-0.0f64; L];
        for (t, &ct) in c.iter().enumerate() {
            if let Some(xs) = col(t)
                .get(i0..i0 + L)
                .and_then(|s| <&[f64; L]>::try_from(s).ok())
            {
                for (a, &v) in acc.iter_mut().zip(xs) {
                    *a += (v - ct) * (v - ct);
                }
            }
        }
        let near = closest.get(i0..i0 + L).unwrap_or(&[]);
        let out = cand.get_mut(i0..i0 + L).unwrap_or(&mut []);
        for ((o, &nr), &a) in out.iter_mut().zip(near).zip(&acc) {
            let v = min_num(nr, a);
            *o = v;
            p += v;
        }
    }
    for i in whole..n {
        let mut a = -0.0f64;
        for (t, &ct) in c.iter().enumerate() {
            let v = col(t).get(i).copied().unwrap_or(0.0);
            a += (v - ct) * (v - ct);
        }
        let v = min_num(closest[i], a);
        cand[i] = v;
        p += v;
    }
    p
}

/// Nearest and second-nearest squared distances of `p` to the rows of `centres` (row-major,
/// `p.len()` columns): `(label, d1, d2)`, `label = start` unless a centre is strictly nearer
/// than infinity.
#[inline(always)]
fn nearest_two(p: &[f64], centres: &[f64], start: usize) -> (usize, f64, f64) {
    let (mut b1, mut d1, mut d2) = (start, f64::INFINITY, f64::INFINITY);
    for (j, c) in centres.chunks_exact(p.len().max(1)).enumerate() {
        let dd = sq_dist(p, c);
        if dd < d1 {
            d2 = d1;
            d1 = dd;
            b1 = j;
        } else if dd < d2 {
            d2 = dd;
        }
    }
    (b1, d1, d2)
}

/// One Lloyd run from a k-means++ start, accelerated with Hamerly's bounds (exact: the same
/// assignments as plain Lloyd). Stops when no label changes, when the squared centre shift sums
/// to at most `tol` (scikit-learn's criterion, `tol` already scaled by the mean feature variance),
/// or after `max_iter` updates. `x` is row-major `n × d` (plain slices: the rows are six
/// numbers, too short for a matrix library's per-row setup).
fn lloyd<R: Rng>(
    x: &[f64],
    xt: &[f64],
    d: usize,
    k: usize,
    max_iter: usize,
    tol: f64,
    rng: &mut R,
) -> KMeansFit {
    // All six features of the person table (the usual case) get a copy with the count known
    // at compile time: each row's loops are then unrolled (the same operations in the same
    // order, only fewer instructions around them). Not in the wasm, where the copy would
    // take 2–3 KB of the size budget.
    match d {
        #[cfg(not(target_arch = "wasm32"))]
        6 => lloyd_in::<6, R>(x, xt, d, k, max_iter, tol, rng),
        _ => lloyd_in::<0, R>(x, xt, d, k, max_iter, tol, rng),
    }
}

/// [`lloyd`] for `D` coordinates (`D = 0`: any number, `d_dyn`).
fn lloyd_in<const D: usize, R: Rng>(
    x: &[f64],
    xt: &[f64],
    d_dyn: usize,
    k: usize,
    max_iter: usize,
    tol: f64,
    rng: &mut R,
) -> KMeansFit {
    let d = if D > 0 { D } else { d_dyn };
    let n = x.len() / d;
    let mut centres = kmeans_pp(x, xt, d, k, rng);
    let mut labels = vec![0usize; n];
    let mut upper = vec![0.0f64; n];
    let mut lower = vec![0.0f64; n];
    let mut sums = vec![0.0f64; k * d];
    let mut counts = vec![0usize; k];
    let mut half_gap = vec![0.0f64; k];
    let mut moved = vec![0.0f64; k];
    let mut new_centres = vec![0.0f64; k * d];
    // Full first assignment.
    for (i, p) in x.chunks_exact(d).enumerate() {
        let (b1, d1, d2) = nearest_two(p, &centres, 0);
        labels[i] = b1;
        upper[i] = d1.sqrt();
        lower[i] = d2.sqrt();
    }
    let mut iterations = 0;
    while iterations < max_iter {
        iterations += 1;
        // Update step.
        sums.fill(0.0);
        counts.iter_mut().for_each(|c| *c = 0);
        for (p, &l) in x.chunks_exact(d).zip(&labels) {
            counts[l] += 1;
            for (s, &v) in sums[l * d..l * d + d].iter_mut().zip(p) {
                *s += v;
            }
        }
        for (j, &count) in counts.iter().enumerate() {
            if count > 0 {
                let cnt = count as f64;
                for (c, &s) in new_centres[j * d..j * d + d]
                    .iter_mut()
                    .zip(&sums[j * d..j * d + d])
                {
                    *c = s / cnt;
                }
            } else {
                // Empty cluster: move its centre to the point farthest from its centre.
                let far = (0..n)
                    .max_by(|&a, &b| upper[a].total_cmp(&upper[b]))
                    .unwrap_or(0);
                new_centres[j * d..j * d + d].copy_from_slice(row(x, d, far));
                // The point now sits on centre j (distance 0 before the bound update below).
                labels[far] = j;
                upper[far] = 0.0;
                lower[far] = 0.0;
            }
        }
        let mut shift = 0.0;
        for (j, m) in moved.iter_mut().enumerate() {
            let m2 = sq_dist(row(&centres, d, j), row(&new_centres, d, j));
            shift += m2;
            *m = m2.sqrt();
        }
        std::mem::swap(&mut centres, &mut new_centres);
        // Bounds follow the centres.
        let (mut m1, mut m1j, mut m2) = (0.0f64, 0usize, 0.0f64);
        for (j, &m) in moved.iter().enumerate() {
            if m > m1 {
                m2 = m1;
                m1 = m;
                m1j = j;
            } else if m > m2 {
                m2 = m;
            }
        }
        for i in 0..n {
            upper[i] += moved[labels[i]];
            lower[i] -= if labels[i] == m1j { m2 } else { m1 };
        }
        for (j, gap) in half_gap.iter_mut().enumerate() {
            let mut best = f64::INFINITY;
            for (j2, c2) in centres.chunks_exact(d).enumerate() {
                if j2 != j {
                    best = min_num(best, sq_dist(row(&centres, d, j), c2));
                }
            }
            *gap = best.sqrt() / 2.0;
        }
        // Assignment step with Hamerly's pruning.
        let mut changed = 0usize;
        for (i, p) in x.chunks_exact(d).enumerate() {
            let a = labels[i];
            let bound = max_num(half_gap[a], lower[i]);
            if upper[i] <= bound {
                continue;
            }
            upper[i] = sq_dist(p, row(&centres, d, a)).sqrt();
            if upper[i] <= bound {
                continue;
            }
            let (mut b1, d1, d2) = nearest_two(p, &centres, a);
            // Keep the current label on exact ties.
            if b1 != a && d1 >= upper[i] * upper[i] {
                b1 = a;
            }
            if b1 != a {
                changed += 1;
                labels[i] = b1;
            }
            upper[i] = d1.sqrt();
            lower[i] = d2.sqrt();
        }
        if changed == 0 || shift <= tol {
            break;
        }
    }
    let inertia = x
        .chunks_exact(d)
        .zip(&labels)
        .map(|(p, &l)| sq_dist(p, row(&centres, d, l)))
        .sum();
    KMeansFit {
        centres: Array2::from_shape_vec((k, d), centres).unwrap_or_else(|_| Array2::zeros((k, d))),
        labels,
        inertia,
        iterations,
    }
}

/// Best of `restarts` k-means runs (lowest inertia) on the row-major `n × d` points `x`.
/// Needs `n ≥ 1`, `1 ≤ k`, `d ≥ 1`.
pub fn kmeans<R: Rng>(
    x: &[f64],
    d: usize,
    k: usize,
    restarts: usize,
    max_iter: usize,
    rng: &mut R,
) -> Option<KMeansFit> {
    let xv = view(x, d)?;
    let n = xv.nrows();
    if n == 0 || k == 0 {
        return None;
    }
    let k = k.min(n);
    // scikit-learn: tol = 1e-4 × mean of the per-feature variances.
    let mut var_sum = 0.0;
    for col in xv.columns() {
        let mean = col.iter().sum::<f64>() / n as f64;
        var_sum += col.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64;
    }
    let tol = 1e-4 * var_sum / d as f64;
    let x = &x[..n * d];
    let xt = columns(x, d);
    let mut best: Option<KMeansFit> = None;
    for _ in 0..restarts.max(1) {
        let f = lloyd(x, &xt, d, k, max_iter, tol, rng);
        if best.as_ref().is_none_or(|b| f.inertia < b.inertia) {
            best = Some(f);
        }
    }
    best
}

/// Mean silhouette coefficients (Euclidean) of several labelings of the same points, computed
/// together: each distance is computed once and serves every labeling. The points are taken
/// in blocks of 8 or 16 ([`silhouette_totals`]): the distances from every point to the block's
/// (coordinates in registers) are summed per atom in a small block of sums, whose
/// coefficients are then added up, so no distance row or n-long sum row goes through memory
/// (memory: the points, and labelings × labels × 16 f32 of sums). Distances
/// and the per-cluster sums are f32 (twice the SIMD width; the mean coefficient agrees with
/// scikit-learn's f64 result to ~1e-6). `x` is row-major `n × d`; `labelings[c][i]`
/// is the label of point `i` in labeling `c`. Per labeling, as scikit-learn's `silhouette_score`:
/// a point alone in its cluster scores 0; `None` unless `2 ≤ distinct labels ≤ n − 1`.
pub fn silhouettes(x: &[f64], d: usize, labelings: &[Vec<usize>]) -> Vec<Option<f64>> {
    silhouettes_by(x, d, labelings, silhouette_totals)
}

/// [`silhouettes`] with the sums of coefficients taken by `totals`.
fn silhouettes_by(
    x: &[f64],
    d: usize,
    labelings: &[Vec<usize>],
    totals: fn(&Atoms) -> Vec<f64>,
) -> Vec<Option<f64>> {
    let nl = labelings.len();
    let Some(x) = view(x, d) else {
        return vec![None; nl];
    };
    let n = x.nrows();
    let kmax = labelings
        .iter()
        .flat_map(|l| l.iter().copied())
        .max()
        .map_or(0, |m| m + 1);
    if n < 2 || nl == 0 || kmax > u32::MAX as usize || labelings.iter().any(|l| l.len() != n) {
        return vec![None; nl];
    }
    // f32 copy of the points (row-major, as `x`).
    let xs: Vec<f32> = x.iter().map(|&v| v as f32).collect();
    let labs: Vec<Vec<u32>> = labelings
        .iter()
        .map(|l| l.iter().map(|&v| v as u32).collect())
        .collect();
    let sizes: Vec<Vec<usize>> = labelings
        .iter()
        .map(|l| {
            let mut s = vec![0usize; kmax];
            for &v in l {
                s[v] += 1;
            }
            s
        })
        .collect();
    let valid: Vec<bool> = sizes
        .iter()
        .map(|s| {
            let distinct = s.iter().filter(|&&c| c > 0).count();
            (2..n).contains(&distinct)
        })
        .collect();
    // Points with the same labels in every labeling form an "atom". sums[a][j] = Σ over the
    // points p of atom a of d(p, j), p ascending; the per-cluster sums of each labeling are
    // then sums of atom rows. When the labelings disagree so much that there are more atoms
    // than labelings × labels, each (labeling, label) pair gets its own row instead (one row
    // addition per labeling).
    let mut atom_of = vec![0u32; n];
    let mut atoms: Vec<Vec<u32>> = Vec::new(); // labels of each atom, one per labeling
    {
        let mut ids: FxHashMap<Vec<u32>, u32> = FxHashMap::default();
        for p in 0..n {
            let key: Vec<u32> = labs.iter().map(|l| l[p]).collect();
            let next = atoms.len() as u32;
            let id = *ids.entry(key.clone()).or_insert_with(|| {
                atoms.push(key);
                next
            });
            atom_of[p] = id;
        }
    }
    let use_atoms = atoms.len() <= nl * kmax;
    // The rows each point adds its distances to and, per row, the (labeling, label) pairs it
    // counts for.
    let row_targets: Vec<Vec<(usize, usize)>> = if use_atoms {
        atoms
            .iter()
            .map(|a| {
                a.iter()
                    .enumerate()
                    .map(|(c, &m)| (c, m as usize))
                    .collect()
            })
            .collect()
    } else {
        (0..nl * kmax).map(|r| vec![(r / kmax, r % kmax)]).collect()
    };
    let point_rows: Vec<u32> = if use_atoms {
        atom_of
    } else {
        (0..n)
            .flat_map(|p| {
                let labs = &labs;
                let valid = &valid;
                (0..nl)
                    .filter(move |&c| valid[c])
                    .map(move |c| (c * kmax) as u32 + labs[c][p])
            })
            .collect()
    };
    let per_point = if use_atoms {
        1
    } else {
        valid.iter().filter(|&&v| v).count()
    };
    let input = Atoms {
        xs: &xs,
        d,
        point_rows: &point_rows,
        per_point,
        row_targets: &row_targets,
        labs: &labs,
        sizes: &sizes,
        valid: &valid,
        kmax,
    };
    let totals = totals(&input);
    totals
        .iter()
        .zip(&valid)
        .map(|(&t, &v)| v.then(|| t / n as f64))
        .collect()
}

/// What the sums of [`silhouettes`] read: the points (f32, row-major), the rows of sums each
/// point adds its distances to, and per row the (labeling, label) pairs it counts for.
struct Atoms<'a> {
    xs: &'a [f32],
    d: usize,
    point_rows: &'a [u32],
    per_point: usize,
    row_targets: &'a [Vec<(usize, usize)>],
    labs: &'a [Vec<u32>],
    sizes: &'a [Vec<usize>],
    valid: &'a [bool],
    kmax: usize,
}

/// Each labeling's sum of silhouette coefficients, computed in the widest vectors this CPU
/// runs ([`crate::simd`]): blocks of 16 points with AVX-512F (one register per coordinate),
/// else 8 (AVX2, or two 128-bit vectors). The block's width changes only how the points `j`
/// are grouped: each distance is the same float operations in the same order, each `j`'s sums
/// add the points `p` in ascending order, and the coefficients are added in order of `j`, so
/// every width gives the same bits (tested).
fn silhouette_totals(a: &Atoms) -> Vec<f64> {
    silhouette_totals_at(crate::simd::widest(), a)
}

crate::simd::kernel_at! {
    /// [`silhouette_totals`] compiled for `w` (the baseline when this CPU lacks it).
    fn silhouette_totals_at(a: &Atoms) -> Vec<f64> => totals_in, lanes(8, 8, 16)
}

/// [`silhouette_totals`] in blocks of `L` points. Points j are taken `L` at a time; for each
/// block, the distances from every point p (ascending) are summed into the block's rows
/// (n_rows × L f32, in L1), then the block's coefficients are added to the totals (j
/// ascending).
#[inline(always)]
fn totals_in<const L: usize>(a: &Atoms) -> Vec<f64> {
    let (xs, d, kmax) = (a.xs, a.d, a.kmax);
    let nl = a.labs.len();
    let n = xs.len().checked_div(d).unwrap_or(0);
    let mut totals = vec![0.0f64; nl];
    let mut label_sums = Array2::<f64>::zeros((nl, kmax));
    let mut sums = vec![[0f32; L]; a.row_targets.len()];
    let mut block = vec![[0f32; L]; d];
    for j0 in (0..n).step_by(L) {
        let w = L.min(n - j0);
        for (t, b) in block.iter_mut().enumerate() {
            for (l, v) in b.iter_mut().enumerate() {
                *v = if l < w { xs[(j0 + l) * d + t] } else { 0.0 };
            }
        }
        sums.iter_mut().for_each(|s| *s = [0.0; L]);
        // Six coordinates (the clustering's usual case): a copy with the length known at
        // compile time, so the block's coordinates stay in registers.
        let block6 = <&[[f32; L]; 6]>::try_from(&block[..]).ok();
        for (xp, rows) in xs
            .chunks_exact(d)
            .zip(a.point_rows.chunks_exact(a.per_point))
        {
            let dist = match (block6, <&[f32; 6]>::try_from(xp)) {
                (Some(b), Ok(x)) => distances(b, x),
                _ => distances(&block, xp),
            };
            for &r in rows {
                if let Some(s) = sums.get_mut(r as usize) {
                    for (s, &v) in s.iter_mut().zip(&dist) {
                        *s += v;
                    }
                }
            }
        }
        for l in 0..w {
            let i = j0 + l;
            label_sums.fill(0.0);
            for (row, targets) in sums.iter().zip(a.row_targets) {
                let v = row[l] as f64;
                for &(c, m) in targets {
                    label_sums[[c, m]] += v;
                }
            }
            for c in (0..nl).filter(|&c| a.valid[c]) {
                let size = &a.sizes[c];
                let own = a.labs[c][i] as usize;
                if size[own] <= 1 {
                    continue; // s(i) = 0
                }
                let sum = |m: usize| label_sums[[c, m]];
                let own_mean = sum(own) / (size[own] - 1) as f64;
                let b = (0..kmax)
                    .filter(|&m| m != own && size[m] > 0)
                    .map(|m| sum(m) / size[m] as f64)
                    .fold(f64::INFINITY, f64::min);
                let den = own_mean.max(b);
                if den > 0.0 && den.is_finite() {
                    totals[c] += (b - own_mean) / den;
                }
            }
        }
    }
    totals
}

/// Euclidean distances from point `xp` to the block's points (`block[t][l]` = coordinate `t`
/// of point `l`): `Σ_t (x_l,t − xp_t)²` from 0 in the order of `t`, then the square root.
#[inline(always)]
fn distances<const L: usize>(block: &[[f32; L]], xp: &[f32]) -> [f32; L] {
    let mut acc = [0f32; L];
    for (b, &c) in block.iter().zip(xp) {
        for (a, &v) in acc.iter_mut().zip(b) {
            let z = v - c;
            *a += z * z;
        }
    }
    acc.map(f32::sqrt)
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::simd::Width;

    /// A seeded stream of numbers below `m` (a 64-bit LCG's high bits): the tests' inputs.
    fn lcg(mut seed: u64) -> impl FnMut(u64) -> u64 {
        move |m| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % m
        }
    }

    fn silhouettes_by_width(
        x: &[f64],
        d: usize,
        labelings: &[Vec<usize>],
        w: Width,
    ) -> Vec<Option<f64>> {
        match w {
            Width::Base => {
                silhouettes_by(x, d, labelings, |a| silhouette_totals_at(Width::Base, a))
            }
            Width::Avx2 => {
                silhouettes_by(x, d, labelings, |a| silhouette_totals_at(Width::Avx2, a))
            }
            Width::Avx512 => {
                silhouettes_by(x, d, labelings, |a| silhouette_totals_at(Width::Avx512, a))
            }
        }
    }

    /// Lloyd's copy for six coordinates is the general one to the bit: the same centres,
    /// labels, inertia and iterations from the same seed.
    #[test]
    fn lloyd_for_six_coordinates_is_the_general_one() {
        use rand::SeedableRng;
        let mut next = lcg(5);
        let (n, d) = (301, 6);
        let x: Vec<f64> = (0..n * d).map(|_| next(10_000) as f64 / 77.0).collect();
        let xt = columns(&x, d);
        for k in [1, 3, 7] {
            let run = |six: bool| {
                let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(k as u64);
                match six {
                    true => lloyd_in::<6, _>(&x, &xt, d, k, 300, 1e-6, &mut rng),
                    false => lloyd_in::<0, _>(&x, &xt, d, k, 300, 1e-6, &mut rng),
                }
            };
            let (a, b) = (run(true), run(false));
            let bits = |f: &KMeansFit| {
                let c: Vec<u64> = f.centres.iter().map(|v| v.to_bits()).collect();
                (c, f.labels.clone(), f.inertia.to_bits(), f.iterations)
            };
            assert_eq!(bits(&a), bits(&b), "k {k}");
        }
    }

    /// The selects give `f64::min`'s and `f64::max`'s values for every pair of these (NaN,
    /// infinities, zeros of one sign, tiny and huge numbers) in either order.
    #[test]
    fn min_num_and_max_num_are_min_and_max() {
        let vals = [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            5e-324,
            1.5,
            -1.5,
            1e300,
            f64::MAX,
        ];
        for &a in &vals {
            for &b in &vals {
                assert_eq!(min_num(a, b).to_bits(), a.min(b).to_bits(), "min {a} {b}");
                assert_eq!(max_num(a, b).to_bits(), a.max(b).to_bits(), "max {a} {b}");
            }
        }
        assert_eq!(min_num(-0.0, -0.0).to_bits(), (-0.0f64).to_bits());
    }

    /// A k-means++ candidate's pass is the plain per-point loop to the bit at every width:
    /// point counts that are no multiple of any width, one to seven coordinates, values spread
    /// over many magnitudes (rounding shows), and a NaN and an infinity among them (`min`'s
    /// NaN rule).
    #[test]
    fn candidate_passes_are_the_plain_loop_in_every_width() {
        let mut next = lcg(11);
        for (n, d) in [
            (203, 6),
            (77, 3),
            (16, 6),
            (5, 6),
            (41, 1),
            (130, 7),
            (0, 6),
        ] {
            let mut x: Vec<f64> = (0..n * d)
                .map(|_| (next(20_001) as f64 - 10_000.0) / (1 + next(1000)) as f64)
                .collect();
            let mut closest: Vec<f64> = (0..n).map(|_| next(50_000) as f64 / 7.0).collect();
            if n > 20 {
                x[3] = f64::NAN;
                x[d * 9] = f64::INFINITY;
                closest[12] = f64::NAN;
            }
            let c: Vec<f64> = (0..d).map(|_| next(2_000) as f64 / 3.0 - 300.0).collect();
            let mut want = vec![0.0; n];
            let mut want_p = 0.0;
            for ((r, &near), w) in x.chunks_exact(d).zip(&closest).zip(want.iter_mut()) {
                let v = near.min(sq_dist(r, &c));
                *w = v;
                want_p += v;
            }
            let xt = columns(&x, d);
            let bits = |v: &[f64]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
            let mut got = vec![0.0; n];
            for w in Width::ALL.into_iter().filter(|&w| crate::simd::runs(w)) {
                let p = candidate_pass_at(w, &xt, &c, &closest, &mut got);
                assert_eq!(bits(&got), bits(&want), "n {n}, d {d}, {w:?}");
                assert_eq!(p.to_bits(), want_p.to_bits(), "n {n}, d {d}, {w:?}");
            }
            let p = candidate_pass_in::<2>(&xt, &c, &closest, &mut got);
            assert_eq!((bits(&got), p.to_bits()), (bits(&want), want_p.to_bits()));
        }
    }

    /// Every block width gives the same bits: six coordinates (the registers' path) and three,
    /// a point count that is no multiple of 16, labelings that share atoms and labelings that
    /// disagree too much for them (one row per labeling and label).
    #[test]
    fn silhouettes_are_the_same_bits_in_every_block_width() {
        let mut next = lcg(7);
        for (n, d) in [(203, 6), (77, 3), (16, 6), (5, 6)] {
            let x: Vec<f64> = (0..n * d).map(|_| next(10_000) as f64 / 997.0).collect();
            let by_block = |k: usize| (0..n).map(|i| (i * k) / n).collect::<Vec<_>>();
            let mut random = || (0..n).map(|_| next(5) as usize).collect::<Vec<_>>();
            for labelings in [
                vec![by_block(2), by_block(3), by_block(4)],
                vec![random(), random(), random(), random()],
            ] {
                let want = silhouettes_by(&x, d, &labelings, totals_in::<8>);
                let mut all = vec![
                    silhouettes_by(&x, d, &labelings, totals_in::<16>),
                    silhouettes(&x, d, &labelings),
                ];
                for w in Width::ALL.into_iter().filter(|&w| crate::simd::runs(w)) {
                    all.push(silhouettes_by_width(&x, d, &labelings, w));
                }
                for got in all {
                    let bits = |v: &[Option<f64>]| {
                        v.iter().map(|s| s.map(f64::to_bits)).collect::<Vec<_>>()
                    };
                    assert_eq!(bits(&got), bits(&want), "n {n}, d {d}");
                }
                assert!(want.iter().any(Option::is_some));
            }
        }
    }
}

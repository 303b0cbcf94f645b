use super::*;
use crate::analysis::Prepared;
use crate::model::{EventKind as K, ItemInfo, UserAttribute};
use ndarray::{Array1, Array2};
use rand::Rng;
use rustc_hash::FxHashMap;

/// Standard normal deviate (Box–Muller).
fn normal<R: Rng>(rng: &mut R) -> f64 {
    let u1: f64 = rng.gen::<f64>().max(1e-12);
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// `per` points around each centre, noise sd `sd`; returns (points, planted labels).
fn blobs(centres: &[Vec<f64>], per: usize, sd: f64, seed: u64) -> (Vec<f64>, Vec<usize>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut x = Vec::new();
    let mut y = Vec::new();
    for _ in 0..per {
        for (c, centre) in centres.iter().enumerate() {
            for &m in centre {
                x.push(m + sd * normal(&mut rng));
            }
            y.push(c);
        }
    }
    (x, y)
}

#[test]
fn kmeans_recovers_separated_blobs_and_silhouette_picks_k() {
    let centres = vec![
        vec![0.0, 0.0, 0.0],
        vec![8.0, 0.0, 0.0],
        vec![0.0, 8.0, 0.0],
        vec![0.0, 0.0, 8.0],
    ];
    let (x, truth) = blobs(&centres, 60, 0.7, 7);
    let mut labelings = Vec::new();
    for k in 2..=8 {
        let mut rng = ChaCha8Rng::seed_from_u64(k as u64);
        let fit = kmeans(&x, 3, k, 10, 300, &mut rng).unwrap();
        if k == 4 {
            assert!((adjusted_rand_index(&truth, &fit.labels) - 1.0).abs() < 1e-12);
        }
        labelings.push(fit.labels);
    }
    let sil = silhouettes(&x, 3, &labelings);
    let best = (0..sil.len())
        .max_by(|&a, &b| sil[a].unwrap().total_cmp(&sil[b].unwrap()))
        .unwrap();
    assert_eq!(best + 2, 4, "silhouettes {sil:?}");
    assert!(sil[2].unwrap() > 0.7);
}

#[test]
fn kmeans_is_reproducible_and_handles_duplicates() {
    let (x, _) = blobs(&[vec![0.0, 0.0], vec![5.0, 5.0]], 30, 1.0, 3);
    let a = kmeans(&x, 2, 3, 5, 300, &mut ChaCha8Rng::seed_from_u64(9)).unwrap();
    let b = kmeans(&x, 2, 3, 5, 300, &mut ChaCha8Rng::seed_from_u64(9)).unwrap();
    assert_eq!(a.labels, b.labels);
    // Three identical points, k = 3: no panic, inertia 0.
    let same = vec![1.0; 6];
    let f = kmeans(&same, 2, 3, 3, 50, &mut ChaCha8Rng::seed_from_u64(1)).unwrap();
    assert_eq!(f.inertia, 0.0);
    assert!(kmeans(&[], 2, 3, 3, 50, &mut ChaCha8Rng::seed_from_u64(1)).is_none());
}

/// Numbers printed by tests/reference/cluster_reference.py (scikit-learn 1.9.1
/// `silhouette_score`); tolerance 1e-6 (LiveLens sums distances in f32).
#[test]
fn silhouette_matches_sklearn() {
    let x = [
        0.0, 0.0, 0.5, 0.2, 0.1, 0.9, 1.0, 1.0, 0.3, 0.4, 5.0, 5.0, 5.5, 4.8, 6.0, 5.3, 4.7, 5.9,
        0.0, 6.0, 9.0, 0.5, 8.5, 1.2,
    ];
    let good = vec![0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 3, 3];
    let mixed = vec![0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
    let two = vec![0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
    let s = silhouettes(&x, 2, &[good, mixed, two, vec![0; 12]]);
    let want = [0.764802351949838, -0.112027982910670, 0.382315525104027];
    for (got, want) in s.iter().zip(want) {
        assert!((got.unwrap() - want).abs() < 1e-6, "{got:?} vs {want}");
    }
    assert_eq!(s[3], None);
}

/// Numbers printed by tests/reference/cluster_reference.py (scikit-learn 1.9.1
/// `adjusted_rand_score`); tolerance 1e-12.
#[test]
fn ari_matches_sklearn() {
    let cases: [(&[usize], &[usize], f64); 8] = [
        (&[0, 0, 1, 1], &[0, 0, 1, 1], 1.0),
        (&[0, 0, 1, 1], &[1, 1, 0, 0], 1.0),
        (&[0, 0, 1, 2], &[0, 0, 1, 1], 0.571428571428571),
        (&[0, 0, 0, 0], &[0, 1, 2, 3], 0.0),
        (&[0, 0, 0, 0], &[0, 0, 0, 0], 1.0),
        (
            &[0, 1, 2, 0, 1, 2, 0, 1, 2],
            &[0, 0, 0, 1, 1, 1, 2, 2, 2],
            -0.333333333333333,
        ),
        (
            &[0, 0, 0, 1, 1, 1, 2, 2, 2, 2],
            &[0, 0, 1, 1, 1, 2, 2, 2, 0, 0],
            0.090909090909091,
        ),
        (
            &[3, 3, 7, 7, 7, 1, 1, 1, 1],
            &[0, 0, 0, 5, 5, 5, 5, 2, 2],
            0.169230769230769,
        ),
    ];
    for (a, b, want) in cases {
        let got = adjusted_rand_index(a, b);
        assert!((got - want).abs() < 1e-12, "{a:?} {b:?}: {got} vs {want}");
        assert!((adjusted_rand_index(b, a) - want).abs() < 1e-12);
    }
    assert_eq!(adjusted_rand_index(&[0, 1], &[0]), 0.0);
}

/// Three planted behaviours: recent big repeat buyers, long-watching commenters who never buy,
/// and one-off short visitors from long ago.
fn planted(per: usize) -> (Dataset, Vec<usize>) {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut d = Dataset::default();
    let s = d.sessions.intern("s");
    let item_a = d.items.intern("course");
    let item_b = d.items.intern("ebook");
    let day = 86_400_000i64;
    let mut truth = Vec::new();
    let mut rows: Vec<(u32, i64, K, u32, u32, f64)> = Vec::new();
    for i in 0..per * 3 {
        let g = i % 3;
        let u = d.users.intern(&format!("u{i}"));
        truth.push(g);
        let jitter = |rng: &mut ChaCha8Rng| rng.gen_range(0..3_600_000i64);
        match g {
            0 => {
                let t0 = 58 * day + jitter(&mut rng);
                rows.push((u, t0, K::Enter, NONE, item_a, 0.0));
                rows.push((u, t0 + 120_000, K::Leave, NONE, NONE, 0.0));
                let orders = rng.gen_range(4..8);
                for o in 0..orders {
                    let oid = d.orders.intern(&format!("o{i}-{o}"));
                    rows.push((
                        u,
                        t0 + 1000 * o as i64,
                        K::Pay,
                        oid,
                        item_a,
                        200.0 + 50.0 * normal(&mut rng),
                    ));
                }
            }
            1 => {
                let t0 = 50 * day + rng.gen_range(0..8) * day + jitter(&mut rng);
                let watch = 3_000_000 + rng.gen_range(0..2_000_000);
                rows.push((u, t0, K::Enter, NONE, NONE, 0.0));
                for c in 0..rng.gen_range(10..20) {
                    rows.push((u, t0 + 10_000 * c, K::Comment, NONE, NONE, 0.0));
                }
                rows.push((u, t0 + 20_000, K::Click, NONE, item_b, 0.0));
                rows.push((u, t0 + watch, K::Leave, NONE, NONE, 0.0));
            }
            _ => {
                let t0 = rng.gen_range(0..5) * day + jitter(&mut rng);
                rows.push((u, t0, K::Enter, NONE, NONE, 0.0));
                rows.push((
                    u,
                    t0 + rng.gen_range(5_000..30_000),
                    K::Leave,
                    NONE,
                    NONE,
                    0.0,
                ));
            }
        }
    }
    let n = d.event_names.intern("x");
    for (u, t, k, o, it, a) in rows {
        d.events.push(u, t, k, n, s, it, o, a);
    }
    d.item_info = vec![
        ItemInfo {
            category: "Courses".into(),
            ..Default::default()
        },
        ItemInfo {
            category: "E-books".into(),
            ..Default::default()
        },
    ];
    let mut attr = UserAttribute {
        name: "city".into(),
        ..Default::default()
    };
    let bj = attr.values.intern("Beijing");
    let sh = attr.values.intern("Shanghai");
    attr.of_user = truth
        .iter()
        .map(|&g| if g == 0 { bj } else { sh })
        .collect();
    d.user_attributes.push(attr);
    d.finish();
    (d, truth)
}

#[test]
fn planted_segments_are_found_with_k_search() {
    let (d, truth) = planted(40);
    let res = cluster(&Prepared::new(&d), &ClusterParams::default()).unwrap();
    assert_eq!(res.k, 3, "{:?}", res.silhouette_by_k);
    assert_eq!(res.silhouette_by_k.len(), 7);
    assert_eq!(res.features.len(), 6);
    let labels: Vec<usize> = res.per_user.iter().map(|u| u.cluster).collect();
    assert!(adjusted_rand_index(&truth, &labels) > 0.99);
    assert_eq!(res.clusters.iter().map(|c| c.size).sum::<u64>(), 120);
    // The buyers' cluster: high frequency, Courses on top, Beijing.
    let buyers = res.clusters.iter().find(|c| c.features[1].z > 1.0).unwrap();
    assert_eq!(buyers.top_categories[0].0, "Courses");
    assert_eq!(buyers.top_attributes[0].value, "Beijing");
    assert_eq!(buyers.top_attributes[0].share, 1.0);
    let watchers = res.clusters.iter().find(|c| c.features[3].z > 1.0).unwrap();
    assert!(
        watchers.description_en.contains("long watchers"),
        "{}",
        watchers.description_en
    );
    assert!(watchers.description_zh.contains("观看时间长"));
    assert_eq!(res.pca.points.len(), 120);
    assert!(res.pca.explained[0] >= res.pca.explained[1] && res.pca.explained[0] > 0.5);
    // Reproducible.
    let again = cluster(&Prepared::new(&d), &ClusterParams::default()).unwrap();
    assert_eq!(again.per_user, res.per_user);
    // Fixed k.
    let fixed = cluster(
        &Prepared::new(&d),
        &ClusterParams {
            k: Some(2),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((fixed.k, fixed.silhouette_by_k.len()), (2, 1));
}

#[test]
fn constant_features_are_dropped_and_small_inputs_do_not_panic() {
    // Orders only: watch, comments and clicks are constant (0) and left out.
    let rows: Vec<crate::features::tests::Row> = vec![
        ("a", K::Pay, 0, "1", 10.0),
        ("b", K::Pay, 86_400, "2", 20.0),
        ("b", K::Pay, 86_401, "3", 20.0),
        ("c", K::Pay, 5 * 86_400, "4", 99.0),
    ];
    let d = crate::features::tests::dataset(&rows);
    let res = cluster(&Prepared::new(&d), &ClusterParams::default()).unwrap();
    assert_eq!(res.features, ["recency_days", "frequency", "monetary"]);
    assert_eq!(res.k, 2);
    let one = crate::features::tests::dataset(&rows[..1]);
    assert!(matches!(
        cluster(&Prepared::new(&one), &ClusterParams::default()),
        Err(Error::NotEnoughData(_))
    ));
    let empty = crate::features::tests::dataset(&[]);
    assert!(cluster(&Prepared::new(&empty), &ClusterParams::default()).is_err());
    let bad = ClusterParams {
        k_range: (3, 2),
        ..Default::default()
    };
    assert!(matches!(
        cluster(&Prepared::new(&d), &bad),
        Err(Error::Params(_))
    ));
    let k1 = cluster(
        &Prepared::new(&d),
        &ClusterParams {
            k: Some(1),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((k1.k, k1.silhouette), (1, None));
}

/// The silhouettes as computed before the blocked pass (a distance row per point, added to its
/// atom's sum row): the blocked pass must give the same numbers bit for bit.
fn reference_silhouettes(x: &[f64], d: usize, labelings: &[Vec<usize>]) -> Vec<Option<f64>> {
    let nl = labelings.len();
    let n = x.len() / d;
    let x = ndarray::ArrayView2::from_shape((n, d), &x[..n * d]).unwrap();
    let n = x.nrows();
    let kmax = labelings
        .iter()
        .flat_map(|l| l.iter().copied())
        .max()
        .map_or(0, |m| m + 1);
    if n < 2 || nl == 0 || kmax > u32::MAX as usize || labelings.iter().any(|l| l.len() != n) {
        return vec![None; nl];
    }
    // Transposed (d × n) f32 copy of the points: the distance row vectorises (4 lanes).
    let cols: Array2<f32> = Array2::from_shape_fn((d, n), |(t, i)| x[[i, t]] as f32);
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
    // points p of atom a of d(p, j): each distance row is added once, contiguously, to its
    // atom's row; the per-cluster sums of each labeling are then sums of atom rows. When the
    // labelings disagree so much that there are more atoms than labelings × labels, each
    // (labeling, label) pair gets its own row instead (one row addition per labeling).
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
    // rows_of_point(p) and, per row, the (labeling, label) pairs it counts for.
    let n_rows = if use_atoms { atoms.len() } else { nl * kmax };
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
    let mut sums = Array2::<f32>::zeros((n_rows, n));
    let mut row = Array1::<f32>::zeros(n);
    for p in 0..n {
        reference_distance_row(cols.view(), p, &mut row);
        let mut add = |r: usize| {
            let mut s = sums.row_mut(r);
            s += &row;
        };
        if use_atoms {
            add(atom_of[p] as usize);
        } else {
            for c in (0..nl).filter(|&c| valid[c]) {
                add(c * kmax + labs[c][p] as usize);
            }
        }
    }
    let mut totals = vec![0.0f64; nl];
    let mut label_sums = Array2::<f64>::zeros((nl, kmax));
    for i in 0..n {
        label_sums.fill(0.0);
        for (r, targets) in row_targets.iter().enumerate() {
            let v = sums[[r, i]] as f64;
            for &(c, m) in targets {
                label_sums[[c, m]] += v;
            }
        }
        for c in (0..nl).filter(|&c| valid[c]) {
            let size = &sizes[c];
            let own = labs[c][i] as usize;
            if size[own] <= 1 {
                continue; // s(i) = 0
            }
            let sum = |m: usize| label_sums[[c, m]];
            let a = sum(own) / (size[own] - 1) as f64;
            let b = (0..kmax)
                .filter(|&m| m != own && size[m] > 0)
                .map(|m| sum(m) / size[m] as f64)
                .fold(f64::INFINITY, f64::min);
            let den = a.max(b);
            if den > 0.0 && den.is_finite() {
                totals[c] += (b - a) / den;
            }
        }
    }
    totals
        .iter()
        .zip(&valid)
        .map(|(&t, &v)| v.then(|| t / n as f64))
        .collect()
}

fn reference_distance_row(cols: ndarray::ArrayView2<f32>, p: usize, row: &mut Array1<f32>) {
    row.fill(0.0);
    for col in cols.rows() {
        let xp = col[p];
        ndarray::Zip::from(&mut *row).and(col).for_each(|r, &v| {
            let z = v - xp;
            *r += z * z;
        });
    }
    row.mapv_inplace(f32::sqrt);
}

#[test]
fn blocked_silhouettes_equal_the_distance_rows_bit_for_bit() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    for (n, d, nl) in [
        (2, 1, 1),
        (37, 6, 7),
        (203, 3, 4),
        (1000, 6, 7),
        (301, 9, 3),
    ] {
        // Points on a coarse grid (many duplicates) and labelings of 2..=nl+1 labels; the last
        // case's labelings are random, so there are more atoms than labelings × labels.
        let x: Vec<f64> = (0..n * d)
            .map(|_| (rng.gen_range(0..40) as f64) / 7.0)
            .collect();
        let labelings: Vec<Vec<usize>> = (0..nl)
            .map(|c| {
                (0..n)
                    .map(|i| {
                        if n == 301 {
                            rng.gen_range(0..c + 2)
                        } else {
                            ((x[i * d] * 3.0) as usize + c) % (c + 2)
                        }
                    })
                    .collect()
            })
            .collect();
        let got = silhouettes(&x, d, &labelings);
        let want = reference_silhouettes(&x, d, &labelings);
        let bits = |v: &[Option<f64>]| v.iter().map(|s| s.map(f64::to_bits)).collect::<Vec<_>>();
        assert_eq!(bits(&got), bits(&want), "n {n} d {d}");
        assert!(n == 2 || got.iter().any(Option::is_some), "n {n} d {d}");
    }
}

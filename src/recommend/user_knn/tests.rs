use super::search::*;
use super::*;

#[test]
fn nearest_users_vote() {
    // user 0 ~ user 1 (share item 0), user 2 is unrelated.
    let m = InteractionMatrix::from_entries(
        3,
        4,
        &[
            (0, 0, 1.0, false),
            (1, 0, 1.0, false),
            (1, 1, 1.0, false),
            (2, 2, 1.0, false),
            (2, 3, 1.0, false),
        ],
    );
    let mut knn = UserKnn::new(10, 0.0).with_popularity_damping(0.0);
    knn.fit(&m, &ItemFeatures::empty(4));
    let mut s = Scratch::default();
    let nb = knn.neighbours(&m, 0, &mut s);
    assert_eq!(nb.len(), 1);
    assert_eq!(nb[0].0, 1);
    // IDF with 3 persons: item 0 (2 persons) ln(4/3) + 1, item 1 (1 person) ln(4/2) + 1.
    let (w0, w1) = ((4f32 / 3.0).ln() + 1.0, 2f32.ln() + 1.0);
    let cos = w0 * w0 / (w0 * (w0 * w0 + w1 * w1).sqrt());
    assert!((nb[0].1 - cos).abs() < 1e-6);
    // Without IDF (all products shared equally) it would be 1/√2; the rarer item 1 that
    // only person 1 has makes them less alike.
    assert!(cos < 1.0 / 2f32.sqrt());
    let mut out = vec![0.0; 4];
    knn.score(&m, 0, &mut out, &mut s);
    assert!(out[1] > 0.0 && out[2] == 0.0 && out[3] == 0.0);
    assert!((out[1] - cos).abs() < 1e-6);
    // Scratch is left clean for the next person.
    assert!(s.users.iter().all(|&x| x == 0.0));
}

#[test]
fn a_neighbours_purchase_votes_more_than_their_browsing() {
    // Persons 0, 1, 2 share item 0; person 1 bought item 1, person 2 only browsed item 2
    // with the same strength.
    let m = InteractionMatrix::from_entries(
        3,
        3,
        &[
            (0, 0, 1.0, false),
            (1, 0, 1.0, false),
            (1, 1, 8.0, true),
            (2, 0, 1.0, false),
            (2, 2, 8.0, false),
        ],
    );
    let mut s = Scratch::default();
    let mut out = vec![0.0; 3];
    let mut plain = UserKnn::new(10, 0.0).with_popularity_damping(0.0);
    plain.fit(&m, &ItemFeatures::empty(3));
    plain.score(&m, 0, &mut out, &mut s);
    assert!((out[1] - out[2]).abs() < 1e-6, "{out:?}");
    let mut knn = UserKnn::new(10, 8.0).with_popularity_damping(0.0);
    knn.fit(&m, &ItemFeatures::empty(3));
    knn.score(&m, 0, &mut out, &mut s);
    let sim = knn.neighbours(&m, 0, &mut s)[0].1;
    assert!((out[1] - sim * 16.0).abs() < 1e-5 && (out[2] - sim * 8.0).abs() < 1e-5);
}

#[test]
fn popular_products_are_damped_by_the_square_root_of_their_persons() {
    // Person 0 shares item 0 with persons 1 and 2; person 1 also has item 1, person 2
    // item 2 with the same strength. Item 2 is also touched by 14 more persons (3..=16),
    // who share nothing with person 0, so it is popular and item 1 is not.
    let mut e = vec![
        (0, 0, 1.0, false),
        (1, 0, 1.0, false),
        (1, 1, 4.0, false),
        (2, 0, 1.0, false),
        (2, 2, 4.0, false),
    ];
    e.extend((3..17).map(|u| (u, 2, 1.0, false)));
    let m = InteractionMatrix::from_entries(17, 3, &e);
    let mut s = Scratch::default();
    let mut raw = vec![0.0; 3];
    let mut plain = UserKnn::new(10, 8.0).with_popularity_damping(0.0);
    plain.fit(&m, &ItemFeatures::empty(3));
    plain.score(&m, 0, &mut raw, &mut s);
    // Undamped, item 2 wins: its IDF is lower, so person 2 is the closer neighbour.
    assert!(raw[2] > raw[1], "{raw:?}");
    let mut out = vec![0.0; 3];
    let mut knn = UserKnn::new(10, 8.0);
    assert_eq!(knn.popularity_damping, POPULARITY_DAMPING);
    knn.fit(&m, &ItemFeatures::empty(3));
    knn.score(&m, 0, &mut out, &mut s);
    // Damped by (n_i + 1)^-1/2: item 1 has 1 person, item 2 has 15.
    assert!(
        (out[1] - raw[1] / 2f32.sqrt()).abs() < 1e-5,
        "{out:?} {raw:?}"
    );
    assert!((out[2] - raw[2] / 4.0).abs() < 1e-5, "{out:?} {raw:?}");
    assert!(out[1] > out[2], "{out:?}");
    // A bad exponent means no damping, never NaN scores.
    let mut bad = UserKnn::new(10, 8.0).with_popularity_damping(f32::NAN);
    bad.fit(&m, &ItemFeatures::empty(3));
    bad.score(&m, 0, &mut out, &mut s);
    assert_eq!(out, raw);
}

/// Brute force: the cosine of every pair of IDF-weighted rows, in f64.
fn brute_force(m: &InteractionMatrix, knn: &UserKnn, u: u32) -> Vec<(u32, f64)> {
    let dense = |v: u32| {
        let mut row = vec![0f64; m.n_items];
        let (items, rs, _) = m.row(v);
        for (&i, &r) in items.iter().zip(rs) {
            row[i as usize] = f64::from(r) * f64::from(knn.idf[i as usize]);
        }
        row
    };
    let a = dense(u);
    let na = a.iter().map(|x| x * x).sum::<f64>().sqrt();
    let mut all: Vec<(u32, f64)> = (0..m.n_users as u32)
        .filter(|&v| v != u)
        .filter_map(|v| {
            let b = dense(v);
            let nb = b.iter().map(|x| x * x).sum::<f64>().sqrt();
            let dot: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            (dot > 0.0).then(|| (v, dot / (na * nb)))
        })
        .collect();
    all.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    all
}

/// `nb` holds the `k` nearest of `all` (brute force, most similar first): as many, each
/// with its exact cosine, and nobody left out more similar than the last (f32 rounding).
fn assert_nearest(nb: &[(u32, f32)], all: &[(u32, f64)], k: usize, u: u32) {
    let want = all.len().min(k);
    assert_eq!(nb.len(), want, "person {u}");
    let boundary = all.get(want.wrapping_sub(1)).map_or(0.0, |x| x.1);
    for (j, &(v, sim)) in nb.iter().enumerate() {
        let exact = all.iter().find(|x| x.0 == v).map_or(f64::NAN, |x| x.1);
        assert!(
            (f64::from(sim) - exact).abs() < 1e-5,
            "person {u}, neighbour {j} ({v}): {sim} vs {exact}"
        );
        assert!(
            exact >= boundary - 1e-5,
            "person {u}: {v} is not among the nearest"
        );
    }
}

#[test]
fn neighbours_are_exact_when_popular_products_crowd_them_out() {
    // The case the bounded search (each product kept its 4k persons with the highest
    // normalised strength as candidates) got wrong: persons 2..252 have only product 0,
    // persons 252..502 only product 1, so both products' candidate lists were full of
    // them (normalised weight 1). Person 1 has person 0's two products and a small
    // purchase of product 2 (cosine 0.99 with person 0) but a normalised weight of about
    // 0.7 on products 0 and 1, on neither list: it was never found, and person 0's nearest
    // neighbours were single-product persons at 0.7, who never bought product 2.
    let mut e = vec![
        (0, 0, 1.0, false),
        (0, 1, 1.0, false),
        (1, 0, 1.0, false),
        (1, 1, 1.0, false),
        (1, 2, 0.05, true),
    ];
    e.extend((2..252).map(|u| (u, 0, 1.0, false)));
    e.extend((252..502).map(|u| (u, 1, 1.0, false)));
    // Person 1's purchase of product 2 is what person 0 should be recommended; person 502
    // has product 2 too and shares nothing with person 0.
    e.push((502, 2, 1.0, false));
    let m = InteractionMatrix::from_entries(503, 3, &e);
    let mut knn = UserKnn::new(50, 8.0);
    knn.fit(&m, &ItemFeatures::empty(3));
    assert_eq!(knn.k_used, 50);
    let mut s = Scratch::default();
    let nb = knn.neighbours(&m, 0, &mut s);
    let (w0, w1, w2) = (knn.idf[0], knn.idf[1], knn.idf[2]);
    let cos = (w0 * w0 + w1 * w1)
        / ((w0 * w0 + w1 * w1).sqrt() * (w0 * w0 + w1 * w1 + 0.0025 * w2 * w2).sqrt());
    assert_eq!(nb[0].0, 1, "{:?}", &nb[..3]);
    assert!((nb[0].1 - cos).abs() < 1e-5, "{} vs {cos}", nb[0].1);
    assert!(nb[0].1 > 0.95 && nb[1].1 < 0.75, "{:?}", &nb[..3]);
    let mut out = vec![0.0; 3];
    knn.score(&m, 0, &mut out, &mut s);
    assert!(out[2] > 0.0, "{out:?}");
}

/// 900 persons, 12 products with very different popularity.
fn random_matrix() -> InteractionMatrix {
    let mut rng = crate::compare::resample::Xoshiro256pp::seed_from_u64(14);
    let mut e = Vec::new();
    for u in 0..900u32 {
        for i in 0..12u32 {
            // Product i is touched with probability about 1 / (i + 1.5).
            if rng.next_u32() % 1000 < 1000 * 2 / (2 * i + 3) {
                let r = (1 + rng.next_u32() % 8) as f32;
                e.push((u, i, r, r >= 8.0));
            }
        }
    }
    InteractionMatrix::from_entries(900, 12, &e)
}

#[test]
fn neighbours_match_brute_force_on_random_data() {
    // k_used = 900 / 16 = 56.
    let m = random_matrix();
    let mut knn = UserKnn::new(10, 8.0);
    knn.fit(&m, &ItemFeatures::empty(12));
    assert_eq!(knn.k_used, 56);
    assert_eq!(knn.stride, 1);
    let mut s = Scratch::default();
    for u in (0..900u32).step_by(7) {
        let nb = knn.neighbours(&m, u, &mut s);
        assert_nearest(&nb, &brute_force(&m, &knn, u), knn.k_used, u);
        assert!(s.users.iter().all(|&x| x == 0.0));
    }
}

#[test]
fn over_the_work_budget_every_stride_th_person_is_a_candidate() {
    // The same data with a budget of a third of its work: every 3rd person is compared,
    // exactly, and k grows with the 300 candidates (300 / 16 = 18, at least 10).
    let m = random_matrix();
    let mut knn = UserKnn::new(10, 8.0);
    knn.fit(&m, &ItemFeatures::empty(12));
    let work = knn.work;
    assert!(work > 1_000_000, "{work}");
    knn.work_budget = work.div_ceil(3);
    knn.fit(&m, &ItemFeatures::empty(12));
    assert_eq!((knn.stride, knn.k_used), (3, 18));
    let mut s = Scratch::default();
    for u in (0..900u32).step_by(11) {
        let nb = knn.neighbours(&m, u, &mut s);
        let all: Vec<_> = brute_force(&m, &knn, u)
            .into_iter()
            .filter(|x| x.0 % 3 == 0)
            .collect();
        assert!(nb.iter().all(|x| x.0 % 3 == 0), "person {u}: {nb:?}");
        assert_nearest(&nb, &all, knn.k_used, u);
        assert!(s.users.iter().all(|&x| x == 0.0));
    }
    // Scores still come out for everyone with neighbours.
    let mut out = vec![0.0; 12];
    knn.score(&m, 1, &mut out, &mut s);
    assert!(out.iter().any(|&x| x > 0.0));
}

#[test]
fn the_dense_pass_gives_the_general_paths_neighbours_and_scores_bit_for_bit() {
    // 3,000 persons (k = 187, so the sampled threshold is used) and 12 products, the
    // rarer ones sparse: persons with only dense products take the one-pass path, the
    // others the general one. Without dense columns and vote rows everybody takes the
    // general path, one column at a time.
    let mut rng = crate::compare::resample::Xoshiro256pp::seed_from_u64(7);
    let mut e = Vec::new();
    for u in 0..3000u32 {
        for i in 0..12u32 {
            if rng.next_u32() % 1000 < 1000 * 2 / (2 * i + 3) {
                let r = (1 + rng.next_u32() % 8) as f32;
                e.push((u, i, r, r >= 8.0));
            }
        }
    }
    let m = InteractionMatrix::from_entries(3000, 12, &e);
    let mut fast = UserKnn::new(10, 8.0);
    fast.fit(&m, &ItemFeatures::empty(12));
    assert_eq!(fast.k_used, 187);
    assert!(!fast.vote_bytes.is_empty());
    let dense_only = |u: u32| {
        m.row(u)
            .0
            .iter()
            .all(|&i| fast.dense_slot[i as usize] != u32::MAX)
    };
    assert!((0..3000).filter(|&u| dense_only(u)).count() > 1000);
    let general = UserKnn {
        dense_slot: vec![u32::MAX; 12],
        dense: Vec::new(),
        dense_bytes: Vec::new(),
        vote_rows: Vec::new(),
        vote_bytes: Vec::new(),
        ..fast.clone()
    };
    let (mut s, mut t) = (Scratch::default(), Scratch::default());
    let (mut a, mut b) = (vec![0.0; 12], vec![0.0; 12]);
    for u in 0..3000u32 {
        let nb = fast.neighbours(&m, u, &mut s);
        assert_eq!(nb, general.neighbours(&m, u, &mut t), "person {u}");
        fast.score(&m, u, &mut a, &mut s);
        general.score(&m, u, &mut b, &mut t);
        assert_eq!(a, b, "person {u}");
    }
    assert!(s.users.iter().all(|&x| x == 0.0));
    // Whole strengths up to 8 (votes up to 16) are stored as bytes; the same columns and rows
    // stored as `f32` give the same neighbours and the same scores, bit for bit.
    assert!(fast.dense.is_empty() && !fast.dense_bytes.is_empty());
    assert!(fast.vote_rows.is_empty() && !fast.vote_bytes.is_empty());
    let floats = UserKnn {
        dense: fast.dense_bytes.iter().map(|&x| f32::from(x)).collect(),
        dense_bytes: Vec::new(),
        vote_rows: fast.vote_bytes.iter().map(|&x| f32::from(x)).collect(),
        vote_bytes: Vec::new(),
        ..fast.clone()
    };
    for u in 0..3000u32 {
        assert_eq!(
            fast.neighbours(&m, u, &mut s),
            floats.neighbours(&m, u, &mut t)
        );
        fast.score(&m, u, &mut a, &mut s);
        floats.score(&m, u, &mut b, &mut t);
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a), bits(&b), "person {u}");
    }
    // A strength that is no whole byte keeps both as `f32`.
    let mut e2 = e.clone();
    e2[0].2 = 1.5;
    let mut halves = UserKnn::new(10, 8.0);
    halves.fit(
        &InteractionMatrix::from_entries(3000, 12, &e2),
        &ItemFeatures::empty(12),
    );
    assert!(!halves.dense.is_empty() && halves.dense_bytes.is_empty());
    assert!(!halves.vote_rows.is_empty() && halves.vote_bytes.is_empty());
}

#[test]
fn bucket_sort_takes_the_largest_keys_in_the_order_of_a_comparison_sort() {
    let mut rng = crate::compare::resample::Xoshiro256pp::seed_from_u64(3);
    // One `out` throughout, a long list left in it before short ones (it is not cleared).
    let (mut counts, mut out) = (Vec::new(), Vec::new());
    for len in [0usize, 5000, 1, 2, 1000, 17] {
        for spread in [0u32, 1, 50, 1 << 20, u32::MAX] {
            // Similarity bits spread over `spread + 1` values (0: all tied, 1: two, 50: many
            // ties per bucket, ...), distinct ids below.
            let keys: Vec<u64> = (0..len)
                .map(|j| {
                    let hi = match spread {
                        0 => 0x3f00_0000,
                        u32::MAX => rng.next_u32(),
                        s => 0x3e80_0000 + rng.next_u32() % (s + 1),
                    };
                    (u64::from(hi) << 32) | u64::from(!(j as u32))
                })
                .collect();
            let mut want = keys.clone();
            want.sort_unstable_by(|a, b| b.cmp(a));
            for k in [len + 5, len / 3, 0, 1, len] {
                top_descending(&keys, k, &mut counts, &mut out);
                assert_eq!(out, want[..k.min(len)], "len {len} spread {spread} k {k}");
            }
        }
    }
}

#[test]
fn neighbourhood_grows_with_the_persons() {
    let knn = UserKnn::new(50, 8.0);
    assert_eq!(knn.neighbours_used(641), 50);
    assert_eq!(knn.neighbours_used(12_821), 801);
    assert_eq!(UserKnn::new(200, 8.0).neighbours_used(1_600), 200);
    let fixed = UserKnn {
        persons_per_neighbour: 0,
        ..UserKnn::new(50, 8.0)
    };
    assert_eq!(fixed.neighbours_used(12_821), 50);
}

#[test]
fn persons_without_events_left_out_of_the_candidates_change_no_neighbour_or_score() {
    // 2,400 persons, every third with no event (and one with only zero strengths): they
    // are left out of the candidate slots. Compared with the general path over uncompacted
    // slots (every person a slot, no dense columns), bit for bit, with every person a
    // candidate and with every `stride`-th (a small work budget).
    let mut rng = crate::compare::resample::Xoshiro256pp::seed_from_u64(11);
    let mut e = Vec::new();
    for u in 0..2400u32 {
        if u % 3 == 1 {
            continue;
        }
        for i in 0..10u32 {
            if rng.next_u32() % 1000 < 1000 * 2 / (2 * i + 3) {
                let r = if u == 6 {
                    0.0
                } else {
                    (1 + rng.next_u32() % 8) as f32
                };
                e.push((u, i, r, r >= 8.0));
            }
        }
    }
    let m = InteractionMatrix::from_entries(2400, 10, &e);
    for budget in [0u64, 1_000_000] {
        let mut fast = UserKnn::new(10, 8.0);
        fast.work_budget = budget;
        fast.fit(&m, &ItemFeatures::empty(10));
        let stride = fast.stride;
        assert_eq!(stride > 1, budget > 0);
        assert_eq!(fast.k_used, 10.max(2400usize.div_ceil(stride) / 16));
        let expected = (0..2400).step_by(stride).filter(|&v| fast.norms[v] > 0.0);
        assert_eq!(fast.slots, expected.map(|v| v as u32).collect::<Vec<_>>());
        assert!(fast.slots.len() < 2400usize.div_ceil(stride) * 3 / 4 + 1);
        let general = UserKnn {
            slots: Vec::new(),
            person_slot: Vec::new(),
            dense_slot: vec![u32::MAX; 10],
            dense: Vec::new(),
            dense_bytes: Vec::new(),
            vote_rows: Vec::new(),
            vote_bytes: Vec::new(),
            ..fast.clone()
        };
        let (mut s, mut t) = (Scratch::default(), Scratch::default());
        let (mut a, mut b) = (vec![0.0; 10], vec![0.0; 10]);
        let mut with_neighbours = 0;
        for u in 0..2400u32 {
            let nb = fast.neighbours(&m, u, &mut s);
            assert_eq!(nb, general.neighbours(&m, u, &mut t), "person {u}");
            with_neighbours += usize::from(!nb.is_empty());
            fast.score(&m, u, &mut a, &mut s);
            general.score(&m, u, &mut b, &mut t);
            assert_eq!(a, b, "person {u}");
        }
        assert!(with_neighbours > 1500, "{with_neighbours}");
    }
}

#[test]
fn grouped_identical_rows_give_the_general_paths_neighbours_and_scores_bit_for_bit() {
    // 2,000 persons drawn from 150 distinct rows (many persons share a row, as single-product
    // persons do on the demos; every eleventh person has a rare, sparse product too, so some
    // take the general path with dense columns read through the groups), every seventh
    // person without events. Compared with the general path (no dense columns, no vote
    // rows), bit for bit, with every person a candidate and with every `stride`-th.
    let mut rng = crate::compare::resample::Xoshiro256pp::seed_from_u64(23);
    let pool: Vec<Vec<(u32, f32)>> = (0..150)
        .map(|_| {
            let mut row = Vec::new();
            for i in 0..11u32 {
                if rng.next_u32() % 1000 < 1000 * 2 / (2 * i + 3) {
                    row.push((i, (1 + rng.next_u32() % 8) as f32));
                }
            }
            row
        })
        .collect();
    let mut e = Vec::new();
    for u in 0..2000u32 {
        if u % 7 == 3 {
            continue;
        }
        let row = &pool[(rng.next_u32() % 150) as usize];
        for &(i, r) in row {
            e.push((u, i, r, r >= 8.0));
        }
        if u % 11 == 0 {
            e.push((u, 11, 2.0, false));
        }
    }
    let m = InteractionMatrix::from_entries(2000, 12, &e);
    for budget in [0u64, 2_000_000] {
        let mut fast = UserKnn::new(10, 8.0);
        fast.work_budget = budget;
        fast.fit(&m, &ItemFeatures::empty(12));
        assert_eq!(fast.stride > 1, budget > 0);
        assert_eq!(fast.dense_slot[11], u32::MAX);
        let groups = fast.groups.len();
        let shared = if budget == 0 { 3 } else { 1 };
        assert!(groups < fast.slots.len() / shared, "{groups} groups");
        assert_eq!(fast.group_norms.len(), groups);
        // Every slot is in exactly one group, members ascending, all with the same row.
        let mut seen: Vec<u32> = (0..groups)
            .flat_map(|g| fast.groups.members(g).to_vec())
            .collect();
        for g in 0..groups {
            let ms = fast.groups.members(g);
            assert!(ms
                .windows(2)
                .all(|w| w[0] < w[1] && m.row(w[0]).0 == m.row(w[1]).0));
        }
        seen.sort_unstable();
        assert_eq!(seen, fast.slots);
        let general = UserKnn {
            dense_slot: vec![u32::MAX; 12],
            dense: Vec::new(),
            dense_bytes: Vec::new(),
            vote_rows: Vec::new(),
            vote_bytes: Vec::new(),
            ..fast.clone()
        };
        let (mut s, mut t) = (Scratch::default(), Scratch::default());
        let (mut a, mut b) = (vec![0.0; 12], vec![0.0; 12]);
        let mut twins = 0;
        for u in 0..2000u32 {
            let nb = fast.neighbours(&m, u, &mut s);
            assert_eq!(nb, general.neighbours(&m, u, &mut t), "person {u}");
            assert!(nb.iter().all(|x| x.0 != u));
            twins += usize::from(nb.first().is_some_and(|x| x.1 >= 0.9999));
            fast.score(&m, u, &mut a, &mut s);
            general.score(&m, u, &mut b, &mut t);
            assert_eq!(a, b, "person {u}");
        }
        assert!(twins > 1000 / shared, "{twins}");
        assert!(s.users.iter().all(|&x| x == 0.0));
    }
}

#[test]
fn the_threshold_mask_is_the_comparison() {
    let mut rng = crate::compare::resample::Xoshiro256pp::seed_from_u64(5);
    for _ in 0..2000 {
        let mut c = [0f32; 16];
        for x in c.iter_mut() {
            *x = match rng.next_u32() % 8 {
                0 => -1.0,
                1 => 0.5,
                2 => f32::NAN,
                _ => (rng.next_u32() % 1000) as f32 / 999.0,
            };
        }
        for t in [0.0, 0.5, 0.25, 1.0, (rng.next_u32() % 1000) as f32 / 999.0] {
            let want = (0..16).fold(0u32, |m, l| m | (u32::from(c[l] >= t) << l));
            assert_eq!(super::mask::ge_mask(&c, t), want);
            assert_eq!(super::mask::ge_mask_scalar(&c, t), want);
        }
    }
}

#[test]
fn the_first_members_keys_are_the_plain_loops_in_every_width() {
    // Cosines with NaN, -1, exact ties with the threshold and runs above it; the person
    // searched for among the first members or not; lengths around the block of 16. Every
    // width (AVX-512F where this CPU has it) against the plain definition.
    use crate::simd::{runs, Width};
    let mut rng = crate::compare::resample::Xoshiro256pp::seed_from_u64(17);
    let mut tried = [0usize; 3];
    for n in [0usize, 1, 15, 16, 17, 31, 32, 33, 100, 257] {
        for _ in 0..40 {
            let sims: Vec<f32> = (0..n)
                .map(|_| match rng.next_u32() % 9 {
                    0 => -1.0,
                    1 => 0.5,
                    2 => f32::NAN,
                    3 => 1.0,
                    _ => (rng.next_u32() % 1000) as f32 / 999.0,
                })
                .collect();
            let firsts: Vec<u32> = (0..n as u32).map(|g| g * 3 + rng.next_u32() % 3).collect();
            let user = match (n, rng.next_u32() % 2) {
                (1.., 0) => firsts[rng.next_u32() as usize % n],
                _ => u32::MAX,
            };
            for t in [0.0, 0.5, 1.0, (rng.next_u32() % 1000) as f32 / 999.0] {
                let want: Vec<u64> = sims
                    .iter()
                    .zip(&firsts)
                    .filter(|&(&c, &v)| c >= t && v != user)
                    .map(|(&c, &v)| (u64::from(c.to_bits()) << 32) | u64::from(!v))
                    .collect();
                for (i, w) in Width::ALL.into_iter().enumerate().filter(|&(_, w)| runs(w)) {
                    let mut keys = vec![7u64; n + 16];
                    let len = super::groups::first_keys(w, &sims, &firsts, user, t, &mut keys);
                    assert_eq!(&keys[..len], &want[..], "{w:?} n {n} t {t}");
                    tried[i] += 1;
                }
            }
        }
    }
    if tried[2] == 0 {
        println!("this CPU has no AVX-512F: its keys were not compared here");
    }
}

#[test]
fn a_groups_kept_search_gives_each_member_its_own_neighbours_and_scores() {
    // 600 persons, 400 of them with one of three rows (groups far larger than `k`), the rest
    // with rows of their own; purchases differ inside a group, so votes differ. One scratch
    // for all (the groups' searches kept and reused) against a fresh scratch per person.
    let mut rng = crate::compare::resample::Xoshiro256pp::seed_from_u64(31);
    let rows = [
        vec![(0u32, 2.0f32), (1, 1.0)],
        vec![(1, 3.0)],
        vec![(0, 1.0), (2, 4.0), (3, 1.0)],
    ];
    let mut e = Vec::new();
    for u in 0..600u32 {
        if u % 3 != 2 {
            for &(i, r) in &rows[(rng.next_u32() % 3) as usize] {
                e.push((u, i, r, rng.next_u32().is_multiple_of(4)));
            }
        } else {
            for i in 0..6u32 {
                if rng.next_u32().is_multiple_of(3) {
                    e.push((u, i, (1 + rng.next_u32() % 5) as f32, false));
                }
            }
        }
    }
    let m = InteractionMatrix::from_entries(600, 6, &e);
    for k in [1usize, 5, 40, 150, 500] {
        let mut knn = UserKnn::new(k, 8.0);
        knn.persons_per_neighbour = 0;
        knn.fit(&m, &ItemFeatures::empty(6));
        let mut kept = Scratch::default();
        let (mut a, mut b) = (vec![0.0; 6], vec![0.0; 6]);
        for round in 0..2 {
            for u in 0..600u32 {
                let mut fresh = Scratch::default();
                let nb = knn.neighbours(&m, u, &mut kept);
                assert_eq!(nb, knn.neighbours(&m, u, &mut fresh), "k {k} person {u}");
                assert!(nb.len() <= k && nb.iter().all(|x| x.0 != u));
                knn.score(&m, u, &mut a, &mut kept);
                knn.score(&m, u, &mut b, &mut Scratch::default());
                assert_eq!(a, b, "k {k} person {u} round {round}");
            }
        }
    }
}

#[test]
fn the_wide_threshold_is_the_selection_over_the_whole_sample() {
    // The tight threshold draws and partly orders the sample; the wide one, read from what the
    // tight call left, is the value a sort of the whole sample puts at its rank (floats in
    // `total_cmp` order, any bits included: NaN, -0, infinities, subnormals).
    let mut rng = crate::compare::resample::Xoshiro256pp::seed_from_u64(13);
    let mut sample = Vec::new();
    for round in 0..300 {
        let n = 1024 + (rng.next_u32() % 20_000) as usize;
        let sims: Vec<f32> = (0..n)
            .map(|_| match rng.next_u32() % 12 {
                0 => -1.0,
                1 => 0.5,
                2 => -0.0,
                3 => f32::from_bits(rng.next_u32()),
                _ => (rng.next_u32() % 10_000) as f32 / 9_999.0,
            })
            .collect();
        let k = 1 + (rng.next_u32() as usize % (n / 4));
        let tight = threshold(&sims, k, Margin::Tight, &mut sample);
        let wide = threshold(&sims, k, Margin::Wide, &mut sample);
        let step = n / 512;
        let mut sorted: Vec<f32> = sims.iter().step_by(step).copied().collect();
        sorted.sort_unstable_by(|a, b| b.total_cmp(a));
        let expect = k / step;
        let at = |rank: usize| sorted.get(rank).map_or(0.0, |&t| t.max(0.0));
        let want_tight = at(expect + expect.isqrt() / 2 + 1);
        let want_wide = at(expect + 3 * expect.isqrt() + 4);
        // Equal as floats (+0 and -0 are the same threshold: `c >= t` and `t <= 0` agree).
        assert_eq!(tight, want_tight, "round {round}");
        assert_eq!(wide, want_wide, "round {round}");
        assert!(wide <= tight, "round {round}");
    }
}

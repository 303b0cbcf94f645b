#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::model::Dataset;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn labels(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// a b c | a b | a c | b c | a b c d  (5 baskets)
fn abc() -> Baskets {
    Baskets::from_lines("a,b,c\na,b\na,c\nb,c\na,b,c,d\n")
}

fn params(s: f64, c: f64) -> RulesParams {
    RulesParams {
        min_support: s,
        min_confidence: c,
        max_len: 10,
        max_rules: None,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn from_lines_trims_skips_and_dedups() {
    let b = Baskets::from_lines("b, a ,b\r\n\n   \r\nc,,\n");
    assert_eq!(b.items, labels(&["a", "b", "c"]));
    assert_eq!(b.baskets, vec![vec![0, 1], vec![2]]);
    assert!(Baskets::from_lines("").is_empty());
    let cr = Baskets::from_lines("a,b\rb,c\rc\r");
    assert_eq!(cr.baskets.len(), 3);
}

#[test]
fn min_count_guards_float_error() {
    assert_eq!(min_count(0.001, 9835), 10);
    assert_eq!(min_count(0.01, 1000), 10);
    assert_eq!(min_count(0.1, 30), 3);
    assert_eq!(min_count(0.7, 10), 7);
    assert_eq!(min_count(0.5, 3), 2);
    assert_eq!(min_count(1.0, 7), 7);
    assert_eq!(min_count(1e-9, 5), 1);
}

#[test]
fn params_are_validated() {
    assert!(RulesParams::default().validate().is_ok());
    for p in [
        params(0.0, 0.5),
        params(1.5, 0.5),
        params(f64::NAN, 0.5),
        params(0.1, -0.1),
        params(0.1, 1.1),
        RulesParams {
            max_len: 0,
            ..params(0.1, 0.5)
        },
        RulesParams {
            max_rules: Some(0),
            ..params(0.1, 0.5)
        },
    ] {
        assert!(matches!(mine(&abc(), &p), Err(Error::Params(_))), "{p:?}");
    }
    assert!(matches!(
        mine(&Baskets::default(), &params(0.1, 0.5)),
        Err(Error::NotEnoughData(_))
    ));
}

#[test]
fn hand_computed_itemsets() {
    let b = abc();
    let mut got: Vec<(Vec<u32>, u32)> = frequent_itemsets(&b, 2, 10)
        .into_iter()
        .map(|f| (f.items, f.count))
        .collect();
    got.sort();
    let want = vec![
        (vec![0], 4),
        (vec![0, 1], 3),
        (vec![0, 1, 2], 2),
        (vec![0, 2], 3),
        (vec![1], 4),
        (vec![1, 2], 3),
        (vec![2], 4),
    ];
    assert_eq!(got, want);
    assert_eq!(frequent_itemsets(&b, 2, 2).len(), 6);
    assert_eq!(frequent_itemsets(&b, 1, 10).len(), 15);
    assert_eq!(frequent_itemsets(&b, 6, 10).len(), 0);
}

#[test]
fn hand_computed_rules() {
    let b = abc();
    let r = mine(&b, &params(0.4, 0.5)).unwrap();
    assert_eq!((r.baskets, r.items, r.min_count), (5, 4, 2));
    assert_eq!(r.frequent_itemsets, 7);
    // {} → x (conf 0.8, lift 1) ×3, x → y (conf 0.75) ×6, xy → z (conf 2/3) ×3.
    assert_eq!(r.rules.len(), 12);
    let first = &r.rules[0];
    assert!(first.antecedent.is_empty());
    assert_eq!(first.consequent, labels(&["a"]));
    assert!(close(first.confidence, 0.8) && close(first.lift, 1.0));
    assert!(close(first.leverage, 0.0));
    let ab = r
        .rules
        .iter()
        .find(|x| x.antecedent == labels(&["a"]) && x.consequent == labels(&["b"]))
        .unwrap();
    assert_eq!(ab.count, 3);
    assert!(close(ab.support, 0.6));
    assert!(close(ab.confidence, 0.75));
    assert!(close(ab.lift, 0.9375));
    assert!(close(ab.leverage, 0.6 - 0.64));
    assert!(close(ab.conviction.unwrap(), 0.2 / 0.25));
    // Pairs come before triples (higher lift) and ties are broken by labels.
    assert_eq!(r.rules[3].antecedent, labels(&["a"]));
    assert_eq!(r.rules[3].consequent, labels(&["b"]));
    assert_eq!(r.rules[11].antecedent, labels(&["b", "c"]));
    assert_eq!(r.rules[11].consequent, labels(&["a"]));
    assert!(close(r.rules[11].confidence, 2.0 / 3.0));

    assert_eq!(mine(&b, &params(0.4, 0.7)).unwrap().rules.len(), 9);
    let capped = mine(
        &b,
        &RulesParams {
            max_rules: Some(4),
            ..params(0.4, 0.5)
        },
    )
    .unwrap();
    assert_eq!(capped.rules, r.rules[..4].to_vec());
    let short = mine(
        &b,
        &RulesParams {
            max_len: 1,
            ..params(0.4, 0.5)
        },
    )
    .unwrap();
    assert_eq!(short.rules.len(), 3);
}

#[test]
fn bundles_and_infinite_conviction() {
    let b = Baskets::from_lines("x,y\nx,y\nx,y,z\nz\nw\nw,z\n");
    let r = mine(&b, &params(0.3, 0.6)).unwrap();
    assert_eq!(r.min_count, 2);
    assert_eq!(r.rules.len(), 2);
    assert_eq!(r.rules[0].antecedent, labels(&["x"]));
    assert_eq!(r.rules[0].conviction, None);
    assert!(close(r.rules[0].lift, 2.0));
    let json = serde_json::to_string(&r.rules[0]).unwrap();
    assert!(json.contains("\"conviction\":null"), "{json}");
    let bs = bundles(&r, 5);
    assert_eq!(bs.len(), 1);
    assert_eq!(bs[0].items, labels(&["x", "y"]));
    assert_eq!(
        bs[0].sentence,
        "3 baskets (50.0%) contain x and y; 100% of buyers of x also bought y; 2.0× more than usual"
    );
    assert!(bundles(&r, 0).is_empty());
    // Rules with lift ≤ 1 or an empty antecedent are no bundles.
    assert!(bundles(&mine(&abc(), &params(0.4, 0.5)).unwrap(), 10).is_empty());
}

#[test]
fn sentence_lists_many_items() {
    assert_eq!(list(&labels(&["a", "b", "c"])), "a, b and c");
    assert_eq!(percent(0.00122, true), "0.12%");
    assert_eq!(format_lift(18.9957), "19");
}

#[test]
fn baskets_from_a_dataset() {
    let mut ds = Dataset::default();
    let u0 = ds.users.intern("u0");
    let u1 = ds.users.intern("u1");
    let s0 = ds.sessions.intern("s0");
    let (a, b, c) = (
        ds.items.intern("A"),
        ds.items.intern("B"),
        ds.items.intern("C"),
    );
    let o1 = ds.orders.intern("o1");
    let o2 = ds.orders.intern("o2");
    let pay = ds.event_names.intern("pay");
    let click = ds.event_names.intern("click");
    let ev = &mut ds.events;
    ev.push(u0, 1, EventKind::Pay, pay, s0, a, o1, 1.0);
    ev.push(u0, 2, EventKind::Pay, pay, s0, b, o1, 1.0);
    ev.push(u0, 3, EventKind::Pay, pay, s0, c, o2, 1.0);
    ev.push(u1, 4, EventKind::Pay, pay, s0, a, NONE, 1.0);
    ev.push(u1, 5, EventKind::Pay, pay, s0, b, NONE, 1.0);
    ev.push(u1, 6, EventKind::Click, click, s0, c, NONE, 0.0);
    ev.push(u1, 7, EventKind::Pay, pay, NONE, c, NONE, 1.0);
    ev.push(u1, 8, EventKind::Pay, pay, s0, NONE, NONE, 1.0);
    ds.finish();

    let sorted = |b: Baskets| {
        let mut v = b.baskets;
        v.sort();
        v
    };
    let by_order = baskets_from_dataset(&ds, BasketBy::Order);
    assert_eq!(by_order.items, labels(&["A", "B", "C"]));
    assert_eq!(
        sorted(by_order),
        vec![vec![a], vec![a, b], vec![b], vec![c], vec![c]]
    );
    let by_ps = baskets_from_dataset(&ds, BasketBy::PersonSession);
    assert_eq!(sorted(by_ps), vec![vec![a, b], vec![a, b, c], vec![c]]);
    assert!(baskets_from_dataset(&Dataset::default(), BasketBy::Order).is_empty());
}

/// Every itemset of at most `max_len` items with its count, by enumerating all subsets.
fn brute_itemsets(b: &Baskets, min_count: u32, max_len: usize) -> Vec<(Vec<u32>, u32)> {
    let n = b.items.len();
    let masks: Vec<u32> = b
        .baskets
        .iter()
        .map(|bk| bk.iter().fold(0u32, |m, &i| m | (1 << i)))
        .collect();
    let mut out = Vec::new();
    for s in 1u32..(1 << n) {
        if s.count_ones() as usize > max_len {
            continue;
        }
        let c = masks.iter().filter(|&&m| m & s == s).count() as u32;
        if c >= min_count.max(1) {
            out.push(((0..n as u32).filter(|i| s & (1 << i) != 0).collect(), c));
        }
    }
    out.sort();
    out
}

#[test]
fn fp_growth_matches_brute_force_on_random_baskets() {
    let mut rng = ChaCha8Rng::seed_from_u64(20240611);
    for trial in 0..200 {
        let n_items = rng.gen_range(1..=10usize);
        let n_baskets = rng.gen_range(1..=60usize);
        let density: f64 = rng.gen_range(0.1..0.8);
        let mut text = String::new();
        for _ in 0..n_baskets {
            let items: Vec<String> = (0..n_items)
                .filter(|_| rng.gen_bool(density))
                .map(|i| format!("i{i}"))
                .collect();
            // An empty line would be skipped: keep every basket non-empty.
            let line = if items.is_empty() {
                "i0".to_string()
            } else {
                items.join(",")
            };
            text.push_str(&line);
            text.push('\n');
        }
        let b = Baskets::from_lines(&text);
        let min_count = rng.gen_range(1..=(n_baskets as u32 / 2).max(1));
        let max_len = rng.gen_range(1..=6usize);
        let mut got: Vec<(Vec<u32>, u32)> = frequent_itemsets(&b, min_count, max_len)
            .into_iter()
            .map(|f| (f.items, f.count))
            .collect();
        got.sort();
        let want = brute_itemsets(&b, min_count, max_len);
        assert_eq!(got, want, "trial {trial}: {text}");

        // Rules: every frequent itemset and item y in it gives X → y, filtered by confidence.
        let min_support = min_count as f64 / b.len() as f64;
        let min_confidence: f64 = rng.gen_range(0.0..1.0);
        let p = RulesParams {
            min_support,
            min_confidence,
            max_len,
            max_rules: None,
        };
        let r = mine(&b, &p).unwrap();
        assert_eq!(r.min_count, min_count, "trial {trial}");
        assert_eq!(r.frequent_itemsets, want.len());
        let count_of = |s: &[u32]| -> u32 {
            if s.is_empty() {
                return b.len() as u32;
            }
            want.iter()
                .find(|(k, _)| k.as_slice() == s)
                .map(|x| x.1)
                .unwrap()
        };
        let mut expected: Vec<(Vec<String>, String, u32)> = Vec::new();
        for (set, c) in &want {
            for &y in set {
                let x: Vec<u32> = set.iter().copied().filter(|&i| i != y).collect();
                if *c as f64 / count_of(&x) as f64 >= min_confidence {
                    let xl = x.iter().map(|&i| b.items[i as usize].clone()).collect();
                    expected.push((xl, b.items[y as usize].clone(), *c));
                }
            }
        }
        expected.sort();
        let mut found: Vec<(Vec<String>, String, u32)> = r
            .rules
            .iter()
            .map(|x| (x.antecedent.clone(), x.consequent[0].clone(), x.count))
            .collect();
        found.sort();
        assert_eq!(found, expected, "trial {trial}");
        // Sorted by lift, then confidence, then support.
        for w in r.rules.windows(2) {
            let key = |x: &Rule| (x.lift, x.confidence, x.support);
            assert!(key(&w[0]) >= key(&w[1]), "trial {trial}");
        }
        for x in &r.rules {
            assert!(x.confidence >= min_confidence && x.support >= min_support - 1e-12);
            assert_eq!(x.conviction.is_none(), x.confidence == 1.0);
        }
    }
}

#[test]
fn single_path_tree_and_itemset_limit() {
    // The whole FP-tree is one chain a → b → c.
    let b = Baskets::from_lines("a,b,c\na,b\na\n");
    let mut got: Vec<(Vec<u32>, u32)> = frequent_itemsets(&b, 1, 10)
        .into_iter()
        .map(|f| (f.items, f.count))
        .collect();
    got.sort();
    assert_eq!(got, brute_itemsets(&b, 1, 10));
    assert_eq!(got.len(), 7);
    assert_eq!(frequent_itemsets(&b, 1, 2).len(), 6);
    assert_eq!(frequent_itemsets(&b, 2, 10).len(), 3);

    let b = abc();
    assert!(fpgrowth::mine(&b.baskets, b.items.len(), 1, 10, Some(15)).is_ok());
    assert!(fpgrowth::mine(&b.baskets, b.items.len(), 1, 10, Some(14)).is_err());
    // Ids beyond the item table are ignored rather than panicking.
    assert_eq!(
        fpgrowth::mine(&[vec![0, 7]], 1, 1, 10, None)
            .unwrap()
            .itemsets
            .len(),
        1
    );
}

/// One basket of `n` items plus `others` baskets of one item each.
fn one_big_basket(n: usize, others: usize) -> Baskets {
    let mut text: String = (0..n)
        .map(|i| format!("item{i:02}"))
        .collect::<Vec<_>>()
        .join(",");
    text.push('\n');
    for i in 0..others {
        text.push_str(&format!("other{i}\n"));
    }
    Baskets::from_lines(&text)
}

#[test]
fn a_22_item_basket_is_bounded_and_the_cut_is_reported() {
    let b = one_big_basket(22, 0);
    let t = std::time::Instant::now();
    let p = RulesParams {
        max_rules: None,
        ..RulesParams::default()
    };
    let r = mine(&b, &p).unwrap();
    // C(22, ≤6) = 110,055 itemsets fit; C(22, ≤7) = 280,599 do not.
    assert_eq!(r.max_len, 6);
    assert_eq!(r.frequent_itemsets, 110_055);
    // Every itemset of k items gives k rules of confidence 1.
    let found: usize = (1..=6).map(|k| k * binomial(22, k)).sum();
    assert_eq!(r.rules_found, found);
    assert_eq!(r.rules.len(), MAX_RULES);
    let cut = r.cut.as_ref().expect("a cut");
    assert_eq!(cut.max_len_lowered_from, Some(10));
    assert_eq!(cut.rules_dropped, found - MAX_RULES);
    assert!(cut.message.contains("up to 6 items"), "{}", cut.message);
    assert!(r.rules.iter().all(|x| x.antecedent.len() < 6));
    // Kept rules are the first in the full order: all have lift 1 here, then confidence 1,
    // then count 1, then antecedents ascending — so the empty antecedent comes first.
    assert!(r.rules[0].antecedent.is_empty());
    for w in r.rules.windows(2) {
        assert!(w[0].antecedent <= w[1].antecedent || w[0].lift > w[1].lift);
    }
    eprintln!("22-item basket: {:.2} s", t.elapsed().as_secs_f64());

    // With a rule cap of its own (as `analyze` sets), only the itemset limit is a cut.
    let r = mine(&b, &RulesParams::default()).unwrap();
    assert_eq!(r.rules.len(), 1000);
    let cut = r.cut.unwrap();
    assert_eq!((cut.max_len_lowered_from, cut.rules_dropped), (Some(10), 0));
}

#[test]
fn no_cut_when_within_the_limits() {
    let b = one_big_basket(8, 5);
    let r = mine(&b, &RulesParams::default()).unwrap();
    assert_eq!(r.max_len, 10);
    assert!(r.cut.is_none());
    // Single items are in 1 of 6 baskets: {} → {y} has confidence 1/6 < 0.5.
    assert_eq!(
        r.rules_found,
        (2..=8).map(|k| k * binomial(8, k)).sum::<usize>()
    );
}

/// The cut-back buffer keeps exactly the rules a full sort would keep.
#[test]
fn bounded_buffer_keeps_the_same_top_rules() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut text = String::new();
    for _ in 0..600 {
        let len = rng.gen_range(3..=9);
        let items: Vec<String> = (0..len)
            .map(|_| format!("p{}", rng.gen_range(0..15)))
            .collect();
        text.push_str(&items.join(","));
        text.push('\n');
    }
    let b = Baskets::from_lines(&text);
    let all = mine(
        &b,
        &RulesParams {
            min_support: 0.01,
            min_confidence: 0.0,
            max_len: 10,
            max_rules: None,
        },
    )
    .unwrap();
    // More candidates than the buffer holds before a cut (cap + 4096) for caps 1 and 7.
    assert!(all.rules.len() > 4103, "{}", all.rules.len());
    for cap in [1, 7, 100, 2000] {
        let some = mine(
            &b,
            &RulesParams {
                min_support: 0.01,
                min_confidence: 0.0,
                max_len: 10,
                max_rules: Some(cap),
            },
        )
        .unwrap();
        assert_eq!(some.rules, all.rules[..cap], "cap {cap}");
        assert_eq!(some.rules_found, all.rules.len());
        assert!(some.cut.is_none());
    }
}

fn binomial(n: usize, k: usize) -> usize {
    (0..k).fold(1, |acc, i| acc * (n - i) / (i + 1))
}

//! The arules reference figures on the Groceries data (shared/data/README.md), when that data
//! is next to the repository (the tests skip with a notice otherwise), and a self-contained
//! parity test on a basket file the repository holds, against mlxtend's figures
//! (`bench/rules_reference.py`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use livelens::rules::{self, Baskets, RulesParams};
use std::time::Instant;

const GROCERIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/groceries.csv");

/// The Groceries baskets, or `None` (with a notice) on a machine that only has the repository.
fn groceries() -> Option<Baskets> {
    match std::fs::read_to_string(GROCERIES) {
        Ok(text) => Some(Baskets::from_lines(&text)),
        Err(_) => {
            eprintln!("skipping: ../shared/data/groceries.csv not found");
            None
        }
    }
}

fn params(min_support: f64, min_confidence: f64) -> RulesParams {
    RulesParams {
        min_support,
        min_confidence,
        max_len: 10,
        max_rules: None,
    }
}

fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

#[test]
fn groceries_shape() {
    let Some(b) = groceries() else { return };
    assert_eq!(b.len(), 9835);
    assert_eq!(b.items.len(), 169);
    let items: usize = b.baskets.iter().map(Vec::len).sum();
    assert_eq!(items, 43367);
}

#[test]
fn groceries_frequent_itemsets() {
    let Some(b) = groceries() else { return };
    let n = b.len();
    assert_eq!(
        rules::frequent_itemsets(&b, rules::min_count(0.001, n), 10).len(),
        13_492
    );
    assert_eq!(
        rules::frequent_itemsets(&b, rules::min_count(0.01, n), 10).len(),
        333
    );
}

#[test]
fn groceries_rules_at_0_5() {
    let Some(b) = groceries() else { return };
    // Timing: the best of a few runs (the machine is shared); one run in debug builds.
    let runs = if cfg!(debug_assertions) { 1 } else { 7 };
    let mut times = Vec::new();
    let mut result = None;
    for _ in 0..runs {
        let t = Instant::now();
        result = Some(rules::mine(&b, &params(0.001, 0.5)).unwrap());
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let r = result.unwrap();
    times.sort_by(f64::total_cmp);
    println!(
        "groceries mine(0.001, 0.5): {} rules; best {:.1} ms, median {:.1} ms of {} runs",
        r.rules.len(),
        times[0],
        times[times.len() / 2],
        runs
    );
    assert_eq!(r.min_count, 10);
    assert_eq!(r.frequent_itemsets, 13_492);
    assert_eq!(r.rules.len(), 5_668);
    let mut by_len = [0usize; 11];
    for x in &r.rules {
        by_len[x.antecedent.len() + x.consequent.len()] += 1;
    }
    assert_eq!(by_len, [0, 0, 11, 1_461, 3_211, 939, 46, 0, 0, 0, 0]);

    let top = &r.rules[0];
    assert_eq!(top.antecedent, ["Instant food products", "soda"]);
    assert_eq!(top.consequent, ["hamburger meat"]);
    assert_eq!(top.count, 12);
    assert_eq!(round(top.support, 6), 0.001220);
    assert_eq!(round(top.confidence, 4), 0.6316);
    assert_eq!(round(top.lift, 4), 18.9957);
    assert_eq!(round(top.leverage, 6), 0.001156);
    assert_eq!(round(top.conviction.unwrap(), 4), 2.6240);

    let bundles = rules::bundles(&r, 3);
    assert_eq!(bundles.len(), 3);
    assert!(bundles[0].sentence.starts_with(
        "12 baskets (0.12%) contain Instant food products, soda and hamburger meat; \
         63% of buyers of Instant food products and soda also bought hamburger meat; 19×"
    ));
}

#[test]
fn groceries_rules_at_0_8() {
    let Some(b) = groceries() else { return };
    let r = rules::mine(&b, &params(0.001, 0.8)).unwrap();
    assert_eq!(r.rules.len(), 410);
    let top = &r.rules[0];
    assert_eq!(top.antecedent, ["liquor", "red/blush wine"]);
    assert_eq!(top.consequent, ["bottled beer"]);
    assert_eq!(top.count, 19);
    assert_eq!(round(top.confidence, 4), 0.9048);
    assert_eq!(round(top.lift, 4), 11.2353);
    // The JSON keys the CLI prints.
    let json = serde_json::to_value(top).unwrap();
    for key in [
        "antecedent",
        "consequent",
        "count",
        "support",
        "confidence",
        "lift",
        "leverage",
        "conviction",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
}

/// Our rules equal mlxtend's on `tests/fixtures/baskets_small.csv` (made and scored by
/// `bench/rules_reference.py`): the same rules, counts exactly, support, confidence and lift to
/// 1e-9. mlxtend has no rule with an empty antecedent; ours are checked separately.
#[test]
fn rules_match_mlxtend_on_the_committed_baskets() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{dir}/tests/fixtures/baskets_small.csv")).unwrap();
    let reference: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}/tests/reference/baskets_small_rules.json"))
            .unwrap(),
    )
    .unwrap();
    let b = Baskets::from_lines(&text);
    assert_eq!(b.len() as u64, reference["baskets"].as_u64().unwrap());
    let p = RulesParams {
        min_support: reference["min_support"].as_f64().unwrap(),
        min_confidence: reference["min_confidence"].as_f64().unwrap(),
        max_len: reference["max_len"].as_u64().unwrap() as usize,
        max_rules: None,
    };
    let r = rules::mine(&b, &p).unwrap();
    assert!(r.cut.is_none());
    assert_eq!(
        r.frequent_itemsets as u64,
        reference["frequent_itemsets"].as_u64().unwrap()
    );
    let (empty, mut ours): (Vec<_>, Vec<_>) = r.rules.iter().partition(|x| x.antecedent.is_empty());
    // {} → {y}: confidence = support of y, kept when it reaches min_confidence.
    for x in &empty {
        assert!(x.confidence >= p.min_confidence && (x.confidence - x.support).abs() < 1e-12);
    }
    ours.sort_by(|a, c| (&a.antecedent, &a.consequent).cmp(&(&c.antecedent, &c.consequent)));
    let want = reference["rules"].as_array().unwrap();
    assert_eq!(ours.len(), want.len());
    assert!(want.len() > 100, "{}", want.len());
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    for (got, want) in ours.iter().zip(want) {
        assert_eq!(got.antecedent, strings(&want["antecedent"]));
        assert_eq!(got.consequent, strings(&want["consequent"]));
        assert_eq!(u64::from(got.count), want["count"].as_u64().unwrap());
        for (name, x) in [
            ("support", got.support),
            ("confidence", got.confidence),
            ("lift", got.lift),
        ] {
            let w = want[name].as_f64().unwrap();
            assert!((x - w).abs() <= 1e-9, "{name}: {x} vs {w} for {got:?}");
        }
    }
}

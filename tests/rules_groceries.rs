//! The arules reference figures on the Groceries data (shared/data/README.md).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use livelens::rules::{self, Baskets, RulesParams};
use std::time::Instant;

const GROCERIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/groceries.csv");

fn groceries() -> Baskets {
    let text = std::fs::read_to_string(GROCERIES).expect("shared/data/groceries.csv");
    Baskets::from_lines(&text)
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
    let b = groceries();
    assert_eq!(b.len(), 9835);
    assert_eq!(b.items.len(), 169);
    let items: usize = b.baskets.iter().map(Vec::len).sum();
    assert_eq!(items, 43367);
}

#[test]
fn groceries_frequent_itemsets() {
    let b = groceries();
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
    let b = groceries();
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
    let b = groceries();
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

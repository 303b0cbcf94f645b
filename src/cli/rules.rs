//! `livelens rules`: association rules from a basket file or from the payments of exports.

use std::time::Instant;

use super::args::Args;
use super::table::table;
use super::{input, options, out, print_json, Failure};
use livelens::rules::{self, BasketBy, Baskets, Rule, RulesCut, RulesParams};

pub fn run(a: &Args) -> Result<(), Failure> {
    a.only(&input::known(&[
        "baskets",
        "min-support",
        "min-confidence",
        "max-len",
        "basket-by",
        "top",
        "json",
    ]))
    .map_err(Failure::Usage)?;
    let defaults = RulesParams::default();
    let p = RulesParams {
        min_support: options::fraction(a, "min-support", false)?.unwrap_or(defaults.min_support),
        min_confidence: options::fraction(a, "min-confidence", true)?
            .unwrap_or(defaults.min_confidence),
        max_len: options::number_in(
            a,
            "max-len",
            |n: &usize| (1..=10).contains(n),
            "an integer from 1 to 10",
        )?
        .unwrap_or(10),
        max_rules: None,
    };
    let top =
        options::number_in(a, "top", |n: &usize| *n >= 1, "a positive integer")?.unwrap_or(20);
    let basket_by = options::basket_by(a)?;
    let from_exports = ["events", "orders", "file"]
        .iter()
        .any(|o| a.value(o).is_some());
    let (baskets, source) =
        match a.value("baskets") {
            Some(_) if from_exports || basket_by.is_some() => {
                return Err(Failure::Usage(
                    "--baskets reads baskets from a file: give it alone, or give exports \
                 (--events/--orders, --basket-by) instead"
                        .into(),
                ))
            }
            Some(path) => (read_baskets(path)?, path.to_owned()),
            None if !from_exports => return Err(Failure::Usage(
                "rules needs --baskets FILE, or --events/--orders to form baskets from payments"
                    .into(),
            )),
            None => {
                let loaded = input::load(a, "rules")?;
                let by = basket_by.unwrap_or(BasketBy::PersonSession);
                let b = rules::baskets_from_dataset(&loaded.dataset, by);
                let key = match by {
                    BasketBy::Order => "order",
                    BasketBy::PersonSession => "person_session",
                };
                (b, format!("the payments (one basket per {key})"))
            }
        };
    let t0 = Instant::now();
    let result = rules::mine(&baskets, &p).map_err(|e| Failure::Run(format!("{source}: {e}")))?;
    eprintln!(
        "mined {} rules from {} baskets of {} items ({} frequent itemsets) in {:.2} s",
        result.rules_found,
        result.baskets,
        result.items,
        result.frequent_itemsets,
        t0.elapsed().as_secs_f64()
    );
    if let Some(cut) = &result.cut {
        eprintln!("warning: association rules were cut: {}", cut.message);
    }
    if a.flag("json") {
        #[derive(serde::Serialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        struct Out<'a> {
            rules: &'a [Rule],
            rules_found: usize,
            max_len: usize,
            cut: Option<&'a RulesCut>,
        }
        return print_json(&Out {
            rules: &result.rules,
            rules_found: result.rules_found,
            max_len: result.max_len,
            cut: result.cut.as_ref(),
        });
    }
    let count = match result.rules.len() {
        n if n < result.rules_found => format!("{n} of {}", result.rules_found),
        n => n.to_string(),
    };
    let mut text = format!(
        "{count} rules from {} baskets (min support {} = {} baskets, min confidence {}){}\n",
        result.baskets,
        p.min_support,
        result.min_count,
        p.min_confidence,
        match result.rules.len() {
            0 => String::new(),
            n if n > top => format!("; the top {top} by lift:"),
            _ => ", by lift:".into(),
        }
    );
    let rows: Vec<Vec<String>> = result
        .rules
        .iter()
        .take(top)
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                format!("{{{}}}", r.antecedent.join(", ")),
                format!("{{{}}}", r.consequent.join(", ")),
                format!("{:.6}", r.support),
                format!("{:.4}", r.confidence),
                format!("{:.4}", r.lift),
                format!("{:.6}", r.leverage),
                r.conviction
                    .map_or_else(|| "inf".to_owned(), |c| format!("{c:.4}")),
                r.count.to_string(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        text.push_str(&table(
            &[
                "#",
                "antecedent",
                "consequent",
                "support",
                "confidence",
                "lift",
                "leverage",
                "conviction",
                "count",
            ],
            &rows,
        ));
    }
    out(&text)
}

/// Reads a basket file: UTF-8 text, one basket per line.
fn read_baskets(path: &str) -> Result<Baskets, Failure> {
    let bytes = input::read_bytes(path)?;
    if bytes.contains(&0) {
        return Err(Failure::Run(format!(
            "{path}: this is not a text file (it holds NUL bytes); expected one basket per line, items separated by commas"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Failure::Run(format!(
            "{path}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let b = Baskets::from_lines(text);
    if b.is_empty() {
        return Err(Failure::Run(format!(
            "{path}: no baskets (the file is empty or has only blank lines)"
        )));
    }
    Ok(b)
}

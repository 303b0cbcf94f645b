//! Association rules with the conventions of R's `arules` (`apriori(..., target = "rules")`),
//! mined with FP-Growth ([`fpgrowth`]).
//!
//! As `metrics.md` defines them: support(X) = baskets containing X / baskets; rules X → {y} have
//! a single item on the right and are kept when count(X ∪ {y}) ≥ ceil(min_support × baskets) and
//! confidence ≥ min_confidence. Like `arules` (`minlen = 1`, `maxlen = 10`), `max_len` bounds the
//! number of items of X ∪ {y}, and a rule with an empty left-hand side ({} → {y}, confidence =
//! support of y) is produced when it meets both thresholds.
//!
//! confidence = s(X∪y)/s(X); lift = confidence / s(y); leverage = s(X∪y) − s(X)s(y);
//! conviction = (1 − s(y)) / (1 − confidence), `None` (infinite) when confidence = 1.

mod fpgrowth;
mod mine;

pub use mine::mine;

use crate::model::{Dataset, EventKind, NONE};
use crate::{Error, Result};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Most frequent itemsets mined (memory of a browser tab, ~25 MB with their index): beyond it,
/// [`mine`] lowers `max_len` until the itemsets fit and says so in [`RulesResult::cut`].
/// Groceries at min support 0.001 has 13,492.
pub const MAX_FREQUENT_ITEMSETS: usize = 200_000;

/// Most rules [`mine`] keeps (the first in the rules' order), whatever `max_rules` says: the
/// candidates are never all held at once (at most twice this many). Groceries at 0.001/0.5
/// gives 5,668.
pub const MAX_RULES: usize = 100_000;

/// A set of baskets (transactions).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Baskets {
    /// Item labels; an item's id is its index.
    pub items: Vec<String>,
    /// Each basket's item ids, sorted and deduplicated.
    pub baskets: Vec<Vec<u32>>,
}

impl Baskets {
    /// Reads one basket per line, items separated by commas (the `arules` "basket" format,
    /// `sep = ","`). Lines that are empty (or only spaces) are skipped; each item is trimmed of
    /// surrounding whitespace (and a line of a CRLF file of its `\r`), empty items are dropped
    /// and repeated items counted once. Labels get ids in sorted (byte) order, as `arules` sorts
    /// its item labels.
    ///
    /// On `groceries.csv` this gives arules' 169 items and all its figures; the only difference
    /// is that two labels lose a stray trailing space (`"cream cheese "`, `"roll products "`).
    pub fn from_lines(text: &str) -> Baskets {
        let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
        let mut labels: Vec<&str> = Vec::new();
        let mut baskets: Vec<Vec<u32>> = Vec::new();
        // Lines end with LF, CRLF or a lone CR (classic Mac exports): a CR-only file is many
        // baskets, not one.
        for line in text.split(['\n', '\r']) {
            let mut basket: Vec<u32> = line
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    *ids.entry(s).or_insert_with(|| {
                        labels.push(s);
                        (labels.len() - 1) as u32
                    })
                })
                .collect();
            if basket.is_empty() {
                continue;
            }
            basket.sort_unstable();
            basket.dedup();
            baskets.push(basket);
        }
        // Renumber by label order.
        let mut by_label: Vec<u32> = (0..labels.len() as u32).collect();
        crate::sort::by_key(&mut by_label, |&i| {
            labels.get(i as usize).copied().unwrap_or("")
        });
        let mut new_id = vec![0u32; labels.len()];
        for (new, &old) in by_label.iter().enumerate() {
            if let Some(slot) = new_id.get_mut(old as usize) {
                *slot = new as u32;
            }
        }
        for b in &mut baskets {
            for i in b.iter_mut() {
                *i = new_id.get(*i as usize).copied().unwrap_or(*i);
            }
            b.sort_unstable();
        }
        let items = by_label
            .iter()
            .map(|&i| labels.get(i as usize).copied().unwrap_or("").to_owned())
            .collect();
        Baskets { items, baskets }
    }

    /// Number of baskets.
    pub fn len(&self) -> usize {
        self.baskets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.baskets.is_empty()
    }
}

/// What makes one basket of a [`Dataset`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BasketBy {
    /// The items of the `pay` events sharing an order id; a `pay` row without an order id is a
    /// basket of its own.
    #[default]
    Order,
    /// The items paid by one person in one live session; a `pay` row without a session is a
    /// basket of its own.
    PersonSession,
}

/// Baskets of the items bought (`pay` events with an item) in a dataset. Item labels are the
/// dataset's item ids (`ds.items`), with the same numeric ids; baskets with no item are left out.
pub fn baskets_from_dataset(ds: &Dataset, by: BasketBy) -> Baskets {
    let ev = &ds.events;
    let n = ev.len();
    // (group key, item): single-row baskets get keys above every shared key.
    let mut pairs: Vec<(u64, u32)> = Vec::new();
    for i in 0..n {
        let (Some(&kind), Some(&item)) = (ev.kind.get(i), ev.item.get(i)) else {
            continue;
        };
        if kind != EventKind::Pay || item == NONE {
            continue;
        }
        let own = (1u64 << 63) | i as u64;
        let key = match by {
            BasketBy::Order => match ev.order.get(i).copied() {
                Some(o) if o != NONE => o as u64,
                _ => own,
            },
            BasketBy::PersonSession => {
                let user = ev.user.get(i).copied().unwrap_or(NONE);
                match ev.session.get(i).copied() {
                    Some(s) if s != NONE => ((user as u64) << 32) | s as u64,
                    _ => own,
                }
            }
        };
        pairs.push((key, item));
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut baskets: Vec<Vec<u32>> = Vec::new();
    let mut last_key = None;
    for &(key, item) in &pairs {
        if last_key != Some(key) {
            baskets.push(Vec::new());
            last_key = Some(key);
        }
        if let Some(b) = baskets.last_mut() {
            b.push(item);
        }
    }
    Baskets {
        items: ds.items.names().to_vec(),
        baskets,
    }
}

/// Settings of [`mine`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct RulesParams {
    /// Minimum support of X ∪ {y}, a share of baskets in (0, 1].
    pub min_support: f64,
    /// Minimum confidence, in [0, 1].
    pub min_confidence: f64,
    /// Maximum number of items of X ∪ {y} (arules' `maxlen`, default 10), at least 1.
    pub max_len: usize,
    /// Keep only the first rules of the sorted list (`None`: all).
    pub max_rules: Option<usize>,
}

impl Default for RulesParams {
    /// min_support 0.001, min_confidence 0.5, max_len 10, at most 1,000 rules.
    fn default() -> Self {
        RulesParams {
            min_support: 0.001,
            min_confidence: 0.5,
            max_len: 10,
            max_rules: Some(1000),
        }
    }
}

impl RulesParams {
    /// Checks the settings; [`Error::Params`] says what is wrong.
    pub fn validate(&self) -> Result<()> {
        if !(self.min_support.is_finite() && self.min_support > 0.0 && self.min_support <= 1.0) {
            return Err(Error::Params(format!(
                "min_support must be above 0 and at most 1 (got {})",
                self.min_support
            )));
        }
        if !(self.min_confidence.is_finite() && (0.0..=1.0).contains(&self.min_confidence)) {
            return Err(Error::Params(format!(
                "min_confidence must be between 0 and 1 (got {})",
                self.min_confidence
            )));
        }
        if self.max_len == 0 {
            return Err(Error::Params("max_len must be at least 1".into()));
        }
        if self.max_rules == Some(0) {
            return Err(Error::Params("max_rules must be at least 1".into()));
        }
        Ok(())
    }
}

/// `ceil(min_support × baskets)`, at least 1, robust to float error: a product within 1e-9
/// (relative) of an integer counts as that integer (0.01 × 1000 → 10, 0.001 × 9835 → 10).
pub fn min_count(min_support: f64, baskets: usize) -> u32 {
    let x = min_support * baskets as f64;
    if !x.is_finite() || x <= 0.0 {
        return 1;
    }
    let r = x.round();
    let c = if (x - r).abs() <= 1e-9 * x.max(1.0) {
        r
    } else {
        x.ceil()
    };
    c.clamp(1.0, u32::MAX as f64) as u32
}

/// A frequent itemset: item ids (sorted) and the number of baskets containing them all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FrequentItemset {
    pub items: Vec<u32>,
    pub count: u32,
}

/// All itemsets of 1 to `max_len` items contained in at least `min_count` baskets (a
/// `min_count` of 0 counts as 1). Order: depth-first FP-Growth order (not sorted).
pub fn frequent_itemsets(b: &Baskets, min_count: u32, max_len: usize) -> Vec<FrequentItemset> {
    let Ok(m) = fpgrowth::mine(&b.baskets, b.items.len(), min_count, max_len, None) else {
        return Vec::new();
    };
    (0..m.itemsets.len())
        .map(|k| {
            let mut items: Vec<u32> = m
                .itemsets
                .get(k)
                .iter()
                .filter_map(|&r| m.rank_to_id.get(r as usize).copied())
                .collect();
            items.sort_unstable();
            FrequentItemset {
                items,
                count: m.itemsets.counts.get(k).copied().unwrap_or(0),
            }
        })
        .collect()
}

/// One rule X → {y}.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rule {
    /// X, labels in sorted order (may be empty).
    pub antecedent: Vec<String>,
    /// {y}: one label.
    pub consequent: Vec<String>,
    /// Baskets containing X ∪ {y}.
    pub count: u32,
    pub support: f64,
    pub confidence: f64,
    pub lift: f64,
    pub leverage: f64,
    /// `None` (null) = infinite, when confidence is 1.
    pub conviction: Option<f64>,
}

/// Result of [`mine`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RulesResult {
    /// Number of baskets.
    pub baskets: usize,
    /// Number of distinct items.
    pub items: usize,
    /// Minimum count of X ∪ {y}: ceil(min_support × baskets).
    pub min_count: u32,
    /// Number of frequent itemsets (1 to `max_len` items).
    pub frequent_itemsets: usize,
    /// Most items in a rule actually mined: the `max_len` asked for, or less when longer
    /// itemsets would pass [`MAX_FREQUENT_ITEMSETS`] (then `cut` says so).
    #[serde(default)]
    pub max_len: usize,
    /// Rules meeting both thresholds (up to `max_len` items), before any cut to `max_rules` or
    /// [`MAX_RULES`].
    #[serde(default)]
    pub rules_found: usize,
    /// What the safety limits cut, `None` when nothing was.
    #[serde(default)]
    pub cut: Option<RulesCut>,
    /// Sorted by lift, then confidence, then support (all descending), then antecedent labels
    /// and consequent label (ascending); cut to `max_rules` (and to [`MAX_RULES`]).
    pub rules: Vec<Rule>,
}

/// What [`mine`]'s safety limits left out, so that a result is never silently partial.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RulesCut {
    /// The `max_len` asked for, when itemsets that long were not mined because there were more
    /// than [`MAX_FREQUENT_ITEMSETS`] of them (the rules have at most `RulesResult::max_len`
    /// items instead).
    pub max_len_lowered_from: Option<usize>,
    /// Rules left out by [`MAX_RULES`] (the lowest by the rules' order), 0 if none.
    pub rules_dropped: usize,
    /// The cut in one English sentence.
    pub message: String,
}

/// A suggestion of items to sell together, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Bundle {
    /// All items of the bundle (antecedent then consequent).
    pub items: Vec<String>,
    pub antecedent: Vec<String>,
    pub consequent: Vec<String>,
    /// Baskets containing the whole bundle.
    pub count: u32,
    pub support: f64,
    pub confidence: f64,
    pub lift: f64,
    /// The evidence in one plain sentence.
    pub sentence: String,
}

/// Up to `top` bundle suggestions: the rules with lift above 1 and a non-empty antecedent, in
/// the order of `result.rules` (by lift), one per set of items (the first rule of that set).
pub fn bundles(result: &RulesResult, top: usize) -> Vec<Bundle> {
    let mut seen: Vec<Vec<&str>> = Vec::new();
    let mut out = Vec::new();
    for r in &result.rules {
        if out.len() >= top {
            break;
        }
        if r.antecedent.is_empty() || r.lift.is_nan() || r.lift <= 1.0 {
            continue;
        }
        let mut key: Vec<&str> = r
            .antecedent
            .iter()
            .chain(&r.consequent)
            .map(String::as_str)
            .collect();
        key.sort_unstable();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let items: Vec<String> = r.antecedent.iter().chain(&r.consequent).cloned().collect();
        let sentence = format!(
            "{} {} ({}) contain {}; {} of buyers of {} also bought {}; {}× more than usual",
            r.count,
            if r.count == 1 { "basket" } else { "baskets" },
            percent(r.support, true),
            list(&items),
            percent(r.confidence, false),
            list(&r.antecedent),
            list(&r.consequent),
            format_lift(r.lift),
        );
        out.push(Bundle {
            items,
            antecedent: r.antecedent.clone(),
            consequent: r.consequent.clone(),
            count: r.count,
            support: r.support,
            confidence: r.confidence,
            lift: r.lift,
            sentence,
        });
    }
    out
}

/// "A", "A and B", "A, B and C".
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// A share as a percentage: small shares keep two decimals (`fine`), confidences none.
fn percent(share: f64, fine: bool) -> String {
    let pct = share * 100.0;
    if !fine {
        format!("{pct:.0}%")
    } else if pct < 1.0 {
        format!("{pct:.2}%")
    } else {
        format!("{pct:.1}%")
    }
}

fn format_lift(lift: f64) -> String {
    if lift >= 10.0 {
        format!("{lift:.0}")
    } else {
        format!("{lift:.1}")
    }
}

#[cfg(test)]
mod tests;

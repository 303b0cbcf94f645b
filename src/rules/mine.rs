//! [`mine`]: frequent itemsets → rules, with the work bounded before anything is materialised.
//!
//! Two safety limits keep one odd basket (a buyer paying 22 products in one session gives 4
//! million itemsets and tens of millions of rules) from exhausting memory:
//! - at most [`MAX_FREQUENT_ITEMSETS`] itemsets: FP-Growth stops as soon as it passes the limit,
//!   and mining is redone with `max_len` one lower until the itemsets fit;
//! - at most [`MAX_RULES`] rules (or `max_rules`, if lower): candidates are gathered in a buffer
//!   that is cut back to the best rules whenever it holds twice the limit, so memory stays
//!   proportional to the limit, while every rule is still counted (`rules_found`).
//!
//! Whatever a limit left out is reported in [`RulesResult::cut`].

use std::cmp::Ordering;

use rustc_hash::FxHashMap;

use super::{
    fpgrowth, min_count, Baskets, Rule, RulesCut, RulesParams, RulesResult, MAX_FREQUENT_ITEMSETS,
    MAX_RULES,
};
use crate::model::NONE;
use crate::{Error, Result};

/// A rule before its labels are looked up.
struct RawRule {
    count: u32,
    count_x: u32,
    /// Rank of y.
    y: u32,
    lift: f64,
    confidence: f64,
    /// Antecedent as label positions (ascending) in `ante`.
    start: u32,
    len: u32,
}

/// The candidate rules kept so far: at most `2 × cap` (and at least `cap + 4096`) before a cut.
struct Kept<'a> {
    raw: Vec<RawRule>,
    ante: Vec<u32>,
    cap: usize,
    label_pos: &'a [u32],
}

impl Kept<'_> {
    fn ante_of<'b>(ante: &'b [u32], r: &RawRule) -> &'b [u32] {
        ante.get(r.start as usize..(r.start + r.len) as usize)
            .unwrap_or(&[])
    }

    /// The rules' order: lift, confidence, count (descending), then antecedent and consequent
    /// labels (ascending).
    fn order(ante: &[u32], label_pos: &[u32], a: &RawRule, c: &RawRule) -> Ordering {
        c.lift
            .total_cmp(&a.lift)
            .then(c.confidence.total_cmp(&a.confidence))
            .then(c.count.cmp(&a.count))
            .then_with(|| Self::ante_of(ante, a).cmp(Self::ante_of(ante, c)))
            .then_with(|| {
                let py = |r: &RawRule| label_pos.get(r.y as usize).copied().unwrap_or(0);
                py(a).cmp(&py(c))
            })
    }

    fn push(&mut self, rule: RawRule) {
        self.raw.push(rule);
        if self.raw.len() >= (2 * self.cap).max(self.cap + 4096) {
            self.cut();
        }
    }

    /// Keeps the first `cap` rules in order (unsorted) and compacts their antecedents.
    fn cut(&mut self) {
        if self.raw.len() <= self.cap {
            return;
        }
        let (ante, label_pos) = (&self.ante, self.label_pos);
        self.raw
            .select_nth_unstable_by(self.cap, |a, c| Self::order(ante, label_pos, a, c));
        self.raw.truncate(self.cap);
        let mut fresh = Vec::with_capacity(self.raw.len() * 4);
        for r in &mut self.raw {
            let start = fresh.len() as u32;
            fresh.extend_from_slice(Self::ante_of(&self.ante, r));
            r.start = start;
        }
        self.ante = fresh;
    }
}

/// Mines the rules of `b` (see the module documentation of [`crate::rules`] and of this file).
pub fn mine(b: &Baskets, p: &RulesParams) -> Result<RulesResult> {
    p.validate()?;
    let n = b.baskets.len();
    if n == 0 {
        return Err(Error::NotEnoughData(
            "no baskets to mine association rules from".into(),
        ));
    }
    let min_count = min_count(p.min_support, n);
    let (m, max_len) = itemsets_within_limit(b, min_count, p)?;
    let sets = &m.itemsets;

    // Position of each rank's label in sorted label order (for deterministic ties and output).
    let label = |id: u32| b.items.get(id as usize).map(String::as_str).unwrap_or("");
    let mut by_label: Vec<u32> = (0..m.rank_to_id.len() as u32).collect();
    crate::sort::by(&mut by_label, |&a, &c| {
        let (ia, ic) = (rank_id(&m, a), rank_id(&m, c));
        label(ia).cmp(label(ic)).then(ia.cmp(&ic))
    });
    let mut label_pos = vec![0u32; by_label.len()];
    for (pos, &r) in by_label.iter().enumerate() {
        if let Some(slot) = label_pos.get_mut(r as usize) {
            *slot = pos as u32;
        }
    }

    let mut count_of: FxHashMap<&[u32], u32> = FxHashMap::default();
    count_of.reserve(sets.len());
    for k in 0..sets.len() {
        count_of.insert(sets.get(k), sets.counts.get(k).copied().unwrap_or(0));
    }

    let asked = p.max_rules.unwrap_or(usize::MAX);
    let mut kept = Kept {
        raw: Vec::new(),
        ante: Vec::new(),
        cap: asked.min(MAX_RULES),
        label_pos: &label_pos,
    };
    let mut rules_found = 0usize;
    let nf = n as f64;
    let mut x: Vec<u32> = Vec::new();
    for k in 0..sets.len() {
        let set = sets.get(k);
        let count = sets.counts.get(k).copied().unwrap_or(0);
        for (j, &y) in set.iter().enumerate() {
            x.clear();
            x.extend(
                set.iter()
                    .enumerate()
                    .filter(|&(i, _)| i != j)
                    .map(|(_, &r)| r),
            );
            let count_x = if x.is_empty() {
                u32::try_from(n).unwrap_or(u32::MAX)
            } else {
                match count_of.get(x.as_slice()) {
                    Some(&c) => c,
                    None => continue,
                }
            };
            if count_x == 0 {
                continue;
            }
            let confidence = count as f64 / count_x as f64;
            if confidence < p.min_confidence {
                continue;
            }
            rules_found += 1;
            let count_y = m.rank_count.get(y as usize).copied().unwrap_or(0);
            let sy = count_y as f64 / nf;
            let lift = if sy > 0.0 { confidence / sy } else { 0.0 };
            let start = kept.ante.len();
            kept.ante.extend(
                x.iter()
                    .map(|&r| label_pos.get(r as usize).copied().unwrap_or(0)),
            );
            if let Some(seg) = kept.ante.get_mut(start..) {
                seg.sort_unstable();
            }
            kept.push(RawRule {
                count,
                count_x,
                y,
                lift,
                confidence,
                start: start as u32,
                len: x.len() as u32,
            });
        }
    }
    kept.cut();
    let Kept { mut raw, ante, .. } = kept;
    crate::sort::by(&mut raw, |a, c| Kept::order(&ante, &label_pos, a, c));

    let rules: Vec<Rule> = raw
        .iter()
        .map(|r| {
            let antecedent = Kept::ante_of(&ante, r)
                .iter()
                .filter_map(|&pos| by_label.get(pos as usize))
                .map(|&rank| label(rank_id(&m, rank)).to_owned())
                .collect();
            let count_y = m.rank_count.get(r.y as usize).copied().unwrap_or(0);
            let (s, sx, sy) = (
                r.count as f64 / nf,
                r.count_x as f64 / nf,
                count_y as f64 / nf,
            );
            Rule {
                antecedent,
                consequent: vec![label(rank_id(&m, r.y)).to_owned()],
                count: r.count,
                support: s,
                confidence: r.confidence,
                lift: r.lift,
                leverage: s - sx * sy,
                conviction: (r.count < r.count_x).then(|| (1.0 - sy) / (1.0 - r.confidence)),
            }
        })
        .collect();

    let rules_dropped = if asked > MAX_RULES {
        rules_found.saturating_sub(rules.len())
    } else {
        0
    };
    let cut = cut(p.max_len, max_len, rules_found, rules_dropped, rules.len());
    Ok(RulesResult {
        baskets: n,
        items: b.items.len(),
        min_count,
        frequent_itemsets: sets.len(),
        max_len,
        rules_found,
        cut,
        rules,
    })
}

/// The frequent itemsets of up to `p.max_len` items, or of the longest length whose itemsets
/// stay within [`MAX_FREQUENT_ITEMSETS`]. When `p.max_len` is too long, lengths are tried upwards
/// from 1 (each run is cheaper than the next, and the first failing one stops at the limit), so
/// the work is at most about three runs of the limit's size.
fn itemsets_within_limit(
    b: &Baskets,
    min_count: u32,
    p: &RulesParams,
) -> Result<(fpgrowth::Mined, usize)> {
    let run = |len: usize| {
        fpgrowth::mine(
            &b.baskets,
            b.items.len(),
            min_count,
            len,
            Some(MAX_FREQUENT_ITEMSETS),
        )
    };
    if let Ok(m) = run(p.max_len) {
        return Ok((m, p.max_len));
    }
    let mut best = None;
    for len in 1..p.max_len {
        match run(len) {
            Ok(m) => best = Some((m, len)),
            Err(_) => break,
        }
    }
    best.ok_or_else(|| {
        Error::Params(format!(
            "min_support {} is too low for these baskets: more than {} frequent items; raise it",
            p.min_support, MAX_FREQUENT_ITEMSETS
        ))
    })
}

/// The sentence of what the limits cut, if anything.
fn cut(
    asked_len: usize,
    used_len: usize,
    found: usize,
    dropped: usize,
    kept: usize,
) -> Option<RulesCut> {
    let mut parts = Vec::new();
    if used_len < asked_len {
        parts.push(format!(
            "only rules of up to {used_len} items were mined: rules of up to {asked_len} items \
             would need more than {MAX_FREQUENT_ITEMSETS} frequent itemsets (raise min_support \
             or lower max_len)"
        ));
    }
    if dropped > 0 {
        parts.push(format!(
            "{found} rules were found; only the first {kept} by lift were kept (at most \
             {MAX_RULES})"
        ));
    }
    (!parts.is_empty()).then(|| RulesCut {
        max_len_lowered_from: (used_len < asked_len).then_some(asked_len),
        rules_dropped: dropped,
        message: parts.join("; "),
    })
}

fn rank_id(m: &fpgrowth::Mined, rank: u32) -> u32 {
    m.rank_to_id.get(rank as usize).copied().unwrap_or(NONE)
}

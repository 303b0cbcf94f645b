//! Coupons: claim rate, redemption rate, discount cost, incremental GMV and cost per extra
//! buyer (`metrics.md`, "Interaction tools").
//!
//! Per coupon id: `claims` = `coupon_claim` rows, `uses` = `coupon_use` rows (or, when the data
//! has no `coupon_use` row at all, `pay` rows with the coupon); redemption = uses / claims; claim
//! rate = distinct claimers / viewers of the sessions where it was claimed; discount cost = the
//! `discount` column summed over the pays with the coupon (absent without that column). Extra
//! buyers and incremental GMV come from the matched comparison of claimers with similar present
//! non-claimers ([`super::matching`]): Σ over strata of claimers × (their conversion − the
//! others'), with its 95% interval; cost per extra buyer = discount cost / extra buyers (absent
//! unless extra buyers > 0).

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::matching::{MatchedSums, ParticipantEffect};
use crate::compare::stats::Z_95;
use crate::model::{Dataset, EventKind, NONE};

/// One coupon (or all together: `coupon` = `""`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CouponRow {
    pub coupon: String,
    pub sessions: Vec<String>,
    pub claims: u64,
    pub claimers: u64,
    pub uses: u64,
    /// Viewers (person-sessions) of the sessions where it was claimed.
    pub viewers: u64,
    pub claim_rate: Option<f64>,
    pub redemption_rate: Option<f64>,
    pub redemption_low: Option<f64>,
    pub redemption_high: Option<f64>,
    pub discount_cost: Option<f64>,
    /// GMV of the pays made with the coupon.
    pub coupon_gmv: f64,
    pub extra_buyers: Option<f64>,
    pub extra_buyers_low: Option<f64>,
    pub extra_buyers_high: Option<f64>,
    pub incremental_gmv: Option<f64>,
    pub incremental_gmv_low: Option<f64>,
    pub incremental_gmv_high: Option<f64>,
    pub cost_per_extra_buyer: Option<f64>,
}

/// The matched sums of one coupon's windows.
#[derive(Debug, Clone, Default)]
pub(super) struct Acc {
    sessions: Vec<u32>,
    m: MatchedSums,
}

impl Acc {
    pub(super) fn add_window(&mut self, s: u32, _e: &ParticipantEffect, m: &MatchedSums) {
        if !self.sessions.contains(&s) {
            self.sessions.push(s);
        }
        self.m.add(m);
    }
}

#[derive(Default)]
struct Counts {
    claims: u64,
    claimers: FxHashSet<u32>,
    uses: u64,
    pay_uses: u64,
    discount: Option<f64>,
    gmv: f64,
}

/// The coupon rows, most claims first, then the total.
pub(super) fn rows(ds: &Dataset, acc: &FxHashMap<u32, Acc>) -> Vec<CouponRow> {
    let ev = &ds.events;
    let x = &ev.extra;
    let has_use_rows = ds.has_kind(EventKind::CouponUse);
    let mut counts: FxHashMap<u32, Counts> = FxHashMap::default();
    for i in 0..ev.len() {
        let k = ev.kind[i];
        if !matches!(
            k,
            EventKind::CouponClaim | EventKind::CouponUse | EventKind::Pay
        ) {
            continue;
        }
        let c = x.coupon(i).unwrap_or(NONE);
        if k == EventKind::Pay && c == NONE {
            continue;
        }
        let e = counts.entry(c).or_default();
        match k {
            EventKind::CouponClaim => {
                e.claims += 1;
                e.claimers.insert(ev.user[i]);
            }
            EventKind::CouponUse => e.uses += 1,
            _ => {
                e.pay_uses += 1;
                e.gmv += ev.amount[i];
                if let Some(d) = x.discount(i) {
                    *e.discount.get_or_insert(0.0) += d;
                }
            }
        }
    }
    // Viewers per session (person-sessions with an enter).
    let mut seen: FxHashSet<(u32, u32)> = FxHashSet::default();
    let mut viewers = vec![0u64; ds.sessions.len()];
    for i in 0..ev.len() {
        if ev.kind[i] == EventKind::Enter && seen.insert((ev.session[i], ev.user[i])) {
            if let Some(v) = viewers.get_mut(ev.session[i] as usize) {
                *v += 1;
            }
        }
    }
    let mut ids: Vec<u32> = counts.keys().copied().collect();
    crate::sort::by(&mut ids, |a, b| {
        counts[b]
            .claims
            .cmp(&counts[a].claims)
            .then_with(|| x.coupons.name(*a).cmp(x.coupons.name(*b)))
    });
    let empty = Acc::default();
    let mut out = Vec::with_capacity(ids.len() + 1);
    let mut total = Counts::default();
    let mut total_acc = Acc::default();
    let mut total_viewers = 0;
    for id in &ids {
        let c = &counts[id];
        let a = acc.get(id).unwrap_or(&empty);
        let v: u64 = a
            .sessions
            .iter()
            .map(|&s| viewers.get(s as usize).copied().unwrap_or(0))
            .sum();
        let name = if *id == NONE {
            "(no id)".to_owned()
        } else {
            x.coupons.name(*id).to_owned()
        };
        out.push(row(ds, name, c, a, v, has_use_rows));
        total.claims += c.claims;
        total.claimers.extend(c.claimers.iter().copied());
        total.uses += c.uses;
        total.pay_uses += c.pay_uses;
        total.gmv += c.gmv;
        if let Some(d) = c.discount {
            *total.discount.get_or_insert(0.0) += d;
        }
        for &s in &a.sessions {
            if !total_acc.sessions.contains(&s) {
                total_acc.sessions.push(s);
                total_viewers += viewers.get(s as usize).copied().unwrap_or(0);
            }
        }
        total_acc.m.add(&a.m);
    }
    if ids.len() > 1 {
        out.push(row(
            ds,
            String::new(),
            &total,
            &total_acc,
            total_viewers,
            has_use_rows,
        ));
    }
    out
}

fn row(
    ds: &Dataset,
    coupon: String,
    c: &Counts,
    a: &Acc,
    viewers: u64,
    use_rows: bool,
) -> CouponRow {
    let uses = if use_rows { c.uses } else { c.pay_uses };
    let ci = super::wilson95(uses.min(c.claims), c.claims);
    let m = &a.m;
    let extra = (m.n1 > 0.0).then_some(m.conv);
    let extra_half = Z_95 * m.conv_var.sqrt();
    let inc = (m.n1 > 0.0).then_some(m.gmv);
    let inc_half = Z_95 * m.gmv_var.sqrt();
    let mut sessions: Vec<String> = a
        .sessions
        .iter()
        .map(|&s| ds.sessions.name(s).to_owned())
        .collect();
    sessions.sort();
    CouponRow {
        coupon,
        sessions,
        claims: c.claims,
        claimers: c.claimers.len() as u64,
        uses,
        viewers,
        claim_rate: (viewers > 0).then(|| c.claimers.len() as f64 / viewers as f64),
        redemption_rate: (c.claims > 0).then(|| uses as f64 / c.claims as f64),
        redemption_low: ci.map(|c| c.0),
        redemption_high: ci.map(|c| c.1),
        discount_cost: c.discount,
        coupon_gmv: c.gmv,
        extra_buyers: extra,
        extra_buyers_low: extra.map(|e| e - extra_half),
        extra_buyers_high: extra.map(|e| e + extra_half),
        incremental_gmv: inc,
        incremental_gmv_low: inc.map(|e| e - inc_half),
        incremental_gmv_high: inc.map(|e| e + inc_half),
        cost_per_extra_buyer: c
            .discount
            .zip(extra)
            .and_then(|(d, e)| (e > 0.0).then(|| d / e)),
    }
}

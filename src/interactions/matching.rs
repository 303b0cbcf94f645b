//! Participants against the non-participants who were present in the window and had a similar
//! engagement before it: the same decile of prior watch time and the same decile of prior
//! comments (deciles among the persons present; equal values share a decile). The effect is
//! the difference of conversion (paid in the session) and of GMV per person, averaged over the
//! strata with the participants' weights (the effect on the participants); strata without a
//! non-participant are left out and counted.

use serde::{Deserialize, Serialize};

use crate::compare::{stats::Z_95, wilson};

/// A present person: participant?, prior watch seconds, prior comments, paid?, GMV.
#[derive(Debug, Clone, Copy)]
pub(super) struct Present {
    pub(super) participant: bool,
    pub(super) prior_watch: f64,
    pub(super) prior_comments: u32,
    pub(super) paid: bool,
    pub(super) gmv: f64,
}

/// Participants' conversion against the others', raw and matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ParticipantEffect {
    pub participants: u64,
    /// Participants who paid in the session.
    pub participant_buyers: u64,
    pub participant_rate: Option<f64>,
    pub participant_low: Option<f64>,
    pub participant_high: Option<f64>,
    /// Present non-participants.
    pub others: u64,
    pub other_buyers: u64,
    pub other_rate: Option<f64>,
    pub other_low: Option<f64>,
    pub other_high: Option<f64>,
    /// Participants in strata that also hold a non-participant.
    pub matched_participants: u64,
    /// Matched difference of conversion (participants − others), with its 95% interval.
    pub conversion_effect: Option<f64>,
    pub conversion_low: Option<f64>,
    pub conversion_high: Option<f64>,
    /// Matched difference of GMV per person, with its 95% interval.
    pub gmv_effect: Option<f64>,
    pub gmv_low: Option<f64>,
    pub gmv_high: Option<f64>,
    /// Whether the conversion interval excludes 0.
    pub distinguishable: bool,
}

/// Deciles by value (equal values share the lowest rank's decile).
///
/// The values are ranked in `f64::total_cmp`'s order, ties by position (a stable sort's
/// order), by sorting integer pairs: each value's `total_cmp` key (its bits, the magnitude's
/// flipped when negative, as `total_cmp` compares them) with its position. That sort is the
/// one the time order already uses; the stable sort of positions through a comparator called
/// by pointer was 0.6 % of the whole medium report's instructions (170 windows).
fn deciles(v: &[f64]) -> Vec<u8> {
    let mut keyed: Vec<(i64, u32)> = v
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let b = x.to_bits() as i64;
            // A window holds far fewer than 2³² persons (each takes memory).
            (b ^ (((b >> 63) as u64) >> 1) as i64, i as u32)
        })
        .collect();
    keyed.sort_unstable();
    let n = v.len().max(1);
    let mut out = vec![0u8; v.len()];
    let mut rank = 0;
    let mut last = f64::NAN;
    for (r, &(_, i)) in keyed.iter().enumerate() {
        let x = v.get(i as usize).copied().unwrap_or(f64::NAN);
        if r == 0 || x != last {
            rank = r;
        }
        last = x;
        if let Some(o) = out.get_mut(i as usize) {
            *o = ((rank * 10) / n).min(9) as u8;
        }
    }
    out
}

/// Sums of one stratum: (n, buyers, gmv, gmv²) for participants [0] and others [1].
type Stratum = [(f64, f64, f64, f64); 2];

/// The matched comparison as raw sums, so that windows can be pooled: (matched participants,
/// Σ w·Δconv, Σ w²·var(conv), Σ w·Δgmv, Σ w²·var(gmv)) with weights = stratum participants
/// (not yet divided by the total).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct MatchedSums {
    pub(super) n1: f64,
    pub(super) conv: f64,
    pub(super) conv_var: f64,
    pub(super) gmv: f64,
    pub(super) gmv_var: f64,
}

impl MatchedSums {
    pub(super) fn add(&mut self, o: &MatchedSums) {
        self.n1 += o.n1;
        self.conv += o.conv;
        self.conv_var += o.conv_var;
        self.gmv += o.gmv;
        self.gmv_var += o.gmv_var;
    }

    /// (conversion effect, low, high, gmv effect, low, high).
    pub(super) fn effect(&self) -> Option<[f64; 6]> {
        if self.n1 <= 0.0 {
            return None;
        }
        let c = self.conv / self.n1;
        let cs = self.conv_var.sqrt() / self.n1;
        let g = self.gmv / self.n1;
        let gs = self.gmv_var.sqrt() / self.n1;
        Some([
            c,
            c - Z_95 * cs,
            c + Z_95 * cs,
            g,
            g - Z_95 * gs,
            g + Z_95 * gs,
        ])
    }
}

/// The stratified sums of one window.
pub(super) fn matched(people: &[Present]) -> MatchedSums {
    let w: Vec<f64> = people.iter().map(|p| p.prior_watch).collect();
    let c: Vec<f64> = people.iter().map(|p| f64::from(p.prior_comments)).collect();
    let (dw, dc) = (deciles(&w), deciles(&c));
    let mut strata = vec![[(0.0, 0.0, 0.0, 0.0); 2]; 100];
    for (i, p) in people.iter().enumerate() {
        let s: &mut Stratum = &mut strata[dw[i] as usize * 10 + dc[i] as usize];
        let g = &mut s[usize::from(!p.participant)];
        g.0 += 1.0;
        g.1 += f64::from(u8::from(p.paid));
        g.2 += p.gmv;
        g.3 += p.gmv * p.gmv;
    }
    let mut out = MatchedSums::default();
    for s in &strata {
        let (p, o) = (s[0], s[1]);
        if p.0 == 0.0 || o.0 == 0.0 {
            continue;
        }
        let (r1, r0) = (p.1 / p.0, o.1 / o.0);
        let (m1, m0) = (p.2 / p.0, o.2 / o.0);
        let var = |n: f64, sum: f64, sq: f64| {
            if n < 2.0 {
                0.0
            } else {
                ((sq - sum * sum / n) / (n - 1.0)).max(0.0) / n
            }
        };
        out.n1 += p.0;
        out.conv += p.0 * (r1 - r0);
        out.conv_var += p.0 * p.0 * (r1 * (1.0 - r1) / p.0 + r0 * (1.0 - r0) / o.0);
        out.gmv += p.0 * (m1 - m0);
        out.gmv_var += p.0 * p.0 * (var(p.0, p.2, p.3) + var(o.0, o.2, o.3));
    }
    out
}

/// The effect from raw counts and pooled matched sums.
pub(super) fn participant_effect(
    (n1, x1): (u64, u64),
    (n0, x0): (u64, u64),
    m: &MatchedSums,
) -> ParticipantEffect {
    let c1 = wilson(x1, n1, Z_95);
    let c0 = wilson(x0, n0, Z_95);
    let e = m.effect();
    ParticipantEffect {
        participants: n1,
        participant_buyers: x1,
        participant_rate: (n1 > 0).then(|| x1 as f64 / n1 as f64),
        participant_low: c1.map(|c| c.0),
        participant_high: c1.map(|c| c.1),
        others: n0,
        other_buyers: x0,
        other_rate: (n0 > 0).then(|| x0 as f64 / n0 as f64),
        other_low: c0.map(|c| c.0),
        other_high: c0.map(|c| c.1),
        matched_participants: m.n1 as u64,
        conversion_effect: e.map(|e| e[0]),
        conversion_low: e.map(|e| e[1]),
        conversion_high: e.map(|e| e[2]),
        gmv_effect: e.map(|e| e[3]),
        gmv_low: e.map(|e| e[4]),
        gmv_high: e.map(|e| e[5]),
        distinguishable: e.is_some_and(|e| e[1] > 0.0 || e[2] < 0.0),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn deciles_share_ties() {
        assert_eq!(deciles(&[0.0, 0.0, 5.0, 10.0]), vec![0, 0, 5, 7]);
        assert_eq!(deciles(&[3.0; 5]), vec![0; 5]);
    }

    /// The deciles as first written: positions stably sorted by `total_cmp`.
    fn deciles_by_stable_sort(v: &[f64]) -> Vec<u8> {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
        let n = v.len().max(1);
        let mut out = vec![0u8; v.len()];
        let mut rank = 0;
        for (r, &i) in idx.iter().enumerate() {
            if r == 0 || v[i] != v[idx[r - 1]] {
                rank = r;
            }
            out[i] = ((rank * 10) / n).min(9) as u8;
        }
        out
    }

    #[test]
    fn deciles_are_those_of_the_stable_sort_by_total_order() {
        let special = [
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            -1.5,
            3.0,
        ];
        let mut x = 7u64;
        for len in [0, 1, 2, 9, 10, 11, 57, 300] {
            let v: Vec<f64> = (0..len)
                .map(|_| {
                    x = x
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    match (x >> 60) % 3 {
                        0 => special[(x >> 33) as usize % special.len()],
                        1 => ((x >> 40) % 7) as f64,
                        _ => f64::from_bits(x >> 2) - 1e300,
                    }
                })
                .collect();
            assert_eq!(deciles(&v), deciles_by_stable_sort(&v), "{v:?}");
        }
    }

    #[test]
    fn matching_compares_within_strata() {
        // Heavy watchers convert; light ones do not. Participants are mostly heavy watchers,
        // so the raw rates differ while the matched effect is 0.
        let mut people = Vec::new();
        for i in 0..100 {
            let heavy = i % 2 == 0;
            people.push(Present {
                participant: if heavy { i % 10 != 0 } else { i % 10 == 1 },
                prior_watch: if heavy { 3000.0 } else { 10.0 },
                prior_comments: 0,
                paid: heavy,
                gmv: if heavy { 100.0 } else { 0.0 },
            });
        }
        let m = matched(&people);
        let e = m.effect().unwrap();
        assert!(e[0].abs() < 1e-12 && e[3].abs() < 1e-12, "{e:?}");
        let n1 = people.iter().filter(|p| p.participant).count() as u64;
        let x1 = people.iter().filter(|p| p.participant && p.paid).count() as u64;
        let pe = participant_effect((n1, x1), (100 - n1, 50 - x1), &m);
        assert!(pe.participant_rate.unwrap() > pe.other_rate.unwrap() + 0.5);
        assert!(!pe.distinguishable);
    }
}

//! Decision threshold of the purchase model and the precision–recall curve.
//!
//! - The threshold is chosen on the TRAINING rows' probabilities (never on the test set): the
//!   candidates are the distinct training scores (a person counts as a predicted buyer when
//!   `p >= threshold`). [`ThresholdChoice::F1`] takes the candidate with the highest F1 (the
//!   highest such threshold on a tie); [`ThresholdChoice::Recall`] the highest candidate whose
//!   recall reaches the target; [`ThresholdChoice::Fixed`] uses the given value as it is.
//! - The precision–recall curve is scikit-learn's `precision_recall_curve` read from the highest
//!   threshold down (one point per distinct score), and the average precision is its
//!   `average_precision_score`: `AP = Σ (R_k − R_{k−1}) · P_k` with `R_0 = 0`.

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// How the decision threshold is chosen. JSON: `"f1"`, `{"recall": 0.8}`, `{"fixed": 0.35}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ThresholdChoice {
    /// Maximise F1 on the training rows.
    #[default]
    F1,
    /// The highest threshold whose recall on the training rows reaches the target, in (0, 1].
    Recall(f64),
    /// This probability, in [0, 1].
    Fixed(f64),
}

impl ThresholdChoice {
    pub fn validate(&self) -> Result<()> {
        match *self {
            ThresholdChoice::F1 => Ok(()),
            ThresholdChoice::Recall(r) if r > 0.0 && r <= 1.0 => Ok(()),
            ThresholdChoice::Recall(r) => Err(Error::Params(format!(
                "the recall target must be above 0 and at most 1, not {r}"
            ))),
            ThresholdChoice::Fixed(t) if (0.0..=1.0).contains(&t) => Ok(()),
            ThresholdChoice::Fixed(t) => Err(Error::Params(format!(
                "the threshold must be between 0 and 1, not {t}"
            ))),
        }
    }
}

/// The threshold that was used and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChosenThreshold {
    pub threshold: f64,
    /// Precision, recall and F1 of the threshold on the training rows.
    pub train_precision: Option<f64>,
    pub train_recall: Option<f64>,
    pub train_f1: Option<f64>,
    /// Why this threshold, in words.
    pub reason: String,
    /// The same in Chinese.
    pub reason_zh: String,
}

/// One point of the precision–recall curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrPoint {
    pub threshold: f64,
    pub precision: f64,
    pub recall: f64,
}

/// Precision, recall and F1 at `p >= t`.
pub fn rates_at(scores: &[f64], y: &[bool], t: f64) -> (Option<f64>, Option<f64>, Option<f64>) {
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for (&s, &l) in scores.iter().zip(y) {
        match (s >= t, l) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            _ => {}
        }
    }
    let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
    let (p, r) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
    (p, r, f1(p, r))
}

/// Harmonic mean; 0 when both are 0, `None` when either is undefined.
pub fn f1(p: Option<f64>, r: Option<f64>) -> Option<f64> {
    match (p, r) {
        (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
        (Some(_), Some(_)) => Some(0.0),
        _ => None,
    }
}

/// (threshold, tp, fp) at every distinct score, highest first.
fn cumulative(scores: &[f64], y: &[bool]) -> Vec<(f64, u64, u64)> {
    let mut idx: Vec<usize> = (0..scores.len().min(y.len())).collect();
    crate::sort::by(&mut idx, |&a, &b| scores[b].total_cmp(&scores[a]));
    let mut out = Vec::new();
    let (mut tp, mut fp) = (0u64, 0u64);
    let mut i = 0;
    while i < idx.len() {
        let s = scores[idx[i]];
        while i < idx.len() && scores[idx[i]] == s {
            if y[idx[i]] {
                tp += 1;
            } else {
                fp += 1;
            }
            i += 1;
        }
        out.push((s, tp, fp));
    }
    out
}

/// Chooses the threshold on the training rows' scores (module docs).
pub fn choose(scores: &[f64], y: &[bool], choice: ThresholdChoice) -> ChosenThreshold {
    let pos = y.iter().filter(|&&v| v).count() as u64;
    let cum = cumulative(scores, y);
    let f1_of = |tp: u64, fp: u64| {
        if tp == 0 {
            0.0
        } else {
            2.0 * tp as f64 / (2 * tp + fp + (pos - tp)) as f64
        }
    };
    let (threshold, reason, reason_zh) = match choice {
        ThresholdChoice::Fixed(t) => (t, format!("fixed at {t}"), format!("固定为 {t}")),
        ThresholdChoice::F1 => {
            let mut best: Option<(f64, f64)> = None;
            for &(t, tp, fp) in &cum {
                let f = f1_of(tp, fp);
                if best.is_none_or(|(_, bf)| f > bf) {
                    best = Some((t, f));
                }
            }
            match best {
                Some((t, f)) => (
                    t,
                    format!("highest F1 on the training persons ({f:.3})"),
                    format!("训练集上 F1 最高，为 {f:.3}"),
                ),
                None => (
                    0.5,
                    "no training scores: 0.5".to_owned(),
                    "没有训练分数：0.5".to_owned(),
                ),
            }
        }
        ThresholdChoice::Recall(target) => {
            let hit = cum
                .iter()
                .find(|&&(_, tp, _)| pos > 0 && tp as f64 / pos as f64 >= target - 1e-12);
            match hit {
                Some(&(t, _, _)) => (
                    t,
                    format!("highest threshold reaching recall {target} on the training persons"),
                    format!("训练集上召回率达到 {target} 的最高阈值"),
                ),
                None => (
                    0.0,
                    format!("recall {target} is not reachable: 0"),
                    format!("召回率 {target} 无法达到：0"),
                ),
            }
        }
    };
    let (p, r, f) = rates_at(scores, y, threshold);
    ChosenThreshold {
        threshold,
        train_precision: p,
        train_recall: r,
        train_f1: f,
        reason,
        reason_zh,
    }
}

/// The precision–recall curve (highest threshold first, thinned to at most `max_points`, both
/// ends kept) and the average precision; empty and `None` without positives.
pub fn pr_curve(scores: &[f64], y: &[bool], max_points: usize) -> (Vec<PrPoint>, Option<f64>) {
    let pos = y.iter().filter(|&&v| v).count() as u64;
    if pos == 0 || scores.len() != y.len() {
        return (Vec::new(), None);
    }
    let mut pts = Vec::new();
    let mut ap = 0.0;
    let mut prev_r = 0.0;
    for (t, tp, fp) in cumulative(scores, y) {
        let precision = tp as f64 / (tp + fp) as f64;
        let recall = tp as f64 / pos as f64;
        ap += (recall - prev_r) * precision;
        prev_r = recall;
        pts.push(PrPoint {
            threshold: t,
            precision,
            recall,
        });
    }
    let max_points = max_points.max(2);
    if pts.len() > max_points {
        let last = pts.len() - 1;
        pts = (0..max_points)
            .map(|k| pts[(k * last + (max_points - 1) / 2) / (max_points - 1)])
            .collect();
    }
    (pts, Some(ap))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn f1_choice_is_the_true_argmax() {
        // Hand-made: scores and labels; brute force F1 over every candidate threshold.
        let s = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.1, 0.05];
        let y = [
            true, false, true, true, false, true, false, false, true, false,
        ];
        let c = choose(&s, &y, ThresholdChoice::F1);
        let best = s
            .iter()
            .map(|&t| rates_at(&s, &y, t).2.unwrap())
            .fold(0.0f64, f64::max);
        assert_eq!(c.train_f1, Some(best));
        // By hand: at t = 0.4, tp = 4, fp = 2, fn = 1 → F1 = 8/11, the maximum.
        assert_eq!(c.threshold, 0.4);
        assert!((best - 8.0 / 11.0).abs() < 1e-12);
    }

    #[test]
    fn recall_target_takes_the_highest_threshold_reaching_it() {
        let s = [0.9, 0.8, 0.7, 0.6, 0.5];
        let y = [true, false, true, false, true];
        let c = choose(&s, &y, ThresholdChoice::Recall(0.6));
        assert_eq!(c.threshold, 0.7);
        assert_eq!(c.train_recall, Some(2.0 / 3.0));
        let all = choose(&s, &y, ThresholdChoice::Recall(1.0));
        assert_eq!(all.threshold, 0.5);
        assert_eq!(choose(&s, &y, ThresholdChoice::Fixed(0.35)).threshold, 0.35);
    }

    #[test]
    fn validation() {
        assert!(ThresholdChoice::Recall(0.0).validate().is_err());
        assert!(ThresholdChoice::Recall(1.2).validate().is_err());
        assert!(ThresholdChoice::Fixed(-0.1).validate().is_err());
        assert!(ThresholdChoice::Fixed(f64::NAN).validate().is_err());
        assert!(ThresholdChoice::Fixed(0.35).validate().is_ok());
        let j = serde_json::to_string(&ThresholdChoice::Recall(0.8)).unwrap();
        assert_eq!(j, r#"{"recall":0.8}"#);
        let f: ThresholdChoice = serde_json::from_str(r#""f1""#).unwrap();
        assert_eq!(f, ThresholdChoice::F1);
    }

    /// Reference: scikit-learn 1.9.1 `average_precision_score` on
    /// `tests/fixtures/pr_curve.json` (script and figures stored in that file).
    #[test]
    fn average_precision_matches_scikit_learn() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/pr_curve.json"
        ))
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let scores: Vec<f64> = serde_json::from_value(v["scores"].clone()).unwrap();
        let labels: Vec<u8> = serde_json::from_value(v["labels"].clone()).unwrap();
        let y: Vec<bool> = labels.iter().map(|&l| l == 1).collect();
        let (pts, ap) = pr_curve(&scores, &y, 10_000);
        let want = v["average_precision"].as_f64().unwrap();
        assert!((ap.unwrap() - want).abs() < 1e-12, "{ap:?} vs {want}");
        // Same points as precision_recall_curve (read from the highest threshold down).
        let want_p: Vec<f64> = serde_json::from_value(v["precision"].clone()).unwrap();
        let want_r: Vec<f64> = serde_json::from_value(v["recall"].clone()).unwrap();
        let want_t: Vec<f64> = serde_json::from_value(v["thresholds"].clone()).unwrap();
        assert_eq!(pts.len(), want_t.len());
        for (k, pt) in pts.iter().enumerate() {
            assert!((pt.precision - want_p[k]).abs() < 1e-12);
            assert!((pt.recall - want_r[k]).abs() < 1e-12);
            assert_eq!(pt.threshold, want_t[k]);
        }
    }
}

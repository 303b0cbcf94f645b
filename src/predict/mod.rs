//! Purchase prediction (`metrics.md`, "Purchase prediction").
//!
//! - Cutoff: the first local day of the held-out period. By default the held-out period is the
//!   last `h` local days of the data with `h = clamp(span / 4, 1, 7)` (span = days from the first
//!   to the last event, inclusive): the last week when the data covers four weeks or more.
//! - Unit: persons with at least one event before the cutoff. Label = the person has a `pay` on
//!   or after the cutoff ("pays in the held-out period"). The default cutoff holds out the last
//!   clamp(span/4, 1, 7) days up to the day of the last `pay` (not of the last event: refunds
//!   after the last live would otherwise leave no purchase to predict).
//! - Features, all from events before the cutoff: log1p of watch seconds, visits, comments,
//!   likes, clicks, add-to-carts, paid orders and net spend (paid − refunded, floored at 0), and
//!   recency (days from the person's last event to the cutoff day); plus one-hot columns of the
//!   users-file attributes (the 10 most frequent values of each, persons with another or no value
//!   get 0s). Standardised with the training rows' mean and population sd; columns constant in the
//!   training rows are left out.
//! - Model: logistic regression, L2, `C` (default 1), intercept not penalised — the objective of
//!   scikit-learn's `LogisticRegression(C=1.0)`, solved exactly by Newton's method
//!   ([`logistic::fit`]). Probabilities are P(label = 1).
//! - Split: stratified by label and seeded (ChaCha8): in each class `round(test_fraction × n)`
//!   persons go to the test set (default 25%).
//! - Threshold: chosen on the training rows' probabilities (`params.threshold`, default: the
//!   highest F1; see [`threshold`]). Metrics on the test set at that threshold; confusion = `[[tn, fp], [fn, tp]]` (rows = true
//!   0/1, columns = predicted 0/1, as scikit-learn's `confusion_matrix`); ROC and the
//!   precision–recall curve thinned to ≤ 200 points, average precision as scikit-learn's
//!   `average_precision_score`; `holdout` keeps every test person's (probability, label) so the
//!   page can move the threshold without re-analysing; coefficients on the standardised scale.
//! - Scoring "now": `per_user` and `likely_buyers` apply the model to features recomputed from all
//!   events (recency to the day after the latest timestamp), for every person with an event;
//!   `likely_buyers` = those with no `pay` at all, most likely first.

pub mod logistic;
pub mod threshold;

pub use threshold::{ChosenThreshold, PrPoint, ThresholdChoice};

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::analysis::Prepared;
use crate::features::{self, PersonTable};
use crate::model::{Dataset, EventKind, NONE};
use crate::{Error, Result};

/// Most one-hot values per users-file attribute.
pub const MAX_ATTRIBUTE_VALUES: usize = 10;
/// Most points of the ROC curve returned.
pub const MAX_ROC_POINTS: usize = 200;

/// Settings of [`predict`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct PredictParams {
    pub seed: u64,
    /// Share of persons in the test set, in (0, 1) (default 0.25).
    pub test_fraction: f64,
    /// Inverse regularisation strength (default 1).
    pub c: f64,
    /// First held-out local day (days since 1970-01-01); `None` = the default period.
    pub cutoff: Option<i64>,
    /// How the decision threshold is chosen on the training rows (default: highest F1).
    pub threshold: ThresholdChoice,
}

impl Default for PredictParams {
    fn default() -> Self {
        PredictParams {
            seed: 42,
            test_fraction: 0.25,
            c: 1.0,
            cutoff: None,
            threshold: ThresholdChoice::F1,
        }
    }
}

impl PredictParams {
    pub fn validate(&self) -> Result<()> {
        if !(self.test_fraction > 0.0 && self.test_fraction < 1.0) {
            return Err(Error::Params(format!(
                "the test fraction must be between 0 and 1, not {}",
                self.test_fraction
            )));
        }
        if !(self.c > 0.0 && self.c.is_finite()) {
            return Err(Error::Params(format!("C must be positive, not {}", self.c)));
        }
        self.threshold.validate()
    }
}

/// A person who has not bought yet, with the model's probability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LikelyBuyer {
    pub user_id: String,
    pub probability: f64,
}

/// The prediction section of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PredictResult {
    /// The settings it was computed with.
    pub params: PredictParams,
    /// What is predicted, in words.
    pub label: String,
    /// The same in Chinese (the page shows it in Chinese).
    pub label_zh: String,
    /// First held-out day, `YYYY-MM-DD`.
    pub cutoff: String,
    pub n_train: u64,
    pub n_test: u64,
    /// Persons with label 1 (train + test).
    pub positives: u64,
    pub accuracy: Option<f64>,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub auc: Option<f64>,
    /// The decision threshold (chosen on the training rows) and why.
    pub threshold: ChosenThreshold,
    /// `[[tn, fp], [fn, tp]]` on the test set at `threshold`.
    pub confusion: [[u64; 2]; 2],
    /// (false positive rate, true positive rate) on the test set.
    pub roc: Vec<(f64, f64)>,
    /// Precision–recall curve on the test set, highest threshold first.
    pub pr_curve: Vec<PrPoint>,
    /// Average precision on the test set (scikit-learn's `average_precision_score`).
    pub average_precision: Option<f64>,
    /// (P(buys), bought) of every test person, for moving the threshold in the page.
    pub holdout: Vec<(f64, bool)>,
    /// Coefficient per feature, standardised scale.
    pub coefficients: Vec<(String, f64)>,
    pub intercept: f64,
    /// Persons without any `pay`, most likely buyer first.
    pub likely_buyers: Vec<LikelyBuyer>,
    /// (user id, P(buys)) for every person with an event, scored on all events.
    pub per_user: Vec<(String, f64)>,
}

/// Candidate columns: name and how it is read from a person table (the reference day is the
/// cutoff day, or the day after the latest timestamp when scoring now).
const BEHAVIOUR: [&str; 9] = [
    "watch_seconds",
    "visits",
    "comments",
    "likes",
    "clicks",
    "carts",
    "orders",
    "spend",
    "recency_days",
];

fn behaviour_row(ds: &Dataset, t: &PersonTable, u: usize, ref_day: i64, out: &mut Vec<f64>) {
    let recency = if t.last_event_ts[u] == i64::MIN {
        0.0
    } else {
        (ref_day - ds.local_day(t.last_event_ts[u])).max(0) as f64
    };
    out.extend_from_slice(&[
        t.watch_seconds[u].max(0.0).ln_1p(),
        (t.visits[u] as f64).ln_1p(),
        (t.comments[u] as f64).ln_1p(),
        (t.likes[u] as f64).ln_1p(),
        (t.clicks[u] as f64).ln_1p(),
        (t.carts[u] as f64).ln_1p(),
        (t.orders[u] as f64).ln_1p(),
        t.monetary(u).max(0.0).ln_1p(),
        recency.ln_1p(),
    ]);
}

/// One-hot columns: (attribute index, value id, name).
fn attribute_columns(ds: &Dataset, persons: &[usize]) -> Vec<(usize, u32, String)> {
    let mut cols = Vec::new();
    for (ai, a) in ds.user_attributes.iter().enumerate() {
        let nv = a.values.len();
        let mut counts = vec![0u64; nv];
        for &u in persons {
            let v = a.of_user.get(u).copied().unwrap_or(NONE);
            if (v as usize) < nv {
                counts[v as usize] += 1;
            }
        }
        let mut vals: Vec<usize> = (0..nv).filter(|&v| counts[v] > 0).collect();
        crate::sort::by_key(&mut vals, |&v| (std::cmp::Reverse(counts[v]), v));
        for &v in vals.iter().take(MAX_ATTRIBUTE_VALUES) {
            cols.push((
                ai,
                v as u32,
                format!("{}={}", a.name, a.values.name(v as u32)),
            ));
        }
    }
    cols
}

fn feature_rows(
    ds: &Dataset,
    t: &PersonTable,
    persons: &[usize],
    ref_day: i64,
    attrs: &[(usize, u32, String)],
) -> Vec<f64> {
    let d = BEHAVIOUR.len() + attrs.len();
    let mut x = Vec::with_capacity(persons.len() * d);
    for &u in persons {
        behaviour_row(ds, t, u, ref_day, &mut x);
        for &(ai, v, _) in attrs {
            let has = ds
                .user_attributes
                .get(ai)
                .and_then(|a| a.of_user.get(u))
                .is_some_and(|&w| w == v);
            x.push(if has { 1.0 } else { 0.0 });
        }
    }
    x
}

/// Fits the purchase model on features from before the cutoff and scores everybody on the
/// shared person table (see the module docs).
pub fn predict(prep: &Prepared, p: &PredictParams) -> Result<PredictResult> {
    p.validate()?;
    let ds = prep.ds();
    let (first, last) = match (features::earliest_ts(ds), features::latest_ts(ds)) {
        (Some(a), Some(b)) => (ds.local_day(a), ds.local_day(b)),
        _ => return Err(Error::NotEnoughData("prediction needs events".into())),
    };
    let cutoff_day = match p.cutoff {
        Some(c) => {
            if c <= first || c > last {
                return Err(Error::Params(format!(
                    "the cutoff must be after the first day ({}) and no later than the last day ({}) of the data",
                    features::date_string(first),
                    features::date_string(last)
                )));
            }
            c
        }
        None => {
            // Held out: the last days up to the last payment. Refunds or visits after the last
            // sale must not move the window past every purchase (the label would be all 0).
            let last_pay = (0..ds.events.len())
                .rev()
                .find(|&i| ds.events.kind[i] == EventKind::Pay)
                .map_or(last, |i| ds.local_day(ds.events.ts[i]));
            let span = last_pay - first + 1;
            let hold = (span / 4).clamp(1, 7);
            let c = last_pay - hold + 1;
            if c <= first {
                return Err(Error::NotEnoughData(
                    "prediction needs events on at least two days".into(),
                ));
            }
            c
        }
    };
    let cutoff_ts = features::day_start(ds, cutoff_day);
    let past = features::person_table(ds, Some(cutoff_ts), prep.visits());
    let n_users = ds.users.len();
    let mut label = vec![false; n_users];
    let ev = &ds.events;
    for i in 0..ev.len() {
        if ev.ts[i] >= cutoff_ts && ev.kind[i] == EventKind::Pay {
            if let Some(l) = label.get_mut(ev.user[i] as usize) {
                *l = true;
            }
        }
    }
    let persons: Vec<usize> = (0..n_users).filter(|&u| past.active[u]).collect();
    let y: Vec<bool> = persons.iter().map(|&u| label[u]).collect();
    let positives = y.iter().filter(|&&v| v).count();
    if positives == 0 || positives == y.len() {
        return Err(Error::NotEnoughData(format!(
            "to learn who buys, some but not all persons active before {} must pay on or after it",
            features::date_string(cutoff_day)
        )));
    }

    // Stratified split.
    let mut rng = ChaCha8Rng::seed_from_u64(p.seed);
    let mut is_test = vec![false; persons.len()];
    for class in [false, true] {
        let mut idx: Vec<usize> = (0..persons.len()).filter(|&i| y[i] == class).collect();
        idx.shuffle(&mut rng);
        let n_test = (p.test_fraction * idx.len() as f64).round() as usize;
        for &i in idx.iter().take(n_test.min(idx.len())) {
            is_test[i] = true;
        }
    }
    let train: Vec<usize> = (0..persons.len()).filter(|&i| !is_test[i]).collect();
    let test: Vec<usize> = (0..persons.len()).filter(|&i| is_test[i]).collect();
    let train_pos = train.iter().filter(|&&i| y[i]).count();
    if train_pos == 0 || train_pos == train.len() {
        return Err(Error::NotEnoughData(
            "the training set needs buyers and non-buyers".into(),
        ));
    }

    let attrs = attribute_columns(ds, &persons);
    let all_names: Vec<String> = BEHAVIOUR
        .iter()
        .map(|s| (*s).to_owned())
        .chain(attrs.iter().map(|a| a.2.clone()))
        .collect();
    let d_all = all_names.len();
    let x_all = feature_rows(ds, &past, &persons, cutoff_day, &attrs);

    // Standardise with the training rows; drop constant columns.
    let mut keep = Vec::new();
    let mut scale = Vec::new();
    for c in 0..d_all {
        let v: Vec<f64> = train.iter().map(|&i| x_all[i * d_all + c]).collect();
        let (mean, sd) = features::mean_sd(&v);
        if sd > 1e-12 && sd.is_finite() {
            keep.push(c);
            scale.push((mean, sd));
        }
    }
    let d = keep.len();
    let standardise = |rows: &[f64], i: usize, out: &mut Vec<f64>| {
        for (k, &c) in keep.iter().enumerate() {
            let (m, s) = scale[k];
            out.push((rows[i * d_all + c] - m) / s);
        }
    };
    let mut x_train = Vec::with_capacity(train.len() * d);
    for &i in &train {
        standardise(&x_all, i, &mut x_train);
    }
    let y_train: Vec<bool> = train.iter().map(|&i| y[i]).collect();
    let model = logistic::fit(&x_train, &y_train, d, p.c)
        .ok_or_else(|| Error::NotEnoughData("the model could not be fitted".into()))?;
    let train_scores: Vec<f64> = if d == 0 {
        vec![model.prob(&[]); train.len()]
    } else {
        x_train.chunks(d).map(|r| model.prob(r)).collect()
    };
    let chosen = threshold::choose(&train_scores, &y_train, p.threshold);
    let cut = chosen.threshold;

    // Test metrics.
    let mut row = Vec::with_capacity(d);
    let mut scores = Vec::with_capacity(test.len());
    let mut y_test = Vec::with_capacity(test.len());
    let mut confusion = [[0u64; 2]; 2];
    for &i in &test {
        row.clear();
        standardise(&x_all, i, &mut row);
        let pr = model.prob(&row);
        scores.push(pr);
        y_test.push(y[i]);
        confusion[y[i] as usize][(pr >= cut) as usize] += 1;
    }
    let [[tn, fp], [fn_, tp]] = confusion;
    let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
    let accuracy = ratio(tn + tp, tn + fp + fn_ + tp);
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    let f1 = threshold::f1(precision, recall);
    let auc = logistic::roc_auc(&scores, &y_test);
    let roc = logistic::roc_curve(&scores, &y_test, MAX_ROC_POINTS);
    let (pr_curve, average_precision) = threshold::pr_curve(&scores, &y_test, MAX_ROC_POINTS);
    let holdout: Vec<(f64, bool)> = scores.iter().copied().zip(y_test.iter().copied()).collect();

    // Score everybody on all events.
    let now = prep.persons();
    let now_day = last + 1;
    let everyone: Vec<usize> = (0..n_users).filter(|&u| now.active[u]).collect();
    let x_now = feature_rows(ds, now, &everyone, now_day, &attrs);
    let mut per_user = Vec::with_capacity(everyone.len());
    let mut likely_buyers = Vec::new();
    for (i, &u) in everyone.iter().enumerate() {
        row.clear();
        standardise(&x_now, i, &mut row);
        let pr = model.prob(&row);
        let id = ds.users.name(u as u32).to_owned();
        if !now.is_buyer(u) {
            likely_buyers.push(LikelyBuyer {
                user_id: id.clone(),
                probability: pr,
            });
        }
        per_user.push((id, pr));
    }
    crate::sort::by(&mut likely_buyers, |a, b| {
        b.probability.total_cmp(&a.probability)
    });

    let held_out_days = last - cutoff_day + 1;
    Ok(PredictResult {
        params: p.clone(),
        label: format!(
            "pays on or after {} (the last {} day(s) of the data)",
            features::date_string(cutoff_day),
            held_out_days
        ),
        label_zh: format!(
            "{} 起付款（数据的最后 {} 天）",
            features::date_string(cutoff_day),
            held_out_days
        ),
        cutoff: features::date_string(cutoff_day),
        n_train: train.len() as u64,
        n_test: test.len() as u64,
        positives: positives as u64,
        accuracy,
        precision,
        recall,
        f1,
        auc,
        threshold: chosen,
        confusion,
        roc,
        pr_curve,
        average_precision,
        holdout,
        coefficients: keep
            .iter()
            .zip(&model.coef)
            .map(|(&c, &w)| (all_names[c].clone(), w))
            .collect(),
        intercept: model.intercept,
        likely_buyers,
        per_user,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

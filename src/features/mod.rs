//! A per-person feature table shared by RFM ([`crate::rfm`]), clustering ([`crate::cluster`])
//! and purchase prediction ([`crate::predict`]).
//!
//! One pass over the event log (plus the visits of [`crate::visits`]) gives, for every interned
//! user id, the counts and sums those analyses need. An optional cutoff keeps only what happened
//! strictly before it (prediction uses it to build features from the past only).

use crate::model::{Dataset, EventKind, NONE};
use crate::visits;

/// Milliseconds per day.
pub const DAY_MS: i64 = 86_400_000;

/// Per-person totals, indexed by user id (length = `ds.users.len()`).
#[derive(Debug, Clone, Default)]
pub struct PersonTable {
    /// Whether the person has any event (before the cutoff).
    pub active: Vec<bool>,
    /// Timestamp (ms) of the person's last event of any kind; `i64::MIN` when none.
    pub last_event_ts: Vec<i64>,
    /// Timestamp (ms) of the person's last `pay`; `i64::MIN` when none.
    pub last_pay_ts: Vec<i64>,
    /// Paid orders: distinct order ids among the person's `pay` rows, plus one per `pay` row
    /// without an order id (the `orders` KPI of `metrics.md`, per person).
    pub orders: Vec<u32>,
    /// Sum of `pay` amounts.
    pub paid: Vec<f64>,
    /// Sum of `refund` amounts.
    pub refunded: Vec<f64>,
    /// Watch seconds: the sum of the person's merged visits (clipped at the cutoff).
    pub watch_seconds: Vec<f64>,
    /// Number of merged visits starting before the cutoff.
    pub visits: Vec<u32>,
    pub comments: Vec<u32>,
    pub likes: Vec<u32>,
    pub clicks: Vec<u32>,
    pub carts: Vec<u32>,
}

impl PersonTable {
    /// Number of user ids covered.
    pub fn len(&self) -> usize {
        self.active.len()
    }

    pub fn is_empty(&self) -> bool {
        self.active.is_empty()
    }

    /// Whether the person has at least one `pay`.
    pub fn is_buyer(&self, u: usize) -> bool {
        self.last_pay_ts.get(u).is_some_and(|&t| t != i64::MIN)
    }

    /// Net revenue of a person: paid minus refunded.
    pub fn monetary(&self, u: usize) -> f64 {
        self.paid.get(u).copied().unwrap_or(0.0) - self.refunded.get(u).copied().unwrap_or(0.0)
    }
}

/// Builds the table from all events with `ts < before` (all events when `before` is `None`).
/// `visits` are the dataset's visits ([`visits::visits`], shared through
/// [`crate::analysis::Prepared::visits`]); pass `&[]` when watch time is not needed.
pub fn person_table(
    ds: &Dataset,
    before: Option<i64>,
    all_visits: &[visits::Visit],
) -> PersonTable {
    let n = ds.users.len();
    let before = before.unwrap_or(i64::MAX);
    let mut t = PersonTable {
        active: vec![false; n],
        last_event_ts: vec![i64::MIN; n],
        last_pay_ts: vec![i64::MIN; n],
        orders: vec![0; n],
        paid: vec![0.0; n],
        refunded: vec![0.0; n],
        watch_seconds: vec![0.0; n],
        visits: vec![0; n],
        comments: vec![0; n],
        likes: vec![0; n],
        clicks: vec![0; n],
        carts: vec![0; n],
    };
    let ev = &ds.events;
    // (user, order) pairs of pay rows with an order id, deduplicated afterwards.
    let mut user_orders: Vec<u64> = Vec::new();
    for i in 0..ev.len() {
        let ts = ev.ts[i];
        if ts >= before {
            // Events are sorted by time: nothing later can be before the cutoff.
            break;
        }
        let u = ev.user[i] as usize;
        if u >= n {
            continue;
        }
        t.active[u] = true;
        t.last_event_ts[u] = t.last_event_ts[u].max(ts);
        match ev.kind[i] {
            EventKind::Pay => {
                t.last_pay_ts[u] = t.last_pay_ts[u].max(ts);
                t.paid[u] += finite(ev.amount[i]);
                let o = ev.order[i];
                if o == NONE {
                    t.orders[u] += 1;
                } else {
                    user_orders.push(((u as u64) << 32) | o as u64);
                }
            }
            EventKind::Refund => t.refunded[u] += finite(ev.amount[i]),
            EventKind::Comment => t.comments[u] += 1,
            EventKind::Like => t.likes[u] += 1,
            EventKind::Click => t.clicks[u] += 1,
            EventKind::AddCart => t.carts[u] += 1,
            _ => {}
        }
    }
    user_orders.sort_unstable();
    user_orders.dedup();
    for uo in user_orders {
        let u = (uo >> 32) as usize;
        if let Some(c) = t.orders.get_mut(u) {
            *c += 1;
        }
    }
    for v in all_visits {
        let u = v.user as usize;
        if u >= n || v.start >= before {
            continue;
        }
        let end = v.end.min(before);
        t.watch_seconds[u] += (end - v.start).max(0) as f64 / 1000.0;
        t.visits[u] += 1;
    }
    t
}

fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

/// UTC milliseconds of the local midnight that starts local day `day`: `ts < day_start(d)` holds
/// exactly when `ds.local_day(ts) < d`.
pub fn day_start(ds: &Dataset, day: i64) -> i64 {
    day.saturating_mul(DAY_MS) - ds.tz_offset_minutes as i64 * 60_000
}

pub use crate::ingest::parse::format_day as date_string;

/// Latest event timestamp of the dataset (events are sorted by time).
pub fn latest_ts(ds: &Dataset) -> Option<i64> {
    ds.events.ts.iter().copied().max()
}

/// Earliest event timestamp of the dataset.
pub fn earliest_ts(ds: &Dataset) -> Option<i64> {
    ds.events.ts.iter().copied().min()
}

/// Mean and population standard deviation.
pub fn mean_sd(v: &[f64]) -> (f64, f64) {
    if v.is_empty() {
        return (0.0, 0.0);
    }
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    (mean, var.max(0.0).sqrt())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use super::*;
    use crate::model::EventKind as K;

    /// A test row: user, kind, seconds since epoch, order id ("" for none), amount.
    pub type Row<'a> = (&'a str, K, i64, &'a str, f64);

    /// Builds a dataset of one session from rows; `item` is left empty.
    pub fn dataset(rows: &[Row]) -> Dataset {
        let mut d = Dataset::default();
        let s = d.sessions.intern("s1");
        for &(u, k, t, o, a) in rows {
            let u = d.users.intern(u);
            let n = d.event_names.intern(k.key());
            let o = if o.is_empty() {
                NONE
            } else {
                d.orders.intern(o)
            };
            d.events.push(u, t * 1000, k, n, s, NONE, o, a);
        }
        d.finish();
        d
    }

    #[test]
    fn dates() {
        assert_eq!(date_string(0), "1970-01-01");
        assert_eq!(date_string(-1), "1969-12-31");
        assert_eq!(date_string(19_723), "2024-01-01");
        assert_eq!(date_string(19_782), "2024-02-29");
    }

    #[test]
    fn orders_watch_and_cutoff() {
        let d = dataset(&[
            ("a", K::Enter, 0, "", 0.0),
            ("a", K::Pay, 10, "o1", 5.0),
            ("a", K::Pay, 11, "o1", 5.0),
            ("a", K::Pay, 12, "", 3.0),
            ("a", K::Refund, 13, "o1", 2.0),
            ("a", K::Leave, 100, "", 0.0),
            ("b", K::Comment, 200, "", 0.0),
        ]);
        let t = person_table(&d, None, &visits::visits(&d));
        assert_eq!(t.orders[0], 2);
        assert_eq!(t.paid[0], 13.0);
        assert_eq!(t.monetary(0), 11.0);
        assert_eq!(t.watch_seconds[0], 100.0);
        assert_eq!(t.visits[0], 1);
        assert!(t.active[1] && !t.is_buyer(1));
        let t = person_table(&d, Some(50_000), &visits::visits(&d));
        assert_eq!(t.watch_seconds[0], 50.0);
        assert!(!t.active[1]);
        assert_eq!(t.refunded[0], 2.0);
    }
}

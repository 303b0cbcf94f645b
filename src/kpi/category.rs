//! Host × product-category leaderboard: what each host sells, from the `pay` events joined with
//! the products table, next to the host's viewers.

use serde::{Deserialize, Serialize};

use crate::analysis::Prepared;
use crate::model::{EventKind, NONE};

/// Label of payments whose product has no category (or no product at all).
pub const NO_CATEGORY: &str = "(no category)";

/// Sales of one host in one product category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HostCategory {
    pub host: String,
    pub category: String,
    /// Sum of `pay` amounts.
    pub gmv: f64,
    /// Distinct paying persons.
    pub buyers: u64,
    /// Distinct order ids among the `pay` rows (a row without an order id counts as one order).
    pub orders: u64,
    /// Distinct persons with an `enter` in any session of the host.
    pub host_viewers: u64,
    /// `buyers / host_viewers`.
    pub conversion_rate: Option<f64>,
    /// This category's share of the host's GMV.
    pub share_of_host_gmv: Option<f64>,
}

/// GMV, buyers and orders per host × category (payments in sessions with a host), sorted by host
/// GMV (largest first), then by GMV within the host. Empty without hosts.
pub fn by_host_category(prep: &Prepared) -> Vec<HostCategory> {
    let ds = prep.ds();
    let n_hosts = ds.hosts.len();
    if n_hosts == 0 {
        return Vec::new();
    }
    // Category index of each item; the last index is "no category".
    let mut categories: Vec<&str> = Vec::new();
    let mut cat_of_item = Vec::with_capacity(ds.items.len());
    for i in 0..ds.items.len() {
        let c = ds.item_info.get(i).map(|x| x.category.trim()).unwrap_or("");
        if c.is_empty() {
            cat_of_item.push(u32::MAX);
            continue;
        }
        let idx = match categories.iter().position(|&k| k == c) {
            Some(p) => p,
            None => {
                categories.push(c);
                categories.len() - 1
            }
        };
        cat_of_item.push(idx as u32);
    }
    let n_cats = categories.len() + 1;
    let none_cat = categories.len();
    let host_of = |s: u32| -> Option<usize> {
        let h = ds.session_info.get(s as usize)?.host;
        (h != NONE).then_some(h as usize)
    };

    let mut gmv = vec![0.0f64; n_hosts * n_cats];
    let mut buyer_keys: Vec<(u32, u32)> = Vec::new();
    let mut order_keys: Vec<(u32, u32)> = Vec::new();
    let mut loose_orders = vec![0u64; n_hosts * n_cats];
    let mut viewer_keys: Vec<(u32, u32)> = Vec::new();
    let e = &ds.events;
    for i in 0..e.len() {
        let kind = e.kind[i];
        if kind != EventKind::Pay && kind != EventKind::Enter {
            continue;
        }
        let Some(h) = host_of(e.session[i]) else {
            continue;
        };
        if kind == EventKind::Enter {
            viewer_keys.push((h as u32, e.user[i]));
            continue;
        }
        let c = cat_of_item
            .get(e.item[i] as usize)
            .copied()
            .filter(|&c| c != u32::MAX)
            .map_or(none_cat, |c| c as usize);
        let g = h * n_cats + c;
        gmv[g] += e.amount[i];
        buyer_keys.push((g as u32, e.user[i]));
        if e.order[i] == NONE {
            loose_orders[g] += 1;
        } else {
            order_keys.push((g as u32, e.order[i]));
        }
    }
    let distinct = |mut keys: Vec<(u32, u32)>, len: usize| -> Vec<u64> {
        keys.sort_unstable();
        keys.dedup();
        let mut out = vec![0u64; len];
        for (g, _) in keys {
            out[g as usize] += 1;
        }
        out
    };
    let buyers = distinct(buyer_keys, n_hosts * n_cats);
    let mut orders = distinct(order_keys, n_hosts * n_cats);
    for (o, l) in orders.iter_mut().zip(&loose_orders) {
        *o += l;
    }
    let viewers = distinct(viewer_keys, n_hosts);
    let host_gmv: Vec<f64> = (0..n_hosts)
        .map(|h| gmv[h * n_cats..(h + 1) * n_cats].iter().sum())
        .collect();

    let mut out = Vec::new();
    for h in 0..n_hosts {
        for c in 0..n_cats {
            let g = h * n_cats + c;
            if buyers[g] == 0 {
                continue;
            }
            out.push(HostCategory {
                host: ds.hosts.name(h as u32).to_owned(),
                category: categories.get(c).copied().unwrap_or(NO_CATEGORY).to_owned(),
                gmv: gmv[g],
                buyers: buyers[g],
                orders: orders[g],
                host_viewers: viewers[h],
                conversion_rate: (viewers[h] > 0).then(|| buyers[g] as f64 / viewers[h] as f64),
                share_of_host_gmv: (host_gmv[h] > 0.0).then(|| gmv[g] / host_gmv[h]),
            });
        }
    }
    let gmv_of = |name: &str| {
        ds.hosts
            .get(name)
            .and_then(|h| host_gmv.get(h as usize).copied())
            .unwrap_or(0.0)
    };
    crate::sort::by(&mut out, |a, b| {
        gmv_of(&b.host)
            .total_cmp(&gmv_of(&a.host))
            .then(a.host.cmp(&b.host))
            .then(b.gmv.total_cmp(&a.gmv))
            .then(a.category.cmp(&b.category))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{load, FileKind, IngestOptions, InputFile};
    use crate::model::Dataset;

    fn file(name: &str, kind: FileKind, text: &str) -> InputFile {
        InputFile::from_text(name, Some(kind), text)
    }

    fn fixture() -> Dataset {
        let sessions = "session_id,host,start,end
s1,A,2026-10-01 20:00:00,2026-10-01 21:00:00
s2,B,2026-10-02 20:00:00,2026-10-02 21:00:00
s3,A,2026-10-03 20:00:00,2026-10-03 21:00:00
";
        let items = "item_id,title,category,price
p1,Python,code,100
p2,Excel,code,50
p3,Yoga,health,80
p4,Untitled,,10
";
        // A: viewers a b c (s1, s3); B: viewers d e.
        // A/code: a pays o1 (p1 100 + p2 50, one order), b pays o2 (p1 100) → GMV 250,
        //   buyers 2, orders 2. A/health: a pays o3 (p3 80) in s3 → GMV 80, 1 buyer, 1 order.
        // A/no category: c pays p4 twice without order ids → GMV 20, 1 buyer, 2 orders.
        // B/health: d pays o4 (p3 80) → GMV 80. e only watches.
        let events = "user_id,session_id,event,timestamp,item_id,order_id,amount
a,s1,enter,2026-10-01 20:00:00,,,
b,s1,enter,2026-10-01 20:01:00,,,
c,s1,enter,2026-10-01 20:02:00,,,
a,s1,pay,2026-10-01 20:10:00,p1,o1,100
a,s1,pay,2026-10-01 20:10:00,p2,o1,50
b,s1,pay,2026-10-01 20:11:00,p1,o2,100
c,s1,pay,2026-10-01 20:12:00,p4,,10
c,s1,pay,2026-10-01 20:13:00,p4,,10
d,s2,enter,2026-10-02 20:00:00,,,
e,s2,enter,2026-10-02 20:00:00,,,
d,s2,pay,2026-10-02 20:10:00,p3,o4,80
a,s3,enter,2026-10-03 20:00:00,,,
a,s3,pay,2026-10-03 20:10:00,p3,o3,80
";
        let l = load(
            &[
                file("events.csv", FileKind::Events, events),
                file("items.csv", FileKind::Items, items),
                file("sessions.csv", FileKind::Sessions, sessions),
            ],
            &IngestOptions::default(),
        );
        assert_eq!(l.validation.rows_rejected, 0, "{:?}", l.validation);
        l.dataset
    }

    #[test]
    fn sales_per_host_and_category() {
        let rows = by_host_category(&Prepared::new(&fixture()));
        let got: Vec<(&str, &str, f64, u64, u64, u64)> = rows
            .iter()
            .map(|r| {
                (
                    r.host.as_str(),
                    r.category.as_str(),
                    r.gmv,
                    r.buyers,
                    r.orders,
                    r.host_viewers,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("A", "code", 250.0, 2, 2, 3),
                ("A", "health", 80.0, 1, 1, 3),
                ("A", NO_CATEGORY, 20.0, 1, 2, 3),
                ("B", "health", 80.0, 1, 1, 2),
            ]
        );
        assert_eq!(rows[0].conversion_rate, Some(2.0 / 3.0));
        assert_eq!(rows[0].share_of_host_gmv, Some(250.0 / 350.0));
        assert_eq!(rows[3].share_of_host_gmv, Some(1.0));
        // Shares within a host add up to 1.
        let a: f64 = rows
            .iter()
            .filter(|r| r.host == "A")
            .filter_map(|r| r.share_of_host_gmv)
            .sum();
        assert!((a - 1.0).abs() < 1e-12);
    }

    #[test]
    fn no_hosts_no_rows() {
        let mut ds = Dataset::default();
        ds.finish();
        assert!(by_host_category(&Prepared::new(&ds)).is_empty());
    }
}

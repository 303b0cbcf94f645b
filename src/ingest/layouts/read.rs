//! Reading a file of a recognised layout: rows (and the lines nested in JSON rows) grouped into
//! orders, each order counted once, its amount taken once (an order total repeated on each line
//! is not summed) and spread over its lines so that the products keep their share; statuses
//! turned into paid / cancelled / refunded.

use rustc_hash::{FxHashMap, FxHashSet};

use super::rows::{
    admit_row, column_infos, first_path, is_description, lines_in_row, value, Getter, Resolved,
    RowJson,
};

use super::tie::{OrderTies, Tie, Windows};
use super::values::{
    day_month_order, money_fen, status_of, time_ms, DayMonth, MoneyError, Outcome,
};
use super::{Layout, LayoutKind, LayoutReport, LineShape, Role};
use crate::ingest::input::IngestOptions;
use crate::ingest::table::Table;
use crate::ingest::validation::{FileReport, RowTally};
use crate::model::{Dataset, EventKind, NONE};

/// One order line as read.
struct LineRec {
    item: Option<String>,
    title: Option<String>,
    qty: i64,
    unit_fen: Option<i64>,
    line_fen: Option<i64>,
    order_fen: Option<i64>,
    refund_fen: Option<i64>,
    ts: i64,
    refund_ts: Option<i64>,
    status: Outcome,
    buyer: Option<String>,
    room: Option<String>,
    creator: Option<String>,
}

/// Reads a file of a recognised layout into `ds`; `paid_orders` collects (order, user) of paid
/// orders for the merge with events files.
#[allow(clippy::too_many_arguments)]
pub(in crate::ingest) fn read_layout(
    table: &Table,
    layout: &'static Layout,
    score: f64,
    mut report: FileReport,
    opts: &IngestOptions,
    ds: &mut Dataset,
    paid_orders: &mut FxHashSet<(u32, u32)>,
) -> FileReport {
    match layout.kind {
        LayoutKind::Sessions => {
            return super::summary::read_summary(table, layout, score, report, opts, ds)
        }
        LayoutKind::Events => {
            return super::capture::read_capture(table, layout, score, report, opts, ds)
        }
        LayoutKind::Orders => {}
    }
    let res = Resolved::new(layout, &table.headers);
    report.columns = column_infos(table, &res);
    let json_cols = res.json_columns();
    // TikTok's regional date order, from every date cell of the file.
    let date_cols: Vec<usize> = res
        .getters
        .iter()
        .filter_map(|(r, _, g)| match (r, g) {
            (Role::CreatedTime | Role::PaidTime | Role::RefundTime, Getter::Cell(c)) => Some(*c),
            _ => None,
        })
        .collect();
    let mut date_cells: Vec<String> = Vec::new();
    table.for_each_row(|_, row| {
        for c in &date_cols {
            if let Some(v) = row.get(*c) {
                if v.contains('/') {
                    date_cells.push((*v).to_owned());
                }
            }
        }
    });
    let order_of_dates = day_month_order(date_cells.iter().map(String::as_str));
    let has_slash_dates = !date_cells.is_empty();
    drop(date_cells);
    if has_slash_dates && order_of_dates.is_none() {
        report.warnings.push(
            "some dates put the day first and others the month first; those that cannot be read either way are rejected, the others read day first".to_owned(),
        );
    }
    let dm = order_of_dates.unwrap_or(DayMonth::DayFirst);

    let mut tally = RowTally::new(report, opts.max_examples);
    let n = table.headers.len();
    let mut seen: FxHashSet<u64> = FxHashSet::default();
    // Orders in order of first appearance, with their lines.
    let mut order_index: FxHashMap<String, usize> = FxHashMap::default();
    let mut orders: Vec<(String, Vec<LineRec>)> = Vec::new();
    let mut first_row = true;
    let mut disagreeing_totals = 0u64;
    let mut not_refunded_cases = 0u64;
    let header_of = |path: &str| path.to_owned();
    table.for_each_row(|line, row| {
        if layout.description_row && std::mem::take(&mut first_row) && is_description(row, &res) {
            tally
                .report
                .warnings
                .push(format!("line {line} describes the columns and was skipped"));
            return;
        }
        if !admit_row(&mut tally, &mut seen, opts, n, line, row) {
            return;
        }
        let json = RowJson::parse(&json_cols, row);
        let mut recs: Vec<(String, LineRec)> = Vec::new();
        for k in 0..lines_in_row(&res, &json) {
            let get = |r: Role| value(&res, r, row, &json, k);
            let Some((order, _)) = get(Role::Order) else {
                let h = first_path(&res, Role::Order);
                tally.reject("missing_order", line, &header_of(h), "");
                return;
            };
            if order.len() > 1000 {
                tally.reject(
                    "value_too_long",
                    line,
                    first_path(&res, Role::Order),
                    &order,
                );
                return;
            }
            let mut money = |r: Role| -> Result<Option<i64>, ()> {
                let Some((v, path)) = get(r) else {
                    return Ok(None);
                };
                money_fen(&v, layout.money).map_err(|e| {
                    let code = match e {
                        MoneyError::Unparsable => "bad_amount",
                        MoneyError::Negative => "negative_amount",
                    };
                    tally.reject(code, line, path, &v);
                })
            };
            let Ok(unit_fen) = money(Role::UnitPrice) else {
                return;
            };
            let Ok(line_fen) = money(Role::LineAmount) else {
                return;
            };
            let Ok(order_fen) = money(Role::OrderAmount) else {
                return;
            };
            let Ok(refund_fen) = money(Role::RefundAmount) else {
                return;
            };
            let status_cell = get(Role::Status);
            let after = get(Role::AfterSales);
            let Some(status) = status_of(
                layout.status,
                status_cell.as_ref().map(|(s, _)| s.as_str()),
                after.as_ref().map(|(s, _)| s.as_str()),
            ) else {
                let (v, p) = status_cell.unwrap_or_default();
                tally.reject("unknown_status", line, p, &v);
                return;
            };
            let mut time = |r: Role| -> Result<Option<i64>, ()> {
                // The APIs write 0 for a time that has not happened (an unpaid order's pay_time).
                let Some((v, path)) = get(r).filter(|(v, _)| v != "0") else {
                    return Ok(None);
                };
                time_ms(&v, dm, opts.tz_offset_minutes)
                    .map(Some)
                    .map_err(|e| {
                        tally.reject(e.code(), line, path, &v);
                    })
            };
            let Ok(paid) = time(Role::PaidTime) else {
                return;
            };
            let Ok(created) = time(Role::CreatedTime) else {
                return;
            };
            let Ok(refund_ts) = time(Role::RefundTime) else {
                return;
            };
            let ts = if layout.refunds_only {
                refund_ts
            } else {
                paid.or(created)
            };
            let Some(ts) = ts else {
                let p = [Role::PaidTime, Role::CreatedTime, Role::RefundTime]
                    .into_iter()
                    .map(|r| first_path(&res, r))
                    .find(|p| !p.is_empty())
                    .unwrap_or("");
                tally.reject("missing_time", line, p, "");
                return;
            };
            let qty = get(Role::Quantity)
                .and_then(|(q, _)| q.trim().parse::<i64>().ok())
                .filter(|q| *q > 0)
                .unwrap_or(1);
            recs.push((
                order,
                LineRec {
                    item: get(Role::Item).map(|x| x.0),
                    title: get(Role::ItemTitle).map(|x| x.0),
                    qty,
                    unit_fen,
                    line_fen,
                    order_fen,
                    refund_fen,
                    ts,
                    refund_ts,
                    status,
                    buyer: get(Role::Buyer).map(|x| x.0),
                    room: get(Role::Room).map(|x| x.0),
                    creator: get(Role::Creator).map(|x| x.0),
                },
            ));
        }
        for (order, rec) in recs {
            let i = *order_index.entry(order.clone()).or_insert_with(|| {
                orders.push((order, Vec::new()));
                orders.len() - 1
            });
            if let Some((_, lines)) = orders.get_mut(i) {
                lines.push(rec);
            }
        }
        tally.report.rows_accepted += 1;
    });

    // The orders into events.
    let platform = ds.platforms.intern(layout.platform);
    let names = [
        ds.event_names.intern("pay"),
        ds.event_names.intern("order"),
        ds.event_names.intern("refund"),
    ];
    // Refunds another file already gave (the shop export's after-sales column and the
    // after-sales export tell of the same refund): each (order, product) refunded once.
    let e = &ds.events;
    let mut refunded: FxHashSet<(u32, u32)> = e
        .kind
        .iter()
        .zip(e.order.iter().zip(&e.item))
        .filter(|(k, _)| **k == EventKind::Refund)
        .map(|(_, (&o, &i))| (o, i))
        .collect();
    let mut refunds_known = 0u64;
    // Paid orders another file already gave (two overlapping exports of one shop).
    let paid_before = paid_orders.clone();
    let mut orders_known = 0u64;
    let mut n_lines = 0u64;
    let mut has_buyer = res.has(Role::Buyer);
    // Live sessions known so far (summaries and events files are read before orders files).
    let windows = Windows::new(ds);
    let mut ties = OrderTies::default();
    for (order_id, lines) in &orders {
        n_lines += lines.len() as u64;
        let buyer = lines.iter().find_map(|l| l.buyer.clone());
        has_buyer &= buyer.is_some();
        let (user, pseudo) = match buyer {
            Some(b) => (ds.users.intern(&b), false),
            None => (
                ds.users.intern(&format!("order {order_id} (no buyer id)")),
                true,
            ),
        };
        let order = ds.orders.intern(order_id);
        if !layout.refunds_only && paid_before.contains(&(order, user)) {
            orders_known += 1;
            continue;
        }
        set_at(&mut ds.order_platform, order, platform, NONE);
        set_at(&mut ds.user_platform, user, platform, NONE);
        set_at(&mut ds.pseudo_users, user, pseudo, false);
        if layout.refunds_only {
            for l in lines {
                if l.status != Outcome::Refunded {
                    not_refunded_cases += 1;
                    continue;
                }
                let item = item_of(ds, l);
                if !refunded.insert((order, item)) {
                    refunds_known += 1;
                    continue;
                }
                let fen = l.refund_fen.unwrap_or(0);
                ds.events.push(
                    user,
                    l.ts,
                    EventKind::Refund,
                    names[2],
                    NONE,
                    item,
                    order,
                    fen as f64 / 100.0,
                );
            }
            continue;
        }
        // The order's amount, once: the order total when the layout has one (the first line's
        // value), else the sum of the lines.
        let totals: Vec<i64> = lines.iter().filter_map(|l| l.order_fen).collect();
        if totals.iter().any(|t| Some(t) != totals.first()) {
            disagreeing_totals += 1;
        }
        let weights = line_weights(lines);
        let total = totals
            .first()
            .copied()
            .unwrap_or_else(|| lines.iter().map(|l| l.line_fen.unwrap_or(0)).sum());
        let shares = allocate(total, &weights);
        // The order's session: its room, else its creator's session at its time.
        let room = lines.iter().find_map(|l| l.room.as_deref());
        let tied = match room {
            Some(r) => Some((ds.sessions.intern(r), Tie::Room)),
            None => {
                let creator = lines.iter().find_map(|l| l.creator.as_deref());
                lines
                    .first()
                    .and_then(|l| windows.find(platform, creator, l.ts))
            }
        };
        ties.count(tied.map(|(_, how)| how));
        let session = tied.map_or(NONE, |(s, _)| s);
        let mut order_refund = lines.first().and_then(|l| l.refund_fen).filter(|f| *f > 0);
        for (l, share) in lines.iter().zip(shares) {
            let item = item_of(ds, l);
            let amount = share as f64 / 100.0;
            match l.status {
                Outcome::Cancelled => {
                    ds.events.push(
                        user,
                        l.ts,
                        EventKind::Order,
                        names[1],
                        session,
                        item,
                        order,
                        amount,
                    );
                }
                Outcome::Paid | Outcome::Refunded => {
                    paid_orders.insert((order, user));
                    ds.events.push(
                        user,
                        l.ts,
                        EventKind::Pay,
                        names[0],
                        session,
                        item,
                        order,
                        amount,
                    );
                    let refund = match (l.status, order_refund.take()) {
                        (_, Some(r)) if layout.lines == LineShape::OrderLine => Some(r),
                        (Outcome::Refunded, _) => Some(share),
                        _ => None,
                    };
                    if let Some(r) = refund.filter(|_| {
                        let new = refunded.insert((order, item));
                        refunds_known += u64::from(!new);
                        new
                    }) {
                        let at = l.refund_ts.unwrap_or(l.ts);
                        ds.events.push(
                            user,
                            at,
                            EventKind::Refund,
                            names[2],
                            session,
                            item,
                            order,
                            r as f64 / 100.0,
                        );
                    }
                }
            }
        }
    }
    if disagreeing_totals > 0 {
        tally.report.warnings.push(format!(
            "{disagreeing_totals} orders give different order totals on their lines; the first line's total is used"
        ));
    }
    if orders_known > 0 {
        tally.report.warnings.push(format!(
            "{orders_known} orders were already read from another file and are counted once"
        ));
    }
    if refunds_known > 0 {
        tally.report.warnings.push(format!(
            "{refunds_known} refunds were already read from another file and are counted once"
        ));
    }
    if not_refunded_cases > 0 {
        tally.report.warnings.push(format!(
            "{not_refunded_cases} after-sales cases are not (or not yet) refunded; they give no refund"
        ));
    }
    tally.report.layout = Some(Box::new(LayoutReport {
        orders: orders.len() as u64,
        order_lines: n_lines,
        has_buyer_id: has_buyer && !orders.is_empty(),
        date_order: has_slash_dates.then(|| {
            match dm {
                DayMonth::DayFirst => "DD/MM/YYYY",
                DayMonth::MonthFirst => "MM/DD/YYYY",
            }
            .to_owned()
        }),
        sessions: None,
        events: None,
        order_sessions: (!layout.refunds_only).then_some(ties),
        ..super::rows::layout_report(layout, score, &res, true, "orders")
    }));
    if !has_buyer && !orders.is_empty() && !layout.refunds_only {
        tally.report.warnings.push(
            "the file has no buyer id: order-level figures (GMV, orders, products, time slots) are computed; buyer counts and person-level analyses (RFM, retention, recommendations) are not".to_owned(),
        );
    }
    tally.finish()
}

fn set_at<T: Copy>(v: &mut Vec<T>, i: u32, x: T, fill: T) {
    let i = i as usize;
    if v.len() <= i {
        v.resize(i + 1, fill);
    }
    if let Some(s) = v.get_mut(i) {
        *s = x;
    }
}

/// The product of a line (its id, else its title), with its title kept.
fn item_of(ds: &mut Dataset, l: &LineRec) -> u32 {
    let Some(key) = l.item.as_deref().or(l.title.as_deref()) else {
        return NONE;
    };
    let id = ds.items.intern(key);
    if let Some(t) = &l.title {
        let idx = id as usize;
        if ds.item_info.len() <= idx {
            ds.item_info.resize(idx + 1, Default::default());
        }
        if let Some(info) = ds.item_info.get_mut(idx) {
            if info.title.is_empty() {
                info.title = t.clone();
            }
        }
    }
    id
}

/// Each line's weight in its order: the line amounts when every line has one, else unit price
/// × quantity, else equal.
fn line_weights(lines: &[LineRec]) -> Vec<i64> {
    if lines.iter().all(|l| l.line_fen.is_some()) {
        return lines.iter().map(|l| l.line_fen.unwrap_or(0)).collect();
    }
    if lines.iter().all(|l| l.unit_fen.is_some()) {
        return lines
            .iter()
            .map(|l| l.unit_fen.unwrap_or(0).saturating_mul(l.qty))
            .collect();
    }
    vec![1; lines.len()]
}

/// Splits `total` fen over the weights, in whole fen, the shares summing exactly to `total`
/// (the last line takes the rounding). All-zero weights split equally.
fn allocate(total: i64, weights: &[i64]) -> Vec<i64> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let sum: i128 = weights.iter().map(|&w| i128::from(w.max(0))).sum();
    let mut out: Vec<i64> = weights
        .iter()
        .map(|&w| {
            if sum > 0 {
                (i128::from(total) * i128::from(w.max(0)) / sum) as i64
            } else {
                total / n as i64
            }
        })
        .collect();
    let given: i64 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += total - given;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::MoneyUnit;
    use super::*;

    #[test]
    fn allocation_sums_exactly() {
        assert_eq!(allocate(10_000, &[1, 1, 1]), vec![3_333, 3_333, 3_334]);
        assert_eq!(allocate(9_900, &[0, 0]), vec![4_950, 4_950]);
        assert_eq!(allocate(500, &[300, 200]), vec![300, 200]);
        assert_eq!(allocate(0, &[]), Vec::<i64>::new());
    }

    #[test]
    fn money_unit_is_the_layouts() {
        assert_eq!(money_fen("9900", MoneyUnit::Fen), Ok(Some(9900)));
        assert_eq!(money_fen("99.00", MoneyUnit::Yuan), Ok(Some(9900)));
    }
}

//! An orders file: one row per order (user, time, amount; optionally order id, product or
//! product name, session, status and refund). A paid order becomes a `pay` event, a refunded
//! one a `pay` and a `refund`, an unpaid one an `order` event.

use rustc_hash::FxHashSet;

use super::cells::{amount_of, check_row, id_ok, intern_opt, required, time_of};
use super::extras::{amount_is_unit_price, check_extras, Unread};
use super::repeats::{Keep, OrderRepeats};
use crate::ingest::columns::ColumnMap;
use crate::ingest::fields::{names_a_product, Field};
use crate::ingest::input::IngestOptions;
use crate::ingest::numbers::MAX_AMOUNT;
use crate::ingest::row_set::RowSet;
use crate::ingest::table::Table;
use crate::ingest::validation::RowTally;
use crate::model::{Dataset, EventKind, NONE};

/// What an order's status says about its payment.
enum Status {
    Paid,
    Refunded,
    Unpaid,
}

/// The payment status of a status cell (English or Chinese; empty = paid); `None` when unknown.
fn order_status(s: &str) -> Option<Status> {
    let t = s.trim().to_lowercase();
    if t.is_empty() {
        return Some(Status::Paid);
    }
    if t.contains("refund") || t.contains("退款") || t.contains("退货") {
        return Some(Status::Refunded);
    }
    const PAID: &[&str] = &[
        "paid",
        "pay",
        "success",
        "successful",
        "succeeded",
        "completed",
        "complete",
        "done",
        "finished",
        "settled",
        "delivered",
        "shipped",
        "已支付",
        "已付款",
        "支付成功",
        "交易成功",
        "已完成",
        "完成",
        "已发货",
        "已签收",
        "待发货",
        "已收货",
        "成功",
        "待收货",
    ];
    const UNPAID: &[&str] = &[
        "unpaid",
        "pending",
        "cancelled",
        "canceled",
        "closed",
        "failed",
        "created",
        "未支付",
        "待支付",
        "待付款",
        "已取消",
        "交易关闭",
        "已关闭",
        "支付失败",
        "取消",
    ];
    if PAID.contains(&t.as_str()) {
        Some(Status::Paid)
    } else if UNPAID.contains(&t.as_str()) {
        Some(Status::Unpaid)
    } else {
        None
    }
}

/// Reads an orders file. `order_ids` collects the (order id, user) of paid orders, for the merge
/// with events files.
pub(super) fn read_orders(
    t: &Table,
    columns: &ColumnMap,
    opts: &IngestOptions,
    ds: &mut Dataset,
    tally: &mut RowTally,
    order_ids: &mut FxHashSet<(u32, u32)>,
    repeats: &mut OrderRepeats,
) {
    let mut file_repeats = repeats.file(&tally.report.name);
    // A product name stands for the product only under a product-name header.
    let title_is_product =
        columns.has(Field::Title) && names_a_product(columns.header(Field::Title));
    let mut seen = RowSet::default();
    seen.reserve(t.approx_rows());
    // Room for a `pay` (or `order`) event per row and some `refund`s: appended to an events
    // file's full columns, growing by doubling would leave them half empty (trimmed at the end).
    super::reserve_events(&mut ds.events, t.approx_rows() + t.approx_rows() / 8);
    let json = t.info.format.contains("json");
    let n = t.headers.len();
    let pay = ds.event_names.intern("pay");
    let refund = ds.event_names.intern("refund");
    let order_name = ds.event_names.intern("order");
    let unit_price = amount_is_unit_price(columns);
    let mut unread = Unread::default();
    t.for_each_row(|line, row| {
        if !check_row(tally, &mut seen, opts, n, json, line, row) {
            return;
        }
        let Some(user) = required(
            tally,
            line,
            || columns.header(Field::User),
            columns.get(Field::User, row),
            "missing_user",
        ) else {
            return;
        };
        let Some(ts) = time_of(tally, columns, Field::Time, line, row, opts) else {
            return;
        };
        let amount = match amount_of(tally, columns, Field::Amount, line, row) {
            Ok(Some(a)) => a,
            Ok(None) => {
                tally.reject("missing_amount", line, columns.header(Field::Amount), "");
                return;
            }
            Err(()) => return,
        };
        let Some(extras) = check_extras(tally, columns, line, row, &mut unread) else {
            return;
        };
        // A unit price taken as the amount (no amount column) is multiplied by the quantity.
        let amount = match (unit_price, extras.quantity()) {
            (true, Some(q)) if amount * f64::from(q) > MAX_AMOUNT => {
                tally.reject(
                    "amount_too_large",
                    line,
                    columns.header(Field::Quantity),
                    &q.to_string(),
                );
                return;
            }
            (true, Some(q)) => amount * f64::from(q),
            _ => amount,
        };
        let status_text = columns.get(Field::Status, row).unwrap_or("");
        let Some(status) = order_status(status_text) else {
            tally.reject(
                "unknown_status",
                line,
                columns.header(Field::Status),
                status_text,
            );
            return;
        };
        let mut refund_at = None;
        let mut refund_amount = amount;
        if matches!(status, Status::Refunded) {
            if columns
                .get(Field::RefundTime, row)
                .is_some_and(|v| !v.trim().is_empty())
            {
                let Some(rt) = time_of(tally, columns, Field::RefundTime, line, row, opts) else {
                    return;
                };
                refund_at = Some(rt);
            }
            match amount_of(tally, columns, Field::RefundAmount, line, row) {
                Ok(Some(a)) => refund_amount = a,
                Ok(None) => {}
                Err(()) => return,
            }
        }
        for f in [Field::Session, Field::Item, Field::Order] {
            if let Some(v) = columns.get(f, row) {
                if !id_ok(tally, line, || columns.header(f), v) {
                    return;
                }
            }
        }
        let user = ds.users.intern(user);
        let session = intern_opt(&mut ds.sessions, columns.get(Field::Session, row));
        // A product name stands for the product when there is no product id.
        let item_text = columns.get(Field::Item, row).or_else(|| {
            title_is_product
                .then(|| columns.get(Field::Title, row))
                .flatten()
        });
        let item = intern_opt(&mut ds.items, item_text);
        if item != NONE && columns.get(Field::Item, row).is_none() && title_is_product {
            if let Some(title) = columns.get(Field::Title, row) {
                let idx = item as usize;
                if ds.item_info.len() <= idx {
                    ds.item_info.resize(idx + 1, Default::default());
                }
                if let Some(info) = ds.item_info.get_mut(idx) {
                    info.title = title.trim().to_owned();
                }
            }
        }
        let order = intern_opt(&mut ds.orders, columns.get(Field::Order, row));
        super::note_platform(ds, columns, row, user, order);
        let paid = !matches!(status, Status::Unpaid);
        let refunded = matches!(status, Status::Refunded);
        let keep = if order == NONE {
            Keep {
                pay: paid,
                refund: refunded,
                unpaid: !paid,
            }
        } else {
            let text = columns.get(Field::Order, row).unwrap_or("").trim();
            repeats.keep(
                &mut file_repeats,
                (order, user, item),
                text,
                paid,
                refunded,
                amount,
                line,
                ts,
            )
        };
        if paid && order != NONE {
            order_ids.insert((order, user));
        }
        // The pay (or order) event carries the row's optional values; a repeated row adds none.
        if keep.unpaid || keep.pay {
            let idx = ds.events.len();
            extras.store(columns, row, idx, &mut ds.events.extra, line, &mut unread);
        }
        if keep.unpaid {
            ds.events.push(
                user,
                ts,
                EventKind::Order,
                order_name,
                session,
                item,
                order,
                amount,
            );
        }
        if keep.pay {
            ds.events
                .push(user, ts, EventKind::Pay, pay, session, item, order, amount);
        }
        if keep.refund {
            ds.events.push(
                user,
                refund_at.unwrap_or(ts),
                EventKind::Refund,
                refund,
                session,
                item,
                order,
                refund_amount,
            );
        }
        tally.report.rows_accepted += 1;
    });
    unread.warn(&mut tally.report.warnings, columns);
    let w = file_repeats.warnings();
    tally.report.warnings.extend(w);
}

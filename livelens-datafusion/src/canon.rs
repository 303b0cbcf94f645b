//! The canonical tables DataFusion reads, and the conversion between them and the core's
//! [`Dataset`].
//!
//! `events`: one row per event, columns [`EVENT_COLUMNS`] plus `creator` (a column, or a hive
//! partition `creator=…` in the path); `sessions`: one row per live session, columns
//! [`SESSION_COLUMNS`] plus `creator`. Timestamps are milliseconds since the Unix epoch, UTC.
//! `seq` is the row's place in the creator's history (time order, equal times in the order the
//! exports listed them): the core breaks ties by that order (RFM ranks, equal timestamps), so the
//! DataFusion path sorts by `(ts, seq)` to give the same numbers.

use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, Float64Builder, Int64Builder, RecordBatch, StringBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::error::Result;
use livelens::model::{Dataset, EventKind, SessionInfo, NONE};

/// Columns of the canonical `events` table (besides `creator`), in this order.
pub const EVENT_COLUMNS: [(&str, DataType); 8] = [
    ("user_id", DataType::Utf8),
    ("session_id", DataType::Utf8),
    ("event", DataType::Utf8),
    ("ts", DataType::Int64),
    ("item_id", DataType::Utf8),
    ("order_id", DataType::Utf8),
    ("amount", DataType::Float64),
    ("seq", DataType::Int64),
];

/// Columns of the canonical `sessions` table (besides `creator`), in this order.
pub const SESSION_COLUMNS: [(&str, DataType); 6] = [
    ("session_id", DataType::Utf8),
    ("host", DataType::Utf8),
    ("title", DataType::Utf8),
    ("start_ts", DataType::Int64),
    ("end_ts", DataType::Int64),
    ("ad_spend", DataType::Float64),
];

fn schema_of(cols: &[(&str, DataType)], creator: bool) -> SchemaRef {
    // Every column nullable: CSV readers and other writers do not promise more; the builders
    // below check the required ones (user_id, event, ts) row by row.
    let creator = creator.then(|| Field::new("creator", DataType::Utf8, true));
    let fields: Vec<Field> = creator
        .into_iter()
        .chain(cols.iter().map(|(n, t)| Field::new(*n, t.clone(), true)))
        .collect();
    Arc::new(Schema::new(fields))
}

/// Schema of the `events` files (`creator` only when it is a column rather than a partition).
pub fn events_schema(creator: bool) -> SchemaRef {
    schema_of(&EVENT_COLUMNS, creator)
}

/// Schema of the `sessions` files.
pub fn sessions_schema(creator: bool) -> SchemaRef {
    schema_of(&SESSION_COLUMNS, creator)
}

fn opt_name(names: &livelens::model::Interner, id: u32) -> Option<&str> {
    (id != NONE).then(|| names.name(id))
}

/// The events `rows` (indices into the time-sorted events) of a dataset as a canonical batch
/// (without `creator`); `seq` is the event's index.
pub fn events_batch(ds: &Dataset, rows: &[usize]) -> Result<RecordBatch> {
    let e = &ds.events;
    let n = rows.len();
    let mut user = StringBuilder::with_capacity(n, n * 8);
    let mut session = StringBuilder::with_capacity(n, n * 4);
    let mut event = StringBuilder::with_capacity(n, n * 8);
    let mut ts = Int64Builder::with_capacity(n);
    let mut item = StringBuilder::with_capacity(n, n * 4);
    let mut order = StringBuilder::with_capacity(n, n * 4);
    let mut amount = Float64Builder::with_capacity(n);
    let mut seq = Int64Builder::with_capacity(n);
    for &i in rows {
        user.append_value(ds.users.name(e.user[i]));
        session.append_option(opt_name(&ds.sessions, e.session[i]));
        match e.kind[i] {
            EventKind::Unknown => event.append_value(ds.event_names.name(e.name[i])),
            k => event.append_value(k.key()),
        }
        ts.append_value(e.ts[i]);
        item.append_option(opt_name(&ds.items, e.item[i]));
        order.append_option(opt_name(&ds.orders, e.order[i]));
        amount.append_value(e.amount[i]);
        seq.append_value(i as i64);
    }
    let cols: Vec<ArrayRef> = vec![
        Arc::new(user.finish()),
        Arc::new(session.finish()),
        Arc::new(event.finish()),
        Arc::new(ts.finish()),
        Arc::new(item.finish()),
        Arc::new(order.finish()),
        Arc::new(amount.finish()),
        Arc::new(seq.finish()),
    ];
    Ok(RecordBatch::try_new(events_schema(false), cols)?)
}

/// The sessions table of a dataset as a canonical batch (without `creator`).
pub fn sessions_batch(ds: &Dataset) -> Result<RecordBatch> {
    let n = ds.sessions.len();
    let mut id = StringBuilder::new();
    let mut host = StringBuilder::new();
    let mut title = StringBuilder::new();
    let mut start = Int64Builder::with_capacity(n);
    let mut end = Int64Builder::with_capacity(n);
    let mut spend = Float64Builder::with_capacity(n);
    for s in 0..n {
        let info = ds.session_info.get(s).cloned().unwrap_or(SessionInfo {
            host: NONE,
            ..SessionInfo::default()
        });
        id.append_value(ds.sessions.name(s as u32));
        host.append_option(opt_name(&ds.hosts, info.host));
        title.append_option((!info.title.is_empty()).then_some(info.title.as_str()));
        start.append_option(info.start);
        end.append_option(info.end);
        spend.append_option(info.ad_spend);
    }
    let cols: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(host.finish()),
        Arc::new(title.finish()),
        Arc::new(start.finish()),
        Arc::new(end.finish()),
        Arc::new(spend.finish()),
    ];
    Ok(RecordBatch::try_new(sessions_schema(false), cols)?)
}

/// The columns [`dataset_from_columns`] reads, in this order: the events' columns, then the
/// event's session from the `sessions` table (joined on creator and session id).
pub const COLLECT_COLUMNS: [&str; 13] = [
    "user_id",
    "session_id",
    "event",
    "ts",
    "item_id",
    "order_id",
    "amount",
    "seq",
    "host",
    "title",
    "start_ts",
    "end_ts",
    "ad_spend",
];

/// The Arrow type of each of [`COLLECT_COLUMNS`].
pub fn collect_type(i: usize) -> DataType {
    match i {
        3 | 7 | 10 | 11 => DataType::Int64,
        6 | 12 => DataType::Float64,
        _ => DataType::Utf8,
    }
}

/// Builds the core's [`Dataset`] from one group's rows ([`COLLECT_COLUMNS`], equal lengths),
/// in `(ts, seq)` order: persons, sessions, hosts, products and orders get their ids in order of
/// first appearance, as the core's ingestion gives them for a time-sorted export.
pub fn dataset_from_columns(cols: &[ArrayRef], tz_offset_minutes: i32) -> Result<Dataset> {
    let mut g = crate::gather::Gathered::default();
    g.update(cols)?;
    Ok(g.take_dataset(tz_offset_minutes))
}

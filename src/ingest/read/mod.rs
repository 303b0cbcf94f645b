//! Reading: the rows of one opened file into the dataset, by kind of file (one file per kind),
//! each row accepted or rejected with a reason in the file's [`RowTally`].

mod cells;
mod events;
mod extras;
mod items;
mod local;
mod local_names;
mod orders;
mod repeats;
mod sessions;
mod users;

use rustc_hash::FxHashSet;

use super::columns::ColumnMap;
use super::fields::{Field, FileKind};
use super::input::IngestOptions;
use super::table::Table;
use super::validation::{FileReport, RowTally};
use crate::model::{Dataset, EventKind, Events};

pub(super) use cells::key_to_check;
pub use cells::row_key;
pub(super) use events::EventsReader;
pub(super) use local::{EventParts, LocalEvent, LocalIds};

/// What reading a file leaves for the files read after it and for the merge.
#[derive(Default)]
pub(super) struct ReadAcrossFiles {
    /// (order id, user) of every paid order of the orders files, to merge with the `pay` and
    /// `refund` rows of events files.
    pub(super) paid_orders: FxHashSet<(u32, u32)>,
    /// Order lines read so far, to count an order read twice once.
    order_repeats: repeats::OrderRepeats,
    /// The canonical kind of each event name id (names are interned over all events files).
    pub(super) kind_of_name_id: Vec<EventKind>,
}

/// Reads the rows of one file (its columns checked) into `ds` and completes its report.
pub(super) fn read_file(
    table: &Table,
    kind: FileKind,
    mapping: &[Option<Field>],
    report: FileReport,
    opts: &IngestOptions,
    ds: &mut Dataset,
    across: &mut ReadAcrossFiles,
) -> FileReport {
    let mut columns = ColumnMap::new(mapping, table.headers.clone());
    columns.decide_number_styles(table);
    let mut tally = RowTally::new(report, opts.max_examples);
    match kind {
        FileKind::Events => events::read_events(
            table,
            &columns,
            opts,
            ds,
            &mut tally,
            &mut across.kind_of_name_id,
        ),
        FileKind::Orders => orders::read_orders(
            table,
            &columns,
            opts,
            ds,
            &mut tally,
            &mut across.paid_orders,
            &mut across.order_repeats,
        ),
        FileKind::Items => items::read_items(table, &columns, opts, ds, &mut tally),
        FileKind::Users => users::read_users(table, mapping, opts, ds, &mut tally),
        FileKind::Sessions => sessions::read_sessions(table, &columns, opts, ds, &mut tally),
    }
    tally.finish()
}

/// Room for exactly `n` more events (the columns would otherwise double past what they need:
/// on the medium demo, 2M slots for 1.06M events; `reserve` itself would double a full column
/// to take the orders file's few thousand events).
pub(super) fn reserve_events(e: &mut Events, n: usize) {
    e.reserve_exact(n);
}

/// Gives back what [`reserve_events`] reserved beyond the events read (rejected rows).
pub(super) fn shrink_events(e: &mut Events) {
    if e.ts.capacity() > e.ts.len() + e.ts.len() / 8 + 1024 {
        e.user.shrink_to_fit();
        e.ts.shrink_to_fit();
        e.kind.shrink_to_fit();
        e.name.shrink_to_fit();
        e.session.shrink_to_fit();
        e.item.shrink_to_fit();
        e.order.shrink_to_fit();
        e.amount.shrink_to_fit();
    }
    e.pad_extras();
    e.shrink_extras();
}

/// Gives the row's platform, from its `platform` column ([`crate::ingest::platform`]), to its
/// order and its person; a platform either already has is kept (the first file or row names it).
pub(super) fn note_platform(
    ds: &mut Dataset,
    columns: &ColumnMap,
    row: &[&str],
    user: u32,
    order: u32,
) {
    let Some(id) = columns
        .get(Field::Platform, row)
        .and_then(super::platform::cell_platform)
    else {
        return;
    };
    let p = ds.platforms.intern(&id);
    set_platform(&mut ds.order_platform, order, p);
    set_platform(&mut ds.user_platform, user, p);
}

/// Sets `v[i]` to platform `p` when it has none (`i` = [`crate::model::NONE`]: nothing).
pub(in crate::ingest) fn set_platform(v: &mut Vec<u32>, i: u32, p: u32) {
    use crate::model::NONE;
    if i == NONE {
        return;
    }
    let i = i as usize;
    if v.len() <= i {
        v.resize(i + 1, NONE);
    }
    if let Some(s @ &mut NONE) = v.get_mut(i) {
        *s = p;
    }
}

//! An events file: one row per event (user, event name, time; optionally session, product,
//! order and amount). Event names are mapped to canonical events (synonyms, the user's map).

use super::cells::{
    amount_from, amount_of, check_row_as, id_ok, intern_again, intern_opt, required, row_key,
    time_from, time_of,
};
use super::extras::{check_extras, Unread};
use crate::ingest::columns::ColumnMap;
use crate::ingest::event_names::kind_of_name;
use crate::ingest::fields::Field;
use crate::ingest::input::IngestOptions;
use crate::ingest::parallel::Parsed;
use crate::ingest::parse::trim;
use crate::ingest::row_set::RowSet;
use crate::ingest::table::Table;
use crate::ingest::validation::RowTally;
use crate::model::{Dataset, EventKind};

/// Reads an events file: each accepted row becomes one event; warns when `pay` rows lack an
/// amount. `name_kind` caches the canonical kind of each event name id.
pub(super) fn read_events(
    t: &Table,
    columns: &ColumnMap,
    opts: &IngestOptions,
    ds: &mut Dataset,
    tally: &mut RowTally,
    name_kind: &mut Vec<EventKind>,
) {
    let mut reader = EventsReader::new(t.headers.len(), t.info.format.contains("json"));
    reader.seen.reserve(t.approx_rows());
    t.for_each_row(|line, row| {
        reader.row(columns, opts, ds, tally, name_kind, line, row, None, None)
    });
    reader.warn(&mut tally.report.warnings, columns, ds);
}

/// The rows of one events file, read one at a time (whole files and streamed chunks alike).
#[derive(Default)]
pub(in crate::ingest) struct EventsReader {
    /// Keys of the rows read, for exact duplicates.
    pub(in crate::ingest) seen: RowSet,
    headers: usize,
    json: bool,
    unread: Unread,
    /// The event name and session ids of the previous row ([`intern_again`]).
    last_name: u32,
    last_session: u32,
    /// The dataset's ids of the chunk being merged ([`super::local`]).
    pub(in crate::ingest) remap: super::local::Remap,
}

impl EventsReader {
    pub(in crate::ingest) fn new(headers: usize, json: bool) -> EventsReader {
        EventsReader {
            headers,
            json,
            ..EventsReader::default()
        }
    }

    /// Reads one row (`line` is where it starts): an event, or a rejection in `tally`.
    /// `new`: whether the row is not a repeat, when its key was already inserted into
    /// [`EventsReader::seen`] (a group of rows at once); `None` inserts it here. `pre`: the
    /// row's time and amount cells already parsed (by a worker thread), else parsed here.
    #[allow(clippy::too_many_arguments)]
    pub(in crate::ingest) fn row(
        &mut self,
        columns: &ColumnMap,
        opts: &IngestOptions,
        ds: &mut Dataset,
        tally: &mut RowTally,
        name_kind: &mut Vec<EventKind>,
        line: u64,
        row: &[&str],
        new: Option<bool>,
        pre: Option<&Parsed>,
    ) {
        let (unread, seen) = (&mut self.unread, &mut self.seen);
        let is_new = |r: &[&str]| new.unwrap_or_else(|| seen.insert(row_key(r)));
        if !check_row_as(tally, opts, self.headers, self.json, line, row, is_new) {
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
        // A danmaku export (comment text, no event column): every row is a comment.
        let event = match columns.has(Field::Event) {
            true => columns.get(Field::Event, row),
            false => Some("comment"),
        };
        let Some(name) = required(
            tally,
            line,
            || columns.header(Field::Event),
            event,
            "missing_event",
        ) else {
            return;
        };
        let cell = |f| columns.get(f, row).unwrap_or("");
        let ts = match pre {
            None => time_of(tally, columns, Field::Time, line, row, opts),
            Some(p) => time_from(tally, columns, Field::Time, line, cell(Field::Time), p.ts),
        };
        let Some(ts) = ts else {
            return;
        };
        let amount = match pre {
            None => amount_of(tally, columns, Field::Amount, line, row),
            Some(p) => amount_from(
                tally,
                columns,
                Field::Amount,
                line,
                cell(Field::Amount),
                p.amount,
            ),
        };
        let Ok(amount) = amount else {
            return;
        };
        let Some(extras) = check_extras(tally, columns, line, row, unread) else {
            return;
        };
        for f in [Field::Session, Field::Item, Field::Order] {
            if let Some(v) = columns.get(f, row) {
                if !id_ok(tally, line, || columns.header(f), v) {
                    return;
                }
            }
        }
        let name_id = intern_again(&mut ds.event_names, &mut self.last_name, name);
        if name_id as usize >= name_kind.len() {
            name_kind.push(kind_of_name(name, &opts.event_map));
        }
        let kind = name_kind
            .get(name_id as usize)
            .copied()
            .unwrap_or(EventKind::Unknown);
        let user = ds.users.intern(user);
        let session = match columns.get(Field::Session, row).map(trim) {
            Some(s) if !s.is_empty() => intern_again(&mut ds.sessions, &mut self.last_session, s),
            _ => crate::model::NONE,
        };
        let item = intern_opt(&mut ds.items, columns.get(Field::Item, row));
        let order = intern_opt(&mut ds.orders, columns.get(Field::Order, row));
        super::note_platform(ds, columns, row, user, order);
        let idx = ds.events.len();
        extras.store(columns, row, idx, &mut ds.events.extra, line, unread);
        ds.events.push(
            user,
            ts,
            kind,
            name_id,
            session,
            item,
            order,
            amount.unwrap_or(0.0),
        );
        tally.report.rows_accepted += 1;
    }

    /// The file's warnings once its rows are read: unreadable optional cells, `pay` rows
    /// without an amount (counted over the dataset's events, as read so far).
    pub(in crate::ingest) fn warn(
        &self,
        warnings: &mut Vec<String>,
        columns: &ColumnMap,
        ds: &Dataset,
    ) {
        self.unread.warn(warnings, columns);
        let missing_amount = ds
            .events
            .kind
            .iter()
            .zip(&ds.events.amount)
            .filter(|(k, a)| **k == EventKind::Pay && **a == 0.0)
            .count();
        if missing_amount > 0 && columns.has(Field::Amount) {
            warnings.push(format!(
                "{missing_amount} pay rows have no amount; they count as buyers and orders but add 0 to GMV"
            ));
        } else if !columns.has(Field::Amount) && ds.has_kind(EventKind::Pay) {
            warnings.push(
                "there is no amount column: GMV needs an orders file or an amount column"
                    .to_owned(),
            );
        }
    }
}

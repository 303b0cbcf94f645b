//! An events row read as far as it can be without the rows before it: on the thread that
//! parsed its range ([`crate::ingest::parallel`]), a row that [`EventsReader::row`] would
//! accept (whatever the duplicate check says) becomes a [`LocalEvent`] whose ids are the
//! chunk's own, numbered in order of first appearance. The merge then only checks the row's
//! duplicate key against the file's set, maps each chunk-local id to the dataset's id (once
//! per distinct value and chunk: [`Remap`]) and appends the event. Every other row (a
//! rejection, a warning, a platform, a price, an unknown traffic source…) is read by the merge
//! with [`EventsReader::row`] itself, so rejections, warnings and their line numbers stay
//! those of one thread.
//!
//! Ids are the one-thread ids: a chunk-local id is given its dataset id when the merge first
//! meets a row using it, in row order, as one thread interns it. (A row dropped as a duplicate
//! never gives an id: its local id is mapped when an accepted row uses it.)

use super::events::EventsReader;
use super::local_names::LocalNames;
use crate::ingest::event_names::kind_of_name;
use crate::ingest::fields::Field;
use crate::ingest::input::IngestOptions;
use crate::ingest::parallel::{Layout, Parsed};
use crate::ingest::parse::trim;
use crate::ingest::table::MAX_COLUMNS;
use crate::ingest::validation::RowTally;
use crate::model::{parse_follower, Dataset, EventKind, Interner, TrafficSource, NONE};

/// Ids of at most this many bytes are never too long ([`super::cells::id_ok`] counts
/// characters, and only past 1,000 bytes).
const SHORT_ID: usize = 1000;

/// Optional columns a local event leaves to [`EventsReader::row`] when their cell is not empty.
const READ_BY_ROW: [Field; 4] = [
    Field::ListPrice,
    Field::Discount,
    Field::Quantity,
    Field::Platform,
];

/// No value (text range start, source, follower).
const NO: u32 = u32::MAX;
/// Marks a user id that is the dataset's own (the user was known when the text was cut:
/// [`Layout::known_users`]) instead of the chunk's; chunk-local ids stay below it (a range
/// is shorter than 2³¹ bytes, `parallel::RANGE_LIMIT`, and each id takes at least two).
const KNOWN: u32 = 1 << 31;
const NO_SOURCE: u8 = u8::MAX;
const NO_FOLLOWER: u8 = 2;

/// An accepted events row with chunk-local ids (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(in crate::ingest) struct LocalEvent {
    user: u32,
    name: u32,
    session: u32,
    item: u32,
    order: u32,
    coupon: u32,
    ts: i64,
    amount: f64,
    /// The trimmed comment text in [`LocalIds::texts`] (`NO`: none).
    text: (u32, u32),
    source: u8,
    follower: u8,
}

/// A chunk's own ids, in order of first appearance, and its comment texts.
#[derive(Default)]
pub(in crate::ingest) struct LocalIds {
    users: LocalNames,
    names: LocalNames,
    sessions: LocalNames,
    items: LocalNames,
    orders: LocalNames,
    coupons: LocalNames,
    texts: String,
}

impl LocalIds {
    /// Forgets every id (the chunk is refilled).
    pub(in crate::ingest) fn clear(&mut self) {
        for i in [
            &mut self.users,
            &mut self.names,
            &mut self.sessions,
            &mut self.items,
            &mut self.orders,
            &mut self.coupons,
        ] {
            i.clear();
        }
        self.texts.clear();
    }

    /// `row` (of a file of `headers` fields) as a local event, when [`EventsReader::row`]
    /// would accept it (a new row) reading nothing but its cells; `None`: it is left to
    /// [`EventsReader::row`].
    pub(in crate::ingest) fn event(
        &mut self,
        l: &Layout,
        row: &[&str],
        p: &Parsed,
    ) -> Option<LocalEvent> {
        let (columns, headers) = (l.columns, l.headers);
        if row.len() != headers || row.len() > MAX_COLUMNS {
            return None;
        }
        let cell = |f| columns.get(f, row);
        if READ_BY_ROW
            .iter()
            .any(|&f| cell(f).is_some_and(|v| !v.is_empty()))
        {
            return None;
        }
        let short = |v: &str| v.len() <= SHORT_ID;
        let user = trim(cell(Field::User).unwrap_or(""));
        let name = match columns.has(Field::Event) {
            true => trim(cell(Field::Event).unwrap_or("")),
            false => "comment",
        };
        if user.is_empty() || name.is_empty() || !short(user) || !short(name) {
            return None;
        }
        let (Ok(ts), Ok(amount)) = (p.ts, p.amount) else {
            return None;
        };
        let ids = [Field::Session, Field::Item, Field::Order];
        if ids.iter().any(|&f| cell(f).is_some_and(|v| !short(v))) {
            return None;
        }
        // The optional cells as [`super::extras::Extras::store`] stores them (blank: nothing).
        let given = |f| cell(f).map(trim).filter(|v| !v.is_empty());
        let source = match given(Field::Source) {
            Some(s) => TrafficSource::from_synonym(s)? as u8,
            None => NO_SOURCE,
        };
        let follower = match given(Field::Follower) {
            Some(f) => parse_follower(f)? as u8,
            None => NO_FOLLOWER,
        };
        let text = match given(Field::Text) {
            Some(t) if self.texts.len() + t.len() < NO as usize => {
                let from = self.texts.len() as u32;
                self.texts.push_str(t);
                (from, self.texts.len() as u32)
            }
            Some(_) => return None,
            None => (NO, NO),
        };
        let opt = |i: &mut LocalNames, v: Option<&str>| match v {
            Some(s) => i.intern(s),
            None => Some(NONE),
        };
        let known = l
            .known_users
            .and_then(|k| k.get(user))
            .filter(|&g| g < KNOWN);
        let user = match known {
            Some(g) => g | KNOWN,
            None => self.users.intern(user)?,
        };
        Some(LocalEvent {
            user,
            name: self.names.intern(name)?,
            session: opt(&mut self.sessions, given(Field::Session))?,
            item: opt(&mut self.items, given(Field::Item))?,
            order: opt(&mut self.orders, given(Field::Order))?,
            coupon: opt(&mut self.coupons, given(Field::Coupon))?,
            ts,
            amount: amount.unwrap_or(0.0),
            text,
            source,
            follower,
        })
    }
}

/// A local event's ids (user, name, session, item, order, coupon), time, amount, comment text
/// range, traffic source and follower: its wire form (`chunk_wire`).
pub(in crate::ingest) type EventParts = ([u32; 6], i64, f64, (u32, u32), u8, u8);

impl LocalEvent {
    pub(in crate::ingest) fn parts(&self) -> EventParts {
        let ids = [
            self.user,
            self.name,
            self.session,
            self.item,
            self.order,
            self.coupon,
        ];
        let e = self;
        (ids, e.ts, e.amount, e.text, e.source, e.follower)
    }

    /// The event of `p`, when each id is one of `ids`' (or none, where that may be), its text
    /// in `ids`' texts and its source and follower values a local event has.
    pub(in crate::ingest) fn from_parts(p: EventParts, ids: &LocalIds) -> Option<LocalEvent> {
        let ([user, name, session, item, order, coupon], ts, amount, text, source, follower) = p;
        let has = |n: &LocalNames, id: u32, none_ok: bool| {
            (id as usize) < n.len() || (none_ok && id == NONE)
        };
        let ok = has(&ids.users, user, false)
            && has(&ids.names, name, false)
            && has(&ids.sessions, session, true)
            && has(&ids.items, item, true)
            && has(&ids.orders, order, true)
            && has(&ids.coupons, coupon, true)
            && (text == (NO, NO) || ids.texts.get(text.0 as usize..text.1 as usize).is_some())
            && (source == NO_SOURCE || (source as usize) < TrafficSource::ALL.len())
            && follower <= NO_FOLLOWER;
        ok.then_some(LocalEvent {
            user,
            name,
            session,
            item,
            order,
            coupon,
            ts,
            amount,
            text,
            source,
            follower,
        })
    }
}

impl LocalIds {
    /// Its tables (users, names, sessions, items, orders, coupons) and comment texts: its wire
    /// form (`chunk_wire`).
    pub(in crate::ingest) fn parts(&self) -> ([(&str, &[u32]); 6], &str) {
        let t = [
            &self.users,
            &self.names,
            &self.sessions,
            &self.items,
            &self.orders,
            &self.coupons,
        ];
        (t.map(LocalNames::parts), &self.texts)
    }

    /// Ids from their [`LocalIds::parts`] (owned), when each table is well formed.
    pub(in crate::ingest) fn from_parts(t: [(String, Vec<u32>); 6], texts: String) -> Option<Self> {
        let [users, names, sessions, items, orders, coupons] =
            t.map(|(text, ends)| LocalNames::from_parts(text, ends));
        Some(LocalIds {
            users: users?,
            names: names?,
            sessions: sessions?,
            items: items?,
            orders: orders?,
            coupons: coupons?,
            texts,
        })
    }
}

/// Per chunk-local id, its dataset id once a row of the merge used it (`NONE` before).
#[derive(Default)]
pub(in crate::ingest) struct Remap {
    users: Vec<u32>,
    names: Vec<u32>,
    sessions: Vec<u32>,
    items: Vec<u32>,
    orders: Vec<u32>,
}

impl Remap {
    /// Ready for the ids of a new chunk.
    pub(in crate::ingest) fn start(&mut self, ids: &LocalIds) {
        for (m, i) in [
            (&mut self.users, &ids.users),
            (&mut self.names, &ids.names),
            (&mut self.sessions, &ids.sessions),
            (&mut self.items, &ids.items),
            (&mut self.orders, &ids.orders),
        ] {
            m.clear();
            m.resize(i.len(), NONE);
        }
    }
}

/// The dataset's id of local id `id` of `local` (interned into `global` at its first use).
#[inline]
fn global(map: &mut [u32], local: &LocalNames, global: &mut Interner, id: u32) -> u32 {
    match map.get_mut(id as usize) {
        Some(g) if *g != NONE => *g,
        Some(g) => {
            *g = global.intern(local.name(id));
            *g
        }
        None => NONE,
    }
}

impl EventsReader {
    /// Reads a new row that the chunk made local event `e` (see the module documentation):
    /// what [`EventsReader::row`] does with it, the ids mapped through [`Remap`].
    pub(in crate::ingest) fn accept_local(
        &mut self,
        ids: &LocalIds,
        e: &LocalEvent,
        opts: &IngestOptions,
        ds: &mut Dataset,
        tally: &mut RowTally,
        name_kind: &mut Vec<EventKind>,
    ) {
        tally.report.rows_read += 1;
        let m = &mut self.remap;
        let name_id = global(&mut m.names, &ids.names, &mut ds.event_names, e.name);
        if name_id as usize >= name_kind.len() {
            name_kind.push(kind_of_name(ds.event_names.name(name_id), &opts.event_map));
        }
        let kind = name_kind
            .get(name_id as usize)
            .copied()
            .unwrap_or(EventKind::Unknown);
        let user = match e.user & KNOWN {
            0 => global(&mut m.users, &ids.users, &mut ds.users, e.user),
            _ => e.user & !KNOWN,
        };
        let session = global(&mut m.sessions, &ids.sessions, &mut ds.sessions, e.session);
        let item = global(&mut m.items, &ids.items, &mut ds.items, e.item);
        let order = global(&mut m.orders, &ids.orders, &mut ds.orders, e.order);
        let idx = ds.events.len();
        let x = &mut ds.events.extra;
        if e.text.0 != NO {
            x.set_text(
                idx,
                ids.texts
                    .get(e.text.0 as usize..e.text.1 as usize)
                    .unwrap_or(""),
            );
        }
        if let Some(&s) = TrafficSource::ALL.get(e.source as usize) {
            x.set_traffic_source(idx, s);
        }
        if e.follower != NO_FOLLOWER {
            x.set_follower(idx, e.follower == 1);
        }
        if e.coupon != NONE {
            x.set_coupon(idx, ids.coupons.name(e.coupon));
        }
        ds.events
            .push(user, e.ts, kind, name_id, session, item, order, e.amount);
        tally.report.rows_accepted += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::columns::ColumnMap;
    use crate::ingest::parse::parse_amount;
    use crate::ingest::platform::cell_platform;
    use crate::model::ShortNames;

    /// The columns of a file with `headers`, each mapped by its name.
    fn columns_of(headers: &[&str]) -> ColumnMap {
        let mapping: Vec<_> = headers
            .iter()
            .map(|h| crate::ingest::fields::field_of_header(h))
            .collect();
        ColumnMap::new(&mapping, headers.iter().map(|&h| h.to_owned()).collect())
    }

    fn layout<'a>(
        columns: &'a ColumnMap,
        headers: usize,
        opts: &'a IngestOptions,
        known_users: Option<&'a ShortNames>,
    ) -> Layout<'a> {
        Layout {
            delimiter: b',',
            headers,
            columns,
            opts,
            evidence: None,
            known_users,
        }
    }

    fn parsed(columns: &ColumnMap, row: &[&str]) -> Parsed {
        Parsed::of(columns, &IngestOptions::default(), row)
    }

    #[test]
    fn rows_read_from_their_cells_alone_become_local_events() {
        let headers = [
            "user_id",
            "session_id",
            "event",
            "timestamp",
            "amount",
            "text",
            "source",
            "is_follower",
            "coupon_id",
            "platform",
            "list_price",
        ];
        let columns = columns_of(&headers);
        let mut ids = LocalIds::default();
        let t = "2025-01-01 10:00:00";
        let opts = IngestOptions::default();
        let l = layout(&columns, headers.len(), &opts, None);
        let mut event = |row: &[&str]| ids.event(&l, row, &parsed(&columns, row));
        let a = event(&[
            "u1", "s1", "enter", t, "", " hi ", "搜索", "是", "C1", "", "",
        ]);
        let b = event(&["u2", " s1 ", "pay", t, "3.5", "", "", "", "", "", ""]);
        let (Some(a), Some(b)) = (a, b) else {
            panic!("plain rows are local events");
        };
        assert_eq!((a.user, b.user, a.session, b.session), (0, 1, 0, 0));
        assert_eq!((a.source, a.follower, b.amount), (2, 1, 3.5));
        // Left to the reader: a rejection, a warning, a platform, a price, an unknown source,
        // a wrong field count, an over-long id.
        for row in [
            ["", "s1", "enter", t, "", "", "", "", "", "", ""],
            ["u1", "s1", "enter", "never", "", "", "", "", "", "", ""],
            ["u1", "s1", "enter", t, "-1", "", "", "", "", "", ""],
            ["u1", "s1", "enter", t, "", "", "", "maybe", "", "", ""],
            ["u1", "s1", "enter", t, "", "", "", "", "", "抖音", ""],
            ["u1", "s1", "enter", t, "", "", "", "", "", " ", ""],
            ["u1", "s1", "enter", t, "", "", "", "", "", "", "9"],
            ["u1", "s1", "enter", t, "", "", "the moon", "", "", "", ""],
        ] {
            assert_eq!(event(&row), None, "{row:?}");
        }
        assert_eq!(event(&["u1", "s1"]), None);
        let long = "x".repeat(1001);
        assert_eq!(
            event(&["u1", &long, "enter", t, "", "", "", "", "", "", ""]),
            None
        );
        // What leaving out empty optional cells assumes of the reader.
        assert_eq!(parse_amount(""), Ok(None));
        assert_eq!(cell_platform(""), None);
    }

    #[test]
    fn a_known_user_takes_the_dataset_id_and_the_merge_keeps_it() {
        let headers = ["user_id", "event", "timestamp"];
        let columns = columns_of(&headers);
        let opts = IngestOptions::default();
        let mut ds = Dataset::default();
        let long = "a user id of more than fifteen bytes";
        for u in ["u0", "u1", "u2", long] {
            ds.users.intern(u);
        }
        let known = ds.users.known();
        let l = layout(&columns, headers.len(), &opts, Some(&known));
        let mut ids = LocalIds::default();
        let t = "2025-01-01 10:00:00";
        let mut event = |row: &[&str]| {
            let e = ids.event(&l, row, &parsed(&columns, row));
            e.map(|e| e.user)
        };
        // Known: the dataset's id, marked; new or longer than 15 bytes: chunk-local ids.
        assert_eq!(event(&["u2", "enter", t]), Some(2 | KNOWN));
        assert_eq!(event(&["u9", "enter", t]), Some(0));
        assert_eq!(event(&[long, "enter", t]), Some(1));
        assert_eq!(event(&["u0", "enter", t]), Some(KNOWN));
        // The merge: a known user's id as it is, the others interned at their first use.
        let mut reader = EventsReader::default();
        let mut tally = RowTally::new(Default::default(), 3);
        let mut kinds = Vec::new();
        let rows = [["u2", "enter", t], ["u9", "enter", t], [long, "enter", t]];
        reader.remap.start(&ids);
        for row in rows {
            let e = ids.event(&l, &row, &parsed(&columns, &row));
            let Some(e) = e else {
                panic!("a plain row is a local event");
            };
            reader.accept_local(&ids, &e, &opts, &mut ds, &mut tally, &mut kinds);
        }
        let users: Vec<&str> = ds.events.user.iter().map(|&u| ds.users.name(u)).collect();
        assert_eq!(users, ["u2", "u9", long]);
        assert_eq!(ds.events.user, [2, 4, 3]);
    }
}

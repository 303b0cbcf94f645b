//! A group's events gathered compactly, for the aggregates that hand a whole group (a creator,
//! a session, a host) to the core: `livelens_report`, `livelens_sections`, `livelens_visits`.
//!
//! The rows of [`COLLECT_COLUMNS`] are kept in the core's own form: every text column interned
//! (an id per distinct person, session, event name, product, order), a session's host, title,
//! start, end and spend once per session, and per row five `u32` ids, `ts`, `seq` and `amount`
//! (44 bytes). Arrow's string arrays of the same rows take several times that, and keeping
//! input slices alive keeps whole input batches alive. [`Gathered::size`] counts what is held,
//! so that DataFusion's memory pool sees it and a run over its budget stops with DataFusion's
//! "resources exhausted" error instead of taking the machine.
//!
//! The intermediate state (partial aggregation, spilling, Ballista's shuffle) is the 13 columns
//! as lists, a session's own columns (host, title, start, end, spend) on its first row only: a
//! partial gathering is turned into Arrow lists once, at the end of its input partition, and
//! merged into the final one. The local engine plans these aggregates in one phase
//! ([`crate::one_phase`]) and does not build the state at all.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Float64Array, Float64Builder, Int64Array, Int64Builder, ListArray,
    StringArray, StringBuilder,
};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::ScalarValue;
use datafusion::error::{DataFusionError, Result};
use livelens::model::{Dataset, EventKind, Interner, SessionInfo, NONE};

use crate::canon::{collect_type, COLLECT_COLUMNS};

/// An interner that counts the bytes it holds.
#[derive(Debug, Default)]
struct Names {
    names: Interner,
    bytes: usize,
}

/// Heap bytes per distinct name besides its text: the `String` in the list and a hash-map slot
/// (key, id, control byte, spare capacity).
const PER_NAME: usize = 24 + 48;

impl Names {
    fn intern(&mut self, s: &str) -> u32 {
        let before = self.names.len();
        let id = self.names.intern(s);
        if self.names.len() > before {
            self.bytes += PER_NAME + s.len();
        }
        id
    }

    fn opt(&mut self, s: Option<&str>) -> u32 {
        s.map_or(NONE, |s| self.intern(s))
    }

    fn name(&self, id: u32) -> Option<&str> {
        (id != NONE).then(|| self.names.name(id))
    }
}

/// A session's columns (the same on every row of the session: they come from the join with
/// `sessions`); the first row seen gives them.
#[derive(Debug, Clone, Default)]
struct Session {
    host: u32,
    title: u32,
    start: Option<i64>,
    end: Option<i64>,
    spend: Option<f64>,
}

/// A group's rows of [`COLLECT_COLUMNS`], interned.
#[derive(Debug, Default)]
pub struct Gathered {
    users: Names,
    sessions: Names,
    session_cols: Vec<Session>,
    hosts: Names,
    titles: Names,
    events: Names,
    items: Names,
    orders: Names,
    user: Vec<u32>,
    session: Vec<u32>,
    event: Vec<u32>,
    item: Vec<u32>,
    order: Vec<u32>,
    ts: Vec<i64>,
    seq: Vec<i64>,
    amount: Vec<f64>,
}

fn strings<'a>(a: &'a ArrayRef, what: &str) -> Result<&'a StringArray> {
    a.as_string_opt::<i32>().ok_or_else(|| {
        DataFusionError::Execution(format!("{what}: expected text, got {}", a.data_type()))
    })
}

fn ints<'a>(a: &'a ArrayRef, what: &str) -> Result<&'a Int64Array> {
    a.as_any().downcast_ref::<Int64Array>().ok_or_else(|| {
        DataFusionError::Execution(format!("{what}: expected Int64, got {}", a.data_type()))
    })
}

fn floats<'a>(a: &'a ArrayRef, what: &str) -> Result<&'a Float64Array> {
    a.as_any().downcast_ref::<Float64Array>().ok_or_else(|| {
        DataFusionError::Execution(format!("{what}: expected Float64, got {}", a.data_type()))
    })
}

fn text(a: &StringArray, i: usize) -> Option<&str> {
    (!a.is_null(i)).then(|| a.value(i))
}

fn int(a: &Int64Array, i: usize) -> Option<i64> {
    (!a.is_null(i)).then(|| a.value(i))
}

fn float(a: &Float64Array, i: usize) -> Option<f64> {
    (!a.is_null(i)).then(|| a.value(i))
}

/// The Arrow types of [`COLLECT_COLUMNS`].
pub fn types() -> Vec<DataType> {
    (0..COLLECT_COLUMNS.len()).map(collect_type).collect()
}

/// The state fields of an aggregate gathering [`COLLECT_COLUMNS`]: one list per column.
pub fn state_fields(name: &str) -> Vec<FieldRef> {
    types()
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            Arc::new(Field::new(
                format!("{name}[{}]", COLLECT_COLUMNS[i]),
                DataType::List(Arc::new(Field::new_list_field(t, true))),
                true,
            ))
        })
        .collect()
}

impl Gathered {
    /// Rows gathered so far.
    pub fn len(&self) -> usize {
        self.ts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ts.is_empty()
    }

    /// Adds rows: one array per column of [`COLLECT_COLUMNS`], equal lengths.
    pub fn update(&mut self, cols: &[ArrayRef]) -> Result<()> {
        if cols.len() != COLLECT_COLUMNS.len() {
            return Err(DataFusionError::Internal(format!(
                "expected {} columns ({}), got {}",
                COLLECT_COLUMNS.len(),
                COLLECT_COLUMNS.join(", "),
                cols.len()
            )));
        }
        let n = cols[0].len();
        for (name, c) in COLLECT_COLUMNS.iter().zip(cols) {
            if c.len() != n {
                return Err(DataFusionError::Internal(format!(
                    "column {name} has {} rows, user_id {n}",
                    c.len()
                )));
            }
        }
        let user = strings(&cols[0], "user_id")?;
        let session = strings(&cols[1], "session_id")?;
        let event = strings(&cols[2], "event")?;
        let ts = ints(&cols[3], "ts")?;
        let item = strings(&cols[4], "item_id")?;
        let order = strings(&cols[5], "order_id")?;
        let amount = floats(&cols[6], "amount")?;
        let seq = ints(&cols[7], "seq")?;
        let host = strings(&cols[8], "host")?;
        let title = strings(&cols[9], "title")?;
        let start = ints(&cols[10], "start_ts")?;
        let end = ints(&cols[11], "end_ts")?;
        let spend = floats(&cols[12], "ad_spend")?;
        self.reserve(n);
        for i in 0..n {
            let (Some(u), Some(e), Some(t)) = (text(user, i), text(event, i), int(ts, i)) else {
                let missing: Vec<&str> =
                    [(user.is_null(i), "user_id"), (event.is_null(i), "event")]
                        .into_iter()
                        .chain([(ts.is_null(i), "ts")])
                        .filter_map(|(null, c)| null.then_some(c))
                        .collect();
                return Err(DataFusionError::Execution(format!(
                    "events: a row (seq {}) has no {}; events rows need user_id, event and ts",
                    int(seq, i).map_or("missing".to_owned(), |s| s.to_string()),
                    missing.join(", ")
                )));
            };
            self.user.push(self.users.intern(u));
            let s = match text(session, i) {
                None => NONE,
                Some(sid) => {
                    let s = self.sessions.intern(sid);
                    if s as usize == self.session_cols.len() {
                        self.session_cols.push(Session {
                            host: self.hosts.opt(text(host, i)),
                            title: self.titles.opt(text(title, i)),
                            start: int(start, i),
                            end: int(end, i),
                            spend: float(spend, i),
                        });
                    }
                    s
                }
            };
            self.session.push(s);
            self.event.push(self.events.intern(e));
            self.item.push(self.items.opt(text(item, i)));
            self.order.push(self.orders.opt(text(order, i)));
            self.ts.push(t);
            self.seq.push(int(seq, i).unwrap_or(i64::MAX));
            self.amount.push(float(amount, i).unwrap_or(0.0));
        }
        Ok(())
    }

    /// Grows the row vectors for `n` more rows, at least doubling (a group's rows arrive in
    /// many small batches).
    fn reserve(&mut self, n: usize) {
        let want = self.len() + n;
        if want <= self.ts.capacity() {
            return;
        }
        let extra = want.max(self.ts.capacity() * 2) - self.len();
        self.user.reserve_exact(extra);
        self.session.reserve_exact(extra);
        self.event.reserve_exact(extra);
        self.item.reserve_exact(extra);
        self.order.reserve_exact(extra);
        self.ts.reserve_exact(extra);
        self.seq.reserve_exact(extra);
        self.amount.reserve_exact(extra);
    }

    /// Adds partial states ([`Gathered::state`] of other accumulators: a list per column, each
    /// row one partial).
    pub fn merge(&mut self, states: &[ArrayRef]) -> Result<()> {
        if states.len() != COLLECT_COLUMNS.len() {
            return Err(DataFusionError::Internal(format!(
                "expected {} state columns, got {}",
                COLLECT_COLUMNS.len(),
                states.len()
            )));
        }
        let lists = states
            .iter()
            .map(|s| {
                s.as_list_opt::<i32>().ok_or_else(|| {
                    DataFusionError::Internal(format!("state is {}, not a list", s.data_type()))
                })
            })
            .collect::<Result<Vec<&ListArray>>>()?;
        let rows = lists.first().map_or(0, |l| l.len());
        for row in 0..rows {
            if lists.iter().any(|l| l.is_null(row)) {
                continue;
            }
            let cols: Vec<ArrayRef> = lists.iter().map(|l| l.value(row)).collect();
            self.update(&cols)?;
        }
        Ok(())
    }

    /// The rows as the 13 columns, in the order gathered.
    pub fn columns(&self) -> Vec<ArrayRef> {
        self.columns_with(&self.session)
    }

    /// [`Gathered::columns`] with a session's `host, title, start_ts, end_ts, ad_spend` only on
    /// its first row (null on the others): [`Gathered::update`] reads them from a session's first
    /// row only, so the state merges to the same rows and is smaller to ship (Ballista's
    /// shuffle) and to hold.
    fn columns_sessions_once(&self) -> Vec<ArrayRef> {
        let mut seen = vec![false; self.session_cols.len()];
        let first: Vec<u32> = self
            .session
            .iter()
            .map(|&s| match seen.get_mut(s as usize) {
                Some(done) if !*done => {
                    *done = true;
                    s
                }
                _ => NONE,
            })
            .collect();
        self.columns_with(&first)
    }

    /// The 13 columns, the session columns of row `i` from session `sessions[i]` (none for
    /// [`NONE`]).
    fn columns_with(&self, sessions: &[u32]) -> Vec<ArrayRef> {
        let n = self.len();
        let strs = |names: &Names, ids: &[u32]| -> ArrayRef {
            let mut b = StringBuilder::with_capacity(n, n * 8);
            for &id in ids {
                b.append_option(names.name(id));
            }
            Arc::new(b.finish())
        };
        let per_session = |names: &Names, f: fn(&Session) -> u32| -> ArrayRef {
            let mut b = StringBuilder::with_capacity(n, n * 4);
            for &s in sessions {
                b.append_option(
                    self.session_cols
                        .get(s as usize)
                        .and_then(|c| names.name(f(c))),
                );
            }
            Arc::new(b.finish())
        };
        let session_int = |f: &dyn Fn(&Session) -> Option<i64>| -> ArrayRef {
            let mut b = Int64Builder::with_capacity(n);
            for &s in sessions {
                b.append_option(self.session_cols.get(s as usize).and_then(f));
            }
            Arc::new(b.finish())
        };
        let mut spend = Float64Builder::with_capacity(n);
        for &s in sessions {
            spend.append_option(self.session_cols.get(s as usize).and_then(|c| c.spend));
        }
        let seq: Int64Array = self
            .seq
            .iter()
            .map(|&s| (s != i64::MAX).then_some(s))
            .collect();
        vec![
            strs(&self.users, &self.user),
            strs(&self.sessions, &self.session),
            strs(&self.events, &self.event),
            Arc::new(Int64Array::from(self.ts.clone())),
            strs(&self.items, &self.item),
            strs(&self.orders, &self.order),
            Arc::new(Float64Array::from(self.amount.clone())),
            Arc::new(seq),
            per_session(&self.hosts, |c| c.host),
            per_session(&self.titles, |c| c.title),
            session_int(&|c| c.start),
            session_int(&|c| c.end),
            Arc::new(spend.finish()),
        ]
    }

    /// The state: each column as a one-row list.
    pub fn state(&self) -> Vec<ScalarValue> {
        self.columns_sessions_once()
            .into_iter()
            .zip(types())
            .map(|(c, t)| {
                let offsets = OffsetBuffer::from_lengths([c.len()]);
                let field = Arc::new(Field::new_list_field(t, true));
                ScalarValue::List(Arc::new(ListArray::new(field, offsets, c, None)))
            })
            .collect()
    }

    /// Bytes held (for DataFusion's memory accounting).
    pub fn size(&self) -> usize {
        let names = [
            &self.users,
            &self.sessions,
            &self.hosts,
            &self.titles,
            &self.events,
            &self.items,
            &self.orders,
        ]
        .iter()
        .map(|n| n.bytes)
        .sum::<usize>();
        std::mem::size_of::<Self>()
            + names
            + self.session_cols.capacity() * std::mem::size_of::<Session>()
            + self.ts.capacity() * (5 * 4 + 3 * 8)
    }

    /// The core's [`Dataset`] of the rows, in `(ts, seq)` order (rows without `seq` after those
    /// with one at the same instant, then in the order gathered): persons, sessions, hosts,
    /// products and orders get their ids in order of first appearance, as the core's ingestion
    /// gives them for a time-sorted export. Frees the gathered rows.
    pub fn take_dataset(&mut self, tz_offset_minutes: i32) -> Dataset {
        let g = std::mem::take(self);
        let n = g.len();
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_unstable_by_key(|&i| (g.ts[i as usize], g.seq[i as usize], i));
        let mut ds = Dataset {
            tz_offset_minutes,
            ..Dataset::default()
        };
        let (mut mu, mut ms, mut mh, mut me, mut mi, mut mo) = (
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
        );
        {
            let ev = &mut ds.events;
            ev.user.reserve_exact(n);
            ev.ts.reserve_exact(n);
            ev.kind.reserve_exact(n);
            ev.name.reserve_exact(n);
            ev.session.reserve_exact(n);
            ev.item.reserve_exact(n);
            ev.order.reserve_exact(n);
            ev.amount.reserve_exact(n);
        }
        let mut kinds: Vec<Option<EventKind>> = vec![None; g.events.names.len()];
        for &i in &order {
            let i = i as usize;
            let u = remap(&g.users, &mut ds.users, &mut mu, g.user[i]);
            let before = ds.sessions.len();
            let s = remap(&g.sessions, &mut ds.sessions, &mut ms, g.session[i]);
            if ds.sessions.len() > before {
                let c = g
                    .session_cols
                    .get(g.session[i] as usize)
                    .cloned()
                    .unwrap_or_default();
                let host = remap(&g.hosts, &mut ds.hosts, &mut mh, c.host);
                ds.session_info.push(SessionInfo {
                    title: g.titles.name(c.title).unwrap_or("").to_owned(),
                    host,
                    start: c.start,
                    end: c.end,
                    ad_spend: c.spend,
                });
            }
            let e = g.event[i];
            let name = remap(&g.events, &mut ds.event_names, &mut me, e);
            let kind = match kinds.get(e as usize).copied().flatten() {
                Some(k) => k,
                None => {
                    let k =
                        EventKind::from_key(g.events.names.name(e)).unwrap_or(EventKind::Unknown);
                    if let Some(slot) = kinds.get_mut(e as usize) {
                        *slot = Some(k);
                    }
                    k
                }
            };
            let it = remap(&g.items, &mut ds.items, &mut mi, g.item[i]);
            let o = remap(&g.orders, &mut ds.orders, &mut mo, g.order[i]);
            ds.events
                .push(u, g.ts[i], kind, name, s, it, o, g.amount[i]);
        }
        drop(order);
        drop(g);
        ds.finish();
        ds
    }
}

/// The dataset's id of gathered id `id` of `names`: given at its first appearance (in time
/// order) and remembered in `map`.
fn remap(names: &Names, to: &mut Interner, map: &mut Vec<u32>, id: u32) -> u32 {
    if id == NONE {
        return NONE;
    }
    let slot = id as usize;
    if map.len() <= slot {
        map.resize(names.names.len().max(slot + 1), NONE);
    }
    match map.get_mut(slot) {
        Some(m) => {
            if *m == NONE {
                *m = to.intern(names.names.name(id));
            }
            *m
        }
        None => NONE,
    }
}

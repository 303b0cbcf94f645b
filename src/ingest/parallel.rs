//! Parsing a streamed events file on several cores: the text of complete lines is cut into byte
//! ranges at line ends, each range is *parsed* into a [`Chunk`] on its own thread (tokenized,
//! its records' duplicate keys computed, their time and amount cells parsed, the money columns'
//! evidence counted, and each row that needs nothing but its own cells made an event with the
//! chunk's own ids: `read::local`), and the chunks are *merged* in order on the calling thread:
//! the duplicate set, each chunk-local id mapped to the dataset's id once per distinct value,
//! the events appended; every other row (rejections with their line numbers, warnings,
//! platforms…) is read from its fields with the same code as one thread — so rows, rejections,
//! duplicates, ids and the report are those of the one-thread path.
//!
//! A cut is made after a line feed with an even number of quotes since the start of the text
//! (outside a quoted field, in well-formed CSV); a range whose records do not end exactly at its
//! cut (a quoted field with line ends that the count got wrong) stops the parallel reading: the
//! ranges before it are merged and the rest is read on one thread.
//!
//! The core API the page's workers can reuse: [`cuts`] (where to cut a text), [`parse_range`]
//! (a range → a chunk: pure, no shared state) and the streamed reader's merge of chunks in order
//! (`StreamedEvents::read_text`). See `/work/wt/api/parallel.md`.

use std::ops::Range;

use super::columns::{ColumnMap, MoneyEvidence};
use super::fields::Field;
use super::input::IngestOptions;
use super::numbers::parse_amount_in;
use super::parse::{parse_timestamp, AmountError, TsError};
use super::read::{key_to_check, LocalEvent, LocalIds};
use super::table::tokenize::Tokenizer;
use super::table::{is_blank, MAX_COLUMNS};
use crate::model::ShortNames;

/// A range smaller than this is not worth a thread.
pub(super) const MIN_RANGE: usize = 64 << 10;
/// The largest range wanted (its chunk takes ~2.5× its bytes).
const MAX_RANGE: usize = 1 << 20;
/// Ranges must be shorter than this (offsets are kept in 31 bits).
pub(super) const RANGE_LIMIT: usize = 1 << 31;
/// Marks a field bound in the chunk's scratch text (an unescaped quoted field).
pub(super) const IN_SCRATCH: u32 = 1 << 31;

/// The time and amount cells of a record, parsed by the thread that parsed its range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(in crate::ingest) struct Parsed {
    pub(in crate::ingest) ts: Result<i64, TsError>,
    pub(in crate::ingest) amount: Result<Option<f64>, AmountError>,
}

impl Parsed {
    /// The record's time and amount cells parsed as the one-thread reader parses them.
    pub(in crate::ingest) fn of(columns: &ColumnMap, opts: &IngestOptions, row: &[&str]) -> Self {
        let cell = |f| columns.get(f, row).unwrap_or("");
        Parsed {
            ts: parse_timestamp(cell(Field::Time), opts.tz_offset_minutes),
            amount: parse_amount_in(cell(Field::Amount), columns.style(Field::Amount)),
        }
    }
}

/// A record's start and fields' end, or a field's bounds (see [`Chunk`]).
pub(super) type Span = (u32, u32);

/// What parsing a range needs of its file (read-only, shared by the threads).
pub(super) struct Layout<'a> {
    pub(super) delimiter: u8,
    /// Fields of the header.
    pub(super) headers: usize,
    /// The columns, with the money columns' decimal separators decided for this text.
    pub(super) columns: &'a ColumnMap,
    pub(super) opts: &'a IngestOptions,
    /// The money columns whose values are counted (nothing counted yet), or `None`.
    pub(super) evidence: Option<&'a MoneyEvidence>,
    /// The dataset's users known when the text was cut (their ids, [`ShortNames`]): a row of
    /// such a user takes the dataset's id at once instead of a chunk-local one.
    pub(super) known_users: Option<&'a ShortNames>,
}

/// A range of text parsed into records (see the module documentation).
pub(super) struct Chunk {
    /// The range in the text.
    pub(super) range: Range<usize>,
    /// Bytes of the range read into complete records (from its start).
    pub(super) consumed: usize,
    /// Per non-blank record: its start in the range and the end of its fields in `bounds`.
    recs: Vec<(u32, u32)>,
    /// Each field's `(start, end)` in the range's text, or in `scratch` (start | [`IN_SCRATCH`]).
    bounds: Vec<(u32, u32)>,
    scratch: String,
    /// Per record: the key checked for exact duplicates ([`key_to_check`]).
    pub(super) keys: Vec<Option<u64>>,
    /// Per record: its time and amount cells, parsed.
    parsed: Vec<Parsed>,
    /// Per record: the event it is with the chunk's own ids, when reading it needs nothing
    /// but its cells (see `read::local`); `None`: read by the merge from its fields.
    pub(super) local: Vec<Option<LocalEvent>>,
    /// The chunk's own ids and comment texts.
    pub(super) ids: LocalIds,
    /// The money columns' evidence from every record of the range (blank ones too).
    pub(super) evidence: Option<MoneyEvidence>,
}

impl Chunk {
    /// Whether the records of the range end exactly at its end (its cut was a record end).
    pub(super) fn complete(&self) -> bool {
        self.consumed == self.range.len()
    }

    /// Records (non-blank) in the chunk.
    pub(super) fn len(&self) -> usize {
        self.recs.len()
    }

    /// Its records, field bounds, scratch text and parsed cells (for `chunk_wire`).
    pub(super) fn parts(&self) -> (&[Span], &[Span], &str, &[Parsed]) {
        (&self.recs, &self.bounds, &self.scratch, &self.parsed)
    }

    /// A chunk from its parts (decoded by `chunk_wire`, which checks them).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn from_parts(
        range: Range<usize>,
        consumed: usize,
        (recs, bounds, scratch): (Vec<Span>, Vec<Span>, String),
        keys: Vec<Option<u64>>,
        parsed: Vec<Parsed>,
        local: Vec<Option<LocalEvent>>,
        ids: LocalIds,
        evidence: Option<MoneyEvidence>,
    ) -> Chunk {
        Chunk {
            range,
            consumed,
            recs,
            bounds,
            scratch,
            keys,
            parsed,
            local,
            ids,
            evidence,
        }
    }

    /// Record `i`'s fields into `fields` (`text` is the text the range was cut from); returns
    /// its start in the text and its time and amount cells parsed.
    pub(super) fn record<'t>(
        &'t self,
        text: &'t str,
        i: usize,
        fields: &mut Vec<&'t str>,
    ) -> (usize, Option<&'t Parsed>) {
        let own = text.get(self.range.clone()).unwrap_or("");
        let from = match i.checked_sub(1) {
            Some(p) => self.recs.get(p).map_or(0, |r| r.1 as usize),
            None => 0,
        };
        let (start, to) = self.recs.get(i).copied().unwrap_or((0, from as u32));
        fields.clear();
        fields.extend(
            self.bounds
                .get(from..to as usize)
                .unwrap_or_default()
                .iter()
                .map(|&(s, e)| match s & IN_SCRATCH {
                    0 => own.get(s as usize..e as usize).unwrap_or(""),
                    _ => self
                        .scratch
                        .get((s & !IN_SCRATCH) as usize..e as usize)
                        .unwrap_or(""),
                }),
        );
        (self.range.start + start as usize, self.parsed.get(i))
    }
}

/// Where to cut `text` (which starts at a record) into ranges of about `size` bytes: the ends
/// of all ranges but the last, each just after a line feed with an even number of quotes
/// before it. Fewer cuts when the text has no line feed where one is wanted.
pub(super) fn cuts(text: &str, size: usize) -> Vec<usize> {
    cuts_by(text, |_| size)
}

/// [`cuts`] with ranges of `size` bytes until the text left is short, then smaller ones
/// (the text left shared out over `threads` twice, down to `floor` bytes): the last ranges of
/// a text are parsed and merged quickly, so the other threads, which have nothing left to
/// claim, wait less for the thread parsing or merging the last chunks (the text's chunks are
/// all merged before the next text is read).
pub(super) fn guided_cuts(text: &str, size: usize, floor: usize, threads: usize) -> Vec<usize> {
    let floor = floor.clamp(1, size.max(1));
    let share = 2 * threads.max(1);
    cuts_by(text, |left| (left / share).clamp(floor, size.max(floor)))
}

/// The cuts of `text`, each range about `size_at(bytes left)` bytes (see [`cuts`]).
fn cuts_by(text: &str, size_at: impl Fn(usize) -> usize) -> Vec<usize> {
    let b = text.as_bytes();
    let size = |left: usize| size_at(left).clamp(1, MAX_RANGE);
    let quoted = memchr::memchr(b'"', b).is_some();
    let mut out = Vec::new();
    let (mut from, mut odd) = (0usize, false);
    let mut want = size(b.len());
    while want < b.len() {
        let Some(nl) = memchr::memchr(b'\n', b.get(want..).unwrap_or_default()) else {
            break;
        };
        let at = want + nl + 1;
        if quoted {
            let q = memchr::memchr_iter(b'"', b.get(from..at).unwrap_or_default()).count();
            odd ^= q % 2 == 1;
            from = at;
        }
        if at >= b.len() {
            break;
        }
        if !odd {
            out.push(at);
            want = at + size(b.len() - at);
        } else {
            want = at;
        }
    }
    out
}

/// The ranges of `text` between `cuts` (and its ends).
pub(super) fn ranges(text: &str, cuts: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for &c in cuts {
        out.push(from..c);
        from = c;
    }
    out.push(from..text.len());
    out
}

/// Parses `range` of `text` (which starts at a record; `last`: it is the end of the file) into
/// a chunk: pure, on any thread. `reuse`: a chunk whose buffers are refilled (allocating a
/// chunk per range made the allocator keep ~6 MB more at the peak).
pub(super) fn parse_range(
    text: &str,
    range: Range<usize>,
    last: bool,
    l: &Layout,
    reuse: Option<Chunk>,
) -> Chunk {
    let own = text.get(range.clone()).unwrap_or("");
    let rows = own.len() / 48 + 16;
    let mut c = reuse.unwrap_or_else(|| Chunk {
        range: 0..0,
        consumed: 0,
        recs: Vec::new(),
        bounds: Vec::new(),
        scratch: String::new(),
        keys: Vec::new(),
        parsed: Vec::new(),
        local: Vec::new(),
        ids: LocalIds::default(),
        evidence: None,
    });
    c.range = range;
    c.consumed = 0;
    c.evidence = l.evidence.cloned();
    for_all_cleared(&mut c, rows, rows * l.headers);
    let mut tok = Tokenizer::new(l.delimiter, MAX_COLUMNS);
    c.consumed = tok.records(own, last, |rec| {
        if let Some(ev) = &mut c.evidence {
            ev.add(rec.fields);
        }
        if is_blank(rec.fields) {
            return;
        }
        let base = c.scratch.len() as u32;
        c.scratch.push_str(rec.scratch);
        c.bounds
            .extend(rec.bounds.iter().map(|&(s, e, unescaped)| match unescaped {
                true => ((s as u32 + base) | IN_SCRATCH, e as u32 + base),
                false => (s as u32, e as u32),
            }));
        c.recs.push((rec.start as u32, c.bounds.len() as u32));
        c.keys.push(key_to_check(
            l.opts,
            l.headers,
            l.delimiter,
            rec.fields,
            rec.joined,
        ));
        let parsed = Parsed::of(l.columns, l.opts, rec.fields);
        c.local.push(c.ids.event(l, rec.fields, &parsed));
        c.parsed.push(parsed);
    });
    c
}

/// Empties a chunk's buffers, with room for `rows` records and `fields` fields.
fn for_all_cleared(c: &mut Chunk, rows: usize, fields: usize) {
    c.recs.clear();
    c.recs.reserve(rows);
    c.bounds.clear();
    c.bounds.reserve(fields);
    c.scratch.clear();
    c.keys.clear();
    c.keys.reserve(rows);
    c.parsed.clear();
    c.parsed.reserve(rows);
    c.local.clear();
    c.local.reserve(rows);
    c.ids.clear();
}

/// Parses `ranges` of `text` on `workers` threads and the calling thread together, and hands
/// each chunk, in order, to `merge` on the calling thread; `merge` returns `false` to stop (the
/// workers then stop too). Every thread claims the next range not yet claimed (one counter), so
/// the calling thread parses a range whenever the chunk it is to merge next is not ready
/// instead of waiting for it: on two cores the merge and the parsing share both. The workers
/// stay at most two chunks per thread ahead of the merge (a merge slowed by a busy machine
/// would otherwise let them fill memory with chunks of the whole text). A range whose
/// worker is gone (none could be started, as in the browser's main wasm module) is parsed by
/// the calling thread. `last`: the last range is the end of the file. Chunks are refilled
/// from `pool` and end there for the next text.
pub(super) fn parse_and_merge(
    text: &str,
    ranges: &[Range<usize>],
    last: bool,
    l: &Layout,
    workers: usize,
    pool: &mut Vec<Chunk>,
    mut merge: impl FnMut(&Chunk) -> bool,
) {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
    use std::sync::{mpsc, Mutex};
    let n = ranges.len();
    let workers = workers.min(n.saturating_sub(1));
    let is_last = |i: usize| last && i + 1 == n;
    let range = |i: usize| ranges.get(i).cloned().unwrap_or(0..0);
    let next = AtomicUsize::new(0);
    // Chunks merged so far; the workers parse at most `ahead` chunks past them.
    let merged = AtomicUsize::new(0);
    let ahead = 2 * (workers + 1);
    let stop = AtomicBool::new(false);
    let spare = Mutex::new(std::mem::take(pool));
    let take = || spare.lock().ok().and_then(|mut p| p.pop());
    let parse = |i: usize| parse_range(text, range(i), is_last(i), l, take());
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::channel::<(usize, Chunk)>();
        let mut handles = Vec::with_capacity(workers);
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, stop, parse, merged) = (&next, &stop, &parse, &merged);
            // On failure the closure, and with it its sender, is dropped.
            let h = std::thread::Builder::new().spawn_scoped(s, move || {
                while !stop.load(Relaxed) {
                    // At most `ahead` chunks past the merge (their memory): wait for it.
                    let i = next.load(Relaxed);
                    if i >= n {
                        break;
                    }
                    if i >= merged.load(Relaxed) + ahead {
                        std::thread::park_timeout(std::time::Duration::from_micros(200));
                        continue;
                    }
                    if next.compare_exchange(i, i + 1, Relaxed, Relaxed).is_ok()
                        && tx.send((i, parse(i))).is_err()
                    {
                        break;
                    }
                }
            });
            handles.extend(h.ok());
        }
        drop(tx);
        // Chunks parsed ahead of the merge, by index.
        let mut ready: Vec<Option<Chunk>> = (0..n).map(|_| None).collect();
        let put = |ready: &mut Vec<Option<Chunk>>, (j, c): (usize, Chunk)| {
            if let Some(slot) = ready.get_mut(j) {
                *slot = Some(c);
            }
        };
        for i in 0..n {
            let c = loop {
                while let Ok(got) = rx.try_recv() {
                    put(&mut ready, got);
                }
                if let Some(c) = ready.get_mut(i).and_then(Option::take) {
                    break c;
                }
                // A range of the window left to claim: parse it instead of waiting.
                let j = next.load(Relaxed);
                if j < n && j < i + ahead {
                    if next.compare_exchange(j, j + 1, Relaxed, Relaxed).is_ok() {
                        put(&mut ready, (j, parse(j)));
                    }
                    continue;
                }
                // Every range of the window is claimed and chunk `i` is still being parsed.
                match rx.recv() {
                    Ok(got) => put(&mut ready, got),
                    // Its worker is gone without sending it.
                    Err(_) => break parse(i),
                }
            };
            let go = merge(&c);
            merged.store(i + 1, Relaxed);
            for h in &handles {
                h.thread().unpark();
            }
            if let Ok(mut p) = spare.lock() {
                p.push(c);
            }
            if !go {
                stop.store(true, Relaxed);
                break;
            }
        }
        // Unblock and drain the workers: their chunks go back to the pool.
        drop(rx);
        for h in handles {
            let _ = h.join();
        }
        if let Ok(mut p) = spare.lock() {
            p.extend(ready.into_iter().flatten());
        }
    });
    *pool = spare.into_inner().unwrap_or_default();
    // Enough to start the next text with; the rest is freed.
    pool.truncate(2 * (workers + 1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_fall_after_line_feeds_outside_quotes() {
        let text = "a,b\n\"x\ny\",2\nc,d\ne,f\n";
        let c = cuts(text, 1);
        // The line feed inside the quoted field (after `"x`) is never a cut.
        assert_eq!(c, vec![4, 12, 16]);
        let r = ranges(text, &c);
        assert_eq!(r.last(), Some(&(16..text.len())));
        assert_eq!(cuts("no line end", 2), Vec::<usize>::new());
        assert_eq!(cuts("a\nb\n", 1), vec![2]);
    }

    #[test]
    fn guided_cuts_shrink_towards_the_end() {
        let text = "abcdefg\n".repeat(1000);
        let c = guided_cuts(&text, 800, 40, 2);
        let r = ranges(&text, &c);
        // Full ranges first, then smaller ones, none below the floor but the last.
        assert!(r.first().is_some_and(|r| r.len() >= 800));
        assert!(r.iter().rev().skip(1).all(|r| r.len() >= 40));
        assert!(r.iter().rev().nth(1).is_some_and(|r| r.len() < 100));
        assert_eq!(r.last().map(|r| r.end), Some(text.len()));
        // Without room to shrink, the plain cuts.
        assert_eq!(guided_cuts(&text, 800, 800, 2), cuts(&text, 800));
    }
}

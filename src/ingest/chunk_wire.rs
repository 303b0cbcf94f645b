//! The compact binary form of a parsed range ([`parallel::Chunk`]) and of what parsing a range
//! needs ([`parallel::Layout`]), so that the page's parse workers (each its own wasm instance,
//! no shared memory) can parse ranges of an events file that the engine worker merges
//! (docs/decisions.md, "Parsing in several workers"). Little-endian numbers, length-prefixed
//! UTF-8, a magic and a version byte; no serde. Decoding checks every count, index and text
//! range against the buffer and the chunk's own tables: a truncated or corrupt buffer is an
//! error, never a panic, and a decoded chunk never refers outside itself.

use super::columns::{ColumnMap, MoneyEvidence};
use super::fields::Field;
use super::hash::Hasher64;
use super::input::IngestOptions;
use super::numbers::{ColumnEvidence, NumberStyle};
use super::parallel::{self, Chunk, Parsed, IN_SCRATCH};
use super::parse::{AmountError, TsError};
use super::read::{EventParts, LocalEvent, LocalIds};

const CHUNK_MAGIC: &[u8; 4] = b"LLC\x02";
const LAYOUT_MAGIC: &[u8; 4] = b"LLL\x01";

/// A buffer that is not a chunk or layout of this version (what is wrong, for the console).
#[derive(Debug, PartialEq)]
pub struct BadWire(pub &'static str);

type R<T> = Result<T, BadWire>;

#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
}

struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> R<&'a [u8]> {
        if n > self.b.len() {
            return Err(BadWire("truncated"));
        }
        let (a, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(a)
    }
    fn arr<const N: usize>(&mut self) -> R<[u8; N]> {
        self.bytes(N)?.try_into().map_err(|_| BadWire("truncated"))
    }
    fn u8(&mut self) -> R<u8> {
        Ok(self.arr::<1>()?[0])
    }
    fn u32(&mut self) -> R<u32> {
        Ok(u32::from_le_bytes(self.arr()?))
    }
    fn u64(&mut self) -> R<u64> {
        Ok(u64::from_le_bytes(self.arr()?))
    }
    /// A count of items of at least `each` bytes (checked against what is left).
    fn len(&mut self, each: usize) -> R<usize> {
        let n = self.u32()? as usize;
        if n.saturating_mul(each.max(1)) > self.b.len() {
            return Err(BadWire("count past the end"));
        }
        Ok(n)
    }
    fn string(&mut self) -> R<String> {
        let n = self.len(1)?;
        let b = self.bytes(n)?;
        std::str::from_utf8(b)
            .map(str::to_owned)
            .map_err(|_| BadWire("text not UTF-8"))
    }
    fn end(&self) -> R<()> {
        match self.b.is_empty() {
            true => Ok(()),
            false => Err(BadWire("bytes after the end")),
        }
    }
}

fn field(i: u8) -> R<Field> {
    Field::ALL
        .get(i as usize)
        .copied()
        .ok_or(BadWire("unknown field"))
}

/// What parsing a range of a file needs, decoded in a parse worker.
pub struct ParseLayout {
    delimiter: u8,
    headers: usize,
    columns: ColumnMap,
    opts: IngestOptions,
    evidence: Option<MoneyEvidence>,
    /// The hash of its wire form, carried by each chunk parsed with it.
    stamp: u64,
}

impl ParseLayout {
    fn layout(&self) -> parallel::Layout<'_> {
        parallel::Layout {
            delimiter: self.delimiter,
            headers: self.headers,
            columns: &self.columns,
            opts: &self.opts,
            evidence: self.evidence.as_ref(),
            // A worker has no dataset: chunk-local user ids only (the merge checks them).
            known_users: None,
        }
    }
}

fn stamp(b: &[u8]) -> u64 {
    let mut h = Hasher64::default();
    h.write_str(b);
    h.finish()
}

/// The wire form of a layout (`evidence`: the money columns, whose values each range counts).
pub(super) fn encode_layout(l: &parallel::Layout) -> Vec<u8> {
    let mut w = Writer::default();
    w.0.extend_from_slice(LAYOUT_MAGIC);
    w.u8(l.delimiter);
    w.len(l.headers);
    w.u32(l.opts.tz_offset_minutes as u32);
    w.u8(l.opts.drop_duplicates as u8);
    let (headers, mapping, styles) = l.columns.parts();
    w.len(headers.len());
    for (h, f) in headers.iter().zip(&mapping) {
        w.str(h);
        w.u8(f.map_or(u8::MAX, |f| f as u8));
    }
    for s in styles {
        w.u8(match s {
            None => 0,
            Some(NumberStyle::Dot) => 1,
            Some(NumberStyle::Comma) => 2,
        });
    }
    match l.evidence {
        None => w.u8(0),
        Some(ev) => {
            w.u8(1);
            let (cols, _) = ev.parts();
            w.len(cols.len());
            for &(f, c) in cols {
                w.u8(f as u8);
                w.len(c);
            }
        }
    }
    w.0
}

/// The hash of a layout's wire form (what a chunk parsed with it carries).
pub(super) fn layout_stamp(l: &parallel::Layout) -> u64 {
    stamp(&encode_layout(l))
}

/// Decodes a layout's wire form.
pub fn decode_layout(b: &[u8]) -> Result<ParseLayout, BadWire> {
    let mut r = Reader { b };
    if r.bytes(4)? != LAYOUT_MAGIC {
        return Err(BadWire("not a layout of this version"));
    }
    let delimiter = r.u8()?;
    let fields = r.u32()? as usize;
    let opts = IngestOptions {
        tz_offset_minutes: r.u32()? as i32,
        drop_duplicates: r.u8()? != 0,
        ..IngestOptions::default()
    };
    let n = r.len(5)?;
    let (mut headers, mut mapping) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        headers.push(r.string()?);
        mapping.push(match r.u8()? {
            u8::MAX => None,
            i => Some(field(i)?),
        });
    }
    let mut styles = [None; Field::ALL.len()];
    for s in styles.iter_mut() {
        *s = match r.u8()? {
            0 => None,
            1 => Some(NumberStyle::Dot),
            2 => Some(NumberStyle::Comma),
            _ => return Err(BadWire("unknown style")),
        };
    }
    let evidence = match r.u8()? {
        0 => None,
        _ => {
            let n = r.len(5)?;
            let cols = (0..n)
                .map(|_| Ok((field(r.u8()?)?, r.u32()? as usize)))
                .collect::<R<Vec<_>>>()?;
            let ev = vec![ColumnEvidence::default(); n];
            MoneyEvidence::from_parts(cols, ev)
        }
    };
    r.end()?;
    Ok(ParseLayout {
        delimiter,
        headers: fields,
        columns: ColumnMap::from_parts(headers, &mapping, styles),
        opts,
        evidence,
        stamp: stamp(b),
    })
}

/// Parses `text` (complete records from a record's start; `last`: the end of the file) with
/// `layout` into a chunk's wire form: what a parse worker does with a range.
pub fn parse_to_wire(layout: &ParseLayout, text: &[u8], last: bool) -> Result<Vec<u8>, BadWire> {
    let s = std::str::from_utf8(text).map_err(|_| BadWire("range not UTF-8"))?;
    if s.len() >= parallel::RANGE_LIMIT {
        return Err(BadWire("range too long"));
    }
    let c = parallel::parse_range(s, 0..s.len(), last, &layout.layout(), None);
    Ok(encode_chunk(&c, layout.stamp))
}

const AMOUNT_ERRORS: [AmountError; 6] = [
    AmountError::Unparsable,
    AmountError::Negative,
    AmountError::NotFinite,
    AmountError::TooLarge,
    AmountError::Ambiguous,
    AmountError::StyleConflict,
];

/// A row's flags: its duplicate key is given, it is a local event, that event's amount is not
/// zero, it has a comment text.
const HAS_KEY: u8 = 1;
const LOCAL: u8 = 2;
const AMOUNT: u8 = 4;
const TEXT: u8 = 8;

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

impl Writer {
    /// LEB128.
    fn var(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
}

impl Reader<'_> {
    fn var(&mut self) -> R<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(BadWire("number too long"))
    }
    fn var32(&mut self) -> R<u32> {
        u32::try_from(self.var()?).map_err(|_| BadWire("number too large"))
    }
}

/// Where a field starts relative to `cursor`, and the new cursor (bounds are checked on
/// decoding).
fn delta(cursor: &mut u32, s: u32, e: u32) -> u64 {
    let d = zigzag(i64::from(s) - i64::from(*cursor));
    *cursor = e;
    d
}

/// A chunk's wire form; `stamp`: its layout's ([`layout_stamp`]). Per record: flags, its start
/// as a LEB128 delta; then, for a local event, its key and event (ids, time delta, amount,
/// text, source, follower) — its fields and cells are left out: the merge reads a local
/// event's fields only for a repeat (tokenized again from the text) and never its parsed
/// cells; for any other record its fields (LEB128 deltas), key and parsed time and amount.
pub(super) fn encode_chunk(c: &Chunk, stamp: u64) -> Vec<u8> {
    let (recs, bounds, scratch, parsed) = c.parts();
    let n = c.len();
    let mut w = Writer(Vec::with_capacity(64 + c.range.len() / 2 + scratch.len()));
    w.0.extend_from_slice(CHUNK_MAGIC);
    w.u64(stamp);
    w.u64(c.range.len() as u64);
    w.u64(c.consumed as u64);
    w.len(n);
    w.str(scratch);
    let (mut prev_start, mut from, mut scur, mut prev_ts) = (0u32, 0usize, 0u32, 0i64);
    for (i, &(start, to)) in recs.iter().enumerate() {
        let key = c.keys.get(i).copied().flatten();
        let local = c.local.get(i).copied().flatten().map(|e| e.parts());
        let mut flags = (key.is_some() as u8 * HAS_KEY) | (local.is_some() as u8 * LOCAL);
        if let Some((_, _, amount, text, ..)) = local {
            flags |= (amount.to_bits() != 0) as u8 * AMOUNT;
            flags |= (text.0 != u32::MAX) as u8 * TEXT;
        }
        w.u8(flags);
        w.var(zigzag(i64::from(start) - i64::from(prev_start)));
        prev_start = start;
        let fields = bounds.get(from..to as usize).unwrap_or_default();
        from = to as usize;
        if let Some(e) = local {
            // Its fields are read by the merge only for a repeat, which it tokenizes again
            // from the text (`Rows::read_chunk`): left out.
            if let Some(k) = key {
                w.u64(k);
            }
            local_event(&mut w, e, &mut prev_ts, flags);
            continue;
        }
        w.var(fields.len() as u64);
        let mut cur = start;
        for &(s, e) in fields {
            let (d, len, bit) = match s & IN_SCRATCH {
                0 => (delta(&mut cur, s, e), e.wrapping_sub(s), 0),
                _ => {
                    let s = s & !IN_SCRATCH;
                    (delta(&mut scur, s, e), e.wrapping_sub(s), 1)
                }
            };
            w.var(d << 1 | bit);
            w.var(u64::from(len));
        }
        if let Some(k) = key {
            w.u64(k);
        }
        let p = parsed.get(i).copied().unwrap_or(Parsed {
            ts: Err(TsError::Empty),
            amount: Ok(None),
        });
        match p.ts {
            Ok(t) => {
                w.u8(0);
                w.u64(t as u64);
            }
            Err(TsError::Empty) => w.u8(1),
            Err(TsError::Unparsable) => w.u8(2),
            Err(TsError::OutOfRange) => w.u8(3),
        }
        match p.amount {
            Ok(None) => w.u8(0),
            Ok(Some(a)) => {
                w.u8(1);
                w.u64(a.to_bits());
            }
            Err(e) => {
                let at = AMOUNT_ERRORS.iter().position(|&x| x == e).unwrap_or(0);
                w.u8(2 + at as u8);
            }
        }
    }
    let (tables, texts) = c.ids.parts();
    for (text, ends) in tables {
        w.str(text);
        w.len(ends.len());
        let mut prev = 0u32;
        for &e in ends {
            w.var(u64::from(e.wrapping_sub(prev)));
            prev = e;
        }
    }
    w.str(texts);
    match &c.evidence {
        None => w.u8(0),
        Some(ev) => {
            w.u8(1);
            let (cols, counts) = ev.parts();
            w.len(cols.len());
            for (&(f, col), e) in cols.iter().zip(counts) {
                w.u8(f as u8);
                w.len(col);
                [e.dot, e.comma, e.ambiguous].iter().for_each(|&x| w.u64(x));
            }
        }
    }
    w.0
}

/// A local event: its ids, time (a delta from the previous event's), amount, text, source
/// and follower.
fn local_event(w: &mut Writer, e: EventParts, prev_ts: &mut i64, flags: u8) {
    let (ids, ts, amount, text, source, follower) = e;
    ids.iter()
        .for_each(|&x| w.var(u64::from(x.wrapping_add(1))));
    w.var(zigzag(ts.wrapping_sub(*prev_ts)));
    *prev_ts = ts;
    if flags & AMOUNT != 0 {
        w.u64(amount.to_bits());
    }
    if flags & TEXT != 0 {
        w.var(u64::from(text.0));
        w.var(u64::from(text.1.wrapping_sub(text.0)));
    }
    w.u8(source);
    w.u8(follower);
}

/// `cursor + d` (a zigzag delta) when it is at most `limit`, with `len` more bytes.
fn bound(cursor: &mut u32, d: u64, len: u64, limit: usize) -> R<(u32, u32)> {
    let s = i64::from(*cursor) + unzigzag(d);
    let e = s.checked_add(i64::try_from(len).unwrap_or(i64::MAX));
    match e {
        Some(e) if s >= 0 && e <= limit as i64 => {
            *cursor = e as u32;
            Ok((s as u32, e as u32))
        }
        _ => Err(BadWire("field out of its text")),
    }
}

/// A record's fields into `bounds` (their text's start at `start`; scratch fields from `scur`).
fn fields(
    r: &mut Reader,
    bounds: &mut Vec<(u32, u32)>,
    start: u32,
    scur: &mut u32,
    (len, scratch): (usize, usize),
) -> R<()> {
    let nf = r.var()?;
    if nf.saturating_mul(2) > r.b.len() as u64 {
        return Err(BadWire("count past the end"));
    }
    let mut cur = start;
    for _ in 0..nf {
        let x = r.var()?;
        let flen = r.var()?;
        bounds.push(match x & 1 {
            0 => bound(&mut cur, x >> 1, flen, len)?,
            _ => {
                let (s, e) = bound(scur, x >> 1, flen, scratch)?;
                (s | IN_SCRATCH, e)
            }
        });
    }
    Ok(())
}

/// A chunk from its wire form, with the stamp of the layout it was parsed with; its range is
/// `0..` the length of the text it was parsed from.
pub(super) fn decode_chunk(b: &[u8]) -> Result<(Chunk, u64), BadWire> {
    let mut r = Reader { b };
    if r.bytes(4)? != CHUNK_MAGIC {
        return Err(BadWire("not a chunk of this version"));
    }
    let stamp = r.u64()?;
    let len = usize::try_from(r.u64()?).map_err(|_| BadWire("range too long"))?;
    let consumed = usize::try_from(r.u64()?).map_err(|_| BadWire("range too long"))?;
    if consumed > len || len >= parallel::RANGE_LIMIT {
        return Err(BadWire("consumed past the range"));
    }
    let n = r.len(4)?;
    let scratch = r.string()?;
    if scratch.len() >= IN_SCRATCH as usize {
        return Err(BadWire("scratch too long"));
    }
    let mut recs = Vec::with_capacity(n);
    let mut bounds = Vec::with_capacity(n * 8);
    let (mut keys, mut parsed) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let mut local = Vec::with_capacity(n);
    let (mut prev_start, mut scur, mut prev_ts) = (0u32, 0u32, 0i64);
    for _ in 0..n {
        let flags = r.u8()?;
        if flags > HAS_KEY | LOCAL | AMOUNT | TEXT || (flags & LOCAL == 0 && flags > HAS_KEY) {
            return Err(BadWire("bad row flags"));
        }
        let (start, _) = bound(&mut prev_start, r.var()?, 0, len)?;
        if flags & LOCAL == 0 {
            fields(&mut r, &mut bounds, start, &mut scur, (len, scratch.len()))?;
        }
        recs.push((start, bounds.len() as u32));
        keys.push(match flags & HAS_KEY {
            0 => None,
            _ => Some(r.u64()?),
        });
        if flags & LOCAL != 0 {
            let mut ids = [0u32; 6];
            for x in ids.iter_mut() {
                *x = r.var32()?.wrapping_sub(1);
            }
            let ts = prev_ts.wrapping_add(unzigzag(r.var()?));
            prev_ts = ts;
            let amount = match flags & AMOUNT {
                0 => 0.0,
                _ => f64::from_bits(r.u64()?),
            };
            let text = match flags & TEXT {
                0 => (u32::MAX, u32::MAX),
                _ => {
                    let from = r.var32()?;
                    (from, from.wrapping_add(r.var32()?))
                }
            };
            let (source, follower) = (r.u8()?, r.u8()?);
            // Never read (see `encode_chunk`); the event's own cells.
            parsed.push(Parsed {
                ts: Ok(ts),
                amount: Ok(Some(amount)),
            });
            local.push(Some((ids, ts, amount, text, source, follower)));
            continue;
        }
        let ts = match r.u8()? {
            0 => Ok(r.u64()? as i64),
            1 => Err(TsError::Empty),
            2 => Err(TsError::Unparsable),
            3 => Err(TsError::OutOfRange),
            _ => return Err(BadWire("bad time tag")),
        };
        let amount = match r.u8()? {
            0 => Ok(None),
            1 => Ok(Some(f64::from_bits(r.u64()?))),
            t => Err(*AMOUNT_ERRORS
                .get(t as usize - 2)
                .ok_or(BadWire("bad amount tag"))?),
        };
        parsed.push(Parsed { ts, amount });
        local.push(None);
    }
    let mut tables: [(String, Vec<u32>); 6] = Default::default();
    for t in tables.iter_mut() {
        let text = r.string()?;
        let m = r.len(1)?;
        let mut ends = Vec::with_capacity(m);
        let mut end = 0u32;
        for _ in 0..m {
            end = end
                .checked_add(r.var32()?)
                .ok_or(BadWire("name out of its text"))?;
            ends.push(end);
        }
        *t = (text, ends);
    }
    let texts = r.string()?;
    let ids = LocalIds::from_parts(tables, texts).ok_or(BadWire("bad id table"))?;
    let local = local
        .into_iter()
        .map(|p| match p {
            None => Ok(None),
            Some(p) => LocalEvent::from_parts(p, &ids)
                .map(Some)
                .ok_or(BadWire("event outside its tables")),
        })
        .collect::<R<Vec<_>>>()?;
    let evidence = match r.u8()? {
        0 => None,
        _ => {
            let m = r.len(29)?;
            let (mut cols, mut ev) = (Vec::with_capacity(m), Vec::with_capacity(m));
            for _ in 0..m {
                cols.push((field(r.u8()?)?, r.u32()? as usize));
                let (dot, comma, ambiguous) = (r.u64()?, r.u64()?, r.u64()?);
                ev.push(ColumnEvidence {
                    dot,
                    comma,
                    ambiguous,
                });
            }
            MoneyEvidence::from_parts(cols, ev)
        }
    };
    r.end()?;
    let chunk = Chunk::from_parts(
        0..len,
        consumed,
        (recs, bounds, scratch),
        keys,
        parsed,
        local,
        ids,
        evidence,
    );
    Ok((chunk, stamp))
}

#[cfg(test)]
#[path = "chunk_wire_tests.rs"]
mod tests;

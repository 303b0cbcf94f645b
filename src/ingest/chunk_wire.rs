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
use super::read::{LocalEvent, LocalIds};

const CHUNK_MAGIC: &[u8; 4] = b"LLC\x01";
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
    fn u32s(&mut self, v: &[u32]) {
        self.len(v.len());
        v.iter().for_each(|&x| self.u32(x));
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
    fn u32s(&mut self) -> R<Vec<u32>> {
        let n = self.len(4)?;
        (0..n).map(|_| self.u32()).collect()
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

fn ts_tag(ts: &Result<i64, TsError>) -> u8 {
    match ts {
        Ok(_) => 0,
        Err(TsError::Empty) => 1,
        Err(TsError::Unparsable) => 2,
        Err(TsError::OutOfRange) => 3,
    }
}

const AMOUNT_ERRORS: [AmountError; 6] = [
    AmountError::Unparsable,
    AmountError::Negative,
    AmountError::NotFinite,
    AmountError::TooLarge,
    AmountError::Ambiguous,
    AmountError::StyleConflict,
];

/// A chunk's wire form; `stamp`: its layout's ([`layout_stamp`]).
pub(super) fn encode_chunk(c: &Chunk, stamp: u64) -> Vec<u8> {
    let (recs, bounds, scratch, parsed) = c.parts();
    let n = c.len();
    let mut w = Writer(Vec::with_capacity(
        64 + n * 48 + bounds.len() * 8 + scratch.len(),
    ));
    w.0.extend_from_slice(CHUNK_MAGIC);
    w.u64(stamp);
    w.u64(c.range.len() as u64);
    w.u64(c.consumed as u64);
    w.len(n);
    for &(a, b) in recs {
        w.u32(a);
        w.u32(b);
    }
    w.len(bounds.len());
    for &(a, b) in bounds {
        w.u32(a);
        w.u32(b);
    }
    w.str(scratch);
    for i in 0..n {
        match c.keys.get(i).copied().flatten() {
            Some(k) => {
                w.u8(1);
                w.u64(k);
            }
            None => w.u8(0),
        }
        let p = parsed.get(i).copied().unwrap_or(Parsed {
            ts: Err(TsError::Empty),
            amount: Ok(None),
        });
        w.u8(ts_tag(&p.ts));
        if let Ok(t) = p.ts {
            w.u64(t as u64);
        }
        match p.amount {
            Ok(None) => w.u8(0),
            Ok(Some(a)) => {
                w.u8(1);
                w.u64(a.to_bits());
            }
            Err(e) => w.u8(2 + AMOUNT_ERRORS.iter().position(|&x| x == e).unwrap_or(0) as u8),
        }
        match c.local.get(i).copied().flatten().map(|e| e.parts()) {
            None => w.u8(0),
            Some((ids, ts, amount, text, source, follower)) => {
                w.u8(1);
                ids.iter().for_each(|&x| w.u32(x));
                w.u64(ts as u64);
                w.u64(amount.to_bits());
                w.u32(text.0);
                w.u32(text.1);
                w.u8(source);
                w.u8(follower);
            }
        }
    }
    let (tables, texts) = c.ids.parts();
    for (text, ends) in tables {
        w.str(text);
        w.u32s(ends);
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
    let n = r.len(8 + 3)?;
    let mut recs = Vec::with_capacity(n);
    for _ in 0..n {
        recs.push((r.u32()?, r.u32()?));
    }
    let nb = r.len(8)?;
    let mut bounds = Vec::with_capacity(nb);
    for _ in 0..nb {
        bounds.push((r.u32()?, r.u32()?));
    }
    let scratch = r.string()?;
    let mut last_end = 0;
    for &(start, end) in &recs {
        if start as usize > len || end < last_end || end as usize > nb {
            return Err(BadWire("record out of its range"));
        }
        last_end = end;
    }
    for &(s, e) in &bounds {
        let (from, to, within) = match s & IN_SCRATCH {
            0 => (s, e, len),
            _ => (s & !IN_SCRATCH, e, scratch.len()),
        };
        if from > to || to as usize > within {
            return Err(BadWire("field out of its text"));
        }
    }
    let (mut keys, mut parsed) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let mut local = Vec::with_capacity(n);
    for _ in 0..n {
        keys.push(match r.u8()? {
            0 => None,
            1 => Some(r.u64()?),
            _ => return Err(BadWire("bad key tag")),
        });
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
        local.push(match r.u8()? {
            0 => None,
            1 => {
                let mut ids = [0u32; 6];
                for x in ids.iter_mut() {
                    *x = r.u32()?;
                }
                let (ts, amount) = (r.u64()? as i64, f64::from_bits(r.u64()?));
                let text = (r.u32()?, r.u32()?);
                Some((ids, ts, amount, text, r.u8()?, r.u8()?))
            }
            _ => return Err(BadWire("bad event tag")),
        });
    }
    let mut tables: [(String, Vec<u32>); 6] = Default::default();
    for t in tables.iter_mut() {
        *t = (r.string()?, r.u32s()?);
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

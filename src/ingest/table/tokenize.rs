//! The CSV/TSV tokenizer every delimited file goes through (whole or in chunks): records split
//! at unquoted line ends, fields at unquoted delimiters, `""` inside quotes an escaped quote —
//! the semantics of the `csv` crate as LiveLens configured it (flexible records, CR, LF or CRLF
//! line ends, blank lines skipped, no comments, no escape character), which the tests check
//! against that crate.
//!
//! Two paths: a line without quotes and without a lone CR is split in one pass over 16-byte
//! blocks ([`super::scan`]: SSE2, simd128 or 8-byte words; the fast path, nearly every line of
//! an export); any other line goes through the byte-by-byte state machine (the scalar path).
//! [`Tokenizer::scalar_only`] forces the scalar path, so both are tested on the same inputs.

use super::scan;

/// A record: the byte offset where it starts (in the text handed to [`Tokenizer::records`])
/// and its fields.
pub(crate) struct Record<'t> {
    pub(crate) start: usize,
    pub(crate) fields: &'t [&'t str],
    /// Fields of the record, also those cut after the limit.
    pub(crate) count: usize,
    /// Where each of `fields` is: `(start, end, unescaped)`, in the text, or in `scratch` when
    /// unescaped (a quoted field with `""`): for a caller that keeps records past the callback.
    pub(crate) bounds: &'t [(usize, usize, bool)],
    pub(crate) scratch: &'t str,
    /// The record's fields joined by the delimiter, as they stand in the text, when none holds
    /// the delimiter (a line read on the fast path, all its fields kept): the line itself.
    pub(crate) joined: Option<&'t str>,
}

impl Record<'_> {
    /// Field `i` (`text`: the text handed to the tokenizer).
    pub(crate) fn field<'a>(&'a self, text: &'a str, i: usize) -> &'a str {
        match self.bounds.get(i) {
            Some(&(s, e, true)) => self.scratch.get(s..e).unwrap_or(""),
            Some(&(s, e, false)) => text.get(s..e).unwrap_or(""),
            None => "",
        }
    }

    /// Whether the record is a blank line ([`super::is_blank`]).
    pub(crate) fn is_blank(&self, text: &str) -> bool {
        self.bounds.len() == 1 && self.field(text, 0).trim().is_empty()
    }
}

/// Splits text into records; keeps the buffers of the fields between records (no allocation
/// per row).
#[derive(Default)]
pub(crate) struct Tokenizer {
    delimiter: u8,
    /// Field bounds of the current record: `(start, end, unescaped)`; an unescaped field's bounds
    /// are in `scratch`, others in the text.
    bounds: Vec<(usize, usize, bool)>,
    scratch: String,
    fields: Vec<&'static str>,
    scalar_only: bool,
    /// Fields kept per record at most (a row of more is cut after `limit + 1`).
    limit: usize,
    count: usize,
    /// The current record was split on the fast path.
    plain: bool,
    /// The text being read has no quote and no CR: its records are its lines.
    lines_only: bool,
}

/// Where a record ends: `Some((end of its text, start of the next record))`, or `None` when the
/// text ends inside it and more may come.
type RecordEnd = Option<(usize, usize)>;

impl Tokenizer {
    pub(crate) fn new(delimiter: u8, limit: usize) -> Tokenizer {
        Tokenizer {
            delimiter,
            limit,
            ..Tokenizer::default()
        }
    }

    /// The same tokenizer without the word-at-a-time fast path (for tests).
    #[cfg(test)]
    pub(crate) fn scalar_only(mut self) -> Tokenizer {
        self.scalar_only = true;
        self
    }

    /// Calls `f` with every complete record of `text` and returns how many bytes were consumed
    /// (the start of the first incomplete record). With `last`, the text is the end of the
    /// file: its final record needs no line end. Blank lines (nothing between line ends) are
    /// skipped as the `csv` crate skips them.
    pub(crate) fn records(&mut self, text: &str, last: bool, f: impl FnMut(Record<'_>)) -> usize {
        self.each(text, last, true, false, f)
    }

    /// Calls `f` with the first record of `text` (the end of the text ends it), if any, and
    /// reads no further: a header without a pass over the rows after it.
    pub(crate) fn first_record(&mut self, text: &str, f: impl FnMut(Record<'_>)) {
        self.each(text, true, true, true, f);
    }

    /// [`Tokenizer::records`] without the fields as string slices (`fields` is empty; the
    /// bounds say where they are), for a caller that keeps the records for later.
    pub(crate) fn records_bounds(
        &mut self,
        text: &str,
        last: bool,
        f: impl FnMut(Record<'_>),
    ) -> usize {
        self.each(text, last, false, false, f)
    }

    fn each(
        &mut self,
        text: &str,
        last: bool,
        with_fields: bool,
        first_only: bool,
        mut f: impl FnMut(Record<'_>),
    ) -> usize {
        let bytes = text.as_bytes();
        // One look at the whole text (a piece of a file: nearly always without quotes or CRs)
        // spares each line the search for them.
        self.lines_only = !self.scalar_only && memchr::memchr2(b'"', b'\r', bytes).is_none();
        let mut pos = 0;
        loop {
            // Line ends between records are skipped.
            while matches!(bytes.get(pos), Some(b'\r' | b'\n')) {
                pos += 1;
            }
            if pos >= bytes.len() {
                return pos;
            }
            let Some((end, next)) = self.split(text, pos, last) else {
                return pos;
            };
            let joined = match self.plain && self.count == self.bounds.len() {
                true => text.get(pos..end),
                false => None,
            };
            let mut fields = recycle(std::mem::take(&mut self.fields));
            if with_fields {
                for &(s, e, unescaped) in &self.bounds {
                    let src = if unescaped { &self.scratch } else { text };
                    fields.push(src.get(s..e).unwrap_or(""));
                }
            }
            f(Record {
                start: pos,
                fields: &fields,
                count: self.count,
                bounds: &self.bounds,
                scratch: &self.scratch,
                joined,
            });
            self.fields = recycle(fields);
            pos = next;
            if first_only {
                return pos;
            }
        }
    }

    /// Splits the record starting at `pos` into `self.bounds`.
    fn split(&mut self, text: &str, pos: usize, last: bool) -> RecordEnd {
        self.bounds.clear();
        self.scratch.clear();
        self.count = 0;
        let bytes = text.as_bytes();
        self.plain = false;
        if self.lines_only {
            let end = self.split_lines_only(bytes, pos, last);
            self.plain = end.is_some();
            return end;
        }
        if !self.scalar_only {
            if let Some(end) = self.split_plain(bytes, pos, last) {
                self.plain = true;
                return Some(end);
            }
            self.bounds.clear();
            self.count = 0;
        }
        self.split_scalar(bytes, pos, last)
    }

    /// The fast path: a line without quotes and without a CR other than the one of a CRLF,
    /// split at its delimiters in one pass over 8-byte words (each word's delimiters, quotes,
    /// CRs and LFs found at once, as bit masks). `None` for any other line — or a line the
    /// text ends inside before its end (`last` false) —, which the scalar path reads.
    fn split_plain(&mut self, bytes: &[u8], pos: usize, last: bool) -> Option<(usize, usize)> {
        // The count and the bounds locals (the vector's pointer and length in registers), not
        // fields written back at every delimiter.
        let (limit, mut count) = (self.limit, self.count);
        let mut bounds = std::mem::take(&mut self.bounds);
        let mut push = |s: usize, e: usize| {
            count += 1;
            if bounds.len() <= limit {
                bounds.push((s, e, false));
            }
        };
        let end = split_line(bytes, pos, last, self.delimiter, &mut push);
        self.bounds = bounds;
        self.count = count;
        end
    }

    /// [`Tokenizer::split_plain`] in a text without quotes or CRs: the line's end (LF) and its
    /// delimiters found in one pass, 16 bytes at a time ([`scan::masks`]).
    fn split_lines_only(&mut self, bytes: &[u8], pos: usize, last: bool) -> RecordEnd {
        let (limit, mut count) = (self.limit, self.count);
        let mut bounds = std::mem::take(&mut self.bounds);
        let mut push = |s: usize, e: usize| {
            count += 1;
            if bounds.len() <= limit {
                bounds.push((s, e, false));
            }
        };
        let end = scan_line(bytes, pos, last, self.delimiter, false, &mut push);
        self.bounds = bounds;
        self.count = count;
        end
    }

    fn push_bound(&mut self, s: usize, e: usize, unescaped: bool) {
        self.count += 1;
        if self.bounds.len() <= self.limit {
            self.bounds.push((s, e, unescaped));
        }
    }

    /// The state machine of the `csv` crate's reader (csv-core's NFA with double quotes and
    /// CR/LF terminators), byte by byte.
    fn split_scalar(&mut self, bytes: &[u8], pos: usize, last: bool) -> RecordEnd {
        #[derive(Clone, Copy, PartialEq)]
        enum S {
            StartField,
            InField,
            InQuoted,
            QuoteInQuoted,
        }
        let d = self.delimiter;
        let mut state = S::StartField;
        // The current field: in the text from `fstart` while it needs no unescaping, else in
        // `scratch` from `sstart`.
        let mut fstart = pos;
        let mut escaped = false;
        let mut sstart = 0usize;
        let mut i = pos;
        while let Some(&c) = bytes.get(i) {
            match state {
                S::StartField => {
                    if c == b'"' {
                        state = S::InQuoted;
                        escaped = true;
                        sstart = self.scratch.len();
                    } else if c == d {
                        self.push_bound(i, i, false);
                        fstart = i + 1;
                    } else if c == b'\r' || c == b'\n' {
                        self.push_bound(i, i, false);
                        return Some((i, i));
                    } else {
                        state = S::InField;
                        fstart = i;
                        escaped = false;
                    }
                }
                S::InField => {
                    if c == d || c == b'\r' || c == b'\n' {
                        self.end_field(fstart, i, escaped, sstart);
                        if c != d {
                            return Some((i, i));
                        }
                        state = S::StartField;
                        fstart = i + 1;
                    } else if escaped {
                        self.scratch_push(bytes, i);
                    }
                }
                S::InQuoted => {
                    if c == b'"' {
                        state = S::QuoteInQuoted;
                    } else {
                        self.scratch_push(bytes, i);
                    }
                }
                S::QuoteInQuoted => {
                    if c == b'"' {
                        self.scratch.push('"');
                        state = S::InQuoted;
                    } else if c == d || c == b'\r' || c == b'\n' {
                        self.push_bound(sstart, self.scratch.len(), true);
                        if c != d {
                            return Some((i, i));
                        }
                        state = S::StartField;
                        fstart = i + 1;
                    } else {
                        // Text after a closing quote belongs to the field.
                        state = S::InField;
                        self.scratch_push(bytes, i);
                    }
                }
            }
            i += 1;
        }
        if !last {
            return None;
        }
        // The end of the file ends the record.
        match state {
            S::StartField => self.push_bound(i, i, false),
            S::InField => self.end_field(fstart, i, escaped, sstart),
            S::InQuoted | S::QuoteInQuoted => self.push_bound(sstart, self.scratch.len(), true),
        }
        Some((i, i))
    }

    fn end_field(&mut self, fstart: usize, i: usize, escaped: bool, sstart: usize) {
        if escaped {
            self.push_bound(sstart, self.scratch.len(), true);
        } else {
            self.push_bound(fstart, i, false);
        }
    }

    /// Appends the character starting at byte `i` (whole: the text is UTF-8, and bytes of a
    /// character after its first are copied with it).
    fn scratch_push(&mut self, bytes: &[u8], i: usize) {
        let Some(&b) = bytes.get(i) else {
            return;
        };
        if b < 0x80 {
            self.scratch.push(b as char);
        } else if b >= 0xC0 {
            let len = match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            if let Some(s) = bytes
                .get(i..i + len)
                .and_then(|s| std::str::from_utf8(s).ok())
            {
                self.scratch.push_str(s);
            }
        }
        // Continuation bytes were copied with their first byte.
    }
}

/// [`Tokenizer::split_plain`]: calls `push(start, end)` for each field of the line at `pos`.
#[inline(always)]
fn split_line(
    bytes: &[u8],
    pos: usize,
    last: bool,
    d: u8,
    push: &mut impl FnMut(usize, usize),
) -> Option<(usize, usize)> {
    scan_line(bytes, pos, last, d, true, push)
}

/// Calls `push(start, end)` for each field of the line at `pos`, the delimiters and the line's
/// end found 16 bytes at a time; `quotes`: whether a quote or a CR may be in the text (else the
/// line ends at its LF). Returns `(end of the line, start of the next)`; `None` when the line
/// holds a quote or a lone CR (the scalar path reads it), or the text ends inside it and more
/// may come (`last` false).
#[inline(always)]
fn scan_line(
    bytes: &[u8],
    pos: usize,
    last: bool,
    d: u8,
    quotes: bool,
    push: &mut impl FnMut(usize, usize),
) -> Option<(usize, usize)> {
    let (mut at, mut start) = (pos, pos);
    let pad = scan::pad_for(d);
    // The first LF (quote, CR), or the end of the text.
    let i = loop {
        let (w, n) = scan::block(bytes, at, pad);
        if n == 0 {
            break at;
        }
        let (mut dm, ends) = scan::masks(&w, d, quotes);
        if ends != 0 {
            // Delimiters before the line's end only.
            dm &= ends.wrapping_sub(1) & !ends;
        }
        while dm != 0 {
            let k = at + dm.trailing_zeros() as usize;
            push(start, k);
            start = k + 1;
            dm &= dm - 1;
        }
        if ends != 0 {
            break at + ends.trailing_zeros() as usize;
        }
        at += n;
    };
    let (end, next) = match bytes.get(i) {
        Some(b'\n') => (i, i + 1),
        Some(b'\r') => match bytes.get(i + 1) {
            Some(b'\n') => (i, i + 2),
            // A CR that ends the file ends the line.
            None if last => (i, i + 1),
            _ => return None,
        },
        Some(_) => return None,
        None if last => (i, i),
        None => return None,
    };
    push(start, end);
    Some((end, next))
}

/// `c` in each byte of a word.
#[inline(always)]
pub(crate) fn splat(c: u8) -> u64 {
    u64::from(c) * 0x0101_0101_0101_0101
}

/// `0x80` in each zero byte of `x`, `0` in the others (exact: no borrow between bytes).
#[inline(always)]
pub(crate) fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
}

/// An emptied vector of string slices, with its allocation, for slices of another lifetime
/// (collecting a `vec::IntoIter` of same-sized items reuses the allocation).
pub(crate) fn recycle<'b>(mut v: Vec<&str>) -> Vec<&'b str> {
    v.clear();
    v.into_iter().map(|_| "").collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records as the `csv` crate reads them (flexible, no headers), with their start offsets.
    fn oracle(text: &str, d: u8) -> Vec<Vec<String>> {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut out = Vec::new();
        let mut rec = csv::ByteRecord::new();
        while let Ok(true) = rdr.read_byte_record(&mut rec) {
            out.push(
                rec.iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
            );
        }
        out
    }

    fn mine(text: &str, d: u8, scalar: bool, chunk: Option<usize>) -> Vec<Vec<String>> {
        let mut t = Tokenizer::new(d, usize::MAX - 1);
        if scalar {
            t = t.scalar_only();
        }
        let mut out = Vec::new();
        let mut push = |r: Record| {
            if let Some(j) = r.joined {
                assert_eq!(j, r.fields.join(&char::from(d).to_string()));
                assert!(!scalar);
            }
            out.push(r.fields.iter().map(|s| s.to_string()).collect())
        };
        match chunk {
            None => {
                t.records(text, true, &mut push);
            }
            Some(n) => {
                // Fed in pieces cut at char boundaries: the unconsumed tail is carried over.
                let mut pending = String::new();
                let mut rest = text;
                while !rest.is_empty() {
                    let mut k = n.min(rest.len());
                    while !rest.is_char_boundary(k) {
                        k += 1;
                    }
                    let (a, b) = rest.split_at(k);
                    pending.push_str(a);
                    rest = b;
                    let used = t.records(&pending, rest.is_empty(), &mut push);
                    pending.drain(..used);
                }
                t.records(&pending, true, &mut push);
            }
        }
        out
    }

    #[test]
    fn same_records_as_the_csv_crate_on_both_paths_and_in_chunks() {
        let cases = [
            "a,b,c\n1,2,3\n",
            "a,b\r\n1,2\r\n\r\n3,4",
            "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n",
            "a\n\"multi\nline\",2\n3",
            "a,b\n\"unterminated,2\n3,4\n",
            "x\"y,z\n\"a\"b,c\n",
            "a,b\r1,2\r3,4",
            "\n\n  \n,\n,,\n",
            "用户,事件\n张三,\"进入,直播间\"\n李四,下单\n",
            "a,\"\"\n\"\",b\n\"\"\"\",c",
            "a;b;c\n1;\"2;3\";4\n",
            "only",
            "\"q\"\r\n\"r\"x\r\n",
            "a,b,\n,,\n",
        ];
        for d in [b',', b';', b'\t'] {
            for text in cases {
                let want = oracle(text, d);
                assert_eq!(mine(text, d, false, None), want, "fast {text:?}");
                assert_eq!(mine(text, d, true, None), want, "scalar {text:?}");
                for n in [1, 2, 3, 5, 8] {
                    assert_eq!(mine(text, d, false, Some(n)), want, "chunks {n} {text:?}");
                }
            }
        }
    }

    #[test]
    fn random_texts_agree_with_the_csv_crate() {
        // A small generator over the characters that matter.
        let alphabet = ["a", "b", ",", "\"", "\n", "\r", "\r\n", " ", "é", "用", ";"];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let mut s = String::new();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 24) as usize;
            for _ in 0..len {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push_str(alphabet[(x % alphabet.len() as u64) as usize]);
            }
            let want = oracle(&s, b',');
            assert_eq!(mine(&s, b',', false, None), want, "fast {s:?}");
            assert_eq!(mine(&s, b',', true, None), want, "scalar {s:?}");
            assert_eq!(mine(&s, b',', false, Some(3)), want, "chunks {s:?}");
        }
    }

    #[test]
    fn long_random_lines_agree_with_the_csv_crate_on_every_path() {
        // Lines longer than a block, mostly plain (the fast paths), some hostile: quotes,
        // CRLF, lone CRs, empty fields, multi-byte UTF-8, every delimiter.
        let plain = [
            "abc",
            "u000516",
            "",
            "2025-09-01 19:29:44",
            "推荐feed",
            "é",
            " ",
            "12.5",
        ];
        let hostile = ["\"", "\"x,y\"", "\r", "\r\n", "\"\"", "a\"b", "\n\n"];
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..1500 {
            for d in [b',', b'\t', b';'] {
                let ds = char::from(d).to_string();
                let mut s = String::new();
                for _ in 0..(next() % 6) {
                    for f in 0..(next() % 14) {
                        if f > 0 {
                            s.push_str(&ds);
                        }
                        let r = next();
                        let cell = match (round % 3 == 0) && r % 9 == 0 {
                            true => hostile[(r / 9 % hostile.len() as u64) as usize],
                            false => plain[(r % plain.len() as u64) as usize],
                        };
                        s.push_str(cell);
                    }
                    s.push_str(if next() % 5 == 0 { "\r\n" } else { "\n" });
                }
                if next() % 3 == 0 {
                    s.push_str("tail,without,end");
                }
                let want = oracle(&s, d);
                assert_eq!(mine(&s, d, false, None), want, "fast {s:?}");
                assert_eq!(mine(&s, d, true, None), want, "scalar {s:?}");
                for n in [7, 16, 33] {
                    assert_eq!(mine(&s, d, false, Some(n)), want, "chunks {n} {s:?}");
                }
            }
        }
    }

    #[test]
    fn record_starts_and_field_limit() {
        let mut t = Tokenizer::new(b',', 2);
        let mut got = Vec::new();
        let used = t.records("a,b,c,d\n\n\"x\ny\",z\npartial", false, |r| {
            got.push((r.start, r.fields.len()))
        });
        assert_eq!(got, vec![(0, 3), (9, 2)]);
        assert_eq!(used, 17);
    }
}

//! From bytes to a table: encoding detection (`encoding`), format detection (CSV/TSV with a
//! sniffed delimiter here, JSON array and NDJSON in `json`, XLSX/XLS/ODS in `spreadsheet`, or
//! their rows pre-read by the sheet module in `sheet_rows`), headers, and row iteration.

mod encoding;
mod json;
#[cfg(feature = "spreadsheets")]
mod ods_guard;
mod scan;
mod sheet_rows;
mod spreadsheet;
pub(crate) mod tokenize;
#[cfg(feature = "spreadsheets")]
mod xls_guard;
#[cfg(feature = "spreadsheets")]
mod xlsx_guard;

use std::borrow::Cow;

use serde::Serialize;

use crate::error::{Error, Result};
use json::parse_json;
pub(crate) use sheet_rows::file_size;
#[cfg(feature = "spreadsheets")]
pub use sheet_rows::pre_read_sheet;
pub use sheet_rows::SHEET_ROWS_MAGIC;
use spreadsheet::open_spreadsheet;
pub(crate) use spreadsheet::{OLE_MAGIC, ZIP_MAGIC};

pub(crate) use encoding::utf8;
pub use encoding::{decode, MIXED};

/// What was understood about a file's layout; shown to the user.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TableInfo {
    /// `csv`, `tsv`, `delimited`, `json`, `ndjson`, `xlsx`.
    pub format: String,
    /// `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `UTF-16BE`, `GB18030`, or `binary` for spreadsheets.
    pub encoding: String,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
}

/// Columns (and fields of a row) LiveLens reads at most: a header of a million columns or a
/// row of 20 million delimiters is refused (`too_many_columns`, `too_many_fields`) instead of
/// costing tens of times its size.
pub const MAX_COLUMNS: usize = 8192;

enum Body<'a> {
    Delimited { text: Cow<'a, str>, delimiter: u8 },
    Records(Vec<(u64, Vec<String>)>),
    Json(json::Rows),
}

/// A parsed table: headers and a body to iterate.
pub struct Table<'a> {
    pub info: TableInfo,
    pub headers: Vec<String>,
    body: Body<'a>,
}

impl<'a> Table<'a> {
    /// Opens a file's bytes as a table. `sheet` picks a spreadsheet's sheet by name (default:
    /// the first).
    pub fn open(name: &str, bytes: &'a [u8], sheet: Option<&str>) -> Result<Table<'a>> {
        if bytes.is_empty() {
            return Err(Error::input(name, "empty_file", "is empty (0 bytes)"));
        }
        if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(OLE_MAGIC) {
            return open_spreadsheet(name, bytes, sheet);
        }
        // A spreadsheet's sheet as the sheet module read it (the page's worker hands these in).
        if bytes.starts_with(SHEET_ROWS_MAGIC) {
            return sheet_rows::decode(name, bytes).map(spreadsheet::SheetRows::into_table);
        }
        let (text, encoding) = decode(name, bytes)?;
        let text = cr_lines_to_lf(text);
        let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
        if trimmed.trim().is_empty() {
            return Err(Error::input(
                name,
                "empty_file",
                "has no content (only white space or a byte-order mark)",
            ));
        }
        let mut info = TableInfo {
            encoding: encoding.to_owned(),
            ..TableInfo::default()
        };
        if trimmed.starts_with('[') || trimmed.starts_with('{') {
            let (headers, rows, format) = parse_json(name, trimmed)?;
            info.format = format.to_owned();
            return Ok(Table {
                info,
                headers,
                body: Body::Json(rows),
            });
        }
        let delimiter = sniff_delimiter(&text);
        check_field_counts(name, &text, delimiter)?;
        info.format = match delimiter {
            b',' => "csv",
            b'\t' => "tsv",
            _ => "delimited",
        }
        .to_owned();
        info.delimiter = Some(
            match delimiter {
                b'\t' => "\\t".to_owned(),
                d => (d as char).to_string(),
            }
            .to_owned(),
        );
        let headers = match header_record(&text, delimiter) {
            Some((_, n)) if n > MAX_COLUMNS => {
                return Err(Error::input(
                    name,
                    "too_many_columns",
                    format!(
                        "has {} columns in its header row; LiveLens reads at most {MAX_COLUMNS} (is the delimiter right?)",
                        n
                    ),
                ))
            }
            Some((h, _)) => h,
            None => Vec::new(),
        };
        if headers.iter().all(String::is_empty) {
            return Err(Error::input(name, "no_header", "has no header row"));
        }
        Ok(Table {
            info,
            headers: clean_headers(headers),
            body: Body::Delimited { text, delimiter },
        })
    }

    /// An upper bound of the data rows, for reserving (lines of text, or records).
    pub fn approx_rows(&self) -> usize {
        match &self.body {
            Body::Delimited { text, .. } => text.bytes().filter(|&b| b == b'\n').count() + 1,
            Body::Records(rows) => rows.len(),
            Body::Json(rows) => rows.len(),
        }
    }

    /// Calls `f(line, fields)` for every data row (the header excluded). `line` is the 1-based
    /// line (or spreadsheet row, or array index + 1 for JSON) where the row starts.
    pub fn for_each_row(&self, mut f: impl FnMut(u64, &[&str])) {
        match &self.body {
            Body::Delimited { text, delimiter } => {
                let mut lines = LineCounter::default();
                let mut header_seen = false;
                tokenize::Tokenizer::new(*delimiter, MAX_COLUMNS).records(text, true, |rec| {
                    if !std::mem::replace(&mut header_seen, true) {
                        return;
                    }
                    let line = lines.line_at(text.as_bytes(), rec.start);
                    if let Some(j) = rec.joined {
                        lines.pass_plain(rec.start + j.len());
                    }
                    if !is_blank(rec.fields) {
                        f(line, rec.fields);
                    }
                });
            }
            Body::Records(rows) => {
                let mut fields: Vec<&str> = Vec::with_capacity(self.headers.len());
                for (line, row) in rows {
                    fields.clear();
                    fields.extend(row.iter().map(String::as_str));
                    f(*line, &fields);
                }
            }
            Body::Json(rows) => {
                let mut fields: Vec<&str> = Vec::with_capacity(self.headers.len());
                for (line, row) in rows {
                    fields.clear();
                    match row {
                        json::JsonRow::Object(cells) => {
                            fields.resize(self.headers.len(), "");
                            for (c, v) in cells {
                                if let Some(slot) = fields.get_mut(*c) {
                                    *slot = v.as_str();
                                }
                            }
                        }
                        json::JsonRow::Other(v) => fields.push(v.as_str()),
                    }
                    f(*line, &fields);
                }
            }
        }
    }
}

/// Refuses a file with a line of more than [`MAX_COLUMNS`] fields before the CSV reader keeps
/// eight bytes per field of it (a 20 MB line of delimiters would cost 14× its size). Only lines
/// longer than `MAX_COLUMNS` bytes can have that many fields; only those are counted
/// (delimiters outside quotes).
pub(crate) fn check_field_counts(name: &str, text: &str, delimiter: u8) -> Result<()> {
    match first_line_of_too_many_fields(text.as_bytes(), delimiter, MAX_COLUMNS) {
        None => Ok(()),
        Some((line, fields)) => Err(Error::input(
            name,
            "too_many_columns",
            format!(
                "has {fields} fields on line {line}; LiveLens reads at most {MAX_COLUMNS} columns (is the delimiter right?)"
            ),
        )),
    }
}

/// The first line (1-based, lines split at LF) of more than `max` fields, with its count of
/// fields. The text is passed over in windows of `max + 1` bytes: a window with a LF ends
/// only lines of at most `max` bytes before its last LF (one search, not one per line, of
/// which there are millions); a window without one starts a line longer than `max` bytes,
/// whose fields are counted.
fn first_line_of_too_many_fields(bytes: &[u8], delimiter: u8, max: usize) -> Option<(u64, usize)> {
    let mut start = 0;
    loop {
        let rest = bytes.get(start..).unwrap_or_default();
        if rest.len() <= max {
            return None;
        }
        if let Some(p) = memchr::memrchr(b'\n', rest.get(..=max).unwrap_or_default()) {
            start += p + 1;
            continue;
        }
        let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let line = rest.get(..end).unwrap_or_default();
        let mut in_q = false;
        let mut fields = 1usize;
        for &b in line {
            if b == b'"' {
                in_q = !in_q;
            } else if b == delimiter && !in_q {
                fields += 1;
            }
        }
        if fields > max {
            let before = bytes.get(..start).unwrap_or_default();
            return Some((
                memchr::memchr_iter(b'\n', before).count() as u64 + 1,
                fields,
            ));
        }
        if end == rest.len() {
            return None;
        }
        start += end + 1;
    }
}

/// The header record of delimited text: its fields, trimmed (`None` when the text has no
/// record). All fields are counted, but only `MAX_COLUMNS + 1` kept.
pub(crate) fn header_record(text: &str, delimiter: u8) -> Option<(Vec<String>, usize)> {
    let mut out = None;
    let mut tok = tokenize::Tokenizer::new(delimiter, MAX_COLUMNS);
    tok.first_record(text, |rec| {
        let h = rec.fields.iter().map(|f| f.trim().to_owned()).collect();
        out = Some((h, rec.count));
    });
    out
}

/// Whether a record is a blank line (one field of white space), which is skipped.
pub(crate) fn is_blank(fields: &[&str]) -> bool {
    matches!(fields, [only] if only.trim().is_empty())
}

/// Line ends in `b`: eight bytes at a time for a row's few bytes (`memchr`'s setup costs more
/// than the count there; a byte loop was vectorised four bytes at a time), `memchr` for longer
/// spans.
fn count_line_ends(b: &[u8]) -> u64 {
    if b.len() < 16 {
        // Between two records (a plain record's line end, blank lines): a few bytes.
        return b.iter().filter(|&&c| c == b'\n').count() as u64;
    }
    if b.len() > 256 {
        return memchr::memchr_iter(b'\n', b).count() as u64;
    }
    // 16 bytes at a time, the tokenizer's masks (SIMD in the wasm and natively; a short last
    // block padded with a byte that is no LF).
    let (mut n, mut at) = (0u64, 0usize);
    loop {
        let (w, k) = scan::block(b, at, b'a');
        if k == 0 {
            return n;
        }
        n += u64::from(scan::masks(&w, b'a', false).1.count_ones());
        at += k;
    }
}

/// The 1-based line of byte offsets met in increasing order.
#[derive(Default)]
pub(crate) struct LineCounter {
    counted_to: usize,
    /// Line ends before `counted_to`.
    ends: u64,
}

impl LineCounter {
    /// The line of byte `at` of `bytes` (`at` at or after the previous call's).
    pub(crate) fn line_at(&mut self, bytes: &[u8], at: usize) -> u64 {
        if at > self.counted_to {
            let seen = bytes.get(self.counted_to..at).unwrap_or_default();
            self.ends += count_line_ends(seen);
            self.counted_to = at;
        }
        self.ends + 1
    }
    /// Takes the bytes up to `to` as counted, without looking at them: the caller knows they
    /// hold no LF (a record read on the tokenizer's fast path, [`tokenize::Record::joined`],
    /// whose line start was the last byte met). Spares counting each row's bytes again.
    pub(crate) fn pass_plain(&mut self, to: usize) {
        self.counted_to = self.counted_to.max(to);
    }
    /// The line of byte `at` without counting it as met.
    pub(crate) fn peek(&self, bytes: &[u8], at: usize) -> u64 {
        let seen = bytes.get(self.counted_to..at).unwrap_or_default();
        self.ends + memchr::memchr_iter(b'\n', seen).count() as u64 + 1
    }
    /// Counts a line that ended without a line end in the text.
    pub(crate) fn skip_line(&mut self) {
        self.ends += 1;
    }
    /// Counts to `consumed` and restarts at offset 0, for text cut at `consumed` and continued.
    pub(crate) fn rebase(&mut self, bytes: &[u8], consumed: usize) {
        self.line_at(bytes, consumed);
        self.counted_to = 0;
    }
}

/// Zero-width characters (spaces, joiners, word joiner, BOM) that exports leave in headers.
pub const ZERO_WIDTH: [char; 5] = ['\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}'];

/// Text whose lines end with a lone CR (classic Mac, some exporters) with LF line ends instead,
/// so that lines are counted and split everywhere; other text as it is.
pub fn cr_lines_to_lf(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.contains('\r') && !text.contains('\n') {
        Cow::Owned(text.replace('\r', "\n"))
    } else {
        text
    }
}

/// Names empty headers `column N`, strips zero-width characters, BOMs and white space.
fn clean_headers(h: Vec<String>) -> Vec<String> {
    h.into_iter()
        .enumerate()
        .map(|(i, s)| {
            let s: String = if s.contains(ZERO_WIDTH) {
                s.replace(ZERO_WIDTH, "")
            } else {
                s
            };
            let s = s.trim().to_owned();
            if s.is_empty() {
                format!("column {}", i + 1)
            } else {
                s
            }
        })
        .collect()
}

/// Picks the delimiter among `,` `\t` `;` `|` that splits the first lines most consistently
/// (same non-zero count outside quotes on every line), preferring the most frequent.
fn sniff_delimiter(text: &str) -> u8 {
    // The first 64 KiB are plenty (a cut last line only joins the consistency vote when it is
    // the only line).
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text.get(..end).unwrap_or(text);
    let head = match head.rfind('\n') {
        Some(p) if end < text.len() => head.get(..p).unwrap_or(head),
        _ => head,
    };
    let lines: Vec<&str> = head
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let count = |line: &str, d: u8| -> usize {
        let mut in_q = false;
        let mut n = 0;
        for &b in line.as_bytes() {
            if b == b'"' {
                in_q = !in_q;
            } else if b == d && !in_q {
                n += 1;
            }
        }
        n
    };
    let mut best = (b',', 0usize, false);
    for d in [b',', b'\t', b';', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count(l, d)).collect();
        let first = counts.first().copied().unwrap_or(0);
        if first == 0 {
            continue;
        }
        let consistent = counts.iter().all(|&c| c == first);
        let better = match (consistent, best.2) {
            (true, false) => true,
            (false, true) => false,
            _ => first > best.1,
        };
        if better {
            best = (d, first, consistent);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    /// The search line by line that [`first_line_of_too_many_fields`] replaced.
    fn line_by_line(bytes: &[u8], d: u8, max: usize) -> Option<(u64, usize)> {
        for (i, line) in bytes.split(|&c| c == b'\n').enumerate() {
            let (mut in_q, mut fields) = (false, 1);
            for &b in line.iter().filter(|_| line.len() > max) {
                in_q ^= b == b'"';
                fields += usize::from(b == d && !in_q);
            }
            if fields > max {
                return Some((i as u64 + 1, fields));
            }
        }
        None
    }

    #[test]
    fn lines_of_too_many_fields_found_by_windows_as_line_by_line() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for round in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 64) as usize;
            let b: Vec<u8> = (0..len)
                .map(|i| [b',', b'a', b'\n', b'"', b','][((x >> (i % 50)) % 5) as usize])
                .collect();
            let max = 1 + (round % 7);
            let got = super::first_line_of_too_many_fields(&b, b',', max);
            assert_eq!(got, line_by_line(&b, b',', max), "{max} {:?}", b);
        }
    }

    #[test]
    fn line_ends_counted_by_words_as_byte_by_byte() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for len in 0..300 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Bytes around LF (and 0x8A, whose low bits are LF's) at every offset.
            let b: Vec<u8> = (0..len)
                .map(|i| [b'\n', b'a', 0x8A, 0x0B, 0x00, 0xFF][((x >> (i % 60)) % 6) as usize])
                .collect();
            let want = b.iter().filter(|&&c| c == b'\n').count() as u64;
            assert_eq!(count_line_ends(&b), want, "{b:?}");
        }
    }

    #[cfg(feature = "spreadsheets")]
    use super::spreadsheet::excel_serial_to_text;
    use super::*;

    fn rows(t: &Table) -> Vec<(u64, Vec<String>)> {
        let mut out = Vec::new();
        t.for_each_row(|l, f| out.push((l, f.iter().map(|s| s.to_string()).collect())));
        out
    }

    #[test]
    fn csv_with_quotes_crlf_and_sniffed_delimiters() {
        let t = Table::open(
            "a.csv",
            b"user,event\r\n\"u,1\",enter\r\nu2,\"say \"\"hi\"\"\"\r\n",
            None,
        )
        .unwrap();
        assert_eq!(t.info.format, "csv");
        assert_eq!(t.headers, vec!["user", "event"]);
        let r = rows(&t);
        assert_eq!(r[0], (2, vec!["u,1".to_string(), "enter".into()]));
        assert_eq!(r[1].1[1], "say \"hi\"");
        let t = Table::open("a.tsv", b"user\tevent\nu1\tenter\n", None).unwrap();
        assert_eq!(t.info.format, "tsv");
        assert_eq!(rows(&t)[0].1, vec!["u1", "enter"]);
        let t = Table::open("a.txt", b"user;event;amount\nu1;pay;1,5\n", None).unwrap();
        assert_eq!(t.info.delimiter.as_deref(), Some(";"));
        assert_eq!(rows(&t)[0].1[2], "1,5");
    }

    #[test]
    fn encodings() {
        let (s, e) = decode("x", "\u{feff}用户".as_bytes()).unwrap();
        assert_eq!((s.as_ref(), e), ("用户", "UTF-8 (BOM)"));
        let (gbk, _, _) = encoding_rs::GB18030.encode("用户ID,行为类型\nu1,进入直播间\n");
        let (s, e) = decode("x", &gbk).unwrap();
        assert_eq!(e, "GB18030");
        assert!(s.starts_with("用户ID"));
        let mut le = vec![0xFF, 0xFE];
        for u in "用户,时间\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            decode("x", &le).unwrap(),
            (Cow::Owned("用户,时间\n".into()), "UTF-16LE")
        );
        let mut be = vec![0xFE, 0xFF];
        for u in "user,time\n".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode("x", &be).unwrap().1, "UTF-16BE");
        let mut nobom = Vec::new();
        for u in "user,time\nu1,2025-01-01\n".encode_utf16() {
            nobom.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode("x", &nobom).unwrap().1, "UTF-16LE");
        assert_eq!(
            decode("x", &[0x00, 0x01, 0x02, 0xff, 0x10, 0x00, 0x9c])
                .unwrap_err()
                .code(),
            "binary"
        );
    }

    #[test]
    fn json_and_ndjson() {
        let t = Table::open(
            "a.json",
            br#"[{"user":"u1","event":"enter","n":3},{"user":"u2","event":"pay","amount":9.9}]"#,
            None,
        )
        .unwrap();
        assert_eq!(t.info.format, "json");
        assert_eq!(t.headers, vec!["user", "event", "n", "amount"]);
        assert_eq!(rows(&t)[1].1, vec!["u2", "pay", "", "9.9"]);
        let t = Table::open(
            "a.ndjson",
            b"{\"user\":\"u1\"}\n\n{\"user\":\"u2\"}\n",
            None,
        )
        .unwrap();
        assert_eq!(t.info.format, "ndjson");
        assert_eq!(
            rows(&t),
            vec![(1, vec!["u1".to_string()]), (3, vec!["u2".into()])]
        );
        let t = Table::open("a.json", br#"{"data":[{"user":"u1"}]}"#, None).unwrap();
        assert_eq!(rows(&t).len(), 1);
        let e = Table::open("a.json", b"[1,2,3]", None).err().unwrap();
        assert_eq!(e.code(), "json_not_objects");
        let e = Table::open("a.json", b"[{\"a\":1},", None).err().unwrap();
        assert_eq!(e.code(), "bad_json");
    }

    #[test]
    fn empty_and_header_only() {
        assert_eq!(
            Table::open("e.csv", b"", None).err().unwrap().code(),
            "empty_file"
        );
        assert_eq!(
            Table::open("e.csv", b"\xEF\xBB\xBF", None)
                .err()
                .unwrap()
                .code(),
            "empty_file"
        );
        let t = Table::open("h.csv", b"user,event,time\n", None).unwrap();
        assert!(rows(&t).is_empty());
        #[cfg(feature = "spreadsheets")]
        assert_eq!(
            Table::open("c.xlsx", b"PK\x03\x04garbage", None)
                .err()
                .unwrap()
                .code(),
            "bad_spreadsheet"
        );
    }

    #[test]
    #[cfg(feature = "spreadsheets")]
    fn excel_serials() {
        assert_eq!(excel_serial_to_text(45_000.5), "2023-03-15 12:00:00");
        assert_eq!(excel_serial_to_text(36_526.0), "2000-01-01 00:00:00");
        assert_eq!(excel_serial_to_text(367.0), "1901-01-01 00:00:00");
        for bad in [-1.0, 0.0, 1e300, -1e300, f64::NAN, 3e6] {
            assert_eq!(excel_serial_to_text(bad), bad.to_string());
        }
    }
}

//! A spreadsheet's sheet as rows pre-read by the sheet module, in place of the file's bytes.
//!
//! The shipped main wasm has no spreadsheet reader (calamine, zip and the code pages' decode
//! tables are about a tenth of it; docs/decisions.md, "Wasm size, session 7"). When a dropped
//! file is a spreadsheet, the page's worker fetches the sheet module (this crate built with the
//! feature `sheet-module`: `readSheet`, src/sheet_web.rs), which reads it with the same guards
//! and calamine as the CLI ([`pre_read_sheet`]) and returns these bytes; the worker pushes them to
//! the engine instead of the file. [`super::Table::open`] reads them back into the table the
//! spreadsheet gives natively (sheets, chosen sheet, headers, each row's number and cells), or
//! into the error reading it gave (same code, same message), so detection, layouts, mapping,
//! validation and row numbers are those of the spreadsheet itself.
//!
//! Format, integers little-endian: [`SHEET_ROWS_MAGIC`], the spreadsheet's size in bytes (u64:
//! the size its file report gives, [`file_size`]), then `0` and a table or `1` and an error. A table: the sheets (u32 count, strings), the chosen sheet (string), the headers
//! (u32 count, strings), the rows (u32 count; each a u64 row number, a u32 cell count and the
//! cells). An error: its code and message (strings). A string: u32 byte length, then UTF-8.
//! Nothing may follow. The decoder trusts no count: each is bounded by the bytes left.

use super::spreadsheet::SheetRows;
use crate::error::{Error, Result};

/// The first bytes of pre-read sheet rows (NUL and high bytes: no text file starts so; the
/// last byte is the format's version).
pub const SHEET_ROWS_MAGIC: &[u8] = b"\0LLsheet\xFE\x01";

/// The code of the error a build without the `spreadsheets` feature gives a spreadsheet's own
/// bytes (the page never meets it: its worker hands in pre-read rows).
pub(crate) const NEEDS_SHEET_MODULE: &str = "spreadsheet_needs_sheet_module";

/// The codes reading a spreadsheet can end with (the decoder gives them back as `&'static str`).
const CODES: [&str; 5] = [
    "bad_spreadsheet",
    "spreadsheet_too_large",
    "no_such_sheet",
    "empty_file",
    NEEDS_SHEET_MODULE,
];

/// The sheet module's work: the chosen sheet (`sheet`, default the first) of spreadsheet `bytes`
/// read as [`super::Table::open`] reads it natively, or the error doing so gave, as the bytes
/// that [`super::Table::open`] accepts in place of the file (it reads them back without the
/// `spreadsheets` feature).
#[cfg(feature = "spreadsheets")]
pub fn pre_read_sheet(name: &str, bytes: &[u8], sheet: Option<&str>) -> Vec<u8> {
    let read = super::spreadsheet::read_sheet(name, bytes, sheet);
    encode(bytes.len() as u64, &read)
}

/// The size of the file whose bytes these are: a spreadsheet's own size for its pre-read rows.
pub(crate) fn file_size(bytes: &[u8]) -> u64 {
    let size = bytes
        .strip_prefix(SHEET_ROWS_MAGIC)
        .and_then(|b| Reader { b }.u64());
    size.unwrap_or(bytes.len() as u64)
}

/// The bytes of a spreadsheet of `size` bytes read as `read`: its sheet or the error.
#[cfg(any(test, feature = "spreadsheets"))]
pub(crate) fn encode(size: u64, read: &Result<SheetRows>) -> Vec<u8> {
    let mut out = SHEET_ROWS_MAGIC.to_vec();
    out.extend_from_slice(&size.to_le_bytes());
    match read {
        Ok(s) => {
            let cells: usize = s.rows.iter().map(|(_, r)| 12 + text_len(r)).sum();
            out.reserve(16 + text_len(&s.sheets) + s.sheet.len() + text_len(&s.headers) + cells);
            out.push(0);
            put_list(&mut out, &s.sheets);
            put_str(&mut out, &s.sheet);
            put_list(&mut out, &s.headers);
            put_u32(&mut out, s.rows.len());
            for (line, cells) in &s.rows {
                out.extend_from_slice(&line.to_le_bytes());
                put_list(&mut out, cells);
            }
        }
        Err(e) => {
            out.push(1);
            put_str(&mut out, e.code());
            let message = match e {
                Error::Input { message, .. } => message.clone(),
                other => other.to_string(),
            };
            put_str(&mut out, &message);
        }
    }
    out
}

/// The sheet (or the error) in `bytes`, which start with [`SHEET_ROWS_MAGIC`]; bytes that do not
/// follow the format are refused as a spreadsheet that cannot be read.
pub(crate) fn decode(name: &str, bytes: &[u8]) -> Result<SheetRows> {
    let damaged = || {
        Error::input(
            name,
            "bad_spreadsheet",
            "is a spreadsheet that cannot be read (its pre-read rows are damaged); re-save it or export it as CSV",
        )
    };
    let mut r = Reader {
        b: bytes.get(SHEET_ROWS_MAGIC.len()..).ok_or_else(damaged)?,
    };
    r.u64().ok_or_else(damaged)?;
    let read = match r.u8().ok_or_else(damaged)? {
        0 => Ok(r.sheet().ok_or_else(damaged)?),
        1 => {
            let (code, message) = r.str().zip(r.str()).ok_or_else(damaged)?;
            let code = CODES
                .iter()
                .find(|&&c| c == code)
                .copied()
                .unwrap_or("bad_spreadsheet");
            Err(Error::input(name, code, message))
        }
        _ => return Err(damaged()),
    };
    match r.b.is_empty() {
        true => read,
        false => Err(damaged()),
    }
}

#[cfg(any(test, feature = "spreadsheets"))]
fn text_len(list: &[String]) -> usize {
    list.iter().map(|s| 4 + s.len()).sum::<usize>() + 4
}

#[cfg(any(test, feature = "spreadsheets"))]
fn put_u32(out: &mut Vec<u8>, n: usize) {
    // Counts and lengths come from a file of at most 4 GiB held in a 32-bit wasm memory.
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

#[cfg(any(test, feature = "spreadsheets"))]
fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

#[cfg(any(test, feature = "spreadsheets"))]
fn put_list(out: &mut Vec<u8>, list: &[String]) {
    put_u32(out, list.len());
    for s in list {
        put_str(out, s);
    }
}

/// The bytes not read yet.
struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.b.split_at_checked(n)?;
        self.b = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1)?.first().copied()
    }

    fn u32(&mut self) -> Option<usize> {
        let b: [u8; 4] = self.take(4)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(b)).ok()
    }

    fn u64(&mut self) -> Option<u64> {
        let b: [u8; 8] = self.take(8)?.try_into().ok()?;
        Some(u64::from_le_bytes(b))
    }

    /// A count of items of at least `min` bytes each: never more than the bytes left allow.
    fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.u32()?;
        (n <= self.b.len() / min).then_some(n)
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.u32()?;
        std::str::from_utf8(self.take(n)?).ok()
    }

    fn list(&mut self) -> Option<Vec<String>> {
        let n = self.count(4)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.str()?.to_owned());
        }
        Some(out)
    }

    fn sheet(&mut self) -> Option<SheetRows> {
        let sheets = self.list()?;
        let sheet = self.str()?.to_owned();
        let headers = self.list()?;
        let n = self.count(12)?;
        let mut rows = Vec::with_capacity(n);
        for _ in 0..n {
            let line = self.u64()?;
            rows.push((line, self.list()?));
        }
        Some(SheetRows {
            sheets,
            sheet,
            headers,
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SheetRows {
        SheetRows {
            sheets: vec!["说明".into(), "订单".into()],
            sheet: "订单".into(),
            headers: vec!["订单号".into(), "".into(), " 实付金额\u{200b}".into()],
            rows: vec![
                (3, vec!["o1".into(), "u1".into(), "199".into()]),
                (5, vec!["o2".into()]),
            ],
        }
    }

    #[test]
    fn a_sheet_and_an_error_come_back_as_they_went() {
        let s = sample();
        let bytes = encode(1234, &Ok(s.clone()));
        assert_eq!(decode("f.xlsx", &bytes).unwrap(), s);
        assert_eq!(file_size(&bytes), 1234);
        assert_eq!(file_size(b"user,event\n"), 11);
        let empty = SheetRows::default();
        assert_eq!(
            decode("f.xlsx", &encode(9, &Ok(empty.clone()))).unwrap(),
            empty
        );
        for code in CODES {
            let e = Error::input("f.xlsx", code, "has no sheet named \"x\"");
            let back = decode("f.xlsx", &encode(9, &Err(e.clone()))).unwrap_err();
            assert_eq!(back.code(), code);
            assert_eq!(back.to_string(), e.to_string());
        }
        // A code the decoder does not know is a spreadsheet that cannot be read, same message.
        let odd = Error::Params("odd".into());
        let back = decode("f.xlsx", &encode(9, &Err(odd))).unwrap_err();
        assert_eq!(back.code(), "bad_spreadsheet");
    }

    #[test]
    fn damaged_bytes_are_refused_without_panicking() {
        let good = encode(9, &Ok(sample()));
        // Every truncation, and one byte more.
        for n in 0..good.len() {
            let e = decode("f.xlsx", good.get(..n).unwrap()).unwrap_err();
            assert_eq!(e.code(), "bad_spreadsheet", "cut at {n}");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert_eq!(
            decode("f.xlsx", &longer).unwrap_err().code(),
            "bad_spreadsheet"
        );
        // Every byte flipped: refused, or read as some other sheet, never a panic.
        for i in SHEET_ROWS_MAGIC.len()..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0xFF;
            let _ = decode("f.xlsx", &bad);
        }
        // A count claiming more items than bytes left is refused before anything is reserved.
        let mut huge = SHEET_ROWS_MAGIC.to_vec();
        huge.extend_from_slice(&9u64.to_le_bytes());
        huge.push(0);
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            decode("f.xlsx", &huge).unwrap_err().code(),
            "bad_spreadsheet"
        );
        // Invalid UTF-8 in a cell.
        let mut s = sample();
        s.rows[0].1[0] = "é".into();
        let mut bad = encode(9, &Ok(s));
        let at = bad.windows(2).position(|w| w == "é".as_bytes()).unwrap();
        bad[at] = 0xFF;
        assert_eq!(
            decode("f.xlsx", &bad).unwrap_err().code(),
            "bad_spreadsheet"
        );
    }
}

//! Checks of an XLSX workbook made BEFORE calamine reads it: calamine allocates a sheet as one
//! dense grid spanning its lowest to highest cell, and trusts the `<dimension>` element, so a
//! 2 KB file whose cells claim `A1:XFD1048576` asks for 17 billion cells, and a reversed
//! dimension (`B2:A1`) overflows inside the library. Every worksheet's XML is streamed once (no
//! copy of it is kept) and its dimension and cell references checked: a reference that is not
//! a cell, a reversed range, more than [`MAX_COLUMNS`] columns, or a grid of more than
//! [`max_cells`] cells ends in a clear error instead.

use std::io::{Cursor, Read};

use super::MAX_COLUMNS;
use crate::error::{Error, Result};

/// Excel's own limits: 1,048,576 rows, 16,384 columns (XFD).
const EXCEL_ROWS: u64 = 1_048_576;
const EXCEL_COLS: u64 = 16_384;

/// The most cells a sheet's grid may span for a file of `bytes` bytes: 2,000,000, or one per
/// byte of the file when that is more (a real export holds at least a byte per cell).
pub fn max_cells(bytes: usize) -> u64 {
    (bytes as u64).max(2_000_000)
}

/// Bounds of the cells seen (1-based rows and columns).
#[derive(Default)]
struct Bounds {
    min_row: u64,
    max_row: u64,
    min_col: u64,
    max_col: u64,
}

impl Bounds {
    fn add(&mut self, row: u64, col: u64) {
        if self.max_row == 0 {
            (self.min_row, self.min_col) = (row, col);
        }
        self.min_row = self.min_row.min(row);
        self.max_row = self.max_row.max(row);
        self.min_col = self.min_col.min(col);
        self.max_col = self.max_col.max(col);
    }
    fn cells(&self) -> (u64, u64) {
        if self.max_row == 0 {
            return (0, 0);
        }
        (
            self.max_row - self.min_row + 1,
            self.max_col - self.min_col + 1,
        )
    }
}

/// A cell reference (`B12`, `$B$12`) as (row, column), 1-based; `None` if it is not one within
/// Excel's limits. A row number alone (`12`, in `<row r="12">`) gives column 0.
fn cell_ref(s: &[u8]) -> Option<(u64, u64)> {
    let s: Vec<u8> = s.iter().copied().filter(|&c| c != b'$').collect();
    let letters = s.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let digits = s.get(letters..)?;
    if letters > 3
        || digits.is_empty()
        || digits.len() > 7
        || !digits.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let mut col = 0u64;
    for c in s.get(..letters)? {
        col = col * 26 + u64::from(c.to_ascii_uppercase() - b'A' + 1);
    }
    let row: u64 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    ((1..=EXCEL_ROWS).contains(&row) && col <= EXCEL_COLS).then_some((row, col))
}

/// The value of attribute `name` (`r`, `ref`) in the tag text `tag` (without `<` and `>`), read
/// as an XML parser reads it: white space around `=`, single or double quotes.
pub(super) fn attr<'t>(tag: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    let ws = |c: &u8| c.is_ascii_whitespace();
    // Skip the element name.
    let mut i = tag.iter().position(ws)?;
    loop {
        i += tag.get(i..)?.iter().take_while(|c| ws(c)).count();
        let name_len = tag
            .get(i..)?
            .iter()
            .take_while(|c| !ws(c) && **c != b'=' && **c != b'/')
            .count();
        if name_len == 0 {
            return None;
        }
        let attr_name = tag.get(i..i + name_len)?;
        i += name_len;
        i += tag.get(i..)?.iter().take_while(|c| ws(c)).count();
        if tag.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        i += tag.get(i..)?.iter().take_while(|c| ws(c)).count();
        let quote = *tag.get(i).filter(|q| matches!(q, b'"' | b'\''))?;
        let start = i + 1;
        let len = tag.get(start..)?.iter().position(|&c| c == quote)?;
        if attr_name == name {
            return tag.get(start..start + len);
        }
        i = start + len + 1;
    }
}

/// The end of the tag starting after `<` at `from`: the first `>` outside quotes, as an XML
/// parser reads it. A processing instruction (`<?…?>`), a comment (`<!--…-->`) or a CDATA
/// section (`<![CDATA[…]]>`) ends at its own terminator whatever quotes it holds (a stray quote
/// in `<?xml … ?>` must not hide the tags after it from these checks).
fn tag_end(buf: &[u8], from: usize) -> Option<usize> {
    let rest = buf.get(from..)?;
    let until = |end: &[u8], skip: usize| {
        rest.get(skip..)?
            .windows(end.len())
            .position(|w| w == end)
            .map(|i| from + skip + i + end.len() - 1)
    };
    if rest.starts_with(b"?") {
        return until(b"?>", 1);
    }
    if rest.starts_with(b"!--") {
        return until(b"-->", 3);
    }
    if rest.starts_with(b"![CDATA[") {
        return until(b"]]>", 8);
    }
    let mut quote = None;
    for (i, &c) in buf.get(from..)?.iter().enumerate() {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, b'>') => return Some(from + i),
            _ => {}
        }
    }
    None
}

/// Streams an XML part and calls `on_tag(local_name, tag)` for every start or empty tag (`tag`
/// is the text between `<` and `>`, `local_name` the element name without its prefix); end tags
/// come as `local_name` starting with `/`. Only whole tags are handed over; no copy of the part
/// is kept beyond the unfinished tag.
pub(super) fn scan_xml(
    name: &str,
    part: &str,
    xml: &mut impl Read,
    mut on_tag: impl FnMut(&[u8], &[u8]) -> Result<()>,
) -> Result<()> {
    let mut buf: Vec<u8> = Vec::with_capacity(128 * 1024);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = xml.read(&mut chunk).map_err(|e| {
            Error::input(
                name,
                "bad_spreadsheet",
                format!(
                    "is a spreadsheet that cannot be read ({e}); re-save it or export it as CSV"
                ),
            )
        })?;
        buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
        // Whole tags only; an unfinished one waits for the next chunk.
        let mut done = 0;
        while let Some(open) = buf
            .get(done..)
            .and_then(|b| b.iter().position(|&c| c == b'<'))
        {
            let start = done + open + 1;
            let Some(end) = tag_end(&buf, start) else {
                break;
            };
            let tag = buf.get(start..end).unwrap_or_default();
            done = end + 1;
            let closing = tag.first() == Some(&b'/');
            let from = usize::from(closing);
            let tag_name_len = tag
                .iter()
                .skip(from)
                .position(|c| c.is_ascii_whitespace() || *c == b'/')
                .map_or(tag.len(), |p| p + from);
            let tag_name = tag.get(from..tag_name_len).unwrap_or_default();
            let local = tag_name.rsplit(|&c| c == b':').next().unwrap_or_default();
            if closing {
                let mut end_name = Vec::with_capacity(local.len() + 1);
                end_name.push(b'/');
                end_name.extend_from_slice(local);
                on_tag(&end_name, tag)?;
            } else {
                on_tag(local, tag)?;
            }
        }
        buf.drain(..done.min(buf.len()));
        if n == 0 {
            return Ok(());
        }
        // A "tag" of megabytes without '>' is no spreadsheet part.
        if buf.len() > 16 * 1024 * 1024 {
            return Err(Error::input(
                name,
                "spreadsheet_too_large",
                format!(
                    "has a tag longer than 16 MB (part {part}); re-save it or export it as CSV"
                ),
            ));
        }
    }
}

/// Checks one worksheet's XML, streamed.
fn check_sheet(name: &str, sheet: &str, xml: &mut impl Read, limit: u64) -> Result<()> {
    let bad = |what: String| {
        Error::input(
            name,
            "spreadsheet_too_large",
            format!("{what} (sheet file {sheet}); LiveLens reads sheets of at most {limit} cells and {MAX_COLUMNS} columns: delete the stray cells or export the sheet as CSV"),
        )
    };
    let mut bounds = Bounds::default();
    // Position of cells without a reference: calamine counts them along the row.
    let (mut row, mut col) = (0u64, 0u64);
    scan_xml(name, sheet, xml, |local, tag| {
        match local {
            b"dimension" => {
                let Some(r) = attr(tag, b"ref") else {
                    return Ok(());
                };
                let text = String::from_utf8_lossy(r).into_owned();
                let mut parts = r.split(|&c| c == b':');
                let a = parts.next().and_then(cell_ref);
                let b = parts.next().map(cell_ref).unwrap_or(a);
                let (Some(a), Some(b)) = (a, b) else {
                    return Err(bad(format!(
                        "its sheet claims the range \"{text}\", which is not a cell range"
                    )));
                };
                if b.0 < a.0 || b.1 < a.1 {
                    return Err(bad(format!(
                        "its sheet claims the reversed range \"{text}\""
                    )));
                }
                let (rows, cols) = (b.0 - a.0 + 1, b.1 - a.1 + 1);
                if cols > MAX_COLUMNS as u64 || rows.saturating_mul(cols) > limit {
                    return Err(bad(format!(
                        "its sheet claims the range {text}: {rows} rows × {cols} columns"
                    )));
                }
            }
            b"row" => {
                col = 0;
                if let Some(r) = attr(tag, b"r") {
                    match cell_ref(r) {
                        Some((rr, 0)) => row = rr,
                        _ => {
                            return Err(bad(format!(
                                "a row of its sheet is numbered \"{}\"",
                                String::from_utf8_lossy(r)
                            )))
                        }
                    }
                } else {
                    row += 1;
                }
            }
            b"c" => {
                if let Some(r) = attr(tag, b"r") {
                    match cell_ref(r) {
                        Some((rr, cc)) if cc > 0 => {
                            bounds.add(rr, cc);
                            col = cc;
                        }
                        _ => {
                            return Err(bad(format!(
                                "a cell of its sheet is at \"{}\", which is not a cell",
                                String::from_utf8_lossy(r)
                            )))
                        }
                    }
                } else {
                    col += 1;
                    bounds.add(row.max(1), col);
                }
                let (rows, cols) = bounds.cells();
                if cols > MAX_COLUMNS as u64 || rows.saturating_mul(cols) > limit {
                    return Err(bad(format!("its cells span {rows} rows × {cols} columns")));
                }
            }
            _ => {
                // Other references (merged cells, shared formulas…) must be cells too: the
                // library parses them with unchecked arithmetic.
                if let Some(r) = attr(tag, b"ref").or_else(|| attr(tag, b"r")) {
                    let ok = r
                        .split(|&c| c == b':' || c == b' ')
                        .filter(|p| !p.is_empty())
                        .all(|p| cell_ref(p).is_some());
                    if !ok {
                        return Err(bad(format!(
                            "its sheet refers to \"{}\", which is not a cell range",
                            String::from_utf8_lossy(r)
                        )));
                    }
                }
            }
        }
        Ok(())
    })
}

/// Checks every worksheet of an XLSX file (a ZIP); other containers pass unchecked here and are
/// left to calamine.
pub fn check_xlsx(name: &str, bytes: &[u8]) -> Result<()> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let limit = max_cells(bytes.len());
    for i in 0..zip.len() {
        // Names are compared without case: the library finds `xl/workSheets/sheet1.xmL` too.
        let is_sheet = |n: &str| {
            let n = n.to_ascii_lowercase();
            n.contains("worksheets/") && n.ends_with(".xml")
        };
        if !zip.name_for_index(i).is_some_and(is_sheet) {
            continue;
        }
        // A worksheet this check cannot open is not left to the library either.
        let Ok(mut entry) = zip.by_index(i) else {
            return Err(Error::input(
                name,
                "bad_spreadsheet",
                "is a spreadsheet with a damaged sheet; re-save it or export it as CSV",
            ));
        };
        let entry_name = entry.name().to_owned();
        check_sheet(name, &entry_name, &mut entry, limit)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_refs() {
        assert_eq!(cell_ref(b"A1"), Some((1, 1)));
        assert_eq!(cell_ref(b"$B$12"), Some((12, 2)));
        assert_eq!(cell_ref(b"XFD1048576"), Some((1_048_576, 16_384)));
        assert_eq!(cell_ref(b"XFE1"), None);
        assert_eq!(cell_ref(b"A0"), None);
        assert_eq!(cell_ref(b"A1048577"), None);
        assert_eq!(cell_ref(b"12"), Some((12, 0)));
        assert_eq!(cell_ref(b"AAAA1"), None);
        assert_eq!(cell_ref(b""), None);
        assert_eq!(attr(b"c r = 'B2' t=\"s\"", b"r"), Some(b"B2".as_slice()));
        assert_eq!(attr(b"c t=\"a>b\" r=\"C3\"", b"r"), Some(b"C3".as_slice()));
        assert_eq!(attr(b"c rr=\"C3\"", b"r"), None);
        assert_eq!(tag_end(b"c t=\"a>b\">x", 0), Some(9));
    }

    #[test]
    fn sheets_are_checked() {
        let check = |xml: &str| check_sheet("f.xlsx", "s", &mut xml.as_bytes(), 1000);
        assert!(check(r#"<worksheet><dimension ref="A1:C3"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#).is_ok());
        for bad in [
            r#"<dimension ref="A1:XFD1048576"/>"#.to_owned(),
            r#"<dimension ref="B2:A1"/>"#.to_owned(),
            r#"<dimension ref="A1:ZZZZ9"/>"#.to_owned(),
            r#"<row r="1"><c r="A1"/><c r="XFD1"/></row>"#.to_owned(),
            r#"<row r="1"><c r="A1"/></row><row r="5000"><c r="A5000"/></row>"#.to_owned(),
            r#"<row r="-3"><c r="A1"/></row>"#.to_owned(),
            format!("<row>{}</row>", "<c><v>1</v></c>".repeat(9000)),
            "<dimension ref=\n'C3:A1'/>".to_owned(),
            r#"<row r="></c></row></sheetData></workshe2"><c r="A2"/></row>"#.to_owned(),
            r#"<row r="1"><c r = "XFD1"/><c r="A1"/></row>"#.to_owned(),
            r#"<mergeCell ref="A1:ZZZZZZZ1"/>"#.to_owned(),
        ] {
            let Err(e) = check(&bad) else {
                panic!("accepted: {}", bad.chars().take(80).collect::<String>())
            };
            assert_eq!(e.code(), "spreadsheet_too_large", "{bad}");
        }
    }
}

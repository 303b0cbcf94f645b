//! From bytes to a table: encoding detection, format detection (CSV/TSV with a sniffed
//! delimiter, JSON array, NDJSON, XLSX/XLS/ODS), headers, and row iteration.

use std::borrow::Cow;
use std::io::Cursor;

use serde::Serialize;

use crate::error::{Error, Result};

/// What was understood about a file's layout; shown to the user.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TableInfo {
    /// `csv`, `tsv`, `delimited`, `json`, `ndjson`, `xlsx`.
    pub format: String,
    /// `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `UTF-16BE`, `GB18030`, or `binary` for spreadsheets.
    pub encoding: String,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
}

enum Body<'a> {
    Delimited { text: Cow<'a, str>, delimiter: u8 },
    Records(Vec<(u64, Vec<String>)>),
}

/// A parsed table: headers and a body to iterate.
pub struct Table<'a> {
    pub info: TableInfo,
    pub headers: Vec<String>,
    body: Body<'a>,
}

/// Decodes text, detecting the encoding: BOMs (UTF-8, UTF-16LE/BE), then UTF-8, UTF-16
/// without BOM (by its zero bytes), then GB18030 (GBK's superset). Binary data is an error.
pub fn decode<'a>(name: &str, bytes: &'a [u8]) -> Result<(Cow<'a, str>, &'static str)> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let s = std::str::from_utf8(rest).map_err(|e| {
            Error::input(
                name,
                "bad_encoding",
                format!(
                    "starts with a UTF-8 byte-order mark but byte {} is not valid UTF-8",
                    e.valid_up_to() + 3
                ),
            )
        })?;
        return Ok((Cow::Borrowed(s), "UTF-8 (BOM)"));
    }
    for (bom, enc, label) in [
        (&[0xFF, 0xFE][..], encoding_rs::UTF_16LE, "UTF-16LE"),
        (&[0xFE, 0xFF][..], encoding_rs::UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (s, had_errors) = enc.decode_without_bom_handling(rest);
            if had_errors {
                return Err(Error::input(
                    name,
                    "bad_encoding",
                    format!("starts with a {label} byte-order mark but is not valid {label}"),
                ));
            }
            return Ok((Cow::Owned(s.into_owned()), label));
        }
    }
    let sample = bytes.get(..4096).unwrap_or(bytes);
    if !sample.contains(&0) {
        if let Ok(s) = std::str::from_utf8(bytes) {
            if looks_binary(s.as_bytes()) {
                return Err(binary(name));
            }
            return Ok((Cow::Borrowed(s), "UTF-8"));
        }
    }
    // UTF-16 without a BOM: ASCII text has a zero in every other byte.
    let zeros_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = sample.len() / 2;
    if half > 0 && (zeros_odd * 10 > half * 3 || zeros_even * 10 > half * 3) {
        let (enc, label) = if zeros_odd > zeros_even {
            (encoding_rs::UTF_16LE, "UTF-16LE")
        } else {
            (encoding_rs::UTF_16BE, "UTF-16BE")
        };
        let (s, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors && !looks_binary(s.as_bytes()) {
            return Ok((Cow::Owned(s.into_owned()), label));
        }
        return Err(binary(name));
    }
    if bytes.contains(&0) {
        return Err(binary(name));
    }
    // UTF-8 Chinese (3-byte sequences) before the first invalid byte: lines appended in another
    // encoding (GBK) to a UTF-8 file. Reading it all as GB18030 would garble the UTF-8 part.
    if let Err(e) = std::str::from_utf8(bytes) {
        let prefix = bytes.get(..e.valid_up_to()).unwrap_or_default();
        if prefix.iter().any(|&b| b >= 0xE0) {
            if let Some(s) = decode_mixed(bytes) {
                if !looks_binary(s.as_bytes()) {
                    return Ok((Cow::Owned(s), MIXED));
                }
            }
        }
    }
    let (s, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors || looks_binary(s.as_bytes()) {
        return Err(Error::input(
            name,
            "bad_encoding",
            "is neither UTF-8, UTF-16 nor GB18030/GBK text; save it as UTF-8 CSV and try again",
        ));
    }
    Ok((Cow::Owned(s.into_owned()), "GB18030"))
}

/// The encoding label of a file whose lines are each UTF-8 or GB18030.
pub const MIXED: &str = "UTF-8 + GB18030 (mixed)";

/// Decodes line by line: UTF-8 where a line is valid UTF-8, else GB18030. `None` if a line is
/// neither.
fn decode_mixed(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(s) => out.push_str(s),
            Err(_) => {
                let (s, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(line);
                if had_errors {
                    return None;
                }
                out.push_str(&s);
            }
        }
    }
    Some(out)
}

fn binary(name: &str) -> Error {
    Error::input(
        name,
        "binary",
        "is not a text table (CSV, TSV, JSON) or a spreadsheet (XLSX); it looks like binary data",
    )
}

/// More than 1% control characters (other than tab, CR, LF, FF) in the first 8 KiB, or a NUL.
fn looks_binary(b: &[u8]) -> bool {
    let sample = b.get(..8192).unwrap_or(b);
    let ctrl = sample
        .iter()
        .filter(|&&c| c < 0x20 && !matches!(c, b'\t' | b'\r' | b'\n' | 0x0c))
        .count();
    sample.contains(&0) || ctrl * 100 > sample.len().max(1)
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];

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
        let (text, encoding) = decode(name, bytes)?;
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
                body: Body::Records(rows),
            });
        }
        let delimiter = sniff_delimiter(&text);
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
        let headers = {
            let mut rdr = csv_reader(text.as_bytes(), delimiter, false);
            let mut rec = csv::ByteRecord::new();
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => rec
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).trim().to_owned())
                    .collect::<Vec<_>>(),
                _ => Vec::new(),
            }
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
        }
    }

    /// Calls `f(line, fields)` for every data row (the header excluded). `line` is the 1-based
    /// line (or spreadsheet row, or array index + 1 for JSON) where the row starts.
    pub fn for_each_row(&self, mut f: impl FnMut(u64, &[&str])) {
        match &self.body {
            Body::Delimited { text, delimiter } => {
                let mut rdr = csv_reader(text.as_bytes(), *delimiter, false);
                let mut rec = csv::ByteRecord::new();
                // The fields vector is reused from row to row (no allocation per row).
                let mut spare: Vec<&str> = Vec::new();
                let mut header_seen = false;
                let bytes = text.as_bytes();
                let (mut counted_to, mut line_no) = (0usize, 1u64);
                loop {
                    match rdr.read_byte_record(&mut rec) {
                        Ok(true) if !header_seen => {
                            header_seen = true;
                            continue;
                        }
                        Ok(true) => {}
                        Ok(false) => break,
                        // With flexible records and byte records the reader cannot fail on
                        // content; stop rather than loop on an I/O error.
                        Err(_) => break,
                    }
                    // Line of the record's first byte, counted here: the reader's own line
                    // counter is off by one after CRLF line ends.
                    let at = rec
                        .position()
                        .map(|p| p.byte() as usize)
                        .unwrap_or(counted_to);
                    let mut at = at.min(bytes.len());
                    // After CRLF the reader's record offset points at the LF.
                    while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
                        at += 1;
                    }
                    if at > counted_to {
                        line_no += bytes
                            .get(counted_to..at)
                            .unwrap_or_default()
                            .iter()
                            .filter(|&&b| b == b'\n')
                            .count() as u64;
                        counted_to = at;
                    }
                    let line = line_no;
                    // Fields are slices of valid UTF-8 text split at ASCII delimiters: one
                    // check of the record's bytes makes every field a `str`.
                    let all = std::str::from_utf8(rec.as_slice()).unwrap_or("");
                    let mut fields = recycle(std::mem::take(&mut spare));
                    fields.extend(
                        (0..rec.len()).map(|i| rec.range(i).and_then(|r| all.get(r)).unwrap_or("")),
                    );
                    let blank = matches!(fields.as_slice(), [only] if only.trim().is_empty());
                    if !blank {
                        f(line, &fields);
                    }
                    spare = recycle(fields);
                }
            }
            Body::Records(rows) => {
                let mut fields: Vec<&str> = Vec::with_capacity(self.headers.len());
                for (line, row) in rows {
                    fields.clear();
                    fields.extend(row.iter().map(String::as_str));
                    f(*line, &fields);
                }
            }
        }
    }
}

/// An emptied vector of string slices, with its allocation, for slices of another lifetime
/// (collecting a `vec::IntoIter` of same-sized items reuses the allocation).
fn recycle<'b>(mut v: Vec<&str>) -> Vec<&'b str> {
    v.clear();
    v.into_iter().map(|_| "").collect()
}

fn csv_reader(bytes: &[u8], delimiter: u8, _has_headers: bool) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::None)
        .from_reader(bytes)
}

/// Names empty headers `column N`, strips BOMs and white space.
fn clean_headers(h: Vec<String>) -> Vec<String> {
    h.into_iter()
        .enumerate()
        .map(|(i, s)| {
            let s = s.trim_start_matches('\u{feff}').trim().to_owned();
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

type Rows = Vec<(u64, Vec<String>)>;

fn json_cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

fn objects_to_rows(name: &str, objs: Vec<(u64, serde_json::Value)>) -> Result<(Vec<String>, Rows)> {
    let mut headers: Vec<String> = Vec::new();
    let mut index: rustc_hash::FxHashMap<String, usize> = Default::default();
    let mut n_objects = 0;
    for (_, v) in &objs {
        if let serde_json::Value::Object(m) = v {
            n_objects += 1;
            for k in m.keys() {
                if !index.contains_key(k) {
                    index.insert(k.clone(), headers.len());
                    headers.push(k.clone());
                }
            }
        }
    }
    if n_objects == 0 {
        return Err(Error::input(
            name,
            "json_not_objects",
            "is JSON but not an array of objects (one object per row, e.g. [{\"user_id\": \"u1\", \"event\": \"enter\", …}])",
        ));
    }
    let mut rows = Vec::with_capacity(objs.len());
    for (line, v) in objs {
        match v {
            serde_json::Value::Object(m) => {
                let mut row = vec![String::new(); headers.len()];
                for (k, val) in &m {
                    if let Some(cell) = index.get(k).and_then(|&i| row.get_mut(i)) {
                        *cell = json_cell(val);
                    }
                }
                rows.push((line, row));
            }
            // A non-object element becomes a row with too few fields, rejected with its line.
            other => rows.push((line, vec![json_cell(&other)])),
        }
    }
    Ok((clean_headers(headers), rows))
}

fn parse_json(name: &str, text: &str) -> Result<(Vec<String>, Rows, &'static str)> {
    let whole: std::result::Result<serde_json::Value, _> = serde_json::from_str(text);
    match whole {
        Ok(serde_json::Value::Array(items)) => {
            let objs = items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (i as u64 + 1, v))
                .collect();
            let (h, r) = objects_to_rows(name, objs)?;
            Ok((h, r, "json"))
        }
        Ok(serde_json::Value::Object(mut m)) => {
            // {"data": [ … ]}: a single array of objects inside an object.
            let arrays: Vec<String> = m
                .iter()
                .filter(|(_, v)| {
                    v.as_array()
                        .is_some_and(|a| a.first().is_some_and(|x| x.is_object()))
                })
                .map(|(k, _)| k.clone())
                .collect();
            if let [key] = arrays.as_slice() {
                if let Some(serde_json::Value::Array(items)) = m.remove(key) {
                    let objs = items
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| (i as u64 + 1, v))
                        .collect();
                    let (h, r) = objects_to_rows(name, objs)?;
                    return Ok((h, r, "json"));
                }
            }
            // A single object: a one-row NDJSON file.
            let (h, r) = objects_to_rows(name, vec![(1, serde_json::Value::Object(m))])?;
            Ok((h, r, "ndjson"))
        }
        Ok(_) => Err(Error::input(
            name,
            "json_not_objects",
            "is JSON but not an array of objects (one object per row)",
        )),
        Err(whole_err) => {
            // NDJSON: one object per line.
            let mut objs = Vec::new();
            let mut bad_lines = 0;
            for (i, line) in text.lines().enumerate() {
                let l = line.trim();
                if l.is_empty() {
                    continue;
                }
                match serde_json::from_str::<serde_json::Value>(l) {
                    Ok(v) => objs.push((i as u64 + 1, v)),
                    Err(_) => {
                        bad_lines += 1;
                        // Kept as a row with one unparsable field, rejected with its line.
                        objs.push((i as u64 + 1, serde_json::Value::Null));
                    }
                }
            }
            let good = objs.len() - bad_lines;
            if good == 0 || (text.trim_start().starts_with('[') && bad_lines > 0) {
                return Err(Error::input(
                    name,
                    "bad_json",
                    format!(
                        "looks like JSON but cannot be read: {} at line {}, column {}",
                        whole_err,
                        whole_err.line(),
                        whole_err.column()
                    ),
                ));
            }
            let (h, r) = objects_to_rows(name, objs)?;
            Ok((h, r, "ndjson"))
        }
    }
}

fn open_spreadsheet<'a>(name: &str, bytes: &'a [u8], sheet: Option<&str>) -> Result<Table<'a>> {
    use calamine::Reader;
    let corrupt = |e: &dyn std::fmt::Display| {
        Error::input(
            name,
            "bad_spreadsheet",
            format!("is a spreadsheet that cannot be read ({e}); re-save it or export it as CSV"),
        )
    };
    let mut wb =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
    let sheets = wb.sheet_names();
    let chosen = match sheet {
        Some(s) => {
            if !sheets.iter().any(|x| x == s) {
                return Err(Error::input(
                    name,
                    "no_such_sheet",
                    format!("has no sheet named \"{s}\" (sheets: {})", sheets.join(", ")),
                ));
            }
            s.to_owned()
        }
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| Error::input(name, "empty_file", "is a spreadsheet without sheets"))?,
    };
    let range = wb.worksheet_range(&chosen).map_err(|e| corrupt(&e))?;
    let first_row = range.start().map(|(r, _)| r as u64).unwrap_or(0);
    let mut rows_iter = range.rows().enumerate();
    let mut headers = Vec::new();
    for (_, row) in rows_iter.by_ref() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if cells.iter().any(|c| !c.trim().is_empty()) {
            headers = cells;
            break;
        }
    }
    if headers.is_empty() {
        return Err(Error::input(
            name,
            "empty_file",
            format!("sheet \"{chosen}\" is empty"),
        ));
    }
    let mut rows = Vec::new();
    for (i, row) in rows_iter {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push((first_row + i as u64 + 1, cells));
    }
    Ok(Table {
        info: TableInfo {
            format: "xlsx".into(),
            encoding: "binary".into(),
            delimiter: None,
            sheet: Some(chosen),
            sheets,
        },
        headers: clean_headers(headers),
        body: Body::Records(rows),
    })
}

/// A spreadsheet cell as the text a CSV export would hold.
fn cell_text(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_serial_to_text(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#ERROR {e:?}"),
    }
}

/// Excel's serial date (days since 1899-12-30) as `YYYY-MM-DD HH:MM:SS`.
fn excel_serial_to_text(serial: f64) -> String {
    if !serial.is_finite() {
        return String::new();
    }
    let ms = (serial * 86_400_000.0).round() as i64 - 25_569 * 86_400_000;
    super::parse::format_ts(ms, 0)
}

#[cfg(test)]
mod tests {
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
        assert_eq!(
            Table::open("c.xlsx", b"PK\x03\x04garbage", None)
                .err()
                .unwrap()
                .code(),
            "bad_spreadsheet"
        );
    }

    #[test]
    fn excel_serials() {
        assert_eq!(excel_serial_to_text(45_000.5), "2023-03-15 12:00:00");
    }
}

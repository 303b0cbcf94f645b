//! Spreadsheets (XLSX, XLS, ODS): one sheet, its first non-empty row as the headers, cells as the
//! text a CSV export would hold. Read in process with calamine after the size guards (feature
//! `spreadsheets`: the CLI, the tests), or handed in as the rows the sheet module read with the
//! same code ([`super::sheet_rows`]: the shipped page). Both give a [`SheetRows`], and so the same
//! [`Table`].

use super::{clean_headers, Body, Table, TableInfo};
#[cfg(not(feature = "spreadsheets"))]
use crate::error::Error;
use crate::error::Result;

/// The first bytes of a ZIP container (XLSX, ODS).
pub(crate) const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The first bytes of an OLE compound file (XLS).
pub(crate) const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];

/// The chosen sheet of a workbook as read: everything its [`Table`] holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SheetRows {
    /// The workbook's sheets, in order.
    pub(crate) sheets: Vec<String>,
    /// The sheet read.
    pub(crate) sheet: String,
    /// Its first non-empty row's cells, as read (cleaned by [`SheetRows::into_table`]).
    pub(crate) headers: Vec<String>,
    /// The non-empty rows after it: the spreadsheet's 1-based row number and the cells.
    pub(crate) rows: Vec<(u64, Vec<String>)>,
}

impl SheetRows {
    pub(super) fn into_table<'a>(self) -> Table<'a> {
        Table {
            info: TableInfo {
                format: "xlsx".into(),
                encoding: "binary".into(),
                delimiter: None,
                sheet: Some(self.sheet),
                sheets: self.sheets,
            },
            headers: clean_headers(self.headers),
            body: Body::Records(self.rows),
        }
    }
}

/// Opens a spreadsheet's bytes (ZIP or OLE magic) as a table.
#[cfg(feature = "spreadsheets")]
pub(super) fn open_spreadsheet<'a>(
    name: &str,
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<Table<'a>> {
    read_sheet(name, bytes, sheet).map(SheetRows::into_table)
}

/// Without the `spreadsheets` feature (the shipped main wasm) a spreadsheet's bytes cannot be
/// read here: the page's worker has the sheet module read them first and hands in its rows.
#[cfg(not(feature = "spreadsheets"))]
pub(super) fn open_spreadsheet<'a>(
    name: &str,
    _bytes: &[u8],
    _sheet: Option<&str>,
) -> Result<Table<'a>> {
    Err(Error::input(
        name,
        super::sheet_rows::NEEDS_SHEET_MODULE,
        "is a spreadsheet, and this build reads spreadsheets through the sheet module \
         (readSheet of livelens_sheet.js, whose result is handed in instead of the file)",
    ))
}

/// Reads the chosen sheet (`sheet`, default the first) of a spreadsheet: the size guards of each
/// container first (the library trusts what a file claims about its size), then calamine.
#[cfg(feature = "spreadsheets")]
pub(crate) fn read_sheet(name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<SheetRows> {
    use crate::error::Error;
    use calamine::Reader;
    let corrupt = |e: &dyn std::fmt::Display| {
        Error::input(
            name,
            "bad_spreadsheet",
            format!("is a spreadsheet that cannot be read ({e}); re-save it or export it as CSV"),
        )
    };
    super::xlsx_guard::check_xlsx(name, bytes)?;
    super::ods_guard::check_ods(name, bytes)?;
    super::xls_guard::check_xls(name, bytes)?;
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| corrupt(&e))?;
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
    Ok(SheetRows {
        sheets,
        sheet: chosen,
        headers,
        rows,
    })
}

/// A spreadsheet cell as the text a CSV export would hold.
#[cfg(feature = "spreadsheets")]
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

/// Excel's serial date (days since 1899-12-30) as `YYYY-MM-DD HH:MM:SS`. A serial outside
/// 1 … 2,958,465 (1900-01-01 … 9999-12-31, Excel's own range) is no date: its number is kept
/// as text, and the time check refuses it with its reason.
#[cfg(feature = "spreadsheets")]
pub(super) fn excel_serial_to_text(serial: f64) -> String {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return serial.to_string();
    }
    let ms = (serial * 86_400_000.0).round() as i64 - 25_569 * 86_400_000;
    crate::ingest::parse::format_ts(ms, 0)
}

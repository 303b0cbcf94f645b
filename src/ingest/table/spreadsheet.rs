//! Spreadsheets (XLSX, XLS, ODS) read with calamine: one sheet, its first non-empty row as the
//! headers, cells as the text a CSV export would hold.

use std::io::Cursor;

use super::{clean_headers, Body, Table, TableInfo};
use crate::error::{Error, Result};

/// The first bytes of a ZIP container (XLSX, ODS).
pub(crate) const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The first bytes of an OLE compound file (XLS).
pub(crate) const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];

pub(super) fn open_spreadsheet<'a>(
    name: &str,
    bytes: &'a [u8],
    sheet: Option<&str>,
) -> Result<Table<'a>> {
    use calamine::Reader;
    let corrupt = |e: &dyn std::fmt::Display| {
        Error::input(
            name,
            "bad_spreadsheet",
            format!("is a spreadsheet that cannot be read ({e}); re-save it or export it as CSV"),
        )
    };
    super::xlsx_guard::check_xlsx(name, bytes)?;
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

/// Excel's serial date (days since 1899-12-30) as `YYYY-MM-DD HH:MM:SS`. A serial outside
/// 1 … 2,958,465 (1900-01-01 … 9999-12-31, Excel's own range) is no date: its number is kept
/// as text, and the time check refuses it with its reason.
pub(super) fn excel_serial_to_text(serial: f64) -> String {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return serial.to_string();
    }
    let ms = (serial * 86_400_000.0).round() as i64 - 25_569 * 86_400_000;
    crate::ingest::parse::format_ts(ms, 0)
}

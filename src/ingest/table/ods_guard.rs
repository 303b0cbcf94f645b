//! Checks of an OpenDocument spreadsheet (ODS) made BEFORE calamine reads it. ODS compresses
//! runs of equal cells and rows into one element with `table:number-columns-repeated` /
//! `table:number-rows-repeated`, and calamine expands them: an 800-byte file claiming a row
//! repeated 100 million times, or a cell repeated 100 million times, makes it build a grid of
//! that size (minutes of work and gigabytes). This check streams `content.xml` once and computes
//! the grid calamine would build, with calamine's own rules:
//!
//! - a cell with a value (or content) is pushed `columns-repeated` times; empty cells are pushed
//!   only when a cell with a value follows them in the row (trailing empties are free);
//! - a row with a value is repeated `rows-repeated` times; empty rows count only when a row with
//!   a value follows them (the million empty rows LibreOffice writes at the end are free);
//!
//! and refuses the file when that grid is larger than the XLSX limit ([`max_cells`]) or wider than
//! [`MAX_COLUMNS`].

use std::io::{Cursor, Read};

use super::xlsx_guard::{attr, max_cells, scan_xml};
use super::MAX_COLUMNS;
use crate::error::{Error, Result};

/// The grid of one `table:table` as calamine builds it.
#[derive(Default)]
struct Grid {
    /// Rows of the grid so far (non-empty rows with their repeats, and the empty rows between).
    rows: u64,
    /// Empty rows since the last non-empty one (counted only if a non-empty row follows).
    pending_rows: u64,
    /// Widest row so far, in cells pushed.
    width: u64,
    /// The row being read: cells pushed, empty cells waiting, whether it holds a value.
    row_cells: u64,
    row_pending: u64,
    row_has_value: bool,
    row_repeats: u64,
    /// All repeats seen, rows and cells: calamine adds them in machine integers.
    repeats_total: u64,
}

/// A `number-…-repeated` attribute: 1 when absent; a value that is not a number is left to
/// calamine, which refuses it.
fn repeats(tag: &[u8], name: &[u8]) -> u64 {
    attr(tag, name)
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
}

/// Checks the sheets of an ODS file (a ZIP with `content.xml`); other files pass.
pub fn check_ods(name: &str, bytes: &[u8]) -> Result<()> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    // An XLSX has no content.xml; an ODS has it at the top.
    let Some(index) = zip.index_for_name("content.xml") else {
        return Ok(());
    };
    let Ok(mut entry) = zip.by_index(index) else {
        return Err(Error::input(
            name,
            "bad_spreadsheet",
            "is a spreadsheet with a damaged sheet; re-save it or export it as CSV",
        ));
    };
    check_content(name, &mut entry, max_cells(bytes.len()))
}

fn check_content(name: &str, xml: &mut impl Read, limit: u64) -> Result<()> {
    let bad = |what: String| {
        Error::input(
            name,
            "spreadsheet_too_large",
            format!("{what}; LiveLens reads sheets of at most {limit} cells and {MAX_COLUMNS} columns: delete the stray cells or export the sheet as CSV"),
        )
    };
    let mut sheet = String::new();
    let mut grid = Grid::default();
    // Calamine's limit on repeats: it adds them up in machine integers and casts rows to u32.
    const MAX_REPEATS: u64 = u32::MAX as u64;
    scan_xml(name, "content.xml", xml, |local, tag| {
        match local {
            b"table" => {
                sheet = attr(tag, b"table:name")
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .unwrap_or_default();
                grid = Grid::default();
            }
            b"table-row" => {
                grid.row_repeats = repeats(tag, b"table:number-rows-repeated");
                grid.row_cells = 0;
                grid.row_pending = 0;
                grid.row_has_value = false;
                grid.repeats_total = grid.repeats_total.saturating_add(grid.row_repeats);
                // A self-closing row holds no cell.
                if tag.ends_with(b"/") {
                    grid.pending_rows = grid.pending_rows.saturating_add(grid.row_repeats);
                }
            }
            b"table-cell" | b"covered-table-cell" => {
                let n = repeats(tag, b"table:number-columns-repeated");
                grid.repeats_total = grid.repeats_total.saturating_add(n);
                // A cell with a type, a formula or content has a value for calamine; a bare
                // `<table:table-cell …/>` is empty.
                let has_value = attr(tag, b"office:value-type").is_some()
                    || attr(tag, b"table:formula").is_some()
                    || !tag.ends_with(b"/");
                if has_value {
                    grid.row_cells = grid
                        .row_cells
                        .saturating_add(grid.row_pending)
                        .saturating_add(n);
                    grid.row_pending = 0;
                    grid.row_has_value = true;
                } else {
                    grid.row_pending = grid.row_pending.saturating_add(n);
                }
                if grid.row_cells > MAX_COLUMNS as u64 {
                    return Err(bad(format!(
                        "a row of sheet \"{sheet}\" spans {} columns",
                        grid.row_cells
                    )));
                }
            }
            b"/table-row" => {
                if grid.row_has_value {
                    grid.rows = grid
                        .rows
                        .saturating_add(grid.pending_rows)
                        .saturating_add(grid.row_repeats);
                    grid.pending_rows = 0;
                    grid.width = grid.width.max(grid.row_cells);
                } else {
                    grid.pending_rows = grid.pending_rows.saturating_add(grid.row_repeats);
                }
                if grid.rows.saturating_mul(grid.width.max(1)) > limit {
                    return Err(bad(format!(
                        "sheet \"{sheet}\" spans {} rows × {} columns once its repeated rows and cells are expanded",
                        grid.rows, grid.width
                    )));
                }
            }
            _ => {}
        }
        if grid.repeats_total > MAX_REPEATS {
            return Err(bad(format!(
                "sheet \"{sheet}\" repeats rows or cells {} times",
                grid.repeats_total
            )));
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="S1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }
    const CELL: &str =
        r#"<table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell>"#;

    #[test]
    fn libreoffice_padding_is_free() {
        // What LibreOffice writes: a few rows, each padded with empty cells to column AMJ, then a
        // million empty rows.
        let row = format!(
            r#"<table:table-row table:style-name="ro1">{CELL}{CELL}<table:table-cell table:number-columns-repeated="1022"/></table:table-row>"#
        );
        let xml = sheet(&format!(
            r#"{}<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
            row.repeat(5)
        ));
        assert!(check_content("f.ods", &mut xml.as_bytes(), 1000).is_ok());
    }

    #[test]
    fn expanded_grids_are_bounded() {
        let repeated_row = format!(
            r#"<table:table-row table:number-rows-repeated="100000000">{CELL}</table:table-row>"#
        );
        let repeated_cell = r#"<table:table-row><table:table-cell table:number-columns-repeated="100000000" office:value-type="float" office:value="1"/></table:table-row>"#.to_owned();
        let gap = format!(
            r#"<table:table-row>{CELL}</table:table-row><table:table-row table:number-rows-repeated="5000"/><table:table-row>{CELL}</table:table-row>"#
        );
        let empty_then_value = format!(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="9000"/>{CELL}</table:table-row>"#
        );
        let overflow = r#"<table:table-row table:number-rows-repeated="18446744073709551615"/><table:table-row table:number-rows-repeated="18446744073709551615"/>"#.to_owned();
        for body in [repeated_row, repeated_cell, gap, empty_then_value, overflow] {
            let xml = sheet(&body);
            let Err(e) = check_content("f.ods", &mut xml.as_bytes(), 1000) else {
                panic!("accepted: {body}")
            };
            assert_eq!(e.code(), "spreadsheet_too_large", "{body}");
        }
    }
}

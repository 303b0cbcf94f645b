//! Checks and conversions of a row's cells, shared by the readers: field count, exact
//! duplicates, ids, timestamps and amounts. Each rejects the row in the [`RowTally`] with its
//! reason, line, column and value.

use crate::ingest::columns::ColumnMap;
use crate::ingest::fields::Field;
use crate::ingest::input::IngestOptions;
use crate::ingest::numbers::parse_amount_in;
use crate::ingest::parse::{parse_timestamp, trim, AmountError, TsError};
use crate::ingest::row_set::RowSet;
use crate::ingest::table::{Table, MAX_COLUMNS};
use crate::ingest::validation::RowTally;
use crate::model::{Interner, NONE};

/// Ids longer than this are rejected (`value_too_long`).
const MAX_ID_LEN: usize = 1000;

/// Common row checks: field count, exact duplicates. Returns false if the row was rejected.
/// Calls `f` with every row of `t` that passes [`check_row`] (field count, exact duplicates),
/// counting each row read in `tally`: the loop every reader shares.
pub(super) fn for_each_checked_row(
    t: &Table,
    opts: &IngestOptions,
    tally: &mut RowTally,
    mut f: impl FnMut(&mut RowTally, u64, &[&str]),
) {
    let mut seen = RowSet::default();
    seen.reserve(t.approx_rows());
    let json = t.info.format.contains("json");
    let n = t.headers.len();
    t.for_each_row(|line, row| {
        if check_row(tally, &mut seen, opts, n, json, line, row) {
            f(tally, line, row);
        }
    });
}

pub(super) fn check_row(
    tally: &mut RowTally,
    seen: &mut RowSet,
    opts: &IngestOptions,
    headers: usize,
    json: bool,
    line: u64,
    row: &[&str],
) -> bool {
    check_row_as(tally, opts, headers, json, line, row, |r| {
        seen.insert(row_key(r))
    })
}

/// The key [`check_row`] inserts for `row`, when it gets that far (duplicates are dropped and
/// the row has the header's field count); `None` when it is not checked for duplicates.
///
/// For a streamed file (`delimiter` its delimiter): the key of its fields joined by the
/// delimiter ([`crate::ingest::hash::row_key_in`]), from `joined`, the joined fields as they
/// stand in the text, when the tokenizer gave them.
pub(in crate::ingest) fn key_to_check(
    opts: &IngestOptions,
    headers: usize,
    delimiter: u8,
    row: &[&str],
    joined: Option<&str>,
) -> Option<u64> {
    (opts.drop_duplicates && row.len() <= MAX_COLUMNS && row.len() == headers).then(|| match joined
    {
        Some(j) => crate::ingest::hash::joined_key(j.as_bytes()),
        None => crate::ingest::hash::row_key_in(row, delimiter),
    })
}

/// [`check_row`] with `is_new` telling whether the row is not a repeat (called only when
/// duplicates are dropped and the field count is right).
pub(super) fn check_row_as(
    tally: &mut RowTally,
    opts: &IngestOptions,
    headers: usize,
    json: bool,
    line: u64,
    row: &[&str],
    is_new: impl FnOnce(&[&str]) -> bool,
) -> bool {
    tally.report.rows_read += 1;
    if row.len() > MAX_COLUMNS {
        let v = format!(
            "more than {MAX_COLUMNS} fields, header has {headers}: {}…",
            row.iter().take(20).copied().collect::<Vec<_>>().join(",")
        );
        tally.reject("too_many_fields", line, "", &v);
        return false;
    }
    if row.len() != headers {
        if json && row.len() == 1 {
            tally.reject(
                "not_an_object",
                line,
                "",
                row.first().copied().unwrap_or(""),
            );
        } else {
            let v = format!(
                "{} fields, header has {}: {}",
                row.len(),
                headers,
                row.join(",")
            );
            tally.reject("wrong_field_count", line, "", &v);
        }
        return false;
    }
    if opts.drop_duplicates && !is_new(row) {
        tally.reject("duplicate_row", line, "", &row.join(","));
        return false;
    }
    true
}

/// The 64-bit key of a row for finding exact duplicates, the same on every target
/// ([`crate::ingest::row_hash`]: a `usize` hash is 32 bits in wasm, where 1M distinct rows then
/// share keys by chance — the bench once found 129 rows of the medium demo wrongly dropped as
/// duplicates in the browser). Distinct rows share a key with odds of about n²/2⁶⁵.
pub fn row_key(row: &[&str]) -> u64 {
    crate::ingest::hash::row_hash(row)
}

/// Rejects an over-long id; `col` names the column (only computed for a rejection).
pub(super) fn id_ok<'c>(
    tally: &mut RowTally,
    line: u64,
    col: impl FnOnce() -> &'c str,
    v: &str,
) -> bool {
    // Characters, not bytes: 1,000 Chinese characters are 3,000 bytes of UTF-8.
    if v.len() > MAX_ID_LEN && v.chars().count() > MAX_ID_LEN {
        tally.reject("value_too_long", line, col(), v);
        return false;
    }
    true
}

/// A required id cell, trimmed: rejects the row (`empty_code`, or `value_too_long`) and gives
/// `None` when it is empty or too long.
pub(super) fn required<'r, 'c>(
    tally: &mut RowTally,
    line: u64,
    header: impl Fn() -> &'c str,
    value: Option<&'r str>,
    empty_code: &'static str,
) -> Option<&'r str> {
    let v = trim(value.unwrap_or(""));
    if v.is_empty() {
        tally.reject(empty_code, line, header(), v);
        return None;
    }
    id_ok(tally, line, header, v).then_some(v)
}

/// `i.intern(s)`, answered without a lookup when `s` is the name of `*last` (the id the
/// column's previous row had: consecutive rows often share their event name and session).
pub(super) fn intern_again(i: &mut Interner, last: &mut u32, s: &str) -> u32 {
    if i.name(*last) == s && !s.is_empty() {
        return *last;
    }
    *last = i.intern(s);
    *last
}

/// The id of an optional cell (`NONE` when absent or empty).
pub(super) fn intern_opt(i: &mut Interner, v: Option<&str>) -> u32 {
    match v.map(trim) {
        Some(s) if !s.is_empty() => i.intern(s),
        _ => NONE,
    }
}

/// The timestamp in field `f`'s cell; `None` when rejected (missing, unparsable, out of range).
pub(super) fn time_of(
    tally: &mut RowTally,
    columns: &ColumnMap,
    f: Field,
    line: u64,
    row: &[&str],
    opts: &IngestOptions,
) -> Option<i64> {
    let v = columns.get(f, row).unwrap_or("");
    time_from(
        tally,
        columns,
        f,
        line,
        v,
        parse_timestamp(v, opts.tz_offset_minutes),
    )
}

/// [`time_of`] with the cell `v` already parsed (by a worker thread: [`crate::ingest::parallel`]).
pub(super) fn time_from(
    tally: &mut RowTally,
    columns: &ColumnMap,
    f: Field,
    line: u64,
    v: &str,
    parsed: Result<i64, TsError>,
) -> Option<i64> {
    match parsed {
        Ok(t) => Some(t),
        Err(e) => {
            tally.reject(e.code(), line, columns.header(f), v);
            None
        }
    }
}

/// `Ok(None)` for an empty or absent amount; `Err(())` when rejected.
pub(super) fn amount_of(
    tally: &mut RowTally,
    columns: &ColumnMap,
    f: Field,
    line: u64,
    row: &[&str],
) -> Result<Option<f64>, ()> {
    let v = columns.get(f, row).unwrap_or("");
    amount_from(
        tally,
        columns,
        f,
        line,
        v,
        parse_amount_in(v, columns.style(f)),
    )
}

/// [`amount_of`] with the cell `v` already parsed in its column's style.
pub(super) fn amount_from(
    tally: &mut RowTally,
    columns: &ColumnMap,
    f: Field,
    line: u64,
    v: &str,
    parsed: Result<Option<f64>, AmountError>,
) -> Result<Option<f64>, ()> {
    parsed.map_err(|e| {
        let code = match e {
            AmountError::Unparsable => "bad_amount",
            AmountError::Negative => "negative_amount",
            AmountError::NotFinite => "non_finite_amount",
            AmountError::TooLarge => "amount_too_large",
            AmountError::Ambiguous => "ambiguous_number",
            AmountError::StyleConflict => "number_format_conflict",
        };
        tally.reject(code, line, columns.header(f), v);
    })
}

/// A price or ad spend (`Ok(None)` when absent or empty), read in its column's style; `Err`
/// when the row was rejected under `code`.
pub(super) fn money_of(
    tally: &mut RowTally,
    columns: &ColumnMap,
    f: Field,
    line: u64,
    row: &[&str],
    code: &'static str,
) -> Result<Option<f64>, ()> {
    let Some(v) = columns.get(f, row) else {
        return Ok(None);
    };
    parse_amount_in(v, columns.style(f)).map_err(|e| {
        let code = match e {
            AmountError::Ambiguous => "ambiguous_number",
            AmountError::StyleConflict => "number_format_conflict",
            _ => code,
        };
        tally.reject(code, line, columns.header(f), v);
    })
}

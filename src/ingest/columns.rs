//! A file's columns: which field each one is, what the user is told about them (samples,
//! duplicate headers, mapping that names no column), and the error when a required column is
//! missing.

use std::collections::BTreeMap;

use super::fields::{self, Field, FileKind};
use super::input::InputFile;
use super::numbers::{ColumnEvidence, NumberStyle};
use super::table::{self, Table, TableInfo};
use super::validation::{ColumnInfo, FileError, FileReport};

/// A file's columns understood: the field of each column, and the report so far (layout,
/// columns, warnings) — or, when a required column is missing, the report with that error.
pub(super) fn check_columns(
    file: &InputFile,
    table: &Table,
    kind: FileKind,
    detected: bool,
) -> Result<(Vec<Option<Field>>, FileReport), Box<FileReport>> {
    let mapping = fields::map_columns(&table.headers, kind, &file.mapping);
    let mut report = FileReport {
        name: file.name.clone(),
        kind: Some(kind),
        kind_detected: detected,
        bytes: table::file_size(&file.bytes),
        ..FileReport::default()
    };
    fill_info(&mut report, &table.info);
    if table.info.encoding == table::MIXED {
        report.warnings.push(
                "the file mixes UTF-8 and GB18030/GBK lines; each line was read in its own encoding (check names with Chinese characters)"
                    .to_owned(),
            );
    }
    report.columns = column_infos(table, &mapping, kind);
    for (h, n) in duplicate_headers(&table.headers) {
        report.warnings.push(format!(
            "column \"{}\" appears {n} times; the first is used",
            header_list(&[h])
        ));
    }
    let missing: Vec<Field> = kind
        .required()
        .iter()
        .copied()
        .filter(|f| !mapping.contains(&Some(*f)))
        // Without an event column, an events file with comment text is a danmaku export.
        .filter(|f| !(*f == Field::Event && mapping.contains(&Some(Field::Text))))
        .collect();
    if !missing.is_empty() {
        let mut e = missing_columns_error(&table.headers, kind, &missing);
        let others: Vec<&str> = table
            .info
            .sheets
            .iter()
            .filter(|s| Some(s.as_str()) != table.info.sheet.as_deref())
            .map(String::as_str)
            .collect();
        if !others.is_empty() {
            e.message.push_str(&format!(
                "; the workbook has other sheets: {}",
                others.join(", ")
            ));
        }
        report.error = Some(e);
        return Err(Box::new(report));
    }
    for (f, h) in &file.mapping {
        if let Some(h) = h {
            if !table.headers.iter().any(|x| x.trim() == h.trim()) {
                report.warnings.push(format!(
                    "the mapping names column \"{h}\" for {}, but the file has no such column",
                    f.key()
                ));
            }
        }
    }
    Ok((mapping, report))
}

/// Column positions of the mapped fields of one file.
pub(super) struct ColumnMap {
    /// Column of each field, indexed by `Field as usize` (a lookup per field and row: an array,
    /// not a hash map).
    pos: [Option<usize>; Field::ALL.len()],
    headers: Vec<String>,
    /// Decimal separator of each money field's column, decided from the whole column.
    styles: [Option<NumberStyle>; Field::ALL.len()],
}

/// The fields holding money, whose decimal separator is decided per column.
const MONEY: [Field; 4] = [
    Field::Amount,
    Field::RefundAmount,
    Field::Price,
    Field::AdSpend,
];

impl ColumnMap {
    pub(super) fn new(mapping: &[Option<Field>], headers: Vec<String>) -> ColumnMap {
        let mut pos = [None; Field::ALL.len()];
        for (i, f) in mapping.iter().enumerate() {
            if let Some(p) = f.and_then(|f| pos.get_mut(f as usize)) {
                *p = Some(i);
            }
        }
        ColumnMap {
            pos,
            headers,
            styles: [None; Field::ALL.len()],
        }
    }
    /// Decides the decimal separator of each money column from all its values (one pass over
    /// the rows; only when the file has a money column). JSON numbers and spreadsheet cells
    /// have a decimal point when no value tells otherwise.
    pub(super) fn decide_number_styles(&mut self, t: &Table) {
        let mut ev = self.money_evidence();
        if ev.is_empty() {
            return;
        }
        t.for_each_row(|_, row| ev.add(row));
        self.apply_styles(&ev, &t.info.format);
    }
    /// An empty tally of what the values of each money column say about its decimal separator.
    pub(super) fn money_evidence(&self) -> MoneyEvidence {
        let cols: Vec<(Field, usize)> = MONEY
            .iter()
            .filter_map(|&f| Some((f, self.col(f)?)))
            .collect();
        MoneyEvidence {
            ev: vec![ColumnEvidence::default(); cols.len()],
            cols,
        }
    }
    /// Sets each money column's style from its evidence; JSON numbers and spreadsheet cells
    /// have a decimal point when no value tells otherwise.
    pub(super) fn apply_styles(&mut self, ev: &MoneyEvidence, format: &str) {
        let default = match format {
            "json" | "ndjson" | "xlsx" => Some(NumberStyle::Dot),
            _ => None,
        };
        for (e, (f, _)) in ev.ev.iter().zip(&ev.cols) {
            if let Some(slot) = self.styles.get_mut(*f as usize) {
                *slot = e.style(default);
            }
        }
    }
    /// The decimal separator of field `f`'s column (`None`: undecided).
    pub(super) fn style(&self, f: Field) -> Option<NumberStyle> {
        self.styles.get(f as usize).copied().flatten()
    }
    /// The column of field `f`, if mapped.
    fn col(&self, f: Field) -> Option<usize> {
        self.pos.get(f as usize).copied().flatten()
    }
    /// Whether field `f` has a column.
    pub(super) fn has(&self, f: Field) -> bool {
        self.col(f).is_some()
    }
    /// The cell of field `f` in `row`, if the field has a column.
    pub(super) fn get<'r>(&self, f: Field, row: &[&'r str]) -> Option<&'r str> {
        self.col(f).and_then(|i| row.get(i).copied())
    }
    /// The headers, the field of each column and each field's style (`chunk_wire`'s layout).
    pub(super) fn parts(
        &self,
    ) -> (
        &[String],
        Vec<Option<Field>>,
        [Option<NumberStyle>; Field::ALL.len()],
    ) {
        let mut mapping = vec![None; self.headers.len()];
        for (f, p) in Field::ALL.iter().zip(self.pos) {
            if let Some(slot) = p.and_then(|p| mapping.get_mut(p)) {
                *slot = Some(*f);
            }
        }
        (&self.headers, mapping, self.styles)
    }
    /// The map of [`ColumnMap::parts`].
    pub(super) fn from_parts(
        headers: Vec<String>,
        mapping: &[Option<Field>],
        styles: [Option<NumberStyle>; Field::ALL.len()],
    ) -> ColumnMap {
        ColumnMap {
            styles,
            ..ColumnMap::new(mapping, headers)
        }
    }
    /// The header of field `f`'s column (the field key when it has none), for messages.
    pub(super) fn header(&self, f: Field) -> &str {
        self.col(f)
            .and_then(|i| self.headers.get(i))
            .map(String::as_str)
            .unwrap_or(f.key())
    }
}

/// What the values of a file's money columns say about their decimal separators, row by row.
#[derive(Clone, Default)]
#[cfg_attr(test, derive(PartialEq, Debug))]
pub(super) struct MoneyEvidence {
    cols: Vec<(Field, usize)>,
    ev: Vec<ColumnEvidence>,
}

impl MoneyEvidence {
    /// Whether the file has no money column (nothing to decide).
    pub(super) fn is_empty(&self) -> bool {
        self.cols.is_empty()
    }
    /// Whether the values of `n` more rows cannot change any column's decimal separator.
    pub(super) fn settled_for(&self, n: u64) -> bool {
        self.ev.iter().all(|e| e.settled_for(n))
    }
    /// Its columns and what was counted of each (`chunk_wire`).
    pub(super) fn parts(&self) -> (&[(Field, usize)], &[ColumnEvidence]) {
        (&self.cols, &self.ev)
    }
    /// The evidence of [`MoneyEvidence::parts`] (as many counts as columns).
    pub(super) fn from_parts(cols: Vec<(Field, usize)>, ev: Vec<ColumnEvidence>) -> Option<Self> {
        (cols.len() == ev.len()).then_some(MoneyEvidence { cols, ev })
    }
    /// The same columns with nothing counted (what a thread counts a range's values into).
    pub(super) fn emptied(&self) -> MoneyEvidence {
        MoneyEvidence {
            cols: self.cols.clone(),
            ev: vec![ColumnEvidence::default(); self.cols.len()],
        }
    }
    /// Adds what `other` counted (of the same columns: [`MoneyEvidence::emptied`]).
    pub(super) fn merge(&mut self, other: &MoneyEvidence) {
        for (e, o) in self.ev.iter_mut().zip(&other.ev) {
            e.dot += o.dot;
            e.comma += o.comma;
            e.ambiguous += o.ambiguous;
        }
    }
    pub(super) fn add(&mut self, row: &[&str]) {
        for (e, (_, c)) in self.ev.iter_mut().zip(&self.cols) {
            if let Some(v) = row.get(*c) {
                e.add(v);
            }
        }
    }
}

/// Copies what was understood about the file's layout into its report.
pub(super) fn fill_info(r: &mut FileReport, info: &TableInfo) {
    r.format = info.format.clone();
    r.encoding = info.encoding.clone();
    r.delimiter = info.delimiter.clone();
    r.sheet = info.sheet.clone();
    r.sheets = info.sheets.clone();
}

/// The error of a file that lacks required columns, naming them with examples of their headers.
fn missing_columns_error(headers: &[String], kind: FileKind, missing: &[Field]) -> FileError {
    let what: Vec<&str> = missing
        .iter()
        .map(|f| match f {
            Field::User => "user id (e.g. user_id, 用户ID)",
            Field::Time => "time (e.g. timestamp, 时间)",
            Field::Event => "event (e.g. event, 行为类型)",
            Field::Amount => "amount (e.g. amount, 实付金额)",
            Field::Item => "product id (e.g. item_id, 商品ID)",
            Field::Session => "session id (e.g. session_id, 直播场次)",
            _ => "a required column",
        })
        .collect();
    let code = if missing.contains(&Field::User) {
        "missing_user_column"
    } else {
        "missing_column"
    };
    FileError {
        code: code.to_owned(),
        message: format!(
            "read as {} file, but it has no {} column (columns found: {}); map the column in the column mapping",
            kind.key(),
            what.join(", no "),
            header_list(headers)
        ),
    }
}

/// The headers for a message: at most 30, each cut to 60 characters (a header can be megabytes
/// long in a broken file).
pub(super) fn header_list(headers: &[String]) -> String {
    let mut parts: Vec<String> = headers
        .iter()
        .take(30)
        .map(|h| {
            let mut s: String = h.chars().take(60).collect();
            if h.chars().nth(60).is_some() {
                s.push('…');
            }
            s
        })
        .collect();
    if headers.len() > 30 {
        parts.push(format!("… {} more", headers.len() - 30));
    }
    parts.join(", ")
}

/// Headers that occur more than once, with their counts.
fn duplicate_headers(h: &[String]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for x in h {
        *counts.entry(x.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(h, n)| (h.to_owned(), n))
        .collect()
}

/// Each column with its field and up to three sample values.
fn column_infos(t: &Table, mapping: &[Option<Field>], kind: FileKind) -> Vec<ColumnInfo> {
    let mut samples: Vec<Vec<String>> = vec![Vec::new(); t.headers.len()];
    let mut seen = 0;
    t.for_each_row(|_, row| {
        if seen >= 3 {
            return;
        }
        seen += 1;
        for (i, s) in samples.iter_mut().enumerate() {
            if let Some(v) = row.get(i) {
                s.push(v.chars().take(40).collect());
            }
        }
    });
    t.headers
        .iter()
        .zip(mapping)
        .zip(samples)
        .map(|((h, f), samples)| ColumnInfo {
            header: h.clone(),
            field: match (f, kind) {
                (Some(f), _) => Some(f.key().to_owned()),
                (None, FileKind::Users) => Some("attribute".to_owned()),
                _ => None,
            },
            samples,
        })
        .collect()
}

//! Ingestion: the user's exports → a [`Dataset`] and a [`Validation`] report that accounts for
//! every row (`rows_read = rows_accepted + rows_rejected`, per file and overall).

// Every index into user data is checked here (`get`), never `[i]`.
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

pub mod fields;
mod nothing_accepted;
pub mod parse;
pub mod table;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

pub use fields::{Field, FileKind};
pub use nothing_accepted::{ensure_rows_accepted, NO_ROWS_ACCEPTED};
use parse::{parse_amount, parse_timestamp, AmountError, TsError};
use table::{Table, TableInfo};

use crate::model::{Dataset, EventKind, Interner, UserAttribute, NONE};

/// One file handed in by the user.
#[derive(Debug, Clone, Default)]
pub struct InputFile {
    pub name: String,
    pub bytes: Vec<u8>,
    /// What the user says the file is; `None` = detect from the columns.
    pub kind: Option<FileKind>,
    /// A spreadsheet's sheet; `None` = the first.
    pub sheet: Option<String>,
    /// Column mapping overrides: field → header (`None` = do not use any column for it).
    pub mapping: Vec<(Field, Option<String>)>,
}

impl InputFile {
    /// A file from text, of a known kind (`None` = detect it).
    pub fn from_text(name: &str, kind: Option<FileKind>, text: &str) -> InputFile {
        InputFile {
            name: name.to_owned(),
            bytes: text.as_bytes().to_vec(),
            kind,
            ..InputFile::default()
        }
    }
}

/// Settings of ingestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IngestOptions {
    /// Offset of naive timestamps from UTC, minutes.
    pub tz_offset_minutes: i32,
    /// Drop exact duplicate rows (each is listed as rejected, reason `duplicate_row`).
    pub drop_duplicates: bool,
    /// The user's mapping of unknown event names to canonical events.
    pub event_map: Vec<(String, EventKind)>,
    /// Examples kept per rejection reason.
    pub max_examples: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            tz_offset_minutes: 0,
            drop_duplicates: true,
            event_map: Vec::new(),
            max_examples: 5,
        }
    }
}

/// A rejected row, as shown to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RejectExample {
    pub line: u64,
    pub column: String,
    pub value: String,
}

/// Rejected rows of one reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReasonGroup {
    /// Stable key (`bad_time`, `missing_user`, …); the page translates it.
    pub reason: String,
    /// English description.
    pub message: String,
    pub count: u64,
    pub examples: Vec<RejectExample>,
}

/// A column of a file and what it was understood as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnInfo {
    pub header: String,
    /// The field key (`user`, `time`, …), `attribute` for a users-file attribute, or `None`.
    pub field: Option<String>,
    pub samples: Vec<String>,
}

/// A name and how often it occurred.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameCount {
    pub name: String,
    pub count: u64,
}

/// Everything understood about one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub name: String,
    pub kind: Option<FileKind>,
    /// Whether the kind was detected (true) or given by the user (false).
    pub kind_detected: bool,
    pub format: String,
    pub encoding: String,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub bytes: u64,
    pub columns: Vec<ColumnInfo>,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    /// Accepted `pay`/`refund` rows of an events file that an orders file also holds (counted
    /// once, from the orders file).
    pub merged_with_orders: u64,
    pub rejected_by_reason: Vec<ReasonGroup>,
    /// Event names that are not canonical and not mapped, with counts (events files).
    pub unknown_events: Vec<NameCount>,
    pub warnings: Vec<String>,
    /// A problem with the whole file (no rows were used): stable code and English message.
    pub error: Option<FileError>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileError {
    pub code: String,
    pub message: String,
}

/// The validation report over all files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Validation {
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    pub duplicates_dropped: u64,
    /// Rejected rows per reason key, all files together.
    pub rejected_by_reason: BTreeMap<String, u64>,
    pub files: Vec<FileReport>,
    pub tz_offset_minutes: i32,
}

impl Validation {
    /// Whether any file could not be used at all.
    pub fn file_errors(&self) -> impl Iterator<Item = (&str, &FileError)> {
        self.files
            .iter()
            .filter_map(|f| f.error.as_ref().map(|e| (f.name.as_str(), e)))
    }
}

/// The result of ingestion.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub dataset: Dataset,
    pub validation: Validation,
}

fn reason_message(code: &str) -> &'static str {
    match code {
        "wrong_field_count" => "the row has a different number of fields than the header",
        "not_an_object" => "the JSON element is not an object",
        "missing_user" => "empty user id",
        "missing_time" => "empty timestamp",
        "bad_time" => "unparsable timestamp",
        "time_out_of_range" => "timestamp outside 2000–2100",
        "missing_event" => "empty event name",
        "missing_amount" => "empty amount",
        "bad_amount" => "unparsable amount",
        "negative_amount" => "negative amount",
        "non_finite_amount" => "NaN or infinite amount",
        "missing_item" => "empty product id",
        "missing_session" => "empty session id",
        "bad_price" => "unparsable or negative price",
        "bad_spend" => "unparsable or negative ad spend",
        "unknown_status" => "unknown order status",
        "value_too_long" => "an id longer than 1,000 characters",
        "duplicate_row" => "exact duplicate of an earlier row",
        _ => "rejected",
    }
}

/// Per-file accumulator of accepted and rejected rows.
struct Acc {
    report: FileReport,
    groups: BTreeMap<&'static str, ReasonGroup>,
    max_examples: usize,
}

impl Acc {
    fn reject(&mut self, code: &'static str, line: u64, column: &str, value: &str) {
        self.report.rows_rejected += 1;
        let g = self.groups.entry(code).or_insert_with(|| ReasonGroup {
            reason: code.to_owned(),
            message: reason_message(code).to_owned(),
            count: 0,
            examples: Vec::new(),
        });
        g.count += 1;
        if g.examples.len() < self.max_examples {
            let mut v: String = value.chars().take(100).collect();
            if value.chars().nth(100).is_some() {
                v.push('…');
            }
            g.examples.push(RejectExample {
                line,
                column: column.to_owned(),
                value: v,
            });
        }
    }
}

const MAX_ID_LEN: usize = 1000;

/// Column positions of the mapped fields of one file.
struct Cols {
    /// Column of each field, indexed by `Field as usize` (a lookup per field and row: an array,
    /// not a hash map).
    pos: [Option<usize>; Field::ALL.len()],
    headers: Vec<String>,
}

impl Cols {
    fn new(mapping: &[Option<Field>], headers: Vec<String>) -> Cols {
        let mut pos = [None; Field::ALL.len()];
        for (i, f) in mapping.iter().enumerate() {
            if let Some(p) = f.and_then(|f| pos.get_mut(f as usize)) {
                *p = Some(i);
            }
        }
        Cols { pos, headers }
    }
    fn col(&self, f: Field) -> Option<usize> {
        self.pos.get(f as usize).copied().flatten()
    }
    fn has(&self, f: Field) -> bool {
        self.col(f).is_some()
    }
    fn get<'r>(&self, f: Field, row: &[&'r str]) -> Option<&'r str> {
        self.col(f).and_then(|i| row.get(i).copied())
    }
    fn header(&self, f: Field) -> &str {
        self.col(f)
            .and_then(|i| self.headers.get(i))
            .map(String::as_str)
            .unwrap_or(f.key())
    }
}

/// A file opened as a table of some kind (and whether the kind was detected), or the report of
/// why it could not be.
type Opened<'a> = Result<(Table<'a>, FileKind, bool), Box<FileReport>>;

/// Reads all files into one dataset. Never fails: a file that cannot be used carries an `error`
/// in its [`FileReport`], and its rows are not counted as read.
pub fn load(files: &[InputFile], opts: &IngestOptions) -> Loaded {
    let mut ds = Dataset {
        tz_offset_minutes: opts.tz_offset_minutes,
        ..Dataset::default()
    };
    let mut reports: Vec<FileReport> = Vec::new();
    // Side tables first, so that events can refer to them; then events, then orders.
    let rank = |k: Option<FileKind>| match k {
        Some(FileKind::Sessions) => 0,
        Some(FileKind::Items) => 1,
        Some(FileKind::Users) => 2,
        Some(FileKind::Events) => 3,
        _ => 4,
    };
    let mut opened: Vec<(usize, Opened)> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (i, open_file(f)))
        .collect();
    opened.sort_by_key(|(i, r)| match r {
        Ok((_, k, _)) => (rank(Some(*k)), *i),
        Err(_) => (5, *i),
    });
    // Room for every event at once: the columns would otherwise double past what they need
    // (on the medium demo, 2M slots for 1.06M events). An events line is at most one event, an
    // orders line at most two (pay and refund).
    let expected: usize = opened
        .iter()
        .map(|(i, r)| {
            let lines = || {
                files
                    .get(*i)
                    .map_or(0, |f| f.bytes.iter().filter(|&&b| b == b'\n').count() + 1)
            };
            match r {
                Ok((_, FileKind::Events, _)) => lines(),
                Ok((_, FileKind::Orders, _)) => 2 * lines(),
                _ => 0,
            }
        })
        .sum();
    reserve_events(&mut ds.events, expected);
    let mut event_ranges: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    let mut order_file_orders: FxHashSet<(u32, u32)> = FxHashSet::default();
    let mut name_kind: Vec<EventKind> = Vec::new();
    for (i, r) in opened {
        let Some(file) = files.get(i) else {
            continue;
        };
        let (table, kind, detected) = match r {
            Ok(x) => x,
            Err(rep) => {
                reports.push(*rep);
                continue;
            }
        };
        let mapping = fields::map_columns(&table.headers, kind, &file.mapping);
        let mut report = FileReport {
            name: file.name.clone(),
            kind: Some(kind),
            kind_detected: detected,
            bytes: file.bytes.len() as u64,
            ..FileReport::default()
        };
        fill_info(&mut report, &table.info);
        if table.info.encoding == table::MIXED {
            report.warnings.push(
                "the file mixes UTF-8 and GB18030/GBK lines; each line was read in its own encoding (check names with Chinese characters)"
                    .to_owned(),
            );
        }
        report.columns = column_infos(&table, &mapping, kind);
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
            reports.push(report);
            continue;
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
        let cols = Cols::new(&mapping, table.headers.clone());
        let mut acc = Acc {
            report,
            groups: BTreeMap::new(),
            max_examples: opts.max_examples,
        };
        let start = ds.events.len();
        match kind {
            FileKind::Events => read_events(&table, &cols, opts, &mut ds, &mut acc, &mut name_kind),
            FileKind::Orders => read_orders(
                &table,
                &cols,
                opts,
                &mut ds,
                &mut acc,
                &mut order_file_orders,
            ),
            FileKind::Items => read_items(&table, &cols, opts, &mut ds, &mut acc),
            FileKind::Users => read_users(&table, &mapping, opts, &mut ds, &mut acc),
            FileKind::Sessions => read_sessions(&table, &cols, opts, &mut ds, &mut acc),
        }
        if kind == FileKind::Events {
            event_ranges.push((reports.len(), start..ds.events.len()));
        }
        if acc.report.rows_read == 0 {
            acc.report.error = Some(FileError {
                code: "no_rows".to_owned(),
                message: "has a header row but no data rows".to_owned(),
            });
        }
        acc.report.rejected_by_reason = acc.groups.into_values().collect();
        acc.report
            .rejected_by_reason
            .sort_by(|a, b| b.count.cmp(&a.count).then(a.reason.cmp(&b.reason)));
        reports.push(acc.report);
    }
    if !order_file_orders.is_empty() {
        merge_with_orders(&mut ds, &event_ranges, &order_file_orders, &mut reports);
    }
    ds.finish();
    shrink_events(&mut ds.events);
    assign_sessions_by_time(&mut ds);
    // Names that stayed unknown, shown with the (first) events file so the user can map them.
    if let Some((ri, _)) = event_ranges.first() {
        if let Some(rep) = reports.get_mut(*ri) {
            rep.unknown_events = unknown_names(&ds);
        }
    }
    let mut v = Validation {
        tz_offset_minutes: opts.tz_offset_minutes,
        ..Validation::default()
    };
    for r in &reports {
        v.rows_read += r.rows_read;
        v.rows_accepted += r.rows_accepted;
        v.rows_rejected += r.rows_rejected;
        for g in &r.rejected_by_reason {
            *v.rejected_by_reason.entry(g.reason.clone()).or_default() += g.count;
            if g.reason == "duplicate_row" {
                v.duplicates_dropped += g.count;
            }
        }
    }
    // Present files in the order the user gave them.
    let order: FxHashMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();
    reports.sort_by_key(|r| order.get(r.name.as_str()).copied().unwrap_or(usize::MAX));
    v.files = reports;
    Loaded {
        dataset: ds,
        validation: v,
    }
}

fn reserve_events(e: &mut crate::model::Events, n: usize) {
    e.user.reserve(n);
    e.ts.reserve(n);
    e.kind.reserve(n);
    e.name.reserve(n);
    e.session.reserve(n);
    e.item.reserve(n);
    e.order.reserve(n);
    e.amount.reserve(n);
}

/// Gives back what [`reserve_events`] reserved beyond the events read (rejected rows).
fn shrink_events(e: &mut crate::model::Events) {
    if e.ts.capacity() > e.ts.len() + e.ts.len() / 8 + 1024 {
        e.user.shrink_to_fit();
        e.ts.shrink_to_fit();
        e.kind.shrink_to_fit();
        e.name.shrink_to_fit();
        e.session.shrink_to_fit();
        e.item.shrink_to_fit();
        e.order.shrink_to_fit();
        e.amount.shrink_to_fit();
    }
}

/// Unknown (unmapped) event names with counts, most frequent first.
pub fn unknown_names(ds: &Dataset) -> Vec<NameCount> {
    let mut counts: Vec<u64> = vec![0; ds.event_names.len()];
    for (k, &n) in ds.events.kind.iter().zip(&ds.events.name) {
        if *k == EventKind::Unknown {
            if let Some(c) = counts.get_mut(n as usize) {
                *c += 1;
            }
        }
    }
    let mut out: Vec<NameCount> = counts
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(i, &c)| NameCount {
            name: ds.event_names.name(i as u32).to_owned(),
            count: c,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    out
}

/// Re-labels events after the user maps unknown names (no re-reading of files).
pub fn remap_events(ds: &mut Dataset, event_map: &[(String, EventKind)]) {
    let kinds: Vec<EventKind> = ds
        .event_names
        .names()
        .iter()
        .map(|n| kind_of_name(n, event_map))
        .collect();
    for (k, &n) in ds.events.kind.iter_mut().zip(&ds.events.name) {
        if let Some(&nk) = kinds.get(n as usize) {
            *k = nk;
        }
    }
}

fn kind_of_name(name: &str, event_map: &[(String, EventKind)]) -> EventKind {
    if let Some((_, k)) = event_map
        .iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name.trim()))
    {
        return *k;
    }
    EventKind::from_synonym(name).unwrap_or(EventKind::Unknown)
}

fn fill_info(r: &mut FileReport, info: &TableInfo) {
    r.format = info.format.clone();
    r.encoding = info.encoding.clone();
    r.delimiter = info.delimiter.clone();
    r.sheet = info.sheet.clone();
    r.sheets = info.sheets.clone();
}

fn open_file(f: &InputFile) -> Opened<'_> {
    let fail = |code: &str, message: String, info: Option<&TableInfo>, headers: &[String]| {
        let mut r = FileReport {
            name: f.name.clone(),
            kind: f.kind,
            bytes: f.bytes.len() as u64,
            error: Some(FileError {
                code: code.to_owned(),
                message,
            }),
            ..FileReport::default()
        };
        if let Some(i) = info {
            fill_info(&mut r, i);
        }
        r.columns = headers
            .iter()
            .map(|h| ColumnInfo {
                header: h.clone(),
                field: None,
                samples: Vec::new(),
            })
            .collect();
        r
    };
    let table = match Table::open(&f.name, &f.bytes, f.sheet.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            let msg = match &e {
                crate::Error::Input { message, .. } => message.clone(),
                other => other.to_string(),
            };
            return Err(Box::new(fail(e.code(), msg, None, &[])));
        }
    };
    let detected = fields::detect_kind(&table.headers, &f.name);
    let by_columns = fields::detect_kind_by_columns(&table.headers);
    match (f.kind, by_columns) {
        (Some(k), Some(d)) if k != d && !satisfies(&table.headers, k, &f.mapping) => {
            let msg = format!(
                "looks like {} export, not {} file (columns: {}); load it as {}",
                article(d),
                k.key(),
                header_list(&table.headers),
                d.key()
            );
            Err(Box::new(fail(
                "wrong_kind",
                msg,
                Some(&table.info),
                &table.headers,
            )))
        }
        (Some(k), _) => Ok((table, k, false)),
        (None, _) => match detected {
            Some(d) => Ok((table, d, true)),
            None => {
                let msg = format!(
                    "is not recognised as events, orders, products, users or sessions (columns: {}); choose its kind and map its columns",
                    header_list(&table.headers)
                );
                Err(Box::new(fail(
                    "unknown_kind",
                    msg,
                    Some(&table.info),
                    &table.headers,
                )))
            }
        },
    }
}

fn article(k: FileKind) -> &'static str {
    match k {
        FileKind::Events => "an events",
        FileKind::Orders => "an orders",
        FileKind::Items => "a products (catalogue)",
        FileKind::Users => "a users",
        FileKind::Sessions => "a sessions",
    }
}

fn satisfies(headers: &[String], k: FileKind, mapping: &[(Field, Option<String>)]) -> bool {
    let m = fields::map_columns(headers, k, mapping);
    k.required().iter().all(|f| m.contains(&Some(*f)))
}

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
fn header_list(headers: &[String]) -> String {
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

/// Common row checks: field count, exact duplicates. Returns false if the row was rejected.
fn check_row(
    acc: &mut Acc,
    seen: &mut FxHashSet<u64>,
    opts: &IngestOptions,
    headers: usize,
    json: bool,
    line: u64,
    row: &[&str],
) -> bool {
    acc.report.rows_read += 1;
    if row.len() != headers {
        if json && row.len() == 1 {
            acc.reject(
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
            acc.reject("wrong_field_count", line, "", &v);
        }
        return false;
    }
    if opts.drop_duplicates && !seen.insert(row_key(row)) {
        acc.reject("duplicate_row", line, "", &row.join(","));
        return false;
    }
    true
}

/// Rejects an over-long id; `col` names the column (only computed for a rejection).
/// The 64-bit key of a row for finding exact duplicates, the same on every target. (`FxHasher`
/// hashes to a `usize`: 32 bits in wasm, where 1M distinct rows then share keys by chance —
/// the bench found 129 rows of the medium demo wrongly dropped as duplicates in the browser.)
/// SipHash with fixed keys: distinct rows share a key with odds of about n²/2⁶⁵.
pub fn row_key(row: &[&str]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    row.hash(&mut h);
    h.finish()
}

fn id_ok<'c>(acc: &mut Acc, line: u64, col: impl FnOnce() -> &'c str, v: &str) -> bool {
    if v.len() > MAX_ID_LEN {
        acc.reject("value_too_long", line, col(), v);
        return false;
    }
    true
}

/// A required id cell, trimmed: rejects the row (`empty_code`, or `value_too_long`) and gives
/// `None` when it is empty or too long.
fn required<'r, 'c>(
    acc: &mut Acc,
    line: u64,
    header: impl Fn() -> &'c str,
    value: Option<&'r str>,
    empty_code: &'static str,
) -> Option<&'r str> {
    let v = value.unwrap_or("").trim();
    if v.is_empty() {
        acc.reject(empty_code, line, header(), v);
        return None;
    }
    id_ok(acc, line, header, v).then_some(v)
}

fn intern_opt(i: &mut Interner, v: Option<&str>) -> u32 {
    match v.map(str::trim) {
        Some(s) if !s.is_empty() => i.intern(s),
        _ => NONE,
    }
}

fn time_of(
    acc: &mut Acc,
    cols: &Cols,
    f: Field,
    line: u64,
    row: &[&str],
    opts: &IngestOptions,
) -> Option<i64> {
    let v = cols.get(f, row).unwrap_or("");
    match parse_timestamp(v, opts.tz_offset_minutes) {
        Ok(t) => Some(t),
        Err(e) => {
            let code = match e {
                TsError::Empty => "missing_time",
                TsError::Unparsable => "bad_time",
                TsError::OutOfRange => "time_out_of_range",
            };
            acc.reject(code, line, cols.header(f), v);
            None
        }
    }
}

/// `Ok(None)` for an empty or absent amount; `Err(())` when rejected.
fn amount_of(
    acc: &mut Acc,
    cols: &Cols,
    f: Field,
    line: u64,
    row: &[&str],
) -> Result<Option<f64>, ()> {
    let v = cols.get(f, row).unwrap_or("");
    parse_amount(v).map_err(|e| {
        let code = match e {
            AmountError::Unparsable => "bad_amount",
            AmountError::Negative => "negative_amount",
            AmountError::NotFinite => "non_finite_amount",
        };
        acc.reject(code, line, cols.header(f), v);
    })
}

fn read_events(
    t: &Table,
    cols: &Cols,
    opts: &IngestOptions,
    ds: &mut Dataset,
    acc: &mut Acc,
    name_kind: &mut Vec<EventKind>,
) {
    let mut seen = FxHashSet::default();
    seen.reserve(t.approx_rows());
    let json = t.info.format.contains("json");
    let n = t.headers.len();
    t.for_each_row(|line, row| {
        if !check_row(acc, &mut seen, opts, n, json, line, row) {
            return;
        }
        let Some(user) = required(
            acc,
            line,
            || cols.header(Field::User),
            cols.get(Field::User, row),
            "missing_user",
        ) else {
            return;
        };
        let Some(name) = required(
            acc,
            line,
            || cols.header(Field::Event),
            cols.get(Field::Event, row),
            "missing_event",
        ) else {
            return;
        };
        let Some(ts) = time_of(acc, cols, Field::Time, line, row, opts) else {
            return;
        };
        let Ok(amount) = amount_of(acc, cols, Field::Amount, line, row) else {
            return;
        };
        for f in [Field::Session, Field::Item, Field::Order] {
            if let Some(v) = cols.get(f, row) {
                if !id_ok(acc, line, || cols.header(f), v) {
                    return;
                }
            }
        }
        let name_id = ds.event_names.intern(name);
        if name_id as usize >= name_kind.len() {
            name_kind.push(kind_of_name(name, &opts.event_map));
        }
        let kind = name_kind
            .get(name_id as usize)
            .copied()
            .unwrap_or(EventKind::Unknown);
        let user = ds.users.intern(user);
        let session = intern_opt(&mut ds.sessions, cols.get(Field::Session, row));
        let item = intern_opt(&mut ds.items, cols.get(Field::Item, row));
        let order = intern_opt(&mut ds.orders, cols.get(Field::Order, row));
        ds.events.push(
            user,
            ts,
            kind,
            name_id,
            session,
            item,
            order,
            amount.unwrap_or(0.0),
        );
        acc.report.rows_accepted += 1;
    });
    let missing_amount = ds
        .events
        .kind
        .iter()
        .zip(&ds.events.amount)
        .filter(|(k, a)| **k == EventKind::Pay && **a == 0.0)
        .count();
    if missing_amount > 0 && cols.has(Field::Amount) {
        acc.report.warnings.push(format!(
            "{missing_amount} pay rows have no amount; they count as buyers and orders but add 0 to GMV"
        ));
    } else if !cols.has(Field::Amount) && ds.has_kind(EventKind::Pay) {
        acc.report.warnings.push(
            "there is no amount column: GMV needs an orders file or an amount column".to_owned(),
        );
    }
}

enum Status {
    Paid,
    Refunded,
    Unpaid,
}

fn order_status(s: &str) -> Option<Status> {
    let t = s.trim().to_lowercase();
    if t.is_empty() {
        return Some(Status::Paid);
    }
    if t.contains("refund") || t.contains("退款") || t.contains("退货") {
        return Some(Status::Refunded);
    }
    const PAID: &[&str] = &[
        "paid",
        "pay",
        "success",
        "successful",
        "succeeded",
        "completed",
        "complete",
        "done",
        "finished",
        "settled",
        "delivered",
        "shipped",
        "已支付",
        "已付款",
        "支付成功",
        "交易成功",
        "已完成",
        "完成",
        "已发货",
        "已签收",
        "待发货",
        "已收货",
        "成功",
        "待收货",
    ];
    const UNPAID: &[&str] = &[
        "unpaid",
        "pending",
        "cancelled",
        "canceled",
        "closed",
        "failed",
        "created",
        "未支付",
        "待支付",
        "待付款",
        "已取消",
        "交易关闭",
        "已关闭",
        "支付失败",
        "取消",
    ];
    if PAID.contains(&t.as_str()) {
        Some(Status::Paid)
    } else if UNPAID.contains(&t.as_str()) {
        Some(Status::Unpaid)
    } else {
        None
    }
}

fn read_orders(
    t: &Table,
    cols: &Cols,
    opts: &IngestOptions,
    ds: &mut Dataset,
    acc: &mut Acc,
    order_ids: &mut FxHashSet<(u32, u32)>,
) {
    let mut seen = FxHashSet::default();
    seen.reserve(t.approx_rows());
    let json = t.info.format.contains("json");
    let n = t.headers.len();
    let pay = ds.event_names.intern("pay");
    let refund = ds.event_names.intern("refund");
    let order_name = ds.event_names.intern("order");
    t.for_each_row(|line, row| {
        if !check_row(acc, &mut seen, opts, n, json, line, row) {
            return;
        }
        let Some(user) = required(
            acc,
            line,
            || cols.header(Field::User),
            cols.get(Field::User, row),
            "missing_user",
        ) else {
            return;
        };
        let Some(ts) = time_of(acc, cols, Field::Time, line, row, opts) else {
            return;
        };
        let amount = match amount_of(acc, cols, Field::Amount, line, row) {
            Ok(Some(a)) => a,
            Ok(None) => {
                acc.reject("missing_amount", line, cols.header(Field::Amount), "");
                return;
            }
            Err(()) => return,
        };
        let status_text = cols.get(Field::Status, row).unwrap_or("");
        let Some(status) = order_status(status_text) else {
            acc.reject(
                "unknown_status",
                line,
                cols.header(Field::Status),
                status_text,
            );
            return;
        };
        let mut refund_at = None;
        let mut refund_amount = amount;
        if matches!(status, Status::Refunded) {
            if cols
                .get(Field::RefundTime, row)
                .is_some_and(|v| !v.trim().is_empty())
            {
                let Some(rt) = time_of(acc, cols, Field::RefundTime, line, row, opts) else {
                    return;
                };
                refund_at = Some(rt);
            }
            match amount_of(acc, cols, Field::RefundAmount, line, row) {
                Ok(Some(a)) => refund_amount = a,
                Ok(None) => {}
                Err(()) => return,
            }
        }
        for f in [Field::Session, Field::Item, Field::Order] {
            if let Some(v) = cols.get(f, row) {
                if !id_ok(acc, line, || cols.header(f), v) {
                    return;
                }
            }
        }
        let user = ds.users.intern(user);
        let session = intern_opt(&mut ds.sessions, cols.get(Field::Session, row));
        // A product name stands for the product when there is no product id.
        let item_text = cols
            .get(Field::Item, row)
            .or_else(|| cols.get(Field::Title, row));
        let item = intern_opt(&mut ds.items, item_text);
        if item != NONE && cols.get(Field::Item, row).is_none() {
            if let Some(title) = cols.get(Field::Title, row) {
                let idx = item as usize;
                if ds.item_info.len() <= idx {
                    ds.item_info.resize(idx + 1, Default::default());
                }
                if let Some(info) = ds.item_info.get_mut(idx) {
                    info.title = title.trim().to_owned();
                }
            }
        }
        let order = intern_opt(&mut ds.orders, cols.get(Field::Order, row));
        match status {
            Status::Unpaid => {
                ds.events.push(
                    user,
                    ts,
                    EventKind::Order,
                    order_name,
                    session,
                    item,
                    order,
                    amount,
                );
            }
            Status::Paid | Status::Refunded => {
                if order != NONE {
                    order_ids.insert((order, user));
                }
                ds.events
                    .push(user, ts, EventKind::Pay, pay, session, item, order, amount);
                if matches!(status, Status::Refunded) {
                    ds.events.push(
                        user,
                        refund_at.unwrap_or(ts),
                        EventKind::Refund,
                        refund,
                        session,
                        item,
                        order,
                        refund_amount,
                    );
                }
            }
        }
        acc.report.rows_accepted += 1;
    });
}

fn read_items(t: &Table, cols: &Cols, opts: &IngestOptions, ds: &mut Dataset, acc: &mut Acc) {
    let mut seen = FxHashSet::default();
    seen.reserve(t.approx_rows());
    let json = t.info.format.contains("json");
    let n = t.headers.len();
    t.for_each_row(|line, row| {
        if !check_row(acc, &mut seen, opts, n, json, line, row) {
            return;
        }
        let Some(id) = required(
            acc,
            line,
            || cols.header(Field::Item),
            cols.get(Field::Item, row),
            "missing_item",
        ) else {
            return;
        };
        let price = match cols.get(Field::Price, row).map(parse_amount) {
            None | Some(Ok(None)) => None,
            Some(Ok(Some(p))) => Some(p),
            Some(Err(_)) => {
                let v = cols.get(Field::Price, row).unwrap_or("");
                acc.reject("bad_price", line, cols.header(Field::Price), v);
                return;
            }
        };
        let item = ds.items.intern(id) as usize;
        if ds.item_info.len() <= item {
            ds.item_info.resize(item + 1, Default::default());
        }
        let Some(info) = ds.item_info.get_mut(item) else {
            return;
        };
        info.title = cols.get(Field::Title, row).unwrap_or("").trim().to_owned();
        info.category = cols
            .get(Field::Category, row)
            .unwrap_or("")
            .trim()
            .to_owned();
        info.tags = cols
            .get(Field::Tags, row)
            .unwrap_or("")
            .split(['|', ',', ';', '、', '，', '；', '#'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        info.price = price;
        acc.report.rows_accepted += 1;
    });
}

/// Attribute columns with more distinct values than this are ignored (names, phone numbers…).
const MAX_ATTRIBUTE_VALUES: usize = 200;

fn read_users(
    t: &Table,
    mapping: &[Option<Field>],
    opts: &IngestOptions,
    ds: &mut Dataset,
    acc: &mut Acc,
) {
    let Some(user_col) = mapping.iter().position(|f| *f == Some(Field::User)) else {
        return;
    };
    let attr_cols: Vec<usize> = (0..t.headers.len())
        .filter(|&i| i != user_col && mapping.get(i).copied().flatten().is_none())
        .collect();
    let mut attrs: Vec<UserAttribute> = attr_cols
        .iter()
        .map(|&i| UserAttribute {
            name: t.headers.get(i).cloned().unwrap_or_default(),
            ..UserAttribute::default()
        })
        .collect();
    let mut seen = FxHashSet::default();
    seen.reserve(t.approx_rows());
    let json = t.info.format.contains("json");
    let n = t.headers.len();
    let user_header = t.headers.get(user_col).map_or("user", String::as_str);
    t.for_each_row(|line, row| {
        if !check_row(acc, &mut seen, opts, n, json, line, row) {
            return;
        }
        let Some(id) = required(
            acc,
            line,
            || user_header,
            row.get(user_col).copied(),
            "missing_user",
        ) else {
            return;
        };
        let u = ds.users.intern(id) as usize;
        for (a, &c) in attrs.iter_mut().zip(&attr_cols) {
            let v = row.get(c).copied().unwrap_or("").trim();
            if a.of_user.len() <= u {
                a.of_user.resize(u + 1, NONE);
            }
            if !v.is_empty() && a.values.len() <= MAX_ATTRIBUTE_VALUES {
                let id = a.values.intern(v);
                if let Some(slot) = a.of_user.get_mut(u) {
                    *slot = id;
                }
            }
        }
        acc.report.rows_accepted += 1;
    });
    for a in attrs {
        if a.values.len() > MAX_ATTRIBUTE_VALUES {
            acc.report.warnings.push(format!(
                "column \"{}\" has more than {MAX_ATTRIBUTE_VALUES} distinct values and is not used as an attribute",
                a.name
            ));
        } else if !a.values.is_empty() {
            // Several users files: merge attributes of the same name.
            match ds.user_attributes.iter_mut().find(|x| x.name == a.name) {
                Some(existing) => {
                    for (u, &v) in a.of_user.iter().enumerate() {
                        if v != NONE {
                            let id = existing.values.intern(a.values.name(v));
                            if existing.of_user.len() <= u {
                                existing.of_user.resize(u + 1, NONE);
                            }
                            if let Some(slot) = existing.of_user.get_mut(u) {
                                *slot = id;
                            }
                        }
                    }
                }
                None => ds.user_attributes.push(a),
            }
        }
    }
}

fn read_sessions(t: &Table, cols: &Cols, opts: &IngestOptions, ds: &mut Dataset, acc: &mut Acc) {
    let mut seen = FxHashSet::default();
    seen.reserve(t.approx_rows());
    let json = t.info.format.contains("json");
    let n = t.headers.len();
    t.for_each_row(|line, row| {
        if !check_row(acc, &mut seen, opts, n, json, line, row) {
            return;
        }
        let Some(id) = required(
            acc,
            line,
            || cols.header(Field::Session),
            cols.get(Field::Session, row),
            "missing_session",
        ) else {
            return;
        };
        let mut times = [None, None];
        for (slot, f) in times.iter_mut().zip([Field::Start, Field::End]) {
            if cols.get(f, row).is_some_and(|v| !v.trim().is_empty()) {
                match time_of(acc, cols, f, line, row, opts) {
                    Some(t) => *slot = Some(t),
                    None => return,
                }
            }
        }
        let spend = match cols.get(Field::AdSpend, row).map(parse_amount) {
            None | Some(Ok(None)) => None,
            Some(Ok(Some(p))) => Some(p),
            Some(Err(_)) => {
                let v = cols.get(Field::AdSpend, row).unwrap_or("");
                acc.reject("bad_spend", line, cols.header(Field::AdSpend), v);
                return;
            }
        };
        let s = ds.sessions.intern(id) as usize;
        let host = intern_opt(&mut ds.hosts, cols.get(Field::Host, row));
        if ds.session_info.len() <= s {
            ds.session_info.resize(
                s + 1,
                crate::model::SessionInfo {
                    host: NONE,
                    ..Default::default()
                },
            );
        }
        let Some(info) = ds.session_info.get_mut(s) else {
            return;
        };
        info.title = cols.get(Field::Title, row).unwrap_or("").trim().to_owned();
        info.host = host;
        let [start, end] = times;
        info.start = start;
        info.end = end;
        info.ad_spend = spend;
        acc.report.rows_accepted += 1;
    });
}

/// When an orders file is loaded, `pay` and `refund` rows of events files with an (order id,
/// user) pair that the orders file holds are the same payments: they are kept once, from the
/// orders file. The same order id with another user is a different payment (the two files use
/// different id spaces) and is kept.
fn merge_with_orders(
    ds: &mut Dataset,
    event_ranges: &[(usize, std::ops::Range<usize>)],
    orders: &FxHashSet<(u32, u32)>,
    reports: &mut [FileReport],
) {
    let ev = &ds.events;
    let mut drop = vec![false; ev.len()];
    let mut any = false;
    for (ri, range) in event_ranges {
        let mut merged = 0;
        for i in range.clone() {
            let (Some(kind), Some(&order), Some(&user)) =
                (ev.kind.get(i), ev.order.get(i), ev.user.get(i))
            else {
                continue;
            };
            if matches!(kind, EventKind::Pay | EventKind::Refund)
                && order != NONE
                && orders.contains(&(order, user))
            {
                if let Some(d) = drop.get_mut(i) {
                    *d = true;
                }
                merged += 1;
                any = true;
            }
        }
        if let Some(r) = reports.get_mut(*ri) {
            r.merged_with_orders = merged;
        }
    }
    if !any {
        return;
    }
    fn retain_by<T>(v: &mut Vec<T>, drop: &[bool]) {
        let mut i = 0;
        v.retain(|_| {
            let k = !drop.get(i).copied().unwrap_or(false);
            i += 1;
            k
        });
    }
    let e = &mut ds.events;
    retain_by(&mut e.user, &drop);
    retain_by(&mut e.ts, &drop);
    retain_by(&mut e.kind, &drop);
    retain_by(&mut e.name, &drop);
    retain_by(&mut e.session, &drop);
    retain_by(&mut e.item, &drop);
    retain_by(&mut e.order, &drop);
    retain_by(&mut e.amount, &drop);
}

/// Events without a session id are placed in the session whose start–end window (sessions
/// table) contains them; the latest-starting such session wins.
fn assign_sessions_by_time(ds: &mut Dataset) {
    let mut windows: Vec<(i64, i64, u32)> = ds
        .session_info
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((s.start?, s.end?, i as u32)))
        .filter(|(s, e, _)| e >= s)
        .collect();
    if windows.is_empty() || !ds.events.session.contains(&NONE) {
        return;
    }
    windows.sort_unstable();
    for (s, &t) in ds.events.session.iter_mut().zip(&ds.events.ts) {
        if *s != NONE {
            continue;
        }
        let p = windows.partition_point(|w| w.0 <= t);
        for w in windows.get(..p).unwrap_or_default().iter().rev() {
            if t <= w.1 {
                *s = w.2;
                break;
            }
        }
    }
}

/// The user's choices for one file, as the page sends them (JSON).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileSettings {
    pub name: String,
    pub kind: Option<FileKind>,
    pub sheet: Option<String>,
    /// Field key → header (`null` = no column for that field).
    pub mapping: BTreeMap<String, Option<String>>,
}

/// Ingestion settings plus per-file choices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub options: IngestOptions,
    pub files: Vec<FileSettings>,
}

impl Settings {
    /// Applies the per-file choices to the files of the same name. Unknown field keys are an
    /// error, so that a typo does not silently do nothing.
    pub fn apply(&self, files: &mut [InputFile]) -> crate::Result<()> {
        for fs in &self.files {
            let Some(f) = files.iter_mut().find(|f| f.name == fs.name) else {
                continue;
            };
            f.kind = fs.kind;
            f.sheet = fs.sheet.clone();
            f.mapping = fs
                .mapping
                .iter()
                .map(|(k, v)| {
                    Field::from_key(k)
                        .map(|field| (field, v.clone()))
                        .ok_or_else(|| crate::Error::Params(format!("unknown field \"{k}\"")))
                })
                .collect::<crate::Result<_>>()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod remap_tests {
    use super::*;

    #[test]
    fn remapping_unknown_names_relabels_events() {
        let text = "user,event,time\nu1,抽奖,2026-01-01 10:00:00\nu1,enter,2026-01-01 10:00:00\n";
        let mut l = load(
            &[InputFile {
                name: "e.csv".into(),
                bytes: text.as_bytes().to_vec(),
                ..InputFile::default()
            }],
            &IngestOptions::default(),
        );
        assert_eq!(unknown_names(&l.dataset).len(), 1);
        let map: Vec<(String, EventKind)> =
            serde_json::from_str("[[\"抽奖\",\"follow\"]]").unwrap();
        remap_events(&mut l.dataset, &map);
        assert!(unknown_names(&l.dataset).is_empty());
        assert!(l.dataset.has_kind(EventKind::Follow));
    }
}

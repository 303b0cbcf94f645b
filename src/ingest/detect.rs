//! Detection: each file's bytes opened as a table (encoding and format are detected by
//! [`super::table`]) and the kind of export it is — given by the user, or recognised from its
//! columns and, failing that, its name.

use super::columns::{fill_info, header_list};
use super::fields::{self, field_of_header, Field, FileKind};
use super::input::InputFile;
use super::table::{Table, TableInfo};
use super::validation::{ColumnInfo, FileError, FileReport};

/// A file opened as a table, with its kind and whether that kind was detected (`true`) or
/// given by the user (`false`).
pub(super) struct OpenedTable<'a> {
    pub(super) table: Table<'a>,
    pub(super) kind: FileKind,
    pub(super) detected: bool,
    /// The platform layout recognised from the headers, with its score.
    pub(super) layout: Option<(&'static super::layouts::Layout, f64)>,
}

/// A file opened as a table of some kind, or the report of why it could not be.
pub(super) type Opened<'a> = Result<OpenedTable<'a>, Box<FileReport>>;

/// Where a file comes in reading order: side tables first (sessions, products, users), so
/// that events can refer to them; then events, then orders; files that cannot be opened last.
/// Told from the file's first lines (all of a small file, a JSON file or a spreadsheet).
pub fn reading_rank(f: &InputFile) -> u8 {
    const HEAD: usize = 256 * 1024;
    let b = &f.bytes;
    let whole = b.len() <= super::ingestor::WHOLE_HEAD
        || b.starts_with(super::table::ZIP_MAGIC)
        || b.starts_with(super::table::OLE_MAGIC)
        || b.starts_with(super::table::SHEET_ROWS_MAGIC)
        || b.iter()
            .find(|c| !c.is_ascii_whitespace())
            .is_some_and(|c| matches!(c, b'[' | b'{'))
        || b.get(..2)
            .is_some_and(|p| p == [0xFF, 0xFE] || p == [0xFE, 0xFF]);
    let probe;
    let file = if whole {
        f
    } else {
        let cut = b
            .get(..HEAD)
            .and_then(|h| h.iter().rposition(|&c| c == b'\n'))
            .map_or(b.len(), |p| p + 1);
        probe = InputFile {
            name: f.name.clone(),
            bytes: b.get(..cut).unwrap_or_default().to_vec(),
            kind: f.kind,
            sheet: f.sheet.clone(),
            mapping: f.mapping.clone(),
        };
        &probe
    };
    match open_file(file) {
        Ok(o) => match o.kind {
            FileKind::Sessions => 0,
            FileKind::Items => 1,
            FileKind::Users => 2,
            FileKind::Events => 3,
            FileKind::Orders => 4,
        },
        Err(_) => 5,
    }
}

/// Opens one file as a table and settles its kind: the user's kind (refused as `wrong_kind` when
/// the columns say it is another kind of export and lack what the user's kind needs), else the
/// kind detected from the columns or the name (`unknown_kind` when neither tells).
pub(super) fn open_file(f: &InputFile) -> Opened<'_> {
    let fail = |code: &str, message: String, info: Option<&TableInfo>, headers: &[String]| {
        let mut r = FileReport {
            name: f.name.clone(),
            kind: f.kind,
            bytes: super::table::file_size(&f.bytes),
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
    // A platform's own export (orders, a session summary, a capture stream), recognised by its
    // headers, is read by its layout (unless the user chose another kind or mapped columns by
    // hand).
    if f.mapping.is_empty() {
        if let Some(l) = super::layouts::recognise(&table.headers) {
            let kind = l.0.kind.file_kind();
            if f.kind.is_none_or(|k| k == kind) {
                return Ok(OpenedTable {
                    table,
                    kind,
                    detected: f.kind.is_none(),
                    layout: Some(l),
                });
            }
        }
    }
    let detected = detect_kind(&table.headers, &f.name);
    let by_columns = detect_kind_by_columns(&table.headers);
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
        (Some(k), _) => Ok(OpenedTable {
            table,
            kind: k,
            detected: false,
            layout: None,
        }),
        (None, _) => match detected {
            Some(d) => Ok(OpenedTable {
                table,
                kind: d,
                detected: true,
                layout: None,
            }),
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

/// The kind of export with its article, for messages.
fn article(k: FileKind) -> &'static str {
    match k {
        FileKind::Events => "an events",
        FileKind::Orders => "an orders",
        FileKind::Items => "a products (catalogue)",
        FileKind::Users => "a users",
        FileKind::Sessions => "a sessions",
    }
}

/// Whether the headers, with the user's mapping, have every column a `k` file needs.
fn satisfies(headers: &[String], k: FileKind, mapping: &[(Field, Option<String>)]) -> bool {
    let m = fields::map_columns(headers, k, mapping);
    k.required().iter().all(|f| m.contains(&Some(*f)))
}

/// Guesses what kind of export a table is from its headers (and, when they do not tell, its
/// file name).
pub fn detect_kind(headers: &[String], file_name: &str) -> Option<FileKind> {
    detect_kind_by_columns(headers).or_else(|| kind_from_name(file_name))
}

/// What the headers alone say about the kind of export.
pub fn detect_kind_by_columns(headers: &[String]) -> Option<FileKind> {
    let fields: Vec<Field> = headers.iter().filter_map(|h| field_of_header(h)).collect();
    let has = |f: Field| fields.contains(&f);
    if has(Field::User) && has(Field::Time) && has(Field::Event) {
        return Some(FileKind::Events);
    }
    // A danmaku export: who said what when, every row a comment.
    if has(Field::User) && has(Field::Time) && has(Field::Text) && !has(Field::Amount) {
        return Some(FileKind::Events);
    }
    if has(Field::User) && has(Field::Time) && (has(Field::Amount) || has(Field::Price)) {
        return Some(FileKind::Orders);
    }
    if !has(Field::User)
        && has(Field::Session)
        && (has(Field::Host) || has(Field::Start) || has(Field::AdSpend) || has(Field::End))
    {
        return Some(FileKind::Sessions);
    }
    if !has(Field::User)
        && (has(Field::Item) || has(Field::Title))
        && (has(Field::Price)
            || has(Field::ListPrice)
            || has(Field::Category)
            || has(Field::Tags)
            || has(Field::Title))
    {
        return Some(FileKind::Items);
    }
    if has(Field::User) && !has(Field::Time) && !has(Field::Event) {
        return Some(FileKind::Users);
    }
    None
}

/// The kind a file name suggests (`sessions.csv`, `订单.xlsx`, …).
fn kind_from_name(file_name: &str) -> Option<FileKind> {
    let name = file_name.to_lowercase();
    let named = |words: &[&str]| words.iter().any(|w| name.contains(w));
    if named(&["session", "场次", "直播"]) {
        return Some(FileKind::Sessions);
    }
    if named(&["item", "product", "catalog", "商品", "课程"]) {
        return Some(FileKind::Items);
    }
    if named(&["order", "订单"]) {
        return Some(FileKind::Orders);
    }
    if named(&["user", "用户", "粉丝"]) {
        return Some(FileKind::Users);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn kinds_detected_from_headers() {
        let k = |h: &[&str]| detect_kind(&hs(h), "x.csv");
        assert_eq!(
            k(&["user_id", "event", "timestamp"]),
            Some(FileKind::Events)
        );
        assert_eq!(
            k(&["用户ID", "行为类型", "时间", "商品ID"]),
            Some(FileKind::Events)
        );
        assert_eq!(
            k(&["order_id", "user_id", "amount", "paid_at"]),
            Some(FileKind::Orders)
        );
        assert_eq!(
            k(&["item_id", "title", "category", "price"]),
            Some(FileKind::Items)
        );
        assert_eq!(
            k(&["user_id", "age_band", "city_tier"]),
            Some(FileKind::Users)
        );
        assert_eq!(
            k(&["session_id", "host", "start", "end"]),
            Some(FileKind::Sessions)
        );
        assert_eq!(k(&["item_id", "list_price"]), Some(FileKind::Items));
        assert_eq!(k(&["a", "b"]), None);
    }
}

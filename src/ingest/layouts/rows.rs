//! A row of a layout's file: where each role's value is (a cell, a key inside a JSON cell, a key
//! of each line of a JSON array), the values as text, and the columns as the report shows them.

use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value;

use super::values::present;
use super::{Layout, Role};
use crate::ingest::fields::normalize_header;
use crate::ingest::input::IngestOptions;
use crate::ingest::row_key;
use crate::ingest::table::Table;
use crate::ingest::validation::{ColumnInfo, RowTally};

/// The checks every layout reader makes first, counting the row as read: the header's field
/// count and, when duplicates are dropped, an exact repeat of an earlier row (`seen` holds the
/// rows' keys). False when the row was rejected.
pub(super) fn admit_row(
    tally: &mut RowTally,
    seen: &mut FxHashSet<u64>,
    opts: &IngestOptions,
    headers: usize,
    line: u64,
    row: &[&str],
) -> bool {
    tally.report.rows_read += 1;
    if row.len() != headers {
        let v = format!("{} fields, header has {headers}", row.len());
        tally.reject("wrong_field_count", line, "", &v);
        return false;
    }
    if opts.drop_duplicates && !seen.insert(row_key(row)) {
        tally.reject("duplicate_row", line, "", &row.join(","));
        return false;
    }
    true
}

/// Where a role's value is in a row.
#[derive(Debug, Clone)]
pub(super) enum Getter {
    /// A plain cell.
    Cell(usize),
    /// A key path inside the JSON object of a cell.
    Json(usize, Vec<&'static str>),
    /// A key path inside each element of a JSON array (the order's lines) of a cell.
    Line(usize, Vec<&'static str>, Vec<&'static str>),
}

/// The getters of each role, in the layout's order (the first present value wins).
pub(super) struct Resolved {
    pub(super) getters: Vec<(Role, &'static str, Getter)>,
}

impl Resolved {
    pub(super) fn new(layout: &'static Layout, headers: &[String]) -> Resolved {
        let normed: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
        let col = |name: &str| {
            let n = normalize_header(name);
            normed.iter().position(|h| *h == n)
        };
        let mut getters = Vec::new();
        for &(path, role) in layout.columns {
            // A header with a dot in it (`Avg. viewing duration`) is a plain column.
            if let Some(c) = col(path) {
                getters.push((role, path, Getter::Cell(c)));
                continue;
            }
            let (before, after) = match path.split_once("[].") {
                Some((b, a)) => (b, Some(a)),
                None => (path, None),
            };
            let mut parts = before.split('.');
            let Some(top) = parts.next() else { continue };
            let Some(c) = col(top) else { continue };
            let inner: Vec<&'static str> = parts.collect();
            let g = match after {
                Some(a) => Getter::Line(c, inner, a.split('.').collect()),
                None if inner.is_empty() => Getter::Cell(c),
                None => Getter::Json(c, inner),
            };
            getters.push((role, path, g));
        }
        Resolved { getters }
    }

    pub(super) fn has(&self, r: Role) -> bool {
        self.getters.iter().any(|(x, _, _)| *x == r)
    }

    /// Columns holding JSON to parse in each row.
    pub(super) fn json_columns(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .getters
            .iter()
            .filter_map(|(_, _, g)| match g {
                Getter::Json(c, _) | Getter::Line(c, _, _) => Some(*c),
                Getter::Cell(_) => None,
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// A JSON value as cell text (numbers exactly as written: a 19-digit id stays exact).
pub(super) fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

pub(super) fn walk<'v>(mut v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    for k in path {
        v = v.get(k)?;
    }
    Some(v)
}

/// One row's JSON cells, parsed once.
pub(super) struct RowJson {
    pub(super) parsed: FxHashMap<usize, Value>,
}

impl RowJson {
    /// The cells of `row` in the JSON columns `cols`, parsed once (a cell that is not JSON is
    /// left out).
    pub(super) fn parse(cols: &[usize], row: &[&str]) -> RowJson {
        let mut parsed = FxHashMap::default();
        for &c in cols {
            if let Some(cell) = row.get(c) {
                if let Ok(v) = serde_json::from_str::<Value>(cell) {
                    parsed.insert(c, v);
                }
            }
        }
        RowJson { parsed }
    }

    pub(super) fn get(&self, c: usize) -> Option<&Value> {
        self.parsed.get(&c)
    }
}

/// The value of `role` in line `k` of a row.
pub(super) fn value(
    res: &Resolved,
    role: Role,
    row: &[&str],
    json: &RowJson,
    k: usize,
) -> Option<(String, &'static str)> {
    for (r, path, g) in &res.getters {
        if *r != role {
            continue;
        }
        let v = match g {
            Getter::Cell(c) => row.get(*c).and_then(|s| present(s)).map(str::to_owned),
            Getter::Json(c, p) => json.get(*c).and_then(|v| walk(v, p)).and_then(value_text),
            Getter::Line(c, p, key) => json
                .get(*c)
                .and_then(|v| walk(v, p))
                .and_then(|a| a.get(k))
                .and_then(|e| walk(e, key))
                .and_then(value_text),
        };
        if let Some(v) = v.filter(|s| present(s).is_some()) {
            return Some((present(&v).unwrap_or_default().to_owned(), path));
        }
    }
    None
}

/// Lines of a row: the length of the JSON array of its lines (at least 1).
pub(super) fn lines_in_row(res: &Resolved, json: &RowJson) -> usize {
    res.getters
        .iter()
        .filter_map(|(_, _, g)| match g {
            Getter::Line(c, p, _) => json
                .get(*c)
                .and_then(|v| walk(v, p))
                .and_then(Value::as_array)
                .map(Vec::len),
            _ => None,
        })
        .max()
        .unwrap_or(1)
        .max(1)
}

/// Whether a first data row is a description of the columns (TikTok's XLSX): its order id has
/// spaces or no digit.
pub(super) fn is_description(row: &[&str], res: &Resolved) -> bool {
    res.getters
        .iter()
        .find_map(|(r, _, g)| match (r, g) {
            (Role::Order, Getter::Cell(c)) => row.get(*c),
            _ => None,
        })
        .is_some_and(|v| {
            let v = v.trim();
            v.contains(' ') || !v.bytes().any(|b| b.is_ascii_digit())
        })
}

pub(super) fn first_path(res: &Resolved, r: Role) -> &'static str {
    res.getters
        .iter()
        .find(|(x, _, _)| *x == r)
        .map(|(_, p, _)| *p)
        .unwrap_or("")
}

/// The file's columns with the role each was read as (first role of a column), and samples.
pub(super) fn column_infos(t: &Table, res: &Resolved) -> Vec<ColumnInfo> {
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
        .enumerate()
        .zip(samples)
        .map(|((i, h), samples)| ColumnInfo {
            header: h.clone(),
            field: res.getters.iter().find_map(|(r, _, g)| match g {
                Getter::Cell(c) if *c == i => Some(r.key().to_owned()),
                Getter::Json(c, _) | Getter::Line(c, _, _) if *c == i => Some("nested".to_owned()),
                _ => None,
            }),
            samples,
        })
        .collect()
}

/// The part of a file's [`super::LayoutReport`] every layout fills the same way: the layout's
/// names, platform, money unit and line shape, its score, and how each column was read (money
/// columns in the layout's unit when `money_units`); the counts are zero until the reader sets
/// them.
pub(super) fn layout_report(
    layout: &super::Layout,
    score: f64,
    res: &Resolved,
    money_units: bool,
    kind: &str,
) -> super::LayoutReport {
    super::LayoutReport {
        id: layout.id.to_owned(),
        name: layout.name_en.to_owned(),
        name_zh: layout.name_zh.to_owned(),
        description: layout.description_en(),
        description_zh: layout.description_zh(),
        platform: layout.platform.to_owned(),
        money_unit: layout.money,
        lines: layout.lines,
        score,
        columns: res
            .getters
            .iter()
            .map(|(role, path, _)| super::LayoutColumn {
                path: (*path).to_owned(),
                role: *role,
                unit: (money_units && role.is_money()).then_some(layout.money),
            })
            .collect(),
        orders: 0,
        order_lines: 0,
        has_buyer_id: false,
        date_order: None,
        kind: kind.to_owned(),
        sessions: None,
        events: None,
        order_sessions: None,
    }
}

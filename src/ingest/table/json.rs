//! JSON tables: an array of objects (also inside `{"data": […]}`), or NDJSON (one object per
//! line). The keys of all objects are the headers; a non-object element becomes a row that is
//! rejected with its line.
//!
//! Values are read as raw JSON text: a number keeps its exact digits (an id above 2⁶⁴ or with
//! more digits than a float holds stays itself, never a rounded float shared with other ids;
//! an amount of `1e400` reaches the amount check and is refused there with its reason). Rows
//! are kept sparse (the cells an object has), so NDJSON whose lines each bring a new key costs
//! memory in proportion to its size; more than [`super::MAX_COLUMNS`] distinct keys is an error.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::{clean_headers, MAX_COLUMNS};
use crate::error::{Error, Result};

/// A JSON row: the cells of an object (column, text), or a non-object element's text.
pub(super) enum JsonRow {
    Object(Vec<(usize, String)>),
    Other(String),
}

/// Rows with their line (or array index + 1).
pub(super) type Rows = Vec<(u64, JsonRow)>;

/// An object's members in the order written, values as raw JSON.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Members<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Members<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut m: A,
            ) -> std::result::Result<Members<'a>, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, &'de RawValue>()? {
                    out.push((k, v));
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// A raw JSON value as the text a CSV export would hold: strings unescaped, numbers with their
/// exact digits, `null` empty, arrays and objects as compact JSON.
fn json_cell(raw: &RawValue) -> String {
    let t = raw.get().trim();
    match t.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(t).unwrap_or_default(),
        Some(b'n') => String::new(),
        Some(b'[' | b'{') => serde_json::from_str::<serde_json::Value>(t)
            .map(|v| v.to_string())
            .unwrap_or_else(|_| t.to_owned()),
        _ => t.to_owned(),
    }
}

fn is_object(raw: &RawValue) -> bool {
    raw.get().trim_start().starts_with('{')
}

fn too_many_keys(name: &str) -> Error {
    Error::input(
        name,
        "too_many_columns",
        format!(
            "has more than {MAX_COLUMNS} distinct keys; LiveLens reads at most {MAX_COLUMNS} columns (is every line a different kind of record?)"
        ),
    )
}

/// Elements with their line; `None` for an NDJSON line that is not JSON.
type Items<'a> = Vec<(u64, Option<&'a RawValue>)>;

fn objects_to_rows(name: &str, items: Items) -> Result<(Vec<String>, Rows)> {
    let mut headers: Vec<String> = Vec::new();
    let mut index: rustc_hash::FxHashMap<String, usize> = Default::default();
    let mut rows = Vec::with_capacity(items.len());
    let mut n_objects = 0;
    for (line, raw) in items {
        let members = match raw {
            Some(r) if is_object(r) => serde_json::from_str::<Members>(r.get()).ok(),
            _ => None,
        };
        let Some(Members(members)) = members else {
            // A non-object element becomes a row with too few fields, rejected with its line.
            rows.push((line, JsonRow::Other(raw.map(json_cell).unwrap_or_default())));
            continue;
        };
        n_objects += 1;
        let mut cells = Vec::with_capacity(members.len());
        for (k, v) in members {
            let col = match index.get(&k) {
                Some(&c) => c,
                None => {
                    if headers.len() >= MAX_COLUMNS {
                        return Err(too_many_keys(name));
                    }
                    index.insert(k.clone(), headers.len());
                    headers.push(k);
                    headers.len() - 1
                }
            };
            // A repeated key: the last value wins, as in a JSON object.
            cells.retain(|(c, _)| *c != col);
            cells.push((col, json_cell(v)));
        }
        rows.push((line, JsonRow::Object(cells)));
    }
    if n_objects == 0 {
        return Err(Error::input(
            name,
            "json_not_objects",
            "is JSON but not an array of objects (one object per row, e.g. [{\"user_id\": \"u1\", \"event\": \"enter\", …}])",
        ));
    }
    Ok((clean_headers(headers), rows))
}

fn numbered(items: Vec<&RawValue>) -> Items<'_> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| (i as u64 + 1, Some(v)))
        .collect()
}

pub(super) fn parse_json(name: &str, text: &str) -> Result<(Vec<String>, Rows, &'static str)> {
    let whole: std::result::Result<&RawValue, _> = serde_json::from_str(text);
    let not_objects = || {
        Error::input(
            name,
            "json_not_objects",
            "is JSON but not an array of objects (one object per row)",
        )
    };
    match whole {
        Ok(raw) if raw.get().trim_start().starts_with('[') => {
            let items: Vec<&RawValue> =
                serde_json::from_str(raw.get()).map_err(|_| not_objects())?;
            let (h, r) = objects_to_rows(name, numbered(items))?;
            Ok((h, r, "json"))
        }
        Ok(raw) if is_object(raw) => {
            let Members(members) = serde_json::from_str(raw.get()).map_err(|_| not_objects())?;
            // {"data": [ … ]}: a single array of objects inside an object.
            let arrays: Vec<Vec<&RawValue>> = members
                .iter()
                .filter_map(|(_, v)| serde_json::from_str::<Vec<&RawValue>>(v.get()).ok())
                .filter(|a| a.first().is_some_and(|x| is_object(x)))
                .collect();
            if arrays.len() == 1 {
                if let Some(items) = arrays.into_iter().next() {
                    let (h, r) = objects_to_rows(name, numbered(items))?;
                    return Ok((h, r, "json"));
                }
            }
            // A single object: a one-row NDJSON file.
            let (h, r) = objects_to_rows(name, vec![(1, Some(raw))])?;
            Ok((h, r, "ndjson"))
        }
        Ok(_) => Err(not_objects()),
        Err(whole_err) => {
            // NDJSON: one object per line.
            let mut items = Vec::new();
            let mut bad_lines = 0;
            for (i, line) in text.lines().enumerate() {
                let l = line.trim();
                if l.is_empty() {
                    continue;
                }
                match serde_json::from_str::<&RawValue>(l) {
                    Ok(v) => items.push((i as u64 + 1, Some(v))),
                    Err(_) => {
                        bad_lines += 1;
                        // Kept as a row with one unparsable field, rejected with its line.
                        items.push((i as u64 + 1, None));
                    }
                }
            }
            let good = items.len() - bad_lines;
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
            let (h, r) = objects_to_rows(name, items)?;
            Ok((h, r, "ndjson"))
        }
    }
}

//! JSON tables: an array of objects (also inside `{"data": […]}`), or NDJSON (one object per
//! line). The keys of all objects are the headers; a non-object element becomes a row that is
//! rejected with its line.

use super::clean_headers;
use crate::error::{Error, Result};

/// Rows with their line (or array index + 1).
pub(super) type Rows = Vec<(u64, Vec<String>)>;

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

pub(super) fn parse_json(name: &str, text: &str) -> Result<(Vec<String>, Rows, &'static str)> {
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

//! A users file: one row per user; every column other than the user id is an attribute
//! (age band, city, channel…) unless it has too many distinct values.

use super::cells::{check_row, required};
use crate::ingest::fields::Field;
use crate::ingest::input::IngestOptions;
use crate::ingest::row_set::RowSet;
use crate::ingest::table::Table;
use crate::ingest::validation::RowTally;
use crate::model::{Dataset, UserAttribute, NONE};

/// Attribute columns with more distinct values than this are ignored (names, phone numbers…).
const MAX_ATTRIBUTE_VALUES: usize = 200;

/// Reads a users file: the id column (`mapping`) and every other column as an attribute; users
/// files of the same attribute are merged.
pub(super) fn read_users(
    t: &Table,
    mapping: &[Option<Field>],
    opts: &IngestOptions,
    ds: &mut Dataset,
    tally: &mut RowTally,
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
    let mut seen = RowSet::default();
    seen.reserve(t.approx_rows());
    let json = t.info.format.contains("json");
    let n = t.headers.len();
    let user_header = t.headers.get(user_col).map_or("user", String::as_str);
    t.for_each_row(|line, row| {
        if !check_row(tally, &mut seen, opts, n, json, line, row) {
            return;
        }
        let Some(id) = required(
            tally,
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
        tally.report.rows_accepted += 1;
    });
    for a in attrs {
        if a.values.len() > MAX_ATTRIBUTE_VALUES {
            tally.report.warnings.push(format!(
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

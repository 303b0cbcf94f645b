//! Records of a streamed chunk kept past the tokenizer's callback in groups of a few hundred,
//! so that the group's row keys go into the duplicate set in one tight loop
//! ([`RowSet::insert_all`]: the cache misses of consecutive rows overlap) before its rows are
//! read one by one, in order, exactly as if each had been checked on its own.

use super::row_set::RowSet;
use super::table::tokenize::{recycle, Record};

/// Records per group: small enough to stay in the cache, large enough to overlap misses.
pub(super) const GROUP_ROWS: usize = 256;

/// A group of records (see the module documentation).
#[derive(Default)]
pub(super) struct RowGroup {
    /// Per record: its start offset in the text, the end of its fields in `bounds`, and the
    /// length of its fields joined by the delimiter as they stand in the text (`Record::joined`).
    recs: Vec<(usize, usize, Option<usize>)>,
    /// Fields: `(start, end, unescaped)` in the text, or in `scratch` when unescaped.
    bounds: Vec<(usize, usize, bool)>,
    scratch: String,
    keys: Vec<Option<u64>>,
    new: Vec<bool>,
    fields: Vec<&'static str>,
}

impl RowGroup {
    pub(super) fn len(&self) -> usize {
        self.recs.len()
    }

    /// Keeps a record of the text being read.
    pub(super) fn push(&mut self, rec: &Record) {
        if rec.scratch.is_empty() {
            // No unescaped field (nearly every record): the bounds as they are.
            self.bounds.extend_from_slice(rec.bounds);
        } else {
            let base = self.scratch.len();
            self.scratch.push_str(rec.scratch);
            self.bounds
                .extend(rec.bounds.iter().map(|&(s, e, unescaped)| match unescaped {
                    true => (s + base, e + base, true),
                    false => (s, e, false),
                }));
        }
        self.recs
            .push((rec.start, self.bounds.len(), rec.joined.map(str::len)));
    }

    /// Calls `f(start, fields, new, plain_end)` with each record kept, in order, and empties
    /// the group: `new` is whether the record's key (`key_of(fields, joined)`, `None`: not
    /// checked for repeats) was not in `seen` before it; all the group's keys are inserted
    /// first; `plain_end`, for a record with `Record::joined`, is where that joined text ends
    /// (no LF before it from `start`). `text` is the text the records were read from.
    pub(super) fn drain(
        &mut self,
        text: &str,
        seen: &mut RowSet,
        key_of: impl Fn(&[&str], Option<&str>) -> Option<u64>,
        mut f: impl FnMut(usize, &[&str], bool, Option<usize>),
    ) {
        let mut fields = recycle(std::mem::take(&mut self.fields));
        let scratch = self.scratch.as_str();
        if scratch.is_empty() {
            // No unescaped field in the group (nearly always): no choice per field.
            fields.extend(
                self.bounds
                    .iter()
                    .map(|&(s, e, _)| text.get(s..e).unwrap_or("")),
            );
        } else {
            fields.extend(self.bounds.iter().map(|&(s, e, unescaped)| {
                let src = if unescaped { scratch } else { text };
                src.get(s..e).unwrap_or("")
            }));
        }
        let mut from = 0;
        self.keys.clear();
        for &(start, to, joined) in &self.recs {
            let joined = joined.and_then(|n| text.get(start..start + n));
            self.keys
                .push(key_of(fields.get(from..to).unwrap_or_default(), joined));
            from = to;
        }
        seen.insert_all(&self.keys, &mut self.new);
        let mut from = 0;
        for (&(start, to, joined), &new) in self.recs.iter().zip(&self.new) {
            let plain_end = joined.map(|n| start + n);
            f(
                start,
                fields.get(from..to).unwrap_or_default(),
                new,
                plain_end,
            );
            from = to;
        }
        self.fields = recycle(fields);
        self.recs.clear();
        self.bounds.clear();
        self.scratch.clear();
    }
}

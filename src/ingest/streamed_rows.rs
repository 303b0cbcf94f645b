//! Reading the records of a streamed events file ([`super::streamed`]) into the dataset: a
//! group of records read on the calling thread, or a chunk parsed on another; and the checks of
//! newly decoded text.

use super::columns::{ColumnMap, MoneyEvidence};
use super::parallel;
use super::read::{key_to_check, EventsReader};
use super::row_group::RowGroup;
use super::streamed::{Ctx, Refused};
use super::table::tokenize::Tokenizer;
use super::table::{self, LineCounter};
use super::validation::{FileError, RowTally};

/// What reading a group of records of a chunk needs of the file being streamed.
pub(super) struct Rows<'a> {
    pub(super) reader: &'a mut EventsReader,
    pub(super) tally: &'a mut RowTally,
    pub(super) columns: &'a ColumnMap,
    pub(super) lines: &'a mut LineCounter,
    pub(super) rows_seen: &'a mut usize,
    pub(super) sampled: usize,
    pub(super) headers: usize,
    pub(super) delimiter: u8,
}

impl Rows<'_> {
    /// Reads the (non-blank) records of `group`, read from `text`, in order.
    /// With `evidence`, the money columns' values are counted into it.
    pub(super) fn read(
        &mut self,
        group: &mut RowGroup,
        text: &str,
        cx: &mut Ctx,
        mut evidence: Option<&mut MoneyEvidence>,
    ) {
        let opts = cx.opts;
        let (headers, delimiter) = (self.headers, self.delimiter);
        let reader = &mut *self.reader;
        let mut seen = std::mem::take(&mut reader.seen);
        group.drain(
            text,
            &mut seen,
            |row, joined| key_to_check(opts, headers, delimiter, row, joined),
            |start, row, new, plain_end| {
                if let Some(ev) = evidence.as_deref_mut() {
                    ev.add(row);
                }
                let line = self.lines.line_at(text.as_bytes(), start);
                if let Some(end) = plain_end {
                    self.lines.pass_plain(end);
                }
                // Samples of the first rows, when the first chunk had fewer than three.
                if *self.rows_seen < 3 && *self.rows_seen >= self.sampled {
                    for (c, v) in self.tally.report.columns.iter_mut().zip(row) {
                        c.samples.push(v.chars().take(40).collect());
                    }
                }
                *self.rows_seen += 1;
                reader.row(
                    self.columns,
                    opts,
                    cx.ds,
                    self.tally,
                    cx.name_kind,
                    line,
                    row,
                    Some(new),
                    None,
                );
            },
        );
        reader.seen = seen;
    }

    /// Merges a chunk parsed on another thread: its records read in order, exactly as
    /// [`Rows::read`] reads a group (the first rows' samples are taken before: no samples).
    /// A new record the chunk made a local event is appended with its ids mapped
    /// (`read::local`); any other is read from its fields.
    pub(super) fn read_chunk(&mut self, c: &parallel::Chunk, text: &str, cx: &mut Ctx) {
        let reader = &mut *self.reader;
        let mut new = Vec::new();
        reader.seen.insert_all(&c.keys, &mut new);
        reader.remap.start(&c.ids);
        let mut fields: Vec<&str> = Vec::new();
        for i in 0..c.len() {
            *self.rows_seen += 1;
            let is_new = new.get(i).copied().unwrap_or(false);
            let checked = c.keys.get(i).is_some_and(Option::is_some);
            if let Some(Some(e)) = c.local.get(i) {
                if is_new || !checked {
                    reader.accept_local(&c.ids, e, cx.opts, cx.ds, self.tally, cx.name_kind);
                    continue;
                }
            }
            let (start, parsed) = c.record(text, i, &mut fields);
            let line = self.lines.line_at(text.as_bytes(), start);
            if fields.is_empty() && c.local.get(i).is_some_and(Option::is_some) {
                // A chunk from a parse worker leaves out a local event's fields
                // (`chunk_wire`): a repeat's are read again from its text.
                let mut tok = Tokenizer::new(self.delimiter, table::MAX_COLUMNS);
                tok.first_record(text.get(start..).unwrap_or(""), |rec| {
                    reader.row(
                        self.columns,
                        cx.opts,
                        cx.ds,
                        self.tally,
                        cx.name_kind,
                        line,
                        rec.fields,
                        Some(is_new),
                        parsed,
                    );
                });
                continue;
            }
            reader.row(
                self.columns,
                cx.opts,
                cx.ds,
                self.tally,
                cx.name_kind,
                line,
                &fields,
                Some(is_new),
                parsed,
            );
        }
    }
}

/// At least the records of `text` that hold a value with a decimal separator: its lines
/// (ended by LF or CR) with a `.`, a quote, or a `,` that is not the delimiter (in a
/// comma-delimited line a value with a comma is quoted). A value without `.` or `,` tells
/// nothing about a money column's style.
pub(super) fn lines_with_separators(b: &[u8], delimiter: u8) -> u64 {
    let find = |s: &[u8]| match delimiter {
        b',' => memchr::memchr2(b'.', b'"', s),
        _ => memchr::memchr3(b'.', b'"', b',', s),
    };
    let (mut n, mut pos) = (0u64, 0usize);
    while let Some(p) = find(b.get(pos..).unwrap_or_default()) {
        n += 1;
        let at = pos + p;
        match memchr::memchr2(b'\n', b'\r', b.get(at..).unwrap_or_default()) {
            Some(q) => pos = at + q + 1,
            None => break,
        }
    }
    n
}

/// Counts into `ev` the money columns' values of the records of `text` (the first one the
/// header, unless `header_seen`; with `last` the end of the text ends the last record), as a
/// pass of the tokenizer over every record would. In a text without quotes each record is a
/// line, and only a line with a `.` or a `,` that is not the delimiter can hold a value that
/// tells a decimal separator ([`crate::ingest::numbers::evidence`]: others are neutral): only
/// those lines are tokenized — a few in a hundred of an export's.
pub(super) fn count_evidence(
    tok: &mut Tokenizer,
    ev: &mut MoneyEvidence,
    text: &str,
    last: bool,
    header_seen: bool,
    delimiter: u8,
) {
    let b = text.as_bytes();
    if memchr::memchr(b'"', b).is_some() {
        let mut header_seen = header_seen;
        tok.records(text, last, |rec| {
            if !std::mem::replace(&mut header_seen, true) {
                return;
            }
            ev.add(rec.fields);
        });
        return;
    }
    let line_end = |from: usize| {
        memchr::memchr2(b'\n', b'\r', b.get(from..).unwrap_or_default()).map(|q| from + q)
    };
    let mut pos = 0;
    if !header_seen {
        // The header: the first line after any line ends (blank lines are no records).
        let Some(start) = b.iter().position(|&c| c != b'\n' && c != b'\r') else {
            return;
        };
        let Some(end) = line_end(start) else {
            return;
        };
        pos = end;
    }
    let find = |s: &[u8]| match delimiter {
        b',' => memchr::memchr(b'.', s),
        _ => memchr::memchr2(b'.', b',', s),
    };
    while let Some(p) = find(b.get(pos..).unwrap_or_default()) {
        let at = pos + p;
        let start = memchr::memrchr2(b'\n', b'\r', b.get(pos..at).unwrap_or_default())
            .map_or(pos, |q| pos + q + 1);
        let end = match line_end(at) {
            Some(e) => e,
            None if last => b.len(),
            // The text ends inside this record: it is read with more text.
            None => return,
        };
        tok.records(text.get(start..end).unwrap_or(""), true, |rec| {
            ev.add(rec.fields)
        });
        pos = end;
    }
}

pub(super) fn bad_encoding() -> Refused {
    FileError {
        code: "bad_encoding".to_owned(),
        message:
            "is neither UTF-8, UTF-16 nor GB18030/GBK text; save it as UTF-8 CSV and try again"
                .to_owned(),
    }
}

/// A line of more than [`MAX_COLUMNS`] fields in newly decoded text (`first_line` is the line
/// the text starts on), as [`table::Table::open`] refuses a whole file.
pub(super) fn too_many_fields(text: &str, delimiter: u8, first_line: u64) -> Option<Refused> {
    let e = table::check_field_counts("", text, delimiter).err()?;
    let message = match e {
        crate::Error::Input { message, .. } => message,
        other => other.to_string(),
    };
    // The line number counted in the chunk, made the file's.
    let message = match message.split_once(" on line ") {
        Some((a, b)) => {
            let (n, rest) = b.split_once(';').unwrap_or((b, ""));
            match n.trim().parse::<u64>() {
                Ok(n) => format!("{a} on line {};{rest}", n + first_line - 1),
                Err(_) => message,
            }
        }
        None => message,
    };
    Some(FileError {
        code: "too_many_columns".to_owned(),
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::fields::Field;

    /// The evidence of every record after the header, counted as a tokenizer pass over all.
    fn all_records(text: &str, last: bool, header_seen: bool, d: u8, ev: &mut MoneyEvidence) {
        let mut header_seen = header_seen;
        Tokenizer::new(d, 500).records(text, last, |rec| {
            if !std::mem::replace(&mut header_seen, true) {
                return;
            }
            ev.add(rec.fields);
        });
    }

    #[test]
    fn evidence_of_the_lines_with_separators_is_that_of_all_records() {
        let alphabet = [
            "1.5", "1,5", "2.000", "1.234,5", ",", ";", "\t", "\n", "\r", "\r\n", "\"", "a", " ",
            "7", "é",
        ];
        let mapping = [Some(Field::User), Some(Field::Amount), Some(Field::Price)];
        let headers = vec!["u".to_owned(), "amount".to_owned(), "price".to_owned()];
        let columns = ColumnMap::new(&mapping, headers);
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..4000 {
            let len = (next() % 40) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            for d in [b',', b';', b'\t'] {
                for (last, header_seen) in
                    [(true, false), (false, false), (true, true), (false, true)]
                {
                    let mut want = columns.money_evidence();
                    all_records(&text, last, header_seen, d, &mut want);
                    let mut got = columns.money_evidence();
                    let mut tok = Tokenizer::new(d, 500);
                    count_evidence(&mut tok, &mut got, &text, last, header_seen, d);
                    assert_eq!(got, want, "{round} {text:?} {d} {last} {header_seen}");
                }
            }
        }
    }
}

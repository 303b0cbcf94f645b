//! CSV output without per-row allocations: every field is formatted into one reused buffer and
//! handed to the `csv` crate's writer (which quotes only when needed).

pub(crate) use crate::ingest::parse::{civil_from_days, days_from_civil};
use std::io::Write;

use crate::{Error, Result};

/// Seconds in a day.
pub(crate) const DAY: i64 = 86_400;

fn io_err(e: impl std::fmt::Display) -> Error {
    Error::Io(format!("writing demo data: {e}"))
}

/// A CSV writer with a scratch buffer for formatting fields.
pub(crate) struct CsvOut<W: Write> {
    w: csv::Writer<W>,
    scratch: Vec<u8>,
}

impl<W: Write> CsvOut<W> {
    pub(crate) fn new(w: W) -> Self {
        CsvOut {
            w: csv::WriterBuilder::new()
                .buffer_capacity(1 << 16)
                .from_writer(w),
            scratch: Vec::with_capacity(64),
        }
    }

    fn flush_field(&mut self) -> Result<()> {
        self.w.write_field(&self.scratch).map_err(io_err)
    }

    /// A text field.
    pub(crate) fn str(&mut self, s: &str) -> Result<()> {
        self.w.write_field(s).map_err(io_err)
    }

    /// An empty field.
    pub(crate) fn empty(&mut self) -> Result<()> {
        self.w.write_field(b"").map_err(io_err)
    }

    /// An id such as `u000123`: `prefix` then `n` zero-padded to at least `width` digits.
    pub(crate) fn id(&mut self, prefix: u8, n: u64, width: usize) -> Result<()> {
        self.scratch.clear();
        self.scratch.push(prefix);
        push_padded(&mut self.scratch, n, width);
        self.flush_field()
    }

    /// A naive local timestamp `YYYY-MM-DD HH:MM:SS` from local seconds since 1970-01-01.
    pub(crate) fn ts(&mut self, t: i64) -> Result<()> {
        self.scratch.clear();
        push_ts(&mut self.scratch, t);
        self.flush_field()
    }

    /// A money amount with two decimals from cents (fen).
    pub(crate) fn money(&mut self, cents: u64) -> Result<()> {
        self.scratch.clear();
        push_padded(&mut self.scratch, cents / 100, 1);
        self.scratch.push(b'.');
        push_padded(&mut self.scratch, cents % 100, 2);
        self.flush_field()
    }

    /// Ends the current record.
    pub(crate) fn end(&mut self) -> Result<()> {
        self.w.write_record(None::<&[u8]>).map_err(io_err)
    }

    /// Writes a whole record of text fields.
    pub(crate) fn row(&mut self, fields: &[&str]) -> Result<()> {
        self.w.write_record(fields).map_err(io_err)
    }

    pub(crate) fn finish(mut self) -> Result<()> {
        self.w.flush().map_err(io_err)
    }
}

/// Appends `n` in decimal, left-padded with zeros to `width` digits.
pub(crate) fn push_padded(b: &mut Vec<u8>, mut n: u64, width: usize) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in len..width {
        b.push(b'0');
    }
    b.extend(digits[..len].iter().rev());
}

/// Appends `YYYY-MM-DD HH:MM:SS` for local seconds `t`.
pub(crate) fn push_ts(b: &mut Vec<u8>, t: i64) {
    let (y, m, d) = civil_from_days(t.div_euclid(DAY));
    let s = t.rem_euclid(DAY) as u64;
    push_padded(b, y.max(0) as u64, 4);
    b.push(b'-');
    push_padded(b, m as u64, 2);
    b.push(b'-');
    push_padded(b, d as u64, 2);
    b.push(b' ');
    push_padded(b, s / 3600, 2);
    b.push(b':');
    push_padded(b, s / 60 % 60, 2);
    b.push(b':');
    push_padded(b, s % 60, 2);
}

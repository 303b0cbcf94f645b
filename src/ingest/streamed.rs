//! An events file read as its bytes arrive: decoded and tokenized chunk by chunk, each
//! complete record read into the dataset at once; a partial last line waits for more bytes.
//! Its encoding, delimiter, header, kind and columns are taken from the first chunk (by the
//! same [`super::detect`] and [`super::columns`] code as a whole file); the decimal separator
//! of its amount column from every value of the column seen so far, each chunk's before its
//! rows are read (for a file handed in one chunk, from the whole column, as before).

use std::borrow::Cow;

use super::columns::{ColumnMap, MoneyEvidence};
use super::detect::OpenedTable;
use super::fields::Field;
use super::input::IngestOptions;
use super::parallel;
use super::read::EventsReader;
use super::row_group::{RowGroup, GROUP_ROWS};
use super::streamed_rows::{
    bad_encoding, count_evidence, lines_with_separators, too_many_fields, Rows,
};
use super::table::tokenize::Tokenizer;
use super::table::{self, LineCounter, MAX_COLUMNS};
use super::validation::{FileError, FileReport, RowTally};
use crate::model::ShortNames;
use crate::model::{Dataset, EventKind};

#[path = "streamed_parsed.rs"]
mod parsed;

/// Bytes of a text read on one thread before the rest is parsed on several (the header and
/// the first rows, whose samples the report keeps).
const HEAD_ROWS_BYTES: usize = 4096;
/// Bytes a user's entry takes in a copy of the known users ([`crate::model::ShortNames`]),
/// about (a key, an id and a control byte in a table kept under 7/8 full).
const KNOWN_BYTES: usize = 32;

/// How a streamed file's bytes become text.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Decoder {
    Utf8,
    Gb18030,
    /// Each line UTF-8 if it is valid UTF-8, else GB18030.
    Mixed,
}

/// What a streamed file shares with the rest of ingestion while a chunk is read.
pub(super) struct Ctx<'a> {
    pub(super) ds: &'a mut Dataset,
    pub(super) opts: &'a IngestOptions,
    pub(super) name_kind: &'a mut Vec<EventKind>,
}

/// An events file being streamed.
pub(super) struct StreamedEvents {
    decoder: Decoder,
    /// A UTF-8 byte-order mark is still to be skipped at the start.
    bom: bool,
    /// The largest byte seen so far (whether a later invalid UTF-8 line makes the file mixed
    /// or GB18030, as for a whole file).
    high: u8,
    delimiter: u8,
    /// Bytes after the last line end, not yet decoded.
    raw: Vec<u8>,
    /// Decoded text from the start of the first incomplete record.
    text: String,
    lines: LineCounter,
    header_seen: bool,
    tokenizer: Tokenizer,
    columns: ColumnMap,
    evidence: MoneyEvidence,
    format: String,
    reader: EventsReader,
    tally: RowTally,
    /// The end of the file was read (bytes pushed later are appended rows).
    ended_once: bool,
    /// The last record read at the end had no line end (appended bytes start a new line).
    open_last_line: bool,
    /// Lines decoded lossily (invalid bytes in rows appended after the end).
    lossy_lines: u64,
    /// Data rows seen, and how many of the first three the first chunk gave samples of.
    rows_seen: usize,
    sampled: usize,
    /// Fields of the header.
    headers: usize,
    /// Records waiting to be read (their duplicate keys checked together).
    group: RowGroup,
    /// Threads that may parse a chunk's text (1: the calling thread only), and the smallest
    /// range of text worth a thread.
    pub(super) threads: usize,
    pub(super) min_range: usize,
    /// Chunks parsed on threads and merged so far, and chunks kept to be refilled.
    pub(super) chunks_merged: u64,
    spare: Vec<parallel::Chunk>,
    /// The copy of the users known that the last text's threads looked up, refilled for the
    /// next text in its own memory (a fresh copy per text took fresh pages each time).
    known: ShortNames,
}

/// The file cannot be used after all (a later chunk is not in the file's encoding, or has a
/// line of too many fields): the error to report; rows read from it are undone by the caller.
pub(super) type Refused = FileError;

impl StreamedEvents {
    /// Starts streaming a file opened (as a table) from its first chunk. `report` is the
    /// report [`super::columns::check_columns`] made.
    pub(super) fn new(
        opened: &OpenedTable,
        mapping: &[Option<Field>],
        report: FileReport,
        opts: &IngestOptions,
    ) -> StreamedEvents {
        let t = &opened.table;
        let decoder = match t.info.encoding.as_str() {
            "GB18030" => Decoder::Gb18030,
            table::MIXED => Decoder::Mixed,
            _ => Decoder::Utf8,
        };
        let delimiter = match t.info.delimiter.as_deref() {
            Some("\\t") => b'\t',
            Some(d) => d.bytes().next().unwrap_or(b','),
            None => b',',
        };
        let columns = ColumnMap::new(mapping, t.headers.clone());
        let evidence = columns.money_evidence();
        StreamedEvents {
            decoder,
            bom: t.info.encoding == "UTF-8 (BOM)",
            high: 0,
            delimiter,
            raw: Vec::new(),
            text: String::new(),
            lines: LineCounter::default(),
            header_seen: false,
            tokenizer: Tokenizer::new(delimiter, MAX_COLUMNS),
            columns,
            evidence,
            format: t.info.format.clone(),
            reader: EventsReader::new(t.headers.len(), false),
            headers: t.headers.len(),
            group: RowGroup::default(),
            threads: 1,
            min_range: parallel::MIN_RANGE,
            chunks_merged: 0,
            spare: Vec::new(),
            known: ShortNames::default(),
            tally: RowTally::new(report, opts.max_examples),
            ended_once: false,
            open_last_line: false,
            lossy_lines: 0,
            rows_seen: 0,
            sampled: {
                let mut n = 0;
                t.for_each_row(|_, _| n += 1);
                n.min(3)
            },
        }
    }

    /// Room for about `rows` more rows in the duplicate set.
    pub(super) fn reserve(&mut self, rows: usize) {
        self.reader.seen.reserve(rows);
    }

    /// Reads the complete records of `bytes` (after what was pushed before); with `last`, the
    /// end of the file: the final record needs no line end.
    pub(super) fn push(&mut self, bytes: &[u8], last: bool, cx: &mut Ctx) -> Result<(), Refused> {
        if self.ended_once && self.open_last_line && !bytes.is_empty() {
            // Appended rows start on the line after the one read at the end.
            self.lines.skip_line();
            self.open_last_line = false;
        }
        let mut bytes = bytes;
        if self.bom {
            // The mark may arrive split over pushes.
            let need = 3usize.saturating_sub(self.raw.len());
            let (a, b) = bytes.split_at(need.min(bytes.len()));
            self.raw.extend_from_slice(a);
            bytes = b;
            if self.raw.len() < 3 {
                return Ok(());
            }
            self.raw.clear();
            self.bom = false;
        }
        // Complete lines are decoded now; the rest waits.
        let cut = if last {
            Some(bytes.len())
        } else {
            memchr::memrchr(b'\n', bytes).map(|p| p + 1)
        };
        let Some(cut) = cut else {
            self.raw.extend_from_slice(bytes);
            return Ok(());
        };
        let (mut now, later) = bytes.split_at(cut);
        // Bytes that are their own text: UTF-8 (checked below), or ASCII in a GB18030 or mixed
        // file (ASCII is the same in every encoding LiveLens reads: nearly every data line of a
        // Chinese-header export), which then skip the decoder and its copy.
        let as_text = self.decoder == Decoder::Utf8 || now.is_ascii();
        // A record left incomplete by the previous push: completed with this push's first line
        // and read on its own, so that the rest is read from the caller's bytes below instead
        // of being copied after it — when no value of this push can change a money column's
        // decimal separator (read at once or in two parts, its rows are read alike).
        // The lines with a decimal separator of the bytes read below, when counted here (the
        // text's reading needs the same count: one pass, not two).
        let mut separators = None;
        if (!self.raw.is_empty() || !self.text.is_empty()) && as_text {
            if let Some(p) = memchr::memchr(b'\n', now) {
                let (first, rest) = now.split_at(p + 1);
                let settled = self.evidence.is_empty() || {
                    let n = lines_with_separators(now, self.delimiter);
                    // `first` ends a line: the rest's lines are the others.
                    separators =
                        Some(n.saturating_sub(lines_with_separators(first, self.delimiter)));
                    self.evidence.settled_for(n)
                };
                if !rest.is_empty() && settled {
                    self.read_decoded(first, &[], false, cx)?;
                    now = rest;
                } else {
                    separators = None;
                }
            }
        }
        // Nothing pending and the bytes their own text: the records are read from the caller's
        // bytes, and only an incomplete last record is copied (no second copy of a file handed in
        // whole).
        if self.raw.is_empty() && self.text.is_empty() && as_text {
            if let Ok(s) = table::utf8(now) {
                if self.high < 0xE0 && self.decoder == Decoder::Utf8 {
                    self.high = self.high.max(now.iter().copied().max().unwrap_or(0));
                }
                if let Some(e) = too_many_fields(s, self.delimiter, self.lines.peek(b"", 0)) {
                    return Err(e);
                }
                if last && !s.is_empty() {
                    self.open_last_line = !s.ends_with('\n');
                }
                let consumed = self.read_text(s, last, separators, cx);
                self.text.push_str(s.get(consumed..).unwrap_or(""));
                self.raw.extend_from_slice(later);
                if last {
                    self.ended_once = true;
                }
                return Ok(());
            }
        }
        self.read_decoded(now, later, last, cx)
    }

    /// Decodes the complete lines `now` after the pending text and reads its complete records
    /// (all with `last`); `later` waits for the next push.
    fn read_decoded(
        &mut self,
        now: &[u8],
        later: &[u8],
        last: bool,
        cx: &mut Ctx,
    ) -> Result<(), Refused> {
        let from = self.text.len();
        if self.raw.is_empty() {
            self.decode(now)?;
        } else {
            let mut joined = std::mem::take(&mut self.raw);
            joined.extend_from_slice(now);
            self.decode(&joined)?;
        }
        self.raw.extend_from_slice(later);
        let new_text = self.text.get(from..).unwrap_or("");
        let first_line = self.lines.peek(self.text.as_bytes(), from);
        if let Some(e) = too_many_fields(new_text, self.delimiter, first_line) {
            return Err(e);
        }
        if last && !self.text.is_empty() {
            self.open_last_line = !self.text.ends_with('\n');
        }
        self.read_records(last, cx);
        if last {
            self.ended_once = true;
        }
        Ok(())
    }

    /// Appends the text of complete lines `b` in the file's encoding.
    fn decode(&mut self, b: &[u8]) -> Result<(), Refused> {
        match self.decoder {
            Decoder::Utf8 => match table::utf8(b) {
                Ok(s) => {
                    if self.high < 0xE0 {
                        self.high = self.high.max(b.iter().copied().max().unwrap_or(0));
                    }
                    self.text.push_str(s)
                }
                Err(_) if self.ended_once => self.lossy(b),
                Err(e) => {
                    let valid = b.get(..e.valid_up_to()).unwrap_or_default();
                    self.high = self.high.max(valid.iter().copied().max().unwrap_or(0));
                    // As for a whole file: UTF-8 Chinese before the invalid line makes the
                    // file mixed; ASCII only, GB18030 (the same text for what was read).
                    self.decoder = if self.high >= 0xE0 {
                        Decoder::Mixed
                    } else {
                        Decoder::Gb18030
                    };
                    if self.decoder == Decoder::Gb18030 && self.high >= 0x80 {
                        self.decoder = Decoder::Mixed;
                    }
                    self.tally.report.encoding = match self.decoder {
                        Decoder::Mixed => table::MIXED.to_owned(),
                        _ => "GB18030".to_owned(),
                    };
                    if self.decoder == Decoder::Mixed {
                        self.tally.report.warnings.push(
                            "the file mixes UTF-8 and GB18030/GBK lines; each line was read in its own encoding (check names with Chinese characters)"
                                .to_owned(),
                        );
                    }
                    return self.decode(b);
                }
            },
            Decoder::Gb18030 => {
                let (s, bad) = encoding_rs::GB18030.decode_without_bom_handling(b);
                if bad && !self.ended_once {
                    return Err(bad_encoding());
                }
                self.text.push_str(&s);
            }
            Decoder::Mixed => {
                for line in b.split_inclusive(|&c| c == b'\n') {
                    match std::str::from_utf8(line) {
                        Ok(s) => self.text.push_str(s),
                        Err(_) => {
                            let (s, bad) = encoding_rs::GB18030.decode_without_bom_handling(line);
                            if bad && !self.ended_once {
                                return Err(bad_encoding());
                            }
                            self.text.push_str(&s);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Rows appended after the end in another encoding: read with replacement characters,
    /// and counted for a warning.
    fn lossy(&mut self, b: &[u8]) {
        let s: Cow<str> = String::from_utf8_lossy(b);
        self.lossy_lines += s.matches('\n').count().max(1) as u64;
        self.text.push_str(&s);
    }

    /// Reads the complete records of the pending text (all of it with `last`).
    fn read_records(&mut self, last: bool, cx: &mut Ctx) {
        let mut text = std::mem::take(&mut self.text);
        let consumed = self.read_text(&text, last, None, cx);
        text.drain(..consumed.min(text.len()));
        self.text = text;
    }

    /// Reads the complete records of `text` (all of it with `last`), which starts at the
    /// start of a record; returns the bytes consumed. `separators`: its lines with a decimal
    /// separator ([`lines_with_separators`]) when already counted.
    fn read_text(
        &mut self,
        text: &str,
        last: bool,
        separators: Option<u64>,
        cx: &mut Ctx,
    ) -> usize {
        // The decimal separator of money columns: from every value so far, this chunk's too.
        // When no value of this chunk can change it (fewer lines with a `.`, `,` or quote than
        // the lead of a column's style), its values are counted while its rows are read
        // instead of in a pass of their own.
        let mut count_later = false;
        if !self.evidence.is_empty() {
            if self.evidence.settled_for(
                separators
                    .unwrap_or_else(|| lines_with_separators(text.as_bytes(), self.delimiter)),
            ) {
                count_later = true;
            } else {
                count_evidence(
                    &mut self.tokenizer,
                    &mut self.evidence,
                    text,
                    last,
                    self.header_seen,
                    self.delimiter,
                );
            }
            self.columns.apply_styles(&self.evidence, &self.format);
        }
        // Several threads (the decimal separators are decided for this text); the header and
        // the first rows (their samples) are read on this thread first.
        if self.threads < 2 || text.len() < 2 * self.min_range {
            return self.read_serial(text, last, count_later, cx);
        }
        let mut done = 0;
        if !self.header_seen || self.rows_seen < 3 {
            let Some(&cut) = parallel::cuts(text, HEAD_ROWS_BYTES).first() else {
                return self.read_serial(text, last, count_later, cx);
            };
            done = self.read_serial(text.get(..cut).unwrap_or(""), false, count_later, cx);
            let rest = text.get(done..).unwrap_or("");
            if !self.header_seen || self.rows_seen < 3 {
                return done + self.read_serial(rest, last, count_later, cx);
            }
        }
        loop {
            let rest = text.get(done..).unwrap_or("");
            let (n, misled) = self.read_parallel(rest, last, count_later, cx);
            let Some(end) = misled else {
                return done + n;
            };
            // A range the quote count cut inside a record: read on this thread, then the
            // rest on several again (its quotes counted afresh from a record's start).
            let at = done + n;
            let upto = text.get(at..done + end).unwrap_or("");
            let m = self.read_serial(upto, false, count_later, cx);
            done = at + m;
            if m == 0 {
                let rest = text.get(done..).unwrap_or("");
                return done + self.read_serial(rest, last, count_later, cx);
            }
        }
    }

    /// [`StreamedEvents::read_text`] on several threads (see [`parallel`]): the text's ranges
    /// parsed by `threads - 1` workers and this thread, which merges the chunks in order and
    /// parses a range whenever the next chunk is not ready. Returns
    /// the bytes read and, when a range's records did not end at its cut, that range's end
    /// (the bytes read end at its start).
    fn read_parallel(
        &mut self,
        text: &str,
        last: bool,
        count_later: bool,
        cx: &mut Ctx,
    ) -> (usize, Option<usize>) {
        // Ranges of several per worker, so that the merge waits only for the first (and few
        // chunks, 64 KiB of text each for the CLI's 1 MiB pieces, are alive at once).
        let size = (text.len() / (8 * self.threads)).max(self.min_range);
        let floor = (self.min_range / 4).max(1);
        let ranges = parallel::ranges(
            text,
            &parallel::guided_cuts(text, size, floor, self.threads),
        );
        if ranges.iter().any(|r| r.len() >= parallel::RANGE_LIMIT) {
            return (self.read_serial(text, last, count_later, cx), None);
        }
        let empty = self.evidence.emptied();
        // The users known so far, when copying their ids costs little beside parsing the
        // text (a copy of at most its bytes, which is some fifty times faster than parsing them).
        let users = &cx.ds.users;
        let known = (!users.is_empty() && users.len().saturating_mul(KNOWN_BYTES) <= text.len())
            .then(|| {
                users.known_into(&mut self.known);
                &self.known
            });
        let layout = parallel::Layout {
            delimiter: self.delimiter,
            headers: self.headers,
            columns: &self.columns,
            opts: cx.opts,
            evidence: count_later.then_some(&empty),
            known_users: known,
        };
        let mut done = 0;
        let mut misled = None;
        let workers = (self.threads - 1).max(1);
        let mut pool = std::mem::take(&mut self.spare);
        parallel::parse_and_merge(text, &ranges, last, &layout, workers, &mut pool, |c| {
            if !c.complete() && c.range.end != text.len() {
                misled = Some(c.range.end);
                return false;
            }
            let mut rows = Rows {
                reader: &mut self.reader,
                tally: &mut self.tally,
                columns: layout.columns,
                lines: &mut self.lines,
                rows_seen: &mut self.rows_seen,
                sampled: self.sampled,
                headers: self.headers,
                delimiter: self.delimiter,
            };
            rows.read_chunk(c, text, cx);
            self.chunks_merged += 1;
            if let Some(e) = &c.evidence {
                self.evidence.merge(e);
            }
            done = c.range.start + c.consumed;
            true
        });
        if !last {
            // Chunks to refill with the next text (none kept after the end).
            self.spare = pool;
        }
        self.lines.rebase(text.as_bytes(), done);
        (done, misled)
    }

    /// [`StreamedEvents::read_text`] on the calling thread, the styles decided.
    fn read_serial(&mut self, text: &str, last: bool, count_later: bool, cx: &mut Ctx) -> usize {
        let ev = &mut self.evidence;
        let mut rows = Rows {
            reader: &mut self.reader,
            tally: &mut self.tally,
            columns: &self.columns,
            lines: &mut self.lines,
            rows_seen: &mut self.rows_seen,
            sampled: self.sampled,
            headers: self.headers,
            delimiter: self.delimiter,
        };
        let group = &mut self.group;
        let mut header_seen = self.header_seen;
        // The records' fields are made string slices once, when their group is read (the
        // money columns' values counted then).
        let mut ev = count_later.then_some(ev);
        let consumed = self.tokenizer.records_bounds(text, last, |rec| {
            if !std::mem::replace(&mut header_seen, true) {
                return;
            }
            if rec.is_blank(text) {
                if let Some(ev) = ev.as_deref_mut() {
                    ev.add(&[rec.field(text, 0)]);
                }
                return;
            }
            group.push(&rec);
            if group.len() >= GROUP_ROWS {
                rows.read(group, text, cx, ev.as_deref_mut());
            }
        });
        rows.read(group, text, cx, ev);
        self.header_seen = header_seen;
        self.lines.rebase(text.as_bytes(), consumed);
        consumed
    }

    /// Rows read, accepted and rejected so far.
    pub(super) fn counts(&self) -> (u64, u64, u64) {
        let r = &self.tally.report;
        (r.rows_read, r.rows_accepted, r.rows_rejected)
    }

    /// The file's report as it stands: the rows so far and the warnings of the file's events
    /// (`events` = the rows of the dataset's events this file added).
    pub(super) fn report(&self, ds: &Dataset, file_ts: &[&[i64]], bytes: u64) -> FileReport {
        let mut r = self.tally.snapshot();
        r.bytes = bytes;
        self.reader.warn(&mut r.warnings, &self.columns, ds);
        if self.lossy_lines > 0 {
            r.warnings.push(format!(
                "{} appended lines were not valid {}; they were read with replacement characters",
                self.lossy_lines, r.encoding
            ));
        }
        if let Some(w) = super::far_dates::far_dates_warning_in(file_ts) {
            r.warnings.push(w);
        }
        r
    }
}

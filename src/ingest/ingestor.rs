//! The one ingest path: files handed in as chunks of bytes, read as they arrive, rows
//! appendable later. [`super::load`] is this with every file in one chunk.
//!
//! An events file in CSV/TSV/delimited text (UTF-8 or GB18030) is *streamed*: from its first
//! chunk (256 KiB, or the whole file when it is smaller) its encoding, delimiter, header, kind
//! and columns are understood; then each complete line is read into the dataset when it
//! arrives, a partial last line waits for the next chunk, and the raw bytes are not kept.
//! Every other file (JSON, NDJSON, spreadsheets, UTF-16, side tables, platform exports, a file
//! that may repeat an earlier one) is kept until [`Ingestor::end_file`] and read whole.
//!
//! The rows read so far are counted at any moment ([`Ingestor::progress`],
//! [`Ingestor::validation`]: `rows_read = rows_accepted + rows_rejected`). Bytes pushed to a
//! streamed events file after its end are rows appended (live mode); an exact repeat of a row
//! already read is rejected as `duplicate_row`, as within a file. [`Ingestor::finish`] runs
//! the steps across files (orders merged with payments, sessions by time, events in time
//! order).
//!
//! Ids follow reading order: for the ids of [`super::load`], side tables (sessions,
//! products, users) are ended before events files, and orders after them.

use serde::Serialize;

use super::detect::{self, Opened};
use super::fields::{Field, FileKind};
use super::hash::ContentHash;
use super::input::{IngestOptions, InputFile};
use super::streamed::{Ctx, StreamedEvents};

#[path = "ingestor_parsed.rs"]
mod parsed;
use super::validation::{FileError, FileReport, Validation};
use super::{columns, read, Loaded};
use crate::model::Dataset;

/// A file about to be handed in: what [`InputFile`] says of it, without its bytes.
#[derive(Debug, Clone, Default)]
pub struct FileSpec {
    pub name: String,
    /// Its size in bytes when known (a browser `File.size`): the chunk that completes it is
    /// read as the end of the file, and a file of the same size as an earlier one is kept
    /// whole until it can be compared (the same export given twice is read once).
    pub size: Option<u64>,
    pub kind: Option<FileKind>,
    pub sheet: Option<String>,
    pub mapping: Vec<(Field, Option<String>)>,
}

impl FileSpec {
    /// The spec of a file whose bytes are all at hand.
    pub fn of(f: &InputFile) -> FileSpec {
        FileSpec {
            name: f.name.clone(),
            size: Some(f.bytes.len() as u64),
            kind: f.kind,
            sheet: f.sheet.clone(),
            mapping: f.mapping.clone(),
        }
    }
}

/// A file handed to an [`Ingestor`], numbered from 0 in the order of [`Ingestor::begin_file`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileId(pub u32);

/// How far ingestion has come: bytes handed in and rows read (all files).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    pub bytes: u64,
    /// The sum of the sizes given, when every file gave one.
    pub bytes_total: Option<u64>,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    pub files: u32,
    pub files_ended: u32,
}

/// Bytes of a file's first chunk that tell its layout.
const HEAD: usize = 256 * 1024;
/// A complete file up to this size is understood from all of it, not from its first chunk (its
/// reading order too: [`super::detect::reading_rank`]).
pub(super) const WHOLE_HEAD: usize = 4 * 1024 * 1024;

enum State {
    /// Waiting for the first chunk to be long enough.
    Head(Vec<u8>),
    /// Kept until its end, then read whole.
    Whole(Vec<u8>),
    Stream(Box<StreamedEvents>, Snapshot),
    /// Read; its report is in the slot.
    Done,
}

struct Slot {
    spec: FileSpec,
    received: u64,
    hash: ContentHash,
    ended: bool,
    state: State,
    report: Option<FileReport>,
    /// `(length, hash)` of its content, once ended.
    fingerprint: Option<(u64, u64)>,
    /// Ranges of the dataset's events this file added.
    ranges: Vec<std::ops::Range<usize>>,
}

/// What the dataset held before a streamed file began: undone when the file is refused.
#[derive(Clone, Default)]
struct Snapshot {
    events: usize,
    users: usize,
    items: usize,
    sessions: usize,
    orders: usize,
    event_names: usize,
    name_kind: usize,
    coupons: usize,
    unknown_sources: usize,
    unknown_source_counts: Vec<u64>,
    /// Platforms, and those of orders and persons (a `platform` column sets them).
    platforms: usize,
    order_platform: Vec<u32>,
    user_platform: Vec<u32>,
}

impl Snapshot {
    fn of(ds: &Dataset, name_kind: usize) -> Snapshot {
        let x = &ds.events.extra;
        Snapshot {
            events: ds.events.len(),
            users: ds.users.len(),
            items: ds.items.len(),
            sessions: ds.sessions.len(),
            orders: ds.orders.len(),
            event_names: ds.event_names.len(),
            name_kind,
            coupons: x.coupons.len(),
            unknown_sources: x.unknown_sources.len(),
            unknown_source_counts: x.unknown_source_counts.clone(),
            platforms: ds.platforms.len(),
            order_platform: ds.order_platform.clone(),
            user_platform: ds.user_platform.clone(),
        }
    }
    fn restore(&self, ds: &mut Dataset, name_kind: &mut Vec<crate::model::EventKind>) {
        ds.events.truncate(self.events);
        ds.users.truncate(self.users);
        ds.items.truncate(self.items);
        ds.sessions.truncate(self.sessions);
        ds.orders.truncate(self.orders);
        ds.event_names.truncate(self.event_names);
        name_kind.truncate(self.name_kind);
        let x = &mut ds.events.extra;
        x.coupons.truncate(self.coupons);
        x.unknown_sources.truncate(self.unknown_sources);
        x.unknown_source_counts = self.unknown_source_counts.clone();
        ds.platforms.truncate(self.platforms);
        ds.order_platform.clone_from(&self.order_platform);
        ds.user_platform.clone_from(&self.user_platform);
    }
}

/// Chunked, appendable ingestion (see the module documentation).
pub struct Ingestor {
    opts: IngestOptions,
    ds: Dataset,
    across: read::ReadAcrossFiles,
    slots: Vec<Slot>,
    /// The streamed file not yet ended (one at a time: its events stay contiguous).
    streaming: Option<usize>,
    /// Files ended while another was streaming, read when it ends.
    deferred: Vec<usize>,
    /// Bytes of a file's first chunk that tell its layout.
    head: usize,
    /// Threads that parse a streamed events file's text (1: the calling thread only), and
    /// the smallest range of text worth a thread.
    threads: usize,
    min_range: usize,
}

impl Ingestor {
    pub fn new(opts: &IngestOptions) -> Ingestor {
        Ingestor {
            opts: opts.clone(),
            ds: Dataset {
                tz_offset_minutes: opts.tz_offset_minutes,
                ..Dataset::default()
            },
            across: read::ReadAcrossFiles::default(),
            slots: Vec::new(),
            streaming: None,
            deferred: Vec::new(),
            head: HEAD,
            threads: 1,
            min_range: super::parallel::MIN_RANGE,
        }
    }

    /// How many bytes of a file are looked at before its rows are read (default 256 KiB; its
    /// delimiter is sniffed from up to 64 KiB of them, its kind from the header). Less gives
    /// the first rows sooner; the layout is then told from fewer lines.
    pub fn with_first_chunk(mut self, bytes: usize) -> Ingestor {
        self.head = bytes.max(1);
        self
    }

    /// Parses the text of a streamed events file on up to `threads` threads (default 1; see
    /// `ingest::parallel`): the same rows, rejections, duplicates, ids and report as one
    /// thread. Where threads cannot be started (the browser's main wasm module), the calling
    /// thread parses every range.
    pub fn with_threads(mut self, threads: usize) -> Ingestor {
        self.threads = threads.max(1);
        self
    }

    /// The smallest range of text parsed on a thread of its own (default 64 KiB): tests cut
    /// small texts into many ranges with it.
    #[doc(hidden)]
    pub fn with_min_range(mut self, bytes: usize) -> Ingestor {
        self.min_range = bytes.max(1);
        self
    }

    /// Chunks of text parsed on threads and merged so far (tests see that the threads ran).
    #[doc(hidden)]
    pub fn chunks_merged(&self) -> u64 {
        let merged = |s: &Slot| match &s.state {
            State::Stream(st, _) => st.chunks_merged,
            _ => 0,
        };
        self.slots.iter().map(merged).sum()
    }

    /// Announces a file; its bytes follow with [`Ingestor::push`].
    pub fn begin_file(&mut self, spec: FileSpec) -> FileId {
        self.slots.push(Slot {
            spec,
            received: 0,
            hash: ContentHash::default(),
            ended: false,
            state: State::Head(Vec::new()),
            report: None,
            fingerprint: None,
            ranges: Vec::new(),
        });
        FileId((self.slots.len() - 1) as u32)
    }

    /// Hands in the next bytes of a file. Complete lines of a streamed events file are read at
    /// once. After [`Ingestor::end_file`], bytes of a streamed events file are appended rows;
    /// other files cannot take more bytes (an error, nothing is read).
    pub fn push(&mut self, id: FileId, bytes: &[u8]) -> crate::Result<()> {
        let i = id.0 as usize;
        let head = self.head;
        let slot = self.slot(id)?;
        if slot.ended {
            if !matches!(slot.state, State::Stream(..)) {
                return Err(crate::Error::Params(format!(
                    "{} is read whole; rows can be appended only to a CSV/TSV events file",
                    slot.spec.name
                )));
            }
        } else {
            slot.hash.update(bytes);
        }
        slot.received += bytes.len() as u64;
        let complete = !slot.ended && slot.spec.size == Some(slot.received);
        match &mut slot.state {
            State::Head(buf) => {
                buf.extend_from_slice(bytes);
                if complete || buf.len() >= head && buf.contains(&b'\n') {
                    let buf = std::mem::take(buf);
                    self.start(i, buf, complete);
                }
            }
            State::Whole(buf) => buf.extend_from_slice(bytes),
            State::Stream(..) => self.feed(i, bytes, false),
            State::Done => {}
        }
        if complete && !self.slots.get(i).is_some_and(|s| s.ended) {
            self.end_file(id)?;
        }
        Ok(())
    }

    /// The end of a file: its last line is read (or the whole file, when it was kept whole).
    /// Ending a streamed events file again after appended bytes reads their last line.
    pub fn end_file(&mut self, id: FileId) -> crate::Result<()> {
        let i = id.0 as usize;
        let slot = self.slot(id)?;
        let first_end = !slot.ended;
        slot.ended = true;
        if first_end {
            slot.fingerprint = Some(slot.hash.finish());
        }
        match &mut slot.state {
            State::Head(buf) => {
                let buf = std::mem::take(buf);
                self.start(i, buf, true);
                // Started as a stream: its end is read now.
                if let Some(State::Stream(..)) = self.slots.get(i).map(|s| &s.state) {
                    self.feed(i, &[], true);
                }
            }
            State::Whole(_) => {}
            State::Stream(..) => self.feed(i, &[], true),
            State::Done => {}
        }
        if first_end {
            if let Some(first) = self.same_as_earlier(i) {
                self.refuse_duplicate(i, first);
            }
        }
        // A streamed file's platform chosen by the user, now that its rows are read (so that
        // platforms come in the order of the files).
        if let Some(s) = self.slots.get(i) {
            if let (State::Stream(..), Some(p)) = (&s.state, self.opts.platform_of(&s.spec.name)) {
                super::platform::apply_choice(&mut self.ds, &s.spec.name, &p, &s.ranges);
            }
        }
        if self.streaming == Some(i) {
            self.streaming = None;
            for d in std::mem::take(&mut self.deferred) {
                self.read_whole(d);
            }
        }
        if matches!(self.slots.get(i).map(|s| &s.state), Some(State::Whole(_))) {
            if self.streaming.is_some() {
                self.deferred.push(i);
            } else {
                self.read_whole(i);
            }
        }
        Ok(())
    }

    /// Bytes and rows so far.
    pub fn progress(&self) -> Progress {
        let mut p = Progress {
            files: self.slots.len() as u32,
            bytes_total: Some(0),
            ..Progress::default()
        };
        for s in &self.slots {
            p.bytes += s.received;
            p.bytes_total = p.bytes_total.and_then(|t| Some(t + s.spec.size?));
            p.files_ended += s.ended as u32;
            let (r, a, j) = match (&s.state, &s.report) {
                (State::Stream(st, _), _) => st.counts(),
                (_, Some(r)) => (r.rows_read, r.rows_accepted, r.rows_rejected),
                _ => (0, 0, 0),
            };
            p.rows_read += r;
            p.rows_accepted += a;
            p.rows_rejected += j;
        }
        p
    }

    /// The dataset as read so far (events in reading order; the steps across files not run).
    pub fn dataset(&self) -> &Dataset {
        &self.ds
    }

    /// The validation report as it stands (files still arriving count the rows read so far).
    pub fn validation(&self) -> Validation {
        super::validation::summarize(self.reports(), self.opts.tz_offset_minutes)
    }

    /// The result so far, with the steps across files run on a copy: ingestion can go on
    /// (rows appended to a streamed events file) and be finished again.
    pub fn loaded(&self) -> Loaded {
        let ranges = self.event_ranges();
        let mut ds = self.ds.clone();
        self.choose_streamed_platforms(&mut ds);
        super::assemble(
            ds,
            self.reports(),
            &ranges,
            &self.across.paid_orders,
            self.opts.tz_offset_minutes,
        )
    }

    /// Ends every file still open and runs the steps across files.
    pub fn finish(mut self) -> Loaded {
        for i in 0..self.slots.len() {
            if !self.slots.get(i).is_some_and(|s| s.ended) {
                let _ = self.end_file(FileId(i as u32));
            }
        }
        let reports = self.reports();
        let ranges = self.event_ranges();
        let mut ds = std::mem::take(&mut self.ds);
        self.choose_streamed_platforms(&mut ds);
        // The files' readers (a streamed file's duplicate set: 8–11 bytes per row) are freed
        // before the steps across files, whose sort is the peak of memory.
        let tz = self.opts.tz_offset_minutes;
        let Ingestor { across, slots, .. } = self;
        drop(slots);
        super::assemble(ds, reports, &ranges, &across.paid_orders, tz)
    }

    fn slot(&mut self, id: FileId) -> crate::Result<&mut Slot> {
        self.slots
            .get_mut(id.0 as usize)
            .ok_or_else(|| crate::Error::Params(format!("no file {}", id.0)))
    }

    /// Each file's report (a file not yet read: its name and bytes so far).
    fn reports(&self) -> Vec<FileReport> {
        self.slots
            .iter()
            .map(|s| match (&s.state, &s.report) {
                (State::Stream(st, _), _) => {
                    let ts: Vec<&[i64]> = s
                        .ranges
                        .iter()
                        .map(|r| self.ds.events.ts.get(r.clone()).unwrap_or_default())
                        .collect();
                    st.report(&self.ds, &ts, s.received)
                }
                (_, Some(r)) => r.clone(),
                _ => FileReport {
                    name: s.spec.name.clone(),
                    kind: s.spec.kind,
                    bytes: s.received,
                    ..FileReport::default()
                },
            })
            .map(|mut r| {
                if r.error.is_none() {
                    r.platform = self.opts.platform_of(&r.name);
                }
                r
            })
            .collect()
    }

    fn event_ranges(&self) -> Vec<(usize, std::ops::Range<usize>)> {
        self.slots
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.ranges.iter().map(move |r| (i, r.clone())))
            .collect()
    }

    /// The earlier ended file with the same content as file `i`, if any.
    fn same_as_earlier(&self, i: usize) -> Option<usize> {
        let f = self.slots.get(i)?.fingerprint?;
        if f.0 == 0 {
            return None;
        }
        self.slots
            .get(..i)?
            .iter()
            .position(|e| e.fingerprint == Some(f))
    }

    /// File `i` repeats file `first`: what it added is undone and it is reported once.
    fn refuse_duplicate(&mut self, i: usize, first: usize) {
        let first_name = self
            .slots
            .get(first)
            .map(|s| s.spec.name.clone())
            .unwrap_or_default();
        let Some(slot) = self.slots.get_mut(i) else {
            return;
        };
        if let State::Stream(_, snap) = &slot.state {
            let snap = snap.clone();
            snap.restore(&mut self.ds, &mut self.across.kind_of_name_id);
            slot.ranges.clear();
        }
        slot.state = State::Done;
        slot.report = Some(FileReport {
            name: slot.spec.name.clone(),
            kind: slot.spec.kind,
            bytes: slot.received,
            error: Some(FileError {
                code: "duplicate_file".to_owned(),
                message: format!(
                    "has the same content as {first_name} (the same file given twice); it is read once"
                ),
            }),
            ..FileReport::default()
        });
    }

    /// Understands file `i` from its first chunk `head` and either starts streaming it or
    /// keeps it whole.
    fn start(&mut self, i: usize, head: Vec<u8>, complete: bool) {
        let same_size = self.slots.get(..i).is_some_and(|earlier| {
            let size = self.slots.get(i).and_then(|s| s.spec.size);
            size.is_some() && earlier.iter().any(|e| e.spec.size == size)
        });
        let Some(slot) = self.slots.get(i) else {
            return;
        };
        let streamable = !same_size && self.streaming.is_none() && {
            // What the first chunk says: cut after its last complete line.
            let upto = match complete && head.len() <= WHOLE_HEAD {
                true => head.len(),
                false => memchr::memrchr(
                    b'\n',
                    head.get(..self.head.max(HEAD).min(head.len()))
                        .unwrap_or_default(),
                )
                .map_or(head.len(), |p| p + 1),
            };
            let probe = InputFile {
                name: slot.spec.name.clone(),
                bytes: head.get(..upto).unwrap_or_default().to_vec(),
                kind: slot.spec.kind,
                sheet: slot.spec.sheet.clone(),
                mapping: slot.spec.mapping.clone(),
            };
            match stream_for(&probe, &self.opts) {
                Some(st) => {
                    let snap = Snapshot::of(&self.ds, self.across.kind_of_name_id.len());
                    let mut st = st;
                    st.threads = self.threads;
                    st.min_range = self.min_range;
                    // Room for the rows the file's size suggests (the first chunk's line length).
                    if let Some(size) = slot.spec.size {
                        let lines = probe.bytes.iter().filter(|&&b| b == b'\n').count().max(1);
                        let rows = (size as f64 / probe.bytes.len().max(1) as f64
                            * lines as f64
                            * 1.02) as usize
                            + 16;
                        st.reserve(rows);
                        read::reserve_events(&mut self.ds.events, rows);
                    }
                    let at = self.ds.events.len();
                    if let Some(s) = self.slots.get_mut(i) {
                        s.state = State::Stream(Box::new(st), snap);
                        // Its events, from here (an events file without any still counts).
                        s.ranges.push(at..at);
                    }
                    self.streaming = Some(i);
                    true
                }
                None => false,
            }
        };
        if streamable {
            self.feed(i, &head, false);
        } else if let Some(s) = self.slots.get_mut(i) {
            s.state = State::Whole(head);
        }
    }

    /// Reads bytes of streamed file `i` (with `last`, its end).
    fn feed(&mut self, i: usize, bytes: &[u8], last: bool) {
        self.feed_with(i, |st, cx| st.push(bytes, last, cx));
    }

    /// [`Ingestor::feed`] with the streamed file's reading given (`read`).
    fn feed_with(
        &mut self,
        i: usize,
        read: impl FnOnce(&mut StreamedEvents, &mut Ctx) -> Result<(), FileError>,
    ) {
        let Some(slot) = self.slots.get_mut(i) else {
            return;
        };
        let State::Stream(st, snap) = &mut slot.state else {
            return;
        };
        let before = self.ds.events.len();
        let mut cx = Ctx {
            ds: &mut self.ds,
            opts: &self.opts,
            name_kind: &mut self.across.kind_of_name_id,
        };
        match read(st, &mut cx) {
            Ok(()) => {
                let after = self.ds.events.len();
                if after > before {
                    match slot.ranges.last_mut() {
                        Some(r) if r.end == before => r.end = after,
                        _ => slot.ranges.push(before..after),
                    }
                }
            }
            Err(e) => {
                // Refused half-way: what it added is undone.
                snap.restore(&mut self.ds, &mut self.across.kind_of_name_id);
                // Reported as a file that could not be opened.
                let r = FileReport {
                    name: slot.spec.name.clone(),
                    kind: slot.spec.kind,
                    bytes: slot.received,
                    error: Some(e),
                    ..FileReport::default()
                };
                slot.ranges.clear();
                slot.state = State::Done;
                slot.report = Some(r);
                if self.streaming == Some(i) {
                    self.streaming = None;
                }
            }
        }
    }

    /// Reads file `i`, kept whole, as a whole file.
    fn read_whole(&mut self, i: usize) {
        let Some(slot) = self.slots.get_mut(i) else {
            return;
        };
        let State::Whole(buf) = std::mem::replace(&mut slot.state, State::Done) else {
            return;
        };
        let file = InputFile {
            name: slot.spec.name.clone(),
            bytes: buf,
            kind: slot.spec.kind,
            sheet: slot.spec.sheet.clone(),
            mapping: slot.spec.mapping.clone(),
        };
        let opened = detect::open_file(&file);
        let start = self.ds.events.len();
        let (report, events) =
            super::read_opened(&file, opened, &self.opts, &mut self.ds, &mut self.across);
        let end = self.ds.events.len();
        if let Some(p) = self.opts.platform_of(&file.name) {
            let added = std::iter::once(start..end).collect::<Vec<_>>();
            super::platform::apply_choice(&mut self.ds, &file.name, &p, &added);
        }
        if let Some(slot) = self.slots.get_mut(i) {
            if events {
                slot.ranges.push(start..end);
            }
            slot.report = Some(report);
        }
    }

    /// Gives the platform the user chose for streamed files to their rows without one (rows
    /// appended after a file's end too).
    fn choose_streamed_platforms(&self, ds: &mut Dataset) {
        for s in &self.slots {
            if !matches!(s.state, State::Stream(..)) {
                continue;
            }
            if let Some(p) = self.opts.platform_of(&s.spec.name) {
                super::platform::apply_choice(ds, &s.spec.name, &p, &s.ranges);
            }
        }
    }
}

/// A streamed reader for a file whose first chunk is `probe`, when it is an events file in
/// delimited text that can be read line by line.
fn stream_for(probe: &InputFile, opts: &IngestOptions) -> Option<StreamedEvents> {
    let opened: Opened = detect::open_file(probe);
    let o = opened.ok()?;
    let info = &o.table.info;
    let text_ok = matches!(
        info.encoding.as_str(),
        "UTF-8" | "UTF-8 (BOM)" | "GB18030" | super::table::MIXED
    );
    let delimited = matches!(info.format.as_str(), "csv" | "tsv" | "delimited");
    // Lines ended by a lone CR are made LF-ended for the whole file at once.
    let lone_cr = probe.bytes.contains(&b'\r') && !probe.bytes.contains(&b'\n');
    if o.kind != FileKind::Events || o.layout.is_some() || !text_ok || !delimited || lone_cr {
        return None;
    }
    let (mapping, report) = columns::check_columns(probe, &o.table, o.kind, o.detected).ok()?;
    Some(StreamedEvents::new(&o, &mapping, report, opts))
}

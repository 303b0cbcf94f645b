//! [`LiveFeed`]: the whole watch path in one object — the [`Follower`] decides what is new in
//! the followed file, the chunked [`Ingestor`] appends its complete lines to the dataset (after
//! the history files, on the same ingestor, so ids are shared), and the [`LiveState`] takes the
//! new event rows. `livelens watch` and the page both drive it: they only read bytes (natively
//! from the file, in the page through the File System Access API).
//!
//! - The followed file is announced without a size and read as a stream once
//!   [`FIRST_LINES`] complete lines have arrived (its layout — encoding, delimiter, columns —
//!   is told from them, as from a whole file's first chunk), or earlier when the tool pauses
//!   with fewer. From then on every look's lines are appended rows: work per look
//!   proportional to them. Exact repeats of earlier rows (a re-read) are rejected as
//!   duplicates by ingestion, so they are never counted twice.
//! - A followed file that ingestion reads whole (JSON, NDJSON, spreadsheets, UTF-16) cannot be
//!   appended to: the feed then keeps its bytes and re-reads history + file at each look that
//!   brings lines (correct, but proportional to the whole file).

use serde::{Deserialize, Serialize};

use super::follow::{FollowStep, Follower};
use super::screen::LiveScreen;
use super::state::LiveState;
use super::LiveParams;
use crate::ingest::{
    self, FileId, FileSpec, IngestOptions, Ingestor, InputFile, Loaded, Validation,
};
use crate::model::Dataset;
use crate::Result;

/// What one look did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LookKind {
    /// New complete lines were ingested.
    Appended,
    /// Nothing complete was new (a pause, or a half-written last line).
    Waiting,
    /// The file was truncated or replaced: everything read from it was dropped.
    Restarted,
}

/// The outcome of [`LiveFeed::look`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LookOutcome {
    pub kind: LookKind,
    /// Bytes of complete lines ingested by this look.
    pub bytes: u64,
    /// Rows of the followed file read / accepted so far (after this look).
    pub rows_read: u64,
    pub rows_accepted: u64,
    /// Event rows the live state took by this look.
    pub new_events: u64,
    /// Bytes of a half-written last line held back.
    pub partial_bytes: u64,
    /// Looks in a row without new bytes.
    pub idle_looks: u32,
    /// Why the feed restarted (`Restarted` only).
    pub message: Option<String>,
}

/// Complete lines of the followed file to see before its layout is told (see the module doc).
pub const FIRST_LINES: usize = 64;

/// Follows one growing events file on top of optional history files.
pub struct LiveFeed {
    params: LiveParams,
    opts: IngestOptions,
    history: Vec<InputFile>,
    /// The followed file's name, kind and mapping.
    spec: FileSpec,
    follower: Follower,
    state: LiveState,
    ing: Ingestor,
    live: FileId,
    /// The followed file was told (ended once: from then on its bytes are appended rows).
    started: bool,
    /// Lines handed in before it was told.
    lines_before_start: usize,
    /// Its bytes, kept while it is not known to be streamed (and for good when it is read
    /// whole: then every look re-reads it).
    kept: Vec<u8>,
    whole: bool,
    /// Rows read and accepted from the history files.
    history_rows: (u64, u64),
}

impl LiveFeed {
    /// A feed for `file` (its `bytes` are ignored: they come through [`LiveFeed::look`]);
    /// `history`: earlier exports (other sessions: the baseline; catalogue, users, sessions
    /// tables), read once now.
    pub fn new(
        params: LiveParams,
        opts: IngestOptions,
        file: InputFile,
        history: Vec<InputFile>,
    ) -> Result<LiveFeed> {
        let state = LiveState::new(params.clone())?;
        let spec = FileSpec {
            name: file.name,
            size: None,
            kind: file.kind,
            sheet: file.sheet,
            mapping: file.mapping,
        };
        let (ing, live) = begin(&opts, &history, &spec);
        let p = ing.progress();
        Ok(LiveFeed {
            history_rows: (p.rows_read, p.rows_accepted),
            params,
            opts,
            history,
            spec,
            follower: Follower::new(),
            state,
            ing,
            live,
            started: false,
            lines_before_start: 0,
            kept: Vec::new(),
            whole: false,
        })
    }

    /// Where the next look reads from (bytes from the start of the file).
    pub fn offset(&self) -> u64 {
        self.follower.offset()
    }

    /// How many leading bytes the next look hands over as `head`.
    pub fn head_len(&self, size: u64) -> usize {
        self.follower.head_len(size)
    }

    /// One look at the file: its `size` now, its first `head_len(size)` bytes and the bytes
    /// from `offset()` on (fewer is fine). Never fails on the file's content: rows it cannot
    /// read are rejected in the validation report.
    pub fn look(&mut self, size: u64, head: &[u8], appended: &[u8]) -> LookOutcome {
        match self.follower.step(size, head, appended) {
            FollowStep::Append(bytes) => {
                let n = bytes.len() as u64;
                let new_events = self.append(&bytes);
                self.outcome(LookKind::Appended, n, new_events, 0, None)
            }
            FollowStep::Wait { idle_looks, .. } => {
                // The tool paused before enough lines came to tell the layout: tell it from
                // what there is, so that the rows show.
                let new_events = if idle_looks > 0 && !self.started && self.lines_before_start > 1 {
                    let before = self.ing.dataset().events.len();
                    self.start(before)
                } else {
                    0
                };
                self.outcome(LookKind::Waiting, 0, new_events, idle_looks, None)
            }
            FollowStep::Restart { message } => {
                self.restart();
                self.outcome(LookKind::Restarted, 0, 0, 0, Some(message))
            }
        }
    }

    /// The stream has ended: ingests a last line without a line break and applies the rows
    /// held for reordering.
    pub fn finish(&mut self) {
        let rest = self.follower.finish();
        if !rest.is_empty() {
            self.append(&rest);
        }
        let before = self.ing.dataset().events.len();
        if !self.whole {
            // Reads a last line without a line end (and tells a file never told yet).
            let _ = self.ing.end_file(self.live);
            self.started = true;
        }
        self.take_rows(before);
        self.state.finish(self.ing.dataset());
    }

    pub fn screen(&self) -> LiveScreen {
        self.state.screen(self.ing.dataset())
    }

    pub fn state(&self) -> &LiveState {
        &self.state
    }

    /// History and followed file as read so far, events in reading order (for the lottery's
    /// eligibility, `crate::lottery::candidates`).
    pub fn dataset(&self) -> &Dataset {
        self.ing.dataset()
    }

    /// The validation report so far (rows read = accepted + rejected). Builds it: work
    /// proportional to the rows (a look's [`LookOutcome`] has the followed file's counts).
    pub fn validation(&self) -> Validation {
        self.ing.validation()
    }

    /// Everything read so far with the steps across files run, for a report: a copy, the
    /// feed goes on.
    pub fn loaded(&self) -> Loaded {
        self.ing.loaded()
    }

    /// How often the file was truncated or replaced.
    pub fn restarts(&self) -> u32 {
        self.follower.restarts()
    }

    fn outcome(
        &self,
        kind: LookKind,
        bytes: u64,
        new_events: u64,
        idle_looks: u32,
        message: Option<String>,
    ) -> LookOutcome {
        // Progress is cheap (counts per file); the history's rows are subtracted.
        let p = self.ing.progress();
        LookOutcome {
            kind,
            bytes,
            rows_read: p.rows_read.saturating_sub(self.history_rows.0),
            rows_accepted: p.rows_accepted.saturating_sub(self.history_rows.1),
            new_events,
            partial_bytes: self.follower.partial_len() as u64,
            idle_looks,
            message,
        }
    }

    /// Appends complete lines and hands the new event rows to the state; returns how many.
    fn append(&mut self, bytes: &[u8]) -> u64 {
        if self.whole {
            self.kept.extend_from_slice(bytes);
            return self.reread();
        }
        let before = self.ing.dataset().events.len();
        let _ = self.ing.push(self.live, bytes);
        if !self.started {
            self.kept.extend_from_slice(bytes);
            self.lines_before_start += bytes.iter().filter(|&&b| b == b'\n').count();
            if self.lines_before_start > FIRST_LINES {
                return self.start(before);
            }
        }
        self.take_rows(before)
    }

    /// Hands the rows after `before` to the state. When ingestion refused the followed file
    /// half-way (its rows undone, an error in its report), the state starts over empty.
    fn take_rows(&mut self, before: usize) -> u64 {
        let after = self.ing.dataset().events.len();
        if after < before {
            // Its report now carries the error; the screen starts empty.
            if let Ok(st) = LiveState::new(self.params.clone()) {
                self.state = st;
            }
            return 0;
        }
        self.state.update(self.ing.dataset(), before..after);
        (after - before) as u64
    }

    /// Tells the followed file's layout from the lines so far (ends it once: later bytes are
    /// appended rows). A file read whole switches the feed to re-reading.
    /// `before`: the number of events before the lines not yet handed to the state.
    fn start(&mut self, before: usize) -> u64 {
        let _ = self.ing.end_file(self.live);
        self.started = true;
        if self.ing.push(self.live, &[]).is_err() {
            // Read whole (not a CSV/TSV stream): keep the bytes, re-read at each look.
            self.whole = true;
            return self.reread();
        }
        self.kept = Vec::new();
        self.take_rows(before)
    }

    /// History + the followed file's bytes read again, the state rebuilt (files read whole).
    fn reread(&mut self) -> u64 {
        let (mut ing, live) = begin(&self.opts, &self.history, &self.spec);
        let _ = ing.push(live, &self.kept);
        let _ = ing.end_file(live);
        self.ing = ing;
        self.live = live;
        let before = self.state.applied_rows();
        if let Ok(mut st) = LiveState::new(self.params.clone()) {
            st.update(self.ing.dataset(), 0..self.ing.dataset().events.len());
            self.state = st;
        }
        self.state.applied_rows().saturating_sub(before)
    }

    fn restart(&mut self) {
        let (ing, live) = begin(&self.opts, &self.history, &self.spec);
        self.ing = ing;
        self.live = live;
        self.started = false;
        self.lines_before_start = 0;
        self.kept = Vec::new();
        self.whole = false;
        if let Ok(st) = LiveState::new(self.params.clone()) {
            self.state = st;
        }
    }
}

/// An ingestor with the history read and the followed file announced.
fn begin(opts: &IngestOptions, history: &[InputFile], spec: &FileSpec) -> (Ingestor, FileId) {
    let mut ing = Ingestor::new(opts);
    ingest::push_files(&mut ing, history);
    let live = ing.begin_file(spec.clone());
    (ing, live)
}

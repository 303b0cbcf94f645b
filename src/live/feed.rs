//! [`LiveFeed`]: the whole watch path in one object — the [`Follower`] decides what is new in
//! the followed file, ingestion appends it to the dataset (after the history files), and the
//! [`LiveState`] takes the new rows. `livelens watch` and the page both drive it: they only
//! read bytes (natively from the file, in the page through the File System Access API).

use serde::{Deserialize, Serialize};

use super::follow::{FollowStep, Follower};
use super::screen::LiveScreen;
use super::state::LiveState;
use super::LiveParams;
use crate::ingest::{self, IngestOptions, InputFile, Loaded, Validation};
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

/// Follows one growing events file on top of optional history files.
#[derive(Debug, Clone)]
pub struct LiveFeed {
    params: LiveParams,
    opts: IngestOptions,
    history: Vec<InputFile>,
    /// The followed file's name, kind and mapping (its bytes: what was read so far).
    file: InputFile,
    follower: Follower,
    state: LiveState,
    loaded: Loaded,
    /// Event rows already handed to the state.
    events_seen: usize,
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
        let mut feed = LiveFeed {
            params,
            opts,
            history,
            file: InputFile {
                bytes: Vec::new(),
                ..file
            },
            follower: Follower::new(),
            state,
            loaded: Loaded::default(),
            events_seen: 0,
        };
        feed.reload();
        Ok(feed)
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
                self.outcome(LookKind::Waiting, 0, 0, idle_looks, None)
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
        self.state.finish(&self.loaded.dataset);
    }

    pub fn screen(&self) -> LiveScreen {
        self.state.screen(&self.loaded.dataset)
    }

    pub fn state(&self) -> &LiveState {
        &self.state
    }

    /// History and followed file as read so far (for the report, the lottery's eligibility).
    pub fn dataset(&self) -> &Dataset {
        &self.loaded.dataset
    }

    pub fn validation(&self) -> &Validation {
        &self.loaded.validation
    }

    pub fn loaded(&self) -> &Loaded {
        &self.loaded
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
        let f = self.loaded.validation.files.last();
        LookOutcome {
            kind,
            bytes,
            rows_read: f.map_or(0, |f| f.rows_read),
            rows_accepted: f.map_or(0, |f| f.rows_accepted),
            new_events,
            partial_bytes: self.follower.partial_len() as u64,
            idle_looks,
            message,
        }
    }

    /// Appends complete lines and hands the new event rows to the state; returns how many.
    ///
    /// TEMPORARY (until the chunked ingestor lands): re-reads history + the bytes so far and
    /// replays every row into a fresh state — correct, but not proportional to the new rows.
    fn append(&mut self, bytes: &[u8]) -> u64 {
        self.file.bytes.extend_from_slice(bytes);
        self.reload();
        let before = self.events_seen;
        if let Ok(mut st) = LiveState::new(self.params.clone()) {
            st.update(&self.loaded.dataset, 0..self.loaded.dataset.events.len());
            self.state = st;
        }
        self.events_seen = self.state.applied_rows() as usize;
        self.events_seen.saturating_sub(before) as u64
    }

    fn reload(&mut self) {
        let mut files = self.history.clone();
        if !self.file.bytes.is_empty() {
            files.push(self.file.clone());
        }
        self.loaded = ingest::load(&files, &self.opts);
    }

    fn restart(&mut self) {
        self.file.bytes.clear();
        self.events_seen = 0;
        if let Ok(st) = LiveState::new(self.params.clone()) {
            self.state = st;
        }
        self.reload();
    }
}

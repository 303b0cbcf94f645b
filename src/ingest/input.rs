//! What ingestion is handed: the user's files and the options of reading them.

use serde::{Deserialize, Serialize};

use super::fields::{Field, FileKind};
use crate::model::EventKind;

/// One file handed in by the user.
#[derive(Debug, Clone, Default)]
pub struct InputFile {
    pub name: String,
    pub bytes: Vec<u8>,
    /// What the user says the file is; `None` = detect from the columns.
    pub kind: Option<FileKind>,
    /// A spreadsheet's sheet; `None` = the first.
    pub sheet: Option<String>,
    /// Column mapping overrides: field → header (`None` = do not use any column for it).
    pub mapping: Vec<(Field, Option<String>)>,
}

impl InputFile {
    /// A file from text, of a known kind (`None` = detect it).
    pub fn from_text(name: &str, kind: Option<FileKind>, text: &str) -> InputFile {
        InputFile {
            name: name.to_owned(),
            bytes: text.as_bytes().to_vec(),
            kind,
            ..InputFile::default()
        }
    }
}

/// Settings of ingestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct IngestOptions {
    /// Offset of naive timestamps from UTC, minutes.
    pub tz_offset_minutes: i32,
    /// Drop exact duplicate rows (each is listed as rejected, reason `duplicate_row`).
    pub drop_duplicates: bool,
    /// The user's mapping of unknown event names to canonical events.
    pub event_map: Vec<(String, EventKind)>,
    /// Examples kept per rejection reason.
    pub max_examples: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            tz_offset_minutes: 0,
            drop_duplicates: true,
            event_map: Vec::new(),
            max_examples: 5,
        }
    }
}

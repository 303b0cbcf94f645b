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
    /// The platform of every file's rows that no recognised layout or `platform` column
    /// places (the CLI's `--platform NAME`); a file named in `file_platforms` takes its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub platform: Option<String>,
    /// The user's platform of one file's rows that no layout or `platform` column places:
    /// (file name, platform), as the page's per-file selector and `--platform FILE=NAME` set it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub file_platforms: Vec<(String, String)>,
}

impl IngestOptions {
    /// The platform the user chose for file `name`, normalised (`抖音` → `douyin`); `None`
    /// when none was chosen or the choice is not a platform's name ([`IngestOptions::check`]
    /// says why).
    pub fn platform_of(&self, name: &str) -> Option<String> {
        let chosen = self
            .file_platforms
            .iter()
            .rev()
            .find(|(f, _)| f == name)
            .map(|(_, p)| p)
            .or(self.platform.as_ref())?;
        super::platform::chosen_platform(chosen).ok()
    }

    /// Checks the platform choices: each a platform's name ([`super::platform::chosen_platform`]),
    /// each naming a file. An error names the file and the value.
    pub fn check(&self) -> crate::Result<()> {
        let bad = |what: String| crate::Error::Params(what);
        if let Some(p) = &self.platform {
            super::platform::chosen_platform(p).map_err(bad)?;
        }
        for (f, p) in &self.file_platforms {
            if f.trim().is_empty() {
                return Err(bad(format!("a platform choice (\"{p}\") names no file")));
            }
            super::platform::chosen_platform(p).map_err(|e| bad(format!("{f}: {e}")))?;
        }
        Ok(())
    }
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            tz_offset_minutes: 0,
            drop_duplicates: true,
            event_map: Vec::new(),
            max_examples: 5,
            platform: None,
            file_platforms: Vec::new(),
        }
    }
}

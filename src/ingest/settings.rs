//! The page's per-file choices (kind, sheet, column mapping) as JSON, applied to the files.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::fields::{Field, FileKind};
use super::input::{IngestOptions, InputFile};

/// The user's choices for one file, as the page sends them (JSON).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct FileSettings {
    pub name: String,
    pub kind: Option<FileKind>,
    pub sheet: Option<String>,
    /// Field key → header (`null` = no column for that field).
    pub mapping: BTreeMap<String, Option<String>>,
}

/// Ingestion settings plus per-file choices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Settings {
    pub options: IngestOptions,
    pub files: Vec<FileSettings>,
}

impl Settings {
    /// Applies the per-file choices to the files of the same name. Unknown field keys are an
    /// error, so that a typo does not silently do nothing.
    pub fn apply(&self, files: &mut [InputFile]) -> crate::Result<()> {
        for fs in &self.files {
            let Some(f) = files.iter_mut().find(|f| f.name == fs.name) else {
                continue;
            };
            f.kind = fs.kind;
            f.sheet = fs.sheet.clone();
            f.mapping = fs
                .mapping
                .iter()
                .map(|(k, v)| {
                    Field::from_key(k)
                        .map(|field| (field, v.clone()))
                        .ok_or_else(|| crate::Error::Params(format!("unknown field \"{k}\"")))
                })
                .collect::<crate::Result<_>>()?;
        }
        Ok(())
    }
}

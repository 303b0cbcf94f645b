//! The crate's error type. User-facing messages are plain sentences naming the file (and, where
//! known, row and column); they are shown as text in the page and printed by the CLI.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// A file could not be read as the kind of table expected. `code` is a stable key the page
    /// translates; `message` is the English sentence.
    Input {
        file: String,
        code: &'static str,
        message: String,
    },
    /// Settings that make no sense (a funnel of one step, k = 0, ...).
    Params(String),
    /// Not enough data for an analysis (e.g. no `pay` events for RFM).
    NotEnoughData(String),
    /// A chart could not be drawn.
    Chart(String),
    Io(String),
}

impl Error {
    pub fn input(file: &str, code: &'static str, message: impl Into<String>) -> Self {
        Error::Input {
            file: file.to_owned(),
            code,
            message: message.into(),
        }
    }

    /// Stable machine-readable key of the error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Input { code, .. } => code,
            Error::Params(_) => "params",
            Error::NotEnoughData(_) => "not_enough_data",
            Error::Chart(_) => "chart",
            Error::Io(_) => "io",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input { file, message, .. } => write!(f, "{file}: {message}"),
            Error::Params(m) => write!(f, "invalid settings: {m}"),
            Error::NotEnoughData(m) => write!(f, "not enough data: {m}"),
            Error::Chart(m) => write!(f, "chart: {m}"),
            Error::Io(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

//! The crate's error type. User-facing messages are plain sentences naming the file (and, where
//! known, row and column); they are shown as text in the page and printed by the CLI.
//! [`ErrorInfo`] is the same error as structured data, for the page: it crosses the wasm boundary
//! as a JS value and the page words it in its language from `code`, never by parsing the text.

use std::fmt;

use serde::Serialize;

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

/// An error as structured data: a stable `code` to translate, the English `message`, and the
/// facts a translated message needs. Fields that do not apply are `None` (`null` in JS).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorInfo {
    /// Stable key: an [`Error::code`], `too_big`, or one of the binding's own (`bad_options`,
    /// `no_data`, `no_upload`, `not_analysed`, `canvas`).
    pub code: String,
    /// The English sentence (what the CLI prints).
    pub message: String,
    /// The file concerned, when there is one.
    pub file: Option<String>,
    /// 1-based line of the file, when known.
    pub line: Option<u64>,
    /// Column (header name), when known.
    pub column: Option<String>,
    /// For `too_big`: bytes the input needs.
    pub size: Option<u64>,
    /// For `too_big`: bytes that would fit.
    pub fits: Option<u64>,
}

impl ErrorInfo {
    /// An error with a code and a message and no other facts.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ErrorInfo {
            code: code.to_owned(),
            message: message.into(),
            file: None,
            line: None,
            column: None,
            size: None,
            fits: None,
        }
    }
}

impl From<&Error> for ErrorInfo {
    fn from(e: &Error) -> Self {
        let mut info = ErrorInfo::new(e.code(), e.to_string());
        if let Error::Input { file, .. } = e {
            info.file = Some(file.clone());
        }
        info
    }
}

impl From<Error> for ErrorInfo {
    fn from(e: Error) -> Self {
        ErrorInfo::from(&e)
    }
}

impl From<&crate::upload::TooBig> for ErrorInfo {
    fn from(e: &crate::upload::TooBig) -> Self {
        ErrorInfo {
            file: Some(e.name.clone()),
            size: Some(e.size),
            fits: Some(e.fits),
            ..ErrorInfo::new("too_big", e.to_string())
        }
    }
}

impl fmt::Display for ErrorInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_info_keeps_code_file_and_message() {
        let e = Error::input("orders.csv", "missing_columns", "no amount column");
        let info = ErrorInfo::from(&e);
        assert_eq!(info.code, "missing_columns");
        assert_eq!(info.file.as_deref(), Some("orders.csv"));
        assert_eq!(info.message, "orders.csv: no amount column");
        let p = ErrorInfo::from(Error::Params("k must be at least 2".into()));
        assert_eq!((p.code.as_str(), p.file), ("params", None));
    }

    #[test]
    fn too_big_carries_size_and_fits() {
        let e = crate::upload::check_fits("big.csv", 5_000, 0, 1_000).err();
        let info = ErrorInfo::from(e.as_ref().unwrap());
        assert_eq!(info.code, "too_big");
        assert_eq!((info.size, info.fits), (Some(5_000), Some(1_000)));
        assert_eq!(info.file.as_deref(), Some("big.csv"));
    }
}

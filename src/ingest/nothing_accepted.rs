//! The decision "nothing usable was loaded": when no row of the events and orders files was
//! accepted, every analysis would be empty, so the CLI exits with an error (and the page shows
//! one) instead of writing an empty report. The error names the main reason and one example
//! (file, line, column, value), taken from the validation's rejected-row groups.

use super::{FileKind, FileReport, Validation};
use crate::{Error, Result};

/// Stable code of the error returned by [`ensure_rows_accepted`].
pub const NO_ROWS_ACCEPTED: &str = "no_rows_accepted";

/// Longest example value quoted in the message, in characters.
const MAX_VALUE_CHARS: usize = 60;

/// `Ok` when at least one row of an events or orders file was accepted (or, when no such file
/// was given, at least one row of any file). Otherwise an [`Error::Input`] with code
/// [`NO_ROWS_ACCEPTED`] whose message gives the counts, the reason that rejected the most rows
/// (ties: the first met, files in the order given) and its first example.
pub fn ensure_rows_accepted(v: &Validation) -> Result<()> {
    let activity = |f: &&FileReport| matches!(f.kind, Some(FileKind::Events | FileKind::Orders));
    let files: Vec<&FileReport> = if v.files.iter().any(|f| activity(&f)) {
        v.files.iter().filter(activity).collect()
    } else {
        v.files.iter().collect()
    };
    if files.iter().any(|f| f.rows_accepted > 0) {
        return Ok(());
    }
    let read: u64 = files.iter().map(|f| f.rows_read).sum();
    let which = if files.iter().any(activity) {
        "the events and orders files"
    } else {
        "the files"
    };
    // Rows rejected per reason over those files, in order of first appearance.
    let mut reasons: Vec<(&str, u64)> = Vec::new();
    for g in files.iter().flat_map(|f| &f.rejected_by_reason) {
        match reasons.iter_mut().find(|(r, _)| *r == g.reason) {
            Some((_, c)) => *c += g.count,
            None => reasons.push((&g.reason, g.count)),
        }
    }
    let main = reasons
        .iter()
        .fold(None::<(&str, u64)>, |best, &(r, c)| match best {
            Some((_, bc)) if bc >= c => best,
            _ => Some((r, c)),
        });
    let Some((reason, count)) = main else {
        let file = files.first().map(|f| f.name.as_str()).unwrap_or("input");
        let what = match files.iter().find_map(|f| f.error.as_ref()) {
            Some(e) => format!("; {}", e.message),
            None => String::new(),
        };
        return Err(Error::input(
            file,
            NO_ROWS_ACCEPTED,
            format!("no row was accepted: {which} hold no data rows{what}"),
        ));
    };
    // The first file holding the main reason, its group and first example.
    let found = files.iter().find_map(|f| {
        f.rejected_by_reason
            .iter()
            .find(|g| g.reason == reason)
            .map(|g| (f, g))
    });
    let (file, message, example) = match found {
        Some((f, g)) => (f.name.as_str(), g.message.as_str(), g.examples.first()),
        None => ("input", reason, None),
    };
    let example = example
        .map(|e| {
            let mut value: String = e.value.chars().take(MAX_VALUE_CHARS).collect();
            if e.value.chars().nth(MAX_VALUE_CHARS).is_some() {
                value.push('…');
            }
            format!(
                "; e.g. {file} line {}, column \"{}\", value \"{value}\"",
                e.line, e.column
            )
        })
        .unwrap_or_default();
    Err(Error::input(
        file,
        NO_ROWS_ACCEPTED,
        format!(
            "no row was accepted: all {read} rows of {which} were rejected; the main reason: \
             {message} ({count} {}){example}",
            if count == 1 { "row" } else { "rows" }
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{load, IngestOptions, InputFile};

    fn load_csv(files: &[(&str, &str)]) -> Validation {
        let files: Vec<InputFile> = files
            .iter()
            .map(|(name, text)| InputFile {
                name: (*name).to_owned(),
                bytes: text.as_bytes().to_vec(),
                ..InputFile::default()
            })
            .collect();
        load(&files, &IngestOptions::default()).validation
    }

    #[test]
    fn accepted_rows_pass() {
        let v = load_csv(&[(
            "e.csv",
            "user_id,event,timestamp\nu1,enter,2026-03-01 20:00:00\nu2,enter,not a time\n",
        )]);
        assert!(ensure_rows_accepted(&v).is_ok());
    }

    #[test]
    fn all_rejected_names_main_reason_and_example() {
        let v = load_csv(&[(
            "e.csv",
            "user_id,event,timestamp\nu1,enter,yesterday\nu2,enter,soon\n,enter,2026-03-01 20:00:00\n",
        )]);
        let e = ensure_rows_accepted(&v).unwrap_err();
        assert_eq!(e.code(), NO_ROWS_ACCEPTED);
        let text = e.to_string();
        assert!(
            text.starts_with("e.csv: no row was accepted: all 3 rows"),
            "{text}"
        );
        assert!(text.contains("(2 rows)"), "{text}");
        assert!(
            text.contains("e.g. e.csv line 2, column \"timestamp\", value \"yesterday\""),
            "{text}"
        );
    }

    #[test]
    fn users_file_alone_does_not_count_as_activity() {
        let v = load_csv(&[
            ("e.csv", "user_id,event,timestamp\nu1,enter,yesterday\n"),
            ("u.csv", "user_id,city\nu1,Beijing\n"),
        ]);
        let e = ensure_rows_accepted(&v).unwrap_err();
        assert!(e.to_string().contains("the events and orders files"), "{e}");
    }

    #[test]
    fn long_values_are_cut_on_a_character() {
        let long = "时".repeat(200);
        let v = load_csv(&[(
            "e.csv",
            &format!("user_id,event,timestamp\nu1,enter,{long}\n"),
        )]);
        let text = ensure_rows_accepted(&v).unwrap_err().to_string();
        assert!(
            text.contains(&format!("{}…", "时".repeat(MAX_VALUE_CHARS))),
            "{text}"
        );
    }
}

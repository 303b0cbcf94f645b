//! The validation report: what was understood about each file and why each rejected row was
//! rejected, so that `rows_read = rows_accepted + rows_rejected` per file and overall.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::fields::FileKind;

/// A rejected row, as shown to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RejectExample {
    pub line: u64,
    pub column: String,
    pub value: String,
}

/// Rejected rows of one reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReasonGroup {
    /// Stable key (`bad_time`, `missing_user`, …); the page translates it.
    pub reason: String,
    /// English description.
    pub message: String,
    pub count: u64,
    pub examples: Vec<RejectExample>,
}

/// A column of a file and what it was understood as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColumnInfo {
    pub header: String,
    /// The field key (`user`, `time`, …), `attribute` for a users-file attribute, or `None`.
    pub field: Option<String>,
    pub samples: Vec<String>,
}

/// A name and how often it occurred.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NameCount {
    pub name: String,
    pub count: u64,
}

/// Everything understood about one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileReport {
    pub name: String,
    pub kind: Option<FileKind>,
    /// Whether the kind was detected (true) or given by the user (false).
    pub kind_detected: bool,
    pub format: String,
    pub encoding: String,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub bytes: u64,
    pub columns: Vec<ColumnInfo>,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    /// Accepted `pay`/`refund` rows of an events file that an orders file also holds (counted
    /// once, from the orders file).
    pub merged_with_orders: u64,
    pub rejected_by_reason: Vec<ReasonGroup>,
    /// Event names that are not canonical and not mapped, with counts (events files).
    pub unknown_events: Vec<NameCount>,
    pub warnings: Vec<String>,
    /// A problem with the whole file (no rows were used): stable code and English message.
    pub error: Option<FileError>,
    /// The platform layout the file was recognised as (`Douyin shop order export, one row per
    /// order line`), with the role and unit of each column; absent for other files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<Box<super::layouts::LayoutReport>>,
    /// The platform the user chose for the file's rows that no layout or `platform` column
    /// places (normalised: `抖音` → `douyin`); absent when none was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub platform: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileError {
    pub code: String,
    pub message: String,
}

/// The validation report over all files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Validation {
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    pub duplicates_dropped: u64,
    /// Rejected rows per reason key, all files together.
    pub rejected_by_reason: BTreeMap<String, u64>,
    pub files: Vec<FileReport>,
    pub tz_offset_minutes: i32,
}

impl Validation {
    /// Whether any file could not be used at all.
    pub fn file_errors(&self) -> impl Iterator<Item = (&str, &FileError)> {
        self.files
            .iter()
            .filter_map(|f| f.error.as_ref().map(|e| (f.name.as_str(), e)))
    }
}

fn reason_message(code: &str) -> &'static str {
    match code {
        "wrong_field_count" => "the row has a different number of fields than the header",
        "not_an_object" => "the JSON element is not an object",
        "missing_user" => "empty user id",
        "missing_time" => "empty timestamp",
        "bad_time" => "unparsable timestamp",
        "time_out_of_range" => "timestamp outside 1900–2100",
        "missing_event" => "empty event name",
        "missing_amount" => "empty amount",
        "bad_amount" => "unparsable amount",
        "negative_amount" => "negative amount",
        "non_finite_amount" => "NaN or infinite amount",
        "amount_too_large" => "amount above 1,000,000,000,000 (a unit or format mistake?)",
        "ambiguous_number" => "number that reads differently with a decimal comma or point (1,234 / 1.000), and no other value of the column tells which",
        "number_format_conflict" => "number written with the other decimal separator than the rest of its column",
        "missing_item" => "empty product id",
        "missing_session" => "empty session id",
        "bad_price" => "unparsable or negative price",
        "bad_spend" => "unparsable or negative ad spend",
        "bad_quantity" => "quantity is not a whole number of 0 or more",
        "unknown_status" => "unknown order status",
        "missing_order" => "empty order id",
        "value_too_long" => "an id longer than 1,000 characters",
        "too_many_fields" => "the row has more fields than the column limit",
        "duplicate_row" => "exact duplicate of an earlier row",
        "bad_duration" => "unreadable duration (1h2m, 01:02:03, 62分钟 or seconds)",
        "end_before_start" => "the session ends before it starts",
        "bad_number" => "not a number of 0 or more (12,345, 1.2万 and 1.5K are read)",
        "unknown_event_type" => "unknown message type of the capture tool",
        _ => "rejected",
    }
}

/// The tally of one file's rows while it is read: its report, counting read and accepted rows,
/// and the rejected rows grouped by reason.
#[derive(Clone)]
pub(super) struct RowTally {
    pub(super) report: FileReport,
    groups: BTreeMap<&'static str, ReasonGroup>,
    max_examples: usize,
}

impl RowTally {
    pub(super) fn new(report: FileReport, max_examples: usize) -> RowTally {
        RowTally {
            report,
            groups: BTreeMap::new(),
            max_examples,
        }
    }

    /// Counts a rejected row under reason `code`, keeping it as an example while there is room.
    pub(super) fn reject(&mut self, code: &'static str, line: u64, column: &str, value: &str) {
        self.report.rows_rejected += 1;
        let g = self.groups.entry(code).or_insert_with(|| ReasonGroup {
            reason: code.to_owned(),
            message: reason_message(code).to_owned(),
            count: 0,
            examples: Vec::new(),
        });
        g.count += 1;
        if g.examples.len() < self.max_examples {
            let mut v: String = value.chars().take(100).collect();
            if value.chars().nth(100).is_some() {
                v.push('…');
            }
            g.examples.push(RejectExample {
                line,
                column: column.to_owned(),
                value: v,
            });
        }
    }

    /// The report as it stands (the tally goes on counting).
    pub(super) fn snapshot(&self) -> FileReport {
        self.clone().finish()
    }

    /// The file's report: an error when it had no data rows, and the reasons, most frequent
    /// first.
    pub(super) fn finish(mut self) -> FileReport {
        if self.report.rows_read == 0 {
            self.report.error = Some(FileError {
                code: "no_rows".to_owned(),
                message: "has a header row but no data rows".to_owned(),
            });
        }
        self.report.rejected_by_reason = self.groups.into_values().collect();
        crate::sort::by(&mut self.report.rejected_by_reason, |a, b| {
            b.count.cmp(&a.count).then(a.reason.cmp(&b.reason))
        });
        self.report
    }
}

/// The report over all files: the files' totals, and the files in the order given.
pub(super) fn summarize(reports: Vec<FileReport>, tz_offset_minutes: i32) -> Validation {
    let mut v = Validation {
        tz_offset_minutes,
        ..Validation::default()
    };
    for r in &reports {
        v.rows_read += r.rows_read;
        v.rows_accepted += r.rows_accepted;
        v.rows_rejected += r.rows_rejected;
        for g in &r.rejected_by_reason {
            *v.rejected_by_reason.entry(g.reason.clone()).or_default() += g.count;
            if g.reason == "duplicate_row" {
                v.duplicates_dropped += g.count;
            }
        }
    }
    v.files = reports;
    v
}

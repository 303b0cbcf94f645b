//! A sessions file: one row per live session with its host, title, start, end and ad spend.

use super::cells::{for_each_checked_row, intern_opt, money_of, required, time_of};
use crate::ingest::columns::ColumnMap;
use crate::ingest::fields::Field;
use crate::ingest::input::IngestOptions;
use crate::ingest::table::Table;
use crate::ingest::validation::RowTally;
use crate::model::{Dataset, SessionInfo, NONE};

/// Reads a sessions file into the dataset's session info (host, title, start, end, ad spend).
pub(super) fn read_sessions(
    t: &Table,
    columns: &ColumnMap,
    opts: &IngestOptions,
    ds: &mut Dataset,
    tally: &mut RowTally,
) {
    for_each_checked_row(t, opts, tally, |tally, line, row| {
        let Some(id) = required(
            tally,
            line,
            || columns.header(Field::Session),
            columns.get(Field::Session, row),
            "missing_session",
        ) else {
            return;
        };
        let mut times = [None, None];
        for (slot, f) in times.iter_mut().zip([Field::Start, Field::End]) {
            if columns.get(f, row).is_some_and(|v| !v.trim().is_empty()) {
                match time_of(tally, columns, f, line, row, opts) {
                    Some(t) => *slot = Some(t),
                    None => return,
                }
            }
        }
        let Ok(spend) = money_of(tally, columns, Field::AdSpend, line, row, "bad_spend") else {
            return;
        };
        let s = ds.sessions.intern(id) as usize;
        let host = intern_opt(&mut ds.hosts, columns.get(Field::Host, row));
        if ds.session_info.len() <= s {
            ds.session_info.resize(
                s + 1,
                SessionInfo {
                    host: NONE,
                    ..Default::default()
                },
            );
        }
        let Some(info) = ds.session_info.get_mut(s) else {
            return;
        };
        info.title = columns
            .get(Field::Title, row)
            .unwrap_or("")
            .trim()
            .to_owned();
        info.host = host;
        let [start, end] = times;
        info.start = start;
        info.end = end;
        info.ad_spend = spend;
        tally.report.rows_accepted += 1;
    });
}

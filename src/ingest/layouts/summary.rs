//! Reading a session summary (one row per live session): each row's session (its room id, else
//! its session id, else its start time), start and end (or start and duration), title and
//! host into the sessions table, and its figures into `Dataset::session_figures`, money in the
//! layout's unit.

use rustc_hash::{FxHashMap, FxHashSet};

use super::figures::{count_value, duration_seconds, money_value, start_ms};
use super::rows::{admit_row, column_infos, first_path, value, Getter, Resolved, RowJson};
use super::values::{day_month_order, DayMonth};
use super::{Layout, LayoutReport, Role};
use crate::ingest::input::IngestOptions;
use crate::ingest::parse::format_ts;
use crate::ingest::table::Table;
use crate::ingest::validation::{FileReport, RowTally};
use crate::model::{Dataset, Figure, SessionFigures, SessionInfo, NONE};

/// Reads a session summary into `ds`.
pub(super) fn read_summary(
    table: &Table,
    layout: &'static Layout,
    score: f64,
    mut report: FileReport,
    opts: &IngestOptions,
    ds: &mut Dataset,
) -> FileReport {
    let res = Resolved::new(layout, &table.headers);
    report.columns = column_infos(table, &res);
    let tz = opts.tz_offset_minutes;
    // The date order of `a/b/yyyy` start and end times, from every such cell of the file.
    let date_cols: Vec<usize> = res
        .getters
        .iter()
        .filter_map(|(r, _, g)| match (r, g) {
            (Role::Start | Role::End, Getter::Cell(c)) => Some(*c),
            _ => None,
        })
        .collect();
    let mut date_cells: Vec<String> = Vec::new();
    table.for_each_row(|_, row| {
        for c in &date_cols {
            if let Some(v) = row.get(*c).filter(|v| v.contains('/')) {
                date_cells.push((*v).to_owned());
            }
        }
    });
    let dm = day_month_order(date_cells.iter().map(String::as_str)).unwrap_or(DayMonth::DayFirst);
    let has_slash_dates = !date_cells.is_empty();
    drop(date_cells);

    let platform = match layout.platform {
        "" => NONE,
        p => ds.platforms.intern(p),
    };
    let mut tally = RowTally::new(report, opts.max_examples);
    let n = table.headers.len();
    let mut seen: FxHashSet<u64> = FxHashSet::default();
    // Session → index in `ds.session_figures` (a session given twice: the later row is kept).
    let mut row_of: FxHashMap<u32, usize> = ds
        .session_figures
        .iter()
        .enumerate()
        .map(|(i, f)| (f.session, i))
        .collect();
    let mut repeated = 0u64;
    let mut sessions_read = 0u64;
    let json = RowJson {
        parsed: FxHashMap::default(),
    };
    table.for_each_row(|line, row| {
        if !admit_row(&mut tally, &mut seen, opts, n, line, row) {
            return;
        }
        let get = |r: Role| value(&res, r, row, &json, 0);
        let mut time = |r: Role| -> Result<Option<i64>, ()> {
            let Some((v, path)) = get(r) else {
                return Ok(None);
            };
            start_ms(&v, dm, tz).map(Some).map_err(|e| {
                tally.reject(e.code(), line, path, &v);
            })
        };
        let Ok(start) = time(Role::Start) else {
            return;
        };
        let Ok(end) = time(Role::End) else {
            return;
        };
        let duration = match get(Role::Duration) {
            Some((v, path)) => match duration_seconds(&v, false, path.contains("minutes")) {
                Ok(d) => d,
                Err(()) => {
                    tally.reject("bad_duration", line, path, &v);
                    return;
                }
            },
            None => None,
        };
        let end = end.or_else(|| Some(start? + (duration? * 1000.0).round() as i64));
        if let (Some(a), Some(b)) = (start, end) {
            if b < a {
                let p = first_path(&res, Role::End);
                tally.reject("end_before_start", line, p, &format_ts(b, tz));
                return;
            }
        }
        // The session: its room id (orders and capture streams name rooms), else its id, else
        // its start time.
        let id = get(Role::Room)
            .or_else(|| get(Role::Session))
            .map(|(v, _)| v)
            .or_else(|| start.map(|t| format_ts(t, tz)));
        let Some(id) = id else {
            let p = [Role::Session, Role::Room, Role::Start]
                .into_iter()
                .map(|r| first_path(&res, r))
                .find(|p| !p.is_empty())
                .unwrap_or("");
            tally.reject("missing_session", line, p, "");
            return;
        };
        if id.len() > 1000 {
            tally.reject("value_too_long", line, first_path(&res, Role::Session), &id);
            return;
        }
        let mut figures = SessionFigures::new(0, platform);
        for &(path, role) in layout.columns {
            let Some(fig) = role.figure() else { continue };
            if figures.get(fig).is_some() {
                continue;
            }
            let Some((v, p)) = get(role).filter(|(_, p)| *p == path) else {
                continue;
            };
            let parsed = if fig.is_money() {
                money_value(&v, layout.money)
            } else if fig == Figure::AvgWatchSeconds {
                duration_seconds(&v, true, false)
            } else {
                count_value(&v)
            };
            match parsed {
                Ok(Some(x)) => figures.set(fig, x),
                Ok(None) => {}
                Err(()) => {
                    tally.reject("bad_number", line, p, &v);
                    return;
                }
            }
        }
        let minutes = match (start, end) {
            (Some(a), Some(b)) => Some((b - a) as f64 / 60_000.0),
            _ => duration.map(|d| d / 60.0),
        };
        if let Some(m) = minutes {
            figures.set(Figure::LiveMinutes, m);
        }
        let s = ds.sessions.intern(&id);
        figures.session = s;
        figures.creator = get(Role::Creator).map(|(v, _)| v);
        figures.file = tally.report.name.clone();
        let host = get(Role::CreatorName)
            .or_else(|| get(Role::Creator))
            .map_or(NONE, |(h, _)| ds.hosts.intern(&h));
        let si = s as usize;
        if ds.session_info.len() <= si {
            ds.session_info.resize(
                si + 1,
                SessionInfo {
                    host: NONE,
                    ..SessionInfo::default()
                },
            );
        }
        if let Some(info) = ds.session_info.get_mut(si) {
            if let Some((t, _)) = get(Role::SessionTitle) {
                info.title = t;
            }
            if host != NONE {
                info.host = host;
            }
            info.start = start.or(info.start);
            info.end = end.or(info.end);
            if let Some(sp) = figures.get(Figure::AdSpend) {
                info.ad_spend = Some(sp);
            }
        }
        match row_of.get(&s) {
            Some(&i) => {
                repeated += 1;
                if let Some(slot) = ds.session_figures.get_mut(i) {
                    *slot = figures;
                }
            }
            None => {
                row_of.insert(s, ds.session_figures.len());
                ds.session_figures.push(figures);
                sessions_read += 1;
            }
        }
        tally.report.rows_accepted += 1;
    });
    if repeated > 0 {
        tally.report.warnings.push(format!(
            "{repeated} rows repeat a session given earlier; the later row's figures are used"
        ));
    }
    if !res.has(Role::Start) && !res.has(Role::End) {
        tally.report.warnings.push(
            "the summary has no start time: orders can be tied to its sessions only by room id"
                .to_owned(),
        );
    }
    tally.report.layout = Some(Box::new(LayoutReport {
        orders: 0,
        order_lines: 0,
        has_buyer_id: false,
        date_order: has_slash_dates.then(|| {
            match dm {
                DayMonth::DayFirst => "DD/MM/YYYY",
                DayMonth::MonthFirst => "MM/DD/YYYY",
            }
            .to_owned()
        }),
        sessions: Some(sessions_read),
        events: None,
        order_sessions: None,
        ..super::rows::layout_report(layout, score, &res, true, "sessions")
    }));
    tally.finish()
}

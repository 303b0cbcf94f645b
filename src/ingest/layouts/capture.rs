//! Reading a danmaku / live capture stream: each message (comment, enter, like, follow, gift,
//! share, fan-club join) becomes one canonical event of its viewer, in the session of its room
//! id, comments with their text. Room statistics and "live ended" notices are read but make no
//! viewer event; a gift streak's intermediate messages (`repeat_end` false) are counted once,
//! at the streak's end.

use rustc_hash::FxHashSet;

use super::rows::{admit_row, column_infos, first_path, value, Resolved, RowJson};
use super::values::{present, time_ms, DayMonth};
use super::{Layout, LayoutReport, Role, StatusScheme};
use crate::ingest::input::IngestOptions;
use crate::ingest::table::Table;
use crate::ingest::validation::{FileReport, RowTally};
use crate::model::{Dataset, EventKind, NONE};

/// What a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Message {
    Event(EventKind),
    /// Room statistics, live ended, control messages: no viewer's event.
    Notice,
}

/// A capture tool's numeric type (`Type` of the `{Type, ProcessName, Data}` messages).
fn by_code(code: &str) -> Option<Message> {
    Some(match code.trim() {
        "1" => Message::Event(EventKind::Comment),
        "2" => Message::Event(EventKind::Like),
        "3" => Message::Event(EventKind::Enter),
        "4" => Message::Event(EventKind::Follow),
        "5" => Message::Event(EventKind::Gift),
        "6" | "9" => Message::Notice,
        "7" => Message::Event(EventKind::FanClubJoin),
        "8" => Message::Event(EventKind::Share),
        _ => return None,
    })
}

/// A capture tool's event name: the canonical names and their synonyms, and the names the
/// capture libraries use (`CommentEvent`, `WebcastChatMessage`, `member`, `social`, …).
fn by_name(name: &str) -> Message {
    let mut n = name.trim().to_lowercase().replace(['_', '-', ' '], "");
    if let Some(x) = n.strip_prefix("webcast") {
        n = x.to_owned();
    }
    for suffix in ["message", "event", "msg"] {
        if let Some(x) = n.strip_suffix(suffix).filter(|x| !x.is_empty()) {
            n = x.to_owned();
        }
    }
    let kind = match n.as_str() {
        "chat" | "comment" | "danmaku" | "弹幕" => EventKind::Comment,
        "member" | "join" | "enter" | "enterroom" => EventKind::Enter,
        "social" | "follow" => EventKind::Follow,
        "fansclub" | "fanclub" => EventKind::FanClubJoin,
        "roomuserseq" | "roomstats" | "stats" | "control" | "liveend" | "streamend"
        | "roomstatistics" | "viewercount" => return Message::Notice,
        _ => match EventKind::from_synonym(name).or_else(|| EventKind::from_synonym(&n)) {
            Some(k) => k,
            None => EventKind::Unknown,
        },
    };
    Message::Event(kind)
}

/// Whether a `repeat_end`-like cell says the streak goes on.
fn streak_goes_on(v: &str) -> bool {
    matches!(v.trim().to_lowercase().as_str(), "false" | "0" | "no")
}

/// Reads a capture stream into `ds`.
pub(super) fn read_capture(
    table: &Table,
    layout: &'static Layout,
    score: f64,
    mut report: FileReport,
    opts: &IngestOptions,
    ds: &mut Dataset,
) -> FileReport {
    let res = Resolved::new(layout, &table.headers);
    report.columns = column_infos(table, &res);
    let json_cols = res.json_columns();
    let platform = match layout.platform {
        "" => NONE,
        p => ds.platforms.intern(p),
    };
    let mut tally = RowTally::new(report, opts.max_examples);
    let n = table.headers.len();
    let mut seen: FxHashSet<u64> = FxHashSet::default();
    let (mut notices, mut streak_steps, mut by_nickname, mut unknown) = (0u64, 0u64, 0u64, 0u64);
    let mut events = 0u64;
    let has_type = res.has(Role::EventType);
    let has_time = res.has(Role::Time);
    table.for_each_row(|line, row| {
        if !admit_row(&mut tally, &mut seen, opts, n, line, row) {
            return;
        }
        let json = RowJson::parse(&json_cols, row);
        let get = |r: Role| value(&res, r, row, &json, 0);
        // What the message is; a file without a type column holds comments only.
        let message = match get(Role::EventType) {
            Some((t, p)) => match layout.status {
                StatusScheme::CaptureTypeCode => match by_code(&t) {
                    Some(m) => m,
                    None => {
                        tally.reject("unknown_event_type", line, p, &t);
                        return;
                    }
                },
                _ => by_name(&t),
            },
            None if has_type && get(Role::Text).is_none() => {
                tally.reject("missing_event", line, first_path(&res, Role::EventType), "");
                return;
            }
            None => Message::Event(EventKind::Comment),
        };
        let kind = match message {
            Message::Notice => {
                notices += 1;
                tally.report.rows_accepted += 1;
                return;
            }
            Message::Event(k) => k,
        };
        if kind == EventKind::Gift && get(Role::GiftEnd).is_some_and(|(v, _)| streak_goes_on(&v)) {
            streak_steps += 1;
            tally.report.rows_accepted += 1;
            return;
        }
        let user = match (get(Role::Viewer), get(Role::ViewerName)) {
            (Some((u, _)), _) => u,
            (None, Some((name, _))) => {
                by_nickname += 1;
                name
            }
            (None, None) => {
                tally.reject("missing_user", line, first_path(&res, Role::Viewer), "");
                return;
            }
        };
        if user.len() > 1000 {
            tally.reject(
                "value_too_long",
                line,
                first_path(&res, Role::Viewer),
                &user,
            );
            return;
        }
        let Some((t, tp)) = get(Role::Time) else {
            let p = match has_time {
                true => first_path(&res, Role::Time),
                false => "(no time column)",
            };
            tally.reject("missing_time", line, p, "");
            return;
        };
        let ts = match time_ms(&t, DayMonth::DayFirst, opts.tz_offset_minutes) {
            Ok(ts) => ts,
            Err(e) => {
                tally.reject(e.code(), line, tp, &t);
                return;
            }
        };
        let session = match get(Role::Room) {
            Some((r, _)) => ds.sessions.intern(&r),
            None => NONE,
        };
        let name = match (kind, get(Role::EventType)) {
            (EventKind::Unknown, Some((t, _))) => {
                unknown += 1;
                ds.event_names.intern(&t)
            }
            _ => ds.event_names.intern(kind.key()),
        };
        let u = ds.users.intern(&user);
        if platform != NONE {
            let ui = u as usize;
            if ds.user_platform.len() <= ui {
                ds.user_platform.resize(ui + 1, NONE);
            }
            if let Some(p) = ds.user_platform.get_mut(ui) {
                *p = platform;
            }
        }
        let idx = ds.events.len();
        if let Some((text, _)) = get(Role::Text) {
            if let Some(t) = present(&text) {
                ds.events.extra.set_text(idx, t);
            }
        }
        ds.events.push(u, ts, kind, name, session, NONE, NONE, 0.0);
        events += 1;
        tally.report.rows_accepted += 1;
    });
    let w = &mut tally.report.warnings;
    if notices > 0 {
        w.push(format!(
            "{notices} messages are room statistics or live-ended notices: read, but no viewer's event"
        ));
    }
    if streak_steps > 0 {
        w.push(format!(
            "{streak_steps} gift messages are steps of a gift streak; each streak counts once, at its end"
        ));
    }
    if by_nickname > 0 {
        w.push(format!(
            "{by_nickname} messages have no user id: their nickname stands for the viewer (two viewers with one nickname count as one)"
        ));
    }
    if unknown > 0 {
        w.push(format!(
            "{unknown} messages have a type LiveLens does not know; they are kept as unknown events"
        ));
    }
    if !has_time {
        w.push(
            "the capture tool wrote no time with its messages (it sends none: the receiver must record the arrival time); messages without a time cannot be placed".to_owned(),
        );
    }
    tally.report.layout = Some(Box::new(LayoutReport {
        orders: 0,
        order_lines: 0,
        has_buyer_id: false,
        date_order: None,
        sessions: None,
        events: Some(events),
        order_sessions: None,
        ..super::rows::layout_report(layout, score, &res, false, "events")
    }));
    tally.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_of_the_capture_tools() {
        let k = |s: &str| by_name(s);
        assert_eq!(k("CommentEvent"), Message::Event(EventKind::Comment));
        assert_eq!(k("WebcastChatMessage"), Message::Event(EventKind::Comment));
        assert_eq!(k("WebcastMemberMessage"), Message::Event(EventKind::Enter));
        assert_eq!(k("join"), Message::Event(EventKind::Enter));
        assert_eq!(k("GiftEvent"), Message::Event(EventKind::Gift));
        assert_eq!(k("like"), Message::Event(EventKind::Like));
        assert_eq!(k("ShareEvent"), Message::Event(EventKind::Share));
        assert_eq!(k("FollowEvent"), Message::Event(EventKind::Follow));
        assert_eq!(k("WebcastRoomUserSeqMessage"), Message::Notice);
        assert_eq!(k("???"), Message::Event(EventKind::Unknown));
        assert_eq!(by_code("1"), Some(Message::Event(EventKind::Comment)));
        assert_eq!(by_code("6"), Some(Message::Notice));
        assert_eq!(by_code("42"), None);
    }
}

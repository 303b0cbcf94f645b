//! Time slots (`metrics.md`, "Traffic sources and time slots"): each session's start, in the
//! creator's time zone, falls in one hour of day × weekday cell. Per cell: the sessions, their
//! mean viewers, conversion and GMV per viewer, each with a 95% interval.
//!
//! The unit is a viewer of a session (a person counted once per session they entered; a person
//! in two sessions of a cell counts twice), as the platforms' per-live figures add up:
//! conversion = viewers who paid in that session / viewers (Wilson interval, the viewers taken
//! as independent); GMV per viewer = the cell's GMV / viewers, with a normal interval from the
//! spread of the viewers' own paid amounts.
//!
//! The best slot is named only when the data supports it: among cells with at least
//! [`MIN_SESSIONS`] sessions, the one with the highest conversion, when the lower end of its
//! interval lies above the upper end of every other cell's interval (so that no other cell's
//! interval reaches it). Otherwise the report says why not (`best_code`).

use serde::{Deserialize, Serialize};

use crate::analysis::Prepared;
use crate::compare::{stats::Z_95, wilson};
use crate::kpi::sessions_in_order;
use crate::model::{EventKind, NONE};
use crate::Result;

/// Fewest sessions for a cell to be named the best slot.
pub const MIN_SESSIONS: u64 = 2;

/// One hour × weekday cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Slot {
    /// 0 = Monday … 6 = Sunday (local).
    pub weekday: u8,
    /// Local hour of the start, 0–23.
    pub hour: u8,
    /// Session ids that start in the cell (sessions with at least one viewer).
    pub sessions: Vec<String>,
    /// Viewers summed over the cell's sessions, and their mean per session.
    pub viewers: u64,
    pub mean_viewers: f64,
    /// Viewers who paid in that session.
    pub buyers: u64,
    pub conversion: Option<f64>,
    pub conversion_low: Option<f64>,
    pub conversion_high: Option<f64>,
    pub gmv: f64,
    pub gmv_per_viewer: Option<f64>,
    pub gmv_per_viewer_low: Option<f64>,
    pub gmv_per_viewer_high: Option<f64>,
}

/// The hour × weekday table and the best slot, when the data supports one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimeSlots {
    pub tz_offset_minutes: i32,
    /// Cells with at least one session, by weekday then hour.
    pub slots: Vec<Slot>,
    /// Index into `slots` of the best slot, when named.
    pub best: Option<usize>,
    /// `named`; or why not: `too_few_slots` (fewer than two cells), `too_few_sessions` (no
    /// cell has [`MIN_SESSIONS`] sessions), `overlap` (the best cell's interval reaches another
    /// cell's).
    pub best_code: String,
    /// The rule applied, and its outcome, in words.
    pub best_rule_en: String,
    pub best_rule_zh: String,
    /// Sessions without a known start (left out).
    pub sessions_without_start: u64,
}

const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const WEEKDAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// The cell's name, `Fri 20:00` / `周五 20点`.
pub fn slot_name(weekday: u8, hour: u8, zh: bool) -> String {
    let w = weekday as usize % 7;
    if zh {
        format!("{} {}点", WEEKDAYS_ZH[w], hour)
    } else {
        format!("{} {:02}:00", WEEKDAYS_EN[w], hour)
    }
}

/// Per session: (viewer flag, paid amount, paid flag) per user, gathered in one pass.
struct SessionViewers {
    /// user → (entered, paid, amount)
    users: rustc_hash::FxHashMap<u32, (bool, bool, f64)>,
}

/// A cell being filled: (weekday, hour), session ids, each viewer's paid amount, buyers, GMV.
type Cell = ((u8, u8), Vec<String>, Vec<f64>, u64, f64);

/// The time-slot table of the dataset.
pub fn time_slots(prep: &Prepared) -> Result<TimeSlots> {
    let ds = prep.ds();
    let tz = ds.tz_offset_minutes;
    let ev = &ds.events;
    let mut per: Vec<SessionViewers> = (0..ds.sessions.len())
        .map(|_| SessionViewers {
            users: Default::default(),
        })
        .collect();
    for i in 0..ev.len() {
        let s = ev.session[i];
        if s == NONE {
            continue;
        }
        let k = ev.kind[i];
        if !matches!(k, EventKind::Enter | EventKind::Pay) {
            continue;
        }
        if let Some(sv) = per.get_mut(s as usize) {
            let e = sv.users.entry(ev.user[i]).or_insert((false, false, 0.0));
            if k == EventKind::Enter {
                e.0 = true;
            } else if !ds.is_pseudo_user(ev.user[i]) {
                e.1 = true;
                e.2 += ev.amount[i];
            } else {
                e.2 += ev.amount[i];
            }
        }
    }
    // cell → (sessions, values per viewer, buyers, gmv)
    let mut cells: Vec<Cell> = Vec::new();
    let mut without_start = 0u64;
    for (s, start) in sessions_in_order(ds) {
        let viewed = per
            .get(s as usize)
            .is_some_and(|sv| sv.users.values().any(|u| u.0));
        if !viewed {
            continue;
        }
        let Some(start) = start else {
            without_start += 1;
            continue;
        };
        let local_ms = start + i64::from(tz) * 60_000;
        let day = local_ms.div_euclid(86_400_000);
        let weekday = (day + 3).rem_euclid(7) as u8; // 1970-01-01 was a Thursday
        let hour = (local_ms.rem_euclid(86_400_000) / 3_600_000) as u8;
        let key = (weekday, hour);
        let idx = match cells.iter().position(|c| c.0 == key) {
            Some(i) => i,
            None => {
                cells.push((key, Vec::new(), Vec::new(), 0, 0.0));
                cells.len() - 1
            }
        };
        let cell = &mut cells[idx];
        cell.1.push(ds.sessions.name(s).to_owned());
        if let Some(sv) = per.get(s as usize) {
            for &(entered, paid, amount) in sv.users.values() {
                cell.4 += amount;
                if entered {
                    cell.2.push(amount);
                    cell.3 += u64::from(paid);
                }
            }
        }
    }
    crate::sort::by_key(&mut cells, |c| c.0);
    let slots: Vec<Slot> = cells
        .into_iter()
        .map(|((weekday, hour), sessions, values, buyers, gmv)| {
            let viewers = values.len() as u64;
            let ci = wilson(buyers, viewers, Z_95);
            let gpv = (viewers > 0).then(|| gmv / viewers as f64);
            let half = gpv.and_then(|_| {
                if values.len() < 2 {
                    return None;
                }
                let n = values.len() as f64;
                let m = values.iter().sum::<f64>() / n;
                let var = values.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0);
                Some(Z_95 * (var / n).sqrt())
            });
            Slot {
                weekday,
                hour,
                mean_viewers: viewers as f64 / sessions.len().max(1) as f64,
                sessions,
                viewers,
                buyers,
                conversion: (viewers > 0).then(|| buyers as f64 / viewers as f64),
                conversion_low: ci.map(|c| c.0),
                conversion_high: ci.map(|c| c.1),
                gmv,
                gmv_per_viewer: gpv,
                gmv_per_viewer_low: gpv.zip(half).map(|(g, h)| (g - h).max(0.0)),
                gmv_per_viewer_high: gpv.zip(half).map(|(g, h)| g + h),
            }
        })
        .collect();
    let (best, best_code, en, zh) = best_slot(&slots);
    Ok(TimeSlots {
        tz_offset_minutes: tz,
        slots,
        best,
        best_code,
        best_rule_en: en,
        best_rule_zh: zh,
        sessions_without_start: without_start,
    })
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{:.1}%", v * 100.0))
}

/// The rule of the module documentation.
fn best_slot(slots: &[Slot]) -> (Option<usize>, String, String, String) {
    let rule_en = format!(
        "Rule: the cell with the highest conversion among those with at least {MIN_SESSIONS} sessions is named when the lower end of its 95% interval lies above the upper end of every other cell's interval."
    );
    let rule_zh = format!(
        "规则：在至少有 {MIN_SESSIONS} 场直播的时段中取转化率最高者，只有当它 95% 区间的下限高于其他每个时段区间的上限时才称其为最佳时段。"
    );
    if slots.len() < 2 {
        return (
            None,
            "too_few_slots".into(),
            format!("{rule_en} Fewer than two time slots have sessions, so none is named."),
            format!("{rule_zh} 有直播的时段少于两个，无法比较。"),
        );
    }
    let cand = slots
        .iter()
        .enumerate()
        .filter(|(_, s)| s.sessions.len() as u64 >= MIN_SESSIONS && s.conversion.is_some())
        .max_by(|a, b| {
            a.1.conversion
                .unwrap_or(0.0)
                .total_cmp(&b.1.conversion.unwrap_or(0.0))
        });
    let Some((i, s)) = cand else {
        return (
            None,
            "too_few_sessions".into(),
            format!("{rule_en} No time slot has {MIN_SESSIONS} or more sessions yet."),
            format!("{rule_zh} 还没有时段有 {MIN_SESSIONS} 场或以上的直播。"),
        );
    };
    let low = s.conversion_low.unwrap_or(0.0);
    let blocker = slots
        .iter()
        .enumerate()
        .filter(|(j, o)| *j != i && o.conversion_high.is_some_and(|h| h >= low))
        .max_by(|a, b| {
            a.1.conversion_high
                .unwrap_or(0.0)
                .total_cmp(&b.1.conversion_high.unwrap_or(0.0))
        });
    let (name_en, name_zh) = (
        slot_name(s.weekday, s.hour, false),
        slot_name(s.weekday, s.hour, true),
    );
    match blocker {
        None => (
            Some(i),
            "named".into(),
            format!(
                "{rule_en} {name_en} converts {} (95% interval {}–{}) over {} sessions, above every other slot's interval.",
                pct(s.conversion),
                pct(s.conversion_low),
                pct(s.conversion_high),
                s.sessions.len()
            ),
            format!(
                "{rule_zh} {name_zh} 的转化率为 {}（95% 区间 {}–{}，共 {} 场），高于其他所有时段的区间。",
                pct(s.conversion),
                pct(s.conversion_low),
                pct(s.conversion_high),
                s.sessions.len()
            ),
        ),
        Some((_, o)) => {
            let (o_en, o_zh) = (slot_name(o.weekday, o.hour, false), slot_name(o.weekday, o.hour, true));
            (
                None,
                "overlap".into(),
                format!(
                    "{rule_en} The highest, {name_en} ({}, interval from {}), is not named: {o_en}'s interval reaches {} ({} sessions).",
                    pct(s.conversion),
                    pct(s.conversion_low),
                    pct(o.conversion_high),
                    o.sessions.len()
                ),
                format!(
                    "{rule_zh} 转化率最高的 {name_zh}（{}，区间下限 {}）未被认定：{o_zh} 的区间上限达到 {}（{} 场）。",
                    pct(s.conversion),
                    pct(s.conversion_low),
                    pct(o.conversion_high),
                    o.sessions.len()
                ),
            )
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

//! The timeline of one live session, minute by minute (`metrics.md`, "Timeline").
//!
//! Definitions (the readings this module commits to):
//!
//! - **Session.** [`TimelineParams::session`] names a session id; `None` picks the session with
//!   the most viewers (distinct users with an `enter`), ties going to the one with more events,
//!   then to the earlier start.
//! - **Span.** The sessions table's start/end when given, else the session's first and last
//!   event (each end separately). An end before the start is clamped to the start. Events of the
//!   session outside the span are left out of the per-minute counts.
//! - **Buckets.** Bucket `k` covers `[start + k·b, start + (k+1)·b)` with `b` =
//!   `bucket_seconds` (60 by default, so a bucket is a minute and [`TimelineMinute::minute`] is
//!   the minute offset). There are `max(1, ceil((end − start) / b))` buckets; the last one is
//!   closed at the session end, so events at exactly `end` land in it.
//! - **Concurrent.** The sweep-line of [`crate::visits`] (visits as half-open intervals, leaves
//!   before enters at equal times) sampled at each bucket's start: visits with
//!   `enter ≤ t < leave`.
//! - **Enters, leaves, comments, likes.** Event rows of that kind in the bucket.
//! - **Orders, GMV.** `pay` rows: GMV is the sum of their amounts; orders are distinct order ids
//!   among the session's `pay` rows, each counted in the bucket of its first `pay` row (a `pay`
//!   row without an order id is one order), so the buckets sum to the session's `orders` KPI.
//! - **Spike.** `metrics.md` says "a minute whose GMV exceeds the rolling median plus 3 × MAD of
//!   the session". Read as: the median `m` and the median absolute deviation `MAD` (unscaled:
//!   `median(|x − m|)`) of the GMV of the session's *selling* buckets (GMV > 0); a bucket is a
//!   spike when its GMV `> m + 3·MAD`. Taking the baseline over all buckets, zeros included,
//!   would make `m = MAD = 0` whenever fewer than half the minutes sell — the usual case in a
//!   live room — and flag every sale as a spike.
//! - **Pitch windows.** See [`pitch`]: one window per product, from the start of its first
//!   `product_view` burst to when the burst fades or the next product's window starts; a window
//!   gets the GMV and orders of the buckets it covers (attribution by time, not by item).

mod gmv_spikes;
mod pitch;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::analysis::Prepared;
use crate::model::{Dataset, EventKind, NONE};
use crate::visits;
use crate::{Error, Result};

pub use gmv_spikes::{median, median_mad};
pub use pitch::{pitch_windows, pitch_windows_from_counts, Window, BURST_MIN_VIEWS, FADE_BUCKETS};

/// The most buckets a timeline may have (about two weeks of minutes); longer spans need a larger
/// bucket.
pub const MAX_BUCKETS: i64 = 20_000;

/// Settings of [`timeline`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct TimelineParams {
    /// Session id (an id in [`Dataset::sessions`]); `None` = the session with most viewers.
    pub session: Option<u32>,
    /// Bucket width in seconds, default 60.
    pub bucket_seconds: i64,
}

impl Default for TimelineParams {
    fn default() -> Self {
        Self {
            session: None,
            bucket_seconds: 60,
        }
    }
}

impl TimelineParams {
    /// Checks the settings against a dataset.
    pub fn validate(&self, ds: &Dataset) -> Result<()> {
        if self.bucket_seconds < 1 || self.bucket_seconds > 86_400 {
            return Err(Error::Params(format!(
                "the timeline bucket must be between 1 second and 1 day, not {} seconds",
                self.bucket_seconds
            )));
        }
        if let Some(s) = self.session {
            if s as usize >= ds.sessions.len() {
                return Err(Error::Params(format!("there is no session number {s}")));
            }
        }
        Ok(())
    }
}

/// One bucket (a minute by default) of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimelineMinute {
    /// Bucket index = offset from the session start in buckets (minutes by default).
    pub minute: u32,
    /// Bucket start, ms since the epoch, UTC.
    pub ts: i64,
    /// Users inside at the bucket's start (sweep-line).
    pub concurrent: u32,
    pub enters: u32,
    pub leaves: u32,
    pub comments: u32,
    pub likes: u32,
    /// Distinct orders paid, counted in the bucket of their first `pay` row.
    pub orders: u32,
    pub gmv: f64,
    pub spike: bool,
}

/// A product's pitch: the first `product_view` burst of one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PitchWindow {
    pub item_id: String,
    /// The catalogue title, or the item id when the catalogue has none.
    pub title: String,
    /// First and last bucket of the window (inclusive).
    pub start_minute: u32,
    pub end_minute: u32,
    /// GMV and orders of the buckets `start_minute..=end_minute` (all items).
    pub gmv: f64,
    pub orders: u32,
}

/// The settings a timeline was computed with, as the report echoes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimelineEcho {
    /// The session asked for; `None` = the session with most viewers (see `session_id`).
    pub session_id: Option<String>,
    pub bucket_seconds: i64,
}

/// The timeline of one session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Timeline {
    /// The settings it was computed with.
    pub params: TimelineEcho,
    pub session_id: String,
    pub host: Option<String>,
    /// Span, ms since the epoch, UTC.
    pub start: i64,
    pub end: i64,
    pub bucket_seconds: i64,
    pub minutes: Vec<TimelineMinute>,
    /// In start order (then item id).
    pub pitches: Vec<PitchWindow>,
    /// Buckets flagged as GMV spikes.
    pub spikes: Vec<u32>,
    pub gmv_median: f64,
    pub gmv_mad: f64,
}

/// A session for the session picker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionSummary {
    pub id: u32,
    pub session_id: String,
    pub host: Option<String>,
    /// The sessions table's start, else the session's first event, ms since the epoch, UTC.
    pub start: i64,
    /// Distinct users with an `enter`.
    pub viewers: u64,
}

/// Per-session figures gathered in one pass over the events.
struct SessionStats {
    viewers: Vec<u64>,
    events: Vec<u64>,
    first_ts: Vec<Option<i64>>,
}

fn session_stats(ds: &Dataset) -> SessionStats {
    let n = ds.sessions.len();
    let ev = &ds.events;
    let mut events = vec![0u64; n];
    let mut first_ts: Vec<Option<i64>> = vec![None; n];
    let mut enters: Vec<u64> = Vec::new();
    for i in 0..ev.len() {
        let s = ev.session[i];
        if s == NONE || s as usize >= n {
            continue;
        }
        let su = s as usize;
        events[su] += 1;
        if first_ts[su].is_none() {
            first_ts[su] = Some(ev.ts[i]);
        }
        if ev.kind[i] == EventKind::Enter {
            enters.push(((s as u64) << 32) | ev.user[i] as u64);
        }
    }
    enters.sort_unstable();
    enters.dedup();
    let mut viewers = vec![0u64; n];
    for key in enters {
        if let Some(v) = viewers.get_mut((key >> 32) as usize) {
            *v += 1;
        }
    }
    SessionStats {
        viewers,
        events,
        first_ts,
    }
}

/// The sessions that have a start (from the sessions table or from their events), in start
/// order (then id), with their viewer counts.
pub fn session_list(prep: &Prepared) -> Vec<SessionSummary> {
    let ds = prep.ds();
    // After the KPIs (the page's first stage, `analyze`), their base has the same figures.
    let st = match prep.kpi_base_if_built() {
        Some(base) => {
            let (viewers, first_ts) = base.session_figures();
            SessionStats {
                viewers,
                events: Vec::new(),
                first_ts,
            }
        }
        None => session_stats(ds),
    };
    sessions_in_order(ds, &st)
}

fn sessions_in_order(ds: &Dataset, st: &SessionStats) -> Vec<SessionSummary> {
    let mut out: Vec<SessionSummary> = (0..ds.sessions.len())
        .filter_map(|s| {
            let table_start = ds.session_info.get(s).and_then(|i| i.start);
            let start = table_start.or(st.first_ts.get(s).copied().flatten())?;
            let id = s as u32;
            Some(SessionSummary {
                id,
                session_id: ds.sessions.name(id).to_owned(),
                host: ds.session_host(id).map(str::to_owned),
                start,
                viewers: st.viewers.get(s).copied().unwrap_or(0),
            })
        })
        .collect();
    crate::sort::by_key(&mut out, |s| (s.start, s.id));
    out
}

/// The default session: most viewers, then most events, then earliest start.
fn default_session(ds: &Dataset) -> Option<u32> {
    let st = session_stats(ds);
    sessions_in_order(ds, &st)
        .iter()
        .map(|s| {
            let e = st.events.get(s.id as usize).copied().unwrap_or(0);
            (s.viewers, e, s.id)
        })
        // `max_by_key` keeps the last maximum; iterate in reverse start order so that the
        // earliest session wins ties.
        .rev()
        .max_by_key(|&(v, e, _)| (v, e))
        .map(|(_, _, id)| id)
}

/// The minute-by-minute timeline of one session.
pub fn timeline(prep: &Prepared, p: &TimelineParams) -> Result<Timeline> {
    let ds = prep.ds();
    p.validate(ds)?;
    let session = match p.session {
        Some(s) => s,
        None => default_session(ds).ok_or_else(|| {
            Error::NotEnoughData("the data has no live sessions for a timeline".into())
        })?,
    };
    let ev = &ds.events;
    let idx: Vec<u32> = (0..ev.len() as u32)
        .filter(|&i| ev.session[i as usize] == session)
        .collect();
    let info = ds.session_info.get(session as usize);
    let first = idx.first().map(|&i| ev.ts[i as usize]);
    let last = idx.last().map(|&i| ev.ts[i as usize]);
    let start = info.and_then(|s| s.start).or(first);
    let end = info.and_then(|s| s.end).or(last);
    let (start, end) = match (start, end) {
        (Some(s), Some(e)) => (s, e.max(s)),
        (Some(s), None) | (None, Some(s)) => (s, s),
        (None, None) => {
            return Err(Error::NotEnoughData(format!(
                "session {} has no events and no start or end",
                ds.sessions.name(session)
            )))
        }
    };
    let bucket_ms = p.bucket_seconds * 1000;
    let span = end.checked_sub(start).unwrap_or(i64::MAX);
    let n_buckets = (span / bucket_ms + i64::from(span % bucket_ms != 0)).max(1);
    if n_buckets > MAX_BUCKETS {
        return Err(Error::Params(format!(
            "session {} lasts {n_buckets} buckets of {} s; choose a larger bucket (at most {MAX_BUCKETS} buckets)",
            ds.sessions.name(session),
            p.bucket_seconds
        )));
    }
    let n = n_buckets as usize;
    let bucket_of = |t: i64| -> Option<usize> {
        if t < start || t > end {
            return None;
        }
        Some((((t - start) / bucket_ms) as usize).min(n - 1))
    };

    let mut minutes: Vec<TimelineMinute> = (0..n)
        .map(|k| TimelineMinute {
            minute: k as u32,
            ts: start + k as i64 * bucket_ms,
            concurrent: 0,
            enters: 0,
            leaves: 0,
            comments: 0,
            likes: 0,
            orders: 0,
            gmv: 0.0,
            spike: false,
        })
        .collect();

    // Concurrency: the visits of this session's rows alone (the same as `visits` on a copy of
    // the dataset holding only them, without the copy; issue #13, memory).
    let vs = visits::visits_of_groups(ds, &visits::group_rows_by_session_user(ev, Some(&idx)));
    let points = visits::change_points(&vs);
    let samples: Vec<i64> = minutes.iter().map(|m| m.ts).collect();
    for (m, c) in minutes
        .iter_mut()
        .zip(visits::concurrent_at(&points, &samples))
    {
        m.concurrent = c;
    }

    let mut order_seen = vec![false; ds.orders.len()];
    let mut views: Vec<(u32, u32)> = Vec::new();
    for &i in &idx {
        let i = i as usize;
        let Some(b) = bucket_of(ev.ts[i]) else {
            continue;
        };
        let Some(m) = minutes.get_mut(b) else {
            continue;
        };
        match ev.kind[i] {
            EventKind::Enter => m.enters += 1,
            EventKind::Leave => m.leaves += 1,
            EventKind::Comment => m.comments += 1,
            EventKind::Like => m.likes += 1,
            EventKind::Pay => {
                m.gmv += ev.amount[i];
                let o = ev.order[i];
                match order_seen.get_mut(o as usize) {
                    Some(seen) if !*seen => {
                        *seen = true;
                        m.orders += 1;
                    }
                    Some(_) => {}
                    // No order id (or one outside the interner): one row, one order.
                    None => m.orders += 1,
                }
            }
            EventKind::ProductView if ev.item[i] != NONE => views.push((ev.item[i], b as u32)),
            _ => {}
        }
    }

    let gmv: Vec<f64> = minutes.iter().map(|m| m.gmv).collect();
    let gmv_spikes::Spikes {
        gmv_median,
        gmv_mad,
        spikes,
    } = gmv_spikes::flag_spikes(&mut minutes);

    let orders: Vec<u32> = minutes.iter().map(|m| m.orders).collect();
    let pitches = pitch_windows(views, n)
        .into_iter()
        .map(|w| {
            let range = w.start as usize..=w.end as usize;
            let item_id = ds.items.name(w.item).to_owned();
            let title = ds
                .item_info
                .get(w.item as usize)
                .map(|i| i.title.trim())
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .unwrap_or_else(|| item_id.clone());
            PitchWindow {
                item_id,
                title,
                start_minute: w.start,
                end_minute: w.end,
                gmv: gmv.get(range.clone()).map_or(0.0, |g| g.iter().sum()),
                orders: orders.get(range).map_or(0, |o| o.iter().sum()),
            }
        })
        .collect();

    Ok(Timeline {
        params: TimelineEcho {
            session_id: p.session.map(|s| ds.sessions.name(s).to_owned()),
            bucket_seconds: p.bucket_seconds,
        },
        session_id: ds.sessions.name(session).to_owned(),
        host: ds.session_host(session).map(str::to_owned),
        start,
        end,
        bucket_seconds: p.bucket_seconds,
        minutes,
        pitches,
        spikes,
        gmv_median,
        gmv_mad,
    })
}

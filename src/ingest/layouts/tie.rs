//! Orders tied to live sessions: by the room id an order line names (the open APIs'
//! `room_id`), else by the creator (达人ID, author id) and the time window of a session of that
//! creator, else by the time window alone of a session whose creator is not known. A session's
//! window is its start–end from a session summary (or sessions file), else the span of its
//! events (a capture stream's room). Several windows holding the order: the latest-starting
//! one. A session of another platform, or of another known creator, never takes the order.

use serde::{Deserialize, Serialize};

use crate::model::{Dataset, NONE};

/// How many orders of a file were tied to a live session, and how.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderTies {
    /// By the room id on the order.
    pub by_room: u64,
    /// By the order's creator and the time window of that creator's session.
    pub by_creator_and_time: u64,
    /// By the time window of a session whose creator is not known (or an order without one).
    pub by_time: u64,
    /// Not tied to any session.
    pub untied: u64,
}

/// A session's window.
struct Window {
    start: i64,
    end: i64,
    session: u32,
    creator: Option<String>,
    platform: u32,
}

/// How one order was tied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tie {
    Room,
    CreatorAndTime,
    Time,
}

/// The sessions' windows as known when an orders file is read.
pub(super) struct Windows {
    windows: Vec<Window>,
}

impl Windows {
    pub(super) fn new(ds: &Dataset) -> Windows {
        let n = ds.sessions.len();
        let mut span: Vec<Option<(i64, i64)>> = vec![None; n];
        for (&s, &t) in ds.events.session.iter().zip(&ds.events.ts) {
            if let Some(x) = span.get_mut(s as usize) {
                *x = Some(match *x {
                    Some((a, b)) => (a.min(t), b.max(t)),
                    None => (t, t),
                });
            }
        }
        let mut creator: Vec<Option<String>> = vec![None; n];
        let mut platform: Vec<u32> = vec![NONE; n];
        for f in &ds.session_figures {
            if let Some(c) = creator.get_mut(f.session as usize) {
                c.clone_from(&f.creator);
            }
            if let Some(p) = platform.get_mut(f.session as usize) {
                *p = f.platform;
            }
        }
        let windows = (0..n)
            .filter_map(|s| {
                let info = ds.session_info.get(s);
                let w = match (info.and_then(|i| i.start), info.and_then(|i| i.end)) {
                    (Some(a), Some(b)) if b >= a => (a, b),
                    _ => span.get(s).copied().flatten()?,
                };
                Some(Window {
                    start: w.0,
                    end: w.1,
                    session: s as u32,
                    creator: creator.get(s).cloned().flatten(),
                    platform: platform.get(s).copied().unwrap_or(NONE),
                })
            })
            .collect();
        Windows { windows }
    }

    /// The session of an order of `platform` by `creator` at `t`, and how it was found.
    pub(super) fn find(&self, platform: u32, creator: Option<&str>, t: i64) -> Option<(u32, Tie)> {
        let mut best: Option<(i64, u32, Tie)> = None;
        for w in &self.windows {
            if t < w.start || t > w.end {
                continue;
            }
            if w.platform != NONE && platform != NONE && w.platform != platform {
                continue;
            }
            let how = match (creator, w.creator.as_deref()) {
                (Some(a), Some(b)) if a == b => Tie::CreatorAndTime,
                (Some(_), Some(_)) => continue,
                _ => Tie::Time,
            };
            // A creator's own session wins over one whose creator is unknown, then the latest.
            let better = match best {
                None => true,
                Some((s, _, h)) => {
                    (how == Tie::CreatorAndTime && h != Tie::CreatorAndTime)
                        || (how == h && w.start > s)
                }
            };
            if better {
                best = Some((w.start, w.session, how));
            }
        }
        best.map(|(_, s, h)| (s, h))
    }
}

impl OrderTies {
    pub(super) fn count(&mut self, how: Option<Tie>) {
        match how {
            Some(Tie::Room) => self.by_room += 1,
            Some(Tie::CreatorAndTime) => self.by_creator_and_time += 1,
            Some(Tie::Time) => self.by_time += 1,
            None => self.untied += 1,
        }
    }
}

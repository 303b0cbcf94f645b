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
        // A session without a summary takes the platform of its events' people (a capture
        // stream's layout names it).
        for (&s, &u) in ds.events.session.iter().zip(&ds.events.user) {
            if let Some(p @ &mut NONE) = platform.get_mut(s as usize) {
                *p = ds.user_platform.get(u as usize).copied().unwrap_or(NONE);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EventKind, SessionFigures, SessionInfo};

    /// Two creators' sessions at the same time on Douyin, and a TikTok capture room.
    fn dataset() -> Dataset {
        let mut ds = Dataset::default();
        let douyin = ds.platforms.intern("douyin");
        let tiktok = ds.platforms.intern("tiktok");
        for (id, creator, start) in [("a", "1001", 0), ("b", "1002", 0), ("c", "", 5_000)] {
            let s = ds.sessions.intern(id);
            ds.session_info.push(SessionInfo {
                start: Some(start),
                end: Some(start + 10_000),
                host: NONE,
                ..SessionInfo::default()
            });
            let mut f = SessionFigures::new(s, douyin);
            f.creator = (!creator.is_empty()).then(|| creator.to_owned());
            ds.session_figures.push(f);
        }
        // A TikTok room known from its events only.
        let room = ds.sessions.intern("room");
        ds.session_info.push(SessionInfo {
            host: NONE,
            ..SessionInfo::default()
        });
        let u = ds.users.intern("viewer");
        ds.user_platform.push(tiktok);
        let c = ds.event_names.intern("comment");
        for t in [20_000, 30_000] {
            ds.events
                .push(u, t, EventKind::Comment, c, room, NONE, NONE, 0.0);
        }
        ds
    }

    #[test]
    fn creator_first_then_time_never_another_creator_or_platform() {
        let ds = dataset();
        let w = Windows::new(&ds);
        let douyin = ds.platforms.get("douyin").unwrap_or(NONE);
        let tiktok = ds.platforms.get("tiktok").unwrap_or(NONE);
        // 1002's order at t=1,000: its own session b, not a.
        assert_eq!(
            w.find(douyin, Some("1002"), 1_000),
            Some((1, Tie::CreatorAndTime))
        );
        // 1001's order at t=7,000: its session a beats c (unknown creator, later start).
        assert_eq!(
            w.find(douyin, Some("1001"), 7_000),
            Some((0, Tie::CreatorAndTime))
        );
        // An unknown creator's order at t=12,000: only c is still on.
        assert_eq!(w.find(douyin, Some("1003"), 12_000), Some((2, Tie::Time)));
        // No creator at t=7,000: the latest-starting window, c.
        assert_eq!(w.find(douyin, None, 7_000), Some((2, Tie::Time)));
        // The TikTok room's window (its events' span) takes TikTok orders only.
        assert_eq!(w.find(tiktok, None, 25_000), Some((3, Tie::Time)));
        assert_eq!(w.find(douyin, None, 25_000), None);
        assert_eq!(w.find(douyin, Some("1001"), 99_000), None);
    }
}

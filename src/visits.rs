//! Visits and concurrency, as `metrics.md` defines them.
//!
//! A visit lasts from `enter` to the next `leave` of that user in that session; a visit with no
//! `leave` ends at the session's end if the sessions table gives one, else at the user's last
//! event in that session. Overlapping visits of one user are merged. Concurrency is a sweep over
//! visits as half-open intervals `[start, end)`: at equal timestamps leaves apply before enters.
//! Events without a session are treated as one session ([`NONE`]).

use crate::model::{Dataset, EventKind, Events, NONE};

/// One merged visit of a user to a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    pub session: u32,
    pub user: u32,
    /// ms since the epoch, UTC; `end >= start`.
    pub start: i64,
    pub end: i64,
}

impl Visit {
    pub fn seconds(&self) -> f64 {
        (self.end - self.start) as f64 / 1000.0
    }
}

/// Event indices grouped by (session, user), each group in time order. Groups are ordered by
/// session id, then user id ([`NONE`] session last).
///
/// Events are already sorted by time, so a stable reorder of the indices by (session, user)
/// keeps time order inside a group: two counting passes, by user then by session (least
/// significant key first), each one sequential pass to count and one to place — no comparisons
/// (a comparison sort of (key, index) pairs was 12 % of `--sections kpis` on 1M events, done
/// twice, and held 20 bytes a row).
pub fn group_by_session_user(ds: &Dataset) -> Vec<u32> {
    group_rows_by_session_user(&ds.events, None)
}

/// [`group_by_session_user`] over the rows `rows` of `ev` only (ascending event indices; `None`
/// = every row): the same order as sorting the rows by (session, user, index).
///
/// Two stable counting passes (by user, then by session) over `u32` row indices: 8 bytes per
/// row at the peak, where a sort of (key, index) pairs held 20 (issue #13, memory), and linear.
pub fn group_rows_by_session_user(ev: &Events, rows: Option<&[u32]>) -> Vec<u32> {
    let first: Vec<u32> = match rows {
        Some(r) => counting_pass(r.iter().copied(), &ev.user),
        None => counting_pass(0..ev.len() as u32, &ev.user),
    };
    counting_pass(first.iter().copied(), &ev.session)
}

/// The rows of `order`, stably reordered by `key[row]` ([`NONE`] last).
fn counting_pass(order: impl Iterator<Item = u32> + Clone, key: &[u32]) -> Vec<u32> {
    let k = |i: u32| key.get(i as usize).copied().unwrap_or(NONE);
    // Ids are dense (interned); NONE goes into the bucket after the largest id.
    let max = order.clone().map(k).filter(|&v| v != NONE).max();
    let none = max.map_or(0, |m| m as usize + 1);
    let bucket = |v: u32| if v == NONE { none } else { v as usize };
    crate::sort::group_rows(order, none + 1, |i| Some(bucket(k(i)))).1
}

/// All visits of the dataset, sorted by (session, user, start).
pub fn visits(ds: &Dataset) -> Vec<Visit> {
    visits_of_groups(ds, &group_by_session_user(ds))
}

/// [`visits`] from the dataset's [`group_by_session_user`] (`idx`), for a caller that needs
/// that grouping too.
pub fn visits_of_groups(ds: &Dataset, idx: &[u32]) -> Vec<Visit> {
    let ev = &ds.events;
    let mut out = Vec::new();
    let mut g = 0;
    while g < idx.len() {
        let first = idx[g] as usize;
        let (session, user) = (ev.session[first], ev.user[first]);
        let mut h = g;
        while h < idx.len() {
            let i = idx[h] as usize;
            if ev.session[i] != session || ev.user[i] != user {
                break;
            }
            h += 1;
        }
        let group = &idx[g..h];
        let session_end = if session == NONE {
            None
        } else {
            ds.session_info.get(session as usize).and_then(|s| s.end)
        };
        let last_ts = group.last().map(|&i| ev.ts[i as usize]).unwrap_or_default();
        let mut open: Option<i64> = None;
        let mut pending: Vec<(i64, i64)> = Vec::new();
        for &i in group {
            let i = i as usize;
            match ev.kind[i] {
                EventKind::Enter if open.is_none() => open = Some(ev.ts[i]),
                EventKind::Leave => {
                    if let Some(s) = open.take() {
                        pending.push((s, ev.ts[i]));
                    }
                }
                _ => {}
            }
        }
        if let Some(s) = open {
            let end = session_end.unwrap_or(last_ts).max(s);
            pending.push((s, end));
        }
        // Merge overlapping visits (they are already in start order).
        for (s, e) in pending {
            match out.last_mut() {
                Some(Visit {
                    session: ls,
                    user: lu,
                    end: le,
                    ..
                }) if *ls == session && *lu == user && s <= *le => {
                    *le = (*le).max(e);
                }
                _ => out.push(Visit {
                    session,
                    user,
                    start: s,
                    end: e,
                }),
            }
        }
        g = h;
    }
    out
}

/// Concurrency of a set of visits: the sweep-line of `metrics.md`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Concurrency {
    pub peak: u32,
    /// Time-weighted mean of concurrent users over `[span_start, span_end)`; `None` for an empty
    /// span.
    pub mean: Option<f64>,
}

/// The sweep's change points: `(time, delta)` sorted with leaves (−1) before enters (+1) at equal
/// times. Empty visits are left out (a half-open `[t, t)` contains no instant). Visits of one
/// user that overlap across sessions count once per visit: callers pass the visits they want
/// counted.
pub fn change_points<'a>(visits: impl IntoIterator<Item = &'a Visit>) -> Vec<(i64, i32)> {
    let mut pts = Vec::new();
    for v in visits {
        if v.end > v.start {
            pts.push((v.start, 1));
            pts.push((v.end, -1));
        }
    }
    pts.sort_unstable();
    pts
}

/// Peak and time-weighted mean concurrency over a span.
pub fn concurrency(points: &[(i64, i32)], span_start: i64, span_end: i64) -> Concurrency {
    let mut cur: i64 = 0;
    let mut peak: i64 = 0;
    let mut area: f64 = 0.0;
    let mut last = span_start;
    for &(t, d) in points {
        let tc = t.clamp(span_start, span_end);
        if tc > last {
            area += cur as f64 * (tc - last) as f64;
            last = tc;
        }
        cur += d as i64;
        peak = peak.max(cur);
    }
    if span_end > last {
        area += cur as f64 * (span_end - last) as f64;
    }
    let mean = (span_end > span_start).then(|| area / (span_end - span_start) as f64);
    Concurrency {
        peak: peak.max(0) as u32,
        mean,
    }
}

/// Peak concurrency of a sweep's change points.
pub fn peak(points: &[(i64, i32)]) -> u32 {
    let mut cur: i64 = 0;
    let mut peak: i64 = 0;
    for &(_, d) in points {
        cur += d as i64;
        peak = peak.max(cur);
    }
    peak as u32
}

/// Concurrent users at each sample time (which must be sorted ascending): the count of visits
/// with `start <= t < end`.
pub fn concurrent_at(points: &[(i64, i32)], samples: &[i64]) -> Vec<u32> {
    let mut out = Vec::with_capacity(samples.len());
    let mut cur: i64 = 0;
    let mut p = 0;
    for &t in samples {
        while p < points.len() && points[p].0 <= t {
            cur += points[p].1 as i64;
            p += 1;
        }
        out.push(cur.max(0) as u32);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EventKind as K, SessionInfo};

    #[test]
    fn grouping_equals_a_sort_by_session_user_index() {
        // Ids with gaps and NONE in both columns; the whole log and a subset of its rows.
        let mut ev = Events::default();
        let mut x: u64 = 7;
        for t in 0..2_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let u = match (x >> 33) % 40 {
                0 => NONE,
                v => (v * 3) as u32,
            };
            let s = match (x >> 45) % 9 {
                0 => NONE,
                v => v as u32,
            };
            ev.push(u, t, K::Like, 0, s, NONE, NONE, 0.0);
        }
        let sorted = |rows: &[u32]| {
            let mut k: Vec<(u32, u32, u32)> = rows
                .iter()
                .map(|&i| (ev.session[i as usize], ev.user[i as usize], i))
                .collect();
            k.sort_unstable();
            k.into_iter().map(|(_, _, i)| i).collect::<Vec<u32>>()
        };
        let all: Vec<u32> = (0..ev.len() as u32).collect();
        assert_eq!(group_rows_by_session_user(&ev, None), sorted(&all));
        let some: Vec<u32> = all.iter().copied().filter(|i| i % 3 != 1).collect();
        assert_eq!(group_rows_by_session_user(&ev, Some(&some)), sorted(&some));
        assert!(group_rows_by_session_user(&Events::default(), None).is_empty());
    }

    fn ds(rows: &[(&str, &str, K, i64)]) -> Dataset {
        let mut d = Dataset::default();
        for &(u, s, k, t) in rows {
            let u = d.users.intern(u);
            let s = d.sessions.intern(s);
            let n = d.event_names.intern(k.key());
            d.events.push(u, t * 1000, k, n, s, NONE, NONE, 0.0);
        }
        d.finish();
        d
    }

    #[test]
    fn missing_leave_ends_at_last_event_or_session_end() {
        let mut d = ds(&[("a", "s", K::Enter, 0), ("a", "s", K::Comment, 50)]);
        let v = visits(&d);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].seconds(), 50.0);
        d.session_info[0] = SessionInfo {
            end: Some(100_000),
            host: NONE,
            ..Default::default()
        };
        assert_eq!(visits(&d)[0].seconds(), 100.0);
    }

    #[test]
    fn overlapping_visits_merge_and_reentry_counts_separately() {
        // enter 0, enter 10, leave 30  -> one visit [0,30); re-enter 40..60 -> second visit.
        let d = ds(&[
            ("a", "s", K::Enter, 0),
            ("a", "s", K::Enter, 10),
            ("a", "s", K::Leave, 30),
            ("a", "s", K::Enter, 40),
            ("a", "s", K::Leave, 60),
        ]);
        let v = visits(&d);
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].start, v[0].end), (0, 30_000));
        assert_eq!((v[1].start, v[1].end), (40_000, 60_000));
    }

    #[test]
    fn leave_without_enter_is_ignored() {
        let d = ds(&[
            ("a", "s", K::Leave, 5),
            ("a", "s", K::Enter, 10),
            ("a", "s", K::Leave, 20),
        ]);
        let v = visits(&d);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].seconds(), 10.0);
    }

    #[test]
    fn leaves_apply_before_enters_at_equal_times() {
        // a: [0,10), b: [10,20): never two inside at once.
        let d = ds(&[
            ("a", "s", K::Enter, 0),
            ("a", "s", K::Leave, 10),
            ("b", "s", K::Enter, 10),
            ("b", "s", K::Leave, 20),
        ]);
        let v = visits(&d);
        let pts = change_points(&v);
        let c = concurrency(&pts, 0, 20_000);
        assert_eq!(c.peak, 1);
        assert_eq!(c.mean, Some(1.0));
        assert_eq!(
            concurrent_at(&pts, &[0, 9_999, 10_000, 20_000]),
            vec![1, 1, 1, 0]
        );
    }

    #[test]
    fn time_weighted_mean() {
        // a inside [0,30), b inside [10,20): area = 30 + 10 = 40 over 40 s span -> 1.0
        let d = ds(&[
            ("a", "s", K::Enter, 0),
            ("b", "s", K::Enter, 10),
            ("b", "s", K::Leave, 20),
            ("a", "s", K::Leave, 30),
            ("c", "s", K::Comment, 40),
        ]);
        let v = visits(&d);
        let c = concurrency(&change_points(&v), 0, 40_000);
        assert_eq!(c.peak, 2);
        assert_eq!(c.mean, Some(1.0));
        assert_eq!(concurrency(&[], 5, 5).mean, None);
    }
}

//! Merging after all files are read: payments that an events file and an orders file both hold
//! are kept once, and events without a session are placed in the session of their time.

use rustc_hash::FxHashSet;

use super::validation::FileReport;
use crate::model::{Dataset, EventKind, NONE};

/// When an orders file is loaded, `pay` and `refund` rows of events files with an (order id,
/// user) pair that the orders file holds are the same payments: they are kept once, from the
/// orders file. The same order id with another user is a different payment (the two files use
/// different id spaces) and is kept.
pub(super) fn merge_with_orders(
    ds: &mut Dataset,
    event_ranges: &[(usize, std::ops::Range<usize>)],
    orders: &FxHashSet<(u32, u32)>,
    reports: &mut [FileReport],
) {
    let ev = &ds.events;
    let mut drop = vec![false; ev.len()];
    let mut any = false;
    for (ri, range) in event_ranges {
        let mut merged = 0;
        for i in range.clone() {
            let (Some(kind), Some(&order), Some(&user)) =
                (ev.kind.get(i), ev.order.get(i), ev.user.get(i))
            else {
                continue;
            };
            if matches!(kind, EventKind::Pay | EventKind::Refund)
                && order != NONE
                && orders.contains(&(order, user))
            {
                if let Some(d) = drop.get_mut(i) {
                    *d = true;
                }
                merged += 1;
                any = true;
            }
        }
        if let Some(r) = reports.get_mut(*ri) {
            r.merged_with_orders += merged;
        }
    }
    if !any {
        return;
    }
    fn retain_by<T>(v: &mut Vec<T>, drop: &[bool]) {
        let mut i = 0;
        v.retain(|_| {
            let k = !drop.get(i).copied().unwrap_or(false);
            i += 1;
            k
        });
    }
    let e = &mut ds.events;
    retain_by(&mut e.user, &drop);
    retain_by(&mut e.ts, &drop);
    retain_by(&mut e.kind, &drop);
    retain_by(&mut e.name, &drop);
    retain_by(&mut e.session, &drop);
    retain_by(&mut e.item, &drop);
    retain_by(&mut e.order, &drop);
    retain_by(&mut e.amount, &drop);
    e.extra.retain(drop.len(), &drop);
}

/// Events without a session id are placed in the session whose start–end window (sessions
/// table) contains them; the latest-starting such session wins. Orders read by a platform
/// layout were already tied (or deliberately not: another creator's session) when read.
pub(super) fn assign_sessions_by_time(ds: &mut Dataset) {
    let mut windows: Vec<(i64, i64, u32)> = ds
        .session_info
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((s.start?, s.end?, i as u32)))
        .filter(|(s, e, _)| e >= s)
        .collect();
    if windows.is_empty() || !ds.events.session.contains(&NONE) {
        return;
    }
    windows.sort_unstable();
    let by_layout = |o: u32| {
        ds.order_platform
            .get(o as usize)
            .is_some_and(|&p| p != NONE)
    };
    let e = &mut ds.events;
    for ((s, &t), &o) in e.session.iter_mut().zip(&e.ts).zip(&e.order) {
        if *s != NONE || by_layout(o) {
            continue;
        }
        let p = windows.partition_point(|w| w.0 <= t);
        for w in windows.get(..p).unwrap_or_default().iter().rev() {
            if t <= w.1 {
                *s = w.2;
                break;
            }
        }
    }
}

//! [`KpiBase`]: the per-session facts of the KPI table, computed once, and their sums over any
//! grouping of sessions (overall, per session, per host) in passes over dense arrays indexed by
//! session slot and user id — no sort per grouping but the sweep of a group of several sessions.

use super::scan::{scan_all, Rows, Scan};
use super::{ratio, Kpis};
use crate::model::{Dataset, NONE};
use crate::visits::{change_points, concurrency, peak, Visit};

/// Per-session facts computed once; groups aggregate them.
#[cfg_attr(test, derive(Debug, PartialEq))]
pub struct KpiBase {
    /// Dense session slots: session id → slot; slot `n_sessions` is "no session".
    slots: usize,
    /// (slot, user, flags) per distinct pair, in (slot, user) order.
    pairs: Vec<(u32, u32, u8)>,
    /// `pairs[pair_start[s]..pair_start[s + 1]]` are the pairs of slot `s`.
    pair_start: Vec<usize>,
    /// (slot, order) per pay row with an order id (without repeats).
    orders: Vec<(u32, u32)>,
    rows: Vec<Rows>,
    span: Vec<Option<(i64, i64)>>,
    /// Each slot's visits swept once (`None` for a slot without visits).
    sweeps: Vec<Option<Sweep>>,
    /// `visits[visit_start[s]..visit_start[s + 1]]` are the visits of slot `s` (the visits the
    /// base was made with).
    visit_start: Vec<usize>,
    /// Each slot's change points with the person, `(time, ±1, user)` in the sweep's order
    /// (time, then leaves before enters): `points[point_start[s]..point_start[s + 1]]`.
    points: Vec<(i64, i32, u32)>,
    point_start: Vec<usize>,
    /// Users of the dataset (the persons' counters of [`KpiBase::group_peak`]).
    n_users: usize,
}

/// One session's visits: summed watch time, concurrency area over the span, peak.
#[derive(Clone, Copy)]
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Sweep {
    watch_ms: f64,
    /// Time-weighted mean × span; `None` without a span.
    area: Option<f64>,
    /// The peak of the session's visits (they never overlap per person: `visits` merged them).
    peak: u32,
}

/// Change points below which [`KpiBase::build`] sweeps on one thread.
const SWEEP_SPLIT_MIN: usize = 1 << 15;

fn slot(ds: &Dataset, s: u32) -> u32 {
    if s == NONE {
        ds.sessions.len() as u32
    } else {
        s
    }
}

impl KpiBase {
    /// The base of `ds`, whose visits are `visits` ([`crate::visits::visits`]; sorted by
    /// session, as it gives them); its pass over the events on up to `threads` threads (the
    /// same base on any number).
    pub fn new(ds: &Dataset, visits: &[Visit], threads: usize) -> KpiBase {
        KpiBase::build(ds, visits, scan_all(ds, false, threads), threads)
    }

    /// The base of `ds` and its visits (the same as [`crate::visits::visits`]) from one pass
    /// over the events, on up to `threads` threads (the same base and visits on any number).
    pub fn with_visits(
        ds: &Dataset,
        threads: usize,
    ) -> (Vec<Visit>, impl FnOnce(&[Visit]) -> KpiBase + '_) {
        let mut sc = scan_all(ds, true, threads);
        let visits = std::mem::take(&mut sc.visits);
        (visits, move |visits: &[Visit]| {
            KpiBase::build(ds, visits, sc, threads)
        })
    }

    /// The base of one group's pass ([`super::scan::scan_groups`]), as if the dataset held only
    /// the group's events, with `visits` their visits: the KPIs of a group of persons without
    /// a copy of its events.
    pub(super) fn of_group(ds: &Dataset, visits: &[Visit], sc: Scan) -> KpiBase {
        KpiBase::build(ds, visits, sc, 1)
    }

    /// The base from the pass's result; each session's visits sorted and swept on up to
    /// `threads` threads (sessions are independent: the same base on any number).
    fn build(ds: &Dataset, visits: &[Visit], sc: Scan, threads: usize) -> KpiBase {
        KpiBase::build_split(ds, visits, sc, threads, SWEEP_SPLIT_MIN)
    }

    /// [`KpiBase::build`], split from `min_points` change points on.
    fn build_split(
        ds: &Dataset,
        visits: &[Visit],
        sc: Scan,
        threads: usize,
        min_points: usize,
    ) -> KpiBase {
        let Scan {
            rows,
            orders,
            pairs,
            visits: _,
        } = sc;
        let slots = ds.sessions.len() + 1;
        let pair_start = starts(pairs.iter().map(|p| p.0 as usize), slots);
        let span: Vec<Option<(i64, i64)>> = (0..slots)
            .map(|s| {
                let info = ds.session_info.get(s);
                match (info.and_then(|i| i.start), info.and_then(|i| i.end)) {
                    (Some(a), Some(b)) if b >= a => Some((a, b)),
                    _ => Some((rows[s].first?, rows[s].last?)),
                }
            })
            .collect();
        // Visits are sorted by session: each slot's run swept once.
        let visit_start = starts(visits.iter().map(|v| slot(ds, v.session) as usize), slots);
        // `change_points` with the person of each point, slot by slot.
        let mut points: Vec<(i64, i32, u32)> = Vec::with_capacity(2 * visits.len());
        let mut point_start = vec![0usize; slots + 1];
        for s in 0..slots {
            let vs = visits
                .get(visit_start[s]..visit_start[s + 1])
                .unwrap_or(&[]);
            for v in vs.iter().filter(|v| v.end > v.start) {
                points.push((v.start, 1, v.user));
                points.push((v.end, -1, v.user));
            }
            point_start[s + 1] = points.len();
        }
        // Runs of slots with about the same number of points, each sorted and swept by
        // whichever thread is free (one run on one thread).
        let runs = if crate::analysis::par::usable(threads) < 2 || points.len() < min_points {
            1
        } else {
            4 * threads
        };
        let mut cuts = vec![0usize];
        for r in 1..runs {
            let want = points.len() * r / runs;
            let at = point_start.partition_point(|&p| p < want);
            if at > *cuts.last().unwrap_or(&0) && at < slots {
                cuts.push(at);
            }
        }
        cuts.push(slots);
        let mut parts = Vec::with_capacity(cuts.len());
        let mut rest = points.as_mut_slice();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (here, after) = rest.split_at_mut(point_start[b] - point_start[a]);
            rest = after;
            parts.push((a..b, here));
        }
        let swept = crate::analysis::par::map_owned(threads, parts, |(range, mut own)| {
            let mut sweeps = Vec::with_capacity(range.len());
            for s in range {
                let (here, after) = own.split_at_mut(point_start[s + 1] - point_start[s]);
                own = after;
                here.sort_unstable_by_key(|&(t, d, _)| (t, d));
                if visit_start[s] == visit_start[s + 1] {
                    sweeps.push(None);
                    continue;
                }
                let pts: Vec<(i64, i32)> = here.iter().map(|&(t, d, _)| (t, d)).collect();
                let vs = visits
                    .get(visit_start[s]..visit_start[s + 1])
                    .unwrap_or(&[]);
                sweeps.push(Some(Sweep {
                    watch_ms: vs.iter().map(|v| (v.end - v.start) as f64).sum::<f64>(),
                    area: span[s]
                        .map(|(a, b)| concurrency(&pts, a, b).mean.unwrap_or(0.0) * (b - a) as f64),
                    peak: peak(&pts),
                }));
            }
            sweeps
        });
        let sweeps: Vec<Option<Sweep>> = swept.into_iter().flatten().collect();
        KpiBase {
            slots,
            pairs,
            pair_start,
            orders,
            rows,
            span,
            sweeps,
            visit_start,
            points,
            point_start,
            n_users: ds.users.len(),
        }
    }

    /// Per session id: distinct users with an `enter` (persons without a buyer id included)
    /// and the time of its first event, as `timeline::session_list` counts them. The base must
    /// be the whole dataset's ([`KpiBase::new`], [`KpiBase::with_visits`]).
    pub fn session_figures(&self) -> (Vec<u64>, Vec<Option<i64>>) {
        let n = self.slots - 1;
        let rows = &self.rows[..n];
        (
            rows.iter().map(|r| r.enter_users).collect(),
            rows.iter().map(|r| r.first_seen).collect(),
        )
    }

    /// KPIs for groups of sessions: `group_of(session)` names the group of each session (and of
    /// the events without a session, passed as [`NONE`]), `None` to leave it out. `visits` are
    /// the visits the base was made with.
    pub fn aggregate(
        &self,
        ds: &Dataset,
        visits: &[Visit],
        n_groups: usize,
        group_of: impl Fn(u32) -> Option<u32>,
    ) -> Vec<Kpis> {
        let g_of_slot: Vec<Option<u32>> = (0..self.slots)
            .map(|s| {
                let sid = if s == ds.sessions.len() {
                    NONE
                } else {
                    s as u32
                };
                group_of(sid).filter(|&g| (g as usize) < n_groups)
            })
            .collect();
        let gs = |s: u32| g_of_slot.get(s as usize).copied().flatten();
        // The slots of each group, in slot order.
        let mut group_slots: Vec<Vec<usize>> = vec![Vec::new(); n_groups];
        for (s, g) in g_of_slot.iter().enumerate() {
            if let Some(list) = g.and_then(|g| group_slots.get_mut(g as usize)) {
                list.push(s);
            }
        }
        let mut out = vec![Kpis::default(); n_groups];
        // Distinct people per group: each person's flags OR-ed over the group's slots in one
        // dense array (cleared through the persons touched).
        let mut people = vec![[0u64; 6]; n_groups];
        let mut flags = vec![0u8; ds.users.len()];
        let mut touched: Vec<u32> = Vec::new();
        for (g, list) in group_slots.iter().enumerate() {
            for &s in list {
                let ps = self
                    .pairs
                    .get(self.pair_start[s]..self.pair_start[s + 1])
                    .unwrap_or(&[]);
                for &(_, u, f) in ps {
                    match flags.get_mut(u as usize) {
                        Some(x) => {
                            if *x == 0 {
                                touched.push(u);
                            }
                            *x |= f;
                        }
                        // A user id beyond the interner (never from ingestion): counted alone.
                        None => add_flags(&mut people[g], f),
                    }
                }
            }
            for u in touched.drain(..) {
                if let Some(x) = flags.get_mut(u as usize) {
                    add_flags(&mut people[g], *x);
                    *x = 0;
                }
            }
        }
        // Row counts, money, watch time and concurrency of each slot, summed in slot order.
        let mut spend: Vec<Option<f64>> = vec![None; n_groups];
        let mut minutes: Vec<f64> = vec![0.0; n_groups];
        let mut area: Vec<f64> = vec![0.0; n_groups];
        let mut watch_ms: Vec<f64> = vec![0.0; n_groups];
        let mut no_buyer: Vec<u64> = vec![0; n_groups];
        for (s, (g, r)) in g_of_slot.iter().zip(&self.rows).enumerate() {
            let Some(g) = *g else { continue };
            let g = g as usize;
            let o = &mut out[g];
            o.views += r.views;
            o.comments += r.comments;
            o.likes += r.likes;
            o.shares += r.shares;
            o.gmv += r.gmv;
            o.refunds += r.refunds;
            o.orders += r.pay_no_order;
            no_buyer[g] += r.pay_no_buyer;
            if let Some(sp) = ds.session_info.get(s).and_then(|i| i.ad_spend) {
                *spend[g].get_or_insert(0.0) += sp;
                o.spent_gmv += r.gmv;
                o.spent_refunds += r.refunds;
            }
            if let Some((a, b)) = self.span[s] {
                minutes[g] += (b - a) as f64 / 60_000.0;
            }
        }
        for (s, sw) in self.sweeps.iter().enumerate() {
            let (Some(sw), Some(g)) = (sw, gs(s as u32)) else {
                continue;
            };
            let g = g as usize;
            watch_ms[g] += sw.watch_ms;
            if let Some(a) = sw.area {
                area[g] += a;
            }
        }
        // Distinct orders per group.
        let mut go: Vec<(u32, u32)> = self
            .orders
            .iter()
            .filter_map(|&(s, o)| gs(s).map(|g| (g, o)))
            .collect();
        go.sort_unstable();
        go.dedup();
        for (g, _) in go {
            if let Some(o) = out.get_mut(g as usize) {
                o.orders += 1;
            }
        }
        for (g, o) in out.iter_mut().enumerate() {
            let [viewers, interact, followers, pview, click, buyers] = people[g];
            o.viewers = viewers;
            o.followers = followers;
            // Without a buyer id for some payments, buyers (and the rates over them) are unknown.
            let known = no_buyer[g] == 0;
            o.buyers = known.then_some(buyers);
            o.peak_concurrent = self.group_peak(visits, &group_slots[g]) as u64;
            o.live_minutes = (minutes[g] > 0.0).then_some(minutes[g]);
            o.avg_concurrent = ratio(area[g], minutes[g] * 60_000.0);
            o.avg_watch_seconds = ratio(watch_ms[g] / 1000.0, viewers as f64);
            o.comments_per_minute = ratio(o.comments as f64, minutes[g]);
            o.ad_spend = spend[g];
            let v = viewers as f64;
            o.interaction_rate = ratio(interact as f64, v);
            o.follow_rate = ratio(followers as f64, v);
            o.product_click_rate = ratio(click as f64, pview as f64);
            o.click_to_pay_rate = ratio(buyers as f64, click as f64).filter(|_| known);
            o.conversion_rate = ratio(buyers as f64, v).filter(|_| known);
            o.aov = ratio(o.gmv, o.orders as f64);
            o.revenue_per_buyer = ratio(o.gmv, buyers as f64).filter(|_| known);
            o.gpm = ratio(1000.0 * o.gmv, o.views as f64);
            o.uv_value = ratio(o.gmv, v);
            o.refund_rate = ratio(o.refunds, o.gmv);
            o.roi = o.ad_spend.and_then(|s| ratio(o.spent_gmv, s));
            o.net_roi = o
                .ad_spend
                .and_then(|s| ratio(o.spent_gmv - o.spent_refunds, s));
        }
        out
    }

    /// Peak concurrency of a group of slots. A person inside two sessions at once is one
    /// person online: each person's overlapping visits across the group's sessions count once
    /// (as if merged). One slot's visits never overlap per person, so its own sweep's peak is
    /// the group's.
    ///
    /// Several slots: their change points (each slot's already in order) merged into one
    /// sweep that counts each person's open visits and the persons with at least one — the
    /// peak of the visits merged per person (`merge_per_person`), without sorting them: at a
    /// time where a person's visit ends and another begins (merged visits that only touch),
    /// leaves come before enters, so the person's dip and return in between never reach a
    /// new peak.
    fn group_peak(&self, visits: &[Visit], slots: &[usize]) -> u32 {
        match slots {
            [] => 0,
            [s] => self.sweeps.get(*s).copied().flatten().map_or(0, |w| w.peak),
            _ => {
                if let Some(top) = self.disjoint_peak(slots) {
                    return top;
                }
                let mut pts: Vec<(i64, i32, u32)> = Vec::new();
                for &s in slots {
                    let range = self.point_start[s]..self.point_start[s + 1];
                    pts.extend_from_slice(self.points.get(range).unwrap_or(&[]));
                }
                if pts.iter().any(|p| p.2 as usize >= self.n_users) {
                    // A user id beyond the interner (never from ingestion): merged visits.
                    let mut vs: Vec<Visit> = Vec::new();
                    for &s in slots {
                        let range = self.visit_start[s]..self.visit_start[s + 1];
                        vs.extend_from_slice(visits.get(range).unwrap_or(&[]));
                    }
                    return peak(&change_points(&merge_per_person(vs)));
                }
                // A stable sort merges the slots' sorted runs.
                pts.sort_by_key(|&(t, d, _)| (t, d));
                let mut open = vec![0u32; self.n_users];
                let (mut cur, mut top) = (0u32, 0u32);
                for (_, d, u) in pts {
                    let c = &mut open[u as usize];
                    if d > 0 {
                        cur += u32::from(*c == 0);
                        *c += 1;
                    } else if *c > 0 {
                        *c -= 1;
                        cur -= u32::from(*c == 0);
                    }
                    top = top.max(cur);
                }
                top
            }
        }
    }

    /// [`KpiBase::group_peak`] of sessions that follow one another (the usual: one creator's
    /// lives): when the slots' change points lie in spans of time that do not overlap (one
    /// may end when the next begins), nobody is in two of them at once, so the peak is the
    /// largest of their own peaks (at a shared instant the leaves of the one ending are swept
    /// before the enters of the next). `None` when two spans overlap.
    fn disjoint_peak(&self, slots: &[usize]) -> Option<u32> {
        let mut spans: Vec<(i64, i64, u32)> = Vec::with_capacity(slots.len());
        for &s in slots {
            let from = *self.point_start.get(s)?;
            let to = *self.point_start.get(s + 1)?;
            // Each slot's points are sorted by time: its first and last are its span.
            if let (Some(a), Some(b)) = (self.points.get(from), to.checked_sub(1)) {
                let b = self.points.get(b)?;
                let top = self.sweeps.get(s).copied().flatten().map_or(0, |w| w.peak);
                spans.push((a.0, b.0, top));
            }
        }
        spans.sort_unstable();
        spans
            .windows(2)
            .all(|w| w[0].1 <= w[1].0)
            .then(|| spans.iter().map(|x| x.2).max().unwrap_or(0))
    }
}

fn add_flags(p: &mut [u64; 6], f: u8) {
    for (b, c) in p.iter_mut().enumerate() {
        *c += ((f >> b) & 1) as u64;
    }
}

/// `start[k]..start[k + 1]` = the positions of key `k` in `keys` (sorted ascending, each
/// `< n`; a key out of order or range ends the runs there).
fn starts(keys: impl Iterator<Item = usize>, n: usize) -> Vec<usize> {
    let mut start = vec![0usize; n + 1];
    let (mut len, mut at, mut prev) = (0, 0, 0);
    for k in keys {
        if k < prev || k >= n {
            break;
        }
        while at <= k {
            start[at] = len;
            at += 1;
        }
        prev = k;
        len += 1;
    }
    for s in start.iter_mut().skip(at) {
        *s = len;
    }
    start
}

/// Merges each person's overlapping visits (of any sessions) into one.
fn merge_per_person(mut vs: Vec<Visit>) -> Vec<Visit> {
    vs.sort_unstable_by_key(|v| (v.user, v.start));
    let mut out: Vec<Visit> = Vec::with_capacity(vs.len());
    for v in vs {
        match out.last_mut() {
            Some(m) if m.user == v.user && v.start <= m.end => m.end = m.end.max(v.end),
            _ => out.push(v),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::scan::{scan, scan_groups};
    use super::*;
    use crate::model::{EventKind as K, SessionInfo};
    use crate::visits::visits;

    /// Random events of 30 persons in 6 overlapping sessions (and without a session), with
    /// ties of time, re-entries, leaves without enters and sessions with and without an end.
    fn random_dataset(seed: u64) -> Dataset {
        random_dataset_in(seed, 0)
    }

    /// [`random_dataset`] with session `s`'s events moved `s × step` ms later: with a `step`
    /// of 399 s, the sessions follow one another, one's last instant maybe the next's first.
    fn random_dataset_in(seed: u64, step: i64) -> Dataset {
        let mut d = Dataset::default();
        let kinds = [
            K::Enter,
            K::Leave,
            K::Comment,
            K::Pay,
            K::Click,
            K::Enter,
            K::Leave,
        ];
        let mut x = seed;
        let mut next = |m: u64| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) % m
        };
        let mut rows = Vec::new();
        for _ in 0..3_000 {
            let u = format!("u{}", next(30));
            let s = next(7);
            let k = kinds[next(kinds.len() as u64) as usize];
            rows.push((u, s, k, s as i64 * step + next(400) as i64 * 1000));
        }
        rows.sort_by_key(|r| r.3);
        for (u, s, k, t) in rows {
            let u = d.users.intern(&u);
            let s = match s {
                6 => NONE,
                s => d.sessions.intern(&format!("s{s}")),
            };
            let n = d.event_names.intern(k.key());
            d.events.push(u, t, k, n, s, NONE, NONE, 1.0);
        }
        d.finish();
        for (s, info) in d.session_info.iter_mut().enumerate() {
            if s % 2 == 0 {
                *info = SessionInfo {
                    end: Some(350_000),
                    host: NONE,
                    ..Default::default()
                };
            }
        }
        d
    }

    #[test]
    fn one_pass_gives_the_grouped_visits_and_the_merged_peak() {
        let mut merging_matters = 0;
        for seed in 1..6 {
            let d = random_dataset(seed);
            let (vs, base) = KpiBase::with_visits(&d, 1);
            // The visits of the grouping, in its order.
            assert_eq!(vs, visits(&d), "seed {seed}");
            let base = base(&vs);
            // Overall: every slot, several of them overlapping in time.
            let all: Vec<usize> = (0..base.slots).collect();
            let merged = peak(&change_points(&merge_per_person(vs.clone())));
            merging_matters += usize::from(peak(&change_points(&vs)) != merged);
            assert_eq!(base.group_peak(&vs, &all), merged, "seed {seed}");
            assert_eq!(base.group_peak(&vs, &all[1..4]), {
                let some: Vec<Visit> = vs
                    .iter()
                    .filter(|v| (1..4).contains(&(slot(&d, v.session) as usize)))
                    .copied()
                    .collect();
                peak(&change_points(&merge_per_person(some)))
            });
            // Distinct viewers per session against a set of (session, user) pairs.
            let per = base.aggregate(&d, &vs, d.sessions.len(), |s| (s != NONE).then_some(s));
            for (s, k) in per.iter().enumerate() {
                let mut seen = std::collections::BTreeSet::new();
                for i in 0..d.events.len() {
                    if d.events.session[i] == s as u32 && d.events.kind[i] == K::Enter {
                        seen.insert(d.events.user[i]);
                    }
                }
                assert_eq!(k.viewers, seen.len() as u64, "seed {seed}, session {s}");
            }
        }
        // The data has persons in two sessions at once (else the peaks test nothing).
        assert!(merging_matters > 0);
    }

    /// [`random_dataset`] where person `u` stands for orders without a buyer id.
    fn with_one_without_buyer_id(seed: u64, u: usize) -> Dataset {
        let mut d = random_dataset(seed);
        d.pseudo_users = vec![false; d.users.len()];
        d.pseudo_users[u] = true;
        d
    }

    #[test]
    fn session_list_from_the_base_is_the_one_from_the_events() {
        for seed in 1..4 {
            // A person without a buyer id who enters counts in the session list.
            let d = with_one_without_buyer_id(seed, 3);
            let prep = crate::analysis::Prepared::new(&d);
            let from_events = crate::timeline::session_list(&prep);
            let _ = prep.kpi_base();
            assert_eq!(
                crate::timeline::session_list(&prep),
                from_events,
                "seed {seed}"
            );
            assert!(from_events.iter().any(|s| s.viewers > 0));
        }
    }

    #[test]
    fn the_groups_pass_is_each_groups_own_pass() {
        for seed in 1..8 {
            let mut d = with_one_without_buyer_id(seed, 2);
            // Orders (some repeated, some missing) and amounts whose sums depend on their order.
            for i in 0..d.events.len() {
                if d.events.kind[i] == K::Pay && i % 3 != 0 {
                    d.events.order[i] = (i % 17) as u32;
                }
                d.events.amount[i] = 0.1 * (i % 7) as f64 + 1e-3 * i as f64;
            }
            for n_groups in [1, 3, 5] {
                // Some persons in no group, and groups numbered past the last are none.
                let group_of = |u: u32| match u % 7 {
                    6 => None,
                    x => Some(x as usize % (n_groups + 1)),
                };
                let got = scan_groups(&d, n_groups, group_of);
                assert_eq!(got.len(), n_groups);
                for (g, sc) in got.into_iter().enumerate() {
                    assert!(!sc.pairs.is_empty() && !sc.orders.is_empty());
                    let rows =
                        (0..d.events.len()).filter(|&i| group_of(d.events.user[i]) == Some(g));
                    let want = scan(&d, rows, false);
                    assert_eq!(sc, want, "seed {seed}, {n_groups} groups, group {g}");
                }
            }
        }
    }

    #[test]
    fn the_pass_split_over_two_threads_is_the_one_thread_pass() {
        for seed in 1..8 {
            let d = with_one_without_buyer_id(seed, 2);
            for with_visits in [false, true] {
                let one = scan(&d, 0..d.events.len(), with_visits);
                let two = super::super::scan::scan_split(&d, with_visits, 2, 0);
                assert_eq!(two, one, "seed {seed}, visits {with_visits}");
                // Too few events: one thread.
                assert_eq!(scan_all(&d, with_visits, 2), one);
            }
        }
    }

    #[test]
    fn the_peak_of_sessions_apart_in_time_is_their_largest_peak() {
        let (mut apart, mut overlapping) = (0, 0);
        for (seed, step) in (1..6).flat_map(|s| [(s, 0), (s, 399_000), (s, 200_000)]) {
            let d = random_dataset_in(seed, step);
            let (vs, base) = KpiBase::with_visits(&d, 1);
            let base = base(&vs);
            let merged = |slots: &[usize]| {
                let some: Vec<Visit> = vs
                    .iter()
                    .filter(|v| slots.contains(&(slot(&d, v.session) as usize)))
                    .copied()
                    .collect();
                peak(&change_points(&merge_per_person(some)))
            };
            for a in 0..base.slots {
                for b in a + 1..base.slots {
                    let pair = [a, b];
                    match base.disjoint_peak(&pair) {
                        Some(p) => {
                            apart += 1;
                            assert_eq!(p, merged(&pair), "seed {seed}, slots {a}, {b}");
                        }
                        None => overlapping += 1,
                    }
                    assert_eq!(base.group_peak(&vs, &pair), merged(&pair));
                }
            }
            let all: Vec<usize> = (0..base.slots).collect();
            assert_eq!(
                base.group_peak(&vs, &all),
                merged(&all),
                "seed {seed}, step {step}"
            );
        }
        // Both cases met (else the test shows nothing).
        assert!(
            apart > 0 && overlapping > 0,
            "{apart} apart, {overlapping} overlapping"
        );
    }

    #[test]
    fn the_sweeps_shared_out_over_threads_are_the_one_thread_sweeps() {
        let mut split = 0;
        for seed in 1..8 {
            let d = with_one_without_buyer_id(seed, 2);
            let n = d.events.len();
            let (visits, _) = KpiBase::with_visits(&d, 1);
            split += usize::from(visits.len() > 8);
            let one = KpiBase::build_split(&d, &visits, scan(&d, 0..n, false), 1, 0);
            for threads in [2, 3] {
                let many = KpiBase::build_split(&d, &visits, scan(&d, 0..n, false), threads, 0);
                assert_eq!(many, one, "seed {seed}, {threads} threads");
            }
            // Too few points: one thread, the same.
            assert_eq!(KpiBase::new(&d, &visits, 2), one);
        }
        assert!(split > 0, "no dataset with visits to share out");
    }

    #[test]
    fn starts_of_sorted_keys() {
        assert_eq!(starts([0, 0, 2, 2, 2].into_iter(), 4), vec![0, 2, 2, 5, 5]);
        assert_eq!(starts([].into_iter(), 2), vec![0, 0, 0]);
        assert_eq!(starts([3].into_iter(), 4), vec![0, 0, 0, 0, 1]);
        // Out of order: the runs end there.
        assert_eq!(starts([1, 0].into_iter(), 2), vec![0, 0, 1]);
    }
}

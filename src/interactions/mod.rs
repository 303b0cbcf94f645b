//! Interaction tools (`metrics.md`, "Interaction tools"): lucky bags and lotteries, polls,
//! coupons and Q&A. A tool's window is from its first to its last event in a session (coupons:
//! per coupon id). For each window:
//!
//! - the room ([`window`]): mean concurrent viewers, entries per minute and follows per minute in
//!   the window against the same length just before it, and that change against the change of
//!   the creator's other sessions at the same minutes since their start (a difference in
//!   differences), with a 95% interval;
//! - the people ([`matching`]): participants' conversion (paid in the session) against the
//!   present non-participants', raw (Wilson intervals) and matched on deciles of prior watch time
//!   and prior comments, with a 95% interval; the same for GMV per person.
//!
//! Participants: `lottery_join`/`lottery_win` (lottery), `poll_vote` (poll), `coupon_claim`
//! (coupon; `coupon_use` or a pay with the coupon when a coupon has no claims), `question` (Q&A;
//! the users of `answer` rows when a session has no `question` rows). Per tool, the windows are
//! pooled ([`ToolSummary`]); coupons get their redemption, discount cost and cost per extra
//! buyer ([`coupons`]). Matched effects compare similar people, they do not prove cause: a
//! participant chose to take part.

pub mod coupons;
pub mod matching;
pub mod window;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::analysis::Prepared;
use crate::compare::{stats::Z_95, tdist::t_quantile, wilson};
use crate::ingest::parse::format_ts;
use crate::kpi::sessions_in_order;
use crate::model::{Dataset, EventKind, NONE};
use crate::{Error, Result};

pub use coupons::CouponRow;
pub use matching::ParticipantEffect;
pub use window::WindowEffect;

use matching::{matched, participant_effect, MatchedSums, Present};
use window::{effects, profile, SessionSeries, PROFILE};

/// Running sums of a tool's profile: (Σ own, n own, Σ others, n others) per minute.
type ProfileSums = Vec<(f64, u32, f64, u32)>;

/// The tools, in report order.
pub const TOOLS: [&str; 4] = ["lottery", "poll", "coupon", "qa"];

fn tool_of(k: EventKind) -> Option<usize> {
    match k {
        EventKind::LotteryJoin | EventKind::LotteryWin => Some(0),
        EventKind::PollVote => Some(1),
        EventKind::CouponClaim | EventKind::CouponUse => Some(2),
        EventKind::Question | EventKind::Answer => Some(3),
        _ => None,
    }
}

/// One tool's window in one session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ToolWindow {
    /// `lottery`, `poll`, `coupon` or `qa`.
    pub tool: String,
    pub session: String,
    /// The coupon id for coupons, else empty.
    pub label: String,
    /// Local times of the first and last event.
    pub start: String,
    pub end: String,
    /// Minutes from the session's start to the window's start.
    pub start_minute: f64,
    pub seconds: f64,
    /// Persons present in the window (a visit overlapping it) or taking part.
    pub present: u64,
    pub concurrency: WindowEffect,
    pub entering_per_minute: WindowEffect,
    pub follows_per_minute: WindowEffect,
    pub conversion: ParticipantEffect,
}

/// A tool's windows pooled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ToolSummary {
    pub tool: String,
    pub windows: u64,
    /// Mean effect on concurrency over the windows that have one, with a 95% t interval
    /// across windows (with one window: that window's interval).
    pub concurrency_effect: Option<f64>,
    pub concurrency_low: Option<f64>,
    pub concurrency_high: Option<f64>,
    pub concurrency_windows: u64,
    pub concurrency_distinguishable: bool,
    /// Participants against others, pooled over the windows.
    pub conversion: ParticipantEffect,
    /// Concurrency around the windows: minutes from the window's start (−10 … 19), the mean
    /// over the tool's windows, and the mean of the comparison sessions at the same minutes
    /// since their start (averaged over the windows).
    pub profile_minutes: Vec<i32>,
    pub profile_tool: Vec<Option<f64>>,
    pub profile_others: Vec<Option<f64>>,
    /// Mean window length, minutes.
    pub mean_window_minutes: f64,
}

/// The `interactions` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Interactions {
    /// Pooled per tool present in the data, in [`TOOLS`] order.
    pub tools: Vec<ToolSummary>,
    /// Every window, by session start then window start.
    pub windows: Vec<ToolWindow>,
    /// Per coupon id; and all coupons together (`coupon` = `""`), last.
    pub coupons: Vec<CouponRow>,
}

/// Per (session, user): prior-engagement inputs and payment.
#[derive(Default, Clone, Copy)]
struct Person {
    paid: bool,
    gmv: f64,
}

/// The window key: (session, tool, coupon id or NONE) → (first, last, participant users).
type Windows = FxHashMap<(u32, usize, u32), (i64, i64, Vec<u32>, bool)>;

/// The `interactions` section; fails when the data has no interaction-tool events.
pub fn interactions(prep: &Prepared) -> Result<Interactions> {
    let ds = prep.ds();
    let ev = &ds.events;
    let mut wins: Windows = FxHashMap::default();
    // The users with a `coupon_claim` per (session, coupon), gathered in the same pass.
    let mut claims: FxHashMap<(u32, u32), Vec<u32>> = FxHashMap::default();
    let mut has_question = vec![false; ds.sessions.len()];
    for i in 0..ev.len() {
        let s = ev.session[i];
        if s != NONE && ev.kind[i] == EventKind::Question {
            if let Some(h) = has_question.get_mut(s as usize) {
                *h = true;
            }
        }
    }
    for i in 0..ev.len() {
        let (s, k) = (ev.session[i], ev.kind[i]);
        let Some(tool) = tool_of(k) else { continue };
        if s == NONE {
            continue;
        }
        let label = if tool == 2 {
            ev.extra.coupon(i).unwrap_or(NONE)
        } else {
            NONE
        };
        let w = wins
            .entry((s, tool, label))
            .or_insert((ev.ts[i], ev.ts[i], Vec::new(), false));
        w.1 = ev.ts[i];
        let takes_part = match k {
            EventKind::Answer => !has_question.get(s as usize).copied().unwrap_or(false),
            EventKind::CouponUse => true,
            _ => true,
        };
        if k == EventKind::CouponClaim {
            w.3 = true;
            claims.entry((s, label)).or_default().push(ev.user[i]);
        }
        if takes_part {
            w.2.push(ev.user[i]);
        }
    }
    if wins.is_empty() {
        return Err(Error::NotEnoughData(
            "needs interaction-tool events (lottery_join, poll_vote, coupon_claim, question…)"
                .into(),
        ));
    }
    let order = sessions_in_order(ds);
    let series = build_series(prep, &order);
    let people = session_people(ds);
    let mut keys: Vec<(u32, usize, u32)> = wins.keys().copied().collect();
    let rank: FxHashMap<u32, usize> = order
        .iter()
        .enumerate()
        .map(|(r, (s, _))| (*s, r))
        .collect();
    crate::sort::by_key(&mut keys, |k| {
        (
            rank.get(&k.0).copied().unwrap_or(usize::MAX),
            wins[k].0,
            k.1,
            k.2,
        )
    });
    let mut windows = Vec::with_capacity(keys.len());
    let mut sums: Vec<(u64, u64, u64, u64, MatchedSums)> = vec![Default::default(); TOOLS.len()];
    let mut coupon_sums: FxHashMap<u32, coupons::Acc> = FxHashMap::default();
    let mut profiles: Vec<ProfileSums> = vec![vec![(0.0, 0, 0.0, 0); PROFILE.count()]; TOOLS.len()];
    for key in &keys {
        let (s, tool, label) = *key;
        let (a, b, ref users, has_claims) = wins[key];
        // Coupon windows with claims take the claimers only.
        let users: Vec<u32> = if tool == 2 && has_claims {
            claimers(&mut claims, s, label)
        } else {
            let mut u = users.clone();
            u.sort_unstable();
            u.dedup();
            u
        };
        let blocked = |o: usize| {
            let o = o as u32;
            let Some(me) = series.get(s as usize).and_then(|x| x.as_ref()) else {
                return true;
            };
            let len = (b - a).max(60_000);
            let off = a - me.start;
            wins.iter().any(|(&(os, ot, _), w)| {
                os == o
                    && ot == tool
                    && series
                        .get(o as usize)
                        .and_then(|x| x.as_ref())
                        .is_some_and(|x| {
                            let (wa, wb) = (w.0 - x.start, w.1.max(w.0 + 60_000) - x.start);
                            wa < off + len && wb > off - len
                        })
            })
        };
        let len = (b - a).max(60_000);
        let [conc, ent, fol] = effects(&series, s as usize, a, len, &blocked);
        let (own, others) = profile(&series, s as usize, a, &blocked);
        for (k, p) in profiles[tool].iter_mut().enumerate() {
            if let Some(v) = own[k] {
                p.0 += v;
                p.1 += 1;
            }
            if let Some(v) = others[k] {
                p.2 += v;
                p.3 += 1;
            }
        }
        let session_start = series
            .get(s as usize)
            .and_then(|x| x.as_ref())
            .map_or(a, |x| x.start);
        let present = present_people(prep, &people, (s, session_start), a, a + len, &users);
        let n1 = present.iter().filter(|p| p.participant).count() as u64;
        let x1 = present.iter().filter(|p| p.participant && p.paid).count() as u64;
        let n0 = present.len() as u64 - n1;
        let x0 = present.iter().filter(|p| !p.participant && p.paid).count() as u64;
        let m = matched(&present);
        let t = &mut sums[tool];
        t.0 += n1;
        t.1 += x1;
        t.2 += n0;
        t.3 += x0;
        t.4.add(&m);
        let conversion = participant_effect((n1, x1), (n0, x0), &m);
        if tool == 2 {
            coupon_sums
                .entry(label)
                .or_default()
                .add_window(s, &conversion, &m);
        }
        let start_ms = session_start;
        windows.push(ToolWindow {
            tool: TOOLS[tool].to_owned(),
            session: ds.sessions.name(s).to_owned(),
            label: if label == NONE {
                String::new()
            } else {
                ds.events.extra.coupons.name(label).to_owned()
            },
            start: format_ts(a, ds.tz_offset_minutes),
            end: format_ts(b, ds.tz_offset_minutes),
            start_minute: (a - start_ms) as f64 / 60_000.0,
            seconds: (b - a) as f64 / 1000.0,
            present: present.len() as u64,
            concurrency: conc,
            entering_per_minute: ent,
            follows_per_minute: fol,
            conversion,
        });
    }
    let tools = (0..TOOLS.len())
        .filter(|&t| windows.iter().any(|w| w.tool == TOOLS[t]))
        .map(|t| summary(t, &windows, &sums[t], &profiles[t]))
        .collect();
    Ok(Interactions {
        tools,
        coupons: coupons::rows(ds, &coupon_sums),
        windows,
    })
}

fn summary(
    t: usize,
    windows: &[ToolWindow],
    s: &(u64, u64, u64, u64, MatchedSums),
    prof: &ProfileSums,
) -> ToolSummary {
    let mine: Vec<&ToolWindow> = windows.iter().filter(|w| w.tool == TOOLS[t]).collect();
    let effs: Vec<f64> = mine.iter().filter_map(|w| w.concurrency.effect).collect();
    let n = effs.len();
    let (mut eff, mut lo, mut hi) = (None, None, None);
    if n == 1 {
        if let Some(w) = mine.iter().find(|w| w.concurrency.effect.is_some()) {
            eff = w.concurrency.effect;
            lo = w.concurrency.effect_low;
            hi = w.concurrency.effect_high;
        }
    } else if n >= 2 {
        let m = effs.iter().sum::<f64>() / n as f64;
        let sd = (effs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n as f64 - 1.0)).sqrt();
        eff = Some(m);
        if let Some(q) = t_quantile(0.975, n as f64 - 1.0) {
            let half = q * sd / (n as f64).sqrt();
            lo = Some(m - half);
            hi = Some(m + half);
        }
    }
    ToolSummary {
        tool: TOOLS[t].to_owned(),
        windows: mine.len() as u64,
        concurrency_effect: eff,
        concurrency_low: lo,
        concurrency_high: hi,
        concurrency_windows: n as u64,
        concurrency_distinguishable: lo.zip(hi).is_some_and(|(l, h)| l > 0.0 || h < 0.0),
        conversion: participant_effect((s.0, s.1), (s.2, s.3), &s.4),
        profile_minutes: PROFILE.map(|k| k as i32).collect(),
        profile_tool: prof
            .iter()
            .map(|p| (p.1 > 0).then(|| p.0 / f64::from(p.1)))
            .collect(),
        profile_others: prof
            .iter()
            .map(|p| (p.3 > 0).then(|| p.2 / f64::from(p.3)))
            .collect(),
        mean_window_minutes: if mine.is_empty() {
            0.0
        } else {
            mine.iter().map(|w| w.seconds / 60.0).sum::<f64>() / mine.len() as f64
        },
    }
}

/// The distinct users with a `coupon_claim` of coupon `label` in session `s`, sorted (taken
/// from the claims gathered in the window pass).
fn claimers(claims: &mut FxHashMap<(u32, u32), Vec<u32>>, s: u32, label: u32) -> Vec<u32> {
    let mut u = claims.remove(&(s, label)).unwrap_or_default();
    u.sort_unstable();
    u.dedup();
    u
}

/// Each session's span and series (sessions without a known start are `None`).
fn build_series(prep: &Prepared, order: &[(u32, Option<i64>)]) -> Vec<Option<SessionSeries>> {
    let ds = prep.ds();
    let ev = &ds.events;
    let n = ds.sessions.len();
    let mut last = vec![i64::MIN; n];
    for (&s, &t) in ev.session.iter().zip(&ev.ts) {
        if let Some(l) = last.get_mut(s as usize) {
            *l = t;
        }
    }
    let visits = prep.visits();
    let mut out: Vec<Option<SessionSeries>> = (0..n).map(|_| None).collect();
    for &(s, start) in order {
        let Some(start) = start else { continue };
        let su = s as usize;
        let end = ds
            .session_info
            .get(su)
            .and_then(|i| i.end)
            .unwrap_or(last[su]);
        let lo = visits.partition_point(|v| v.session < s);
        let hi = visits.partition_point(|v| v.session <= s);
        out[su] = Some(SessionSeries::new(start, end.max(start), &visits[lo..hi]));
    }
    for i in 0..ev.len() {
        let s = ev.session[i] as usize;
        if let Some(Some(x)) = out.get_mut(s) {
            match ev.kind[i] {
                EventKind::Enter => x.enters.push(ev.ts[i]),
                EventKind::Follow => x.follows.push(ev.ts[i]),
                _ => {}
            }
        }
    }
    out
}

/// Per (session, user): paid in the session, and GMV.
fn session_people(ds: &Dataset) -> FxHashMap<(u32, u32), Person> {
    let ev = &ds.events;
    let mut m: FxHashMap<(u32, u32), Person> = FxHashMap::default();
    for i in 0..ev.len() {
        if ev.kind[i] == EventKind::Pay && ev.session[i] != NONE && !ds.is_pseudo_user(ev.user[i]) {
            let p = m.entry((ev.session[i], ev.user[i])).or_default();
            p.paid = true;
            p.gmv += ev.amount[i];
        }
    }
    m
}

/// The persons present in `[a, b)` of session `s` (or taking part), with their engagement
/// before `a` and their payment in the session.
fn present_people(
    prep: &Prepared,
    people: &FxHashMap<(u32, u32), Person>,
    (s, start): (u32, i64),
    a: i64,
    b: i64,
    participants: &[u32],
) -> Vec<Present> {
    let ds = prep.ds();
    let visits = prep.visits();
    let lo = visits.partition_point(|v| v.session < s);
    let hi = visits.partition_point(|v| v.session <= s);
    let mut by_user: FxHashMap<u32, (bool, f64, u32)> = FxHashMap::default();
    for v in &visits[lo..hi] {
        let e = by_user.entry(v.user).or_insert((false, 0.0, 0));
        if v.start < b && v.end > a {
            e.0 = true;
        }
        if v.start < a {
            e.1 += (v.end.min(a) - v.start) as f64 / 1000.0;
        }
    }
    for &u in participants {
        by_user.entry(u).or_insert((false, 0.0, 0)).0 = true;
    }
    let ev = &ds.events;
    let first = ev.ts.partition_point(|&t| t < start.min(a));
    let last = ev.ts.partition_point(|&t| t < a);
    for i in first..last {
        if ev.session[i] == s && ev.kind[i] == EventKind::Comment {
            if let Some(e) = by_user.get_mut(&ev.user[i]) {
                e.2 += 1;
            }
        }
    }
    let mut out: Vec<(u32, Present)> = by_user
        .into_iter()
        .filter(|(_, e)| e.0)
        .map(|(u, e)| {
            let p = people.get(&(s, u)).copied().unwrap_or_default();
            (
                u,
                Present {
                    participant: participants.binary_search(&u).is_ok(),
                    prior_watch: e.1,
                    prior_comments: e.2,
                    paid: p.paid,
                    gmv: p.gmv,
                },
            )
        })
        .collect();
    crate::sort::by_key(&mut out, |x| x.0);
    out.into_iter().map(|x| x.1).collect()
}

/// Wilson interval shortcut for the coupon rows.
pub(crate) fn wilson95(x: u64, n: u64) -> Option<(f64, f64)> {
    wilson(x, n, Z_95)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

//! Stage 1, plan: the live sessions (time, host, title, product pitches), the audience (segment,
//! preferred categories, attributes, first session) and who attends which session with how many
//! planned purchases. Small and held in memory; the random draws here come first, in this order.

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalog::{
    Segment, AGE_WEIGHTS, CATEGORIES, CATEGORY_POPULARITY, CHANNEL_WEIGHTS, HOSTS, ITEMS, SEGMENTS,
};
use super::csv_writer::{days_from_civil, DAY};
use super::random::{self, range_u32, weighted};

/// Number of live sessions, whatever the scale.
pub(super) const N_SESSIONS: usize = 30;
/// Weekdays with a session (0 = Monday): 5 evenings a week for 6 weeks.
const WEEKDAYS: [i64; 5] = [0, 1, 3, 4, 6];
/// The time slot planted to sell better: Friday (weekday 4, 0 = Monday) sessions all start
/// at 20:00 or 20:30, and a person's planned purchases are placed in them with
/// [`BEST_SLOT_WEIGHT`] times the weight of their other sessions. Friday is 林老师's evening,
/// as Monday is, so Monday's sessions show the slot's effect against the same host.
pub(super) const BEST_SLOT: (i64, i64) = (4, 20);
pub(super) const BEST_SLOT_WEIGHT: f64 = 3.0;

/// A product pitch: the host presents `item` during `[start, end)`.
pub(super) struct Pitch {
    pub(super) item: u8,
    pub(super) start: i64,
    pub(super) end: i64,
}

/// One planned live session.
pub(super) struct SessionPlan {
    pub(super) host: usize,
    pub(super) start: i64,
    pub(super) end: i64,
    pub(super) title: String,
    pub(super) pitches: Vec<Pitch>,
    /// Attendees and the number of paid purchases planned for them in this session.
    pub(super) attendees: Vec<(u32, u8)>,
}

impl SessionPlan {
    /// Whether the session's host pitches one of the user's preferred categories.
    pub(super) fn suits(&self, u: &User) -> bool {
        HOSTS[self.host].cats.iter().any(|&c| u.prefers(c))
    }

    /// Whether the session starts in the planted best slot ([`BEST_SLOT`], local time).
    pub(super) fn in_best_slot(&self) -> bool {
        let day = self.start.div_euclid(DAY);
        // 1970-01-01 was a Thursday (weekday 3, 0 = Monday).
        let weekday = (day + 3).rem_euclid(7);
        let hour = self.start.rem_euclid(DAY) / 3600;
        (weekday, hour) == BEST_SLOT
    }
}

/// One person of the audience; `users.csv` row `i` is `u{i+1:06}`.
pub(super) struct User {
    /// Index into `SEGMENTS`.
    pub(super) seg: u8,
    /// Preferred categories (indices into `CATEGORIES`): the first `n_cats` (one or two).
    pub(super) cats: [u8; 2],
    pub(super) n_cats: u8,
    /// Indices into `CHANNELS`, `AGE_BANDS`, `GENDERS` and `CITY_TIERS`.
    pub(super) channel: u8,
    pub(super) age: u8,
    pub(super) gender: u8,
    pub(super) tier: u8,
    /// Index of the first session attended.
    pub(super) arrival: u16,
}

impl User {
    /// Whether category `cat` is one of the user's preferred categories.
    pub(super) fn prefers(&self, cat: usize) -> bool {
        self.cats[..self.n_cats as usize]
            .iter()
            .any(|&c| c as usize == cat)
    }
}

/// The planned world: sessions (with pitches and attendees) and users, and the random
/// generator in the state planning left it, which the visits continue from.
pub(crate) struct World {
    pub(super) rng: ChaCha8Rng,
    /// The room's own random stream (texts, sources, coupons, bags…), so that planting them
    /// leaves the draws of the visits, and so the purchases, as they were.
    pub(super) room_rng: ChaCha8Rng,
    pub(super) sessions: Vec<SessionPlan>,
    pub(super) users: Vec<User>,
}

impl World {
    pub(crate) fn plan(mut rng: ChaCha8Rng, n_users: usize) -> World {
        let mut sessions = plan_sessions(&mut rng);
        let mut users = plan_users(&mut rng, n_users);
        plan_attendance(&mut rng, &mut users, &mut sessions);
        let mut room_rng = rng.clone();
        room_rng.set_stream(0x524f_4f4d);
        World {
            rng,
            room_rng,
            sessions,
            users,
        }
    }
}

/// The 30 sessions: five evenings a week for six weeks, hosts in rotation, each with a lineup
/// of pitches (mostly the host's categories) spread over the session and a title.
fn plan_sessions(rng: &mut ChaCha8Rng) -> Vec<SessionPlan> {
    let day0 = days_from_civil(2025, 9, 1); // a Monday
    let mut per_host_count = [0u32; 3];
    let mut out = Vec::with_capacity(N_SESSIONS);
    for i in 0..N_SESSIONS {
        let week = (i / WEEKDAYS.len()) as i64;
        let day = day0 + week * 7 + WEEKDAYS[i % WEEKDAYS.len()];
        let host = (i + week as usize) % HOSTS.len();
        per_host_count[host] += 1;
        // The draw is made for every session (the random stream stays as it was); Friday's
        // half hour is moved into the 20:00 hour.
        let half_hours = rng.gen_range(0..4i64);
        let half_hours = if WEEKDAYS[i % WEEKDAYS.len()] == BEST_SLOT.0 {
            2 + half_hours % 2
        } else {
            half_hours
        };
        let start = day * DAY + 19 * 3600 + half_hours * 1800;
        let minutes = 90 + rng.gen_range(0..=9i64) * 10;
        let end = start + minutes * 60;
        // Lineup: mostly the host's categories; at least two e-books, at most two coaching.
        let n_pitch = (minutes / 13) as usize;
        let mut chosen: Vec<u8> = Vec::with_capacity(n_pitch);
        let weights: Vec<f64> = ITEMS
            .iter()
            .map(|it| {
                if HOSTS[host].cats.contains(&it.cat) {
                    3.0
                } else {
                    0.15
                }
            })
            .collect();
        let ebooks_needed = 2;
        while chosen.len() < n_pitch {
            let mut w = weights.clone();
            for &c in &chosen {
                w[c as usize] = 0.0;
            }
            let n_ebooks = chosen
                .iter()
                .filter(|&&c| ITEMS[c as usize].kind as usize == 0)
                .count();
            let n_coach = chosen
                .iter()
                .filter(|&&c| ITEMS[c as usize].kind as usize == 2)
                .count();
            let left = n_pitch - chosen.len();
            for (j, it) in ITEMS.iter().enumerate() {
                let k = it.kind as usize;
                if (k == 2 && n_coach >= 2) || (k != 0 && left <= ebooks_needed - n_ebooks.min(2)) {
                    w[j] = 0.0;
                }
            }
            let j = weighted(rng, &w);
            chosen.push(j as u8);
        }
        chosen.shuffle(rng);
        // Pitches spread over the session, each 4–8 minutes.
        let first = start + rng.gen_range(5..12i64) * 60;
        let slot = (end - 10 * 60 - first) / n_pitch.max(1) as i64;
        let pitches = chosen
            .iter()
            .enumerate()
            .map(|(k, &item)| {
                let ps = first + k as i64 * slot + rng.gen_range(0..60i64);
                let len = rng.gen_range(4 * 60..=8 * 60i64).min(slot);
                Pitch {
                    item,
                    start: ps,
                    end: ps + len,
                }
            })
            .collect();
        // Title from the most pitched category.
        let mut cat_count = [0usize; 6];
        for &c in &chosen {
            cat_count[ITEMS[c as usize].cat] += 1;
        }
        let top = (0..6).max_by_key(|&c| (cat_count[c], 6 - c)).unwrap_or(0);
        let title = format!(
            "{}直播间·{}专场 第{}期",
            HOSTS[host].name, CATEGORIES[top], per_host_count[host]
        );
        out.push(SessionPlan {
            host,
            start,
            end,
            title,
            pitches,
            attendees: Vec::new(),
        });
    }
    out
}

/// The audience: each person's segment, preferred categories and attributes, and the session
/// they first attend; numbered by that first session.
fn plan_users(rng: &mut ChaCha8Rng, n_users: usize) -> Vec<User> {
    let shares: Vec<f64> = SEGMENTS.iter().map(|s| s.share).collect();
    let mut users: Vec<User> = (0..n_users)
        .map(|_| {
            let seg = weighted(rng, &shares);
            let c1 = weighted(rng, &CATEGORY_POPULARITY);
            let n_cats = if rng.gen::<f64>() < 0.45 { 2 } else { 1 };
            let mut w = CATEGORY_POPULARITY;
            w[c1] = 0.0;
            let c2 = weighted(rng, &w);
            let gender = if rng.gen::<f64>() < 0.56 { 1 } else { 0 };
            User {
                seg: seg as u8,
                cats: [c1 as u8, c2 as u8],
                n_cats,
                channel: weighted(rng, &CHANNEL_WEIGHTS[seg]) as u8,
                age: weighted(rng, &AGE_WEIGHTS[seg]) as u8,
                gender,
                tier: weighted(rng, &[0.3, 0.3, 0.25, 0.15]) as u8,
                arrival: 0,
            }
        })
        .collect();
    // Arrival (first session): drawn per segment; users are then numbered by arrival.
    for u in users.iter_mut() {
        let seg = &SEGMENTS[u.seg as usize];
        let room = N_SESSIONS + 1 - (seg.visits.0 as usize).min(N_SESSIONS);
        let span = ((room as f64 * seg.arrival_span).ceil() as usize).clamp(1, room);
        u.arrival = random::index(rng, 0..span) as u16;
    }
    crate::sort::by_key(&mut users, |u| u.arrival);
    users
}

/// Picks each user's sessions (arrival session plus later ones, favouring hosts of the user's
/// categories) and places their planned purchases among them.
fn plan_attendance(rng: &mut ChaCha8Rng, users: &mut [User], sessions: &mut [SessionPlan]) {
    let mut cand: Vec<(usize, f64)> = Vec::with_capacity(N_SESSIONS);
    let mut mine: Vec<usize> = Vec::with_capacity(N_SESSIONS);
    let mut buys_at = [0u8; N_SESSIONS];
    for (ui, u) in users.iter().enumerate() {
        let seg: &Segment = &SEGMENTS[u.seg as usize];
        let a = u.arrival as usize;
        let want = range_u32(rng, seg.visits) as usize;
        mine.clear();
        mine.push(a);
        cand.clear();
        cand.extend((a + 1..N_SESSIONS).map(|s| (s, if sessions[s].suits(u) { 4.0 } else { 1.0 })));
        while mine.len() < want && !cand.is_empty() {
            let w: Vec<f64> = cand.iter().map(|c| c.1).collect();
            let k = weighted(rng, &w);
            mine.push(cand.swap_remove(k).0);
        }
        buys_at.fill(0);
        let n_buys = range_u32(rng, seg.buys);
        if n_buys > 0 {
            let w: Vec<f64> = mine
                .iter()
                .map(|&s| {
                    let fit = if sessions[s].suits(u) { 3.0 } else { 1.0 };
                    let slot = if sessions[s].in_best_slot() {
                        BEST_SLOT_WEIGHT
                    } else {
                        1.0
                    };
                    fit * HOSTS[sessions[s].host].conversion_weight * slot
                })
                .collect();
            for _ in 0..n_buys {
                let k = weighted(rng, &w);
                buys_at[mine[k]] = buys_at[mine[k]].saturating_add(1);
            }
        }
        for &s in &mine {
            sessions[s].attendees.push((ui as u32, buys_at[s]));
        }
    }
}

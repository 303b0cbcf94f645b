//! [`LiveState`]: the incremental state of the live session.

use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use super::alerts::{self, Alert, AlertKind, AlertNumber};
use super::baseline::{self, Baseline, PitchPeople};
use super::markers::{tool_of, ToolRuns};
use super::presence::Presence;
use super::questions::LiveQuestions;
use super::LiveParams;
use crate::comments::{classify, Intent};
use crate::model::{Dataset, EventKind, NONE};
use crate::timeline::{pitch_windows_from_counts, Window, FADE_BUCKETS, MAX_BUCKETS};
use crate::Result;

const MINUTE: i64 = 60_000;
const FIVE_MINUTES: i64 = 5 * MINUTE;

/// A row of another session this much newer than the live session's newest row starts that
/// session (when no session was named).
pub const SWITCH_AFTER_MS: i64 = MINUTE;
/// ... once this many of its rows came without a row of the live session between.
pub const SWITCH_ROWS: usize = 20;

/// Per-person flags.
const ENTERED: u8 = 1;
const VIEWED: u8 = 2;
const CLICKED: u8 = 4;
const PAID: u8 = 8;
const INTERACTED: u8 = 16;
const FOLLOWED: u8 = 32;

/// One minute's counters.
#[derive(Debug, Clone, Default)]
pub(super) struct Bucket {
    pub enters: u32,
    pub leaves: u32,
    pub product_views: u32,
    pub clicks: u32,
    pub comments: u32,
    pub likes: u32,
    pub orders: u32,
    pub gmv: f64,
    pub refunds: u32,
    pub refund_amount: f64,
    pub intents: [u32; 7],
}

/// A product's counters.
#[derive(Debug, Clone, Default)]
pub(super) struct ProductCount {
    pub views: u32,
    pub clicks: u32,
    pub orders: u32,
    pub gmv: f64,
}

/// Session-wide counters (rows and distinct persons).
#[derive(Debug, Clone, Default)]
pub(super) struct Totals {
    pub views: u64,
    pub comments: u64,
    pub likes: u64,
    pub shares: u64,
    pub gmv: f64,
    pub refunds: f64,
    pub viewers: u64,
    pub product_viewers: u64,
    pub clickers: u64,
    pub buyers: u64,
    pub pseudo_buyer: bool,
    pub interactors: u64,
    pub followers: u64,
    pub orders_without_id: u64,
    pub intents: [u32; 7],
}

/// The live session's state, fed with the new rows of a growing [`Dataset`].
#[derive(Debug)]
pub struct LiveState {
    pub(super) params: LiveParams,
    /// The live session (an id in `Dataset::sessions`, or [`NONE`] for rows without one).
    pub(super) session: Option<u32>,
    /// Minute 0's start (ms).
    pub(super) anchor: Option<i64>,
    pub(super) first_ts: i64,
    pub(super) last_ts: i64,
    pub(super) buckets: BTreeMap<i64, Bucket>,
    pub(super) presence: Presence,
    flags: Vec<u8>,
    pub(super) totals: Totals,
    /// Earliest `pay` time of each order id.
    orders: FxHashMap<u32, i64>,
    pub(super) products: FxHashMap<u32, ProductCount>,
    /// Per product, its `product_view` count per minute (sorted by minute).
    pub(super) item_minutes: FxHashMap<u32, Vec<(i64, u32)>>,
    pitch_people: PitchPeople,
    pub(super) tools: ToolRuns,
    pub(super) questions: LiveQuestions,
    pub(super) baseline: Option<Baseline>,
    baseline_done: bool,
    pub(super) alerts: VecDeque<Alert>,
    /// Conditions holding at the last look (so an alert fires once per episode).
    active: FxHashSet<(AlertKind, u32, i64)>,
    /// Previous looks' viewers now, (time, viewers), last 5 minutes.
    looks: VecDeque<(i64, u32)>,
    pub(super) other_session: u64,
    applied: u64,
    pub(super) out_of_range: u64,
    /// Rows of a session that may have started after the live one (its id, row indices).
    candidate: Option<(u32, Vec<usize>)>,
}

impl LiveState {
    /// A new state. Fails on invalid settings.
    pub fn new(params: LiveParams) -> Result<LiveState> {
        params.validate()?;
        let presence = Presence::new(
            params.reorder_seconds,
            params.funnel_steps.clone(),
            params.funnel_window_seconds,
        );
        let questions = LiveQuestions::new(params.answer_window_seconds, params.newest_questions)?;
        Ok(LiveState {
            params,
            session: None,
            anchor: None,
            first_ts: i64::MAX,
            last_ts: i64::MIN,
            buckets: BTreeMap::new(),
            presence,
            flags: Vec::new(),
            totals: Totals::default(),
            orders: FxHashMap::default(),
            products: FxHashMap::default(),
            item_minutes: FxHashMap::default(),
            pitch_people: PitchPeople::default(),
            tools: ToolRuns::default(),
            questions,
            baseline: None,
            baseline_done: false,
            alerts: VecDeque::new(),
            active: FxHashSet::default(),
            looks: VecDeque::new(),
            other_session: 0,
            applied: 0,
            out_of_range: 0,
            candidate: None,
        })
    }

    pub fn params(&self) -> &LiveParams {
        &self.params
    }

    /// The live session's id in the dataset, once known ([`NONE`] = rows without a session).
    pub fn session(&self) -> Option<u32> {
        self.session
    }

    /// Takes the event rows `rows` of `ds` (the rows appended since the last update: indices
    /// into `ds.events`, in any time order). The first update that has rows picks the session
    /// and computes the baseline from the other sessions in `ds`. Without
    /// [`LiveParams::session`], a row of another session more than [`SWITCH_AFTER_MS`] newer
    /// than every row of the live session starts that session afresh (the previous one ended;
    /// it becomes history). Out-of-range indices are ignored.
    pub fn update(&mut self, ds: &Dataset, rows: Range<usize>) {
        let ev = &ds.events;
        let rows = rows.start.min(ev.len())..rows.end.min(ev.len());
        let mut at = rows.start;
        while at < rows.end {
            if self.session.is_none() {
                self.session = self.pick_session(ds, at..rows.end);
            }
            let Some(live) = self.session else {
                self.other_session += (rows.end - at) as u64;
                return;
            };
            let first = (at..rows.end)
                .filter(|&i| ev.session[i] == live)
                .map(|i| ev.ts[i])
                .min();
            self.begin_session(ds, live, first);
            let host = ds
                .session_host(live)
                .and_then(|h| ds.users.get(h))
                .unwrap_or(NONE);
            let follow_newest = self.params.session.is_none();
            while at < rows.end {
                let i = at;
                at += 1;
                if ev.session[i] == live {
                    let first = self.candidate.as_ref().and_then(|c| c.1.first());
                    if first.is_some_and(|&j| ev.ts[i] >= ev.ts[j] - SWITCH_AFTER_MS) {
                        // The live session goes on: the other rows were strays.
                        self.candidate = None;
                    }
                    self.apply(ds, i, host);
                    continue;
                }
                self.other_session += 1;
                if follow_newest && self.starts_newer_session(ds, i) {
                    let s = ev.session[i];
                    let c = self.candidate.get_or_insert((s, Vec::new()));
                    if c.0 != s {
                        *c = (s, Vec::new());
                    }
                    c.1.push(i);
                    if c.1.len() >= SWITCH_ROWS {
                        self.switch_to(ds, s);
                        break;
                    }
                }
            }
        }
        self.presence.settle();
        let host = self.host(ds);
        self.talk(ds, host);
        self.evaluate_alerts(ds);
    }

    /// Whether row `i` (of another session) may be the start of a newer session: it has a
    /// session, it is more than [`SWITCH_AFTER_MS`] newer than every live row, and the
    /// sessions table does not say its session began before the live one.
    fn starts_newer_session(&self, ds: &Dataset, i: usize) -> bool {
        let ev = &ds.events;
        let s = ev.session[i];
        let table_start = ds.session_info.get(s as usize).and_then(|x| x.start);
        s != NONE
            && self.last_ts != i64::MIN
            && ev.ts[i] > self.last_ts.saturating_add(SWITCH_AFTER_MS)
            && table_start.is_none_or(|t| self.anchor.is_none_or(|a| t > a))
    }

    /// Starts afresh with session `s`, replaying the rows of it seen so far.
    fn switch_to(&mut self, ds: &Dataset, s: u32) {
        let rows = self.candidate.take().map(|c| c.1).unwrap_or_default();
        self.finish(ds);
        let Ok(mut fresh) = LiveState::new(self.params.clone()) else {
            return;
        };
        fresh.session = Some(s);
        let rows: Vec<usize> = rows.into_iter().filter(|&j| j < ds.events.len()).collect();
        let first = rows.iter().map(|&j| ds.events.ts[j]).min();
        fresh.begin_session(ds, s, first);
        let host = ds
            .session_host(s)
            .and_then(|h| ds.users.get(h))
            .unwrap_or(NONE);
        for j in rows {
            fresh.apply(ds, j, host);
        }
        *self = fresh;
    }

    /// Sets the session's start and baseline at its first rows (`rows` start with them).
    fn begin_session(&mut self, ds: &Dataset, live: u32, first: Option<i64>) {
        if self.anchor.is_none() {
            let table_start = ds.session_info.get(live as usize).and_then(|s| s.start);
            self.anchor = table_start.or(first);
            if let Some(a) = self.anchor {
                self.presence.start_sampling_at(a);
            }
        }
        if !self.baseline_done && self.anchor.is_some() {
            self.baseline_done = true;
            self.baseline =
                baseline::baseline(ds, live, self.anchor, self.params.baseline_sessions);
        }
    }

    /// The stream has ended: applies the rows held for reordering.
    pub fn finish(&mut self, ds: &Dataset) {
        self.presence.settle_all();
        let host = self.host(ds);
        self.talk(ds, host);
        self.evaluate_alerts(ds);
    }

    fn pick_session(&self, ds: &Dataset, rows: Range<usize>) -> Option<u32> {
        let ev = &ds.events;
        match &self.params.session {
            Some(name) => ds.sessions.get(name),
            // The newest row with a session (rows without one only when no row has one).
            None => rows
                .clone()
                .filter(|&i| ev.session[i] != NONE)
                .max_by_key(|&i| (ev.ts[i], i))
                .or_else(|| rows.max_by_key(|&i| (ev.ts[i], i)))
                .map(|i| ev.session[i]),
        }
    }

    /// The minute key of a time (minutes from the anchor; negative before it).
    pub(super) fn key(&self, ts: i64) -> i64 {
        ts.saturating_sub(self.anchor.unwrap_or(ts))
            .div_euclid(MINUTE)
    }

    fn flag(&mut self, user: u32, bit: u8) -> bool {
        let u = user as usize;
        if u >= self.flags.len() {
            self.flags.resize(u + 1, 0);
        }
        match self.flags.get_mut(u) {
            Some(f) if *f & bit == 0 => {
                *f |= bit;
                true
            }
            _ => false,
        }
    }

    fn apply(&mut self, ds: &Dataset, i: usize, host: u32) {
        let ev = &ds.events;
        let (t, kind, user, item) = (ev.ts[i], ev.kind[i], ev.user[i], ev.item[i]);
        let b = self.key(t);
        if b.abs() > MAX_BUCKETS {
            // Weeks away from the session start: a bad timestamp, not part of this live.
            self.out_of_range += 1;
            return;
        }
        self.applied += 1;
        self.first_ts = self.first_ts.min(t);
        self.last_ts = self.last_ts.max(t);
        self.presence.push(t, kind, user);
        let amount = ev.amount[i];
        match kind {
            EventKind::Enter => {
                self.totals.views += 1;
                self.bucket(b).enters += 1;
                if self.flag(user, ENTERED) {
                    self.totals.viewers += 1;
                }
            }
            EventKind::Leave => self.bucket(b).leaves += 1,
            EventKind::ProductView => {
                self.bucket(b).product_views += 1;
                if self.flag(user, VIEWED) {
                    self.totals.product_viewers += 1;
                }
                if item != NONE {
                    self.products.entry(item).or_default().views += 1;
                    let runs = self.item_minutes.entry(item).or_default();
                    let p = runs.partition_point(|&(m, _)| m < b);
                    match runs.get_mut(p) {
                        Some((m, c)) if *m == b => *c += 1,
                        _ => runs.insert(p, (b, 1)),
                    }
                    self.pitch_people.note(item, user, kind, t);
                }
            }
            EventKind::Click => {
                self.bucket(b).clicks += 1;
                if self.flag(user, CLICKED) {
                    self.totals.clickers += 1;
                }
                if item != NONE {
                    self.products.entry(item).or_default().clicks += 1;
                    self.pitch_people.note(item, user, kind, t);
                }
            }
            EventKind::Pay => self.pay(ds, i, b),
            EventKind::Refund => {
                self.totals.refunds += amount;
                let bucket = self.bucket(b);
                bucket.refunds += 1;
                bucket.refund_amount += amount;
            }
            EventKind::Comment | EventKind::Question => {
                if kind == EventKind::Comment {
                    self.totals.comments += 1;
                    self.bucket(b).comments += 1;
                    if self.flag(user, INTERACTED) {
                        self.totals.interactors += 1;
                    }
                }
                self.comment(ds, i, b, host);
            }
            EventKind::Answer => self.presence.push_talk(t, i as u32),
            EventKind::Like => {
                self.totals.likes += 1;
                self.bucket(b).likes += 1;
                if self.flag(user, INTERACTED) {
                    self.totals.interactors += 1;
                }
            }
            EventKind::Share => {
                self.totals.shares += 1;
                if self.flag(user, INTERACTED) {
                    self.totals.interactors += 1;
                }
            }
            EventKind::Follow if self.flag(user, FOLLOWED) => self.totals.followers += 1,
            _ => {}
        }
        if let Some(tool) = tool_of(kind) {
            self.tools.add(tool, t);
        }
    }

    fn bucket(&mut self, key: i64) -> &mut Bucket {
        self.buckets.entry(key).or_default()
    }

    fn pay(&mut self, ds: &Dataset, i: usize, b: i64) {
        let ev = &ds.events;
        let (t, user, item, order, amount) =
            (ev.ts[i], ev.user[i], ev.item[i], ev.order[i], ev.amount[i]);
        self.totals.gmv += amount;
        self.bucket(b).gmv += amount;
        let new_order = if order == NONE {
            self.totals.orders_without_id += 1;
            self.bucket(b).orders += 1;
            true
        } else {
            match self.orders.get(&order).copied() {
                None => {
                    self.orders.insert(order, t);
                    self.bucket(b).orders += 1;
                    true
                }
                Some(prev) => {
                    if t < prev {
                        // An earlier row of the order arrived late: the order moves to it.
                        let old = self.key(prev);
                        let o = self.bucket(old);
                        o.orders = o.orders.saturating_sub(1);
                        self.bucket(b).orders += 1;
                        self.orders.insert(order, t);
                    }
                    false
                }
            }
        };
        if ds.is_pseudo_user(user) {
            self.totals.pseudo_buyer = true;
        } else if self.flag(user, PAID) {
            self.totals.buyers += 1;
        }
        if item != NONE {
            let p = self.products.entry(item).or_default();
            p.gmv += amount;
            p.orders += u32::from(new_order);
            self.pitch_people.note(item, user, EventKind::Pay, t);
        }
    }

    fn comment(&mut self, ds: &Dataset, i: usize, b: i64, host: u32) {
        let ev = &ds.events;
        let (t, kind, user) = (ev.ts[i], ev.kind[i], ev.user[i]);
        let by_host = host != NONE && user == host;
        let text = ev.extra.text(i);
        let intent = text.map(|s| classify(s).intent);
        if let Some(intent) = intent {
            let k = intent.index();
            if let Some(c) = self.bucket(b).intents.get_mut(k) {
                *c += 1;
            }
            if let Some(c) = self.totals.intents.get_mut(k) {
                *c += 1;
            }
        }
        let question = kind == EventKind::Question || intent == Some(Intent::Question);
        if question || (by_host && kind == EventKind::Comment) {
            self.presence.push_talk(t, i as u32);
        }
    }

    /// Feeds the question tracker the settled question, answer and host-comment rows (in time
    /// order) and moves its clock to the settled time.
    fn talk(&mut self, ds: &Dataset, host: u32) {
        let ev = &ds.events;
        for row in std::mem::take(&mut self.presence.talk_out) {
            let i = row as usize;
            if i >= ev.len() {
                continue;
            }
            let (t, kind, user, session) = (ev.ts[i], ev.kind[i], ev.user[i], ev.session[i]);
            match kind {
                EventKind::Answer => {
                    self.questions.tracker.answer(t, user, session);
                }
                EventKind::Comment if host != NONE && user == host => {
                    self.questions.tracker.host_reply(t, session);
                }
                _ => {
                    let text = ev.extra.text(i).unwrap_or_default();
                    self.questions.question(t, user, session, text);
                }
            }
        }
        let settled = self.presence.settled();
        if settled != i64::MIN {
            self.questions.tracker.advance(settled);
        }
    }

    /// The host's person id in the live session, or [`NONE`].
    fn host(&self, ds: &Dataset) -> u32 {
        self.session
            .and_then(|s| ds.session_host(s))
            .and_then(|h| ds.users.get(h))
            .unwrap_or(NONE)
    }

    /// Pitch windows so far, in minute keys (start, end inclusive) with their items.
    pub(super) fn pitches(&self) -> Vec<(Window, i64)> {
        let Some(lo) = self.buckets.keys().next().copied().map(|k| k.min(0)) else {
            return Vec::new();
        };
        let hi = self.buckets.keys().next_back().copied().unwrap_or(lo);
        let n = (hi - lo + 1) as usize;
        let shifted: Vec<(u32, Vec<(u32, u32)>)> = self
            .item_minutes
            .iter()
            .map(|(&item, runs)| {
                let r = runs.iter().map(|&(m, c)| ((m - lo) as u32, c)).collect();
                (item, r)
            })
            .collect();
        let windows =
            pitch_windows_from_counts(shifted.iter().map(|(item, r)| (*item, r.as_slice())), n);
        windows.into_iter().map(|w| (w, lo)).collect()
    }

    fn fire(&mut self, kind: AlertKind, what: (String, Vec<AlertNumber>), item: String) {
        let (message, numbers) = what;
        self.alerts.push_front(Alert {
            kind,
            ts: self.last_ts,
            minute: self.key(self.last_ts).max(0) as u32,
            message,
            numbers,
            item_id: item,
        });
        while self.alerts.len() > self.params.max_alerts {
            self.alerts.pop_back();
        }
    }

    /// Fires `kind` when `cond` holds and did not hold at the last look (key `id`).
    fn episode(
        &mut self,
        kind: AlertKind,
        id: (u32, i64),
        cond: Option<(String, Vec<AlertNumber>)>,
        item: String,
    ) {
        let key = (kind, id.0, id.1);
        match cond {
            Some(what) => {
                if self.active.insert(key) {
                    self.fire(kind, what, item);
                }
            }
            None => {
                self.active.remove(&key);
            }
        }
    }

    fn evaluate_alerts(&mut self, ds: &Dataset) {
        if self.last_ts == i64::MIN {
            return;
        }
        let now = self.last_ts;
        // Viewers drop: the peak of the last 5 minutes' samples and looks against now.
        let viewers = self.presence.inside_now();
        while self
            .looks
            .front()
            .is_some_and(|&(t, _)| now - t > FIVE_MINUTES)
        {
            self.looks.pop_front();
        }
        let from_samples = self
            .presence
            .samples
            .iter()
            .rev()
            .take_while(|&&(s, _)| now - s <= FIVE_MINUTES)
            .map(|&(_, c)| c);
        let peak = from_samples
            .chain(self.looks.iter().map(|&(_, c)| c))
            .max()
            .unwrap_or(viewers);
        let drop = alerts::viewers_drop(peak, viewers, self.params.drop_min_viewers);
        self.episode(AlertKind::ViewersDrop, (0, 0), drop, String::new());
        self.looks.push_back((now, viewers));
        // Unanswered questions.
        let open = self.questions.open_within(now, FIVE_MINUTES);
        let cond = alerts::unanswered(open);
        self.episode(AlertKind::UnansweredQuestions, (0, 0), cond, String::new());
        // Refund spike in the current minute.
        let b = self.key(now);
        let refunds_now = self.buckets.get(&b).map_or(0, |x| x.refunds);
        if refunds_now >= 3 {
            let lo = self.buckets.keys().next().copied().unwrap_or(b);
            let earlier: Vec<f64> = (lo..b)
                .map(|k| f64::from(self.buckets.get(&k).map_or(0, |x| x.refunds)))
                .collect();
            let cond = alerts::refund_spike(refunds_now, &earlier);
            self.episode(AlertKind::RefundSpike, (0, b), cond, String::new());
        }
        self.pitch_alerts(ds, b);
    }

    /// Click rate and conversion of the current pitch against the baseline's lower quartile.
    fn pitch_alerts(&mut self, ds: &Dataset, now_key: i64) {
        let Some(base) = self.baseline.as_ref() else {
            return;
        };
        let (click, conv) = (base.pitch_click_rate, base.pitch_conversion);
        let Some((w, lo)) = self.pitches().pop() else {
            return;
        };
        let (start, end) = (i64::from(w.start) + lo, i64::from(w.end) + lo);
        if now_key - end > i64::from(FADE_BUCKETS) {
            return;
        }
        let anchor = self.anchor.unwrap_or(0);
        let from = anchor + start * MINUTE;
        let (viewers, clickers, payers) = self.pitch_people.counts_since(w.item, from);
        let item = w.item;
        let title = item_title(ds, item);
        let min = self.params.pitch_min_viewers;
        if let Some(band) = click {
            let cond = alerts::pitch_rate(
                "the click rate",
                &title,
                clickers,
                viewers,
                band.q1,
                band.median,
                min,
            );
            self.episode(
                AlertKind::PitchClickRate,
                (item, start),
                cond,
                ds.items.name(item).to_owned(),
            );
        }
        if let Some(band) = conv {
            let cond = alerts::pitch_rate(
                "the conversion",
                &title,
                payers,
                viewers,
                band.q1,
                band.median,
                min,
            );
            let id = ds.items.name(item).to_owned();
            self.episode(AlertKind::PitchConversion, (item, start), cond, id);
        }
    }

    /// Rows of the live session applied so far.
    pub fn applied_rows(&self) -> u64 {
        self.applied
    }

    /// Distinct orders paid so far.
    pub fn orders_count(&self) -> u64 {
        self.orders.len() as u64 + self.totals.orders_without_id
    }

    /// Approximate heap bytes the state holds (for the memory benchmark).
    pub fn heap_bytes(&self) -> usize {
        let bucket = std::mem::size_of::<Bucket>() + 8 + 16;
        self.buckets.len() * bucket
            + self.presence.heap_bytes()
            + self.flags.capacity()
            + self.orders.capacity() * 16
            + self.products.capacity() * (std::mem::size_of::<ProductCount>() + 8)
            + self
                .item_minutes
                .values()
                .map(|v| v.capacity() * 16 + 32)
                .sum::<usize>()
            + self.pitch_people.heap_bytes()
            + self.tools.heap_bytes()
            + self.questions.heap_bytes()
            + self.alerts.capacity() * std::mem::size_of::<Alert>()
            + self.looks.capacity() * 16
    }
}

/// A product's catalogue title, else its id.
pub(super) fn item_title(ds: &Dataset, item: u32) -> String {
    ds.item_info
        .get(item as usize)
        .map(|i| i.title.as_str())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| ds.items.name(item))
        .to_owned()
}

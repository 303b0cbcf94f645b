//! Optional columns of the event log: comment text, traffic source and follower status of an
//! `enter`, and list price, discount, quantity and coupon of a `pay`. A column costs nothing
//! while no row has a value (its vector stays empty); once one row has one, it holds one small
//! entry per event (absent rows hold a marker). Comment text lives in one string arena, each
//! text-bearing row the number of its text, whose end the arena's offsets give, so analyses
//! borrow `&str` without copying; the
//! few rows with a price, discount, quantity or coupon hold an index into a table of them.
//! A column's memory is taken once, at the size ingestion expects (`reserve_rows`).

use serde::{Deserialize, Serialize};

use super::time_order::Reorder;
use super::{Interner, NONE};

/// The canonical traffic sources of `metrics.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum TrafficSource {
    Feed = 0,
    Follow,
    Search,
    Paid,
    Share,
    Profile,
    Nearby,
    Other,
}

impl TrafficSource {
    pub const ALL: [TrafficSource; 8] = [
        TrafficSource::Feed,
        TrafficSource::Follow,
        TrafficSource::Search,
        TrafficSource::Paid,
        TrafficSource::Share,
        TrafficSource::Profile,
        TrafficSource::Nearby,
        TrafficSource::Other,
    ];

    /// The canonical key (`"feed"`).
    pub fn key(self) -> &'static str {
        match self {
            TrafficSource::Feed => "feed",
            TrafficSource::Follow => "follow",
            TrafficSource::Search => "search",
            TrafficSource::Paid => "paid",
            TrafficSource::Share => "share",
            TrafficSource::Profile => "profile",
            TrafficSource::Nearby => "nearby",
            TrafficSource::Other => "other",
        }
    }

    /// Parses a canonical key exactly as [`TrafficSource::key`] writes it.
    pub fn from_key(key: &str) -> Option<TrafficSource> {
        TrafficSource::ALL.iter().copied().find(|s| s.key() == key)
    }

    /// The canonical source an export's value means (English and Chinese synonyms of
    /// `metrics.md`, case-insensitive, spaces, `_` and `-` ignored); `None` when unknown.
    pub fn from_synonym(value: &str) -> Option<TrafficSource> {
        let n = folded(value, true);
        let s = match &*n {
            "feed" | "recommend" | "recommendation" | "recommended" | "foryou" | "fyp"
            | "livefeed" | "推荐" | "推荐feed" | "直播广场" | "推荐页" | "直播推荐" => {
                TrafficSource::Feed
            }
            "follow" | "following" | "followers" | "关注" | "关注页" | "关注tab" => {
                TrafficSource::Follow
            }
            "search" | "搜索" | "直播搜索" => TrafficSource::Search,
            "paid" | "ad" | "ads" | "advert" | "advertising" | "promoted" | "promotion"
            | "付费" | "千川" | "广告" | "投流" | "付费流量" | "dou+" => {
                TrafficSource::Paid
            }
            "share" | "shared" | "分享" | "转发" => TrafficSource::Share,
            "profile" | "homepage" | "主页" | "个人主页" => TrafficSource::Profile,
            "nearby" | "local" | "同城" => TrafficSource::Nearby,
            "other" | "others" | "其他" | "其它" => TrafficSource::Other,
            _ => return None,
        };
        Some(s)
    }
}

/// Follower status of a cell: yes/no/1/0/是/否/true/false (and a few close variants); `None`
/// when the cell says neither.
pub fn parse_follower(value: &str) -> Option<bool> {
    match &*folded(value, false) {
        "yes" | "y" | "1" | "true" | "t" | "是" | "粉丝" | "已关注" => Some(true),
        "no" | "n" | "0" | "false" | "f" | "否" | "非粉丝" | "未关注" => Some(false),
        _ => None,
    }
}

/// `value` trimmed and lower-cased, with `strip` also without spaces, `_`, `-` and ideographic
/// spaces, as the synonyms above are written. Borrowed when nothing changes (an export's usual
/// values: lower-case English, Chinese): no allocation and no look-up in Unicode's case tables
/// per cell, which was 1.5 % of the wasm parse of the demo's events.
fn folded(value: &str, strip: bool) -> std::borrow::Cow<'_, str> {
    let t = value.trim();
    let stays = |c: char| match c {
        ' ' | '_' | '-' | '\u{3000}' => !strip,
        _ if c.is_ascii() => !c.is_ascii_uppercase(),
        _ => is_caseless_cjk(c),
    };
    if t.chars().all(stays) {
        return std::borrow::Cow::Borrowed(t);
    }
    if !strip {
        return std::borrow::Cow::Owned(t.to_lowercase());
    }
    let n = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{3000}'));
    std::borrow::Cow::Owned(n.flat_map(char::to_lowercase).collect())
}

/// CJK radicals, punctuation, kana and ideographs, Hangul syllables and compatibility
/// ideographs: characters without case (tested over the whole ranges).
fn is_caseless_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}')
}

/// Marker of a row without text in [`EventExtras::text`].
const NO_TEXT: u32 = u32::MAX;

/// The details of one row that has any ([`EventExtras::detail`]): a payment's list price,
/// discount and quantity, a payment's or coupon event's coupon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detail {
    /// List price (NaN: none).
    pub list_price: f64,
    /// Discount (NaN: none).
    pub discount: f64,
    /// Quantity ([`NONE`]: none).
    pub quantity: u32,
    /// Coupon, an id in [`EventExtras::coupons`] ([`NONE`]: none).
    pub coupon: u32,
}

impl Detail {
    const NONE: Detail = Detail {
        list_price: f64::NAN,
        discount: f64::NAN,
        quantity: NONE,
        coupon: NONE,
    };
}

/// The optional columns of [`super::Events`]; each vector is empty (no row has a value) or
/// indexed like the events (after [`EventExtras::pad`]).
#[derive(Debug, Clone, Default)]
pub struct EventExtras {
    /// All comment texts, one after the other.
    pub text_arena: String,
    /// Each row's text: `k` (an index in `text_ends`; [`u32::MAX`]: none), the text being
    /// `text_arena[text_ends[k - 1]..text_ends[k]]` (from 0 for `k = 0`). A quarter of a live
    /// log's rows have text: 4 bytes per row and 4 per text instead of 8 per row.
    pub text: Vec<u32>,
    /// The end of each text in `text_arena`, in the order they were stored.
    pub text_ends: Vec<u32>,
    /// Traffic source of an `enter`.
    pub source: Vec<Option<TrafficSource>>,
    /// Follower status at entry.
    pub follower: Vec<Option<bool>>,
    /// List price, discount, quantity and coupon of a `pay`, coupon of a coupon event: the
    /// rows that have any, ascending, and their details (`details[k]` of row `detail[k]`).
    /// Few rows have them (1–2 % of the rows of a live log): held for those rows only, not
    /// one entry per row (4.4 MB less for the medium demo's 1.1M rows; issue #13, memory).
    pub detail: Vec<u32>,
    pub details: Vec<Detail>,
    pub coupons: Interner,
    /// Traffic-source values that matched no canonical source (kept as `other`), with counts.
    pub unknown_sources: Interner,
    pub unknown_source_counts: Vec<u64>,
    /// Rows a column is given room for when it is created ([`EventExtras::reserve_rows`]): the
    /// event columns' capacity, so that a column filled row by row is allocated once instead
    /// of doubling (in the wasm, the memory of every doubling stays taken).
    room: usize,
}

/// Distinct unknown source values remembered (more are still counted as `other`).
const MAX_UNKNOWN_SOURCES: usize = 200;

/// The room for something filled row by row, `len` long at `row`, when it is full: for the
/// rows still expected (`room`) at the rate so far, 5 % more, at least an eighth more than now
/// (a bounded number of moves) — not a doubling.
fn expected(len: usize, row: usize, room: usize) -> usize {
    let rate = match room > row {
        true => (len as f64 / (row + 1) as f64 * room as f64 * 1.05) as usize,
        false => 0,
    };
    rate.max(len + len / 8).max(len + 1024)
}

fn put<T: Copy>(col: &mut Vec<T>, room: usize, row: usize, v: T, none: T) {
    if col.len() <= row {
        if col.capacity() <= row && room > row {
            col.reserve_exact(room - col.len());
        }
        col.resize(row + 1, none);
    }
    if let Some(c) = col.get_mut(row) {
        *c = v;
    }
}

fn retain_by<T>(v: &mut Vec<T>, drop: &[bool]) {
    let mut i = 0;
    v.retain(|_| {
        let k = !drop.get(i).copied().unwrap_or(false);
        i += 1;
        k
    });
}

fn select<T: Copy>(v: &[T], rows: &[u32]) -> Vec<T> {
    if v.is_empty() {
        return Vec::new();
    }
    rows.iter()
        .filter_map(|&i| v.get(i as usize).copied())
        .collect()
}

impl EventExtras {
    /// Whether no row has any optional value.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
            && self.source.is_empty()
            && self.follower.is_empty()
            && self.detail.is_empty()
    }

    /// Room for `rows` rows in every column that has values, and in every column created
    /// later (exactly: see [`EventExtras::room`]).
    pub fn reserve_rows(&mut self, rows: usize) {
        fn to<T>(v: &mut Vec<T>, rows: usize) {
            if !v.is_empty() && v.capacity() < rows {
                v.reserve_exact(rows - v.len());
            }
        }
        self.room = self.room.max(rows);
        to(&mut self.text, rows);
        to(&mut self.source, rows);
        to(&mut self.follower, rows);
    }

    /// Stores the comment text of `row` (trimmed; empty text is no text).
    pub fn set_text(&mut self, row: usize, text: &str) {
        let t = text.trim();
        if t.is_empty() || self.text_arena.len() + t.len() > u32::MAX as usize {
            return;
        }
        if self.text_arena.capacity() - self.text_arena.len() < t.len() {
            self.grow_arena(row, t.len());
        }
        if self.text_ends.capacity() == self.text_ends.len() {
            let want = expected(self.text_ends.len(), row, self.room);
            self.text_ends.reserve_exact(want - self.text_ends.len());
        }
        self.text_arena.push_str(t);
        let k = self.text_ends.len() as u32;
        self.text_ends.push(self.text_arena.len() as u32);
        put(&mut self.text, self.room, row, k, NO_TEXT);
    }

    /// Room in the arena for `more` bytes at `row`: for the rows still expected
    /// ([`EventExtras::reserve_rows`]) at the text per row so far, 5 % more (at least an eighth
    /// more than now: a bounded number of moves) — not a doubling of a 10 MB arena.
    fn grow_arena(&mut self, row: usize, more: usize) {
        let len = self.text_arena.len();
        let want = expected(len, row, self.room).max(len + more);
        self.text_arena.reserve_exact(want - len);
    }

    /// Stores the traffic source of `row` from an export's value: a canonical source, or
    /// `other` with the value counted in `unknown_sources`.
    pub fn set_source(&mut self, row: usize, value: &str) {
        let v = value.trim();
        if v.is_empty() {
            return;
        }
        let s = TrafficSource::from_synonym(v).unwrap_or_else(|| {
            let known = self.unknown_sources.get(v).is_some();
            if known || self.unknown_sources.len() < MAX_UNKNOWN_SOURCES {
                let id = self.unknown_sources.intern(v) as usize;
                if self.unknown_source_counts.len() <= id {
                    self.unknown_source_counts.resize(id + 1, 0);
                }
                if let Some(c) = self.unknown_source_counts.get_mut(id) {
                    *c += 1;
                }
            }
            TrafficSource::Other
        });
        put(&mut self.source, self.room, row, Some(s), None);
    }

    /// Stores canonical source `s` for `row`: what [`EventExtras::set_source`] stores for a
    /// value it knows (a chunk parsed on another thread read the value).
    pub fn set_traffic_source(&mut self, row: usize, s: TrafficSource) {
        put(&mut self.source, self.room, row, Some(s), None);
    }

    pub fn set_follower(&mut self, row: usize, f: bool) {
        put(&mut self.follower, self.room, row, Some(f), None);
    }

    /// The details of `row`, created when it has none yet (rows come in ascending order as
    /// a file is read: appended; an earlier row is inserted in its place).
    fn detail_mut(&mut self, row: usize) -> Option<&mut Detail> {
        let row = u32::try_from(row).ok()?;
        let at = match self.detail.last() {
            Some(&last) if last == row => self.detail.len() - 1,
            Some(&last) if last > row => match self.detail.binary_search(&row) {
                Ok(k) => k,
                Err(k) => {
                    self.detail.insert(k, row);
                    self.details.insert(k, Detail::NONE);
                    k
                }
            },
            _ => {
                if self.detail.capacity() == self.detail.len() {
                    // At the rate so far for the rows expected, not a doubling (the wasm).
                    let want = expected(self.detail.len(), row as usize, self.room);
                    self.detail.reserve_exact(want - self.detail.len());
                    self.details.reserve_exact(want - self.details.len());
                }
                self.detail.push(row);
                self.details.push(Detail::NONE);
                self.detail.len() - 1
            }
        };
        self.details.get_mut(at)
    }

    pub fn set_list_price(&mut self, row: usize, v: f64) {
        if let Some(d) = self.detail_mut(row) {
            d.list_price = v;
        }
    }

    pub fn set_discount(&mut self, row: usize, v: f64) {
        if let Some(d) = self.detail_mut(row) {
            d.discount = v;
        }
    }

    pub fn set_quantity(&mut self, row: usize, q: u32) {
        if let Some(d) = self.detail_mut(row) {
            d.quantity = q;
        }
    }

    pub fn set_coupon(&mut self, row: usize, coupon: &str) {
        let c = coupon.trim();
        if c.is_empty() {
            return;
        }
        let id = self.coupons.intern(c);
        if let Some(d) = self.detail_mut(row) {
            d.coupon = id;
        }
    }

    /// The comment text of row `i`, borrowed from the arena.
    pub fn text(&self, i: usize) -> Option<&str> {
        let k = *self.text.get(i)? as usize;
        let end = *self.text_ends.get(k)? as usize;
        let off = match k {
            0 => 0,
            _ => *self.text_ends.get(k - 1)? as usize,
        };
        self.text_arena.get(off..end)
    }

    pub fn source(&self, i: usize) -> Option<TrafficSource> {
        self.source.get(i).copied().flatten()
    }

    pub fn follower(&self, i: usize) -> Option<bool> {
        self.follower.get(i).copied().flatten()
    }

    /// The details of row `i`, if it has any.
    fn detail(&self, i: usize) -> Option<&Detail> {
        let k = self.detail.binary_search(&u32::try_from(i).ok()?).ok()?;
        self.details.get(k)
    }

    pub fn list_price(&self, i: usize) -> Option<f64> {
        self.detail(i).map(|d| d.list_price).filter(|v| !v.is_nan())
    }

    pub fn discount(&self, i: usize) -> Option<f64> {
        self.detail(i).map(|d| d.discount).filter(|v| !v.is_nan())
    }

    pub fn quantity(&self, i: usize) -> Option<u32> {
        self.detail(i).map(|d| d.quantity).filter(|&q| q != NONE)
    }

    /// The coupon id of row `i` (its name: `coupons.name(id)`).
    pub fn coupon(&self, i: usize) -> Option<u32> {
        self.detail(i).map(|d| d.coupon).filter(|&c| c != NONE)
    }

    /// Rows that have comment text.
    pub fn texts(&self) -> usize {
        self.text.iter().filter(|&&k| k != NO_TEXT).count()
    }

    /// Traffic-source values that matched no canonical source, most frequent first.
    pub fn unknown_source_values(&self) -> Vec<(String, u64)> {
        let mut out: Vec<(String, u64)> = self
            .unknown_sources
            .names()
            .iter()
            .cloned()
            .zip(self.unknown_source_counts.iter().copied())
            .collect();
        crate::sort::by(&mut out, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// Pads every column that has values to `n` rows.
    pub fn pad(&mut self, n: usize) {
        fn pad_col<T: Copy>(v: &mut Vec<T>, n: usize, none: T) {
            if !v.is_empty() && v.len() < n {
                v.resize(n, none);
            }
        }
        pad_col(&mut self.text, n, NO_TEXT);
        pad_col(&mut self.source, n, None);
        pad_col(&mut self.follower, n, None);
    }

    /// Reorders the columns as the events, each in its own memory (the arena stays); the
    /// details follow their rows.
    pub(super) fn permute(&mut self, n: usize, r: &mut Reorder) {
        self.pad(n);
        r.apply(&mut self.text);
        r.apply(&mut self.source);
        r.apply(&mut self.follower);
        (self.detail, self.details) = self.details_of(r.old_rows());
    }

    /// The rows among `rows` (old row of each new row) that have details, as new rows, and
    /// their details.
    fn details_of(&self, rows: &[u32]) -> (Vec<u32>, Vec<Detail>) {
        if self.detail.is_empty() {
            return (Vec::new(), Vec::new());
        }
        // One bit per old row that has details: the rows without are passed over by a bit test.
        let top = self.detail.last().map_or(0, |&r| r as usize + 1);
        let mut has = vec![0u64; top.div_ceil(64)];
        for &r in &self.detail {
            if let Some(w) = has.get_mut(r as usize / 64) {
                *w |= 1 << (r % 64);
            }
        }
        let (mut new_rows, mut details) = (Vec::new(), Vec::new());
        for (k, &old) in rows.iter().enumerate() {
            let set = has
                .get(old as usize / 64)
                .is_some_and(|w| w >> (old % 64) & 1 == 1);
            if !set {
                continue;
            }
            if let (Ok(j), Ok(k)) = (self.detail.binary_search(&old), u32::try_from(k)) {
                if let Some(d) = self.details.get(j) {
                    new_rows.push(k);
                    details.push(*d);
                }
            }
        }
        (new_rows, details)
    }

    /// Columns that were padded beyond `n` rows cut back to `n` (after [`EventExtras::retain`]
    /// of rows at the end); a column with no value left is emptied, as if never set.
    pub fn shrink_to_rows(&mut self, n: usize) {
        fn cut<T>(v: &mut Vec<T>, n: usize, is_none: impl Fn(&T) -> bool) {
            v.truncate(n);
            if v.iter().all(is_none) {
                v.clear();
            }
        }
        cut(&mut self.text, n, |k| *k == NO_TEXT);
        cut(&mut self.source, n, Option::is_none);
        cut(&mut self.follower, n, Option::is_none);
        let kept = self.detail.partition_point(|&r| (r as usize) < n);
        self.detail.truncate(kept);
        self.details.truncate(kept);
    }

    /// Drops the rows `drop` marks, as the events drop them.
    pub fn retain(&mut self, n: usize, drop: &[bool]) {
        self.pad(n);
        retain_by(&mut self.text, drop);
        retain_by(&mut self.source, drop);
        retain_by(&mut self.follower, drop);
        // Each kept row moves up by the rows dropped before it.
        let rows = std::mem::take(&mut self.detail);
        let details = std::mem::take(&mut self.details);
        let (mut row, mut dropped) = (0usize, 0u32);
        for (r, d) in rows.into_iter().zip(details) {
            while row < r as usize {
                dropped += u32::from(drop.get(row).copied().unwrap_or(false));
                row += 1;
            }
            if !drop.get(row).copied().unwrap_or(false) {
                self.detail.push(r - dropped);
                self.details.push(d);
            }
        }
    }

    /// The rows `rows` (indices of the events) as new columns, each allocated once; the
    /// arena holds only the kept rows' texts (a subset's copy does not carry every comment),
    /// the details only the kept rows'; the interners are shared by a clone.
    pub fn select(&self, rows: &[u32]) -> EventExtras {
        let (detail, details) = self.details_of(rows);
        let mut text_arena = String::new();
        let mut text_ends = Vec::new();
        let text = match self.text.is_empty() {
            true => Vec::new(),
            false => {
                let (mut kept, mut bytes) = (0, 0);
                for t in rows.iter().filter_map(|&i| self.text(i as usize)) {
                    kept += 1;
                    bytes += t.len();
                }
                text_arena.reserve_exact(bytes);
                text_ends.reserve_exact(kept);
                rows.iter()
                    .map(|&i| match self.text(i as usize) {
                        Some(t) => {
                            text_arena.push_str(t);
                            text_ends.push(text_arena.len() as u32);
                            text_ends.len() as u32 - 1
                        }
                        None => NO_TEXT,
                    })
                    .collect()
            }
        };
        EventExtras {
            text_arena,
            text,
            text_ends,
            source: select(&self.source, rows),
            follower: select(&self.follower, rows),
            detail,
            details,
            coupons: self.coupons.clone(),
            unknown_sources: self.unknown_sources.clone(),
            unknown_source_counts: self.unknown_source_counts.clone(),
            room: 0,
        }
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.text_arena.shrink_to_fit();
        self.text.shrink_to_fit();
        self.text_ends.shrink_to_fit();
        self.source.shrink_to_fit();
        self.follower.shrink_to_fit();
        self.detail.shrink_to_fit();
        self.details.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caseless_ranges_have_no_case_and_folding_is_lower_casing() {
        for r in [
            '\u{2E80}'..='\u{9FFF}',
            '\u{AC00}'..='\u{D7A3}',
            '\u{F900}'..='\u{FAFF}',
        ] {
            for c in r {
                assert!(is_caseless_cjk(c));
                assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
            }
        }
        for v in [
            " Feed ",
            "推荐 Feed",
            "DOU+",
            "dou+",
            "关注_tab",
            "Ｆｅｅｄ",
            "ΣΑΣ",
            "  ",
            "是",
            "Yes",
            "İ",
            "ǅ",
            "直播\u{3000}推荐",
            "a-b_c d",
            "ⅰ",
            "Ⅰ",
        ] {
            let stripped: String = v
                .trim()
                .chars()
                .filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{3000}'))
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(folded(v, true), stripped, "{v:?}");
            assert_eq!(folded(v, false), v.trim().to_lowercase(), "{v:?}");
        }
        assert!(matches!(
            folded("推荐feed", true),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(matches!(
            folded(" 否 ", false),
            std::borrow::Cow::Borrowed("否")
        ));
        assert_eq!(
            TrafficSource::from_synonym("推荐 Feed"),
            Some(TrafficSource::Feed)
        );
        assert_eq!(parse_follower(" YES "), Some(true));
    }

    #[test]
    fn columns_stay_empty_until_a_value_and_follow_permutation() {
        let mut x = EventExtras::default();
        x.pad(10);
        assert!(x.text.is_empty() && x.source.is_empty());
        x.set_text(2, " 多少钱 ");
        x.set_source(1, "千川");
        x.set_source(3, "weird channel");
        x.pad(4);
        assert_eq!(x.text(2), Some("多少钱"));
        assert_eq!(x.text(1), None);
        assert_eq!(x.source(1), Some(TrafficSource::Paid));
        assert_eq!(x.source(3), Some(TrafficSource::Other));
        assert_eq!(x.unknown_source_values(), vec![("weird channel".into(), 1)]);
        x.permute(4, &mut Reorder::new(vec![2, 3, 0, 1]));
        assert_eq!(x.text(0), Some("多少钱"));
        assert_eq!(x.source(3), Some(TrafficSource::Paid));
        x.retain(4, &[true, false, false, false]);
        assert_eq!(x.text(0), None);
        assert_eq!(x.texts(), 0);
        assert!(x.follower.is_empty());
    }

    #[test]
    fn details_are_held_for_their_rows_only_and_follow_them() {
        let mut x = EventExtras::default();
        x.reserve_rows(1000);
        x.set_coupon(5, "C1");
        x.set_discount(5, 3.0);
        x.set_quantity(9, 2);
        // Out of order (a row before the last with details), then the same row again.
        x.set_list_price(2, 19.9);
        x.set_coupon(2, "C2");
        x.set_coupon(7, " ");
        assert_eq!(x.detail, vec![2, 5, 9], "one entry per row with details");
        assert_eq!(x.details.len(), 3);
        assert_eq!((x.coupon(5), x.discount(5)), (Some(0), Some(3.0)));
        assert_eq!((x.coupon(2), x.list_price(2)), (Some(1), Some(19.9)));
        assert_eq!(
            (x.quantity(9), x.coupon(9), x.coupon(7)),
            (Some(2), None, None)
        );
        assert_eq!(x.coupon(usize::MAX), None);
        let view = |x: &EventExtras, n: usize| -> Vec<(Option<u32>, Option<u32>)> {
            (0..n).map(|i| (x.coupon(i), x.quantity(i))).collect()
        };
        // Time order: new row k is old row idx[k].
        let idx: Vec<u32> = vec![9, 0, 5, 1, 2, 3, 4, 6, 7, 8];
        let before = view(&x, 10);
        x.permute(10, &mut Reorder::new(idx.clone()));
        let after = view(&x, 10);
        for (k, &old) in idx.iter().enumerate() {
            assert_eq!(after[k], before[old as usize], "new row {k}");
        }
        assert_eq!(x.detail, vec![0, 2, 4]);
        // Rows 0 and 3 dropped: every later row moves up.
        let before = view(&x, 10);
        let drop = [
            true, false, false, true, false, false, false, false, false, false,
        ];
        x.retain(10, &drop);
        let kept: Vec<usize> = (0..10).filter(|&i| !drop[i]).collect();
        assert_eq!(
            view(&x, 8),
            kept.iter().map(|&i| before[i]).collect::<Vec<_>>()
        );
        assert_eq!(x.detail, vec![1, 2]);
        // A subset, in any order, and a cut.
        let sub = x.select(&[2, 7, 1]);
        assert_eq!(sub.detail, vec![0, 2]);
        assert_eq!((sub.coupon(0), sub.coupon(2)), (x.coupon(2), x.coupon(1)));
        x.shrink_to_rows(2);
        assert_eq!(x.detail, vec![1]);
        x.shrink_to_rows(1);
        assert!(x.detail.is_empty() && x.details.is_empty() && x.is_empty());
    }

    #[test]
    fn follower_and_source_synonyms() {
        for (v, f) in [("是", true), ("否", false), ("Yes", true), ("0", false)] {
            assert_eq!(parse_follower(v), Some(f));
        }
        assert_eq!(parse_follower("maybe"), None);
        for (v, s) in [
            ("推荐feed", TrafficSource::Feed),
            ("直播广场", TrafficSource::Feed),
            ("关注", TrafficSource::Follow),
            ("搜索", TrafficSource::Search),
            ("投流", TrafficSource::Paid),
            ("个人主页", TrafficSource::Profile),
            ("同城", TrafficSource::Nearby),
            ("Share", TrafficSource::Share),
        ] {
            assert_eq!(TrafficSource::from_synonym(v), Some(s), "{v}");
        }
    }
}

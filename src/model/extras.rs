//! Optional columns of the event log: comment text, traffic source and follower status of an
//! `enter`, and list price, discount, quantity and coupon of a `pay`. A column costs nothing
//! while no row has a value (its vector stays empty); once one row has one, it holds one small
//! entry per event (absent rows hold a marker). Comment text lives in one string arena, each
//! text-bearing row an `(offset, len)` into it, so analyses borrow `&str` without copying.

use serde::{Deserialize, Serialize};

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
        let n: String = value
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{3000}'))
            .flat_map(char::to_lowercase)
            .collect();
        let s = match n.as_str() {
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
    match value.trim().to_lowercase().as_str() {
        "yes" | "y" | "1" | "true" | "t" | "是" | "粉丝" | "已关注" => Some(true),
        "no" | "n" | "0" | "false" | "f" | "否" | "非粉丝" | "未关注" => Some(false),
        _ => None,
    }
}

/// Marker of a row without text in [`EventExtras::text`].
const NO_TEXT: (u32, u32) = (u32::MAX, 0);

/// The optional columns of [`super::Events`]; each vector is empty (no row has a value) or
/// indexed like the events (after [`EventExtras::pad`]).
#[derive(Debug, Clone, Default)]
pub struct EventExtras {
    /// All comment texts, one after the other.
    pub text_arena: String,
    /// `(offset, len)` of each row's text in `text_arena` (`(u32::MAX, 0)`: none).
    pub text: Vec<(u32, u32)>,
    /// Traffic source of an `enter`.
    pub source: Vec<Option<TrafficSource>>,
    /// Follower status at entry.
    pub follower: Vec<Option<bool>>,
    /// List price of a `pay` (NaN: none).
    pub list_price: Vec<f64>,
    /// Discount of a `pay` (NaN: none).
    pub discount: Vec<f64>,
    /// Quantity of a `pay` ([`NONE`]: none).
    pub quantity: Vec<u32>,
    /// Coupon of a `pay` or coupon event, an id in `coupons` ([`NONE`]: none).
    pub coupon: Vec<u32>,
    pub coupons: Interner,
    /// Traffic-source values that matched no canonical source (kept as `other`), with counts.
    pub unknown_sources: Interner,
    pub unknown_source_counts: Vec<u64>,
}

/// Distinct unknown source values remembered (more are still counted as `other`).
const MAX_UNKNOWN_SOURCES: usize = 200;

fn put<T: Copy>(col: &mut Vec<T>, row: usize, v: T, none: T) {
    if col.len() <= row {
        col.resize(row + 1, none);
    }
    if let Some(c) = col.get_mut(row) {
        *c = v;
    }
}

fn permute<T: Copy>(v: &mut Vec<T>, idx: &[u32]) {
    if v.is_empty() {
        return;
    }
    let out: Vec<T> = idx
        .iter()
        .filter_map(|&i| v.get(i as usize).copied())
        .collect();
    *v = out;
}

fn retain_by<T>(v: &mut Vec<T>, drop: &[bool]) {
    let mut i = 0;
    v.retain(|_| {
        let k = !drop.get(i).copied().unwrap_or(false);
        i += 1;
        k
    });
}

fn select<T: Copy>(v: &[T], rows: &[usize]) -> Vec<T> {
    if v.is_empty() {
        return Vec::new();
    }
    rows.iter().filter_map(|&i| v.get(i).copied()).collect()
}

impl EventExtras {
    /// Whether no row has any optional value.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
            && self.source.is_empty()
            && self.follower.is_empty()
            && self.list_price.is_empty()
            && self.discount.is_empty()
            && self.quantity.is_empty()
            && self.coupon.is_empty()
    }

    /// Stores the comment text of `row` (trimmed; empty text is no text).
    pub fn set_text(&mut self, row: usize, text: &str) {
        let t = text.trim();
        if t.is_empty() || self.text_arena.len() + t.len() > u32::MAX as usize {
            return;
        }
        let off = self.text_arena.len() as u32;
        self.text_arena.push_str(t);
        put(&mut self.text, row, (off, t.len() as u32), NO_TEXT);
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
        put(&mut self.source, row, Some(s), None);
    }

    pub fn set_follower(&mut self, row: usize, f: bool) {
        put(&mut self.follower, row, Some(f), None);
    }

    pub fn set_list_price(&mut self, row: usize, v: f64) {
        put(&mut self.list_price, row, v, f64::NAN);
    }

    pub fn set_discount(&mut self, row: usize, v: f64) {
        put(&mut self.discount, row, v, f64::NAN);
    }

    pub fn set_quantity(&mut self, row: usize, q: u32) {
        put(&mut self.quantity, row, q, NONE);
    }

    pub fn set_coupon(&mut self, row: usize, coupon: &str) {
        let c = coupon.trim();
        if c.is_empty() {
            return;
        }
        let id = self.coupons.intern(c);
        put(&mut self.coupon, row, id, NONE);
    }

    /// The comment text of row `i`, borrowed from the arena.
    pub fn text(&self, i: usize) -> Option<&str> {
        let &(off, len) = self.text.get(i)?;
        if off == u32::MAX {
            return None;
        }
        self.text_arena
            .get(off as usize..off as usize + len as usize)
    }

    pub fn source(&self, i: usize) -> Option<TrafficSource> {
        self.source.get(i).copied().flatten()
    }

    pub fn follower(&self, i: usize) -> Option<bool> {
        self.follower.get(i).copied().flatten()
    }

    pub fn list_price(&self, i: usize) -> Option<f64> {
        self.list_price.get(i).copied().filter(|v| !v.is_nan())
    }

    pub fn discount(&self, i: usize) -> Option<f64> {
        self.discount.get(i).copied().filter(|v| !v.is_nan())
    }

    pub fn quantity(&self, i: usize) -> Option<u32> {
        self.quantity.get(i).copied().filter(|&q| q != NONE)
    }

    /// The coupon id of row `i` (its name: `coupons.name(id)`).
    pub fn coupon(&self, i: usize) -> Option<u32> {
        self.coupon.get(i).copied().filter(|&c| c != NONE)
    }

    /// Rows that have comment text.
    pub fn texts(&self) -> usize {
        self.text.iter().filter(|t| t.0 != u32::MAX).count()
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
        pad_col(&mut self.list_price, n, f64::NAN);
        pad_col(&mut self.discount, n, f64::NAN);
        pad_col(&mut self.quantity, n, NONE);
        pad_col(&mut self.coupon, n, NONE);
    }

    /// Reorders the columns as the events (`idx[k]` = old row of new row `k`); the arena stays.
    pub(super) fn permute(&mut self, n: usize, idx: &[u32]) {
        self.pad(n);
        permute(&mut self.text, idx);
        permute(&mut self.source, idx);
        permute(&mut self.follower, idx);
        permute(&mut self.list_price, idx);
        permute(&mut self.discount, idx);
        permute(&mut self.quantity, idx);
        permute(&mut self.coupon, idx);
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
        cut(&mut self.text, n, |t| *t == NO_TEXT);
        cut(&mut self.source, n, Option::is_none);
        cut(&mut self.follower, n, Option::is_none);
        cut(&mut self.list_price, n, |v| v.is_nan());
        cut(&mut self.discount, n, |v| v.is_nan());
        cut(&mut self.quantity, n, |q| *q == NONE);
        cut(&mut self.coupon, n, |c| *c == NONE);
    }

    /// Drops the rows `drop` marks, as the events drop them.
    pub fn retain(&mut self, n: usize, drop: &[bool]) {
        self.pad(n);
        retain_by(&mut self.text, drop);
        retain_by(&mut self.source, drop);
        retain_by(&mut self.follower, drop);
        retain_by(&mut self.list_price, drop);
        retain_by(&mut self.discount, drop);
        retain_by(&mut self.quantity, drop);
        retain_by(&mut self.coupon, drop);
    }

    /// The rows `rows` (indices of events of `n` rows) as new columns; the arena and the
    /// interners are shared by a clone (texts are not copied one by one).
    pub fn select(&self, rows: &[usize]) -> EventExtras {
        EventExtras {
            text_arena: self.text_arena.clone(),
            text: select(&self.text, rows),
            source: select(&self.source, rows),
            follower: select(&self.follower, rows),
            list_price: select(&self.list_price, rows),
            discount: select(&self.discount, rows),
            quantity: select(&self.quantity, rows),
            coupon: select(&self.coupon, rows),
            coupons: self.coupons.clone(),
            unknown_sources: self.unknown_sources.clone(),
            unknown_source_counts: self.unknown_source_counts.clone(),
        }
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.text_arena.shrink_to_fit();
        self.text.shrink_to_fit();
        self.source.shrink_to_fit();
        self.follower.shrink_to_fit();
        self.list_price.shrink_to_fit();
        self.discount.shrink_to_fit();
        self.quantity.shrink_to_fit();
        self.coupon.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        x.permute(4, &[2, 3, 0, 1]);
        assert_eq!(x.text(0), Some("多少钱"));
        assert_eq!(x.source(3), Some(TrafficSource::Paid));
        x.retain(4, &[true, false, false, false]);
        assert_eq!(x.text(0), None);
        assert_eq!(x.texts(), 0);
        assert!(x.follower.is_empty());
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

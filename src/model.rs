//! The in-memory dataset every analysis reads: columnar, ids interned, sorted by time.
//!
//! Ingestion (`crate::ingest`) builds a [`Dataset`]; analyses take `&Dataset` and return typed
//! results. Nothing here knows about files, formats or the browser.

use serde::{Deserialize, Serialize};

mod extras;
mod interner;
mod summary;
mod time_order;

use time_order::{time_order, Reorder};

pub use extras::{parse_follower, Detail, EventExtras, TrafficSource};
pub use interner::{Interner, ShortNames};
pub use summary::{Figure, SessionFigures};

/// Marker for "no value" in the `u32` id columns.
pub const NONE: u32 = u32::MAX;

/// The canonical events of `metrics.md`, plus `Unknown` for names the user has not mapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum EventKind {
    Impression = 0,
    Enter,
    Leave,
    ProductView,
    Click,
    AddCart,
    Order,
    Pay,
    Refund,
    Comment,
    Like,
    Share,
    Follow,
    Gift,
    LotteryJoin,
    LotteryWin,
    PollVote,
    Question,
    Answer,
    CouponClaim,
    CouponUse,
    FanClubJoin,
    Points,
    Unknown,
}

impl EventKind {
    pub const CANONICAL: [EventKind; 23] = [
        EventKind::Impression,
        EventKind::Enter,
        EventKind::Leave,
        EventKind::ProductView,
        EventKind::Click,
        EventKind::AddCart,
        EventKind::Order,
        EventKind::Pay,
        EventKind::Refund,
        EventKind::Comment,
        EventKind::Like,
        EventKind::Share,
        EventKind::Follow,
        EventKind::Gift,
        EventKind::LotteryJoin,
        EventKind::LotteryWin,
        EventKind::PollVote,
        EventKind::Question,
        EventKind::Answer,
        EventKind::CouponClaim,
        EventKind::CouponUse,
        EventKind::FanClubJoin,
        EventKind::Points,
    ];

    /// The canonical key used in reports and settings (`"product_view"`).
    pub fn key(self) -> &'static str {
        match self {
            EventKind::Impression => "impression",
            EventKind::Enter => "enter",
            EventKind::Leave => "leave",
            EventKind::ProductView => "product_view",
            EventKind::Click => "click",
            EventKind::AddCart => "add_cart",
            EventKind::Order => "order",
            EventKind::Pay => "pay",
            EventKind::Refund => "refund",
            EventKind::Comment => "comment",
            EventKind::Like => "like",
            EventKind::Share => "share",
            EventKind::Follow => "follow",
            EventKind::Gift => "gift",
            EventKind::LotteryJoin => "lottery_join",
            EventKind::LotteryWin => "lottery_win",
            EventKind::PollVote => "poll_vote",
            EventKind::Question => "question",
            EventKind::Answer => "answer",
            EventKind::CouponClaim => "coupon_claim",
            EventKind::CouponUse => "coupon_use",
            EventKind::FanClubJoin => "fan_club_join",
            EventKind::Points => "points",
            EventKind::Unknown => "unknown",
        }
    }

    /// Parses a canonical key (exactly as [`EventKind::key`] writes it).
    pub fn from_key(key: &str) -> Option<EventKind> {
        EventKind::CANONICAL
            .iter()
            .copied()
            .find(|k| k.key() == key)
    }

    /// Maps an export's event name to a canonical event, using the synonyms of `metrics.md`
    /// (case-insensitive, spaces trimmed). `None` for names it does not know.
    pub fn from_synonym(name: &str) -> Option<EventKind> {
        let n = name.trim().to_lowercase();
        let k = match n.as_str() {
            "impression" | "exposure" | "show" | "曝光" | "直播间曝光" => {
                EventKind::Impression
            }
            "enter" | "join" | "view" | "watch" | "进入直播间" | "进房" | "观看" | "进入" => {
                EventKind::Enter
            }
            "leave" | "exit" | "quit" | "离开" | "离开直播间" | "退出" => EventKind::Leave,
            "product_view" | "product_impression" | "item_view" | "商品曝光" => {
                EventKind::ProductView
            }
            "click" | "product_click" | "item_click" | "商品点击" | "点击" => {
                EventKind::Click
            }
            "add_cart" | "addtocart" | "cart" | "加购" | "加入购物车" => EventKind::AddCart,
            "order" | "create_order" | "checkout" | "下单" | "创建订单" | "提交订单" => {
                EventKind::Order
            }
            "pay" | "purchase" | "buy" | "transaction" | "paid" | "支付" | "付款" | "成交"
            | "支付成功" => EventKind::Pay,
            "refund" | "退款" | "退款成功" => EventKind::Refund,
            "comment" | "chat" | "message" | "评论" | "弹幕" => EventKind::Comment,
            "like" | "点赞" => EventKind::Like,
            "share" | "分享" | "转发" => EventKind::Share,
            "follow" | "subscribe" | "关注" | "加粉" => EventKind::Follow,
            "gift" | "tip" | "打赏" | "送礼" | "礼物" => EventKind::Gift,
            "lottery_join" | "lottery" | "giveaway" | "lucky_bag" | "luckybag" | "福袋"
            | "参与福袋" | "抽奖" | "参与抽奖" => EventKind::LotteryJoin,
            "lottery_win" | "giveaway_win" | "中奖" | "福袋中奖" => EventKind::LotteryWin,
            "poll_vote" | "vote" | "poll" | "投票" => EventKind::PollVote,
            "question" | "ask" | "提问" => EventKind::Question,
            "answer" | "reply" | "回答" | "回复" => EventKind::Answer,
            "coupon_claim" | "coupon" | "领券" | "领取优惠券" => EventKind::CouponClaim,
            "coupon_use" | "用券" | "使用优惠券" => EventKind::CouponUse,
            "fan_club_join" | "fan_club" | "加入粉丝团" | "加团" => EventKind::FanClubJoin,
            "points" | "积分" => EventKind::Points,
            _ => return None,
        };
        Some(k)
    }
}

/// The event log, one entry per row, columnar. Sorted by `ts` (stable: rows with equal
/// timestamps keep the order in which they were read) once ingestion has finished.
#[derive(Debug, Clone, Default)]
pub struct Events {
    /// Person, an id in [`Dataset::users`].
    pub user: Vec<u32>,
    /// Milliseconds since the Unix epoch, UTC.
    pub ts: Vec<i64>,
    pub kind: Vec<EventKind>,
    /// The event name as exported, an id in [`Dataset::event_names`] (kept so that unknown names
    /// can be remapped without re-reading the file).
    pub name: Vec<u32>,
    /// Live session, an id in [`Dataset::sessions`], or [`NONE`].
    pub session: Vec<u32>,
    /// Product, an id in [`Dataset::items`], or [`NONE`].
    pub item: Vec<u32>,
    /// Order, an id in [`Dataset::orders`], or [`NONE`].
    pub order: Vec<u32>,
    /// Money amount for `pay`, `order` and `refund` rows (0 when the row has none).
    pub amount: Vec<f64>,
    /// Optional columns (comment text, traffic source, follower, pay details); empty vectors
    /// when no row has them.
    pub extra: EventExtras,
}

impl Events {
    pub fn len(&self) -> usize {
        self.ts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ts.is_empty()
    }

    /// Appends one event.
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        user: u32,
        ts: i64,
        kind: EventKind,
        name: u32,
        session: u32,
        item: u32,
        order: u32,
        amount: f64,
    ) {
        self.user.push(user);
        self.ts.push(ts);
        self.kind.push(kind);
        self.name.push(name);
        self.session.push(session);
        self.item.push(item);
        self.order.push(order);
        self.amount.push(amount);
    }

    /// Appends event `i` of `from` (its main columns), for subsets of an event log.
    pub fn push_from(&mut self, from: &Events, i: usize) {
        self.push(
            from.user[i],
            from.ts[i],
            from.kind[i],
            from.name[i],
            from.session[i],
            from.item[i],
            from.order[i],
            from.amount[i],
        );
    }

    /// Drops the events after the first `n` (ingestion undoing a file it refused half-way).
    pub fn truncate(&mut self, n: usize) {
        let len = self.len();
        if n >= len {
            return;
        }
        let drop: Vec<bool> = (0..len).map(|i| i >= n).collect();
        self.extra.retain(len, &drop);
        self.extra.shrink_to_rows(n);
        self.user.truncate(n);
        self.ts.truncate(n);
        self.kind.truncate(n);
        self.name.truncate(n);
        self.session.truncate(n);
        self.item.truncate(n);
        self.order.truncate(n);
        self.amount.truncate(n);
    }

    /// Sorts all columns by timestamp, stably.
    pub fn sort_by_time(&mut self) {
        if self.ts.windows(2).all(|w| w[0] <= w[1]) {
            self.pad_extras();
            return;
        }
        // Each column put in time order in its own memory (the sort is the peak of memory
        // at the end of ingestion).
        let mut r = Reorder::new(time_order(&self.ts));
        r.apply(&mut self.user);
        r.apply(&mut self.ts);
        r.apply(&mut self.kind);
        r.apply(&mut self.name);
        r.apply(&mut self.session);
        r.apply(&mut self.item);
        r.apply(&mut self.order);
        r.apply(&mut self.amount);
        let n = self.ts.len();
        self.extra.permute(n, &mut r);
    }

    /// Room for exactly `n` more events in every column (and in the optional columns, those
    /// with values now and those created later): growing a column by doubling would leave up
    /// to half of it unused, and in the wasm the memory of every doubling stays taken.
    pub fn reserve_exact(&mut self, n: usize) {
        self.user.reserve_exact(n);
        self.ts.reserve_exact(n);
        self.kind.reserve_exact(n);
        self.name.reserve_exact(n);
        self.session.reserve_exact(n);
        self.item.reserve_exact(n);
        self.order.reserve_exact(n);
        self.amount.reserve_exact(n);
        self.extra.reserve_rows(self.ts.capacity());
    }

    /// Pads the optional columns to the number of events (call after the last push).
    pub fn pad_extras(&mut self) {
        let n = self.ts.len();
        self.extra.pad(n);
    }

    /// Gives back spare room of the optional columns.
    pub fn shrink_extras(&mut self) {
        self.extra.shrink_to_fit();
    }
}

/// A product of the catalogue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemInfo {
    pub title: String,
    pub category: String,
    pub tags: Vec<String>,
    pub price: Option<f64>,
}

/// A live session from the sessions table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionInfo {
    pub title: String,
    /// Host, an id in [`Dataset::hosts`], or [`NONE`].
    pub host: u32,
    /// Start and end, ms since the epoch, UTC.
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub ad_spend: Option<f64>,
}

/// One attribute of the users file (e.g. age band): a value per user, interned.
#[derive(Debug, Clone, Default)]
pub struct UserAttribute {
    pub name: String,
    pub values: Interner,
    /// Indexed by user id; [`NONE`] where the user has no value.
    pub of_user: Vec<u32>,
}

/// Everything the analyses read.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub users: Interner,
    pub items: Interner,
    pub sessions: Interner,
    pub orders: Interner,
    pub hosts: Interner,
    pub event_names: Interner,
    pub events: Events,
    /// Indexed by item id (length = `items.len()` after ingestion).
    pub item_info: Vec<ItemInfo>,
    /// Indexed by session id (length = `sessions.len()` after ingestion).
    pub session_info: Vec<SessionInfo>,
    pub user_attributes: Vec<UserAttribute>,
    /// Offset of the creator's local time from UTC, minutes; used to cut days and weeks.
    pub tz_offset_minutes: i32,
    /// Indexed by user id: the position of the user's first event row in the input as read
    /// (files in the order given, events before orders, rows top to bottom), [`NONE`] for a
    /// user without events. Ties between persons go by it (metrics.md), not by time. Empty
    /// when the dataset was not made by ingestion (then the first event in time counts).
    pub user_appearance: Vec<u32>,
    /// Platforms the rows came from (`douyin`, `kuaishou`, …), from the recognised layouts.
    pub platforms: Interner,
    /// Platform of each order (an id in [`Dataset::platforms`], or [`NONE`]), indexed by order id.
    pub order_platform: Vec<u32>,
    /// Platform of each person, indexed by user id ([`NONE`] when not known).
    pub user_platform: Vec<u32>,
    /// `true` for a "person" that stands for one order without a buyer id (the Douyin shop
    /// export masks buyers): such persons are not counted as buyers or people. Indexed by user id.
    pub pseudo_users: Vec<bool>,
    /// Rows of session summaries (a live dashboard's one row per session), in the order read.
    pub session_figures: Vec<SessionFigures>,
}

impl Dataset {
    /// Pads the per-id side tables so that every interned item and session has an entry.
    pub fn finish(&mut self) {
        self.item_info.resize(self.items.len(), ItemInfo::default());
        self.session_info.resize(
            self.sessions.len(),
            SessionInfo {
                host: NONE,
                ..SessionInfo::default()
            },
        );
        for a in &mut self.user_attributes {
            a.of_user.resize(self.users.len(), NONE);
        }
        self.order_platform.resize(self.orders.len(), NONE);
        self.user_platform.resize(self.users.len(), NONE);
        self.pseudo_users.resize(self.users.len(), false);
        self.events.sort_by_time();
    }

    /// Local day number (days since 1970-01-01 in the creator's time zone) of a timestamp.
    pub fn local_day(&self, ts_ms: i64) -> i64 {
        (ts_ms + self.tz_offset_minutes as i64 * 60_000).div_euclid(86_400_000)
    }

    /// Whether any event of this kind exists.
    pub fn has_kind(&self, kind: EventKind) -> bool {
        self.events.kind.contains(&kind)
    }

    /// A copy holding only the events of the users `keep` accepts (side tables and ids are
    /// unchanged, so ids mean the same in both).
    pub fn with_users(&self, keep: impl Fn(u32) -> bool) -> Dataset {
        let e = &self.events;
        // Who is kept, asked once per person; the rows counted first so that every column is
        // allocated once at its size (a copy of most of the events is the peak of the report).
        let kept_user: Vec<bool> = (0..self.users.len() as u32).map(&keep).collect();
        let keeps = |u: u32| match kept_user.get(u as usize) {
            Some(&k) => k,
            None => keep(u),
        };
        let n = e.user.iter().filter(|&&u| keeps(u)).count();
        let mut events = Events::default();
        events.reserve_exact(n);
        // Rows kept, only needed (and only collected) when there are optional columns.
        let track = !e.extra.is_empty();
        let mut kept: Vec<u32> = Vec::with_capacity(if track { n } else { 0 });
        for i in 0..e.len() {
            if keeps(e.user[i]) {
                if track {
                    kept.push(i as u32);
                }
                events.push(
                    e.user[i],
                    e.ts[i],
                    e.kind[i],
                    e.name[i],
                    e.session[i],
                    e.item[i],
                    e.order[i],
                    e.amount[i],
                );
            }
        }
        if track {
            events.extra = e.extra.select(&kept);
        }
        Dataset {
            users: self.users.clone(),
            items: self.items.clone(),
            sessions: self.sessions.clone(),
            orders: self.orders.clone(),
            hosts: self.hosts.clone(),
            event_names: self.event_names.clone(),
            events,
            item_info: self.item_info.clone(),
            session_info: self.session_info.clone(),
            user_attributes: self.user_attributes.clone(),
            tz_offset_minutes: self.tz_offset_minutes,
            user_appearance: self.user_appearance.clone(),
            platforms: self.platforms.clone(),
            order_platform: self.order_platform.clone(),
            user_platform: self.user_platform.clone(),
            pseudo_users: self.pseudo_users.clone(),
            session_figures: self.session_figures.clone(),
        }
    }

    /// Number of persons that stand for an order without a buyer id.
    pub fn pseudo_user_count(&self) -> usize {
        self.pseudo_users.iter().filter(|&&p| p).count()
    }

    /// Whether user `u` stands for an order without a buyer id ([`Dataset::pseudo_users`]).
    pub fn is_pseudo_user(&self, u: u32) -> bool {
        self.pseudo_users.get(u as usize).copied().unwrap_or(false)
    }

    /// The platform of event `i`: its order's, else its person's ([`NONE`] when unknown).
    pub fn event_platform(&self, i: usize) -> u32 {
        let e = &self.events;
        let by_order = e
            .order
            .get(i)
            .and_then(|&o| self.order_platform.get(o as usize))
            .copied()
            .unwrap_or(NONE);
        if by_order != NONE {
            return by_order;
        }
        e.user
            .get(i)
            .and_then(|&u| self.user_platform.get(u as usize))
            .copied()
            .unwrap_or(NONE)
    }

    /// A copy holding only the events `keep(i)` accepts (side tables and ids unchanged).
    pub fn with_events(&self, keep: impl Fn(usize) -> bool) -> Dataset {
        let mut sub = self.with_users(|_| false);
        let e = &self.events;
        for i in (0..e.len()).filter(|&i| keep(i)) {
            sub.events.push(
                e.user[i],
                e.ts[i],
                e.kind[i],
                e.name[i],
                e.session[i],
                e.item[i],
                e.order[i],
                e.amount[i],
            );
        }
        sub
    }

    /// Host of a session, if the sessions table names one.
    pub fn session_host(&self, session: u32) -> Option<&str> {
        let h = self.session_info.get(session as usize)?.host;
        (h != NONE).then(|| self.hosts.name(h))
    }
}

#[cfg(test)]
mod storage_tests {
    use super::Interner;

    #[test]
    fn interner_ids_short_and_long_strings() {
        let words = [
            "",
            "a",
            "a\0",
            "\0",
            "u000499",
            "fifteen_bytes_x",
            "sixteen_bytes_xx",
            "seventeen_bytes_x",
            "用户",
            "fifteen_bytes_y",
            "a",
            "sixteen_bytes_xx",
        ];
        let mut i = Interner::new();
        let ids: Vec<u32> = words.iter().map(|w| i.intern(w)).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 6]);
        assert_eq!(i.len(), 10);
        for (w, id) in words.iter().zip(&ids) {
            assert_eq!(i.get(w), Some(*id));
            assert_eq!(i.name(*id), *w);
        }
        i.truncate(5);
        assert_eq!(i.get("fifteen_bytes_x"), None);
        assert_eq!(i.get("sixteen_bytes_xx"), None);
        assert_eq!(i.get("u000499"), Some(4));
        assert_eq!(i.intern("sixteen_bytes_xx"), 5);
        assert_eq!(i.intern("fifteen_bytes_x"), 6);
    }
}

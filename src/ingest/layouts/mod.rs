//! The platforms' own exports, recognised by their headers (or JSON keys) with no mapping by
//! hand: a registry of [`Layout`]s ([`registry`]), each with its platform, money unit (fen or
//! yuan, decided by the layout and never per value), line shape (one row per order or per
//! order line) and the role of each column. [`recognise`] scores a file's headers against every
//! layout; a recognised file is read by [`read`] into `pay` / `order` / `refund` events, one
//! order counted once whatever its number of lines, and its report says which layout was
//! recognised and how each column was read ([`LayoutReport`]).
//!
//! Besides order exports, two more kinds of layout: the live dashboards' session summaries
//! (one row per live session, [`registry_sessions`], read by [`summary`] into
//! `Dataset::session_figures`), and the danmaku capture tools' streams (comment, enter, like,
//! gift … messages, [`registry_capture`], read by [`capture`] into canonical events with their
//! comment text). Orders are tied to live sessions by room id, else by creator and the
//! session's time window ([`tie`]).

mod capture;
mod figures;
mod read;
mod registry;
mod registry_capture;
mod registry_sessions;
mod rows;
mod summary;
mod tie;
mod values;

use serde::{Deserialize, Serialize};

pub(super) use read::read_layout;
pub use registry::LAYOUTS;
pub use registry_capture::CAPTURE_LAYOUTS;
pub use registry_sessions::SESSION_LAYOUTS;
pub use tie::OrderTies;

use crate::ingest::fields::FileKind;
use crate::model::Figure;

/// What a layout's rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutKind {
    /// Orders (or order lines, after-sales cases).
    Orders,
    /// One row per live session with its figures (a dashboard's session summary).
    Sessions,
    /// A capture tool's messages (comment, enter, like, gift …).
    Events,
}

impl LayoutKind {
    /// The kind of file it is read as.
    pub fn file_kind(self) -> FileKind {
        match self {
            LayoutKind::Orders => FileKind::Orders,
            LayoutKind::Sessions => FileKind::Sessions,
            LayoutKind::Events => FileKind::Events,
        }
    }
}

/// Every layout: order exports, session summaries, capture streams.
pub fn all_layouts() -> impl Iterator<Item = &'static Layout> {
    LAYOUTS
        .iter()
        .chain(SESSION_LAYOUTS.iter())
        .chain(CAPTURE_LAYOUTS.iter())
}

/// The unit of a layout's money columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MoneyUnit {
    /// Integer cents (分): the open APIs' JSON.
    Fen,
    /// Yuan or the local currency with decimals: the file exports.
    Yuan,
}

/// What one row of a layout is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LineShape {
    /// One row per order (line items, if any, nested in the row).
    Order,
    /// One row per order line (sub-order, SKU); an order spans several rows.
    OrderLine,
}

/// How a layout's status column is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusScheme {
    DouyinShopText,
    DouyinAfterSales,
    DouyinOpenCode,
    BuyinFlowPoint,
    KuaishouCode,
    WechatCode,
    TikTokText,
    /// No status (session summaries).
    NoStatus,
    /// A capture tool's numeric message type (`Type` 1 comment, 2 like, 3 enter, …).
    CaptureTypeCode,
    /// A capture tool's event name (`comment`, `gift`, `join`, …).
    CaptureEventName,
}

/// What a column of a layout means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The order's id (main order).
    Order,
    /// The id of one line (sub-order, SKU line).
    Line,
    Item,
    ItemTitle,
    Quantity,
    UnitPrice,
    /// What one line came to.
    LineAmount,
    /// What the whole order came to (repeated on each line in per-line layouts).
    OrderAmount,
    CreatedTime,
    PaidTime,
    Status,
    AfterSales,
    RefundAmount,
    RefundTime,
    Buyer,
    Creator,
    CreatorName,
    Room,
    TrafficSource,
    // Session summaries.
    /// The session's id (场次ID, export id).
    Session,
    SessionTitle,
    Start,
    End,
    /// How long the session lasted (`1h2m`, `01:02:00`, `62分钟`, seconds).
    Duration,
    Viewers,
    Views,
    Impressions,
    PeakConcurrent,
    AvgConcurrent,
    AvgWatch,
    Comments,
    Likes,
    Shares,
    Followers,
    FanClubJoins,
    ProductViewers,
    ProductClickers,
    Gmv,
    Orders,
    Units,
    Buyers,
    Refunds,
    AdSpend,
    // Capture streams.
    /// The viewer's id.
    Viewer,
    ViewerName,
    /// When the message arrived (ms, ISO or local time).
    Time,
    /// The message type (a code or a name).
    EventType,
    /// The comment's text.
    Text,
    GiftName,
    /// Gifts in the message (`RepeatCount`, `repeat_count`).
    GiftCount,
    /// Whether a gift streak ended (`repeat_end`): a streak's earlier messages repeat it.
    GiftEnd,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::Order => "order",
            Role::Line => "line",
            Role::Item => "item",
            Role::ItemTitle => "item_title",
            Role::Quantity => "quantity",
            Role::UnitPrice => "unit_price",
            Role::LineAmount => "line_amount",
            Role::OrderAmount => "order_amount",
            Role::CreatedTime => "created_time",
            Role::PaidTime => "paid_time",
            Role::Status => "status",
            Role::AfterSales => "after_sales",
            Role::RefundAmount => "refund_amount",
            Role::RefundTime => "refund_time",
            Role::Buyer => "buyer",
            Role::Creator => "creator",
            Role::CreatorName => "creator_name",
            Role::Room => "room",
            Role::TrafficSource => "traffic_source",
            Role::Session => "session",
            Role::SessionTitle => "session_title",
            Role::Start => "start",
            Role::End => "end",
            Role::Duration => "duration",
            Role::Viewers => "viewers",
            Role::Views => "views",
            Role::Impressions => "impressions",
            Role::PeakConcurrent => "peak_concurrent",
            Role::AvgConcurrent => "avg_concurrent",
            Role::AvgWatch => "avg_watch_seconds",
            Role::Comments => "comments",
            Role::Likes => "likes",
            Role::Shares => "shares",
            Role::Followers => "followers",
            Role::FanClubJoins => "fan_club_joins",
            Role::ProductViewers => "product_viewers",
            Role::ProductClickers => "product_clickers",
            Role::Gmv => "gmv",
            Role::Orders => "orders",
            Role::Units => "units",
            Role::Buyers => "buyers",
            Role::Refunds => "refunds",
            Role::AdSpend => "ad_spend",
            Role::Viewer => "viewer",
            Role::ViewerName => "viewer_name",
            Role::Time => "time",
            Role::EventType => "event_type",
            Role::Text => "text",
            Role::GiftName => "gift_name",
            Role::GiftCount => "gift_count",
            Role::GiftEnd => "gift_end",
        }
    }

    /// The summary figure a role holds.
    pub fn figure(self) -> Option<Figure> {
        Some(match self {
            Role::Viewers => Figure::Viewers,
            Role::Views => Figure::Views,
            Role::Impressions => Figure::Impressions,
            Role::PeakConcurrent => Figure::PeakConcurrent,
            Role::AvgConcurrent => Figure::AvgConcurrent,
            Role::AvgWatch => Figure::AvgWatchSeconds,
            Role::Comments => Figure::Comments,
            Role::Likes => Figure::Likes,
            Role::Shares => Figure::Shares,
            Role::Followers => Figure::Followers,
            Role::FanClubJoins => Figure::FanClubJoins,
            Role::ProductViewers => Figure::ProductViewers,
            Role::ProductClickers => Figure::ProductClickers,
            Role::Gmv => Figure::Gmv,
            Role::Orders => Figure::Orders,
            Role::Units => Figure::Units,
            Role::Buyers => Figure::Buyers,
            Role::Refunds => Figure::Refunds,
            Role::AdSpend => Figure::AdSpend,
            _ => return None,
        })
    }

    /// Whether the role holds money.
    pub fn is_money(self) -> bool {
        matches!(
            self,
            Role::UnitPrice
                | Role::LineAmount
                | Role::OrderAmount
                | Role::RefundAmount
                | Role::Gmv
                | Role::Refunds
                | Role::AdSpend
        )
    }
}

/// A platform's export layout.
#[derive(Debug)]
pub struct Layout {
    /// Stable key (`douyin_shop_orders`).
    pub id: &'static str,
    pub name_en: &'static str,
    pub name_zh: &'static str,
    /// `douyin`, `kuaishou`, `wechat_channels`, `tiktok`, …
    pub platform: &'static str,
    pub money: MoneyUnit,
    pub lines: LineShape,
    /// Headers (top-level JSON keys) that identify the layout; a file is recognised when most
    /// of them are present.
    pub signature: &'static [&'static str],
    /// Columns and their roles. A path `a.b` is key `b` inside the JSON object of column `a`;
    /// `a[].b` is key `b` of each element of the JSON array in column `a` (the order's lines).
    /// The first present path of a role is used (`商品单价`, older `商品金额`).
    pub columns: &'static [(&'static str, Role)],
    pub status: StatusScheme,
    /// The row under the header describes the columns (TikTok's XLSX); it is skipped.
    pub description_row: bool,
    /// Rows are refunds (after-sales), not orders.
    pub refunds_only: bool,
    /// Orders, session summaries or capture messages.
    pub kind: LayoutKind,
    /// Recognised when at least this many signature headers are present (a generic layout
    /// whose signature lists many alternative names); 0 = when 60% of them are.
    pub min_found: usize,
}

impl Layout {
    /// `"Douyin shop order export, one row per sub-order"`.
    pub fn description_en(&self) -> String {
        let shape = match (self.kind, self.refunds_only, self.lines) {
            (LayoutKind::Sessions, _, _) => "one row per live session",
            (LayoutKind::Events, _, _) => "one row per live-room message",
            (_, true, _) => "one row per after-sales case",
            (_, false, LineShape::Order) => "one row per order",
            (_, false, LineShape::OrderLine) => "one row per order line",
        };
        format!("{}, {shape}", self.name_en)
    }

    /// The same in Chinese.
    pub fn description_zh(&self) -> String {
        let shape = match (self.kind, self.refunds_only, self.lines) {
            (LayoutKind::Sessions, _, _) => "每行一场直播",
            (LayoutKind::Events, _, _) => "每行一条直播间消息",
            (_, true, _) => "每行一个售后单",
            (_, false, LineShape::Order) => "每行一个订单",
            (_, false, LineShape::OrderLine) => "每行一个子订单",
        };
        format!("{}，{shape}", self.name_zh)
    }

    /// The top-level column of a path (`orderBaseInfo.oid` → `orderBaseInfo`).
    fn top(path: &str) -> &str {
        path.split(['.', '[']).next().unwrap_or(path)
    }
}

/// A column of a recognised file and how it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LayoutColumn {
    /// The header, or the path inside a JSON column (`orderBaseInfo.oid`).
    pub path: String,
    pub role: Role,
    /// `fen` or `yuan` for money columns.
    pub unit: Option<MoneyUnit>,
}

/// The recognised layout of a file, as its report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LayoutReport {
    pub id: String,
    pub name: String,
    pub name_zh: String,
    /// `"Douyin shop order export, one row per sub-order"` (and in Chinese).
    pub description: String,
    pub description_zh: String,
    pub platform: String,
    pub money_unit: MoneyUnit,
    pub lines: LineShape,
    /// Share of the layout's signature headers found, 0–1.
    pub score: f64,
    pub columns: Vec<LayoutColumn>,
    /// Orders read (each counted once, whatever its number of lines) and their lines.
    pub orders: u64,
    pub order_lines: u64,
    /// Whether the rows carry a buyer id (person-level analyses need one).
    pub has_buyer_id: bool,
    /// The date order of `a/b/yyyy` dates, when the file has such dates.
    pub date_order: Option<String>,
    /// `orders`, `sessions` (a session summary) or `events` (a capture stream).
    #[serde(default = "orders_kind")]
    pub kind: String,
    /// Sessions read from a session summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sessions: Option<u64>,
    /// Events made from a capture stream's messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<u64>,
    /// How the orders were tied to live sessions (by room id, by creator and time window, by
    /// time window) and how many were not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_sessions: Option<OrderTies>,
}

fn orders_kind() -> String {
    "orders".to_owned()
}

/// Normalised header for matching (as [`super::fields::normalize_header`]).
fn norm(h: &str) -> String {
    super::fields::normalize_header(h)
}

/// The layout a file's headers match best, with its score (share of the layout's signature
/// found), when the best score is at least 0.6 and the layout's order id and amount (or status,
/// for after-sales) columns are there.
pub fn recognise(headers: &[String]) -> Option<(&'static Layout, f64)> {
    if headers.len() > 500 {
        return None;
    }
    let have: Vec<String> = headers.iter().map(|h| norm(h)).collect();
    let has = |h: &str| have.iter().any(|x| *x == norm(h));
    let person = headers
        .iter()
        .any(|h| super::fields::field_of_header(h) == Some(super::fields::Field::User));
    let mut best: Option<(&'static Layout, f64)> = None;
    for l in all_layouts() {
        let found = l.signature.iter().filter(|h| has(h)).count();
        let score = found as f64 / l.signature.len().max(1) as f64;
        let has_role = |r: Role| {
            l.columns
                .iter()
                .any(|(p, role)| *role == r && (has(p) || has(Layout::top(p))))
        };
        let usable = match l.kind {
            LayoutKind::Orders => {
                has_role(Role::Order)
                    && (has_role(Role::OrderAmount) || has_role(Role::LineAmount) || l.refunds_only)
            }
            LayoutKind::Sessions => {
                // A file with a person's id is an events or orders file, never a summary.
                !person
                    && (has_role(Role::Session) || has_role(Role::Start))
                    && l.columns
                        .iter()
                        .any(|(p, r)| r.figure().is_some() && has(p))
            }
            LayoutKind::Events => has_role(Role::EventType) || has_role(Role::Text),
        };
        let enough = match l.min_found {
            0 => score >= 0.6,
            n => found >= n,
        };
        if enough && usable && best.is_none_or(|(_, s)| score > s) {
            best = Some((l, score));
        }
    }
    best
}

/// A layout by its id.
pub fn layout_by_id(id: &str) -> Option<&'static Layout> {
    all_layouts().find(|l| l.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_layout_recognises_its_own_signature_and_only_it() {
        for l in all_layouts() {
            let mut h: Vec<&str> = l.signature.to_vec();
            for (p, _) in l.columns {
                h.push(Layout::top(p));
            }
            h.dedup();
            let got = recognise(&hs(&h)).map(|(x, _)| x.id);
            assert_eq!(got, Some(l.id), "{}", l.id);
        }
    }

    #[test]
    fn ordinary_files_are_not_layouts() {
        assert!(recognise(&hs(&["user_id", "event", "timestamp"])).is_none());
        assert!(recognise(&hs(&["order_id", "user_id", "amount", "paid_at"])).is_none());
        assert!(layout_by_id("douyin_shop_orders").is_some());
    }
}

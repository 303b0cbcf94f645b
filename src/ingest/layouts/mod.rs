//! The platforms' own exports, recognised by their headers (or JSON keys) with no mapping by
//! hand: a registry of [`Layout`]s ([`registry`]), each with its platform, money unit (fen or
//! yuan, decided by the layout and never per value), line shape (one row per order or per
//! order line) and the role of each column. [`recognise`] scores a file's headers against every
//! layout; a recognised file is read by [`read`] into `pay` / `order` / `refund` events, one
//! order counted once whatever its number of lines, and its report says which layout was
//! recognised and how each column was read ([`LayoutReport`]).

mod read;
mod registry;
mod rows;
mod values;

use serde::{Deserialize, Serialize};

pub(super) use read::read_layout;
pub use registry::LAYOUTS;

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
        }
    }

    /// Whether the role holds money.
    pub fn is_money(self) -> bool {
        matches!(
            self,
            Role::UnitPrice | Role::LineAmount | Role::OrderAmount | Role::RefundAmount
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
}

impl Layout {
    /// `"Douyin shop order export, one row per sub-order"`.
    pub fn description_en(&self) -> String {
        let shape = match (self.refunds_only, self.lines) {
            (true, _) => "one row per after-sales case",
            (false, LineShape::Order) => "one row per order",
            (false, LineShape::OrderLine) => "one row per order line",
        };
        format!("{}, {shape}", self.name_en)
    }

    /// The same in Chinese.
    pub fn description_zh(&self) -> String {
        let shape = match (self.refunds_only, self.lines) {
            (true, _) => "每行一个售后单",
            (false, LineShape::Order) => "每行一个订单",
            (false, LineShape::OrderLine) => "每行一个子订单",
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
    let mut best: Option<(&'static Layout, f64)> = None;
    for l in LAYOUTS {
        let found = l.signature.iter().filter(|h| has(h)).count();
        let score = found as f64 / l.signature.len().max(1) as f64;
        let has_role = |r: Role| {
            l.columns
                .iter()
                .any(|(p, role)| *role == r && has(Layout::top(p)))
        };
        let usable = has_role(Role::Order)
            && (has_role(Role::OrderAmount) || has_role(Role::LineAmount) || l.refunds_only);
        if score >= 0.6 && usable && best.is_none_or(|(_, s)| score > s) {
            best = Some((l, score));
        }
    }
    best
}

/// A layout by its id.
pub fn layout_by_id(id: &str) -> Option<&'static Layout> {
    LAYOUTS.iter().find(|l| l.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_layout_recognises_its_own_signature_and_only_it() {
        for l in LAYOUTS {
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

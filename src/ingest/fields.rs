//! Column recognition: the kinds of file and the fields LiveLens reads, which header means which
//! field (English and Chinese synonyms), and the mapping of a file's columns to fields. Which
//! kind of file a table is: [`super::detect_kind`].

use serde::{Deserialize, Serialize};

/// The kinds of export LiveLens reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Events,
    Orders,
    Items,
    Users,
    Sessions,
}

impl FileKind {
    pub const ALL: [FileKind; 5] = [
        FileKind::Events,
        FileKind::Orders,
        FileKind::Items,
        FileKind::Users,
        FileKind::Sessions,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FileKind::Events => "events",
            FileKind::Orders => "orders",
            FileKind::Items => "items",
            FileKind::Users => "users",
            FileKind::Sessions => "sessions",
        }
    }

    pub fn from_key(s: &str) -> Option<FileKind> {
        FileKind::ALL.iter().copied().find(|k| k.key() == s)
    }

    /// Fields a file of this kind must have.
    pub fn required(self) -> &'static [Field] {
        match self {
            FileKind::Events => &[Field::User, Field::Time, Field::Event],
            FileKind::Orders => &[Field::User, Field::Time, Field::Amount],
            FileKind::Items => &[Field::Item],
            FileKind::Users => &[Field::User],
            FileKind::Sessions => &[Field::Session],
        }
    }

    /// Fields a file of this kind may map.
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            FileKind::Events => &[
                User, Time, Event, Session, Item, Order, Amount, Text, Source, Follower, ListPrice,
                Discount, Quantity, Coupon, Platform,
            ],
            FileKind::Orders => &[
                User,
                Time,
                Amount,
                Order,
                Item,
                Session,
                Status,
                RefundTime,
                RefundAmount,
                Title,
                ListPrice,
                Discount,
                Quantity,
                Coupon,
                Platform,
            ],
            FileKind::Items => &[Item, Title, Category, Tags, Price],
            FileKind::Users => &[User],
            FileKind::Sessions => &[Session, Host, Title, Start, End, AdSpend],
        }
    }
}

/// A field LiveLens understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    User,
    Time,
    Event,
    Session,
    Item,
    Order,
    Amount,
    Status,
    RefundTime,
    RefundAmount,
    Title,
    Category,
    Tags,
    Price,
    Host,
    Start,
    End,
    AdSpend,
    Text,
    Source,
    Follower,
    ListPrice,
    Discount,
    Quantity,
    Coupon,
    /// The platform of the row (`抖音`, `TikTok`, …), normalised as [`super::platform`] says.
    Platform,
}

impl Field {
    pub const ALL: [Field; 26] = [
        Field::User,
        Field::Time,
        Field::Event,
        Field::Session,
        Field::Item,
        Field::Order,
        Field::Amount,
        Field::Status,
        Field::RefundTime,
        Field::RefundAmount,
        Field::Title,
        Field::Category,
        Field::Tags,
        Field::Price,
        Field::Host,
        Field::Start,
        Field::End,
        Field::AdSpend,
        Field::Text,
        Field::Source,
        Field::Follower,
        Field::ListPrice,
        Field::Discount,
        Field::Quantity,
        Field::Coupon,
        Field::Platform,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Field::User => "user",
            Field::Time => "time",
            Field::Event => "event",
            Field::Session => "session",
            Field::Item => "item",
            Field::Order => "order",
            Field::Amount => "amount",
            Field::Status => "status",
            Field::RefundTime => "refund_time",
            Field::RefundAmount => "refund_amount",
            Field::Title => "title",
            Field::Category => "category",
            Field::Tags => "tags",
            Field::Price => "price",
            Field::Host => "host",
            Field::Start => "start",
            Field::End => "end",
            Field::AdSpend => "ad_spend",
            Field::Text => "text",
            Field::Source => "source",
            Field::Follower => "is_follower",
            Field::ListPrice => "list_price",
            Field::Discount => "discount",
            Field::Quantity => "quantity",
            Field::Coupon => "coupon_id",
            Field::Platform => "platform",
        }
    }

    pub fn from_key(s: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.key() == s)
    }

    /// Header names (normalised with [`normalize_header`]) that mean this field, the better
    /// first: when several columns name one field, the column of the earliest synonym wins
    /// (`event` before a device `type`, `实付金额` before `金额`).
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::User => &[
                "userid",
                "uid",
                "buyerid",
                "customerid",
                "viewerid",
                "memberid",
                "openid",
                "unionid",
                "fanid",
                "用户id",
                "用户uid",
                "买家id",
                "观众id",
                "粉丝id",
                "会员id",
                "客户id",
                "用户编号",
                "user",
                "buyer",
                "customer",
                "viewer",
                "用户",
                "买家",
                "观众",
                "客户",
            ],
            Field::Time => &[
                "timestamp",
                "time",
                "ts",
                "datetime",
                "eventtime",
                "eventtimestamp",
                "occurredat",
                "paidat",
                "paytime",
                "paymenttime",
                "支付时间",
                "付款时间",
                "成交时间",
                "时间",
                "发生时间",
                "事件时间",
                "行为时间",
                "时间戳",
                "date",
                "日期",
                "createdat",
                "createtime",
                "created",
                "ordertime",
                "下单时间",
                "创建时间",
                "订单时间",
            ],
            Field::Event => &[
                "event",
                "eventtype",
                "eventname",
                "行为",
                "行为类型",
                "事件",
                "事件类型",
                "事件名称",
                "action",
                "actiontype",
                "behavior",
                "behaviour",
                "behaviortype",
                "动作",
                "type",
                "类型",
            ],
            Field::Session => &[
                "sessionid",
                "session",
                "liveid",
                "live",
                "livesessionid",
                "roomid",
                "streamid",
                "stream",
                "broadcastid",
                "showid",
                "直播场次",
                "场次",
                "场次id",
                "直播id",
                "直播间id",
                "直播场次id",
                "场次编号",
            ],
            Field::Item => &[
                "itemid",
                "productid",
                "skuid",
                "goodsid",
                "courseid",
                "商品id",
                "商品编号",
                "课程id",
                "产品id",
                "货品id",
                "sku",
                "item",
                "product",
                "goods",
                "商品",
            ],
            Field::Order => &[
                "orderid",
                "orderno",
                "ordernumber",
                "主订单编号",
                "订单号",
                "订单id",
                "订单编号",
                "子订单编号",
                "transactionid",
                "tradeid",
                "order",
            ],
            Field::Amount => &[
                "paidamount",
                "实付金额",
                "实付款",
                "实付",
                "payamount",
                "paymentamount",
                "支付金额",
                "付款金额",
                "实收金额",
                "成交金额",
                "amount",
                "金额",
                "orderamount",
                "订单金额",
                "totalamount",
                "total",
                "gmv",
                "revenue",
                "value",
            ],
            Field::Status => &[
                "status",
                "orderstatus",
                "state",
                "状态",
                "订单状态",
                "支付状态",
            ],
            Field::RefundTime => &["refundedat", "refundtime", "refunddate", "退款时间"],
            Field::RefundAmount => &["refundamount", "refunded", "退款金额"],
            Field::Title => &[
                "productname",
                "itemname",
                "goodsname",
                "coursename",
                "商品名称",
                "商品标题",
                "课程名称",
                "产品名称",
                "title",
                "sessiontitle",
                "标题",
                "直播标题",
                "name",
                "名称",
            ],
            Field::Category => &[
                "category",
                "cat",
                "categoryname",
                "类目",
                "分类",
                "品类",
                "商品类目",
                "课程分类",
            ],
            Field::Tags => &["tags", "tag", "labels", "keywords", "标签", "关键词"],
            Field::Price => &[
                "unitprice",
                "price",
                "saleprice",
                "单价",
                "价格",
                "售价",
                "定价",
            ],
            Field::Host => &[
                "host",
                "anchor",
                "streamer",
                "presenter",
                "hostname",
                "teacher",
                "主播",
                "主播名称",
                "主播昵称",
                "讲师",
                "老师",
                "达人",
            ],
            Field::Start => &[
                "start",
                "starttime",
                "startedat",
                "startat",
                "begin",
                "begintime",
                "开始时间",
                "开播时间",
                "开始",
            ],
            Field::End => &[
                "end",
                "endtime",
                "endedat",
                "endat",
                "finish",
                "finishtime",
                "结束时间",
                "下播时间",
                "结束",
            ],
            Field::Quantity => &[
                "quantity",
                "qty",
                "units",
                "itemcount",
                "数量",
                "购买数量",
                "商品数量",
                "件数",
            ],
            Field::AdSpend => &[
                "adspend",
                "spend",
                "cost",
                "adcost",
                "adspent",
                "marketingcost",
                "投放金额",
                "广告花费",
                "投放消耗",
                "消耗",
                "推广费用",
                "投流金额",
                "广告费",
            ],
            Field::Text => &[
                "text",
                "content",
                "comment",
                "commenttext",
                "message",
                "danmaku",
                "评论内容",
                "弹幕内容",
                "内容",
                "评论",
                "弹幕",
            ],
            Field::Source => &[
                "source",
                "channel",
                "trafficsource",
                "trafficchannel",
                "entrysource",
                "流量来源",
                "来源",
                "渠道",
                "流量渠道",
                "进入来源",
            ],
            Field::Follower => &[
                "isfollower",
                "follower",
                "isfan",
                "是否粉丝",
                "粉丝",
                "是否关注",
            ],
            Field::ListPrice => &["listprice", "originalprice", "原价", "划线价"],
            Field::Discount => &["discount", "discountamount", "优惠金额", "优惠", "折扣金额"],
            Field::Coupon => &["couponid", "coupon", "couponcode", "优惠券", "优惠券id"],
            Field::Platform => &[
                "platform",
                "平台",
                "sourceplatform",
                "channelplatform",
                "liveplatform",
                "salesplatform",
                "platformname",
                "渠道平台",
                "直播平台",
                "销售平台",
                "电商平台",
                "平台名称",
                "所属平台",
            ],
        }
    }
}

/// Normalises a header for matching: trimmed, lower case, without spaces, `_`, `-`, `.`, and
/// brackets with a unit such as `金额(元)` or `amount (CNY)`.
pub fn normalize_header(h: &str) -> String {
    let h = h.trim().trim_start_matches('\u{feff}');
    // Drop a trailing bracketed unit: "金额(元)", "amount [CNY]", "金额（元）".
    let mut base = h;
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']')] {
        if base.ends_with(close) {
            if let Some(p) = base.rfind(open) {
                if p > 0 {
                    base = &base[..p];
                }
            }
        }
    }
    base.chars()
        .filter(|c| {
            !matches!(c, ' ' | '_' | '-' | '.' | '\t' | '\u{3000}')
                && !super::table::ZERO_WIDTH.contains(c)
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which field a header names, if any.
pub fn field_of_header(h: &str) -> Option<Field> {
    ranked_field_of_header(h).map(|(f, _)| f)
}

/// Which field a header names and the rank of its synonym (0 = the best name of the field).
fn ranked_field_of_header(h: &str) -> Option<(Field, usize)> {
    // No synonym is anywhere near this long; a broken file can have a megabyte header.
    if h.len() > 200 {
        return None;
    }
    let n = normalize_header(h);
    if n.is_empty() {
        return None;
    }
    Field::ALL.iter().copied().find_map(|f| {
        f.synonyms()
            .iter()
            .position(|s| *s == n.as_str())
            .map(|r| (f, r))
    })
}

/// Whether a header names a product (its name or title), not a person or a generic "name": an
/// orders file's product name stands for the product only under such a header.
pub fn names_a_product(h: &str) -> bool {
    const PRODUCT: &[&str] = &[
        "productname",
        "itemname",
        "goodsname",
        "coursename",
        "商品名称",
        "商品标题",
        "课程名称",
        "产品名称",
        "title",
        "标题",
    ];
    PRODUCT.contains(&normalize_header(h).as_str())
}

/// Maps headers to fields for a file kind. Each field takes the header whose synonym ranks
/// best (see [`Field::synonyms`]; the first such column on a tie). Fields that the kind does
/// not use are not mapped. `overrides` (field → header) win; an override naming a header that
/// is not there is reported by the caller. In an orders file without an amount column, the
/// unit price is the amount (times the quantity, when there is one).
pub fn map_columns(
    headers: &[String],
    kind: FileKind,
    overrides: &[(Field, Option<String>)],
) -> Vec<Option<Field>> {
    let allowed = kind.fields();
    let mut out: Vec<Option<Field>> = vec![None; headers.len()];
    let overridden: Vec<Field> = overrides.iter().map(|(f, _)| *f).collect();
    for (f, h) in overrides {
        if let Some(h) = h {
            if let Some(i) = headers.iter().position(|x| x.trim() == h.trim()) {
                // The column now means `f`; it can no longer mean something else.
                if let Some(o) = out.get_mut(i) {
                    *o = Some(*f);
                }
            }
        }
    }
    let ranked: Vec<Option<(Field, usize)>> =
        headers.iter().map(|h| ranked_field_of_header(h)).collect();
    let take_best = |out: &mut Vec<Option<Field>>, named: Field, as_field: Field| {
        if overridden.contains(&as_field) || out.contains(&Some(as_field)) {
            return;
        }
        let best = ranked
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                out.get(*i).is_some_and(Option::is_none) && r.is_some_and(|(f, _)| f == named)
            })
            .min_by_key(|(i, r)| (r.map_or(usize::MAX, |(_, rank)| rank), *i))
            .map(|(i, _)| i);
        if let Some(o) = best.and_then(|i| out.get_mut(i)) {
            *o = Some(as_field);
        }
    };
    for &f in allowed {
        take_best(&mut out, f, f);
    }
    if kind == FileKind::Orders {
        // A unit price is the amount only when no column holds the amount paid.
        take_best(&mut out, Field::Price, Field::Amount);
    }
    if kind == FileKind::Items {
        // An items file's list price is its price when it has no other price column.
        take_best(&mut out, Field::ListPrice, Field::Price);
    }
    // Time columns of orders and sessions often have other names: an orders file's "paid at"
    // is its time; a sessions file's "start" may be called "time"/"date".
    if kind == FileKind::Sessions && !out.contains(&Some(Field::Start)) {
        if let Some(i) = headers
            .iter()
            .position(|h| field_of_header(h) == Some(Field::Time))
        {
            if let Some(o @ None) = out.get_mut(i) {
                *o = Some(Field::Start);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn english_and_chinese_synonyms() {
        assert_eq!(field_of_header("User ID"), Some(Field::User));
        assert_eq!(field_of_header("用户ID"), Some(Field::User));
        assert_eq!(field_of_header("用户id"), Some(Field::User));
        assert_eq!(field_of_header("行为类型"), Some(Field::Event));
        assert_eq!(field_of_header("事件"), Some(Field::Event));
        assert_eq!(field_of_header("时间"), Some(Field::Time));
        assert_eq!(field_of_header("发生时间"), Some(Field::Time));
        assert_eq!(field_of_header("直播场次"), Some(Field::Session));
        assert_eq!(field_of_header("场次"), Some(Field::Session));
        assert_eq!(field_of_header("商品ID"), Some(Field::Item));
        assert_eq!(field_of_header("金额"), Some(Field::Amount));
        assert_eq!(field_of_header("实付金额(元)"), Some(Field::Amount));
        assert_eq!(field_of_header("订单号"), Some(Field::Order));
        assert_eq!(field_of_header(" event_time "), Some(Field::Time));
        assert_eq!(field_of_header("\u{feff}user_id"), Some(Field::User));
        assert_eq!(field_of_header("favourite colour"), None);
        assert_eq!(field_of_header("评论内容"), Some(Field::Text));
        assert_eq!(field_of_header("流量来源"), Some(Field::Source));
        assert_eq!(field_of_header("是否粉丝"), Some(Field::Follower));
        assert_eq!(field_of_header("原价"), Some(Field::ListPrice));
        assert_eq!(field_of_header("优惠金额(元)"), Some(Field::Discount));
        assert_eq!(field_of_header("数量"), Some(Field::Quantity));
        assert_eq!(field_of_header("coupon_id"), Some(Field::Coupon));
        assert_eq!(field_of_header("Platform"), Some(Field::Platform));
        assert_eq!(field_of_header("平台"), Some(Field::Platform));
        assert_eq!(field_of_header("渠道平台"), Some(Field::Platform));
        assert_eq!(field_of_header("source_platform"), Some(Field::Platform));
        // A traffic channel stays a traffic source.
        assert_eq!(field_of_header("渠道"), Some(Field::Source));
    }

    #[test]
    fn mapping_respects_overrides_and_kind() {
        let h = hs(&["uid", "when", "what", "price"]);
        let m = map_columns(
            &h,
            FileKind::Events,
            &[
                (Field::Time, Some("when".into())),
                (Field::Event, Some("what".into())),
            ],
        );
        assert_eq!(
            m,
            vec![
                Some(Field::User),
                Some(Field::Time),
                Some(Field::Event),
                None
            ]
        );
        let m = map_columns(&hs(&["user", "time", "price"]), FileKind::Orders, &[]);
        assert_eq!(m[2], Some(Field::Amount));
        // A unit price is never the amount when a paid amount is there, whatever the order.
        let m = map_columns(
            &hs(&["user", "time", "unit_price", "实付金额"]),
            FileKind::Orders,
            &[],
        );
        assert_eq!(m[2], None);
        assert_eq!(m[3], Some(Field::Amount));
        let m = map_columns(
            &hs(&["用户ID", "支付时间", "单价", "实付金额"]),
            FileKind::Orders,
            &[],
        );
        assert_eq!((m[2], m[3]), (None, Some(Field::Amount)));
        // The better synonym wins: a paid amount over an order amount, `event` over a device
        // `type`, a product id over a product name.
        let m = map_columns(
            &hs(&["user", "time", "订单金额", "实付金额"]),
            FileKind::Orders,
            &[],
        );
        assert_eq!((m[2], m[3]), (None, Some(Field::Amount)));
        let m = map_columns(
            &hs(&["user", "type", "time", "event"]),
            FileKind::Events,
            &[],
        );
        assert_eq!((m[1], m[3]), (None, Some(Field::Event)));
        let m = map_columns(&hs(&["user", "type", "time"]), FileKind::Events, &[]);
        assert_eq!(m[1], Some(Field::Event));
        let m = map_columns(
            &hs(&["product", "user", "time", "product_id"]),
            FileKind::Events,
            &[],
        );
        assert_eq!((m[0], m[3]), (None, Some(Field::Item)));
        let m = map_columns(
            &hs(&["user", "time", "单价", "数量"]),
            FileKind::Orders,
            &[],
        );
        assert_eq!((m[2], m[3]), (Some(Field::Amount), Some(Field::Quantity)));
        // A generic or a person's name is no product name.
        assert!(names_a_product("商品名称") && names_a_product("product_name"));
        assert!(!names_a_product("name") && !names_a_product("名称"));
        assert!(!names_a_product("buyer_name") && !names_a_product("买家昵称"));
        // An items file's list price is its price.
        let m = map_columns(&hs(&["item_id", "原价"]), FileKind::Items, &[]);
        assert_eq!(m[1], Some(Field::Price));
        // An override to "none" unmaps a recognised column.
        let m = map_columns(
            &hs(&["user", "time"]),
            FileKind::Events,
            &[(Field::Time, None)],
        );
        assert_eq!(m, vec![Some(Field::User), None]);
    }
}

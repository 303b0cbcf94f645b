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
            FileKind::Events => &[User, Time, Event, Session, Item, Order, Amount],
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
}

impl Field {
    pub const ALL: [Field; 18] = [
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
        }
    }

    pub fn from_key(s: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.key() == s)
    }

    /// Header names (normalised with [`normalize_header`]) that mean this field.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::User => &[
                "userid",
                "user",
                "uid",
                "customerid",
                "customer",
                "buyerid",
                "buyer",
                "viewerid",
                "viewer",
                "memberid",
                "openid",
                "unionid",
                "fanid",
                "用户id",
                "用户",
                "用户编号",
                "买家id",
                "买家",
                "观众id",
                "观众",
                "粉丝id",
                "会员id",
                "客户id",
                "客户",
                "用户uid",
            ],
            Field::Time => &[
                "timestamp",
                "time",
                "ts",
                "datetime",
                "eventtime",
                "eventtimestamp",
                "date",
                "createdat",
                "createtime",
                "created",
                "occurredat",
                "paidat",
                "paytime",
                "paymenttime",
                "ordertime",
                "时间",
                "发生时间",
                "事件时间",
                "行为时间",
                "日期",
                "时间戳",
                "支付时间",
                "付款时间",
                "成交时间",
                "下单时间",
                "创建时间",
                "订单时间",
            ],
            Field::Event => &[
                "event",
                "eventtype",
                "eventname",
                "action",
                "actiontype",
                "behavior",
                "behaviour",
                "behaviortype",
                "type",
                "行为",
                "行为类型",
                "事件",
                "事件类型",
                "事件名称",
                "动作",
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
                "item",
                "productid",
                "product",
                "sku",
                "skuid",
                "goodsid",
                "goods",
                "courseid",
                "商品id",
                "商品",
                "商品编号",
                "课程id",
                "产品id",
                "货品id",
            ],
            Field::Order => &[
                "orderid",
                "order",
                "orderno",
                "ordernumber",
                "transactionid",
                "tradeid",
                "订单号",
                "订单id",
                "订单编号",
                "主订单编号",
                "子订单编号",
            ],
            Field::Amount => &[
                "amount",
                "value",
                "revenue",
                "gmv",
                "total",
                "totalamount",
                "payamount",
                "paidamount",
                "paymentamount",
                "orderamount",
                "金额",
                "实付金额",
                "支付金额",
                "订单金额",
                "成交金额",
                "实付款",
                "付款金额",
                "实收金额",
                "实付",
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
                "title",
                "name",
                "productname",
                "itemname",
                "goodsname",
                "coursename",
                "sessiontitle",
                "标题",
                "名称",
                "商品名称",
                "商品标题",
                "课程名称",
                "直播标题",
                "产品名称",
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
                "price",
                "listprice",
                "unitprice",
                "saleprice",
                "价格",
                "售价",
                "定价",
                "单价",
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
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.' | '\t' | '\u{3000}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which field a header names, if any.
pub fn field_of_header(h: &str) -> Option<Field> {
    // No synonym is anywhere near this long; a broken file can have a megabyte header.
    if h.len() > 200 {
        return None;
    }
    let n = normalize_header(h);
    if n.is_empty() {
        return None;
    }
    Field::ALL
        .iter()
        .copied()
        .find(|f| f.synonyms().contains(&n.as_str()))
}

/// Maps headers to fields for a file kind. Each field takes the first header that names it.
/// Fields that the kind does not use are not mapped. `overrides` (field → header) win; an
/// override naming a header that is not there is reported by the caller.
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
    for (i, h) in headers.iter().enumerate() {
        if out.get(i).is_some_and(Option::is_some) {
            continue;
        }
        if let Some(f) = field_of_header(h) {
            let f = match (kind, f) {
                // In an orders file a "price" column is what was paid when there is no amount.
                (FileKind::Orders, Field::Price) => Field::Amount,
                // A product name identifies the product when there is no id.
                _ => f,
            };
            if allowed.contains(&f) && !overridden.contains(&f) && !out.contains(&Some(f)) {
                if let Some(o) = out.get_mut(i) {
                    *o = Some(f);
                }
            }
        }
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
        // An override to "none" unmaps a recognised column.
        let m = map_columns(
            &hs(&["user", "time"]),
            FileKind::Events,
            &[(Field::Time, None)],
        );
        assert_eq!(m, vec![Some(Field::User), None]);
    }
}

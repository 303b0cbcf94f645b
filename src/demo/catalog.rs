//! The fixed parts of the demo world: product catalogue, categories, hosts and the audience
//! segments' behaviour parameters. Everything random lives in the
//! stages (`plan.rs`, `visit.rs`, `write.rs`).

/// Product type; the index into a segment's `type_weights`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemType {
    Ebook = 0,
    Course = 1,
    Coaching = 2,
}

impl ItemType {
    pub(crate) fn tag(self) -> &'static str {
        match self {
            ItemType::Ebook => "电子书",
            ItemType::Course => "课程",
            ItemType::Coaching => "陪跑",
        }
    }
}

/// The six categories; an item's `cat` is an index into this.
pub(crate) const CATEGORIES: [&str; 6] = ["编程", "设计", "职场", "理财", "外语", "摄影"];

/// Relative popularity of the categories when drawing a user's preferences.
pub(crate) const CATEGORY_POPULARITY: [f64; 6] = [1.3, 0.9, 1.2, 1.1, 0.9, 0.6];

/// One product of the catalogue. Prices are in fen (CNY cents).
pub(crate) struct Item {
    pub title: &'static str,
    pub cat: usize,
    pub kind: ItemType,
    /// Topical tags (the product-type tag is added when writing).
    pub tags: &'static str,
    pub price_cents: u32,
}

const fn it(
    title: &'static str,
    cat: usize,
    kind: ItemType,
    tags: &'static str,
    price_cents: u32,
) -> Item {
    Item {
        title,
        cat,
        kind,
        tags,
        price_cents,
    }
}

use ItemType::{Coaching as K, Course as C, Ebook as E};

/// The catalogue: `ITEMS[i]` has id `p{i+1:02}`.
pub(crate) const ITEMS: [Item; 40] = [
    // 编程
    it("Python 数据分析实战课", 0, C, "Python|数据分析", 49_900),
    it("零基础学 Python 电子书", 0, E, "Python|入门", 2_990),
    it("Excel + SQL 职场数据技能课", 0, C, "SQL|Excel", 29_900),
    it("前端开发 30 天训练营", 0, C, "前端|JavaScript", 69_900),
    it("AI 编程助手高效开发指南", 0, E, "AI|效率", 3_900),
    it("机器学习入门到实战", 0, C, "机器学习|AI", 89_900),
    it("程序员转型一对一陪跑", 0, K, "转行|一对一", 499_900),
    // 设计
    it("Figma UI 设计入门课", 1, C, "Figma|UI", 39_900),
    it("配色原理速查手册", 1, E, "配色|入门", 1_990),
    it("品牌视觉设计进阶课", 1, C, "品牌|视觉", 79_900),
    it("Midjourney AI 绘画实战", 1, C, "AI|绘画", 29_900),
    it("PS 修图技巧 100 例", 1, E, "Photoshop|修图", 2_490),
    it("作品集打磨陪跑营", 1, K, "作品集|求职", 299_900),
    it("插画商业接单课", 1, C, "插画|副业", 59_900),
    // 职场
    it("高效 PPT 汇报课", 2, C, "PPT|汇报", 19_900),
    it("职场沟通 36 计", 2, E, "沟通|管理", 1_990),
    it("新手管理者必修课", 2, C, "管理|领导力", 59_900),
    it("简历与面试通关课", 2, C, "求职|面试", 14_900),
    it("时间管理与 OKR 实践", 2, E, "OKR|效率", 2_900),
    it("职业规划一对一陪跑", 2, K, "职业规划|一对一", 399_900),
    it("副业变现 21 天训练营", 2, C, "副业|变现", 39_900),
    // 理财
    it("基金定投入门课", 3, C, "基金|定投", 19_900),
    it("理财小白第一本书", 3, E, "入门|储蓄", 990),
    it("家庭资产配置实战", 3, C, "资产配置|保险", 69_900),
    it("看懂财报 20 讲", 3, C, "财报|股票", 39_900),
    it("指数基金投资指南", 3, E, "指数基金|长期投资", 3_600),
    it("个人财务规划陪跑", 3, K, "财务规划|一对一", 599_900),
    it("ETF 轮动策略课", 3, C, "ETF|策略", 99_900),
    // 外语
    it("30 天英语口语打卡", 4, C, "英语|口语", 29_900),
    it("雅思 7 分写作模板", 4, E, "雅思|写作", 4_900),
    it("商务英语邮件速成", 4, C, "英语|商务", 19_900),
    it("日语 N2 备考全程班", 4, C, "日语|考试", 89_900),
    it("英语口语私教陪跑", 4, K, "口语|一对一", 199_900),
    it("看美剧学英语电子书", 4, E, "英语|美剧", 1_990),
    // 摄影
    it("手机摄影 21 讲", 5, C, "手机摄影|构图", 9_900),
    it("Lightroom 调色实战", 5, C, "Lightroom|调色", 39_900),
    it("人像摄影用光手册", 5, E, "人像|用光", 2_990),
    it("短视频拍摄剪辑课", 5, C, "短视频|剪辑", 59_900),
    it("Vlog 脚本模板合集", 5, E, "Vlog|脚本", 1_500),
    it("摄影作品集一对一陪跑", 5, K, "作品集|一对一", 699_900),
];

/// A host: name, the two categories they pitch most, and the planted conversion factor (the
/// weight of their sessions when a user's purchases are placed among the sessions they attend).
pub(crate) struct Host {
    pub name: &'static str,
    pub cats: [usize; 2],
    pub conversion_weight: f64,
}

pub(crate) const HOSTS: [Host; 3] = [
    Host {
        name: "林老师",
        cats: [0, 2],
        conversion_weight: 1.9,
    },
    Host {
        name: "陈老师",
        cats: [3, 4],
        conversion_weight: 1.0,
    },
    Host {
        name: "王老师",
        cats: [1, 5],
        conversion_weight: 1.0,
    },
];

/// Behaviour of one audience segment. Rates "per hour" are per hour of watch time.
pub(crate) struct Segment {
    pub name: &'static str,
    /// Share of the audience.
    pub share: f64,
    /// Number of sessions attended (inclusive range).
    pub visits: (u32, u32),
    /// The first session is drawn from the first `arrival_span` fraction of the sessions that
    /// still leave room for `visits.0` sessions.
    pub arrival_span: f64,
    /// Watch time per session as a fraction of the session's length (inclusive range).
    pub watch_frac: (f64, f64),
    /// For drive-by only: watch seconds per session (overrides `watch_frac` when `Some`).
    pub watch_secs: Option<(u32, u32)>,
    /// Probability that a session's watch time is split into two visits (leave, re-enter).
    pub reenter: f64,
    pub comments_per_hour: f64,
    pub likes_per_hour: f64,
    /// Per-session probabilities.
    pub share_p: f64,
    pub follow_p: f64,
    pub gift_p: f64,
    /// Probability of clicking a pitched product card seen (preferred category; others ×0.25).
    pub click_p: f64,
    /// Shop-window browsing (product_view + click outside pitches) per hour.
    pub browse_per_hour: f64,
    /// Probability that an unplanned click leads to an order that is never paid.
    pub abandon_p: f64,
    /// Paid purchases over the whole period (inclusive range).
    pub buys: (u32, u32),
    /// Relative preference for e-books, courses, coaching when buying.
    pub type_weights: [f64; 3],
    /// Probability that a paid order is refunded later.
    pub refund_p: f64,
}

pub(crate) const SEGMENTS: [Segment; 5] = [
    Segment {
        name: "superfans",
        share: 0.05,
        visits: (12, 20),
        arrival_span: 0.3,
        watch_frac: (0.65, 0.95),
        watch_secs: None,
        reenter: 0.15,
        comments_per_hour: 12.0,
        likes_per_hour: 8.0,
        share_p: 0.3,
        follow_p: 0.6,
        gift_p: 0.3,
        click_p: 0.2,
        browse_per_hour: 0.5,
        abandon_p: 0.3,
        buys: (4, 8),
        type_weights: [0.6, 3.0, 2.0],
        refund_p: 0.03,
    },
    Segment {
        name: "learners",
        share: 0.16,
        visits: (3, 6),
        arrival_span: 0.8,
        watch_frac: (0.45, 0.8),
        watch_secs: None,
        reenter: 0.15,
        comments_per_hour: 2.5,
        likes_per_hour: 1.0,
        share_p: 0.05,
        follow_p: 0.2,
        gift_p: 0.03,
        click_p: 0.12,
        browse_per_hour: 0.2,
        abandon_p: 0.35,
        buys: (1, 3),
        type_weights: [0.2, 5.0, 0.1],
        refund_p: 0.05,
    },
    Segment {
        name: "lurkers",
        share: 0.22,
        visits: (3, 6),
        arrival_span: 0.8,
        watch_frac: (0.45, 0.8),
        watch_secs: None,
        reenter: 0.15,
        comments_per_hour: 0.3,
        likes_per_hour: 0.3,
        share_p: 0.01,
        follow_p: 0.05,
        gift_p: 0.0,
        click_p: 0.15,
        browse_per_hour: 0.3,
        abandon_p: 0.04,
        buys: (0, 0),
        type_weights: [1.0, 1.0, 0.0],
        refund_p: 0.0,
    },
    Segment {
        name: "drive-by",
        share: 0.44,
        visits: (1, 1),
        arrival_span: 1.0,
        watch_frac: (0.0, 0.0),
        watch_secs: Some((20, 240)),
        reenter: 0.03,
        comments_per_hour: 0.3,
        likes_per_hour: 2.0,
        share_p: 0.01,
        follow_p: 0.01,
        gift_p: 0.0,
        click_p: 0.01,
        browse_per_hour: 0.0,
        abandon_p: 0.0,
        buys: (0, 0),
        type_weights: [1.0, 1.0, 0.0],
        refund_p: 0.0,
    },
    Segment {
        name: "bargain hunters",
        share: 0.13,
        visits: (3, 7),
        arrival_span: 0.8,
        watch_frac: (0.2, 0.4),
        watch_secs: None,
        reenter: 0.3,
        comments_per_hour: 0.4,
        likes_per_hour: 0.5,
        share_p: 0.1,
        follow_p: 0.05,
        gift_p: 0.01,
        click_p: 0.6,
        browse_per_hour: 5.5,
        abandon_p: 0.2,
        buys: (2, 5),
        type_weights: [1.0, 0.0, 0.0],
        refund_p: 0.08,
    },
];

pub(crate) const AGE_BANDS: [&str; 4] = ["18-24", "25-30", "31-40", "41+"];
pub(crate) const GENDERS: [&str; 2] = ["男", "女"];
pub(crate) const CITY_TIERS: [&str; 4] = ["一线", "新一线", "二线", "三线及以下"];
pub(crate) const CHANNELS: [&str; 5] = ["推荐feed", "关注", "搜索", "分享", "广告"];

/// Channel weights per segment (same order as [`CHANNELS`]).
pub(crate) const CHANNEL_WEIGHTS: [[f64; 5]; 5] = [
    [0.15, 0.6, 0.1, 0.1, 0.05],
    [0.35, 0.2, 0.25, 0.1, 0.1],
    [0.5, 0.15, 0.1, 0.1, 0.15],
    [0.6, 0.02, 0.05, 0.08, 0.25],
    [0.4, 0.1, 0.2, 0.15, 0.15],
];

/// Age-band weights per segment (same order as [`AGE_BANDS`]).
pub(crate) const AGE_WEIGHTS: [[f64; 4]; 5] = [
    [0.1, 0.35, 0.4, 0.15],
    [0.25, 0.4, 0.25, 0.1],
    [0.3, 0.3, 0.25, 0.15],
    [0.35, 0.3, 0.2, 0.15],
    [0.4, 0.3, 0.2, 0.1],
];

//! The one table of labels, in English and Chinese: canonical events, report sections, chart
//! texts and recommendation models. The chart builders read it; the page gets it through the
//! wasm function `labels(lang)` as a [`LabelTable`], so no label is written twice.
//!
//! Templates hold `{name}` placeholders filled with [`super::fill`].

use super::Lang;
use crate::cluster::CLUSTER_WORD;
use crate::comments::{Intent, ObjectionTheme};
use crate::model::EventKind;
use crate::recommend::ModelKind;
use serde::Serialize;

/// The label of a canonical event (`Unknown` included).
pub fn event_label(kind: EventKind, lang: Lang) -> &'static str {
    let (en, zh) = match kind {
        EventKind::Impression => ("impression", "曝光"),
        EventKind::Enter => ("enter", "进入直播间"),
        EventKind::Leave => ("leave", "离开"),
        EventKind::ProductView => ("product view", "商品曝光"),
        EventKind::Click => ("product click", "商品点击"),
        EventKind::AddCart => ("add to cart", "加购"),
        EventKind::Order => ("order", "下单"),
        EventKind::Pay => ("pay", "支付"),
        EventKind::Refund => ("refund", "退款"),
        EventKind::Comment => ("comment", "评论"),
        EventKind::Like => ("like", "点赞"),
        EventKind::Share => ("share", "分享"),
        EventKind::Follow => ("follow", "关注"),
        EventKind::Gift => ("gift", "打赏"),
        EventKind::LotteryJoin => ("lucky bag joined", "参与福袋"),
        EventKind::LotteryWin => ("lucky bag won", "福袋中奖"),
        EventKind::PollVote => ("poll vote", "投票"),
        EventKind::Question => ("question", "提问"),
        EventKind::Answer => ("answer", "回答"),
        EventKind::CouponClaim => ("coupon claimed", "领券"),
        EventKind::CouponUse => ("coupon used", "用券"),
        EventKind::FanClubJoin => ("fan club joined", "加入粉丝团"),
        EventKind::Points => ("points", "积分"),
        EventKind::Unknown => ("unknown", "未识别"),
    };
    lang.pick(en, zh)
}

/// The label of an event key as reports write it (`"product_view"`, `"unknown"`); a key that
/// is not an event is shown as it is.
pub fn event_key_label(key: &str, lang: Lang) -> String {
    if key == EventKind::Unknown.key() {
        return event_label(EventKind::Unknown, lang).to_owned();
    }
    EventKind::from_key(key).map_or_else(|| key.to_owned(), |k| event_label(k, lang).to_owned())
}

/// The name of a comment intent (metrics.md, "Comments: intent and sentiment").
pub fn intent_label(intent: Intent, lang: Lang) -> &'static str {
    let (en, zh) = match intent {
        Intent::Question => ("Question", "提问"),
        Intent::Purchase => ("Purchase", "下单"),
        Intent::Objection => ("Objection", "异议"),
        Intent::Praise => ("Praise", "称赞"),
        Intent::Complaint => ("Complaint", "投诉"),
        Intent::Greeting => ("Greeting", "打招呼"),
        Intent::Other => ("Other", "其他"),
    };
    lang.pick(en, zh)
}

/// The name of an objection theme.
pub fn theme_label(theme: ObjectionTheme, lang: Lang) -> &'static str {
    let (en, zh) = match theme {
        ObjectionTheme::Price => ("Price", "价格"),
        ObjectionTheme::Trust => ("Trust", "信任"),
        ObjectionTheme::Time => ("Time", "没时间"),
        ObjectionTheme::FreeAlternative => ("Free alternatives", "免费替代"),
        ObjectionTheme::Refund => ("Refunds", "退款"),
        ObjectionTheme::Other => ("Other reasons", "其他原因"),
    };
    lang.pick(en, zh)
}

/// The label of a canonical traffic source key (`feed`, `paid`, …; `unknown`); other keys as
/// they are.
pub fn source_label(key: &str, lang: Lang) -> String {
    let t = match key {
        "feed" => ChartText::SourceFeed,
        "follow" => ChartText::SourceFollow,
        "search" => ChartText::SourceSearch,
        "paid" => ChartText::SourcePaid,
        "share" => ChartText::SourceShare,
        "profile" => ChartText::SourceProfile,
        "nearby" => ChartText::SourceNearby,
        "other" => ChartText::SourceOther,
        "unknown" => ChartText::SourceUnknown,
        _ => return key.to_owned(),
    };
    t.string(lang)
}

/// The label of an interaction tool key (`lottery`, `poll`, `coupon`, `qa`).
pub fn tool_label(key: &str, lang: Lang) -> String {
    let t = match key {
        "lottery" => ChartText::ToolLottery,
        "poll" => ChartText::ToolPoll,
        "coupon" => ChartText::ToolCoupon,
        "qa" => ChartText::ToolQa,
        _ => return key.to_owned(),
    };
    t.string(lang)
}

/// The name of a recommendation model for people.
pub fn model_label(model: ModelKind, lang: Lang) -> &'static str {
    let (en, zh) = match model {
        ModelKind::Popularity => ("Popularity", "热门"),
        ModelKind::ItemCf => ("Item-based CF", "基于商品的协同过滤"),
        ModelKind::UserKnn => ("User k-NN", "基于用户的近邻"),
        ModelKind::Als => ("ALS (matrix factorisation)", "ALS 矩阵分解"),
        ModelKind::Content => ("Content", "基于内容"),
        ModelKind::Hybrid => ("Hybrid", "混合"),
    };
    lang.pick(en, zh)
}

/// Report sections by the stage keys of [`crate::analysis::STAGES`] (the progress steps and
/// the `section` of a skipped analysis): key, English, Chinese.
const SECTIONS: [(&str, &str, &str); 12] = [
    ("kpis", "KPIs", "核心指标"),
    ("segments", "Segments", "用户分层"),
    ("funnel", "Funnel", "转化漏斗"),
    ("timeline", "Timeline", "实时趋势"),
    ("retention", "Retention", "留存"),
    ("comparison", "Comparison", "对比"),
    (
        "rules",
        "Bundles (association rules)",
        "组合推荐（关联规则）",
    ),
    ("prediction", "Purchase prediction", "购买预测"),
    ("recommendations", "Recommendations", "推荐"),
    ("comments", "Comments", "评论"),
    (
        "interactions",
        "Interactions, traffic and time slots",
        "互动、流量与时段",
    ),
    ("review", "Post-live review", "直播复盘"),
];

/// The title of a report section (`"funnel"`; `"segments.rfm"` is titled by `"segments"`).
pub fn section_title(key: &str, lang: Lang) -> Option<&'static str> {
    let top = key.split('.').next().unwrap_or(key);
    SECTIONS
        .iter()
        .find(|(k, _, _)| *k == top)
        .map(|&(_, en, zh)| lang.pick(en, zh))
}

/// Declares [`ChartText`]: one variant per text, its key being the variant's name.
macro_rules! chart_texts {
    ($($variant:ident => $en:literal, $zh:literal;)*) => {
        /// Every text the chart builders write: titles, axis labels, series names, notes and
        /// empty-data texts. Templates hold `{name}` placeholders (see [`super::fill`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ChartText {
            $($variant,)*
        }

        impl ChartText {
            /// Every chart text, in declaration order.
            pub const ALL: &'static [ChartText] = &[$(ChartText::$variant,)*];

            /// Stable key (the variant's name, `"FunnelTitle"`).
            pub fn key(self) -> &'static str {
                match self {
                    $(ChartText::$variant => stringify!($variant),)*
                }
            }

            /// The text (or template) in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match self {
                    $(ChartText::$variant => lang.pick($en, $zh),)*
                }
            }
        }
    };
}

chart_texts! {
    // Shared axis and series names.
    Step => "Step", "步骤";
    People => "People", "人数";
    Persons => "Persons", "人数";
    Session => "Session", "场次";
    Host => "Host", "主播";
    Group => "Group", "分组";
    Period => "Period", "周期";
    Model => "Model", "模型";
    Feature => "Feature", "特征";
    Gmv => "GMV", "成交金额";
    GmvCny => "GMV (CNY)", "成交金额（元）";
    Viewers => "Viewers", "观看人数";
    ViewersPeople => "Viewers (people)", "观看人数（人）";
    // Sales: sessions, hosts, events.
    NoSessions => "No session ids in the data", "数据中没有直播场次";
    GmvViewersBySessionTitle => "GMV and viewers per session", "各场次成交金额与观看人数";
    ConversionBySessionTitle => "Conversion rates per session", "各场次转化率";
    ProductClickRate => "Product click rate", "商品点击率";
    ViewToPayConversion => "View-to-pay conversion", "观看-成交率";
    RatePercent => "Rate (%)", "比率（%）";
    GmvByHostTitle => "GMV and viewers by host", "各主播成交金额与观看人数";
    HostsByCategoryTitle => "GMV by host and category", "各主播分类目成交金额";
    EventsByKindTitle => "Rows per event", "各事件行数";
    Event => "Event", "事件";
    Rows => "Rows", "行数";
    // Funnel.
    FunnelTitle => "Funnel: people at each step", "漏斗：各步骤人数";
    FunnelBreakdownTitle => "Conversion from the first step, by breakdown", "各分组从第一步起的转化率";
    ConversionFromStep1Percent => "Conversion from step 1 (%)", "相对第一步转化率（%）";
    TimeToConvertTitle => "Time to convert (first to last step)", "转化用时（第一步到最后一步）";
    TimeFromStep1 => "Time from step 1", "距第一步的时间";
    FunnelTrendTitle => "Funnel conversion per session", "各场次漏斗转化率";
    PeopleAtStep1 => "People at step 1", "第一步人数";
    ConversionToLastStep => "Conversion to the last step", "到最后一步的转化率";
    ConversionFraction => "Conversion (fraction, 0–1)", "转化率（比例，0–1）";
    // Timeline.
    TimelineTitle => "Session timeline", "直播时间线";
    ConcurrentViewers => "Concurrent viewers", "在线人数";
    Enters => "Enters", "进入";
    Comments => "Comments", "评论";
    GmvScaled => "GMV (scaled)", "成交金额（缩放）";
    TimeSinceStart => "Time since start (h:mm)", "开播后时间（时:分）";
    PeoplePerMinute => "People per minute", "每分钟人数";
    TimelineNote => "Shaded: product pitches. Markers: GMV spikes. GMV is scaled to the viewers' axis.",
        "阴影：商品讲解时段；标记：成交高峰；成交金额按在线人数坐标缩放。";
    // Retention.
    Day => "Day", "天";
    Week => "Week", "周";
    RetentionTitle => "Retention by cohort", "分组留存";
    Retained => "Retained", "留存率";
    PeriodsSinceFirstPurchase => "Periods since first purchase", "首次购买后的周期";
    Cohort => "Cohort", "分组";
    LtvTitle => "Cumulative net revenue per person (LTV)", "人均累计净收入（LTV）";
    UnitSinceFirstPurchase => "{unit} since first purchase", "{unit} （首次购买后）";
    RevenuePerPerson => "Revenue per person (CNY)", "人均收入（元）";
    LifecycleTitle => "Lifecycle per period", "各周期用户生命周期";
    New => "New", "新用户";
    Returning => "Returning", "回访";
    Resurrecting => "Resurrecting", "召回";
    Dormant => "Dormant", "沉睡";
    PeopleDormantBelowZero => "People (dormant below zero)", "人数（沉睡为负）";
    // Comparison.
    ComparisonTitle => "A/B comparison: {a} vs {b}", "A/B 对比: {a} vs {b}";
    RateWithInterval => "Rate with 95% interval (%)", "比率及 95% 区间（%）";
    // Bundles.
    RulesTitle => "Bundles: support × confidence, coloured by lift", "组合购买：支持度 × 置信度（颜色为提升度）";
    Lift => "Lift", "提升度";
    SupportShareOfBaskets => "Support (share of baskets)", "支持度（占购物篮比例）";
    Confidence => "Confidence", "置信度";
    NoRules => "No rule reaches the support and confidence thresholds", "没有规则达到支持度和置信度阈值";
    // Segments: RFM and clusters.
    RfmFrequencyAxis => "Frequency score F (1 = fewest orders, 5 = most)", "频次得分 F（1 = 订单最少，5 = 最多）";
    RfmRecencyAxis => "Recency score R (5 = bought most recently)", "近度得分 R（5 = 最近购买）";
    AsOf => "As of {date}", "截至 {date}";
    RfmGridTitle => "RFM grid: persons per R × F", "RFM 网格：各 R × F 人数";
    RfmGridRevenueTitle => "RFM grid: net revenue per R × F (CNY)", "RFM 网格：各 R × F 净收入（元）";
    NetRevenueCny => "Net revenue (CNY)", "净收入（元）";
    PrincipalComponent => "Component {n} ({share}% of variance)", "主成分 {n}（方差占 {share}%）";
    ClusterName => "Cluster {n}", "群组 {n}";
    ClustersPcaTitle => "Audience clusters (PCA projection)", "观众群组（PCA 投影）";
    PcaSampleNote => "A random sample of {shown} of {total} persons is shown", "显示 {total} 人中随机抽取的 {shown} 人";
    SilhouetteTitle => "Silhouette by number of clusters (higher = better separated)", "不同群组数的轮廓系数（越高分得越开）";
    Silhouette => "Silhouette", "轮廓系数";
    NumberOfClusters => "Number of clusters k", "群组数 k";
    MeanSilhouette => "Mean silhouette (−1 to 1)", "平均轮廓系数（−1 到 1）";
    SilhouetteFixedK => "The number of clusters was fixed, so no other k was tried", "群组数已固定，未尝试其他 k";
    SilhouetteSampleNote => "Computed on a random sample of 10,000 of {n} persons", "基于 {n} 人中随机抽取的 10,000 人计算";
    // Purchase prediction.
    RocTitle => "ROC curve of the test set", "测试集 ROC 曲线";
    RocTitleWithAuc => "ROC curve of the test set (AUC {auc})", "测试集 ROC 曲线（AUC {auc}）";
    Chance => "Chance", "随机猜测";
    FalsePositiveRate => "False positive rate (0–1)", "假阳性率（0–1）";
    TruePositiveRate => "True positive rate (%)", "真阳性率（%）";
    RocOneClass => "The test set has only one class", "测试集只有一个类别";
    PrTitleWithAp => "Precision–recall curve of the test set (average precision {ap})", "测试集精确率–召回率曲线（平均精度 {ap}）";
    PrTitle => "Precision–recall curve of the test set", "测试集精确率–召回率曲线";
    RecallAxis => "Recall (%)", "召回率（%）";
    PrecisionAxis => "Precision (%)", "精确率（%）";
    CoefficientsTitle => "What drives buying: coefficients by feature", "购买驱动因素：各特征系数";
    Coefficient => "Coefficient", "系数";
    CoefficientAxis => "Coefficient (log-odds per SD)", "系数（对数几率/标准差）";
    ProbabilityByAttributeTitle => "Mean predicted purchase probability by {attribute}", "按 {attribute} 的平均预测购买概率";
    MeanProbability => "Mean probability", "平均概率";
    MeanProbabilityPercent => "Mean P(buys) (%)", "平均购买概率（%）";
    // Recommendation models' evaluation.
    EvaluationTitle => "Recommendation models compared ({split})", "推荐模型对比（{split}）";
    SplitTime => "last purchases held out", "留出最近的购买";
    SplitLeaveOneOut => "leave one out", "留一法";
    HitRateAtK => "Hit rate@{k}", "命中率@{k}";
    Coverage => "Coverage", "覆盖率";
    ScorePercent => "Score (%)", "得分（%）";
    EvaluationNote => "{users} persons evaluated, {held_out} held-out purchases", "评估 {users} 人，留出 {held_out} 次购买";
    EvaluationEmpty => "Too few repeat buyers to evaluate", "复购用户太少，无法评估";
    // Comments.
    CommentIntentsTitle => "Comment intents per minute", "每分钟评论意图";
    CommentsPerMinute => "Comments per minute", "每分钟评论数";
    ObjectionsByThemeTitle => "Objections by theme", "按主题的异议";
    ObjectionComments => "Objections (comments)", "异议（条）";
    Theme => "Theme", "主题";
    PhrasesTitle => "Phrases of the room (found without a dictionary)", "直播间高频短语（无词典发现）";
    Phrase => "Phrase", "短语";
    Occurrences => "Occurrences", "出现次数";
    NoObjections => "No objections in the comments", "评论中没有异议";
    NoPhrases => "No phrase repeats often enough", "没有足够高频的短语";
    // Interactions, traffic and time slots.
    ToolLottery => "Lucky bag / lottery", "福袋/抽奖";
    ToolPoll => "Poll", "投票";
    ToolCoupon => "Coupon", "优惠券";
    ToolQa => "Q&A", "问答";
    InteractionEffectTitle => "Interaction tools: change in concurrent viewers (vs the same minutes of other sessions)", "互动工具：在线人数的变化（对比其他场次同一时段）";
    ConcurrencyEffect => "Extra concurrent viewers, 95% interval", "额外在线人数（95% 区间）";
    InteractionEffectNote => "An interval that contains 0 is not distinguishable from no effect.", "区间包含 0 表示与无效果无法区分。";
    ParticipantConversionTitle => "Participants' conversion vs others present", "参与者与同时在场其他观众的转化率";
    Participants => "participants", "参与者";
    OthersPresent => "others present", "其他在场观众";
    InteractionProfileTitle => "{tool}: concurrent viewers around the window", "{tool}：活动前后的在线人数";
    MinutesFromWindowStart => "Minutes from the window's start", "距活动开始的分钟数";
    WithTool => "sessions with it (mean)", "有该活动的场次（平均）";
    SameMinuteOthers => "other sessions, same minute (mean)", "其他场次同一时段（平均）";
    ToolWindowBand => "window", "活动时段";
    TrafficTitle => "Traffic sources: viewers and conversion", "流量来源：观看人数与转化率";
    TrafficConversionTitle => "Conversion by traffic source, 95% interval", "各流量来源转化率（95% 区间）";
    TrafficValueTitle => "GMV per thousand views (GPM) by traffic source", "各流量来源千次观看成交金额（GPM）";
    Gpm => "GPM", "GPM";
    Source => "Traffic source", "流量来源";
    ConversionPercent => "Conversion (%)", "转化率（%）";
    TimeSlotTitle => "Conversion by start time (weekday × hour)", "按开播时段的转化率（星期 × 小时）";
    TimeSlotIntervalsTitle => "Conversion per time slot, 95% interval", "各时段转化率（95% 区间）";
    HourOfDay => "Start hour", "开播小时";
    Weekday => "Weekday", "星期";
    Slot => "Time slot", "时段";
    SourceFeed => "Recommended feed", "推荐feed";
    SourceFollow => "Following", "关注";
    SourceSearch => "Search", "搜索";
    SourcePaid => "Paid (ads)", "付费投流";
    SourceShare => "Shares", "分享";
    SourceProfile => "Profile page", "个人主页";
    SourceNearby => "Nearby", "同城";
    SourceOther => "Other", "其他";
    SourceUnknown => "Not given", "未标注";
    // Page texts of the Interactions and Traffic & time slots views (tables and notes).
    ViewInteractions => "Interactions", "互动";
    ViewTrafficSlots => "Traffic & time slots", "流量与时段";
    ToolSummaryHeading => "Interaction tools", "互动工具";
    ToolWindowsHeading => "Every tool window", "每次活动";
    CouponsHeading => "Coupons", "优惠券";
    TrafficHeading => "Traffic sources", "流量来源";
    TimeSlotsHeading => "Time slots", "开播时段";
    Tool => "Tool", "工具";
    Windows => "Windows", "次数";
    Present => "Present", "在场人数";
    ParticipantRate => "Participants' conversion", "参与者转化率";
    OtherRate => "Others' conversion", "其他观众转化率";
    MatchedEffect => "Matched conversion effect", "匹配后转化差异";
    MatchedGmvEffect => "Matched GMV per person effect", "匹配后人均成交额差异";
    ConcurrencyChange => "Concurrent viewers: before → during", "在线人数：活动前 → 活动中";
    EnteringEffect => "Entries per minute, effect", "每分钟进入人数（效果）";
    FollowsEffect => "Follows per minute, effect", "每分钟关注数（效果）";
    NotDistinguishable => "not distinguishable from no effect", "与无效果无法区分";
    Distinguishable => "interval excludes 0", "区间不含 0";
    Claims => "Claims", "领取次数";
    Claimers => "Claimers", "领取人数";
    Uses => "Uses", "使用次数";
    ClaimRate => "Claim rate", "领取率";
    RedemptionRate => "Redemption rate", "核销率";
    DiscountCost => "Discount cost", "优惠成本";
    ExtraBuyers => "Extra buyers", "新增买家";
    IncrementalGmv => "Incremental GMV", "增量成交额";
    CostPerExtraBuyer => "Cost per extra buyer", "每新增买家成本";
    AllCoupons => "all coupons", "全部优惠券";
    ShareOfViewers => "Share of viewers", "观看占比";
    AvgWatch => "Avg watch time", "平均观看时长";
    Buyers => "Buyers", "成交人数";
    UvValue => "UV value", "UV价值";
    RoiOfSpend => "ROI of ad spend", "投流 ROI";
    Sessions => "Sessions", "场次";
    MeanViewers => "Mean viewers", "平均观看人数";
    GmvPerViewer => "GMV per viewer", "人均成交额";
    BestSlot => "Best slot", "最佳时段";
    NoBestSlot => "No best slot named", "未认定最佳时段";
    MatchingNote => "Participants are compared with others present in the same window who had watched and commented as much before it (same deciles). Taking part is a choice, so this compares similar people; it does not prove cause.", "参与者与同一时段在场、此前观看时长和评论数相近（同一十分位）的其他观众比较。参与是自愿的，因此这是相似人群的比较，不能证明因果。";
    TrafficNote => "A viewer of a session counts under the source of their first entry in it. ROI: GMV of paid-traffic viewers ÷ the sessions' ad spend.", "每位观众在每场直播中按首次进入的来源计入。ROI：付费流量观众的成交额 ÷ 各场投流花费。";
    SlotUnitNote => "Per slot, viewers are added up over its sessions; intervals are 95%.", "每个时段的观看人数按其各场直播相加；区间为 95%。";
    MeanComparisonsHeading => "Means: watch time and GMV per viewer", "均值：观看时长与人均成交额";
    MetricWatchSeconds => "Watch seconds per viewer", "人均观看秒数";
    MetricGmvPerViewer => "GMV per viewer", "人均成交额";
    MeanA => "Mean A", "A 均值";
    MeanB => "Mean B", "B 均值";
    WelchInterval => "Difference, Welch 95%", "差值（Welch 95%）";
    BootstrapInterval => "Bootstrap 95%", "自助法 95% 区间";
    WelchTest => "Welch t (df), p", "Welch t（自由度），p";
    Verdict => "Verdict", "结论";
    VerdictBBetter => "B is higher", "B 更高";
    VerdictABetter => "A is higher", "A 更高";
    VerdictNoDifference => "no clear difference", "无明显差异";
    VerdictNotEnoughData => "not enough data", "数据不足";
    // Post-live review.
    ReviewKpisTitle => "Session {session} against your usual", "场次 {session} 与平时对比";
    DifferenceFromUsual => "Difference from usual (%)", "与平时的差异（%）";
    Kpi => "KPI", "指标";
    ReviewKpisNote => "Usual = the median of the earlier sessions of the baseline; KPIs without one are left out.",
        "平时 = 基线中之前场次的中位数；没有基线的指标不显示。";
    ReviewNoBaseline => "No baseline yet (fewer than 3 earlier sessions)", "还没有基线（之前的直播少于 3 场）";
    ReviewPitchesTitle => "GMV per minute of each pitch", "各商品讲解时段每分钟成交额";
    GmvPerMinute => "GMV per minute", "每分钟成交额";
    PitchedProduct => "Pitched product", "讲解商品";
    ReviewNoPitches => "No product pitches in this session's events", "本场事件中没有商品讲解";
}

impl ChartText {
    /// The text in `lang` as an owned string (what chart specs hold).
    pub fn string(self, lang: Lang) -> String {
        self.text(lang).to_owned()
    }
}

/// One label of the table: a stable key and its text in the table's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Label {
    pub key: &'static str,
    pub label: &'static str,
}

/// Every label in one language, as the page receives it: canonical events (in the order of
/// `metrics.md`), report sections, recommendation models and chart texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LabelTable {
    pub lang: Lang,
    pub events: Vec<Label>,
    pub sections: Vec<Label>,
    pub models: Vec<Label>,
    pub charts: Vec<Label>,
    /// Comment intents (`question`, …) then objection themes (`theme_price`, …).
    pub comments: Vec<Label>,
    /// The texts of live mode (the Go live view and its charts, [`super::live`]).
    pub live: Vec<Label>,
    /// The platforms' names by id (`douyin` …, `unspecified`, `all`) and the texts of the
    /// per-file platform selector ([`super::platforms`]).
    pub platforms: Vec<Label>,
    /// The clustering's features (`recency_days`, … [`crate::cluster::FEATURES`]).
    pub features: Vec<Label>,
    /// The names the core gives groups of persons ([`group_rows`]): the key is the name as the
    /// report has it; `cluster` is the word of `cluster N`.
    pub groups: Vec<Label>,
}

impl LabelTable {
    pub fn new(lang: Lang) -> LabelTable {
        LabelTable {
            lang,
            events: EventKind::CANONICAL
                .iter()
                .map(|&k| Label {
                    key: k.key(),
                    label: event_label(k, lang),
                })
                .collect(),
            sections: picked(SECTIONS.iter().copied(), lang),
            models: ModelKind::ALL
                .iter()
                .map(|&m| Label {
                    key: m.key(),
                    label: model_label(m, lang),
                })
                .collect(),
            charts: ChartText::ALL
                .iter()
                .map(|&t| Label {
                    key: t.key(),
                    label: t.text(lang),
                })
                .collect(),
            comments: Intent::ALL
                .iter()
                .map(|&i| Label {
                    key: i.key(),
                    label: intent_label(i, lang),
                })
                .chain(ObjectionTheme::ALL.iter().map(|&t| Label {
                    key: t.label_key(),
                    label: theme_label(t, lang),
                }))
                .collect(),
            live: picked(super::live::LIVE_TEXTS.iter().copied(), lang),
            platforms: picked(super::platforms::platform_labels(), lang),
            features: picked(
                (crate::cluster::FEATURES.iter())
                    .zip(crate::cluster::FEATURE_LABELS)
                    .map(|(&key, (en, zh))| (key, en, zh)),
                lang,
            ),
            groups: picked(group_rows(), lang),
        }
    }
}

/// The names the core gives groups of persons, as `(name in the report, English, Chinese)`:
/// the RFM segments ([`crate::rfm::SEGMENTS`]), the KPI table's non-buyers
/// ([`crate::rfm::NO_PURCHASE`]), the host matching's everyone
/// ([`crate::recommend::creators::ALL_VIEWERS`]), a funnel breakdown's missing and grouped values
/// ([`crate::funnel::NONE_LABEL`], [`crate::funnel::OTHER_LABEL`]) and `cluster`, the word of a
/// cluster's name `cluster N`. The report keeps the English names (they are its keys); the
/// page and the charts show them in the reader's language.
pub fn group_rows() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    (crate::rfm::SEGMENTS.iter())
        .map(|s| (s.name, s.name, s.name_zh))
        .chain(OTHER_GROUPS)
        .chain([(CLUSTER_WORD, "cluster", "群组")])
}

/// [`group_rows`] after the RFM segments, but for the word `cluster`.
const OTHER_GROUPS: [(&str, &str, &str); 4] = [
    (crate::rfm::NO_PURCHASE, "no purchase", "未购买"),
    (
        crate::recommend::creators::ALL_VIEWERS,
        "all viewers",
        "全部观众",
    ),
    (crate::funnel::NONE_LABEL, "(none)", "（无）"),
    (crate::funnel::OTHER_LABEL, "other", "其他"),
];

/// A group's name as the report gives it ([`group_rows`]; `cluster 3` too) in `lang`; any
/// other value (a session, a host, a users-file value) as it is.
pub fn group_label(name: &str, lang: Lang) -> String {
    if let Some((_, en, zh)) = group_rows().find(|(key, ..)| *key == name && *key != CLUSTER_WORD) {
        return lang.pick(en, zh).to_owned();
    }
    let number = name
        .strip_prefix(CLUSTER_WORD)
        .and_then(|rest| rest.strip_prefix(' '));
    match number {
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{} {n}", lang.pick(CLUSTER_WORD, "群组"))
        }
        _ => name.to_owned(),
    }
}

/// Labels in `lang` from `(key, English, Chinese)` rows.
fn picked(
    rows: impl Iterator<Item = (&'static str, &'static str, &'static str)>,
    lang: Lang,
) -> Vec<Label> {
    rows.map(|(key, en, zh)| Label {
        key,
        label: lang.pick(en, zh),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn has_han(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Every label is present in both languages: English without Chinese characters, Chinese
    /// with them (names such as "GMV" or "ALS" may stay the same when the rest is translated).
    fn check_pair(what: &str, en: &str, zh: &str) {
        assert!(!en.trim().is_empty(), "{what}: no English label");
        assert!(!zh.trim().is_empty(), "{what}: no Chinese label");
        assert!(
            !has_han(en),
            "{what}: English label {en:?} has Chinese in it"
        );
        assert!(
            has_han(zh) || zh == en && en.chars().all(|c| c.is_ascii_uppercase()),
            "{what}: Chinese label {zh:?} is not translated"
        );
    }

    #[test]
    fn every_event_section_model_and_chart_text_has_both_languages() {
        for k in EventKind::CANONICAL.iter().chain([&EventKind::Unknown]) {
            check_pair(
                k.key(),
                event_label(*k, Lang::En),
                event_label(*k, Lang::Zh),
            );
        }
        for key in crate::analysis::STAGES {
            let en = section_title(key, Lang::En);
            let zh = section_title(key, Lang::Zh);
            assert!(en.is_some() && zh.is_some(), "section {key} has no title");
            check_pair(key, en.unwrap_or(""), zh.unwrap_or(""));
        }
        for m in ModelKind::ALL {
            check_pair(m.key(), model_label(m, Lang::En), model_label(m, Lang::Zh));
        }
        for t in ChartText::ALL {
            check_pair(t.key(), t.text(Lang::En), t.text(Lang::Zh));
        }
        for i in Intent::ALL {
            check_pair(
                i.key(),
                intent_label(i, Lang::En),
                intent_label(i, Lang::Zh),
            );
        }
        for t in ObjectionTheme::ALL {
            check_pair(t.key(), theme_label(t, Lang::En), theme_label(t, Lang::Zh));
        }
        // The clustering's features: every one named, in the order of `FEATURES`.
        let table = LabelTable::new(Lang::En);
        let keys: Vec<&str> = table.features.iter().map(|f| f.key).collect();
        assert_eq!(keys, crate::cluster::FEATURES.to_vec());
        for (key, (en, zh)) in crate::cluster::FEATURES
            .iter()
            .zip(crate::cluster::FEATURE_LABELS)
        {
            check_pair(key, en, zh);
        }
    }

    #[test]
    fn sections_are_exactly_the_report_stages() {
        let keys: Vec<&str> = SECTIONS.iter().map(|s| s.0).collect();
        assert_eq!(keys, crate::analysis::STAGES.to_vec());
        assert_eq!(section_title("segments.rfm", Lang::En), Some("Segments"));
        assert_eq!(section_title("nope", Lang::En), None);
    }

    #[test]
    fn keys_are_unique_and_templates_agree_across_languages() {
        let table = LabelTable::new(Lang::En);
        for (what, list) in [
            ("events", &table.events),
            ("sections", &table.sections),
            ("models", &table.models),
            ("charts", &table.charts),
        ] {
            let keys: HashSet<&str> = list.iter().map(|l| l.key).collect();
            assert_eq!(keys.len(), list.len(), "duplicate key in {what}");
        }
        assert_eq!(table.events.len(), EventKind::CANONICAL.len());
        // The same placeholders in both languages.
        let holes = |s: &str| -> Vec<String> {
            let mut out: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
                .collect();
            out.sort();
            out
        };
        for t in ChartText::ALL {
            assert_eq!(holes(t.text(Lang::En)), holes(t.text(Lang::Zh)), "{t:?}");
        }
    }

    #[test]
    fn group_names_are_shown_in_the_readers_language() {
        // Every name the core gives a group, in both languages, keyed by the report's name.
        let keys: Vec<&str> = group_rows().map(|(key, ..)| key).collect();
        assert_eq!(keys.iter().collect::<HashSet<_>>().len(), keys.len());
        for (key, en, zh) in group_rows() {
            check_pair(key, en, zh);
            if key == CLUSTER_WORD {
                continue;
            }
            assert_eq!(group_label(key, Lang::En), en);
            assert_eq!(group_label(key, Lang::Zh), zh);
        }
        for s in &crate::rfm::SEGMENTS {
            assert_eq!(group_label(s.name, Lang::Zh), s.name_zh);
        }
        assert_eq!(group_label("no purchase", Lang::Zh), "未购买");
        assert_eq!(group_label("all viewers", Lang::Zh), "全部观众");
        assert_eq!(group_label("(none)", Lang::Zh), "（无）");
        // A cluster's name keeps its number; anything else is data, as it is.
        assert_eq!(group_label("cluster 3", Lang::Zh), "群组 3");
        assert_eq!(group_label("cluster 12", Lang::En), "cluster 12");
        for data in [
            "cluster",
            "cluster x",
            "cluster 3a",
            "clusters 3",
            "Champion",
            "s01",
            "",
        ] {
            assert_eq!(group_label(data, Lang::Zh), data);
        }
        let table = LabelTable::new(Lang::Zh);
        assert_eq!(table.groups.len(), keys.len());
        assert_eq!(table.groups[0].key, "Champions");
        assert_eq!(table.groups[0].label, "冠军客户");
    }

    #[test]
    fn event_keys_from_reports_get_their_label() {
        assert_eq!(event_key_label("add_cart", Lang::En), "add to cart");
        assert_eq!(event_key_label("click", Lang::Zh), "商品点击");
        assert_eq!(event_key_label("unknown", Lang::Zh), "未识别");
        assert_eq!(event_key_label("not_an_event", Lang::Zh), "not_an_event");
    }

    #[test]
    fn the_table_serialises_as_the_page_reads_it() {
        let v = serde_json::to_value(LabelTable::new(Lang::Zh)).unwrap_or_default();
        assert_eq!(v["lang"], "zh");
        assert_eq!(v["events"][0]["key"], "impression");
        assert_eq!(v["events"][0]["label"], "曝光");
        assert_eq!(v["sections"][2]["key"], "funnel");
        assert_eq!(v["models"][1]["key"], "item_cf");
        assert_eq!(v["charts"][0]["key"], "Step");
        assert_eq!(v["features"][5]["key"], "clicks");
        assert_eq!(v["features"][5]["label"], "商品点击数");
    }
}

//! The demo's comment texts: templates written for LiveLens (not taken from anywhere), with
//! slots `{p}` (product title), `{price}` (its price in yuan) and `{topic}` (its category),
//! grouped by the intent they plant. Mostly Chinese, as in the rooms the demo imitates.

/// The intents planted in comments, in the order of [`INTENTS`].
pub(super) const INTENTS: [&str; 7] = [
    "question",
    "price_objection",
    "purchase",
    "praise",
    "greeting",
    "complaint",
    "chatter",
];

pub(super) const QUESTION: usize = 0;
pub(super) const OBJECTION: usize = 1;
pub(super) const PURCHASE: usize = 2;
pub(super) const PRAISE: usize = 3;
pub(super) const GREETING: usize = 4;
pub(super) const COMPLAINT: usize = 5;
pub(super) const CHATTER: usize = 6;

/// Templates per intent (same order as [`INTENTS`]).
pub(super) const TEMPLATES: [&[&str]; 7] = [
    &[
        "{p}适合零基础吗？",
        "{p}有回放吗",
        "请问{p}要学多久？",
        "{p}是录播还是直播课？",
        "{topic}完全没基础能跟上吗",
        "{p}有答疑群吗？",
        "买了{p}多久能看完？",
        "老师，{p}和上次那个有什么区别",
        "{p}有效期多久",
        "{topic}学完能接单吗？",
        "is {p} in Chinese only?",
        "{p}手机上能看吗",
    ],
    &[
        "{price}有点贵啊",
        "{price}太贵了，学生党买不起",
        "能便宜点吗，{price}犹豫了",
        "有优惠券吗？原价{price}下不去手",
        "别家{topic}课才一半价",
        "{price}？再等等活动吧",
        "贵了贵了",
        "预算不够，下次吧",
    ],
    &[
        "已拍",
        "拍了拍了",
        "下单了{p}",
        "已买{p}，期待",
        "刚付款，冲",
        "买了！{topic}这次一定学完",
        "抢到了",
        "已下单+1",
    ],
    &[
        "讲得太好了",
        "老师讲得真清楚",
        "干货满满",
        "{topic}讲得很透彻",
        "收获很大，谢谢老师",
        "这期质量好高",
        "老师好专业",
        "听完豁然开朗",
    ],
    &[
        "来了来了",
        "老师好",
        "晚上好呀",
        "打卡",
        "第一次来，大家好",
        "又来听课了",
        "准时报到",
    ],
    &[
        "卡了",
        "画面卡住了",
        "声音断断续续的",
        "直播好卡，刷新了几次",
    ],
    &[
        "哈哈哈",
        "666",
        "今天人好多",
        "边吃饭边听",
        "刚下班赶过来",
        "前排",
        "主播的背景好看",
        "明天几点播？",
    ],
];

/// The host's answers to questions (the `answer` rows).
pub(super) const ANSWERS: [&str; 6] = [
    "零基础可以学，{p}从入门讲起",
    "{p}有回放，一年内随时看",
    "{p}有答疑群，助教每天在",
    "录播加每周一次直播答疑",
    "手机电脑都能看",
    "大约四到六周能学完",
];

/// Fills the slots of a template.
pub(super) fn fill(template: &str, product: &str, price_cents: u32, topic: &str) -> String {
    let price = format!("{}元", price_cents / 100);
    template
        .replace("{p}", product)
        .replace("{price}", &price)
        .replace("{topic}", topic)
}

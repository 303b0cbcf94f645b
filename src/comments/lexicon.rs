//! Cue words and patterns for the rule classifier. Chinese cues match as substrings of the
//! normalised text; English cues carry their own spaces where a whole word is meant (the
//! normalised text is padded with spaces and has punctuation turned into spaces).
//! Written for LiveLens from the definitions in metrics.md, not copied from any list.

/// Off-topic questions and remarks (music, the host's age or home town, clothes, weather).
pub const OFF_TOPIC: &[&str] = &[
    "背景音乐", "什么歌", "哪首歌", "bgm", "主播多大", "主播几岁", "哪里人", "结婚", "衣服哪", "口音", "周几", "在干嘛", "哪个省",
    " song", "how old are you", "what's for dinner", "where are you from", "your outfit", "色号",
    "口红", "发型", "眼镜", "your dog", "your cat", "dog's name", "cat's name", "where do you live",
    "有人在吗", "吃完饭", "吃饭了", "weather", "shirt", "降温", "下雨", "耳环", "camera do you", "那幅画",
];

/// Spam and follow/like reports.
pub const SOCIAL: &[&str] = &[
    "加v", "加微", "看主页", "主页有", "互粉", "互关", "回关", "私信我", "已关注", "点了关注", "关注了", "点赞了", "已点赞", "分享直播间",
    "分享了直播间", "收藏了直播间", "follow me", "check my profile", " followed ", " liked ", "sub to me",
    "follow back",
];

/// Stream faults and after-sales problems.
pub const COMPLAINT: &[&str] = &[
    "卡了", "好卡", "卡卡", "卡成", "又卡", "卡住", "一直卡", "很卡", "太卡", "没声音", "没有声音", "听不见", "听不清", "声音好小",
    "声音太小", "声音小", "回音", "黑屏", "花屏", "糊了", "画质", "转圈", "进不去", "闪退", "打不开", "点不开", "付款失败", "付不了",
    "支付失败", "不同步", "断断续续", "麦有问题", "没人回复", "没人理", "不回消息", "不回复", "没处理", "没到账", "没发货", "不发货", "没开课",
    "被拒", "看不到课", "到现在没发", "态度太差", "态度差", "错别字", "讲错", "太水", "没干货", "念ppt", "广告太多", "一直催", "说重点",
    "被骗", "没更新", "没人管", "过期", "跟不上", "语速太快", "没进正题", "没进入正题", "lag", "freez", "no sound",
    "can't hear", "cant hear", "out of sync", "went black", "screen is black", "screen black",
    "black screen", "blurry", "doesn't work", "not working", "keeps failing", "no access",
    "never replies", "never replied", "no reply", "recycled", "too many ads", "too fast",
    "stop pushing", "crackling", "expired", "volume is", "buffering", "glitch", "no audio", "muted",
    "still waiting for", "nothing happened", "refund 2 weeks", "weeks ago", "charged twice", "不到声音",
    "声音忽", "一卡一卡", "卡顿", "失效", "没退", "不理人", "讲太快", "太快了", "全是广告", "都是广告", "少了一", "少发", "发错", "收不到",
    "没收到", "登不上", "登录不了", "没反应", "掉线", "cutting out", "cuts out", "never arrived", "didn't get",
    "did not get", "choppy", "stuttering", "can't log in", "cant log in", "wrong item", "missing",
    "not loading",
    "断了", "杂音", "拖堂", "没拉", "没人拉", "frozen", "froze", "too quiet", "so quiet", "is broken", "haven't received", "havent received", "can't access", "cant access", "看不清", "模糊", "缺页", "失望", "念广告", "正题", "没人处理", "一般般",
];

/// Haggling and conditional buying: an objection, but without a negative tone.
pub const HAGGLE: &[&str] = &[
    "便宜点", "便宜些", "便宜一点", "再便宜", "少点", "我就买", "就买了吧", "送点", "再送", "打个折", "% off", "make it $",
    "and i'll buy", "then i'll buy", "discount pls", "优惠点", "优惠些", "再优惠", "便宜吧", "lower the price",
    "cheaper and",
];

/// Buying refused or pointless: dominates a buying word in the same comment.
pub const NEG_BUY: &[&str] = &[
    "买不起", "不敢买", "不敢冲", "谁敢买", "不买了", "就不买", "不会买", "买了也", "白买", "消费不起", "can't afford",
    "cant afford", "no way i'm paying", "never finish", "too many courses", "not buying",
    "won't buy", "学不会", "不敢信", "被坑", "踩坑",
];

/// Putting it off: an objection without a negative tone.
pub const PUT_OFF: &[&str] = &[
    "考虑", "想想", "下次再", "下次吧", "再说", "等双", "双十一", "双11", "618", "等降价", "便宜了再", "先收藏", "问问老公", "问问家里",
    "回去问", "maybe next", "maybe later", "think about", "wait for", "next month", "next time",
    "not now", "等活动", "等优惠", "过段时间", "发工资", "payday", "later", "some other time", "next week",
    "观望", "先看看", "再看看", "再看吧", "下个月", "改天", "再等", "let me think", "i'll think", "商量",
];

/// Reasons not to buy with a negative tone: price, distrust, time, free alternatives, refunds.
pub const OBJECTION: &[&str] = &[
    "贵", "割韭菜", "韭菜", "智商税", "免费", "b站", "真的假的", "没时间", "没空", "太忙", "不给退", "不能退", "退不了", "怕", "没用",
    "骗", "是托", "托吧", "都是托", "水军", "资质", "算了", "没必要", "自己看书", "ai都", "chatgpt", "不值", "性价比太低",
    "性价比低", "别家才", "比别家", "工资还没", "坚持不", "太懒", "坐不住", "图书馆", "小红书上", "犹豫", "交学费", "画饼", "离谱", "抢钱",
    "expensive", "pricey", "pricy", "overpriced", "for free", "free stuff", "free online",
    "youtube", "scam", "legit", "don't have time", "no time", "afford", "budget", "guru",
    "too much", "not worth", "no way", "fake", "library", "i'll pass", "rip off", "ripoff",
    "waste of money", "网上", "搜搜", "没啥用", "没什么用", "不靠谱", "坑", "太坑", "不信", "cash grab", "free videos",
    "free video", "not for me", "waste", "don't trust", "dont trust", "not convinced", "doubt",
    "劝退", "有点亏", "太亏", "天花乱坠", "忽悠", "套路", "话术", "也一样", "不划算", "舍不得", "下不去手", "肉疼", "没钱", "穷", "not sure it", "not sure if", "hard pass", "no thanks", "can find",
];

/// Price is fine: praise, unless a refusal comes first.
pub const PRICE_OK: &[&str] = &[
    "不贵", "不算贵", "便宜多了", "良心", "划算", "超值", "值！", "真的值", "性价比高", "物超所值", "not expensive",
    "worth every", "worth it", "good value", "great value", "so much value",
];

/// A positive word about price: with a figure or a sarcasm marker it means the opposite.
pub const PRICE_SARCASM: &[&str] = &[
    "便宜", "cheap", "affordable", "bargain",
];
pub const SARCASM_MARK: &[&str] = &[
    "呵呵", "才", "lol", "sure ", "totally", "only $", "only ", "呢",
];

/// Comparisons and trial lessons: a question even when "free" appears.
pub const QUESTION_STRONG: &[&str] = &[
    "区别", "不一样", "试听", "difference", "compare",
];

/// Asking: question words and particles (with or without a question mark).
pub const QUESTION: &[&str] = &[
    "吗", "什么", "怎么", "多少", "多钱", "多少米", "几号", "几节", "几个", "几岁", "几页", "几点", "多久", "多长", "哪", "咋",
    "啥", "是不是", "能不能", "可不可以", "有没有", "请问", "想问", "问下", "问一下", "同问", "求链接", "链接呢", "价格", "公屏", "适合",
    "包括", "包含", "how ", "what", "where", "when ", "which", " is there", " is it ", " is this ",
    " does ", " do i ", " do you", " can i ", " can my", " can kids", " will there", " any ",
    " price", " pls ", " please ", "anyone tried", "wondering", " are there", " should i ",
];

/// The viewer bought or is buying now.
pub const PURCHASE: &[&str] = &[
    "已拍", "拍了", "拍下", "下单", "上车", "报名了", "已报名", "报了", "买了", "已买", "冲了", "必须冲", "直接拍", "已付款", "付了",
    "付完款", "我要一个", "我要两", "来一份", "给我来", "给我留", "抢到", "回购", "续费", "已入", "入了", "秒拍", "要拍", "要买",
    "已经下单", " bought", " ordered", "signed up", "enrolled", " i'm in ", " im in ", "got mine",
    "grabbed", "purchased", "checked out", "take my money", "so i can buy", "joined the program",
    "renewed", " paid ", "i'm buying", "copped", "count me in", "just bought", "added to cart",
    "拍啦", "入手", "报上", "已报", "搞了一", "买啦", "已购", "购买了", "付款了", "got the", "just paid", "paid for",
    "i'll take", "my order is in", "grabbed",
];

/// Purchase said with enthusiasm.
pub const PURCHASE_HAPPY: &[&str] = &[
    "太好", "开心", "期待", "值", "好", "加油", "哈哈", "excited", "lets go", "let's go", "love", "worth",
    "take my money", "finally", "冲冲冲", "幸运", "终于",
];

/// Positive about the host, the teaching or the value, or results after a course.
pub const PRAISE: &[&str] = &[
    "讲得", "讲的真", "讲的好", "讲的太", "干货", "太干了", "受益", "豁然开朗", "醍醐灌顶", "耐心", "好美", "好听", "谢谢老师", "感谢",
    "进步", "瘦了", "上岸", "还愿", "值", "学到", "有用", "好用", "实用", "牛", "绝了", "绝绝子", "yyds", "爱了", "宝藏", "喜欢",
    "一听就懂", "清楚", "清晰", "支持老师", "支持主播", "心坎", "这么好的", "厉害", "太逗", "好笑", "救了", "接单", "享受", "推荐",
    "专业", "靠谱", "听懂", "太对了", "辛苦了", "受用", "太棒", "真棒", "helpful", "great", "love", "clear", "best",
    "passed", "improved", "worth", "gold", "value", "learned", "amazing", "mind blown", "tips",
    "makes sense", "energy", "understand", "lost ", "thank", "awesome", "brilliant", "genius",
    "changed my", "so good", "useful", "收获", "帮助", "开窍", "好玩", "有才", "很值", "人美", "声甜", "涨知识", "长知识",
    "通透", "透彻", "明白了", "懂了", "好课", "赞", "exactly what i needed", "good teacher", "good lesson",
    "so clear", "helped", "fantastic", "excellent", "wonderful", "incredible", "life changing",
    "life-changing", "you rock", "nailed it",
    "有意思", "鼓掌", "look easy", "sound so simple", "way better", "better after", "landed", "找到工作", "月入",
];

/// Arriving, checking in, saying where one came from, leaving.
pub const GREETING: &[&str] = &[
    "来了", "来啦", "打卡", "报到", "签到", "晚上好", "早上好", "中午好", "下午好", "老师好", "主播好", "大家好", "们好", "哈喽", "嗨",
    "第一次来", "新人", "老粉", "推荐过来", "刷到", "过来的", "来的", "走了", "明天见", "下次见", "拜拜", "晚安", "必来", "又来",
    "刚进来", "进来了", "来晚了", "又见面", "下播", "上班去了", "hello", " hi ", " hey ", "good morning",
    "good evening", "evening all", "first time", "back again", "i'm here", "just joined", " fyp",
    " bye", "see you", " present ", " from ", "morning all", "hiii", "赶过来", "撤了", "再来", "各位早",
    "大家早", "早安", "早啊", "晚上好呀", "来报", "hey all", "hi all", "hi everyone", "leaving now",
    "good night", "goodnight", "welcome",
    "先下了", "我先撤", "先走了", "去接", "报道",
];

/// Warmth that lifts the sentiment of a greeting or small talk.
pub const WARM: &[&str] = &[
    "开心", "喜欢", "可爱", "漂亮", "好看", "cute", "nice", "love", "beautiful", "happy",
];

/// Objection themes (checked in this order: the first theme that matches wins).
pub const THEME_REFUND: &[&str] = &[
    "退", "refund", "money back",
];
pub const THEME_FREE: &[&str] = &[
    "免费", "b站", "自己看书", "ai都", "chatgpt", "图书馆", "小红书上", "网上", "抖音上", "free", "youtube", "library",
    "google",
];
pub const THEME_TRUST: &[&str] = &[
    "割韭菜", "韭菜", "智商税", "真的假的", "骗", "托", "水军", "资质", "没用", "画饼", "交学费", "评论", "scam", "legit",
    "fake", "guru", "trust", "review",
];
pub const THEME_TIME: &[&str] = &[
    "没时间", "没空", "忙", "坚持", "太懒", "坐不住", "没学完", "学不完", "不会看", "time", "busy", "finish", "lazy",
];
pub const THEME_PRICE: &[&str] = &[
    "贵", "价", "便宜", "钱", "买不起", "消费不起", "工资", "预算", "手头紧", "别家", "性价比", "不值", "$", "¥", "元", "块", "expensive",
    "price", "pricey", "pricy", "afford", "budget", "cheap", "off", "worth", "pay", "grand",
];

//! The review's own table of texts: statement templates with `{slot}`s, rule sentences,
//! suggestion templates and KPI labels, in English and Chinese; and the number formats the
//! statements use. Every statement is rendered in both languages.

use super::{Review, ReviewStatement, ReviewTexts, ReviewUnit};
use crate::i18n::{fill, Lang};

/// Declares [`ReviewText`]: one variant per template.
macro_rules! review_texts {
    ($($variant:ident => $en:literal, $zh:literal;)*) => {
        /// Every template of the review. Slots are `{name}` (see [`crate::i18n::fill`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ReviewText {
            $($variant,)*
        }

        impl ReviewText {
            pub const ALL: &'static [ReviewText] = &[$(ReviewText::$variant,)*];

            pub fn text(self, lang: Lang) -> &'static str {
                match self {
                    $(ReviewText::$variant => lang.pick($en, $zh),)*
                }
            }
        }
    };
}

review_texts! {
    KpiUp => "{metric}: {value}, above your usual {baseline} ({diff}).",
        "{metric} {value}，高于平时的 {baseline}（{diff}）。";
    KpiDown => "{metric}: {value}, below your usual {baseline} ({diff}).",
        "{metric} {value}，低于平时的 {baseline}（{diff}）。";
    RuleOutsideIqr => "outside the middle half of your last {n} sessions ({q1} to {q3})",
        "超出你最近 {n} 场直播的中间一半（{q1} 至 {q3}）";
    RuleOutsideIqrHost => "outside the middle half of {host}'s last {n} sessions ({q1} to {q3})",
        "超出{host}最近 {n} 场直播的中间一半（{q1} 至 {q3}）";
    StepDrop => "Most people were lost from {from} to {to}: {value} went on, against your usual {baseline} ({diff}).",
        "从{from}到{to}流失最多：{value} 的人继续，平时为 {baseline}（{diff}）。";
    RuleStepDrop => "the funnel step furthest below its usual conversion, outside the middle half of the last {n} sessions ({q1} to {q3})",
        "与平时相比下降最多的漏斗步骤，超出最近 {n} 场的中间一半（{q1} 至 {q3}）";
    BestPitch => "Best pitch: {product} ({from}–{to}) brought {value} per minute, against {baseline} for the session's median pitch.",
        "讲解效果最好：{product}（{from}–{to}）每分钟成交 {value}，本场讲解中位数为 {baseline}。";
    WorstPitch => "Weakest pitch: {product} ({from}–{to}) brought {value} per minute, against {baseline} for the session's median pitch.",
        "讲解效果最弱：{product}（{from}–{to}）每分钟成交 {value}，本场讲解中位数为 {baseline}。";
    RuleBestPitch => "highest GMV per minute of the session's {n} pitch windows",
        "本场 {n} 个讲解时段中每分钟成交额最高";
    RuleWorstPitch => "lowest GMV per minute of the session's {n} pitch windows",
        "本场 {n} 个讲解时段中每分钟成交额最低";
    RuleFollows => "follows from: {reason}", "依据：{reason}";
    SuggestEnterProductView => "Put a product card up sooner and more often: {value} of viewers saw one (usual {baseline}).",
        "更早、更频繁地上架商品卡：{value} 的观众看到了商品（平时 {baseline}）。";
    SuggestProductViewClick => "Give people a reason to tap the card — say what it teaches and who it is for while it is up: {value} of those who saw it clicked (usual {baseline}).",
        "商品卡上架时讲清学什么、适合谁，让人想点：看到商品的人中 {value} 点击了（平时 {baseline}）。";
    SuggestClickOrder => "Answer price, refund and fit doubts between the tap and the order: {value} went on (usual {baseline}).",
        "在点击和下单之间打消价格、退款和是否适合的顾虑：{value} 的人继续（平时 {baseline}）。";
    SuggestOrderPay => "Remind people with unpaid orders before the offer ends: {value} of orders were paid (usual {baseline}).",
        "在优惠结束前提醒未付款的人：{value} 的订单完成支付（平时 {baseline}）。";
    SuggestStep => "Work on the step from {from} to {to}: {value} went on (usual {baseline}).",
        "改进从{from}到{to}这一步：{value} 的人继续（平时 {baseline}）。";
    SuggestViewers => "Warm up the room before going live (a preview post, a reminder to followers): {value} viewers against your usual {baseline}.",
        "开播前做好预热（预告、提醒粉丝）：本场 {value} 人观看，平时 {baseline}。";
    SuggestWatch => "Keep people longer — say what comes next and when the offer drops: they stayed {value} on average (usual {baseline}).",
        "预告接下来的内容和福利时间，留住观众：人均观看 {value}（平时 {baseline}）。";
    SuggestInteraction => "Ask the room questions they can answer in one word: {value} of viewers interacted (usual {baseline}).",
        "多抛出一句话就能回答的问题：互动率 {value}（平时 {baseline}）。";
    SuggestFollow => "Ask for the follow at the fullest moment and say what followers get: {value} followed (usual {baseline}).",
        "在人气高点引导关注，并说明关注的好处：转粉率 {value}（平时 {baseline}）。";
    SuggestConversion => "Pitch fewer products with more proof (results, samples, who it suits): {value} of viewers bought (usual {baseline}).",
        "少讲几个产品、多给证明（学员成果、试看、适合谁）：观看-成交率 {value}（平时 {baseline}）。";
    SuggestAov => "Offer a bundle or the next level up after each sale: orders averaged {value} (usual {baseline}).",
        "成交后推荐组合或进阶课：笔单价 {value}（平时 {baseline}）。";
    SuggestRefund => "Say plainly who the course is not for before the link goes up: refunds were {value} of GMV (usual {baseline}).",
        "上链接前讲清课程不适合谁：退款率 {value}（平时 {baseline}）。";
    SuggestKpi => "Look into {metric}: {value} against your usual {baseline}.",
        "关注{metric}：{value}，平时 {baseline}。";
    SuggestBestPitch => "Pitch {product} again when the room is fullest: its window brought {value} per minute, {ratio}× the session's median pitch.",
        "在人气最高时再讲{product}：它的讲解时段每分钟成交 {value}，是本场中位数的 {ratio} 倍。";
    NothingFlagged => "Every KPI was within the middle half of your last {n} sessions.",
        "所有指标都在你最近 {n} 场直播的中间一半之内。";
    NoBaseline => "Fewer than {min} earlier sessions: no baseline yet, so the figures are shown without a verdict.",
        "之前的直播少于 {min} 场：还没有基线，数字只列出、不评判。";
}

/// The label of a reviewed KPI (`metrics.md` names).
pub fn kpi_label(key: &str, lang: Lang) -> &str {
    let (en, zh) = match key {
        "viewers" => ("Viewers", "观看人数"),
        "peak_concurrent" => ("Peak concurrent", "峰值在线"),
        "avg_concurrent" => ("Average concurrent", "平均在线"),
        "avg_watch_seconds" => ("Average watch time", "人均观看时长"),
        "interaction_rate" => ("Interaction rate", "互动率"),
        "comments_per_minute" => ("Comments per minute", "每分钟评论"),
        "follow_rate" => ("Follow rate", "转粉率"),
        "product_click_rate" => ("Product click rate", "商品点击率"),
        "click_to_pay_rate" => ("Click-to-pay rate", "点击-成交转化率"),
        "conversion_rate" => ("Viewer conversion", "观看-成交率"),
        "buyers" => ("Buyers", "成交人数"),
        "orders" => ("Orders", "成交订单数"),
        "gmv" => ("GMV", "成交金额"),
        "aov" => ("Average order value", "笔单价"),
        "gpm" => ("GPM", "千次观看成交金额"),
        "uv_value" => ("GMV per viewer", "UV价值"),
        "refund_rate" => ("Refund rate", "退款率"),
        "roi" => ("ROI", "ROI"),
        other => (other, other),
    };
    lang.pick(en, zh)
}

/// A template filled in `lang`.
pub fn review_text(t: ReviewText, lang: Lang, slots: &[(&str, &dyn std::fmt::Display)]) -> String {
    fill(t.text(lang), slots)
}

/// Digits grouped by thousands (`1234567.5` with 1 decimal → `1,234,567.5`).
fn grouped(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    let zero = out.chars().all(|c| matches!(c, '0' | '.' | ','));
    if v < 0.0 && !zero {
        format!("-{out}")
    } else {
        out
    }
}

/// A figure as the statements show it: `12.3%`, `1,234`, `12 min 05 s`, `3.2/min`, `2.15`.
pub fn format_value(unit: ReviewUnit, v: f64, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    match unit {
        ReviewUnit::Percent => format!("{:.1}%", v * 100.0),
        ReviewUnit::Count if v.fract() == 0.0 => grouped(v, 0),
        ReviewUnit::Count => grouped(v, 1),
        ReviewUnit::Money if v.abs() >= 100.0 => grouped(v, 0),
        ReviewUnit::Money => grouped(v, 2),
        ReviewUnit::Ratio => format!("{v:.2}"),
        ReviewUnit::PerMinute => match lang {
            Lang::En => format!("{v:.1}/min"),
            Lang::Zh => format!("{v:.1} 条/分钟"),
        },
        ReviewUnit::Seconds => {
            let s = v.abs().round() as i64;
            let sign = if v < 0.0 && s > 0 { "-" } else { "" };
            match (lang, s >= 60) {
                (Lang::En, true) => format!("{sign}{} min {:02} s", s / 60, s % 60),
                (Lang::Zh, true) => format!("{sign}{} 分 {:02} 秒", s / 60, s % 60),
                (Lang::En, false) => format!("{sign}{s} s"),
                (Lang::Zh, false) => format!("{sign}{s} 秒"),
            }
        }
    }
}

/// A difference from the baseline: percentage points for rates, else the signed amount with
/// the relative change (`+1,234, +12%`).
pub fn format_difference(unit: ReviewUnit, diff: f64, baseline: f64, lang: Lang) -> String {
    let sign = if diff > 0.0 { "+" } else { "" };
    match unit {
        ReviewUnit::Percent => match lang {
            Lang::En => format!("{sign}{:.1} pp", diff * 100.0),
            Lang::Zh => format!("{sign}{:.1} 个百分点", diff * 100.0),
        },
        _ => {
            let abs = format!("{sign}{}", format_value(unit, diff, lang));
            if baseline != 0.0 && baseline.is_finite() {
                let rel = diff / baseline.abs() * 100.0;
                let sep = lang.pick(", ", "，");
                format!("{abs}{sep}{sign}{rel:.0}%")
            } else {
                abs
            }
        }
    }
}

/// `h:mm` of minutes since the start.
pub(super) fn hmm(minutes: f64) -> String {
    let m = minutes.max(0.0).round() as i64;
    format!("{}:{:02}", m / 60, m % 60)
}

/// Both languages of a template, each with its own slot values.
pub(super) fn both(
    t: ReviewText,
    slots: impl Fn(Lang) -> Vec<(&'static str, String)>,
) -> ReviewTexts {
    let render = |lang: Lang| {
        let values = slots(lang);
        let refs: Vec<(&str, &dyn std::fmt::Display)> = values
            .iter()
            .map(|(k, v)| (*k, v as &dyn std::fmt::Display))
            .collect();
        fill(t.text(lang), &refs)
    };
    ReviewTexts {
        en: render(Lang::En),
        zh: render(Lang::Zh),
    }
}

/// The review as plain text, one statement a line under its heading (the CLI without `--out`).
pub fn statement_lines(r: &Review, lang: Lang) -> String {
    let mut out = String::new();
    let title = r.title.as_deref().unwrap_or("");
    out.push_str(&format!(
        "{} {}{}{}\n",
        lang.pick("Review of session", "直播复盘：场次"),
        r.session_id,
        if title.is_empty() {
            String::new()
        } else {
            format!(" · {title}")
        },
        r.start
            .as_deref()
            .map(|s| format!(" · {s}"))
            .unwrap_or_default()
    ));
    out.push_str(&baseline_sentence(r, lang));
    out.push('\n');
    for (heading, list) in sections(r, lang) {
        out.push_str(&format!("\n{heading}\n"));
        if list.is_empty() {
            out.push_str(lang.pick("  (nothing stood out)\n", "  （没有突出的项）\n"));
        }
        for s in list {
            out.push_str(&format!(
                "  - {}\n    [{}]\n",
                s.text.get(lang),
                s.rule.text.get(lang)
            ));
        }
    }
    out
}

/// The three parts of a review with their headings.
pub(super) fn sections(r: &Review, lang: Lang) -> [(&'static str, &[ReviewStatement]); 3] {
    [
        (lang.pick("What went well", "做得好的"), &r.went_well),
        (lang.pick("What to change", "需要改进的"), &r.to_change),
        (lang.pick("Next time", "下次直播"), &r.next_time),
    ]
}

/// "Compared with the last 10 sessions of 林老师 (s12 … s27)."
pub(super) fn baseline_sentence(r: &Review, lang: Lang) -> String {
    let b = &r.baseline.sessions;
    let (Some(first), Some(last)) = (b.first(), b.last()) else {
        return lang
            .pick(
                "No earlier session to compare with.",
                "没有更早的直播可供比较。",
            )
            .to_owned();
    };
    let host = r.host.as_deref().filter(|_| r.baseline.same_host);
    match (lang, host) {
        (Lang::En, Some(h)) => format!(
            "Compared with {h}'s previous {} sessions ({first} … {last}).",
            b.len()
        ),
        (Lang::En, None) => format!(
            "Compared with your previous {} sessions ({first} … {last}).",
            b.len()
        ),
        (Lang::Zh, Some(h)) => format!("对比{h}之前的 {} 场直播（{first} … {last}）。", b.len()),
        (Lang::Zh, None) => format!("对比你之前的 {} 场直播（{first} … {last}）。", b.len()),
    }
}

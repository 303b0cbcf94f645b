//! The texts of live mode in English and Chinese: the page's **Go live** view (following the
//! file, the live screen, alerts, the lottery panel and its verify box) and the live charts
//! (`charts::build::live`). The page receives them as the `live` part of
//! [`super::LabelTable`]; templates hold `{name}` placeholders (see [`super::fill`]).

use super::Lang;

/// `(key, English, Chinese)`, in page order.
pub const LIVE_TEXTS: &[(&str, &str, &str)] = &[
    // The view and following the file.
    ("tab", "Go live", "直播实时"),
    ("intro", "Follow the export file your capture or export tool keeps appending to (CSV or NDJSON). Every few seconds only the bytes added since the last look are read, on this device; nothing is uploaded.",
        "跟踪采集或导出工具不断追加写入的导出文件（CSV 或 NDJSON）。每隔几秒只读取上次之后新增的字节，全部在本机完成，不上传任何数据。"),
    ("pick", "Choose the growing file", "选择正在增长的文件"),
    ("no_fs_api", "This browser cannot follow a file by itself (no File System Access API, e.g. Firefox or Safari). Choose the file, then press Refresh whenever you want the rows added since.",
        "此浏览器无法自动跟踪文件（不支持 File System Access API，如 Firefox、Safari）。请选择文件，之后每次点“刷新”读取新增的行。"),
    ("refresh", "Refresh", "刷新"),
    ("stop", "Stop following", "停止跟踪"),
    ("every", "Read every", "读取间隔"),
    ("seconds", "{n} s", "{n} 秒"),
    ("following", "Following {name}", "正在跟踪 {name}"),
    ("stopped", "Stopped following {name}. The rows read stay on the screen.", "已停止跟踪 {name}，已读取的数据仍保留在屏幕上。"),
    ("status", "{bytes} read · {rows} rows accepted · {rejected} rejected · last new rows {ago}", "已读 {bytes} · 接受 {rows} 行 · 拒绝 {rejected} 行 · 最近新增 {ago}"),
    ("never", "not yet", "尚无"),
    ("ago", "{s} s ago", "{s} 秒前"),
    ("partial_line", "The last line is still being written: it is kept until it is complete.", "最后一行尚未写完，等写完后再读取。"),
    ("paused", "No new rows for {s} s: the tool may be paused. Still following.", "已 {s} 秒没有新数据，工具可能已暂停；仍在跟踪。"),
    ("restarted", "The file was replaced or truncated, so the live screen starts over: {reason}", "文件被替换或截断，实时屏幕已重新开始：{reason}"),
    ("repick", "The browser no longer lets this page read the changed file. Choose the same file again: reading continues from byte {offset}.", "浏览器不再允许本页读取已变化的文件。请再次选择同一文件，将从第 {offset} 字节继续读取。"),
    ("repick_button", "Choose it again", "重新选择"),
    ("baseline_on", "Band: the middle half (interquartile range) of the same minute in {n} earlier sessions.", "色带：之前 {n} 场同一分钟的中间一半（四分位距）。"),
    ("baseline_off", "No earlier sessions loaded, so there is no baseline band: load past exports under “Your data” first.", "尚未加载之前的场次，因此没有基线色带：请先在“你的数据”中加载过去的导出文件。"),
    ("session_now", "Session {id} · started {start} · {minutes} min on air", "场次 {id} · {start} 开播 · 已播 {minutes} 分钟"),
    ("nothing_yet", "No rows yet: waiting for the file to grow.", "尚无数据，等待文件写入。"),
    // The live screen.
    ("viewers_now", "Concurrent viewers", "在线人数"),
    ("enters_min", "Entering / min", "每分钟进入"),
    ("leaves_min", "Leaving / min", "每分钟离开"),
    ("gmv_min", "GMV / min", "每分钟成交额"),
    ("orders_min", "Orders / min", "每分钟订单"),
    ("clicks_min", "Product clicks / min", "每分钟商品点击"),
    ("questions_min", "Questions / min", "每分钟提问"),
    ("gmv_total", "GMV so far", "累计成交额"),
    ("viewers_total", "Viewers so far", "累计观看人数"),
    ("vs_band", "band {low}–{high}", "基线 {low}–{high}"),
    ("above_band", "above the band", "高于基线"),
    ("below_band", "below the band", "低于基线"),
    ("in_band", "within the band", "在基线内"),
    ("intents", "Comment intents per minute", "每分钟评论意图"),
    ("intent_question", "Question", "提问"),
    ("intent_purchase", "Buying", "购买"),
    ("intent_objection", "Objection", "顾虑"),
    ("intent_praise", "Praise", "称赞"),
    ("intent_complaint", "Complaint", "投诉"),
    ("intent_greeting", "Greeting", "打招呼"),
    ("intent_other", "Other", "其他"),
    ("questions", "Newest questions", "最新提问"),
    ("no_questions", "No questions yet.", "暂无提问。"),
    ("answered", "answered", "已回答"),
    ("unanswered", "not answered", "未回答"),
    ("asked_by", "{user} at {time}", "{user} · {time}"),
    ("markers", "Pitches and interaction tools", "讲解与互动工具"),
    ("products", "Products so far", "商品（累计）"),
    ("no_products", "No product shown yet.", "暂无商品曝光。"),
    ("product", "Product", "商品"),
    ("views", "Views", "曝光"),
    ("orders", "Orders", "订单"),
    ("funnel_so_far", "Funnel so far (people)", "累计漏斗（人数）"),
    ("no_markers", "No pitch, lucky bag, poll or coupon yet.", "暂无讲解、福袋、投票或优惠券。"),
    ("marker_pitch", "Pitch", "讲解"),
    ("marker_lucky_bag", "Lucky bag", "福袋"),
    ("marker_poll", "Poll", "投票"),
    ("marker_coupon", "Coupon", "优惠券"),
    ("from_to", "{from}–{to}", "{from}–{to}"),
    ("tick_ms", "Last update took {ms} ms for {rows} new rows", "上次更新耗时 {ms} 毫秒，新增 {rows} 行"),
    // Alerts.
    ("alerts", "Alerts", "提醒"),
    ("no_alerts", "No alert so far.", "暂无提醒。"),
    ("sound", "Sound on alert", "提醒时响铃"),
    ("notify", "Browser notifications", "浏览器通知"),
    ("notify_on", "Notifications are on", "通知已开启"),
    ("notify_denied", "Notifications are blocked for this page (browser settings).", "本页的通知已被浏览器阻止（见浏览器设置）。"),
    ("notify_missing", "This browser has no notifications.", "此浏览器不支持通知。"),
    ("alert_at", "at {time}", "于 {time}"),
    ("alert_viewers_drop", "Concurrent viewers fell {pct}% within {window} minutes ({from} → {to})", "在线人数 {window} 分钟内下降 {pct}%（{from} → {to}）"),
    ("alert_pitch_click_rate", "Product click rate of {product} is {rate} ({count} of {viewers} viewers), below the usual {q1} (lower quartile; median {median})", "{product} 的商品点击率为 {rate}（{viewers} 名观看者中 {count} 人），低于往常的 {q1}（下四分位；中位数 {median}）"),
    ("alert_pitch_conversion", "Conversion of {product} is {rate} ({count} of {viewers} viewers paid), below the usual {q1} (lower quartile; median {median})", "{product} 的转化率为 {rate}（{viewers} 名观看者中 {count} 人支付），低于往常的 {q1}（下四分位；中位数 {median}）"),
    ("alert_unanswered_questions", "{n} questions of the last {window} minutes are unanswered", "最近 {window} 分钟有 {n} 个提问未回答"),
    ("alert_refund_spike", "{n} refunds this minute (usual: median {median}, limit {limit})", "本分钟 {n} 笔退款（往常中位数 {median}，上限 {limit}）"),
    // Charts.
    ("chart_viewers", "Concurrent viewers, entering and leaving per minute", "在线人数与每分钟进入、离开"),
    ("chart_sales", "GMV and orders per minute", "每分钟成交额与订单"),
    ("chart_engagement", "Product clicks and questions per minute", "每分钟商品点击与提问"),
    ("minute_axis", "Time since start (h:mm)", "开播后时间（时:分）"),
    ("per_minute_axis", "Per minute", "每分钟"),
    ("people_axis", "People", "人数"),
    ("gmv_axis", "GMV (CNY)", "成交金额（元）"),
    ("series_viewers", "Concurrent viewers", "在线人数"),
    ("series_enters", "Entering", "进入"),
    ("series_leaves", "Leaving", "离开"),
    ("series_gmv", "GMV", "成交金额"),
    ("series_orders", "Orders (scaled)", "订单（缩放）"),
    ("series_clicks", "Product clicks", "商品点击"),
    ("series_questions", "Questions", "提问"),
    ("series_band_low", "{series}: baseline Q1", "{series}：基线下四分位"),
    ("series_band_high", "{series}: baseline Q3", "{series}：基线上四分位"),
    ("chart_note", "Shaded: pitch windows. The two “baseline” lines: the middle half (Q1 to Q3) of the same minute in earlier sessions.", "阴影：讲解时段。两条“基线”线：之前场次同一分钟的中间一半（下四分位到上四分位）。"),
    ("chart_empty", "Waiting for rows", "等待数据"),
    // The lottery.
    ("lottery", "Lottery", "抽奖"),
    ("lottery_intro", "A fair draw anyone can check: the commitment is published before the draw, the seed after it.", "人人可验证的公平抽奖：抽奖前公布承诺值，抽奖后公布种子。"),
    ("rule_within", "Commented within the last", "最近多少分钟内评论"),
    ("rule_minutes", "minutes (empty: the whole session)", "分钟（留空：整场）"),
    ("rule_keyword", "Comment contains the keyword", "评论包含关键词"),
    ("rule_followers", "Followers only", "仅限关注者"),
    ("rule_fan_club", "Fan club only", "仅限粉丝团"),
    ("rule_one_entry", "One entry per person (always)", "每人一次机会（始终）"),
    ("rule_exclude", "Exclude past winners ({n})", "排除之前的中奖者（{n} 人）"),
    ("winners_n", "Winners", "中奖人数"),
    ("eligible_count", "{n} eligible", "{n} 人符合条件"),
    ("eligible_of", "of {commenters} who commented; left out: {outside} outside the window, {keyword} without the keyword, {follower} not following, {fan} not in the fan club, {excluded} past winners", "共 {commenters} 人评论；排除：{outside} 人不在时间窗内，{keyword} 人未含关键词，{follower} 人未关注，{fan} 人非粉丝团，{excluded} 人为之前中奖者"),
    ("count", "Count eligible", "统计符合条件人数"),
    ("commit", "Publish the commitment", "公布承诺值"),
    ("commit_read", "Read this out or pin it before drawing:", "抽奖前请念出或置顶这段文字："),
    ("commit_line", "Lottery {code}: {n} eligible, {k} winner(s). Commitment {hash}.", "抽奖 {code}：{n} 人符合条件，抽 {k} 人。承诺值 {hash}。"),
    ("copy", "Copy", "复制"),
    ("draw", "Draw the winners", "抽出中奖者"),
    ("winners", "Winners", "中奖者"),
    ("reveal", "Reveal the seed", "公布种子"),
    ("seed", "Seed", "种子"),
    ("download_proof", "Download proof.json", "下载 proof.json"),
    ("verify_cli", "Anyone can check it: livelens lottery verify proof.json, or the verify box below.", "任何人都可以验证：livelens lottery verify proof.json，或使用下方的验证框。"),
    ("new_draw", "New draw", "再抽一次"),
    ("verify", "Verify a proof", "验证抽奖证明"),
    ("verify_hint", "Paste a proof.json here or drop the file.", "在此粘贴 proof.json 或拖入文件。"),
    ("verify_button", "Verify", "验证"),
    ("verified", "Verified: same eligible list, same seed → the same winners, and the commitment matches.", "验证通过：相同的名单和种子得出相同的中奖者，承诺值一致。"),
    ("not_verified", "Not verified:", "验证未通过："),
    ("proof_summary", "Session {session} · {n} eligible · commitment {code} · winners: {winners}", "场次 {session} · {n} 人符合条件 · 承诺值 {code} · 中奖者：{winners}"),
];

/// The text of `key` in `lang`, or the key itself when there is none.
pub fn live_text(key: &str, lang: Lang) -> &str {
    LIVE_TEXTS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or(key, |&(_, en, zh)| lang.pick(en, zh))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn holes(s: &str) -> Vec<&str> {
        let mut out: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n))
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn every_live_text_has_both_languages_and_the_same_placeholders() {
        let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let mut keys = HashSet::new();
        for &(key, en, zh) in LIVE_TEXTS {
            assert!(keys.insert(key), "duplicate live text {key}");
            assert!(!en.trim().is_empty() && !zh.trim().is_empty(), "{key}");
            assert!(!han(en), "{key}: English text has Chinese in it");
            // Pure placeholders ("{from}–{to}") need no translation.
            let bare = holes(zh)
                .iter()
                .fold(zh.to_owned(), |s, h| s.replace(&format!("{{{h}}}"), ""));
            assert!(
                han(zh) || !bare.chars().any(char::is_alphabetic),
                "{key}: not translated"
            );
            assert_eq!(holes(en), holes(zh), "{key}: placeholders differ");
        }
    }

    #[test]
    fn lookup_falls_back_to_the_key() {
        assert_eq!(live_text("tab", Lang::Zh), "直播实时");
        assert_eq!(live_text("tab", Lang::En), "Go live");
        assert_eq!(live_text("no_such_text", Lang::En), "no_such_text");
    }
}

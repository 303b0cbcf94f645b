//! Session summaries and danmaku capture streams as inputs, and orders tied to live sessions
//! (fixtures written for the project from the header lists of `platform-exports.md`, never
//! real customer data). Every expected figure is computed by hand in the comments.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion

use livelens::analysis::{analyze, analyze_kpis, no_progress, AnalysisOptions};
use livelens::ingest::{self, IngestOptions, InputFile, Loaded};
use livelens::kpi::{KpiReport, SessionKpis};
use livelens::model::EventKind;

mod common;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/platforms/");

fn load(names: &[&str]) -> Loaded {
    let files: Vec<InputFile> = names
        .iter()
        .map(|n| InputFile {
            name: (*n).to_owned(),
            bytes: std::fs::read(format!("{DIR}{n}")).unwrap(),
            ..InputFile::default()
        })
        .collect();
    let opts = IngestOptions {
        tz_offset_minutes: 480,
        ..IngestOptions::default()
    };
    ingest::load(&files, &opts)
}

/// Loads fixtures: no file error, no row rejected, each file's layout as expected.
fn loaded(names: &[&str], layouts: &[&str]) -> (Loaded, KpiReport) {
    let l = load(names);
    for (f, want) in l.validation.files.iter().zip(layouts) {
        assert!(f.error.is_none(), "{}: {:?}", f.name, f.error);
        assert_eq!(f.rows_rejected, 0, "{}: {:?}", f.name, f.rejected_by_reason);
        assert_eq!(
            f.layout.as_ref().map(|x| x.id.as_str()),
            Some(*want),
            "{}",
            f.name
        );
    }
    let k = analyze_kpis(&l.dataset, &l.validation).kpis;
    (l, k)
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-6, "{a} != {b}");
}

fn row<'a>(k: &'a KpiReport, id: &str) -> &'a SessionKpis {
    k.by_session.iter().find(|s| s.session_id == id).unwrap()
}

#[test]
fn compass_summary_alone_gives_the_per_session_table() {
    let (l, k) = loaded(&["compass_sessions.csv"], &["douyin_compass_sessions"]);
    let f = &l.validation.files[0];
    assert_eq!(f.kind, Some(ingest::FileKind::Sessions));
    let lay = f.layout.as_ref().unwrap();
    assert_eq!(lay.kind, "sessions");
    assert_eq!(lay.sessions, Some(3));
    assert_eq!(
        lay.description,
        "Douyin Compass / Buyin live-session summary, one row per live session"
    );
    // Sessions in start order, ids without the trailing tab.
    let ids: Vec<&str> = k.by_session.iter().map(|s| s.session_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "7300000000000000101",
            "7300000000000000102",
            "7300000000000000103"
        ]
    );
    let s1 = row(&k, "7300000000000000101");
    assert_eq!((s1.kpis.viewers, s1.kpis.views), (8_000, 12_000));
    assert_eq!((s1.kpis.peak_concurrent, s1.kpis.orders), (900, 100));
    close(s1.kpis.avg_concurrent.unwrap(), 450.0);
    close(s1.kpis.avg_watch_seconds.unwrap(), 90.0); // 1分30秒
    close(s1.kpis.gmv, 12_000.0);
    assert_eq!(s1.kpis.buyers, Some(90));
    close(s1.kpis.refunds, 600.0);
    close(s1.kpis.live_minutes.unwrap(), 120.0); // 2小时
    close(s1.kpis.conversion_rate.unwrap(), 90.0 / 8_000.0);
    close(s1.kpis.gpm.unwrap(), 1_000.0 * 12_000.0 / 12_000.0);
    close(s1.kpis.product_click_rate.unwrap(), 1_000.0 / 5_000.0);
    close(s1.kpis.click_to_pay_rate.unwrap(), 90.0 / 1_000.0);
    close(s1.kpis.comments_per_minute.unwrap(), 1_600.0 / 120.0);
    assert_eq!(s1.title.as_deref(), Some("周一职场写作课"));
    assert_eq!(s1.host.as_deref(), Some("林老师"));
    assert_eq!(s1.start.as_deref(), Some("2026-11-02 20:00:00"));
    assert!(s1.from_summary.contains(&"viewers".to_owned()));
    // 1.2万 viewers, ¥2.4万 GMV, 01:30:00 long.
    let s2 = row(&k, "7300000000000000102");
    assert_eq!(s2.kpis.viewers, 12_000);
    close(s2.kpis.gmv, 24_000.0);
    close(s2.kpis.live_minutes.unwrap(), 90.0);
    close(s2.kpis.avg_watch_seconds.unwrap(), 95.0);
    // `-` refunds are none; 90分钟.
    let s3 = row(&k, "7300000000000000103");
    close(s3.kpis.gmv, 3_000.50);
    close(s3.kpis.refunds, 0.0);
    close(s3.kpis.live_minutes.unwrap(), 90.0);
    // Overall: sums, the highest peak, means weighted by minutes (online) and viewers (watch).
    let o = &k.overall;
    assert_eq!((o.viewers, o.views, o.orders), (24_000, 35_000, 330));
    assert_eq!(
        (o.peak_concurrent, o.comments, o.followers),
        (1_500, 4_500, 620)
    );
    assert_eq!(o.buyers, Some(298));
    close(o.gmv, 39_000.50);
    close(o.refunds, 1_800.0);
    close(
        o.avg_concurrent.unwrap(),
        (450.0 * 120.0 + 700.0 * 90.0 + 150.0 * 90.0) / 300.0,
    );
    close(
        o.avg_watch_seconds.unwrap(),
        (90.0 * 8e3 + 95.0 * 12e3 + 60.0 * 4e3) / 24e3,
    );
    close(o.aov.unwrap(), 39_000.50 / 330.0);
    close(o.gpm.unwrap(), 1_000.0 * 39_000.50 / 35_000.0);
    assert!(k.overall_from_summary.contains(&"gmv".to_owned()));
    // The summary rows as read, and the per-platform table.
    assert_eq!(k.summaries.len(), 3);
    let fig = |n: &str| {
        k.summaries[0]
            .figures
            .iter()
            .find(|(x, _)| x == n)
            .unwrap()
            .1
    };
    close(fig("impressions"), 52_000.0);
    close(fig("units"), 110.0);
    assert!(k.summary_checks.is_empty());
    let groups: Vec<&str> = k.by_platform.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(groups, ["douyin", "all"]);
    close(k.by_platform[0].gmv.unwrap(), 39_000.50);
    assert_eq!(k.by_platform[0].sessions, 3);
}

#[test]
fn a_summary_alone_gives_a_full_report() {
    let l = load(&["compass_sessions.csv"]);
    let r = analyze(
        &l.dataset,
        &l.validation,
        &AnalysisOptions::default(),
        &mut no_progress,
    );
    assert_eq!(r.kpis.by_session.len(), 3);
    assert_eq!(r.sessions.len(), 3);
    close(r.kpis.overall.gmv, 39_000.50);
}

#[test]
fn tiktok_live_seller_export() {
    let (_, k) = loaded(&["tiktok_live_seller.csv"], &["tiktok_live_seller"]);
    // No LIVE id: the session is named by its local start (Excel serial 46355.5).
    let s1 = row(&k, "2026-11-29 12:00:00");
    close(s1.kpis.gmv, 1_234.50);
    assert_eq!((s1.kpis.orders, s1.kpis.views), (41, 2_000));
    close(s1.kpis.live_minutes.unwrap(), 90.0); // 1h30m
    close(s1.kpis.avg_watch_seconds.unwrap(), 65.0); // 1m5s
    close(s1.kpis.product_click_rate.unwrap(), 600.0 / 3_000.0);
    close(s1.kpis.roi.unwrap(), 1_234.50 / 200.0);
    let s2 = row(&k, "2026-12-01 20:00:00");
    close(s2.kpis.gmv, 310.0);
    assert_eq!(s2.kpis.ad_spend, None);
    close(k.overall.gmv, 1_544.50);
    assert_eq!((k.overall.orders, k.overall.likes), (51, 5_100));
    // ROI over the sessions with a known spend: the second has none.
    close(k.overall.roi.unwrap(), 1_234.50 / 200.0);
    assert_eq!(k.by_platform[0].group, "tiktok");
}

#[test]
fn wechat_channels_live_data() {
    let (_, k) = loaded(&["wechat_channels_live.json"], &["wechat_channels_live"]);
    let s = row(&k, "export/UzFfAgtgekIEAQAAAAAAb4MHYGQ1");
    assert_eq!(
        (s.kpis.viewers, s.kpis.likes, s.kpis.shares),
        (3_000, 15_000, 120)
    );
    assert_eq!(s.start.as_deref(), Some("2026-11-06 20:00:00"));
    close(s.kpis.live_minutes.unwrap(), 90.0);
    assert_eq!(k.overall.viewers, 4_000);
    close(
        k.overall.avg_watch_seconds.unwrap(),
        (240.0 * 3e3 + 180.0 * 1e3) / 4e3,
    );
    assert_eq!(k.overall.peak_concurrent, 420);
}

#[test]
fn generic_one_row_per_session_file() {
    let (l, k) = loaded(&["generic_sessions.csv"], &["generic_sessions_summary"]);
    assert_eq!(l.dataset.hosts.len(), 2);
    let s1 = row(&k, "s1");
    assert_eq!((s1.kpis.viewers, s1.kpis.buyers), (500, Some(25)));
    assert_eq!(s1.host.as_deref(), Some("Lin"));
    assert_eq!(k.overall.viewers, 800);
    close(k.overall.gmv, 3_990.0);
    assert_eq!((k.overall.orders, k.overall.buyers), (40, Some(35)));
    close(
        k.overall.avg_watch_seconds.unwrap(),
        (300.0 * 500.0 + 200.0 * 300.0) / 800.0,
    );
    // The host leaderboard from the summary: Lin's session (3,000.00) before Zhou's (990.00).
    let hosts = analyze_kpis(&l.dataset, &l.validation).hosts;
    let h: Vec<(&str, f64, u64)> = hosts
        .iter()
        .map(|g| (g.group.as_str(), g.kpis.gmv, g.kpis.viewers))
        .collect();
    assert_eq!(h, [("Lin", 3_000.0, 500), ("Zhou", 990.0, 300)]);
    // A plain sessions file (no figures) is still a sessions file, not a summary.
    let plain = ingest::load(
        &[InputFile::from_text(
            "s.csv",
            None,
            "session_id,host,start,end,ad_spend\ns1,Lin,2026-11-02 20:00,2026-11-02 22:00,100\n",
        )],
        &IngestOptions::default(),
    );
    assert!(plain.validation.files[0].layout.is_none());
    assert_eq!(
        plain.validation.files[0].kind,
        Some(ingest::FileKind::Sessions)
    );
}

#[test]
fn orders_tied_by_creator_and_time_window() {
    let (l, k) = loaded(
        &["compass_sessions.csv", "douyin_shop_orders_live.csv"],
        &["douyin_compass_sessions", "douyin_shop_orders"],
    );
    let lay = l.validation.files[1].layout.as_ref().unwrap();
    let t = lay.order_sessions.unwrap();
    // 1001 in S1 and S2, 1002 in S3 by creator; the order without a creator by S3's window;
    // 1002's order during 1001's S1 and the order after every session: untied.
    assert_eq!(
        (t.by_room, t.by_creator_and_time, t.by_time, t.untied),
        (0, 3, 1, 2)
    );
    // S1: the events give 99.00 of GMV and one order, the summary 12,000.00 and 100: shown both.
    let s1 = row(&k, "7300000000000000101");
    close(s1.kpis.gmv, 99.0);
    assert_eq!(s1.kpis.viewers, 8_000); // from the summary: no enter events
                                        // The sales are the events' (the shop export has no buyer id): none from the summary.
    assert_eq!(s1.kpis.buyers, None);
    close(s1.kpis.refunds, 0.0);
    let gmv = k
        .summary_checks
        .iter()
        .find(|c| c.session_id == "7300000000000000101" && c.figure == "gmv")
        .unwrap();
    close(gmv.events, 99.0);
    close(gmv.summary, 12_000.0);
    close(gmv.difference, 99.0 - 12_000.0);
    // Overall GMV: every order paid (events); buyers stay unknown (no buyer id in the orders).
    close(k.overall.gmv, 99.0 + 199.0 + 49.90 + 49.90 + 99.0 + 99.0);
    assert_eq!(k.overall.buyers, None);
}

#[test]
fn orders_tied_by_room_id_to_a_capture_streams_room() {
    let l = load(&["douyin_capture.ndjson", "douyin_open_orders.json"]);
    let lay = l.validation.files[1].layout.as_ref().unwrap();
    let t = lay.order_sessions.unwrap();
    assert_eq!(t.by_room, 3);
    assert_eq!(t.untied, 0);
}

#[test]
fn douyin_capture_messages() {
    let (l, k) = loaded(&["douyin_capture.ndjson"], &["douyin_capture_messages"]);
    let f = &l.validation.files[0];
    assert_eq!(f.kind, Some(ingest::FileKind::Events));
    assert_eq!((f.rows_read, f.rows_accepted), (11, 11));
    // Two notices (room statistics, live ended) make no event.
    assert_eq!(f.layout.as_ref().unwrap().events, Some(9));
    let ds = &l.dataset;
    let count = |kind: EventKind| ds.events.kind.iter().filter(|k| **k == kind).count();
    assert_eq!((count(EventKind::Enter), count(EventKind::Comment)), (2, 2));
    assert_eq!((count(EventKind::Like), count(EventKind::Gift)), (1, 1));
    assert_eq!((count(EventKind::Follow), count(EventKind::Share)), (1, 1));
    assert_eq!(count(EventKind::FanClubJoin), 1);
    // Comment text kept as written (user text, never markup).
    let texts: Vec<&str> = (0..ds.events.len())
        .filter_map(|i| ds.events.extra.text(i))
        .collect();
    assert!(texts.contains(&"这个课多少钱？"));
    assert!(texts.contains(&"<b>老师讲得好</b>"));
    assert_eq!(ds.sessions.names(), ["7300000000000000101"]);
    assert_eq!((k.overall.viewers, k.overall.comments), (2, 2));
    assert_eq!(k.overall.followers, 1);
}

#[test]
fn comment_only_captures_are_complete_inputs() {
    for (name, layout, comments) in [
        ("danmaku_event_ts.ndjson", "danmaku_event_ts", 4),
        ("danmaku_timestmap.csv", "danmaku_timestmap", 3),
    ] {
        let (l, k) = loaded(&[name], &[layout]);
        assert_eq!(k.overall.comments, comments, "{name}");
        let r = analyze(
            &l.dataset,
            &l.validation,
            &AnalysisOptions::default(),
            &mut no_progress,
        );
        assert_eq!(r.dataset.comments_with_text, comments, "{name}");
    }
    let (l, _) = loaded(&["danmaku_event_ts.ndjson"], &["danmaku_event_ts"]);
    let ds = &l.dataset;
    assert_eq!(ds.users.len(), 3);
    assert_eq!(
        livelens::ingest::parse::format_ts(ds.events.ts[0], 480),
        "2026-11-02 20:01:00"
    );
    assert_eq!(ds.events.extra.text(3), Some("where can I buy"));
}

#[test]
fn tiktok_live_capture_counts_a_gift_streak_once() {
    let (l, k) = loaded(&["tiktok_live_capture.ndjson"], &["tiktok_live_capture"]);
    let ds = &l.dataset;
    assert_eq!(ds.events.len(), 6);
    let gifts = ds
        .events
        .kind
        .iter()
        .filter(|k| **k == EventKind::Gift)
        .count();
    assert_eq!(gifts, 1);
    assert_eq!(k.overall.viewers, 1);
    assert_eq!(k.overall.comments, 1);
    assert!(l.validation.files[0]
        .warnings
        .iter()
        .any(|w| w.contains("gift streak")));
}

#[test]
fn compass_live_screen_json_in_fen() {
    let (l, k) = loaded(&["compass_live_screen.json"], &["douyin_compass_api"]);
    assert_eq!(
        l.validation.files[0].layout.as_ref().unwrap().money_unit,
        ingest::layouts::MoneyUnit::Fen
    );
    // 1299900 fen = 12,999.00 yuan, never ×100; the 19-digit room id exactly.
    let s = row(&k, "7300000000000000201");
    close(s.kpis.gmv, 12_999.0);
    assert_eq!(
        (s.kpis.viewers, s.kpis.views, s.kpis.peak_concurrent),
        (5_000, 7_000, 600)
    );
    assert_eq!((s.kpis.orders, s.kpis.buyers), (60, Some(55)));
    close(s.kpis.gpm.unwrap(), 1_000.0 * 12_999.0 / 7_000.0);
    close(s.kpis.live_minutes.unwrap(), 60.0);
    close(k.overall.gmv, 12_999.0 + 99.0);
    close(
        k.overall.avg_concurrent.unwrap(),
        (250.0 * 60.0 + 50.0 * 30.0) / 90.0,
    );
}

#[test]
fn tiktok_live_creator_export() {
    let (l, k) = loaded(&["tiktok_live_creator.csv"], &["tiktok_live_creator"]);
    let lay = l.validation.files[0].layout.as_ref().unwrap();
    // 12-hour clock: the US date order.
    assert_eq!(lay.date_order.as_deref(), Some("MM/DD/YYYY"));
    let s = row(&k, "2026-11-29 20:00:00");
    close(s.kpis.gmv, 2_000.0);
    assert_eq!((s.kpis.viewers, s.kpis.peak_concurrent), (3_000, 400));
    close(s.kpis.live_minutes.unwrap(), 120.0);
    close(s.kpis.conversion_rate.unwrap(), 45.0 / 3_000.0);
    let o = &k.overall;
    close(o.gmv, 2_500.0);
    assert_eq!((o.orders, o.buyers, o.viewers), (62, Some(57), 3_900));
    close(
        o.avg_concurrent.unwrap(),
        (120.0 * 120.0 + 40.0 * 75.0) / 195.0,
    );
}

#[test]
fn platforms_side_by_side_keep_their_own_sessions() {
    let (_, k) = loaded(
        &[
            "compass_sessions.csv",
            "douyin_shop_orders_live.csv",
            "tiktok_live_seller.csv",
        ],
        &[
            "douyin_compass_sessions",
            "douyin_shop_orders",
            "tiktok_live_seller",
        ],
    );
    let g = |name: &str| k.by_platform.iter().find(|g| g.group == name).unwrap();
    let (douyin, tiktok, all) = (g("douyin"), g("tiktok"), g("all"));
    // Douyin: the shop export's paid orders (the events win where they give sales), the
    // summary's audience; no ad spend, so no ROI (TikTok's spend is TikTok's).
    close(douyin.gmv.unwrap(), 595.80);
    assert_eq!(douyin.viewers, Some(24_000));
    assert_eq!(douyin.ad_spend, None);
    assert_eq!(douyin.roi, None);
    close(douyin.refunds.unwrap(), 0.0);
    // TikTok from its LIVE export alone: views but no viewer or online counts (null, not 0),
    // and its ROI over the one session with a known spend (1,234.50 of GMV for 200).
    close(tiktok.gmv.unwrap(), 1_544.50);
    close(tiktok.roi.unwrap(), 1_234.50 / 200.0);
    assert_eq!(tiktok.views, Some(2_000 + 800));
    assert_eq!((tiktok.viewers, tiktok.peak_concurrent), (None, None));
    assert_eq!(tiktok.sessions, 2);
    close(all.gmv.unwrap(), 595.80 + 1_544.50);
    // Combined: the spend is TikTok's only, so ROI divides only that session's GMV, not
    // Douyin's too (it was 2,140.30 / 200 = 10.7 before).
    close(all.ad_spend.unwrap(), 200.0);
    close(all.roi.unwrap(), 1_234.50 / 200.0);
    common::all_column_is_overall(all, &k.overall);
}

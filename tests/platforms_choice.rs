//! The platform of rows that no platform layout places: a `platform` column of a generic file,
//! or the user's choice (per file, or for every file); the per-platform table's nulls for what
//! a platform's data cannot give, and ROI over the sessions with a known spend only. Expected
//! figures are computed by hand from the rows below.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use livelens::analysis::analyze_kpis;
use livelens::ingest::{self, FileKind, IngestOptions, InputFile, Loaded};
use livelens::kpi::{KpiReport, PlatformKpis};

mod common;

const BIN: &str = env!("CARGO_BIN_EXE_livelens");

/// Generic orders: a `平台` column with known names in two spellings, a missing value (`-`),
/// an unknown name (kept, trimmed) and an empty cell.
const ORDERS: &str = "\
order_id,user_id,paid_at,amount,平台,session_id,status,refund_amount
o1,u1,2026-11-20 20:05:00,100.00,抖音,s1,paid,
o2,u2,2026-11-20 20:10:00,50.50,Douyin,s1,refunded,20.00
o3,u3,2026-11-21 20:05:00,200.00,TikTok,s2,paid,
o4,u4,2026-11-21 20:06:00,30.00,-,s2,paid,
o5,u5,2026-11-22 20:00:00,80.00, Xiaohongshu ,s3,paid,
o6,u6,2026-11-22 20:30:00,20.00,,s3,paid,
";

/// Sessions: a spend for s1 and s3 only.
const SESSIONS: &str = "\
session_id,start,end,ad_spend
s1,2026-11-20 20:00:00,2026-11-20 22:00:00,50
s2,2026-11-21 20:00:00,2026-11-21 22:00:00,
s3,2026-11-22 20:00:00,2026-11-22 22:00:00,40
";

fn load(files: &[(&str, FileKind, &str)], opts: &IngestOptions) -> Loaded {
    let files: Vec<InputFile> = files
        .iter()
        .map(|(n, k, t)| InputFile::from_text(n, Some(*k), t))
        .collect();
    let l = ingest::load(&files, opts);
    for f in &l.validation.files {
        assert!(f.error.is_none(), "{f:?}");
        assert_eq!(f.rows_rejected, 0, "{f:?}");
    }
    l
}

fn kpis(l: &Loaded) -> KpiReport {
    analyze_kpis(&l.dataset, &l.validation).kpis
}

fn col<'a>(k: &'a KpiReport, group: &str) -> &'a PlatformKpis {
    k.by_platform
        .iter()
        .find(|g| g.group == group)
        .unwrap_or_else(|| panic!("no column {group}"))
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} vs {b}");
}

#[test]
fn a_platform_column_places_each_row_and_roi_uses_only_spent_sessions() {
    let l = load(
        &[
            ("sessions.csv", FileKind::Sessions, SESSIONS),
            ("orders.csv", FileKind::Orders, ORDERS),
        ],
        &IngestOptions::default(),
    );
    let k = kpis(&l);
    let groups: Vec<&str> = k.by_platform.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(
        groups,
        ["douyin", "tiktok", "Xiaohongshu", "unspecified", "all"]
    );
    // Douyin: o1 100 + o2 50.50 (refunded 20) in s1, whose spend is 50.
    let d = col(&k, "douyin");
    close(d.gmv.unwrap(), 150.50);
    assert_eq!((d.orders, d.buyers, d.sessions), (Some(2), Some(2), 1));
    close(d.refunds.unwrap(), 20.0);
    close(d.ad_spend.unwrap(), 50.0);
    close(d.roi.unwrap(), 150.50 / 50.0);
    close(d.net_roi.unwrap(), (150.50 - 20.0) / 50.0);
    // TikTok: o3 200 in s2, which has no spend: no ROI.
    let t = col(&k, "tiktok");
    close(t.gmv.unwrap(), 200.0);
    assert_eq!((t.ad_spend, t.roi), (None, None));
    // An unknown name is kept as written (trimmed).
    let x = col(&k, "Xiaohongshu");
    close(x.gmv.unwrap(), 80.0);
    close(x.roi.unwrap(), 80.0 / 40.0);
    // `-` and empty cells: no platform (o4 in s2, o6 in s3).
    let u = col(&k, "unspecified");
    close(u.gmv.unwrap(), 50.0);
    assert_eq!(u.orders, Some(2));
    // Combined: spend 50 + 40; ROI over s1 and s3's GMV only (150.50 + 80 + 20), not s2's
    // 230 (with it, it would be 480.50 / 90).
    let all = col(&k, "all");
    close(all.gmv.unwrap(), 480.50);
    close(all.ad_spend.unwrap(), 90.0);
    close(all.roi.unwrap(), 250.50 / 90.0);
    close(all.net_roi.unwrap(), (250.50 - 20.0) / 90.0);
    close(k.overall.roi.unwrap(), 250.50 / 90.0);
    common::all_column_is_overall(all, &k.overall);
    // Per session: each its own GMV over its own spend.
    let s1 = k.by_session.iter().find(|s| s.session_id == "s1").unwrap();
    close(s1.kpis.roi.unwrap(), 150.50 / 50.0);
    let s2 = k.by_session.iter().find(|s| s.session_id == "s2").unwrap();
    assert_eq!(s2.kpis.roi, None);
    // Orders alone give no audience or interactions: null in every column, never 0.
    for g in &k.by_platform {
        assert_eq!(
            (g.viewers, g.views, g.peak_concurrent, g.avg_concurrent),
            (None, None, None, None),
            "{}",
            g.group
        );
        assert_eq!((g.comments, g.likes, g.followers), (None, None, None));
        assert_eq!((g.conversion_rate, g.uv_value, g.gpm), (None, None, None));
    }
    let json = serde_json::to_value(&k.by_platform[1]).unwrap();
    assert!(json["viewers"].is_null() && json["peak_concurrent"].is_null());
    assert_eq!(
        l.dataset.platforms.names(),
        ["douyin", "tiktok", "Xiaohongshu"]
    );
}

/// Events of a creator's own capture on TikTok (no platform column, nor any comment).
const TIKTOK_EVENTS: &str = "\
user_id,event,timestamp,session_id,order_id,amount
v1,enter,2026-11-23 20:00:00,t1,,
v2,enter,2026-11-23 20:01:00,t1,,
v1,pay,2026-11-23 20:10:00,t1,t-o1,60.00
";

/// Events with a platform column (Chinese header), one comment.
const DOUYIN_EVENTS: &str = "\
user_id,event,timestamp,session_id,order_id,amount,渠道平台
d1,enter,2026-11-24 20:00:00,d-s1,,,抖音
d2,enter,2026-11-24 20:00:30,d-s1,,,抖音
d3,enter,2026-11-24 20:01:00,d-s1,,,抖音
d1,comment,2026-11-24 20:02:00,d-s1,,,抖音
d2,pay,2026-11-24 20:05:00,d-s1,d-o1,90.00,抖音
";

/// Orders with no platform at all.
const PLAIN_ORDERS: &str = "\
order_id,user_id,paid_at,amount
k-o1,k1,2026-11-25 20:00:00,45.00
";

#[test]
fn the_users_choice_fills_what_no_layout_or_column_places() {
    let opts = IngestOptions {
        // Every file without a platform: Kuaishou; the TikTok file: its own choice.
        platform: Some("快手".into()),
        file_platforms: vec![("tiktok_events.csv".into(), "TikTok".into())],
        ..IngestOptions::default()
    };
    opts.check().unwrap();
    let l = load(
        &[
            ("tiktok_events.csv", FileKind::Events, TIKTOK_EVENTS),
            ("douyin_events.csv", FileKind::Events, DOUYIN_EVENTS),
            ("plain_orders.csv", FileKind::Orders, PLAIN_ORDERS),
        ],
        &opts,
    );
    let files = &l.validation.files;
    // The report says which choice applied to each file (normalised).
    assert_eq!(files[0].platform.as_deref(), Some("tiktok"));
    assert_eq!(files[2].platform.as_deref(), Some("kuaishou"));
    let k = kpis(&l);
    let groups: Vec<&str> = k.by_platform.iter().map(|g| g.group.as_str()).collect();
    // In the order of the files.
    assert_eq!(groups, ["tiktok", "douyin", "kuaishou", "all"]);
    // The column wins over the choice for every file: Douyin's rows stay Douyin's.
    let d = col(&k, "douyin");
    assert_eq!(
        (d.viewers, d.comments, d.buyers),
        (Some(3), Some(1), Some(1))
    );
    close(d.gmv.unwrap(), 90.0);
    close(d.conversion_rate.unwrap(), 1.0 / 3.0);
    let t = col(&k, "tiktok");
    assert_eq!((t.viewers, t.views, t.buyers), (Some(2), Some(2), Some(1)));
    close(t.gmv.unwrap(), 60.0);
    // No comment rows in the TikTok capture: its comments are unknown, not 0.
    assert_eq!((t.comments, t.comments_per_minute), (None, None));
    let ks = col(&k, "kuaishou");
    close(ks.gmv.unwrap(), 45.0);
    assert_eq!((ks.viewers, ks.orders), (None, Some(1)));
    let all = col(&k, "all");
    assert_eq!((all.viewers, all.comments), (Some(5), Some(1)));
    close(all.gmv.unwrap(), 195.0);
    close(all.aov.unwrap(), 195.0 / 3.0);
    close(d.gpm.unwrap(), 1000.0 * 90.0 / 3.0);
    // Combined rates whose two parts come from different platforms are null: Kuaishou's GMV
    // has no views or viewers, TikTok's viewers no comment rows.
    assert_eq!(
        (all.gpm, all.uv_value, all.conversion_rate),
        (None, None, None)
    );
    assert_eq!(
        (all.comments_per_minute, all.interaction_rate),
        (None, None)
    );
    // The overall cards do not show those mixed rates either.
    assert_eq!((k.overall.gpm, k.overall.uv_value), (None, None));
    common::all_column_is_overall(all, &k.overall);
}

#[test]
fn a_choice_that_is_no_platform_name_is_refused_with_the_file_named() {
    let bad = |f: &str, p: &str| {
        IngestOptions {
            file_platforms: vec![(f.into(), p.into())],
            ..IngestOptions::default()
        }
        .check()
        .unwrap_err()
        .to_string()
    };
    let e = bad("events.csv", "all");
    assert!(e.contains("events.csv") && e.contains("reserved"), "{e}");
    let e = bad("events.csv", " - ");
    assert!(e.contains("events.csv") && e.contains("empty"), "{e}");
    let e = bad("", "douyin");
    assert!(e.contains("names no file"), "{e}");
    let e = IngestOptions {
        platform: Some("unspecified".into()),
        ..IngestOptions::default()
    }
    .check()
    .unwrap_err()
    .to_string();
    assert!(e.contains("reserved"), "{e}");
}

fn cli(args: &[&str], files: &[(&str, &str)]) -> (i32, String, serde_json::Value) {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "livelens-platform-choice-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for (n, t) in files {
        std::fs::write(dir.join(n), t).unwrap();
    }
    let out = dir.join("report.json");
    let o = Command::new(BIN)
        .current_dir(&dir)
        .args(["analyze", "--out", out.to_str().unwrap()])
        .args(args)
        .output()
        .unwrap();
    let r = std::fs::read_to_string(&out)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(serde_json::Value::Null);
    let _ = std::fs::remove_dir_all(&dir);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        r,
    )
}

#[test]
fn cli_platform_for_one_file_and_for_all() {
    let files = [
        ("tiktok_events.csv", TIKTOK_EVENTS),
        ("plain_orders.csv", PLAIN_ORDERS),
    ];
    let (code, err, r) = cli(
        &[
            "--events",
            "tiktok_events.csv",
            "--orders",
            "plain_orders.csv",
            "--platform",
            "tiktok_events.csv=YouTube",
            "--platform",
            "视频号",
        ],
        &files,
    );
    assert_eq!(code, 0, "{err}");
    let groups: Vec<&str> = r["kpis"]["by_platform"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["youtube", "wechat_channels", "all"]);
    assert_eq!(r["validation"]["files"][0]["platform"], "youtube");
    assert_eq!(
        r["kpis"]["by_platform"][1]["viewers"],
        serde_json::Value::Null
    );
    assert_eq!(r["kpis"]["by_platform"][1]["gmv"], 45.0);
    // The table on stderr, `—` where the data gives no figure.
    assert!(err.contains("KPIs per platform"), "{err}");
    let viewers = err.lines().find(|l| l.starts_with("viewers")).unwrap();
    assert_eq!(
        viewers.split_whitespace().collect::<Vec<_>>(),
        ["viewers", "2", "—", "2"]
    );
}

#[test]
fn cli_refuses_a_bad_platform_choice() {
    let files = [("plain_orders.csv", PLAIN_ORDERS)];
    for (args, says) in [
        (vec!["--platform", "all"], "reserved"),
        (vec!["--platform", "-"], "is empty"),
        (
            vec!["--platform", "other.csv=douyin"],
            "\"other.csv\" is not one of the input files",
        ),
        (
            vec!["--platform", "douyin", "--platform", "tiktok"],
            "a platform for every file is already given",
        ),
    ] {
        let mut a = vec!["--orders", "plain_orders.csv"];
        a.extend(args.iter().copied());
        let (code, err, _) = cli(&a, &files);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("--platform") && err.contains(says),
            "{args:?}: {err}"
        );
    }
}

//! The platforms' own exports (fixtures written for the project from the header lists of
//! `platform-exports.md`, never real customer data) load with no mapping, and give the GMV,
//! orders and buyers computed by hand in each test.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion

use livelens::analysis::{analyze, analyze_kpis, no_progress, AnalysisOptions};
use livelens::ingest::{self, IngestOptions, InputFile, Loaded};
use livelens::kpi::Kpis;

mod common;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/platforms/");

fn file(name: &str) -> InputFile {
    let bytes = std::fs::read(format!("{DIR}{name}")).unwrap();
    InputFile {
        name: name.to_owned(),
        bytes,
        ..InputFile::default()
    }
}

fn load(names: &[&str]) -> Loaded {
    let files: Vec<InputFile> = names.iter().map(|n| file(n)).collect();
    let opts = IngestOptions {
        tz_offset_minutes: 480,
        ..IngestOptions::default()
    };
    ingest::load(&files, &opts)
}

fn kpis(l: &Loaded) -> Kpis {
    analyze_kpis(&l.dataset, &l.validation).kpis.overall
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-6, "{a} != {b}");
}

/// Loads one fixture: every row accepted, the layout recognised; its KPIs.
fn one(name: &str, layout: &str) -> (Loaded, Kpis) {
    let l = load(&[name]);
    let f = &l.validation.files[0];
    assert!(f.error.is_none(), "{name}: {:?}", f.error);
    assert_eq!(f.rows_rejected, 0, "{name}: {:?}", f.rejected_by_reason);
    let got = f.layout.as_ref().map(|x| x.id.as_str());
    assert_eq!(got, Some(layout), "{name}");
    let k = kpis(&l);
    (l, k)
}

#[test]
fn douyin_shop_export_gives_order_level_kpis_without_buyers() {
    let (l, k) = one("douyin_shop_orders.csv", "douyin_shop_orders");
    let lay = l.validation.files[0].layout.as_ref().unwrap();
    assert_eq!(
        lay.description,
        "Douyin shop order export, one row per order line"
    );
    assert_eq!(lay.description_zh, "抖店订单导出，每行一个子订单");
    assert_eq!(lay.money_unit, ingest::layouts::MoneyUnit::Yuan);
    assert!(!lay.has_buyer_id);
    // Orders A (three lines, 1,299.00 repeated on each: counted once), B (99.00, refunded),
    // D (49.90); C was cancelled.
    assert_eq!((lay.orders, lay.order_lines), (4, 6));
    close(k.gmv, 1299.0 + 99.0 + 49.90);
    assert_eq!(k.orders, 3);
    close(k.refunds, 99.0);
    // No buyer id: buyers (and the rates over them) are not available, never the order count.
    assert_eq!(k.buyers, None);
    assert_eq!(k.revenue_per_buyer, None);
    close(k.aov.unwrap(), (1299.0 + 99.0 + 49.90) / 3.0);
    // The ids are kept exactly, without the trailing tab; the three lines stay products.
    let ds = &l.dataset;
    assert!(ds.orders.get("6920000000000000001").is_some());
    assert!(ds.items.get("3700000000000000011").is_some());
    let a = ds.orders.get("6920000000000000001").unwrap();
    let lines: Vec<(u32, f64)> = (0..ds.events.len())
        .filter(|&i| ds.events.order[i] == a)
        .map(|i| (ds.events.item[i], ds.events.amount[i]))
        .collect();
    assert_eq!(lines.len(), 3);
    let shares: Vec<f64> = lines.iter().map(|x| x.1).collect();
    assert_eq!(shares, vec![999.0, 200.0, 100.0]);
    // Person-level analyses say why they are skipped.
    let r = analyze(
        &l.dataset,
        &l.validation,
        &AnalysisOptions::default(),
        &mut no_progress,
    );
    for section in ["segments", "retention", "prediction", "recommendations"] {
        assert!(
            r.skipped
                .iter()
                .any(|s| s.section == section && s.code == "no_buyer_id"),
            "{section}: {:?}",
            r.skipped
        );
    }
    assert_eq!(r.dataset.events, 7);
    assert_eq!(r.kpis.by_platform.len(), 2);
    assert_eq!(r.kpis.by_platform[0].group, "douyin");
}

#[test]
fn douyin_after_sales_export_gives_refunds_counted_once_with_the_orders() {
    let (_, k) = one("douyin_after_sales.csv", "douyin_after_sales");
    // Two refunded cases (99.00 and 100.00); the third is still being handled.
    close(k.refunds, 199.0);
    close(k.gmv, 0.0);
    assert_eq!(k.orders, 0);
    // With the order export: order B's refund is in both files and counted once.
    let l = load(&["douyin_shop_orders.csv", "douyin_after_sales.csv"]);
    let k = kpis(&l);
    close(k.gmv, 1447.90);
    close(k.refunds, 199.0);
    assert_eq!(k.orders, 3);
    assert!(l.validation.files[1]
        .warnings
        .iter()
        .any(|w| w.contains("counted once")));
}

#[test]
fn an_order_in_two_overlapping_exports_is_counted_once() {
    // The same bytes twice are one file read once (`duplicate_file`); an overlapping export
    // (here the same orders, saved again with a trailing line break) is read, and its orders
    // already seen are counted once.
    let same = load(&["kuaishou_orders.json", "kuaishou_orders.json"]);
    close(kpis(&same).gmv, 99.0 + 299.0);
    let mut again = file("kuaishou_orders.json");
    again.name = "kuaishou_orders_again.json".into();
    again.bytes.push(b'\n');
    let l = ingest::load(
        &[file("kuaishou_orders.json"), again],
        &IngestOptions {
            tz_offset_minutes: 480,
            ..IngestOptions::default()
        },
    );
    let k = kpis(&l);
    close(k.gmv, 99.0 + 299.0);
    assert_eq!(k.orders, 2);
    assert!(l.validation.files[1]
        .warnings
        .iter()
        .any(|w| w.contains("2 orders were already read")));
}

#[test]
fn douyin_open_platform_json_is_read_in_fen() {
    let (l, k) = one("douyin_open_orders.json", "douyin_open_orders");
    // 29900 + 9900 fen = 398.00 yuan (never ×100); the cancelled order is not GMV.
    close(k.gmv, 398.0);
    assert_eq!(k.orders, 2);
    assert_eq!(k.buyers, Some(1));
    let ds = &l.dataset;
    // 19-digit ids exactly, never through floats.
    assert!(ds.items.get("3710000000000000001").is_some());
    assert!(ds.sessions.get("7300000000000000001").is_some());
    let lay = l.validation.files[0].layout.as_ref().unwrap();
    assert_eq!(lay.money_unit, ingest::layouts::MoneyUnit::Fen);
    assert_eq!((lay.orders, lay.order_lines), (3, 4));
}

#[test]
fn buyin_distribution_orders() {
    let (_, k) = one("buyin_kol_orders.json", "buyin_kol_orders");
    close(k.gmv, 99.0 + 199.0 + 50.0);
    assert_eq!(k.orders, 3);
    assert_eq!(k.buyers, Some(2));
    close(k.refunds, 50.0);
}

#[test]
fn kuaishou_order_json() {
    let (l, k) = one("kuaishou_orders.json", "kuaishou_orders");
    close(k.gmv, 99.0 + 299.0);
    assert_eq!(k.orders, 2);
    assert_eq!(k.buyers, Some(2));
    assert!(l.dataset.orders.get("2611200000000001").is_some());
}

#[test]
fn wechat_channels_order_json() {
    let (l, k) = one("wechat_channels_orders.json", "wechat_channels_orders");
    // 277.00 (two lines, three units) + 99.00 (refunded after sale); 250 = cancelled.
    close(k.gmv, 277.0 + 99.0);
    assert_eq!(k.orders, 2);
    assert_eq!(k.buyers, Some(2));
    close(k.refunds, 99.0);
    let lay = l.validation.files[0].layout.as_ref().unwrap();
    assert_eq!((lay.orders, lay.order_lines), (3, 4));
}

#[test]
fn tiktok_csv_with_regional_dates_and_repeated_order_amount() {
    let (l, k) = one("tiktok_shop_orders_th.csv", "tiktok_shop_orders");
    // An order of three lines is one order; its Order Amount (1,050.00) counted once.
    close(k.gmv, 1050.0 + 120.0);
    assert_eq!(k.orders, 2);
    assert_eq!(k.buyers, Some(1));
    let lay = l.validation.files[0].layout.as_ref().unwrap();
    assert_eq!(lay.date_order.as_deref(), Some("DD/MM/YYYY"));
    // Lines keep their share of the order (500 : 300 : 200 of 1,050).
    let ds = &l.dataset;
    let o = ds.orders.get("576000000000000001").unwrap();
    let shares: Vec<f64> = (0..ds.events.len())
        .filter(|&i| ds.events.order[i] == o)
        .map(|i| ds.events.amount[i])
        .collect();
    assert_eq!(shares, vec![525.0, 315.0, 210.0]);
    // 02/12/2026 is 2 December (day first), not 12 February.
    let r = analyze_kpis(ds, &l.validation);
    assert_eq!(r.dataset.last_event.as_deref(), Some("2026-12-02 21:30:10"));
}

#[test]
fn tiktok_decimal_comma_and_currency_prefix() {
    let (_, k) = one("tiktok_shop_orders_br.csv", "tiktok_shop_orders");
    close(k.gmv, 35.91 + 1299.90);
    assert_eq!(k.orders, 2);
    assert_eq!(k.buyers, Some(2));
}

#[test]
fn tiktok_xlsx_with_its_description_row() {
    let (l, k) = one("tiktok_shop_orders_us.xlsx", "tiktok_shop_orders");
    close(k.gmv, 30.0 + 12.0);
    assert_eq!(k.orders, 2);
    assert_eq!(k.buyers, Some(2));
    let f = &l.validation.files[0];
    assert_eq!(f.rows_read, 3);
    assert!(f
        .warnings
        .iter()
        .any(|w| w.contains("describes the columns")));
    let lay = f.layout.as_ref().unwrap();
    assert_eq!(lay.date_order.as_deref(), Some("MM/DD/YYYY"));
    let r = analyze_kpis(&l.dataset, &l.validation);
    // 11/26/2026 9:15:20 AM, US order, in UTC+8.
    assert_eq!(r.dataset.last_event.as_deref(), Some("2026-11-26 09:15:20"));
}

#[test]
fn platforms_side_by_side_and_combined() {
    let l = load(&[
        "douyin_shop_orders.csv",
        "kuaishou_orders.json",
        "wechat_channels_orders.json",
        "tiktok_shop_orders_th.csv",
    ]);
    let r = analyze_kpis(&l.dataset, &l.validation);
    let by = &r.kpis.by_platform;
    let names: Vec<&str> = by.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(
        names,
        ["douyin", "kuaishou", "wechat_channels", "tiktok", "all"]
    );
    let gmv: Vec<f64> = by.iter().map(|g| g.gmv.unwrap()).collect();
    for (a, b) in gmv.iter().zip([1447.90, 398.0, 376.0, 1170.0, 3391.90]) {
        close(*a, b);
    }
    let orders: Vec<u64> = by.iter().map(|g| g.orders.unwrap()).collect();
    assert_eq!(orders, [3, 2, 2, 2, 9]);
    let buyers: Vec<Option<u64>> = by.iter().map(|g| g.buyers).collect();
    // Douyin's export has no buyer id: its buyers, and the combined buyers, are unknown.
    assert_eq!(buyers, [None, Some(2), Some(2), Some(1), None]);
    common::all_column_is_overall(&by[4], &r.kpis.overall);
    // Order exports give no audience: those figures are null in every column, never 0.
    for g in by {
        assert_eq!((g.viewers, g.views, g.peak_concurrent), (None, None, None));
        assert_eq!((g.comments, g.likes, g.avg_concurrent), (None, None, None));
    }
    // Person-level analyses run on the persons with a buyer id.
    let full = analyze(
        &l.dataset,
        &l.validation,
        &AnalysisOptions::default(),
        &mut no_progress,
    );
    assert!(!full.skipped.iter().any(|s| s.code == "no_buyer_id"));
    let rfm = full.segments.as_ref().and_then(|s| s.rfm.as_ref());
    if let Some(rfm) = rfm {
        assert!(rfm
            .per_user
            .iter()
            .all(|u| !u.user_id.contains("no buyer id")));
    }
}

//! Ingestion end to end through `ingest::load`: every format and encoding, orders-only input,
//! events + orders merged, and each kind of bad file with the message a creator sees.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion

use livelens::ingest::{self, FileKind, FileReport, IngestOptions, InputFile, Loaded};
use livelens::model::EventKind;
use livelens::{analyze, AnalysisOptions};

fn file(name: &str, kind: Option<FileKind>, bytes: &[u8]) -> InputFile {
    InputFile {
        name: name.into(),
        bytes: bytes.to_vec(),
        kind,
        ..InputFile::default()
    }
}

fn load_tz(files: &[InputFile], tz: i32) -> Loaded {
    let l = ingest::load(
        files,
        &IngestOptions {
            tz_offset_minutes: tz,
            ..IngestOptions::default()
        },
    );
    // Nothing is lost, ever.
    let v = &l.validation;
    assert_eq!(v.rows_read, v.rows_accepted + v.rows_rejected);
    for f in &v.files {
        assert_eq!(f.rows_read, f.rows_accepted + f.rows_rejected, "{}", f.name);
        let by_reason: u64 = f.rejected_by_reason.iter().map(|g| g.count).sum();
        assert_eq!(by_reason, f.rows_rejected, "{}", f.name);
    }
    l
}

fn load(files: &[InputFile]) -> Loaded {
    load_tz(files, 0)
}

fn report<'a>(l: &'a Loaded, name: &str) -> &'a FileReport {
    l.validation
        .files
        .iter()
        .find(|f| f.name == name)
        .expect("a report per file")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

const EVENTS: &str = "user_id,event,timestamp,amount\nu1,enter,2026-10-01 20:00:00,\nu1,pay,2026-10-01 20:05:00,99\nu2,enter,2026-10-01 20:01:00,\n";

#[test]
fn every_text_format_reads_the_same_events() {
    let json = r#"[{"user_id":"u1","event":"enter","timestamp":"2026-10-01 20:00:00"},{"user_id":"u1","event":"pay","timestamp":"2026-10-01 20:05:00","amount":99},{"user_id":"u2","event":"enter","timestamp":"2026-10-01 20:01:00"}]"#;
    let ndjson = "{\"user_id\":\"u1\",\"event\":\"enter\",\"timestamp\":\"2026-10-01 20:00:00\"}\n{\"user_id\":\"u1\",\"event\":\"pay\",\"timestamp\":\"2026-10-01 20:05:00\",\"amount\":\"99\"}\n{\"user_id\":\"u2\",\"event\":\"enter\",\"timestamp\":\"2026-10-01 20:01:00\"}\n";
    let tsv = EVENTS.replace(',', "\t");
    let semicolon = EVENTS.replace(',', ";");
    let crlf_bom = format!("\u{feff}{}", EVENTS.replace('\n', "\r\n"));
    let mut utf16 = vec![0xFF, 0xFE];
    for u in EVENTS.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("e.csv", EVENTS.as_bytes().to_vec(), "csv", "UTF-8"),
        ("e.json", json.as_bytes().to_vec(), "json", "UTF-8"),
        ("e.ndjson", ndjson.as_bytes().to_vec(), "ndjson", "UTF-8"),
        ("e.tsv", tsv.into_bytes(), "tsv", "UTF-8"),
        ("e.txt", semicolon.into_bytes(), "delimited", "UTF-8"),
        ("e.csv", crlf_bom.into_bytes(), "csv", "UTF-8 (BOM)"),
        ("e.csv", utf16, "csv", "UTF-16LE"),
    ];
    for (name, bytes, format, encoding) in cases {
        let l = load(&[file(name, None, &bytes)]);
        let r = report(&l, name);
        assert_eq!(
            (r.format.as_str(), r.encoding.as_str()),
            (format, encoding),
            "{name}"
        );
        assert_eq!(r.kind, Some(FileKind::Events));
        assert_eq!((r.rows_read, r.rows_accepted), (3, 3), "{format}");
        let k = analyze(
            &l.dataset,
            &l.validation,
            &AnalysisOptions::default(),
            &mut livelens::analysis::no_progress,
        )
        .kpis
        .overall;
        assert_eq!((k.viewers, k.buyers, k.gmv), (2, Some(1), 99.0), "{format}");
    }
}

#[test]
fn gb18030_export_with_chinese_headers_and_event_names() {
    let l = load_tz(
        &[file("gbk_events.csv", None, &fixture("gbk_events.csv"))],
        480,
    );
    let r = report(&l, "gbk_events.csv");
    assert_eq!(r.encoding, "GB18030");
    assert_eq!((r.rows_read, r.rows_accepted, r.rows_rejected), (13, 12, 1));
    let bad = &r.rejected_by_reason[0];
    assert_eq!(bad.reason, "bad_time");
    assert_eq!(
        (
            bad.examples[0].line,
            bad.examples[0].column.as_str(),
            bad.examples[0].value.as_str()
        ),
        (11, "发生时间", "昨天")
    );
    assert_eq!(r.unknown_events[0].name, "连麦");
    let k = analyze(
        &l.dataset,
        &l.validation,
        &AnalysisOptions::default(),
        &mut livelens::analysis::no_progress,
    )
    .kpis
    .overall;
    assert_eq!((k.viewers, k.buyers, k.gmv), (3, Some(2), 1398.0));
}

#[test]
fn xlsx_sheet_choice_dates_and_orders_without_product_ids() {
    let bytes = fixture("orders.xlsx");
    // The first sheet is a note, not data: the user is told which other sheets there are.
    let l = load(&[file("orders.xlsx", None, &bytes)]);
    let r = report(&l, "orders.xlsx");
    let err = r.error.as_ref().expect("the first sheet is not usable");
    assert_eq!(err.code, "missing_user_column");
    assert!(
        err.message.contains("other sheets: 订单"),
        "{}",
        err.message
    );
    assert_eq!(r.sheets, vec!["说明", "订单"]);
    let mut f = file("orders.xlsx", None, &bytes);
    f.sheet = Some("订单".into());
    let l = load_tz(&[f], 480);
    let r = report(&l, "orders.xlsx");
    assert_eq!(
        (r.format.as_str(), r.kind),
        ("xlsx", Some(FileKind::Orders))
    );
    assert_eq!((r.rows_read, r.rows_accepted, r.rows_rejected), (4, 3, 1));
    assert_eq!(r.rejected_by_reason[0].reason, "missing_user");
    assert_eq!(r.rejected_by_reason[0].examples[0].line, 5);
    let ds = &l.dataset;
    // Product names stand for products; the refunded order adds a refund.
    assert_eq!(ds.items.len(), 3);
    assert_eq!(ds.item_info[0].title, "Python 数据分析实战课");
    let refunds: Vec<f64> = (0..ds.events.len())
        .filter(|&i| ds.events.kind[i] == EventKind::Refund)
        .map(|i| ds.events.amount[i])
        .collect();
    assert_eq!(refunds, vec![49.9]);
    // The date cell 2026-10-01 20:05 local (+08:00) is 12:05 UTC.
    assert_eq!(
        ingest::parse::format_ts(ds.events.ts[0], 0),
        "2026-10-01 12:05:00"
    );
    let mut wrong = file("orders.xlsx", None, &bytes);
    wrong.sheet = Some("Sheet9".into());
    let l = load(&[wrong]);
    assert_eq!(
        report(&l, "orders.xlsx")
            .error
            .as_ref()
            .map(|e| e.code.as_str()),
        Some("no_such_sheet")
    );
}

#[test]
fn an_orders_file_alone_is_a_complete_input() {
    let orders = "订单号,用户ID,支付时间,实付金额,商品ID,订单状态\no1,u1,2026-09-01 20:00:00,¥99,p1,已支付\no2,u1,2026-09-09 20:00:00,199,p2,交易成功\no3,u2,2026-09-02 20:00:00,$5,p1,refunded\no4,u3,2026-09-03 20:00:00,10,p1,已取消\n";
    let l = load(&[file("订单.csv", None, orders.as_bytes())]);
    let r = report(&l, "订单.csv");
    assert_eq!(r.kind, Some(FileKind::Orders));
    assert_eq!((r.rows_read, r.rows_accepted), (4, 4));
    let rep = analyze(
        &l.dataset,
        &l.validation,
        &AnalysisOptions::default(),
        &mut livelens::analysis::no_progress,
    );
    let k = &rep.kpis.overall;
    assert_eq!(
        (k.buyers, k.orders, k.gmv, k.refunds),
        (Some(2), 3, 303.0, 5.0)
    );
    assert!(rep.dataset.orders_only);
    // Retention, repeat purchase and LTV work; the funnel says what it is missing.
    let ret = rep.retention.as_ref().expect("retention on orders only");
    assert_eq!(ret.repeat_purchase_rate, Some(0.5));
    assert!(rep.funnel.is_none());
    let why = rep
        .skipped
        .iter()
        .find(|s| s.section == "funnel")
        .expect("funnel skipped");
    assert_eq!(why.code, "missing_events");
    assert!(why.message.contains("enter"));
}

#[test]
fn payments_in_both_events_and_orders_count_once() {
    // o1 of u1 is in both files: once. o2 is u2's in the events and u3's in the orders: two.
    let events = "user_id,event,timestamp,order_id,amount\nu1,enter,2026-10-01 20:00:00,,\nu1,pay,2026-10-01 20:05:00,o1,99\nu2,pay,2026-10-01 20:06:00,o9,10\nu2,pay,2026-10-01 20:07:00,o2,5\n";
    let orders = "order_id,user_id,paid_at,amount\no1,u1,2026-10-01 20:05:00,99\no2,u3,2026-10-01 20:08:00,7\n";
    let l = load(&[
        file("events.csv", Some(FileKind::Events), events.as_bytes()),
        file("orders.csv", Some(FileKind::Orders), orders.as_bytes()),
    ]);
    assert_eq!(report(&l, "events.csv").merged_with_orders, 1);
    let k = analyze(
        &l.dataset,
        &l.validation,
        &AnalysisOptions::default(),
        &mut livelens::analysis::no_progress,
    )
    .kpis
    .overall;
    assert_eq!((k.buyers, k.gmv), (Some(3), 121.0));
}

#[test]
fn offsets_and_time_zone_settings_agree() {
    let a = "user_id,event,timestamp\nu1,enter,2026-10-01T20:00:00+08:00\n";
    let b = "user_id,event,timestamp\nu1,enter,2026-10-01 20:00:00\n";
    let c = "user_id,event,timestamp\nu1,enter,1790856000\n"; // 2026-10-01 12:00 UTC
    let ts = |text: &str, tz| {
        load_tz(&[file("e.csv", None, text.as_bytes())], tz)
            .dataset
            .events
            .ts[0]
    };
    assert_eq!(ts(a, 0), ts(b, 480));
    assert_eq!(ts(a, -300), ts(c, 0));
}

#[test]
fn bad_files_get_messages_a_creator_understands() {
    let cases: Vec<(&str, Option<FileKind>, Vec<u8>, &str)> = vec![
        ("empty.csv", None, Vec::new(), "empty_file"),
        ("bom.csv", None, vec![0xEF, 0xBB, 0xBF], "empty_file"),
        (
            "header.csv",
            None,
            b"user_id,event,timestamp\n".to_vec(),
            "no_rows",
        ),
        (
            "photo.png",
            None,
            vec![
                0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2,
            ],
            "binary",
        ),
        (
            "no_user.csv",
            Some(FileKind::Events),
            b"event,timestamp\nenter,2026-10-01 20:00:00\n".to_vec(),
            "missing_user_column",
        ),
        (
            "orders.csv",
            Some(FileKind::Events),
            b"order_id,user_id,paid_at,amount\no1,u1,2026-10-01 20:00:00,9\n".to_vec(),
            "wrong_kind",
        ),
        (
            "notes.csv",
            None,
            b"colour,size\nred,3\n".to_vec(),
            "unknown_kind",
        ),
        ("list.json", None, b"[1, 2, 3]".to_vec(), "json_not_objects"),
        (
            "broken.xlsx",
            None,
            b"PK\x03\x04not a zip".to_vec(),
            "bad_spreadsheet",
        ),
    ];
    for (name, kind, bytes, code) in cases {
        let l = load(&[file(name, kind, &bytes)]);
        let r = report(&l, name);
        let err = r
            .error
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: no error"));
        assert_eq!(err.code, code, "{name}: {}", err.message);
        assert!(!err.message.is_empty());
        assert_eq!(r.rows_accepted, 0);
    }
    // The wrong-kind message says what the file looks like.
    let l = load(&[file(
        "orders.csv",
        Some(FileKind::Events),
        b"order_id,user_id,paid_at,amount\no1,u1,2026-10-01 20:00:00,9\n",
    )]);
    let msg = &report(&l, "orders.csv").error.as_ref().unwrap().message;
    assert!(msg.contains("looks like an orders export"), "{msg}");
}

#[test]
fn rejected_rows_name_line_column_and_value() {
    let text = "user_id,event,timestamp,amount
u1,enter,2026-10-01 20:00:00,
,enter,2026-10-01 20:00:00,
u2,,2026-10-01 20:00:00,
u3,pay,2026-10-01 20:00:00,-5
u4,pay,2026-10-01 20:00:00,NaN
u5,pay,2026-10-01 20:00:00,12abc
u6,enter,1850-01-01 00:00:00,
u1,enter,2026-10-01 20:00:00,
u7,enter
";
    let l = load(&[file("e.csv", None, text.as_bytes())]);
    let r = report(&l, "e.csv");
    let reasons: Vec<(&str, u64, u64, &str)> = r
        .rejected_by_reason
        .iter()
        .map(|g| {
            let e = &g.examples[0];
            (g.reason.as_str(), g.count, e.line, e.column.as_str())
        })
        .collect();
    let expect = [
        ("bad_amount", 1, 7, "amount"),
        ("duplicate_row", 1, 9, ""),
        ("missing_event", 1, 4, "event"),
        ("missing_user", 1, 3, "user_id"),
        ("negative_amount", 1, 5, "amount"),
        ("non_finite_amount", 1, 6, "amount"),
        ("time_out_of_range", 1, 8, "timestamp"),
        ("wrong_field_count", 1, 10, ""),
    ];
    for e in expect {
        assert!(reasons.contains(&e), "{e:?} not in {reasons:?}");
    }
    assert_eq!((r.rows_read, r.rows_accepted, r.rows_rejected), (9, 1, 8));
    // With duplicates kept, the repeated row is accepted.
    let l = ingest::load(
        &[file("e.csv", None, text.as_bytes())],
        &IngestOptions {
            drop_duplicates: false,
            ..IngestOptions::default()
        },
    );
    assert_eq!(report(&l, "e.csv").rows_accepted, 2);
}

/// A Chinese platform export with comment text, traffic source and follower columns and the
/// interaction events (lucky bag, coupons, poll, Q&A, fan club, points).
const ROOM_EXPORT: &str = "用户ID,行为类型,发生时间,直播场次,评论内容,流量来源,是否粉丝,优惠券
u1,进入直播间,2026-10-01 20:00:00,场次A,,推荐feed,否,
u2,进入直播间,2026-10-01 20:00:10,场次A,,千川,是,
u3,进入直播间,2026-10-01 20:00:20,场次A,,同城,否,
u4,进入直播间,2026-10-01 20:00:30,场次A,,神秘入口,,
u1,评论,2026-10-01 20:01:00,场次A,这个课多少钱？,,,
u2,弹幕,2026-10-01 20:01:30,场次A,\"太贵了, 有优惠吗\",,,
u3,评论,2026-10-01 20:01:40,场次A,,,,
u1,参与福袋,2026-10-01 20:02:00,场次A,,,,
u1,福袋中奖,2026-10-01 20:05:00,场次A,,,,
u2,领券,2026-10-01 20:03:00,场次A,,,,C100
u2,用券,2026-10-01 20:04:00,场次A,,,,C100
u3,投票,2026-10-01 20:04:30,场次A,,,,
u3,提问,2026-10-01 20:04:40,场次A,能回放吗,,,
主播,回答,2026-10-01 20:06:00,场次A,可以回放一年,,,
u4,加入粉丝团,2026-10-01 20:07:00,场次A,,,,
u4,积分,2026-10-01 20:08:00,场次A,,,,
";

fn check_room_export(l: &Loaded, name: &str) {
    let r = report(l, name);
    assert_eq!(
        (r.rows_read, r.rows_accepted),
        (16, 16),
        "{:?}",
        r.rejected_by_reason
    );
    assert!(r.unknown_events.is_empty(), "{:?}", r.unknown_events);
    let ds = &l.dataset;
    let e = &ds.events;
    let texts: Vec<&str> = (0..e.len()).filter_map(|i| e.extra.text(i)).collect();
    assert_eq!(
        texts,
        vec![
            "这个课多少钱？",
            "太贵了, 有优惠吗",
            "能回放吗",
            "可以回放一年"
        ]
    );
    let sources: Vec<&str> = (0..e.len())
        .filter_map(|i| e.extra.source(i).map(|s| s.key()))
        .collect();
    assert_eq!(sources, vec!["feed", "paid", "nearby", "other"]);
    let followers: Vec<bool> = (0..e.len()).filter_map(|i| e.extra.follower(i)).collect();
    assert_eq!(followers, vec![false, true, false]);
    let coupon_rows: Vec<&str> = (0..e.len())
        .filter_map(|i| e.extra.coupon(i).map(|c| e.extra.coupons.name(c)))
        .collect();
    assert_eq!(coupon_rows, vec!["C100", "C100"]);
    let s = livelens::report::DatasetSummary::of(ds);
    assert_eq!((s.comments_with_text, s.rows_with_text), (2, 4));
    assert_eq!(s.unknown_traffic_sources, vec![("神秘入口".to_owned(), 1)]);
    let count = |k: &str| {
        s.event_counts
            .iter()
            .find(|(n, _)| n == k)
            .map_or(0, |(_, c)| *c)
    };
    for k in [
        "lottery_join",
        "lottery_win",
        "coupon_claim",
        "coupon_use",
        "poll_vote",
        "question",
        "answer",
        "fan_club_join",
        "points",
    ] {
        assert_eq!(count(k), 1, "{k}");
    }
    assert_eq!(count("comment"), 3);
    assert_eq!(
        s.traffic_sources,
        vec![
            ("feed".to_owned(), 1),
            ("paid".to_owned(), 1),
            ("nearby".to_owned(), 1),
            ("other".to_owned(), 1)
        ]
    );
}

#[test]
fn chinese_room_export_with_comment_text_and_traffic_source_loads_unchanged() {
    let l = load_tz(&[file("直播互动.csv", None, ROOM_EXPORT.as_bytes())], 480);
    assert_eq!(report(&l, "直播互动.csv").kind, Some(FileKind::Events));
    check_room_export(&l, "直播互动.csv");
}

#[test]
fn the_room_export_in_gb18030_reads_the_same() {
    let (bytes, _, bad) = encoding_rs::GB18030.encode(ROOM_EXPORT);
    assert!(!bad);
    let l = load_tz(&[file("room_gbk.csv", None, &bytes)], 480);
    assert_eq!(report(&l, "room_gbk.csv").encoding, "GB18030");
    check_room_export(&l, "room_gbk.csv");
}

#[test]
fn pay_details_amount_is_what_was_paid() {
    // An amount column: the unit price is never the amount; list price, discount, quantity and
    // coupon are kept.
    let with_amount = "订单号,用户ID,支付时间,单价,数量,原价,优惠金额,实付金额,优惠券
o1,u1,2026-10-01 20:00:00,199,2,299,100,298,C1
o2,u2,2026-10-01 20:01:00,99,1,,,99,
";
    let l = load(&[file(
        "orders.csv",
        Some(FileKind::Orders),
        with_amount.as_bytes(),
    )]);
    let e = &l.dataset.events;
    assert_eq!(e.amount, vec![298.0, 99.0]);
    assert_eq!(e.extra.list_price(0), Some(299.0));
    assert_eq!(e.extra.discount(0), Some(100.0));
    assert_eq!(e.extra.quantity(0), Some(2));
    assert_eq!(e.extra.quantity(1), Some(1));
    assert_eq!(e.extra.list_price(1), None);
    assert_eq!(
        e.extra.coupon(0).map(|c| e.extra.coupons.name(c)),
        Some("C1")
    );
    // Only a unit price and a quantity: the amount is their product.
    let unit_only = "订单号,用户ID,支付时间,单价,数量\no1,u1,2026-10-01 20:00:00,199,3\n";
    let l = load(&[file(
        "orders.csv",
        Some(FileKind::Orders),
        unit_only.as_bytes(),
    )]);
    assert_eq!(l.dataset.events.amount, vec![597.0]);
    // A bad quantity that the amount depends on rejects the row, naming the column.
    let bad = "订单号,用户ID,支付时间,单价,数量\no1,u1,2026-10-01 20:00:00,199,两件\n";
    let l = load(&[file("orders.csv", Some(FileKind::Orders), bad.as_bytes())]);
    let r = report(&l, "orders.csv");
    assert_eq!(r.rejected_by_reason[0].reason, "bad_quantity");
    assert_eq!(r.rejected_by_reason[0].examples[0].column, "数量");
}

#[test]
fn unreadable_optional_cells_keep_the_row_and_warn() {
    let text = "user,event,time,is_follower,discount\nu1,enter,2026-10-01 20:00:00,maybe,\nu1,pay,2026-10-01 20:01:00,,ten\n";
    let l = load(&[file("e.csv", None, text.as_bytes())]);
    let r = report(&l, "e.csv");
    assert_eq!(r.rows_accepted, 2);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("is_follower") && w.contains("maybe")),
        "{:?}",
        r.warnings
    );
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("discount") && w.contains("line 3")),
        "{:?}",
        r.warnings
    );
    // Files without the optional columns carry none of them.
    let l = load(&[file("e.csv", None, EVENTS.as_bytes())]);
    let x = &l.dataset.events.extra;
    assert!(x.text.is_empty() && x.source.is_empty() && x.follower.is_empty());
    // List price, discount, quantity and coupon: one index column into a table of them.
    assert!(x.detail.is_empty() && x.details.is_empty());
}

#[test]
fn a_danmaku_export_is_read_as_comments() {
    let text = "用户ID,时间,弹幕内容\nu1,2026-10-01 20:00:05,来了来了\nu2,2026-10-01 20:00:09,这个课多少钱\n";
    let l = load(&[file("danmaku.csv", None, text.as_bytes())]);
    let r = report(&l, "danmaku.csv");
    assert_eq!(r.kind, Some(FileKind::Events));
    assert_eq!(r.rows_accepted, 2);
    let e = &l.dataset.events;
    assert!(e.kind.iter().all(|k| *k == EventKind::Comment));
    assert_eq!(e.extra.text(1), Some("这个课多少钱"));
    let s = livelens::report::DatasetSummary::of(&l.dataset);
    assert_eq!(s.comments_with_text, 2);
}

/// Issue #14: what the corpus summary (rows, paid amount, reasons) does not show — which column
/// became what, and the ids kept.
#[test]
fn hostile_layouts_give_the_right_columns_and_ids() {
    let items = |l: &Loaded| -> Vec<String> {
        let mut v: Vec<String> = l.dataset.items.names().to_vec();
        v.sort();
        v
    };
    // A buyer's name is never the product; a product name is.
    let l = load(&[file(
        "o.csv",
        None,
        b"order_id,user_id,name,paid_at,amount\no1,u1,Alice Wang,2026-03-01 20:00:00,99\n",
    )]);
    assert!(items(&l).is_empty(), "{:?}", items(&l));
    let l = load(&[file(
        "o.csv",
        None,
        "订单号,买家昵称,用户ID,商品名称,支付时间,实付金额\nA1,小王,u1,Python 课,2026-03-01 20:00:00,99\n".as_bytes(),
    )]);
    assert_eq!(items(&l), vec!["Python 课"]);
    // A device `type` column is not the event when there is an `event` column.
    let l = load(&[file(
        "e.csv",
        None,
        b"user_id,type,timestamp,event\nu1,iPhone,2026-03-01 20:00:00,enter\n",
    )]);
    assert_eq!(l.dataset.events.kind, vec![EventKind::Enter]);
    // Unit price × quantity when there is no paid amount; the paid amount when there is.
    let l = load(&[file(
        "o.csv",
        None,
        "订单号,用户ID,支付时间,单价,数量\nA1,u1,2026-03-01 20:00:00,99.5,2\n".as_bytes(),
    )]);
    assert_eq!(l.dataset.events.amount, vec![199.0]);
    // JSON ids beyond 2^64 and beyond a float's 53 bits keep their digits.
    let l = load(&[file(
        "e.ndjson",
        None,
        b"{\"user_id\":18446744073709551617,\"event\":\"enter\",\"timestamp\":1772395200}\n{\"user_id\":9007199254740993,\"event\":\"enter\",\"timestamp\":1772395200}\n{\"user_id\":9007199254740992,\"event\":\"enter\",\"timestamp\":1772395200}\n",
    )]);
    assert_eq!(l.dataset.users.get("18446744073709551617"), Some(0));
    assert_eq!(l.dataset.users.get("9007199254740993"), Some(1));
    assert_eq!(l.dataset.users.get("9007199254740992"), Some(2));
    // Zero-width characters in headers do not hide a column.
    let l = load(&[file(
        "e.csv",
        None,
        "\u{200b}user_id,\u{feff}event,time\u{2060}stamp\nu1,enter,2026-03-01 20:00:00\n"
            .as_bytes(),
    )]);
    assert_eq!(l.validation.rows_accepted, 1);
    assert_eq!(report(&l, "e.csv").columns[0].header, "user_id");
    // A 1997 history is accepted.
    let l = load(&[file(
        "o.csv",
        None,
        b"user_id,paid_at,amount\nc1,1997-01-12 00:00:00,29.99\nc2,1998-06-30 00:00:00,12\n",
    )]);
    assert_eq!(l.validation.rows_accepted, 2);
}

/// metrics.md: RFM ties go by first appearance in the input — files in the order given (events,
/// then orders), rows top to bottom — not by time.
#[test]
fn rfm_ties_go_by_first_appearance_not_time() {
    use livelens::rfm::{rfm, RfmParams};
    // The orders file is given first but events are read before orders; in the orders file the
    // later payment is on the earlier row. Everyone paid 99 once on the same day: all tie.
    let orders =
        b"user_id,paid_at,amount\nlate,2026-10-01 22:00:00,99\nearly,2026-10-01 08:00:00,99\n";
    let events = b"user_id,event,timestamp,amount\nev,pay,2026-10-01 23:00:00,99\n";
    let l = load(&[
        file("orders.csv", Some(FileKind::Orders), orders),
        file("events.csv", Some(FileKind::Events), events),
    ]);
    let r = rfm(
        &livelens::analysis::Prepared::new(&l.dataset),
        &RfmParams::default(),
    )
    .unwrap();
    let f = |id: &str| r.per_user.iter().find(|u| u.user_id == id).unwrap().f;
    // Ranks 1, 2, 3 in order ev, late, early: qcut of three ranks into quintiles = 1, 3, 5.
    assert_eq!((f("ev"), f("late"), f("early")), (1, 3, 5));
}

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
    assert_eq!(r.unknown_events[0].name, "抽奖");
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

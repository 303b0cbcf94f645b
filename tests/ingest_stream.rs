#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion
//! Chunked ingestion ([`Ingestor`]) gives what whole files give ([`ingest::load`]), whatever the
//! chunk sizes; rows appended later are counted, and a re-read row is a duplicate.

mod common;

use livelens::demo::{self, DemoParams, Scale};
use livelens::ingest::{self, FileKind, FileSpec, IngestOptions, Ingestor, InputFile, Loaded};

fn demo_files() -> Vec<InputFile> {
    let (files, _) = demo::generate(&DemoParams {
        scale: Scale::Small,
        seed: 7,
    })
    .unwrap();
    files.into_inputs()
}

/// Everything a figure can depend on: the dataset's columns and names, and the validation.
fn fingerprint(l: &Loaded) -> String {
    let d = &l.dataset;
    let e = &d.events;
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}",
        e.user,
        e.ts,
        e.kind,
        e.name,
        e.session,
        e.item,
        e.order,
        e.amount.iter().map(|a| a.to_bits()).collect::<Vec<_>>(),
        d.users.names(),
        d.items.names(),
        d.event_names.names(),
        d.user_appearance,
        serde_json::to_string(&l.validation).unwrap()
    )
}

/// The files handed in side tables first, in chunks of `n` bytes, sizes given or not.
fn chunked(files: &[InputFile], n: usize, sizes: bool) -> Loaded {
    chunked_with(files, n, sizes, 256 * 1024)
}

/// … with the layout told from the first `head` bytes.
fn chunked_with(files: &[InputFile], n: usize, sizes: bool, head: usize) -> Loaded {
    let mut ing = Ingestor::new(&IngestOptions::default()).with_first_chunk(head);
    let ids: Vec<_> = files
        .iter()
        .map(|f| {
            let mut spec = FileSpec::of(f);
            if !sizes {
                spec.size = None;
            }
            ing.begin_file(spec)
        })
        .collect();
    for i in common::feed_order(files) {
        for c in files[i].bytes.chunks(n.max(1)) {
            ing.push(ids[i], c).unwrap();
            let p = ing.progress();
            assert_eq!(p.rows_read, p.rows_accepted + p.rows_rejected);
        }
        ing.end_file(ids[i]).unwrap();
    }
    ing.finish()
}

#[test]
fn demo_in_chunks_is_the_demo_whole() {
    let files = demo_files();
    let whole = ingest::load(&files, &IngestOptions::default());
    assert!(whole.validation.rows_accepted > 10_000);
    let want = fingerprint(&whole);
    for (n, sizes) in [
        (1 << 20, true),
        (64 * 1024, false),
        (4096, true),
        (777, false),
    ] {
        assert_eq!(
            fingerprint(&chunked(&files, n, sizes)),
            want,
            "chunks of {n}"
        );
    }
}

#[test]
fn tricky_text_in_chunks_is_the_same_as_whole() {
    let texts = [
        "user_id,event,timestamp,amount\r\nu1,enter,2025-01-01 10:00:00,\r\n\"u,2\",pay,2025-01-01 10:01:00,\"1,299.50\"\r\n\r\nu3,\"say \"\"hi\"\"\",2025-01-01 10:02:00,\nu1,enter,2025-01-01 10:00:00,\nbad,row\n\"u4\nx\",view,2025-01-01 10:03:00,\nu5,pay,2025-01-01 10:04:00,2.000,5",
        "\u{feff}用户ID,行为类型,时间,金额\n张三,进入直播间,2025-03-01 20:00:00,\n李四,支付,2025-03-01 20:05:00,99,00\n王五,支付,2025-03-01 20:06:00,\"1.299,00\"\n",
        "user;event;time;amount\nu1;pay;2025-01-01 10:00:00;2,50\nu2;pay;2025-01-01 10:00:01;1.000\n",
    ];
    for text in texts {
        let file = InputFile::from_text("e.csv", Some(FileKind::Events), text);
        let whole = ingest::load(std::slice::from_ref(&file), &IngestOptions::default());
        let want = fingerprint(&whole);
        for n in [1, 2, 3, 7, 16, 1000] {
            for (sizes, head) in [(true, 1 << 20), (false, 40), (true, 1)] {
                let got = chunked_with(std::slice::from_ref(&file), n, sizes, head);
                assert_eq!(
                    fingerprint(&got),
                    want,
                    "chunks of {n}, head {head}: {text:?}"
                );
            }
        }
    }
    // GB18030 with a Chinese header, as the platforms export it.
    let (gbk, _, _) = encoding_rs::GB18030
        .encode("用户ID,行为类型,时间\n张三,进入直播间,2025-03-01 20:00:00\n李四,点赞,2025-03-01 20:01:00\n");
    let file = InputFile {
        name: "导出.csv".into(),
        bytes: gbk.into_owned(),
        ..InputFile::default()
    };
    let whole = ingest::load(std::slice::from_ref(&file), &IngestOptions::default());
    assert_eq!(whole.validation.files[0].encoding, "GB18030");
    assert_eq!(whole.validation.rows_accepted, 2);
    for n in [1, 5, 33] {
        let got = chunked_with(std::slice::from_ref(&file), n, false, 30);
        assert_eq!(
            fingerprint(&got),
            fingerprint(&whole),
            "GB18030 in chunks of {n}"
        );
    }
}

#[test]
fn rows_appended_after_the_end_are_counted_and_repeats_are_duplicates() {
    let head =
        "user_id,event,timestamp\nu1,enter,2025-01-01 10:00:00\nu2,enter,2025-01-01 10:00:05\n";
    let mut ing = Ingestor::new(&IngestOptions::default());
    let id = ing.begin_file(FileSpec {
        name: "live.csv".into(),
        kind: Some(FileKind::Events),
        ..FileSpec::default()
    });
    ing.push(id, head.as_bytes()).unwrap();
    ing.end_file(id).unwrap();
    let first = ing.loaded();
    assert_eq!(first.validation.rows_accepted, 2);
    assert_eq!(first.dataset.events.len(), 2);
    // The tail of the file read again (a re-read from an offset) plus a new row, in pieces.
    let more = "u2,enter,2025-01-01 10:00:05\nu3,pay,2025-01-01 10:01:00\nu4,ent";
    ing.push(id, &more.as_bytes()[..10]).unwrap();
    ing.push(id, &more.as_bytes()[10..]).unwrap();
    let p = ing.progress();
    assert_eq!((p.rows_read, p.rows_accepted, p.rows_rejected), (4, 3, 1));
    let v = ing.validation();
    assert_eq!(v.duplicates_dropped, 1);
    assert_eq!(v.files[0].rejected_by_reason[0].examples[0].line, 4);
    // The partial line is read at the next end; its line number follows the file's.
    ing.push(id, b"er,2025-01-01 10:02:00").unwrap();
    ing.end_file(id).unwrap();
    let done = ing.finish();
    assert_eq!(done.validation.rows_read, 5);
    assert_eq!(done.validation.rows_accepted, 4);
    assert_eq!(done.dataset.users.len(), 4);
    // Bytes after the end of a file read whole are refused, not read.
    let mut ing = Ingestor::new(&IngestOptions::default());
    let id = ing.begin_file(FileSpec {
        name: "a.json".into(),
        ..FileSpec::default()
    });
    ing.push(
        id,
        br#"[{"user_id":"u1","event":"enter","timestamp":"2025-01-01"}]"#,
    )
    .unwrap();
    ing.end_file(id).unwrap();
    assert!(ing.push(id, b"more").is_err());
    assert_eq!(ing.finish().validation.rows_accepted, 1);
}

#[test]
fn a_file_refused_half_way_leaves_nothing_behind() {
    // A later chunk that is not GB18030: the whole file is refused, its rows undone.
    let (mut bytes, _, _) =
        encoding_rs::GB18030.encode("用户ID,行为类型,时间\n张三,进入直播间,2025-03-01 20:00:00\n");
    let mut bytes = bytes.to_mut().clone();
    bytes.extend_from_slice(b"\xff\xff,x,2025-03-01 20:00:00\n");
    let file = InputFile {
        name: "e.csv".into(),
        bytes,
        ..InputFile::default()
    };
    let whole = ingest::load(std::slice::from_ref(&file), &IngestOptions::default());
    let got = chunked_with(std::slice::from_ref(&file), 40, false, 20);
    assert_eq!(
        got.validation.files[0].error.as_ref().unwrap().code,
        "bad_encoding"
    );
    assert_eq!(fingerprint(&got), fingerprint(&whole));
    assert_eq!(got.dataset.events.len(), 0);
    assert_eq!(got.dataset.users.len(), 0);
    // The same export twice, without sizes: the second is undone and reported once.
    let files = demo_files();
    let events = files
        .iter()
        .find(|f| f.kind == Some(FileKind::Events))
        .unwrap();
    let mut twice = events.clone();
    twice.name = "events (1).csv".into();
    let pair = [events.clone(), twice];
    let whole = ingest::load(&pair, &IngestOptions::default());
    assert_eq!(
        whole.validation.files[1].error.as_ref().unwrap().code,
        "duplicate_file"
    );
    assert_eq!(
        fingerprint(&chunked(&pair, 5000, false)),
        fingerprint(&whole)
    );
}

#[test]
fn rejected_rows_name_their_lines_across_crlf_blank_lines_and_quoted_line_ends() {
    // Lines: 1 header, 2 ok (CRLF), 3 blank, 4 short row, 5–6 a quoted line end, 7–8 blank,
    // 9 a bad time, 10 ok, 11 no time, 12 a quoted line end inside a bad row (13 too), 14 ok.
    let text = "user_id,event,timestamp\r\nu1,enter,2025-01-01 10:00:00\r\n\r\nbad,row\n\"u4\nx\",view,2025-01-01 10:03:00\n\n\nu5,enter,not a date\nu6,enter,2025-01-01 10:05:00\nu7,enter,\n\"u8\",\"a\nb\",never\nu9,enter,2025-01-01 10:06:00\n";
    let file = InputFile::from_text("e.csv", Some(FileKind::Events), text);
    let lines = |l: &Loaded| {
        let mut v: Vec<u64> = l.validation.files[0]
            .rejected_by_reason
            .iter()
            .flat_map(|r| r.examples.iter().map(|e| e.line))
            .collect();
        v.sort_unstable();
        v
    };
    let whole = ingest::load(std::slice::from_ref(&file), &IngestOptions::default());
    assert_eq!(lines(&whole), [4, 9, 11, 12], "whole file");
    for n in [1, 2, 5, 13, 1000] {
        assert_eq!(
            lines(&chunked(std::slice::from_ref(&file), n, true)),
            [4, 9, 11, 12],
            "chunks of {n}"
        );
    }
}

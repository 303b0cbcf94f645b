#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion
//! Ranges parsed as the page's parse workers parse them (the layout's and the chunk's wire
//! forms, `chunk_wire`) and merged with [`Ingestor::push_parsed`] give exactly what one thread
//! gives: the same dataset and validation (rejections with their line numbers, duplicates,
//! warnings) — with cuts made at any line feed, inside quoted fields too, on quotes, rejects,
//! duplicates, blank lines, CRLF and GB18030.

mod common;

use livelens::demo::Scale;
use livelens::ingest::chunk_wire::{decode_layout, parse_to_wire};
use livelens::ingest::{FileKind, FileSpec, IngestOptions, Ingestor, InputFile, Loaded};

/// Bytes of a file's first chunk that tell its layout (the page's first push, 4 MiB, is more
/// than the default 256 KiB; these files are smaller).
const FIRST: usize = 200;

fn fingerprint(l: &Loaded) -> String {
    format!(
        "{:?}|{}",
        l.dataset,
        serde_json::to_string(&l.validation).unwrap()
    )
}

/// The end of the line at or after `at` (all of `b` without one).
fn line_end(b: &[u8], at: usize) -> usize {
    match b.get(at..).and_then(|r| r.iter().position(|&c| c == b'\n')) {
        Some(p) => at + p + 1,
        None => b.len(),
    }
}

/// `side` pushed whole, then `events` as the engine worker hands it in: its first `head`
/// bytes (to a line end) pushed, then ranges of about `range` bytes cut after any line feed,
/// each parsed ahead with the layout last given (as parse workers do) and merged in order;
/// `corrupt`: the chunks' bytes are damaged; `workers: false`: every range is pushed in place
/// (the page with its parse workers off: the reference). Returns the result and the chunks
/// merged.
fn by_workers(
    opts: &IngestOptions,
    side: &[InputFile],
    events: &InputFile,
    (head, range): (usize, usize),
    workers: bool,
    corrupt: bool,
) -> (Loaded, usize) {
    let mut ing = Ingestor::new(opts).with_first_chunk(FIRST);
    for f in side {
        let id = ing.begin_file(FileSpec::of(f));
        ing.push(id, &f.bytes).unwrap();
        ing.end_file(id).unwrap();
    }
    let b = &events.bytes;
    let id = ing.begin_file(FileSpec::of(events));
    let mut at = line_end(b, head);
    let _ = ing.push(id, &b[..at]);
    let mut layout = ing.parse_layout(id).filter(|_| workers);
    let mut merged = 0;
    while at < b.len() {
        let to = line_end(b, at + range);
        let bytes = &b[at..to];
        let wire = layout
            .as_deref()
            .and_then(|l| parse_to_wire(&decode_layout(l).unwrap(), bytes, false).ok());
        match wire {
            Some(mut w) => {
                if corrupt {
                    let n = w.len();
                    w[n / 2] ^= 0x5a;
                    w.truncate(n - n / 3);
                }
                let ok = ing.push_parsed(id, bytes, &w).unwrap_or(false);
                if ok {
                    merged += 1;
                } else {
                    layout = ing.parse_layout(id).filter(|_| workers);
                }
            }
            None => {
                let _ = ing.push(id, bytes);
                layout = ing.parse_layout(id).filter(|_| workers);
            }
        }
        at = to;
    }
    let _ = ing.end_file(id);
    (ing.finish(), merged)
}

fn same_by_workers(
    opts: &IngestOptions,
    side: &[InputFile],
    events: &InputFile,
    what: &str,
) -> usize {
    let mut merged = 0;
    for (head, range) in [(4096, 1 << 20), (300, 5000), (64, 333), (1, 40)] {
        let cut = (head, range);
        let (one, none) = by_workers(opts, side, events, cut, false, false);
        assert_eq!(none, 0);
        let want = fingerprint(&one);
        let (got, m) = by_workers(opts, side, events, cut, true, false);
        assert!(
            fingerprint(&got) == want,
            "{what}: head {head}, ranges of {range}"
        );
        merged += m;
        let (got, m) = by_workers(opts, side, events, cut, true, true);
        assert!(
            fingerprint(&got) == want,
            "{what} (corrupt chunks): head {head}, ranges of {range}"
        );
        assert_eq!(m, 0, "a corrupt chunk is never merged");
    }
    merged
}

/// Rows of every kind that matters at a range boundary (quoted fields with line ends, a
/// stray quote, CRLF and blank lines, wrong field counts, bad times and amounts, an empty
/// user, repeats) with optional cells and Chinese names.
fn tricky_events(rows: usize) -> String {
    let mut s = String::from("user_id,session_id,event,timestamp,amount,text,source,platform\r\n");
    for i in 0..rows {
        let u = format!("用户{}", i % 97);
        let line = match i % 12 {
            0 => format!(
                "{u},s1,enter,2025-01-01 10:{:02}:00,,\"hello\nworld, \"\"{i}\"\"\",搜索,\r\n",
                i % 60
            ),
            1 => format!("\"u,{i}\",s2,pay,2025-01-01 10:01:00,\"1,299.50\",ok,,\n"),
            2 => "\n\r\n".to_owned(),
            3 => format!(
                "u{},s3,enter,2025-01-01 10:{:02}:00,,,推荐feed,\r\n",
                i % 7,
                i % 60
            ),
            4 => format!("u{i},s4,view,not a time,,x,,\n"),
            5 => format!("u{i},s5,pay,2025-01-01 11:00:00,-5,,,\n"),
            6 => format!("u{i},bad,row\n"),
            7 => ",s7,enter,2025-01-01 12:00:00,,,,\n".to_owned(),
            8 if i % 3 == 0 => format!("u\"{i},s8,comment,2025-01-01 12:00:00,,a quote,,\n"),
            8 => format!(
                "{u},s8,pay,2025-01-01 13:00:00,{}.5,\"multi\nline\",,抖音\n",
                i % 100
            ),
            9 => "u1,s1,enter,2025-01-01 10:00:00,,,,\n".to_owned(),
            10 => format!("u{},s10,like,{},,,the moon,\n", i % 50, 1_735_725_600 + i),
            _ => format!("{u},s11,进入直播间,2025-01-01T10:00:00+08:00,3.25,\"\"\"\",直播推荐,\n"),
        };
        s.push_str(&line);
    }
    s
}

#[test]
fn tricky_rows_parsed_by_workers_are_the_same_as_on_one_thread() {
    let text = tricky_events(3_000);
    let utf8 = InputFile::from_text("e.csv", Some(FileKind::Events), &text);
    let (gbk, _, bad) = encoding_rs::GB18030.encode(&text);
    assert!(!bad);
    let gbk = InputFile {
        name: "e_gbk.csv".to_owned(),
        bytes: gbk.into_owned(),
        kind: Some(FileKind::Events),
        ..InputFile::default()
    };
    let keep = IngestOptions {
        drop_duplicates: false,
        ..IngestOptions::default()
    };
    let merged = same_by_workers(&IngestOptions::default(), &[], &utf8, "tricky");
    assert!(merged > 100, "ranges were merged from chunks ({merged})");
    same_by_workers(&keep, &[], &utf8, "tricky, duplicates kept");
    // GB18030 stays on the engine's side (each range read there): the same result.
    same_by_workers(&IngestOptions::default(), &[], &gbk, "tricky GB18030");
    let (l, _) = by_workers(
        &IngestOptions::default(),
        &[],
        &utf8,
        (64, 333),
        false,
        false,
    );
    let v = &l.validation;
    assert!(v.duplicates_dropped > 200, "{}", v.duplicates_dropped);
    for reason in [
        "wrong_field_count",
        "bad_time",
        "negative_amount",
        "missing_user",
    ] {
        assert!(v.rejected_by_reason.contains_key(reason), "{reason}");
    }
}

#[test]
fn the_demo_parsed_by_workers_is_the_demo_on_one_thread() {
    let mut side = common::demo_inputs(7, Scale::Small);
    side.retain(|f| f.kind != Some(FileKind::Orders));
    let at = side
        .iter()
        .position(|f| f.kind == Some(FileKind::Events))
        .unwrap();
    let events = side.remove(at);
    let opts = IngestOptions::default();
    let cut = (64 << 10, 100 << 10);
    let (one, _) = by_workers(&opts, &side, &events, cut, false, false);
    let (got, merged) = by_workers(&opts, &side, &events, cut, true, false);
    assert!(fingerprint(&got) == fingerprint(&one));
    let ranges = (events.bytes.len() - (64 << 10)) / (100 << 10);
    // The first two ranges are read in place: their lines with a `.` could still change the
    // amount column's decimal separator (as on one thread, where they are counted first).
    assert!(
        merged + 2 >= ranges,
        "ranges merged from their chunks ({merged} of {ranges})"
    );
}

#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion
//! Parsing on several threads ([`Ingestor::with_threads`]) gives exactly what one thread gives:
//! the same dataset (ids, columns, optional columns, names), the same validation (row numbers
//! of rejections, duplicates, warnings), whatever the chunk sizes and range sizes — on the
//! demo, on quoted fields with line ends, on rejections and duplicates across range
//! boundaries, and on the bad-input corpus.

mod common;

use livelens::demo::Scale;
use livelens::ingest::{FileKind, FileSpec, IngestOptions, Ingestor, InputFile, Loaded};

/// Everything a figure can depend on: the whole dataset and the validation.
fn fingerprint(l: &Loaded) -> String {
    format!(
        "{:?}|{}",
        l.dataset,
        serde_json::to_string(&l.validation).unwrap()
    )
}

/// The files handed in side tables first, in pushes of `push` bytes, parsed on `threads`
/// threads in ranges of at least `min_range` bytes; also how many chunks the threads parsed.
fn ingest(files: &[InputFile], push: usize, threads: usize, min_range: usize) -> (Loaded, u64) {
    ingest_with(&IngestOptions::default(), files, push, threads, min_range)
}

/// [`ingest`] with options `opts`.
fn ingest_with(
    opts: &IngestOptions,
    files: &[InputFile],
    push: usize,
    threads: usize,
    min_range: usize,
) -> (Loaded, u64) {
    let mut ing = Ingestor::new(opts)
        .with_threads(threads)
        .with_min_range(min_range);
    let ids: Vec<_> = files
        .iter()
        .map(|f| ing.begin_file(FileSpec::of(f)))
        .collect();
    for i in common::feed_order(files) {
        for c in files[i].bytes.chunks(push.max(1)) {
            // A refused file is an error of its own push; the rest of the file is still pushed.
            let _ = ing.push(ids[i], c);
        }
        let _ = ing.end_file(ids[i]);
    }
    let merged = ing.chunks_merged();
    (ing.finish(), merged)
}

/// One thread against 2, 3 and 4 threads, for each (push size, smallest range).
fn same_on_threads(files: &[InputFile], cases: &[(usize, usize)], what: &str) -> u64 {
    same_on_threads_with(&IngestOptions::default(), files, cases, what)
}

/// [`same_on_threads`] with options `opts`.
fn same_on_threads_with(
    opts: &IngestOptions,
    files: &[InputFile],
    cases: &[(usize, usize)],
    what: &str,
) -> u64 {
    let mut merged = 0;
    for &(push, min_range) in cases {
        let (one, none) = ingest_with(opts, files, push, 1, min_range);
        assert_eq!(none, 0, "one thread merges no chunks");
        let want = fingerprint(&one);
        for threads in [2, 3, 4] {
            let (got, m) = ingest_with(opts, files, push, threads, min_range);
            merged += m;
            assert!(
                fingerprint(&got) == want,
                "{what}: {threads} threads, pushes of {push}, ranges from {min_range} bytes differ from one thread"
            );
        }
    }
    merged
}

#[test]
fn the_demo_on_several_threads_is_the_demo_on_one() {
    let files = common::demo_inputs(7, Scale::Small);
    let merged = same_on_threads(
        &files,
        &[
            (usize::MAX, 64 << 10),
            (1 << 20, 64 << 10),
            (100_000, 4096),
            (7_777, 300),
        ],
        "demo",
    );
    assert!(
        merged > 100,
        "the demo's events were parsed on threads ({merged} chunks)"
    );
}

/// Rows of every kind that matters at a range boundary: quoted fields with line ends, commas
/// and escaped quotes, a quote inside an unquoted field (it breaks the quote count that picks
/// the cuts), CRLF and blank lines, wrong field counts, bad times and amounts, empty users,
/// and exact repeats of earlier rows (duplicates across ranges).
fn tricky_events(rows: usize) -> String {
    let mut s = String::from("user_id,event,timestamp,amount,comment\r\n");
    for i in 0..rows {
        let line = match i % 13 {
            0 => format!(
                "u{i},enter,2025-01-01 10:{:02}:00,,\"hello\nworld, \"\"{i}\"\"\"\r\n",
                i % 60
            ),
            1 => format!("\"u,{i}\",pay,2025-01-01 10:01:00,\"1,299.50\",ok\n"),
            2 => "\n\r\n".to_owned(),
            3 => format!("u{},enter,2025-01-01 10:{:02}:00,,\r\n", i % 7, i % 60),
            4 => format!("u{i},view,not a time,,x\n"),
            5 => format!("u{i},pay,2025-01-01 11:00:00,-5,\n"),
            6 => format!("u{i},bad,row\n"),
            7 => ",enter,2025-01-01 12:00:00,,\n".to_owned(),
            // One quote: every quote count after it is odd until the next such row.
            8 if i % 3 == 0 => format!("u\"{i},comment,2025-01-01 12:00:00,,a quote\n"),
            8 => format!("u{i},comment,2025-01-01 12:00:00,,a \"quote\"\n"),
            9 => format!(
                "u{i},pay,2025-01-01 13:00:00,{}.5,\"multi\nline\nfield\"\n",
                i % 100
            ),
            10 => "u1,enter,2025-01-01 10:00:00,,\n".to_owned(),
            11 => format!("u{},like,{},,\n", i % 50, 1_735_725_600 + i),
            _ => format!("u{i},enter,2025-01-01T10:00:00+08:00,,\"\"\"\"\n"),
        };
        s.push_str(&line);
    }
    s
}

#[test]
fn tricky_rows_on_several_threads_are_the_same_as_on_one() {
    let text = tricky_events(4_000);
    let file = InputFile::from_text("e.csv", Some(FileKind::Events), &text);
    let merged = same_on_threads(
        std::slice::from_ref(&file),
        &[(usize::MAX, 16), (1 << 20, 1000), (4096, 64), (333, 8)],
        "tricky rows",
    );
    assert!(merged > 100, "parsed on threads ({merged} chunks)");
    // The rows rejected and dropped are there to be compared.
    let (l, _) = ingest(std::slice::from_ref(&file), usize::MAX, 3, 16);
    let v = &l.validation;
    assert!(v.duplicates_dropped > 300, "{}", v.duplicates_dropped);
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
fn the_bad_input_corpus_on_several_threads_is_the_same_as_on_one() {
    let mut n = 0;
    for entry in std::fs::read_dir("tests/bad_inputs").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "expected.json" {
            continue;
        }
        let file = InputFile {
            name: name.clone(),
            bytes: std::fs::read(&path).unwrap(),
            ..InputFile::default()
        };
        same_on_threads(
            std::slice::from_ref(&file),
            &[(usize::MAX, 8), (50, 8)],
            &name,
        );
        n += 1;
    }
    assert!(n > 100, "{n} files");
}

/// Rows whose optional cells a chunk reads ahead or leaves to the merge: comment texts with
/// spaces and line ends, known and unknown traffic sources, readable and unreadable follower
/// cells, coupons, platforms, list prices and quantities, cells of spaces, over-long ids, bad
/// times and amounts, Chinese names; exact repeats of rows of each kind, near and far.
fn extras_events(rows: usize) -> String {
    let mut s = String::from(
        "user_id,session_id,event,timestamp,item_id,order_id,amount,text,source,is_follower,coupon_id,platform,list_price,quantity\n",
    );
    for i in 0..rows {
        let u = format!("用户{}", i % 97);
        let line = match i % 17 {
            0 => format!(
                "{u},s{},进入直播间,2025-01-01 10:{:02}:00,,,,\"  你好\n世界 \",推荐feed,是,,,,\n",
                i % 5,
                i % 60
            ),
            1 => format!(
                "{u},s1,下单,2025-01-01 10:01:00,p{},o{i},12.5,,千川,否,C{},,,\n",
                i % 9,
                i % 4
            ),
            2 => format!("{u},s2,评论,2025-01-01 10:02:00,,,, 好看 ,somewhere new {},也许,,,,\n", i % 3),
            3 => format!("{u},s3,支付,2025-01-01 10:03:00,p1,o{},9.9,,,,, 抖音 ,,\n", i % 31),
            4 => format!("{u},s4,支付,2025-01-01 10:04:00,p2,o{},20,,,,,,30,2\n", i % 29),
            5 => format!("{u},  ,点赞,2025-01-01 10:05:00, , ,  ,  ,  ,  ,  ,  ,  ,  \n"),
            6 => format!("{},s6,点赞,2025-01-01 10:06:00,,,,,,,,,,\n", "x".repeat(1001)),
            7 => format!("{u},{},点赞,2025-01-01 10:07:00,,,,,,,,,,\n", "会".repeat(1200)),
            8 => "用户1,s1,进入直播间,2025-01-01 10:00:00,,,,,,,,,,\n".to_owned(),
            9 => format!("{u},s9,关注,2025-01-01 10:09:00,,,,,关注,1,,,,\n"),
            10 => format!("{u},s10,支付,2025-01-01 10:10:00,p3,o{i},abc,,,,,,,\n"),
            11 => format!("{u},s11,进入直播间,2025-01-01 10:11:00,,,,,,,,,x,y\n"),
            12 => format!("{u},s12,,2025-01-01 10:12:00,,,,,,,,,,\n"),
            13 => format!("{u},s13,分享,2025-13-01 10:13:00,,,,,,,,,,\n"),
            14 => "用户3,s2,评论,2025-01-01 10:02:00,,,, 好看 ,somewhere new 1,也许,,,,\n".to_owned(),
            15 => format!("{u},s15,进入直播间,{},,,,,直播推荐,否,,,,\n", 1_735_725_600 + i),
            _ => format!(
                "\"{u}\",\"s{}\",\"进入直播间\",\"2025-01-01 10:16:00\",,,,\"a \"\"q\"\"\",搜索,否,,TikTok,,\n",
                i % 3
            ),
        };
        s.push_str(&line);
    }
    s
}

#[test]
fn optional_cells_and_gb18030_on_several_threads_are_the_same_as_on_one() {
    let text = extras_events(3_000);
    let (gbk, _, bad) = encoding_rs::GB18030.encode(&text);
    assert!(!bad);
    let files = [
        InputFile::from_text("e.csv", Some(FileKind::Events), &text),
        InputFile {
            name: "e_gbk.csv".to_owned(),
            bytes: gbk.into_owned(),
            kind: Some(FileKind::Events),
            ..InputFile::default()
        },
    ];
    let keep = IngestOptions {
        drop_duplicates: false,
        ..IngestOptions::default()
    };
    let cases = [(usize::MAX, 16), (1 << 20, 1000), (5000, 64), (777, 8)];
    for f in &files {
        let merged = same_on_threads(std::slice::from_ref(f), &cases, &f.name);
        assert!(
            merged > 100,
            "{}: parsed on threads ({merged} chunks)",
            f.name
        );
        same_on_threads_with(&keep, std::slice::from_ref(f), &cases, &f.name);
    }
    // What is compared: local events with every optional cell, and the rows left to the merge.
    let (l, _) = ingest(std::slice::from_ref(&files[1]), usize::MAX, 3, 16);
    let v = &l.validation;
    assert!(v.duplicates_dropped > 300, "{}", v.duplicates_dropped);
    for reason in ["value_too_long", "bad_amount", "missing_event", "bad_time"] {
        assert!(v.rejected_by_reason.contains_key(reason), "{reason}");
    }
    let x = &l.dataset.events.extra;
    assert!(x.text.iter().filter(|&&t| t != u32::MAX).count() > 300);
    assert!(x.source.iter().flatten().count() > 200);
    assert!(x.follower.iter().flatten().count() > 200);
}

/// A reader handing out its bytes in pieces of changing sizes (as a pipe or a slow disk does),
/// then, optionally, an error.
struct Pieces {
    bytes: Vec<u8>,
    at: usize,
    step: usize,
    fail_at_end: bool,
}

impl std::io::Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.bytes.len() - self.at;
        if left == 0 && self.fail_at_end {
            return Err(std::io::Error::other("disk gone"));
        }
        self.step = self.step * 7 % 100_003 + 1;
        let n = left.min(buf.len()).min(self.step);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[test]
fn files_read_from_readers_on_several_threads_are_the_same_as_on_one() {
    // The CLI's path: each file from its reader, the next buffer read by a thread of its own
    // while the one before is parsed (`from_readers::read_ahead`).
    let mut files = common::demo_inputs(11, Scale::Small);
    files.push(InputFile::from_text(
        "tricky.csv",
        Some(FileKind::Events),
        // Over the 4 MiB each file's first read takes: the rest comes through the buffers.
        &tricky_events(200_000),
    ));
    assert!(files.last().unwrap().bytes.len() > 5 << 20);
    let readers = |fail: bool| {
        files
            .iter()
            .map(|f| {
                let r = Pieces {
                    bytes: f.bytes.clone(),
                    at: 0,
                    step: 1,
                    fail_at_end: fail && f.name == "tricky.csv",
                };
                (FileSpec::of(f), r)
            })
            .collect::<Vec<_>>()
    };
    let opts = IngestOptions::default();
    let want = fingerprint(&livelens::ingest::load(&files, &opts));
    for threads in [1, 2, 3] {
        let got = livelens::ingest::load_from_threads(readers(false), &opts, threads).unwrap();
        assert_eq!(fingerprint(&got), want, "{threads} threads");
        // A reader that fails at the end of its file: the load fails, naming the file.
        let e = livelens::ingest::load_from_threads(readers(true), &opts, threads)
            .map(|_| ())
            .expect_err("the reader's error");
        assert!(e.to_string().contains("tricky.csv: disk gone"), "{e}");
    }
}

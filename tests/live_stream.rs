#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion
//! Live mode end to end: a demo session replayed at high speed through the watch path (the
//! follower, the append path of ingestion and the live state) in chunks of random sizes, lines
//! split across chunks, lines re-written by the capture tool (exact duplicates), a pause and a
//! truncation; the final report equals `analyze` on the finished file, and the live KPIs equal
//! the report's KPIs of that session.

use livelens::analysis::no_progress;
use livelens::demo::{self, DemoParams, Scale};
use livelens::ingest::{self, FileKind, IngestOptions, InputFile};
use livelens::live::{LiveFeed, LiveParams, LookKind};
use livelens::{analyze, AnalysisOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn demo_inputs() -> (Vec<InputFile>, InputFile) {
    let (files, _) = demo::generate(&DemoParams {
        scale: Scale::Small,
        ..DemoParams::default()
    })
    .unwrap();
    let mut inputs = files.into_inputs();
    // History: catalogue, users and sessions tables; followed: the events file.
    inputs.retain(|f| f.kind != Some(FileKind::Orders));
    let events = inputs.remove(0);
    assert_eq!(events.kind, Some(FileKind::Events));
    (inputs, events)
}

/// The growing file: the events, with some lines written twice by the tool (exact duplicates).
fn with_rewrites(bytes: &[u8], rng: &mut ChaCha8Rng) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 50);
    for (i, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        out.extend_from_slice(line);
        if i > 0 && line.ends_with(b"\n") && rng.gen_bool(0.01) {
            out.extend_from_slice(line);
        }
    }
    out
}

fn report_json(history: &[InputFile], events: &InputFile) -> String {
    let mut files = history.to_vec();
    files.push(events.clone());
    let loaded = ingest::load(&files, &IngestOptions::default());
    analyze(
        &loaded.dataset,
        &loaded.validation,
        &AnalysisOptions::default(),
        &mut no_progress,
    )
    .to_json()
}

#[test]
fn a_replayed_stream_ends_with_the_report_of_the_finished_file() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let (history, events) = demo_inputs();
    let file = with_rewrites(&events.bytes, &mut rng);
    let header = InputFile {
        bytes: Vec::new(),
        ..events.clone()
    };
    let mut feed = LiveFeed::new(
        LiveParams::default(),
        IngestOptions::default(),
        header,
        history.clone(),
    )
    .unwrap();
    // Grow the file by random chunks (cutting lines anywhere), look after each.
    let mut size = 0usize;
    let (mut appended, mut waited) = (0, 0);
    while size < file.len() {
        size = (size + rng.gen_range(1..40_000)).min(file.len());
        let now = &file[..size];
        let head = &now[..feed.head_len(size as u64)];
        let from = feed.offset() as usize;
        match feed.look(size as u64, head, &now[from..]).kind {
            LookKind::Appended => appended += 1,
            LookKind::Waiting => waited += 1,
            LookKind::Restarted => panic!("no restart expected"),
        }
        // A pause of the tool: the same size again.
        if rng.gen_bool(0.1) {
            let o = feed.look(size as u64, head, &[]);
            assert_eq!(o.kind, LookKind::Waiting);
            assert!(o.idle_looks >= 1);
        }
    }
    feed.finish();
    assert!(appended > 5, "{appended} appends, {waited} waits");
    let finished = InputFile {
        bytes: file.clone(),
        ..events.clone()
    };
    let expected = report_json(&history, &finished);
    let loaded = feed.loaded();
    let got = analyze(
        &loaded.dataset,
        &loaded.validation,
        &AnalysisOptions::default(),
        &mut no_progress,
    )
    .to_json();
    assert!(
        got == expected,
        "the followed file's report differs from analyze's"
    );
    // Duplicates were rejected, not counted twice.
    let v = &loaded.validation;
    assert!(v.rows_rejected > 0);
    assert_eq!(v.rows_read, v.rows_accepted + v.rows_rejected);

    // The live KPIs of the session equal the report's.
    let screen = feed.screen();
    let report: serde_json::Value = serde_json::from_str(&expected).unwrap();
    let by_session = report["kpis"]["by_session"].as_array().unwrap();
    let s = by_session
        .iter()
        .find(|s| s["session_id"] == screen.session_id.as_str())
        .expect("the live session is in the report");
    let k = &screen.kpis;
    let info = format!(
        "session {} rows {:?} minutes {} kpis {:?}",
        screen.session_id,
        screen.rows,
        screen.minutes.len(),
        k
    );
    assert_eq!(s["viewers"].as_u64().unwrap(), k.viewers, "{info}");
    assert_eq!(s["views"].as_u64().unwrap(), k.views);
    assert_eq!(s["orders"].as_u64().unwrap(), k.orders);
    assert_eq!(s["comments"].as_u64().unwrap(), k.comments);
    assert_eq!(s["likes"].as_u64().unwrap(), k.likes);
    assert_eq!(s["followers"].as_u64().unwrap(), k.followers);
    assert!((s["gmv"].as_f64().unwrap() - k.gmv).abs() < 1e-6 * k.gmv.max(1.0));
    assert_eq!(s["buyers"].as_u64(), k.buyers);
    // The minutes add up to the KPIs.
    let orders: u64 = screen.minutes.iter().map(|m| u64::from(m.orders)).sum();
    assert_eq!(orders, k.orders);
    let views: u64 = screen.minutes.iter().map(|m| u64::from(m.enters)).sum();
    assert_eq!(views, k.views);
    assert!(
        screen.baseline.is_some(),
        "earlier sessions give a baseline"
    );
}

#[test]
fn truncation_and_replacement_start_over() {
    let (history, events) = demo_inputs();
    let header = InputFile {
        bytes: Vec::new(),
        ..events.clone()
    };
    let mut feed = LiveFeed::new(
        LiveParams::default(),
        IngestOptions::default(),
        header,
        history,
    )
    .unwrap();
    let file = &events.bytes;
    let half = file.len() / 2;
    let o = feed.look(
        half as u64,
        &file[..feed.head_len(half as u64)],
        &file[..half],
    );
    assert_eq!(o.kind, LookKind::Appended);
    let read_before = o.rows_read;
    // Truncated to a tenth: start over.
    let tenth = file.len() / 10;
    let o = feed.look(tenth as u64, &file[..feed.head_len(tenth as u64)], &[]);
    assert_eq!(o.kind, LookKind::Restarted);
    assert!(o.message.unwrap().contains("truncated"));
    assert_eq!(feed.offset(), 0);
    let o = feed.look(
        tenth as u64,
        &file[..feed.head_len(tenth as u64)],
        &file[..tenth],
    );
    assert_eq!(o.kind, LookKind::Appended);
    assert!(o.rows_read < read_before);
    // Replaced by another file: start over.
    let other = b"user_id,timestamp,event\nzz,2024-05-01 10:00:00,enter\n".to_vec();
    let mut bigger = other.clone();
    bigger.resize(tenth + 10, b'\n');
    let o = feed.look(
        bigger.len() as u64,
        &bigger[..feed.head_len(bigger.len() as u64)],
        &[],
    );
    assert_eq!(o.kind, LookKind::Restarted);
    assert!(o.message.unwrap().contains("replaced"));
    assert_eq!(feed.restarts(), 2);
}

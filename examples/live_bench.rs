//! Live mode benchmark (docs/benchmarks.md, "Live mode"): not a timed test.
//!
//! 1. **Tick**: a session that already has `N` events (default 1,000,000) gets 1,000 more;
//!    the time to append their bytes through the watch path's ingestion, update the live
//!    state and build the live screen.
//! 2. **Memory over 4 hours**: a simulated 4-hour stream (default 1,000,000 events, looked at
//!    every 5 s of stream time) through the live state; its heap estimate and the process RSS
//!    each simulated half hour.
//!
//! `cargo run --example live_bench --features bench [-- N]` (optimised: see docs/benchmarks.md).

use std::fmt::Write as _;
use std::time::Instant;

use livelens::ingest::{self, FileKind, IngestOptions, InputFile};
use livelens::live::{LiveFeed, LiveParams, LiveState};

const T0: i64 = 1_717_200_000_000; // 2024-06-01 00:00 UTC
const HEADER: &str = "user_id,timestamp,event,session_id,item_id,order_id,amount,text\n";
const TEXTS: [&str; 6] = [
    "这个课多少钱？",
    "已拍",
    "老师讲得太好了",
    "有点贵，再想想",
    "大家好，从推荐来的",
    "链接在哪里",
];

/// Deterministic synthetic rows of one 4-hour session: `n` events spread evenly.
fn rows(n: usize, from: usize, to: usize) -> String {
    let span_ms: i64 = 4 * 3600 * 1000;
    let mut s = String::with_capacity((to - from) * 64);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ from as u64;
    for i in from..to {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let t = T0 + span_ms * i as i64 / n as i64;
        let user = x % 200_000;
        let item = (i * 12 / n) as u64; // a product pitched every 20 minutes
        let secs = t / 1000;
        let (h, m, sec) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
        let ts = format!("2024-06-01 {h:02}:{m:02}:{sec:02}.{:03}", t % 1000);
        let _ = match x % 20 {
            0..=4 => writeln!(s, "u{user},{ts},enter,live,,,,"),
            5..=7 => writeln!(s, "u{user},{ts},leave,live,,,,"),
            8..=10 => writeln!(s, "u{user},{ts},product_view,live,p{item},,,"),
            11 => writeln!(s, "u{user},{ts},click,live,p{item},,,"),
            12 => writeln!(s, "u{user},{ts},pay,live,p{item},o{i},99.00,"),
            13..=15 => writeln!(
                s,
                "u{user},{ts},comment,live,,,,{}",
                TEXTS[(x >> 8) as usize % 6]
            ),
            _ => writeln!(s, "u{user},{ts},like,live,,,,"),
        };
    }
    s
}

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |pages| pages * 4096.0 / 1e6)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    // 1. Tick: N events read, then 1,000 more appended.
    let t = Instant::now();
    let mut text = String::from(HEADER);
    text.push_str(&rows(n + 1000, 0, n));
    let tail = rows(n + 1000, n, n + 1000);
    let file = InputFile {
        name: "live.csv".into(),
        kind: Some(FileKind::Events),
        ..InputFile::default()
    };
    let mut feed = LiveFeed::new(
        LiveParams::default(),
        IngestOptions::default(),
        file,
        Vec::new(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let bytes = text.into_bytes();
    let o = feed.look(bytes.len() as u64, &bytes[..256], &bytes);
    eprintln!(
        "{} events read through the watch path in {:.2} s ({} accepted)",
        n,
        t.elapsed().as_secs_f64(),
        o.rows_accepted
    );
    let mut all = bytes;
    all.extend_from_slice(tail.as_bytes());
    let mut ticks = Vec::new();
    let from = feed.offset() as usize;
    let t = Instant::now();
    let o = feed.look(all.len() as u64, &all[..256], &all[from..]);
    let screen = feed.screen();
    ticks.push(t.elapsed().as_secs_f64() * 1000.0);
    println!(
        "tick: +{} events to a session of {} → {:.1} ms (append + update + screen; {} minutes, viewers now {})",
        o.new_events,
        n,
        ticks[0],
        screen.minutes.len(),
        screen.kpis.viewers_now
    );
    // The live state alone, on the same rows: update with 1,000 rows + screen.
    let loaded = feed.loaded();
    let ds = &loaded.dataset;
    let len = ds.events.len();
    let mut st = LiveState::new(LiveParams::default()).unwrap_or_else(|e| panic!("{e}"));
    st.update(ds, 0..len - 1000);
    let t = Instant::now();
    st.update(ds, len - 1000..len);
    let s = st.screen(ds);
    println!(
        "live state alone: update with 1,000 rows + screen on {} events → {:.2} ms ({} alerts)",
        len,
        t.elapsed().as_secs_f64() * 1000.0,
        s.alerts.len()
    );
    drop(feed);

    // 2. Memory over a 4-hour stream, looked at every 5 s of stream time.
    let text = format!("{HEADER}{}", rows(n, 0, n));
    let loaded = ingest::load(
        &[InputFile::from_text("s.csv", Some(FileKind::Events), &text)],
        &IngestOptions::default(),
    );
    drop(text);
    let ds = &loaded.dataset;
    let mut st = LiveState::new(LiveParams::default()).unwrap_or_else(|e| panic!("{e}"));
    let per_look = (n / (4 * 720)).max(1);
    let rss0 = rss_mb();
    let mut at = 0;
    let mut look = 0;
    let t = Instant::now();
    let mut worst = 0.0f64;
    while at < ds.events.len() {
        let end = (at + per_look).min(ds.events.len());
        let t1 = Instant::now();
        st.update(ds, at..end);
        let _ = st.screen(ds);
        worst = worst.max(t1.elapsed().as_secs_f64() * 1000.0);
        at = end;
        look += 1;
        if look % 360 == 0 {
            println!(
                "after {:.1} h: live state ≈ {:.1} MB (heap estimate), process RSS {:.0} MB (+{:.0} since the stream began)",
                look as f64 * 5.0 / 3600.0,
                st.heap_bytes() as f64 / 1e6,
                rss_mb(),
                rss_mb() - rss0
            );
        }
    }
    println!(
        "4-hour stream: {} looks of {} events in {:.1} s; slowest look (update + screen) {:.2} ms",
        look,
        per_look,
        t.elapsed().as_secs_f64(),
        worst
    );
}

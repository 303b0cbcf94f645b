//! Where the memory of ingestion and the report goes (issue #13): a counting allocator around
//! the system's, the heap in use and its peak printed after each file, after `finish` and after
//! each stage of the report, with the event columns' capacities.
//!
//! `cargo run --profile scale --example mem_probe -- DIR [CHUNK_BYTES] [report]`: reads
//! `DIR/{sessions,items,users,events,orders}.csv` (those present) as the CLI does (first bytes
//! of each, reading order, then chunks; 4 MiB chunks by default, as the page's worker), then
//! with `report` runs the whole `analyze`. With `report`: `threads=N` computes it on N threads
//! (`analysis::analyze_on`; the heap is sampled every 2 ms and its peak printed, `trace` prints
//! every sample), `sections=LIST` only those sections, `ballast=MB` holds a block of that size
//! through the report, so that a heap profiler's peak (heaptrack) is the report's, not the
//! parse's.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The peak since the last [`show`] (each step's own peak).
static STEP: AtomicUsize = AtomicUsize::new(0);
/// Sizes of the last blocks of 2 MB or more allocated in this step (`big`), printed by [`show`].
static BIG: [AtomicUsize; 16] = [const { AtomicUsize::new(0) }; 16];
static BIG_N: AtomicUsize = AtomicUsize::new(0);

fn note_big(size: usize) {
    if size >= 2_000_000 {
        let k = BIG_N.fetch_add(1, Relaxed);
        if let Some(b) = BIG.get(k % 16) {
            b.store(size, Relaxed);
        }
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let n = NOW.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(n, Relaxed);
            STEP.fetch_max(n, Relaxed);
            note_big(l.size());
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        NOW.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            // Counted as the old and the new block held at once (a moving realloc's peak).
            let n = NOW.fetch_add(new, Relaxed) + new;
            PEAK.fetch_max(n, Relaxed);
            STEP.fetch_max(n, Relaxed);
            note_big(new);
            NOW.fetch_sub(l.size(), Relaxed);
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

fn mb(b: usize) -> f64 {
    b as f64 / 1e6
}

/// The process's resident set now and at its peak (Linux; 0 elsewhere), bytes.
fn rss() -> (usize, usize) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0)
            * 1024
    };
    (kb("VmRSS:"), kb("VmHWM:"))
}

fn show(what: &str, csv: usize) {
    let (n, p) = (NOW.load(Relaxed), PEAK.load(Relaxed));
    let step = STEP.swap(n, Relaxed);
    let big_n = BIG_N.swap(0, Relaxed);
    let big: Vec<String> = BIG
        .iter()
        .take(big_n.min(16))
        .map(|b| format!("{:.1}", mb(b.load(Relaxed))))
        .collect();
    let (r, hwm) = rss();
    println!(
        "{what:<34} now {:7.1} MB ({:.2}x)  step's peak {:7.1}  peak {:7.1} MB ({:.2}x)  RSS {:6.1} peak {:6.1} MB ({:.2}x)",
        mb(n),
        n as f64 / csv as f64,
        mb(step),
        mb(p),
        p as f64 / csv as f64,
        mb(r),
        mb(hwm),
        hwm as f64 / csv as f64
    );
    if std::env::var_os("MEM_PROBE_BIG").is_some() && big_n > 0 {
        println!("    blocks >= 2 MB: {big_n} ({} MB)", big.join(" "));
    }
}

fn columns(ds: &livelens::model::Dataset) {
    fn c<T>(v: &Vec<T>) -> usize {
        v.capacity() * std::mem::size_of::<T>()
    }
    let e = &ds.events;
    let x = &e.extra;
    let main = c(&e.user)
        + c(&e.ts)
        + c(&e.kind)
        + c(&e.name)
        + c(&e.session)
        + c(&e.item)
        + c(&e.order)
        + c(&e.amount);
    println!(
        "  events {} rows: columns {:.1} MB (ts cap {}), extras text {:.1} + ends {:.1} + arena {:.1} (len {:.1}) + source {:.1} follower {:.1} details {:.1} + {:.1} MB",
        e.len(),
        mb(main),
        e.ts.capacity(),
        mb(c(&x.text)),
        mb(c(&x.text_ends)),
        mb(x.text_arena.capacity()),
        mb(x.text_arena.len()),
        mb(c(&x.source)),
        mb(c(&x.follower)),
        mb(c(&x.detail)),
        mb(c(&x.details)),
    );
    println!(
        "  ids: users {} items {} sessions {} orders {} names {}",
        ds.users.len(),
        ds.items.len(),
        ds.sessions.len(),
        ds.orders.len(),
        ds.event_names.len()
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::PathBuf::from(
        args.first()
            .ok_or("usage: mem_probe DIR [CHUNK] [report]")?,
    );
    let chunk: usize = args.get(1).map_or(Ok(4 << 20), |s| s.parse())?;
    let report = args.iter().any(|a| a == "report");
    let opts = livelens::ingest::IngestOptions::default();
    let mut ing = livelens::ingest::Ingestor::new(&opts);
    let mut files = Vec::new();
    let mut csv = 0;
    // A file instead of a folder: that events file alone.
    let paths: Vec<std::path::PathBuf> = match dir.is_file() {
        true => vec![dir.clone()],
        false => ["sessions", "items", "users", "events", "orders"]
            .iter()
            .map(|n| dir.join(format!("{n}.csv")))
            .collect(),
    };
    for path in paths {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("events")
            .to_owned();
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        csv += meta.len() as usize;
        let spec = livelens::ingest::FileSpec {
            name: format!("{name}.csv"),
            kind: dir.is_file().then_some(livelens::ingest::FileKind::Events),
            size: Some(meta.len()),
            ..Default::default()
        };
        files.push((ing.begin_file(spec), path));
    }
    let events = match dir.is_file() {
        true => csv,
        false => std::fs::metadata(dir.join("events.csv"))?.len() as usize,
    };
    println!(
        "CSV: {:.1} MB in all, events.csv {:.1} MB (ratios below: of all)",
        mb(csv),
        mb(events)
    );
    show("start", csv);
    let mut buf = vec![0u8; chunk];
    let verbose = args.iter().any(|a| a == "verbose");
    let mut pushes = 0;
    for (id, path) in files {
        let mut f = std::fs::File::open(&path)?;
        loop {
            let n = f.read(&mut buf)?;
            if n == 0 {
                break;
            }
            ing.push(id, buf.get(..n).unwrap_or_default())?;
            pushes += 1;
            if verbose && pushes % 8 == 0 {
                show(&format!("  {} pushes", pushes), csv);
            }
        }
        ing.end_file(id)?;
        show(&format!("after {}", path.display()), csv);
        columns(ing.dataset());
    }
    drop(buf);
    let loaded = ing.finish();
    show("after finish", csv);
    columns(&loaded.dataset);
    if report {
        let mut last = String::from("prepare");
        let mut progress = |stage: &str, _: usize, _: usize| {
            show(&format!("  stage {last}"), csv);
            last = stage.to_owned();
        };
        // `threads=N`: the report on N threads, the heap sampled every 2 ms (`trace`: printed).
        let threads: usize = args
            .iter()
            .find_map(|a| a.strip_prefix("threads=")?.parse().ok())
            .unwrap_or(1);
        // `sections=LIST`: only those; `ballast=MB`: a block held through the report, so that
        // a heap profiler's peak is the report's (not the parse's).
        let mut opts = livelens::AnalysisOptions::default();
        if let Some(list) = args.iter().find_map(|a| a.strip_prefix("sections=")) {
            opts.sections = Some(livelens::analysis::Section::parse_list(list)?);
        }
        let ballast_mb: usize = args
            .iter()
            .find_map(|a| a.strip_prefix("ballast=")?.parse().ok())
            .unwrap_or(0);
        let ballast = vec![1u8; ballast_mb << 20];
        let done = std::sync::atomic::AtomicBool::new(false);
        let trace = args.iter().any(|a| a == "trace");
        let r = std::thread::scope(|s| {
            s.spawn(|| {
                let t0 = std::time::Instant::now();
                let mut top = 0;
                while !done.load(Relaxed) {
                    let n = NOW.load(Relaxed);
                    top = top.max(n);
                    if trace {
                        println!(
                            "    t {:.3} heap {:.1} MB",
                            t0.elapsed().as_secs_f64(),
                            mb(n)
                        );
                    }
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                println!("  sampled heap peak {:.1} MB", mb(top));
            });
            let r = livelens::analysis::analyze_on(
                &loaded.dataset,
                &loaded.validation,
                &opts,
                threads,
                &mut progress,
            );
            done.store(true, Relaxed);
            r
        });
        show("after the report", csv);
        drop(ballast);
        println!("report sections: {}", r.skipped.len());
    }
    if args.iter().any(|a| a == "stages") {
        parts(&loaded.dataset, csv);
    }
    Ok(())
}

/// The shared tables and the heaviest parts of the report one by one (`stages`), each step's own
/// peak printed: what holds memory inside a stage.
fn parts(ds: &livelens::model::Dataset, csv: usize) {
    use livelens::analysis::{AnalysisOptions, Prepared};
    let opts = AnalysisOptions::default();
    let prep = Prepared::new(ds);
    show("  parts: start", csv);
    let _ = prep.visits();
    show("  visits", csv);
    let _ = prep.kpi_base();
    show("  kpi_base", csv);
    let k = livelens::kpi::kpis(&prep);
    show("  kpis (overall, per session)", csv);
    let h = livelens::kpi::by_host(&prep);
    show("  by_host", csv);
    let _ = prep.persons();
    show("  persons", csv);
    let rfm = livelens::rfm::rfm(&prep, &opts.rfm).ok();
    show("  rfm", csv);
    let cl = livelens::cluster::cluster(&prep, &opts.cluster).ok();
    show("  clusters", csv);
    if let Some(r) = &rfm {
        let mut labels: Vec<String> = r.segments.iter().map(|s| s.name.clone()).collect();
        let none = labels.len() as u32;
        labels.push("no purchase".to_owned());
        let mut group = vec![Some(none); ds.users.len()];
        for u in &r.per_user {
            if let (Some(id), Some(g)) = (
                ds.users.get(&u.user_id),
                labels.iter().position(|l| *l == u.segment),
            ) {
                group[id as usize] = Some(g as u32);
            }
        }
        let g = livelens::kpi::by_user_groups(&prep, &group, &labels);
        show("  KPIs per RFM segment", csv);
        drop(g);
    }
    let f = livelens::funnel::funnel(&prep, &opts.funnel).ok();
    show("  funnel", csv);
    let _ = prep.item_features();
    show("  item_features", csv);
    let _ = prep.purchases();
    show("  purchases", csv);
    let _ = prep.interactions(&opts.recommend.weights);
    show("  interactions", csv);
    let ev =
        livelens::recommend::evaluate(&prep, &opts.recommend, &livelens::recommend::ModelKind::ALL)
            .ok();
    show("  evaluation", csv);
    let rc = livelens::recommend::recommend(&prep, &opts.recommend, ev.as_ref()).ok();
    show("  recommendations", csv);
    let cm = livelens::comments::section(ds, &Default::default()).ok();
    show("  comments", csv);
    println!(
        "  (kept: {} {} {} {} {} {} {} {})",
        k.by_session.len(),
        h.len(),
        rfm.is_some(),
        cl.is_some(),
        f.is_some(),
        ev.is_some(),
        rc.is_some(),
        cm.is_some()
    );
}

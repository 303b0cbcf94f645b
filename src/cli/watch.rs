//! `livelens watch`: follows an events file another tool keeps appending to, prints one compact
//! status block per look on stderr and rewrites the report atomically (temporary file, then
//! rename) so other tools can poll it. Ctrl-C ends cleanly (a last look, the final report).
//!
//! The followed file is the last `--events` file (else the last `--file`); the other inputs are
//! read once as history (earlier sessions: the baseline; catalogue, users, sessions tables).

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::args::Args;
use super::{input, options, Failure};
use livelens::analysis::no_progress;
use livelens::live::{LiveFeed, LiveParams, LiveScreen, LookKind, LookOutcome};
use livelens::{analyze, AnalysisOptions};

const OWN: &[&str] = &[
    "out",
    "every",
    "session",
    "pretty",
    "idle-exit",
    "max-looks",
];

pub fn run(a: &Args) -> Result<(), Failure> {
    let mut known = input::known(OWN);
    known.extend_from_slice(options::ANALYSIS_OPTIONS);
    a.only(&known).map_err(Failure::Usage)?;
    let every = match a.value("every") {
        Some(v) => options::duration("--every", v)?,
        None => 5,
    };
    let idle_exit: Option<u32> =
        options::number_in(a, "idle-exit", |n: &u32| *n >= 1, "a positive integer")?;
    let max_looks: Option<u64> =
        options::number_in(a, "max-looks", |n: &u64| *n >= 1, "a positive integer")?;
    let opts = options::analysis_options(a)?;
    let follow = a
        .values("events")
        .last()
        .or_else(|| a.values("file").last())
        .ok_or_else(|| {
            Failure::Usage(
                "watch needs the file to follow: --events F (the last --events is followed; \
                 other inputs are history)"
                    .into(),
            )
        })?
        .to_owned();
    let out = a.value("out").map(str::to_owned);
    if let Some(o) = &out {
        if Path::new(o).is_dir() {
            return Err(Failure::Usage(format!("--out \"{o}\" is a folder")));
        }
        if input::input_paths(a).iter().any(|p| same_file(p, o)) {
            return Err(Failure::Usage(format!(
                "--out \"{o}\" is an input file; writing the report would overwrite it"
            )));
        }
    }
    let (mut files, ingest_opts) = input::files_and_options(a, Some(&follow))?;
    let followed = files
        .pop()
        .ok_or_else(|| Failure::Run(format!("{follow}: not among the inputs")))?;
    let params = LiveParams {
        session: a.value("session").map(str::to_owned),
        ..LiveParams::default()
    };
    let mut feed = LiveFeed::new(params, ingest_opts, followed, files)?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // Without a handler (e.g. one is set already) Ctrl-C ends the process the usual way.
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    eprintln!(
        "watching {follow} every {every} s{} — Ctrl-C to stop",
        out.as_deref()
            .map(|o| format!(", report → {o}"))
            .unwrap_or_default()
    );
    let pretty = a.flag("pretty");
    let mut looks = 0u64;
    let mut report_cost = Duration::ZERO;
    let mut last_report: Option<Instant> = None;
    let mut dirty = false;
    loop {
        looks += 1;
        let outcome = look(&mut feed, &follow)?;
        let screen = feed.screen();
        eprint!("{}", status(&screen, &outcome, looks));
        // A followed file ingestion could not use reads no rows: say why (building the
        // validation report costs all rows, so only then).
        if outcome.kind == LookKind::Appended && outcome.rows_read == 0 && looks > 1 {
            if let Some(e) = feed.validation().files.last().and_then(|f| f.error.clone()) {
                return Err(Failure::Run(format!("{follow}: {}", e.message)));
            }
        }
        if outcome.kind != LookKind::Waiting || outcome.new_events > 0 {
            dirty = true;
        }
        // The report is a whole analysis: rewritten when rows came, at most as often as it
        // leaves 4/5 of the time to following.
        if let Some(o) = &out {
            let due = last_report.is_none_or(|t| t.elapsed() >= report_cost * 4);
            if dirty && due {
                let t = Instant::now();
                write_report(&feed, &opts, o, pretty)?;
                report_cost = t.elapsed();
                last_report = Some(Instant::now());
                dirty = false;
            }
        }
        let idle = outcome.kind == LookKind::Waiting && outcome.bytes == 0;
        if stop.load(Ordering::SeqCst)
            || max_looks.is_some_and(|m| looks >= m)
            || (idle && idle_exit.is_some_and(|n| outcome.idle_looks >= n))
        {
            break;
        }
        let until = Instant::now() + Duration::from_secs(every as u64);
        while Instant::now() < until && !stop.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(100).min(until - Instant::now()));
        }
    }
    feed.finish();
    eprint!("{}", status(&feed.screen(), &final_outcome(&feed), looks));
    if let Some(o) = &out {
        write_report(&feed, &opts, o, pretty)?;
        eprintln!("wrote {o}");
    }
    Ok(())
}

fn same_file(a: &str, b: &str) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// One look at the file: its size, first bytes and the bytes after the follower's offset.
fn look(feed: &mut LiveFeed, path: &str) -> Result<LookOutcome, Failure> {
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        // The tool may be replacing the file right now: treat as a pause.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("{path}: not there right now; waiting");
            return Ok(feed.look(feed.offset(), &[], &[]));
        }
        Err(e) => return Err(Failure::Run(format!("{path}: {e}"))),
    };
    let io = |e: std::io::Error| Failure::Run(format!("{path}: {e}"));
    let size = f.metadata().map_err(io)?.len();
    let mut head = vec![0; feed.head_len(size)];
    f.read_exact(&mut head).map_err(io)?;
    let from = feed.offset().min(size);
    f.seek(SeekFrom::Start(from)).map_err(io)?;
    let mut appended = Vec::with_capacity((size - from) as usize);
    f.take(size - from).read_to_end(&mut appended).map_err(io)?;
    Ok(feed.look(size, &head, &appended))
}

fn final_outcome(feed: &LiveFeed) -> LookOutcome {
    let v = feed.validation();
    let f = v.files.last();
    LookOutcome {
        kind: LookKind::Waiting,
        bytes: 0,
        rows_read: f.map_or(0, |f| f.rows_read),
        rows_accepted: f.map_or(0, |f| f.rows_accepted),
        new_events: 0,
        partial_bytes: 0,
        idle_looks: 0,
        message: None,
    }
}

/// Writes the report of everything read so far: a temporary file in the same folder, then a
/// rename over the old report (readers see the old or the new file, never half of one).
fn write_report(
    feed: &LiveFeed,
    opts: &AnalysisOptions,
    out: &str,
    pretty: bool,
) -> Result<(), Failure> {
    let loaded = feed.loaded();
    if loaded.validation.rows_accepted == 0 {
        return Ok(());
    }
    let report = analyze(&loaded.dataset, &loaded.validation, opts, &mut no_progress);
    let json = if pretty {
        report.to_json_pretty()
    } else {
        report.to_json()
    };
    let path = Path::new(out);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Failure::Run(format!("{}: {e}", parent.display())))?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report.json".into());
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, json.as_bytes())
        .map_err(|e| Failure::Run(format!("{}: {e}", tmp.display())))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Failure::Run(format!("{out}: {e}"))
    })
}

/// The compact status block of one look.
fn status(s: &LiveScreen, o: &LookOutcome, look: u64) -> String {
    let k = &s.kpis;
    let mut out = String::new();
    let minute = s.minutes.last().map_or(0, |m| m.minute);
    let session = if s.session_id.is_empty() {
        "(none yet)"
    } else {
        &s.session_id
    };
    out += &format!(
        "look {look} · session {session} · minute {minute} · viewers now {} (peak {}) · rows \
         {} read, {} accepted",
        k.viewers_now, k.peak_concurrent, o.rows_read, o.rows_accepted
    );
    match o.kind {
        LookKind::Appended => out += &format!(" (+{} events)\n", o.new_events),
        LookKind::Waiting if o.partial_bytes > 0 => {
            out += &format!(" · waiting for a line ({} bytes held)\n", o.partial_bytes)
        }
        LookKind::Waiting if o.idle_looks > 0 => {
            out += &format!(" · no new rows ({} looks)\n", o.idle_looks)
        }
        LookKind::Waiting => out.push('\n'),
        LookKind::Restarted => {
            out += &format!("\n  {}\n", o.message.as_deref().unwrap_or("starting over"))
        }
    }
    let last: Vec<String> = s
        .minutes
        .iter()
        .rev()
        .take(5)
        .rev()
        .map(|m| format!("{:.0}", m.gmv))
        .collect();
    out += &format!(
        "  GMV/min (last {}): {} · orders {} · GMV {:.2} · comments {} · questions {} ({} \
         unanswered recently)\n",
        last.len(),
        last.join(" "),
        k.orders,
        k.gmv,
        k.comments,
        s.questions_total,
        s.questions_unanswered_recent
    );
    for a in s
        .alerts
        .iter()
        .take_while(|a| a.ts >= s.now_ts - 60_000)
        .take(3)
    {
        out += &format!("  ALERT {}: {}\n", a.kind.key(), a.message);
    }
    out
}

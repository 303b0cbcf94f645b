//! Command-line parsing and the subcommands. Errors go to stderr with a non-zero exit: 2 for
//! usage errors, 1 for input or runtime errors.

mod args;

use std::path::{Path, PathBuf};
use std::time::Instant;

use args::Args;
use livelens::ingest::{self, Field, FileKind, IngestOptions, InputFile};
use livelens::model::EventKind;
use livelens::{analyze, AnalysisOptions};

const USAGE: &str = "livelens — private live-commerce analytics

USAGE:
  livelens analyze --events F [--orders F] [--items F] [--users F] [--sessions F]
                   [--file F]... --out report.json [--charts DIR] [options]
  livelens demo --out DIR [--seed N] [--scale small|medium|large]
  livelens help

ANALYZE OPTIONS:
  --file F                 a file whose kind is detected from its columns (repeatable)
  --tz OFFSET              time zone of naive timestamps: UTC (default), +08:00, Asia/Shanghai
  --keep-duplicates        keep exact duplicate rows (default: drop and report them)
  --map KIND.FIELD=HEADER  use column HEADER for FIELD in the KIND file
                           (e.g. --map events.user=UID; HEADER empty = no column)
  --map-event NAME=EVENT   treat event name NAME as canonical EVENT (e.g. 下单成功=pay)
  --sheet NAME             spreadsheet sheet to read (default: the first)
  --charts DIR             also write the charts as PNG files into DIR
  --lang en|zh             language of the charts' texts (default en)
  --pretty                 indent the JSON report
";

/// Runs the CLI; returns the exit code.
pub fn run(argv: &[String]) -> i32 {
    let Some((cmd, rest)) = argv.split_first() else {
        eprint!("{USAGE}");
        return 2;
    };
    let args = match Args::parse(rest) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return 2;
        }
    };
    let result = match cmd.as_str() {
        "analyze" => cmd_analyze(&args),
        "demo" => cmd_demo(&args),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            return 0;
        }
        other => Err(Failure::Usage(format!("unknown command \"{other}\""))),
    };
    match result {
        Ok(()) => 0,
        Err(Failure::Usage(m)) => {
            eprintln!("error: {m}\n\n{USAGE}");
            2
        }
        Err(Failure::Run(m)) => {
            eprintln!("error: {m}");
            1
        }
    }
}

pub enum Failure {
    Usage(String),
    Run(String),
}

impl From<livelens::Error> for Failure {
    fn from(e: livelens::Error) -> Self {
        Failure::Run(e.to_string())
    }
}

fn read_file(
    path: &str,
    kind: Option<FileKind>,
    sheet: Option<&str>,
) -> Result<InputFile, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure::Run(format!("{path}: {e}")))?;
    eprintln!("reading {path} ({})", human_bytes(bytes.len() as u64));
    Ok(InputFile {
        name: Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.to_owned()),
        bytes,
        kind,
        sheet: sheet.map(str::to_owned),
        mapping: Vec::new(),
    })
}

fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.1} GB", n as f64 / (1u64 << 30) as f64),
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.1} KB", n as f64 / 1024.0),
        n => format!("{n} bytes"),
    }
}

fn ingest_options(a: &Args) -> Result<IngestOptions, Failure> {
    let mut o = IngestOptions::default();
    if let Some(tz) = a.value("tz") {
        o.tz_offset_minutes = ingest::parse::parse_tz(tz).ok_or_else(|| {
            Failure::Usage(format!(
                "--tz \"{tz}\" is not a time zone (use UTC, +08:00 or Asia/Shanghai)"
            ))
        })?;
    }
    o.drop_duplicates = !a.flag("keep-duplicates");
    for m in a.values("map-event") {
        let (name, ev) = m
            .rsplit_once('=')
            .ok_or_else(|| Failure::Usage(format!("--map-event \"{m}\" needs NAME=EVENT")))?;
        let kind = EventKind::from_key(ev.trim()).ok_or_else(|| {
            let keys: Vec<&str> = EventKind::CANONICAL.iter().map(|k| k.key()).collect();
            Failure::Usage(format!(
                "--map-event: \"{ev}\" is not a canonical event ({})",
                keys.join(", ")
            ))
        })?;
        o.event_map.push((name.to_owned(), kind));
    }
    Ok(o)
}

/// Collects the input files from `--events`, `--orders`, … and `--file`.
fn input_files(a: &Args) -> Result<Vec<InputFile>, Failure> {
    let sheet = a.value("sheet");
    let mut files = Vec::new();
    for kind in FileKind::ALL {
        for path in a.values(kind.key()) {
            files.push(read_file(path, Some(kind), sheet)?);
        }
    }
    for path in a.values("file") {
        files.push(read_file(path, None, sheet)?);
    }
    for m in a.values("map") {
        let bad = || Failure::Usage(format!("--map \"{m}\" needs KIND.FIELD=HEADER"));
        let (lhs, header) = m.split_once('=').ok_or_else(bad)?;
        let (kind, field) = lhs.split_once('.').ok_or_else(bad)?;
        let kind = FileKind::from_key(kind.trim()).ok_or_else(bad)?;
        let field = Field::from_key(field.trim()).ok_or_else(|| {
            let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
            Failure::Usage(format!(
                "--map: unknown field \"{field}\" ({})",
                keys.join(", ")
            ))
        })?;
        let header = (!header.trim().is_empty()).then(|| header.trim().to_owned());
        for f in files.iter_mut().filter(|f| f.kind == Some(kind)) {
            f.mapping.push((field, header.clone()));
        }
    }
    Ok(files)
}

fn cmd_analyze(a: &Args) -> Result<(), Failure> {
    a.only(&[
        "events",
        "orders",
        "items",
        "users",
        "sessions",
        "file",
        "out",
        "charts",
        "tz",
        "keep-duplicates",
        "map",
        "map-event",
        "sheet",
        "pretty",
        "lang",
    ])
    .map_err(Failure::Usage)?;
    let out = a
        .value("out")
        .ok_or_else(|| Failure::Usage("analyze needs --out report.json".into()))?;
    let files = input_files(a)?;
    if !files
        .iter()
        .any(|f| matches!(f.kind, Some(FileKind::Events | FileKind::Orders) | None))
    {
        return Err(Failure::Usage(
            "analyze needs --events or --orders (or --file with an events or orders export)".into(),
        ));
    }
    let opts = ingest_options(a)?;
    let t0 = Instant::now();
    let loaded = ingest::load(&files, &opts);
    drop(files);
    let v = &loaded.validation;
    for f in &v.files {
        eprintln!(
            "{}: {} {} ({}), {} rows read, {} accepted, {} rejected",
            f.name,
            f.kind.map(|k| k.key()).unwrap_or("?"),
            f.format,
            f.encoding,
            f.rows_read,
            f.rows_accepted,
            f.rows_rejected
        );
        for g in &f.rejected_by_reason {
            let ex = g
                .examples
                .first()
                .map(|e| {
                    format!(
                        " (first: line {}, column \"{}\", value \"{}\")",
                        e.line, e.column, e.value
                    )
                })
                .unwrap_or_default();
            eprintln!("  rejected {}: {}{}", g.count, g.message, ex);
        }
        for w in &f.warnings {
            eprintln!("  warning: {w}");
        }
        if !f.unknown_events.is_empty() {
            let names: Vec<String> = f
                .unknown_events
                .iter()
                .take(10)
                .map(|n| format!("{} ({})", n.name, n.count))
                .collect();
            eprintln!(
                "  unknown event names (map them with --map-event NAME=EVENT): {}",
                names.join(", ")
            );
        }
    }
    let errors: Vec<String> = v
        .file_errors()
        .map(|(name, e)| format!("{name}: {}", e.message))
        .collect();
    if !errors.is_empty() {
        return Err(Failure::Run(errors.join("\nerror: ")));
    }
    eprintln!(
        "parsed {} rows in {:.2} s; analysing {} events of {} people",
        v.rows_read,
        t0.elapsed().as_secs_f64(),
        loaded.dataset.events.len(),
        loaded.dataset.users.len()
    );
    let t1 = Instant::now();
    let report = analyze(&loaded.dataset, v, &AnalysisOptions::default());
    eprintln!("analysed in {:.2} s", t1.elapsed().as_secs_f64());
    let json = if a.flag("pretty") {
        report.to_json_pretty()
    } else {
        report.to_json()
    };
    write(Path::new(out), json.as_bytes())?;
    eprintln!("wrote {out}");
    if let Some(dir) = a.value("charts") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| Failure::Run(format!("{}: {e}", dir.display())))?;
        let n = write_charts(
            &report,
            &dir,
            livelens::i18n::Lang::parse(a.value("lang").unwrap_or("en")),
        )?;
        eprintln!("wrote {n} charts to {}", dir.display());
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Failure::Run(format!("{}: {e}", parent.display())))?;
    }
    std::fs::write(path, bytes).map_err(|e| Failure::Run(format!("{}: {e}", path.display())))
}

fn write_charts(
    report: &livelens::report::Report,
    dir: &Path,
    lang: livelens::i18n::Lang,
) -> Result<usize, Failure> {
    let style = livelens::charts::ChartStyle::default();
    let specs = livelens::charts::build::all(report, lang);
    for spec in &specs {
        let path = dir.join(format!("{}.png", spec.id));
        livelens::charts::render_png(spec, 1200, 640, &style, &path)?;
    }
    Ok(specs.len())
}

fn cmd_demo(a: &Args) -> Result<(), Failure> {
    use livelens::demo::{self, DemoParams, Scale};
    a.only(&["out", "seed", "scale"]).map_err(Failure::Usage)?;
    let out = PathBuf::from(
        a.value("out")
            .ok_or_else(|| Failure::Usage("demo needs --out DIR".into()))?,
    );
    let scale = match a.value("scale") {
        None => Scale::Small,
        Some(s) => Scale::parse(s).ok_or_else(|| {
            Failure::Usage(format!("--scale \"{s}\" must be small, medium or large"))
        })?,
    };
    let seed = a
        .number::<u64>("seed")
        .map_err(Failure::Usage)?
        .unwrap_or(42);
    std::fs::create_dir_all(&out).map_err(|e| Failure::Run(format!("{}: {e}", out.display())))?;
    let open = |name: &str| -> Result<std::io::BufWriter<std::fs::File>, Failure> {
        let p = out.join(name);
        std::fs::File::create(&p)
            .map(|f| std::io::BufWriter::with_capacity(1 << 20, f))
            .map_err(|e| Failure::Run(format!("{}: {e}", p.display())))
    };
    eprintln!(
        "generating {scale:?} demo data (seed {seed}) into {}",
        out.display()
    );
    let t0 = Instant::now();
    let truth = demo::write(
        &DemoParams { seed, scale },
        open("events.csv")?,
        open("orders.csv")?,
        open("items.csv")?,
        open("users.csv")?,
        open("sessions.csv")?,
    )?;
    let truth_json = serde_json::to_string_pretty(&truth)
        .map_err(|e| Failure::Run(format!("ground truth: {e}")))?;
    write(&out.join("ground_truth.json"), truth_json.as_bytes())?;
    eprintln!(
        "wrote events.csv, orders.csv, items.csv, users.csv, sessions.csv and ground_truth.json in {:.1} s (time zone UTC+08:00: analyse with --tz +08:00)",
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

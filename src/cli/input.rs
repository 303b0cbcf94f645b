//! Reading the input files and ingesting them, shared by `analyze`, `recommend`, `evaluate` and
//! `rules` (when its baskets come from payments).

use std::path::Path;
use std::time::Instant;

use super::args::Args;
use super::Failure;
use livelens::ingest::{self, Field, FileKind, FileSpec, IngestOptions, InputFile, Loaded};

/// The options every command that reads exports accepts.
pub const INPUT_OPTIONS: &[&str] = &[
    "events",
    "orders",
    "items",
    "users",
    "sessions",
    "file",
    "tz",
    "keep-duplicates",
    "map",
    "map-event",
    "sheet",
    "platform",
    "threads",
];

/// `INPUT_OPTIONS` plus the command's own options, for [`Args::only`].
pub fn known(own: &[&'static str]) -> Vec<&'static str> {
    INPUT_OPTIONS.iter().chain(own).copied().collect()
}

/// Reads the files named on the command line, ingests them and reports on stderr what was
/// read; fails when no events/orders file is given or a file could not be used at all.
pub fn load(a: &Args, command: &str) -> Result<Loaded, Failure> {
    // Options first: a bad one is a usage error before any file is read.
    let opts = ingest_options(a)?;
    let mappings = mappings(a)?;
    let mut files = input_files(a)?;
    for (kind, field, header) in mappings {
        for (f, _) in files.iter_mut().filter(|(f, _)| f.kind == Some(kind)) {
            f.mapping.push((field, header.clone()));
        }
    }
    if !files
        .iter()
        .any(|(f, _)| matches!(f.kind, Some(FileKind::Events | FileKind::Orders) | None))
    {
        return Err(Failure::Usage(format!(
            "{command} needs --events or --orders (or --file with an events or orders export)"
        )));
    }
    // The files are read in chunks as they are parsed (never all in memory at once).
    let t0 = Instant::now();
    let threads = threads(a)?;
    let loaded = ingest::load_from_threads(files, &opts, threads)
        .map_err(|e| Failure::Run(e.to_string()))?;
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
        if let Some(l) = &f.layout {
            print_layout(l);
        }
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
        .files
        .iter()
        .filter_map(|f| {
            let e = f.error.as_ref()?;
            let hint = match (e.code.starts_with("missing_"), f.kind) {
                (true, Some(k)) => format!(
                    " (on the command line: --map {}.FIELD=HEADER, e.g. --map {}.user=UID)",
                    k.key(),
                    k.key()
                ),
                _ => String::new(),
            };
            Some(format!("{}: {}{hint}", f.name, e.message))
        })
        .collect();
    if !errors.is_empty() {
        return Err(Failure::Run(errors.join("\nerror: ")));
    }
    // Every row rejected: an error naming the main reason, not an empty report.
    ingest::ensure_rows_accepted(v)?;
    let ds = &loaded.dataset;
    let no_buyer = ds.pseudo_user_count();
    eprintln!(
        "parsed {} rows in {:.2} s; {} events of {} people{}",
        v.rows_read,
        t0.elapsed().as_secs_f64(),
        ds.events.len(),
        ds.users.len() - no_buyer,
        if no_buyer > 0 {
            format!(" and {no_buyer} orders without a buyer id")
        } else {
            String::new()
        }
    );
    Ok(loaded)
}

/// Reads a whole file, saying on stderr how big it is.
pub fn read_bytes(path: &str) -> Result<Vec<u8>, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure::Run(format!("{path}: {e}")))?;
    eprintln!(
        "reading {path} ({})",
        livelens::upload::human_bytes(bytes.len() as u64)
    );
    Ok(bytes)
}

/// The ingestion options and the input files, read whole, with their `--map` mappings, options
/// checked before any file is read (`watch`: its history files). `follow`: a path not to read
/// now (`watch` follows it); it comes back as a file without bytes, last.
pub fn files_and_options(
    a: &Args,
    follow: Option<&str>,
) -> Result<(Vec<InputFile>, IngestOptions), Failure> {
    let opts = ingest_options(a)?;
    let mappings = mappings(a)?;
    let sheet = a.value("sheet");
    let mut files = Vec::new();
    let mut followed = None;
    let kinds = FileKind::ALL.iter().map(|&k| Some(k)).chain([None]);
    for kind in kinds {
        let option = kind.map_or("file", |k| k.key());
        for path in a.values(option) {
            if followed.is_none() && Some(path) == follow {
                followed = Some(InputFile {
                    name: file_name(path),
                    kind,
                    sheet: sheet.map(str::to_owned),
                    ..InputFile::default()
                });
                continue;
            }
            files.push(InputFile {
                name: file_name(path),
                kind,
                sheet: sheet.map(str::to_owned),
                bytes: read_bytes(path)?,
                ..InputFile::default()
            });
        }
    }
    files.extend(followed);
    for (kind, field, header) in mappings {
        for f in files.iter_mut().filter(|f| f.kind == Some(kind)) {
            f.mapping.push((field, header.clone()));
        }
    }
    Ok((files, opts))
}

/// The name a file is reported under (its file name).
pub fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_owned())
}

/// An input file opened for reading, with what is known of it (name, size, kind, sheet).
fn open_file(
    path: &str,
    kind: Option<FileKind>,
    sheet: Option<&str>,
) -> Result<(FileSpec, std::fs::File), Failure> {
    let fail = |e: std::io::Error| Failure::Run(format!("{path}: {e}"));
    let file = std::fs::File::open(path).map_err(fail)?;
    let meta = file.metadata().map_err(fail)?;
    if meta.is_dir() {
        return Err(fail(std::io::Error::other("Is a directory (os error 21)")));
    }
    eprintln!(
        "reading {path} ({})",
        livelens::upload::human_bytes(meta.len())
    );
    let spec = FileSpec {
        name: file_name(path),
        size: Some(meta.len()),
        kind,
        sheet: sheet.map(str::to_owned),
        mapping: Vec::new(),
    };
    Ok((spec, file))
}

/// `--threads N` (1 to 256): threads that parse an events file (and, for `analyze`, compute
/// the sections); all cores by default.
pub(super) fn threads(a: &Args) -> Result<usize, Failure> {
    let n = super::options::number_in(
        a,
        "threads",
        |n: &usize| (1..=256).contains(n),
        "an integer from 1 to 256",
    )?;
    Ok(n.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())))
}

fn ingest_options(a: &Args) -> Result<IngestOptions, Failure> {
    let mut o = IngestOptions::default();
    if let Some(tz) = a.value("tz") {
        o.tz_offset_minutes = ingest::parse::parse_tz(tz).ok_or_else(|| {
            Failure::Usage(format!(
                "--tz \"{tz}\" is not a time zone (use UTC, an offset such as +08:00, +0800 or +08 within ±14:00, or a zone name such as Asia/Shanghai)"
            ))
        })?;
    }
    o.drop_duplicates = !a.flag("keep-duplicates");
    for m in a.values("map-event") {
        let (name, ev) = m
            .rsplit_once('=')
            .filter(|(name, _)| !name.trim().is_empty())
            .ok_or_else(|| {
                Failure::Usage(format!(
                    "--map-event \"{m}\" needs NAME=EVENT with a non-empty NAME"
                ))
            })?;
        let kind = super::options::event("--map-event", ev.trim())?;
        o.event_map.push((name.to_owned(), kind));
    }
    platforms(a, &mut o)?;
    Ok(o)
}

/// `--platform NAME` (every file's rows that no layout or `platform` column places) and
/// `--platform FILE=NAME` (one file's, FILE as given on the command line or its file name).
fn platforms(a: &Args, o: &mut IngestOptions) -> Result<(), Failure> {
    let paths = input_paths(a);
    for v in a.values("platform") {
        let checked = |name: &str| {
            ingest::platform::chosen_platform(name)
                .map_err(|e| Failure::Usage(format!("--platform \"{v}\": {e}")))
        };
        match v.rsplit_once('=') {
            Some((file, name)) => {
                let file = file.trim();
                let Some(path) = paths
                    .iter()
                    .find(|p| **p == file || file_name(p) == file)
                else {
                    return Err(Failure::Usage(format!(
                        "--platform \"{v}\": \"{file}\" is not one of the input files ({})",
                        paths.join(", ")
                    )));
                };
                o.file_platforms.push((file_name(path), checked(name)?));
            }
            None if o.platform.is_some() => {
                return Err(Failure::Usage(format!(
                    "--platform \"{v}\": a platform for every file is already given; name one file's with --platform FILE=NAME"
                )))
            }
            None => o.platform = Some(checked(v)?),
        }
    }
    Ok(())
}

/// Parses every ingestion option (`--tz`, `--map-event`, `--map`, …) without reading a file.
pub fn check_options(a: &Args) -> Result<(), Failure> {
    ingest_options(a)?;
    mappings(a)?;
    Ok(())
}

/// `--map KIND.FIELD=HEADER` options (HEADER empty = no column); KIND and FIELD must be named.
fn mappings(a: &Args) -> Result<Vec<(FileKind, Field, Option<String>)>, Failure> {
    let mut out = Vec::new();
    for m in a.values("map") {
        let bad = || {
            let kinds: Vec<&str> = FileKind::ALL.iter().map(|k| k.key()).collect();
            Failure::Usage(format!(
                "--map \"{m}\" needs KIND.FIELD=HEADER, KIND one of {}",
                kinds.join(", ")
            ))
        };
        let (lhs, header) = m.split_once('=').ok_or_else(bad)?;
        let (kind, field) = lhs.split_once('.').ok_or_else(bad)?;
        let kind = FileKind::from_key(kind.trim()).ok_or_else(bad)?;
        let field = Field::from_key(field.trim()).ok_or_else(|| {
            let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
            Failure::Usage(format!(
                "--map \"{m}\": unknown field \"{field}\" ({})",
                keys.join(", ")
            ))
        })?;
        let header = (!header.trim().is_empty()).then(|| header.trim().to_owned());
        out.push((kind, field, header));
    }
    Ok(out)
}

/// The paths of every input file named on the command line.
pub fn input_paths(a: &Args) -> Vec<&str> {
    FileKind::ALL
        .iter()
        .flat_map(|k| a.values(k.key()))
        .chain(a.values("file"))
        .collect()
}

/// Collects the input files from `--events`, `--orders`, … and `--file`.
fn input_files(a: &Args) -> Result<Vec<(FileSpec, std::fs::File)>, Failure> {
    let sheet = a.value("sheet");
    let mut files = Vec::new();
    for kind in FileKind::ALL {
        for path in a.values(kind.key()) {
            files.push(open_file(path, Some(kind), sheet)?);
        }
    }
    for path in a.values("file") {
        files.push(open_file(path, None, sheet)?);
    }
    Ok(files)
}

/// The recognised platform layout of a file and how each column was read.
fn print_layout(l: &ingest::layouts::LayoutReport) {
    let unit = match l.money_unit {
        ingest::layouts::MoneyUnit::Fen => "fen (分), shown in yuan",
        ingest::layouts::MoneyUnit::Yuan => "yuan (元) or local currency",
    };
    let platform = match l.platform.as_str() {
        "" => "not named by the file".to_owned(),
        p => p.to_owned(),
    };
    let what = match (l.sessions, l.events) {
        (Some(n), _) => format!("{n} live sessions"),
        (_, Some(n)) => format!("{n} events"),
        _ => format!(
            "{} orders in {} lines{}",
            l.orders,
            l.order_lines,
            if l.has_buyer_id { "" } else { ", no buyer id" }
        ),
    };
    eprintln!(
        "  recognised: {} (platform {platform}, money in {unit}); {what}",
        l.description,
    );
    if let Some(t) = &l.order_sessions {
        eprintln!(
            "  orders tied to live sessions: {} by room id, {} by creator and time window, {} by time window; {} not tied",
            t.by_room, t.by_creator_and_time, t.by_time, t.untied
        );
    }
    let cols: Vec<String> = l
        .columns
        .iter()
        .map(|c| match c.unit {
            Some(u) => format!("{} → {} ({})", c.path, c.role.key(), unit_key(u)),
            None => format!("{} → {}", c.path, c.role.key()),
        })
        .collect();
    eprintln!("  columns read: {}", cols.join(", "));
    if let Some(d) = &l.date_order {
        eprintln!("  dates read as {d}");
    }
}

fn unit_key(u: ingest::layouts::MoneyUnit) -> &'static str {
    match u {
        ingest::layouts::MoneyUnit::Fen => "fen",
        ingest::layouts::MoneyUnit::Yuan => "yuan",
    }
}

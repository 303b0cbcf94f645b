//! `livelens analyze`: every analysis into one JSON report (and optionally PNG charts).

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::args::Args;
use super::{input, options, write, Failure};
use livelens::analysis::analyze_on;

pub fn run(a: &Args) -> Result<(), Failure> {
    let mut known = input::known(&["out", "charts", "pretty", "lang", "sections"]);
    known.extend_from_slice(options::ANALYSIS_OPTIONS);
    a.only(&known).map_err(Failure::Usage)?;
    let out = a
        .value("out")
        .ok_or_else(|| Failure::Usage("analyze needs --out report.json".into()))?;
    let lang = super::lang(a)?;
    let mut opts = options::analysis_options(a)?;
    if let Some(list) = a.value("sections") {
        let sections = livelens::analysis::Section::parse_list(list).map_err(|e| {
            let m = match e {
                livelens::Error::Params(m) => m,
                other => other.to_string(),
            };
            Failure::Usage(format!("--sections \"{list}\": {m}"))
        })?;
        opts.sections = Some(sections);
    }
    check_outputs(a, out)?;
    let loaded = input::load(a, "analyze")?;
    options::check_names(&opts, &loaded.dataset)?;
    let t1 = Instant::now();
    // With LIVELENS_STAGE_TIMES set, each stage's time goes to stderr (docs/benchmarks.md).
    let timed = std::env::var_os("LIVELENS_STAGE_TIMES").is_some();
    let mut last = (String::from("prepare"), Instant::now());
    let mut progress = |stage: &str, _i: usize, _n: usize| {
        if timed {
            eprintln!(
                "  stage {}: {:.3} s",
                last.0,
                last.1.elapsed().as_secs_f64()
            );
        }
        last = (stage.to_owned(), Instant::now());
    };
    // The sections on as many threads as the parsing (the report is the same on any number).
    let threads = input::threads(a)?;
    let report = analyze_on(
        &loaded.dataset,
        &loaded.validation,
        &opts,
        threads,
        &mut progress,
    );
    eprintln!("analysed in {:.2} s", t1.elapsed().as_secs_f64());
    for s in &report.skipped {
        eprintln!("  skipped {}: {}", s.section, s.message);
    }
    for c in &report.kpis.summary_checks {
        eprintln!(
            "  session {}: {} is {} from the events but {} in the session summary (difference {})",
            c.session_id,
            c.figure,
            num(c.events),
            num(c.summary),
            num(c.difference)
        );
    }
    print_platforms(&report.kpis.by_platform);
    let json = if a.flag("pretty") {
        report.to_json_pretty()
    } else {
        report.to_json()
    };
    write(Path::new(out), json.as_bytes())?;
    eprintln!("wrote {out}");
    if let Some(c) = &report.comparison {
        print_comparison(c);
    }
    if let Some(cut) = report.rules.as_ref().and_then(|r| r.result.cut.as_ref()) {
        eprintln!("  association rules were cut: {}", cut.message);
    }
    if let Some(dir) = a.value("charts") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| Failure::Run(format!("{}: {e}", dir.display())))?;
        let n = write_charts(&report, &dir, lang)?;
        eprintln!("wrote {n} charts to {}", dir.display());
    }
    // The process ends next: the dataset's and the report's memory goes back with it. Freeing
    // them first (millions of values, interners, tables) took ~8 ms of the wall time of
    // `--sections kpis` on the medium demo, on one core after the work was done.
    std::mem::forget(report);
    std::mem::forget(loaded);
    Ok(())
}

/// Checks `--out` and `--charts` before any work: the report must not overwrite an input nor be
/// a folder, and the charts' folder must be one (it is created now).
fn check_outputs(a: &Args, out: &str) -> Result<(), Failure> {
    let out_path = Path::new(out);
    if out_path.is_dir() {
        return Err(Failure::Usage(format!(
            "--out \"{out}\" is a folder; give the path of the JSON file to write"
        )));
    }
    if let Ok(target) = std::fs::canonicalize(out_path) {
        for input in input::input_paths(a) {
            if std::fs::canonicalize(input).is_ok_and(|p| p == target) {
                return Err(Failure::Usage(format!(
                    "--out \"{out}\" is the input file \"{input}\"; writing the report would \
                     overwrite it"
                )));
            }
        }
    }
    if let Some(dir) = a.value("charts") {
        let path = Path::new(dir);
        if path.exists() && !path.is_dir() {
            return Err(Failure::Usage(format!(
                "--charts \"{dir}\" is a file, not a folder"
            )));
        }
        std::fs::create_dir_all(path).map_err(|e| {
            Failure::Usage(format!(
                "--charts \"{dir}\": cannot create the folder ({e})"
            ))
        })?;
    }
    Ok(())
}

/// The A/B comparison in brief on stderr: the rate's summary, then each mean comparison.
fn print_comparison(c: &livelens::compare::Comparison) {
    let f = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"));
    eprintln!("  comparison: {}", c.summary_en);
    for m in &c.means {
        eprintln!(
            "    {}: A {} (n={}), B {} (n={}); B − A {} [Welch 95% {} – {}; bootstrap 95% {} – {}]; Welch t {} (df {}), p {}; {:?}",
            m.metric,
            f(m.a.mean),
            m.a.n,
            f(m.b.mean),
            m.b.n,
            f(m.difference),
            f(m.ci_low),
            f(m.ci_high),
            f(m.bootstrap_low),
            f(m.bootstrap_high),
            f(m.t),
            f(m.df),
            m.p_value.map_or_else(|| "–".to_owned(), |p| format!("{p:.4}")),
            m.verdict
        );
    }
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

/// A figure as text: whole numbers without decimals, others with two.
fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// The per-platform KPI table on stderr: one column per platform, then all combined; a figure
/// a platform's data cannot give is `—`.
fn print_platforms(by: &[livelens::kpi::PlatformKpis]) {
    if by.is_empty() {
        return;
    }
    let dash = || "—".to_owned();
    let int = |x: Option<u64>| x.map_or_else(dash, |v| v.to_string());
    let money = |x: Option<f64>| x.map_or_else(dash, |v| format!("{v:.2}"));
    let rate = |x: Option<f64>| x.map_or_else(dash, |v| format!("{:.2}%", 100.0 * v));
    let times = |x: Option<f64>| x.map_or_else(dash, |v| format!("{v:.2}x"));
    let rows: Vec<(&str, Vec<String>)> = [
        (
            "sessions",
            by.iter().map(|g| g.sessions.to_string()).collect(),
        ),
        ("viewers", by.iter().map(|g| int(g.viewers)).collect()),
        ("views", by.iter().map(|g| int(g.views)).collect()),
        (
            "peak online",
            by.iter().map(|g| int(g.peak_concurrent)).collect(),
        ),
        ("comments", by.iter().map(|g| int(g.comments)).collect()),
        ("orders", by.iter().map(|g| int(g.orders)).collect()),
        ("buyers", by.iter().map(|g| int(g.buyers)).collect()),
        ("GMV", by.iter().map(|g| money(g.gmv)).collect()),
        (
            "conversion",
            by.iter().map(|g| rate(g.conversion_rate)).collect(),
        ),
        ("ad spend", by.iter().map(|g| money(g.ad_spend)).collect()),
        ("ROI", by.iter().map(|g| times(g.roi)).collect()),
    ]
    .into_iter()
    .collect();
    let mut headers = vec!["KPIs per platform"];
    headers.extend(by.iter().map(|g| g.group.as_str()));
    let table: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(name, cells)| std::iter::once(name.to_owned()).chain(cells).collect())
        .collect();
    eprint!("{}", super::table::table(&headers, &table));
}

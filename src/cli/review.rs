//! `livelens review`: the post-live review of one session, as text or as one printable HTML
//! page with its charts as inline SVG.

use std::path::Path;

use super::args::Args;
use super::{input, out, write, Failure};
use livelens::analysis::{review_stage, AnalysisOptions, Prepared};
use livelens::charts::{build::review_charts, render_svg, ChartStyle};
use livelens::review::{review_html, statement_lines, ReviewCharts};

pub fn run(a: &Args) -> Result<(), Failure> {
    a.only(&input::known(&["session", "out", "lang"]))
        .map_err(Failure::Usage)?;
    let lang = super::lang(a)?;
    let out_path = a.value("out");
    if let Some(p) = out_path {
        check_out(a, p)?;
    }
    let loaded = input::load(a, "review")?;
    let ds = &loaded.dataset;
    let session = a.value("session");
    if let Some(id) = session {
        if ds.sessions.get(id).is_none() {
            let names: Vec<&str> = ds
                .sessions
                .names()
                .iter()
                .take(10)
                .map(String::as_str)
                .collect();
            return Err(Failure::Usage(format!(
                "--session: no session \"{id}\" (sessions: {}{})",
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                },
                if ds.sessions.len() > 10 { ", …" } else { "" }
            )));
        }
    }
    let t0 = std::time::Instant::now();
    let prep = Prepared::new(ds);
    let kpis = livelens::kpi::kpis(&prep);
    let opts = AnalysisOptions::default();
    let review = review_stage(
        &prep,
        &kpis.by_session,
        session,
        &opts.funnel,
        None,
        opts.timeline_bucket_seconds,
        None,
    )?;
    eprintln!("reviewed in {:.2} s", t0.elapsed().as_secs_f64());
    let Some(path) = out_path else {
        return out(&statement_lines(&review, lang));
    };
    let style = ChartStyle::default();
    let mut svgs = review_charts(&review, lang)
        .into_iter()
        .map(|spec| render_svg(&spec, 640, 360, &style));
    let charts = ReviewCharts {
        kpis: svgs.next().transpose()?,
        pitches: svgs.next().transpose()?,
    };
    write(
        Path::new(path),
        review_html(&review, &charts, lang).as_bytes(),
    )?;
    eprintln!("wrote {path}");
    Ok(())
}

/// `--out` must be a file path that is none of the inputs.
fn check_out(a: &Args, out: &str) -> Result<(), Failure> {
    let p = Path::new(out);
    if p.is_dir() {
        return Err(Failure::Usage(format!(
            "--out \"{out}\" is a folder; give the path of the HTML file to write"
        )));
    }
    if let Ok(target) = std::fs::canonicalize(p) {
        if input::input_paths(a)
            .into_iter()
            .any(|i| std::fs::canonicalize(i).is_ok_and(|q| q == target))
        {
            return Err(Failure::Usage(format!(
                "--out \"{out}\" is an input file; writing the review would overwrite it"
            )));
        }
    }
    Ok(())
}

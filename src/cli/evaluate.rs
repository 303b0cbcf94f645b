//! `livelens evaluate`: every recommendation model side by side, on both splits.

use std::time::Instant;

use super::args::Args;
use super::table::{num, table};
use super::{input, options, out, print_json, Failure};
use livelens::analysis::Prepared;
use livelens::recommend::{self, EvaluationResult, RecommendParams};

pub fn run(a: &Args) -> Result<(), Failure> {
    a.only(&input::known(&["k", "seed", "json"]))
        .map_err(Failure::Usage)?;
    let mut p = RecommendParams::default();
    options::recommend_params(a, &mut p)?;
    let loaded = input::load(a, "evaluate")?;
    let t0 = Instant::now();
    let ev = recommend::evaluate(
        &Prepared::new(&loaded.dataset),
        &p,
        &recommend::ModelKind::ALL,
    )?;
    eprintln!("evaluated in {:.2} s", t0.elapsed().as_secs_f64());
    if a.flag("json") {
        return print_json(&ev);
    }
    for (title, split) in [
        (
            "Time split (each person's last purchases held out)",
            &ev.time_split,
        ),
        (
            "Leave-one-out (one purchase per person held out)",
            &ev.leave_one_out,
        ),
    ] {
        out(&split_text(title, split))?;
    }
    out("* best by NDCG@K (ties: MAP@K)\n")
}

fn split_text(title: &str, s: &EvaluationResult) -> String {
    let head = format!(
        "{title}: K = {}, {} persons evaluated of {} eligible, {} held-out purchases\n",
        s.k, s.users_evaluated, s.users_eligible, s.held_out
    );
    let k = s.k;
    let headers = [
        "model".to_owned(),
        format!("P@{k}"),
        format!("R@{k}"),
        format!("NDCG@{k}"),
        format!("MAP@{k}"),
        format!("hit rate@{k}"),
        "coverage".to_owned(),
    ];
    let rows: Vec<Vec<String>> = s
        .rows
        .iter()
        .map(|r| {
            let best = if s.best_model == Some(r.model) {
                " *"
            } else {
                ""
            };
            vec![
                format!("{}{best}", r.model.key()),
                num(r.precision, 4),
                num(r.recall, 4),
                num(r.ndcg, 4),
                num(r.map, 4),
                num(r.hit_rate, 4),
                num(r.coverage, 4),
            ]
        })
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    format!("{head}{}\n", table(&headers, &rows))
}

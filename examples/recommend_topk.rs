//! Exports LiveLens's top-K products per person for an offline split, so that a Python script
//! (`bench/recommend_parity.py`) can score LiveLens and the `implicit` library the same way.
//!
//! `cargo run --release --example recommend_topk -- TRAIN_DIR USERS OUT_CSV [K]`
//!
//! * `TRAIN_DIR`: the training data in the demo layout (`events.csv`, and when present
//!   `items.csv`, `users.csv`, `sessions.csv`, `orders.csv`), i.e. only what happened before the
//!   test period.
//! * `USERS`: one user id per line, the persons to recommend for.
//! * `OUT_CSV`: rows `model,user_id,rank,item_id` for every model and, under the model name
//!   `chosen`, for the model LiveLens picks by its own evaluation on the training data (what
//!   `livelens recommend` would use). Products a person bought in training are excluded, ties go
//!   to the lower product id, exactly as in `livelens::recommend::eval`. The model name
//!   `user_knn_undamped` is user-kNN without its popularity damping (`UserKnn::popularity_damping`
//!   = 0), for the before/after comparison in `docs/benchmarks.md`; `user_knn_k50` is user-kNN
//!   with a fixed 50 neighbours (`UserKnn::persons_per_neighbour` = 0: the neighbourhood does
//!   not grow with the number of persons).
//!
//! `LIVELENS_PERSONS_PER_NEIGHBOUR=N` (bench only) sets `UserKnn::persons_per_neighbour` of the
//! `user_knn` row (and of `chosen` when that is user-kNN) for neighbourhood-size sweeps.
//!
//! Prints one JSON object: the chosen model and LiveLens's own evaluation of the training data.

use std::io::Write;

use livelens::ingest::{self, IngestOptions, InputFile};
use livelens::recommend::{
    eval::top_k, evaluate, InteractionMatrix, ItemFeatures, ModelKind, Models, RecommendParams,
    Recommender, Scratch, UserKnn,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(users_path), Some(out_path)) = (args.first(), args.get(1), args.get(2))
    else {
        return Err("usage: recommend_topk TRAIN_DIR USERS OUT_CSV [K]".into());
    };
    let k: usize = match args.get(3) {
        Some(s) => s.parse()?,
        None => 10,
    };
    let mut files = Vec::new();
    for name in ["sessions", "items", "users", "events", "orders"] {
        let path = format!("{dir}/{name}.csv");
        if let Ok(bytes) = std::fs::read(&path) {
            files.push(InputFile {
                name: format!("{name}.csv"),
                bytes,
                ..InputFile::default()
            });
        }
    }
    let loaded = ingest::load(&files, &IngestOptions::default());
    let ds = &loaded.dataset;
    let p = RecommendParams {
        k,
        ..RecommendParams::default()
    };
    let t0 = std::time::Instant::now();
    let prep = livelens::analysis::Prepared::new(ds);
    let ev = evaluate(&prep, &p, &ModelKind::ALL)?;
    let eval_s = t0.elapsed().as_secs_f64();
    let chosen = ev
        .time_split
        .best_model
        .or(ev.leave_one_out.best_model)
        .unwrap_or(ModelKind::Hybrid);

    let feats = ItemFeatures::from_dataset(ds);
    let m = InteractionMatrix::from_dataset(ds, &p.weights, |_| true);
    let models = Models::fit(&m, &feats, &p, &ModelKind::ALL);
    let variants = {
        let mut undamped =
            UserKnn::new(p.user_neighbours, p.weights.pay).with_popularity_damping(0.0);
        undamped.fit(&m, &feats);
        let mut fixed = UserKnn::new(p.user_neighbours, p.weights.pay);
        fixed.persons_per_neighbour = 0;
        fixed.fit(&m, &feats);
        let sweep = match std::env::var("LIVELENS_PERSONS_PER_NEIGHBOUR") {
            Ok(v) => {
                let mut knn = UserKnn::new(p.user_neighbours, p.weights.pay);
                knn.persons_per_neighbour = v.parse()?;
                knn.fit(&m, &feats);
                Some(knn)
            }
            Err(_) => None,
        };
        [
            ("user_knn_undamped", Some(undamped)),
            ("user_knn_k50", Some(fixed)),
            ("user_knn", sweep),
        ]
    };
    let mut variant_out = vec![0.0; m.n_items];
    let wanted = std::fs::read_to_string(users_path)?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(out_path)?);
    writeln!(out, "model,user_id,rank,item_id")?;
    let mut outs: Vec<Vec<f32>> = vec![vec![0.0; m.n_items]; ModelKind::ALL.len()];
    let mut mask = vec![false; m.n_items];
    let mut s = Scratch::default();
    let (mut buf, mut ranked) = (Vec::new(), Vec::new());
    let mut unknown = 0usize;
    for id in wanted.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some(u) = ds.users.get(id) else {
            unknown += 1;
            continue;
        };
        models.score_all(&m, u, &mut outs, &mut s);
        m.bought_mask(u, &mut mask);
        for (name, knn) in &variants {
            if let Some(knn) = knn {
                knn.score(&m, u, &mut variant_out, &mut s);
                if *name == "user_knn" {
                    outs[ModelKind::UserKnn as usize].copy_from_slice(&variant_out);
                    continue;
                }
                top_k(&variant_out, &mask, k, &mut buf, &mut ranked);
                for (r, &i) in ranked.iter().enumerate() {
                    writeln!(out, "{name},{id},{},{}", r + 1, ds.items.name(i))?;
                }
            }
        }
        for kind in ModelKind::ALL {
            top_k(&outs[kind as usize], &mask, k, &mut buf, &mut ranked);
            let names: Vec<&str> = ranked.iter().map(|&i| ds.items.name(i)).collect();
            for (r, item) in names.iter().enumerate() {
                writeln!(out, "{},{id},{},{item}", kind.key(), r + 1)?;
                if kind == chosen {
                    writeln!(out, "chosen,{id},{},{item}", r + 1)?;
                }
            }
        }
    }
    out.flush()?;
    let summary = serde_json::json!({
        "chosen": chosen.key(),
        "unknown_users": unknown,
        "evaluate_seconds": eval_s,
        "evaluation": ev,
    });
    println!("{summary}");
    Ok(())
}

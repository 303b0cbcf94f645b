//! Per-algorithm timings that used to be `#[ignore]`d unit "tests" (funnel modes, retention,
//! k-means / silhouette, the segments → prediction pipeline, recommenders and ALS by factor
//! count). `cargo run --release --example perf -- [SCALE] [SEED] [PART,...]`: SCALE is a demo
//! scale (`small`, `medium`, default `medium`), PART any of `funnel retention kmeans pipeline
//! recommend als` (default all). Prints one line per measurement (best of a few runs: the
//! machine may be shared). For the stage-by-stage benchmark against the Python reference see
//! `examples/bench.rs`.

use std::time::{Duration, Instant};

use livelens::cluster::{self, adjusted_rand_index, kmeans, silhouettes, ClusterParams};
use livelens::demo::{self, DemoParams, Scale};
use livelens::funnel::{self, Breakdown, FunnelMode, FunnelParams};
use livelens::ingest::{load, IngestOptions, InputFile};
use livelens::model::Dataset;
use livelens::predict::{self, PredictParams};
use livelens::recommend::{
    self, Als, AlsParams, InteractionMatrix, InteractionWeights, ItemFeatures, ModelKind,
    RecommendParams, Recommender,
};
use livelens::retention::{self, Period, RetentionMode, RetentionParams};
use livelens::{rfm, timeline};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Fastest of `runs` calls and the last result.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed());
        out = Some(r);
    }
    match out {
        Some(r) => (best, r),
        None => unreachable!("runs ≥ 1"),
    }
}

/// Standard normal deviate (Box–Muller).
fn normal<R: Rng>(rng: &mut R) -> f64 {
    let u1: f64 = rng.gen::<f64>().max(1e-12);
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

fn funnel_modes(ds: &Dataset) {
    for mode in [
        FunnelMode::Ordered,
        FunnelMode::Strict,
        FunnelMode::AnyOrder,
    ] {
        let p = FunnelParams {
            mode,
            breakdown: Breakdown::Session,
            ..FunnelParams::default()
        };
        let (t, r) = best(5, || {
            funnel::funnel(&livelens::analysis::Prepared::new(ds), &p)
        });
        let counts = r.map(|r| r.steps.iter().map(|s| s.count).collect::<Vec<_>>());
        println!("funnel {mode:?} (by session): {t:?} {counts:?}");
    }
}

fn retention_modes(ds: &Dataset) {
    for p in [
        RetentionParams::default(),
        RetentionParams {
            period: Period::Day,
            mode: RetentionMode::OnOrAfter,
            max_periods: 30,
            ..Default::default()
        },
    ] {
        let (t, r) = best(3, || {
            retention::retention(&livelens::analysis::Prepared::new(ds), &p)
        });
        let cohorts = r.map(|r| r.cohorts.len());
        println!(
            "retention {:?}/{:?}: {t:?} cohorts {cohorts:?}",
            p.period, p.mode
        );
    }
    let (t, list) = best(3, || {
        timeline::session_list(&livelens::analysis::Prepared::new(ds))
    });
    println!("session_list: {t:?} ({} sessions)", list.len());
    let (t, tl) = best(3, || {
        timeline::timeline(&livelens::analysis::Prepared::new(ds), &Default::default())
    });
    println!(
        "timeline (default session): {t:?} ({:?} minutes)",
        tl.map(|t| t.minutes.len())
    );
}

/// 50,000 points around 5 centres in 6 dimensions: the k search on a 10,000 sample, its
/// silhouettes, and the final fit on everybody (what `cluster` does above 10,000 persons).
fn kmeans_blobs() {
    let centres: Vec<Vec<f64>> = (0..5)
        .map(|c| (0..6).map(|f| ((c * 7 + f * 3) % 5) as f64 * 1.5).collect())
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let (mut x, mut truth) = (Vec::new(), Vec::new());
    for _ in 0..10_000 {
        for (c, centre) in centres.iter().enumerate() {
            x.extend(centre.iter().map(|&m| m + 0.8 * normal(&mut rng)));
            truth.push(c);
        }
    }
    let sx: Vec<f64> = (0..10_000usize)
        .flat_map(|i| {
            let p = i * 5 + i % 5;
            x[p * 6..p * 6 + 6].to_vec()
        })
        .collect();
    let t = Instant::now();
    let labelings: Vec<Vec<usize>> = (2..=8)
        .filter_map(|k| {
            let mut rng = ChaCha8Rng::seed_from_u64(k as u64);
            kmeans(&sx, 6, k, 10, 300, &mut rng).map(|f| f.labels)
        })
        .collect();
    let t_search = t.elapsed();
    let (t_sil, sil) = best(3, || silhouettes(&sx, 6, &labelings));
    let (t_final, fit) = best(3, || {
        kmeans(&x, 6, 5, 10, 300, &mut ChaCha8Rng::seed_from_u64(5))
    });
    let ari = fit.map(|f| adjusted_rand_index(&truth, &f.labels));
    println!("k-means search k=2..8 on 10k: {t_search:?}; silhouettes {t_sil:?} {sil:?}");
    println!("k-means k=5 on 50k: {t_final:?}; ARI vs planted {ari:?}");
}

fn pipeline(ds: &Dataset, truth: &[(String, usize)]) {
    let (t, r) = best(3, || {
        rfm::rfm(
            &livelens::analysis::Prepared::new(ds),
            &rfm::RfmParams::default(),
        )
    });
    println!("rfm: {t:?} ({:?} buyers)", r.map(|r| r.per_user.len()));
    let (t, c) = best(3, || {
        cluster::cluster(
            &livelens::analysis::Prepared::new(ds),
            &ClusterParams::default(),
        )
    });
    match c {
        Ok(c) => {
            // Planted segment of each clustered person (the demo's ground truth).
            let seg: std::collections::HashMap<&str, usize> =
                truth.iter().map(|(u, s)| (u.as_str(), *s)).collect();
            let (planted, found): (Vec<usize>, Vec<usize>) = c
                .per_user
                .iter()
                .filter_map(|u| Some((*seg.get(u.user_id.as_str())?, u.cluster)))
                .unzip();
            println!(
                "cluster: {t:?} k={} silhouette {:?}; ARI vs planted segments {:.3}",
                c.k,
                c.silhouette,
                adjusted_rand_index(&planted, &found)
            );
        }
        Err(e) => println!("cluster: {e}"),
    }
    let (t, p) = best(3, || {
        predict::predict(
            &livelens::analysis::Prepared::new(ds),
            &PredictParams::default(),
        )
    });
    println!("predict: {t:?} auc {:?}", p.map(|p| p.auc));
}

fn recommenders(ds: &Dataset) {
    let (t, ev) = best(1, || {
        recommend::evaluate(
            &livelens::analysis::Prepared::new(ds),
            &RecommendParams::default(),
            &ModelKind::ALL,
        )
    });
    println!(
        "evaluate (all models): {t:?} ({:?} persons)",
        ev.map(|e| e.time_split.users_evaluated)
    );
    let p = RecommendParams {
        model: Some(ModelKind::Hybrid),
        ..Default::default()
    };
    let (t, r) = best(1, || {
        recommend::recommend(&livelens::analysis::Prepared::new(ds), &p, None)
    });
    println!(
        "recommend (hybrid): {t:?} ({:?} persons)",
        r.map(|r| r.per_user.len())
    );
    for k in ModelKind::ALL {
        let (t, ev) = best(1, || {
            recommend::evaluate(
                &livelens::analysis::Prepared::new(ds),
                &RecommendParams::default(),
                &[k],
            )
        });
        let ndcg = ev.map(|e| e.time_split.rows.first().map(|r| r.ndcg));
        println!("{k:?}: {t:?} ndcg {ndcg:?}");
    }
}

/// ALS fit time by number of factors (multiples of 4 up to 32 have a compile-time copy).
fn als_factors(ds: &Dataset) {
    let m = InteractionMatrix::from_dataset(ds, &InteractionWeights::default(), |_| true);
    let feats = ItemFeatures::empty(m.n_items);
    println!(
        "ALS on {} persons × {} products, {} interactions",
        m.n_users,
        m.n_items,
        m.nnz()
    );
    for f in [4, 5, 8, 9, 32] {
        let (t, _) = best(3, || {
            let mut als = Als::new(
                AlsParams {
                    factors: f,
                    ..Default::default()
                },
                1,
            );
            als.fit(&m, &feats);
            als
        });
        println!("ALS factors {f}: {t:?}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let scale = args
        .first()
        .and_then(|s| Scale::parse(s))
        .unwrap_or(Scale::Medium);
    let seed = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(42);
    let parts: Vec<String> = args.get(2).map_or_else(
        || {
            [
                "funnel",
                "retention",
                "kmeans",
                "pipeline",
                "recommend",
                "als",
            ]
            .map(String::from)
            .to_vec()
        },
        |s| s.split(',').map(str::to_owned).collect(),
    );
    let t = Instant::now();
    let (files, truth) = match demo::generate(&DemoParams { seed, scale }) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("perf: {e}");
            std::process::exit(1);
        }
    };
    let inputs: Vec<InputFile> = [
        ("events.csv", files.events),
        ("orders.csv", files.orders),
        ("items.csv", files.items),
        ("users.csv", files.users),
        ("sessions.csv", files.sessions),
    ]
    .into_iter()
    .map(|(name, text)| InputFile {
        name: name.into(),
        bytes: text.into_bytes(),
        ..InputFile::default()
    })
    .collect();
    let loaded = load(&inputs, &IngestOptions::default());
    let ds = &loaded.dataset;
    println!(
        "demo {scale:?} seed {seed}: {} events, {} persons (generated and parsed in {:?})",
        ds.events.len(),
        ds.users.len(),
        t.elapsed()
    );
    for part in &parts {
        match part.as_str() {
            "funnel" => funnel_modes(ds),
            "retention" => retention_modes(ds),
            "kmeans" => kmeans_blobs(),
            "pipeline" => pipeline(ds, &truth.user_segment),
            "recommend" => recommenders(ds),
            "als" => als_factors(ds),
            other => eprintln!("perf: unknown part {other}"),
        }
    }
}

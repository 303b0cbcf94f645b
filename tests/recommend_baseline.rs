#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion
//! The model LiveLens picks must not fall below a standard item-item cosine baseline on the
//! issue-14 protocol (docs/benchmarks.md, "Recommendations against `implicit`"): train on every
//! row before a live session, test on the products paid in that session by persons with
//! history, excluding products they had already paid for; P@10.
//!
//! The protocol is repeated for each of the last [`SESSIONS`] live sessions of a demo (each
//! trained on everything before it) and the hits are pooled: one session has only 14–23 test
//! persons on the small demo, so one hit moves its P@10 by 0.005–0.007 and which of two close
//! models "wins" one session is a coin toss (seed 7's last session: 12 vs 13 hits of 17 persons,
//! while the pooled sessions rank the two the other way). Pooled, a seed has ~100 test persons.
//!
//! The baseline is implemented here independently of `src/recommend`, the way the `implicit`
//! library's `CosineRecommender(K=20)` works: cosine between product columns of the person ×
//! product strength matrix (LiveLens's default signal weights, summed), each product keeping its
//! 20 most similar products *including itself*, a person's score = their strength row times that
//! matrix.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use livelens::demo::{self, DemoParams, Scale};
use livelens::ingest::{self, FileKind, IngestOptions, InputFile};
use livelens::recommend::{self, RecommendParams};

const K: usize = 10;

struct Split {
    /// The training rows of events.csv (header included).
    train_events: String,
    /// Person → products paid in the test session (not paid before).
    test: BTreeMap<String, BTreeSet<String>>,
}

fn records(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .collect()
}

/// The split at the `back`-th last session by start time (1 = the last).
fn split(events: &str, sessions: &str, back: usize) -> Split {
    // sessions.csv: session_id,host,title,start,end,ad_spend
    let mut all = records(sessions);
    all.sort_by(|a, b| b[3].cmp(&a[3]));
    let last = all.get(back - 1).expect("sessions").clone();
    let (last_id, last_start) = (last[0].to_owned(), last[3].to_owned());
    let mut train = String::new();
    let header = events.lines().next().expect("header");
    train.push_str(header);
    train.push('\n');
    let mut history = BTreeSet::new();
    let mut paid_before = BTreeSet::new();
    let mut test_pays = Vec::new();
    // events.csv: user_id,session_id,event,timestamp,item_id,order_id,amount
    let product = ["product_view", "click", "add_cart", "order", "pay"];
    let mut rdr = csv::Reader::from_reader(events.as_bytes());
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rdr.records() {
        let r = r.unwrap();
        let (u, s, e, t, i) = (&r[0], &r[1], &r[2], &r[3], &r[4]);
        if t < last_start.as_str() {
            w.write_record(&r).unwrap();
            if product.contains(&e) && !i.is_empty() {
                history.insert(u.to_owned());
            }
            if e == "pay" {
                paid_before.insert((u.to_owned(), i.to_owned()));
            }
        } else if e == "pay" && s == last_id && !i.is_empty() {
            test_pays.push((u.to_owned(), i.to_owned()));
        }
    }
    train.push_str(std::str::from_utf8(&w.into_inner().unwrap()).unwrap());
    let mut test: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (u, i) in test_pays {
        if history.contains(&u) && !paid_before.contains(&(u.clone(), i.clone())) {
            test.entry(u).or_default().insert(i);
        }
    }
    Split {
        train_events: train,
        test,
    }
}

/// Hits in the top K over all test persons.
fn hits(lists: &HashMap<String, Vec<String>>, test: &BTreeMap<String, BTreeSet<String>>) -> usize {
    test.iter()
        .map(|(u, rel)| {
            lists
                .get(u)
                .map_or(0, |l| l.iter().take(K).filter(|i| rel.contains(*i)).count())
        })
        .sum()
}

/// `implicit`'s CosineRecommender(K=20) on the training rows, written from scratch.
fn cosine_baseline(
    train_events: &str,
    items: &[String],
    test: &BTreeMap<String, BTreeSet<String>>,
) -> HashMap<String, Vec<String>> {
    let weight = |e: &str| match e {
        "product_view" => 1.0,
        "click" => 2.0,
        "add_cart" => 3.0,
        "order" => 4.0,
        "pay" => 8.0,
        _ => 0.0,
    };
    let index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(k, v)| (v.as_str(), k))
        .collect();
    let n = items.len();
    let mut rows: BTreeMap<String, (Vec<f64>, Vec<bool>)> = BTreeMap::new();
    for r in records(train_events) {
        let (Some(&i), w) = (index.get(&r[4]), weight(&r[2])) else {
            continue;
        };
        if w == 0.0 {
            continue;
        }
        let row = rows
            .entry(r[0].to_owned())
            .or_insert_with(|| (vec![0.0; n], vec![false; n]));
        row.0[i] += w;
        row.1[i] |= &r[2] == "pay";
    }
    let mut dot = vec![vec![0.0f64; n]; n];
    for (r, _) in rows.values() {
        for a in 0..n {
            if r[a] == 0.0 {
                continue;
            }
            for b in 0..n {
                dot[a][b] += r[a] * r[b];
            }
        }
    }
    let norm: Vec<f64> = (0..n).map(|a| dot[a][a].sqrt()).collect();
    let mut sim = vec![vec![0.0f64; n]; n];
    for a in 0..n {
        let mut c: Vec<(f64, usize)> = (0..n)
            .filter(|&b| norm[a] > 0.0 && norm[b] > 0.0 && dot[a][b] > 0.0)
            .map(|b| (dot[a][b] / (norm[a] * norm[b]), b))
            .collect();
        c.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        for &(s, b) in c.iter().take(20) {
            sim[a][b] = s;
        }
    }
    let mut out = HashMap::new();
    for u in test.keys() {
        let Some((r, paid)) = rows.get(u) else {
            continue;
        };
        let mut scored: Vec<(f64, usize)> = (0..n)
            .filter(|&i| !paid[i])
            .map(|i| ((0..n).map(|j| r[j] * sim[j][i]).sum::<f64>(), i))
            .collect();
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        out.insert(
            u.clone(),
            scored
                .iter()
                .take(K)
                .map(|&(_, i)| items[i].clone())
                .collect(),
        );
    }
    out
}

/// The fixed seed list: every seed is compared whose pooled sessions have at least
/// [`MIN_TEST_PERSONS`] test persons (all of them: ~80–110 each).
const SEEDS: [u64; 6] = [42, 7, 11, 23, 99, 5];
const MIN_TEST_PERSONS: usize = 20;
/// The last live sessions each seed is tested on.
const SESSIONS: usize = 5;

/// (test persons, LiveLens's hits, the baseline's hits, LiveLens's model) of one session.
fn one_session(
    files: &demo::DemoFiles,
    tz_offset_minutes: i32,
    back: usize,
) -> (usize, usize, usize, String) {
    let sp = split(&files.events, &files.sessions, back);
    if sp.test.is_empty() {
        return (0, 0, 0, String::new());
    }
    let f = |name: &str, kind, text: &str| InputFile {
        name: name.into(),
        bytes: text.as_bytes().to_vec(),
        kind: Some(kind),
        ..InputFile::default()
    };
    let loaded = ingest::load(
        &[
            f("events.csv", FileKind::Events, &sp.train_events),
            f("items.csv", FileKind::Items, &files.items),
            f("users.csv", FileKind::Users, &files.users),
            f("sessions.csv", FileKind::Sessions, &files.sessions),
        ],
        &IngestOptions {
            tz_offset_minutes,
            ..IngestOptions::default()
        },
    );
    let p = RecommendParams {
        users: Some(sp.test.keys().cloned().collect()),
        top_n: K,
        ..RecommendParams::default()
    };
    let prep = livelens::analysis::Prepared::new(&loaded.dataset);
    let r = recommend::recommend(&prep, &p, None).expect("recommend");
    let ours: HashMap<String, Vec<String>> = r
        .per_user
        .iter()
        .map(|u| {
            let items = u.items.iter().map(|i| i.item_id.clone()).collect();
            (u.user_id.clone(), items)
        })
        .collect();
    let mut items: Vec<String> = records(&files.items)
        .iter()
        .map(|r| r[0].to_owned())
        .collect();
    items.sort();
    let base = cosine_baseline(&sp.train_events, &items, &sp.test);
    (
        sp.test.len(),
        hits(&ours, &sp.test),
        hits(&base, &sp.test),
        r.model.key().to_owned(),
    )
}

#[test]
fn chosen_model_matches_an_item_item_cosine_baseline_on_the_next_sessions() {
    let mut compared = Vec::new();
    for seed in SEEDS {
        let (files, truth) = demo::generate(&DemoParams {
            seed,
            scale: Scale::Small,
        })
        .expect("demo");
        let (mut persons, mut ours, mut base) = (0, 0, 0);
        for back in 1..=SESSIONS {
            let (n, a, b, model) = one_session(&files, truth.tz_offset_minutes, back);
            eprintln!("seed {seed}, session -{back}: {n} persons; LiveLens ({model}) {a} hits, cosine K=20 {b}");
            persons += n;
            ours += a;
            base += b;
        }
        if persons < MIN_TEST_PERSONS {
            eprintln!("seed {seed}: {persons} test persons, too few; next seed");
            continue;
        }
        compared.push(seed);
        let p = |h: usize| h as f64 / (K * persons) as f64;
        eprintln!(
            "seed {seed}: {persons} persons in {SESSIONS} sessions; LiveLens P@10 {:.4}, cosine K=20 {:.4}",
            p(ours),
            p(base)
        );
        assert!(
            ours >= base,
            "seed {seed}: LiveLens's P@10 {:.4} < cosine baseline {:.4} over the last {SESSIONS} sessions",
            p(ours),
            p(base)
        );
    }
    assert!(
        compared.contains(&7) && compared.len() == SEEDS.len(),
        "compared only seeds {compared:?} of {SEEDS:?}"
    );
}

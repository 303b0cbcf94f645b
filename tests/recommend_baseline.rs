#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion
//! The model LiveLens picks must not fall below a standard item-item cosine baseline on the
//! issue-14 protocol (docs/benchmarks.md, "Recommendations against `implicit`"): train on every
//! row before the last live session, test on the products paid in that session by persons with
//! history, excluding products they had already paid for; P@10.
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

fn split(events: &str, sessions: &str) -> Split {
    // sessions.csv: session_id,host,title,start,end,ad_spend
    let last = records(sessions)
        .into_iter()
        .max_by(|a, b| a[3].cmp(&b[3]))
        .expect("sessions");
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

fn precision(
    lists: &HashMap<String, Vec<String>>,
    test: &BTreeMap<String, BTreeSet<String>>,
) -> f64 {
    let mut sum = 0.0;
    for (u, rel) in test {
        let hits = lists
            .get(u)
            .map_or(0, |l| l.iter().take(K).filter(|i| rel.contains(*i)).count());
        sum += hits as f64 / K as f64;
    }
    sum / test.len() as f64
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

#[test]
fn chosen_model_matches_an_item_item_cosine_baseline_on_the_next_session() {
    // Seeds whose last session has at least 20 buyers (the test persons), from a fixed list; the
    // first two that qualify are compared (seed 7's last session has had 17 since the demo's
    // planted time slot moved purchases).
    let mut compared = 0;
    for seed in [42, 7, 11, 23, 99, 5] {
        if compared == 2 {
            break;
        }
        let (files, truth) = demo::generate(&DemoParams {
            seed,
            scale: Scale::Small,
        })
        .expect("demo");
        let sp = split(&files.events, &files.sessions);
        if sp.test.len() < 20 {
            eprintln!(
                "seed {seed}: {} test persons, too few; next seed",
                sp.test.len()
            );
            continue;
        }
        compared += 1;
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
                tz_offset_minutes: truth.tz_offset_minutes,
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
        let (a, b) = (precision(&ours, &sp.test), precision(&base, &sp.test));
        eprintln!(
            "seed {seed}: {} persons; LiveLens ({}) P@10 {a:.4}, cosine K=20 {b:.4}",
            sp.test.len(),
            r.model.key()
        );
        assert!(
            a >= b,
            "seed {seed}: LiveLens's {} P@10 {a:.4} < cosine baseline {b:.4}",
            r.model.key()
        );
    }
    assert_eq!(compared, 2, "fewer than two seeds with 20 test persons");
}

//! Tests on a small seeded synthetic shop: persons with 1–2 preferred categories (80% of their
//! views, clicks and purchases there), products in categories, purchases over time.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::analysis::Prepared;
use crate::model::{Dataset, EventKind, ItemInfo, SessionInfo, NONE};

const CATS: [&str; 5] = ["编程", "摄影", "英语", "理财", "健身"];
const PER_CAT: usize = 8;
const DAY: i64 = 86_400_000;

/// A synthetic dataset; returns it with each person's preferred categories.
pub(crate) fn synth(n_users: usize, n_sessions: usize, seed: u64) -> (Dataset, Vec<Vec<usize>>) {
    synth_with(n_users, n_sessions, 6, seed)
}

/// As [`synth`], with at most `max_visits` live visits per person.
pub(crate) fn synth_with(
    n_users: usize,
    n_sessions: usize,
    max_visits: usize,
    seed: u64,
) -> (Dataset, Vec<Vec<usize>>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut ds = Dataset::default();
    let names: Vec<u32> = ["enter", "product_view", "click", "add_cart", "order", "pay"]
        .iter()
        .map(|n| ds.event_names.intern(n))
        .collect();
    for (c, cat) in CATS.iter().enumerate() {
        for j in 0..PER_CAT {
            ds.items.intern(&format!("p{}", c * PER_CAT + j));
            ds.item_info.push(ItemInfo {
                title: format!("{cat}课程{j}"),
                category: (*cat).to_owned(),
                tags: vec![(*cat).to_owned(), format!("level{}", j % 3)],
                price: Some(99.0 + 10.0 * j as f64),
            });
        }
    }
    for h in 0..3 {
        ds.hosts.intern(&format!("host{h}"));
    }
    for s in 0..n_sessions {
        ds.sessions.intern(&format!("s{s}"));
        ds.session_info.push(SessionInfo {
            title: format!("live {s}"),
            host: (s % 3) as u32,
            start: Some(s as i64 * DAY),
            end: Some(s as i64 * DAY + 7_200_000),
            ad_spend: None,
        });
    }
    // Zipf-like popularity inside a category.
    let zipf: Vec<f64> = (0..PER_CAT).map(|j| 1.0 / (j as f64 + 1.0)).collect();
    let zsum: f64 = zipf.iter().sum();
    let pick_in = |rng: &mut ChaCha8Rng, c: usize| {
        let mut x = rng.gen::<f64>() * zsum;
        for (j, w) in zipf.iter().enumerate() {
            if x < *w {
                return (c * PER_CAT + j) as u32;
            }
            x -= w;
        }
        (c * PER_CAT + PER_CAT - 1) as u32
    };
    let mut prefs = Vec::with_capacity(n_users);
    for u in 0..n_users {
        let uid = ds.users.intern(&format!("u{u}"));
        let a = rng.gen_range(0..CATS.len());
        let mut pref = vec![a];
        if rng.gen_bool(0.5) {
            let b = (a + rng.gen_range(1..CATS.len())) % CATS.len();
            pref.push(b);
        }
        let n_visits = rng.gen_range(1..=max_visits.max(1));
        let mut visits: Vec<usize> = (0..n_visits)
            .map(|_| rng.gen_range(0..n_sessions))
            .collect();
        visits.sort_unstable();
        visits.dedup();
        for s in visits {
            let mut t = s as i64 * DAY + rng.gen_range(0..3_600_000);
            let ev = &mut ds.events;
            ev.push(
                uid,
                t,
                EventKind::Enter,
                names[0],
                s as u32,
                NONE,
                NONE,
                0.0,
            );
            for _ in 0..3 {
                let item = if rng.gen_bool(0.8) {
                    let c = pref[rng.gen_range(0..pref.len())];
                    pick_in(&mut rng, c)
                } else {
                    rng.gen_range(0..(CATS.len() * PER_CAT) as u32)
                };
                t += 60_000;
                ev.push(
                    uid,
                    t,
                    EventKind::ProductView,
                    names[1],
                    s as u32,
                    item,
                    NONE,
                    0.0,
                );
                if rng.gen_bool(0.5) {
                    t += 10_000;
                    ev.push(
                        uid,
                        t,
                        EventKind::Click,
                        names[2],
                        s as u32,
                        item,
                        NONE,
                        0.0,
                    );
                    if rng.gen_bool(0.3) {
                        let price = 99.0 + 10.0 * (item as usize % PER_CAT) as f64;
                        t += 10_000;
                        ev.push(
                            uid,
                            t,
                            EventKind::Order,
                            names[4],
                            s as u32,
                            item,
                            NONE,
                            price,
                        );
                        t += 10_000;
                        ev.push(
                            uid,
                            t,
                            EventKind::Pay,
                            names[5],
                            s as u32,
                            item,
                            NONE,
                            price,
                        );
                    }
                }
            }
        }
        prefs.push(pref);
    }
    ds.finish();
    (ds, prefs)
}

fn category(i: u32) -> usize {
    i as usize / PER_CAT
}

fn ndcg(r: &EvaluationResult, k: ModelKind) -> f64 {
    r.rows
        .iter()
        .find(|x| x.model == k)
        .and_then(|x| x.ndcg)
        .unwrap_or(0.0)
}

#[test]
fn best_model_beats_popularity_clearly() {
    let (ds, _) = synth(2000, 30, 1);
    let ev = evaluate(
        &Prepared::new(&ds),
        &RecommendParams::default(),
        &ModelKind::ALL,
    )
    .unwrap();
    for r in [&ev.time_split, &ev.leave_one_out] {
        assert!(r.users_evaluated > 300, "{r:?}");
        assert_eq!(r.rows.len(), 6);
        let best = r.best_model.unwrap();
        let (b, p) = (ndcg(r, best), ndcg(r, ModelKind::Popularity));
        assert!(
            b > 1.5 * p,
            "{}: best {best:?} {b} vs popularity {p}\n{r:#?}",
            r.split
        );
        for row in &r.rows {
            for v in [
                row.precision,
                row.recall,
                row.ndcg,
                row.map,
                row.hit_rate,
                row.coverage,
            ] {
                let v = v.unwrap();
                assert!((0.0..=1.0).contains(&v), "{row:?}");
            }
        }
    }
    for r in [&ev.time_split, &ev.leave_one_out] {
        for row in &r.rows {
            eprintln!(
                "{} {:?}: ndcg {:.3} map {:.3} hit {:.3} cov {:.2}",
                r.split,
                row.model,
                row.ndcg.unwrap_or(0.0),
                row.map.unwrap_or(0.0),
                row.hit_rate.unwrap_or(0.0),
                row.coverage.unwrap_or(0.0)
            );
        }
    }
}

#[test]
fn item_neighbours_share_categories() {
    let (ds, _) = synth(2000, 30, 2);
    let m = InteractionMatrix::from_dataset(&ds, &InteractionWeights::default(), |_| true);
    let mut cf = ItemCf::new(50);
    cf.fit(&m, &ItemFeatures::from_dataset(&ds));
    for i in 0..m.n_items as u32 {
        let nb = &cf.neighbours(i).0[..5];
        let same = nb.iter().filter(|&&j| category(j) == category(i)).count();
        assert!(same >= 4, "item {i}: neighbours {nb:?}");
    }
}

#[test]
fn recommendations_never_include_bought_items_and_are_deterministic() {
    let (ds, prefs) = synth(600, 12, 3);
    let p = RecommendParams {
        max_listed_users: 600,
        ..Default::default()
    };
    let r = recommend(&Prepared::new(&ds), &p, None).unwrap();
    let m = InteractionMatrix::from_dataset(&ds, &p.weights, |_| true);
    let mut mask = vec![false; m.n_items];
    assert_eq!(r.per_user.len(), 600);
    let mut in_pref = 0usize;
    let mut total = 0usize;
    for ur in &r.per_user {
        let u = ds.users.get(&ur.user_id).unwrap();
        m.bought_mask(u, &mut mask);
        assert_eq!(ur.items.len(), 10);
        for it in &ur.items {
            let i = ds.items.get(&it.item_id).unwrap();
            assert!(
                !mask[i as usize],
                "{} was recommended {} again",
                ur.user_id, it.item_id
            );
            assert!(!it.reason_en.is_empty() && !it.reason_zh.is_empty());
            total += 1;
            in_pref += usize::from(prefs[u as usize].contains(&category(i)));
        }
    }
    // Recommendations follow the planted preferences.
    assert!(in_pref as f64 > 0.6 * total as f64, "{in_pref}/{total}");
    let mut same_cat = 0;
    for ia in &r.per_item {
        let i = ds.items.get(&ia.item_id).unwrap();
        for pr in &ia.prospects {
            let u = ds.users.get(&pr.user_id).unwrap();
            m.bought_mask(u, &mut mask);
            assert!(!mask[i as usize]);
            assert!((0.0..=1.0).contains(&pr.p_buy));
        }
        assert!(ia.prospects.windows(2).all(|w| w[0].p_buy >= w[1].p_buy));
        // Similar products (item-CF neighbours) mostly share the category.
        assert_eq!(ia.similar_items.len(), 5);
        same_cat += ia
            .similar_items
            .iter()
            .filter(|s| category(ds.items.get(&s.item_id).unwrap()) == category(i))
            .count();
    }
    assert!(same_cat * 10 >= r.per_item.len() * 5 * 7, "{same_cat}");
    let again = recommend(&Prepared::new(&ds), &p, None).unwrap();
    let ev = evaluate(&Prepared::new(&ds), &p, &ModelKind::ALL).unwrap();
    let reused = recommend(&Prepared::new(&ds), &p, Some(&ev)).unwrap();
    assert_eq!(reused, r);
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        serde_json::to_string(&again).unwrap()
    );
    // Every fixed model works too.
    for k in ModelKind::ALL {
        let q = RecommendParams {
            model: Some(k),
            users: Some(vec!["u1".into(), "nobody".into()]),
            ..Default::default()
        };
        let r = recommend(&Prepared::new(&ds), &q, None).unwrap();
        assert_eq!(r.model, k);
        assert_eq!(r.per_user.len(), 1);
        assert_eq!(r.unknown_users, vec!["nobody".to_owned()]);
        let u = ds.users.get("u1").unwrap();
        m.bought_mask(u, &mut mask);
        for it in &r.per_user[0].items {
            assert!(!mask[ds.items.get(&it.item_id).unwrap() as usize], "{k:?}");
        }
    }
}

#[test]
fn reasons_name_history_and_interests() {
    let (ds, _) = synth(600, 12, 4);
    for (k, en, zh) in [
        (
            ModelKind::ItemCf,
            "people who did also bought this",
            "的人也买了这个",
        ),
        (ModelKind::Content, "matches your interest in", "符合你对"),
        (ModelKind::Popularity, "popular with everyone", "大家都在买"),
    ] {
        let p = RecommendParams {
            model: Some(k),
            max_listed_users: 50,
            ..Default::default()
        };
        let r = recommend(&Prepared::new(&ds), &p, None).unwrap();
        let items: Vec<&RecItem> = r.per_user.iter().flat_map(|u| &u.items).collect();
        let n = items
            .iter()
            .filter(|i| i.reason_en.contains(en) && i.reason_zh.contains(zh))
            .count();
        assert!(n * 2 > items.len(), "{k:?}: {n}/{}", items.len());
    }
    let p = RecommendParams {
        model: Some(ModelKind::ItemCf),
        users: Some(vec!["u0".into()]),
        ..Default::default()
    };
    let r = recommend(&Prepared::new(&ds), &p, None).unwrap();
    let first = &r.per_user[0].items[0];
    // The reason names a product title from the catalogue.
    assert!(
        CATS.iter()
            .any(|c| first.reason_zh.contains(&format!("{c}课程"))),
        "{first:?}"
    );
}

#[test]
fn lineup_and_hosts() {
    let (ds, _) = synth(800, 12, 5);
    let p = RecommendParams {
        model: Some(ModelKind::Hybrid),
        ..Default::default()
    };
    let r = recommend(&Prepared::new(&ds), &p, None).unwrap();
    let l = &r.lineup;
    assert_eq!(l.audience_source, "last_sessions");
    assert_eq!(l.sessions, vec!["s11", "s10", "s9"]);
    assert!(l.audience_size > 50);
    assert_eq!(l.items.len(), 10);
    for w in l.items.windows(2) {
        assert!(w[0].expected_gmv.unwrap() >= w[1].expected_gmv.unwrap());
    }
    for it in &l.items {
        let g = it.expected_gmv.unwrap();
        assert!((g - it.expected_buyers * it.price.unwrap()).abs() < 1e-6);
        assert!(!it.reasons_en.is_empty());
    }
    // Expected buyers are plausible: between 0 and the audience size.
    assert!(l.expected_buyers_total > 0.0 && l.expected_buyers_total < l.audience_size as f64);
    // A given audience with unknown ids.
    let q = RecommendParams {
        model: Some(ModelKind::Popularity),
        audience: Some(vec!["u1".into(), "u2".into(), "new1".into()]),
        ..Default::default()
    };
    let r2 = recommend(&Prepared::new(&ds), &q, None).unwrap();
    assert_eq!(r2.lineup.audience_size, 3);
    assert_eq!(r2.lineup.new_viewers, 1);
    // Hosts: default one segment; segments by preferred category.
    assert_eq!(r.hosts.len(), 1);
    assert_eq!(r.hosts[0].hosts.len(), 3);
    assert!(r.hosts[0].hosts.iter().all(|h| h.similarity.unwrap() > 0.5));
    let segs: Vec<(String, String)> = (0..200)
        .map(|u| {
            (
                format!("u{u}"),
                if u % 2 == 0 { "even" } else { "odd" }.to_owned(),
            )
        })
        .collect();
    let q = RecommendParams {
        model: Some(ModelKind::Popularity),
        segments: Some(segs),
        ..Default::default()
    };
    let r3 = recommend(&Prepared::new(&ds), &q, None).unwrap();
    assert_eq!(r3.hosts.len(), 2);
    assert_eq!(r3.hosts[0].persons, 100);
    for h in &r3.hosts[0].hosts {
        if let Some(c) = h.conversion_rate {
            assert!((0.0..=1.0).contains(&c));
            assert!(h.segment_buyers <= h.segment_viewers);
        }
    }
}

#[test]
fn hosts_prefer_matching_audiences() {
    // Host 0's sessions are watched by category-0 fans, host 1's by category-1 fans.
    let mut ds = Dataset::default();
    let n = ds.event_names.intern("e");
    for (c, cat) in CATS.iter().enumerate().take(2) {
        ds.items.intern(&format!("i{c}"));
        ds.item_info.push(ItemInfo {
            category: (*cat).to_owned(),
            ..Default::default()
        });
        ds.hosts.intern(&format!("h{c}"));
        ds.sessions.intern(&format!("s{c}"));
        ds.session_info.push(SessionInfo {
            host: c as u32,
            ..Default::default()
        });
    }
    for u in 0..10u32 {
        let c = u % 2;
        ds.users.intern(&format!("u{u}"));
        ds.events
            .push(u, 1, EventKind::Enter, n, c, NONE, NONE, 0.0);
        ds.events.push(u, 2, EventKind::Pay, n, c, c, NONE, 5.0);
    }
    ds.finish();
    let segs = (0..10)
        .map(|u| (format!("u{u}"), format!("fans{}", u % 2)))
        .collect();
    let p = RecommendParams {
        model: Some(ModelKind::Popularity),
        segments: Some(segs),
        ..Default::default()
    };
    let r = recommend(&Prepared::new(&ds), &p, None).unwrap();
    assert_eq!(r.hosts[0].segment, "fans0");
    assert_eq!(r.hosts[0].hosts[0].host, "h0");
    assert_eq!(r.hosts[0].hosts[0].similarity, Some(1.0));
    assert_eq!(r.hosts[0].hosts[0].conversion_rate, Some(1.0));
    assert_eq!(r.hosts[0].by_conversion, vec!["h0".to_owned()]);
    assert_eq!(r.hosts[1].hosts[0].host, "h1");
}

#[test]
fn degenerate_inputs_do_not_panic() {
    let empty = Dataset::default();
    let ev = evaluate(
        &Prepared::new(&empty),
        &RecommendParams::default(),
        &ModelKind::ALL,
    )
    .unwrap();
    assert_eq!(ev.time_split.users_evaluated, 0);
    assert_eq!(ev.time_split.best_model, None);
    assert!(ev.time_split.rows.iter().all(|r| r.ndcg.is_none()));
    let r = recommend(&Prepared::new(&empty), &RecommendParams::default(), None).unwrap();
    assert_eq!(r.model_chosen_by, "default");
    assert!(r.per_user.is_empty() && r.per_item.is_empty() && r.lineup.items.is_empty());
    // One person, one product, all timestamps equal.
    let mut ds = Dataset::default();
    let n = ds.event_names.intern("e");
    ds.users.intern("a");
    ds.items.intern("x");
    ds.events.push(0, 5, EventKind::Pay, n, NONE, 0, NONE, 1.0);
    ds.events
        .push(0, 5, EventKind::Click, n, NONE, 0, NONE, 0.0);
    ds.finish();
    let r = recommend(&Prepared::new(&ds), &RecommendParams::default(), None).unwrap();
    assert!(r.per_user[0].items.is_empty());
    assert!(serde_json::to_string(&r).is_ok());
    // Bad parameters.
    for bad in [
        RecommendParams {
            k: 0,
            ..Default::default()
        },
        RecommendParams {
            holdout_fraction: 1.0,
            ..Default::default()
        },
        RecommendParams {
            temperature: f64::NAN,
            ..Default::default()
        },
        RecommendParams {
            als: AlsParams {
                iterations: 0,
                ..Default::default()
            },
            ..Default::default()
        },
    ] {
        assert!(matches!(
            evaluate(&Prepared::new(&ds), &bad, &ModelKind::ALL),
            Err(crate::Error::Params(_))
        ));
    }
}

#[test]
fn split_holds_out_last_purchases_and_hides_them() {
    let (ds, _) = synth(300, 12, 6);
    let p = RecommendParams::default();
    let bought = eval::purchases_by_user(&ds);
    for loo in [false, true] {
        let sp = eval::make_split(&Prepared::new(&ds), &p, loo);
        assert!(!sp.users.is_empty());
        for (&u, held) in sp.users.iter().zip(&sp.held) {
            let b = &bought[u as usize];
            let h = if loo {
                1
            } else {
                ((b.len() as f64 * 0.2).ceil() as usize).clamp(1, b.len() - 1)
            };
            let expect: Vec<u32> = b[b.len() - h..].iter().map(|e| e.0).collect();
            assert_eq!(held, &expect);
            let (items, _, bflags) = sp.train.row(u);
            for i in held {
                assert!(!items.contains(i), "held-out item visible in training");
            }
            // Training purchases = the earlier ones.
            let nb = bflags.iter().filter(|&&x| x).count();
            assert_eq!(nb, b.len() - h);
        }
    }
}

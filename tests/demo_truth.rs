#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion
//! The demo data plants segments, category preferences and host differences
//! (docs/demo-data.md); the analyses must recover them from the CSV files alone.

mod common;
use common::load_demo;

use livelens::demo::Scale;
use livelens::model::NONE;
use livelens::{analyze, AnalysisOptions};

#[test]
fn demo_files_are_read_without_loss_and_payments_counted_once() {
    let (l, _) = load_demo(42, Scale::Small);
    let v = &l.validation;
    assert_eq!(v.rows_rejected, 0, "{:?}", v.rejected_by_reason);
    assert_eq!(v.rows_read, v.rows_accepted);
    let events = v
        .files
        .iter()
        .find(|f| f.name == "events.csv")
        .expect("events");
    let orders = v
        .files
        .iter()
        .find(|f| f.name == "orders.csv")
        .expect("orders");
    // Every paid order of the events file is also in the orders file.
    assert!(events.merged_with_orders >= orders.rows_accepted);
    let pays = l
        .dataset
        .events
        .kind
        .iter()
        .filter(|k| **k == livelens::model::EventKind::Pay)
        .count() as u64;
    assert_eq!(pays, orders.rows_accepted);
}

#[test]
fn clusters_recover_the_planted_segments() {
    for seed in [42, 7] {
        let (l, truth) = load_demo(seed, Scale::Small);
        let r = analyze(
            &l.dataset,
            &l.validation,
            &AnalysisOptions::default(),
            &mut livelens::analysis::no_progress,
        );
        let clusters = r
            .segments
            .as_ref()
            .and_then(|s| s.clusters.as_ref())
            .expect("clusters");
        let planted: std::collections::HashMap<&str, usize> = truth
            .user_segment
            .iter()
            .map(|(u, s)| (u.as_str(), *s))
            .collect();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for u in &clusters.per_user {
            if let Some(&s) = planted.get(u.user_id.as_str()) {
                a.push(s);
                b.push(u.cluster);
            }
        }
        assert!(a.len() > 500);
        // KPIs per segment partition the people: buyers add up to all buyers.
        let seg = r.segments.as_ref().expect("segments");
        let buyers: Option<u64> = seg.kpis_by_rfm.iter().map(|g| g.kpis.buyers).sum();
        assert_eq!(buyers, r.kpis.overall.buyers);
        let viewers: u64 = seg.kpis_by_cluster.iter().map(|g| g.kpis.viewers).sum();
        assert_eq!(viewers, r.kpis.overall.viewers);
        let ari = livelens::cluster::adjusted_rand_index(&a, &b);
        assert!(ari >= 0.7, "seed {seed}: ARI {ari}, k {}", clusters.k);
    }
}

#[test]
fn recommendations_beat_popularity_and_neighbours_follow_categories() {
    let (l, _) = load_demo(42, Scale::Small);
    let r = analyze(
        &l.dataset,
        &l.validation,
        &AnalysisOptions::default(),
        &mut livelens::analysis::no_progress,
    );
    let ev = r.evaluation.as_ref().expect("evaluation");
    let ndcg = |m: &str| {
        ev.time_split
            .rows
            .iter()
            .find(|row| row.model.key() == m)
            .and_then(|row| row.ndcg)
            .unwrap_or(0.0)
    };
    let best = ev.time_split.best_model.expect("a best model").key();
    assert!(
        ndcg(best) >= 1.5 * ndcg("popularity"),
        "best {best} {} vs popularity {}",
        ndcg(best),
        ndcg("popularity")
    );
    // Item-item neighbours share the item's category (the demo plants category preferences).
    let ds = &l.dataset;
    let cat = |id: &str| {
        ds.items
            .get(id)
            .and_then(|i| ds.item_info.get(i as usize))
            .map(|i| i.category.clone())
            .unwrap_or_default()
    };
    let recs = r.recommendations.as_ref().expect("recommendations");
    let (mut same, mut all) = (0, 0);
    for it in &recs.per_item {
        for n in &it.similar_items {
            all += 1;
            same += usize::from(cat(&n.item_id) == cat(&it.item_id));
        }
    }
    assert!(all > 100);
    let share = same as f64 / all as f64;
    assert!(share >= 0.6, "same-category neighbours: {share:.2}");
    // Nobody is recommended what they already bought.
    for u in &recs.per_user {
        let uid = ds.users.get(&u.user_id).expect("user");
        for item in &u.items {
            let iid = ds.items.get(&item.item_id).expect("item");
            let bought = (0..ds.events.len()).any(|i| {
                ds.events.user[i] == uid
                    && ds.events.item[i] == iid
                    && ds.events.kind[i] == livelens::model::EventKind::Pay
            });
            assert!(!bought, "{} already bought {}", u.user_id, item.item_id);
        }
    }
}

#[test]
fn host_conversion_ranking_matches_the_planted_one() {
    let (l, truth) = load_demo(42, Scale::Small);
    let r = analyze(
        &l.dataset,
        &l.validation,
        &AnalysisOptions::default(),
        &mut livelens::analysis::no_progress,
    );
    let mut planted = truth.host_conversion.clone();
    planted.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut measured: Vec<(String, f64)> = r
        .hosts
        .iter()
        .map(|h| (h.group.clone(), h.kpis.conversion_rate.unwrap_or(0.0)))
        .collect();
    measured.sort_by(|a, b| b.1.total_cmp(&a.1));
    let names = |v: &[(String, f64)]| v.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&measured), names(&planted));
    // The default A/B comparison (two hosts with most viewers) is computed.
    assert!(r.comparison.is_some());
    // The funnel narrows at every step.
    let f = r.funnel.expect("funnel");
    assert!(f.steps.windows(2).all(|w| w[1].count <= w[0].count));
    assert!(f.steps.last().map_or(0, |s| s.count) > 0);
    assert_ne!(l.dataset.events.session.first().copied(), Some(NONE));
}

#[test]
fn hosts_are_matched_per_rfm_segment_and_cluster() {
    let (l, truth) = load_demo(42, Scale::Small);
    let r = analyze(
        &l.dataset,
        &l.validation,
        &AnalysisOptions::default(),
        &mut livelens::analysis::no_progress,
    );
    let recs = r.recommendations.expect("recommendations");
    let groupings: Vec<&str> = recs.hosts.iter().map(|h| h.grouping.as_str()).collect();
    assert_eq!(groupings.first(), Some(&"all"));
    assert!(groupings.contains(&"rfm") && groupings.contains(&"cluster"));
    // Groups under the minimum are named, not silently dropped.
    let min = AnalysisOptions::default().recommend.min_segment_persons;
    assert!(recs.hosts_too_small.iter().all(|g| g.persons < min));
    assert!(recs.hosts.iter().skip(1).all(|g| g.persons >= min));
    // Planted: the best-converting host converts best in every segment that buys (every RFM
    // segment; the clusters of buyers), not only over all viewers.
    let best = truth
        .host_conversion
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|h| h.0.clone())
        .unwrap();
    let mut checked = 0;
    for g in &recs.hosts {
        let top_rate = g
            .hosts
            .iter()
            .filter_map(|h| h.conversion_rate)
            .fold(0.0f64, f64::max);
        if g.grouping == "rfm" || top_rate >= 0.1 {
            assert_eq!(
                g.by_conversion.first(),
                Some(&best),
                "segment {}",
                g.segment
            );
            checked += 1;
        }
    }
    assert!(checked >= 6, "{checked}");
}

#[test]
fn chosen_threshold_finds_more_future_buyers_than_one_half() {
    use livelens::predict::{self, PredictParams, ThresholdChoice};
    let (l, _) = load_demo(42, Scale::Small);
    let prep = livelens::analysis::Prepared::new(&l.dataset);
    let chosen = predict::predict(&prep, &PredictParams::default()).unwrap();
    let half = predict::predict(
        &prep,
        &PredictParams {
            threshold: ThresholdChoice::Fixed(0.5),
            ..PredictParams::default()
        },
    )
    .unwrap();
    eprintln!(
        "chosen {:?} recall {:?} f1 {:?}; 0.5 recall {:?} f1 {:?}; AP {:?}",
        chosen.threshold, chosen.recall, chosen.f1, half.recall, half.f1, chosen.average_precision
    );
    assert!(chosen.recall.unwrap() > half.recall.unwrap());
    assert!(chosen.threshold.threshold < 0.5);
    assert_eq!(chosen.holdout.len() as u64, chosen.n_test);
    assert!(!chosen.pr_curve.is_empty());
    assert!(chosen
        .average_precision
        .is_some_and(|ap| ap > 0.0 && ap <= 1.0));
}

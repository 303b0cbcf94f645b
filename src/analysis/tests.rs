//! Tests of the orchestration: options, staged analysis (KPIs first, progress), name
//! resolution and the parameter echo (the unchanged demo report: `tests/demo_report.rs`).

use super::*;
use crate::ingest::{self, load, FileKind, IngestOptions, InputFile};
use crate::rules::BasketBy;

fn file(name: &str, kind: FileKind, text: &str) -> InputFile {
    InputFile::from_text(name, Some(kind), text)
}

#[test]
fn rules_name_products_by_title_and_report_lists_attribute_values() {
    let events = "user_id,session_id,event,timestamp,item_id,order_id,amount
a,s1,pay,2026-10-01 20:00:00,p1,o1,10
a,s1,pay,2026-10-01 20:00:00,p2,o1,10
b,s1,pay,2026-10-01 20:01:00,p1,o2,10
b,s1,pay,2026-10-01 20:01:00,p2,o2,10
c,s1,pay,2026-10-01 20:02:00,p1,o3,10
";
    let items = "item_id,title,category\np1,Python 课,code\np2,,code\n";
    let users = "user_id,city\na,北京\nb,上海\nc,北京\n";
    let l = load(
        &[
            file("e.csv", FileKind::Events, events),
            file("i.csv", FileKind::Items, items),
            file("u.csv", FileKind::Users, users),
        ],
        &IngestOptions::default(),
    );
    let opts = AnalysisOptions {
        rules: RulesChoice {
            basket_by: BasketBy::Order,
            min_support: 0.1,
            min_confidence: 0.1,
            max_rules: 10,
        },
        ..AnalysisOptions::default()
    };
    let r = analyze(&l.dataset, &l.validation, &opts, &mut no_progress);
    let rules = &r.rules.as_ref().expect("rules").result.rules;
    let named: Vec<String> = rules
        .iter()
        .flat_map(|r| r.antecedent.iter().chain(&r.consequent).cloned())
        .collect();
    assert!(named.contains(&"Python 课 (p1)".to_string()), "{named:?}");
    assert!(named.contains(&"p2".to_string()), "{named:?}");
    assert_eq!(
        r.dataset.attribute_values,
        vec![("city".to_string(), vec!["北京".to_string(), "上海".into()])]
    );
    assert_eq!(r.hosts_by_category, Vec::new());
}

const EVENTS: &str = "user_id,session_id,event,timestamp,amount,item_id
u1,s1,enter,2026-10-01 20:00:00,,
u1,s1,click,2026-10-01 20:01:00,,p1
u1,s1,pay,2026-10-01 20:02:00,99,p1
u2,s1,enter,2026-10-01 20:00:30,,
u2,s1,leave,2026-10-01 20:10:00,,
u3,s2,enter,2026-10-02 20:00:00,,
u3,s2,pay,2026-10-02 20:05:00,10,p2
";

fn loaded() -> ingest::Loaded {
    let file = InputFile {
        name: "events.csv".into(),
        bytes: EVENTS.as_bytes().to_vec(),
        ..InputFile::default()
    };
    ingest::load(&[file], &IngestOptions::default())
}

#[test]
fn kpis_first_equal_the_full_reports_kpis() {
    let l = loaded();
    let quick = analyze_kpis(&l.dataset, &l.validation);
    let full = analyze(
        &l.dataset,
        &l.validation,
        &AnalysisOptions::default(),
        &mut no_progress,
    );
    assert_eq!(quick.kpis, full.kpis);
    assert_eq!(quick.hosts, full.hosts);
    assert_eq!(quick.hosts_by_category, full.hosts_by_category);
    assert_eq!(quick.sessions, full.sessions);
    assert_eq!(quick.dataset, full.dataset);
    assert_eq!(quick.kpis.overall.viewers, 3);
    assert!(quick.funnel.is_none() && quick.retention.is_none() && quick.rules.is_none());
    assert!(full.funnel.is_some());
}

#[test]
fn progress_reports_every_stage_in_order_then_done() {
    let l = loaded();
    let mut seen: Vec<(String, usize, usize)> = Vec::new();
    let with = analyze(
        &l.dataset,
        &l.validation,
        &AnalysisOptions::default(),
        &mut |s, i, n| seen.push((s.to_owned(), i, n)),
    );
    let names: Vec<&str> = seen.iter().map(|(s, _, _)| s.as_str()).collect();
    let mut expected = STAGES.to_vec();
    expected.push("done");
    assert_eq!(names, expected);
    assert!(seen
        .iter()
        .enumerate()
        .all(|(k, (_, i, n))| *i == k && *n == STAGES.len()));
    // The callback does not change the result.
    let plain = analyze(
        &l.dataset,
        &l.validation,
        &AnalysisOptions::default(),
        &mut no_progress,
    );
    assert_eq!(with, plain);
}

#[test]
fn empty_data_gives_an_empty_kpi_report() {
    let l = ingest::load(&[], &IngestOptions::default());
    let quick = analyze_kpis(&l.dataset, &l.validation);
    assert_eq!(quick.kpis.overall.viewers, 0);
    assert!(quick.kpis.by_session.is_empty());
}

#[test]
fn default_options_round_trip_through_json() {
    let defaults = AnalysisOptions::default();
    let v = serde_json::to_value(&defaults).unwrap();
    let back: AnalysisOptions = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(back, defaults);
    assert_eq!(serde_json::to_value(&back).unwrap(), v);
    // The keys the page reads.
    assert_eq!(v["rules"]["min_support"], 0.005);
    assert_eq!(v["rules"]["basket_by"], "person_session");
    assert_eq!(v["timeline_bucket_seconds"], 60);
    // An empty object is the defaults too.
    let empty: AnalysisOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, defaults);
}

#[test]
fn prepared_tables_are_built_once_and_shared() {
    let l = loaded();
    let prep = Prepared::new(&l.dataset);
    assert!(std::ptr::eq(prep.persons(), prep.persons()));
    assert!(std::ptr::eq(prep.visits().as_ptr(), prep.visits().as_ptr()));
    let w = crate::recommend::InteractionWeights::default();
    let (a, b) = (prep.interactions(&w), prep.interactions(&w));
    assert!(matches!(a, std::borrow::Cow::Borrowed(_)));
    assert!(std::ptr::eq(&*a, &*b));
    // Other weights get a matrix of their own, equal to one built directly.
    let other = crate::recommend::InteractionWeights { pay: 1.0, ..w };
    let c = prep.interactions(&other);
    assert!(matches!(c, std::borrow::Cow::Owned(_)));
    let direct = crate::recommend::InteractionMatrix::from_dataset(&l.dataset, &other, |_| true);
    assert_eq!(c.nnz(), direct.nnz());
    // The shared person table is the one a direct build gives.
    let t = crate::features::person_table(&l.dataset, None, &crate::visits::visits(&l.dataset));
    assert_eq!(prep.persons().watch_seconds, t.watch_seconds);
    assert_eq!(prep.persons().orders, t.orders);
}

#[test]
fn sections_echo_the_settings_they_used() {
    let l = loaded();
    let opts = AnalysisOptions {
        timeline_session: Some("s2".into()),
        timeline_bucket_seconds: 30,
        rules: RulesChoice {
            basket_by: BasketBy::Order,
            min_support: 0.2,
            min_confidence: 0.3,
            max_rules: 0,
        },
        ..AnalysisOptions::default()
    };
    let r = analyze(&l.dataset, &l.validation, &opts, &mut no_progress);
    let t = r.timeline.as_ref().expect("timeline");
    assert_eq!(t.params.session_id.as_deref(), Some("s2"));
    assert_eq!(t.params.bucket_seconds, 30);
    let f = r.funnel.as_ref().expect("funnel");
    assert_eq!(f.params.steps, opts.funnel.steps);
    assert_eq!(f.params.window_seconds, opts.funnel.window_seconds);
    let rules = r.rules.as_ref().expect("rules");
    assert_eq!(rules.params.min_support, 0.2);
    assert_eq!(rules.params.min_confidence, 0.3);
    assert_eq!(rules.params.max_rules, 1, "at least one rule is kept");
    assert_eq!(rules.params.basket_by, BasketBy::Order);
    let ret = r.retention.as_ref().expect("retention");
    assert_eq!(ret.params, opts.retention);
}

#[test]
fn sections_computed_alone_have_the_full_reports_figures() {
    let (files, _) = crate::demo::generate(&crate::demo::DemoParams::default()).unwrap();
    let l = ingest::load(&files.into_inputs(), &IngestOptions::default());
    let base = AnalysisOptions {
        funnel_by_segment: Some(SegmentKind::Rfm),
        ..AnalysisOptions::default()
    };
    let full = analyze(&l.dataset, &l.validation, &base, &mut no_progress);
    let only = |list: &str| {
        let opts = AnalysisOptions {
            sections: Some(Section::parse_list(list).unwrap()),
            ..base.clone()
        };
        analyze(&l.dataset, &l.validation, &opts, &mut no_progress)
    };
    let r = only("kpis");
    assert_eq!(json(&r.kpis), json(&full.kpis));
    assert_eq!(json(&r.hosts), json(&full.hosts));
    assert_eq!(json(&r.sessions), json(&full.sessions));
    assert!(r.funnel.is_none() && r.segments.is_none() && r.recommendations.is_none());
    let not_selected: Vec<&str> = r
        .skipped
        .iter()
        .filter(|s| s.code == "not_selected")
        .map(|s| s.section.as_str())
        .collect();
    assert_eq!(
        not_selected,
        [
            "segments",
            "funnel",
            "timeline",
            "retention",
            "comparison",
            "rules",
            "prediction",
            "recommendations",
            "comments",
            "interactions",
            "review"
        ]
    );
    // The funnel by RFM segment needs the segments: computed, not reported, same figures.
    let r = only("funnel,comparison");
    assert!(r.funnel.is_some());
    assert_eq!(json(&r.funnel), json(&full.funnel));
    assert_eq!(json(&r.comparison), json(&full.comparison));
    assert!(r.segments.is_none());
    assert_eq!(r.kpis.overall.viewers, 0);
    let r = only("recommendations, segments ,segments");
    assert_eq!(json(&r.recommendations), json(&full.recommendations));
    assert_eq!(json(&r.segments), json(&full.segments));
    assert_eq!(json(&r.evaluation), json(&full.evaluation));
    let e = Section::parse_list("kpis,funel").unwrap_err().to_string();
    assert!(e.contains("unknown section \"funel\""), "{e}");
    assert!(Section::parse_list("").is_err());
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

#[test]
fn the_report_is_the_same_on_any_number_of_threads() {
    let (files, _) = crate::demo::generate(&crate::demo::DemoParams::default()).unwrap();
    let l = ingest::load(&files.into_inputs(), &IngestOptions::default());
    for opts in [
        AnalysisOptions::default(),
        AnalysisOptions {
            funnel_by_segment: Some(SegmentKind::Cluster),
            sections: Some(Section::parse_list("review,funnel,recommendations").unwrap()),
            ..AnalysisOptions::default()
        },
    ] {
        let one = analyze_on(&l.dataset, &l.validation, &opts, 1, &mut no_progress);
        assert!(one.recommendations.is_some() && one.evaluation.is_some());
        let one = one.to_json();
        for threads in [2, 3, 8] {
            let mut calls = Vec::new();
            let many = analyze_on(&l.dataset, &l.validation, &opts, threads, &mut |s, _, _| {
                calls.push(s.to_owned())
            });
            assert_eq!(many.to_json(), one, "{threads} threads");
            assert_eq!(calls.len(), STAGES.len() + 1);
            assert_eq!(calls.last().map(String::as_str), Some("done"));
        }
    }
}

//! Chart specs built from small analysed shops, in both languages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::all;
use crate::charts::ChartKind;
use crate::i18n::Lang;
use crate::ingest::{load, IngestOptions, InputFile};
use crate::report::Report;

/// A small shop: 40 people over 4 sessions of 2 hosts, products in 2 categories, a users
/// file; buyers watch longer and click more.
fn shop() -> Report {
    shop_with(&Default::default())
}

/// [`shop`] analysed with `opts`.
fn shop_with(opts: &crate::AnalysisOptions) -> Report {
    let mut ev = String::from("user_id,session_id,event,timestamp,item_id,order_id,amount\n");
    let mut users = String::from("user_id,city\n");
    let mut order = 0;
    for u in 0..40 {
        users.push_str(&format!("u{u},{}\n", ["A", "B", "C"][u % 3]));
        for s in 0..4 {
            if (u + s) % 3 == 0 {
                continue;
            }
            let t = |m: usize| format!("2026-10-{:02} 20:{:02}:00", 1 + 7 * s, m);
            ev.push_str(&format!("u{u},s{s},enter,{},,,\n", t(u % 20)));
            ev.push_str(&format!(
                "u{u},s{s},product_view,{},p{},,\n",
                t(u % 20 + 1),
                u % 4
            ));
            if u % 2 == 0 {
                ev.push_str(&format!("u{u},s{s},click,{},p{},,\n", t(u % 20 + 2), u % 4));
            }
            if u % 4 == 0 || (u % 5 == 0 && s % 2 == 0) {
                order += 1;
                for item in [u % 4, (u + 1) % 4] {
                    ev.push_str(&format!(
                        "u{u},s{s},pay,{},p{item},o{order},{}\n",
                        t(u % 20 + 3),
                        10 * (item + 1)
                    ));
                }
            }
            ev.push_str(&format!("u{u},s{s},leave,{},,,\n", t(u % 20 + 30)));
        }
    }
    let items = "item_id,title,category\np0,Py,code\np1,SQL,code\np2,Yoga,health\np3,Run,health\n";
    let sessions = "session_id,host\ns0,Lin\ns1,Chen\ns2,Lin\ns3,Chen\n";
    let f = |name: &str, kind: crate::ingest::FileKind, text: &str| InputFile {
        name: name.into(),
        bytes: text.as_bytes().to_vec(),
        kind: Some(kind),
        ..InputFile::default()
    };
    use crate::ingest::FileKind as K;
    let l = load(
        &[
            f("e.csv", K::Events, &ev),
            f("u.csv", K::Users, &users),
            f("i.csv", K::Items, items),
            f("s.csv", K::Sessions, sessions),
        ],
        &IngestOptions::default(),
    );
    assert_eq!(l.validation.rows_rejected, 0);
    crate::analyze(
        &l.dataset,
        &l.validation,
        opts,
        &mut crate::analysis::no_progress,
    )
}

#[test]
fn a_funnel_by_segment_names_the_segments_in_the_readers_language() {
    let opts = crate::AnalysisOptions {
        funnel_by_segment: Some(crate::analysis::SegmentKind::Rfm),
        ..Default::default()
    };
    let r = shop_with(&opts);
    let values: Vec<&str> = (r.funnel.as_ref().unwrap().breakdown.iter())
        .map(|b| b.value.as_str())
        .collect();
    assert!(values.len() > 2, "{values:?}");
    let names = |lang| -> Vec<String> {
        let charts = all(&r, lang);
        let c = charts.iter().find(|c| c.id == "funnel_breakdown").unwrap();
        match &c.kind {
            ChartKind::Bars { series, .. } => series.iter().map(|s| s.name.clone()).collect(),
            other => panic!("funnel_breakdown is {other:?}"),
        }
    };
    // In English the report's names; in Chinese each RFM segment's Chinese name, and the
    // persons without a segment "（无）".
    assert_eq!(names(Lang::En), values);
    let zh = names(Lang::Zh);
    for (v, name) in values.iter().zip(&zh) {
        let seg = crate::rfm::SEGMENTS.iter().find(|s| s.name == *v);
        match (*v, seg) {
            ("(none)", _) => assert_eq!(name, "（无）"),
            (_, Some(s)) => assert_eq!(name, s.name_zh),
            _ => panic!("{v} is no segment"),
        }
    }
}

#[test]
fn view_charts_have_titles_and_axes_in_both_languages() {
    let r = shop();
    let en = all(&r, Lang::En);
    let zh = all(&r, Lang::Zh);
    let ids: Vec<&str> = en.iter().map(|c| c.id.as_str()).collect();
    for id in [
        "hosts_by_category",
        "funnel_trend",
        "rfm_grid",
        "rfm_grid_revenue",
        "clusters_pca",
        "silhouette_by_k",
        "roc",
        "pr_curve",
        "coefficients",
        "probability_by_attribute_0",
    ] {
        assert!(
            ids.contains(&id),
            "{id} missing from {ids:?}; skipped {:?}",
            r.skipped
        );
    }
    assert_eq!(en.len(), zh.len());
    for (e, z) in en.iter().zip(&zh) {
        assert_eq!(e.id, z.id);
        assert!(
            !e.title.is_empty() && !e.x_label.is_empty() && !e.y_label.is_empty(),
            "{}",
            e.id
        );
        assert_ne!(e.title, z.title, "{} is not translated", e.id);
        assert_ne!(e.y_label, z.y_label, "{} y axis is not translated", e.id);
    }
    let get = |id: &str| en.iter().find(|c| c.id == id).map(|c| c.kind.clone());
    // Host × category: 2 hosts, stacked by the 2 categories; the stacks add up to the GMV
    // of each host.
    match get("hosts_by_category") {
        Some(ChartKind::Bars {
            categories,
            series,
            stacked: true,
            ..
        }) => {
            assert_eq!(categories.len(), 2);
            assert_eq!(series.len(), 2);
            for (i, h) in categories.iter().enumerate() {
                let total: f64 = series.iter().filter_map(|s| s.values[i]).sum();
                let host = r.hosts.iter().find(|x| &x.group == h).expect("host");
                assert!((total - host.kpis.gmv).abs() < 1e-9);
            }
        }
        other => panic!("{other:?}"),
    }
    // RFM grid: row "R5" first, cells add up to the persons scored.
    match get("rfm_grid") {
        Some(ChartKind::Heatmap {
            rows, cols, values, ..
        }) => {
            assert_eq!((rows[0].as_str(), cols[0].as_str()), ("R5", "F1"));
            let n: f64 = values.iter().flatten().sum();
            let rfm = r
                .segments
                .as_ref()
                .and_then(|s| s.rfm.as_ref())
                .expect("rfm");
            assert_eq!(n as usize, rfm.per_user.len());
            assert_eq!(values[0], Some(rfm.grid[4][0] as f64));
        }
        other => panic!("{other:?}"),
    }
    // PCA: one point per person (no sampling at this size), groups = k.
    let c = r
        .segments
        .as_ref()
        .and_then(|s| s.clusters.as_ref())
        .expect("clusters");
    match get("clusters_pca") {
        Some(ChartKind::Scatter { points, groups, .. }) => {
            assert_eq!(points.len(), c.per_user.len());
            assert_eq!(groups.len(), c.k);
        }
        other => panic!("{other:?}"),
    }
    // Probability by attribute: means between 0 and 1 for the three cities.
    match get("probability_by_attribute_0") {
        Some(ChartKind::Bars {
            categories,
            series,
            percent: true,
            ..
        }) => {
            assert_eq!(categories.len(), 3);
            assert!(series[0]
                .values
                .iter()
                .flatten()
                .all(|p| (0.0..=1.0).contains(p)));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn kpi_charts_follow_the_report_in_both_languages() {
    let ev = "user_id,session_id,event,timestamp,amount
a,s1,enter,2026-10-01 20:00:00,
a,s1,pay,2026-10-01 20:05:00,100
b,s2,enter,2026-10-02 20:00:00,
";
    let l = load(
        &[InputFile {
            name: "e.csv".into(),
            bytes: ev.as_bytes().to_vec(),
            ..InputFile::default()
        }],
        &IngestOptions::default(),
    );
    let r = crate::analyze(
        &l.dataset,
        &l.validation,
        &Default::default(),
        &mut crate::analysis::no_progress,
    );
    let en = all(&r, Lang::En);
    let zh = all(&r, Lang::Zh);
    assert_eq!(en.len(), zh.len());
    assert_eq!(en[0].id, "gmv_viewers_by_session");
    assert_ne!(en[0].title, zh[0].title);
    match &en[0].kind {
        ChartKind::BarsLine {
            categories,
            bars,
            line,
        } => {
            assert_eq!(
                categories,
                &vec!["s1 · 10-01".to_string(), "s2 · 10-02".into()]
            );
            assert_eq!(bars.values, vec![Some(100.0), Some(0.0)]);
            assert_eq!(line.values, vec![Some(1.0), Some(1.0)]);
        }
        other => panic!("unexpected kind {other:?}"),
    }
}

use super::*;
use crate::kpi::{Kpis, SessionKpis};

fn session(id: &str, host: &str, day: u32, viewers: u64, buyers: u64, gmv: f64) -> SessionKpis {
    SessionKpis {
        session_id: id.into(),
        title: Some(format!("title {id}")),
        host: Some(host.into()),
        start: Some(format!("2025-09-{day:02} 20:00:00")),
        kpis: Kpis {
            viewers,
            views: viewers,
            conversion_rate: Some(buyers as f64 / viewers as f64),
            buyers: Some(buyers),
            orders: buyers,
            gmv,
            aov: (buyers > 0).then(|| gmv / buyers as f64),
            uv_value: Some(gmv / viewers as f64),
            ..Kpis::default()
        },
    }
}

/// Six sessions of host A (the last one sells three times as much) and some of host B between.
fn table() -> Vec<SessionKpis> {
    vec![
        session("a1", "A", 1, 100, 10, 1000.0),
        session("b1", "B", 2, 500, 5, 90.0),
        session("a2", "A", 3, 110, 11, 1050.0),
        session("a3", "A", 5, 95, 9, 980.0),
        session("b2", "B", 6, 520, 4, 80.0),
        session("a4", "A", 7, 105, 10, 1010.0),
        session("a5", "A", 9, 100, 30, 3000.0),
    ]
}

#[test]
fn quartiles_interpolate_like_type_7() {
    assert_eq!(quartiles(&[1.0, 2.0, 3.0, 4.0]), Some((1.75, 2.5, 3.25)));
    assert_eq!(quartiles(&[5.0]), Some((5.0, 5.0, 5.0)));
    assert_eq!(quartiles(&[]), None);
    assert!(ReviewBaseline::of(&[1.0, 2.0]).is_none());
    let b = ReviewBaseline::of(&[1.0, 2.0, 3.0, f64::NAN]).unwrap();
    assert_eq!((b.q1, b.median, b.q3, b.sessions), (1.5, 2.0, 2.5, 3));
    assert_eq!(b.verdict(2.6, true), ReviewVerdict::Better);
    assert_eq!(b.verdict(2.6, false), ReviewVerdict::Worse);
    assert_eq!(b.verdict(1.4, true), ReviewVerdict::Worse);
    assert_eq!(b.verdict(2.5, true), ReviewVerdict::Usual);
}

#[test]
fn the_latest_session_is_reviewed_against_its_hosts_earlier_sessions() {
    let t = table();
    let r = review(&ReviewInputs {
        sessions: &t,
        session: None,
        funnels: None,
        timeline: None,
    })
    .unwrap();
    assert_eq!(r.session_id, "a5");
    assert!(r.baseline.same_host);
    assert_eq!(r.baseline.sessions, ["a1", "a2", "a3", "a4"]);
    let gmv = r.kpis.iter().find(|l| l.key == "gmv").unwrap();
    let b = gmv.baseline.unwrap();
    // Median of 1000, 1050, 980, 1010.
    assert_eq!(b.median, 1005.0);
    assert_eq!(gmv.verdict, ReviewVerdict::Better);
    assert_eq!(gmv.difference, Some(1995.0));
    // Buyers, orders, GMV, conversion and GMV per viewer tripled: the four strongest are said.
    assert_eq!(r.went_well.len(), statements::MAX_KPI_STATEMENTS);
    for st in &r.went_well {
        let l = r.kpis.iter().find(|l| l.key == st.subject).unwrap();
        assert_eq!(l.verdict, ReviewVerdict::Better);
        assert_eq!(
            (st.value, st.baseline),
            (l.value, l.baseline.map(|b| b.median))
        );
        assert_eq!(st.rule.key, "outside_iqr");
    }
    let st = &r.went_well[0];
    assert!(st.text.en.contains("above your usual"), "{}", st.text.en);
    assert_eq!(st.subject, "conversion_rate", "{:?}", r.went_well);
    assert_eq!(
        st.text.en,
        "Viewer conversion: 30.0%, above your usual 9.8% (+20.2 pp)."
    );
    assert!(st.text.zh.contains("高于平时"), "{}", st.text.zh);
    assert!(
        st.rule.text.en.contains("A's last 4 sessions"),
        "{}",
        st.rule.text.en
    );
    // Viewers were usual: no statement about them.
    assert!(r
        .went_well
        .iter()
        .chain(&r.to_change)
        .all(|s| s.subject != "viewers"));
    assert!(r.to_change.is_empty());
    assert_eq!(r.sources, ["kpis"]);
}

#[test]
fn a_worse_session_gets_a_statement_and_a_suggestion() {
    let mut t = table();
    t[6] = session("a5", "A", 9, 40, 1, 100.0);
    let r = review(&ReviewInputs {
        sessions: &t,
        session: Some("a5"),
        funnels: None,
        timeline: None,
    })
    .unwrap();
    let subjects: Vec<&str> = r.to_change.iter().map(|s| s.subject.as_str()).collect();
    assert!(subjects.contains(&"gmv"), "{subjects:?}");
    let viewers = r.kpis.iter().find(|l| l.key == "viewers").unwrap();
    assert_eq!(viewers.verdict, ReviewVerdict::Worse);
    assert!(r.to_change.len() <= statements::MAX_KPI_STATEMENTS);
    assert!(!r.next_time.is_empty());
    assert!(r
        .next_time
        .iter()
        .all(|s| s.rule.key.starts_with("follows_")));
    assert!(r.went_well.is_empty());
}

#[test]
fn too_little_history_gives_figures_without_verdicts() {
    let t = table();
    let r = review(&ReviewInputs {
        sessions: &t,
        session: Some("a2"),
        funnels: None,
        timeline: None,
    })
    .unwrap();
    assert_eq!(r.baseline.sessions, ["a1"]);
    assert!(r.kpis.iter().all(|l| matches!(
        l.verdict,
        ReviewVerdict::NoBaseline | ReviewVerdict::NoValue
    )));
    assert!(r.went_well.is_empty() && r.to_change.is_empty());
    assert_eq!(r.notes.len(), 1);
    assert!(r.notes[0].en.contains("Fewer than 3"));
}

#[test]
fn an_unknown_session_is_a_clear_error() {
    let t = table();
    let e = review(&ReviewInputs {
        sessions: &t,
        session: Some("nope"),
        funnels: None,
        timeline: None,
    })
    .unwrap_err();
    assert!(e.to_string().contains("no session \"nope\""), "{e}");
    let empty: Vec<SessionKpis> = Vec::new();
    assert!(review(&ReviewInputs {
        sessions: &empty,
        session: None,
        funnels: None,
        timeline: None,
    })
    .is_err());
}

#[test]
fn hostile_titles_are_escaped_in_the_html() {
    let mut t = table();
    t[6].title = Some("<script>alert('x')</script> & \"more\"".into());
    t[6].host = Some("<b>A</b>".into());
    let r = review(&ReviewInputs {
        sessions: &t,
        session: None,
        funnels: None,
        timeline: None,
    })
    .unwrap();
    for lang in Lang::ALL {
        let h = review_html(&r, &ReviewCharts::default(), lang);
        assert!(!h.contains("<script>"), "{h}");
        assert!(!h.contains("<b>A</b>"));
        assert!(
            h.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;")
        );
    }
}

#[test]
fn templates_have_the_same_slots_in_both_languages() {
    let holes = |s: &str| -> Vec<String> {
        let mut out: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
            .collect();
        out.sort();
        out
    };
    for t in ReviewText::ALL {
        assert_eq!(holes(t.text(Lang::En)), holes(t.text(Lang::Zh)), "{t:?}");
        assert!(!t.text(Lang::Zh).is_empty());
    }
    for k in &REVIEW_KPIS {
        assert_ne!(kpi_label(k.key, Lang::Zh), k.key, "{}", k.key);
    }
}

#[test]
fn numbers_are_formatted_per_unit() {
    assert_eq!(format_value(ReviewUnit::Percent, 0.1234, Lang::En), "12.3%");
    assert_eq!(
        format_value(ReviewUnit::Money, 1234567.0, Lang::En),
        "1,234,567"
    );
    assert_eq!(format_value(ReviewUnit::Money, 9.9, Lang::En), "9.90");
    assert_eq!(
        format_value(ReviewUnit::Seconds, 725.0, Lang::Zh),
        "12 分 05 秒"
    );
    assert_eq!(format_value(ReviewUnit::Count, -1500.0, Lang::En), "-1,500");
}

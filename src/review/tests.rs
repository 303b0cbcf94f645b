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
        from_summary: Vec::new(),
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
        sections: None,
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
        sections: None,
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
        sections: None,
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
        sections: None,
    })
    .unwrap_err();
    assert!(e.to_string().contains("no session \"nope\""), "{e}");
    let empty: Vec<SessionKpis> = Vec::new();
    assert!(review(&ReviewInputs {
        sessions: &empty,
        session: None,
        funnels: None,
        timeline: None,
        sections: None,
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
        sections: None,
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
    assert_eq!(
        format_value(ReviewUnit::Seconds, -565.0, Lang::En),
        "-9 min 25 s"
    );
}

/// The `comments`, `interactions` and `traffic` sections as the report writes them (their
/// documented keys; unknown keys are ignored).
fn sections(only_a5: bool) -> ReviewSections {
    let row = |id: &str, q: u64, un: u64, obj: u64| {
        serde_json::json!({"session_id": id, "title": "", "host": "A", "comments": 100,
            "intents": {"question": q, "objection": obj, "purchase": 1}, "questions": q,
            "unanswered": un, "sentiment": {"negative": 1, "neutral": 1, "positive": 1}})
    };
    let by_session = if only_a5 {
        vec![row("a5", 20, 16, 30)]
    } else {
        vec![
            row("a1", 20, 4, 10),
            row("a2", 20, 5, 11),
            row("a3", 20, 3, 9),
            row("a4", 20, 4, 10),
            row("a5", 20, 16, 30),
        ]
    };
    let pitch = |item: &str, obj: u64| {
        serde_json::json!({"session_id": "a5", "item_id": item, "title": format!("课 {item}"),
            "start": 0, "end": 1, "comments": 40, "intents": {"objection": obj}})
    };
    ReviewSections {
        comments: Some(serde_json::json!({
            "comments": 500, "by_session": by_session,
            "by_pitch": [pitch("p1", 2), pitch("p2", 15), pitch("p3", 3)],
            "questions": {"asked": 100, "top_unanswered": [
                {"text": "怎么退款", "count": 7, "answered": 0, "unanswered": 7, "first_time": 5}]},
            "objections": [{"theme": "price", "count": 60, "share": 0.6, "examples": []}],
        })),
        interactions: Some(serde_json::json!({"tools": [], "coupons": [], "windows": [
            {"tool": "lottery", "session": "a5", "label": "", "start": "", "end": "",
             "start_minute": 30.0, "seconds": 600.0, "present": 80,
             "concurrency": {"effect": 4.2, "effect_low": 1.5, "effect_high": 6.9, "distinguishable": true},
             "conversion": {"participants": 40, "participant_rate": 0.1, "other_rate": 0.3,
                "conversion_effect": -0.2, "conversion_low": -0.35, "conversion_high": -0.05,
                "distinguishable": true}},
            {"tool": "poll", "session": "a4", "start_minute": 10.0,
             "concurrency": {"effect": 9.0, "effect_low": 8.0, "effect_high": 10.0, "distinguishable": true}}]})),
        traffic: Some(
            serde_json::json!({"viewers": 500, "viewers_without_source": 0, "sources": [
            {"source": "follow", "viewers": 200, "conversion_rate": 0.42, "conversion_low": 0.37, "conversion_high": 0.47},
            {"source": "feed", "viewers": 200, "conversion_rate": 0.2, "conversion_low": 0.15, "conversion_high": 0.25},
            {"source": "paid", "viewers": 100, "conversion_rate": 0.09, "conversion_low": 0.06, "conversion_high": 0.12}]}),
        ),
    }
}

#[test]
fn the_rooms_voice_gives_statements_when_its_sections_are_present() {
    let t = table();
    let sec = sections(false);
    let r = review(&ReviewInputs {
        sessions: &t,
        session: None,
        funnels: None,
        timeline: None,
        sections: Some(&sec),
    })
    .unwrap();
    assert_eq!(r.sources, ["kpis", "comments", "interactions", "traffic"]);
    let find = |list: &[ReviewStatement], subject: &str| {
        list.iter().find(|s| s.subject == subject).cloned()
    };
    // 16 of 20 unanswered against a usual 20 %: worse, with its numbers.
    let st = find(&r.to_change, "unanswered_questions").expect("unanswered");
    assert_eq!(st.value, Some(0.8));
    assert_eq!(st.baseline, Some(0.2));
    assert_eq!(st.rule.key, "outside_iqr");
    assert!(
        st.text
            .en
            .starts_with("16 of 20 questions went unanswered (80.0%)"),
        "{}",
        st.text.en
    );
    assert!(find(&r.to_change, "objection_share").is_some());
    // The pitch with most objections, and a suggestion with the top theme.
    let st = find(&r.to_change, "p2").expect("objection pitch");
    assert_eq!((st.value, st.baseline), (Some(15.0), Some(3.0)));
    assert!(r
        .next_time
        .iter()
        .any(|s| s.text.en.contains("price, 60.0% of all objections")));
    // The lucky bag raised concurrency (went well) but its participants bought less.
    let bag = find(&r.went_well, "lottery").expect("lucky bag");
    assert!(
        bag.text.en.contains("+4.2 (95% interval +1.5 to +6.9)"),
        "{}",
        bag.text.en
    );
    assert!(find(&r.to_change, "lottery_participants").is_some());
    // Another session's poll is not this review's.
    assert!(r
        .went_well
        .iter()
        .chain(&r.to_change)
        .all(|s| s.subject != "poll"));
    // Follow converts best, paid least, intervals apart.
    let tr = r
        .next_time
        .iter()
        .find(|s| s.kind == "traffic")
        .expect("traffic");
    assert_eq!((tr.value, tr.baseline), (Some(0.42), Some(0.09)));
    assert!(tr.text.zh.contains("关注") && tr.text.zh.contains("付费投流"));
    // Top unanswered questions need to be this session's: with five sessions and no timeline
    // window they are not claimed.
    assert!(r
        .to_change
        .iter()
        .all(|s| s.kind != "question" || s.subject == "unanswered_questions"));
    assert!(r.went_well.len() <= statements::MAX_PART && r.to_change.len() <= statements::MAX_PART);
    assert!(r.next_time.len() <= statements::MAX_SUGGESTIONS);
}

#[test]
fn a_single_sessions_unanswered_questions_are_named() {
    let t = table();
    let sec = sections(true);
    let r = review(&ReviewInputs {
        sessions: &t,
        session: None,
        funnels: None,
        timeline: None,
        sections: Some(&sec),
    })
    .unwrap();
    let q = r
        .to_change
        .iter()
        .find(|s| s.subject == "怎么退款")
        .expect("question");
    assert_eq!(q.value, Some(7.0));
    assert_eq!(q.text.zh, "没有回答：“怎么退款”（被问 7 次）。");
    assert!(r.next_time[0]
        .text
        .en
        .starts_with("Answer “怎么退款” early"));
    // No baseline rows for the shares: no share statements.
    assert!(r
        .to_change
        .iter()
        .all(|s| s.subject != "unanswered_questions"));
    // A section that is null or malformed gives nothing and no failure.
    let bad = ReviewSections {
        comments: Some(serde_json::json!({"by_session": "nope"})),
        interactions: Some(serde_json::Value::Null),
        traffic: None,
    };
    let r = review(&ReviewInputs {
        sessions: &t,
        session: None,
        funnels: None,
        timeline: None,
        sections: Some(&bad),
    })
    .unwrap();
    assert_eq!(r.sources, ["kpis"]);
}

/// The per-session funnels read the session's rows in place; they must give the steps of the
/// funnel of a copy holding that session's events alone, in every mode, ties included.
#[test]
fn session_funnels_match_the_funnel_of_a_copy() {
    use crate::funnel::{Breakdown, FunnelMode};
    use crate::model::EventKind::{self, *};
    use rand::{Rng, SeedableRng};
    const KINDS: [EventKind; 6] = [Enter, ProductView, Click, Order, Pay, Comment];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(13);
    for round in 0..200 {
        let mut b = crate::testutil::DatasetBuilder::new();
        let mut rows: Vec<(String, i64, EventKind, String)> = (0..rng.gen_range(0..60))
            .map(|_| {
                let t = rng.gen_range(0..40) * 5;
                let u = rng.gen_range(0..6);
                let s = rng.gen_range(0..4);
                (
                    format!("u{u}"),
                    t,
                    KINDS[rng.gen_range(0..6)],
                    format!("s{s}"),
                )
            })
            .collect();
        rows.sort_by_key(|r| r.1);
        for (u, t, k, s) in &rows {
            b.event(u, *k, t * 1000, s, "", "", 0.0);
        }
        let ds = b.build();
        let prep = Prepared::new(&ds);
        let mode = [
            FunnelMode::Ordered,
            FunnelMode::Strict,
            FunnelMode::AnyOrder,
        ][round % 3];
        let p = FunnelParams {
            steps: vec![Enter, ProductView, Click][..rng.gen_range(2..=3)].to_vec(),
            mode,
            window_seconds: rng.gen_range(1..120),
            breakdown: Breakdown::None,
        };
        let ids = ["s0", "s1", "s2", "s3", "nope"];
        let got = session_funnels(&prep, &p, &ids).expect("valid settings");
        let mut want = Vec::new();
        for id in ids {
            let Some(s) = ds.sessions.get(id) else {
                continue;
            };
            let sub = ds.with_events(|i| ds.events.session[i] == s);
            let f = funnel::funnel(&Prepared::new(&sub), &p).expect("valid settings");
            want.push((id.to_owned(), f.steps));
        }
        assert_eq!(
            format!("{got:?}"),
            format!("{want:?}"),
            "round {round}, {mode:?}"
        );
    }
}

#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion
//! The post-live review on the demo: truths planted into the latest session (s30) come back as
//! the expected statements, with their numbers; an orders-only input (no events: what a
//! session's sales export gives) still gives a review.

use livelens::analysis::{review_stage, AnalysisOptions, Prepared};
use livelens::demo::{self, DemoFiles, DemoParams, Scale};
use livelens::ingest::{self, FileKind, IngestOptions, InputFile};
use livelens::review::{Review, ReviewVerdict};

fn demo_files() -> DemoFiles {
    demo::generate(&DemoParams {
        seed: 42,
        scale: Scale::Small,
    })
    .expect("demo")
    .0
}

/// Rewrites the rows of a CSV text: `f` gets the header and each row, and keeps (returns
/// `Some`) or drops it.
fn edit_csv(
    text: &str,
    mut f: impl FnMut(&[String], Vec<String>) -> Option<Vec<String>>,
) -> String {
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rd.headers().unwrap().iter().map(str::to_owned).collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).unwrap();
    for rec in rd.records() {
        let row: Vec<String> = rec.unwrap().iter().map(str::to_owned).collect();
        if let Some(row) = f(&header, row) {
            w.write_record(&row).unwrap();
        }
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

/// The review of `session` (default: the latest) of the given files, as `livelens review` and
/// the report compute it.
fn review_of(inputs: Vec<InputFile>, session: Option<&str>) -> Review {
    let loaded = ingest::load(
        &inputs,
        &IngestOptions {
            tz_offset_minutes: 480,
            ..IngestOptions::default()
        },
    );
    let prep = Prepared::new(&loaded.dataset);
    let kpis = livelens::kpi::kpis(&prep);
    let o = AnalysisOptions::default();
    review_stage(
        &prep,
        &kpis.by_session,
        session,
        &o.funnel,
        None,
        o.timeline_bucket_seconds,
        None,
    )
    .expect("review")
}

fn line<'a>(r: &'a Review, key: &str) -> &'a livelens::review::KpiLine {
    r.kpis.iter().find(|l| l.key == key).unwrap()
}

#[test]
fn the_latest_session_is_reviewed_against_its_hosts_previous_ten() {
    let r = review_of(demo_files().into_inputs(), None);
    assert_eq!(r.session_id, "s30");
    assert_eq!(r.host.as_deref(), Some("陈老师"));
    // The baseline: the last ten of 陈老师's sessions before s30, by the sessions file.
    let sessions = demo_files().sessions;
    let chen: Vec<String> = sessions
        .lines()
        .skip(1)
        .filter(|l| l.contains("陈老师"))
        .map(|l| l.split(',').next().unwrap().to_owned())
        .filter(|s| s.as_str() < "s30")
        .collect();
    let expected = chen[chen.len() - 10..].to_vec();
    assert_eq!(r.baseline.sessions, expected);
    assert!(r.baseline.same_host);
    assert_eq!(r.sources, ["kpis", "funnel", "timeline"]);
    // Every statement carries its numbers and the rule that made it worth saying.
    for s in r.went_well.iter().chain(&r.to_change).chain(&r.next_time) {
        assert!(s.value.is_some() && s.baseline.is_some(), "{s:?}");
        assert!(!s.rule.key.is_empty() && !s.rule.text.en.is_empty() && !s.rule.text.zh.is_empty());
        assert!(!s.text.en.is_empty() && !s.text.zh.is_empty());
    }
    // KPI statements agree with their line: outside Q1–Q3, in the stated direction.
    for s in r
        .went_well
        .iter()
        .chain(&r.to_change)
        .filter(|s| s.kind == "kpi")
    {
        let l = line(&r, &s.subject);
        let b = l.baseline.unwrap();
        let v = l.value.unwrap();
        assert!(v < b.q1 || v > b.q3, "{s:?}");
        let good = r.went_well.contains(s);
        assert_eq!(good, l.verdict == ReviewVerdict::Better);
    }
}

#[test]
fn fewer_clicks_planted_in_s30_are_named_as_the_step_that_fell_most() {
    let mut files = demo_files();
    // Planted: in s30 only the people who pay still click a product card.
    let mut payers = std::collections::HashSet::new();
    edit_csv(&files.events, |h, row| {
        if row[col(h, "session_id")] == "s30" && row[col(h, "event")] == "pay" {
            payers.insert(row[col(h, "user_id")].clone());
        }
        None
    });
    files.events = edit_csv(&files.events, |h, row| {
        let drop = row[col(h, "session_id")] == "s30"
            && row[col(h, "event")] == "click"
            && !payers.contains(&row[col(h, "user_id")]);
        (!drop).then_some(row)
    });
    let r = review_of(files.into_inputs(), Some("s30"));
    let st = r
        .to_change
        .iter()
        .find(|s| s.kind == "funnel_step")
        .expect("a funnel step statement");
    assert_eq!(st.subject, "product_view→click");
    assert_eq!(st.rule.key, "largest_step_drop");
    let step = r.funnel.iter().find(|l| l.to == "click").unwrap();
    let b = step.baseline.unwrap();
    assert!(step.value.unwrap() < b.q1);
    assert_eq!(st.value, step.value);
    assert_eq!(st.baseline, Some(b.median));
    assert!(
        st.text
            .en
            .starts_with("Most people were lost from product view to product click"),
        "{}",
        st.text.en
    );
    assert!(
        st.text.zh.starts_with("从商品曝光到商品点击流失最多"),
        "{}",
        st.text.zh
    );
    // Its suggestion comes first and cites the same numbers.
    let next = &r.next_time[0];
    assert_eq!(next.rule.key, "follows_largest_step_drop");
    assert!(
        next.text
            .en
            .starts_with("Give people a reason to tap the card"),
        "{}",
        next.text.en
    );
    let pct = format!("{:.1}%", step.value.unwrap() * 100.0);
    assert!(
        next.text.en.contains(&pct) && st.text.en.contains(&pct),
        "{pct} {}",
        next.text.en
    );
    assert_eq!(line(&r, "product_click_rate").verdict, ReviewVerdict::Worse);
}

#[test]
fn tripled_takings_planted_in_s30_are_said_to_have_gone_well() {
    let plain = review_of(demo_files().into_inputs(), Some("s30"));
    let mut files = demo_files();
    // Planted: every s30 payment (and its refund) is three times the amount.
    let triple = |h: &[String], mut row: Vec<String>| {
        let a = col(h, "amount");
        if row[col(h, "session_id")] == "s30" && !row[a].is_empty() {
            row[a] = format!("{:.2}", row[a].parse::<f64>().unwrap() * 3.0);
        }
        Some(row)
    };
    files.events = edit_csv(&files.events, triple);
    files.orders = edit_csv(&files.orders, triple);
    let r = review_of(files.into_inputs(), Some("s30"));
    let gmv = line(&r, "gmv");
    assert!((gmv.value.unwrap() - 3.0 * line(&plain, "gmv").value.unwrap()).abs() < 0.05);
    for key in ["gmv", "aov", "gpm", "uv_value"] {
        assert_eq!(line(&r, key).verdict, ReviewVerdict::Better, "{key}");
    }
    // Refunds scale with the takings: the refund rate is unchanged.
    assert_eq!(
        line(&r, "refund_rate").verdict,
        line(&plain, "refund_rate").verdict
    );
    let said: Vec<&str> = r.went_well.iter().map(|s| s.subject.as_str()).collect();
    assert!(
        ["gmv", "aov", "gpm", "uv_value"]
            .iter()
            .any(|k| said.contains(k)),
        "{said:?}"
    );
    let st = r
        .went_well
        .iter()
        .find(|s| s.subject == "gmv" || s.subject == "uv_value")
        .unwrap();
    assert!(st.text.en.contains("above your usual"));
    assert!(st.value.unwrap() > st.baseline.unwrap());
}

#[test]
fn an_orders_only_input_gives_a_review_of_the_sales_figures() {
    let full = review_of(demo_files().into_inputs(), Some("s30"));
    let files = demo_files();
    let only: Vec<InputFile> = [
        ("orders.csv", FileKind::Orders, files.orders),
        ("sessions.csv", FileKind::Sessions, files.sessions),
    ]
    .into_iter()
    .map(|(name, kind, text)| InputFile {
        name: name.into(),
        bytes: text.into_bytes(),
        kind: Some(kind),
        ..InputFile::default()
    })
    .collect();
    let r = review_of(only, None);
    assert_eq!(r.session_id, "s30");
    assert_eq!(r.sources, ["kpis"]);
    assert!(r.funnel.is_empty() && r.pitches.is_empty());
    assert_eq!(line(&r, "viewers").verdict, ReviewVerdict::NoValue);
    // The sales figures are the same as with the events, and so are their verdicts.
    for key in ["gmv", "orders", "buyers", "aov"] {
        let (a, b) = (line(&r, key), line(&full, key));
        assert_eq!(a.value, b.value, "{key}");
        assert_eq!(a.verdict, b.verdict, "{key}");
    }
    assert!(!r.went_well.is_empty() || !r.to_change.is_empty());
    assert!(r
        .went_well
        .iter()
        .chain(&r.to_change)
        .all(|s| s.source == "kpis"));
}

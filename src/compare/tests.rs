//! Reference numbers come from scipy 1.17.1 / statsmodels 0.15.0 (run in a throwaway venv),
//! named in each test; the sample size is cross-checked against R's `power.prop.test` power
//! equation solved numerically with scipy's `brentq`.

use super::stats::*;
use super::*;
use crate::analysis::Prepared;
use crate::model::{SessionInfo, UserAttribute};
use EventKind::*;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[track_caller]
fn assert_close(a: Option<f64>, b: f64, tol: f64) {
    match a {
        Some(a) => assert!(close(a, b, tol), "{a} != {b} (tol {tol})"),
        None => panic!("None != {b}"),
    }
}

#[test]
fn normal_cdf_matches_scipy() {
    // scipy.stats.norm.cdf(x), norm.sf(x)
    let cases = [
        (-10.0, 7.61985302416047e-24, 1.0),
        (-8.0, 6.22096057427174e-16, 0.9999999999999993),
        (-5.0, 2.866515718791933e-07, 0.9999997133484281),
        (-3.0, 0.0013498980316300933, 0.9986501019683699),
        (-1.5, 0.06680720126885807, 0.9331927987311419),
        (-0.3, 0.3820885778110474, 0.6179114221889526),
        (0.0, 0.5, 0.5),
        (0.5, 0.6914624612740131, 0.3085375387259869),
        (1.0, 0.8413447460685429, 0.15865525393145707),
        (1.96, 0.9750021048517795, 0.024997895148220435),
        (3.0, 0.9986501019683699, 0.0013498980316300933),
        (6.0, 0.9999999990134123, 9.865876450376946e-10),
        (8.5, 1.0, 9.47953482220325e-18),
    ];
    for (x, cdf, sf) in cases {
        let (c, s) = (normal_cdf(x), normal_sf(x));
        assert!(close(c, cdf, 1e-14), "cdf({x}) = {c}, scipy {cdf}");
        // Relative accuracy in the tails.
        assert!(((s - sf) / sf).abs() < 1e-12, "sf({x}) = {s}, scipy {sf}");
    }
    assert_eq!(normal_cdf(-40.0), 0.0);
    assert_eq!(normal_cdf(40.0), 1.0);
    assert_eq!(normal_cdf(f64::INFINITY), 1.0);
    assert_eq!(normal_cdf(f64::NEG_INFINITY), 0.0);
}

#[test]
fn normal_quantile_matches_scipy() {
    // scipy.stats.norm.ppf(p)
    let cases = [
        (1e-10, -6.361340902404056),
        (0.001, -3.090232306167813),
        (0.025, -1.9599639845400545),
        (0.2, -0.8416212335729142),
        (0.5, 0.0),
        (0.8, 0.8416212335729143),
        (0.975, 1.959963984540054),
        (0.999999, 4.753424308817087),
    ];
    for (p, q) in cases {
        assert_close(normal_quantile(p), q, 1e-12);
    }
    assert_eq!(normal_quantile(0.0), None);
    assert_eq!(normal_quantile(1.0), None);
    assert_eq!(normal_quantile(f64::NAN), None);
}

#[test]
fn two_proportion_z_matches_statsmodels() {
    // statsmodels proportions_ztest([45, 30], [500, 500]) = (1.8009006755629924, 0.07171853650843411)
    let t = two_proportion_z(45, 500, 30, 500);
    assert_close(t.map(|t| t.z), 1.8009006755629924, 1e-12);
    assert_close(t.map(|t| t.p_value), 0.07171853650843411, 1e-12);
    // proportions_ztest([130, 100], [1000, 1000]) = (2.102740605622114, 0.03548845046647471)
    let t = two_proportion_z(130, 1000, 100, 1000);
    assert_close(t.map(|t| t.z), 2.102740605622114, 1e-12);
    assert_close(t.map(|t| t.p_value), 0.03548845046647471, 1e-12);
    // Swapping the arms flips z only.
    let s = two_proportion_z(100, 1000, 130, 1000);
    assert_close(s.map(|t| -t.z), 2.102740605622114, 1e-12);
    // Undefined cases.
    assert_eq!(two_proportion_z(0, 0, 1, 10), None);
    assert_eq!(two_proportion_z(0, 10, 0, 10), None);
    assert_eq!(two_proportion_z(10, 10, 10, 10), None);
    assert_eq!(two_proportion_z(11, 10, 1, 10), None);
}

#[test]
fn wilson_matches_statsmodels() {
    // statsmodels proportion_confint(45, 500, alpha=0.05, method="wilson")
    let w = wilson(45, 500, Z_95);
    assert_close(w.map(|w| w.0), 0.06794254788913939, 1e-12);
    assert_close(w.map(|w| w.1), 0.11830941128933345, 1e-12);
    // proportion_confint(0, 20, method="wilson") = (0.0, 0.1611251580528194)
    let w = wilson(0, 20, Z_95);
    assert_close(w.map(|w| w.0), 0.0, 1e-15);
    assert_close(w.map(|w| w.1), 0.1611251580528194, 1e-12);
    // proportion_confint(20, 20, method="wilson") = (0.8388748419471804, 1.0)
    let w = wilson(20, 20, Z_95);
    assert_close(w.map(|w| w.0), 0.8388748419471804, 1e-12);
    assert_close(w.map(|w| w.1), 1.0, 1e-12);
    assert_eq!(wilson(0, 0, Z_95), None);
}

#[test]
fn diff_interval_matches_statsmodels() {
    // statsmodels confint_proportions_2indep(30, 500, 45, 500, method="wald", compare="diff")
    // = (-0.06259674078499253, 0.0025967407849925364), the interval of 30/500 − 45/500;
    // diff_interval(x1, n1, x2, n2) is of p2 − p1, so the arms are passed the other way round.
    let ci = diff_interval(45, 500, 30, 500, Z_95);
    assert_close(ci.map(|c| c.0), -0.06259674078499253, 1e-12);
    assert_close(ci.map(|c| c.1), 0.0025967407849925364, 1e-12);
}

#[test]
fn chi2_and_srm_match_scipy() {
    // scipy.stats.chi2.sf(x, 1)
    for (x, p) in [
        (0.0, 1.0),
        (0.5, 0.47950012218695337),
        (3.841458820694124, 0.04999999999999989),
        (10.0, 0.001565402258002549),
        (25.0, 5.733031437583875e-07),
    ] {
        let got = chi2_sf_1df(x);
        assert!(
            got.is_some_and(|g| ((g - p) / p).abs() < 1e-10),
            "{x}: {got:?} vs {p}"
        );
    }
    assert_eq!(chi2_sf_1df(-1.0), None);
    // scipy.stats.chisquare([5200, 4800]) = (16.0, 6.334248366623988e-05)
    assert_close(srm_p_value(5200, 4800), 6.334248366623988e-05, 1e-15);
    // chisquare([5000, 5010]).pvalue = 0.9203839910531096
    assert_close(srm_p_value(5000, 5010), 0.9203839910531096, 1e-12);
    assert_eq!(srm_p_value(0, 0), None);
}

#[test]
fn sample_size_matches_power_prop_test() {
    // n from the closed form, checked against R power.prop.test's power equation solved with
    // scipy brentq: p1 = 0.05, +10% → 31233.44; 0.10, +10% → 14750.79; 0.2, −25% → 905.37;
    // 0.03, +50% → 2517.003.
    assert_eq!(
        sample_size_two_proportions(0.05, 0.10, 0.05, 0.8),
        Some(31234)
    );
    assert_eq!(
        sample_size_two_proportions(0.10, 0.10, 0.05, 0.8),
        Some(14751)
    );
    assert_eq!(
        sample_size_two_proportions(0.2, -0.25, 0.05, 0.8),
        Some(906)
    );
    assert_eq!(
        sample_size_two_proportions(0.03, 0.5, 0.05, 0.8),
        Some(2518)
    );
    assert_eq!(sample_size_two_proportions(0.0, 0.1, 0.05, 0.8), None);
    assert_eq!(sample_size_two_proportions(0.6, 1.0, 0.05, 0.8), None);
    assert_eq!(sample_size_two_proportions(0.1, 0.0, 0.05, 0.8), None);
}

#[test]
fn chance_to_beat_control_by_hand() {
    // By hand (Python, scipy norm.cdf): lift = pt/pc − 1, σ² = pt(1−pt)/(pc² nt) +
    // pc(1−pc) pt²/(pc⁴ nc):
    // (30/500 vs 45/500): lift 0.5, σ 0.340587727318528, Φ = 0.9289547536513898
    assert_close(
        chance_to_beat_control(30, 500, 45, 500),
        0.9289547536513898,
        1e-12,
    );
    // (100/1000 vs 130/1000): lift 0.3, σ 0.16284962388657825, Φ = 0.9672763417294538
    assert_close(
        chance_to_beat_control(100, 1000, 130, 1000),
        0.9672763417294538,
        1e-12,
    );
    // (100/1000 vs 90/1000): lift −0.1, Φ = 0.2107741408930663
    assert_close(
        chance_to_beat_control(100, 1000, 90, 1000),
        0.2107741408930663,
        1e-12,
    );
    assert_eq!(chance_to_beat_control(0, 100, 5, 100), None);
    assert_eq!(chance_to_beat_control(5, 100, 0, 100), Some(0.0));
    assert_eq!(chance_to_beat_control(5, 0, 5, 100), None);
}

fn estimate_of(trials: u64, successes: u64) -> RateEstimate {
    estimate(String::new(), trials, successes)
}

#[test]
fn verdicts_and_summaries() {
    // p = 0.0355 (see above), lift 30%, chance 96.7%.
    let c = compare_counts(
        CompareMetric::Conversion,
        estimate_of(1000, 100),
        estimate_of(1000, 130),
    );
    assert_eq!(c.verdict, Verdict::BBetter);
    assert_close(c.relative_lift, 0.3, 1e-12);
    assert_close(c.difference, 0.03, 1e-12);
    assert_close(c.z, 2.102740605622114, 1e-12);
    assert_eq!(
        c.summary_en,
        "B converts 30% better than A (13.0% vs 10.0%); 97% chance this is real."
    );
    assert_eq!(
        c.summary_zh,
        "B 的转化率比 A 高 30%（13.0% 对 10.0%），有 97% 的把握这是真实差异。"
    );
    assert!(!c.srm_flag);

    // The other way round: A better, the chance is 1 − chance(B beats A). The relative lift's
    // variance depends on which arm is the control, so it is not 97% again: by hand (scipy
    // norm.cdf) lift −0.230769, σ 0.0963607, Φ = 0.008313641657792373 → 99%.
    let c = compare_counts(
        CompareMetric::Follow,
        estimate_of(1000, 130),
        estimate_of(1000, 100),
    );
    assert_eq!(c.verdict, Verdict::ABetter);
    assert_close(c.chance_to_beat_control, 0.008313641657792373, 1e-12);
    assert_eq!(
        c.summary_en,
        "A's follow rate is 30% higher than B (13.0% vs 10.0%); 99% chance this is real."
    );

    // Not significant and too small: more viewers needed. 45/500 vs 30/500 (p = 0.072):
    // the design for a −33% lift from 9% needs n per arm; the arms have 500.
    let c = compare_counts(
        CompareMetric::Conversion,
        estimate_of(500, 45),
        estimate_of(500, 30),
    );
    assert_eq!(c.verdict, Verdict::NotEnoughData);
    let n = sample_size_two_proportions(0.09, 30.0 / 45.0 - 1.0, 0.05, 0.8);
    assert_eq!(c.sample_size_per_arm, n);
    assert_eq!(c.more_needed_per_arm, n.map(|n| n - 500));
    assert!(
        c.summary_en.starts_with("Not enough data yet: about "),
        "{}",
        c.summary_en
    );
    assert!(
        c.summary_zh.starts_with("数据还不够：每组大约还需要 "),
        "{}",
        c.summary_zh
    );

    // Equal rates on big arms: no difference (10% MDE needs 14,751 per arm).
    let c = compare_counts(
        CompareMetric::Conversion,
        estimate_of(20_000, 2000),
        estimate_of(20_000, 2000),
    );
    assert_eq!(c.relative_lift, Some(0.0));
    assert_eq!(c.sample_size_per_arm, Some(14751));
    assert_eq!(c.more_needed_per_arm, Some(0));
    assert_eq!(c.verdict, Verdict::NoDifference);
    assert_eq!(
        c.summary_en,
        "No clear difference in conversion rate: A 10.0% vs B 10.0% (p = 1.00)."
    );
    // Same rates on 10,000 per arm: 4,751 more needed, shown as "about 4,800".
    let c = compare_counts(
        CompareMetric::Conversion,
        estimate_of(10_000, 1000),
        estimate_of(10_000, 1000),
    );
    assert_eq!(c.verdict, Verdict::NotEnoughData);
    assert_eq!(c.more_needed_per_arm, Some(4751));
    assert!(
        c.summary_en.contains("about 4,800 more viewers per group"),
        "{}",
        c.summary_en
    );

    // Empty arm: everything undefined, no NaN.
    let c = compare_counts(
        CompareMetric::Conversion,
        estimate_of(0, 0),
        estimate_of(10, 1),
    );
    assert_eq!(c.verdict, Verdict::NotEnoughData);
    assert_eq!((c.difference, c.z, c.p_value), (None, None, None));
    assert!(serde_json::to_string(&c).is_ok());

    // Sample-ratio mismatch (5200 vs 4800 → p = 6.3e-5) is flagged and said.
    let c = compare_counts(
        CompareMetric::Conversion,
        estimate_of(5200, 520),
        estimate_of(4800, 480),
    );
    assert!(c.srm_flag);
    assert!(
        c.summary_en.contains("sample ratio mismatch"),
        "{}",
        c.summary_en
    );
}

#[test]
fn about_rounds_to_two_significant_digits() {
    assert_eq!(about(7), "7");
    assert_eq!(about(99), "99");
    assert_eq!(about(4187), "4,200");
    assert_eq!(about(4751), "4,800");
    assert_eq!(about(1_234_567), "1,200,000");
}

/// Sessions s1 (host h1) and s2 (host h2). In s1, 4 viewers of whom 1 pays; in s2, 4 viewers
/// of whom 3 pay; x pays in s2 without entering (not a trial); p views products in both.
fn dataset() -> Dataset {
    let mut ds = Dataset::default();
    let h1 = ds.hosts.intern("h1");
    let h2 = ds.hosts.intern("h2");
    let rows: &[(&str, EventKind, &str)] = &[
        ("a", Enter, "s1"),
        ("a", Pay, "s1"),
        ("b", Enter, "s1"),
        ("b", Comment, "s1"),
        ("c", Enter, "s1"),
        ("d", Enter, "s1"),
        ("d", ProductView, "s1"),
        ("d", Click, "s1"),
        ("e", Enter, "s2"),
        ("e", Pay, "s2"),
        ("f", Enter, "s2"),
        ("f", Pay, "s2"),
        ("f", Follow, "s2"),
        ("g", Enter, "s2"),
        ("g", Pay, "s2"),
        ("a", Enter, "s2"),
        ("x", Pay, "s2"),
        ("d", ProductView, "s2"),
    ];
    for (t, &(u, k, s)) in rows.iter().enumerate() {
        let user = ds.users.intern(u);
        let session = ds.sessions.intern(s);
        ds.events
            .push(user, t as i64 * 1000, k, NONE, session, NONE, NONE, 0.0);
    }
    ds.finish();
    ds.session_info[0] = SessionInfo {
        host: h1,
        ..SessionInfo::default()
    };
    ds.session_info[1] = SessionInfo {
        host: h2,
        ..SessionInfo::default()
    };
    let mut tier = UserAttribute {
        name: "tier".into(),
        ..UserAttribute::default()
    };
    let gold = tier.values.intern("gold");
    let _silver = tier.values.intern("silver");
    tier.of_user = vec![NONE; ds.users.len()];
    // a and e are gold.
    for u in ["a", "e"] {
        if let Some(id) = ds.users.get(u) {
            tier.of_user[id as usize] = gold;
        }
    }
    ds.user_attributes.push(tier);
    ds
}

fn counts(c: &Comparison) -> (u64, u64, u64, u64) {
    (c.a.trials, c.a.successes, c.b.trials, c.b.successes)
}

fn cmp(ds: &Dataset, a: Group, b: Group, metric: CompareMetric) -> Comparison {
    match compare(&Prepared::new(ds), &CompareParams { a, b, metric }) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn groups_and_metrics_count_persons() {
    let ds = dataset();
    let s = |v: u32| Group::Sessions(vec![v]);
    let c = cmp(&ds, s(0), s(1), CompareMetric::Conversion);
    // s2: viewers e, f, g, a; payers among them e, f, g (x is no viewer).
    assert_eq!(counts(&c), (4, 1, 4, 3));
    assert_eq!(c.a.label, "s1");
    assert_close(c.a.rate, 0.25, 1e-15);
    assert_close(c.difference, 0.5, 1e-15);
    assert_close(c.relative_lift, 2.0, 1e-15);
    // Tiny groups: not enough data.
    assert_eq!(c.verdict, Verdict::NotEnoughData);
    // Hosts select the same sessions here.
    let h = cmp(
        &ds,
        Group::Host(0),
        Group::Host(1),
        CompareMetric::Conversion,
    );
    assert_eq!(counts(&h), counts(&c));
    assert_eq!(h.b.label, "h2");
    // Click-through: product viewers d (clicked in s1) / d (no click in s2).
    let c = cmp(&ds, s(0), s(1), CompareMetric::ClickThrough);
    assert_eq!(counts(&c), (1, 1, 1, 0));
    let c = cmp(&ds, s(0), s(1), CompareMetric::Follow);
    assert_eq!(counts(&c), (4, 0, 4, 1));
    let c = cmp(&ds, s(0), s(1), CompareMetric::Interaction);
    assert_eq!(counts(&c), (4, 1, 4, 0));
    // Both sessions together vs s2.
    let c = cmp(
        &ds,
        Group::Sessions(vec![0, 1]),
        s(1),
        CompareMetric::Conversion,
    );
    assert_eq!(c.a.label, "s1, s2");
    // Viewers a..g (7): payers a, e, f, g.
    assert_eq!(counts(&c), (7, 4, 4, 3));
    // Attribute groups: gold = a (enters, pays in s1), e (enters, pays).
    let gold = Group::Attribute {
        name: "tier".into(),
        value: "gold".into(),
    };
    let silver = Group::Attribute {
        name: "tier".into(),
        value: "silver".into(),
    };
    let c = cmp(&ds, gold, silver, CompareMetric::Conversion);
    assert_eq!(c.a.label, "tier = gold");
    assert_eq!(counts(&c), (2, 2, 0, 0));
    assert_eq!(c.b.rate, None);
    assert_eq!(c.verdict, Verdict::NotEnoughData);
}

#[test]
fn invalid_groups_are_rejected() {
    let ds = dataset();
    let ok = Group::Sessions(vec![0]);
    let bad = [
        Group::Sessions(vec![]),
        Group::Sessions(vec![7]),
        Group::Host(9),
        Group::Attribute {
            name: "age".into(),
            value: "x".into(),
        },
        Group::Attribute {
            name: "tier".into(),
            value: "platinum".into(),
        },
    ];
    for g in bad {
        let p = CompareParams {
            a: ok.clone(),
            b: g.clone(),
            metric: CompareMetric::Conversion,
        };
        assert!(
            matches!(compare(&Prepared::new(&ds), &p), Err(Error::Params(_))),
            "{g:?}"
        );
    }
    // Empty dataset: the default params name sessions that do not exist.
    assert!(compare(
        &Prepared::new(&Dataset::default()),
        &CompareParams::default()
    )
    .is_err());
}

#[test]
fn params_json_shape() {
    let p: CompareParams = match serde_json::from_str(r#"{"a":{"sessions":[0,2]},"b":{"host":1}}"#)
    {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(p.a, Group::Sessions(vec![0, 2]));
    assert_eq!(p.b, Group::Host(1));
    assert_eq!(p.metric, CompareMetric::Conversion);
    let json = serde_json::to_string(&CompareParams {
        a: Group::Attribute {
            name: "tier".into(),
            value: "gold".into(),
        },
        b: Group::Host(0),
        metric: CompareMetric::ClickThrough,
    })
    .unwrap_or_default();
    assert_eq!(
        json,
        r#"{"a":{"attribute":{"name":"tier","value":"gold"}},"b":{"host":0},"metric":"click_through"}"#
    );
}

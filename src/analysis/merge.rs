//! Merging sections computed later into a report computed earlier with the same options: the
//! page computes the light sections first and the heavy ones (segments, prediction,
//! recommendations) when a view that shows them is first opened (`www/app/lazy.js`).

use super::{AnalysisOptions, Section};
use crate::report::{Report, Segments};

/// The report fields each section of [`super::STAGES`] fills, in one table for moving them
/// ([`merge_sections`], [`lend_sections`]) and naming them ([`fields_of`]).
macro_rules! section_fields {
    ($($section:ident => [$($field:ident),+]),+ $(,)?) => {
        /// Moves `section`'s fields of `from` into `into`; false for an unknown key.
        fn section_fields(into: &mut Report, from: &mut Report, section: &str) -> bool {
            match Section::ALL.iter().find(|s| s.key() == section) {
                $(Some(Section::$section) => {
                    $(into.$field = std::mem::take(&mut from.$field);)+
                })+
                None => return false,
            }
            true
        }

        /// The report fields `section` fills, named as in the report's JSON.
        pub fn fields_of(section: Section) -> &'static [&'static str] {
            match section {
                $(Section::$section => &[$(stringify!($field)),+],)+
            }
        }
    };
}

section_fields! {
    Kpis => [kpis, hosts, hosts_by_category],
    Segments => [segments],
    Funnel => [funnel],
    Timeline => [sessions, timeline],
    Retention => [retention],
    Comparison => [comparison],
    Rules => [rules],
    Prediction => [prediction, probability_by_attribute],
    Recommendations => [recommendations, evaluation],
    Comments => [comments],
    Interactions => [interactions, traffic, time_slots],
    Review => [review],
}

/// A report holding only `sections` of `held` (each once: their fields, [`fields_of`], and
/// `held`'s `skipped` list; every other field empty), moved out of `held` without a copy:
/// what changed in the report held, sent to the page (which puts it into its copy) instead
/// of the whole report. [`give_back`] puts them back.
#[inline(never)] // one call each way: kept out of the engine's answer, for the wasm's size
pub fn lend_sections(held: &mut Report, sections: &[Section]) -> Report {
    let mut part = Report::empty();
    move_sections(&mut part, held, sections);
    part
}

/// Puts the sections lent by [`lend_sections`] back into `held`.
#[inline(never)]
pub fn give_back(held: &mut Report, mut part: Report, sections: &[Section]) {
    move_sections(held, &mut part, sections);
}

/// Moves `sections`' fields (each section once: a second move would take the first's place
/// with empty fields) and swaps the `skipped` lists.
fn move_sections(into: &mut Report, from: &mut Report, sections: &[Section]) {
    for (i, s) in sections.iter().enumerate() {
        if !sections[..i].contains(s) {
            section_fields(into, from, s.key());
        }
    }
    std::mem::swap(&mut into.skipped, &mut from.skipped);
}

/// What a request for `wanted` sections does with the segments when the recommendations' hosts
/// per segment or a funnel by segment need them and they are not asked for. With `held`, the
/// report they will be merged into (same data and options), holding segments computed with
/// these options: those are returned, to be reused ([`super::analyze_reusing`]) instead of
/// computed again. Otherwise the segments are added to `wanted`: they are computed anyway, so
/// they are reported too (the page's Audience view then needs only the prediction).
pub fn segments_to_reuse<'r>(
    held: Option<&'r Report>,
    opts: &AnalysisOptions,
    wanted: &mut Vec<Section>,
) -> Option<&'r Segments> {
    let has = |s: Section| wanted.contains(&s);
    let needed = (has(Section::Recommendations) && opts.recommend.segments.is_none())
        || (has(Section::Funnel) && opts.funnel_by_segment.is_some());
    if !needed || has(Section::Segments) {
        return None;
    }
    let reusable = held.and_then(|r| r.segments.as_ref()).filter(|seg| {
        let rfm = seg.rfm.as_ref().is_some_and(|r| r.params == opts.rfm);
        let clusters = seg
            .clusters
            .as_ref()
            .is_some_and(|c| c.params == opts.cluster);
        rfm && clusters
    });
    if reusable.is_none() {
        wanted.push(Section::Segments);
    }
    reusable
}

/// Whether a `skipped` entry belongs to `section` (`segments.rfm` belongs to `segments`).
fn belongs(entry: &str, section: &str) -> bool {
    entry == section
        || entry
            .strip_prefix(section)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Moves `sections` (keys of [`super::STAGES`]) of `from` into `into`: their fields, and their
/// `skipped` entries in place of those `into` had. Both reports must come from the same data
/// and options; every other field of `into` is kept. Returns the sections it did not know
/// (nothing of them is moved).
#[inline(never)] // called from two places in the engine; inlined twice it costs wasm bytes
pub fn merge_sections(into: &mut Report, mut from: Report, sections: &[&str]) -> Vec<String> {
    let mut unknown = Vec::new();
    for &section in sections {
        if !section_fields(into, &mut from, section) {
            unknown.push(section.to_owned());
            continue;
        }
        into.skipped.retain(|s| !belongs(&s.section, section));
        into.skipped.extend(
            from.skipped
                .iter()
                .filter(|s| belongs(&s.section, section))
                .cloned(),
        );
    }
    unknown
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::report::Skipped;

    fn skipped(section: &str) -> Skipped {
        Skipped {
            section: section.into(),
            code: "x".into(),
            message: String::new(),
        }
    }

    #[test]
    fn moves_only_the_named_sections_and_their_skipped_entries() {
        let mut into = Report {
            skipped: vec![skipped("segments"), skipped("funnel")],
            ..Report::default()
        };
        let from = Report {
            skipped: vec![skipped("segments.rfm"), skipped("rules")],
            generator: "other".into(),
            ..Report::default()
        };
        let unknown = merge_sections(&mut into, from, &["segments", "nope"]);
        assert_eq!(unknown, vec!["nope".to_owned()]);
        let sections: Vec<&str> = into.skipped.iter().map(|s| s.section.as_str()).collect();
        assert_eq!(sections, ["funnel", "segments.rfm"]);
        assert_eq!(into.generator, "");
    }

    /// The page's lazy path: the light sections first, then the heavy ones merged in, as the
    /// views are opened, give the report `analyze` gives at once (the `skipped` order aside).
    #[test]
    fn light_then_heavy_sections_merged_equal_the_whole_report() {
        use crate::analysis::{analyze, no_progress, AnalysisOptions, Section};
        let l = crate::testutil::small_demo(42);
        let run = |sections: &[&str]| {
            let opts = AnalysisOptions {
                sections: Some(Section::parse_list(&sections.join(",")).unwrap()),
                ..AnalysisOptions::default()
            };
            analyze(&l.dataset, &l.validation, &opts, &mut no_progress)
        };
        let light = [
            "kpis",
            "funnel",
            "timeline",
            "retention",
            "comparison",
            "rules",
            "comments",
            "interactions",
            "review",
        ];
        let mut lazy = run(&light);
        assert!(lazy.segments.is_none() && lazy.recommendations.is_none());
        for heavy in [&["segments", "prediction"][..], &["recommendations"][..]] {
            let unknown = merge_sections(&mut lazy, run(heavy), heavy);
            assert!(unknown.is_empty());
        }
        let mut full = analyze(
            &l.dataset,
            &l.validation,
            &AnalysisOptions::default(),
            &mut no_progress,
        );
        assert!(full.segments.is_some() && full.recommendations.is_some());
        let key = |s: &Skipped| (s.section.clone(), s.code.clone(), s.message.clone());
        lazy.skipped.sort_by_key(key);
        full.skipped.sort_by_key(key);
        assert_eq!(
            serde_json::to_value(&lazy).unwrap(),
            serde_json::to_value(&full).unwrap()
        );
    }

    /// The page's two orders of opening the heavy views: the recommendations merged into a
    /// report that has the segments reuse them, and give the figures of computing them again;
    /// asked for without segments held, the segments are reported with them.
    #[test]
    fn segments_held_are_reused_else_reported_with_the_recommendations() {
        use crate::analysis::{analyze_reusing, no_progress, AnalysisOptions, Section};
        let l = crate::testutil::small_demo(7);
        let with = |sections: &[Section], base: &AnalysisOptions| AnalysisOptions {
            sections: Some(sections.to_vec()),
            ..base.clone()
        };
        let defaults = AnalysisOptions::default();
        let run = |opts: &AnalysisOptions, known| {
            analyze_reusing(&l.dataset, &l.validation, opts, 1, &mut no_progress, known)
        };
        let json = |r: &Report| serde_json::to_value(r).unwrap();
        // Audience first: the held report has the segments; the recommendations reuse them.
        let held = run(
            &with(&[Section::Segments, Section::Prediction], &defaults),
            None,
        );
        let mut wanted = vec![Section::Recommendations];
        let known = segments_to_reuse(Some(&held), &defaults, &mut wanted);
        assert!(known.is_some());
        assert_eq!(wanted, [Section::Recommendations]);
        let reused = run(&with(&wanted, &defaults), known);
        let fresh = run(&with(&wanted, &defaults), None);
        assert!(reused.segments.is_none() && reused.recommendations.is_some());
        assert_eq!(json(&reused), json(&fresh));
        // The held segments are what the hosts per segment read: others give other hosts.
        let k2 = AnalysisOptions {
            cluster: crate::cluster::ClusterParams {
                k: Some(2),
                ..defaults.cluster.clone()
            },
            ..defaults.clone()
        };
        let other = run(&with(&[Section::Segments], &k2), None);
        let odd = run(&with(&wanted, &defaults), other.segments.as_ref());
        let groups = |r: &Report| -> Vec<String> {
            let rec = r.recommendations.as_ref().unwrap();
            let hosts = rec.hosts.iter().map(|h| h.segment.clone());
            hosts
                .chain(rec.hosts_too_small.iter().map(|h| h.segment.clone()))
                .collect()
        };
        assert!(
            groups(&fresh).iter().any(|g| g == "cluster 3"),
            "{:?}",
            groups(&fresh)
        );
        assert!(
            !groups(&odd).iter().any(|g| g == "cluster 3"),
            "{:?}",
            groups(&odd)
        );
        // Segments of other settings, or none held: computed, and reported too.
        for held in [None, Some(&held)] {
            let mut wanted = vec![Section::Kpis, Section::Recommendations];
            let opts = if held.is_some() { &k2 } else { &defaults };
            assert!(segments_to_reuse(held, opts, &mut wanted).is_none());
            assert_eq!(
                wanted,
                [Section::Kpis, Section::Recommendations, Section::Segments]
            );
        }
        // Not needed: the recommendations given their own segments, or no recommendations.
        let given = AnalysisOptions {
            recommend: crate::recommend::RecommendParams {
                segments: Some(Vec::new()),
                ..defaults.recommend.clone()
            },
            ..defaults.clone()
        };
        for (opts, asked) in [
            (&given, vec![Section::Recommendations]),
            (&defaults, vec![Section::Prediction]),
            (&defaults, vec![Section::Segments, Section::Recommendations]),
        ] {
            let mut wanted = asked.clone();
            assert!(segments_to_reuse(Some(&held), opts, &mut wanted).is_none());
            assert_eq!(wanted, asked);
        }
        // A funnel by segment needs them as well.
        let by_rfm = AnalysisOptions {
            funnel_by_segment: Some(crate::analysis::SegmentKind::Rfm),
            ..defaults.clone()
        };
        let mut wanted = vec![Section::Funnel];
        assert!(segments_to_reuse(Some(&held), &by_rfm, &mut wanted).is_some());
    }

    #[test]
    fn a_prefix_is_not_a_section() {
        assert!(belongs("segments.clusters", "segments"));
        assert!(!belongs("segmentsx", "segments"));
        assert!(!belongs("kpis", "segments"));
    }

    /// A section lent alone carries the whole report's values of its fields, the report held
    /// is whole again after, and every field of the report but its head belongs to one
    /// section: a field added to the report and left out of the table fails here.
    #[test]
    fn sections_lent_alone_hold_their_fields_as_the_whole_report_has_them() {
        let l = crate::testutil::small_demo(3);
        let mut r = crate::analysis::analyze(
            &l.dataset,
            &l.validation,
            &AnalysisOptions::default(),
            &mut crate::analysis::no_progress,
        );
        let whole = serde_json::to_value(&r).unwrap();
        let fields = whole.as_object().unwrap();
        let empty = serde_json::to_value(Report::default()).unwrap();
        let head = ["version", "generator", "dataset", "validation", "skipped"];
        let mut covered: Vec<&str> = head.to_vec();
        for s in Section::ALL {
            let lent = lend_sections(&mut r, &[s, s]);
            let part = serde_json::to_value(&lent).unwrap();
            give_back(&mut r, lent, &[s, s]);
            let back = serde_json::to_value(&r).unwrap();
            assert!(back == whole, "{s:?} not put back");
            for (k, v) in part.as_object().unwrap() {
                let own = fields_of(s).contains(&k.as_str()) || k == "skipped";
                let expected = if own { &fields[k] } else { &empty[k] };
                assert_eq!(v, expected, "{s:?}: {k}");
            }
            for &k in fields_of(s) {
                assert!(fields.contains_key(k), "{k}");
                assert!(!covered.contains(&k), "{k} in two sections");
                covered.push(k);
            }
        }
        let mut all: Vec<&str> = fields.keys().map(String::as_str).collect();
        all.sort_unstable();
        covered.sort_unstable();
        assert_eq!(covered, all);
    }
}

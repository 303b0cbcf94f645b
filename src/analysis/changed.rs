//! New settings on a report computed earlier: only the sections the changed settings touch are
//! computed again (the page's views change one setting at a time: a funnel window, a timeline
//! bucket, an RFM date). Every other section keeps its figures, which the new settings would
//! not change ([`affected`]); a test compares the result with a whole analysis under the new
//! settings for a change of every setting.

use super::merge::{merge_sections, segments_to_reuse};
use super::run::analyze_reusing;
use super::{AnalysisOptions, Section};
use crate::ingest::Loaded;
use crate::report::Report;

/// What each section reads of the same analysis run besides the dataset and its settings, as
/// `(reader, what it reads)`: the comments read the timeline; the review the timeline, the
/// comments and the interactions; a funnel by segment and the recommendations' hosts per
/// segment (unless segments are given) the segments. [`affected`] follows it from a changed
/// section to its readers, [`with_inputs`] from a section to what it reads.
fn reads(new: &AnalysisOptions) -> [(Section, &'static [Section]); 4] {
    use Section::*;
    let segments = |read: bool| -> &'static [Section] {
        if read {
            &[Segments]
        } else {
            &[]
        }
    };
    [
        (Comments, &[Timeline]),
        (Review, &[Timeline, Comments, Interactions]),
        (Funnel, segments(new.funnel_by_segment.is_some())),
        (Recommendations, segments(new.recommend.segments.is_none())),
    ]
}

/// The sections whose figures change when the settings named in `changed` (keys of
/// [`AnalysisOptions`]: `funnel`, `rfm`, …) change, `new` being the new settings (sorted):
/// those that read a changed setting, and those that read such a section ([`reads`]). A key
/// it does not know changes every section. (Keys, not a comparison of the settings: the page
/// knows which it changed, and comparing every setting would cost the wasm ~0.6 KB.)
pub fn affected(changed: &[&str], new: &AnalysisOptions) -> Vec<Section> {
    use Section::*;
    let mut out = Vec::new();
    for &key in changed {
        match key {
            // The review reads the funnel's steps, and the comments and the review the
            // timeline's settings, themselves too.
            "funnel" => out.extend([Funnel, Review]),
            "funnel_by_segment" => out.push(Funnel),
            "timeline_session" | "timeline_bucket_seconds" => {
                out.extend([Timeline, Comments, Review])
            }
            "review_session" => out.push(Review),
            "retention" => out.push(Retention),
            "compare" => out.push(Comparison),
            "rules" => out.push(Rules),
            "rfm" | "cluster" => out.push(Segments),
            "predict" => out.push(Prediction),
            "recommend" => out.push(Recommendations),
            "sections" => {}
            _ => out.extend(Section::ALL),
        }
    }
    // Their readers, and the readers' readers.
    let reads = reads(new);
    while let Some(&(reader, _)) = reads
        .iter()
        .find(|(r, inputs)| !out.contains(r) && inputs.iter().any(|s| out.contains(s)))
    {
        out.push(reader);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// `sections` with what they read of the same run ([`reads`]), so that each is computed as in
/// a whole analysis (sorted). Not the segments: [`segments_to_reuse`] reuses or adds them.
fn with_inputs(mut sections: Vec<Section>, new: &AnalysisOptions) -> Vec<Section> {
    let reads = reads(new);
    while let Some(&input) = (reads.iter())
        .filter(|(reader, _)| sections.contains(reader))
        .flat_map(|(_, inputs)| inputs.iter())
        .find(|s| **s != Section::Segments && !sections.contains(s))
    {
        sections.push(input);
    }
    sections.sort_unstable();
    sections.dedup();
    sections
}

/// Puts `held`, having `sections` (its computed sections), under the settings `new`, which
/// differ from `held`'s in the keys `changed`: of the sections [`affected`], those in `wanted`
/// are computed again (with the sections they read), and the others are dropped (null, `not_selected`: computed again when
/// asked for); sections in `wanted` that `held` lacks are computed too. The segments of
/// `held` are reused when the settings left them as they were. `sections` is updated. The
/// report equals, section for section, a new analysis of the sections it has. `new.sections`
/// is used while computing and left `None`. Returns the sections of `held` that changed
/// (computed or dropped).
pub fn reanalyze(
    loaded: &Loaded,
    held: &mut Report,
    sections: &mut Vec<Section>,
    changed: &[&str],
    new: &mut AnalysisOptions,
    wanted: &[Section],
    progress: &mut dyn FnMut(&str, usize, usize),
) -> Vec<Section> {
    let affected = affected(changed, new);
    let mut compute: Vec<Section> = (wanted.iter().copied())
        .filter(|s| affected.contains(s) || !sections.contains(s))
        .collect();
    compute = with_inputs(compute, new);
    // The held segments are read in place (borrowed until the new sections are computed); when
    // they cannot be, they are among the sections computed.
    let known = segments_to_reuse(Some(&*held), new, &mut compute);
    let dropped: Vec<Section> = (affected.iter().copied())
        .filter(|s| !compute.contains(s))
        .collect();
    new.sections = Some(compute.clone());
    // Progress names only the stages computed (and `done`).
    let mut on_stage = |stage: &str, i: usize, n: usize| {
        if stage == "done" || compute.iter().any(|s| s.key() == stage) {
            progress(stage, i, n);
        }
    };
    let (ds, validation) = (&loaded.dataset, &loaded.validation);
    let fresh = analyze_reusing(ds, validation, new, 1, &mut on_stage, known);
    new.sections = None;
    let keys: Vec<&str> = (compute.iter().chain(&dropped)).map(|s| s.key()).collect();
    merge_sections(held, fresh, &keys);
    sections.retain(|s| !dropped.contains(s));
    for &s in &compute {
        if !sections.contains(&s) {
            sections.push(s);
        }
    }
    compute.extend(dropped);
    compute
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, no_progress, SegmentKind};
    use crate::report::Skipped;

    /// A new setting of every kind on a whole report gives, section for section, the report
    /// of a whole analysis with the new settings: no section the change reads is kept.
    #[test]
    fn a_changed_setting_recomputes_what_it_changes_and_nothing_else_differs() {
        let l = crate::testutil::small_demo(11);
        let base = AnalysisOptions::default();
        let full = |o: &AnalysisOptions| analyze(&l.dataset, &l.validation, o, &mut no_progress);
        let json = |mut r: Report| {
            let key = |s: &Skipped| (s.section.clone(), s.code.clone(), s.message.clone());
            r.skipped.sort_by_key(key);
            serde_json::to_value(&r).unwrap()
        };
        let held_report = full(&base);
        // The whole report of `base` put under `new` (`keys` changed), `wanted` asked for.
        let on_held = |keys: &[&str], new: &AnalysisOptions, wanted: &[Section]| {
            let (mut held, mut have) = (held_report.clone(), Section::ALL.to_vec());
            let mut new = new.clone();
            reanalyze(
                &l,
                &mut held,
                &mut have,
                keys,
                &mut new,
                wanted,
                &mut no_progress,
            );
            (held, have)
        };
        let sessions: Vec<String> = held_report
            .sessions
            .iter()
            .map(|s| s.session_id.clone())
            .collect();
        type Change<'a> = Box<dyn Fn(&mut AnalysisOptions) + 'a>;
        let changes: Vec<(&str, Change)> = vec![
            (
                "funnel window",
                Box::new(|o| o.funnel.window_seconds = 1800),
            ),
            (
                "funnel by segment",
                Box::new(|o| o.funnel_by_segment = Some(SegmentKind::Rfm)),
            ),
            (
                "timeline session",
                Box::new(|o| o.timeline_session = Some(sessions[1].clone())),
            ),
            (
                "timeline bucket",
                Box::new(|o| o.timeline_bucket_seconds = 300),
            ),
            (
                "review session",
                Box::new(|o| o.review_session = Some(sessions[2].clone())),
            ),
            (
                "retention",
                Box::new(|o| o.retention.period = crate::retention::Period::Day),
            ),
            (
                "comparison",
                Box::new(|o| {
                    o.compare = Some(crate::analysis::CompareChoice {
                        a: crate::analysis::GroupChoice::Sessions(vec![sessions[0].clone()]),
                        b: crate::analysis::GroupChoice::Sessions(vec![sessions[3].clone()]),
                        metric: Default::default(),
                    })
                }),
            ),
            ("rules", Box::new(|o| o.rules.min_confidence = 0.6)),
            ("rfm", Box::new(|o| o.rfm.as_of = Some(20_360))),
            ("clusters", Box::new(|o| o.cluster.k = Some(3))),
            (
                "prediction",
                Box::new(|o| o.predict.threshold = crate::predict::ThresholdChoice::Fixed(0.5)),
            ),
            ("recommendations", Box::new(|o| o.recommend.k = 5)),
        ];
        for (what, change) in &changes {
            let mut new = base.clone();
            change(&mut new);
            let keys = changed_keys(&base, &new);
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            let affected = affected(&keys, &new);
            assert!(!affected.is_empty(), "{what}: nothing affected");
            // Every section wanted (the page without lazy sections, or with every view opened).
            let (held, mut have) = on_held(&keys, &new, &Section::ALL);
            let (got, want) = (json(held), json(full(&new)));
            assert!(got == want, "{what}: {:?} differ", differing(&got, &want));
            have.sort_unstable();
            assert_eq!(have, Section::ALL.to_vec(), "{what}");
            // The changed setting does change a section (else the check above says nothing).
            assert!(want != json(held_report.clone()), "{what} changes nothing");
        }
        // The page's lazy sections: the audience view open (light sections and the segments
        // wanted), the recommendations held from an earlier visit. A new RFM date recomputes the
        // segments; the recommendations, whose hosts per segment read them, are dropped until
        // their view asks again, and the prediction stays.
        let mut wanted: Vec<Section> = Section::ALL.to_vec();
        wanted.retain(|s| !matches!(s, Section::Prediction | Section::Recommendations));
        let mut new = base.clone();
        new.rfm.as_of = Some(20_360);
        let (held, have) = on_held(&["rfm"], &new, &wanted);
        assert!(held.recommendations.is_none() && held.evaluation.is_none());
        assert!(!have.contains(&Section::Recommendations) && have.contains(&Section::Prediction));
        assert!(held
            .skipped
            .iter()
            .any(|s| s.section == "recommendations" && s.code == "not_selected"));
        let fresh = full(&new);
        let part =
            |r: &Report| serde_json::to_value((&r.segments, &r.prediction, &r.funnel)).unwrap();
        assert_eq!(part(&held), part(&fresh));
        assert_eq!(
            held.segments
                .as_ref()
                .unwrap()
                .rfm
                .as_ref()
                .unwrap()
                .params
                .as_of,
            Some(20_360)
        );
    }

    /// The recommendations' view open when the RFM date changes: the recommendations are
    /// computed again, and the segments they read with them (reported, as a whole analysis
    /// under the new settings has them), not dropped.
    #[test]
    fn segments_changed_under_the_recommendations_are_computed_with_them() {
        let l = crate::testutil::small_demo(3);
        let base = AnalysisOptions::default();
        let mut held = analyze(&l.dataset, &l.validation, &base, &mut no_progress);
        let mut have = Section::ALL.to_vec();
        let mut wanted = Section::ALL.to_vec();
        wanted.retain(|s| !matches!(s, Section::Segments | Section::Prediction));
        let mut new = base.clone();
        new.rfm.as_of = Some(20_360);
        reanalyze(
            &l,
            &mut held,
            &mut have,
            &["rfm"],
            &mut new,
            &wanted,
            &mut no_progress,
        );
        let full = analyze(&l.dataset, &l.validation, &new, &mut no_progress);
        assert!(held.segments.is_some() && have.contains(&Section::Segments));
        let json = |r: &Report| serde_json::to_value((&r.segments, &r.recommendations)).unwrap();
        assert_eq!(json(&held), json(&full));
    }

    /// The settings that differ, by key (as the page tells them).
    fn changed_keys(old: &AnalysisOptions, new: &AnalysisOptions) -> Vec<String> {
        differing(
            &serde_json::to_value(old).unwrap(),
            &serde_json::to_value(new).unwrap(),
        )
    }

    #[test]
    fn settings_name_the_sections_they_change() {
        let d = AnalysisOptions::default();
        assert_eq!(affected(&["rules"], &d), [Section::Rules]);
        assert_eq!(
            affected(&["funnel"], &d),
            [Section::Funnel, Section::Review]
        );
        assert_eq!(
            affected(&["rfm"], &d),
            [Section::Segments, Section::Recommendations]
        );
        assert_eq!(affected(&[], &d), []);
        // A key it does not know: everything.
        assert_eq!(affected(&["new_setting"], &d), Section::ALL.to_vec());
        let mut by_segment = d.clone();
        by_segment.funnel_by_segment = Some(SegmentKind::Cluster);
        assert!(affected(&["cluster"], &by_segment).contains(&Section::Funnel));
    }

    /// The top-level keys of two JSON objects whose values differ.
    fn differing(a: &serde_json::Value, b: &serde_json::Value) -> Vec<String> {
        let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
            return vec!["(not objects)".into()];
        };
        let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        keys.into_iter()
            .filter(|k| a.get(*k) != b.get(*k))
            .cloned()
            .collect()
    }
}

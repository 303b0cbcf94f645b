//! Bundles: every association rule as a point (support × confidence) coloured by its lift.

use crate::charts::{ChartKind, ChartSpec, Point};
use crate::i18n::{ChartText as T, Lang};
use crate::report::RulesSection;

pub(super) fn rules_chart(rs: &RulesSection, lang: Lang) -> ChartSpec {
    let rules = &rs.result.rules;
    ChartSpec::new(
        "rules",
        T::RulesTitle.string(lang),
        ChartKind::Scatter {
            points: rules
                .iter()
                .map(|r| Point {
                    x: r.support,
                    y: r.confidence,
                    group: 0,
                })
                .collect(),
            groups: Vec::new(),
            color_by: Some(rules.iter().map(|r| r.lift).collect()),
            color_label: T::Lift.string(lang),
        },
    )
    .labels(
        T::SupportShareOfBaskets.string(lang),
        T::Confidence.string(lang),
    )
    .empty_text(T::NoRules.string(lang))
}

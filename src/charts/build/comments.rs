//! Comments: intents per minute of the timeline's session, objections by theme and the
//! phrases of the room (the page also lists them as a ranked bar list, as text).

use crate::charts::{ChartKind, ChartSpec, Series};
use crate::comments::{CommentsSection, Intent, ObjectionTheme};
use crate::i18n::labels::{intent_label, theme_label};
use crate::i18n::{ChartText as T, Lang};

/// Most phrases in the phrase chart.
const TOP_PHRASES: usize = 20;

pub(super) fn comment_charts(c: &CommentsSection, lang: Lang) -> Vec<ChartSpec> {
    let mut out = Vec::new();
    if let Some(ot) = &c.over_time {
        let step = ot.bucket_seconds / 60;
        let categories: Vec<String> = (0..ot.minutes.len() as i64)
            .map(|k| {
                let m = k * step;
                format!("{}:{:02}", m / 60, m % 60)
            })
            .collect();
        let title = match &ot.session_id {
            Some(id) => format!("{} · {id}", T::CommentIntentsTitle.text(lang)),
            None => T::CommentIntentsTitle.string(lang),
        };
        out.push(
            ChartSpec::new(
                "comment_intents",
                title,
                // Stacked bars: the height is the comments of the minute, the colours its intents.
                ChartKind::Bars {
                    categories,
                    series: Intent::ALL
                        .iter()
                        .map(|&i| {
                            Series::new(
                                intent_label(i, lang),
                                ot.minutes.iter().map(|m| Some(m.get(i) as f64)).collect(),
                            )
                        })
                        .collect(),
                    stacked: true,
                    percent: false,
                },
            )
            .labels(
                T::TimeSinceStart.string(lang),
                T::CommentsPerMinute.string(lang),
            ),
        );
    }
    let themes: Vec<String> = c
        .objections
        .iter()
        .map(|o| {
            ObjectionTheme::from_key(&o.theme)
                .map_or_else(|| o.theme.clone(), |t| theme_label(t, lang).to_owned())
        })
        .collect();
    out.push(
        ChartSpec::new(
            "comment_objections",
            T::ObjectionsByThemeTitle.string(lang),
            ChartKind::Bars {
                categories: themes,
                series: vec![Series::from_values(
                    T::ObjectionComments.string(lang),
                    &c.objections
                        .iter()
                        .map(|o| o.count as f64)
                        .collect::<Vec<_>>(),
                )],
                stacked: false,
                percent: false,
            },
        )
        .labels(T::Theme.string(lang), T::ObjectionComments.string(lang))
        .empty_text(T::NoObjections.string(lang)),
    );
    let top: Vec<_> = c.phrases.iter().take(TOP_PHRASES).collect();
    out.push(
        ChartSpec::new(
            "comment_phrases",
            T::PhrasesTitle.string(lang),
            ChartKind::Bars {
                categories: top.iter().map(|p| p.text.clone()).collect(),
                series: vec![Series::from_values(
                    T::Occurrences.string(lang),
                    &top.iter().map(|p| p.count as f64).collect::<Vec<_>>(),
                )],
                stacked: false,
                percent: false,
            },
        )
        .labels(T::Phrase.string(lang), T::Occurrences.string(lang))
        .empty_text(T::NoPhrases.string(lang)),
    );
    out
}

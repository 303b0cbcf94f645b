//! The room around the sales: interaction tools (their effect on concurrency with intervals,
//! participants' conversion against others, concurrency around the windows with the window
//! shaded), traffic sources (viewers and conversion, conversion intervals, GPM) and time slots
//! (weekday × hour heatmap, conversion per slot with intervals).

use crate::charts::{Band, ChartKind, ChartSpec, Series};
use crate::i18n::{fill, source_label, tool_label, ChartText as T, Lang};
use crate::interactions::Interactions;
use crate::timeslots::{slot_name, TimeSlots};
use crate::traffic::Traffic;

const NAN: f64 = f64::NAN;

pub(super) fn interaction_charts(it: &Interactions, lang: Lang) -> Vec<ChartSpec> {
    let tools: Vec<_> = it
        .tools
        .iter()
        .filter(|t| t.concurrency_effect.is_some())
        .collect();
    let effect = ChartSpec::new(
        "interaction_effects",
        T::InteractionEffectTitle.string(lang),
        ChartKind::Intervals {
            labels: tools.iter().map(|t| tool_label(&t.tool, lang)).collect(),
            estimate: tools
                .iter()
                .map(|t| t.concurrency_effect.unwrap_or(NAN))
                .collect(),
            low: tools
                .iter()
                .map(|t| t.concurrency_low.unwrap_or(NAN))
                .collect(),
            high: tools
                .iter()
                .map(|t| t.concurrency_high.unwrap_or(NAN))
                .collect(),
            percent: false,
        },
    )
    .labels(T::Tool.string(lang), T::ConcurrencyEffect.string(lang))
    .note(T::InteractionEffectNote.string(lang));
    let mut labels = Vec::new();
    let (mut est, mut low, mut high) = (Vec::new(), Vec::new(), Vec::new());
    for t in &it.tools {
        let c = &t.conversion;
        let name = tool_label(&t.tool, lang);
        for (who, r, l, h) in [
            (
                T::Participants,
                c.participant_rate,
                c.participant_low,
                c.participant_high,
            ),
            (T::OthersPresent, c.other_rate, c.other_low, c.other_high),
        ] {
            labels.push(format!("{name} · {}", who.text(lang)));
            est.push(r.unwrap_or(NAN));
            low.push(l.unwrap_or(NAN));
            high.push(h.unwrap_or(NAN));
        }
    }
    let conversion = ChartSpec::new(
        "interaction_conversion",
        T::ParticipantConversionTitle.string(lang),
        ChartKind::Intervals {
            labels,
            estimate: est,
            low,
            high,
            percent: true,
        },
    )
    .labels(T::Group.string(lang), T::RateWithInterval.string(lang))
    .note(T::MatchingNote.string(lang));
    let mut out = vec![effect, conversion];
    for t in &it.tools {
        if t.tool == "qa" || t.profile_tool.iter().all(Option::is_none) {
            continue;
        }
        let name = tool_label(&t.tool, lang);
        out.push(
            ChartSpec::new(
                format!("interaction_profile_{}", t.tool),
                fill(T::InteractionProfileTitle.text(lang), &[("tool", &name)]),
                ChartKind::Lines {
                    x: t.profile_minutes.iter().map(|&m| f64::from(m)).collect(),
                    x_is_time_minutes: false,
                    series: vec![
                        Series::new(T::WithTool.string(lang), t.profile_tool.clone()),
                        Series::new(T::SameMinuteOthers.string(lang), t.profile_others.clone()),
                    ],
                    bands: vec![Band {
                        x0: 0.0,
                        x1: t.mean_window_minutes.max(1.0),
                        label: T::ToolWindowBand.string(lang),
                    }],
                    markers: Vec::new(),
                    percent: false,
                },
            )
            .labels(
                T::MinutesFromWindowStart.string(lang),
                T::ConcurrentViewers.string(lang),
            ),
        );
    }
    out
}

pub(super) fn traffic_charts(tr: &Traffic, lang: Lang) -> Vec<ChartSpec> {
    let names: Vec<String> = tr
        .sources
        .iter()
        .map(|s| source_label(&s.source, lang))
        .collect();
    let col = |f: &dyn Fn(&crate::traffic::SourceRow) -> Option<f64>| {
        tr.sources.iter().map(f).collect::<Vec<_>>()
    };
    let viewers = ChartSpec::new(
        "traffic_sources",
        T::TrafficTitle.string(lang),
        ChartKind::BarsLine {
            categories: names.clone(),
            bars: Series::new(T::Viewers.string(lang), col(&|s| Some(s.viewers as f64))),
            line: Series::new(
                T::ConversionPercent.string(lang),
                col(&|s| s.conversion_rate.map(|r| r * 100.0)),
            ),
        },
    )
    .labels(T::Source.string(lang), T::Viewers.string(lang))
    .y2_label(T::ConversionPercent.string(lang))
    .note(T::TrafficNote.string(lang));
    let conversion = ChartSpec::new(
        "traffic_conversion",
        T::TrafficConversionTitle.string(lang),
        ChartKind::Intervals {
            labels: names.clone(),
            estimate: col(&|s| s.conversion_rate)
                .into_iter()
                .map(|v| v.unwrap_or(NAN))
                .collect(),
            low: col(&|s| s.conversion_low)
                .into_iter()
                .map(|v| v.unwrap_or(NAN))
                .collect(),
            high: col(&|s| s.conversion_high)
                .into_iter()
                .map(|v| v.unwrap_or(NAN))
                .collect(),
            percent: true,
        },
    )
    .labels(T::Source.string(lang), T::RateWithInterval.string(lang));
    let gpm = ChartSpec::new(
        "traffic_gpm",
        T::TrafficValueTitle.string(lang),
        ChartKind::Bars {
            categories: names,
            series: vec![Series::new(T::Gpm.string(lang), col(&|s| s.gpm))],
            stacked: false,
            percent: false,
        },
    )
    .labels(T::Source.string(lang), T::Gpm.string(lang));
    vec![viewers, conversion, gpm]
}

pub(super) fn time_slot_charts(ts: &TimeSlots, lang: Lang) -> Vec<ChartSpec> {
    let zh = lang == Lang::Zh;
    let mut days: Vec<u8> = ts.slots.iter().map(|s| s.weekday).collect();
    days.dedup();
    // The hours present, ascending, each once (a presence table, not a sort: one sort
    // instantiation less in the wasm).
    let mut present = [false; 256];
    for s in &ts.slots {
        present[usize::from(s.hour)] = true;
    }
    let hours: Vec<u8> = (0..=u8::MAX).filter(|&h| present[usize::from(h)]).collect();
    let mut values = Vec::with_capacity(days.len() * hours.len());
    for &d in &days {
        for &h in &hours {
            values.push(
                ts.slots
                    .iter()
                    .find(|s| s.weekday == d && s.hour == h)
                    .and_then(|s| s.conversion),
            );
        }
    }
    let day_name = |d: u8| {
        slot_name(d, 0, zh)
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    let rule = if zh {
        ts.best_rule_zh.clone()
    } else {
        ts.best_rule_en.clone()
    };
    let heat = ChartSpec::new(
        "time_slots",
        T::TimeSlotTitle.string(lang),
        ChartKind::Heatmap {
            rows: days.iter().map(|&d| day_name(d)).collect(),
            cols: hours.iter().map(|h| format!("{h:02}:00")).collect(),
            values,
            value_label: T::ConversionPercent.string(lang),
            percent: true,
        },
    )
    .labels(T::HourOfDay.string(lang), T::Weekday.string(lang))
    .note(rule);
    let intervals = ChartSpec::new(
        "time_slot_conversion",
        T::TimeSlotIntervalsTitle.string(lang),
        ChartKind::Intervals {
            labels: ts
                .slots
                .iter()
                .map(|s| {
                    format!(
                        "{} (n={})",
                        slot_name(s.weekday, s.hour, zh),
                        s.sessions.len()
                    )
                })
                .collect(),
            estimate: ts
                .slots
                .iter()
                .map(|s| s.conversion.unwrap_or(NAN))
                .collect(),
            low: ts
                .slots
                .iter()
                .map(|s| s.conversion_low.unwrap_or(NAN))
                .collect(),
            high: ts
                .slots
                .iter()
                .map(|s| s.conversion_high.unwrap_or(NAN))
                .collect(),
            percent: true,
        },
    )
    .labels(T::Slot.string(lang), T::RateWithInterval.string(lang))
    .note(T::SlotUnitNote.string(lang));
    vec![heat, intervals]
}

//! The per-minute timeline of one session: concurrency, enters, comments and scaled GMV, with
//! product pitches shaded and GMV spikes marked.

use crate::charts::{Band, ChartKind, ChartSpec, Marker, Series};
use crate::i18n::{ChartText as T, Lang};
use crate::timeline::{Timeline, TimelineMinute};

pub(super) fn timeline_chart(tl: &Timeline, lang: Lang) -> ChartSpec {
    let x: Vec<f64> = tl.minutes.iter().map(|m| m.minute as f64).collect();
    let column = |f: &dyn Fn(&TimelineMinute) -> f64| {
        tl.minutes.iter().map(|m| Some(f(m))).collect::<Vec<_>>()
    };
    let gmv_scale = {
        // GMV shares the viewers' axis: scaled to the peak of concurrency.
        let peak_c = tl.minutes.iter().map(|m| m.concurrent).max().unwrap_or(0) as f64;
        let peak_g = tl.minutes.iter().map(|m| m.gmv).fold(0.0, f64::max);
        if peak_g > 0.0 && peak_c > 0.0 {
            peak_c / peak_g
        } else {
            1.0
        }
    };
    let title = format!(
        "{} · {}{}",
        T::TimelineTitle.text(lang),
        tl.session_id,
        tl.host
            .as_deref()
            .map(|h| format!(" · {h}"))
            .unwrap_or_default()
    );
    let mut spec = ChartSpec::new(
        "timeline",
        title,
        ChartKind::Lines {
            x,
            x_is_time_minutes: true,
            series: vec![
                Series::new(
                    T::ConcurrentViewers.string(lang),
                    column(&|m| m.concurrent as f64),
                ),
                Series::new(T::Enters.string(lang), column(&|m| m.enters as f64)),
                Series::new(T::Comments.string(lang), column(&|m| m.comments as f64)),
                Series::new(T::GmvScaled.string(lang), column(&|m| m.gmv * gmv_scale)),
            ],
            bands: tl
                .pitches
                .iter()
                .map(|p| Band {
                    x0: p.start_minute as f64,
                    x1: p.end_minute as f64 + 1.0,
                    label: p.title.clone(),
                })
                .collect(),
            markers: tl
                .minutes
                .iter()
                .filter(|m| m.spike)
                .map(|m| Marker {
                    x: m.minute as f64,
                    y: m.gmv * gmv_scale,
                    label: format!("¥{:.0}", m.gmv),
                })
                .collect(),
            percent: false,
        },
    )
    .labels(
        T::TimeSinceStart.string(lang),
        T::PeoplePerMinute.string(lang),
    );
    spec.note = Some(T::TimelineNote.string(lang));
    spec
}

//! The live screen's charts (`crate::live::LiveScreen`), redrawn at every look: viewers with
//! entering and leaving per minute; GMV and orders per minute; product clicks and questions per
//! minute. Each main line is drawn with the baseline's interquartile range of the same minute
//! (two thin lines, Q1 and Q3) when earlier sessions are loaded; pitch windows are shaded and the
//! interaction tools (lucky bags, polls, coupons) marked where they start. Texts come from
//! [`crate::i18n::live`].

use crate::charts::{Band, ChartKind, ChartSpec, Marker, Series};
use crate::i18n::live::live_text;
use crate::i18n::{fill, Lang};
use crate::live::{BaselineMinute, LiveMinute, LiveScreen, MarkerKind};

/// Ids of the live charts, in screen order.
pub const LIVE_CHARTS: [&str; 3] = ["live_viewers", "live_sales", "live_engagement"];

/// The three live charts of a screen.
pub fn live_charts(s: &LiveScreen, lang: Lang) -> Vec<ChartSpec> {
    vec![viewers(s, lang), sales(s, lang), engagement(s, lang)]
}

fn t(key: &str, lang: Lang) -> String {
    live_text(key, lang).to_owned()
}

fn column(s: &LiveScreen, f: impl Fn(&LiveMinute) -> Option<f64>) -> Vec<Option<f64>> {
    s.minutes.iter().map(f).collect()
}

/// The Q1 and Q3 series of a baseline field at the screen's minutes (`None` where no earlier
/// session lasted that long). Empty when there is no baseline.
fn band_series(
    s: &LiveScreen,
    name: &str,
    f: impl Fn(&BaselineMinute) -> crate::live::Band,
    lang: Lang,
) -> Vec<Series> {
    let Some(b) = &s.baseline else {
        return Vec::new();
    };
    let at = |m: u32| {
        b.minutes
            .get(m as usize)
            .filter(|x| x.minute == m)
            .or_else(|| b.minutes.iter().find(|x| x.minute == m))
            .filter(|x| x.sessions > 0)
    };
    let q = |which: fn(&crate::live::Band) -> f64| -> Vec<Option<f64>> {
        s.minutes
            .iter()
            .map(|m| at(m.minute).map(|x| which(&f(x))))
            .collect()
    };
    vec![
        Series::new(
            fill(live_text("series_band_low", lang), &[("series", &name)]),
            q(|b| b.q1),
        ),
        Series::new(
            fill(live_text("series_band_high", lang), &[("series", &name)]),
            q(|b| b.q3),
        ),
    ]
}

/// Pitch windows as shaded bands.
fn pitch_bands(s: &LiveScreen) -> Vec<Band> {
    s.markers
        .iter()
        .filter(|m| m.kind == MarkerKind::Pitch)
        .map(|m| Band {
            x0: f64::from(m.start_minute),
            x1: f64::from(m.end_minute) + 1.0,
            label: if m.label.is_empty() {
                m.item_id.clone()
            } else {
                m.label.clone()
            },
        })
        .collect()
}

/// Lucky bags, polls and coupons as labelled points at their first minute, at height `y(m)`.
fn tool_markers(s: &LiveScreen, lang: Lang, y: impl Fn(u32) -> f64) -> Vec<Marker> {
    s.markers
        .iter()
        .filter_map(|m| {
            let key = match m.kind {
                MarkerKind::Pitch => return None,
                MarkerKind::LuckyBag => "marker_lucky_bag",
                MarkerKind::Poll => "marker_poll",
                MarkerKind::Coupon => "marker_coupon",
            };
            Some(Marker {
                x: f64::from(m.start_minute),
                y: y(m.start_minute),
                label: t(key, lang),
            })
        })
        .collect()
}

fn minutes_x(s: &LiveScreen) -> Vec<f64> {
    s.minutes.iter().map(|m| f64::from(m.minute)).collect()
}

fn value_at(s: &LiveScreen, minute: u32, f: impl Fn(&LiveMinute) -> f64) -> f64 {
    s.minutes.iter().find(|m| m.minute == minute).map_or(0.0, f)
}

fn lines(s: &LiveScreen, series: Vec<Series>, markers: Vec<Marker>) -> ChartKind {
    ChartKind::Lines {
        x: minutes_x(s),
        x_is_time_minutes: true,
        series,
        bands: pitch_bands(s),
        markers,
        percent: false,
    }
}

fn finish(spec: ChartSpec, s: &LiveScreen, y: &str, lang: Lang) -> ChartSpec {
    let spec = spec
        .labels(t("minute_axis", lang), t(y, lang))
        .empty_text(t("chart_empty", lang));
    if s.baseline.is_some() || s.markers.iter().any(|m| m.kind == MarkerKind::Pitch) {
        spec.note(t("chart_note", lang))
    } else {
        spec
    }
}

fn viewers(s: &LiveScreen, lang: Lang) -> ChartSpec {
    let name = t("series_viewers", lang);
    let mut series = vec![
        Series::new(name.clone(), column(s, |m| m.concurrent.map(f64::from))),
        Series::new(
            t("series_enters", lang),
            column(s, |m| Some(f64::from(m.enters))),
        ),
        Series::new(
            t("series_leaves", lang),
            column(s, |m| Some(f64::from(m.leaves))),
        ),
    ];
    series.extend(band_series(s, &name, |b| b.concurrent, lang));
    let markers = tool_markers(s, lang, |m| {
        value_at(s, m, |x| x.concurrent.map_or(0.0, f64::from))
    });
    let title = t("chart_viewers", lang);
    finish(
        ChartSpec::new("live_viewers", title, lines(s, series, markers)),
        s,
        "people_axis",
        lang,
    )
}

fn sales(s: &LiveScreen, lang: Lang) -> ChartSpec {
    let name = t("series_gmv", lang);
    // Orders share the GMV axis: scaled to the peak GMV per minute.
    let peak_gmv = s.minutes.iter().map(|m| m.gmv).fold(0.0, f64::max);
    let peak_orders = s.minutes.iter().map(|m| m.orders).max().unwrap_or(0);
    let scale = if peak_gmv > 0.0 && peak_orders > 0 {
        peak_gmv / f64::from(peak_orders)
    } else {
        1.0
    };
    let mut series = vec![
        Series::new(name.clone(), column(s, |m| Some(m.gmv))),
        Series::new(
            t("series_orders", lang),
            column(s, |m| Some(f64::from(m.orders) * scale)),
        ),
    ];
    series.extend(band_series(s, &name, |b| b.gmv, lang));
    let markers = tool_markers(s, lang, |m| value_at(s, m, |x| x.gmv));
    let title = t("chart_sales", lang);
    finish(
        ChartSpec::new("live_sales", title, lines(s, series, markers)),
        s,
        "gmv_axis",
        lang,
    )
}

fn engagement(s: &LiveScreen, lang: Lang) -> ChartSpec {
    let name = t("series_clicks", lang);
    let mut series = vec![
        Series::new(name.clone(), column(s, |m| Some(f64::from(m.clicks)))),
        Series::new(
            t("series_questions", lang),
            column(s, |m| Some(f64::from(m.intents.question))),
        ),
    ];
    series.extend(band_series(s, &name, |b| b.clicks, lang));
    let markers = tool_markers(s, lang, |m| value_at(s, m, |x| f64::from(x.clicks)));
    let title = t("chart_engagement", lang);
    finish(
        ChartSpec::new("live_engagement", title, lines(s, series, markers)),
        s,
        "per_minute_axis",
        lang,
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::ingest::{load, FileKind, IngestOptions, InputFile};
    use crate::live::{LiveParams, LiveState};

    /// An earlier session `s0` and the live `s1`: viewers enter, a lucky bag, payments.
    fn screen() -> LiveScreen {
        let mut ev = String::from("user_id,session_id,event,timestamp,amount,order_id\n");
        for (s, day) in [("s0", 1), ("s1", 8)] {
            for u in 0..30 {
                let t = |sec: u32| format!("2026-10-{day:02} 20:{:02}:{:02}", sec / 60, sec % 60);
                ev.push_str(&format!("u{u},{s},enter,{},,\n", t(u * 7)));
                if u % 3 == 0 {
                    ev.push_str(&format!("u{u},{s},lottery_join,{},,\n", t(300 + u)));
                    ev.push_str(&format!("u{u},{s},pay,{},99,o{s}{u}\n", t(400 + u)));
                }
                ev.push_str(&format!("u{u},{s},leave,{},,\n", t(600 + u * 5)));
            }
        }
        let l = load(
            &[InputFile {
                name: "e.csv".into(),
                bytes: ev.into_bytes(),
                kind: Some(FileKind::Events),
                ..InputFile::default()
            }],
            &IngestOptions::default(),
        );
        let params = LiveParams {
            session: Some("s1".into()),
            ..LiveParams::default()
        };
        let mut st = LiveState::new(params).unwrap();
        st.update(&l.dataset, 0..l.dataset.events.len());
        st.finish(&l.dataset);
        st.screen(&l.dataset)
    }

    #[test]
    fn three_charts_with_the_baseline_band_and_the_tools_marked() {
        let s = screen();
        assert!(s.baseline.is_some(), "s0 is the baseline of s1");
        let charts = live_charts(&s, Lang::En);
        let ids: Vec<&str> = charts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, LIVE_CHARTS);
        let ChartKind::Lines {
            x, series, markers, ..
        } = &charts[0].kind
        else {
            panic!("lines expected");
        };
        assert_eq!(x.len(), s.minutes.len());
        let names: Vec<&str> = series.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Concurrent viewers",
                "Entering",
                "Leaving",
                "Concurrent viewers: baseline Q1",
                "Concurrent viewers: baseline Q3"
            ]
        );
        assert!(series.iter().all(|v| v.values.len() == x.len()));
        // The baseline session had the same shape: its band holds the live line at minute 2.
        let q1 = series[3].values[2].unwrap();
        let q3 = series[4].values[2].unwrap();
        let now = series[0].values[2].unwrap();
        assert!(q1 <= now && now <= q3, "{q1} ≤ {now} ≤ {q3}");
        assert_eq!(markers.len(), 1);
        assert_eq!(markers[0].label, "Lucky bag");
        assert_eq!(markers[0].x, 5.0);
        // GMV per minute sums to the session's GMV; orders are scaled onto the GMV axis.
        let ChartKind::Lines { series, .. } = &charts[1].kind else {
            panic!("lines expected");
        };
        let gmv: f64 = series[0].values.iter().flatten().sum();
        assert!((gmv - 990.0).abs() < 1e-9, "{gmv}");
        assert!(charts.iter().all(|c| !c.is_empty()));
        assert!(charts[0].note.is_some());
    }

    #[test]
    fn an_empty_screen_says_it_waits_in_both_languages() {
        let s = LiveScreen::default();
        for (lang, empty, title) in [
            (Lang::En, "Waiting for rows", "GMV and orders per minute"),
            (Lang::Zh, "等待数据", "每分钟成交额与订单"),
        ] {
            let charts = live_charts(&s, lang);
            assert!(charts.iter().all(|c| c.is_empty() && c.empty_text == empty));
            assert_eq!(charts[1].title, title);
            assert!(charts.iter().all(|c| c.note.is_none()));
        }
    }
}

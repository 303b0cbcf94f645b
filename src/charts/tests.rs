#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::format::Fmt;
use super::frame::{frame, Rect};
use super::scale::Scale;
use super::theme::Theme;
use super::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::Path;

const W: u32 = 640;
const H: u32 = 400;

fn style() -> ChartStyle {
    ChartStyle::default()
}

fn bars(values: &[f64]) -> ChartSpec {
    let cats = (0..values.len()).map(|i| format!("C{i}")).collect();
    ChartSpec::new(
        "bars",
        "Bars",
        ChartKind::Bars {
            categories: cats,
            series: vec![Series::from_values("GMV", values)],
            stacked: false,
            percent: false,
        },
    )
    .labels("Session", "GMV (CNY)")
}

/// One spec of every kind, with realistic content (also saved as PNGs for eyeballing).
fn samples() -> Vec<ChartSpec> {
    let sessions: Vec<String> = (1..=12).map(|i| format!("2024-05-{i:02}")).collect();
    let minutes: Vec<f64> = (0..=150).map(f64::from).collect();
    let viewers: Vec<Option<f64>> = minutes
        .iter()
        .map(|m| Some(800.0 + 600.0 * (m / 20.0).sin() + 9.0 * m))
        .collect();
    let orders: Vec<Option<f64>> = minutes
        .iter()
        .map(|m| Some(40.0 + 30.0 * (m / 9.0).cos().max(0.0) * 10.0))
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let points: Vec<Point> = (0..600)
        .map(|i| {
            let g = (i % 4) as u32;
            let (cx, cy) = [(-2.0, 1.0), (2.0, 2.0), (0.5, -2.0), (3.0, -1.0)][g as usize];
            Point {
                x: cx + rng.gen_range(-1.0..1.0f64) * 0.9,
                y: cy + rng.gen_range(-1.0..1.0f64) * 0.9,
                group: g,
            }
        })
        .collect();
    let hours: Vec<String> = (0..24).map(|h| format!("{h:02}")).collect();
    let days: Vec<String> = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let heat: Vec<Option<f64>> = (0..7 * 24)
        .map(|i| {
            let (d, h) = (i / 24, i % 24);
            (h != 4 || d != 2).then(|| {
                let evening = (-((h as f64 - 20.0).powi(2)) / 8.0).exp();
                (evening * 9000.0 + 300.0 * (d as f64 + 1.0)).round()
            })
        })
        .collect();
    vec![
        ChartSpec::new(
            "gmv_by_category",
            "GMV by product type and session",
            ChartKind::Bars {
                categories: sessions[..6].to_vec(),
                series: vec![
                    Series::from_values(
                        "Courses",
                        &[12000.0, 18500.0, 9000.0, 23000.0, 15000.0, 31000.0],
                    ),
                    Series::from_values(
                        "E-books",
                        &[4000.0, 5200.0, 3900.0, 6100.0, 4500.0, 7000.0],
                    ),
                    Series::new(
                        "Coaching",
                        vec![
                            Some(8000.0),
                            None,
                            Some(12000.0),
                            Some(9000.0),
                            Some(16000.0),
                            Some(21000.0),
                        ],
                    ),
                ],
                stacked: false,
                percent: false,
            },
        )
        .labels("Session", "GMV (CNY)")
        .note("Paid orders only, refunds excluded"),
        ChartSpec::new(
            "gmv_stacked",
            "GMV mix per session (stacked)",
            ChartKind::Bars {
                categories: sessions.clone(),
                series: vec![
                    Series::from_values(
                        "Courses",
                        &[12., 18., 9., 23., 15., 31., 22., 25., 19., 28., 33., 30.],
                    ),
                    Series::from_values(
                        "E-books",
                        &[4., 5., 3., 6., 4., 7., 5., 6., 5., 8., 7., 9.],
                    ),
                    Series::from_values(
                        "Coaching",
                        &[8., 2., 12., 9., 16., 21., 11., 9., 14., 10., 18., 20.],
                    ),
                ],
                stacked: true,
                percent: false,
            },
        )
        .labels("Session date", "GMV (thousand CNY)"),
        ChartSpec::new(
            "gmv_viewers",
            "GMV and peak viewers per session",
            ChartKind::BarsLine {
                categories: sessions.clone(),
                bars: Series::from_values(
                    "GMV",
                    &[
                        52e3, 61e3, 38e3, 75e3, 66e3, 91e3, 58e3, 70e3, 64e3, 88e3, 97e3, 101e3,
                    ],
                ),
                line: Series::from_values(
                    "Peak viewers",
                    &[
                        1200., 1500., 900., 2100., 1800., 2600., 1400., 1900., 1700., 2300., 2500.,
                        2800.,
                    ],
                ),
            },
        )
        .labels("Session", "GMV (CNY)")
        .y2_label("Peak viewers"),
        ChartSpec::new(
            "timeline",
            "Session timeline · 2024-05-12",
            ChartKind::Lines {
                x: minutes,
                x_is_time_minutes: true,
                series: vec![
                    Series::new("Viewers", viewers),
                    Series::new("Orders ×10", orders),
                ],
                bands: vec![
                    Band {
                        x0: 15.0,
                        x1: 32.0,
                        label: "Pitch: Python course".into(),
                    },
                    Band {
                        x0: 70.0,
                        x1: 95.0,
                        label: "Pitch: e-book bundle".into(),
                    },
                ],
                markers: vec![Marker {
                    x: 88.0,
                    y: 2300.0,
                    label: "Spike +140%".into(),
                }],
                percent: false,
            },
        )
        .labels("Time since start (h:mm)", "Concurrent viewers"),
        ChartSpec::new(
            "clusters",
            "Customer clusters (PCA)",
            ChartKind::Scatter {
                points: points.clone(),
                groups: vec![
                    "Bargain hunters".into(),
                    "Loyal learners".into(),
                    "One-off".into(),
                    "Whales".into(),
                ],
                color_by: None,
                color_label: String::new(),
            },
        )
        .labels("PC 1", "PC 2")
        .note("sampled 600 of 53,210 users"),
        ChartSpec::new(
            "rules",
            "Association rules: support × confidence",
            ChartKind::Scatter {
                points: points
                    .iter()
                    .map(|p| Point {
                        x: (p.x + 4.0) / 80.0,
                        y: (p.y + 4.0) / 8.0,
                        group: 0,
                    })
                    .collect(),
                groups: vec![],
                color_by: Some(points.iter().map(|p| 1.0 + (p.x + p.y).abs()).collect()),
                color_label: "Lift".into(),
            },
        )
        .labels("Support", "Confidence"),
        ChartSpec::new(
            "hour_heat",
            "Orders by weekday and hour",
            ChartKind::Heatmap {
                rows: days,
                cols: hours,
                values: heat,
                value_label: "Orders".into(),
                percent: false,
            },
        )
        .labels("Hour of day", ""),
        ChartSpec::new(
            "rfm",
            "RFM grid: share of customers",
            ChartKind::Heatmap {
                rows: (1..=5).rev().map(|r| format!("R{r}")).collect(),
                cols: (1..=5).map(|f| format!("F{f}")).collect(),
                values: (0..25)
                    .map(|i| Some(((i * 7) % 25) as f64 / 100.0))
                    .collect(),
                value_label: "Customers".into(),
                percent: true,
            },
        )
        .labels("Frequency score", "Recency score"),
        ChartSpec::new(
            "funnel",
            "Purchase funnel",
            ChartKind::Funnel {
                steps: vec![
                    "Viewed".into(),
                    "Clicked product".into(),
                    "Added to cart".into(),
                    "Ordered".into(),
                    "Paid".into(),
                ],
                counts: vec![53210.0, 12840.0, 4120.0, 2210.0, 1875.0],
                conversion: vec![None, Some(0.2413), Some(0.3209), Some(0.5364), Some(0.8484)],
            },
        )
        .labels("", "Users"),
        ChartSpec::new(
            "ab",
            "A/B test: conversion with 95% intervals",
            ChartKind::Intervals {
                labels: vec!["Control".into(), "Coupon 10%".into(), "Bundle".into()],
                estimate: vec![0.031, 0.042, 0.036],
                low: vec![0.027, 0.037, 0.031],
                high: vec![0.035, 0.047, 0.041],
                percent: true,
            },
        )
        .labels("Variant", "Paid conversion"),
        ChartSpec::new(
            "hist_cn",
            "直播间观看时长分布（分钟）",
            ChartKind::Bars {
                categories: (0..40)
                    .map(|i| format!("{}–{}", i * 3, i * 3 + 3))
                    .collect(),
                series: vec![Series::from_values(
                    "用户数",
                    &(0..40)
                        .map(|i| (3000.0 * (-(i as f64) / 6.0).exp()).round() + 5.0)
                        .collect::<Vec<_>>(),
                )],
                stacked: false,
                percent: false,
            },
        )
        .labels("观看时长（分钟）", "用户数"),
    ]
}

fn rgb(spec: &ChartSpec, st: &ChartStyle) -> Vec<u8> {
    match render_rgb(spec, W, H, st) {
        Ok(b) => b,
        Err(e) => panic!("render {}: {e}", spec.id),
    }
}

fn px(buf: &[u8], x: u32, y: u32) -> (u8, u8, u8) {
    let i = (y * W + x) as usize * 3;
    (buf[i], buf[i + 1], buf[i + 2])
}

fn bg(st: &ChartStyle) -> (u8, u8, u8) {
    let c = Theme::new(st.dark).bg;
    (c.0, c.1, c.2)
}

/// Count of non-background pixels in a rectangle.
fn ink(buf: &[u8], st: &ChartStyle, x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
    let b = bg(st);
    (y0..y1.min(H))
        .flat_map(|y| (x0..x1.min(W)).map(move |x| (x, y)))
        .filter(|&(x, y)| px(buf, x, y) != b)
        .count()
}

#[test]
fn samples_render_with_content_in_plot_area_light_and_dark() {
    for dark in [false, true] {
        let st = ChartStyle { dark, ..style() };
        for spec in samples() {
            let buf = rgb(&spec, &st);
            let f = frame(&spec, W as f64, H as f64, &st);
            let p = f.plot;
            let n = ink(
                &buf,
                &st,
                p.x0 as u32 + 2,
                p.y0 as u32 + 2,
                p.x1 as u32 - 2,
                p.y1 as u32 - 2,
            );
            let area = (p.w() * p.h()) as usize;
            assert!(
                n > area / 100,
                "{}: only {n} of {area} plot pixels drawn",
                spec.id
            );
            {
                let path = std::env::temp_dir().join(format!(
                    "charts-{}{}.png",
                    spec.id,
                    if dark { "-dark" } else { "" }
                ));
                render_png(&spec, W, H, &st, &path).unwrap();
                assert!(std::fs::metadata(&path).unwrap().len() > 1000);
            }
        }
    }
}

#[test]
fn bar_heights_are_proportional_to_values() {
    let st = style();
    let spec = bars(&[1.0, 2.0]);
    let buf = rgb(&spec, &st);
    let f = frame(&spec, W as f64, H as f64, &st);
    let g = geom::chart_bars(&spec, &f);
    assert_eq!(g.len(), 2);
    let color = Theme::new(false).color(0);
    let col = |i: usize| {
        let x = ((g[i].rect.x0 + g[i].rect.x1) / 2.0) as u32;
        (0..H)
            .filter(|&y| px(&buf, x, y) == (color.0, color.1, color.2))
            .count() as f64
    };
    let (h1, h2) = (col(0), col(1));
    assert!(h1 > 20.0, "bar 1 is {h1} px");
    assert!((h2 / h1 - 2.0).abs() < 0.05, "heights {h1} and {h2}");
}

#[test]
fn heatmap_cells_differ_by_value() {
    let st = style();
    let spec = ChartSpec::new(
        "h",
        "Heat",
        ChartKind::Heatmap {
            rows: vec!["a".into(), "b".into()],
            cols: vec!["x".into(), "y".into()],
            values: vec![Some(0.0), Some(10.0), Some(10.0), None],
            value_label: String::new(),
            percent: false,
        },
    );
    let buf = rgb(&spec, &st);
    let f = frame(&spec, W as f64, H as f64, &st);
    let corner = |r, c| {
        let rect = geom::cell(&f, 2, r, c).unwrap();
        px(&buf, rect.x0 as u32 + 3, rect.y0 as u32 + 3)
    };
    assert_ne!(corner(0, 0), corner(0, 1));
    assert_eq!(corner(0, 1), corner(1, 0));
    assert_ne!(corner(1, 1), corner(0, 0));
    assert_ne!(corner(1, 1), corner(0, 1));
    // Dense grid through the blit path: still coloured by value.
    let n = 200;
    let spec = ChartSpec::new(
        "dense",
        "Dense",
        ChartKind::Heatmap {
            rows: (0..n).map(|i| i.to_string()).collect(),
            cols: (0..n).map(|i| i.to_string()).collect(),
            values: (0..n * n).map(|i| Some((i % n) as f64)).collect(),
            value_label: String::new(),
            percent: false,
        },
    );
    let buf = rgb(&spec, &st);
    let f = frame(&spec, W as f64, H as f64, &st);
    let y = ((f.plot.y0 + f.plot.y1) / 2.0) as u32;
    assert_ne!(
        px(&buf, f.plot.x0 as u32 + 1, y),
        px(&buf, f.plot.x1 as u32 - 2, y)
    );
}

#[test]
fn chinese_title_renders_real_glyphs() {
    let st = style();
    let title_ink = |title: &str| {
        let spec = ChartSpec {
            title: title.into(),
            ..bars(&[1.0])
        };
        let buf = rgb(&spec, &st);
        let f = frame(&spec, W as f64, H as f64, &st);
        let rows = f.title_y as u32..(f.title_y + 22.0) as u32;
        let pixels: Vec<_> = rows
            .flat_map(|y| (0..W / 2).map(move |x| (x, y)))
            .map(|(x, y)| px(&buf, x, y))
            .collect();
        pixels
    };
    let a = title_ink("中文标题");
    let b = title_ink("销售趋势");
    let b_bg = bg(&st);
    assert!(
        a.iter().filter(|&&p| p != b_bg).count() > 60,
        "title drew nothing"
    );
    // Missing glyphs would all be the same box: different characters must look different.
    assert_ne!(a, b);
}

#[test]
fn svg_contains_title_and_empty_text() {
    let svg = render_svg(&bars(&[1.0, 2.0]), W, H, &style()).unwrap();
    let has = |svg: &str, t: &str| svg.contains(&format!(">\n{t}\n</text>"));
    assert!(svg.starts_with("<svg") && has(&svg, "Bars"));
    let mut empty = bars(&[]);
    empty.empty_text = "Nothing yet".into();
    let svg = render_svg(&empty, W, H, &style()).unwrap();
    assert!(has(&svg, "Nothing yet") && has(&svg, "Bars"));
    let all_none = ChartSpec {
        kind: ChartKind::Lines {
            x: vec![1.0, 2.0],
            x_is_time_minutes: true,
            series: vec![Series::new("v", vec![None, Some(f64::NAN)])],
            bands: vec![],
            markers: vec![],
            percent: false,
        },
        ..bars(&[])
    };
    assert!(all_none.is_empty());
    assert!(render_svg(&all_none, W, H, &style())
        .unwrap()
        .contains("\nNo data\n"));
    // Bitmap: something in the middle of the plot (the text), nothing as bars.
    let buf = rgb(&all_none, &style());
    let f = frame(&all_none, W as f64, H as f64, &style());
    let (cx, cy) = (
        ((f.plot.x0 + f.plot.x1) / 2.0) as u32,
        ((f.plot.y0 + f.plot.y1) / 2.0) as u32,
    );
    assert!(ink(&buf, &style(), cx - 40, cy - 10, cx + 40, cy + 10) > 20);
}

#[test]
fn hit_test_finds_the_bar_under_a_point() {
    let st = style();
    let spec = bars(&[1.0, 2.0, 3.0]);
    let f = frame(&spec, W as f64, H as f64, &st);
    let g = geom::chart_bars(&spec, &f);
    let mid = |r: Rect| ((r.x0 + r.x1) / 2.0, (r.y0 + r.y1) / 2.0);
    let (x, y) = mid(g[1].rect);
    let h = hit_test(&spec, W, H, &st, x, y).unwrap();
    assert_eq!(
        h,
        Hit {
            series: "GMV".into(),
            label: "C1".into(),
            value: "2".into()
        }
    );
    assert_eq!(hit_test(&spec, W, H, &st, 3.0, 3.0), None);
    assert_eq!(hit_test(&spec, W, H, &st, x, f.plot.y1 + 5.0), None);
    // Heatmap cell and funnel step.
    for s in samples() {
        let f = frame(&s, W as f64, H as f64, &st);
        let (cx, cy) = mid(f.plot);
        let h = hit_test(&s, W, H, &st, cx, cy);
        match s.id.as_str() {
            "rfm" => assert_eq!(h.unwrap().label, "F3"),
            "funnel" => assert_eq!(h.unwrap().label, "Added to cart"),
            "ab" => assert_eq!(h.unwrap().value, "4.2% (3.7% – 4.7%)"),
            "timeline" => assert_eq!(h.unwrap().label.len(), 4), // "1:15"
            _ => {}
        }
    }
}

#[test]
fn hit_test_lines_and_scatter_pick_nearest_point() {
    let st = style();
    let spec = ChartSpec::new(
        "l",
        "L",
        ChartKind::Scatter {
            points: vec![
                Point {
                    x: 0.0,
                    y: 0.0,
                    group: 0,
                },
                Point {
                    x: 10.0,
                    y: 10.0,
                    group: 1,
                },
            ],
            groups: vec!["a".into(), "b".into()],
            color_by: None,
            color_label: String::new(),
        },
    );
    let f = frame(&spec, W as f64, H as f64, &st);
    let (xs, ys) = (f.xs().unwrap(), f.ys().unwrap());
    let h = hit_test(&spec, W, H, &st, xs.px(10.0) + 2.0, ys.px(10.0) - 2.0).unwrap();
    assert_eq!((h.series.as_str(), h.value.as_str()), ("b", "10, 10"));
    assert_eq!(hit_test(&spec, W, H, &st, xs.px(5.0), ys.px(5.0)), None);

    // Bars + line: on a line point → the line; elsewhere in the column → the bar.
    let s = &samples()[2];
    let f = frame(s, W as f64, H as f64, &st);
    let (slots, y2) = (f.slots().unwrap(), f.y2.as_ref().unwrap());
    let on_line = hit_test(s, W, H, &st, slots.center(3), y2.px(2100.0) + 3.0).unwrap();
    assert_eq!(
        (on_line.series.as_str(), on_line.value.as_str()),
        ("Peak viewers", "2,100")
    );
    let on_bar = hit_test(s, W, H, &st, slots.center(3), f.plot.y1 - 5.0).unwrap();
    assert_eq!(
        (on_bar.series.as_str(), on_bar.label.as_str()),
        ("GMV", "2024-05-04")
    );
    assert_eq!(on_bar.value, "75k");

    // Lines: nearest x, then the series nearest in y.
    let s = &samples()[3];
    let f = frame(s, W as f64, H as f64, &st);
    let (xs, ys) = (f.xs().unwrap(), f.ys().unwrap());
    let h = hit_test(s, W, H, &st, xs.px(60.2), ys.px(300.0)).unwrap();
    assert_eq!(
        (h.series.as_str(), h.label.as_str()),
        ("Orders ×10", "1:00")
    );
    let h = hit_test(s, W, H, &st, xs.px(60.2), ys.px(1400.0)).unwrap();
    assert_eq!(h.series, "Viewers");
}

#[test]
fn png_errors_are_reported_not_panics() {
    let bad = Path::new("/nonexistent-dir/x.png");
    assert!(render_png(&bars(&[1.0]), W, H, &style(), bad).is_err());
    assert!(render_rgb(&bars(&[1.0]), 0, H, &style()).is_err());
}

#[test]
fn tables_mirror_the_data() {
    let (h, rows) = to_table(&samples()[0]);
    assert_eq!(h, vec!["Session", "Courses", "E-books", "Coaching"]);
    assert_eq!(rows[1], vec!["2024-05-02", "18,500", "5,200", ""]);
    let (h, rows) = to_table(&samples()[8]);
    assert_eq!(h, vec!["Step", "Users", "Conversion"]);
    assert_eq!(rows[1], vec!["Clicked product", "12,840", "24.13%"]);
    for s in samples() {
        let (h, rows) = to_table(&s);
        assert!(rows.iter().all(|r| r.len() == h.len()), "{}", s.id);
    }
}

#[test]
fn formats_are_readable() {
    assert_eq!(fmt_value(12345.0, false), "12.3k");
    assert_eq!(fmt_value(1_200_000.0, false), "1.2M");
    assert_eq!(fmt_value(1234.0, false), "1,234");
    assert_eq!(fmt_value(0.3712, false), "0.371");
    assert_eq!(fmt_value(0.125, true), "12.5%");
    let sc = Scale::new(0.0, 91000.0, 5, Fmt::Plain, true);
    let labels: Vec<String> = sc.ticks.iter().map(|&t| sc.label(t)).collect();
    assert_eq!(labels, vec!["0", "20k", "40k", "60k", "80k", "100k"]);
    let sc = Scale::new(0.0, 150.0, 5, Fmt::Minutes, false);
    assert_eq!(sc.label(90.0), "1:30");
}

#[test]
fn json_round_trip() {
    for s in samples() {
        let json = serde_json::to_string(&s).unwrap();
        let back: ChartSpec = serde_json::from_str(&json).unwrap();
        // Floats may differ in the last bit (serde_json's fast float parsing).
        assert_eq!(
            (&back.id, &back.title, to_table(&back)),
            (&s.id, &s.title, to_table(&s))
        );
    }
    let minimal = r#"{"id":"x","title":"T","kind":{"type":"funnel","steps":["a"],"counts":[1],"conversion":[null]}}"#;
    let s: ChartSpec = serde_json::from_str(minimal).unwrap();
    assert_eq!(s.empty_text, "No data");
}

/// Random specs with NaN, infinities, huge, negative and missing values, odd sizes and
/// scales: drawing, hit testing and tables never panic.
#[test]
fn random_specs_never_panic() {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let mut val = |rng: &mut ChaCha8Rng| match rng.gen_range(0..10) {
        0 => f64::NAN,
        1 => f64::INFINITY,
        2 => -1e300,
        3 => 1e15,
        4 => -rng.gen_range(0.0..100.0),
        5 => 0.0,
        _ => rng.gen_range(0.0..1000.0),
    };
    for round in 0..60 {
        let n = rng.gen_range(0..8);
        let m = rng.gen_range(1..4);
        let names: Vec<String> = (0..n)
            .map(|i| "类别".repeat(i % 3) + &i.to_string())
            .collect();
        let ser = |rng: &mut ChaCha8Rng, val: &mut dyn FnMut(&mut ChaCha8Rng) -> f64| {
            Series::new(
                "s",
                (0..n + rng.gen_range(0..2))
                    .map(|_| (rng.gen_bool(0.8)).then(|| val(rng)))
                    .collect(),
            )
        };
        let vals = |rng: &mut ChaCha8Rng, val: &mut dyn FnMut(&mut ChaCha8Rng) -> f64, k: usize| {
            (0..k).map(|_| val(rng)).collect::<Vec<_>>()
        };
        let kind = match round % 7 {
            0 => ChartKind::Bars {
                categories: names.clone(),
                series: (0..m).map(|_| ser(&mut rng, &mut val)).collect(),
                stacked: rng.gen_bool(0.5),
                percent: rng.gen_bool(0.3),
            },
            1 => ChartKind::BarsLine {
                categories: names.clone(),
                bars: ser(&mut rng, &mut val),
                line: ser(&mut rng, &mut val),
            },
            2 => ChartKind::Lines {
                x: vals(&mut rng, &mut val, n),
                x_is_time_minutes: rng.gen_bool(0.5),
                series: (0..m).map(|_| ser(&mut rng, &mut val)).collect(),
                bands: vec![Band {
                    x0: val(&mut rng),
                    x1: val(&mut rng),
                    label: "b".into(),
                }],
                markers: vec![Marker {
                    x: val(&mut rng),
                    y: val(&mut rng),
                    label: "m".into(),
                }],
                percent: rng.gen_bool(0.3),
            },
            3 => ChartKind::Scatter {
                points: (0..n * 5)
                    .map(|i| Point {
                        x: val(&mut rng),
                        y: val(&mut rng),
                        group: i as u32 % 5,
                    })
                    .collect(),
                groups: names.clone(),
                color_by: rng.gen_bool(0.5).then(|| vals(&mut rng, &mut val, n * 4)),
                color_label: "c".into(),
            },
            4 => ChartKind::Heatmap {
                rows: names.clone(),
                cols: names[..n / 2].to_vec(),
                values: ser(&mut rng, &mut val).values,
                value_label: "v".into(),
                percent: rng.gen_bool(0.5),
            },
            5 => ChartKind::Funnel {
                steps: names.clone(),
                counts: vals(&mut rng, &mut val, n),
                conversion: ser(&mut rng, &mut val).values,
            },
            _ => ChartKind::Intervals {
                labels: names.clone(),
                estimate: vals(&mut rng, &mut val, n),
                low: vals(&mut rng, &mut val, n.saturating_sub(1)),
                high: vals(&mut rng, &mut val, n),
                percent: rng.gen_bool(0.5),
            },
        };
        let spec = ChartSpec::new("r", "随机 random", kind)
            .labels("x", "y")
            .y2_label("y2");
        let (w, h) = [(W, H), (120, 90), (30, 20), (900, 200)][round % 4];
        let st = ChartStyle {
            scale: [1.0, 2.0, 0.5, f64::NAN][round / 4 % 4],
            dark: round % 2 == 0,
            ..style()
        };
        render_rgb(&spec, w, h, &st).unwrap();
        render_svg(&spec, w, h, &st).unwrap();
        for _ in 0..20 {
            let _ = hit_test(
                &spec,
                w,
                h,
                &st,
                rng.gen_range(-10.0..w as f64 + 10.0),
                rng.gen_range(-10.0..h as f64 + 10.0),
            );
        }
        let (head, rows) = to_table(&spec);
        assert!(rows.iter().all(|r| r.len() == head.len()));
    }
}

#[test]
#[ignore]
fn dump_svg() {
    std::fs::write(
        "/tmp/charts-bars.svg",
        render_svg(&bars(&[1.0, 2.0]), W, H, &style()).unwrap(),
    )
    .unwrap();
}

#[test]
#[ignore]
fn dump_extra_pngs() {
    let s = samples();
    let st2 = ChartStyle {
        scale: 2.0,
        ..style()
    };
    render_png(&s[0], 1280, 800, &st2, Path::new("/tmp/charts-x2.png")).unwrap();
    let many = ChartSpec::new(
        "many",
        "Revenue per product (200 products with rather long names)",
        ChartKind::Bars {
            categories: (0..200)
                .map(|i| format!("Product number {i} deluxe edition"))
                .collect(),
            series: vec![Series::from_values(
                "GMV",
                &(0..200)
                    .map(|i| ((i * 37) % 101) as f64 * 1e5)
                    .collect::<Vec<_>>(),
            )],
            stacked: false,
            percent: false,
        },
    )
    .labels("Product", "GMV (CNY)");
    render_png(&many, W, H, &style(), Path::new("/tmp/charts-many.png")).unwrap();
    let long = ChartSpec::new(
        "long",
        "Orders by course",
        ChartKind::Bars {
            categories: (0..14)
                .map(|i| format!("Python 数据分析实战课程 第{i}期"))
                .collect(),
            series: vec![Series::from_values(
                "Orders",
                &(0..14)
                    .map(|i| (i * 13 % 7) as f64 - 2.0)
                    .collect::<Vec<_>>(),
            )],
            stacked: false,
            percent: false,
        },
    )
    .labels("Course", "Orders");
    render_png(&long, W, H, &style(), Path::new("/tmp/charts-long.png")).unwrap();
}

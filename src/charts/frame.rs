//! The [`Frame`]: every pixel rectangle of a chart (plot, title, note, legend, axes, colour bar)
//! computed from the spec alone, shared by drawing and hit testing.

use super::format::{em, text_w, truncate, Fmt, Sizes};
use super::scale::Scale;
use super::spec::{clean, drawable_at, optional_drawable_at, ChartKind, ChartSpec};
use super::theme::{ChartStyle, Theme};
use plotters::style::RGBColor;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn w(&self) -> f64 {
        self.x1 - self.x0
    }
    pub fn h(&self) -> f64 {
        self.y1 - self.y0
    }
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }
}

/// Equal-width slots across `x0..x1` (categories).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slots {
    pub n: usize,
    pub x0: f64,
    pub x1: f64,
}

impl Slots {
    pub fn width(&self) -> f64 {
        (self.x1 - self.x0) / self.n.max(1) as f64
    }
    pub fn start(&self, i: usize) -> f64 {
        self.x0 + i as f64 * self.width()
    }
    pub fn center(&self, i: usize) -> f64 {
        self.start(i) + self.width() / 2.0
    }
    pub fn index_at(&self, x: f64) -> Option<usize> {
        if self.n == 0 || x < self.x0 || x > self.x1 {
            return None;
        }
        Some((((x - self.x0) / self.width()) as usize).min(self.n - 1))
    }
}

/// How category labels are placed under the x axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LabelMode {
    /// Horizontal, every `every`-th label shown.
    Horizontal { every: usize },
    /// Rotated to read bottom-to-top, cut to `max_w` pixels.
    Vertical { max_w: f64 },
}

#[derive(Debug, Clone)]
pub(crate) enum XAxis {
    Categories {
        labels: Vec<String>,
        slots: Slots,
        mode: LabelMode,
    },
    Linear(Scale),
}

#[derive(Debug, Clone)]
pub(crate) enum YAxis {
    Linear(Scale),
    /// Category rows from top to bottom (heatmap).
    Rows {
        labels: Vec<String>,
        y0: f64,
        y1: f64,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct LegendItem {
    pub x: f64,
    pub y: f64,
    pub label: String,
    pub color: RGBColor,
    pub line: bool,
}

/// Everything positioned: shared by drawing and hit testing.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub w: f64,
    pub h: f64,
    pub s: f64,
    pub sz: Sizes,
    pub pad: f64,
    pub title_y: f64,
    pub note_y: f64,
    pub legend: Vec<LegendItem>,
    pub plot: Rect,
    pub x: XAxis,
    pub y: YAxis,
    pub y2: Option<Scale>,
    /// Colour bar rectangle and its vertical scale.
    pub colorbar: Option<(Rect, Scale)>,
}

impl Frame {
    pub fn slots(&self) -> Option<Slots> {
        match &self.x {
            XAxis::Categories { slots, .. } => Some(*slots),
            XAxis::Linear(_) => None,
        }
    }
    pub fn xs(&self) -> Option<&Scale> {
        match &self.x {
            XAxis::Linear(s) => Some(s),
            XAxis::Categories { .. } => None,
        }
    }
    pub fn ys(&self) -> Option<&Scale> {
        match &self.y {
            YAxis::Linear(s) => Some(s),
            YAxis::Rows { .. } => None,
        }
    }
}

enum XReq<'a> {
    Categories(&'a [String]),
    Linear { lo: f64, hi: f64, fmt: Fmt },
}

enum YReq<'a> {
    Linear {
        lo: f64,
        hi: f64,
        fmt: Fmt,
        extend: bool,
    },
    Rows(&'a [String]),
}

struct Req<'a> {
    x: XReq<'a>,
    y: YReq<'a>,
    y2: Option<(f64, f64)>,
    legend: Vec<(String, RGBColor, bool)>,
    colorbar: Option<(f64, f64, Fmt, &'a str)>,
}

/// (min, max) of the cleaned values, `None` if there is none.
pub(crate) fn range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values.filter_map(clean).fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((a, b)) => Some((a.min(v), b.max(v))),
    })
}

fn with_zero((lo, hi): (f64, f64)) -> (f64, f64) {
    (lo.min(0.0), hi.max(0.0))
}

fn axis_format(percent: bool) -> Fmt {
    if percent {
        Fmt::Percent
    } else {
        Fmt::Plain
    }
}

/// Stacked extents per category: (sum of negatives, sum of positives).
pub(crate) fn stack_extent(series: &[super::spec::Series], i: usize) -> (f64, f64) {
    series
        .iter()
        .filter_map(|s| optional_drawable_at(&s.values, i))
        .fold(
            (0.0, 0.0),
            |(n, p), v| {
                if v < 0.0 {
                    (n + v, p)
                } else {
                    (n, p + v)
                }
            },
        )
}

fn request<'a>(spec: &'a ChartSpec, th: &Theme) -> Req<'a> {
    let lin = |r: Option<(f64, f64)>, fmt| {
        let (lo, hi) = r.unwrap_or((0.0, 1.0));
        YReq::Linear {
            lo,
            hi,
            fmt,
            extend: true,
        }
    };
    let legend_of = |names: &mut dyn Iterator<Item = &String>, line: bool| {
        names
            .enumerate()
            .map(|(i, n)| (n.clone(), th.color(i), line))
            .collect::<Vec<_>>()
    };
    match &spec.kind {
        ChartKind::Bars {
            categories,
            series,
            stacked,
            percent,
        } => {
            let r = if *stacked {
                range((0..categories.len()).flat_map(|i| {
                    let (n, p) = stack_extent(series, i);
                    [n, p]
                }))
            } else {
                // Head room for value labels (drawn when there are few bars).
                let room = if categories.len() * series.len() <= 30 {
                    0.08
                } else {
                    0.0
                };
                range(
                    series
                        .iter()
                        .flat_map(|s| s.values.iter().flatten().copied()),
                )
                .map(|r| {
                    let (lo, hi) = with_zero(r);
                    (
                        lo - (hi - lo) * room * f64::from(lo < 0.0),
                        hi + (hi - lo) * room * f64::from(hi > 0.0),
                    )
                })
            };
            Req {
                x: XReq::Categories(categories),
                y: lin(r.map(with_zero), axis_format(*percent)),
                y2: None,
                legend: if series.len() > 1 {
                    legend_of(&mut series.iter().map(|s| &s.name), false)
                } else {
                    Vec::new()
                },
                colorbar: None,
            }
        }
        ChartKind::BarsLine {
            categories,
            bars,
            line,
        } => Req {
            x: XReq::Categories(categories),
            y: lin(
                range(bars.values.iter().flatten().copied()).map(with_zero),
                Fmt::Plain,
            ),
            y2: Some(range(line.values.iter().flatten().copied()).map_or((0.0, 1.0), with_zero)),
            legend: vec![
                (bars.name.clone(), th.color(0), false),
                (line.name.clone(), th.color(1), true),
            ],
            colorbar: None,
        },
        ChartKind::Lines {
            x,
            x_is_time_minutes,
            series,
            percent,
            ..
        } => {
            let (xlo, xhi) = range(x.iter().copied()).unwrap_or((0.0, 1.0));
            let ys = series.iter().flat_map(|s| {
                (0..x.len()).filter_map(move |i| {
                    optional_drawable_at(&s.values, i).filter(|_| drawable_at(x, i).is_some())
                })
            });
            let r = range(ys).map(|(lo, hi)| if lo >= 0.0 { (0.0, hi) } else { (lo, hi) });
            Req {
                x: XReq::Linear {
                    lo: xlo,
                    hi: xhi,
                    fmt: if *x_is_time_minutes {
                        Fmt::Minutes
                    } else {
                        Fmt::Plain
                    },
                },
                y: lin(r, axis_format(*percent)),
                y2: None,
                legend: if series.len() > 1 {
                    legend_of(&mut series.iter().map(|s| &s.name), true)
                } else {
                    Vec::new()
                },
                colorbar: None,
            }
        }
        ChartKind::Scatter {
            points,
            groups,
            color_by,
            color_label,
        } => {
            let ok = |p: &&super::spec::Point| clean(p.x).is_some() && clean(p.y).is_some();
            let pad = |(lo, hi): (f64, f64)| {
                let d = (hi - lo) * 0.04;
                (lo - d, hi + d)
            };
            let (xlo, xhi) = range(points.iter().filter(ok).map(|p| p.x)).map_or((0.0, 1.0), pad);
            let (ylo, yhi) = range(points.iter().filter(ok).map(|p| p.y)).map_or((0.0, 1.0), pad);
            let colorbar = color_by
                .as_ref()
                .map(|c| range(c.iter().copied()).unwrap_or((0.0, 1.0)))
                .map(|(lo, hi)| (lo, hi, Fmt::Plain, color_label.as_str()));
            Req {
                x: XReq::Linear {
                    lo: xlo,
                    hi: xhi,
                    fmt: Fmt::Plain,
                },
                y: YReq::Linear {
                    lo: ylo,
                    hi: yhi,
                    fmt: Fmt::Plain,
                    extend: false,
                },
                y2: None,
                legend: if colorbar.is_none() && groups.len() > 1 {
                    legend_of(&mut groups.iter(), false)
                } else {
                    Vec::new()
                },
                colorbar,
            }
        }
        ChartKind::Heatmap {
            rows,
            cols,
            values,
            percent,
            value_label,
        } => Req {
            x: XReq::Categories(cols),
            y: YReq::Rows(rows),
            y2: None,
            legend: Vec::new(),
            colorbar: Some({
                let (lo, hi) = range(values.iter().flatten().copied()).unwrap_or((0.0, 1.0));
                (lo, hi, axis_format(*percent), value_label.as_str())
            }),
        },
        ChartKind::Funnel { steps, counts, .. } => Req {
            x: XReq::Categories(steps),
            // Head room for the two label lines above the tallest bar.
            y: lin(
                range(counts.iter().copied()).map(|r| {
                    let (lo, hi) = with_zero(r);
                    (lo, hi * 1.12)
                }),
                Fmt::Plain,
            ),
            y2: None,
            legend: Vec::new(),
            colorbar: None,
        },
        ChartKind::Intervals {
            labels,
            estimate,
            low,
            high,
            percent,
        } => Req {
            x: XReq::Categories(labels),
            y: lin(
                range(estimate.iter().chain(low).chain(high).copied()).map(with_zero),
                axis_format(*percent),
            ),
            y2: None,
            legend: Vec::new(),
            colorbar: None,
        },
    }
}

/// Lays out the chart of `spec` in a `w`×`h` pixel area.
pub(crate) fn frame(spec: &ChartSpec, w: f64, h: f64, style: &ChartStyle) -> Frame {
    let th = Theme::new(style.dark);
    let req = request(spec, &th);
    let s = style.clamped_scale();
    let sz = Sizes::new(s);
    let pad = 14.0 * s;

    // Top: title, note, legend rows.
    let title_y = pad;
    let mut top = title_y + em(sz.title) * 1.35;
    let note_y = top;
    if spec.note.as_deref().is_some_and(|n| !n.is_empty()) {
        top += em(sz.note) * 1.45;
    }
    let mut legend = Vec::new();
    if !req.legend.is_empty() {
        top += 2.0 * s;
        let row_h = em(sz.tick) * 1.6;
        let (mut x, mut y) = (pad, top);
        for (label, color, line) in req.legend {
            let label = truncate(&label, 28);
            let item_w = 16.0 * s + text_w(&label, sz.tick) + 16.0 * s;
            if x > pad && x + item_w > w - pad {
                x = pad;
                y += row_h;
            }
            legend.push(LegendItem {
                x,
                y,
                label,
                color,
                line,
            });
            x += item_w;
        }
        top = y + row_h;
    }
    top += 12.0 * s;

    // Y axis (ticks chosen from an estimated plot height, then fixed).
    let label_band = |text: &str| {
        if text.is_empty() {
            0.0
        } else {
            em(sz.label) * 1.5
        }
    };
    let est_h = (h - top - 60.0 * s).max(10.0);
    let n_y = ((est_h / (46.0 * s)) as usize).clamp(2, 8);
    let (y_scale, y_tick_w) = match &req.y {
        YReq::Linear {
            lo,
            hi,
            fmt,
            extend,
        } => {
            let sc = Scale::new(*lo, *hi, n_y, *fmt, *extend);
            let tw = sc.max_label_w(sz.tick);
            (Some(sc), tw)
        }
        YReq::Rows(rows) => (
            None,
            rows.iter()
                .map(|r| text_w(&truncate(r, 22), sz.tick))
                .fold(0.0, f64::max),
        ),
    };
    let left = pad + label_band(&spec.y_label) + y_tick_w + 8.0 * s;
    let y2 = req
        .y2
        .map(|(lo, hi)| Scale::new(lo, hi, n_y, Fmt::Plain, true));
    let mut right = pad;
    if let Some(sc) = &y2 {
        right +=
            8.0 * s + sc.max_label_w(sz.tick) + label_band(spec.y2_label.as_deref().unwrap_or(""));
    }
    let colorbar = req
        .colorbar
        .map(|(lo, hi, fmt, label)| (Scale::new(lo, hi, n_y.min(6), fmt, false), label));
    if let Some((sc, label)) = &colorbar {
        right += 16.0 * s + 12.0 * s + 6.0 * s + sc.max_label_w(sz.tick) + label_band(label);
    }
    let x_fmt = match &req.x {
        XReq::Linear { fmt, .. } => Some(*fmt),
        XReq::Categories(_) => None,
    };
    if x_fmt.is_some() {
        right += 12.0 * s; // room for the last tick label's overhang
    }
    let (px0, px1) = (left.min(w - 1.0), (w - right).max(left.min(w - 1.0) + 1.0));

    // X axis: label mode decides the bottom margin.
    let tick_line = em(sz.tick) * 1.5 + 6.0 * s;
    let (x_axis, tick_h) = match req.x {
        XReq::Categories(labels) => {
            let slots = Slots {
                n: labels.len(),
                x0: px0,
                x1: px1,
            };
            let slot = slots.width();
            let widest = labels
                .iter()
                .map(|l| text_w(l, sz.tick))
                .fold(0.0, f64::max);
            let (mode, th) = if widest <= slot - 6.0 * s {
                (LabelMode::Horizontal { every: 1 }, tick_line)
            } else if slot >= em(sz.tick) * 1.3 && labels.len() <= 60 {
                let max_w = widest.min(h * 0.3).min(text_w(&"M".repeat(14), sz.tick));
                (LabelMode::Vertical { max_w }, max_w + 10.0 * s)
            } else {
                let every = ((widest.min(text_w(&"M".repeat(12), sz.tick)) + 10.0 * s)
                    / slot.max(1e-3))
                .ceil()
                .clamp(1.0, 1e6) as usize;
                (LabelMode::Horizontal { every }, tick_line)
            };
            (
                XAxis::Categories {
                    labels: labels.to_vec(),
                    slots,
                    mode,
                },
                th,
            )
        }
        XReq::Linear { lo, hi, fmt } => {
            let n_x = (((px1 - px0) / (90.0 * s)) as usize).clamp(2, 10);
            (
                XAxis::Linear(Scale::new(lo, hi, n_x, fmt, false).with_pixels(px0, px1)),
                tick_line,
            )
        }
    };
    let bottom = pad + tick_h + label_band(&spec.x_label);
    let plot = Rect {
        x0: px0,
        y0: top.min(h - 1.0),
        x1: px1,
        y1: (h - bottom).max(top.min(h - 1.0) + 1.0),
    };
    let y = match (y_scale, req.y) {
        (Some(sc), _) => YAxis::Linear(sc.with_pixels(plot.y1, plot.y0)),
        (None, YReq::Rows(rows)) => YAxis::Rows {
            labels: rows.to_vec(),
            y0: plot.y0,
            y1: plot.y1,
        },
        (None, YReq::Linear { .. }) => YAxis::Linear(Scale::new(0.0, 1.0, 2, Fmt::Plain, true)),
    };
    let colorbar = colorbar.map(|(sc, _)| {
        let x0 = plot.x1 + 16.0 * s;
        let r = Rect {
            x0,
            y0: plot.y0,
            x1: x0 + 12.0 * s,
            y1: plot.y1,
        };
        (r, sc.with_pixels(r.y1, r.y0))
    });
    Frame {
        w,
        h,
        s,
        sz,
        pad,
        title_y,
        note_y,
        legend,
        plot,
        x: x_axis,
        y,
        y2: y2.map(|sc| sc.with_pixels(plot.y1, plot.y0)),
        colorbar,
    }
}

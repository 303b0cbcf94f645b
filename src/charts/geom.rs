//! Pixel geometry of marks (bars, points, cells), computed from a [`Frame`]; used by both the
//! drawing and hit testing so that tooltips match what is on screen.

use super::frame::{Frame, Rect, YAxis};
use super::scale::Scale;
use super::spec::{clean, drawable_at, optional_drawable_at, ChartKind, ChartSpec, Series};

/// One bar: its rectangle, series and category index, and value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BarGeom {
    pub rect: Rect,
    pub series: usize,
    pub cat: usize,
    pub value: f64,
}

fn bar(sc: &Scale, x0: f64, x1: f64, from: f64, to: f64) -> Rect {
    let (a, b) = (sc.px_clamped(from), sc.px_clamped(to));
    Rect {
        x0,
        x1,
        y0: a.min(b),
        y1: a.max(b),
    }
}

/// Bars of `series` over the frame's category slots (grouped side by side or stacked).
pub(crate) fn bars(f: &Frame, series: &[&Series], stacked: bool) -> Vec<BarGeom> {
    let (Some(slots), Some(sc)) = (f.slots(), f.ys()) else {
        return Vec::new();
    };
    let k = if stacked { 1 } else { series.len().max(1) };
    let group_w = (slots.width() * if k == 1 { 0.64 } else { 0.78 }).min(k as f64 * 72.0 * f.s);
    let gap = if k > 1 {
        (1.5 * f.s).min(group_w / k as f64 * 0.2)
    } else {
        0.0
    };
    let bar_w = group_w / k as f64;
    let mut out = Vec::new();
    for cat in 0..slots.n {
        let gx = slots.center(cat) - group_w / 2.0;
        let (mut neg, mut pos) = (0.0, 0.0);
        for (si, s) in series.iter().enumerate() {
            let Some(v) = optional_drawable_at(&s.values, cat) else {
                continue;
            };
            let (x0, x1) = if stacked {
                (gx, gx + group_w)
            } else {
                (
                    gx + si as f64 * bar_w + gap / 2.0,
                    gx + (si + 1) as f64 * bar_w - gap / 2.0,
                )
            };
            let (from, to) = if !stacked {
                (0.0, v)
            } else if v < 0.0 {
                neg += v;
                (neg - v, neg)
            } else {
                pos += v;
                (pos - v, pos)
            };
            out.push(BarGeom {
                rect: bar(sc, x0, x1, from, to),
                series: si,
                cat,
                value: v,
            });
        }
    }
    out
}

/// The bars of a Bars / BarsLine / Funnel chart (funnel: counts only).
pub(crate) fn chart_bars(spec: &ChartSpec, f: &Frame) -> Vec<BarGeom> {
    match &spec.kind {
        ChartKind::Bars {
            series, stacked, ..
        } => bars(f, &series.iter().collect::<Vec<_>>(), *stacked),
        ChartKind::BarsLine { bars: b, .. } => bars(f, &[b], false),
        ChartKind::Funnel { counts, .. } => {
            let s = Series::new("", counts.iter().map(|&c| Some(c)).collect());
            bars(f, &[&s], false)
        }
        _ => Vec::new(),
    }
}

/// Pixel positions of a line's values over numeric `x` (None where missing).
pub(crate) fn line_xy(f: &Frame, x: &[f64], values: &[Option<f64>]) -> Vec<Option<(f64, f64)>> {
    let (Some(xs), Some(ys)) = (f.xs(), f.ys()) else {
        return Vec::new();
    };
    (0..x.len())
        .map(|i| {
            Some((
                xs.px(drawable_at(x, i)?),
                ys.px(optional_drawable_at(values, i)?),
            ))
        })
        .collect()
}

/// Pixel positions of a line over the category slots on scale `sc` (BarsLine's line).
pub(crate) fn slot_line_xy(
    f: &Frame,
    values: &[Option<f64>],
    sc: &Scale,
) -> Vec<Option<(f64, f64)>> {
    let Some(slots) = f.slots() else {
        return Vec::new();
    };
    (0..slots.n)
        .map(|i| Some((slots.center(i), sc.px(optional_drawable_at(values, i)?))))
        .collect()
}

/// Pixel positions of scatter points (None where a coordinate is missing).
pub(crate) fn scatter_xy(f: &Frame, points: &[super::spec::Point]) -> Vec<Option<(f64, f64)>> {
    let (Some(xs), Some(ys)) = (f.xs(), f.ys()) else {
        return Vec::new();
    };
    points
        .iter()
        .map(|p| Some((xs.px(clean(p.x)?), ys.px(clean(p.y)?))))
        .collect()
}

/// Heatmap cell `(r, c)` rectangle.
pub(crate) fn cell(f: &Frame, n_rows: usize, r: usize, c: usize) -> Option<Rect> {
    let slots = f.slots()?;
    let YAxis::Rows { y0, y1, .. } = f.y else {
        return None;
    };
    let ch = (y1 - y0) / n_rows.max(1) as f64;
    Some(Rect {
        x0: slots.start(c),
        x1: slots.start(c + 1),
        y0: y0 + r as f64 * ch,
        y1: y0 + (r + 1) as f64 * ch,
    })
}

/// Heatmap cell under pixel `(x, y)`.
pub(crate) fn cell_at(f: &Frame, n_rows: usize, x: f64, y: f64) -> Option<(usize, usize)> {
    let c = f.slots()?.index_at(x)?;
    let YAxis::Rows { y0, y1, .. } = f.y else {
        return None;
    };
    if n_rows == 0 || y < y0 || y > y1 {
        return None;
    }
    let r = (((y - y0) / (y1 - y0) * n_rows as f64) as usize).min(n_rows - 1);
    Some((r, c))
}

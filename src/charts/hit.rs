//! Hover hit testing: which mark is under a pixel, from the same layout the drawing uses.

use super::format::{fmt_minutes, fmt_value};
use super::frame::frame;
use super::geom;
use super::spec::{drawable_at, optional_drawable_at, ChartKind, ChartSpec};
use super::theme::ChartStyle;
use serde::{Deserialize, Serialize};

/// What is under the pointer, as display texts for a tooltip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    /// Series (or row) name; may be empty for single-series charts.
    pub series: String,
    /// Category / x position / column.
    pub label: String,
    /// Formatted value.
    pub value: String,
}

fn hit(series: &str, label: &str, value: String) -> Option<Hit> {
    Some(Hit {
        series: series.to_owned(),
        label: label.to_owned(),
        value,
    })
}

fn dist2(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)
}

/// The mark under pixel `(x, y)` of the chart drawn at `width`×`height` with `style`, or
/// `None` outside the plot area / over nothing. Bars and funnel steps answer for their whole
/// column; lines and scatter answer with the nearest point.
pub fn hit_test(
    spec: &ChartSpec,
    width: u32,
    height: u32,
    style: &ChartStyle,
    x: f64,
    y: f64,
) -> Option<Hit> {
    if width < 40 || height < 40 || !x.is_finite() || !y.is_finite() || spec.is_empty() {
        return None;
    }
    let f = frame(spec, width as f64, height as f64, style);
    let near = 12.0 * f.s;
    if !f.plot.contains(x, y) {
        return None;
    }
    let column = |geoms: &[geom::BarGeom], stacked: bool| {
        let cat = f.slots()?.index_at(x)?;
        let key = |g: &&geom::BarGeom| {
            if stacked {
                (y - (g.rect.y0 + g.rect.y1) / 2.0).abs() - g.rect.h() / 2.0
            } else {
                (x - (g.rect.x0 + g.rect.x1) / 2.0).abs()
            }
        };
        geoms
            .iter()
            .filter(|g| g.cat == cat)
            .min_by(|a, b| key(a).total_cmp(&key(b)))
            .copied()
    };
    match &spec.kind {
        ChartKind::Bars {
            categories,
            series,
            stacked,
            percent,
        } => {
            let g = column(&geom::chart_bars(spec, &f), *stacked)?;
            let name = series.get(g.series).map_or("", |s| s.name.as_str());
            hit(name, categories.get(g.cat)?, fmt_value(g.value, *percent))
        }
        ChartKind::BarsLine {
            categories,
            bars,
            line,
        } => {
            if let Some(sc) = &f.y2 {
                let pts = geom::slot_line_xy(&f, &line.values, sc);
                let best = pts
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| Some((i, dist2((*p)?, (x, y)))))
                    .min_by(|a, b| a.1.total_cmp(&b.1));
                if let Some((i, _)) = best.filter(|b| b.1 <= near * near) {
                    let v = optional_drawable_at(&line.values, i)?;
                    return hit(&line.name, categories.get(i)?, fmt_value(v, false));
                }
            }
            let g = column(&geom::chart_bars(spec, &f), false)?;
            hit(
                &bars.name,
                categories.get(g.cat)?,
                fmt_value(g.value, false),
            )
        }
        ChartKind::Lines {
            x: xv,
            series,
            percent,
            x_is_time_minutes,
            ..
        } => {
            let mut best: Option<(f64, f64, usize, usize)> = None; // (dx, dy, series, index)
            for (si, s) in series.iter().enumerate() {
                for (i, p) in geom::line_xy(&f, xv, &s.values).iter().enumerate() {
                    let Some((px, py)) = *p else { continue };
                    let cand = ((px - x).abs(), (py - y).abs(), si, i);
                    let better = best.is_none_or(|b| {
                        cand.0 < b.0 - 0.5 || ((cand.0 - b.0).abs() <= 0.5 && cand.1 < b.1)
                    });
                    if better {
                        best = Some(cand);
                    }
                }
            }
            let (dx, _, si, i) = best?;
            if dx > f.plot.w() / 10.0 + near {
                return None;
            }
            let s = series.get(si)?;
            let xl = drawable_at(xv, i)?;
            let label = if *x_is_time_minutes {
                fmt_minutes(xl)
            } else {
                fmt_value(xl, false)
            };
            hit(
                &s.name,
                &label,
                fmt_value(optional_drawable_at(&s.values, i)?, *percent),
            )
        }
        ChartKind::Scatter {
            points,
            groups,
            color_by,
            color_label,
        } => {
            let (i, d) = geom::scatter_xy(&f, points)
                .iter()
                .enumerate()
                .filter_map(|(i, p)| Some((i, dist2((*p)?, (x, y)))))
                .min_by(|a, b| a.1.total_cmp(&b.1))?;
            if d > near * near {
                return None;
            }
            let p = points.get(i)?;
            let group = groups.get(p.group as usize).map_or("", |g| g.as_str());
            let mut value = format!("{}, {}", fmt_value(p.x, false), fmt_value(p.y, false));
            if let Some(c) = color_by.as_deref().and_then(|c| drawable_at(c, i)) {
                value = format!("{value} · {color_label} {}", fmt_value(c, false));
            }
            hit(group, &format!("#{}", i + 1), value)
        }
        ChartKind::Heatmap {
            rows,
            cols,
            values,
            percent,
            ..
        } => {
            let (r, c) = geom::cell_at(&f, rows.len(), x, y)?;
            let v = optional_drawable_at(values, r * cols.len() + c)
                .map_or("–".to_owned(), |v| fmt_value(v, *percent));
            hit(rows.get(r)?, cols.get(c)?, v)
        }
        ChartKind::Funnel {
            steps, conversion, ..
        } => {
            let g = column(&geom::chart_bars(spec, &f), false)?;
            let mut v = fmt_value(g.value, false);
            if let Some(cv) = conversion
                .get(g.cat)
                .copied()
                .flatten()
                .filter(|c| c.is_finite())
            {
                v = format!("{v} ({})", fmt_value(cv, true));
            }
            hit(&spec.y_label, steps.get(g.cat)?, v)
        }
        ChartKind::Intervals {
            labels,
            estimate,
            low,
            high,
            percent,
        } => {
            let i = f.slots()?.index_at(x)?;
            let fmt = |v: f64| fmt_value(v, *percent);
            let mut v = fmt(drawable_at(estimate, i)?);
            if let (Some(lo), Some(hi)) = (drawable_at(low, i), drawable_at(high, i)) {
                v = format!("{v} ({} – {})", fmt(lo), fmt(hi));
            }
            hit(&spec.y_label, labels.get(i)?, v)
        }
    }
}

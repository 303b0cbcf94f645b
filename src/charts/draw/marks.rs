//! The data marks of each chart kind: bars, lines, scatter, heatmap, funnel, intervals.

use super::{chart_err, pt, px, Blit, Painter, Rot, CB, CC, CT, LC, LT};
use crate::charts::format::{em, fit, fmt_scaled, fmt_value, text_w, truncate};
use crate::charts::frame::{Frame, Rect};
use crate::charts::geom::{self, BarGeom};
use crate::charts::spec::{clean, drawable_at, optional_drawable_at, ChartKind, ChartSpec, Series};
use crate::charts::theme::{luminance, ramp_color, ChartStyle, VIRIDIS};
use crate::Result;
use plotters::prelude::*;

impl<DB: DrawingBackend> Painter<'_, DB> {
    pub(super) fn kind(&self, spec: &ChartSpec, f: &Frame, style: &ChartStyle) -> Result<()> {
        match &spec.kind {
            ChartKind::Bars {
                series,
                stacked,
                percent,
                ..
            } => {
                self.axes(spec, f, false)?;
                let geoms = geom::chart_bars(spec, f);
                self.bars(f, &geoms, |g| self.th.color(g.series))?;
                if !stacked {
                    self.bar_labels(f, &geoms, *percent, series.len())?;
                }
                Ok(())
            }
            ChartKind::BarsLine { line, .. } => {
                self.axes(spec, f, false)?;
                let geoms = geom::chart_bars(spec, f);
                self.bars(f, &geoms, |_| self.th.color(0))?;
                if let Some(sc) = &f.y2 {
                    let pts = geom::slot_line_xy(f, &line.values, sc);
                    self.polyline(f, &pts, self.th.color(1), true)?;
                }
                Ok(())
            }
            ChartKind::Lines {
                x,
                series,
                bands,
                markers,
                ..
            } => self.lines(spec, f, x, series, bands, markers),
            ChartKind::Scatter {
                points,
                groups: _,
                color_by,
                color_label,
            } => {
                self.axes(spec, f, true)?;
                self.colorbar(f, VIRIDIS, color_label)?;
                let xy = geom::scatter_xy(f, points);
                let r = if points.len() > 2000 { 2.0 } else { 3.5 } * f.s;
                for (i, (p, q)) in points.iter().zip(&xy).enumerate() {
                    let Some(q) = q else { continue };
                    let c = match (color_by, &f.colorbar) {
                        (Some(cb), Some((_, sc))) => match drawable_at(cb, i) {
                            Some(v) => ramp_color(VIRIDIS, (v - sc.d0) / (sc.d1 - sc.d0)),
                            None => self.th.axis,
                        },
                        _ => self.th.color(p.group as usize),
                    };
                    self.dot(*q, r, c.mix(0.75).filled())?;
                }
                Ok(())
            }
            ChartKind::Heatmap {
                rows,
                cols,
                values,
                value_label,
                percent,
            } => {
                self.axes(spec, f, false)?;
                self.colorbar(f, self.th.ramp, value_label)?;
                self.heatmap(f, rows.len(), cols.len(), values, *percent, style.blit)
            }
            ChartKind::Funnel {
                counts, conversion, ..
            } => {
                self.axes(spec, f, false)?;
                let geoms = geom::chart_bars(spec, f);
                let (c, sc) = (self.th.color(0), f.ys());
                for g in &geoms {
                    let prev = g.cat.checked_sub(1).and_then(|i| drawable_at(counts, i));
                    if let (Some(prev), Some(sc)) = (prev, sc) {
                        if prev > g.value {
                            let y0 = sc.px_clamped(prev);
                            let ghost = Rect {
                                y0,
                                y1: g.rect.y0,
                                ..g.rect
                            };
                            self.rect(ghost, c.mix(0.16).filled())?;
                        }
                    }
                }
                self.bars(f, &geoms, |_| c)?;
                for g in &geoms {
                    let x = (g.rect.x0 + g.rect.x1) / 2.0;
                    let y = g.rect.y0 - 4.0 * f.s;
                    let count = fmt_value(g.value, false);
                    self.text(&count, (x, y), f.sz.value, self.th.fg, CB, Rot::Bold)?;
                    if let Some(cv) = conversion.get(g.cat).copied().flatten().and_then(clean) {
                        let y = y - em(f.sz.value) * 1.35;
                        let t = format!("{} ↓", fmt_value(cv, true));
                        self.text(&t, (x, y), f.sz.value, self.th.muted, CB, Rot::None)?;
                    }
                }
                Ok(())
            }
            ChartKind::Intervals {
                estimate,
                low,
                high,
                percent,
                ..
            } => {
                self.axes(spec, f, false)?;
                let (Some(slots), Some(sc)) = (f.slots(), f.ys()) else {
                    return Ok(());
                };
                let cap = (slots.width() * 0.15).min(10.0 * f.s);
                for i in 0..slots.n {
                    let Some(est) = drawable_at(estimate, i) else {
                        continue;
                    };
                    let (x, c) = (slots.center(i), self.th.color(i));
                    if let (Some(lo), Some(hi)) = (drawable_at(low, i), drawable_at(high, i)) {
                        let (y0, y1) = (sc.px_clamped(lo), sc.px_clamped(hi));
                        self.line(&[(x, y0), (x, y1)], c.to_rgba(), 2.0 * f.s)?;
                        for y in [y0, y1] {
                            self.line(&[(x - cap, y), (x + cap, y)], c.to_rgba(), 2.0 * f.s)?;
                        }
                    }
                    let y = sc.px_clamped(est);
                    self.dot((x, y), 5.0 * f.s, c.filled())?;
                    let t = fmt_value(est, *percent);
                    self.text(
                        &t,
                        (x + cap + 5.0 * f.s, y),
                        f.sz.value,
                        self.th.fg,
                        LC,
                        Rot::Bold,
                    )?;
                }
                Ok(())
            }
        }
    }

    fn bars(
        &self,
        _f: &Frame,
        geoms: &[BarGeom],
        color: impl Fn(&BarGeom) -> RGBColor,
    ) -> Result<()> {
        for g in geoms {
            let mut r = g.rect;
            if r.h() < 1.0 && g.value != 0.0 {
                r.y0 = r.y1 - 1.0; // keep tiny non-zero bars visible
            }
            self.rect(r, color(g).filled())?;
        }
        Ok(())
    }

    /// Value labels above (or below, for negatives) bars when there is room.
    fn bar_labels(&self, f: &Frame, geoms: &[BarGeom], percent: bool, k: usize) -> Result<()> {
        if geoms.len() > 30 {
            return Ok(());
        }
        let room = f.slots().map_or(0.0, |s| s.width() / k.max(1) as f64);
        let max = geoms.iter().fold(0f64, |m, g| m.max(g.value.abs()));
        let texts: Vec<String> = geoms
            .iter()
            .map(|g| fmt_scaled(g.value, percent, max))
            .collect();
        if texts
            .iter()
            .any(|t| text_w(t, f.sz.value) > room - 2.0 * f.s)
        {
            return Ok(());
        }
        for (g, t) in geoms.iter().zip(&texts) {
            let x = (g.rect.x0 + g.rect.x1) / 2.0;
            let (y, pos) = if g.value < 0.0 {
                (g.rect.y1 + 3.0 * f.s, CT)
            } else {
                (g.rect.y0 - 3.0 * f.s, CB)
            };
            if y - em(f.sz.value) < f.plot.y0 || y + em(f.sz.value) > f.plot.y1 {
                continue; // would leave the plot area
            }
            self.text(t, (x, y), f.sz.value, self.th.fg, pos, Rot::None)?;
        }
        Ok(())
    }

    /// A line through the points, broken at gaps; dots when few points or isolated.
    fn polyline(
        &self,
        f: &Frame,
        pts: &[Option<(f64, f64)>],
        c: RGBColor,
        dots: bool,
    ) -> Result<()> {
        let few = pts.len() <= 40;
        for run in pts.split(|p| p.is_none()) {
            let run: Vec<(f64, f64)> = run.iter().flatten().copied().collect();
            if run.len() > 1 {
                self.line(&run, c.to_rgba(), 2.2 * f.s)?;
            }
            if run.len() == 1 || (dots && few) {
                for &p in &run {
                    self.dot(p, 3.0 * f.s, c.filled())?;
                    self.dot(
                        p,
                        3.0 * f.s,
                        ShapeStyle::from(self.th.bg).stroke_width(px(f.s).max(1) as u32),
                    )?;
                }
            }
        }
        Ok(())
    }

    fn lines(
        &self,
        spec: &ChartSpec,
        f: &Frame,
        x: &[f64],
        series: &[Series],
        bands: &[crate::charts::spec::Band],
        markers: &[crate::charts::spec::Marker],
    ) -> Result<()> {
        let (pl, s) = (f.plot, f.s);
        if let Some(xs) = f.xs() {
            for (i, b) in bands.iter().enumerate() {
                let (Some(a), Some(z)) = (clean(b.x0), clean(b.x1)) else {
                    continue;
                };
                let (a, z) = (xs.px_clamped(a.min(z)), xs.px_clamped(a.max(z)));
                let r = Rect {
                    x0: a,
                    x1: z.max(a + 1.0),
                    ..pl
                };
                let c = self.th.color(if i % 2 == 0 { 4 } else { 2 });
                self.rect(r, c.mix(0.13).filled())?;
                let l = fit(&b.label, f.sz.value, r.w() - 6.0 * s);
                self.text(
                    &l,
                    (r.x0 + 3.0 * s, pl.y0 + 3.0 * s),
                    f.sz.value,
                    self.th.muted,
                    LT,
                    Rot::None,
                )?;
            }
        }
        self.axes(spec, f, false)?;
        for (i, se) in series.iter().enumerate() {
            let pts = geom::line_xy(f, x, &se.values);
            self.polyline(f, &pts, self.th.color(i), false)?;
        }
        if let (Some(xs), Some(ys)) = (f.xs(), f.ys()) {
            let c = self.th.color(3);
            for m in markers {
                let (Some(mx), Some(my)) = (clean(m.x), clean(m.y)) else {
                    continue;
                };
                let p = (xs.px_clamped(mx), ys.px_clamped(my));
                self.dot(p, 4.5 * s, c.filled())?;
                self.dot(
                    p,
                    4.5 * s,
                    ShapeStyle::from(self.th.bg).stroke_width(px(1.5 * s).max(1) as u32),
                )?;
                let l = truncate(&m.label, 24);
                let half = text_w(&l, f.sz.value) / 2.0;
                let lx = p.0.clamp(pl.x0 + half, (pl.x1 - half).max(pl.x0 + half));
                let ly = (p.1 - 8.0 * s).max(pl.y0 + em(f.sz.value));
                self.text(&l, (lx, ly), f.sz.value, self.th.fg, CB, Rot::None)?;
            }
        }
        Ok(())
    }

    fn heatmap(
        &self,
        f: &Frame,
        nr: usize,
        nc: usize,
        values: &[Option<f64>],
        percent: bool,
        blit: bool,
    ) -> Result<()> {
        let (Some(slots), Some((_, sc))) = (f.slots(), &f.colorbar) else {
            return Ok(());
        };
        let (pl, s) = (f.plot, f.s);
        let (cw, ch) = (slots.width(), pl.h() / nr.max(1) as f64);
        let gap = if cw >= 6.0 * s && ch >= 6.0 * s {
            s.round().max(1.0)
        } else {
            0.0
        };
        let color = |r: usize, c: usize| match optional_drawable_at(values, r * nc + c) {
            Some(v) => ramp_color(self.th.ramp, (v - sc.d0) / (sc.d1 - sc.d0)),
            None => self.th.missing,
        };
        let (x0, y0) = pt((pl.x0, pl.y0));
        let (x1, y1) = pt((pl.x1, pl.y1));
        let (bw, bh) = ((x1 - x0).max(0) as usize, (y1 - y0).max(0) as usize);
        if blit || nr * nc * 4 > bw * bh {
            // One bitmap: each pixel looks up its cell; cell edges become background gaps.
            let lookup = |n: usize, len: usize, size: f64| -> Vec<Option<usize>> {
                (0..len)
                    .map(|i| {
                        let p = i as f64 + 0.5;
                        let k = ((p / size) as usize).min(n.saturating_sub(1));
                        let edge = (k + 1) as f64 * size;
                        (p < edge - gap).then_some(k)
                    })
                    .collect()
            };
            let (cols, rows) = (lookup(nc, bw, cw), lookup(nr, bh, ch));
            let mut rgb = Vec::with_capacity(bw * bh * 3);
            let bg = self.th.bg;
            let row_colors: Vec<RGBColor> = (0..nr * nc).map(|i| color(i / nc, i % nc)).collect();
            for r in &rows {
                for c in &cols {
                    let RGBColor(a, b, d) = match (r, c) {
                        (Some(r), Some(c)) => row_colors.get(r * nc + c).copied().unwrap_or(bg),
                        _ => bg,
                    };
                    rgb.extend_from_slice(&[a, b, d]);
                }
            }
            let img = Blit {
                pos: (x0, y0),
                size: (bw as u32, bh as u32),
                rgb,
            };
            self.area.draw(&img).map_err(chart_err)?;
        } else {
            for r in 0..nr {
                for c in 0..nc {
                    if let Some(mut rect) = geom::cell(f, nr, r, c) {
                        rect.x1 -= gap;
                        rect.y1 -= gap;
                        self.rect(rect, color(r, c).filled())?;
                    }
                }
            }
        }
        let sample = if percent { "100.0%" } else { "88.8k" };
        if cw >= text_w(sample, f.sz.value) + 4.0 * s && ch >= em(f.sz.value) * 1.4 {
            for r in 0..nr {
                for c in 0..nc {
                    let (Some(v), Some(rect)) = (
                        optional_drawable_at(values, r * nc + c),
                        geom::cell(f, nr, r, c),
                    ) else {
                        continue;
                    };
                    let fg = if luminance(color(r, c)) > 0.55 {
                        RGBColor(0x1f, 0x23, 0x28)
                    } else {
                        RGBColor(0xff, 0xff, 0xff)
                    };
                    let at = (
                        (rect.x0 + rect.x1 - gap) / 2.0,
                        (rect.y0 + rect.y1 - gap) / 2.0,
                    );
                    self.text(&fmt_value(v, percent), at, f.sz.value, fg, CC, Rot::None)?;
                }
            }
        }
        Ok(())
    }
}

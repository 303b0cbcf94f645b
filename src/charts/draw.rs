//! Drawing a [`ChartSpec`] on any plotters backend (canvas in the browser, bitmap / SVG
//! natively). All positions come from [`frame`] and [`super::geom`], which hit testing uses too.

use super::format::{em, fit, fmt_scaled, fmt_value, text_w, truncate};
use super::frame::{frame, Frame, LabelMode, Rect, XAxis, YAxis};
use super::geom::{self, BarGeom};
use super::spec::{clean, drawable_at, optional_drawable_at, ChartKind, ChartSpec, Series};
use super::theme::{luminance, ramp_color, ChartStyle, Theme, VIRIDIS};
use crate::{Error, Result};
use plotters::coord::Shift;
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendCoord, DrawingErrorKind};

/// Draws `spec` filling `root`. Empty data draws the title and the spec's `empty_text`.
pub fn draw<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    style: &ChartStyle,
) -> Result<()> {
    let (w, h) = root.dim_in_pixel();
    let p = Painter {
        area: &root,
        th: Theme::new(style.dark),
        family: &style.font_family,
        raster_text: style.raster_text,
    };
    root.fill(&p.th.bg).map_err(chart_err)?;
    if w >= 40 && h >= 40 {
        let f = frame(spec, w as f64, h as f64, style);
        p.chrome(spec, &f)?;
        if spec.is_empty() {
            let c = ((f.plot.x0 + f.plot.x1) / 2.0, (f.plot.y0 + f.plot.y1) / 2.0);
            p.text(
                &spec.empty_text,
                c,
                f.sz.label * 1.1,
                p.th.muted,
                CC,
                Rot::None,
            )?;
        } else {
            p.kind(spec, &f, style)?;
        }
    }
    root.present().map_err(chart_err)
}

fn chart_err(e: impl std::fmt::Display) -> Error {
    Error::Chart(e.to_string())
}

/// Pixel coordinate (rounded, clamped far outside any canvas).
fn px(v: f64) -> i32 {
    if v.is_finite() {
        v.round().clamp(-1e6, 1e6) as i32
    } else {
        0
    }
}

fn pt((x, y): (f64, f64)) -> (i32, i32) {
    (px(x), px(y))
}

const CC: Pos = Pos {
    h_pos: HPos::Center,
    v_pos: VPos::Center,
};
const LC: Pos = Pos {
    h_pos: HPos::Left,
    v_pos: VPos::Center,
};
const RC: Pos = Pos {
    h_pos: HPos::Right,
    v_pos: VPos::Center,
};
const LT: Pos = Pos {
    h_pos: HPos::Left,
    v_pos: VPos::Top,
};
const CT: Pos = Pos {
    h_pos: HPos::Center,
    v_pos: VPos::Top,
};
const CB: Pos = Pos {
    h_pos: HPos::Center,
    v_pos: VPos::Bottom,
};

#[derive(Clone, Copy, PartialEq)]
enum Rot {
    None,
    /// Reads bottom to top.
    Up,
    /// Reads top to bottom.
    Down,
    Bold,
}

/// An RGB bitmap drawn with one `blit_bitmap` call.
struct Blit {
    pos: (i32, i32),
    size: (u32, u32),
    rgb: Vec<u8>,
}

impl<'a> PointCollection<'a, (i32, i32)> for &'a Blit {
    type Point = &'a (i32, i32);
    type IntoIter = std::iter::Once<&'a (i32, i32)>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.pos)
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Blit {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        match points.next() {
            Some(p) => backend.blit_bitmap(p, self.size, &self.rgb),
            None => Ok(()),
        }
    }
}

struct Painter<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    th: Theme,
    family: &'a str,
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    raster_text: bool,
}

impl<DB: DrawingBackend> Painter<'_, DB> {
    // --- primitives -------------------------------------------------------------------------

    fn text(
        &self,
        t: &str,
        at: (f64, f64),
        size: f64,
        c: RGBColor,
        pos: Pos,
        rot: Rot,
    ) -> Result<()> {
        if t.is_empty() {
            return Ok(());
        }
        #[cfg(not(target_arch = "wasm32"))]
        if self.raster_text {
            let g = super::native::GlyphText {
                text: t.to_owned(),
                pos: pt(at),
                size,
                color: c,
                anchor: pos,
                rotation: match rot {
                    Rot::Up => 270,
                    Rot::Down => 90,
                    _ => 0,
                },
                bold: rot == Rot::Bold,
            };
            return self.area.draw(&g).map_err(chart_err);
        }
        let weight = if rot == Rot::Bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        // plotters-canvas uses the size as CSS pixels, while the SVG backend and the layout take
        // the em as size / 1.24: scale on canvas so all backends agree.
        #[cfg(target_arch = "wasm32")]
        let size = size / 1.24;
        let mut font = FontDesc::new(FontFamily::Name(self.family), size, weight);
        font = match rot {
            Rot::Up => font.transform(FontTransform::Rotate270),
            Rot::Down => font.transform(FontTransform::Rotate90),
            _ => font,
        };
        let style = TextStyle::from(font).color(&c).pos(pos);
        self.area
            .draw(&Text::new(t.to_owned(), pt(at), style))
            .map_err(chart_err)
    }

    fn rect(&self, r: Rect, style: impl Into<ShapeStyle>) -> Result<()> {
        if !(r.w() > 0.0 && r.h() > 0.0) {
            return Ok(());
        }
        // Bitmap rectangles include both corners: shrink the far edge by one pixel.
        let (x0, y0) = pt((r.x0, r.y0));
        let (x1, y1) = pt((r.x1, r.y1));
        let (x1, y1) = ((x1 - 1).max(x0), (y1 - 1).max(y0));
        self.area
            .draw(&Rectangle::new([(x0, y0), (x1, y1)], style))
            .map_err(chart_err)
    }

    fn line(&self, pts: &[(f64, f64)], c: RGBAColor, width: f64) -> Result<()> {
        let style = ShapeStyle {
            color: c,
            filled: false,
            stroke_width: width.round().max(1.0) as u32,
        };
        self.area
            .draw(&PathElement::new(
                pts.iter().map(|&p| pt(p)).collect::<Vec<_>>(),
                style,
            ))
            .map_err(chart_err)
    }

    fn dot(&self, at: (f64, f64), r: f64, style: impl Into<ShapeStyle>) -> Result<()> {
        self.area
            .draw(&Circle::new(pt(at), px(r).max(1), style))
            .map_err(chart_err)
    }

    // --- frame ------------------------------------------------------------------------------

    /// Title, note and legend.
    fn chrome(&self, spec: &ChartSpec, f: &Frame) -> Result<()> {
        let width = f.w - 2.0 * f.pad;
        let title = fit(&spec.title, f.sz.title, width);
        self.text(
            &title,
            (f.pad, f.title_y),
            f.sz.title,
            self.th.fg,
            LT,
            Rot::Bold,
        )?;
        if let Some(note) = &spec.note {
            let note = fit(note, f.sz.note, width);
            self.text(
                &note,
                (f.pad, f.note_y),
                f.sz.note,
                self.th.muted,
                LT,
                Rot::None,
            )?;
        }
        let row_h = em(f.sz.tick) * 1.6;
        for it in &f.legend {
            let cy = it.y + row_h / 2.0;
            if it.line {
                let c = it.color.to_rgba();
                self.line(&[(it.x, cy), (it.x + 12.0 * f.s, cy)], c, 2.5 * f.s)?;
            } else {
                let r = Rect {
                    x0: it.x,
                    y0: cy - 5.0 * f.s,
                    x1: it.x + 10.0 * f.s,
                    y1: cy + 5.0 * f.s,
                };
                self.rect(r, it.color.filled())?;
            }
            self.text(
                &it.label,
                (it.x + 16.0 * f.s, cy),
                f.sz.tick,
                self.th.fg,
                LC,
                Rot::None,
            )?;
        }
        Ok(())
    }

    /// Horizontal grid lines, y tick labels and the y axis title; `grid_x` adds vertical ones.
    fn axes(&self, spec: &ChartSpec, f: &Frame, grid_x: bool) -> Result<()> {
        let (pl, s) = (f.plot, f.s);
        let tick_x = pl.x0 - 8.0 * s;
        match &f.y {
            YAxis::Linear(sc) => {
                for &t in &sc.ticks {
                    let y = sc.px(t);
                    let c = if t == 0.0 && sc.d0 < 0.0 {
                        self.th.axis
                    } else {
                        self.th.grid
                    };
                    self.line(&[(pl.x0, y), (pl.x1, y)], c.to_rgba(), s)?;
                    self.text(
                        &sc.label(t),
                        (tick_x, y),
                        f.sz.tick,
                        self.th.muted,
                        RC,
                        Rot::None,
                    )?;
                }
            }
            YAxis::Rows { labels, y0, y1 } => {
                let rh = (y1 - y0) / labels.len().max(1) as f64;
                let every = (em(f.sz.tick) * 1.2 / rh.max(1e-3)).ceil().max(1.0) as usize;
                for (i, l) in labels.iter().enumerate().step_by(every) {
                    let y = y0 + (i as f64 + 0.5) * rh;
                    let l = truncate(l, 22);
                    self.text(&l, (tick_x, y), f.sz.tick, self.th.muted, RC, Rot::None)?;
                }
            }
        }
        if !spec.y_label.is_empty() {
            let at = (f.pad + em(f.sz.label) * 0.6, (pl.y0 + pl.y1) / 2.0);
            let l = fit(&spec.y_label, f.sz.label, pl.h());
            self.text(&l, at, f.sz.label, self.th.muted, CC, Rot::Up)?;
        }
        let label_y = pl.y1 + 6.0 * s;
        match &f.x {
            XAxis::Categories {
                labels,
                slots,
                mode,
            } => {
                for (i, l) in labels.iter().enumerate() {
                    let x = slots.center(i);
                    match *mode {
                        LabelMode::Horizontal { every } if i % every == 0 => {
                            let l = fit(l, f.sz.tick, slots.width() * every as f64 - 4.0 * s);
                            // Keep thinned labels inside the canvas.
                            let half = text_w(&l, f.sz.tick) / 2.0;
                            let x = x.clamp(half + 2.0, (f.w - half - 2.0).max(half + 2.0));
                            self.text(&l, (x, label_y), f.sz.tick, self.th.muted, CT, Rot::None)?
                        }
                        LabelMode::Vertical { max_w } => {
                            let l = fit(l, f.sz.tick, max_w);
                            let pos = Pos::new(HPos::Right, VPos::Center);
                            self.text(&l, (x, label_y), f.sz.tick, self.th.muted, pos, Rot::Up)?
                        }
                        _ => {}
                    }
                }
            }
            XAxis::Linear(sc) => {
                for &t in &sc.ticks {
                    let x = sc.px(t);
                    if grid_x {
                        self.line(&[(x, pl.y0), (x, pl.y1)], self.th.grid.to_rgba(), s)?;
                    }
                    self.line(
                        &[(x, pl.y1), (x, pl.y1 + 4.0 * s)],
                        self.th.axis.to_rgba(),
                        s,
                    )?;
                    self.text(
                        &sc.label(t),
                        (x, label_y),
                        f.sz.tick,
                        self.th.muted,
                        CT,
                        Rot::None,
                    )?;
                }
            }
        }
        if matches!(f.y, YAxis::Linear(_)) {
            self.line(&[(pl.x0, pl.y1), (pl.x1, pl.y1)], self.th.axis.to_rgba(), s)?;
        }
        if !spec.x_label.is_empty() {
            let at = ((pl.x0 + pl.x1) / 2.0, f.h - f.pad);
            let l = fit(&spec.x_label, f.sz.label, pl.w());
            self.text(&l, at, f.sz.label, self.th.muted, CB, Rot::None)?;
        }
        if let Some(sc) = &f.y2 {
            for &t in &sc.ticks {
                let at = (pl.x1 + 8.0 * s, sc.px(t));
                self.text(&sc.label(t), at, f.sz.tick, self.th.muted, LC, Rot::None)?;
            }
            if let Some(l) = spec.y2_label.as_deref() {
                let at = (f.w - f.pad - em(f.sz.label) * 0.6, (pl.y0 + pl.y1) / 2.0);
                let l = fit(l, f.sz.label, pl.h());
                self.text(&l, at, f.sz.label, self.th.muted, CC, Rot::Down)?;
            }
        }
        Ok(())
    }

    /// The colour bar at the right of the plot with its ticks and title.
    fn colorbar(&self, f: &Frame, stops: &[(u8, u8, u8)], label: &str) -> Result<()> {
        let Some((r, sc)) = &f.colorbar else {
            return Ok(());
        };
        let strip = 2.0 * f.s;
        let mut y = r.y0;
        while y < r.y1 {
            let t = 1.0 - (y + strip / 2.0 - r.y0) / r.h().max(1.0);
            let seg = Rect {
                y0: y,
                y1: (y + strip + 1.0).min(r.y1),
                ..*r
            };
            self.rect(seg, ramp_color(stops, t).filled())?;
            y += strip;
        }
        for &t in &sc.ticks {
            let at = (r.x1 + 6.0 * f.s, sc.px(t));
            self.line(
                &[(r.x1, at.1), (r.x1 + 3.0 * f.s, at.1)],
                self.th.axis.to_rgba(),
                f.s,
            )?;
            self.text(&sc.label(t), at, f.sz.tick, self.th.muted, LC, Rot::None)?;
        }
        if !label.is_empty() {
            let at = (f.w - f.pad - em(f.sz.label) * 0.6, (r.y0 + r.y1) / 2.0);
            let l = fit(label, f.sz.label, r.h());
            self.text(&l, at, f.sz.label, self.th.muted, CC, Rot::Down)?;
        }
        Ok(())
    }

    // --- kinds ------------------------------------------------------------------------------

    fn kind(&self, spec: &ChartSpec, f: &Frame, style: &ChartStyle) -> Result<()> {
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
        bands: &[super::spec::Band],
        markers: &[super::spec::Marker],
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

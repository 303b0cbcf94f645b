//! Title, note, legend, axes and colour bar of a chart: everything around the data.

use super::{Painter, Rot, CB, CC, CT, LC, LT, RC};
use crate::charts::format::{em, fit, text_w, truncate};
use crate::charts::frame::{Frame, LabelMode, Rect, XAxis, YAxis};
use crate::charts::spec::ChartSpec;
use crate::charts::theme::ramp_color;
use crate::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

impl<DB: DrawingBackend> Painter<'_, DB> {
    /// Title, note and legend.
    pub(super) fn chrome(&self, spec: &ChartSpec, f: &Frame) -> Result<()> {
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
    pub(super) fn axes(&self, spec: &ChartSpec, f: &Frame, grid_x: bool) -> Result<()> {
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
    pub(super) fn colorbar(&self, f: &Frame, stops: &[(u8, u8, u8)], label: &str) -> Result<()> {
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
}

//! Drawing a [`ChartSpec`] on any plotters backend (canvas in the browser, bitmap / SVG
//! natively). All positions come from [`frame`] and [`crate::charts::geom`], which hit testing
//! uses too. The painter's primitives live here; [`chrome`] draws title, legend and axes,
//! [`marks`] the data of each chart kind.

mod chrome;
mod marks;

use crate::charts::frame::{frame, Rect};
use crate::charts::spec::ChartSpec;
use crate::charts::theme::{ChartStyle, Theme};
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
}

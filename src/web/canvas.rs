//! The browser's drawing backend: plotters-canvas, plus a real `blit_bitmap` (plotters-canvas
//! falls back on one rectangle per pixel). Dense charts such as the cohort heatmap are drawn
//! as one RGBA image with a single `putImageData`.

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// A drawing error of the canvas, as text.
#[derive(Debug)]
pub struct CanvasDrawError(String);

impl std::fmt::Display for CanvasDrawError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CanvasDrawError {}

type Res<T = ()> = Result<T, DrawingErrorKind<CanvasDrawError>>;

fn lift<T, E: std::error::Error + Send + Sync>(r: Result<T, DrawingErrorKind<E>>) -> Res<T> {
    r.map_err(|e| match e {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(CanvasDrawError(e.to_string()))
        }
        DrawingErrorKind::FontError(f) => DrawingErrorKind::FontError(f),
    })
}

/// plotters-canvas with bitmaps blitted in one call.
pub struct BlitCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
}

impl BlitCanvas {
    pub fn new(canvas: HtmlCanvasElement) -> Option<BlitCanvas> {
        let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas)?;
        Some(BlitCanvas { inner, context })
    }
}

impl DrawingBackend for BlitCanvas {
    type ErrorType = CanvasDrawError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Res {
        lift(self.inner.ensure_prepared())
    }

    fn present(&mut self) -> Res {
        lift(self.inner.present())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Res {
        lift(self.inner.draw_pixel(point, color))
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Res {
        lift(self.inner.draw_line(from, to, style))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Res {
        lift(self.inner.draw_rect(upper_left, bottom_right, style, fill))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Res {
        lift(self.inner.draw_path(path, style))
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Res {
        lift(self.inner.draw_circle(center, radius, style, fill))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Res {
        lift(self.inner.fill_polygon(vert, style))
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Res {
        lift(self.inner.draw_text(text, style, pos))
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Res<(u32, u32)> {
        lift(self.inner.estimate_text_size(text, style))
    }

    /// `src` is RGB, row-major, `iw × ih`: drawn as one RGBA image.
    fn blit_bitmap(&mut self, pos: BackendCoord, (iw, ih): (u32, u32), src: &[u8]) -> Res {
        let pixels = iw as usize * ih as usize;
        if pixels == 0 || src.len() < pixels * 3 {
            return Ok(());
        }
        let mut rgba = Vec::with_capacity(pixels * 4);
        for px in src.chunks_exact(3).take(pixels) {
            rgba.extend_from_slice(&[px[0], px[1], px[2], 255]);
        }
        let err = |e: wasm_bindgen::JsValue| {
            DrawingErrorKind::DrawingError(CanvasDrawError(format!("{e:?}")))
        };
        let image =
            ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), iw, ih).map_err(err)?;
        self.context
            .put_image_data(&image, pos.0 as f64, pos.1 as f64)
            .map_err(err)
    }
}

//! A chart parsed once into a handle on the main thread: drawn on a canvas, asked what is under
//! the pointer, shown as a table, without re-reading its spec. The page frees the handle
//! (`chart.free()`) when the chart is replaced or the widget unmounted.

use std::cell::Cell;

use wasm_bindgen::prelude::*;

use super::errors::{err, from_js, to_js};
use crate::charts::{ChartSpec, ChartStyle};

/// One chart spec (an element of the `charts` of `Engine.analyze`).
#[wasm_bindgen]
pub struct Chart {
    spec: ChartSpec,
    /// Canvas pixel size and device pixel ratio of the last [`Chart::draw`], for hit tests.
    drawn: Cell<Option<(u32, u32, f64)>>,
}

fn style(dpr: f64) -> ChartStyle {
    ChartStyle {
        scale: dpr.clamp(0.5, 4.0),
        ..ChartStyle::default()
    }
}

#[wasm_bindgen]
impl Chart {
    /// Parses a chart spec (a JS object); throws `bad_options` when it is not one.
    #[wasm_bindgen(constructor)]
    pub fn new(spec: JsValue) -> Result<Chart, JsValue> {
        Ok(Chart {
            spec: from_js(spec, "chart spec")?,
            drawn: Cell::new(None),
        })
    }

    /// The chart's stable id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.spec.id.clone()
    }

    /// Draws on a canvas whose pixel size is already set (CSS size × `dpr`).
    pub fn draw(
        &self,
        canvas: web_sys::HtmlCanvasElement,
        dpr: f64,
        dark: bool,
    ) -> Result<(), JsValue> {
        use plotters::prelude::*;
        let size = (canvas.width(), canvas.height());
        let backend = super::canvas::BlitCanvas::new(canvas)
            .ok_or_else(|| err("canvas", "cannot draw on this canvas"))?;
        let root = backend.into_drawing_area();
        let style = ChartStyle {
            dark,
            // Dense grids (cohort heatmaps) as one image: BlitCanvas blits in one call.
            blit: true,
            ..style(dpr)
        };
        crate::charts::draw(root, &self.spec, &style).map_err(super::errors::crate_err)?;
        self.drawn.set(Some((size.0, size.1, dpr)));
        Ok(())
    }

    /// What is under the pointer at (x, y) in canvas pixels of the last drawing:
    /// `{series, label, value}`, or `null` (also before the first draw).
    #[wasm_bindgen(js_name = hitTest)]
    pub fn hit_test(&self, x: f64, y: f64) -> Result<JsValue, JsValue> {
        let Some((w, h, dpr)) = self.drawn.get() else {
            return Ok(JsValue::NULL);
        };
        match crate::charts::hit_test(&self.spec, w, h, &style(dpr), x, y) {
            Some(hit) => to_js(&hit),
            None => Ok(JsValue::NULL),
        }
    }

    /// The chart's data as `[header, rows]`: the accessible alternative to the canvas.
    pub fn table(&self) -> Result<JsValue, JsValue> {
        to_js(&crate::charts::to_table(&self.spec))
    }
}

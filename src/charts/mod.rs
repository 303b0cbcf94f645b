//! Charts of the product, written once against plotters' `DrawingBackend`: drawn on a canvas
//! in the browser (plotters-canvas) and natively to PNG / SVG / RGB ([`native`]).
//!
//! - [`ChartSpec`] — serialisable description carried in the report JSON;
//! - [`draw()`] — draws a spec on any backend with a [`ChartStyle`] (scale, theme, font);
//! - [`hit_test`] — the mark under the pointer, from the same layout, for tooltips;
//! - [`to_table`] — the accessible data table of a chart;
//! - [`build`] — the specs of a report's charts, in the user's language (texts from
//!   [`crate::i18n::labels`]).

pub mod build;
mod draw;
mod format;
mod frame;
mod geom;
mod hit;
mod scale;
mod spec;
mod spec_de;
mod table;
mod theme;

#[cfg(not(target_arch = "wasm32"))]
pub mod native;

pub use draw::draw;
pub use format::{fmt_exact, fmt_value};
pub use hit::{hit_test, Hit};
pub use spec::{Band, ChartKind, ChartSpec, Marker, Point, Series, MAX_ABS};
pub use table::to_table;
pub use theme::ChartStyle;

#[cfg(not(target_arch = "wasm32"))]
pub use native::{render_png, render_rgb, render_svg};

#[cfg(test)]
mod tests;

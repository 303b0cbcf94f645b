//! LiveLens: live-commerce analytics computed locally.
//!
//! Data flow: files → [`ingest`] → [`model::Dataset`] → analyses ([`kpi`], ...) →
//! [`report::Report`] (JSON, the same for the page and the CLI) → [`charts`] (plotters, drawn
//! on canvas in the browser and to PNG/SVG natively).

pub mod demo;
pub mod error;
pub mod model;
pub mod visits;

pub use error::{Error, Result};

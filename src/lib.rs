//! LiveLens: live-commerce analytics computed locally.
//!
//! Data flow, the same for the page (through `web`, the wasm32-only bindings) and the CLI (`src/main.rs`):
//!
//! 1. files → [`ingest::load`] → [`model::Dataset`] (columnar, interned) + [`ingest::Validation`]
//! 2. dataset → analyses ([`kpi`], …) → [`report::Report`] via [`analyze`]
//! 3. report → [`charts`] specs → drawn with plotters (canvas in the browser, PNG/SVG natively)

// User data must never panic the page or the CLI: no unwrap/expect outside tests.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod analysis;
#[cfg(feature = "bench")]
pub mod bench;
pub mod charts;
pub mod cluster;
pub mod comments;
pub mod compare;
pub mod demo;
pub mod error;
pub mod features;
pub mod funnel;
pub mod i18n;
pub mod ingest;
pub mod interactions;
pub mod kpi;
pub mod live;
pub mod lottery;
pub mod model;
pub mod predict;
pub mod recommend;
pub mod report;
pub mod retention;
pub mod review;
pub mod rfm;
pub mod rules;
mod simd;
pub mod sort;
pub mod timeline;
pub mod timeslots;
pub mod traffic;
pub mod upload;
pub mod visits;
mod words;

#[cfg(target_arch = "wasm32")]
mod panic_hook;
#[cfg(all(target_arch = "wasm32", not(feature = "sheet-module")))]
pub mod web;

// The sheet module: the same crate built for wasm32 with `readSheet` as its only export.
#[cfg(all(target_arch = "wasm32", feature = "sheet-module"))]
pub mod sheet_web;

#[cfg(test)]
mod testutil;

pub use error::{Error, Result};

pub use analysis::{analyze, AnalysisOptions};

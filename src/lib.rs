//! LiveLens: live-commerce analytics computed locally.
//!
//! Data flow, the same for the page (through [`wasm`]) and the CLI (`src/main.rs`):
//!
//! 1. files → [`ingest::load`] → [`model::Dataset`] (columnar, interned) + [`ingest::Validation`]
//! 2. dataset → analyses ([`kpi`], …) → [`report::Report`] via [`analyze`]
//! 3. report → [`charts`] specs → drawn with plotters (canvas in the browser, PNG/SVG natively)

pub mod charts;
pub mod compare;
pub mod error;
pub mod funnel;
pub mod i18n;
pub mod ingest;
pub mod kpi;
pub mod model;
pub mod report;
pub mod retention;
pub mod rules;
pub mod timeline;
pub mod visits;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, Result};

use serde::{Deserialize, Serialize};

use ingest::Validation;
use model::Dataset;
use report::{DatasetSummary, Report, REPORT_VERSION};

/// Settings of the analyses (everything the page and the CLI let the user choose).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnalysisOptions {}

/// Runs every analysis on a loaded dataset.
pub fn analyze(ds: &Dataset, validation: &Validation, _opts: &AnalysisOptions) -> Report {
    let base = kpi::KpiBase::new(ds);
    Report {
        version: REPORT_VERSION,
        generator: concat!("livelens ", env!("CARGO_PKG_VERSION")).to_owned(),
        dataset: DatasetSummary::of(ds),
        validation: validation.clone(),
        kpis: kpi::kpis_with(ds, &base),
        hosts: kpi::by_host(ds, &base),
        skipped: Vec::new(),
    }
}

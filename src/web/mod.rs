//! The browser boundary: thin `#[wasm_bindgen]` wrappers over the core (only built for wasm32).
//!
//! The page runs two instances of this module: one in a Web Worker holding an [`Engine`]
//! (parsing and analysis), one on the main thread that only draws [`Chart`]s (plotters measures
//! text with the document, which a worker has not). Options, settings and results cross as JS
//! values through `serde-wasm-bindgen`; errors are thrown as JS `Error`s carrying the fields of
//! [`crate::error::ErrorInfo`] (`code`, `message`, `file`, `line`, `column`, `size`, `fits`).
//! A panic is reported through [`last_panic`] and `console.error`; the page then replaces the
//! worker, so a panic never takes the host page down.
//!
//! - [`engine`]: the worker's `Engine` (files, settings, ingest, analyse, demo)
//! - [`chart`]: the main thread's `Chart` handle (draw, hit test, table)
//! - [`errors`]: `ErrorInfo` → thrown JS value, and the JS value conversions
//! - [`stream`]: files arriving in slices, parsed as they arrive (the engine's ingest path)
//! - [`canvas`]: the plotters canvas backend with a real `blit_bitmap`
//! - [`live`]: live mode's `LiveSession` (follow a growing file, live screen, lottery) and
//!   `lotteryVerify`
//! - `bench` (feature `bench`): the bench page's `BenchEngine`

use wasm_bindgen::prelude::*;

#[cfg(feature = "bench")]
pub mod bench;
pub mod canvas;
pub mod chart;
pub mod engine;
pub mod errors;
pub mod live;
pub mod stream;

pub use chart::Chart;
pub use engine::Engine;
pub use live::{lottery_verify, LiveSession};

/// Installs the panic hook (runs when the module is instantiated).
#[wasm_bindgen(start)]
pub fn start() {
    crate::panic_hook::install("livelens panic");
}

/// The message of the last panic, if any (read it after a `RuntimeError: unreachable`).
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> Option<String> {
    crate::panic_hook::last()
}

/// The crate version, for the page's footer and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Whether this build reads spreadsheets (XLSX, XLS, ODS) itself. The shipped one does not: its
/// worker has the sheet module (`readSheet` of `livelens_sheet.js`) read them and hands the
/// result to [`Engine`] in place of the file (docs/decisions.md, "Wasm size, session 7").
#[wasm_bindgen(js_name = readsSpreadsheets)]
pub fn reads_spreadsheets() -> bool {
    cfg!(feature = "spreadsheets")
}

/// The default analysis options (`AnalysisOptions::default()`) as a JS object: the views show
/// these when a report section does not echo the parameters it used.
#[wasm_bindgen(js_name = defaultOptions)]
pub fn default_options() -> Result<JsValue, JsValue> {
    errors::to_js(&crate::AnalysisOptions::default())
}

/// The label table in `lang` (`"en"`, `"zh"`): canonical events, report sections,
/// recommendation models and chart texts, each a list of `{key, label}`
/// ([`crate::i18n::LabelTable`]). The page reads every such label from here.
#[wasm_bindgen(js_name = labels)]
pub fn labels(lang: &str) -> Result<JsValue, JsValue> {
    errors::to_js(&crate::i18n::LabelTable::new(crate::i18n::Lang::parse(
        lang,
    )))
}

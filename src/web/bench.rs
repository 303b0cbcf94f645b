//! The bench page's engine (`www/bench.html`, feature `bench`): add files, parse, run the stages
//! of [`crate::bench`] (timed by the page). Not in the shipped wasm.

use wasm_bindgen::prelude::*;

use super::errors::{crate_err, err, to_js};
use crate::ingest::{InputFile, Loaded};

#[wasm_bindgen]
#[derive(Default)]
pub struct BenchEngine {
    files: Vec<InputFile>,
    loaded: Option<Loaded>,
}

#[wasm_bindgen]
impl BenchEngine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> BenchEngine {
        BenchEngine::default()
    }

    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: String, bytes: Vec<u8>) {
        self.files.push(InputFile {
            name,
            bytes,
            ..InputFile::default()
        });
    }

    /// Drops the raw files (after parsing) so that memory holds only the dataset.
    #[wasm_bindgen(js_name = dropFiles)]
    pub fn drop_files(&mut self) {
        self.files = Vec::new();
    }

    /// Parses the files; returns rows accepted.
    pub fn parse(&mut self) -> f64 {
        let l = crate::bench::parse(&self.files);
        let n = l.validation.rows_accepted as f64;
        self.loaded = Some(l);
        n
    }

    /// Runs a stage; returns its summary (a JS object).
    pub fn stage(&self, name: &str) -> Result<JsValue, JsValue> {
        let l = self
            .loaded
            .as_ref()
            .ok_or_else(|| err("no_data", "parse first"))?;
        to_js(&crate::bench::run_stage(l, name).map_err(crate_err)?)
    }

    /// Association rules on a basket file; returns its summary (a JS object).
    pub fn rules(&self, text: &str) -> Result<JsValue, JsValue> {
        to_js(&crate::bench::rules_on_baskets(text).map_err(crate_err)?)
    }
}

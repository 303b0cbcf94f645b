//! The bench page's engine (`www/bench.html`, feature `bench`): add files, parse, run the stages
//! of [`crate::bench`] (timed by the page). Not in the shipped wasm.

use wasm_bindgen::prelude::*;

use super::errors::{crate_err, err, to_js};
use crate::ingest::{FileId, FileSpec, IngestOptions, Ingestor, InputFile, Loaded};

#[wasm_bindgen]
#[derive(Default)]
pub struct BenchEngine {
    files: Vec<InputFile>,
    loaded: Option<Loaded>,
    /// Files arriving in slices, as in the page's worker.
    stream: Option<(Ingestor, Option<FileId>)>,
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

    /// Starts a file arriving in slices (parsed as they arrive, as in the page's worker).
    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(&mut self, name: String, size: f64) {
        let (ing, current) = self
            .stream
            .get_or_insert_with(|| (Ingestor::new(&IngestOptions::default()), None));
        *current = Some(ing.begin_file(FileSpec {
            name,
            size: Some(size.max(0.0) as u64),
            ..FileSpec::default()
        }));
    }

    /// The next slice of the file begun last.
    #[wasm_bindgen(js_name = pushChunk)]
    pub fn push_chunk(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        match &mut self.stream {
            Some((ing, Some(id))) => ing.push(*id, chunk).map_err(crate_err),
            _ => Err(err("no_upload", "no file started")),
        }
    }

    /// The layout the next range of the file begun last is parsed with in a parse worker
    /// ([`super::stream::parse_range`]), or `undefined` when it would be read here.
    #[wasm_bindgen(js_name = parseLayout)]
    pub fn parse_layout(&self) -> Option<Vec<u8>> {
        match &self.stream {
            Some((ing, Some(id))) => ing.parse_layout(*id),
            _ => None,
        }
    }

    /// The next slice of the file begun last with its chunk from a parse worker (merged when
    /// that reads it as [`BenchEngine::push_chunk`] would, else read here); whether merged.
    #[wasm_bindgen(js_name = pushParsed)]
    pub fn push_parsed(&mut self, bytes: &[u8], chunk: &[u8]) -> Result<bool, JsValue> {
        match &mut self.stream {
            Some((ing, Some(id))) => ing.push_parsed(*id, bytes, chunk).map_err(crate_err),
            _ => Err(err("no_upload", "no file started")),
        }
    }

    /// Ends the file begun last.
    #[wasm_bindgen(js_name = endFile)]
    pub fn end_file(&mut self) -> Result<(), JsValue> {
        match &mut self.stream {
            Some((ing, id @ Some(_))) => match id.take() {
                Some(id) => ing.end_file(id).map_err(crate_err),
                None => Ok(()),
            },
            _ => Err(err("no_upload", "no file started")),
        }
    }

    /// Finishes the files that arrived in slices; returns rows accepted.
    pub fn finish(&mut self) -> Result<f64, JsValue> {
        let (ing, _) = self
            .stream
            .take()
            .ok_or_else(|| err("no_upload", "no file started"))?;
        let l = ing.finish();
        let n = l.validation.rows_accepted as f64;
        self.loaded = Some(l);
        Ok(n)
    }

    /// Rows accepted by the last parse.
    #[wasm_bindgen(js_name = rowsAccepted)]
    pub fn rows_accepted(&self) -> f64 {
        self.loaded
            .as_ref()
            .map_or(0.0, |l| l.validation.rows_accepted as f64)
    }

    /// The whole KPI table, as the page shows it first: every KPI overall, per session and per
    /// host, hosts by category, the session list (`analysis::analyze_kpis`). Returns counts.
    #[wasm_bindgen(js_name = kpiTable)]
    pub fn kpi_table(&self) -> Result<JsValue, JsValue> {
        let l = self
            .loaded
            .as_ref()
            .ok_or_else(|| err("no_data", "parse first"))?;
        let r = crate::analysis::analyze_kpis(&l.dataset, &l.validation);
        to_js(&serde_json::json!({
            "viewers": r.kpis.overall.viewers,
            "gmv": r.kpis.overall.gmv,
            "sessions": r.kpis.by_session.len(),
            "hosts": r.hosts.len(),
            "hosts_by_category": r.hosts_by_category.len(),
        }))
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

//! The worker's engine: the files the user gave, the settings, the parsed dataset and the last
//! report. Every method is a thin wrapper over the core (`ingest`, `analysis`, `demo`, `charts`).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::errors::{crate_err, err, from_js, throw, to_js};
use crate::analysis::{analyze, analyze_kpis};
use crate::charts::ChartSpec;
use crate::error::ErrorInfo;
use crate::ingest::{self, InputFile, Loaded, Settings};
use crate::report::Report;
use crate::upload::{Upload, INPUT_BUDGET};
use crate::AnalysisOptions;

/// What `analyze` and `analyzeKpis` return.
#[derive(Serialize)]
struct Analysed<'a> {
    report: &'a Report,
    charts: &'a [ChartSpec],
    /// Only the KPIs, hosts and sessions so far (the other sections are null).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    partial: bool,
}

/// The worker's state: the files the user gave, the settings, and the parsed dataset.
#[wasm_bindgen]
#[derive(Default)]
pub struct Engine {
    files: Vec<InputFile>,
    settings: Settings,
    loaded: Option<Loaded>,
    report: Option<Report>,
    upload: Option<(Upload, Option<String>)>,
}

#[wasm_bindgen]
impl Engine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Adds a file (replacing one of the same name). `kind` is `events`, `orders`, `items`,
    /// `users`, `sessions`, or empty to detect it.
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: String, bytes: Vec<u8>, kind: Option<String>) {
        let kind = kind.as_deref().and_then(ingest::FileKind::from_key);
        self.files.retain(|f| f.name != name);
        self.files.push(InputFile {
            name,
            bytes,
            kind,
            ..InputFile::default()
        });
        self.loaded = None;
    }

    /// Bytes still accepted before the input budget of this browser build is reached.
    #[wasm_bindgen(js_name = roomBytes)]
    pub fn room_bytes(&self) -> f64 {
        INPUT_BUDGET.saturating_sub(self.held_bytes()) as f64
    }

    fn held_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes.len() as u64).sum()
    }

    /// Starts a file that arrives in chunks ([`Engine::push_chunk`], then [`Engine::end_file`]).
    /// Throws an error with `code: "too_big"`, `size` and `fits` when it cannot fit in this
    /// browser's memory.
    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(
        &mut self,
        name: String,
        size: f64,
        kind: Option<String>,
    ) -> Result<(), JsValue> {
        let held = self.held_bytes().saturating_sub(
            self.files
                .iter()
                .filter(|f| f.name == name)
                .map(|f| f.bytes.len() as u64)
                .sum(),
        );
        let up = Upload::begin(&name, size.max(0.0) as u64, held, INPUT_BUDGET)
            .map_err(|e| throw(ErrorInfo::from(&e)))?;
        self.upload = Some((up, kind));
        Ok(())
    }

    /// Appends the next chunk of the file started by [`Engine::begin_file`].
    #[wasm_bindgen(js_name = pushChunk)]
    pub fn push_chunk(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let (up, _) = self
            .upload
            .as_mut()
            .ok_or_else(|| err("no_upload", "no file started"))?;
        up.push(chunk).map_err(|e| throw(ErrorInfo::from(&e)))
    }

    /// Adds the file assembled from chunks.
    #[wasm_bindgen(js_name = endFile)]
    pub fn end_file(&mut self) -> Result<(), JsValue> {
        let (up, kind) = self
            .upload
            .take()
            .ok_or_else(|| err("no_upload", "no file started"))?;
        let (name, bytes) = up.finish();
        self.add_file(name, bytes, kind);
        Ok(())
    }

    #[wasm_bindgen(js_name = removeFile)]
    pub fn remove_file(&mut self, name: &str) {
        self.files.retain(|f| f.name != name);
        self.loaded = None;
    }

    pub fn clear(&mut self) {
        *self = Engine::default();
    }

    #[wasm_bindgen(js_name = fileCount)]
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// Sets ingestion settings and per-file choices (an `ingest::Settings` object).
    pub fn configure(&mut self, settings: JsValue) -> Result<(), JsValue> {
        let s: Settings = from_js(settings, "settings")?;
        s.apply(&mut self.files).map_err(crate_err)?;
        self.settings = s;
        self.loaded = None;
        Ok(())
    }

    /// Parses all files and lets go of their bytes (only the parsed columns are kept); returns
    /// the validation report. Changing a mapping means adding the files again.
    pub fn ingest(&mut self) -> Result<JsValue, JsValue> {
        let files = std::mem::take(&mut self.files);
        let loaded = ingest::load(&files, &self.settings.options);
        drop(files);
        let out = to_js(&loaded.validation)?;
        self.loaded = Some(loaded);
        Ok(out)
    }

    /// Throws the `no_rows_accepted` error (the main reason and an example,
    /// [`ingest::ensure_rows_accepted`]) when no row of the events and orders files of the last
    /// `ingest` was accepted; the page shows it instead of an empty dashboard.
    #[wasm_bindgen(js_name = ensureRowsAccepted)]
    pub fn ensure_rows_accepted(&self) -> Result<(), JsValue> {
        match &self.loaded {
            Some(l) => ingest::ensure_rows_accepted(&l.validation).map_err(crate_err),
            None => Ok(()),
        }
    }

    /// Whether the parsed data holds events or payments to analyse.
    #[wasm_bindgen(js_name = hasData)]
    pub fn has_data(&self) -> bool {
        self.loaded
            .as_ref()
            .is_some_and(|l| !l.dataset.events.is_empty())
    }

    /// Runs the analyses (`options`: an `AnalysisOptions` object, missing fields take their
    /// defaults; `undefined` = all defaults); returns `{report, charts}` with chart specs in
    /// `lang` (`en` or `zh`).
    pub fn analyze(&mut self, options: JsValue, lang: &str) -> Result<JsValue, JsValue> {
        self.analyze_inner(options, lang, &mut |_, _, _| {})
    }

    /// [`Engine::analyze`], calling `progress(stage, index, total)` before each stage (see
    /// `analysis::STAGES`). Errors thrown by the callback are ignored.
    #[wasm_bindgen(js_name = analyzeWithProgress)]
    pub fn analyze_with_progress(
        &mut self,
        options: JsValue,
        lang: &str,
        progress: &js_sys::Function,
    ) -> Result<JsValue, JsValue> {
        self.analyze_inner(options, lang, &mut |stage, i, n| {
            let _ = progress.call3(
                &JsValue::NULL,
                &JsValue::from_str(stage),
                &JsValue::from_f64(i as f64),
                &JsValue::from_f64(n as f64),
            );
        })
    }

    /// The fast first stage: `{report, charts, partial: true}` where the report has the KPIs,
    /// hosts and sessions and every other section is null.
    #[wasm_bindgen(js_name = analyzeKpis)]
    pub fn analyze_kpis(&mut self, lang: &str) -> Result<JsValue, JsValue> {
        let loaded = self.loaded()?;
        let report = analyze_kpis(&loaded.dataset, &loaded.validation);
        let charts = crate::charts::build::all(&report, crate::i18n::Lang::parse(lang));
        to_js(&Analysed {
            report: &report,
            charts: &charts,
            partial: true,
        })
    }

    /// The chart specs of the last report in another language (no recomputation).
    pub fn charts(&self, lang: &str) -> Result<JsValue, JsValue> {
        let report = self
            .report
            .as_ref()
            .ok_or_else(|| err("not_analysed", "nothing analysed yet"))?;
        to_js(&crate::charts::build::all(
            report,
            crate::i18n::Lang::parse(lang),
        ))
    }

    /// Replaces the files with the generated demo data (`scale`: small, medium).
    #[wasm_bindgen(js_name = loadDemo)]
    pub fn load_demo(&mut self, seed: u32, scale: &str) -> Result<(), JsValue> {
        let scale = crate::demo::Scale::parse(scale)
            .ok_or_else(|| err("params", "scale must be small, medium or large"))?;
        let (files, truth) = crate::demo::generate(&crate::demo::DemoParams {
            seed: seed as u64,
            scale,
        })
        .map_err(crate_err)?;
        self.clear();
        for (name, kind, text) in [
            ("demo-events.csv", "events", files.events),
            ("demo-orders.csv", "orders", files.orders),
            ("demo-items.csv", "items", files.items),
            ("demo-users.csv", "users", files.users),
            ("demo-sessions.csv", "sessions", files.sessions),
        ] {
            self.add_file(name.to_owned(), text.into_bytes(), Some(kind.to_owned()));
        }
        self.settings.options.tz_offset_minutes = truth.tz_offset_minutes;
        Ok(())
    }

    /// Re-labels events after the user maps unknown names, without re-reading files
    /// (`[["抽奖", "comment"], …]`). Returns the new validation report.
    #[wasm_bindgen(js_name = mapEvents)]
    pub fn map_events(&mut self, map: JsValue) -> Result<JsValue, JsValue> {
        let map: Vec<(String, crate::model::EventKind)> = from_js(map, "event map")?;
        self.settings.options.event_map = map;
        match self.loaded.as_mut() {
            Some(l) => {
                ingest::remap_events(&mut l.dataset, &self.settings.options.event_map);
                let unknown = ingest::unknown_names(&l.dataset);
                if let Some(f) = l
                    .validation
                    .files
                    .iter_mut()
                    .find(|f| f.kind == Some(ingest::FileKind::Events))
                {
                    f.unknown_events = unknown;
                }
                to_js(&l.validation)
            }
            None => self.ingest(),
        }
    }
}

/// Test-only hooks (feature `testing`; the shipped wasm has none).
#[cfg(feature = "testing")]
#[wasm_bindgen]
impl Engine {
    /// TEST ONLY: panics on purpose, so the browser tests can check that a panic inside the
    /// wasm shows a message in the widget and leaves the host page working.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = debugPanic)]
    pub fn debug_panic(&self) {
        panic!("debug_panic: a deliberate panic for the browser tests");
    }
}

impl Engine {
    /// The parsed data, parsing the files first when needed.
    fn loaded(&mut self) -> Result<&Loaded, JsValue> {
        if self.loaded.is_none() {
            self.ingest()?;
        }
        self.loaded
            .as_ref()
            .ok_or_else(|| err("no_data", "no data loaded"))
    }

    fn analyze_inner(
        &mut self,
        options: JsValue,
        lang: &str,
        progress: &mut dyn FnMut(&str, usize, usize),
    ) -> Result<JsValue, JsValue> {
        let opts: AnalysisOptions = if options.is_undefined() || options.is_null() {
            AnalysisOptions::default()
        } else {
            from_js(options, "analysis options")?
        };
        let loaded = self.loaded()?;
        let report = analyze(&loaded.dataset, &loaded.validation, &opts, progress);
        let charts = crate::charts::build::all(&report, crate::i18n::Lang::parse(lang));
        let out = to_js(&Analysed {
            report: &report,
            charts: &charts,
            partial: false,
        })?;
        self.report = Some(report);
        Ok(out)
    }
}

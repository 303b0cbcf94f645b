//! Browser bindings: thin `#[wasm_bindgen]` wrappers over the core, returning `JsError`.
//!
//! The page runs two instances of this module: one in a Web Worker holding an [`Engine`]
//! (parsing and analysis), one on the main thread that only draws charts (plotters measures
//! text with the document, which a worker has not). Results cross as JSON strings. A panic is
//! reported through [`last_panic`] and `console.error`; the page then replaces the worker, so a
//! panic never takes the host page down.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::analysis::{analyze, analyze_kpis};
use crate::ingest::{self, InputFile, Loaded, Settings};
use crate::upload::{Upload, INPUT_BUDGET};
use crate::AnalysisOptions;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the panic hook (runs when the module is instantiated).
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&format!("livelens panic: {msg}")));
        LAST_PANIC.with(|p| {
            if let Ok(mut p) = p.try_borrow_mut() {
                *p = Some(msg);
            }
        });
    }));
}

/// The message of the last panic, if any (read it after a `RuntimeError: unreachable`).
#[wasm_bindgen]
pub fn last_panic() -> Option<String> {
    LAST_PANIC.with(|p| p.try_borrow().ok().and_then(|p| p.clone()))
}

/// The crate version, for the page's footer and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

fn js_err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// The worker's state: the files the user gave, the settings, and the parsed dataset.
#[wasm_bindgen]
#[derive(Default)]
pub struct Engine {
    files: Vec<InputFile>,
    settings: Settings,
    loaded: Option<Loaded>,
    report: Option<crate::report::Report>,
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
    pub fn room_bytes(&self) -> f64 {
        INPUT_BUDGET.saturating_sub(self.held_bytes()) as f64
    }

    fn held_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes.len() as u64).sum()
    }

    /// Starts a file that arrives in chunks ([`Engine::push_chunk`], then [`Engine::end_file`]).
    /// Fails with a message starting `too_big:` (`too_big:{size}:{fits}: sentence`) when it
    /// cannot fit in this browser's memory.
    pub fn begin_file(
        &mut self,
        name: String,
        size: f64,
        kind: Option<String>,
    ) -> Result<(), JsError> {
        let held = self.held_bytes().saturating_sub(
            self.files
                .iter()
                .filter(|f| f.name == name)
                .map(|f| f.bytes.len() as u64)
                .sum(),
        );
        let up = Upload::begin(&name, size.max(0.0) as u64, held, INPUT_BUDGET)
            .map_err(|e| JsError::new(&format!("too_big:{}:{}: {e}", e.size, e.fits)))?;
        self.upload = Some((up, kind));
        Ok(())
    }

    /// Appends the next chunk of the file started by [`Engine::begin_file`].
    pub fn push_chunk(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        let (up, _) = self
            .upload
            .as_mut()
            .ok_or_else(|| JsError::new("no file started"))?;
        up.push(chunk)
            .map_err(|e| JsError::new(&format!("too_big:{}:{}: {e}", e.size, e.fits)))
    }

    /// Adds the file assembled from chunks.
    pub fn end_file(&mut self) -> Result<(), JsError> {
        let (up, kind) = self
            .upload
            .take()
            .ok_or_else(|| JsError::new("no file started"))?;
        let (name, bytes) = up.finish();
        self.add_file(name, bytes, kind);
        Ok(())
    }

    pub fn remove_file(&mut self, name: &str) {
        self.files.retain(|f| f.name != name);
        self.loaded = None;
    }

    pub fn clear(&mut self) {
        *self = Engine::default();
    }

    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// Sets ingestion settings and per-file choices (JSON of `ingest::Settings`).
    pub fn configure(&mut self, settings_json: &str) -> Result<(), JsError> {
        let s: Settings = serde_json::from_str(settings_json).map_err(js_err)?;
        s.apply(&mut self.files).map_err(js_err)?;
        self.settings = s;
        self.loaded = None;
        Ok(())
    }

    /// Parses all files and lets go of their bytes (only the parsed columns are kept); returns
    /// the validation report (JSON). Changing a mapping means adding the files again.
    pub fn ingest(&mut self) -> Result<String, JsError> {
        let files = std::mem::take(&mut self.files);
        let loaded = ingest::load(&files, &self.settings.options);
        drop(files);
        let json = serde_json::to_string(&loaded.validation).map_err(js_err)?;
        self.loaded = Some(loaded);
        Ok(json)
    }

    /// Whether the parsed data holds events or payments to analyse.
    pub fn has_data(&self) -> bool {
        self.loaded
            .as_ref()
            .is_some_and(|l| !l.dataset.events.is_empty())
    }

    /// Runs the analyses (options: JSON of `AnalysisOptions`); returns
    /// `{"report": …, "charts": […]}` with chart specs in `lang` (`en` or `zh`).
    pub fn analyze(&mut self, options_json: &str, lang: &str) -> Result<String, JsError> {
        self.analyze_inner(options_json, lang, &mut |_, _, _| {})
    }

    /// [`Engine::analyze`], calling `progress(stage, index, total)` before each stage (see
    /// `analysis::STAGES`). Errors thrown by the callback are ignored.
    pub fn analyze_with_progress(
        &mut self,
        options_json: &str,
        lang: &str,
        progress: &js_sys::Function,
    ) -> Result<String, JsError> {
        self.analyze_inner(options_json, lang, &mut |stage, i, n| {
            let _ = progress.call3(
                &JsValue::NULL,
                &JsValue::from_str(stage),
                &JsValue::from_f64(i as f64),
                &JsValue::from_f64(n as f64),
            );
        })
    }

    /// The fast first stage: `{"report": …, "charts": […], "partial": true}` where the report
    /// has the KPIs, hosts and sessions and every other section is null.
    pub fn analyze_kpis(&mut self, lang: &str) -> Result<String, JsError> {
        if self.loaded.is_none() {
            self.ingest()?;
        }
        let loaded = self
            .loaded
            .as_ref()
            .ok_or_else(|| JsError::new("no data loaded"))?;
        let report = analyze_kpis(&loaded.dataset, &loaded.validation);
        let charts = crate::charts::build::all(&report, crate::i18n::Lang::parse(lang));
        serde_json::to_string(
            &serde_json::json!({ "report": report, "charts": charts, "partial": true }),
        )
        .map_err(js_err)
    }

    fn analyze_inner(
        &mut self,
        options_json: &str,
        lang: &str,
        progress: &mut dyn FnMut(&str, usize, usize),
    ) -> Result<String, JsError> {
        if self.loaded.is_none() {
            self.ingest()?;
        }
        let loaded = self
            .loaded
            .as_ref()
            .ok_or_else(|| JsError::new("no data loaded"))?;
        let opts: AnalysisOptions = if options_json.trim().is_empty() {
            AnalysisOptions::default()
        } else {
            serde_json::from_str(options_json).map_err(js_err)?
        };
        let report = analyze(&loaded.dataset, &loaded.validation, &opts, progress);
        let charts = crate::charts::build::all(&report, crate::i18n::Lang::parse(lang));
        let json =
            serde_json::to_string(&serde_json::json!({ "report": report, "charts": charts }))
                .map_err(js_err)?;
        self.report = Some(report);
        Ok(json)
    }

    /// TEST ONLY: panics on purpose, so the browser tests can check that a panic inside the
    /// wasm shows a message in the widget and leaves the host page working. Not part of the
    /// API; the widget reaches it only through its test hook.
    #[doc(hidden)]
    pub fn debug_panic(&self) {
        panic!("debug_panic: a deliberate panic for the browser tests");
    }

    /// The chart specs of the last report in another language (no recomputation).
    pub fn charts(&self, lang: &str) -> Result<String, JsError> {
        let report = self
            .report
            .as_ref()
            .ok_or_else(|| JsError::new("nothing analysed yet"))?;
        let charts = crate::charts::build::all(report, crate::i18n::Lang::parse(lang));
        serde_json::to_string(&charts).map_err(js_err)
    }

    /// Replaces the files with the generated demo data (`scale`: small, medium).
    pub fn load_demo(&mut self, seed: u32, scale: &str) -> Result<(), JsError> {
        let scale = crate::demo::Scale::parse(scale)
            .ok_or_else(|| JsError::new("scale must be small, medium or large"))?;
        let (files, truth) = crate::demo::generate(&crate::demo::DemoParams {
            seed: seed as u64,
            scale,
        })
        .map_err(js_err)?;
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
    /// (JSON: `[["抽奖", "comment"], …]`). Returns the new validation report.
    pub fn map_events(&mut self, map_json: &str) -> Result<String, JsError> {
        let map: Vec<(String, crate::model::EventKind)> =
            serde_json::from_str(map_json).map_err(js_err)?;
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
                serde_json::to_string(&l.validation).map_err(js_err)
            }
            None => self.ingest(),
        }
    }
}

/// Draws a chart spec (JSON) on a canvas whose pixel size is already set (CSS size × `dpr`).
#[wasm_bindgen]
pub fn draw_chart(
    canvas: web_sys::HtmlCanvasElement,
    spec_json: &str,
    dpr: f64,
    dark: bool,
) -> Result<(), JsError> {
    use plotters::prelude::*;
    let spec: crate::charts::ChartSpec = serde_json::from_str(spec_json).map_err(js_err)?;
    let backend = crate::canvas::BlitCanvas::new(canvas)
        .ok_or_else(|| JsError::new("cannot draw on this canvas"))?;
    let root = backend.into_drawing_area();
    let style = crate::charts::ChartStyle {
        scale: dpr.clamp(0.5, 4.0),
        dark,
        // Dense grids (cohort heatmaps) as one image: BlitCanvas blits in one call.
        blit: true,
        ..crate::charts::ChartStyle::default()
    };
    crate::charts::draw(root, &spec, &style).map_err(js_err)
}

/// What is under the pointer at (x, y) in canvas pixels: `{"series","label","value"}` JSON.
#[wasm_bindgen]
pub fn hit_test(
    spec_json: &str,
    width: u32,
    height: u32,
    dpr: f64,
    x: f64,
    y: f64,
) -> Result<Option<String>, JsError> {
    let spec: crate::charts::ChartSpec = serde_json::from_str(spec_json).map_err(js_err)?;
    let style = crate::charts::ChartStyle {
        scale: dpr.clamp(0.5, 4.0),
        ..crate::charts::ChartStyle::default()
    };
    Ok(crate::charts::hit_test(&spec, width, height, &style, x, y)
        .and_then(|h| serde_json::to_string(&h).ok()))
}

/// A chart's data as a table (`[header, rows]` JSON): the accessible alternative to the canvas.
#[wasm_bindgen]
pub fn chart_table(spec_json: &str) -> Result<String, JsError> {
    let spec: crate::charts::ChartSpec = serde_json::from_str(spec_json).map_err(js_err)?;
    serde_json::to_string(&crate::charts::to_table(&spec)).map_err(js_err)
}

/// The label table in `lang` (`"en"`, `"zh"`): canonical events, report sections,
/// recommendation models and chart texts, each a list of `{key, label}`
/// ([`crate::i18n::LabelTable`]). The page reads every such label from here.
#[wasm_bindgen(js_name = "labels")]
pub fn labels(lang: &str) -> Result<JsValue, JsError> {
    let table = crate::i18n::LabelTable::new(crate::i18n::Lang::parse(lang));
    serde_wasm_bindgen::to_value(&table).map_err(js_err)
}

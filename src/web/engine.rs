//! The worker's engine: the files the user gave, the settings, the parsed dataset and the last
//! report. Every method is a thin wrapper over the core (`ingest`, `analysis`, `demo`, `charts`).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::errors::{crate_err, err, from_js, to_js};
use crate::analysis::{
    analyze_kpis, analyze_reusing, fields_of, give_back, lend_sections, merge_sections, reanalyze,
    segments_to_reuse, Section,
};
use crate::charts::ChartSpec;
use crate::ingest::{self, InputFile, Loaded, Settings};
use crate::report::Report;
use crate::upload::INPUT_BUDGET;

use super::stream::Stream;
use crate::AnalysisOptions;

/// What `analyze` and `analyzeKpis` return.
#[derive(Serialize)]
struct Analysed<'a> {
    /// The whole report, or, with `changed`, the report held's fields of those sections.
    report: &'a Report,
    charts: &'a [ChartSpec],
    /// Only the KPIs, hosts and sessions so far (the other sections are null).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    partial: bool,
    /// The sections the report has (keys of `analysis::STAGES`).
    #[serde(skip_serializing_if = "Option::is_none")]
    sections: Option<&'a [Section]>,
    /// When `report` holds only these sections of the report held: what changed, for the page
    /// to put into its copy. A lazy view's sections or new settings change a small part of a
    /// report of several MB, which took longer to convert and send than to compute.
    #[serde(skip_serializing_if = "Option::is_none")]
    changed: Option<&'a [Section]>,
    /// With `changed`: the report fields to take from `report` (those sections' and
    /// `skipped`); the others are empty there.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<String>,
}

/// The worker's state: the files the user gave, the settings, and the parsed dataset.
#[wasm_bindgen]
#[derive(Default)]
pub struct Engine {
    /// Files handed in whole (the demo's), parsed by `ingest`.
    files: Vec<InputFile>,
    pub(super) settings: Settings,
    pub(super) loaded: Option<Loaded>,
    report: Option<Report>,
    /// The sections `report` has.
    sections: Vec<Section>,
    /// Files arriving in slices, parsed as they arrive (`stream.rs`).
    pub(super) stream: Option<Stream>,
    /// Bumped whenever the dataset is made or changed (`ingest`, `mapEvents`).
    data_version: u64,
    /// The `data_version` `report` was computed on: its segments are reused only on that data.
    report_version: u64,
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

    /// Removes a file handed in whole (files arriving in slices are parsed as they arrive:
    /// the page clears and sends the others again).
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
        // Files added whole, and files parsed as their slices arrived.
        self.files.len() + self.stream.as_ref().map_or(0, |s| s.files())
    }

    /// Sets ingestion settings and per-file choices (an `ingest::Settings` object).
    pub fn configure(&mut self, settings: JsValue) -> Result<(), JsValue> {
        let s: Settings = from_js(settings, "settings")?;
        s.options.check().map_err(crate_err)?;
        s.apply(&mut self.files).map_err(crate_err)?;
        self.settings = s;
        self.loaded = None;
        Ok(())
    }

    /// Finishes parsing: the files that arrived in slices are already read; files handed in
    /// whole are read now, and their bytes let go (only the parsed columns are kept). Returns
    /// the validation report. Changing a mapping means adding the files again.
    pub fn ingest(&mut self) -> Result<JsValue, JsValue> {
        let files = std::mem::take(&mut self.files);
        let loaded = match self.stream.take() {
            Some(stream) => stream.finish(&files),
            None => ingest::load(&files, &self.settings.options),
        };
        drop(files);
        let out = to_js(&loaded.validation)?;
        self.loaded = Some(loaded);
        self.data_version += 1;
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
        self.sections_inner(options, lang, None, false, &mut |_, _, _| {})
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
        self.sections_inner(options, lang, None, false, &mut js_progress(progress))
    }

    /// [`Engine::analyze_with_progress`] limited to `sections` (keys of `analysis::STAGES`;
    /// `undefined` = all). With `merge`, the sections are merged into the report held (computed
    /// earlier with the same options: the page's heavy sections, computed when their view is
    /// first opened) instead of replacing it. Returns `{report, charts, sections}`, `sections`
    /// being those the report now has.
    #[wasm_bindgen(js_name = analyzeSections)]
    pub fn analyze_sections(
        &mut self,
        options: JsValue,
        lang: &str,
        sections: Option<Vec<String>>,
        merge: bool,
        progress: &js_sys::Function,
    ) -> Result<JsValue, JsValue> {
        self.sections_inner(options, lang, sections, merge, &mut js_progress(progress))
    }

    /// New settings (`options`) on the report held, differing from its settings in the keys
    /// `changed` (`funnel`, `rfm`, …): only the sections they change are computed again
    /// (`analysis::reanalyze`), those of `sections` (keys; `undefined` = all) with the sections
    /// the report lacks; changed sections not in `sections` are dropped (computed again when
    /// asked for). Without a report of this data, [`Engine::analyze_sections`]. Returns
    /// `{report, charts, sections}`.
    #[wasm_bindgen(js_name = analyzeChanged)]
    pub fn analyze_changed(
        &mut self,
        options: JsValue,
        lang: &str,
        sections: Option<Vec<String>>,
        changed: Vec<String>,
        progress: &js_sys::Function,
    ) -> Result<JsValue, JsValue> {
        // Files given since are parsed first: a report of other data is not reused.
        self.loaded()?;
        if self.report_version != self.data_version || self.report.is_none() {
            return self.sections_inner(options, lang, sections, false, &mut js_progress(progress));
        }
        let mut opts = options_from(options)?;
        let wanted = sections_asked(sections)?;
        let changed: Vec<&str> = changed.iter().map(String::as_str).collect();
        let (Some(loaded), Some(held)) = (self.loaded.as_ref(), self.report.as_mut()) else {
            return Err(err("not_analysed", "nothing analysed yet"));
        };
        let mut on_stage = js_progress(progress);
        let touched = reanalyze(
            loaded,
            held,
            &mut self.sections,
            &changed,
            &mut opts,
            &wanted,
            &mut on_stage,
        );
        self.held_answer(lang, Some(&touched))
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
            sections: None,
            changed: None,
            fields: Vec::new(),
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
                self.data_version += 1;
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
    /// Bytes held or handed in: they count against the input budget.
    pub(super) fn held_bytes(&self) -> u64 {
        let whole: u64 = self.files.iter().map(|f| f.bytes.len() as u64).sum();
        whole + self.stream.as_ref().map_or(0, Stream::bytes)
    }

    /// `{report, charts, sections}` of the report held, charts in `lang`; with `changed`, the
    /// report of those sections alone (`changed` and `fields` in the answer).
    fn held_answer(&mut self, lang: &str, changed: Option<&[Section]>) -> Result<JsValue, JsValue> {
        let report = self
            .report
            .as_mut()
            .ok_or_else(|| err("not_analysed", "nothing analysed yet"))?;
        let charts = crate::charts::build::all(report, crate::i18n::Lang::parse(lang));
        let list = changed.unwrap_or_default();
        let part = changed.map(|list| lend_sections(report, list));
        // Strings: their serialisation is the wasm's already (the size budget).
        let mut fields: Vec<String> = Vec::new();
        for &s in list {
            fields.extend(fields_of(s).iter().map(|&f| f.to_owned()));
        }
        if changed.is_some() {
            fields.push("skipped".to_owned());
        }
        let out = to_js(&Analysed {
            report: part.as_ref().unwrap_or(report),
            charts: &charts,
            partial: false,
            sections: Some(&self.sections),
            changed,
            fields,
        });
        if let Some(part) = part {
            give_back(report, part, list);
        }
        out
    }

    /// The parsed data, parsing the files first when needed.
    fn loaded(&mut self) -> Result<&Loaded, JsValue> {
        if self.loaded.is_none() {
            self.ingest()?;
        }
        self.loaded
            .as_ref()
            .ok_or_else(|| err("no_data", "no data loaded"))
    }

    /// [`Engine::analyze_sections`] with any progress callback (`analyze` and
    /// `analyzeWithProgress`: every section, not merged).
    fn sections_inner(
        &mut self,
        options: JsValue,
        lang: &str,
        sections: Option<Vec<String>>,
        merge: bool,
        progress: &mut dyn FnMut(&str, usize, usize),
    ) -> Result<JsValue, JsValue> {
        let mut opts = options_from(options)?;
        let mut wanted = sections_asked(sections)?;
        self.loaded()?;
        let loaded = (self.loaded.as_ref()).ok_or_else(|| err("no_data", "no data loaded"))?;
        // Segments the recommendations (or a funnel by segment) need: the held report's when
        // merging into it (computed on this data), else computed and reported with the
        // sections asked for.
        let same_data = self.report_version == self.data_version;
        let held = self.report.as_ref().filter(|_| merge && same_data);
        let known = segments_to_reuse(held, &opts, &mut wanted);
        let keys: Vec<&str> = wanted.iter().map(|s| s.key()).collect();
        opts.sections = Some(wanted.clone());
        // Progress names only the stages computed (and `done`).
        let mut on_stage = |stage: &str, i: usize, n: usize| {
            if stage == "done" || keys.contains(&stage) {
                progress(stage, i, n);
            }
        };
        let fresh = analyze_reusing(
            &loaded.dataset,
            &loaded.validation,
            &opts,
            1,
            &mut on_stage,
            known,
        );
        match self.report.as_mut().filter(|_| merge) {
            Some(held) => {
                merge_sections(held, fresh, &keys);
                for &s in &wanted {
                    if !self.sections.contains(&s) {
                        self.sections.push(s);
                    }
                }
                self.held_answer(lang, Some(&wanted))
            }
            None => {
                self.report = Some(fresh);
                self.report_version = self.data_version;
                self.sections = wanted;
                self.held_answer(lang, None)
            }
        }
    }
}

/// Analysis options from JS (`undefined` or `null`: the defaults).
/// The sections asked for by key (`undefined` = all).
fn sections_asked(sections: Option<Vec<String>>) -> Result<Vec<Section>, JsValue> {
    match sections {
        Some(list) => Section::parse_list(&list.join(",")).map_err(crate_err),
        None => Ok(Section::ALL.to_vec()),
    }
}

fn options_from(options: JsValue) -> Result<AnalysisOptions, JsValue> {
    if options.is_undefined() || options.is_null() {
        Ok(AnalysisOptions::default())
    } else {
        from_js(options, "analysis options")
    }
}

/// A progress callback calling `progress(stage, index, total)` (its errors are ignored).
fn js_progress(progress: &js_sys::Function) -> impl FnMut(&str, usize, usize) + '_ {
    move |stage, i, n| {
        let _ = progress.call3(
            &JsValue::NULL,
            &JsValue::from_str(stage),
            &JsValue::from_f64(i as f64),
            &JsValue::from_f64(n as f64),
        );
    }
}

//! Files arriving in slices, parsed as they arrive: the worker reads each `File` in 4 MB
//! slices and pushes them here ([`Engine::begin_file`], [`Engine::push_chunk`],
//! [`Engine::end_file`]); the core's [`Ingestor`] reads every complete line at once, so the raw
//! bytes are never all in wasm memory beside the parsed columns. [`Engine::ingest`] finishes.

use wasm_bindgen::prelude::*;

use super::engine::Engine;
use super::errors::{crate_err, err, throw};
use crate::error::ErrorInfo;
use crate::ingest::{self, chunk_wire, FileId, FileSpec, Ingestor, InputFile, Loaded, Settings};
use crate::upload::{check_fits, INPUT_BUDGET};

/// The ingestion under way: the core's ingestor and the file being pushed.
pub(super) struct Stream {
    ingestor: Ingestor,
    current: Option<FileId>,
    /// The current file's name, announced size and bytes pushed so far: a file may not bring
    /// more than it announced (the size was checked against the input budget).
    announced: (String, u64, u64),
}

impl Stream {
    /// Files begun so far.
    pub(super) fn files(&self) -> usize {
        self.ingestor.progress().files as usize
    }

    /// Bytes handed in so far (they count against the input budget).
    pub(super) fn bytes(&self) -> u64 {
        self.ingestor.progress().bytes
    }

    /// Ends every file and runs the steps across files; `whole` files (the demo's) are handed in
    /// first, each in one piece.
    pub(super) fn finish(mut self, whole: &[InputFile]) -> Loaded {
        for f in whole {
            let id = self.ingestor.begin_file(FileSpec::of(f));
            let _ = self.ingestor.push(id, &f.bytes);
            let _ = self.ingestor.end_file(id);
        }
        self.ingestor.finish()
    }
}

/// The spec of a file about to arrive, with the user's choices for it (`settings`) over the
/// kind the page gave.
fn spec(
    name: String,
    size: u64,
    kind: Option<&str>,
    settings: &Settings,
) -> crate::Result<FileSpec> {
    let mut probe = [InputFile {
        name,
        kind: kind.and_then(ingest::FileKind::from_key),
        ..InputFile::default()
    }];
    settings.apply(&mut probe)?;
    let [f] = probe;
    Ok(FileSpec {
        size: Some(size),
        ..FileSpec::of(&f)
    })
}

#[wasm_bindgen]
impl Engine {
    /// Starts a file that arrives in slices ([`Engine::push_chunk`], then [`Engine::end_file`]),
    /// parsed with the settings given so far (`configure` first). Throws an error with
    /// `code: "too_big"`, `size` and `fits` when it cannot fit in this browser's memory.
    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(
        &mut self,
        name: String,
        size: f64,
        kind: Option<String>,
    ) -> Result<(), JsValue> {
        let size = size.max(0.0) as u64;
        check_fits(&name, size, self.held_bytes(), INPUT_BUDGET)
            .map_err(|e| throw(ErrorInfo::from(&e)))?;
        let spec = spec(name.clone(), size, kind.as_deref(), &self.settings).map_err(crate_err)?;
        self.loaded = None;
        let options = &self.settings.options;
        let stream = self.stream.get_or_insert_with(|| Stream {
            ingestor: Ingestor::new(options),
            current: None,
            announced: (String::new(), 0, 0),
        });
        stream.current = Some(stream.ingestor.begin_file(spec));
        stream.announced = (name, size, 0);
        Ok(())
    }

    /// Parses the next slice of the file started by [`Engine::begin_file`] (every complete
    /// line; a partial last line waits for the next slice).
    #[wasm_bindgen(js_name = pushChunk)]
    pub fn push_chunk(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let stream = self.stream.as_mut();
        let (stream, id) = stream
            .and_then(|s| s.current.map(|id| (s, id)))
            .ok_or_else(|| err("no_upload", "no file started"))?;
        let (name, announced, pushed) = &mut stream.announced;
        let now = *pushed + chunk.len() as u64;
        if now > *announced {
            let e = crate::upload::TooBig {
                name: name.clone(),
                size: now,
                fits: *announced,
            };
            return Err(throw(ErrorInfo::from(&e)));
        }
        *pushed = now;
        stream.ingestor.push(id, chunk).map_err(crate_err)
    }

    /// The layout (a small binary) the next range of the file started by
    /// [`Engine::begin_file`] is parsed with in a parse worker ([`parse_range`]), or `undefined`
    /// when a range parsed elsewhere would not be merged now (see `Ingestor::parse_layout`).
    #[wasm_bindgen(js_name = parseLayout)]
    pub fn parse_layout(&self) -> Option<Vec<u8>> {
        let s = self.stream.as_ref()?;
        s.ingestor.parse_layout(s.current?)
    }

    /// [`Engine::push_chunk`] of `bytes` with `chunk`, their chunk as a parse worker made it
    /// ([`parse_range`] of the same bytes): merged when that reads them as
    /// [`Engine::push_chunk`] would, else read here. Returns whether the chunk was merged.
    #[wasm_bindgen(js_name = pushParsed)]
    pub fn push_parsed(&mut self, bytes: &[u8], chunk: &[u8]) -> Result<bool, JsValue> {
        let stream = self.stream.as_mut();
        let (stream, id) = stream
            .and_then(|s| s.current.map(|id| (s, id)))
            .ok_or_else(|| err("no_upload", "no file started"))?;
        let (name, announced, pushed) = &mut stream.announced;
        let now = *pushed + bytes.len() as u64;
        if now > *announced {
            let e = crate::upload::TooBig {
                name: name.clone(),
                size: now,
                fits: *announced,
            };
            return Err(throw(ErrorInfo::from(&e)));
        }
        *pushed = now;
        stream
            .ingestor
            .push_parsed(id, bytes, chunk)
            .map_err(crate_err)
    }

    /// Ends the file started by [`Engine::begin_file`] (its last line is read).
    #[wasm_bindgen(js_name = endFile)]
    pub fn end_file(&mut self) -> Result<(), JsValue> {
        let stream = self.stream.as_mut();
        let (stream, id) = stream
            .and_then(|s| s.current.take().map(|id| (s, id)))
            .ok_or_else(|| err("no_upload", "no file started"))?;
        stream.ingestor.end_file(id).map_err(crate_err)
    }

    /// Rows read so far (accepted and rejected) of the files arriving in slices.
    #[wasm_bindgen(js_name = rowsRead)]
    pub fn rows_read(&self) -> f64 {
        self.stream
            .as_ref()
            .map_or(0.0, |s| s.ingestor.progress().rows_read as f64)
    }

    /// Where a file comes in reading order (side tables, then events, then orders), told from
    /// its first bytes (`head`: the first 256 KiB, or all of a file up to 4 MiB, a JSON file or
    /// a spreadsheet). The worker hands files in this order, so that ids, and with them every
    /// figure, are those of `livelens analyze` on the same files.
    #[wasm_bindgen(js_name = readingRank)]
    pub fn reading_rank(&self, name: String, head: Vec<u8>, kind: Option<String>) -> u8 {
        let mut probe = [InputFile {
            name,
            bytes: head,
            kind: kind.as_deref().and_then(ingest::FileKind::from_key),
            ..InputFile::default()
        }];
        // A mapping the settings cannot apply is reported when the file begins.
        let _ = self.settings.apply(&mut probe);
        let [f] = probe;
        ingest::reading_rank(&f)
    }
}

/// In a parse worker (its own wasm instance): `text`, complete lines of an events file from a
/// record's start, parsed with `layout` ([`Engine::parse_layout`]) into the chunk's binary
/// form for [`Engine::push_parsed`]. Throws (code `not_parsed`) for text that is not UTF-8 or a
/// layout of another version: the range is then read by the engine.
#[wasm_bindgen(js_name = parseRange)]
pub fn parse_range(layout: &[u8], text: &[u8]) -> Result<Vec<u8>, JsValue> {
    let l = chunk_wire::decode_layout(layout).map_err(|e| err("not_parsed", e.0))?;
    chunk_wire::parse_to_wire(&l, text, false).map_err(|e| err("not_parsed", e.0))
}

//! The sheet module's binding (feature `sheet-module`; scripts/build.sh writes it to
//! `pkg/livelens_sheet.js` and `livelens_sheet_bg.wasm`). The shipped main wasm has no
//! spreadsheet reader; the page's worker imports this module only when a dropped file starts
//! like a spreadsheet (ZIP or OLE), reads the file with [`read_sheet`] and pushes the result to
//! the engine in place of the file's bytes (src/ingest/table/sheet_rows.rs).

use wasm_bindgen::prelude::*;

/// Installs the panic hook (runs when the module is instantiated).
#[wasm_bindgen(start)]
pub fn start() {
    crate::panic_hook::install("livelens sheet panic");
}

/// The message of the last panic, if any (read it after a `RuntimeError: unreachable`).
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> Option<String> {
    crate::panic_hook::last()
}

/// Reads sheet `sheet` (default: the first) of the spreadsheet `bytes` named `name` as the CLI
/// reads it (the size guards, then calamine): the rows, or the error (code and message), as the
/// bytes the engine's `beginFile`/`pushChunk`/`endFile` take in place of the file's.
#[wasm_bindgen(js_name = readSheet)]
pub fn read_sheet(name: &str, bytes: &[u8], sheet: Option<String>) -> Vec<u8> {
    crate::ingest::table::pre_read_sheet(name, bytes, sheet.as_deref())
}

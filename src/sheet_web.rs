//! The sheet module's binding (feature `sheet-module`; scripts/build.sh writes it to
//! `pkg/livelens_sheet.js` and `livelens_sheet_bg.wasm`). The shipped main wasm has no
//! spreadsheet reader; the page's worker imports this module only when a dropped file starts
//! like a spreadsheet (ZIP or OLE), reads the file with [`read_sheet`] and pushes the result to
//! the engine in place of the file's bytes (src/ingest/table/sheet_rows.rs).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the panic hook (runs when the module is instantiated).
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&format!("livelens sheet panic: {msg}")));
        LAST_PANIC.with(|p| {
            if let Ok(mut p) = p.try_borrow_mut() {
                *p = Some(msg);
            }
        });
    }));
}

/// The message of the last panic, if any (read it after a `RuntimeError: unreachable`).
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> Option<String> {
    LAST_PANIC.with(|p| p.try_borrow().ok().and_then(|p| p.clone()))
}

/// Reads sheet `sheet` (default: the first) of the spreadsheet `bytes` named `name` as the CLI
/// reads it (the size guards, then calamine): the rows, or the error (code and message), as the
/// bytes the engine's `beginFile`/`pushChunk`/`endFile` take in place of the file's.
#[wasm_bindgen(js_name = readSheet)]
pub fn read_sheet(name: &str, bytes: &[u8], sheet: Option<String>) -> Vec<u8> {
    crate::ingest::table::pre_read_sheet(name, bytes, sheet.as_deref())
}

//! The panic hook of both wasm modules (the engine's `web` bindings and the sheet module): a
//! panic is logged to the console and kept, so the page can show it after the
//! `RuntimeError: unreachable` that aborts the call (docs/decisions.md, panic containment).

use std::cell::RefCell;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the hook; `label` starts the console line (`livelens panic`, `livelens sheet panic`).
pub(crate) fn install(label: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
        let msg = info.to_string();
        web_sys::console::error_1(&wasm_bindgen::JsValue::from_str(&format!("{label}: {msg}")));
        LAST_PANIC.with(|p| {
            if let Ok(mut p) = p.try_borrow_mut() {
                *p = Some(msg);
            }
        });
    }));
}

/// The message of the last panic, if any.
pub(crate) fn last() -> Option<String> {
    LAST_PANIC.with(|p| p.try_borrow().ok().and_then(|p| p.clone()))
}

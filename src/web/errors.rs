//! Errors and values across the boundary. Every fallible export returns `Result<_, JsValue>`
//! whose error is a JS `Error` (with a stack, `message` = the English sentence) carrying the
//! fields of [`ErrorInfo`] as own properties: the page reads `code` and words the message in its
//! language.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::ErrorInfo;

/// The thrown value of an [`ErrorInfo`]: `Object.assign(new Error(message), info)`.
pub fn throw(info: ErrorInfo) -> JsValue {
    let err = js_sys::Error::new(&info.message);
    if let Ok(fields) = info.serialize(&serde_wasm_bindgen::Serializer::json_compatible()) {
        if let Some(fields) = fields.dyn_ref::<js_sys::Object>() {
            js_sys::Object::assign(&err, fields);
        }
    }
    err.into()
}

/// A crate error as a thrown value.
pub fn crate_err(e: crate::Error) -> JsValue {
    throw(ErrorInfo::from(e))
}

/// An error of the bindings themselves (`code`: see [`ErrorInfo::code`]).
pub fn err(code: &str, message: impl Into<String>) -> JsValue {
    throw(ErrorInfo::new(code, message))
}

/// A Rust value as a plain JS value: objects (not `Map`s) for maps, `null` for `None`.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| err("serialize", e.to_string()))
}

/// A JS value as a Rust value; `what` names it in the error (`code` `bad_options`).
pub fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|e| err("bad_options", format!("{what}: {e}")))
}

//! Text encodings: detecting and decoding UTF-8 (with or without BOM), UTF-16LE/BE, GB18030
//! (GBK's superset), and files whose lines mix UTF-8 and GB18030; refusing binary data.

use std::borrow::Cow;

use crate::error::{Error, Result};

/// `std::str::from_utf8`, same result and same error, checked with SIMD (`simdutf8`: AVX2 or
/// SSE4.2 when the CPU has them, simd128 in a wasm built with it; else the standard library's
/// check): the UTF-8 check of every piece of a streamed file is one of parsing's larger costs.
pub(crate) fn utf8(b: &[u8]) -> std::result::Result<&str, simdutf8::compat::Utf8Error> {
    simdutf8::compat::from_utf8(b)
}

/// Decodes text, detecting the encoding: BOMs (UTF-8, UTF-16LE/BE), then UTF-8, UTF-16
/// without BOM (by its zero bytes), then GB18030 (GBK's superset). Binary data is an error.
pub fn decode<'a>(name: &str, bytes: &'a [u8]) -> Result<(Cow<'a, str>, &'static str)> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let s = utf8(rest).map_err(|e| {
            Error::input(
                name,
                "bad_encoding",
                format!(
                    "starts with a UTF-8 byte-order mark but byte {} is not valid UTF-8",
                    e.valid_up_to() + 3
                ),
            )
        })?;
        return Ok((Cow::Borrowed(s), "UTF-8 (BOM)"));
    }
    // UTF-32 before UTF-16: the UTF-32LE mark (FF FE 00 00) starts with the UTF-16LE one.
    for (bom, big_endian, label) in [
        (&[0xFF, 0xFE, 0x00, 0x00][..], false, "UTF-32LE"),
        (&[0x00, 0x00, 0xFE, 0xFF][..], true, "UTF-32BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return decode_utf32(rest, big_endian)
                .map(|s| (Cow::Owned(s), label))
                .ok_or_else(|| {
                    Error::input(
                        name,
                        "bad_encoding",
                        format!("starts with a {label} byte-order mark but is not valid {label}"),
                    )
                });
        }
    }
    for (bom, enc, label) in [
        (&[0xFF, 0xFE][..], encoding_rs::UTF_16LE, "UTF-16LE"),
        (&[0xFE, 0xFF][..], encoding_rs::UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (s, had_errors) = enc.decode_without_bom_handling(rest);
            if had_errors {
                return Err(Error::input(
                    name,
                    "bad_encoding",
                    format!("starts with a {label} byte-order mark but is not valid {label}"),
                ));
            }
            return Ok((Cow::Owned(s.into_owned()), label));
        }
    }
    let sample = bytes.get(..4096).unwrap_or(bytes);
    if !sample.contains(&0) {
        if let Ok(s) = utf8(bytes) {
            if looks_binary(s.as_bytes()) {
                return Err(binary(name));
            }
            return Ok((Cow::Borrowed(s), "UTF-8"));
        }
    }
    // UTF-16 without a BOM: ASCII text has a zero in every other byte.
    let zeros_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = sample.len() / 2;
    if half > 0 && (zeros_odd * 10 > half * 3 || zeros_even * 10 > half * 3) {
        let (enc, label) = if zeros_odd > zeros_even {
            (encoding_rs::UTF_16LE, "UTF-16LE")
        } else {
            (encoding_rs::UTF_16BE, "UTF-16BE")
        };
        let (s, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors && !looks_binary(s.as_bytes()) {
            return Ok((Cow::Owned(s.into_owned()), label));
        }
        return Err(binary(name));
    }
    if bytes.contains(&0) {
        return Err(binary(name));
    }
    // UTF-8 Chinese (3-byte sequences) before the first invalid byte: lines appended in another
    // encoding (GBK) to a UTF-8 file. Reading it all as GB18030 would garble the UTF-8 part.
    if let Err(e) = utf8(bytes) {
        let prefix = bytes.get(..e.valid_up_to()).unwrap_or_default();
        if prefix.iter().any(|&b| b >= 0xE0) {
            if let Some(s) = decode_mixed(bytes) {
                if !looks_binary(s.as_bytes()) {
                    return Ok((Cow::Owned(s), MIXED));
                }
            }
        }
    }
    let (s, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors || looks_binary(s.as_bytes()) {
        return Err(Error::input(
            name,
            "bad_encoding",
            "is neither UTF-8, UTF-16 nor GB18030/GBK text; save it as UTF-8 CSV and try again",
        ));
    }
    Ok((Cow::Owned(s.into_owned()), "GB18030"))
}

/// UTF-32 code units to text; `None` when the length is not a multiple of 4 or a unit is not a
/// character.
fn decode_utf32(bytes: &[u8], big_endian: bool) -> Option<String> {
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = String::with_capacity(bytes.len() / 4);
    for c in bytes.chunks_exact(4) {
        let a: [u8; 4] = c.try_into().ok()?;
        let u = if big_endian {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        };
        out.push(char::from_u32(u)?);
    }
    Some(out)
}

/// The encoding label of a file whose lines are each UTF-8 or GB18030.
pub const MIXED: &str = "UTF-8 + GB18030 (mixed)";

/// Decodes line by line: UTF-8 where a line is valid UTF-8, else GB18030. `None` if a line is
/// neither.
fn decode_mixed(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(s) => out.push_str(s),
            Err(_) => {
                let (s, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(line);
                if had_errors {
                    return None;
                }
                out.push_str(&s);
            }
        }
    }
    Some(out)
}

fn binary(name: &str) -> Error {
    Error::input(
        name,
        "binary",
        "is not a text table (CSV, TSV, JSON) or a spreadsheet (XLSX); it looks like binary data",
    )
}

/// More than 1% control characters (other than tab, CR, LF, FF) in the first 8 KiB, or a NUL.
fn looks_binary(b: &[u8]) -> bool {
    let sample = b.get(..8192).unwrap_or(b);
    let ctrl = sample
        .iter()
        .filter(|&&c| c < 0x20 && !matches!(c, b'\t' | b'\r' | b'\n' | 0x0c))
        .count();
    sample.contains(&0) || ctrl * 100 > sample.len().max(1)
}

//! Text metrics and number formatting. Text widths are estimated from character classes rather
//! than measured, so the layout is identical on every backend and computable without a font
//! (hit testing).

/// Font sizes in plotters units (the em is `size / 1.24` pixels on canvas and SVG).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sizes {
    pub title: f64,
    pub note: f64,
    pub label: f64,
    pub tick: f64,
    pub value: f64,
}

impl Sizes {
    pub(crate) fn new(s: f64) -> Sizes {
        Sizes {
            title: 19.0 * s,
            note: 14.0 * s,
            label: 15.0 * s,
            tick: 14.0 * s,
            value: 13.0 * s,
        }
    }
}

/// Pixel height of one line of text of plotters size `size`.
pub(crate) fn em(size: f64) -> f64 {
    size / 1.24
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Estimated rendered width in pixels of `text` at plotters size `size`.
pub(crate) fn text_w(text: &str, size: f64) -> f64 {
    let units: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' => 0.3,
            'm' | 'w' | 'M' | 'W' | '%' => 0.85,
            'A'..='Z' => 0.65,
            '0'..='9' => 0.57,
            c if c.is_ascii() => 0.52,
            c if is_wide(c) => 1.0,
            _ => 0.6,
        })
        .sum();
    units * em(size)
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// `text` cut so that it fits in `width` pixels (empty if not even one character fits).
pub(crate) fn fit(text: &str, size: f64, width: f64) -> String {
    let n = text.chars().count();
    (1..=n)
        .rev()
        .map(|k| truncate(text, k))
        .find(|t| text_w(t, size) <= width)
        .unwrap_or_default()
}

fn group_thousands(int: &str) -> String {
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}")
}

/// Fixed decimals with thousands separators ("12,345.6").
pub(crate) fn fixed(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    // "-0" only when the whole value rounds to zero ("-0.00" → "0.00"); "-0.66" keeps its sign.
    let rounds_to_zero = frac.is_none_or(|f| f.bytes().all(|b| b == b'0'));
    let int = if int == "-0" && rounds_to_zero {
        "0"
    } else {
        int
    };
    match frac {
        Some(f) => format!("{}.{f}", group_thousands(int)),
        None => group_thousands(int),
    }
}

fn trim_zeros(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// A value for labels and tooltips: "12.3k", "1.2M", "1,234", "0.372", or "12.5%" when
/// `percent` (value is a fraction).
pub fn fmt_value(v: f64, percent: bool) -> String {
    fmt_scaled(v, percent, v.abs())
}

/// Like [`fmt_value`] but with the unit (k, M, ...) chosen for `reference` (the largest
/// magnitude among values shown together), so labels of one chart read alike.
pub(crate) fn fmt_scaled(v: f64, percent: bool, reference: f64) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    if percent {
        return if v.abs() < 1e6 {
            format!("{}%", fixed(v * 100.0, 1))
        } else {
            format!("{:.2e}%", v * 100.0)
        };
    }
    let a = v.abs();
    let r = if reference.is_finite() {
        reference.max(a)
    } else {
        a
    };
    for (min, unit, suffix) in [
        (1e12, 1e12, "T"),
        (1e9, 1e9, "B"),
        (1e6, 1e6, "M"),
        (1e4, 1e3, "k"),
    ] {
        if r >= min {
            let scaled = v / unit;
            if scaled.abs() >= 1000.0 {
                return format!("{v:.3e}");
            }
            return format!("{}{suffix}", trim_zeros(format!("{scaled:.1}")));
        }
    }
    if v.fract() == 0.0 {
        fixed(v, 0)
    } else if a >= 100.0 {
        trim_zeros(fixed(v, 1))
    } else if a >= 1.0 {
        trim_zeros(fixed(v, 2))
    } else {
        trim_zeros(format!("{v:.3}"))
    }
}

/// A value for data tables: full precision up to 4 decimals ("12,345.678", "12.35%"); empty
/// for non-finite values.
pub fn fmt_exact(v: f64, percent: bool) -> String {
    if !v.is_finite() {
        String::new()
    } else if v.abs() >= 1e15 {
        format!("{v:e}")
    } else if percent {
        format!("{}%", trim_zeros(fixed(v * 100.0, 2)))
    } else {
        trim_zeros(fixed(v, 4))
    }
}

/// Minutes as "h:mm" ("-0:05" for negative).
pub(crate) fn fmt_minutes(m: f64) -> String {
    let total = m.abs().round() as i64;
    let sign = if m < 0.0 && total > 0 { "-" } else { "" };
    format!("{sign}{}:{:02}", total / 60, total % 60)
}

/// Axis number format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Fmt {
    Plain,
    Percent,
    Minutes,
}

#[cfg(test)]
mod sign_tests {
    use super::*;

    #[test]
    fn small_negative_values_keep_their_sign() {
        assert_eq!(fmt_exact(-0.6602, false), "-0.6602");
        assert_eq!(fmt_exact(-0.00001, false), "0");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fmt_exact(-12.5, false), "-12.5");
    }
}

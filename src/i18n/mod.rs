//! The two languages of the product and the one table of the labels the core and the page share.
//!
//! - [`Lang`] — English or Chinese, parsed leniently from `en`, `zh-CN`, …;
//! - [`labels`] — every canonical event's label, every report section's title, every chart
//!   text (titles, axes, series, notes) and every recommendation model's name, in both
//!   languages. Charts read it directly; the page receives it as one table
//!   ([`labels::LabelTable`], exported by the wasm function `labels(lang)`).
//!
//! - [`live`] — the texts of live mode (the Go live view, its charts), sent as the table's `live`.
//! - [`platforms`] — the platforms' names and the texts of the per-file platform selector, sent
//!   as the table's `platforms`.
//!
//! The page's own interface strings (buttons, hints, errors) stay in `www/i18n.js`.

pub mod labels;
pub mod live;
pub mod platforms;

use serde::{Deserialize, Serialize};

pub use labels::{
    event_label, model_label, section_title, source_label, tool_label, ChartText, LabelTable,
};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// Both languages, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// `zh`, `zh-CN`, `zh_TW` … are Chinese; anything else English.
    pub fn parse(s: &str) -> Lang {
        if s.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// Picks the text of this language.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// `template` with every `{name}` replaced by its value (`fill("{n} people", &[("n", &3)])`),
/// in one pass: a value that itself contains `{…}` is not expanded again. Placeholders without
/// a value are left as they are.
pub fn fill(template: &str, vars: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (close, v.to_string()))
        });
        match value {
            Some((close, v)) => {
                out.push_str(&v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_placeholders_once() {
        assert_eq!(
            fill("{n} of {total}", &[("n", &3), ("total", &10)]),
            "3 of 10"
        );
        assert_eq!(
            fill("{a} vs {b}", &[("a", &"{b}"), ("b", &"B")]),
            "{b} vs B"
        );
        assert_eq!(fill("{missing} {", &[("n", &1)]), "{missing} {");
        assert_eq!(fill("商品 {n}（x）", &[("n", &"一")]), "商品 一（x）");
    }
}

//! The names of the platforms (those [`crate::ingest::platform`] knows) and the texts of the
//! page's per-file platform selector and per-platform table, sent as the label table's
//! `platforms`.

use crate::ingest::platform::KNOWN_PLATFORMS;
use crate::kpi::{ALL_PLATFORMS, NO_PLATFORM};

/// `(key, English, Chinese)` beside the platforms' names.
pub const PLATFORM_TEXTS: &[(&str, &str, &str)] = &[
    (NO_PLATFORM, "No platform named", "未注明平台"),
    (ALL_PLATFORMS, "All platforms", "全部平台"),
    ("platform_choice", "Platform", "平台"),
    ("platform_not_set", "not named", "未注明"),
    (
        "platform_hint",
        "The file names no platform: choose one to see its figures beside the other platforms' in the Overview.",
        "文件未注明平台：选择平台后，概览中可与其他平台并列对比。",
    ),
    (
        "platform_from_column",
        "Platform from the column \u{201c}{column}\u{201d}",
        "平台取自 \u{201c}{column}\u{201d} 列",
    ),
];

/// Every platform label: the known platforms' names (by id), then [`PLATFORM_TEXTS`].
pub fn platform_labels() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    KNOWN_PLATFORMS
        .iter()
        .map(|&(id, en, zh, _)| (id, en, zh))
        .chain(PLATFORM_TEXTS.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_platform_label_has_both_languages_and_a_unique_key() {
        let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let mut keys = std::collections::HashSet::new();
        for (key, en, zh) in platform_labels() {
            assert!(keys.insert(key), "duplicate {key}");
            assert!(!en.is_empty() && !han(en), "{key}: {en}");
            // Brand names written in Latin letters stay so in Chinese (TikTok, YouTube).
            assert!(han(zh) || zh == en, "{key}: {zh}");
            let holes = |s: &str| s.matches('{').count();
            assert_eq!(holes(en), holes(zh), "{key}");
        }
        assert!(keys.contains("douyin") && keys.contains("all"));
    }
}

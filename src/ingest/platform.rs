//! The platform of a row that no recognised layout names: from a `platform` column of a generic
//! events or orders file, or from the user's choice for the whole file (the CLI's `--platform`,
//! the page's per-file selector). Known names are normalised to the ids the layouts use
//! (`抖音`, `Douyin` → `douyin`); any other value is kept as given, trimmed.

use crate::model::{Dataset, NONE};

/// The platforms LiveLens knows by name: id (as the layouts use it), English and Chinese name,
/// and the spellings a `platform` cell may use (compared lower case without spaces, `_`, `-`).
pub const KNOWN_PLATFORMS: &[(&str, &str, &str, &[&str])] = &[
    (
        "douyin",
        "Douyin",
        "抖音",
        &["douyin", "抖音", "抖店", "抖音小店", "抖音直播", "抖音电商"],
    ),
    (
        "kuaishou",
        "Kuaishou",
        "快手",
        &[
            "kuaishou",
            "kwai",
            "快手",
            "快手小店",
            "快手直播",
            "快手电商",
        ],
    ),
    (
        "wechat_channels",
        "WeChat Channels",
        "视频号",
        &[
            "wechatchannels",
            "weixinchannels",
            "channels",
            "视频号",
            "微信视频号",
            "视频号小店",
            "视频号直播",
        ],
    ),
    (
        "taobao",
        "Taobao Live",
        "淘宝直播",
        &["taobao", "taobaolive", "淘宝", "淘宝直播", "点淘", "天猫"],
    ),
    (
        "tiktok",
        "TikTok",
        "TikTok",
        &["tiktok", "tiktokshop", "tiktoklive", "tiktok直播"],
    ),
    (
        "youtube",
        "YouTube",
        "YouTube",
        &["youtube", "youtubelive", "youtube直播", "油管"],
    ),
];

/// Names of the per-platform KPI groups that a platform may not take (`all` platforms
/// combined, `unspecified`).
pub const RESERVED_NAMES: [&str; 2] = [crate::kpi::ALL_PLATFORMS, crate::kpi::NO_PLATFORM];

/// The longest platform name kept (a longer cell is no platform's name).
pub const MAX_PLATFORM_CHARS: usize = 60;

/// The platform id of a cell or of the user's choice: a known name normalised (`抖音` →
/// `douyin`), any other text kept as given (trimmed); `None` for a missing value (empty, `-`,
/// `--`, `null`, `n/a`).
pub fn platform_id(text: &str) -> Option<String> {
    let t = text.trim();
    let key: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.' | '\t' | '\u{3000}'))
        .flat_map(char::to_lowercase)
        .collect();
    if key.is_empty() || matches!(key.as_str(), "null" | "none" | "n/a" | "na" | "—") {
        return None;
    }
    for (id, _, _, names) in KNOWN_PLATFORMS {
        if names.contains(&key.as_str()) {
            return Some((*id).to_owned());
        }
    }
    Some(t.to_owned())
}

/// The user's choice of a file's platform, checked: a name as [`platform_id`] reads it, not
/// empty, not longer than [`MAX_PLATFORM_CHARS`], without control characters, and not a name
/// of the KPI table's own groups (`all`, `unspecified`).
pub fn chosen_platform(text: &str) -> Result<String, String> {
    let Some(id) = platform_id(text) else {
        return Err(format!(
            "platform \"{text}\" is empty (name a platform: {}, or any other name)",
            known_ids()
        ));
    };
    if id.chars().count() > MAX_PLATFORM_CHARS {
        return Err(format!(
            "platform \"{id}\" is longer than {MAX_PLATFORM_CHARS} characters"
        ));
    }
    if id.chars().any(char::is_control) {
        return Err(format!(
            "platform \"{}\" contains control characters",
            id.escape_debug()
        ));
    }
    if RESERVED_NAMES.contains(&id.to_lowercase().as_str()) {
        return Err(format!(
            "platform \"{id}\" is reserved for the KPI table's own columns (name a platform: {})",
            known_ids()
        ));
    }
    Ok(id)
}

/// The platform of a `platform` cell of a generic file: as [`platform_id`], but a value that
/// [`chosen_platform`] refuses (too long, a reserved group name) counts as missing.
pub fn cell_platform(text: &str) -> Option<String> {
    platform_id(text).and_then(|_| chosen_platform(text).ok())
}

/// Gives the platform the user chose for a file (`platform`, checked) to its rows that have
/// none from a layout or a `platform` column: the orders and persons of its events (`events`,
/// ranges of the dataset's events) and its session-summary rows.
pub(super) fn apply_choice(
    ds: &mut Dataset,
    file: &str,
    platform: &str,
    events: &[std::ops::Range<usize>],
) {
    let p = ds.platforms.intern(platform);
    for i in events.iter().flat_map(|r| r.clone()) {
        if ds.event_platform(i) != NONE {
            continue;
        }
        let (Some(&order), Some(&user)) = (ds.events.order.get(i), ds.events.user.get(i)) else {
            continue;
        };
        super::read::set_platform(&mut ds.order_platform, order, p);
        super::read::set_platform(&mut ds.user_platform, user, p);
    }
    for f in ds.session_figures.iter_mut() {
        if f.file == file && f.platform == NONE {
            f.platform = p;
        }
    }
}

fn known_ids() -> String {
    let ids: Vec<&str> = KNOWN_PLATFORMS.iter().map(|p| p.0).collect();
    ids.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_normalise_to_the_layouts_ids() {
        for (cell, id) in [
            ("抖音", "douyin"),
            ("Douyin", "douyin"),
            (" douyin ", "douyin"),
            ("快手", "kuaishou"),
            ("Kuaishou", "kuaishou"),
            ("视频号", "wechat_channels"),
            ("WeChat Channels", "wechat_channels"),
            ("wechat_channels", "wechat_channels"),
            ("淘宝直播", "taobao"),
            ("TikTok", "tiktok"),
            ("TikTok Shop", "tiktok"),
            ("YouTube", "youtube"),
        ] {
            assert_eq!(platform_id(cell).as_deref(), Some(id), "{cell}");
        }
        // Unknown names are kept as given, trimmed; missing values are none.
        assert_eq!(
            platform_id("  Xiaohongshu ").as_deref(),
            Some("Xiaohongshu")
        );
        assert_eq!(platform_id("小红书").as_deref(), Some("小红书"));
        for missing in ["", "  ", "-", "--", "null", "N/A"] {
            assert_eq!(platform_id(missing), None, "{missing}");
        }
    }

    #[test]
    fn a_choice_is_checked() {
        assert_eq!(chosen_platform("抖音").as_deref(), Ok("douyin"));
        assert_eq!(chosen_platform("Xiaohongshu").as_deref(), Ok("Xiaohongshu"));
        assert!(chosen_platform("").unwrap_err().contains("empty"));
        assert!(chosen_platform("-").unwrap_err().contains("empty"));
        assert!(chosen_platform("all").unwrap_err().contains("reserved"));
        assert!(chosen_platform("Unspecified")
            .unwrap_err()
            .contains("reserved"));
        assert!(chosen_platform(&"x".repeat(61))
            .unwrap_err()
            .contains("longer"));
        assert!(chosen_platform("a\u{7}b").unwrap_err().contains("control"));
        // A cell the choice would refuse is a missing platform.
        assert_eq!(cell_platform("all"), None);
        assert_eq!(cell_platform("快手").as_deref(), Some("kuaishou"));
    }
}

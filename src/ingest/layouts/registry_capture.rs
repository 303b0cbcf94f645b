//! The danmaku / live capture tools' message streams LiveLens recognises (CSV or NDJSON/JSON
//! lines, as the tools write them), from `platform-exports.md`.

use super::{Layout, LayoutKind, LineShape, MoneyUnit, Role, StatusScheme};

use Role as R;

/// A capture-stream layout.
#[allow(clippy::too_many_arguments)] // a table row: every argument is a column of the layout
const fn capture(
    id: &'static str,
    name_en: &'static str,
    name_zh: &'static str,
    platform: &'static str,
    signature: &'static [&'static str],
    columns: &'static [(&'static str, Role)],
    status: StatusScheme,
    min_found: usize,
) -> Layout {
    Layout {
        id,
        name_en,
        name_zh,
        platform,
        money: MoneyUnit::Yuan,
        lines: LineShape::Order,
        signature,
        columns,
        status,
        description_row: false,
        refunds_only: false,
        kind: LayoutKind::Events,
        min_found,
    }
}

/// Every capture-stream layout.
pub static CAPTURE_LAYOUTS: &[Layout] = &[
    // `{Type, ProcessName, Data}` with `Data` a JSON string; Type 1 comment, 2 like, 3 enter,
    // 4 follow, 5 gift, 6 room statistics, 7 fan club, 8 share, 9 live ended. The tool sends
    // no timestamp: the receiver's arrival time is read from a `time`-like key it added.
    capture(
        "douyin_capture_messages",
        "Douyin live capture messages ({Type, ProcessName, Data})",
        "抖音直播弹幕抓取消息（Type/ProcessName/Data）",
        "douyin",
        &["Type", "ProcessName", "Data"],
        &[
            ("Type", R::EventType),
            ("Data.User.Id", R::Viewer),
            ("Data.User.DisplayId", R::Viewer),
            ("Data.User.Nickname", R::ViewerName),
            ("Data.Content", R::Text),
            ("Data.RoomId", R::Room),
            ("Data.WebRoomId", R::Room),
            ("Data.GiftName", R::GiftName),
            ("Data.RepeatCount", R::GiftCount),
            ("Data.GiftCount", R::GiftCount),
            ("Time", R::Time),
            ("time", R::Time),
            ("timestamp", R::Time),
            ("ReceiveTime", R::Time),
            ("received_at", R::Time),
        ],
        StatusScheme::CaptureTypeCode,
        3,
    ),
    // JSON lines with `event_ts_ms` / `event_iso` (ISO with +08:00).
    capture(
        "danmaku_event_ts",
        "Danmaku capture (event_ts_ms / event_iso lines)",
        "弹幕抓取（event_ts_ms / event_iso）",
        "",
        &["event_ts_ms", "event_iso", "user_name", "content"],
        &[
            ("type", R::EventType),
            ("event", R::EventType),
            ("event_type", R::EventType),
            ("method", R::EventType),
            ("user_id", R::Viewer),
            ("user_name", R::ViewerName),
            ("content", R::Text),
            ("event_ts_ms", R::Time),
            ("event_iso", R::Time),
            ("room_id", R::Room),
            ("gift_name", R::GiftName),
            ("gift_count", R::GiftCount),
        ],
        StatusScheme::CaptureEventName,
        3,
    ),
    // JSON lines with `user_id`, `nickname`, `content`, `timestmap` (sic), `fan_club_level`.
    capture(
        "danmaku_timestmap",
        "Danmaku capture (user_id, nickname, content, timestmap)",
        "弹幕抓取（user_id、nickname、content、timestmap）",
        "",
        &["timestmap", "nickname", "content", "fan_club_level"],
        &[
            ("type", R::EventType),
            ("event", R::EventType),
            ("user_id", R::Viewer),
            ("nickname", R::ViewerName),
            ("content", R::Text),
            ("timestmap", R::Time),
            ("timestamp", R::Time),
            ("room_id", R::Room),
        ],
        StatusScheme::CaptureEventName,
        3,
    ),
    // TikTok LIVE capture libraries' events (comment, gift with repeat_count / repeat_end /
    // value, like, join, follow, share), one per line.
    capture(
        "tiktok_live_capture",
        "TikTok LIVE capture events",
        "TikTok 直播抓取事件",
        "tiktok",
        &[
            "unique_id",
            "comment",
            "gift_name",
            "repeat_count",
            "repeat_end",
            "diamond_count",
        ],
        &[
            ("event", R::EventType),
            ("type", R::EventType),
            ("user_id", R::Viewer),
            ("unique_id", R::Viewer),
            ("nickname", R::ViewerName),
            ("comment", R::Text),
            ("timestamp", R::Time),
            ("create_time", R::Time),
            ("room_id", R::Room),
            ("gift_name", R::GiftName),
            ("repeat_count", R::GiftCount),
            ("repeat_end", R::GiftEnd),
        ],
        StatusScheme::CaptureEventName,
        3,
    ),
];

//! Cell values of the platforms' exports: money in fen or yuan (decided by the layout, never per
//! value), ids kept as text, `-` as missing, the statuses of each platform, and TikTok's
//! regional date orders.

use super::{MoneyUnit, StatusScheme};
use crate::ingest::parse::{parse_timestamp, TsError};

/// A cell as the platforms write "nothing": empty, `-`, `--`, `null`.
pub(super) fn present(v: &str) -> Option<&str> {
    let t = v.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    match t {
        "" | "-" | "--" | "—" | "null" | "NULL" | "None" => None,
        _ => Some(t),
    }
}

/// Why a money cell was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MoneyError {
    Unparsable,
    Negative,
}

/// A money cell in fen (integer cents). Fen layouts hold integers (`9900` = ¥99.00); yuan
/// layouts hold decimals with an optional currency prefix or suffix (`¥1,299.00`, `THB 12.00`,
/// `BRL 35,91`, `$12.00`, `99元`). In a yuan value with both `,` and `.` the last one is the
/// decimal mark; a lone `,` followed by one or two digits is a decimal comma, otherwise `,`
/// separates thousands. `Ok(None)` when missing.
pub(super) fn money_fen(v: &str, unit: MoneyUnit) -> Result<Option<i64>, MoneyError> {
    let Some(t) = present(v) else {
        return Ok(None);
    };
    // Currency letters and symbols before or after the number.
    let t = t
        .trim_start_matches(|c: char| c.is_alphabetic() || "¥￥$€£฿₫₱₩₹ \u{a0}".contains(c))
        .trim_end_matches(|c: char| c.is_alphabetic() || "¥￥$€£฿₫₱₩₹元 \u{a0}".contains(c));
    let (negative, t) = match t.strip_prefix(['-', '−']) {
        Some(r) => (true, r),
        None => (false, t),
    };
    if t.is_empty() || t.len() > 40 {
        return Err(MoneyError::Unparsable);
    }
    let fen = match unit {
        MoneyUnit::Fen => {
            let digits = t.strip_suffix(".0").unwrap_or(t);
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(MoneyError::Unparsable);
            }
            digits.parse::<i64>().map_err(|_| MoneyError::Unparsable)?
        }
        MoneyUnit::Yuan => yuan_to_fen(t)?,
    };
    if negative && fen != 0 {
        return Err(MoneyError::Negative);
    }
    Ok(Some(fen))
}

/// `1,299.00` / `1.299,00` / `35,91` / `12` → fen.
fn yuan_to_fen(t: &str) -> Result<i64, MoneyError> {
    let last_dot = t.rfind('.');
    let last_comma = t.rfind(',');
    let decimal = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(d.max(c)),
        (Some(d), None) => Some(d),
        (None, Some(c)) => {
            let after = t.len() - c - 1;
            (after == 1 || after == 2).then_some(c)
        }
        (None, None) => None,
    };
    let (int, frac) = match decimal {
        Some(p) => (&t[..p], &t[p + 1..]),
        None => (t, ""),
    };
    let int: String = int
        .chars()
        .filter(|c| !matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\''))
        .collect();
    if int.is_empty() && frac.is_empty() {
        return Err(MoneyError::Unparsable);
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MoneyError::Unparsable);
    }
    let whole: i64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| MoneyError::Unparsable)?
    };
    // Round half up on the third decimal.
    let mut digits = frac.bytes().map(|b| i64::from(b - b'0'));
    let d1 = digits.next().unwrap_or(0);
    let d2 = digits.next().unwrap_or(0);
    let d3 = digits.next().unwrap_or(0);
    whole
        .checked_mul(100)
        .and_then(|x| x.checked_add(d1 * 10 + d2 + i64::from(d3 >= 5)))
        .ok_or(MoneyError::Unparsable)
}

/// What an order (line) came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    Paid,
    Cancelled,
    Refunded,
}

/// The status of a line from its order-status cell and after-sales cell, by the layout's
/// scheme; `None` when the status is not one the scheme knows.
pub(super) fn status_of(
    scheme: StatusScheme,
    status: Option<&str>,
    after: Option<&str>,
) -> Option<Outcome> {
    let refunded_after = after.is_some_and(after_sales_refunded);
    let base = match (scheme, status) {
        (_, None) => Outcome::Paid,
        (StatusScheme::DouyinShopText, Some(s)) => douyin_text(s)?,
        (StatusScheme::DouyinAfterSales, Some(s)) => {
            if after_sales_refunded(s) {
                Outcome::Refunded
            } else {
                Outcome::Paid
            }
        }
        (StatusScheme::DouyinOpenCode, Some(s)) => match s {
            "1" => Outcome::Cancelled,
            "4" => Outcome::Cancelled,
            "105" | "2" | "101" | "3" | "5" => Outcome::Paid,
            _ => douyin_text(s)?,
        },
        (StatusScheme::BuyinFlowPoint, Some(s)) => match s.to_ascii_uppercase().as_str() {
            "PAY_SUCC" | "SETTLE" | "CONFIRM" => Outcome::Paid,
            "REFUND" => Outcome::Refunded,
            _ => return None,
        },
        (StatusScheme::KuaishouCode, Some(s)) => match s {
            "10" | "80" => Outcome::Cancelled,
            "30" | "40" | "50" | "70" => Outcome::Paid,
            _ => return None,
        },
        (StatusScheme::WechatCode, Some(s)) => match s {
            "10" | "250" => Outcome::Cancelled,
            "20" | "21" | "30" | "100" => Outcome::Paid,
            "200" => Outcome::Refunded,
            _ => return None,
        },
        (StatusScheme::TikTokText, Some(s)) => tiktok_text(s)?,
        (
            StatusScheme::NoStatus | StatusScheme::CaptureTypeCode | StatusScheme::CaptureEventName,
            Some(_),
        ) => Outcome::Paid,
    };
    Some(match base {
        Outcome::Paid if refunded_after => Outcome::Refunded,
        other => other,
    })
}

/// Douyin shop's 订单状态 texts.
fn douyin_text(s: &str) -> Option<Outcome> {
    const CANCELLED: &[&str] = &[
        "已取消",
        "取消",
        "交易关闭",
        "已关闭",
        "待支付",
        "待付款",
        "未支付",
        "订单取消",
    ];
    const PAID: &[&str] = &[
        "已支付",
        "备货中",
        "待发货",
        "部分发货",
        "已发货",
        "已完成",
        "完成",
        "交易成功",
        "待收货",
        "已签收",
        "已收货",
        "待确认收货",
    ];
    if CANCELLED.contains(&s) {
        Some(Outcome::Cancelled)
    } else if PAID.contains(&s) {
        Some(Outcome::Paid)
    } else if s.contains("退款成功") || s.contains("已退款") {
        Some(Outcome::Refunded)
    } else {
        None
    }
}

/// Whether an after-sales status says the money went back (`-` and refusals do not).
fn after_sales_refunded(s: &str) -> bool {
    let t = s.trim();
    [
        "退款成功",
        "售后完成",
        "退款完成",
        "已退款",
        "退货退款成功",
        "同意退款",
    ]
    .iter()
    .any(|w| t.contains(w))
        || t.eq_ignore_ascii_case("refunded")
}

/// TikTok Shop's Order Status texts.
fn tiktok_text(s: &str) -> Option<Outcome> {
    let t = s.trim().to_ascii_lowercase();
    match t.as_str() {
        "unpaid" | "cancelled" | "canceled" | "cancellation" => Some(Outcome::Cancelled),
        "to ship"
        | "awaiting shipment"
        | "awaiting collection"
        | "ready to ship"
        | "shipped"
        | "in transit"
        | "delivered"
        | "completed"
        | "on hold"
        | "partially shipping" => Some(Outcome::Paid),
        _ if t.contains("refund") || t.contains("return") => Some(Outcome::Refunded),
        _ => None,
    }
}

/// The order of day and month in `a/b/yyyy` dates of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DayMonth {
    DayFirst,
    MonthFirst,
}

/// Decides the date order of a file's `a/b/yyyy` dates from all its date cells: a first
/// number above 12 means day first, a second above 12 month first; when no value tells, a
/// 12-hour clock (`AM`/`PM`) means the US order (month first) and a 24-hour clock day first.
/// `None` when the values disagree (some say day first, others month first).
pub(super) fn day_month_order<'a>(values: impl Iterator<Item = &'a str>) -> Option<DayMonth> {
    let (mut day_first, mut month_first, mut ampm, mut any) = (false, false, false, false);
    for v in values {
        let Some((a, b)) = slash_date_parts(v) else {
            continue;
        };
        any = true;
        day_first |= a > 12;
        month_first |= b > 12;
        let u = v.to_ascii_uppercase();
        ampm |= u.ends_with("AM") || u.ends_with("PM");
    }
    match (day_first, month_first) {
        (true, true) => None,
        (true, false) => Some(DayMonth::DayFirst),
        (false, true) => Some(DayMonth::MonthFirst),
        (false, false) if ampm => Some(DayMonth::MonthFirst),
        (false, false) if any => Some(DayMonth::DayFirst),
        _ => Some(DayMonth::DayFirst),
    }
}

/// The first two numbers of an `a/b/yyyy …` date.
fn slash_date_parts(v: &str) -> Option<(u32, u32)> {
    let mut it = v.trim().splitn(3, '/');
    let a = it.next()?.trim().parse().ok()?;
    let b = it.next()?.trim().parse().ok()?;
    let rest = it.next()?;
    rest.get(..4)?.parse::<u32>().ok()?;
    Some((a, b))
}

/// A time cell in ms since the epoch: `a/b/yyyy [h]h:mm[:ss] [AM|PM]` by `order`, anything
/// else by [`parse_timestamp`] (ISO, `YYYY-MM-DD …`, Unix seconds or milliseconds).
pub(super) fn time_ms(v: &str, order: DayMonth, tz_minutes: i32) -> Result<i64, TsError> {
    let t = v.trim();
    if slash_date_parts(t).is_none() {
        return parse_timestamp(t, tz_minutes);
    }
    let (date, clock) = t.split_once(' ').unwrap_or((t, ""));
    let mut parts = date.split('/');
    let a: u32 = parts
        .next()
        .and_then(|x| x.parse().ok())
        .ok_or(TsError::Unparsable)?;
    let b: u32 = parts
        .next()
        .and_then(|x| x.parse().ok())
        .ok_or(TsError::Unparsable)?;
    let y: u32 = parts
        .next()
        .and_then(|x| x.parse().ok())
        .ok_or(TsError::Unparsable)?;
    let (d, m) = match order {
        DayMonth::DayFirst => (a, b),
        DayMonth::MonthFirst => (b, a),
    };
    let clock = clock.trim();
    let upper = clock.to_ascii_uppercase();
    let (hms, pm, am) = if let Some(x) = upper.strip_suffix("PM") {
        (x.trim().to_owned(), true, false)
    } else if let Some(x) = upper.strip_suffix("AM") {
        (x.trim().to_owned(), false, true)
    } else {
        (upper.clone(), false, false)
    };
    let mut hp = hms.split(':');
    let mut h: u32 = match hp.next() {
        Some(x) if !x.is_empty() => x.parse().map_err(|_| TsError::Unparsable)?,
        _ => 0,
    };
    let mi: u32 = hp
        .next()
        .map_or(Ok(0), |x| x.parse().map_err(|_| TsError::Unparsable))?;
    let s: u32 = hp
        .next()
        .map_or(Ok(0), |x| x.parse().map_err(|_| TsError::Unparsable))?;
    if (am || pm) && !(1..=12).contains(&h) {
        return Err(TsError::Unparsable);
    }
    if pm && h < 12 {
        h += 12;
    } else if am && h == 12 {
        h = 0;
    }
    let iso = format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}");
    parse_timestamp(&iso, tz_minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_by_unit() {
        let y = |s| money_fen(s, MoneyUnit::Yuan);
        assert_eq!(y("1,299.00"), Ok(Some(129_900)));
        assert_eq!(y("¥99"), Ok(Some(9_900)));
        assert_eq!(y("THB 12.00"), Ok(Some(1_200)));
        assert_eq!(y("BRL 35,91"), Ok(Some(3_591)));
        assert_eq!(y("BRL 1.299,90"), Ok(Some(129_990)));
        assert_eq!(y("$12.5"), Ok(Some(1_250)));
        assert_eq!(y("99元"), Ok(Some(9_900)));
        assert_eq!(y("-"), Ok(None));
        assert_eq!(y(""), Ok(None));
        assert_eq!(y("-5"), Err(MoneyError::Negative));
        assert_eq!(y("abc12"), Ok(Some(1_200)));
        assert_eq!(y("1x2"), Err(MoneyError::Unparsable));
        let f = |s| money_fen(s, MoneyUnit::Fen);
        assert_eq!(f("9900"), Ok(Some(9_900)));
        assert_eq!(f("99.5"), Err(MoneyError::Unparsable));
    }

    #[test]
    fn regional_dates() {
        let dmy = ["13/02/2026 20:01:02", "01/02/2026 08:00:00"];
        assert_eq!(day_month_order(dmy.into_iter()), Some(DayMonth::DayFirst));
        let mdy = ["02/13/2026 8:01:02 PM"];
        assert_eq!(day_month_order(mdy.into_iter()), Some(DayMonth::MonthFirst));
        let us = ["02/03/2026 8:01:02 PM"];
        assert_eq!(day_month_order(us.into_iter()), Some(DayMonth::MonthFirst));
        let a = time_ms("13/02/2026 20:01:02", DayMonth::DayFirst, 0);
        let b = time_ms("02/13/2026 8:01:02 PM", DayMonth::MonthFirst, 0);
        assert_eq!(a, b);
        assert_eq!(a, parse_timestamp("2026-02-13 20:01:02", 0));
        assert_eq!(
            time_ms("02/13/2026 12:00:00 AM", DayMonth::MonthFirst, 0),
            parse_timestamp("2026-02-13 00:00:00", 0)
        );
    }

    #[test]
    fn statuses() {
        use StatusScheme as S;
        assert_eq!(
            status_of(S::DouyinShopText, Some("已完成"), Some("-")),
            Some(Outcome::Paid)
        );
        assert_eq!(
            status_of(S::DouyinShopText, Some("已完成"), Some("退款成功")),
            Some(Outcome::Refunded)
        );
        assert_eq!(
            status_of(S::DouyinShopText, Some("已取消"), None),
            Some(Outcome::Cancelled)
        );
        assert_eq!(status_of(S::DouyinShopText, Some("???"), None), None);
        assert_eq!(
            status_of(S::WechatCode, Some("200"), None),
            Some(Outcome::Refunded)
        );
        assert_eq!(
            status_of(S::BuyinFlowPoint, Some("REFUND"), None),
            Some(Outcome::Refunded)
        );
        assert_eq!(
            status_of(S::TikTokText, Some("Completed"), None),
            Some(Outcome::Paid)
        );
    }
}

//! Cell values of session summaries: counts as the dashboards write them (`12,345`, `1.2万`,
//! `3.4w`, `1.2K`), durations (`1m28s`, `2小时3分`, `01:02:03`, seconds), money in the layout's
//! unit (`¥1.2万` too), and start times as Excel serial numbers (TikTok's LIVE export).

use super::values::{money_fen, present, time_ms, DayMonth};
use super::MoneyUnit;
use crate::ingest::parse::TsError;

/// A count or measure: `None` when the cell is empty or `-`; `Err` when it is not a number
/// of 0 or more.
pub(super) fn count_value(v: &str) -> Result<Option<f64>, ()> {
    let Some(t) = present(v) else {
        return Ok(None);
    };
    let t = t.trim_end_matches('+').trim();
    let (num, scale) = if let Some(x) = t.strip_suffix('万').or_else(|| t.strip_suffix(['w', 'W']))
    {
        (x, 1e4)
    } else if let Some(x) = t.strip_suffix('亿') {
        (x, 1e8)
    } else if let Some(x) = t.strip_suffix(['k', 'K']) {
        (x, 1e3)
    } else {
        (t, 1.0)
    };
    let digits: String = num
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '\''))
        .collect();
    if digits.is_empty()
        || digits.len() > 40
        || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    {
        return Err(());
    }
    let x: f64 = digits.parse().map_err(|_| ())?;
    let x = x * scale;
    if x.is_finite() && x >= 0.0 {
        Ok(Some(x))
    } else {
        Err(())
    }
}

/// Money in yuan from a cell in the layout's unit; `1.2万` (with an optional currency sign)
/// is 12,000 yuan.
pub(super) fn money_value(v: &str, unit: MoneyUnit) -> Result<Option<f64>, ()> {
    let Some(t) = present(v) else {
        return Ok(None);
    };
    let bare = t.trim_start_matches(|c: char| "¥￥$ ".contains(c));
    if bare.ends_with('万') || bare.ends_with('亿') {
        let y = count_value(bare)?;
        return Ok(y.map(|y| match unit {
            MoneyUnit::Fen => y / 100.0,
            MoneyUnit::Yuan => y,
        }));
    }
    money_fen(t, unit)
        .map(|f| f.map(|f| f as f64 / 100.0))
        .map_err(|_| ())
}

/// A duration in seconds: `1h2m3s`, `1m28s`, `2小时3分4秒`, `62分钟`, `01:02:03` (h:m:s),
/// `02:03` (m:s when `short_is_minutes_seconds`, else h:m), a bare number (seconds, or
/// minutes when `bare_minutes`).
pub(super) fn duration_seconds(
    v: &str,
    short_is_minutes_seconds: bool,
    bare_minutes: bool,
) -> Result<Option<f64>, ()> {
    let Some(t) = present(v) else {
        return Ok(None);
    };
    if let Ok(Some(x)) = count_value(t) {
        return Ok(Some(if bare_minutes { x * 60.0 } else { x }));
    }
    if t.contains(':') {
        let parts: Vec<&str> = t.split(':').collect();
        let nums: Result<Vec<f64>, ()> = parts
            .iter()
            .map(|p| p.trim().parse::<f64>().map_err(|_| ()))
            .collect();
        let nums = nums?;
        let secs = match nums.as_slice() {
            [h, m, s] => h * 3600.0 + m * 60.0 + s,
            [a, b] if short_is_minutes_seconds => a * 60.0 + b,
            [a, b] => a * 3600.0 + b * 60.0,
            _ => return Err(()),
        };
        return (secs.is_finite() && secs >= 0.0)
            .then_some(Some(secs))
            .ok_or(());
    }
    // Number-unit pairs.
    let mut total = 0.0;
    let mut num = String::new();
    let mut unit = String::new();
    let mut any = false;
    let flush = |num: &mut String, unit: &mut String, total: &mut f64| -> Result<(), ()> {
        if num.is_empty() && unit.is_empty() {
            return Ok(());
        }
        let n: f64 = num.parse().map_err(|_| ())?;
        let mult = match unit.trim().to_lowercase().as_str() {
            "h" | "hr" | "hrs" | "hour" | "hours" | "小时" | "时" => 3600.0,
            "m" | "min" | "mins" | "minute" | "minutes" | "分" | "分钟" => 60.0,
            "s" | "sec" | "secs" | "second" | "seconds" | "秒" | "" => 1.0,
            _ => return Err(()),
        };
        *total += n * mult;
        num.clear();
        unit.clear();
        Ok(())
    };
    for c in t.chars() {
        if c.is_ascii_digit() || c == '.' {
            if !unit.is_empty() {
                flush(&mut num, &mut unit, &mut total)?;
            }
            num.push(c);
            any = true;
        } else if c.is_whitespace() {
            continue;
        } else {
            if num.is_empty() {
                return Err(());
            }
            unit.push(c);
        }
    }
    flush(&mut num, &mut unit, &mut total)?;
    (any && total.is_finite()).then_some(Some(total)).ok_or(())
}

/// A start or end time: an Excel serial day number (`46327.8333`, local time), else any form
/// [`time_ms`] reads.
pub(super) fn start_ms(v: &str, dm: DayMonth, tz_minutes: i32) -> Result<i64, TsError> {
    let t = v.trim();
    let int_part = t.split('.').next().unwrap_or("");
    if int_part.len() == 5 && t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        if let Ok(serial) = t.parse::<f64>() {
            // Day 25569 is 1970-01-01; the serial counts local days.
            let ms = ((serial - 25_569.0) * 86_400_000.0).round() as i64;
            return Ok(ms - i64::from(tz_minutes) * 60_000);
        }
    }
    time_ms(t, dm, tz_minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_as_dashboards_write_them() {
        assert_eq!(count_value("12,345"), Ok(Some(12_345.0)));
        assert_eq!(count_value("1.2万"), Ok(Some(12_000.0)));
        assert_eq!(count_value("3.4w"), Ok(Some(34_000.0)));
        assert_eq!(count_value("1.5K"), Ok(Some(1_500.0)));
        assert_eq!(count_value("-"), Ok(None));
        assert_eq!(count_value("12%"), Err(()));
        assert_eq!(count_value("-3"), Err(()));
    }

    #[test]
    fn durations() {
        assert_eq!(duration_seconds("1m28s", true, false), Ok(Some(88.0)));
        assert_eq!(duration_seconds("2h3m", false, false), Ok(Some(7_380.0)));
        assert_eq!(
            duration_seconds("2小时3分4秒", false, false),
            Ok(Some(7_384.0))
        );
        assert_eq!(duration_seconds("62分钟", false, false), Ok(Some(3_720.0)));
        assert_eq!(
            duration_seconds("01:02:03", false, false),
            Ok(Some(3_723.0))
        );
        assert_eq!(duration_seconds("02:03", true, false), Ok(Some(123.0)));
        assert_eq!(duration_seconds("02:03", false, false), Ok(Some(7_380.0)));
        assert_eq!(duration_seconds("90", false, true), Ok(Some(5_400.0)));
        assert_eq!(duration_seconds("90", false, false), Ok(Some(90.0)));
        assert_eq!(duration_seconds("abc", false, false), Err(()));
    }

    #[test]
    fn money_and_serial_dates() {
        assert_eq!(money_value("¥1.2万", MoneyUnit::Yuan), Ok(Some(12_000.0)));
        assert_eq!(money_value("1,299.50", MoneyUnit::Yuan), Ok(Some(1_299.5)));
        assert_eq!(money_value("129950", MoneyUnit::Fen), Ok(Some(1_299.5)));
        // 46327.5 = 2026-11-01 12:00 local.
        let t = start_ms("46327.5", DayMonth::DayFirst, 480);
        assert_eq!(
            t,
            crate::ingest::parse::parse_timestamp("2026-11-01 12:00:00", 480)
        );
    }
}

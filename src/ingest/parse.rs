//! Value parsers: timestamps, amounts, time-zone offsets. Pure functions (but for a memo of the
//! last date read, per thread), no allocation on the hot path.

use std::cell::Cell;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = ((m + 9) % 12) as i64;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number: (year, month, day).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `YYYY-MM-DD` of a day number.
pub fn format_day(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM:SS` of a timestamp (ms, UTC) shifted by an offset in minutes.
pub fn format_ts(ts_ms: i64, offset_minutes: i32) -> String {
    let local = ts_ms + offset_minutes as i64 * 60_000;
    let day = local.div_euclid(86_400_000);
    let ms = local.rem_euclid(86_400_000);
    let s = ms / 1000;
    format!(
        "{} {:02}:{:02}:{:02}",
        format_day(day),
        s / 3600,
        (s / 60) % 60,
        s % 60
    )
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Earliest and latest accepted instants (1900-01-01 and 2100-01-01, UTC): every valid calendar
/// date of real purchase histories (the 1990s included) is accepted; anything outside is almost
/// surely a unit or format mistake, and is reported rather than guessed. Dates far from the rest
/// of their file are accepted with a warning (`read::far_dates_warning`).
pub const MIN_TS: i64 = -2_208_988_800_000;
pub const MAX_TS: i64 = 4_102_444_800_000;

/// Why a timestamp was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TsError {
    Empty,
    Unparsable,
    OutOfRange,
}

impl TsError {
    /// The rejection code of a row whose timestamp failed this way.
    pub fn code(self) -> &'static str {
        match self {
            TsError::Empty => "missing_time",
            TsError::Unparsable => "bad_time",
            TsError::OutOfRange => "time_out_of_range",
        }
    }
}

/// `s.trim()`, answered inline for the usual cell that starts and ends with a printable ASCII
/// byte (white space is `\t`–`\r`, space, or not ASCII): a cell is trimmed a dozen times per row.
/// Also inline: a cell that starts and ends with a Chinese character (a 3-byte character led by
/// `E4`–`EF`, or a 4-byte one: no white space is either).
#[inline(always)]
pub(crate) fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(&a), Some(&z)) if (0x21..0x7f).contains(&a) && (0x21..0x7f).contains(&z) => s,
        // Empty (most optional cells of an events row): nothing to trim.
        (None, _) => s,
        (Some(&a), Some(&z)) if plain_start(a) && plain_end(b, z) => s,
        _ => s.trim(),
    }
}

/// Whether a character starting with byte `a` is not white space, by that byte alone.
#[inline(always)]
fn plain_start(a: u8) -> bool {
    (0x21..0x7f).contains(&a) || a >= 0xE4
}

/// Whether the last character of `b` (valid UTF-8, last byte `z`) is not white space: ASCII
/// other than white space, or a 3-byte character led by `E4`–`EF`, or any 4-byte character.
#[inline(always)]
fn plain_end(b: &[u8], z: u8) -> bool {
    if (0x21..0x7f).contains(&z) {
        return true;
    }
    let n = b.len();
    let lead = |k: usize| n.checked_sub(k).and_then(|i| b.get(i)).copied();
    z >= 0x80
        && (lead(3).is_some_and(|c| (0xE4..0xF0).contains(&c))
            || lead(4).is_some_and(|c| c >= 0xF0))
}

/// Parses a timestamp into ms since the epoch, UTC. Naive times are in `offset_minutes`.
///
/// Accepted: ISO 8601 with or without offset (`2026-10-03T20:15:00+08:00`, `…Z`),
/// `YYYY-MM-DD HH:MM[:SS[.fff]]`, `YYYY/MM/DD HH:MM[:SS]` (also `.`-separated and
/// `YYYY年MM月DD日`), date only, `YYYYMMDD`, Unix seconds (9–10 digits, optional fraction) and
/// milliseconds (12–13 digits).
pub fn parse_timestamp(s: &str, offset_minutes: i32) -> Result<i64, TsError> {
    let s = trim(s);
    if s.is_empty() {
        return Err(TsError::Empty);
    }
    let b = s.as_bytes();
    if let Some(ts) = fast_date_time(b, offset_minutes) {
        return match (MIN_TS..MAX_TS).contains(&ts) {
            true => Ok(ts),
            false => Err(TsError::OutOfRange),
        };
    }
    let ts = if b.iter().all(|c| c.is_ascii_digit() || *c == b'.')
        && b.first().is_some_and(u8::is_ascii_digit)
    {
        parse_numeric(s, offset_minutes)?
    } else {
        parse_date_time(s, offset_minutes)?
    };
    if !(MIN_TS..MAX_TS).contains(&ts) {
        return Err(TsError::OutOfRange);
    }
    Ok(ts)
}

/// The common form `YYYY-MM-DD HH:MM:SS` (or with `T`), read in one go; `None` for anything
/// else (then [`parse_date_time`] reads it, to the same value when this one would).
#[inline]
fn fast_date_time(b: &[u8], offset_minutes: i32) -> Option<i64> {
    let b: &[u8; 19] = b.try_into().ok()?;
    let d = |i: usize| -> Option<u32> {
        let c = b.get(i)?.wrapping_sub(b'0');
        (c < 10).then_some(c as u32)
    };
    if b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b' ' | b'T' | b't')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let hh = d(11)? * 10 + d(12)?;
    let mm = d(14)? * 10 + d(15)?;
    let ss = d(17)? * 10 + d(18)?;
    if hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // The date's day number: the previous timestamp's when its date is the same (the rows of
    // an export come in time order, most of a day's rows after each other).
    let key = (
        u64::from_le_bytes(b[..8].try_into().ok()?),
        u16::from_le_bytes([b[8], b[9]]),
    );
    let days = match LAST_DATE.with(Cell::get) {
        (k8, k2, days) if (k8, k2) == key => days,
        _ => {
            let y = (d(0)? * 1000 + d(1)? * 100 + d(2)? * 10 + d(3)?) as i64;
            let m = d(5)? * 10 + d(6)?;
            let day = d(8)? * 10 + d(9)?;
            if !(1..=12).contains(&m) || day == 0 || day > days_in_month(y, m) {
                return None;
            }
            let days = days_from_civil(y, m, day);
            LAST_DATE.with(|l| l.set((key.0, key.1, days)));
            days
        }
    };
    let secs = hh as i64 * 3600 + mm as i64 * 60 + ss.min(59) as i64;
    Some(days * 86_400_000 + secs * 1000 - offset_minutes as i64 * 60_000)
}

thread_local! {
    /// The date bytes (`YYYY-MM-DD`, as two words) of the last valid timestamp read by
    /// [`fast_date_time`] and their day number; `(0, 0, 0)` matches no date (digits first).
    static LAST_DATE: Cell<(u64, u16, i64)> = const { Cell::new((0, 0, 0)) };
}

fn parse_numeric(s: &str, offset_minutes: i32) -> Result<i64, TsError> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if frac.is_some_and(|f| f.contains('.')) {
        return Err(TsError::Unparsable);
    }
    match int.len() {
        8 if frac.is_none() => {
            // YYYYMMDD
            let y: i64 = int[0..4].parse().map_err(|_| TsError::Unparsable)?;
            let m: u32 = int[4..6].parse().map_err(|_| TsError::Unparsable)?;
            let d: u32 = int[6..8].parse().map_err(|_| TsError::Unparsable)?;
            if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
                return Err(TsError::Unparsable);
            }
            Ok(days_from_civil(y, m, d) * 86_400_000 - offset_minutes as i64 * 60_000)
        }
        9 | 10 => {
            let secs: i64 = int.parse().map_err(|_| TsError::Unparsable)?;
            let ms = match frac {
                Some(f) if !f.is_empty() => {
                    let digits: String = f.chars().chain("000".chars()).take(3).collect();
                    digits.parse::<i64>().map_err(|_| TsError::Unparsable)?
                }
                _ => 0,
            };
            Ok(secs * 1000 + ms)
        }
        12 | 13 if frac.is_none() => int.parse().map_err(|_| TsError::Unparsable),
        _ => Err(TsError::OutOfRange),
    }
}

/// A tiny cursor over ASCII-ish bytes.
struct Cur<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cur<'_> {
    fn num(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.i;
        let mut v: u32 = 0;
        while self.i - start < max {
            match self.b.get(self.i) {
                Some(d) if d.is_ascii_digit() => {
                    v = v.saturating_mul(10).saturating_add(u32::from(d - b'0'));
                    self.i += 1;
                }
                _ => break,
            }
        }
        (self.i - start >= min).then_some(v)
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn eat_str(&mut self, s: &str) -> bool {
        if self
            .b
            .get(self.i..)
            .is_some_and(|rest| rest.starts_with(s.as_bytes()))
        {
            self.i += s.len();
            true
        } else {
            false
        }
    }
    fn done(&self) -> bool {
        self.i >= self.b.len()
    }
}

fn parse_date_time(s: &str, offset_minutes: i32) -> Result<i64, TsError> {
    let mut c = Cur {
        b: s.as_bytes(),
        i: 0,
    };
    let bad = TsError::Unparsable;
    let y = c.num(4, 4).ok_or(bad)? as i64;
    let sep = c.peek().ok_or(bad)?;
    let chinese = c.eat_str("年");
    if !chinese && !matches!(sep, b'-' | b'/' | b'.') {
        return Err(bad);
    }
    if !chinese {
        c.i += 1;
    }
    let m = c.num(1, 2).ok_or(bad)?;
    if chinese {
        if !c.eat_str("月") {
            return Err(bad);
        }
    } else if !c.eat(sep) {
        return Err(bad);
    }
    let d = c.num(1, 2).ok_or(bad)?;
    if chinese {
        c.eat_str("日");
    }
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return Err(bad);
    }
    let mut secs_of_day: i64 = 0;
    let mut ms: i64 = 0;
    let mut offset = Some(offset_minutes as i64);
    if !c.done() {
        if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
            return Err(bad);
        }
        while c.eat(b' ') {}
        let hh = c.num(1, 2).ok_or(bad)?;
        if !(c.eat(b':') || c.eat_str("时")) {
            return Err(bad);
        }
        let mm = c.num(2, 2).ok_or(bad)?;
        c.eat_str("分");
        let mut ss = 0;
        if c.eat(b':') {
            ss = c.num(2, 2).ok_or(bad)?;
            if c.eat(b'.') || c.eat(b',') {
                let start = c.i;
                let f = c.num(1, 9).ok_or(bad)? as i64;
                let digits = (c.i - start) as u32;
                ms = if digits >= 3 {
                    f / 10_i64.pow(digits - 3)
                } else {
                    f * 10_i64.pow(3 - digits)
                };
            }
        } else {
            c.eat_str("秒");
        }
        if hh > 23 || mm > 59 || ss > 60 {
            return Err(bad);
        }
        secs_of_day = hh as i64 * 3600 + mm as i64 * 60 + ss.min(59) as i64;
        while c.eat(b' ') {}
        if c.eat(b'Z') || c.eat(b'z') {
            offset = Some(0);
        } else if let Some(sign @ (b'+' | b'-')) = c.peek() {
            c.i += 1;
            let oh = c.num(2, 2).ok_or(bad)? as i64;
            c.eat(b':');
            let om = c.num(0, 2).unwrap_or(0) as i64;
            // Real UTC offsets lie within -12:00 … +14:00.
            if oh > 14 || om > 59 {
                return Err(bad);
            }
            let o = oh * 60 + om;
            offset = Some(if sign == b'-' { -o } else { o });
        } else if c.eat_str("UTC") || c.eat_str("GMT") {
            offset = Some(0);
        }
    }
    if !c.done() {
        return Err(bad);
    }
    let local = days_from_civil(y, m, d) * 86_400_000 + secs_of_day * 1000 + ms;
    Ok(local - offset.unwrap_or(0) * 60_000)
}

/// Why an amount was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    Unparsable,
    Negative,
    NotFinite,
    /// Above [`super::numbers::MAX_AMOUNT`].
    TooLarge,
    /// `1,234` or `1.000` in a column whose other values do not tell the decimal separator.
    Ambiguous,
    /// A value whose form contradicts its column's decimal separator.
    StyleConflict,
}

/// Parses a money amount with a decimal point: `¥1,299.00`, `￥99`, `$5`, `1299`, `99元`,
/// `CNY 99`, `1'234.50`. `Ok(None)` for an empty cell. Negative, NaN, infinite and absurdly
/// large amounts are errors, never guessed. Columns of a file are read with
/// [`super::numbers::parse_amount_in`], which settles the decimal separator per column.
pub fn parse_amount(s: &str) -> Result<Option<f64>, AmountError> {
    super::numbers::parse_amount_styled(s, super::numbers::NumberStyle::Dot)
}

/// Parses a time-zone setting: `UTC`, `Z`, `GMT`, `±HH:MM`, `±HHMM`, `±HH` or `±H` (optionally
/// after `UTC`/`GMT`, e.g. `UTC+8`, `GMT+08:00`), or a few common zone names without daylight
/// saving (`Asia/Shanghai`, …). Returns minutes east of UTC, or `None` for anything else: hours
/// and minutes are ASCII digits only (no sign, no space inside), minutes below 60, and the
/// offset within ±14:00. Never panics, whatever the text (slicing is by characters checked to
/// be ASCII digits).
pub fn parse_tz(s: &str) -> Option<i32> {
    let t = s.trim();
    match t {
        "UTC" | "utc" | "Z" | "z" | "GMT" | "Etc/UTC" => return Some(0),
        "Asia/Shanghai" | "Asia/Chongqing" | "Asia/Hong_Kong" | "Asia/Taipei" | "Asia/Macau"
        | "Asia/Singapore" | "PRC" => return Some(480),
        "Asia/Tokyo" | "Asia/Seoul" => return Some(540),
        "Asia/Kolkata" => return Some(330),
        _ => {}
    }
    let t = t
        .strip_prefix("UTC")
        .or_else(|| t.strip_prefix("GMT"))
        .unwrap_or(t);
    let (sign, rest) = if let Some(r) = t.strip_prefix('+') {
        (1, r)
    } else if let Some(r) = t.strip_prefix('-') {
        (-1, r)
    } else {
        return None;
    };
    // Two-digit (or one-digit hour) groups of ASCII digits only.
    let digits = |d: &str| -> Option<i32> {
        if d.is_empty() || d.len() > 2 || !d.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        d.parse().ok()
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) if m.len() == 2 => (digits(h)?, digits(m)?),
        Some(_) => return None,
        None if rest.len() == 4 && rest.bytes().all(|b| b.is_ascii_digit()) => {
            (digits(rest.get(..2)?)?, digits(rest.get(2..)?)?)
        }
        None => (digits(rest)?, 0),
    };
    let minutes = h * 60 + m;
    if m > 59 || minutes > 14 * 60 {
        return None;
    }
    Some(sign * minutes)
}

#[cfg(test)]
#[path = "parse_fast_tests.rs"]
mod fast_tests;

#[cfg(test)]
mod tests {

    #[test]
    fn fast_path_reads_as_the_general_parser() {
        let mut x: u64 = 12345;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut cases: Vec<String> = vec![
            "2025-02-29 10:00:00".into(),
            "2024-02-29 23:59:60".into(),
            "2024-13-01 00:00:00".into(),
            "2024-12-31T24:00:00".into(),
            "1899-12-31 23:59:59".into(),
            "2100-01-01 00:00:00".into(),
            "2024-01-01 00:00:0x".into(),
            "2024/01/01 00:00:00".into(),
        ];
        for _ in 0..20_000 {
            let r = next();
            cases.push(format!(
                "{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}",
                1890 + r % 230,
                (r >> 8) % 14,
                (r >> 12) % 33,
                [" ", "T", "t"][(r >> 20) as usize % 3],
                (r >> 24) % 26,
                (r >> 32) % 62,
                (r >> 40) % 62
            ));
        }
        for c in &cases {
            for tz in [0, 480, -300] {
                let fast = fast_date_time(c.as_bytes(), tz);
                let general = parse_date_time(c, tz).ok();
                if let Some(f) = fast {
                    assert_eq!(Some(f), general, "{c}");
                } else if c.as_bytes().get(4) == Some(&b'-') {
                    assert_eq!(general, None, "{c}: the fast path refuses only what fails");
                }
            }
        }
    }

    use super::*;

    const T: i64 = 1_759_493_700_000; // 2025-10-03 12:15:00 UTC

    #[test]
    fn calendar_round_trip() {
        for z in [-1000, 0, 1, 59, 60, 365, 10_957, 20_000, 47_482] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(format_day(20_364), "2025-10-03");
        assert_eq!(format_ts(T, 480), "2025-10-03 20:15:00");
    }

    #[test]
    fn every_timestamp_form() {
        let p = |s| parse_timestamp(s, 480);
        assert_eq!(p("2025-10-03T12:15:00Z"), Ok(T));
        assert_eq!(p("2025-10-03T20:15:00+08:00"), Ok(T));
        assert_eq!(p("2025-10-03T20:15:00+0800"), Ok(T));
        assert_eq!(p("2025-10-03T07:15:00-05:00"), Ok(T));
        assert_eq!(p("2025-10-03 20:15:00"), Ok(T));
        assert_eq!(p("2025-10-03 20:15"), Ok(T));
        assert_eq!(p("2025/10/03 20:15:00"), Ok(T));
        assert_eq!(p("2025/10/3 20:15"), Ok(T));
        assert_eq!(p("2025.10.03 20:15:00"), Ok(T));
        assert_eq!(p("2025年10月03日 20:15:00"), Ok(T));
        assert_eq!(p("2025-10-03 20:15:00.250"), Ok(T + 250));
        assert_eq!(p("2025-10-03T20:15:00.5+08:00"), Ok(T + 500));
        assert_eq!(p("1759493700"), Ok(T));
        assert_eq!(p("1759493700.25"), Ok(T + 250));
        assert_eq!(p("1759493700000"), Ok(T));
        // Date only and YYYYMMDD: local midnight.
        let midnight = days_from_civil(2025, 10, 3) * 86_400_000 - 480 * 60_000;
        assert_eq!(p("2025-10-03"), Ok(midnight));
        assert_eq!(p("20251003"), Ok(midnight));
        assert_eq!(parse_timestamp("2025-10-03 12:15:00", 0), Ok(T));
    }

    #[test]
    fn bad_timestamps_are_reported() {
        let p = |s| parse_timestamp(s, 0);
        assert_eq!(p(""), Err(TsError::Empty));
        assert_eq!(p("  "), Err(TsError::Empty));
        assert_eq!(p("yesterday"), Err(TsError::Unparsable));
        assert_eq!(p("2025-13-01"), Err(TsError::Unparsable));
        assert_eq!(p("2025-02-29"), Err(TsError::Unparsable));
        assert_eq!(
            p("2024-02-29"),
            Ok(days_from_civil(2024, 2, 29) * 86_400_000)
        );
        assert_eq!(p("2025-10-03 25:00"), Err(TsError::Unparsable));
        assert_eq!(p("2025-10-03 20:15:00 trailing"), Err(TsError::Unparsable));
        assert_eq!(p("1899-12-31"), Err(TsError::OutOfRange));
        assert_eq!(p("1900-01-01"), Ok(MIN_TS));
        assert_eq!(
            p("1997-01-01 10:00:00"),
            Ok(days_from_civil(1997, 1, 1) * 86_400_000 + 36_000_000)
        );
        assert_eq!(p("19980630"), Ok(days_from_civil(1998, 6, 30) * 86_400_000));
        assert_eq!(p("2099-12-31 23:59:59"), Ok(MAX_TS - 1000));
        assert_eq!(p("9999-12-31 00:00:00"), Err(TsError::OutOfRange));
        assert_eq!(p("12345"), Err(TsError::OutOfRange));
        assert_eq!(p("1.2.3"), Err(TsError::Unparsable));
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("¥1,299.00"), Ok(Some(1299.0)));
        assert_eq!(parse_amount("￥99"), Ok(Some(99.0)));
        assert_eq!(parse_amount("$5"), Ok(Some(5.0)));
        assert_eq!(parse_amount("1299"), Ok(Some(1299.0)));
        assert_eq!(parse_amount(" 99元 "), Ok(Some(99.0)));
        assert_eq!(parse_amount("CNY 19.9"), Ok(Some(19.9)));
        assert_eq!(parse_amount(""), Ok(None));
        assert_eq!(parse_amount("-5"), Err(AmountError::Negative));
        assert_eq!(parse_amount("¥-5"), Err(AmountError::Negative));
        assert_eq!(parse_amount("NaN"), Err(AmountError::NotFinite));
        assert_eq!(parse_amount("inf"), Err(AmountError::NotFinite));
        assert_eq!(parse_amount("1e400"), Err(AmountError::NotFinite));
        assert_eq!(parse_amount("abc"), Err(AmountError::Unparsable));
        assert_eq!(parse_amount("1.2.3"), Err(AmountError::Unparsable));
        assert_eq!(parse_amount("-0"), Ok(Some(0.0)));
    }

    #[test]
    fn time_zones() {
        assert_eq!(parse_tz("UTC"), Some(0));
        assert_eq!(parse_tz("+08:00"), Some(480));
        assert_eq!(parse_tz("UTC+8"), Some(480));
        assert_eq!(parse_tz("-0530"), Some(-330));
        assert_eq!(parse_tz("Asia/Shanghai"), Some(480));
        assert_eq!(parse_tz("Mars/Olympus"), None);
        assert_eq!(parse_tz("+99"), None);
        assert_eq!(parse_tz("+14:00"), Some(840));
        assert_eq!(parse_tz("-14"), Some(-840));
        assert_eq!(parse_tz("+5"), Some(300));
        assert_eq!(parse_tz("+0530"), Some(330));
        assert_eq!(parse_tz("Z"), Some(0));
        for bad in [
            "",
            "+",
            "-",
            "+1中",
            "+中",
            "+08:-30",
            "+08:+3",
            "-0:-30",
            "+14:01",
            "+14:30",
            "+15",
            "+08:60",
            "+08:5",
            "+8:0",
            "+008:00",
            "+08:000",
            "+ 8",
            "+99999999999",
            "+08:00:00",
            "++8",
            "+-8",
            "08:00",
            "UTC+",
            "+٠٨:٠٠",
            "+0８",
            "+12345",
        ] {
            assert_eq!(parse_tz(bad), None, "{bad:?}");
        }
    }

    proptest::proptest! {
        /// Any text: no panic, and an accepted offset is within ±14:00.
        #[test]
        fn tz_never_panics_and_stays_in_range(s in "\\PC{0,12}") {
            if let Some(m) = parse_tz(&s) {
                proptest::prop_assert!((-840..=840).contains(&m), "{s:?} -> {m}");
            }
        }

        /// Text near the valid forms (signs, digits, colons, multibyte characters).
        #[test]
        fn tz_near_misses(s in "(UTC|GMT)?[+\\-:0-9中٠８ ]{0,7}") {
            if let Some(m) = parse_tz(&s) {
                proptest::prop_assert!((-840..=840).contains(&m), "{s:?} -> {m}");
                let t = s.trim().trim_start_matches("UTC").trim_start_matches("GMT");
                if !t.is_empty() {
                    // Not a bare UTC/GMT: a sign, then ASCII digits and at most one colon.
                    proptest::prop_assert!(t.starts_with('+') || t.starts_with('-'), "{s:?}");
                    proptest::prop_assert!(t[1..].bytes().all(|b| b.is_ascii_digit() || b == b':'));
                    proptest::prop_assert!(t.matches(':').count() <= 1);
                }
            }
        }

        /// Every valid offset round-trips through the three written forms.
        #[test]
        fn tz_valid_offsets_round_trip(minutes in -840i32..=840) {
            let sign = if minutes < 0 { '-' } else { '+' };
            let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
            proptest::prop_assert_eq!(parse_tz(&format!("{sign}{h:02}:{m:02}")), Some(minutes));
            proptest::prop_assert_eq!(parse_tz(&format!("{sign}{h:02}{m:02}")), Some(minutes));
            proptest::prop_assert_eq!(parse_tz(&format!("UTC{sign}{h}:{m:02}")), Some(minutes));
            if m == 0 {
                proptest::prop_assert_eq!(parse_tz(&format!("{sign}{h:02}")), Some(minutes));
            }
        }
    }
}

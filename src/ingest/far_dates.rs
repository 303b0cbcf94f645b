//! Dates far from the rest of their file: accepted (a real history can start in 1997), but
//! reported, since a lone 1901 or 2090 among 2026 dates is usually a typo or a default value.
//!
//! The rule: take the file's dates sorted; the central range runs from the 0.5th to the 99.5th
//! percentile (nearest rank), leaving out at least the earliest and the latest date; a date more
//! than [`FAR_YEARS`] years before or after that range is far. Files of fewer than three dated
//! rows are not checked.

use super::parse::{format_day, format_ts};

/// How far outside the central range a date must be to be reported, in years.
pub const FAR_YEARS: i64 = 5;

const YEAR_MS: i64 = 31_557_600_000; // 365.25 days

/// The warning about far dates among `ts` (one file's accepted timestamps), if there are any.
pub fn far_dates_warning(ts: &[i64]) -> Option<String> {
    let n = ts.len();
    if n < 3 {
        return None;
    }
    let mut sorted = ts.to_vec();
    sorted.sort_unstable();
    let last = n - 1;
    let lo_i = ((last as f64 * 0.005).floor() as usize).max(1);
    let hi_i = ((last as f64 * 0.995).ceil() as usize).min(last - 1);
    let (&lo, &hi) = (sorted.get(lo_i)?, sorted.get(hi_i)?);
    let margin = FAR_YEARS * YEAR_MS;
    let far = |t: i64| t < lo - margin || t > hi + margin;
    let count = ts.iter().filter(|&&t| far(t)).count();
    let example = ts.iter().copied().find(|&t| far(t))?;
    Some(format!(
        "{count} rows have dates more than {FAR_YEARS} years away from the central 99% of this file's dates ({} … {}); they are kept — check them, e.g. {}",
        format_day(lo.div_euclid(86_400_000)),
        format_day(hi.div_euclid(86_400_000)),
        format_ts(example, 0)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse::parse_timestamp;

    fn t(s: &str) -> i64 {
        parse_timestamp(s, 0).unwrap()
    }

    #[test]
    fn far_dates_are_reported_not_refused() {
        let mut ts: Vec<i64> = (0..300).map(|i| t("1997-01-01") + i * 86_400_000).collect();
        assert_eq!(far_dates_warning(&ts), None);
        ts.push(t("1901-05-01"));
        ts.push(t("2090-01-01"));
        let w = far_dates_warning(&ts).unwrap();
        assert!(w.starts_with("2 rows have dates more than 5 years"), "{w}");
        assert!(w.contains("1901-05-01 00:00:00"), "{w}");
        // Three years away is not far.
        let near = vec![
            t("2020-01-01"),
            t("2023-01-01"),
            t("2023-01-02"),
            t("2023-01-03"),
        ];
        assert_eq!(far_dates_warning(&near), None);
        assert_eq!(far_dates_warning(&[t("1901-01-01"), t("2026-01-01")]), None);
        assert!(far_dates_warning(&[t("1901-01-01"), t("2026-01-01"), t("2026-01-02")]).is_some());
    }
}

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
    far_dates_warning_in(&[ts])
}

/// [`far_dates_warning`] of the dates of `parts` together (a file's events may lie in several
/// ranges of the dataset), without copying them.
pub fn far_dates_warning_in(parts: &[&[i64]]) -> Option<String> {
    let all = || parts.iter().flat_map(|p| p.iter().copied());
    let n: usize = parts.iter().map(|p| p.len()).sum();
    if n < 3 {
        return None;
    }
    // All dates within FAR_YEARS of each other (nearly every file): none can be far, since the
    // central range lies between the earliest and the latest. One pass instead of five.
    // Slice by slice (a loop the compiler vectorises, where the chained iterator's is not).
    let (min, max) = parts.iter().fold((i64::MAX, i64::MIN), |(a, b), p| {
        p.iter().fold((a, b), |(a, b), &t| (a.min(t), b.max(t)))
    });
    if max
        .checked_sub(min)
        .is_some_and(|d| d <= FAR_YEARS * YEAR_MS)
    {
        return None;
    }
    let last = n - 1;
    let lo_i = ((last as f64 * 0.005).floor() as usize).max(1);
    let hi_i = ((last as f64 * 0.995).ceil() as usize).min(last - 1);
    let [lo, hi] = ranked(all, [lo_i, hi_i])?;
    let margin = FAR_YEARS * YEAR_MS;
    let far = |t: i64| t < lo - margin || t > hi + margin;
    let count = all().filter(|&t| far(t)).count();
    let example = all().find(|&t| far(t))?;
    Some(format!(
        "{count} rows have dates more than {FAR_YEARS} years away from the central 99% of this file's dates ({} … {}); they are kept — check them, e.g. {}",
        format_day(lo.div_euclid(86_400_000)),
        format_day(hi.div_euclid(86_400_000)),
        format_ts(example, 0)
    ))
}

/// Bins of the histogram [`ranked`] finds ranks in.
const BIN_BITS: u32 = 16;

/// The values of ranks `ks` (0-based, in ascending order) of the values `all()` gives, without
/// sorting a copy of them (a million dates: 8 MB more at the end of reading, the peak of
/// memory): each rank's bin is found in a histogram of 2¹⁶ bins over the range of values, and
/// the rank among that bin's values only.
fn ranked<I: Iterator<Item = i64>>(all: impl Fn() -> I, ks: [usize; 2]) -> Option<[i64; 2]> {
    let (min, max) = all().fold((i64::MAX, i64::MIN), |(a, b), t| (a.min(t), b.max(t)));
    if max < min {
        return None;
    }
    // `t - min` for `min <= t <= max` fits in a `u64` and is its wrapping difference there
    // (in `u64`, not `i128`: 128-bit arithmetic is a library call in wasm32).
    let offset = |t: i64| (t as u64).wrapping_sub(min as u64);
    let shift = (u64::BITS - offset(max).leading_zeros()).saturating_sub(BIN_BITS);
    let bin = |t: i64| (offset(t) >> shift) as usize;
    let mut counts = vec![0usize; 1 << BIN_BITS];
    for t in all() {
        if let Some(c) = counts.get_mut(bin(t)) {
            *c += 1;
        }
    }
    let mut out = [0i64; 2];
    for (o, &k) in out.iter_mut().zip(&ks) {
        let (mut before, mut b) = (0usize, 0usize);
        for (i, &c) in counts.iter().enumerate() {
            if before + c > k {
                b = i;
                break;
            }
            before += c;
        }
        let mut values: Vec<i64> = all().filter(|&t| bin(t) == b).collect();
        let at = k.checked_sub(before)?;
        if at >= values.len() {
            return None;
        }
        *o = *values.select_nth_unstable(at).1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse::parse_timestamp;

    fn t(s: &str) -> i64 {
        parse_timestamp(s, 0).unwrap()
    }

    #[test]
    fn a_spread_of_exactly_the_margin_is_not_far_and_one_more_is() {
        let margin = FAR_YEARS * YEAR_MS;
        let mut ts = vec![0i64; 300];
        ts.push(margin);
        assert_eq!(far_dates_warning(&ts), None);
        *ts.last_mut().unwrap() = margin + 1;
        assert!(far_dates_warning(&ts)
            .unwrap()
            .starts_with("1 rows have dates"));
        // The earliest and latest i64 (no overflow in the spread).
        let mut ts = vec![0i64; 300];
        ts.push(i64::MIN);
        ts.push(i64::MAX);
        assert!(far_dates_warning(&ts)
            .unwrap()
            .starts_with("2 rows have dates"));
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

    #[test]
    fn ranks_are_those_of_the_sorted_dates() {
        let mut rng = crate::compare::resample::Xoshiro256pp::seed_from_u64(88_172_645_463_325_252);
        let mut next = || rng.next_u64();
        let cases: Vec<Vec<i64>> = vec![
            vec![7; 50],
            (0..2000)
                .map(|_| t("2025-09-01") + (next() % 9_000_000_000) as i64)
                .collect(),
            (0..999).map(|_| (next() % 5) as i64 - 2).collect(),
            (0..500)
                .map(|i| match i % 50 {
                    0 => i64::MIN + (next() % 3) as i64,
                    1 => i64::MAX - (next() % 3) as i64,
                    _ => t("2025-09-01") + (next() % 1_000_000) as i64,
                })
                .collect(),
        ];
        for ts in cases {
            let mut sorted = ts.clone();
            sorted.sort_unstable();
            let n = ts.len();
            for ks in [
                [0, n - 1],
                [1, n - 2],
                [n / 200, n - n / 200 - 1],
                [n / 2, n / 2],
            ] {
                let (a, b) = ts.split_at(n / 3);
                let got = ranked(|| a.iter().chain(b).copied(), ks);
                assert_eq!(got, Some([sorted[ks[0]], sorted[ks[1]]]), "{ks:?}");
            }
            // Dates in the range timestamps are read in (the margin is added to them).
            if ts.iter().all(|t| t.abs() < 1 << 60) {
                let (a, b) = a_b(&ts);
                assert_eq!(far_dates_warning_in(&[a, b]), far_dates_warning(&ts));
            }
        }
        // Far dates found as before: the same warning in one part or two.
        let mut ts: Vec<i64> = (0..300).map(|i| t("1997-01-01") + i * 86_400_000).collect();
        ts.push(t("1901-05-01"));
        let (a, b) = a_b(&ts);
        let w = far_dates_warning_in(&[a, b]);
        assert!(w.is_some());
        assert_eq!(w, far_dates_warning(&ts));
    }

    fn a_b(ts: &[i64]) -> (&[i64], &[i64]) {
        ts.split_at(ts.len() / 2)
    }
}

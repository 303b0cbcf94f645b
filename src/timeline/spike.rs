//! Median and median absolute deviation, for GMV spikes.

/// Median of the values (mean of the two middle ones for an even count); `None` when empty.
/// Reorders the slice.
pub fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable_by(f64::total_cmp);
    let n = v.len();
    let hi = v.get(n / 2).copied()?;
    if n % 2 == 1 {
        Some(hi)
    } else {
        let lo = v.get(n / 2 - 1).copied()?;
        Some((lo + hi) / 2.0)
    }
}

/// `(median, MAD)` with MAD = median(|x − median|), unscaled; `(0, 0)` for no values.
pub fn median_mad(values: &[f64]) -> (f64, f64) {
    let mut v = values.to_vec();
    let Some(m) = median(&mut v) else {
        return (0.0, 0.0);
    };
    for x in &mut v {
        *x = (*x - m).abs();
    }
    (m, median(&mut v).unwrap_or(0.0))
}

//! GMV spikes: buckets whose GMV exceeds the median plus 3 × MAD of the session's selling
//! buckets (see the module docs of [`super`], "Spike"), and the median and median absolute
//! deviation they rest on.

use super::TimelineMinute;

/// The spikes of a session and the baseline they were measured against.
pub(super) struct Spikes {
    /// Median GMV of the selling buckets.
    pub(super) gmv_median: f64,
    /// Median absolute deviation of the selling buckets' GMV.
    pub(super) gmv_mad: f64,
    /// The minutes of the buckets flagged as spikes.
    pub(super) spikes: Vec<u32>,
}

/// Flags each bucket whose GMV is `> m + 3·MAD` (`m`, `MAD` over the buckets with GMV > 0).
pub(super) fn flag_spikes(minutes: &mut [TimelineMinute]) -> Spikes {
    let selling: Vec<f64> = minutes.iter().map(|m| m.gmv).filter(|&g| g > 0.0).collect();
    let (gmv_median, gmv_mad) = median_mad(&selling);
    let threshold = gmv_median + 3.0 * gmv_mad;
    let mut spikes = Vec::new();
    for m in minutes {
        m.spike = m.gmv > threshold && m.gmv > 0.0;
        if m.spike {
            spikes.push(m.minute);
        }
    }
    Spikes {
        gmv_median,
        gmv_mad,
        spikes,
    }
}

/// Median of the values (mean of the two middle ones for an even count); `None` when empty.
/// Reorders the slice.
pub fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    // Stable: the instantiation shared with the other `sort_by(f64::total_cmp)` (equal values
    // under `total_cmp` are the same bits, so the order is the unstable sort's).
    v.sort_by(f64::total_cmp);
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

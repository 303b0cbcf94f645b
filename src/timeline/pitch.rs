//! Product pitch windows: when a product's first `product_view` burst starts and how long it
//! lasts.
//!
//! For each product, count its `product_view` rows per bucket and take its peak per-bucket count.
//!
//! - The window **starts** at the first bucket whose count is at least
//!   `max(BURST_MIN_VIEWS, 20 % of the peak)` (so a product whose views never reach 3 in one
//!   bucket gets no window).
//! - It **fades** at the last bucket with views before its views stay at 0 for
//!   [`FADE_BUCKETS`] buckets in a row (or the last bucket with views of the session).
//! - It **ends** at the earlier of the fade and the bucket before the next product's window
//!   starts (the next window starting strictly later: products whose windows start in the same
//!   bucket are pitched together and their windows may overlap).
//!
//! Only the first burst counts: a product pitched again later keeps its first window.

/// A burst needs at least this many views in one bucket.
pub const BURST_MIN_VIEWS: u32 = 3;
/// A burst ends after this many buckets in a row without views.
pub const FADE_BUCKETS: u32 = 3;

/// A window in bucket indices (both inclusive) for an item id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub item: u32,
    pub start: u32,
    pub end: u32,
}

/// Pitch windows from `(item, bucket)` pairs, one per `product_view` row, sorted by start then
/// item.
pub fn pitch_windows(mut views: Vec<(u32, u32)>, n_buckets: usize) -> Vec<Window> {
    views.sort_unstable();
    // Per-item runs of (bucket, count), in bucket order.
    let mut runs: Vec<(u32, u32)> = Vec::new();
    let mut out: Vec<Window> = Vec::new();
    let mut g = 0;
    while g < views.len() {
        let item = views[g].0;
        runs.clear();
        let mut h = g;
        while h < views.len() && views[h].0 == item {
            let b = views[h].1;
            match runs.last_mut() {
                Some((lb, c)) if *lb == b => *c += 1,
                _ => runs.push((b, 1)),
            }
            h += 1;
        }
        g = h;
        out.extend(first_burst(item, &runs, n_buckets));
    }
    cut_windows(out)
}

/// Pitch windows from per-item view counts: for each item, its `(bucket, views)` runs in
/// bucket order with counts > 0 (live mode keeps these counts as rows arrive). The same rule and
/// result as [`pitch_windows`] on the rows behind those counts.
pub fn pitch_windows_from_counts<'a>(
    items: impl IntoIterator<Item = (u32, &'a [(u32, u32)])>,
    n_buckets: usize,
) -> Vec<Window> {
    let out = items
        .into_iter()
        .filter_map(|(item, runs)| first_burst(item, runs, n_buckets))
        .collect();
    cut_windows(out)
}

/// The first burst of one item and where it fades, from its runs.
fn first_burst(item: u32, runs: &[(u32, u32)], n_buckets: usize) -> Option<Window> {
    let peak = runs.iter().map(|&(_, c)| c).max().unwrap_or(0);
    let k = runs
        .iter()
        .position(|&(_, c)| c >= BURST_MIN_VIEWS && 5 * u64::from(c) >= u64::from(peak))?;
    let mut j = k;
    while j + 1 < runs.len() && runs[j + 1].0 - runs[j].0 <= FADE_BUCKETS {
        j += 1;
    }
    let last = n_buckets.saturating_sub(1) as u32;
    Some(Window {
        item,
        start: runs[k].0.min(last),
        end: runs[j].0.min(last),
    })
}

/// Sorts windows by start then item and cuts each at the next strictly later start.
fn cut_windows(mut out: Vec<Window>) -> Vec<Window> {
    // One window per item, so (start, item) has no ties: the shared stable sort gives the same.
    crate::sort::by_key(&mut out, |w| (w.start, w.item));
    // Cut each window at the next strictly later start.
    let mut next_start: Option<u32> = None;
    let mut i = out.len();
    while i > 0 {
        // Group of windows sharing a start: out[lo..i].
        let s = out[i - 1].start;
        let mut lo = i - 1;
        while lo > 0 && out[lo - 1].start == s {
            lo -= 1;
        }
        if let Some(ns) = next_start {
            for w in &mut out[lo..i] {
                w.end = w.end.min(ns - 1);
            }
        }
        next_start = Some(s);
        i = lo;
    }
    out
}

//! Multinomial naive Bayes over character bigrams of the normalised text: the fallback when no
//! rule fires. Counts come from `nb_table.bin` (written by `examples/comments_train.rs` from
//! the DEV part of the labelled set); Laplace smoothing (α = 1).
//!
//! Table layout (little endian): `LLNB1\0`; documents per intent, 7 × u32; bigram counts
//! summed per intent, 7 × u32; then one 15-byte record per bigram, sorted by (first, second):
//! first char u32, second char u32, counts per intent 7 × u8 (order of `Intent::ALL`).

use super::Intent;

static TABLE: &[u8] = include_bytes!("nb_table.bin");
const HEADER: usize = 6 + 14 * 4;
const RECORD: usize = 15;

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    bytes
        .get(at..at + 4)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map_or(0, u32::from_le_bytes)
}

fn record(i: usize) -> Option<&'static [u8]> {
    TABLE.get(HEADER + i * RECORD..HEADER + (i + 1) * RECORD)
}

/// Counts per intent of a bigram (zeros when unseen).
fn counts(a: char, b: char) -> [u8; 7] {
    let key = (u32::from(a), u32::from(b));
    let (mut lo, mut hi) = (0usize, TABLE.len().saturating_sub(HEADER) / RECORD);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let Some(r) = record(mid) else { break };
        let k = (u32_at(r, 0), u32_at(r, 4));
        match k.cmp(&key) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => {
                let mut out = [0u8; 7];
                if let Some(c) = r.get(8..15) {
                    out.copy_from_slice(c);
                }
                return out;
            }
        }
    }
    [0; 7]
}

/// The most likely intent of a normalised text (ties: the earlier intent in `Intent::ALL`).
pub fn predict(normalised: &str) -> Intent {
    let vocab = (TABLE.len().saturating_sub(HEADER) / RECORD) as f64 + 1.0;
    let docs: [f64; 7] = std::array::from_fn(|k| f64::from(u32_at(TABLE, 6 + 4 * k)));
    let totals: [f64; 7] = std::array::from_fn(|k| f64::from(u32_at(TABLE, 34 + 4 * k)));
    let n_docs: f64 = docs.iter().sum();
    let mut score: [f64; 7] = std::array::from_fn(|k| ((docs[k] + 1.0) / (n_docs + 7.0)).ln());
    let chars: Vec<char> = normalised.chars().collect();
    for w in chars.windows(2) {
        if w[0] == ' ' && w[1] == ' ' {
            continue;
        }
        let c = counts(w[0], w[1]);
        for k in 0..7 {
            score[k] += ((f64::from(c[k]) + 1.0) / (totals[k] + vocab)).ln();
        }
    }
    let mut best = 0;
    for k in 1..7 {
        if score[k] > score[best] {
            best = k;
        }
    }
    Intent::ALL[best]
}

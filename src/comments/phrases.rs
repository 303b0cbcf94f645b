//! Phrases found without a dictionary: token n-grams kept when cohesive (high pointwise mutual
//! information of their parts) and free (high entropy of what stands to their left and right).
//!
//! Tokens: each CJK ideograph is one token, each run of Latin letters and digits (lower-cased)
//! is one token, so Chinese is searched by character n-grams and English by word n-grams with
//! one code path. Anything else (spaces, punctuation, emoji) ends a segment; n-grams never
//! cross segments.

use super::norm::{fold, is_cjk};
use crate::{Error, Result};
use rustc_hash::FxHashMap;

/// Settings of [`phrases`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhraseParams {
    /// Shortest phrase in tokens (≥ 2).
    pub min_len: usize,
    /// Longest phrase in tokens (≤ 8).
    pub max_len: usize,
    /// Fewest occurrences.
    pub min_count: u32,
    /// Cohesion: the smallest PMI (natural log) over the phrase's binary splits.
    pub min_cohesion: f64,
    /// Freedom: the smaller of the left and right neighbour entropies (nats).
    pub min_freedom: f64,
    /// At most this many phrases are returned.
    pub top: usize,
}

impl Default for PhraseParams {
    fn default() -> Self {
        PhraseParams {
            min_len: 2,
            max_len: 6,
            min_count: 3,
            min_cohesion: 2.0,
            min_freedom: 1.0,
            top: 50,
        }
    }
}

impl PhraseParams {
    pub fn validate(&self) -> Result<()> {
        if self.min_len < 2 || self.max_len < self.min_len || self.max_len > 8 {
            return Err(Error::Params(format!(
                "phrase lengths must satisfy 2 ≤ min_len ≤ max_len ≤ 8, got {}..={}",
                self.min_len, self.max_len
            )));
        }
        if self.min_count == 0 {
            return Err(Error::Params("phrase min_count must be at least 1".into()));
        }
        if !self.min_cohesion.is_finite() || !self.min_freedom.is_finite() {
            return Err(Error::Params("phrase thresholds must be finite".into()));
        }
        Ok(())
    }
}

/// A phrase with its occurrences and score = ln(1 + count) × cohesion × freedom.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    pub text: String,
    pub count: u32,
    pub cohesion: f64,
    pub freedom: f64,
    pub score: f64,
}

struct Tokens {
    ids: FxHashMap<String, u32>,
    words: Vec<(String, bool)>,
}

impl Tokens {
    fn id(&mut self, tok: &str, latin: bool) -> u32 {
        if let Some(&i) = self.ids.get(tok) {
            return i;
        }
        let i = self.words.len() as u32;
        self.ids.insert(tok.to_owned(), i);
        self.words.push((tok.to_owned(), latin));
        i
    }
}

/// Token segments of the texts, each with the weight of the text it came from.
fn segments(texts: &[(&str, u32)], tokens: &mut Tokens) -> Vec<(Vec<u32>, u32)> {
    let mut out = Vec::new();
    for &(text, weight) in texts {
        let mut seg: Vec<u32> = Vec::new();
        let mut word = String::new();
        for c in text.chars().map(fold) {
            if c.is_ascii_alphanumeric() {
                word.push(c);
                continue;
            }
            if !word.is_empty() {
                seg.push(tokens.id(&word, true));
                word.clear();
            }
            if is_cjk(c) {
                let mut b = [0u8; 4];
                seg.push(tokens.id(c.encode_utf8(&mut b), false));
            } else if c == ' ' && seg.last().is_some_and(|&t| tokens.words[t as usize].1) {
                // A space between Latin words keeps the segment going.
            } else if !seg.is_empty() {
                out.push((std::mem::take(&mut seg), weight));
            }
        }
        if !word.is_empty() {
            seg.push(tokens.id(&word, true));
        }
        if !seg.is_empty() {
            out.push((seg, weight));
        }
    }
    out
}

#[derive(Default)]
struct Sides {
    left: FxHashMap<u32, u32>,
    left_edge: u32,
    right: FxHashMap<u32, u32>,
    right_edge: u32,
}

/// Entropy of a neighbour distribution; each segment edge counts as a distinct neighbour.
fn entropy(counts: &FxHashMap<u32, u32>, edges: u32) -> f64 {
    let total: u32 = counts.values().sum::<u32>() + edges;
    if total == 0 {
        return 0.0;
    }
    let n = f64::from(total);
    let mut h: f64 = counts
        .values()
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.ln()
        })
        .sum();
    if edges > 0 {
        let p = 1.0 / n;
        h += f64::from(edges) * -p * p.ln();
    }
    h
}

/// Finds phrases in `texts`: n-grams of `min_len..=max_len` tokens seen at least `min_count`
/// times, with cohesion ≥ `min_cohesion` and freedom ≥ `min_freedom`, ranked by score
/// (ties: more occurrences, then text). An n-gram inside a higher-scoring longer phrase with
/// the same count is dropped (it only ever occurs as part of it).
pub fn phrases(texts: &[&str], params: &PhraseParams) -> Result<Vec<Phrase>> {
    let weighted: Vec<(&str, u32)> = texts.iter().map(|&t| (t, 1)).collect();
    phrases_weighted(&weighted, params)
}

/// [`phrases`] over distinct texts with their number of occurrences: the same result as
/// [`phrases`] on the texts repeated that many times (every count is a sum), at the cost of
/// the distinct texts only.
pub fn phrases_weighted(texts: &[(&str, u32)], params: &PhraseParams) -> Result<Vec<Phrase>> {
    params.validate()?;
    let mut tokens = Tokens {
        ids: FxHashMap::default(),
        words: Vec::new(),
    };
    let segs = segments(texts, &mut tokens);
    let mut counts: FxHashMap<&[u32], u32> = FxHashMap::default();
    let mut total = 0u64;
    for (seg, w) in &segs {
        total += seg.len() as u64 * u64::from(*w);
        for n in 1..=params.max_len {
            for g in seg.windows(n) {
                let c = counts.entry(g).or_insert(0);
                *c = c.saturating_add(*w);
            }
        }
    }
    let mut sides: FxHashMap<&[u32], Sides> = FxHashMap::default();
    for (seg, w) in &segs {
        let w = *w;
        for n in params.min_len..=params.max_len.min(seg.len()) {
            for start in 0..=seg.len() - n {
                let g = &seg[start..start + n];
                if counts.get(g).copied().unwrap_or(0) < params.min_count {
                    continue;
                }
                let s = sides.entry(g).or_default();
                match start.checked_sub(1).and_then(|i| seg.get(i)) {
                    Some(&l) => *s.left.entry(l).or_insert(0) += w,
                    None => s.left_edge += w,
                }
                match seg.get(start + n) {
                    Some(&r) => *s.right.entry(r).or_insert(0) += w,
                    None => s.right_edge += w,
                }
            }
        }
    }
    let n_total = total.max(1) as f64;
    let count_of = |g: &[u32]| f64::from(counts.get(g).copied().unwrap_or(0)).max(1.0);
    let mut found: Vec<(Vec<u32>, Phrase)> = Vec::new();
    for (g, s) in &sides {
        let c = count_of(g);
        let cohesion = (1..g.len())
            .map(|k| (c * n_total / (count_of(&g[..k]) * count_of(&g[k..]))).ln())
            .fold(f64::INFINITY, f64::min);
        let freedom = entropy(&s.left, s.left_edge).min(entropy(&s.right, s.right_edge));
        if cohesion < params.min_cohesion || freedom < params.min_freedom {
            continue;
        }
        let count = counts.get(*g).copied().unwrap_or(0);
        let score = f64::from(count).ln_1p() * cohesion * freedom;
        found.push((
            g.to_vec(),
            Phrase {
                text: render(g, &tokens),
                count,
                cohesion,
                freedom,
                score,
            },
        ));
    }
    crate::sort::by(&mut found, |a, b| {
        b.1.score
            .total_cmp(&a.1.score)
            .then(b.1.count.cmp(&a.1.count))
            .then(a.1.text.cmp(&b.1.text))
    });
    let mut kept: Vec<(Vec<u32>, Phrase)> = Vec::new();
    for (g, p) in found {
        let inside = kept.iter().any(|(k, kp)| {
            k.len() > g.len()
                && kp.count == p.count
                && k.windows(g.len()).any(|w| w == g.as_slice())
        });
        if !inside {
            kept.push((g, p));
        }
        if kept.len() >= params.top {
            break;
        }
    }
    Ok(kept.into_iter().map(|(_, p)| p).collect())
}

fn render(g: &[u32], tokens: &Tokens) -> String {
    let mut s = String::new();
    let mut prev_latin = false;
    for &t in g {
        if let Some((w, latin)) = tokens.words.get(t as usize) {
            if *latin && prev_latin {
                s.push(' ');
            }
            s.push_str(w);
            prev_latin = *latin;
        }
    }
    s
}

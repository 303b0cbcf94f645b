//! Content-based model: TF-IDF over each product's tags, category and title tokens.
//!
//! Tokens: the category (one token), each tag (one token each, trimmed, lowercased) and the
//! title's words: runs of ASCII letters/digits become lowercased words, runs of other
//! alphabetic characters (Chinese) become character bigrams (a lone character stays a unigram).
//! Term weight `tf · idf` with `idf = ln((1 + n) / (1 + df)) + 1` (scikit-learn's smoothed idf),
//! vectors L2-normalised. A person's profile is the strength-weighted sum of the vectors of the
//! products in their history; the score of a product is the cosine between its vector and the
//! profile.

use rustc_hash::FxHashMap;

use super::{InteractionMatrix, Recommender, Scratch};
use crate::model::{Dataset, NONE};

/// What the content model and the explanations know about each product.
#[derive(Debug, Clone, Default)]
pub struct ItemFeatures {
    pub n_items: usize,
    /// Display text of each term (the tag, category or title token itself).
    pub vocab: Vec<String>,
    /// Sparse L2-normalised TF-IDF vectors: `vec_ptr[i]..vec_ptr[i + 1]` index the terms.
    pub vec_ptr: Vec<usize>,
    pub vec_term: Vec<u32>,
    pub vec_weight: Vec<f32>,
    /// Category id of each product (an index in `categories`), or [`NONE`].
    pub category: Vec<u32>,
    pub categories: Vec<String>,
    /// Title of each product, or its id when the catalogue gives no title.
    pub titles: Vec<String>,
    pub price: Vec<Option<f64>>,
}

/// Splits a title into lowercased ASCII words and bigrams of the other letters (Chinese).
pub fn title_tokens(title: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut han: Vec<char> = Vec::new();
    let flush_han = |han: &mut Vec<char>, out: &mut Vec<String>| {
        if han.len() == 1 {
            out.push(han[0].to_string());
        } else {
            for w in han.windows(2) {
                out.push(w.iter().collect());
            }
        }
        han.clear();
    };
    for ch in title.chars() {
        if ch.is_ascii_alphanumeric() {
            if !han.is_empty() {
                flush_han(&mut han, &mut out);
            }
            word.push(ch.to_ascii_lowercase());
        } else if ch.is_alphabetic() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            han.push(ch);
        } else {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if !han.is_empty() {
                flush_han(&mut han, &mut out);
            }
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    if !han.is_empty() {
        flush_han(&mut han, &mut out);
    }
    out
}

impl ItemFeatures {
    /// Features of `n` products with no catalogue information.
    pub fn empty(n: usize) -> Self {
        Self {
            n_items: n,
            vec_ptr: vec![0; n + 1],
            category: vec![NONE; n],
            titles: (0..n).map(|i| i.to_string()).collect(),
            price: vec![None; n],
            ..Default::default()
        }
    }

    /// Builds the features from the dataset's catalogue (`ds.item_info`).
    pub fn from_dataset(ds: &Dataset) -> Self {
        let n = ds.items.len();
        let mut f = Self::empty(n);
        let mut term_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut cat_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut item_terms: Vec<Vec<(u32, f32)>> = Vec::with_capacity(n);
        let mut intern = |key: String, shown: &str, vocab: &mut Vec<String>| -> u32 {
            let next = vocab.len() as u32;
            *term_ids.entry(key).or_insert_with(|| {
                vocab.push(shown.to_owned());
                next
            })
        };
        for i in 0..n {
            let info = ds.item_info.get(i);
            let mut terms: Vec<(u32, f32)> = Vec::new();
            let mut add = |t: u32| match terms.iter_mut().find(|e| e.0 == t) {
                Some(e) => e.1 += 1.0,
                None => terms.push((t, 1.0)),
            };
            f.titles[i] = ds.items.name(i as u32).to_owned();
            if let Some(info) = info {
                if !info.title.trim().is_empty() {
                    f.titles[i] = info.title.trim().to_owned();
                }
                f.price[i] = info.price.filter(|p| p.is_finite() && *p >= 0.0);
                let cat = info.category.trim();
                if !cat.is_empty() {
                    let next = f.categories.len() as u32;
                    let cid = *cat_ids.entry(cat.to_owned()).or_insert_with(|| {
                        f.categories.push(cat.to_owned());
                        next
                    });
                    f.category[i] = cid;
                    add(intern(
                        format!("c:{}", cat.to_lowercase()),
                        cat,
                        &mut f.vocab,
                    ));
                }
                for tag in &info.tags {
                    let t = tag.trim();
                    if !t.is_empty() {
                        add(intern(format!("t:{}", t.to_lowercase()), t, &mut f.vocab));
                    }
                }
                for tok in title_tokens(&info.title) {
                    add(intern(format!("w:{tok}"), &tok, &mut f.vocab));
                }
            }
            item_terms.push(terms);
        }
        let mut df = vec![0u32; f.vocab.len()];
        for terms in &item_terms {
            for &(t, _) in terms {
                df[t as usize] += 1;
            }
        }
        f.vec_ptr.clear();
        f.vec_ptr.push(0);
        for mut terms in item_terms {
            for e in terms.iter_mut() {
                let idf = ((1.0 + n as f32) / (1.0 + df[e.0 as usize] as f32)).ln() + 1.0;
                e.1 *= idf;
            }
            let norm = terms.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
            terms.sort_unstable_by_key(|e| e.0);
            for (t, w) in terms {
                f.vec_term.push(t);
                f.vec_weight.push(if norm > 0.0 { w / norm } else { 0.0 });
            }
            f.vec_ptr.push(f.vec_term.len());
        }
        f
    }

    /// The TF-IDF vector of a product: (terms, weights).
    pub fn vector(&self, item: u32) -> (&[u32], &[f32]) {
        let i = item as usize;
        if i + 1 >= self.vec_ptr.len() {
            return (&[], &[]);
        }
        let r = self.vec_ptr[i]..self.vec_ptr[i + 1];
        (&self.vec_term[r.clone()], &self.vec_weight[r])
    }

    /// Display title of a product (its title, else its id).
    pub fn title(&self, item: u32) -> &str {
        self.titles.get(item as usize).map_or("", String::as_str)
    }
}

/// The content-based recommender (see the module documentation).
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub features: ItemFeatures,
}

impl Content {
    /// Fills `s.terms` with the person's (unnormalised) profile; returns its norm.
    fn profile(&self, m: &InteractionMatrix, user: u32, s: &mut Scratch) -> f32 {
        let v = self.features.vocab.len();
        if s.terms.len() != v {
            s.terms = vec![0.0; v];
        } else {
            s.terms.iter_mut().for_each(|x| *x = 0.0);
        }
        let (items, rs, _) = m.row(user);
        for (&j, &r) in items.iter().zip(rs) {
            let (ts, ws) = self.features.vector(j);
            for (&t, &w) in ts.iter().zip(ws) {
                s.terms[t as usize] += r * w;
            }
        }
        s.terms.iter().map(|x| x * x).sum::<f32>().sqrt()
    }

    /// The term that contributes most to the person's score for `item` (for explanations).
    pub fn top_term(
        &self,
        m: &InteractionMatrix,
        user: u32,
        item: u32,
        s: &mut Scratch,
    ) -> Option<u32> {
        self.profile(m, user, s);
        let (ts, ws) = self.features.vector(item);
        ts.iter()
            .zip(ws)
            .map(|(&t, &w)| (t, w * s.terms[t as usize]))
            .filter(|e| e.1 > 0.0)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|e| e.0)
    }
}

impl Recommender for Content {
    fn fit(&mut self, _m: &InteractionMatrix, items: &ItemFeatures) {
        self.features = items.clone();
    }

    fn score(&self, m: &InteractionMatrix, user: u32, out: &mut [f32], s: &mut Scratch) {
        let norm = self.profile(m, user, s);
        for (i, o) in out.iter_mut().enumerate() {
            *o = 0.0;
            if norm > 0.0 {
                let (ts, ws) = self.features.vector(i as u32);
                let d: f32 = ts
                    .iter()
                    .zip(ws)
                    .map(|(&t, &w)| w * s.terms[t as usize])
                    .sum();
                *o = d / norm;
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::model::ItemInfo;

    #[test]
    fn tokeniser() {
        assert_eq!(
            title_tokens("Python编程课程3 入门"),
            vec!["python", "编程", "程课", "课程", "3", "入门"]
        );
        assert_eq!(title_tokens("AI 课"), vec!["ai", "课"]);
        assert!(title_tokens("  ").is_empty());
    }

    #[test]
    fn tfidf_and_scores() {
        let mut ds = Dataset::default();
        for (id, title, cat) in [
            ("a", "编程入门", "编程"),
            ("b", "编程进阶", "编程"),
            ("c", "瑜伽", "健康"),
        ] {
            ds.items.intern(id);
            ds.item_info.push(ItemInfo {
                title: title.into(),
                category: cat.into(),
                tags: vec![],
                price: Some(9.9),
            });
        }
        let f = ItemFeatures::from_dataset(&ds);
        assert_eq!(f.categories, vec!["编程", "健康"]);
        for i in 0..3 {
            let n: f32 = f.vector(i).1.iter().map(|w| w * w).sum();
            assert!((n - 1.0).abs() < 1e-5);
        }
        let m = InteractionMatrix::from_entries(1, 3, &[(0, 0, 1.0, true)]);
        let mut c = Content::default();
        c.fit(&m, &f);
        let mut out = vec![0.0; 3];
        let mut s = Scratch::default();
        c.score(&m, 0, &mut out, &mut s);
        assert!((out[0] - 1.0).abs() < 1e-5);
        assert!(out[1] > 0.0 && out[2] == 0.0);
        let t = c
            .top_term(&m, 0, 1, &mut s)
            .map(|t| f.vocab[t as usize].clone());
        assert!(t.as_deref() == Some("编程"), "{t:?}");
    }
}

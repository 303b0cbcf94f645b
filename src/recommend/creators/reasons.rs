//! Why a product is recommended to a person, in English and Chinese: the history product that
//! contributes most to the item-CF score, the catalogue term that matches best, similar
//! people, or popularity — for the hybrid, the reason of its dominant component.

use std::borrow::Cow;

use super::super::hybrid::{blend_weights, min_max, COLD_ITEM_USERS};
use super::super::{InteractionMatrix, ItemFeatures, ModelKind, Models, RecommendParams, Scratch};

pub(super) const POP_EN: &str = "popular with everyone";
pub(super) const POP_ZH: &str = "大家都在买";

/// Everything fitted on the full data.
pub(super) struct Ctx<'a> {
    pub m: Cow<'a, InteractionMatrix>,
    pub feats: &'a ItemFeatures,
    pub models: Models,
    pub kind: ModelKind,
    pub p: &'a RecommendParams,
}

impl Ctx<'_> {
    fn item_users(&self, i: usize) -> usize {
        self.m
            .item_ptr
            .get(i + 1)
            .map_or(0, |e| e - self.m.item_ptr[i])
    }

    /// "bought X; people who did also bought this", from the history product that contributes
    /// most to the item-CF score.
    fn cf_reason(&self, user: u32, item: u32) -> Option<(String, String)> {
        let (items, rs, bought) = self.m.row(user);
        let mut best: Option<(f32, usize)> = None;
        for (k, (&j, &r)) in items.iter().zip(rs).enumerate() {
            let v = r * self.models.hybrid.item_cf.sim(j, item);
            if v > 0.0 && best.is_none_or(|b| v > b.0) {
                best = Some((v, k));
            }
        }
        let (_, k) = best?;
        let t = self.feats.title(items[k]);
        Some(if bought[k] {
            (
                format!("bought {t}; people who did also bought this"),
                format!("买过 {t} 的人也买了这个"),
            )
        } else {
            (
                format!("viewed {t}; people who did also bought this"),
                format!("看过 {t} 的人也买了这个"),
            )
        })
    }

    fn content_reason(&self, user: u32, item: u32, s: &mut Scratch) -> Option<(String, String)> {
        let t = self
            .models
            .hybrid
            .content
            .top_term(&self.m, user, item, s)?;
        let t = self.feats.vocab.get(t as usize)?;
        Some((
            format!("matches your interest in {t}"),
            format!("符合你对 {t} 的兴趣"),
        ))
    }

    fn pop_reason() -> (String, String) {
        (POP_EN.to_owned(), POP_ZH.to_owned())
    }

    fn similar_reason() -> (String, String) {
        (
            "people with tastes like yours bought this".to_owned(),
            "和你口味相似的人买了这个".to_owned(),
        )
    }

    /// Reasons for several products of one person.
    pub fn explain(&self, user: u32, items: &[u32], s: &mut Scratch) -> Vec<(String, String)> {
        // For the hybrid: the normalised components, to find the dominant one.
        let comps = (self.kind == ModelKind::Hybrid).then(|| {
            let n = self.m.n_items;
            let mut c = vec![vec![0f32; n]; 4];
            let mut mask = vec![false; n];
            self.m.bought_mask(user, &mut mask);
            for (b, k) in c.iter_mut().zip([
                ModelKind::Popularity,
                ModelKind::ItemCf,
                ModelKind::Als,
                ModelKind::Content,
            ]) {
                self.models.score(k, &self.m, user, b, s);
                min_max(b, &mask);
            }
            c
        });
        let history = self.m.row(user).0.len();
        items
            .iter()
            .map(|&i| {
                let r = match self.kind {
                    ModelKind::Popularity => None,
                    ModelKind::ItemCf => self.cf_reason(user, i),
                    ModelKind::Als => {
                        Some(self.cf_reason(user, i).unwrap_or_else(Self::similar_reason))
                    }
                    ModelKind::UserKnn => Some(Self::similar_reason()),
                    ModelKind::Content => self.content_reason(user, i, s),
                    ModelKind::Hybrid => comps.as_ref().and_then(|c| {
                        let iu = i as usize;
                        let (wc, wt, wp) = blend_weights(history);
                        let cold = self.item_users(iu) < COLD_ITEM_USERS;
                        let cf = if cold {
                            0.0
                        } else {
                            0.5 * (c[1][iu] + c[2][iu])
                        };
                        let content = wt * c[3][iu] + if cold { wc * c[3][iu] } else { 0.0 };
                        let parts = [wc * cf, content, wp * c[0][iu]];
                        if parts[0] >= parts[1] && parts[0] >= parts[2] && parts[0] > 0.0 {
                            Some(self.cf_reason(user, i).unwrap_or_else(Self::similar_reason))
                        } else if parts[1] >= parts[2] && parts[1] > 0.0 {
                            self.content_reason(user, i, s)
                        } else {
                            None
                        }
                    }),
                };
                r.unwrap_or_else(Self::pop_reason)
            })
            .collect()
    }
}

//! Building a [`LiveScreen`] from a [`LiveState`]: work proportional to the session's minutes,
//! products and the capped lists, not to its rows.

use super::screen::{
    FunnelCount, LiveIntentCounts, LiveKpis, LiveMinute, LiveProduct, LiveQuestion,
    LiveQuestionGroup, LiveRows, LiveScreen, Marker, MarkerKind,
};
use super::state::{item_title, LiveState};
use crate::comments::AskStatus;
use crate::model::Dataset;

/// The key of a question's status.
fn status_key(s: AskStatus) -> &'static str {
    match s {
        AskStatus::Waiting => "waiting",
        AskStatus::Answered => "answered",
        AskStatus::Unanswered => "unanswered",
    }
}

const MINUTE: i64 = 60_000;

/// `a / b`, absent when `b` is 0.
fn ratio(a: f64, b: f64) -> Option<f64> {
    (b > 0.0).then(|| a / b)
}

impl LiveState {
    /// The live screen now. `ds` is the dataset the rows came from (for ids and titles).
    pub fn screen(&self, ds: &Dataset) -> LiveScreen {
        let Some(anchor) = self.anchor else {
            return LiveScreen {
                rows: self.rows(),
                baseline: self.baseline.clone(),
                ..LiveScreen::default()
            };
        };
        let lo = self.buckets.keys().next().copied().unwrap_or(0).min(0);
        let hi = self.key(self.last_ts).max(lo);
        let start_ts = anchor + lo * MINUTE;
        let samples = &self.presence.samples;
        let mut minutes = Vec::with_capacity((hi - lo + 1) as usize);
        for k in lo..=hi {
            let ts = anchor + k * MINUTE;
            let b = self.buckets.get(&k);
            let concurrent = samples
                .binary_search_by_key(&ts, |&(s, _)| s)
                .ok()
                .and_then(|j| samples.get(j))
                .map(|&(_, c)| c);
            let d = super::state::Bucket::default();
            let b = b.unwrap_or(&d);
            minutes.push(LiveMinute {
                minute: (k - lo) as u32,
                ts,
                concurrent,
                enters: b.enters,
                leaves: b.leaves,
                product_views: b.product_views,
                clicks: b.clicks,
                comments: b.comments,
                likes: b.likes,
                orders: b.orders,
                gmv: b.gmv,
                refunds: b.refunds,
                refund_amount: b.refund_amount,
                intents: LiveIntentCounts::from_array(&b.intents),
            });
        }
        let mut products: Vec<LiveProduct> = self
            .products
            .iter()
            .map(|(&item, p)| LiveProduct {
                item_id: ds.items.name(item).to_owned(),
                title: item_title(ds, item),
                views: p.views,
                clicks: p.clicks,
                orders: p.orders,
                gmv: p.gmv,
            })
            .collect();
        crate::sort::by(&mut products, |a, b| {
            b.clicks
                .cmp(&a.clicks)
                .then(b.gmv.total_cmp(&a.gmv))
                .then_with(|| a.item_id.cmp(&b.item_id))
        });
        products.truncate(20);
        let questions = self
            .questions
            .newest()
            .map(|q| {
                let status = self.questions.status(q.ask);
                LiveQuestion {
                    ts: q.ts,
                    minute: (self.key(q.ts) - lo).max(0) as u32,
                    user_id: ds.users.name(q.user).to_owned(),
                    text: q.text.clone(),
                    answered: status == AskStatus::Answered,
                    status: status_key(status).to_owned(),
                }
            })
            .collect();
        let groups = self.questions.groups();
        let questions_answered = groups.iter().map(|g| u64::from(g.answered)).sum();
        let question_groups = groups
            .into_iter()
            .take(10)
            .map(|g| LiveQuestionGroup {
                text: g.text,
                count: g.count,
                answered: g.answered,
                unanswered: g.unanswered,
                waiting: g.waiting,
            })
            .collect();
        let mut markers: Vec<Marker> = self
            .pitches()
            .into_iter()
            .map(|(w, wlo)| {
                let rows = self.item_minutes.get(&w.item).map_or(0, |runs| {
                    runs.iter()
                        .filter(|&&(m, _)| {
                            m >= i64::from(w.start) + wlo && m <= i64::from(w.end) + wlo
                        })
                        .map(|&(_, c)| c)
                        .sum()
                });
                Marker {
                    kind: MarkerKind::Pitch,
                    label: item_title(ds, w.item),
                    item_id: ds.items.name(w.item).to_owned(),
                    start_minute: (i64::from(w.start) + wlo - lo) as u32,
                    end_minute: (i64::from(w.end) + wlo - lo) as u32,
                    rows,
                }
            })
            .collect();
        for (kind, runs) in &self.tools.runs {
            for r in runs {
                markers.push(Marker {
                    kind: *kind,
                    label: String::new(),
                    item_id: String::new(),
                    start_minute: (self.key(r.start) - lo).max(0) as u32,
                    end_minute: (self.key(r.end) - lo).max(0) as u32,
                    rows: r.rows,
                });
            }
        }
        crate::sort::by_key(&mut markers, |m| {
            (m.start_minute, m.kind as u8, m.end_minute)
        });
        let now = self.last_ts;
        LiveScreen {
            session_id: self
                .session
                .map(|s| ds.sessions.name(s).to_owned())
                .unwrap_or_default(),
            start_ts,
            now_ts: now,
            kpis: self.kpis(start_ts),
            minutes,
            baseline: self.baseline.clone(),
            funnel: self
                .presence
                .steps()
                .iter()
                .zip(&self.presence.funnel_counts)
                .map(|(s, &count)| FunnelCount {
                    step: s.key().to_owned(),
                    count,
                })
                .collect(),
            products,
            questions,
            question_groups,
            questions_total: self.questions.total(),
            questions_answered,
            questions_unanswered_recent: self.questions.open_within(now, 5 * MINUTE),
            intents: LiveIntentCounts::from_array(&self.totals.intents),
            markers,
            alerts: self.alerts.iter().cloned().collect(),
            rows: self.rows(),
        }
    }

    fn rows(&self) -> LiveRows {
        LiveRows {
            applied: self.applied_rows(),
            other_session: self.other_session,
            late: self.presence.late,
            held: self.presence.held() as u64,
            out_of_range: self.out_of_range,
        }
    }

    /// KPIs so far (`start_ts`: minute 0's start).
    pub fn kpis(&self, start_ts: i64) -> LiveKpis {
        let t = &self.totals;
        let orders = self.orders_count();
        let viewers = t.viewers as f64;
        let live_minutes = if self.last_ts == i64::MIN {
            0.0
        } else {
            (self.last_ts - start_ts.min(self.first_ts)).max(0) as f64 / 60_000.0
        };
        let buyers = (!t.pseudo_buyer).then_some(t.buyers);
        LiveKpis {
            viewers_now: self.presence.inside_now(),
            viewers: t.viewers,
            views: t.views,
            peak_concurrent: self.presence.peak,
            comments: t.comments,
            likes: t.likes,
            shares: t.shares,
            followers: t.followers,
            buyers,
            orders,
            gmv: t.gmv,
            refunds: t.refunds,
            product_viewers: t.product_viewers,
            clickers: t.clickers,
            interaction_rate: ratio(t.interactors as f64, viewers),
            product_click_rate: ratio(t.clickers as f64, t.product_viewers as f64),
            click_to_pay_rate: buyers.and_then(|b| ratio(b as f64, t.clickers as f64)),
            conversion_rate: buyers.and_then(|b| ratio(b as f64, viewers)),
            aov: ratio(t.gmv, orders as f64),
            gpm: ratio(1000.0 * t.gmv, t.views as f64),
            uv_value: ratio(t.gmv, viewers),
            comments_per_minute: ratio(t.comments as f64, live_minutes),
            live_minutes,
        }
    }
}

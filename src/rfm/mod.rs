//! RFM scoring and segments, exactly as `metrics.md` defines them.
//!
//! - `as_of` = the local day after the latest timestamp in the data, unless set. When it is set,
//!   only `pay`/`refund` rows of local days before `as_of` count ("the data as of that date").
//! - Unit: persons with at least one `pay` (before `as_of`).
//! - recency_days = `as_of` − local day of the person's last `pay` (whole days, ≥ 1 by default);
//!   frequency = paid orders (distinct order ids among the person's `pay` rows, plus one per `pay`
//!   row without an order id); monetary = paid amount − refunded amount.
//! - Scores: pandas `qcut(v.rank(method="first"), 5, labels=[1,2,3,4,5])` with
//!   v = −recency_days, frequency, monetary. Persons are listed in user-id order (= order of first
//!   appearance in the data), so `rank(method="first")` breaks ties by that order. With n ≥ 2
//!   persons the qcut edges are the linear-interpolation quantiles `1 + (n−1)·j/5` of the ranks
//!   1..n, bins right-closed, the first including its lower edge: rank r gets the smallest
//!   j ≥ 1 with `5·(r−1) ≤ j·(n−1)`, computed in integers (checked equal to pandas 3.1.1 for every
//!   n in 2..=3000). With a single person pandas raises ("bin edges must be unique"); LiveLens then
//!   gives the neutral middle score 3 on all three axes.
//! - Segments from (R, F) per the `metrics.md` table. The ten rows of the table cover all 25
//!   (R, F) combinations exactly once (R5: F1 New, F2–3 Potential loyalists, F4–5 Champions;
//!   R4: F1 Promising, F2–3 Potential loyalists, F4–5 Loyal; R3: F1–2 About to sleep, F3 Need
//!   attention, F4–5 Loyal; R1–2: F1–2 Hibernating, F3–4 At risk, F5 Can't lose), so no extra
//!   rule is needed; a unit test checks the coverage.
//! - Per segment: size, share of revenue (segment monetary / total monetary; `None` when the total
//!   is 0), average order value (segment paid amount / segment paid orders, the `aov` KPI
//!   restricted to the segment; `None` without orders) and a suggested action.

use serde::{Deserialize, Serialize};

use crate::analysis::Prepared;
use crate::features::{self, PersonTable};
use crate::model::Dataset;
use crate::{Error, Result};

/// Settings of [`rfm`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct RfmParams {
    /// Reference date as a local day number (days since 1970-01-01 in the creator's time zone);
    /// `None` = the day after the latest timestamp.
    pub as_of: Option<i64>,
}

/// One scored person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RfmUser {
    pub user_id: String,
    pub recency_days: i64,
    pub frequency: u32,
    pub monetary: f64,
    pub r: u8,
    pub f: u8,
    pub m: u8,
    /// English segment name (one of [`SEGMENTS`]).
    pub segment: String,
}

/// Totals of one named segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RfmSegment {
    pub name: String,
    pub name_zh: String,
    pub size: u64,
    pub share_of_revenue: Option<f64>,
    pub avg_order_value: Option<f64>,
    pub action_en: String,
    pub action_zh: String,
}

/// The RFM section of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RfmResult {
    /// The settings it was computed with.
    pub params: RfmParams,
    /// `YYYY-MM-DD`.
    pub as_of: String,
    /// Scored persons in user-id order.
    pub per_user: Vec<RfmUser>,
    /// All ten segments in the order of [`SEGMENTS`], empty ones included (size 0).
    pub segments: Vec<RfmSegment>,
    /// Persons per (R, F): `grid[r-1][f-1]`.
    pub grid: Vec<Vec<u64>>,
    /// Monetary per (R, F): `grid_revenue[r-1][f-1]`.
    pub grid_revenue: Vec<Vec<f64>>,
}

/// A segment of the `metrics.md` table: names, R and F ranges, suggested actions.
pub struct SegmentDef {
    pub name: &'static str,
    pub name_zh: &'static str,
    pub r: (u8, u8),
    pub f: (u8, u8),
    pub action_en: &'static str,
    pub action_zh: &'static str,
}

/// The group of the persons without a purchase in the KPI table per segment.
pub const NO_PURCHASE: &str = "no purchase";

/// The ten segments, in the order of `metrics.md`.
pub const SEGMENTS: [SegmentDef; 10] = [
    SegmentDef {
        name: "Champions",
        name_zh: "冠军客户",
        r: (5, 5),
        f: (4, 5),
        action_en: "Reward them: early access to new courses, VIP community, ask for reviews and referrals.",
        action_zh: "奖励他们：新课抢先体验、VIP 社群，邀请评价和转介绍。",
    },
    SegmentDef {
        name: "Loyal",
        name_zh: "忠实客户",
        r: (3, 4),
        f: (4, 5),
        action_en: "Upsell higher-value programmes and memberships; invite them to live sessions personally.",
        action_zh: "推荐更高阶的课程或会员；私信邀请参加直播。",
    },
    SegmentDef {
        name: "Potential loyalists",
        name_zh: "潜力忠实客户",
        r: (4, 5),
        f: (2, 3),
        action_en: "Offer a bundle or membership to turn recent repeat buyers into regulars.",
        action_zh: "提供组合课或会员，把最近复购的客户培养成常客。",
    },
    SegmentDef {
        name: "New customers",
        name_zh: "新客户",
        r: (5, 5),
        f: (1, 1),
        action_en: "Onboard them well: welcome message, how to use the course, a next-step product.",
        action_zh: "做好新客引导：欢迎消息、学习指引，推荐下一步产品。",
    },
    SegmentDef {
        name: "Promising",
        name_zh: "有潜力客户",
        r: (4, 4),
        f: (1, 1),
        action_en: "Build the relationship: free content, reminders of upcoming live sessions, a small second-purchase offer.",
        action_zh: "建立联系：免费内容、直播预告提醒、小额复购优惠。",
    },
    SegmentDef {
        name: "Need attention",
        name_zh: "需要关注",
        r: (3, 3),
        f: (3, 3),
        action_en: "Re-engage with a limited-time offer based on what they bought before.",
        action_zh: "根据过往购买推送限时优惠，重新激活。",
    },
    SegmentDef {
        name: "About to sleep",
        name_zh: "即将沉睡",
        r: (3, 3),
        f: (1, 2),
        action_en: "Reach out before they drift away: recommend popular products and announce the next live.",
        action_zh: "在流失前联系：推荐热门产品，预告下一场直播。",
    },
    SegmentDef {
        name: "At risk",
        name_zh: "流失风险客户",
        r: (1, 2),
        f: (3, 4),
        action_en: "Win them back with personal messages, updates of courses they own and a comeback offer.",
        action_zh: "用私信、已购课程更新和回归优惠把他们赢回来。",
    },
    SegmentDef {
        name: "Can't lose",
        name_zh: "不能失去的客户",
        r: (1, 2),
        f: (5, 5),
        action_en: "Contact them one-to-one: ask for feedback and make a strong win-back offer.",
        action_zh: "一对一联系：征求反馈并给出有力的挽回方案。",
    },
    SegmentDef {
        name: "Hibernating",
        name_zh: "沉睡客户",
        r: (1, 2),
        f: (1, 2),
        action_en: "Low priority: include them in broad campaigns only; do not spend much to reactivate.",
        action_zh: "优先级低：只纳入大范围活动，不必花大成本唤醒。",
    },
];

/// Index into [`SEGMENTS`] of scores (R, F) in 1..=5. Every combination maps to exactly one
/// segment (see the module docs); out-of-range scores fall back to "Hibernating".
pub fn segment_of(r: u8, f: u8) -> usize {
    SEGMENTS
        .iter()
        .position(|s| (s.r.0..=s.r.1).contains(&r) && (s.f.0..=s.f.1).contains(&f))
        .unwrap_or(SEGMENTS.len() - 1)
}

/// Quintile labels 1..=5 of pandas `qcut(v.rank(method="first"), 5, labels=[1..5])`, for values
/// given in person order (ties broken by that order). One value gets 3 (pandas raises there).
pub fn qcut_first_rank(values: &[f64]) -> Vec<u8> {
    let n = values.len();
    let mut order: Vec<usize> = (0..n).collect();
    // Stable sort: equal values keep person order, as rank(method="first").
    crate::sort::by(&mut order, |&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![3u8; n];
    if n < 2 {
        return out;
    }
    let den = (n - 1) as u64;
    for (pos, &person) in order.iter().enumerate() {
        // rank r = pos + 1; smallest j >= 1 with 5 (r - 1) <= j (n - 1).
        let num = 5 * pos as u64;
        let j = num.div_ceil(den).clamp(1, 5);
        out[person] = j as u8;
    }
    out
}

/// Computes RFM scores and segments.
pub fn rfm(prep: &Prepared, p: &RfmParams) -> Result<RfmResult> {
    let ds = prep.ds();
    let as_of = match p.as_of {
        Some(d) => {
            if !(-1_000_000..=1_000_000).contains(&d) {
                return Err(Error::Params(format!("RFM as_of day {d} is out of range")));
            }
            d
        }
        None => {
            let latest = features::latest_ts(ds).ok_or_else(|| {
                Error::NotEnoughData("RFM needs events; the data is empty".into())
            })?;
            ds.local_day(latest) + 1
        }
    };
    // RFM reads payments only: the shared table, or without watch time (no visits) up to as_of.
    match p.as_of {
        None => rfm_from_table(ds, prep.persons(), as_of, p),
        Some(d) => {
            let table = features::person_table(ds, Some(features::day_start(ds, d)), &[]);
            rfm_from_table(ds, &table, as_of, p)
        }
    }
}

fn rfm_from_table(ds: &Dataset, t: &PersonTable, as_of: i64, p: &RfmParams) -> Result<RfmResult> {
    // Ties go to the person who appears first in the input (metrics.md): files in the order
    // given, rows top to bottom (`Dataset::user_appearance`, kept by ingestion), not by time
    // and not by id order, which follows the users file when one is loaded. A dataset made
    // otherwise falls back to the first event in time.
    let mut first = vec![usize::MAX; t.len()];
    if ds.user_appearance.is_empty() {
        for (i, &u) in ds.events.user.iter().enumerate() {
            if let Some(f) = first.get_mut(u as usize) {
                if *f == usize::MAX {
                    *f = i;
                }
            }
        }
    } else {
        for (f, &a) in first.iter_mut().zip(&ds.user_appearance) {
            if a != crate::model::NONE {
                *f = a as usize;
            }
        }
    }
    let mut buyers: Vec<usize> = (0..t.len()).filter(|&u| t.is_buyer(u)).collect();
    crate::sort::by_key(&mut buyers, |&u| {
        (first.get(u).copied().unwrap_or(usize::MAX), u)
    });
    if buyers.is_empty() {
        return Err(Error::NotEnoughData(
            "RFM needs at least one pay event".into(),
        ));
    }
    let recency: Vec<i64> = buyers
        .iter()
        .map(|&u| as_of - ds.local_day(t.last_pay_ts[u]))
        .collect();
    let freq: Vec<u32> = buyers.iter().map(|&u| t.orders[u]).collect();
    let money: Vec<f64> = buyers.iter().map(|&u| t.monetary(u)).collect();
    let r = qcut_first_rank(&recency.iter().map(|&d| -(d as f64)).collect::<Vec<_>>());
    let f = qcut_first_rank(&freq.iter().map(|&x| x as f64).collect::<Vec<_>>());
    let m = qcut_first_rank(&money);

    let mut grid = vec![vec![0u64; 5]; 5];
    let mut grid_revenue = vec![vec![0f64; 5]; 5];
    let mut seg_size = [0u64; SEGMENTS.len()];
    let mut seg_money = [0f64; SEGMENTS.len()];
    let mut seg_paid = [0f64; SEGMENTS.len()];
    let mut seg_orders = [0u64; SEGMENTS.len()];
    let mut per_user = Vec::with_capacity(buyers.len());
    for (i, &u) in buyers.iter().enumerate() {
        let s = segment_of(r[i], f[i]);
        seg_size[s] += 1;
        seg_money[s] += money[i];
        seg_paid[s] += t.paid[u];
        seg_orders[s] += freq[i] as u64;
        let (ri, fi) = (r[i].clamp(1, 5) as usize - 1, f[i].clamp(1, 5) as usize - 1);
        grid[ri][fi] += 1;
        grid_revenue[ri][fi] += money[i];
        per_user.push(RfmUser {
            user_id: ds.users.name(u as u32).to_owned(),
            recency_days: recency[i],
            frequency: freq[i],
            monetary: money[i],
            r: r[i],
            f: f[i],
            m: m[i],
            segment: SEGMENTS[s].name.to_owned(),
        });
    }
    let total: f64 = money.iter().sum();
    let segments = SEGMENTS
        .iter()
        .enumerate()
        .map(|(s, def)| RfmSegment {
            name: def.name.to_owned(),
            name_zh: def.name_zh.to_owned(),
            size: seg_size[s],
            share_of_revenue: (total != 0.0).then(|| seg_money[s] / total),
            avg_order_value: (seg_orders[s] > 0).then(|| seg_paid[s] / seg_orders[s] as f64),
            action_en: def.action_en.to_owned(),
            action_zh: def.action_zh.to_owned(),
        })
        .collect();
    Ok(RfmResult {
        params: p.clone(),
        as_of: features::date_string(as_of),
        per_user,
        segments,
        grid,
        grid_revenue,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::features::tests::dataset;
    use crate::model::EventKind as K;

    /// Expected labels printed by pandas 3.1.1:
    /// `pd.qcut(pd.Series(range(n)).rank(method="first"), 5, labels=[1,2,3,4,5])`
    /// (script: tests/reference/qcut_reference.py). n = 1 raises in pandas ("Bin edges must be
    /// unique"); LiveLens documents 3 there.
    #[test]
    fn qcut_matches_pandas_on_edge_sizes() {
        let expected: [(usize, &[u8]); 10] = [
            (2, &[1, 5]),
            (3, &[1, 3, 5]),
            (4, &[1, 2, 4, 5]),
            (5, &[1, 2, 3, 4, 5]),
            (6, &[1, 1, 2, 3, 4, 5]),
            (7, &[1, 1, 2, 3, 4, 5, 5]),
            (10, &[1, 1, 2, 2, 3, 3, 4, 4, 5, 5]),
            (11, &[1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]),
            (13, &[1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 5]),
            (1, &[3]),
        ];
        for (n, want) in expected {
            let v: Vec<f64> = (0..n).map(|x| x as f64).collect();
            assert_eq!(qcut_first_rank(&v), want, "n = {n}");
            // Reversed values give the mirrored labels at the same persons.
            let rev: Vec<f64> = v.iter().rev().copied().collect();
            let mut w = want.to_vec();
            w.reverse();
            assert_eq!(qcut_first_rank(&rev), w, "reversed n = {n}");
        }
        assert!(qcut_first_rank(&[]).is_empty());
    }

    #[test]
    fn ties_broken_by_person_order() {
        // All equal: rank(method="first") = 1..n in person order.
        assert_eq!(qcut_first_rank(&[7.0; 5]), vec![1, 2, 3, 4, 5]);
        // pandas: pd.qcut(pd.Series([2,1,2,1]).rank(method="first"), 5, labels=...) -> [4,1,5,2]
        assert_eq!(qcut_first_rank(&[2.0, 1.0, 2.0, 1.0]), vec![4, 1, 5, 2]);
    }

    #[test]
    fn ties_go_to_the_first_to_appear_in_the_events_not_in_the_users_file() {
        use crate::ingest::{load, FileKind, IngestOptions, InputFile};
        // The users file lists b before a (so b gets the lower id); in the events a appears
        // first. Both paid once, 99, the same day: every value ties, so the first to appear
        // (a) gets rank 1 and the lower scores.
        let users = "user_id,city\nb,上海\na,北京\n";
        let events = "user_id,event,timestamp,amount\na,pay,2026-10-01 20:00:00,99\nb,pay,2026-10-01 21:00:00,99\n";
        let l = load(
            &[
                InputFile::from_text("users.csv", Some(FileKind::Users), users),
                InputFile::from_text("events.csv", Some(FileKind::Events), events),
            ],
            &IngestOptions::default(),
        );
        assert_eq!(l.dataset.users.get("b"), Some(0));
        let r = rfm(&Prepared::new(&l.dataset), &RfmParams::default()).unwrap();
        let score = |id: &str| {
            let u = r.per_user.iter().find(|u| u.user_id == id).unwrap();
            (u.f, u.m)
        };
        assert_eq!(score("a"), (1, 1));
        assert_eq!(score("b"), (5, 5));
    }

    /// 37 values with many ties; labels printed by tests/reference/qcut_reference.py (pandas
    /// 3.1.1, `pd.qcut(pd.Series(v).rank(method="first"), 5, labels=[1,2,3,4,5])`).
    #[test]
    fn qcut_with_ties_matches_pandas() {
        let v = [
            4, 3, 3, 4, 2, 3, 4, 1, 0, 1, 1, 4, 4, 0, 2, 4, 0, 3, 0, 2, 4, 1, 1, 1, 3, 1, 4, 2, 2,
            2, 2, 2, 2, 4, 4, 3, 3,
        ];
        let want: [u8; 37] = [
            4, 3, 3, 4, 2, 4, 5, 1, 1, 1, 1, 5, 5, 1, 2, 5, 1, 4, 1, 2, 5, 1, 2, 2, 4, 2, 5, 2, 3,
            3, 3, 3, 3, 5, 5, 4, 4,
        ];
        let v: Vec<f64> = v.iter().map(|&x| x as f64).collect();
        assert_eq!(qcut_first_rank(&v), want);
    }

    #[test]
    fn every_rf_combination_has_exactly_one_segment() {
        for r in 1..=5u8 {
            for f in 1..=5u8 {
                let n = SEGMENTS
                    .iter()
                    .filter(|s| (s.r.0..=s.r.1).contains(&r) && (s.f.0..=s.f.1).contains(&f))
                    .count();
                assert_eq!(n, 1, "R={r} F={f}");
            }
        }
        assert_eq!(SEGMENTS[segment_of(5, 1)].name, "New customers");
        assert_eq!(SEGMENTS[segment_of(3, 5)].name, "Loyal");
        assert_eq!(SEGMENTS[segment_of(2, 4)].name, "At risk");
    }

    const DAY: i64 = 86_400;

    #[test]
    fn hand_computed_five_buyers() {
        // Days: a pays day 0 and 9 (two orders), b day 5, c day 9 (refunded 4 of 10),
        // d day 2 three times (one order id twice + one without id), e day 1. Latest = day 9,
        // as_of = day 10 = 1970-01-11. x never pays.
        let d = dataset(&[
            ("a", K::Pay, 0, "a1", 10.0),
            ("x", K::Comment, DAY / 2, "", 0.0),
            ("e", K::Pay, DAY, "e1", 1.0),
            ("d", K::Pay, 2 * DAY, "d1", 2.0),
            ("d", K::Pay, 2 * DAY + 1, "d1", 2.0),
            ("d", K::Pay, 2 * DAY + 2, "", 2.0),
            ("b", K::Pay, 5 * DAY, "b1", 50.0),
            ("a", K::Pay, 9 * DAY, "a2", 10.0),
            ("c", K::Pay, 9 * DAY + 5, "c1", 10.0),
            ("c", K::Refund, 9 * DAY + 6, "c1", 4.0),
        ]);
        let res = rfm(&Prepared::new(&d), &RfmParams::default()).unwrap();
        assert_eq!(res.as_of, "1970-01-11");
        let ids: Vec<&str> = res.per_user.iter().map(|u| u.user_id.as_str()).collect();
        assert_eq!(ids, ["a", "e", "d", "b", "c"]);
        let rec: Vec<i64> = res.per_user.iter().map(|u| u.recency_days).collect();
        assert_eq!(rec, [1, 9, 8, 5, 1]);
        let fr: Vec<u32> = res.per_user.iter().map(|u| u.frequency).collect();
        assert_eq!(fr, [2, 1, 2, 1, 1]);
        let mo: Vec<f64> = res.per_user.iter().map(|u| u.monetary).collect();
        assert_eq!(mo, [20.0, 1.0, 6.0, 50.0, 6.0]);
        // -recency: [-1,-9,-8,-5,-1]; ranks (first): a=4, e=1, d=2, b=3, c=5 -> labels = ranks.
        let r: Vec<u8> = res.per_user.iter().map(|u| u.r).collect();
        assert_eq!(r, [4, 1, 2, 3, 5]);
        // frequency [2,1,2,1,1]: ranks e=1,b=2,c=3 (order), a=4, d=5.
        let f: Vec<u8> = res.per_user.iter().map(|u| u.f).collect();
        assert_eq!(f, [4, 1, 5, 2, 3]);
        // monetary [20,1,6,50,6]: e=1, d=2, c=3, a=4, b=5.
        let m: Vec<u8> = res.per_user.iter().map(|u| u.m).collect();
        assert_eq!(m, [4, 1, 2, 5, 3]);
        let seg: Vec<&str> = res.per_user.iter().map(|u| u.segment.as_str()).collect();
        assert_eq!(
            seg,
            [
                "Loyal",
                "Hibernating",
                "Can't lose",
                "About to sleep",
                "Potential loyalists"
            ]
        );
        assert_eq!(res.segments.len(), 10);
        let total: u64 = res.segments.iter().map(|s| s.size).sum();
        assert_eq!(total, 5);
        let loyal = &res.segments[1];
        assert_eq!(loyal.size, 1);
        assert_eq!(loyal.share_of_revenue, Some(20.0 / 83.0));
        assert_eq!(loyal.avg_order_value, Some(10.0));
        let champions = &res.segments[0];
        assert_eq!((champions.size, champions.share_of_revenue), (0, Some(0.0)));
        assert_eq!(champions.avg_order_value, None);
        assert_eq!(res.grid[3][3], 1);
        assert_eq!(res.grid_revenue[1][4], 6.0);
        let grid_total: u64 = res.grid.iter().flatten().sum();
        assert_eq!(grid_total, 5);
    }

    #[test]
    fn explicit_as_of_ignores_later_rows() {
        let d = dataset(&[
            ("a", K::Pay, 0, "a1", 10.0),
            ("b", K::Pay, 3 * DAY, "b1", 5.0),
            ("a", K::Pay, 5 * DAY, "a2", 10.0),
        ]);
        let res = rfm(&Prepared::new(&d), &RfmParams { as_of: Some(4) }).unwrap();
        assert_eq!(res.as_of, "1970-01-05");
        assert_eq!(res.per_user.len(), 2);
        assert_eq!(res.per_user[0].recency_days, 4);
        assert_eq!(res.per_user[0].frequency, 1);
        assert_eq!(res.per_user[1].recency_days, 1);
        // Before any pay: not enough data.
        assert!(matches!(
            rfm(&Prepared::new(&d), &RfmParams { as_of: Some(0) }),
            Err(Error::NotEnoughData(_))
        ));
    }

    #[test]
    fn time_zone_shifts_local_days() {
        // 23:30 UTC on day 0 is day 1 in UTC+8.
        let mut d = dataset(&[("a", K::Pay, DAY - 1800, "", 1.0)]);
        let r = rfm(&Prepared::new(&d), &RfmParams::default()).unwrap();
        assert_eq!(
            (r.as_of.as_str(), r.per_user[0].recency_days),
            ("1970-01-02", 1)
        );
        d.tz_offset_minutes = 480;
        let r = rfm(&Prepared::new(&d), &RfmParams::default()).unwrap();
        assert_eq!(r.as_of, "1970-01-03");
        assert_eq!(
            (r.per_user[0].r, r.per_user[0].segment.as_str()),
            (3, "Need attention")
        );
    }

    #[test]
    fn empty_and_no_pay_data_are_errors_not_panics() {
        let d = dataset(&[]);
        assert!(rfm(&Prepared::new(&d), &RfmParams::default()).is_err());
        let d = dataset(&[("a", K::Comment, 0, "", 0.0)]);
        assert!(matches!(
            rfm(&Prepared::new(&d), &RfmParams::default()),
            Err(Error::NotEnoughData(_))
        ));
        assert!(rfm(
            &Prepared::new(&d),
            &RfmParams {
                as_of: Some(i64::MAX)
            }
        )
        .is_err());
    }
}

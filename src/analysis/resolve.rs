//! Names the user typed or chose, turned into the dataset's ids: comparison groups, the
//! timeline's session, persons' segment labels (for the funnel breakdown and the KPI tables
//! per segment), and product labels for the association rules.

use crate::cluster::ClusterResult;
use crate::compare::{CompareMetric, CompareParams, Group};
use crate::kpi::{self, GroupKpis};
use crate::model::{Dataset, NONE};
use crate::report::Segments;
use crate::rfm::RfmResult;
use crate::{Error, Result};

use super::options::{CompareChoice, GroupChoice, SegmentKind};
use super::Prepared;

/// Turns the user's named groups into ids; without a choice, compares the two hosts with most
/// viewers.
pub(super) fn resolve_compare(
    ds: &Dataset,
    hosts: &[GroupKpis],
    choice: Option<&CompareChoice>,
) -> Result<Option<CompareParams>> {
    let Some(c) = choice else {
        let mut by_viewers: Vec<&GroupKpis> = hosts.iter().collect();
        crate::sort::by(&mut by_viewers, |a, b| {
            b.kpis
                .viewers
                .cmp(&a.kpis.viewers)
                .then(a.group.cmp(&b.group))
        });
        let ids: Vec<u32> = by_viewers
            .iter()
            .take(2)
            .filter_map(|h| ds.hosts.get(&h.group))
            .collect();
        return Ok(match ids[..] {
            [a, b] => Some(CompareParams {
                a: Group::Host(a),
                b: Group::Host(b),
                metric: CompareMetric::Conversion,
            }),
            _ => None,
        });
    };
    let group = |g: &GroupChoice| -> Result<Group> {
        Ok(match g {
            GroupChoice::Host(name) => Group::Host(
                ds.hosts
                    .get(name)
                    .filter(|&h| h != NONE)
                    .ok_or_else(|| Error::Params(format!("there is no host \"{name}\"")))?,
            ),
            GroupChoice::Sessions(ids) => Group::Sessions(
                ids.iter()
                    .map(|id| {
                        ds.sessions
                            .get(id)
                            .ok_or_else(|| Error::Params(format!("there is no session \"{id}\"")))
                    })
                    .collect::<Result<_>>()?,
            ),
            GroupChoice::Attribute { name, value } => Group::Attribute {
                name: name.clone(),
                value: value.clone(),
            },
        })
    };
    Ok(Some(CompareParams {
        a: group(&c.a)?,
        b: group(&c.b)?,
        metric: c.metric,
    }))
}

/// The timeline's session by id; `Ok(None)` = the default (the session with most viewers);
/// `Err` names the unknown id.
pub(super) fn resolve_session(
    ds: &Dataset,
    id: Option<&str>,
) -> std::result::Result<Option<u32>, String> {
    match id {
        None => Ok(None),
        Some(id) => ds
            .sessions
            .get(id)
            .map(Some)
            .ok_or_else(|| format!("there is no session \"{id}\"")),
    }
}

/// Person → segment label pairs for a funnel breakdown.
pub(super) fn segment_labels(
    ds: &Dataset,
    segments: Option<&Segments>,
    kind: SegmentKind,
) -> Option<Vec<(u32, String)>> {
    let seg = segments?;
    let pairs: Vec<(u32, String)> = match kind {
        SegmentKind::Rfm => seg
            .rfm
            .as_ref()?
            .per_user
            .iter()
            .filter_map(|u| Some((ds.users.get(&u.user_id)?, u.segment.clone())))
            .collect(),
        SegmentKind::Cluster => seg
            .clusters
            .as_ref()?
            .per_user
            .iter()
            .filter_map(|u| {
                Some((
                    ds.users.get(&u.user_id)?,
                    crate::cluster::group_name(u.cluster),
                ))
            })
            .collect(),
    };
    Some(pairs)
}

/// Product labels for people: `title (id)` when the products table gives a title, else the id.
pub(super) fn label_items(ds: &Dataset, items: &mut [String]) {
    for (i, label) in items.iter_mut().enumerate() {
        let title = ds.item_info.get(i).map(|x| x.title.trim()).unwrap_or("");
        if !title.is_empty() && title != label.as_str() {
            *label = format!("{title} ({label})");
        }
    }
}

/// KPIs per RFM segment (in the order of the segment table, then "no purchase") and per cluster:
/// each person's segment label turned into a group id.
pub(super) fn segment_kpis(
    prep: &Prepared,
    rfm: Option<&RfmResult>,
    clusters: Option<&ClusterResult>,
) -> (Vec<GroupKpis>, Vec<GroupKpis>) {
    let ds = prep.ds();
    let n = ds.users.len();
    let by_rfm = rfm.map_or_else(Vec::new, |r| {
        let mut labels: Vec<String> = r.segments.iter().map(|s| s.name.clone()).collect();
        let none = labels.len() as u32;
        labels.push(crate::rfm::NO_PURCHASE.to_owned());
        let mut group = vec![Some(none); n];
        for u in &r.per_user {
            if let (Some(id), Some(g)) = (
                ds.users.get(&u.user_id),
                labels.iter().position(|l| *l == u.segment),
            ) {
                if let Some(slot) = group.get_mut(id as usize) {
                    *slot = Some(g as u32);
                }
            }
        }
        kpi::by_user_groups(prep, &group, &labels)
    });
    let by_cluster = clusters.map_or_else(Vec::new, |c| {
        let labels: Vec<String> = (0..c.k).map(crate::cluster::group_name).collect();
        let mut group = vec![None; n];
        for u in &c.per_user {
            if let Some(id) = ds.users.get(&u.user_id) {
                if let Some(slot) = group.get_mut(id as usize) {
                    *slot = Some(u.cluster as u32);
                }
            }
        }
        kpi::by_user_groups(prep, &group, &labels)
    });
    (by_rfm, by_cluster)
}

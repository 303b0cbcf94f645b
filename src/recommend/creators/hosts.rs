//! Hosts per audience segment: the cosine between a segment's category interest and each
//! host audience's, with the segment's conversion in the host's sessions (module documentation
//! of [`super`], "Hosts").

use super::super::{InteractionMatrix, ItemFeatures};
use super::{HostMatch, SegmentHosts, SmallSegment};
use crate::model::{Dataset, EventKind, NONE};

/// The one segment of the host matching when no segments are given: every viewer.
pub const ALL_VIEWERS: &str = "all viewers";

/// Segments for the host matching: (person, segment label, grouping) triples; a person may be
/// in several segments (one RFM segment and one cluster).
pub type Groups = [(u32, String, &'static str)];

/// Hosts ranked for each segment of `groups` with at least `min_persons` persons; `None` = one
/// [`ALL_VIEWERS`] segment. Also returns the segments left out as too small.
pub(super) fn hosts_by_segment(
    ds: &Dataset,
    m: &InteractionMatrix,
    feats: &ItemFeatures,
    groups: Option<&Groups>,
    min_persons: usize,
) -> (Vec<SegmentHosts>, Vec<SmallSegment>) {
    let n_users = m.n_users;
    let n_hosts = ds.hosts.len();
    if n_hosts == 0 {
        return (Vec::new(), Vec::new());
    }
    // Category interest per person (dimension: categories, else products).
    let use_cat = !feats.categories.is_empty();
    let dim = if use_cat {
        feats.categories.len()
    } else {
        m.n_items
    };
    let interest = |u: u32, acc: &mut [f64], w: f64| {
        let (items, rs, _) = m.row(u);
        let total: f64 = items
            .iter()
            .zip(rs)
            .filter(|(&i, _)| {
                !use_cat || feats.category.get(i as usize).is_some_and(|&c| c != NONE)
            })
            .map(|(_, &r)| r as f64)
            .sum();
        if total <= 0.0 {
            return;
        }
        for (&i, &r) in items.iter().zip(rs) {
            let d = if use_cat {
                feats.category.get(i as usize).copied().unwrap_or(NONE)
            } else {
                i
            };
            if let Some(a) = acc.get_mut(d as usize) {
                *a += w * r as f64 / total;
            }
        }
    };
    // Segments: labels (with their grouping) and each person's segments.
    let mut labels: Vec<(String, &'static str)> = Vec::new();
    let mut members: Vec<Vec<u32>> = Vec::new();
    match groups {
        Some(list) => {
            for (u, label, grouping) in list {
                if *u as usize >= n_users {
                    continue;
                }
                let sid = match labels
                    .iter()
                    .position(|l| l.0 == *label && l.1 == *grouping)
                {
                    Some(x) => x,
                    None => {
                        labels.push((label.clone(), grouping));
                        members.push(Vec::new());
                        labels.len() - 1
                    }
                };
                members[sid].push(*u);
            }
        }
        None => {
            labels.push((ALL_VIEWERS.to_owned(), "all"));
            members.push((0..n_users as u32).collect());
        }
    }
    let mut small = Vec::new();
    let mut kept_labels = Vec::new();
    let mut seg_of: Vec<Vec<u32>> = vec![Vec::new(); n_users];
    let mut seg_size = Vec::new();
    for ((label, grouping), mut us) in labels.into_iter().zip(members) {
        us.sort_unstable();
        us.dedup();
        if groups.is_some() && us.len() < min_persons {
            small.push(SmallSegment {
                segment: label,
                grouping: grouping.to_owned(),
                persons: us.len(),
            });
            continue;
        }
        let sid = kept_labels.len() as u32;
        for &u in &us {
            seg_of[u as usize].push(sid);
        }
        seg_size.push(us.len());
        kept_labels.push((label, grouping));
    }
    let labels = kept_labels;
    let ns = labels.len();
    let mut seg_vec = vec![vec![0f64; dim]; ns];
    for (u, segs) in seg_of.iter().enumerate() {
        for &s in segs {
            interest(u as u32, &mut seg_vec[s as usize], 1.0);
        }
    }
    // Host audiences: (host, user) pairs of viewers and of buyers.
    let ev = &ds.events;
    let any_enter = ev.kind.contains(&EventKind::Enter);
    let (mut viewers, mut buyers): (Vec<u64>, Vec<u64>) = (Vec::new(), Vec::new());
    for e in 0..ev.len() {
        let u = ev.user[e];
        let Some(info) = ds.session_info.get(ev.session[e] as usize) else {
            continue;
        };
        if u == NONE || info.host == NONE || info.host as usize >= n_hosts {
            continue;
        }
        let key = ((info.host as u64) << 32) | u as u64;
        if ev.kind[e] == EventKind::Enter || !any_enter {
            viewers.push(key);
        }
        if ev.kind[e] == EventKind::Pay {
            buyers.push(key);
        }
    }
    for v in [&mut viewers, &mut buyers] {
        v.sort_unstable();
        v.dedup();
    }
    let mut host_vec = vec![vec![0f64; dim]; n_hosts];
    let mut seg_view = vec![vec![0u32; ns]; n_hosts];
    let mut seg_buy = vec![vec![0u32; ns]; n_hosts];
    for (list, is_buyers) in [(&viewers, false), (&buyers, true)] {
        for &key in list.iter() {
            let (h, u) = ((key >> 32) as usize, (key & 0xffff_ffff) as u32);
            interest(u, &mut host_vec[h], 1.0);
            for &s in seg_of.get(u as usize).map_or(&[][..], |v| &v[..]) {
                let c = if is_buyers {
                    &mut seg_buy[h]
                } else {
                    &mut seg_view[h]
                };
                c[s as usize] += 1;
            }
        }
    }
    let cos = |a: &[f64], b: &[f64]| {
        let (d, na, nb) = a
            .iter()
            .zip(b)
            .fold((0.0, 0.0, 0.0), |(d, na, nb), (x, y)| {
                (d + x * y, na + x * x, nb + y * y)
            });
        (na > 0.0 && nb > 0.0).then(|| d / (na.sqrt() * nb.sqrt()))
    };
    let rows = (0..ns)
        .map(|s| {
            let mut hosts: Vec<HostMatch> = (0..n_hosts)
                .map(|h| HostMatch {
                    host: ds.hosts.name(h as u32).to_owned(),
                    similarity: cos(&seg_vec[s], &host_vec[h]),
                    segment_viewers: seg_view[h][s],
                    segment_buyers: seg_buy[h][s],
                    conversion_rate: (seg_view[h][s] > 0)
                        .then(|| seg_buy[h][s] as f64 / seg_view[h][s] as f64),
                })
                .collect();
            let key = |x: &Option<f64>| x.unwrap_or(-1.0);
            crate::sort::by(&mut hosts, |a, b| {
                key(&b.similarity)
                    .total_cmp(&key(&a.similarity))
                    .then(key(&b.conversion_rate).total_cmp(&key(&a.conversion_rate)))
                    .then(a.host.cmp(&b.host))
            });
            let mut conv: Vec<&HostMatch> = hosts
                .iter()
                .filter(|h| h.conversion_rate.is_some())
                .collect();
            crate::sort::by(&mut conv, |a, b| {
                key(&b.conversion_rate)
                    .total_cmp(&key(&a.conversion_rate))
                    .then(b.segment_viewers.cmp(&a.segment_viewers))
                    .then(a.host.cmp(&b.host))
            });
            let by_conversion = conv.iter().map(|h| h.host.clone()).collect();
            SegmentHosts {
                segment: labels[s].0.clone(),
                grouping: labels[s].1.to_owned(),
                persons: seg_size[s],
                hosts,
                by_conversion,
            }
        })
        .collect();
    (rows, small)
}

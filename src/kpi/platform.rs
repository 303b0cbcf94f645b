//! KPIs per platform, side by side, and combined: the view no platform's own dashboard gives a
//! creator who sells on several. An event's platform is its order's (from the recognised
//! layout of the file it came from), else its person's.

use super::{GroupKpis, KpiBase, Kpis};
use crate::analysis::Prepared;
use crate::model::NONE;
use crate::visits::visits;

/// The group of the events from no known platform (files that are not a platform's export),
/// listed only when there are such events beside some from known platforms.
pub const NO_PLATFORM: &str = "unspecified";
/// The group of all platforms combined (equal to `kpis.overall`).
pub const ALL_PLATFORMS: &str = "all";

/// The KPI table per platform in order of first appearance (`unspecified` after them), then
/// [`ALL_PLATFORMS`] with `overall`. Empty when the data has no platform.
pub fn by_platform(prep: &Prepared, overall: &Kpis) -> Vec<GroupKpis> {
    let ds = prep.ds();
    let n = ds.platforms.len();
    if n == 0 {
        return Vec::new();
    }
    let of_event: Vec<u32> = (0..ds.events.len()).map(|i| ds.event_platform(i)).collect();
    let mut groups: Vec<(String, u32)> = (0..n as u32)
        .map(|p| (ds.platforms.name(p).to_owned(), p))
        .collect();
    if of_event.contains(&NONE) {
        groups.push((NO_PLATFORM.to_owned(), NONE));
    }
    let mut out = Vec::with_capacity(groups.len() + 1);
    for (name, p) in groups {
        let sub = ds.with_events(|i| of_event.get(i) == Some(&p));
        if sub.events.is_empty() {
            continue;
        }
        // The platform's sessions: those of its events and of its session summaries (so that
        // another platform's ad spend and live minutes stay out of its row).
        let mut seen = vec![false; sub.sessions.len()];
        for &s in &sub.events.session {
            if let Some(x) = seen.get_mut(s as usize) {
                *x = true;
            }
        }
        for f in ds.session_figures.iter().filter(|f| f.platform == p) {
            if let Some(x) = seen.get_mut(f.session as usize) {
                *x = true;
            }
        }
        let base = KpiBase::new(&sub);
        let in_group = |s: u32| (s == NONE || seen.get(s as usize) == Some(&true)).then_some(0);
        let Some(k) = base
            .aggregate(&sub, &visits(&sub), 1, in_group)
            .into_iter()
            .next()
        else {
            continue;
        };
        out.push(GroupKpis {
            group: name,
            sessions: seen.iter().filter(|&&x| x).count() as u64,
            kpis: k,
        });
    }
    out.push(GroupKpis {
        group: ALL_PLATFORMS.to_owned(),
        sessions: ds.sessions.len() as u64,
        kpis: overall.clone(),
    });
    out
}

//! Event names: the canonical event each name means (synonyms, the user's map), the names that
//! stayed unknown, and re-labelling after the user maps them.

use super::validation::NameCount;
use crate::model::{Dataset, EventKind};

/// Unknown (unmapped) event names with counts, most frequent first.
pub fn unknown_names(ds: &Dataset) -> Vec<NameCount> {
    let mut counts: Vec<u64> = vec![0; ds.event_names.len()];
    for (k, &n) in ds.events.kind.iter().zip(&ds.events.name) {
        if *k == EventKind::Unknown {
            if let Some(c) = counts.get_mut(n as usize) {
                *c += 1;
            }
        }
    }
    let mut out: Vec<NameCount> = counts
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(i, &c)| NameCount {
            name: ds.event_names.name(i as u32).to_owned(),
            count: c,
        })
        .collect();
    crate::sort::by(&mut out, |a, b| {
        b.count.cmp(&a.count).then(a.name.cmp(&b.name))
    });
    out
}

/// Re-labels events after the user maps unknown names (no re-reading of files).
pub fn remap_events(ds: &mut Dataset, event_map: &[(String, EventKind)]) {
    let kinds: Vec<EventKind> = ds
        .event_names
        .names()
        .iter()
        .map(|n| kind_of_name(n, event_map))
        .collect();
    for (k, &n) in ds.events.kind.iter_mut().zip(&ds.events.name) {
        if let Some(&nk) = kinds.get(n as usize) {
            *k = nk;
        }
    }
}

/// The canonical event a name means: the user's map first, then the built-in synonyms.
pub(super) fn kind_of_name(name: &str, event_map: &[(String, EventKind)]) -> EventKind {
    if let Some((_, k)) = event_map
        .iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name.trim()))
    {
        return *k;
    }
    EventKind::from_synonym(name).unwrap_or(EventKind::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{load, IngestOptions, InputFile};

    #[test]
    fn remapping_unknown_names_relabels_events() {
        let text = "user,event,time\nu1,连麦,2026-01-01 10:00:00\nu1,enter,2026-01-01 10:00:00\n";
        let mut l = load(
            &[InputFile {
                name: "e.csv".into(),
                bytes: text.as_bytes().to_vec(),
                ..InputFile::default()
            }],
            &IngestOptions::default(),
        );
        assert_eq!(unknown_names(&l.dataset).len(), 1);
        let map: Vec<(String, EventKind)> =
            serde_json::from_str("[[\"连麦\",\"follow\"]]").unwrap();
        remap_events(&mut l.dataset, &map);
        assert!(unknown_names(&l.dataset).is_empty());
        assert!(l.dataset.has_kind(EventKind::Follow));
    }
}

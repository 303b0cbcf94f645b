//! Markers of the live screen: interaction tools' runs (lucky bags, polls, coupons). Pitch
//! windows are computed from per-product counts in `state` with `crate::timeline`'s rule.

use super::screen::MarkerKind;
use super::TOOL_GAP_MS;
use crate::model::EventKind;

/// The tool marker of an event kind, if any.
pub(super) fn tool_of(kind: EventKind) -> Option<MarkerKind> {
    match kind {
        EventKind::LotteryJoin | EventKind::LotteryWin => Some(MarkerKind::LuckyBag),
        EventKind::PollVote => Some(MarkerKind::Poll),
        EventKind::CouponClaim | EventKind::CouponUse => Some(MarkerKind::Coupon),
        _ => None,
    }
}

/// A run of one tool's rows: first and last time (ms), rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    pub start: i64,
    pub end: i64,
    pub rows: u32,
}

/// Runs of each tool, sorted by start, separated by more than [`TOOL_GAP_MS`].
#[derive(Debug, Clone, Default)]
pub(super) struct ToolRuns {
    pub runs: Vec<(MarkerKind, Vec<Run>)>,
}

impl ToolRuns {
    pub(super) fn add(&mut self, kind: MarkerKind, ts: i64) {
        let runs = match self.runs.iter_mut().position(|(k, _)| *k == kind) {
            Some(i) => &mut self.runs[i].1,
            None => {
                self.runs.push((kind, Vec::new()));
                let last = self.runs.len() - 1;
                &mut self.runs[last].1
            }
        };
        // The run this row touches (within the gap), else a new one in start order.
        let i = runs.partition_point(|r| r.end.saturating_add(TOOL_GAP_MS) < ts);
        match runs.get_mut(i) {
            Some(r) if r.start.saturating_sub(TOOL_GAP_MS) <= ts => {
                r.start = r.start.min(ts);
                r.end = r.end.max(ts);
                r.rows += 1;
            }
            _ => runs.insert(
                i,
                Run {
                    start: ts,
                    end: ts,
                    rows: 1,
                },
            ),
        }
        // A run that grew may now touch the next one: merge them.
        if i + 1 < runs.len() && runs[i].end.saturating_add(TOOL_GAP_MS) >= runs[i + 1].start {
            let next = runs.remove(i + 1);
            runs[i].end = runs[i].end.max(next.end);
            runs[i].rows += next.rows;
        }
        if i > 0 && runs[i - 1].end.saturating_add(TOOL_GAP_MS) >= runs[i].start {
            let this = runs.remove(i);
            runs[i - 1].end = runs[i - 1].end.max(this.end);
            runs[i - 1].rows += this.rows;
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.runs
            .iter()
            .map(|(_, r)| r.capacity() * std::mem::size_of::<Run>())
            .sum()
    }
}

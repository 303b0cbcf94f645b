//! The `review` stage: the post-live review of one session ([`crate::review`]) from the
//! per-session KPIs, the funnel of that session and of its baseline sessions, and its timeline.

use crate::funnel::FunnelParams;
use crate::kpi::SessionKpis;
use crate::model::Dataset;
use crate::review::{self, Review, ReviewInputs, ReviewSections};
use crate::timeline::{self, Timeline, TimelineParams};
use crate::Result;

use super::Prepared;

/// The review of `session` (`None` = the latest). `timeline` is reused when it is the
/// reviewed session's; otherwise that session's timeline is computed. Funnels use the
/// report's funnel steps, mode and window, one session at a time. `sections` are the report's
/// `comments`, `interactions` and `traffic` sections when it has them.
#[allow(clippy::too_many_arguments)]
pub fn review_stage(
    prep: &Prepared,
    sessions: &[SessionKpis],
    session: Option<&str>,
    funnel: &FunnelParams,
    timeline: Option<&Timeline>,
    bucket_seconds: i64,
    sections: Option<&ReviewSections>,
) -> Result<Review> {
    let ds = prep.ds();
    let ids = review::sessions_needed(sessions, session);
    let funnels = match has_funnel_start(ds, funnel) {
        true => {
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            review::session_funnels(prep, funnel, &refs).ok()
        }
        false => None,
    };
    let reviewed = ids.last().and_then(|id| ds.sessions.get(id));
    let own: Option<Timeline> = match (reviewed, timeline) {
        (Some(s), Some(t)) if t.session_id == ds.sessions.name(s) => None,
        (Some(s), _) => timeline::timeline(
            prep,
            &TimelineParams {
                session: Some(s),
                bucket_seconds,
            },
        )
        .ok(),
        (None, _) => None,
    };
    review::review(&ReviewInputs {
        sessions,
        session,
        funnels: funnels.as_ref(),
        timeline: own.as_ref().or(timeline),
        sections,
    })
}

/// Whether the data has the funnel's first step (else there is no funnel to review).
fn has_funnel_start(ds: &Dataset, p: &FunnelParams) -> bool {
    p.steps.first().is_some_and(|&k| ds.has_kind(k))
}

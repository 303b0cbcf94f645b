//! Chart specs of the report, in the user's language: one module per analysis, every text from
//! the label table ([`crate::i18n::ChartText`]). [`all`] lists every chart the report can show,
//! in page order. The live screen's charts ([`live_charts`]) are built from a
//! `crate::live::LiveScreen` at every look, not from the report.

mod bundles;
mod comments;
mod comparison;
mod evaluation;
mod funnel;
mod live;
mod prediction;
mod retention;
mod review;
mod room;
mod sales;
mod segments;
mod timeline;

pub use live::{live_charts, LIVE_CHARTS};
pub use review::review_charts;

use super::ChartSpec;
use crate::i18n::Lang;
use crate::report::Report;

/// Every chart of a report.
pub fn all(r: &Report, lang: Lang) -> Vec<ChartSpec> {
    let mut out = Vec::new();
    out.extend(sales::kpi_charts(r, lang));
    out.extend(sales::hosts_by_category(&r.hosts_by_category, lang));
    if let Some(f) = &r.funnel {
        out.extend(funnel::funnel_charts(f, lang));
        out.extend(funnel::funnel_trend(f, lang));
    }
    if let Some(t) = &r.timeline {
        out.push(timeline::timeline_chart(t, lang));
    }
    if let Some(rt) = &r.retention {
        out.extend(retention::retention_charts(rt, lang));
    }
    if let Some(c) = &r.comparison {
        out.push(comparison::comparison_chart(c, lang));
    }
    if let Some(rs) = &r.rules {
        out.push(bundles::rules_chart(rs, lang));
    }
    if let Some(seg) = &r.segments {
        if let Some(rfm) = &seg.rfm {
            out.extend(segments::rfm_grids(rfm, lang));
        }
        if let Some(c) = &seg.clusters {
            out.extend(segments::cluster_charts(c, lang));
        }
    }
    if let Some(p) = &r.prediction {
        out.extend(prediction::prediction_charts(
            p,
            &r.probability_by_attribute,
            lang,
        ));
    }
    if let Some(e) = &r.evaluation {
        out.extend(evaluation::evaluation_charts(
            &e.time_split,
            &e.leave_one_out,
            lang,
        ));
    }
    if let Some(c) = &r.comments {
        out.extend(comments::comment_charts(c, lang));
    }
    if let Some(it) = &r.interactions {
        out.extend(room::interaction_charts(it, lang));
    }
    if let Some(tr) = &r.traffic {
        out.extend(room::traffic_charts(tr, lang));
    }
    if let Some(ts) = &r.time_slots {
        out.extend(room::time_slot_charts(ts, lang));
    }
    if let Some(rv) = &r.review {
        out.extend(review::review_charts(rv, lang));
    }
    out
}

#[cfg(test)]
mod tests;

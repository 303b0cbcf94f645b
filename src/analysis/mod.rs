//! Runs every analysis on a loaded dataset and assembles the [`crate::report::Report`].
//!
//! Data flow: dataset → [`Prepared`] (the shared per-person, visit and interaction tables, built
//! lazily and once) → each analysis (`kpi`, `rfm`, `cluster`, `funnel`, …, every entry point
//! taking `&Prepared` and its params) → one report section each, echoing its params.
//!
//! | file | holds |
//! |---|---|
//! | `options.rs` | [`AnalysisOptions`] and the choices inside it (defaults, serde) |
//! | `prepare.rs` | [`Prepared`], the shared tables |
//! | `run.rs` | [`analyze`], [`analyze_on`] (and [`analyze_reusing`], with segments computed earlier) and [`analyze_kpis`]: the sections as tasks, on one thread or several, and the report assembled |
//! | `stages.rs` | each stage's checks and computation, and the skipped sections collected |
//! | `par.rs` | work on several threads natively (the sections, per-person scoring), on the calling thread in wasm |
//! | `review.rs` | the `review` stage: inputs of the post-live review gathered from the other stages |
//! | `resolve.rs` | names → ids: comparison groups, the timeline's session, segment labels |
//! | `merge.rs` | [`merge_sections`]: sections computed later merged into a report; [`lend_sections`]: some sections of a report lent alone ([`fields_of`]); [`segments_to_reuse`] |
//! | `changed.rs` | [`reanalyze`]: new settings on a report, only the sections they change ([`affected`]) computed again |
//! | `tests.rs` | tests of the above |

mod changed;
mod merge;
mod options;
pub(crate) mod par;
mod prepare;
mod resolve;
mod review;
mod run;
mod stages;

pub use changed::{affected, reanalyze};
pub use merge::{fields_of, give_back, lend_sections, merge_sections, segments_to_reuse};
pub use options::{AnalysisOptions, CompareChoice, GroupChoice, RulesChoice, Section, SegmentKind};
pub use prepare::Prepared;
pub use review::review_stage;
pub use run::{analyze, analyze_kpis, analyze_on, analyze_reusing, no_progress, STAGES};

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

//! LiveLens's analyses on Apache DataFusion, locally or on an Apache Ballista cluster.
//!
//! - [`canon`]: the canonical `events` and `sessions` tables, and the conversion from and to the
//!   core's [`livelens::model::Dataset`].
//! - [`funnel`]: `livelens_funnel` / `livelens_funnel_times`, a person's funnel level by the
//!   core's funnel engine.
//! - [`report`]: `livelens_report` (a report section of a group's events, by the core) and
//!   `livelens_visits` (watch time and concurrency of a group).
//! - [`tables`]: CSV / Parquet inputs (many files, hive partitions `creator=…/date=…`).
//! - [`kpi_sql`]: the KPIs of metrics.md as SQL, per creator, session, host or overall.
//! - [`analyze`]: the report sections per creator, as the browser's report JSON.
//! - [`cluster`]: a Ballista scheduler and executors with the functions registered.
//! - [`demo`]: a large multi-creator demo dataset written as partitioned Parquet.
//!
//! The core crate knows nothing of DataFusion; the product binary `livelens` runs this crate's
//! binary `livelens-df` for `analyze --engine datafusion`, `sql` and `executor`.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod analyze;
pub mod canon;
#[cfg(feature = "cluster")]
pub mod cluster;
pub mod collect;
pub mod demo;
pub mod funnel;
pub mod kpi_sql;
pub mod report;
pub mod tables;

use std::sync::Arc;

use datafusion::error::Result;
use datafusion::execution::session_state::{SessionState, SessionStateBuilder};
use datafusion::logical_expr::AggregateUDF;
use datafusion::prelude::{SessionConfig, SessionContext};

/// LiveLens's aggregate functions.
pub fn udafs() -> Vec<Arc<AggregateUDF>> {
    vec![
        Arc::new(AggregateUDF::new_from_impl(funnel::FunnelAggregate::level())),
        Arc::new(AggregateUDF::new_from_impl(funnel::FunnelAggregate::times())),
        Arc::new(AggregateUDF::new_from_impl(report::GroupAggregate::report())),
        Arc::new(AggregateUDF::new_from_impl(report::GroupAggregate::visits())),
    ]
}

/// Registers LiveLens's functions in a session state.
pub fn register_functions(state: &mut SessionState) -> Result<()> {
    use datafusion::execution::FunctionRegistry;
    for f in udafs() {
        state.register_udaf(f)?;
    }
    Ok(())
}

/// A session state with DataFusion's defaults, the given configuration and LiveLens's
/// functions.
pub fn session_state(config: SessionConfig) -> Result<SessionState> {
    let mut state = SessionStateBuilder::new()
        .with_default_features()
        .with_config(config)
        .build();
    register_functions(&mut state)?;
    Ok(state)
}

/// Where queries run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// In this process, on all cores.
    Local,
    /// On a Ballista scheduler at `host:port`.
    Cluster(String),
}

/// A session context for an engine, with LiveLens's functions registered.
pub async fn context(engine: &Engine) -> Result<SessionContext> {
    match engine {
        Engine::Local => Ok(SessionContext::new_with_state(session_state(
            SessionConfig::new(),
        )?)),
        #[cfg(feature = "cluster")]
        Engine::Cluster(addr) => cluster::remote_context(addr).await,
        #[cfg(not(feature = "cluster"))]
        Engine::Cluster(addr) => Err(datafusion::error::DataFusionError::Plan(format!(
            "--cluster {addr}: this livelens-df was built without the `cluster` feature"
        ))),
    }
}

//! LiveLens's analyses on Apache DataFusion, locally or on an Apache Ballista cluster.
//!
//! - [`canon`]: the canonical `events` and `sessions` tables, and the conversion from and to the
//!   core's [`livelens::model::Dataset`].
//! - [`funnel`]: `livelens_funnel` / `livelens_funnel_times`, a person's funnel level by the
//!   core's funnel engine.
//! - [`report`]: `livelens_sections` / `livelens_report` (report sections of a group's events,
//!   by the core) and `livelens_visits` (watch time and concurrency of a group), over
//!   [`gather`]: a group's rows kept compactly, in the core's interned form.
//! - [`tables`]: CSV / Parquet inputs (many files, hive partitions `creator=…/date=…`).
//! - [`kpi_sql`]: the KPIs of metrics.md as SQL, per creator, session, host or overall.
//! - [`analyze`]: the report sections per creator, as the browser's report JSON.
//! - [`one_phase`]: the local engine gathers a group once (one-phase aggregate), not per input
//!   partition and again after the repartition.
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
pub mod gather;
pub mod kpi_sql;
pub mod one_phase;
pub mod report;
pub mod tables;

use std::num::NonZeroUsize;
use std::sync::Arc;

use datafusion::error::Result;
use datafusion::execution::disk_manager::{DiskManagerBuilder, DiskManagerMode};
use datafusion::execution::memory_pool::{FairSpillPool, TrackConsumersPool};
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::execution::session_state::{SessionState, SessionStateBuilder};
use datafusion::logical_expr::AggregateUDF;
use datafusion::prelude::{SessionConfig, SessionContext};

/// LiveLens's aggregate functions.
pub fn udafs() -> Vec<Arc<AggregateUDF>> {
    vec![
        Arc::new(AggregateUDF::new_from_impl(funnel::FunnelAggregate::level())),
        Arc::new(AggregateUDF::new_from_impl(funnel::FunnelAggregate::times())),
        Arc::new(AggregateUDF::new_from_impl(
            report::GroupAggregate::sections(),
        )),
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
/// functions; DataFusion's own planning (gathering aggregates in two phases), as Ballista's
/// client and scheduler use it.
pub fn session_state(config: SessionConfig) -> Result<SessionState> {
    let mut state = SessionStateBuilder::new()
        .with_default_features()
        .with_config(config)
        .build();
    register_functions(&mut state)?;
    Ok(state)
}

/// The local engine's session state: [`session_state`] with the [`one_phase`] rule (each
/// group of a gathering aggregate gathered once), and whose queries may hold at most
/// `memory_limit` bytes of what DataFusion's operators account (a `FairSpillPool`, spilling
/// off): a query over it stops with a "resources exhausted" error naming the biggest consumers.
/// `None`: no limit. What operators do not account (Arrow batches in flight, the allocator's
/// slack) comes on top.
pub fn session_state_with_limit(
    config: SessionConfig,
    memory_limit: Option<usize>,
) -> Result<SessionState> {
    let mut builder = SessionStateBuilder::new()
        .with_default_features()
        .with_config(config)
        .with_physical_optimizer_rule(Arc::new(one_phase::OnePhaseGathering));
    if let Some(limit) = memory_limit {
        let pool = TrackConsumersPool::new(
            FairSpillPool::new(limit),
            NonZeroUsize::new(5).unwrap_or(NonZeroUsize::MIN),
        );
        // No spilling: an aggregate over its share stops with the error at once. Spilling a
        // gathered creator would first copy all its rows into Arrow arrays (its partial state):
        // more memory at the moment there is none, for a merge that gathers them again.
        let runtime = RuntimeEnvBuilder::new()
            .with_memory_pool(Arc::new(pool))
            .with_disk_manager_builder(
                DiskManagerBuilder::default().with_mode(DiskManagerMode::Disabled),
            )
            .build_arc()?;
        builder = builder.with_runtime_env(runtime);
    }
    let mut state = builder.build();
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
    context_with_limit(engine, None).await
}

/// [`context`] with a memory limit in bytes for a local engine (see
/// [`session_state_with_limit`]); a cluster's executors take theirs at start
/// (`livelens-df executor --memory-limit`).
pub async fn context_with_limit(
    engine: &Engine,
    memory_limit: Option<usize>,
) -> Result<SessionContext> {
    match engine {
        Engine::Local => Ok(SessionContext::new_with_state(session_state_with_limit(
            SessionConfig::new(),
            memory_limit,
        )?)),
        #[cfg(feature = "cluster")]
        Engine::Cluster(addr) => match memory_limit {
            None => cluster::remote_context(addr).await,
            Some(_) => Err(datafusion::error::DataFusionError::Plan(format!(
                "--memory-limit with --cluster {addr}: the work runs on the executors; give \
                 each executor its limit (livelens-df executor --memory-limit)"
            ))),
        },
        #[cfg(not(feature = "cluster"))]
        Engine::Cluster(addr) => Err(datafusion::error::DataFusionError::Plan(format!(
            "--cluster {addr}: this livelens-df was built without the `cluster` feature"
        ))),
    }
}

/// A size in bytes: `512M`, `8G`, `8GB`, `1.5GiB`, `1000000` (powers of 1024 for K, M, G, T).
pub fn parse_size(s: &str) -> Option<usize> {
    let t = s.trim().to_ascii_uppercase();
    let t = t.trim_end_matches('B').trim_end_matches('I');
    let (num, unit) = match t.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => (&t[..i], &t[i..]),
        None => (t, ""),
    };
    let mult: f64 = match unit {
        "" => 1.0,
        "K" => 1024.0,
        "M" => 1024.0 * 1024.0,
        "G" => 1024.0 * 1024.0 * 1024.0,
        "T" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let n: f64 = num.trim().parse().ok()?;
    (n.is_finite() && n > 0.0).then_some((n * mult) as usize)
}

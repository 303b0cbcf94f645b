//! Ballista: a scheduler and executors that know LiveLens's functions, and the client context.
//!
//! The client plans a query (with the functions registered), the scheduler decodes the plan
//! (its session builder registers them too) and splits it into stages, and each executor
//! decodes and runs its tasks with a function registry holding them. Every server binds
//! 127.0.0.1 unless told otherwise: a real cluster passes the host to bind and advertise.

use std::net::SocketAddr;
use std::sync::Arc;

use ballista::prelude::SessionContextExt;
use ballista_core::extension::SessionConfigExt;
use ballista_core::registry::BallistaFunctionRegistry;
use ballista_executor::executor_process::{start_executor_process, ExecutorProcessConfig};
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::start_server;
use datafusion::error::{DataFusionError, Result};
use datafusion::prelude::{SessionConfig, SessionContext};

fn ballista_err(e: impl std::fmt::Display) -> DataFusionError {
    DataFusionError::External(e.to_string().into())
}

/// A context whose queries run on the Ballista scheduler at `addr` (`host:port`).
pub async fn remote_context(addr: &str) -> Result<SessionContext> {
    let state = crate::session_state(SessionConfig::new_with_ballista())?;
    let url = if addr.contains("://") {
        addr.to_owned()
    } else {
        format!("df://{addr}")
    };
    let ctx = SessionContext::remote_with_state(&url, state).await?;
    // Registered again on the context: the state's registration did not reach SQL planning.
    for f in crate::udafs() {
        ctx.register_udaf((*f).clone());
    }
    Ok(ctx)
}

/// Where a server listens and what it tells others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bind {
    /// Address to bind, `127.0.0.1` by default.
    pub host: String,
    pub port: u16,
}

/// Runs a scheduler until the process is stopped.
pub async fn run_scheduler(bind: &Bind) -> Result<()> {
    let addr: SocketAddr = format!("{}:{}", bind.host, bind.port)
        .parse()
        .map_err(|e| DataFusionError::Plan(format!("scheduler address: {e}")))?;
    let mut config = SchedulerConfig::default()
        .with_hostname(bind.host.clone())
        .with_port(bind.port);
    config.bind_host = bind.host.clone();
    config.override_session_builder = Some(Arc::new(|cfg: SessionConfig| {
        let mut state = ballista_core::utils::default_session_builder(cfg)?;
        crate::register_functions(&mut state)?;
        Ok(state)
    }));
    let cluster = BallistaCluster::new_from_config(&config)
        .await
        .map_err(ballista_err)?;
    start_server(cluster, addr, Arc::new(config))
        .await
        .map_err(ballista_err)
}

/// Settings of an executor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutorOptions {
    pub bind: Bind,
    /// Port of its gRPC service (the scheduler pushes tasks there).
    pub grpc_port: u16,
    /// The scheduler, `host:port`.
    pub scheduler: String,
    /// Tasks run at once (default: the machine's cores).
    pub concurrent_tasks: Option<usize>,
    /// Directory for shuffle files (default: a temporary directory).
    pub work_dir: Option<String>,
    /// Bytes the executor's tasks may hold together (each task gets its share in a
    /// `FairSpillPool`); `None`: no limit.
    pub memory_limit: Option<usize>,
}

/// Runs an executor until the process is stopped.
pub async fn run_executor(o: &ExecutorOptions) -> Result<()> {
    let (sh, sp) = o.scheduler.rsplit_once(':').ok_or_else(|| {
        DataFusionError::Plan(format!("--scheduler {}: expected HOST:PORT", o.scheduler))
    })?;
    let sp: u16 = sp
        .parse()
        .map_err(|_| DataFusionError::Plan(format!("--scheduler {}: bad port", o.scheduler)))?;
    let mut registry = BallistaFunctionRegistry::default();
    for f in crate::udafs() {
        registry.aggregate_functions.insert(f.name().to_owned(), f);
    }
    let mut config = ExecutorProcessConfig {
        bind_host: o.bind.host.clone(),
        external_host: Some(o.bind.host.clone()),
        port: o.bind.port,
        grpc_port: o.grpc_port,
        scheduler_host: sh.to_owned(),
        scheduler_port: sp,
        work_dir: o.work_dir.clone(),
        override_function_registry: Some(Arc::new(registry)),
        memory_pool_size: o.memory_limit.map(|b| b as u64),
        ..ExecutorProcessConfig::default()
    };
    if let Some(n) = o.concurrent_tasks {
        config.vcores = n.max(1);
    }
    start_executor_process(Arc::new(config))
        .await
        .map_err(ballista_err)
}

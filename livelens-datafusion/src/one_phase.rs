//! A physical optimizer rule that plans LiveLens's gathering aggregates in **one** phase on the
//! local engine.
//!
//! DataFusion plans every grouped aggregate in two phases when it runs on several partitions:
//! `Partial` per input partition, a hash repartition on the group keys, then `FinalPartitioned`.
//! For the aggregates that gather a whole group's rows and hand them to the core
//! (`livelens_sections`, `livelens_report`, `livelens_visits`) that costs about three copies of
//! a group: each input partition gathers its share of every group, turns it into Arrow list state
//! at the end of its input, and the final partition gathers the shares again. In one process
//! nothing is gained by the partial step (the rows themselves can be repartitioned), so this rule
//! rewrites
//!
//! ```text
//! FinalPartitioned(Repartition hash(keys)(Partial(X)))  →  SinglePartitioned(Repartition hash(keys)(X))
//! Final(CoalescePartitions(Partial(X)))                 →  Single(CoalescePartitions(X))
//! ```
//!
//! when the aggregate step holds one of those functions: each group is gathered once, in the
//! partition that finishes it. When `X` is already hash-partitioned on the keys (as `analyze`
//! plans it), `X` is used as it is. Ballista keeps DataFusion's two phases (its scheduler plans
//! without this rule): there the partial states are what crosses the shuffle, written to disk.

use std::sync::Arc;

use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TransformedResult, TreeNode};
use datafusion::error::Result;
use datafusion::physical_expr::expressions::Column;
use datafusion::physical_expr::{physical_exprs_equal, PhysicalExpr};
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::aggregates::{AggregateExec, AggregateMode};
use datafusion::physical_plan::coalesce_partitions::CoalescePartitionsExec;
use datafusion::physical_plan::repartition::RepartitionExec;
use datafusion::physical_plan::{ExecutionPlan, ExecutionPlanProperties, Partitioning};

/// The aggregates that gather a group's rows (see the module's documentation).
pub const GATHERING: [&str; 3] = ["livelens_sections", "livelens_report", "livelens_visits"];

/// The rule; register it last in a local session state ([`crate::session_state_with_limit`]).
#[derive(Debug, Default)]
pub struct OnePhaseGathering;

fn gathers(agg: &AggregateExec) -> bool {
    agg.aggr_expr()
        .iter()
        .any(|a| GATHERING.contains(&a.fun().name()))
}

/// The partial aggregate below `node` (directly), if it is one.
fn partial_of(node: &Arc<dyn ExecutionPlan>) -> Option<&AggregateExec> {
    node.downcast_ref::<AggregateExec>()
        .filter(|p| *p.mode() == AggregateMode::Partial)
}

/// `Repartition hash(keys)(Partial(X))` → `X` hash-partitioned on the partial's group
/// expressions (over `X`'s columns), or `None` if the shape is not that.
fn repartition_rows(
    rep: &RepartitionExec,
    partial: &AggregateExec,
) -> Result<Option<Arc<dyn ExecutionPlan>>> {
    let Partitioning::Hash(keys, n) = rep.partitioning() else {
        return Ok(None);
    };
    let group = partial.group_expr();
    if !group.is_single() {
        return Ok(None);
    }
    // The repartition hashes the partial's output columns; its first columns are the group
    // keys, the expressions of `group` over X.
    let mut over_x: Vec<Arc<dyn PhysicalExpr>> = Vec::with_capacity(keys.len());
    for k in keys {
        let Some(c) = k.downcast_ref::<Column>() else {
            return Ok(None);
        };
        match group.expr().get(c.index()) {
            Some((e, name)) if name == c.name() => over_x.push(Arc::clone(e)),
            _ => return Ok(None),
        }
    }
    let x = Arc::clone(partial.input());
    if let Partitioning::Hash(have, m) = x.output_partitioning() {
        if m == n && physical_exprs_equal(have, &over_x) {
            return Ok(Some(x));
        }
    }
    let mut r = RepartitionExec::try_new(x, Partitioning::Hash(over_x, *n))?;
    if rep.preserve_order() {
        r = r.with_preserve_order();
    }
    Ok(Some(Arc::new(r)))
}

fn one_phase(plan: Arc<dyn ExecutionPlan>) -> Result<Transformed<Arc<dyn ExecutionPlan>>> {
    let Some(fin) = plan.downcast_ref::<AggregateExec>() else {
        return Ok(Transformed::no(plan));
    };
    if !gathers(fin) {
        return Ok(Transformed::no(plan));
    }
    let (mode, input, partial) = match fin.mode() {
        AggregateMode::FinalPartitioned => {
            let Some(rep) = fin.input().downcast_ref::<RepartitionExec>() else {
                return Ok(Transformed::no(plan));
            };
            let Some(partial) = partial_of(rep.input()) else {
                return Ok(Transformed::no(plan));
            };
            let Some(rows) = repartition_rows(rep, partial)? else {
                return Ok(Transformed::no(plan));
            };
            (AggregateMode::SinglePartitioned, rows, partial)
        }
        AggregateMode::Final => {
            let Some(coalesce) = fin.input().downcast_ref::<CoalescePartitionsExec>() else {
                return Ok(Transformed::no(plan));
            };
            let Some(partial) = partial_of(coalesce.input()) else {
                return Ok(Transformed::no(plan));
            };
            let rows: Arc<dyn ExecutionPlan> =
                Arc::new(CoalescePartitionsExec::new(Arc::clone(partial.input())));
            (AggregateMode::Single, rows, partial)
        }
        _ => return Ok(Transformed::no(plan)),
    };
    let single = AggregateExec::try_new(
        mode,
        partial.group_expr().clone(),
        partial.aggr_expr().to_vec(),
        partial.filter_expr().to_vec(),
        input,
        partial.input_schema(),
    )?
    .with_limit_options(fin.limit_options());
    Ok(Transformed::yes(Arc::new(single)))
}

impl PhysicalOptimizerRule for OnePhaseGathering {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        _config: &ConfigOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        plan.transform_down(one_phase).data()
    }

    fn name(&self) -> &str {
        "livelens_one_phase_gathering"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

//! `livelens_funnel(ts, event, 'enter,click,pay', '24h' [, 'ordered'|'strict'|'any_order'])`:
//! the furthest funnel step a person reached (0 = never step 1), computed by the core's funnel
//! engine on the person's events (PostHog's semantics, metrics.md), like ClickHouse's
//! `windowFunnel`. Group by person, then count per level:
//!
//! ```sql
//! SELECT creator, level, count(*) AS persons FROM (
//!   SELECT creator, user_id, livelens_funnel(ts, event, 'enter,click,pay', '24h') AS level
//!   FROM events GROUP BY creator, user_id) GROUP BY creator, level
//! ```
//!
//! Persons at step k = persons whose level ≥ k. `livelens_funnel_times` takes the same
//! arguments and returns the best attempt's step timestamps (ms; as many as the level).

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::ScalarValue;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{Accumulator, AggregateUDFImpl, Signature, Volatility};
use livelens::funnel::engine::{self, MAX_STEPS};
use livelens::funnel::FunnelMode;
use livelens::model::{Dataset, EventKind, NONE};

use crate::collect::{literal_text, Collected};

/// Parses a step list such as `enter,product_view,click` (canonical keys or export synonyms).
pub fn parse_steps(s: &str) -> Result<Vec<EventKind>> {
    let steps = s
        .split(',')
        .map(|t| {
            let t = t.trim();
            EventKind::from_key(t)
                .or_else(|| EventKind::from_synonym(t))
                .ok_or_else(|| {
                    DataFusionError::Plan(format!("funnel step {t:?} is not a known event"))
                })
        })
        .collect::<Result<Vec<_>>>()?;
    if !(2..=MAX_STEPS).contains(&steps.len()) {
        return Err(DataFusionError::Plan(format!(
            "a funnel needs 2 to {MAX_STEPS} steps, got {}",
            steps.len()
        )));
    }
    Ok(steps)
}

/// Parses a conversion window: `24h`, `30m`, `90s`, `7d` or plain seconds; milliseconds.
pub fn parse_window(s: &str) -> Result<i64> {
    let t = s.trim();
    let (num, unit) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&t[..i], c.to_ascii_lowercase()),
        _ => (t, 's'),
    };
    let scale = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => 0,
    };
    let n: i64 = num.trim().parse().unwrap_or(0);
    if scale == 0 || n <= 0 {
        return Err(DataFusionError::Plan(format!(
            "conversion window {s:?}: expected a positive number with s, m, h or d"
        )));
    }
    n.checked_mul(scale * 1000)
        .ok_or_else(|| DataFusionError::Plan(format!("conversion window {s:?} is too long")))
}

/// Parses a funnel mode: `ordered`, `strict` or `any_order`.
pub fn parse_mode(s: &str) -> Result<FunnelMode> {
    match s.trim() {
        "ordered" => Ok(FunnelMode::Ordered),
        "strict" => Ok(FunnelMode::Strict),
        "any_order" => Ok(FunnelMode::AnyOrder),
        m => Err(DataFusionError::Plan(format!(
            "funnel mode {m:?}: expected ordered, strict or any_order"
        ))),
    }
}

/// The best attempt of one person, by the core's engine: (furthest step, step timestamps).
/// `ts` and `kind` are the person's events in any order.
pub fn person_outcome(
    ts: &[i64],
    kind: &[EventKind],
    steps: &[EventKind],
    mode: FunnelMode,
    window_ms: i64,
) -> (u8, Vec<i64>) {
    let mut idx: Vec<usize> = (0..ts.len().min(kind.len())).collect();
    idx.sort_unstable_by_key(|&i| (ts[i], kind[i] as u8));
    let mut ds = Dataset::default();
    let user = ds.users.intern("person");
    for &i in &idx {
        ds.events
            .push(user, ts[i], kind[i], NONE, NONE, NONE, NONE, 0.0);
    }
    let (outcomes, _) = engine::run(&ds, steps, mode, window_ms);
    match outcomes.first() {
        Some(o) => (o.reached, o.times[..o.reached as usize].to_vec()),
        None => (0, Vec::new()),
    }
}

/// `livelens_funnel` (level) or `livelens_funnel_times` (step timestamps).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FunnelAggregate {
    times: bool,
    signature: Signature,
}

impl FunnelAggregate {
    pub fn level() -> FunnelAggregate {
        FunnelAggregate {
            times: false,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }

    pub fn times() -> FunnelAggregate {
        FunnelAggregate {
            times: true,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

const STATE_TYPES: [DataType; 2] = [DataType::Int64, DataType::Utf8];

impl AggregateUDFImpl for FunnelAggregate {
    fn name(&self) -> &str {
        if self.times {
            "livelens_funnel_times"
        } else {
            "livelens_funnel"
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        if !(4..=5).contains(&arg_types.len()) {
            return Err(DataFusionError::Plan(format!(
                "{}(ts, event, steps, window [, mode]) takes 4 or 5 arguments, got {}",
                self.name(),
                arg_types.len()
            )));
        }
        let mut out = vec![DataType::Int64];
        out.extend(std::iter::repeat_n(DataType::Utf8, arg_types.len() - 1));
        Ok(out)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(if self.times {
            DataType::List(Arc::new(Field::new_list_field(DataType::Int64, true)))
        } else {
            DataType::UInt8
        })
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(Collected::state_fields(args.name, &STATE_TYPES))
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let steps = parse_steps(&literal_text(args.exprs, 2, self.name(), "steps")?)?;
        let window_ms = parse_window(&literal_text(args.exprs, 3, self.name(), "window")?)?;
        let mode = if args.exprs.len() > 4 {
            parse_mode(&literal_text(args.exprs, 4, self.name(), "mode")?)?
        } else {
            FunnelMode::Ordered
        };
        Ok(Box::new(FunnelAccumulator {
            times: self.times,
            steps,
            mode,
            window_ms,
            rows: Collected::new(STATE_TYPES.to_vec()),
        }))
    }
}

#[derive(Debug)]
struct FunnelAccumulator {
    times: bool,
    steps: Vec<EventKind>,
    mode: FunnelMode,
    window_ms: i64,
    rows: Collected,
}

impl Accumulator for FunnelAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.rows.update(values.get(..2).unwrap_or(&[]))
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        self.rows.merge(states)
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        self.rows.state()
    }

    fn size(&self) -> usize {
        std::mem::size_of::<Self>() + self.rows.size()
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        let cols = self.rows.columns()?;
        let (ts, ev) = match cols.as_slice() {
            [t, e] => (
                t.as_primitive_opt::<datafusion::arrow::datatypes::Int64Type>()
                    .cloned()
                    .unwrap_or_else(|| Int64Array::from(Vec::<i64>::new())),
                e.as_string_opt::<i32>()
                    .cloned()
                    .unwrap_or_else(|| StringArray::from(Vec::<&str>::new())),
            ),
            _ => {
                return Err(DataFusionError::Internal(
                    "funnel state has 2 columns".into(),
                ))
            }
        };
        let mut t = Vec::with_capacity(ts.len());
        let mut k = Vec::with_capacity(ts.len());
        for i in 0..ts.len().min(ev.len()) {
            if ts.is_null(i) || ev.is_null(i) {
                continue;
            }
            t.push(ts.value(i));
            k.push(EventKind::from_key(ev.value(i)).unwrap_or(EventKind::Unknown));
        }
        let (level, times) = person_outcome(&t, &k, &self.steps, self.mode, self.window_ms);
        if self.times {
            let v: Vec<Option<i64>> = times.into_iter().map(Some).collect();
            let list = ScalarValue::List(Arc::new(
                datafusion::arrow::array::ListArray::from_iter_primitive::<
                    datafusion::arrow::datatypes::Int64Type,
                    _,
                    _,
                >([Some(v)]),
            ));
            Ok(list)
        } else {
            Ok(ScalarValue::UInt8(Some(level)))
        }
    }
}

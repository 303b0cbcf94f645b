//! An accumulator that keeps a group's rows as Arrow arrays, for aggregates that hand a whole
//! group (a creator, a person) to one of the core's engines.
//!
//! Its intermediate state is one list per column, so that DataFusion can aggregate in two
//! phases (partial per input partition, then final after the shuffle) and Ballista can ship the
//! partial states between executors.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, ListArray};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::compute::concat;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::ScalarValue;
use datafusion::error::{DataFusionError, Result};

/// The rows seen so far, per column.
#[derive(Debug)]
pub struct Collected {
    types: Vec<DataType>,
    parts: Vec<Vec<ArrayRef>>,
}

impl Collected {
    /// An empty collection of columns of these types.
    pub fn new(types: Vec<DataType>) -> Collected {
        let parts = vec![Vec::new(); types.len()];
        Collected { types, parts }
    }

    /// The state fields of an aggregate using this collection: one list per column.
    pub fn state_fields(name: &str, types: &[DataType]) -> Vec<FieldRef> {
        types
            .iter()
            .enumerate()
            .map(|(i, t)| {
                Arc::new(Field::new(
                    format!("{name}[c{i}]"),
                    DataType::List(Arc::new(Field::new_list_field(t.clone(), true))),
                    true,
                ))
            })
            .collect()
    }

    /// Adds the rows of `values` (one array per column, the aggregate's inputs from `skip` on).
    pub fn update(&mut self, values: &[ArrayRef]) -> Result<()> {
        if values.len() != self.types.len() {
            return Err(DataFusionError::Internal(format!(
                "expected {} columns, got {}",
                self.types.len(),
                values.len()
            )));
        }
        if values.first().is_none_or(|a| a.is_empty()) {
            return Ok(());
        }
        for (p, v) in self.parts.iter_mut().zip(values) {
            p.push(Arc::clone(v));
        }
        Ok(())
    }

    /// Adds partial states (one list array per column; every row of each is one partial).
    pub fn merge(&mut self, states: &[ArrayRef]) -> Result<()> {
        if states.len() != self.types.len() {
            return Err(DataFusionError::Internal(format!(
                "expected {} state columns, got {}",
                self.types.len(),
                states.len()
            )));
        }
        for (p, s) in self.parts.iter_mut().zip(states) {
            let list = s.as_list_opt::<i32>().ok_or_else(|| {
                DataFusionError::Internal(format!("state is {}, not a list", s.data_type()))
            })?;
            for row in 0..list.len() {
                if list.is_valid(row) {
                    let v = list.value(row);
                    if !v.is_empty() {
                        p.push(v);
                    }
                }
            }
        }
        Ok(())
    }

    /// Every column as one array (empty arrays when no row was seen).
    pub fn columns(&mut self) -> Result<Vec<ArrayRef>> {
        let mut out = Vec::with_capacity(self.parts.len());
        for (p, t) in self.parts.iter_mut().zip(&self.types) {
            let col = match p.len() {
                0 => datafusion::arrow::array::new_empty_array(t),
                1 => Arc::clone(&p[0]),
                _ => {
                    let refs: Vec<&dyn Array> = p.iter().map(|a| a.as_ref()).collect();
                    concat(&refs)?
                }
            };
            // Keep the concatenated array so that state() and evaluate() do not repeat the work.
            *p = vec![Arc::clone(&col)];
            out.push(col);
        }
        Ok(out)
    }

    /// The state: each column as a one-row list.
    pub fn state(&mut self) -> Result<Vec<ScalarValue>> {
        let cols = self.columns()?;
        Ok(cols
            .into_iter()
            .zip(&self.types)
            .map(|(c, t)| {
                let offsets = OffsetBuffer::from_lengths([c.len()]);
                let field = Arc::new(Field::new_list_field(t.clone(), true));
                ScalarValue::List(Arc::new(ListArray::new(field, offsets, c, None)))
            })
            .collect())
    }

    /// Bytes held (for DataFusion's memory accounting).
    pub fn size(&self) -> usize {
        std::mem::size_of::<Self>()
            + self
                .parts
                .iter()
                .flatten()
                .map(|a| a.get_array_memory_size())
                .sum::<usize>()
    }
}

/// The value of a literal argument of an aggregate (the funnel's steps, a section name), or an
/// error naming the function and argument when the argument is not a literal.
pub fn literal_arg(
    exprs: &[Arc<dyn datafusion::physical_expr::PhysicalExpr>],
    i: usize,
    function: &str,
    what: &str,
) -> Result<ScalarValue> {
    exprs
        .get(i)
        .and_then(|e| e.downcast_ref::<datafusion::physical_expr::expressions::Literal>())
        .map(|l| l.value().clone())
        .ok_or_else(|| {
            DataFusionError::Plan(format!(
                "{function}: argument {} ({what}) must be a constant",
                i + 1
            ))
        })
}

/// A literal argument as text.
pub fn literal_text(
    exprs: &[Arc<dyn datafusion::physical_expr::PhysicalExpr>],
    i: usize,
    function: &str,
    what: &str,
) -> Result<String> {
    match literal_arg(exprs, i, function, what)? {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => Ok(s),
        v => Err(DataFusionError::Plan(format!(
            "{function}: argument {} ({what}) must be text, got {v}",
            i + 1
        ))),
    }
}

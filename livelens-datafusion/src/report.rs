//! `livelens_report` and `livelens_visits`: aggregates that hand a group's events (a creator's,
//! a session's, a host's) to the core and return its result.
//!
//! ```sql
//! SELECT creator, livelens_report('rfm', '{"tz_offset_minutes":480}', user_id, session_id,
//!        event, ts, item_id, order_id, amount, seq, host, title, start_ts, end_ts, ad_spend)
//! FROM events_with_sessions GROUP BY creator
//! ```
//!
//! The group is rebuilt as the core's [`Dataset`] ([`crate::canon::dataset_from_columns`]) and
//! the core computes the section, so the numbers are the browser's by construction. A group must
//! fit in one executor's memory: groups (creators) are spread over the executors, a group is not
//! split. Errors of the core (not enough data) become `{"skipped": "…"}`, as the report's
//! `skipped` list.

use std::sync::Arc;

use datafusion::arrow::array::ArrayRef;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Fields};
use datafusion::common::ScalarValue;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{Accumulator, AggregateUDFImpl, Signature, Volatility};
use livelens::funnel::FunnelParams;
use livelens::model::Dataset;
use livelens::retention::RetentionParams;
use livelens::rfm::RfmParams;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::canon::{collect_type, dataset_from_columns, COLLECT_COLUMNS};
use crate::collect::{literal_text, Collected};

/// The settings of `livelens_report`, its second argument as JSON (every key optional).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportParams {
    /// Offset of the creator's local time from UTC, minutes (days and weeks are cut there).
    pub tz_offset_minutes: i32,
    pub funnel: FunnelParams,
    pub retention: RetentionParams,
    pub rfm: RfmParams,
}

/// The sections `livelens_report` computes.
pub const SECTIONS: [&str; 5] = ["kpis", "hosts", "funnel", "retention", "rfm"];

fn section_value<T: Serialize>(r: livelens::Result<T>) -> Value {
    match r {
        Ok(v) => serde_json::to_value(v).unwrap_or_else(|e| json!({ "skipped": e.to_string() })),
        Err(e) => json!({ "skipped": e.to_string() }),
    }
}

/// One section of the core's report on a dataset, as JSON.
pub fn compute_section(ds: &Dataset, section: &str, p: &ReportParams) -> Result<Value> {
    // The core's shared per-person and visit tables, built once for the section.
    let prep = livelens::analysis::Prepared::new(ds);
    Ok(match section {
        "kpis" => section_value(Ok(livelens::kpi::kpis(&prep))),
        "hosts" => section_value(Ok(livelens::kpi::by_host(&prep))),
        "funnel" => section_value(
            p.funnel
                .validate(ds)
                .and_then(|()| livelens::funnel::funnel(&prep, &p.funnel)),
        ),
        "retention" => section_value(livelens::retention::retention(&prep, &p.retention)),
        "rfm" => section_value(livelens::rfm::rfm(&prep, &p.rfm)),
        other => {
            return Err(DataFusionError::Plan(format!(
                "livelens_report: unknown section {other:?}; expected one of {}",
                SECTIONS.join(", ")
            )))
        }
    })
}

/// Which result a collecting aggregate returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Output {
    /// `livelens_report`: a section as JSON text.
    Report,
    /// `livelens_visits`: watch time and concurrency as a struct.
    Visits,
}

/// `livelens_report(section, params_json, <COLLECT_COLUMNS>)` or
/// `livelens_visits(<COLLECT_COLUMNS>)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct GroupAggregate {
    output: Output,
    signature: Signature,
}

impl GroupAggregate {
    /// `livelens_report`.
    pub fn report() -> GroupAggregate {
        GroupAggregate {
            output: Output::Report,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }

    /// `livelens_visits`: `{avg_watch_seconds, peak_concurrent, avg_concurrent, live_minutes}`
    /// of the group, as the core's KPIs define them (overlapping visits of a person across the
    /// group's sessions merged).
    pub fn visits() -> GroupAggregate {
        GroupAggregate {
            output: Output::Visits,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }

    fn skip(&self) -> usize {
        match self.output {
            Output::Report => 2,
            Output::Visits => 0,
        }
    }

    fn types(&self) -> Vec<DataType> {
        (0..COLLECT_COLUMNS.len()).map(collect_type).collect()
    }
}

fn visits_fields() -> Fields {
    Fields::from(vec![
        Field::new("avg_watch_seconds", DataType::Float64, true),
        Field::new("peak_concurrent", DataType::UInt64, false),
        Field::new("avg_concurrent", DataType::Float64, true),
        Field::new("live_minutes", DataType::Float64, true),
    ])
}

impl AggregateUDFImpl for GroupAggregate {
    fn name(&self) -> &str {
        match self.output {
            Output::Report => "livelens_report",
            Output::Visits => "livelens_visits",
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let want = self.skip() + COLLECT_COLUMNS.len();
        if arg_types.len() != want {
            let names = COLLECT_COLUMNS.join(", ");
            let head = if self.skip() == 2 {
                "section, params, "
            } else {
                ""
            };
            return Err(DataFusionError::Plan(format!(
                "{}({head}{names}) takes {want} arguments, got {}",
                self.name(),
                arg_types.len()
            )));
        }
        let mut out = vec![DataType::Utf8; self.skip()];
        out.extend(self.types());
        Ok(out)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(match self.output {
            Output::Report => DataType::Utf8,
            Output::Visits => DataType::Struct(visits_fields()),
        })
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(Collected::state_fields(args.name, &self.types()))
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let (section, params) = match self.output {
            Output::Report => {
                let section = literal_text(args.exprs, 0, self.name(), "section")?;
                if !SECTIONS.contains(&section.as_str()) {
                    return Err(DataFusionError::Plan(format!(
                        "livelens_report: unknown section {section:?}; expected one of {}",
                        SECTIONS.join(", ")
                    )));
                }
                let text = literal_text(args.exprs, 1, self.name(), "params")?;
                let params: ReportParams = if text.trim().is_empty() {
                    ReportParams::default()
                } else {
                    serde_json::from_str(&text).map_err(|e| {
                        DataFusionError::Plan(format!("livelens_report: params: {e}"))
                    })?
                };
                (section, params)
            }
            Output::Visits => (String::new(), ReportParams::default()),
        };
        Ok(Box::new(GroupAccumulator {
            output: self.output,
            skip: self.skip(),
            section,
            params,
            rows: Collected::new(self.types()),
        }))
    }
}

#[derive(Debug)]
struct GroupAccumulator {
    output: Output,
    skip: usize,
    section: String,
    params: ReportParams,
    rows: Collected,
}

impl Accumulator for GroupAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.rows.update(values.get(self.skip..).unwrap_or(&[]))
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
        let ds = dataset_from_columns(&cols, self.params.tz_offset_minutes)?;
        match self.output {
            Output::Report => {
                let v = compute_section(&ds, &self.section, &self.params)?;
                Ok(ScalarValue::Utf8(Some(v.to_string())))
            }
            Output::Visits => {
                let k = livelens::kpi::kpis(&livelens::analysis::Prepared::new(&ds)).overall;
                let values: Vec<ArrayRef> = vec![
                    ScalarValue::Float64(k.avg_watch_seconds).to_array()?,
                    ScalarValue::UInt64(Some(k.peak_concurrent)).to_array()?,
                    ScalarValue::Float64(k.avg_concurrent).to_array()?,
                    ScalarValue::Float64(k.live_minutes).to_array()?,
                ];
                let s =
                    datafusion::arrow::array::StructArray::try_new(visits_fields(), values, None)?;
                Ok(ScalarValue::Struct(Arc::new(s)))
            }
        }
    }
}

//! `livelens_sections`, `livelens_report` and `livelens_visits`: aggregates that hand a group's
//! events (a creator's, a session's, a host's) to the core and return its result.
//!
//! ```sql
//! SELECT creator, livelens_sections('kpis,funnel,rfm', '{"tz_offset_minutes":480}', user_id,
//!        session_id, event, ts, item_id, order_id, amount, seq, host, title, start_ts, end_ts,
//!        ad_spend)
//! FROM events_with_sessions GROUP BY creator
//! ```
//!
//! The group's rows are gathered once, compactly ([`crate::gather`]), rebuilt as the core's
//! [`Dataset`] and the core computes the sections, so the numbers are the browser's by
//! construction. `livelens_sections` runs several sections on one gathered copy (one JSON object,
//! a key per section); `livelens_report` is the same for one section (its JSON). A group must
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

use crate::canon::COLLECT_COLUMNS;
use crate::collect::literal_text;
use crate::gather::{self, Gathered};

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
    let prep = livelens::analysis::Prepared::new(ds);
    section_of(ds, &prep, section, p)
}

/// Sections of the core's report on a dataset, as a JSON object with a key per section; the
/// core's shared per-person and visit tables are built once for all of them.
pub fn compute_sections(
    ds: &Dataset,
    sections: &[String],
    p: &ReportParams,
) -> Result<serde_json::Map<String, Value>> {
    let prep = livelens::analysis::Prepared::new(ds);
    let mut out = serde_json::Map::new();
    for s in sections {
        out.insert(s.clone(), section_of(ds, &prep, s, p)?);
    }
    Ok(out)
}

/// Parses a list of sections (`kpis,funnel,rfm`), each one of [`SECTIONS`].
pub fn parse_sections(list: &str) -> Result<Vec<String>> {
    let out: Vec<String> = list
        .split(',')
        .map(|x| x.trim().to_owned())
        .filter(|x| !x.is_empty())
        .collect();
    if out.is_empty() {
        return Err(DataFusionError::Plan(format!(
            "no section given; expected some of {}",
            SECTIONS.join(", ")
        )));
    }
    for s in &out {
        if !SECTIONS.contains(&s.as_str()) {
            return Err(DataFusionError::Plan(format!(
                "unknown section {s:?}; expected some of {}",
                SECTIONS.join(", ")
            )));
        }
    }
    Ok(out)
}

fn section_of(
    ds: &Dataset,
    prep: &livelens::analysis::Prepared,
    section: &str,
    p: &ReportParams,
) -> Result<Value> {
    Ok(match section {
        "kpis" => section_value(Ok(livelens::kpi::kpis(prep))),
        "hosts" => section_value(Ok(livelens::kpi::by_host(prep))),
        "funnel" => section_value(
            p.funnel
                .validate(ds)
                .and_then(|()| livelens::funnel::funnel(prep, &p.funnel)),
        ),
        "retention" => section_value(livelens::retention::retention(prep, &p.retention)),
        "rfm" => section_value(livelens::rfm::rfm(prep, &p.rfm)),
        other => {
            return Err(DataFusionError::Plan(format!(
                "livelens_report: unknown section {other:?}; expected one of {}",
                SECTIONS.join(", ")
            )))
        }
    })
}

/// Which result a gathering aggregate returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Output {
    /// `livelens_sections`: several sections as one JSON object.
    Sections,
    /// `livelens_report`: a section as JSON text.
    Report,
    /// `livelens_visits`: watch time and concurrency as a struct.
    Visits,
}

/// `livelens_sections(sections, params_json, <COLLECT_COLUMNS>)`,
/// `livelens_report(section, params_json, <COLLECT_COLUMNS>)` or
/// `livelens_visits(<COLLECT_COLUMNS>)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct GroupAggregate {
    output: Output,
    signature: Signature,
}

impl GroupAggregate {
    fn new(output: Output) -> GroupAggregate {
        GroupAggregate {
            output,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }

    /// `livelens_sections`: the sections named in its first argument (`kpis,hosts,funnel,
    /// retention,rfm`, any of them) of the group, computed on one gathered copy of the group's
    /// rows, as one JSON object with a key per section.
    pub fn sections() -> GroupAggregate {
        GroupAggregate::new(Output::Sections)
    }

    /// `livelens_report`: one section of the group as its JSON.
    pub fn report() -> GroupAggregate {
        GroupAggregate::new(Output::Report)
    }

    /// `livelens_visits`: `{avg_watch_seconds, peak_concurrent, avg_concurrent, live_minutes}`
    /// of the group, as the core's KPIs define them (overlapping visits of a person across the
    /// group's sessions merged).
    pub fn visits() -> GroupAggregate {
        GroupAggregate::new(Output::Visits)
    }

    fn skip(&self) -> usize {
        match self.output {
            Output::Sections | Output::Report => 2,
            Output::Visits => 0,
        }
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

fn parse_params(name: &str, text: &str) -> Result<ReportParams> {
    if text.trim().is_empty() {
        return Ok(ReportParams::default());
    }
    serde_json::from_str(text).map_err(|e| DataFusionError::Plan(format!("{name}: params: {e}")))
}

impl AggregateUDFImpl for GroupAggregate {
    fn name(&self) -> &str {
        match self.output {
            Output::Sections => "livelens_sections",
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
            let head = match self.output {
                Output::Sections => "sections, params, ",
                Output::Report => "section, params, ",
                Output::Visits => "",
            };
            return Err(DataFusionError::Plan(format!(
                "{}({head}{names}) takes {want} arguments, got {}",
                self.name(),
                arg_types.len()
            )));
        }
        let mut out = vec![DataType::Utf8; self.skip()];
        out.extend(gather::types());
        Ok(out)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(match self.output {
            Output::Sections | Output::Report => DataType::Utf8,
            Output::Visits => DataType::Struct(visits_fields()),
        })
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(gather::state_fields(args.name))
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let (sections, params) = match self.output {
            Output::Sections | Output::Report => {
                let what = if self.output == Output::Report {
                    "section"
                } else {
                    "sections"
                };
                let list = literal_text(args.exprs, 0, self.name(), what)?;
                let sections = parse_sections(&list)
                    .map_err(|e| DataFusionError::Plan(format!("{}: {e}", self.name())))?;
                if self.output == Output::Report && sections.len() != 1 {
                    return Err(DataFusionError::Plan(format!(
                        "livelens_report: one section, got {list:?} (livelens_sections takes \
                         several)"
                    )));
                }
                let text = literal_text(args.exprs, 1, self.name(), "params")?;
                (sections, parse_params(self.name(), &text)?)
            }
            Output::Visits => (Vec::new(), ReportParams::default()),
        };
        Ok(Box::new(GroupAccumulator {
            output: self.output,
            skip: self.skip(),
            sections,
            params,
            rows: Gathered::default(),
            result: None,
        }))
    }
}

#[derive(Debug)]
struct GroupAccumulator {
    output: Output,
    skip: usize,
    sections: Vec<String>,
    params: ReportParams,
    rows: Gathered,
    /// Set by `evaluate`, which hands the gathered rows to the core (one copy of a group in
    /// memory at a time, not two).
    result: Option<ScalarValue>,
}

impl GroupAccumulator {
    fn open(&self, name: &str) -> Result<()> {
        match self.result {
            None => Ok(()),
            Some(_) => Err(DataFusionError::Execution(format!(
                "{name}: rows added after the result was computed; as a window function it \
                 needs a frame of the whole partition"
            ))),
        }
    }

    fn name(&self) -> &'static str {
        match self.output {
            Output::Sections => "livelens_sections",
            Output::Report => "livelens_report",
            Output::Visits => "livelens_visits",
        }
    }
}

impl Accumulator for GroupAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.open(self.name())?;
        self.rows.update(values.get(self.skip..).unwrap_or(&[]))
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        self.open(self.name())?;
        self.rows.merge(states)
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        self.open(self.name())?;
        Ok(self.rows.state())
    }

    fn size(&self) -> usize {
        std::mem::size_of::<Self>() + self.rows.size()
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        if let Some(v) = &self.result {
            return Ok(v.clone());
        }
        let ds = self.rows.take_dataset(self.params.tz_offset_minutes);
        let v = self.compute(&ds)?;
        self.result = Some(v.clone());
        Ok(v)
    }
}

impl GroupAccumulator {
    fn compute(&self, ds: &Dataset) -> Result<ScalarValue> {
        match self.output {
            Output::Sections => {
                let v = compute_sections(ds, &self.sections, &self.params)?;
                Ok(ScalarValue::Utf8(Some(Value::Object(v).to_string())))
            }
            Output::Report => {
                let section = self.sections.first().map_or("", String::as_str);
                let v = compute_section(ds, section, &self.params)?;
                Ok(ScalarValue::Utf8(Some(v.to_string())))
            }
            Output::Visits => {
                let k = livelens::kpi::kpis(&livelens::analysis::Prepared::new(ds)).overall;
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

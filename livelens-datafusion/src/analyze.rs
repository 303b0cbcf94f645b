//! The report sections (`kpis`, `hosts`, `funnel`, `retention`, `segments.rfm`) per creator, as
//! the browser's report JSON, and the KPI tables per grain.

use std::path::Path;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::DataType;
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::error::{DataFusionError, Result};
use datafusion::prelude::SessionContext;
use serde_json::{json, Map, Value};

use crate::kpi_sql::{kpi_sql, Grain};
use crate::report::{ReportParams, SECTIONS};
use crate::tables::Catalog;

/// What to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalyzeOptions {
    /// Sections among [`SECTIONS`] (`rfm` lands under `segments.rfm`).
    pub sections: Vec<String>,
    /// One report per creator (`true`) or one for all input.
    pub by_creator: bool,
    pub params: ReportParams,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions {
            sections: ["kpis", "funnel", "retention", "rfm"]
                .map(str::to_owned)
                .to_vec(),
            by_creator: false,
            params: ReportParams::default(),
        }
    }
}

/// The SQL computing the sections: one row per group, column `report` = a JSON object with a
/// key per section.
pub fn report_sql(catalog: &Catalog, o: &AnalyzeOptions) -> Result<String> {
    for s in &o.sections {
        if !SECTIONS.contains(&s.as_str()) {
            return Err(DataFusionError::Plan(format!(
                "unknown section {s:?}; expected some of {}",
                SECTIONS.join(", ")
            )));
        }
    }
    let params = serde_json::to_string(&o.params)
        .map_err(|e| DataFusionError::Plan(format!("report settings: {e}")))?;
    let quote = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let cols: Vec<String> = o
        .sections
        .iter()
        .map(|s| {
            format!(
                "livelens_report({}, {}, user_id, session_id, event, ts, item_id, order_id, \
                 amount, seq, host, title, start_ts, end_ts, ad_spend) AS \"{s}\"",
                quote(s),
                quote(&params)
            )
        })
        .collect();
    let events = catalog.events_sql();
    Ok(if o.by_creator {
        format!(
            "SELECT creator, {} FROM ({events}) GROUP BY creator ORDER BY creator",
            cols.join(", ")
        )
    } else {
        format!(
            "SELECT 'all' AS creator, {} FROM ({events})",
            cols.join(", ")
        )
    })
}

fn batches_rows(batches: &[RecordBatch], sections: &[String]) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for b in batches {
        // VARCHAR may be planned as Utf8View: read the creator as Utf8 either way.
        let creator_col = datafusion::arrow::compute::cast(b.column(0), &DataType::Utf8)?;
        let creator = creator_col.as_string_opt::<i32>().ok_or_else(|| {
            DataFusionError::Internal(format!("creator column is {}", b.column(0).data_type()))
        })?;
        for row in 0..b.num_rows() {
            let mut obj = Map::new();
            obj.insert("creator".into(), json!(creator.value(row)));
            let mut segments = Map::new();
            for (i, s) in sections.iter().enumerate() {
                let col = b
                    .column(i + 1)
                    .as_string_opt::<i32>()
                    .ok_or_else(|| DataFusionError::Internal(format!("section {s} is not text")))?;
                let v: Value = if col.is_null(row) {
                    Value::Null
                } else {
                    serde_json::from_str(col.value(row))
                        .map_err(|e| DataFusionError::Internal(format!("section {s}: {e}")))?
                };
                if s == "rfm" {
                    segments.insert("rfm".into(), v);
                } else {
                    obj.insert(s.clone(), v);
                }
            }
            if !segments.is_empty() {
                obj.insert("segments".into(), Value::Object(segments));
            }
            out.push(Value::Object(obj));
        }
    }
    Ok(out)
}

/// The sections per creator (or for all input): a list of report objects with `creator`.
pub async fn analyze(
    ctx: &SessionContext,
    catalog: &Catalog,
    o: &AnalyzeOptions,
) -> Result<Vec<Value>> {
    let sql = report_sql(catalog, o)?;
    let batches = ctx.sql(&sql).await?.collect().await?;
    batches_rows(&batches, &o.sections)
}

/// The KPI table of a grain, as record batches.
pub async fn kpi_table(
    ctx: &SessionContext,
    catalog: &Catalog,
    grain: Grain,
) -> Result<Vec<RecordBatch>> {
    ctx.sql(&kpi_sql(catalog, grain)).await?.collect().await
}

/// Writes the KPI tables (`kpis_<grain>.parquet` or `.csv`) into `dir`.
pub async fn write_kpi_tables(
    ctx: &SessionContext,
    catalog: &Catalog,
    dir: &Path,
    csv: bool,
) -> Result<Vec<String>> {
    std::fs::create_dir_all(dir)
        .map_err(|e| DataFusionError::Execution(format!("{}: {e}", dir.display())))?;
    let mut written = Vec::new();
    for g in Grain::ALL {
        let ext = if csv { "csv" } else { "parquet" };
        let path = dir.join(format!("kpis_{}.{ext}", g.key()));
        let p = path.display().to_string();
        let df = ctx.sql(&kpi_sql(catalog, g)).await?;
        let opts = DataFrameWriteOptions::new().with_single_file_output(true);
        if csv {
            df.write_csv(&p, opts, None).await?;
        } else {
            df.write_parquet(&p, opts, None).await?;
        }
        written.push(p);
    }
    Ok(written)
}

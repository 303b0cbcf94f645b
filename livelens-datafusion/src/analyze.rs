//! The report sections (`kpis`, `hosts`, `funnel`, `retention`, `segments.rfm`) per creator, as
//! the browser's report JSON, and the KPI tables per grain.

use std::path::Path;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::DataType;
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::Partitioning;
use datafusion::prelude::{col, lit, DataFrame, SessionContext};
use serde_json::{json, Map, Value};

use crate::canon::COLLECT_COLUMNS;
use crate::kpi_sql::{kpi_sql, Grain};
use crate::report::{parse_sections, ReportParams};
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

fn params_text(o: &AnalyzeOptions) -> Result<(String, String)> {
    let sections = parse_sections(&o.sections.join(","))?;
    let params = serde_json::to_string(&o.params)
        .map_err(|e| DataFusionError::Plan(format!("report settings: {e}")))?;
    Ok((sections.join(","), params))
}

/// The SQL computing the sections: one row per group, column `report` = a JSON object with a
/// key per section, from one `livelens_sections` call (a group's rows gathered once for all
/// sections). [`analyze`] runs the same aggregate through [`sections_frame`], which also
/// partitions the rows by creator first.
pub fn report_sql(catalog: &Catalog, o: &AnalyzeOptions) -> Result<String> {
    let (sections, params) = params_text(o)?;
    let quote = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let call = format!(
        "livelens_sections({}, {}, {}) AS report",
        quote(&sections),
        quote(&params),
        COLLECT_COLUMNS.join(", ")
    );
    let events = catalog.events_sql();
    Ok(if o.by_creator {
        format!("SELECT creator, {call} FROM ({events}) GROUP BY creator ORDER BY creator")
    } else {
        format!("SELECT 'all' AS creator, {call} FROM ({events})")
    })
}

/// The plan of the sections: the events (with their sessions) hash-partitioned by creator, then
/// one `livelens_sections` grouped by creator (all sections on one gathered copy). DataFusion
/// 55 still plans the aggregate in two phases (partial per input partition, final after its own
/// hash repartition on creator): a one-phase plan, where each creator is gathered only in its
/// final partition, is not reached by the explicit repartition (docs/scale-out.md).
pub async fn sections_frame(
    ctx: &SessionContext,
    catalog: &Catalog,
    o: &AnalyzeOptions,
) -> Result<DataFrame> {
    let (sections, params) = params_text(o)?;
    let mut df = ctx.sql(&catalog.events_sql()).await?;
    if !o.by_creator {
        df = df.with_column("creator", lit("all"))?;
    }
    let partitions = ctx.copied_config().target_partitions().max(1);
    let df = df.repartition(Partitioning::Hash(vec![col("creator")], partitions))?;
    let mut args = vec![lit(sections), lit(params)];
    args.extend(COLLECT_COLUMNS.iter().map(|c| col(*c)));
    let f = datafusion::execution::FunctionRegistry::udaf(ctx, "livelens_sections")?;
    df.aggregate(vec![col("creator")], vec![f.call(args).alias("report")])?
        .sort(vec![col("creator").sort(true, false)])
}

fn batches_rows(batches: &[RecordBatch]) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for b in batches {
        // VARCHAR may be planned as Utf8View: read the creator as Utf8 either way.
        let creator_col = datafusion::arrow::compute::cast(b.column(0), &DataType::Utf8)?;
        let creator = creator_col.as_string_opt::<i32>().ok_or_else(|| {
            DataFusionError::Internal(format!("creator column is {}", b.column(0).data_type()))
        })?;
        let report = b
            .column(1)
            .as_string_opt::<i32>()
            .ok_or_else(|| DataFusionError::Internal("the report column is not text".into()))?;
        for row in 0..b.num_rows() {
            let mut obj = Map::new();
            obj.insert("creator".into(), json!(creator.value(row)));
            let sections: Map<String, Value> = if report.is_null(row) {
                Map::new()
            } else {
                serde_json::from_str(report.value(row))
                    .map_err(|e| DataFusionError::Internal(format!("report: {e}")))?
            };
            let mut segments = Map::new();
            for (s, v) in sections {
                if s == "rfm" {
                    segments.insert("rfm".into(), v);
                } else {
                    obj.insert(s, v);
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
    let batches = sections_frame(ctx, catalog, o).await?.collect().await?;
    batches_rows(&batches)
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

//! Registering the inputs: CSV or Parquet, files or directories, hive-style partitions
//! (`creator=…/date=…`) through DataFusion's listing tables.
//!
//! Each input is either a dataset root holding `events/` (and optionally `sessions/`), or the
//! events themselves (a file or a directory of files). The events are registered as table
//! `events`, the sessions as `sessions`; [`Catalog::events_sql`] is the SQL of the events joined
//! with their session (host, title, start, end, spend) that every query of this crate reads.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::datatypes::DataType;
use datafusion::datasource::file_format::csv::CsvFormat;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::file_format::FileFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::error::{DataFusionError, Result};
use datafusion::prelude::SessionContext;

use crate::canon;

/// File format of a table's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
}

/// What [`register`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    /// `creator` is a column or a partition of the events.
    pub events_have_creator: bool,
    /// A sessions table was registered.
    pub sessions: bool,
    /// `creator` is a column or a partition of the sessions.
    pub sessions_have_creator: bool,
}

impl Catalog {
    /// SQL (a subquery) of the events with their session's columns: `creator, user_id,
    /// session_id, event, ts, item_id, order_id, amount, seq, host, title, start_ts, end_ts,
    /// ad_spend`. Without a creator column every row belongs to creator `all`.
    pub fn events_sql(&self) -> String {
        let creator = if self.events_have_creator {
            "CAST(e.creator AS VARCHAR)"
        } else {
            "'all'"
        };
        let cols = format!(
            "{creator} AS creator, CAST(e.user_id AS VARCHAR) AS user_id, \
             CAST(e.session_id AS VARCHAR) AS session_id, CAST(e.event AS VARCHAR) AS event, \
             CAST(e.ts AS BIGINT) AS ts, CAST(e.item_id AS VARCHAR) AS item_id, \
             CAST(e.order_id AS VARCHAR) AS order_id, CAST(e.amount AS DOUBLE) AS amount, \
             CAST(e.seq AS BIGINT) AS seq"
        );
        if !self.sessions {
            return format!(
                "SELECT {cols}, CAST(NULL AS VARCHAR) AS host, CAST(NULL AS VARCHAR) AS title, \
                 CAST(NULL AS BIGINT) AS start_ts, CAST(NULL AS BIGINT) AS end_ts, \
                 CAST(NULL AS DOUBLE) AS ad_spend FROM events e"
            );
        }
        let on_creator = match (self.events_have_creator, self.sessions_have_creator) {
            (true, true) => "CAST(e.creator AS VARCHAR) = CAST(s.creator AS VARCHAR) AND ",
            _ => "",
        };
        format!(
            "SELECT {cols}, CAST(s.host AS VARCHAR) AS host, CAST(s.title AS VARCHAR) AS title, \
             CAST(s.start_ts AS BIGINT) AS start_ts, CAST(s.end_ts AS BIGINT) AS end_ts, \
             CAST(s.ad_spend AS DOUBLE) AS ad_spend FROM events e LEFT JOIN sessions s \
             ON {on_creator}CAST(e.session_id AS VARCHAR) = CAST(s.session_id AS VARCHAR)"
        )
    }
}

/// The first data file under `p` (depth first, sorted) and its partition keys (`k=v` directory
/// names between `p` and the file).
fn first_file(p: &Path) -> Result<Option<(PathBuf, Vec<String>)>> {
    if p.is_file() {
        return Ok(Some((p.to_path_buf(), Vec::new())));
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
        .map_err(|e| DataFusionError::Plan(format!("{}: {e}", p.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|q| {
            q.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !n.starts_with('.') && !n.starts_with('_'))
        })
        .collect();
    entries.sort();
    for q in entries {
        if q.is_file() {
            if format_of(&q).is_some() {
                return Ok(Some((q, Vec::new())));
            }
        } else if let Some((f, mut keys)) = first_file(&q)? {
            if let Some((k, _)) = q
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.split_once('='))
            {
                keys.insert(0, k.to_owned());
            }
            return Ok(Some((f, keys)));
        }
    }
    Ok(None)
}

fn format_of(p: &Path) -> Option<Format> {
    match p
        .extension()
        .and_then(|e| e.to_str())?
        .to_ascii_lowercase()
        .as_str()
    {
        "parquet" => Some(Format::Parquet),
        "csv" => Some(Format::Csv),
        _ => None,
    }
}

fn csv_has_column(p: &Path, name: &str) -> bool {
    use std::io::BufRead;
    std::fs::File::open(p)
        .ok()
        .and_then(|f| std::io::BufReader::new(f).lines().next()?.ok())
        .is_some_and(|h| h.split(',').any(|c| c.trim() == name))
}

/// Registers one table from paths (files or directories of one format); returns whether it has
/// a `creator` column or partition.
async fn register_table(
    ctx: &SessionContext,
    name: &str,
    paths: &[PathBuf],
    sessions: bool,
) -> Result<bool> {
    let mut found: Option<(PathBuf, Vec<String>)> = None;
    for p in paths {
        if !p.exists() {
            return Err(DataFusionError::Plan(format!(
                "{}: no such file or directory",
                p.display()
            )));
        }
        if let Some(f) = first_file(p)? {
            found = Some(f);
            break;
        }
    }
    let Some((file, partitions)) = found else {
        return Err(DataFusionError::Plan(format!(
            "{name}: no .csv or .parquet file in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    let format = format_of(&file).unwrap_or(Format::Parquet);
    let (fmt, ext): (Arc<dyn FileFormat>, &str) = match format {
        Format::Parquet => (Arc::new(ParquetFormat::default()), ".parquet"),
        Format::Csv => (Arc::new(CsvFormat::default().with_has_header(true)), ".csv"),
    };
    let part_cols: Vec<(String, DataType)> = partitions
        .iter()
        .map(|k| (k.clone(), DataType::Utf8))
        .collect();
    let options = ListingOptions::new(fmt)
        .with_file_extension(ext)
        .with_table_partition_cols(part_cols);
    let urls = paths
        .iter()
        .map(|p| {
            let abs = std::path::absolute(p)
                .map_err(|e| DataFusionError::Plan(format!("{}: {e}", p.display())))?;
            let mut s = abs.display().to_string();
            if abs.is_dir() && !s.ends_with('/') {
                s.push('/');
            }
            ListingTableUrl::parse(&s)
        })
        .collect::<Result<Vec<_>>>()?;
    let has_creator_partition = partitions.iter().any(|k| k == "creator");
    let config = ListingTableConfig::new_with_multi_paths(urls).with_listing_options(options);
    let (config, has_creator) = match format {
        Format::Parquet => {
            let config = config.infer_schema(&ctx.state()).await?;
            let has = has_creator_partition
                || config
                    .file_schema
                    .as_ref()
                    .is_some_and(|s| s.column_with_name("creator").is_some());
            (config, has)
        }
        Format::Csv => {
            let column = csv_has_column(&file, "creator");
            let schema = if sessions {
                canon::sessions_schema(column)
            } else {
                canon::events_schema(column)
            };
            (config.with_schema(schema), column || has_creator_partition)
        }
    };
    let table = ListingTable::try_new(config)?;
    ctx.register_table(name, Arc::new(table))?;
    Ok(has_creator)
}

/// Registers `events` (and `sessions` when found) from the inputs.
pub async fn register(
    ctx: &SessionContext,
    inputs: &[PathBuf],
    sessions: &[PathBuf],
) -> Result<Catalog> {
    let mut ev: Vec<PathBuf> = Vec::new();
    let mut se: Vec<PathBuf> = sessions.to_vec();
    for p in inputs {
        if p.join("events").is_dir() {
            ev.push(p.join("events"));
            if p.join("sessions").exists() && sessions.is_empty() {
                se.push(p.join("sessions"));
            }
        } else {
            ev.push(p.clone());
        }
    }
    if ev.is_empty() {
        return Err(DataFusionError::Plan("no input given".into()));
    }
    let events_have_creator = register_table(ctx, "events", &ev, false).await?;
    let (has_sessions, sessions_have_creator) = if se.is_empty() {
        (false, false)
    } else {
        (true, register_table(ctx, "sessions", &se, true).await?)
    };
    Ok(Catalog {
        events_have_creator,
        sessions: has_sessions,
        sessions_have_creator,
    })
}

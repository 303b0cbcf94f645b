//! `demo --scale huge`: many creators' demo data as a hive-partitioned dataset
//! (`events/creator=…/date=…/part-0.parquet`, `sessions/creator=…/sessions.parquet`), written
//! one creator at a time so that memory stays that of one creator whatever the total.
//!
//! Each creator's history is the core's demo generator (seed + creator number) read by the
//! core's ingestion, exactly as `livelens demo` + `livelens analyze` would see it, then written
//! in the canonical layout ([`crate::canon`]).

use std::fs::File;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::RecordBatch;
use datafusion::error::{DataFusionError, Result};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::{Compression, ZstdLevel};
use datafusion::parquet::file::properties::WriterProperties;
use livelens::demo::{DemoParams, Scale};
use livelens::ingest::{self, FileKind, IngestOptions, InputFile, Loaded};

use crate::canon;
use crate::tables::Format;

/// Settings of [`write_huge`].
#[derive(Debug, Clone, PartialEq)]
pub struct HugeParams {
    pub creators: u32,
    /// Size of each creator's history (small ≈ 50k events, medium ≈ 1M, large ≈ 10M).
    pub per_creator: Scale,
    pub seed: u64,
    pub format: Format,
    pub out: PathBuf,
}

/// The demo's time zone (the generator writes local times of UTC+08:00).
pub const DEMO_TZ_MINUTES: i32 = 480;

/// Creator `i`'s name in the partitions (`c0001`, …).
pub fn creator_name(i: u32) -> String {
    format!("c{i:04}")
}

/// The core's dataset of creator `i` (1-based), as `livelens analyze --tz +08:00` reads the
/// files of `livelens demo --seed (seed + i)`.
pub fn creator_dataset(seed: u64, scale: Scale, i: u32) -> Result<Loaded> {
    let (files, _truth) = livelens::demo::generate(&DemoParams {
        seed: seed.wrapping_add(u64::from(i)),
        scale,
    })
    .map_err(|e| DataFusionError::Execution(format!("demo: {e}")))?;
    let inputs = [
        InputFile::from_text("events.csv", Some(FileKind::Events), &files.events),
        InputFile::from_text("orders.csv", Some(FileKind::Orders), &files.orders),
        InputFile::from_text("items.csv", Some(FileKind::Items), &files.items),
        InputFile::from_text("users.csv", Some(FileKind::Users), &files.users),
        InputFile::from_text("sessions.csv", Some(FileKind::Sessions), &files.sessions),
    ];
    drop(files);
    Ok(ingest::load(
        &inputs,
        &IngestOptions {
            tz_offset_minutes: DEMO_TZ_MINUTES,
            ..IngestOptions::default()
        },
    ))
}

fn io(p: &Path, e: impl std::fmt::Display) -> DataFusionError {
    DataFusionError::Execution(format!("{}: {e}", p.display()))
}

fn write_batch(path: &Path, batch: &RecordBatch, format: Format) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    }
    let file = File::create(path).map_err(|e| io(path, e))?;
    match format {
        Format::Parquet => {
            let props = WriterProperties::builder()
                .set_compression(Compression::ZSTD(ZstdLevel::default()))
                .build();
            let mut w = ArrowWriter::try_new(file, batch.schema(), Some(props))?;
            w.write(batch)?;
            w.close()?;
        }
        Format::Csv => {
            let mut w = datafusion::arrow::csv::WriterBuilder::new()
                .with_header(true)
                .build(std::io::BufWriter::new(file));
            w.write(batch)?;
        }
    }
    Ok(())
}

/// Writes one creator's dataset under `out` (events per local date, sessions); returns the
/// number of events written.
pub fn write_creator(
    ds: &livelens::model::Dataset,
    creator: &str,
    out: &Path,
    format: Format,
) -> Result<u64> {
    let ext = match format {
        Format::Parquet => "parquet",
        Format::Csv => "csv",
    };
    let n = ds.events.len();
    let mut start = 0;
    while start < n {
        let day = ds.local_day(ds.events.ts[start]);
        let mut end = start + 1;
        while end < n && ds.local_day(ds.events.ts[end]) == day {
            end += 1;
        }
        let rows: Vec<usize> = (start..end).collect();
        let batch = canon::events_batch(ds, &rows)?;
        let date = livelens::features::date_string(day);
        let path = out
            .join("events")
            .join(format!("creator={creator}"))
            .join(format!("date={date}"))
            .join(format!("part-0.{ext}"));
        write_batch(&path, &batch, format)?;
        start = end;
    }
    let path = out
        .join("sessions")
        .join(format!("creator={creator}"))
        .join(format!("sessions.{ext}"));
    write_batch(&path, &canon::sessions_batch(ds)?, format)?;
    Ok(n as u64)
}

/// Writes the whole dataset, one creator at a time; returns the number of events.
pub fn write_huge(p: &HugeParams, progress: &mut dyn FnMut(u32, u64)) -> Result<u64> {
    if p.creators == 0 {
        return Err(DataFusionError::Plan(
            "--creators must be at least 1".into(),
        ));
    }
    let mut total = 0;
    for i in 1..=p.creators {
        let loaded = creator_dataset(p.seed, p.per_creator, i)?;
        let n = write_creator(&loaded.dataset, &creator_name(i), &p.out, p.format)?;
        total += n;
        progress(i, n);
    }
    Ok(total)
}

//! Ingestion: the user's exports → a [`Dataset`] and a [`Validation`] report that accounts for
//! every row (`rows_read = rows_accepted + rows_rejected`, per file and overall).
//!
//! The flow, as [`load`] runs it:
//!
//! 1. **Detect** (`detect`, [`table`]): each file's bytes are opened as a table — encoding
//!    (UTF-8, UTF-16, GB18030, mixed), format (CSV/TSV/delimited, JSON, NDJSON, spreadsheet) —
//!    and its kind of export (events, orders, products, users, sessions) is taken from the user
//!    or recognised from its columns ([`fields`]) or name. Files are then read side tables
//!    first, then events, then orders.
//! 2. **Columns** (`columns`): each column is mapped to a field; a file without a required
//!    column is reported and not read.
//! 3. **Read** (`read`): one reader per kind turns rows into events and side tables; each
//!    cell is checked ([`parse`] for times and amounts) and a bad row is rejected with its
//!    reason, line, column and value (`validation`).
//! 4. **Merge** (`merge`): payments held by both an events and an orders file are kept once;
//!    events without a session are placed by time in the sessions table's windows.
//! 5. **Report** (`validation`): per-file reports and the totals, files in the user's order.
//!
//! All of it runs through one chunked path, [`Ingestor`] (`begin_file` / `push` / `end_file`,
//! rows appendable to a streamed events file later): [`load`] hands it each file whole,
//! [`load_from`] in chunks from readers (the CLI). An events file in delimited text is streamed
//! (steps 1–2 on its first chunk, step 3 as lines arrive); other files are read whole at their
//! end. The one CSV tokenizer is [`table`]'s `tokenize`.
//!
//! The page's per-file choices arrive as [`Settings`]; unknown event names can be mapped
//! afterwards without re-reading ([`remap_events`]).

// Every index into user data is checked here (`get`), never `[i]`.
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

pub mod chunk_wire;
mod columns;
mod detect;
mod event_names;
mod far_dates;
pub mod fields;
mod from_readers;
mod hash;
mod ingestor;
mod input;
pub mod layouts;
mod merge;
mod nothing_accepted;
pub mod numbers;
mod parallel;
pub mod parse;
pub mod platform;
mod read;
mod row_group;
mod row_set;
mod settings;
mod streamed;
mod streamed_rows;
pub mod table;
mod validation;

pub use detect::{detect_kind, detect_kind_by_columns, reading_rank};
pub use event_names::{remap_events, unknown_names};
pub use fields::{Field, FileKind};
pub use from_readers::{load_from, load_from_threads};
pub use hash::{row_hash, ContentHash};
pub use ingestor::{FileId, FileSpec, Ingestor, Progress};
pub use input::{IngestOptions, InputFile};
pub use nothing_accepted::{ensure_rows_accepted, NO_ROWS_ACCEPTED};
pub use read::row_key;
pub use settings::{FileSettings, Settings};
pub use validation::{
    ColumnInfo, FileError, FileReport, NameCount, ReasonGroup, RejectExample, Validation,
};

use crate::model::Dataset;

/// The result of ingestion.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub dataset: Dataset,
    pub validation: Validation,
}

/// Reads all files into one dataset: each file handed whole to an [`Ingestor`], side tables
/// first (sessions, products, users), then events, then orders, so that ids follow that order.
/// Never fails: a file that cannot be used carries an `error` in its [`FileReport`], and its
/// rows are not counted as read.
pub fn load(files: &[InputFile], opts: &IngestOptions) -> Loaded {
    let mut ing = Ingestor::new(opts);
    push_files(&mut ing, files);
    ing.finish()
}

/// Hands whole files to an ingestor as [`load`] does (announced in the order given, read side
/// tables first, then events, then orders) and ends them; their ids in the order given. Live
/// mode reads its history this way, then follows a file on the same ingestor.
pub fn push_files(ing: &mut Ingestor, files: &[InputFile]) -> Vec<FileId> {
    let ids: Vec<FileId> = files
        .iter()
        .map(|f| ing.begin_file(FileSpec::of(f)))
        .collect();
    let mut order: Vec<(u8, usize)> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (detect::reading_rank(f), i))
        .collect();
    order.sort_unstable();
    for (_, i) in order {
        let (Some(&id), Some(f)) = (ids.get(i), files.get(i)) else {
            continue;
        };
        // A file handed whole ends with its push (its size is known); ids are valid here.
        let _ = ing.push(id, &f.bytes);
        let _ = ing.end_file(id);
    }
    ids
}

/// Reads one file opened whole (its table, kind and layout known) into `ds`: its report.
/// `true` with it when its rows were read as events.
fn read_opened(
    file: &InputFile,
    opened: detect::Opened,
    opts: &IngestOptions,
    ds: &mut Dataset,
    across: &mut read::ReadAcrossFiles,
) -> (FileReport, bool) {
    let opened = match opened {
        Ok(o) => o,
        Err(report) => return (*report, false),
    };
    // A platform's export: read by its layout (roles, unit and line shape known).
    if let Some((layout, score)) = opened.layout {
        let mut report = FileReport {
            name: file.name.clone(),
            kind: Some(opened.kind),
            kind_detected: opened.detected,
            bytes: table::file_size(&file.bytes),
            ..FileReport::default()
        };
        columns::fill_info(&mut report, &opened.table.info);
        let r = layouts::read_layout(
            &opened.table,
            layout,
            score,
            report,
            opts,
            ds,
            &mut across.paid_orders,
        );
        return (r, false);
    }
    // Columns: each mapped to a field, the required ones present.
    let (mapping, report) =
        match columns::check_columns(file, &opened.table, opened.kind, opened.detected) {
            Ok(x) => x,
            Err(report) => return (*report, false),
        };
    // Read the rows, by kind. An events or orders file's events get their room at once (an
    // orders file read after a streamed events file would otherwise double every column).
    // An orders row may add a refund beside its payment: a quarter more.
    let rows = opened.table.approx_rows();
    match opened.kind {
        FileKind::Events => read::reserve_events(&mut ds.events, rows),
        FileKind::Orders => read::reserve_events(&mut ds.events, rows + rows / 4),
        _ => {}
    }
    let start = ds.events.len();
    let mut report = read::read_file(
        &opened.table,
        opened.kind,
        &mapping,
        report,
        opts,
        ds,
        across,
    );
    if let Some(w) = ds
        .events
        .ts
        .get(start..)
        .and_then(far_dates::far_dates_warning)
    {
        report.warnings.push(w);
    }
    (report, opened.kind == FileKind::Events)
}

/// The steps across files, once they are read: who appears first, payments merged with
/// orders, events in time order, sessions by time, unknown names; and the validation report.
/// `event_ranges` are (report, events) of each events file.
fn assemble(
    mut ds: Dataset,
    mut reports: Vec<FileReport>,
    event_ranges: &[(usize, std::ops::Range<usize>)],
    paid_orders: &rustc_hash::FxHashSet<(u32, u32)>,
    tz_offset_minutes: i32,
) -> Loaded {
    // Who appears first in the input, before events are put in time order.
    ds.user_appearance = vec![crate::model::NONE; ds.users.len()];
    for (i, &u) in ds.events.user.iter().enumerate() {
        if let Some(slot) = ds.user_appearance.get_mut(u as usize) {
            if *slot == crate::model::NONE {
                *slot = i as u32;
            }
        }
    }
    if !paid_orders.is_empty() {
        merge::merge_with_orders(&mut ds, event_ranges, paid_orders, &mut reports);
    }
    ds.finish();
    read::shrink_events(&mut ds.events);
    merge::assign_sessions_by_time(&mut ds);
    // Names that stayed unknown, shown with the (first) events file so the user can map them.
    if let Some((ri, _)) = event_ranges.first() {
        if let Some(rep) = reports.get_mut(*ri) {
            rep.unknown_events = unknown_names(&ds);
        }
    }
    Loaded {
        dataset: ds,
        validation: validation::summarize(reports, tz_offset_minutes),
    }
}

//! Files read from readers (the CLI's open files) in chunks: the raw bytes of a streamed file
//! are never all in memory, only the first chunk of each file at once (for the reading order).

use std::io::Read;

use super::ingestor::{FileSpec, Ingestor};
use super::input::{IngestOptions, InputFile};
use super::Loaded;

/// Bytes handed to the ingestor at a time.
const CHUNK: usize = 1 << 20;
/// Bytes handed at a time when several threads parse: each text's ranges are shared out
/// anew (threads started, the first range parsed before the merge can begin, the last merged
/// alone), so fewer, larger texts keep both cores busy longer.
const CHUNK_THREADS: usize = 2 << 20;
/// Bytes of each file looked at first, to put the files in reading order (as [`super::load`]).
const PEEK: usize = 4 << 20;

/// Reads every file from its reader in chunks into one dataset, side tables first (sessions,
/// products, users), then events, then orders: the same result as [`super::load`] of the
/// files' bytes. Fails only when a reader fails (the error names the file).
pub fn load_from<R: Read>(
    files: Vec<(FileSpec, R)>,
    opts: &IngestOptions,
) -> std::io::Result<Loaded> {
    load_from_threads(files, opts, 1)
}

/// [`load_from`] with a streamed events file's text parsed on up to `threads` threads
/// ([`Ingestor::with_threads`]): the same result.
pub fn load_from_threads<R: Read>(
    files: Vec<(FileSpec, R)>,
    opts: &IngestOptions,
    threads: usize,
) -> std::io::Result<Loaded> {
    let mut ing = Ingestor::new(opts).with_threads(threads);
    // The first bytes of each file (all of a file read whole anyway: JSON, spreadsheets, UTF-16).
    let mut peeked = Vec::with_capacity(files.len());
    for (spec, mut r) in files {
        let mut head = Vec::new();
        (&mut r)
            .take(PEEK as u64)
            .read_to_end(&mut head)
            .map_err(|e| named(&spec, e))?;
        let whole_anyway = head.starts_with(super::table::ZIP_MAGIC)
            || head.starts_with(super::table::OLE_MAGIC)
            || head.starts_with(super::table::SHEET_ROWS_MAGIC)
            || head
                .iter()
                .find(|c| !c.is_ascii_whitespace())
                .is_some_and(|c| matches!(c, b'[' | b'{'))
            || head
                .get(..2)
                .is_some_and(|p| p == [0xFF, 0xFE] || p == [0xFE, 0xFF]);
        if whole_anyway {
            r.read_to_end(&mut head).map_err(|e| named(&spec, e))?;
        }
        let probe = InputFile {
            name: spec.name.clone(),
            bytes: head,
            kind: spec.kind,
            sheet: spec.sheet.clone(),
            mapping: spec.mapping.clone(),
        };
        let rank = super::detect::reading_rank(&probe);
        let id = ing.begin_file(spec);
        peeked.push((rank, id, probe.bytes, r));
    }
    let mut order: Vec<usize> = (0..peeked.len()).collect();
    crate::sort::by_key(&mut order, |&i| peeked.get(i).map(|p| (p.0, p.1 .0)));
    let mut buf = vec![0u8; if threads > 1 { CHUNK_THREADS } else { CHUNK }];
    for i in order {
        let Some((_, id, head, r)) = peeked.get_mut(i) else {
            continue;
        };
        let id = *id;
        let head = std::mem::take(head);
        ing.push(id, &head).map_err(other)?;
        drop(head);
        loop {
            let n = r.read(&mut buf)?;
            if n == 0 {
                break;
            }
            ing.push(id, buf.get(..n).unwrap_or_default())
                .map_err(other)?;
        }
        ing.end_file(id).map_err(other)?;
    }
    Ok(ing.finish())
}

fn named(spec: &FileSpec, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", spec.name))
}

fn other(e: crate::Error) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

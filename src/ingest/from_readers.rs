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
/// Bytes of each file looked at first, to put the files in reading order (as [`super::load`]):
/// one more than [`super::detect::reading_rank`] reads whole, so that a longer file is told
/// from its first lines, as in the page, not opened 4 MiB deep.
const PEEK: usize = super::ingestor::WHOLE_HEAD + 1;

/// Reads every file from its reader in chunks into one dataset, side tables first (sessions,
/// products, users), then events, then orders: the same result as [`super::load`] of the
/// files' bytes. Fails only when a reader fails (the error names the file).
pub fn load_from<R: Read + Send>(
    files: Vec<(FileSpec, R)>,
    opts: &IngestOptions,
) -> std::io::Result<Loaded> {
    load_from_threads(files, opts, 1)
}

/// [`load_from`] with a streamed events file's text parsed on up to `threads` threads
/// ([`Ingestor::with_threads`]): the same result.
pub fn load_from_threads<R: Read + Send>(
    files: Vec<(FileSpec, R)>,
    opts: &IngestOptions,
    threads: usize,
) -> std::io::Result<Loaded> {
    let mut ing = Ingestor::new(opts).with_threads(threads);
    // The first bytes of each file (all of a file read whole anyway: JSON, spreadsheets, UTF-16).
    let mut peeked = Vec::with_capacity(files.len());
    let several = files.len() > 1;
    let chunk = if threads > 1 { CHUNK_THREADS } else { CHUNK };
    for (spec, mut r) in files {
        // One file longer than the ingestor reads whole is read first whatever its rank: its
        // first piece is an ordinary one (the first text is read and begun before the parse
        // threads have work, so a shorter one starts them sooner).
        let long = spec.size.is_some_and(|n| n >= PEEK as u64);
        let peek = if several || !long { PEEK } else { chunk };
        let mut head = Vec::new();
        (&mut r)
            .take(peek as u64)
            .read_to_end(&mut head)
            .map_err(|e| named(&spec.name, e))?;
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
            r.read_to_end(&mut head).map_err(|e| named(&spec.name, e))?;
        }
        let probe = InputFile {
            name: spec.name.clone(),
            bytes: head,
            kind: spec.kind,
            sheet: spec.sheet.clone(),
            mapping: spec.mapping.clone(),
        };
        let rank = if several {
            super::detect::reading_rank(&probe)
        } else {
            0
        };
        let name = spec.name.clone();
        let id = ing.begin_file(spec);
        peeked.push((rank, id, probe.bytes, r, name));
    }
    let mut order: Vec<usize> = (0..peeked.len()).collect();
    crate::sort::by_key(&mut order, |&i| peeked.get(i).map(|p| (p.0, p.1 .0)));
    let mut buf = vec![0u8; chunk];
    for i in order {
        let Some((_, id, head, r, name)) = peeked.get_mut(i) else {
            continue;
        };
        let id = *id;
        let mut r = Named(r, name);
        let r = &mut r;
        let head = std::mem::take(head);
        ing.push(id, &head).map_err(other)?;
        drop(head);
        let mut push = |bytes: &[u8]| ing.push(id, bytes).map_err(other);
        if !read_ahead(threads, r, &mut buf, &mut push)? {
            read_here(r, &mut buf, &mut push)?;
        }
        ing.end_file(id).map_err(other)?;
    }
    Ok(ing.finish())
}

/// Hands `r`'s bytes to `push` a buffer at a time.
fn read_here<R: Read>(
    r: &mut R,
    buf: &mut [u8],
    push: &mut impl FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    loop {
        let n = r.read(buf)?;
        if n == 0 {
            return Ok(());
        }
        push(buf.get(..n).unwrap_or_default())?;
    }
}

/// [`read_here`] while another thread reads the next buffer: the reading (a copy out of the
/// page cache, ~5 % of the CPU of `--sections kpis`) overlaps the parsing of the bytes before
/// it instead of keeping the parsing threads waiting between texts. Two buffers the size of
/// `buf` go back and forth. `Ok(false)` when the parsing is on one thread or no thread could
/// be started (nothing read).
#[cfg(not(target_arch = "wasm32"))]
fn read_ahead<R: Read + Send>(
    threads: usize,
    r: &mut R,
    buf: &mut Vec<u8>,
    push: &mut impl FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<bool> {
    use std::sync::mpsc;
    type Filled = std::io::Result<(Vec<u8>, usize)>;
    if threads < 2 {
        return Ok(false);
    }
    let size = buf.len();
    std::thread::scope(|s| {
        // Made here, so that they are dropped when this closure returns, early on an error
        // too, before the scope waits for the reader: the reader then stops at its next send
        // or receive instead of waiting for ever.
        let (full_tx, full_rx) = mpsc::sync_channel::<Filled>(1);
        let (empty_tx, empty_rx) = mpsc::sync_channel::<Vec<u8>>(2);
        let reader = std::thread::Builder::new().spawn_scoped(s, move || {
            while let Ok(mut b) = empty_rx.recv() {
                let got = r.read(&mut b);
                let end = matches!(got, Ok(0) | Err(_));
                if full_tx.send(got.map(|n| (b, n))).is_err() || end {
                    break;
                }
            }
        });
        if reader.is_err() {
            return Ok(false);
        }
        let _ = empty_tx.send(std::mem::take(buf));
        let _ = empty_tx.send(vec![0u8; size]);
        // Ends when the reader has handed its last buffer (the end, or an error) or is gone.
        while let Ok(got) = full_rx.recv() {
            let (b, n) = got?;
            if n == 0 {
                *buf = b;
                break;
            }
            push(b.get(..n).unwrap_or_default())?;
            // A reader that has stopped (its last buffer, an error, sent) takes no more; what
            // it sent is still received.
            let _ = empty_tx.send(b);
        }
        Ok(true)
    })
}

/// No thread to read on in the browser (where the page reads `Blob` slices, not readers).
#[cfg(target_arch = "wasm32")]
fn read_ahead<R: Read>(
    _threads: usize,
    _r: &mut R,
    _buf: &mut Vec<u8>,
    _push: &mut impl FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<bool> {
    Ok(false)
}

/// `e` with the name of the file it happened to.
fn named(name: &str, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{name}: {e}"))
}

/// A file's reader whose errors name the file.
struct Named<'a, R>(&'a mut R, &'a str);

impl<R: Read> Read for Named<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf).map_err(|e| named(self.1, e))
    }
}

fn other(e: crate::Error) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

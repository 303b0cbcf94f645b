//! A streamed events file whose ranges were parsed elsewhere (the page's parse workers:
//! [`super::super::chunk_wire`]): the layout a range is parsed with, and the merge of a range's
//! chunk in order — or, whenever merging it could differ from reading the range here (the
//! file's state is not a record's start in UTF-8 text, the money columns' separators could
//! change, the layout changed, the range's records do not end at its end), the range read here
//! with [`StreamedEvents::push`]. So the result is the one-thread result by construction.

use super::super::chunk_wire;
use super::super::parallel::{self, Chunk};
use super::super::streamed_rows::{lines_with_separators, too_many_fields, Rows};
use super::super::table;
use super::{Ctx, Decoder, Refused, StreamedEvents};
use crate::ingest::input::IngestOptions;

impl StreamedEvents {
    /// Whether the next bytes start a record of UTF-8 text read past the header and the
    /// sampled first rows (a range parsed elsewhere can be merged).
    fn at_plain_record(&self) -> bool {
        self.decoder == Decoder::Utf8
            && !self.bom
            && self.raw.is_empty()
            && self.text.is_empty()
            && self.header_seen
            && self.rows_seen >= 3
            && !self.ended_once
    }

    /// The layout ranges of this file are parsed with, as the merge would check it now.
    fn layout<T>(&self, opts: &IngestOptions, f: impl FnOnce(&parallel::Layout) -> T) -> T {
        let empty = self.evidence.emptied();
        f(&parallel::Layout {
            delimiter: self.delimiter,
            headers: self.headers,
            columns: &self.columns,
            opts,
            evidence: (!self.evidence.is_empty()).then_some(&empty),
            // Parsed elsewhere (the page's workers): chunk-local ids only.
            known_users: None,
        })
    }

    /// The wire form of the layout ranges are parsed with, or `None` when no range parsed
    /// elsewhere could be merged now.
    pub(in crate::ingest) fn parse_layout(&self, opts: &IngestOptions) -> Option<Vec<u8>> {
        self.at_plain_record()
            .then(|| self.layout(opts, chunk_wire::encode_layout))
    }

    /// Reads `bytes` (after what was read before; `last`: the end of the file) from `chunk`,
    /// the wire form of their parsed chunk, when that gives what reading them here gives;
    /// else reads them here. Returns whether the chunk was merged.
    pub(in crate::ingest) fn push_parsed(
        &mut self,
        bytes: &[u8],
        chunk: &[u8],
        last: bool,
        cx: &mut Ctx,
    ) -> Result<bool, Refused> {
        match self.mergeable(bytes, chunk, cx.opts) {
            Some((s, c)) => self.merge(s, &c, last, cx).map(|()| true),
            None => self.push(bytes, last, cx).map(|()| false),
        }
    }

    /// The text of `bytes` and their chunk, when merging it is reading them.
    fn mergeable<'b>(
        &mut self,
        bytes: &'b [u8],
        chunk: &[u8],
        opts: &IngestOptions,
    ) -> Option<(&'b str, Chunk)> {
        if !self.at_plain_record() {
            return None;
        }
        let s = table::utf8(bytes).ok()?;
        let (c, stamp) = chunk_wire::decode_chunk(chunk).ok()?;
        // Its records end at its end (its start is a record's: the state above).
        if c.range.len() != s.len() || !c.complete() {
            return None;
        }
        // The money columns' separators cannot change with these values (as `read_text`
        // decides), and the styles the range was parsed with are those decided so far.
        if !self.evidence.is_empty() {
            if !self
                .evidence
                .settled_for(lines_with_separators(bytes, self.delimiter))
            {
                return None;
            }
            self.columns.apply_styles(&self.evidence, &self.format);
        }
        (stamp == self.layout(opts, chunk_wire::layout_stamp)).then_some((s, c))
    }

    /// Merges `c`, the chunk of text `s`, as `read_parallel` merges a chunk.
    fn merge(&mut self, s: &str, c: &Chunk, last: bool, cx: &mut Ctx) -> Result<(), Refused> {
        if let Some(e) = too_many_fields(s, self.delimiter, self.lines.peek(b"", 0)) {
            return Err(e);
        }
        if self.high < 0xE0 {
            self.high = self.high.max(s.bytes().max().unwrap_or(0));
        }
        if last && !s.is_empty() {
            self.open_last_line = !s.ends_with('\n');
        }
        let mut rows = Rows {
            reader: &mut self.reader,
            tally: &mut self.tally,
            columns: &self.columns,
            lines: &mut self.lines,
            rows_seen: &mut self.rows_seen,
            sampled: self.sampled,
            headers: self.headers,
            delimiter: self.delimiter,
        };
        rows.read_chunk(c, s, cx);
        self.chunks_merged += 1;
        if let Some(e) = &c.evidence {
            self.evidence.merge(e);
        }
        self.lines.rebase(s.as_bytes(), c.consumed);
        if last {
            self.ended_once = true;
        }
        Ok(())
    }
}

//! A streamed events file's ranges parsed elsewhere (the page's parse workers, each its own
//! wasm instance) and merged here in order: [`Ingestor::parse_layout`] tells how to parse the
//! next range ([`crate::ingest::chunk_wire::decode_layout`], then
//! [`crate::ingest::chunk_wire::parse_to_wire`] in the worker), [`Ingestor::push_parsed`]
//! hands in the range's bytes with their chunk. The result is that of [`Ingestor::push`] with
//! the same bytes (a chunk that could differ is not used: the bytes are read here).

use super::{Ingestor, State};
use crate::ingest::FileId;

impl Ingestor {
    /// The wire form of the layout the next range of streamed events file `id` is parsed with,
    /// or `None` when a range parsed elsewhere could not be merged now (not a streamed events
    /// file, not UTF-8 so far, the header or the first rows not read yet, a record left
    /// incomplete by the bytes so far, the file ended).
    pub fn parse_layout(&self, id: FileId) -> Option<Vec<u8>> {
        let slot = self.slots.get(id.0 as usize)?;
        match &slot.state {
            State::Stream(st, _) if !slot.ended => st.parse_layout(&self.opts),
            _ => None,
        }
    }

    /// [`Ingestor::push`] of `bytes` with `chunk`, the wire form of their chunk as a parse
    /// worker made it (`parse_to_wire` of the bytes with [`Ingestor::parse_layout`]'s
    /// layout): merged when that reads them as [`Ingestor::push`] would, else read here.
    /// Returns whether the chunk was merged.
    pub fn push_parsed(&mut self, id: FileId, bytes: &[u8], chunk: &[u8]) -> crate::Result<bool> {
        let i = id.0 as usize;
        let slot = self.slot(id)?;
        if slot.ended || !matches!(slot.state, State::Stream(..)) {
            self.push(id, bytes)?;
            return Ok(false);
        }
        slot.hash.update(bytes);
        slot.received += bytes.len() as u64;
        let complete = slot.spec.size == Some(slot.received);
        let mut merged = false;
        self.feed_with(i, |st, cx| {
            merged = st.push_parsed(bytes, chunk, false, cx)?;
            Ok(())
        });
        if complete {
            self.end_file(id)?;
        }
        Ok(merged)
    }
}

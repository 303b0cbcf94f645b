//! A chunk's own ids of one kind ([`super::local::LocalIds`]): names numbered in order of first
//! appearance, like [`crate::model::Interner`], but refilled for every chunk a thread parses, so
//! nothing is allocated per name: the names sit end to end in one text, looked up by a 64-bit
//! hash ([`Hasher64`]: the same on every target), and clearing keeps every buffer's room. (The
//! dataset's interner allocated a string per name and chunk, and its maps were rebuilt per
//! chunk: about a third of a worker's interning and allocation work.)

use rustc_hash::FxHashMap;

use crate::ingest::hash::Hasher64;
use crate::model::ShortNames;

#[derive(Default)]
pub(in crate::ingest) struct LocalNames {
    /// The names end to end.
    text: String,
    /// Each name's end in `text` (its start is the previous end).
    ends: Vec<u32>,
    /// Names of up to 15 bytes by their bytes, as the dataset's interner keys them
    /// ([`ShortNames`]: exact, nothing to compare).
    short: ShortNames,
    /// Names of 16 bytes or more: the first name of each hash.
    by_hash: FxHashMap<u64, u32>,
    /// Names whose hash an earlier, different name has (never seen in practice; kept right).
    collided: FxHashMap<String, u32>,
}

impl LocalNames {
    /// Forgets every name, keeping the room.
    pub(in crate::ingest) fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.short.clear();
        self.by_hash.clear();
        self.collided.clear();
    }

    pub(in crate::ingest) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Name `id` (`""` for an unknown id).
    pub(in crate::ingest) fn name(&self, id: u32) -> &str {
        let i = id as usize;
        let from = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0) as usize,
            None => 0,
        };
        let to = self.ends.get(i).copied().unwrap_or(0) as usize;
        self.text.get(from..to).unwrap_or("")
    }

    /// The id of `s`, numbered next when it is new; `None` when the names would pass 4 GiB.
    pub(in crate::ingest) fn intern(&mut self, s: &str) -> Option<u32> {
        let id = self.ends.len() as u32;
        match self.short.id_or_insert(s, id) {
            Some(got) if got != id => return Some(got),
            Some(_) => return self.push(s, id),
            None => {}
        }
        let mut h = Hasher64::default();
        h.write_str(s.as_bytes());
        let key = h.finish();
        match self.by_hash.get(&key) {
            Some(&j) if self.name(j) == s => return Some(j),
            Some(_) => {
                if let Some(&j) = self.collided.get(s) {
                    return Some(j);
                }
                self.collided.insert(s.to_owned(), id);
            }
            None => {
                self.by_hash.insert(key, id);
            }
        }
        self.push(s, id)
    }

    /// The names end to end and each one's end (the wire form of a chunk: `chunk_wire`).
    pub(in crate::ingest) fn parts(&self) -> (&str, &[u32]) {
        (&self.text, &self.ends)
    }

    /// Names from their [`LocalNames::parts`], when each end is a character boundary in order
    /// (looked up by id only: the maps for [`LocalNames::intern`] stay empty).
    pub(in crate::ingest) fn from_parts(text: String, ends: Vec<u32>) -> Option<LocalNames> {
        let mut from = 0;
        for &e in &ends {
            text.get(from..e as usize)?;
            from = e as usize;
        }
        Some(LocalNames {
            text,
            ends,
            ..LocalNames::default()
        })
    }

    /// Appends `s` as name `id` (the next one).
    #[inline]
    fn push(&mut self, s: &str, id: u32) -> Option<u32> {
        let end = u32::try_from(self.text.len() + s.len()).ok()?;
        self.text.push_str(s);
        self.ends.push(end);
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_numbered_in_order_and_kept_across_a_clear_only_as_room() {
        let mut n = LocalNames::default();
        assert_eq!(n.intern("u1"), Some(0));
        assert_eq!(
            n.intern("a much longer user id than sixteen bytes"),
            Some(1)
        );
        assert_eq!(n.intern("u1"), Some(0));
        assert_eq!(n.intern(""), Some(2));
        // 8 to 15 bytes: by their bytes too.
        assert_eq!(n.intern("product_click"), Some(3));
        assert_eq!(n.intern("product_view"), Some(4));
        assert_eq!(n.intern("product_click"), Some(3));
        assert_eq!(n.name(3), "product_click");
        assert_eq!(n.name(1), "a much longer user id than sixteen bytes");
        assert_eq!(n.name(2), "");
        assert_eq!(n.name(7), "");
        assert_eq!(n.len(), 5);
        n.clear();
        assert_eq!(n.len(), 0);
        assert_eq!(n.intern("x"), Some(0));
        assert_eq!(n.name(0), "x");
    }

    #[test]
    fn names_sharing_a_hash_keep_their_own_ids() {
        let mut n = LocalNames::default();
        n.intern("the first long name");
        // Force a collision: "the third long name" finds the slot of the first.
        let mut h = Hasher64::default();
        h.write_str(b"the third long name");
        n.by_hash.insert(h.finish(), 0);
        assert_eq!(n.intern("the third long name"), Some(1));
        assert_eq!(n.intern("the third long name"), Some(1));
        assert_eq!(n.name(1), "the third long name");
        assert_eq!(n.intern("the first long name"), Some(0));
        assert_eq!(n.intern("short"), Some(2));
    }
}

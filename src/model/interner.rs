//! The string interner of the dataset's ids and names.

use rustc_hash::FxHashMap;

use crate::words::{short_key, tiny_key};

/// A string interner: each distinct string gets a dense `u32` id, in order of first appearance.
///
/// Strings of up to 15 bytes (ids, event names: nearly all) are looked up by their bytes packed
/// in a number ([`ShortNames`]) — no string to follow and compare at every lookup, millions of
/// them while a file is read —, longer ones by the string.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    names: Vec<String>,
    map: FxHashMap<String, u32>,
    short: ShortNames,
}

/// Names of up to 15 bytes and their ids, keyed by the names' bytes and length packed in one
/// number ([`crate::words`]): exact, nothing to compare. Up to 7 bytes (`u000516`, `s01`) in a
/// `u64`: half the table of a `u128` key, so more of it stays in the cache while a file is read.
/// The keys of the dataset's [`Interner`] and of a parse thread's chunk-local names; a copy of
/// the interner's ([`Interner::known`]) is what the threads parsing a file look users up in
/// while the merge adds names to the interner itself (an id, once given, never changes).
#[derive(Debug, Default)]
pub struct ShortNames {
    short: FxHashMap<u128, u32>,
    tiny: FxHashMap<u64, u32>,
}

impl Clone for ShortNames {
    fn clone(&self) -> Self {
        Self {
            short: self.short.clone(),
            tiny: self.tiny.clone(),
        }
    }

    /// Refills the two tables in their own memory where it has room (a copy taken for every
    /// text of a file would otherwise take fresh pages each time).
    fn clone_from(&mut self, source: &Self) {
        self.short.clone_from(&source.short);
        self.tiny.clone_from(&source.tiny);
    }
}

impl ShortNames {
    /// The id of `s`, when it has one (`None` too for a name of 16 bytes or more).
    #[inline]
    pub fn get(&self, s: &str) -> Option<u32> {
        match tiny_key(s) {
            Some(k) => self.tiny.get(&k).copied(),
            None => self.short.get(&short_key(s)?).copied(),
        }
    }

    /// The id of `s`: its own when it has one, else `id`, given to it now; `None` for a name
    /// of 16 bytes or more (never held here).
    #[inline]
    pub(crate) fn id_or_insert(&mut self, s: &str, id: u32) -> Option<u32> {
        match tiny_key(s) {
            Some(k) => Some(*self.tiny.entry(k).or_insert(id)),
            None => Some(*self.short.entry(short_key(s)?).or_insert(id)),
        }
    }

    /// Forgets `s`; `false` for a name of 16 bytes or more (never held here).
    fn remove(&mut self, s: &str) -> bool {
        if let Some(k) = tiny_key(s) {
            self.tiny.remove(&k);
            return true;
        }
        match short_key(s) {
            Some(k) => {
                self.short.remove(&k);
                true
            }
            None => false,
        }
    }

    /// Forgets every name, keeping the room.
    pub(crate) fn clear(&mut self) {
        self.short.clear();
        self.tiny.clear();
    }

    /// Names held.
    pub fn len(&self) -> usize {
        self.tiny.len() + self.short.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Interner {
    /// A copy of its names of up to 15 bytes and their ids as they stand (a copy of two
    /// tables' memory, no string).
    pub fn known(&self) -> ShortNames {
        self.short.clone()
    }

    /// [`Interner::known`] into `out`, reusing its memory where it has room.
    pub fn known_into(&self, out: &mut ShortNames) {
        out.clone_from(&self.short);
    }

    pub fn new() -> Self {
        Self::default()
    }

    /// The id of `s`, adding it if new.
    pub fn intern(&mut self, s: &str) -> u32 {
        let id = self.names.len() as u32;
        match self.short.id_or_insert(s, id) {
            Some(got) if got != id => return got,
            Some(_) => {}
            None => {
                if let Some(&id) = self.map.get(s) {
                    return id;
                }
                self.map.insert(s.to_owned(), id);
            }
        }
        self.names.push(s.to_owned());
        id
    }

    pub fn get(&self, s: &str) -> Option<u32> {
        match short_key(s) {
            Some(_) => self.short.get(s),
            None => self.map.get(s).copied(),
        }
    }

    /// The string of an id; `""` for [`NONE`] or an unknown id.
    pub fn name(&self, id: u32) -> &str {
        self.names
            .get(id as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Forgets the names added after the first `n` (ingestion undoing a file it refused
    /// half-way).
    pub fn truncate(&mut self, n: usize) {
        for s in self.names.drain(n.min(self.names.len())..) {
            if !self.short.remove(&s) {
                self.map.remove(&s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_every_length_keep_their_ids_through_a_copy_and_a_truncate() {
        let long = "an open id of more than fifteen bytes";
        let mut i = Interner::new();
        let names = ["u1", "product_click", long, "用户甲", ""];
        let ids: Vec<u32> = names.iter().map(|s| i.intern(s)).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4]);
        assert_eq!(i.intern("product_click"), 1);
        assert_eq!(i.intern(long), 2);
        let mut known = i.known();
        assert_eq!(known.len(), 4);
        assert_eq!((known.get("用户甲"), known.get(long)), (Some(3), None));
        i.truncate(2);
        assert_eq!((i.get("u1"), i.get("product_click")), (Some(0), Some(1)));
        assert_eq!(
            (i.get(long), i.get("用户甲"), i.get("")),
            (None, None, None)
        );
        assert_eq!(i.intern("用户甲"), 2);
        // The copy is as it was when taken.
        assert_eq!(known.get("用户甲"), Some(3));
        // A copy refilled in place is the interner's as it stands now.
        i.known_into(&mut known);
        assert_eq!(known.len(), 3);
        assert_eq!(
            (known.get("product_click"), known.get("用户甲")),
            (Some(1), Some(2))
        );
        assert_eq!(known.get(long), None);
    }
}

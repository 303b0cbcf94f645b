//! The string interner of the dataset's ids and names.

use rustc_hash::FxHashMap;

use crate::words::{short_key, tiny_key};

/// A string interner: each distinct string gets a dense `u32` id, in order of first appearance.
///
/// Strings of up to 15 bytes (ids, event names: nearly all) are looked up by their bytes packed
/// in a number — no string to follow and compare at every lookup, millions of them while a
/// file is read —, longer ones by the string. Up to 7 bytes (`u000516`, `s01`) in a `u64`:
/// half the table of a `u128` key, so more of it stays in the cache while a file is read.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    names: Vec<String>,
    map: FxHashMap<String, u32>,
    short: FxHashMap<u128, u32>,
    tiny: FxHashMap<u64, u32>,
}

/// The ids of an [`Interner`]'s names of up to 15 bytes as they stood when it was taken
/// ([`Interner::known`]): a copy of its two number-keyed maps (a copy of their memory, no
/// string), looked up without the interner. The threads parsing a file read it while the
/// merge adds names to the interner itself; an id, once given, never changes.
#[derive(Debug, Clone, Default)]
pub struct KnownNames {
    short: FxHashMap<u128, u32>,
    tiny: FxHashMap<u64, u32>,
}

impl KnownNames {
    /// The id `s` had, when it had one of up to 15 bytes.
    #[inline]
    pub fn get(&self, s: &str) -> Option<u32> {
        match tiny_key(s) {
            Some(k) => self.tiny.get(&k).copied(),
            None => self.short.get(&short_key(s)?).copied(),
        }
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
    /// Its names of up to 15 bytes and their ids as they stand ([`KnownNames`]).
    pub fn known(&self) -> KnownNames {
        KnownNames {
            short: self.short.clone(),
            tiny: self.tiny.clone(),
        }
    }

    pub fn new() -> Self {
        Self::default()
    }

    /// The id of `s`, adding it if new.
    pub fn intern(&mut self, s: &str) -> u32 {
        let id = self.names.len() as u32;
        if let Some(k) = tiny_key(s) {
            let slot = self.tiny.entry(k).or_insert(id);
            if *slot != id {
                return *slot;
            }
            self.names.push(s.to_owned());
            return id;
        }
        match short_key(s) {
            Some(k) => {
                let slot = self.short.entry(k).or_insert(id);
                if *slot != id {
                    return *slot;
                }
            }
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
        if let Some(k) = tiny_key(s) {
            return self.tiny.get(&k).copied();
        }
        match short_key(s) {
            Some(k) => self.short.get(&k).copied(),
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
            if let Some(k) = tiny_key(&s) {
                self.tiny.remove(&k);
                continue;
            }
            match short_key(&s) {
                Some(k) => self.short.remove(&k),
                None => self.map.remove(&s),
            };
        }
    }
}

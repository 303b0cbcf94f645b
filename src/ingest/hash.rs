//! A fast 64-bit hash that is the same on every target (native and wasm32): the key of exact
//! duplicate rows and the fingerprint of a file's content. A 32-bit `usize` hash in wasm once
//! silently merged distinct rows; this one computes in `u64`/`u128` everywhere.
//!
//! It is a multiply-and-fold hash in the style of wyhash (the 128-bit product of the state and
//! each 8-byte word, folded), with fixed seeds: not for adversaries (a row key is never a
//! security boundary), but well mixed, so distinct rows share a key with odds of about n²/2⁶⁵.

use std::hash::Hasher as _;

use crate::words::le_word;

const P0: u64 = 0xa076_1d64_78bd_642f;
const P1: u64 = 0xe703_7ed1_a0b4_28db;
const P2: u64 = 0x8ebc_6af0_9c88_c6e3;

/// The 128-bit product of `a` and `b` folded: its low half XOR its high half.
#[inline(always)]
fn mum(a: u64, b: u64) -> u64 {
    let (lo, hi) = mul_wide(a, b);
    lo ^ hi
}

/// The 128-bit product of `a` and `b` as `(low, high)` halves: one multiplication natively.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn mul_wide(a: u64, b: u64) -> (u64, u64) {
    let r = (a as u128).wrapping_mul(b as u128);
    (r as u64, (r >> 64) as u64)
}

/// The 128-bit product of `a` and `b` as `(low, high)` halves, from four 32×32-bit products:
/// on wasm32 a `u128` product is a call of `__multi3` (a full 128×128-bit product), which was
/// 8.6 % of the wasm parse (docs/benchmarks.md, "Parsing in wasm"). The same halves as the
/// `u128` product (tested against it).
#[cfg(not(target_pointer_width = "64"))]
#[inline(always)]
fn mul_wide(a: u64, b: u64) -> (u64, u64) {
    mul_wide_limbs(a, b)
}

#[cfg_attr(target_pointer_width = "64", allow(dead_code))]
#[inline(always)]
fn mul_wide_limbs(a: u64, b: u64) -> (u64, u64) {
    const LO: u64 = 0xffff_ffff;
    let (a0, a1, b0, b1) = (a & LO, a >> 32, b & LO, b >> 32);
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    // At most 3 × (2³² − 1): no overflow.
    let mid = (p00 >> 32) + (p01 & LO) + (p10 & LO);
    (
        a.wrapping_mul(b),
        p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32),
    )
}

/// A hash state fed with byte strings.
#[derive(Clone, Copy)]
pub struct Hasher64 {
    h: u64,
}

impl Default for Hasher64 {
    fn default() -> Self {
        Hasher64 { h: P0 }
    }
}

impl Hasher64 {
    /// Feeds `bytes` and its length (so that `["ab","c"]` and `["a","bc"]` differ).
    #[inline]
    pub fn write_str(&mut self, bytes: &[u8]) {
        let mut h = self.h ^ mum(bytes.len() as u64 ^ P1, P2);
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            h = mum(h ^ le_word(c) ^ P1, P2 ^ 0x9e37_79b9_7f4a_7c15);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            h = mum(h ^ le_word(rest) ^ P2, P1);
        }
        self.h = h;
    }
    pub fn finish(&self) -> u64 {
        mum(self.h ^ P0, P1 ^ P2)
    }
}

/// The key of a row (its fields in order).
pub fn row_hash(row: &[&str]) -> u64 {
    let mut h = Hasher64::default();
    for f in row {
        h.write_str(f.as_bytes());
    }
    h.write_str(&(row.len() as u64).to_le_bytes());
    h.finish()
}

/// The key of a streamed row from its fields joined by the file's `delimiter`: the same rows
/// give the same key whether a line was quoted or not. When no field holds the delimiter, the
/// joined bytes say exactly what the fields are, and they are hashed in one pass over 8-byte
/// words (for a line without quotes they are the line itself: [`joined_key`], about a third of
/// the multiplications of hashing field by field); otherwise the fields one by one, as
/// [`row_hash`].
pub fn row_key_in(row: &[&str], delimiter: u8) -> u64 {
    if row
        .iter()
        .any(|f| memchr::memchr(delimiter, f.as_bytes()).is_some())
    {
        return row_hash(row);
    }
    let mut w = Words::default();
    for (i, f) in row.iter().enumerate() {
        if i > 0 {
            w.feed(&[delimiter]);
        }
        w.feed(f.as_bytes());
    }
    w.finish()
}

/// [`row_key_in`] of a row whose fields, joined by the delimiter, are `joined` and hold no
/// delimiter (a line read without quotes).
#[inline]
pub fn joined_key(joined: &[u8]) -> u64 {
    let mut w = Words::default();
    w.feed(joined);
    w.finish()
}

/// A hash of bytes fed in pieces, the same as of the whole (pieces are regrouped into 8-byte
/// words; no allocation).
#[derive(Clone, Copy)]
struct Words {
    h: u64,
    carry: [u8; 8],
    n: usize,
    len: u64,
}

impl Default for Words {
    fn default() -> Self {
        Words {
            h: P1,
            carry: [0; 8],
            n: 0,
            len: 0,
        }
    }
}

impl Words {
    #[inline(always)]
    fn feed(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.n > 0 {
            let take = (8 - self.n).min(bytes.len());
            let (a, b) = bytes.split_at(take);
            if let Some(dst) = self.carry.get_mut(self.n..self.n + take) {
                dst.copy_from_slice(a);
            }
            self.n += take;
            bytes = b;
            if self.n < 8 {
                return;
            }
            self.h = mum(self.h ^ u64::from_le_bytes(self.carry) ^ P1, P2);
            self.n = 0;
        }
        let mut chunks = bytes.chunks_exact(8);
        let mut h = self.h;
        for c in &mut chunks {
            h = mum(h ^ le_word(c) ^ P1, P2);
        }
        self.h = h;
        let rest = chunks.remainder();
        if let Some(dst) = self.carry.get_mut(..rest.len()) {
            dst.copy_from_slice(rest);
        }
        self.n = rest.len();
    }

    #[inline(always)]
    fn finish(&self) -> u64 {
        let mut h = self.h;
        if self.n > 0 {
            h = mum(
                h ^ le_word(self.carry.get(..self.n).unwrap_or_default()) ^ P2,
                P1,
            );
        }
        mum(h ^ self.len ^ P0, P1 ^ P2)
    }
}

/// The fingerprint of a byte stream fed in pieces of any size: the same as of the whole. It is
/// XXH64 (the `twox-hash` crate): four lanes of 64-bit multiply-and-rotate rounds over each
/// 32-byte stripe, only wrapping 64-bit products — one `i64.mul` each in wasm32, where this
/// crate's 128-bit product takes four (the wyhash-style lanes it replaces were 4.5 % of the
/// wasm parse of the medium demo; docs/benchmarks.md, "Issue #13 after session 11").
/// Only compared within one ingestion (a file dropped twice), never stored.
#[derive(Clone)]
pub struct ContentHash {
    h: twox_hash::XxHash64,
    len: u64,
}

impl Default for ContentHash {
    fn default() -> Self {
        ContentHash {
            h: twox_hash::XxHash64::with_seed(0),
            len: 0,
        }
    }
}

impl ContentHash {
    pub fn update(&mut self, bytes: &[u8]) {
        self.len += bytes.len() as u64;
        self.h.write(bytes);
    }
    /// `(length, hash)` of everything fed.
    pub fn finish(&self) -> (u64, u64) {
        (self.len, self.h.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_products_from_limbs_are_the_u128_product() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let edges = [
            0,
            1,
            u64::MAX,
            u64::MAX - 1,
            1 << 32,
            (1 << 32) - 1,
            P0,
            P1,
            P2,
        ];
        let mut pairs: Vec<(u64, u64)> = edges
            .iter()
            .flat_map(|&a| edges.iter().map(move |&b| (a, b)))
            .collect();
        pairs.extend((0..100_000).map(|_| (next(), next())));
        for (a, b) in pairs {
            let r = u128::from(a) * u128::from(b);
            let want = (r as u64, (r >> 64) as u64);
            assert_eq!(mul_wide_limbs(a, b), want, "{a} × {b}");
            assert_eq!(mul_wide(a, b), want, "{a} × {b}");
        }
    }

    #[test]
    fn content_hash_is_the_same_in_any_pieces() {
        let text: Vec<u8> = (0..1000u32).flat_map(|i| i.to_le_bytes()).collect();
        let mut whole = ContentHash::default();
        whole.update(&text);
        for n in [1, 3, 7, 8, 9, 64, 999] {
            let mut h = ContentHash::default();
            for c in text.chunks(n) {
                h.update(c);
            }
            assert_eq!(h.finish(), whole.finish(), "pieces of {n}");
        }
        let mut other = ContentHash::default();
        other.update(&text[1..]);
        assert_ne!(other.finish(), whole.finish());
        // One byte changed in any word of a block, or two words swapped: another hash.
        for at in [0, 9, 17, 30, 31, 32, 100, 3999] {
            let mut t = text.clone();
            t[at] ^= 1;
            let mut h = ContentHash::default();
            h.update(&t);
            assert_ne!(h.finish(), whole.finish(), "byte {at}");
        }
        let mut swapped = text.clone();
        swapped.copy_within(0..8, 8);
        swapped[..8].copy_from_slice(&text[8..16]);
        let mut h = ContentHash::default();
        h.update(&swapped);
        assert_ne!(h.finish(), whole.finish());
        // XXH64 with seed 0, as its reference gives it.
        for (text, want) in [
            (&b""[..], 0xef46_db37_51d8_e999u64),
            (b"abc", 0x44bc_2cf5_ad77_0999),
        ] {
            let mut h = ContentHash::default();
            h.update(text);
            assert_eq!(h.finish(), (text.len() as u64, want));
        }
    }

    #[test]
    fn row_keys_differ_for_near_rows_and_are_fixed() {
        assert_ne!(row_hash(&["ab", "c"]), row_hash(&["a", "bc"]));
        assert_ne!(row_hash(&["a", ""]), row_hash(&["a"]));
        assert_ne!(row_hash(&["u1", "enter"]), row_hash(&["u1", "entes"]));
        let mut keys: Vec<u64> = (0..100_000)
            .map(|i| row_hash(&[&format!("u{i}"), "enter", "2025-01-01 10:00:00"]))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 100_000);
    }

    #[test]
    fn joined_keys_are_the_fields_keys() {
        let rows: [&[&str]; 5] = [
            &["u1", "s01", "enter", "2025-01-01 10:00:00", "", "", ""],
            &["a"],
            &["", ""],
            &["abcdefgh", "ijklmnop", "q"],
            &["用户", "进入直播间", "x"],
        ];
        for row in rows {
            let joined = row.join(",");
            assert_eq!(
                row_key_in(row, b','),
                joined_key(joined.as_bytes()),
                "{row:?}"
            );
        }
        // Distinct rows, also those whose fields hold the delimiter.
        let mut keys = vec![
            row_key_in(&["a", "b"], b','),
            row_key_in(&["a,b"], b','),
            row_key_in(&["a", "b", ""], b','),
            row_key_in(&["a", "b,"], b','),
            row_key_in(&["a,", "b"], b','),
            row_key_in(&["ab"], b','),
            row_key_in(&[""], b','),
            row_key_in(&["", ""], b','),
        ];
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 8);
        let mut many: Vec<u64> = (0..100_000)
            .map(|i| joined_key(format!("u{i},enter,2025-01-01 10:00:00").as_bytes()))
            .collect();
        many.sort_unstable();
        many.dedup();
        assert_eq!(many.len(), 100_000);
    }
}

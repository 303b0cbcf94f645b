//! The tokenizer's byte search, 16 bytes at a time: for a block of text, one bit per byte that
//! is the delimiter, and one per byte that ends a plain line (LF; or LF, quote and CR).
//!
//! Three implementations of the same masks: SSE2 natively on x86_64 (part of the x86_64
//! baseline: no runtime detection), `simd128` in a wasm built with it (the shipped wasm is), and
//! 8-byte words elsewhere ([`masks_swar`], also tested against the others). The block is built
//! from two little-endian words, never loaded through a pointer: the only `unsafe` is the call
//! of SSE2 register instructions, which Rust asks for although the build enables SSE2.

/// Bytes per block.
pub(crate) const BLOCK: usize = 16;

/// The block of `bytes` at `at`: its 16 bytes, or the bytes left padded with `pad`, and how
/// many are the text's (`0` at its end).
#[inline(always)]
pub(crate) fn block(bytes: &[u8], at: usize, pad: u8) -> ([u8; BLOCK], usize) {
    let rest = bytes.get(at..).unwrap_or_default();
    match rest.get(..BLOCK) {
        Some(b) => (b.try_into().unwrap_or([pad; BLOCK]), BLOCK),
        None => {
            let mut w = [pad; BLOCK];
            if let Some(dst) = w.get_mut(..rest.len()) {
                dst.copy_from_slice(rest);
            }
            (w, rest.len())
        }
    }
}

/// A byte that is neither `d` nor one that ends or quotes a line: the padding of a short block.
#[inline(always)]
pub(crate) fn pad_for(d: u8) -> u8 {
    if d == b'a' {
        b'b'
    } else {
        b'a'
    }
}

/// `(delimiters, line ends)` of a block: bit `i` set when byte `i` is `d`, resp. `\n`; with
/// `quotes`, `"` and `\r` count as line ends too (the bytes where a plain line stops).
#[inline(always)]
pub(crate) fn masks(w: &[u8; BLOCK], d: u8, quotes: bool) -> (u32, u32) {
    imp::masks(w, d, quotes)
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod imp {
    use core::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
    };

    #[inline(always)]
    #[allow(unsafe_code)]
    pub(super) fn masks(w: &[u8; super::BLOCK], d: u8, quotes: bool) -> (u32, u32) {
        let (lo, hi) = super::words(w);
        // SAFETY: register-only SSE2 instructions (no memory access), and SSE2 is enabled in
        // this build (the `cfg` above: part of every x86_64 target's baseline).
        unsafe {
            let v = _mm_set_epi64x(hi as i64, lo as i64);
            let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
            let mut ends = eq(b'\n');
            if quotes {
                ends = _mm_or_si128(ends, _mm_or_si128(eq(b'"'), eq(b'\r')));
            }
            (
                _mm_movemask_epi8(eq(d)) as u32,
                _mm_movemask_epi8(ends) as u32,
            )
        }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::{u64x2, u8x16_bitmask, u8x16_eq, u8x16_splat, v128, v128_or};

    #[inline(always)]
    fn eq(v: v128, c: u8) -> v128 {
        u8x16_eq(v, u8x16_splat(c))
    }

    #[inline(always)]
    pub(super) fn masks(w: &[u8; super::BLOCK], d: u8, quotes: bool) -> (u32, u32) {
        let (lo, hi) = super::words(w);
        let v = u64x2(lo, hi);
        let mut ends = eq(v, b'\n');
        if quotes {
            ends = v128_or(ends, v128_or(eq(v, b'"'), eq(v, b'\r')));
        }
        (
            u32::from(u8x16_bitmask(eq(v, d))),
            u32::from(u8x16_bitmask(ends)),
        )
    }
}

#[cfg(not(any(
    all(target_arch = "x86_64", target_feature = "sse2"),
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
mod imp {
    #[inline(always)]
    pub(super) fn masks(w: &[u8; super::BLOCK], d: u8, quotes: bool) -> (u32, u32) {
        super::masks_swar(w, d, quotes)
    }
}

/// The block's two little-endian words.
#[inline(always)]
fn words(w: &[u8; BLOCK]) -> (u64, u64) {
    let (a, b) = w.split_at(8);
    (
        u64::from_le_bytes(a.try_into().unwrap_or_default()),
        u64::from_le_bytes(b.try_into().unwrap_or_default()),
    )
}

/// [`masks`] over 8-byte words (no SIMD instructions).
#[cfg_attr(
    any(
        all(target_arch = "x86_64", target_feature = "sse2"),
        all(target_arch = "wasm32", target_feature = "simd128")
    ),
    allow(dead_code)
)]
#[inline(always)]
pub(crate) fn masks_swar(w: &[u8; BLOCK], d: u8, quotes: bool) -> (u32, u32) {
    use super::tokenize::{splat, zero_bytes};
    let (lo, hi) = words(w);
    let word = |x: u64| {
        let mut ends = zero_bytes(x ^ splat(b'\n'));
        if quotes {
            ends |= zero_bytes(x ^ splat(b'"')) | zero_bytes(x ^ splat(b'\r'));
        }
        (bits(zero_bytes(x ^ splat(d))), bits(ends))
    };
    let ((d0, e0), (d1, e1)) = (word(lo), word(hi));
    (d0 | d1 << 8, e0 | e1 << 8)
}

/// The high bits of a word's bytes (`0x80` or `0` each) as 8 bits.
#[inline(always)]
fn bits(m: u64) -> u32 {
    // Each byte's bit moved to bits 56..63 by the multiply (no carries: one bit per byte).
    ((((m >> 7) & 0x0101_0101_0101_0101).wrapping_mul(0x0102_0408_1020_4080)) >> 56) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The masks byte by byte.
    fn naive(w: &[u8; BLOCK], d: u8, quotes: bool) -> (u32, u32) {
        let (mut dm, mut ends) = (0, 0);
        for (i, &c) in w.iter().enumerate() {
            if c == d {
                dm |= 1 << i;
            }
            if c == b'\n' || (quotes && (c == b'"' || c == b'\r')) {
                ends |= 1 << i;
            }
        }
        (dm, ends)
    }

    #[test]
    fn every_implementation_gives_the_masks_byte_by_byte() {
        let alphabet = [
            b'a', b',', b';', b'\t', b'"', b'\r', b'\n', 0xE7, 0x94, 0x80, 0, b' ',
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut w = [0u8; BLOCK];
            for c in &mut w {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *c = alphabet[(x % alphabet.len() as u64) as usize];
            }
            for d in [b',', b';', b'\t', b'|'] {
                for quotes in [false, true] {
                    let want = naive(&w, d, quotes);
                    assert_eq!(masks(&w, d, quotes), want, "{w:?} {d} {quotes}");
                    assert_eq!(masks_swar(&w, d, quotes), want, "{w:?} {d} {quotes}");
                }
            }
        }
        // Every byte value in every position.
        for c in 0..=255u8 {
            for i in 0..BLOCK {
                let mut w = [b'x'; BLOCK];
                w[i] = c;
                for quotes in [false, true] {
                    assert_eq!(masks(&w, b',', quotes), naive(&w, b',', quotes));
                    assert_eq!(masks_swar(&w, b',', quotes), naive(&w, b',', quotes));
                }
            }
        }
    }

    #[test]
    fn short_blocks_are_padded_with_a_plain_byte() {
        let text = b"ab,c\n";
        let (w, n) = block(text, 1, pad_for(b','));
        assert_eq!(n, 4);
        assert_eq!(&w[..4], b"b,c\n");
        assert!(w[4..].iter().all(|&c| c == b'a'));
        assert_eq!(block(text, 5, b'a').1, 0);
        assert_eq!(block(text, 9, b'a').1, 0);
        assert_ne!(pad_for(b'a'), b'a');
        let long = [b'z'; 40];
        assert_eq!(block(&long, 3, b'a'), ([b'z'; BLOCK], BLOCK));
    }
}

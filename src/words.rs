//! Short byte strings as little-endian numbers, read with at most two (overlapping) loads of
//! the bytes themselves. Copying the bytes into a zeroed stack buffer and reading it back as
//! one number (the obvious way) stalls the CPU on every call: the wide read cannot be served
//! from the narrower writes still in flight (a store-forwarding stall, about a third of the
//! chunk-local interning's time natively, issue #13). The values are those of the buffer.

/// The first `min(len, 8)` bytes of `b` as a little-endian number, the bytes past them zero.
#[inline(always)]
pub(crate) fn le_word(b: &[u8]) -> u64 {
    if let Some(w) = b.first_chunk::<8>() {
        return u64::from_le_bytes(*w);
    }
    let n = b.len();
    // Two loads of the same width from the start and the end: the bytes they share are the
    // same, so OR-ing them in place gives each byte once.
    if let (Some(&lo), Some(&hi)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        let (lo, hi) = (u32::from_le_bytes(lo), u32::from_le_bytes(hi));
        return u64::from(lo) | u64::from(hi) << ((n - 4) * 8);
    }
    match (b.first_chunk::<2>(), b.last_chunk::<2>()) {
        (Some(&lo), Some(&hi)) => {
            let (lo, hi) = (u16::from_le_bytes(lo), u16::from_le_bytes(hi));
            u64::from(lo) | u64::from(hi) << ((n - 2) * 8)
        }
        _ => b.first().map_or(0, |&x| u64::from(x)),
    }
}

/// The bytes of a string of up to 7 bytes and its length in the top byte, as one number (so
/// that distinct strings give distinct numbers); `None` for a longer string.
#[inline(always)]
pub(crate) fn tiny_key(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    (b.len() < 8).then(|| le_word(b) | (b.len() as u64) << 56)
}

/// The bytes of a string of up to 15 bytes and its length in the top byte, as one number;
/// `None` for a longer string. Built from two 64-bit halves (a variable shift of a 128-bit
/// number is a library call in wasm32).
#[inline(always)]
pub(crate) fn short_key(s: &str) -> Option<u128> {
    let b = s.as_bytes();
    let n = b.len();
    if n >= 16 {
        return None;
    }
    let (lo, hi) = match b.split_first_chunk::<8>() {
        Some((first, rest)) => (u64::from_le_bytes(*first), le_word(rest)),
        None => (le_word(b), 0),
    };
    // `hi` holds at most 7 bytes: the top byte is free for the length.
    Some(u128::from(lo) | u128::from(hi | (n as u64) << 56) << 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The obvious way: the bytes in a zeroed buffer of `N`, the length in its last byte.
    fn packed<const N: usize>(b: &[u8]) -> [u8; N] {
        let mut w = [0u8; N];
        w[..b.len()].copy_from_slice(b);
        w[N - 1] = b.len() as u8;
        w
    }

    #[test]
    fn the_numbers_are_those_of_the_bytes_in_a_zeroed_buffer() {
        let text = "0123456789abcdefghij直播间课程\u{0}\u{ff}";
        let bytes: Vec<u8> = text.bytes().collect();
        for from in 0..bytes.len() {
            for to in from..=bytes.len() {
                let b = &bytes[from..to];
                let mut w = [0u8; 8];
                w[..b.len().min(8)].copy_from_slice(&b[..b.len().min(8)]);
                assert_eq!(le_word(b), u64::from_le_bytes(w), "{b:?}");
                let Ok(s) = std::str::from_utf8(b) else {
                    continue;
                };
                let tiny = (b.len() < 8).then(|| u64::from_le_bytes(packed::<8>(b)));
                assert_eq!(tiny_key(s), tiny, "{s:?}");
                let short = (b.len() < 16).then(|| u128::from_le_bytes(packed::<16>(b)));
                assert_eq!(short_key(s), short, "{s:?}");
            }
        }
    }
}

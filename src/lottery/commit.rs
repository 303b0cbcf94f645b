//! The commitment: SHA-256 of the secret seed and of the canonical eligible list, published
//! before the draw (the bytes are specified in `docs/lottery.md`).

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The 32 bytes that seed ChaCha20.
pub type Seed = [u8; 32];

/// Domain tag of the combined hash: changes if the protocol ever does.
pub const DOMAIN: &str = "livelens-lottery-v1";

/// What the host publishes before the draw.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Commitment {
    /// SHA-256 of the 32 raw seed bytes, lowercase hex.
    pub seed_hash: String,
    /// SHA-256 of the canonical list bytes ([`list_bytes`]), lowercase hex.
    pub list_hash: String,
    /// SHA-256 of `"livelens-lottery-v1\n" + seed_hash + "\n" + list_hash + "\n"`, lowercase hex.
    pub combined: String,
    /// The first 8 hex digits of `combined`, upper case, as `XXXX-XXXX` (to read aloud).
    pub short_code: String,
}

impl Commitment {
    /// One line the host can read out or pin in the chat.
    pub fn text(&self, eligible: usize) -> String {
        format!(
            "Lottery commitment {} · {eligible} eligible · sha256 {} (seed hash {}, list hash {})",
            self.short_code, self.combined, self.seed_hash, self.list_hash
        )
    }
}

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(bytes);
    let mut out = [0u8; 32];
    out.copy_from_slice(h.finalize().as_slice());
    out
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// The seed as 64 lowercase hex digits.
pub fn seed_hex(seed: &Seed) -> String {
    hex(seed)
}

/// Parses 64 hex digits (either case; surrounding whitespace ignored) into a seed.
pub fn parse_seed(text: &str) -> Result<Seed> {
    let t = text.trim();
    if t.len() != 64 || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::Params(format!(
            "a lottery seed is 64 hex digits (32 bytes); got {} characters{}",
            t.chars().count(),
            if t.bytes().all(|b| b.is_ascii_hexdigit()) {
                ""
            } else {
                " with non-hex characters"
            }
        )));
    }
    let mut seed = [0u8; 32];
    for (i, pair) in t.as_bytes().chunks(2).enumerate() {
        let digit = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
        seed[i] = digit(pair[0]) << 4 | digit(pair[1]);
    }
    Ok(seed)
}

/// Why an id cannot stand in the canonical list, if it cannot: empty, or holding a line break
/// (the list is newline-terminated, so such an id would make it ambiguous).
pub fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("an empty id")
    } else if id.contains(['\n', '\r']) {
        Some("an id holding a line break")
    } else {
        None
    }
}

/// The canonical list: the ids sorted by their UTF-8 bytes, each once. Fails on an id that
/// [`id_problem`] refuses.
pub fn canonical(ids: &[String]) -> Result<Vec<String>> {
    if let Some((id, why)) = ids.iter().find_map(|i| id_problem(i).map(|w| (i, w))) {
        return Err(Error::Params(format!(
            "the eligible list cannot hold {why} ({id:?})"
        )));
    }
    let mut v = ids.to_vec();
    crate::sort::by(&mut v, |a, b| a.cmp(b));
    v.dedup();
    Ok(v)
}

/// The bytes hashed into `list_hash`: every id of the canonical list, UTF-8, followed by one
/// `\n` (0x0A). The empty list is zero bytes.
pub fn list_bytes(canonical: &[String]) -> Vec<u8> {
    let mut out = Vec::with_capacity(canonical.iter().map(|s| s.len() + 1).sum());
    for id in canonical {
        out.extend_from_slice(id.as_bytes());
        out.push(b'\n');
    }
    out
}

/// The commitment of a seed and an eligible list (canonicalised first: any order, duplicates
/// allowed).
pub fn commit(seed: &Seed, eligible: &[String]) -> Result<Commitment> {
    let list = canonical(eligible)?;
    Ok(commit_parts(
        &hex(&sha256(seed)),
        &hex(&sha256(&list_bytes(&list))),
    ))
}

/// The combined hash and short code of two published hashes.
pub fn commit_parts(seed_hash: &str, list_hash: &str) -> Commitment {
    let combined = hex(&sha256(
        format!("{DOMAIN}\n{seed_hash}\n{list_hash}\n").as_bytes(),
    ));
    let upper = combined[..8].to_ascii_uppercase();
    Commitment {
        seed_hash: seed_hash.to_owned(),
        list_hash: list_hash.to_owned(),
        short_code: format!("{}-{}", &upper[..4], &upper[4..]),
        combined,
    }
}

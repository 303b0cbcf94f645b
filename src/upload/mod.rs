//! Files arriving in chunks (the browser reads a large `File` slice by slice, so the whole file
//! never sits in JavaScript memory as one `ArrayBuffer` next to its copy in wasm memory), and
//! the size budget of one browser tab.
//!
//! The budget: a wasm32 instance has at most 4 GiB of memory, and parsing needs the raw bytes
//! plus the decoded text plus the columns, about three times the input. [`INPUT_BUDGET`] keeps
//! the raw input at a quarter of that. A file over the budget (or whose buffer cannot be
//! allocated) is refused with [`TooBig`], which says how much would fit; the CLI
//! (`livelens analyze --file F --out report.json`) has no such limit.

use std::fmt;

/// Raw input bytes the browser build accepts in total (1 GiB).
pub const INPUT_BUDGET: u64 = 1 << 30;

/// A file (or the files together) that does not fit in this browser's memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooBig {
    pub name: String,
    /// Bytes the file needs.
    pub size: u64,
    /// Bytes that would still fit (budget minus what is already loaded).
    pub fits: u64,
}

impl fmt::Display for TooBig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is {} but this browser can hold only about {} more; analyse it with the command-line tool: livelens analyze --file {} --out report.json",
            self.name,
            human_bytes(self.size),
            human_bytes(self.fits),
            self.name
        )
    }
}

impl std::error::Error for TooBig {}

/// `1536` → `1.5 KB` (powers of 1024, one decimal).
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// Checks that `size` more bytes fit next to `held` bytes within `budget`.
pub fn check_fits(name: &str, size: u64, held: u64, budget: u64) -> Result<(), TooBig> {
    let fits = budget.saturating_sub(held);
    if size > fits {
        return Err(TooBig {
            name: name.to_owned(),
            size,
            fits,
        });
    }
    Ok(())
}

/// One file being assembled from chunks.
#[derive(Debug)]
pub struct Upload {
    name: String,
    expected: u64,
    bytes: Vec<u8>,
}

impl Upload {
    /// Starts a file of `size` bytes when `held` bytes are already loaded: refuses it when it
    /// is over the budget or its buffer cannot be allocated.
    pub fn begin(name: &str, size: u64, held: u64, budget: u64) -> Result<Upload, TooBig> {
        check_fits(name, size, held, budget)?;
        let too_big = || TooBig {
            name: name.to_owned(),
            size,
            fits: budget.saturating_sub(held).min(size / 2),
        };
        let cap = usize::try_from(size).map_err(|_| too_big())?;
        let mut bytes = Vec::new();
        bytes.try_reserve_exact(cap).map_err(|_| too_big())?;
        Ok(Upload {
            name: name.to_owned(),
            expected: size,
            bytes,
        })
    }

    /// Appends the next chunk; refuses to grow past the announced size.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), TooBig> {
        let now = self.bytes.len() as u64 + chunk.len() as u64;
        if now > self.expected {
            return Err(TooBig {
                name: self.name.clone(),
                size: now,
                fits: self.expected,
            });
        }
        self.bytes.extend_from_slice(chunk);
        Ok(())
    }

    /// Bytes received so far.
    pub fn received(&self) -> u64 {
        self.bytes.len() as u64
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file's name and bytes (possibly fewer than announced, if the file shrank).
    pub fn finish(self) -> (String, Vec<u8>) {
        (self.name, self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_assemble_the_file() {
        let mut u = Upload::begin("a.csv", 10, 0, 100).unwrap();
        u.push(b"abcd").unwrap();
        u.push(b"").unwrap();
        u.push(b"efghij").unwrap();
        assert_eq!(u.received(), 10);
        assert!(u.push(b"k").is_err(), "past the announced size");
        assert_eq!(u.finish(), ("a.csv".to_owned(), b"abcdefghij".to_vec()));
    }

    #[test]
    fn over_budget_says_what_fits() {
        let e = Upload::begin("big.csv", 80, 50, 100).unwrap_err();
        assert_eq!(
            e,
            TooBig {
                name: "big.csv".into(),
                size: 80,
                fits: 50
            }
        );
        assert!(e
            .to_string()
            .contains("livelens analyze --file big.csv --out report.json"));
        assert!(e.to_string().contains("80 B"));
        // Exactly at the budget fits; held above the budget leaves nothing.
        assert!(check_fits("x", 50, 50, 100).is_ok());
        assert_eq!(check_fits("x", 1, 200, 100).unwrap_err().fits, 0);
        // An allocation the machine cannot make is refused, not a crash.
        assert!(Upload::begin("huge", u64::MAX / 2, 0, u64::MAX).is_err());
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1536), "1.5 KB");
        assert_eq!(human_bytes(INPUT_BUDGET), "1.0 GB");
        assert_eq!(human_bytes(3 * (1 << 30) + (1 << 29)), "3.5 GB");
    }
}

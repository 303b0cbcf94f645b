//! Following a file that another tool keeps appending to: pure logic, no I/O. The caller (the
//! `watch` command natively, the page in JavaScript) looks at the file every few seconds and
//! hands over its current size, its first bytes and the bytes from [`Follower::offset`] to the
//! end; the follower says what to do:
//!
//! - [`FollowStep::Append`]: these complete lines are new (up to and including the last line
//!   break); a half-written last line is kept until its line break arrives.
//! - [`FollowStep::Wait`]: nothing complete is new (the tool paused, or is mid-line).
//! - [`FollowStep::Restart`]: the file was truncated (smaller than what was read) or replaced
//!   (its first bytes changed): start over from byte 0 with a new dataset, telling the user why.
//!   The follower is reset, so the next look reads from 0.
//!
//! A first look is a file seen from byte 0: its fingerprint is its first [`FINGERPRINT_BYTES`]
//! bytes (fewer while the file is shorter; completed as it grows).

/// How many leading bytes identify the file.
pub const FINGERPRINT_BYTES: usize = 256;

/// What to do after a look at the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowStep {
    /// New complete lines, to append to the ingestion.
    Append(Vec<u8>),
    /// Nothing complete yet; `idle_looks` counts the looks in a row without new bytes.
    Wait {
        idle_looks: u32,
        partial_bytes: usize,
    },
    /// Start over from byte 0 (a new dataset); the message says why.
    Restart { message: String },
}

/// The follower's memory between looks.
#[derive(Debug, Clone, Default)]
pub struct Follower {
    /// Bytes consumed so far (the next look reads from here).
    offset: u64,
    fingerprint: Vec<u8>,
    /// The half-written last line.
    partial: Vec<u8>,
    idle: u32,
    restarts: u32,
}

impl Follower {
    pub fn new() -> Self {
        Self::default()
    }

    /// Where the next look starts reading (bytes from the file's start).
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// How many leading bytes the next look should hand over as `head`.
    pub fn head_len(&self, size: u64) -> usize {
        (FINGERPRINT_BYTES as u64).min(size) as usize
    }

    /// Bytes held back: the half-written last line.
    pub fn partial_len(&self) -> usize {
        self.partial.len()
    }

    /// How often the file was found truncated or replaced.
    pub fn restarts(&self) -> u32 {
        self.restarts
    }

    /// One look: `size` = the file's size now, `head` = its first `head_len(size)` bytes,
    /// `appended` = its bytes from `offset()` to `size` (fewer is allowed: the rest is read at
    /// the next look).
    pub fn step(&mut self, size: u64, head: &[u8], appended: &[u8]) -> FollowStep {
        if size < self.offset {
            return self.restart(format!(
                "the file was truncated ({} bytes now, {} read before): starting over",
                size, self.offset
            ));
        }
        let n = self.fingerprint.len().min(head.len());
        if self.fingerprint.get(..n) != head.get(..n) {
            return self.restart(
                "the file was replaced (its first bytes changed): starting over".to_owned(),
            );
        }
        if head.len() > self.fingerprint.len() {
            self.fingerprint = head.to_vec();
        }
        if appended.is_empty() {
            self.idle = self.idle.saturating_add(1);
            return FollowStep::Wait {
                idle_looks: self.idle,
                partial_bytes: self.partial.len(),
            };
        }
        self.idle = 0;
        self.offset += appended.len() as u64;
        match appended.iter().rposition(|&b| b == b'\n') {
            None => {
                self.partial.extend_from_slice(appended);
                FollowStep::Wait {
                    idle_looks: 0,
                    partial_bytes: self.partial.len(),
                }
            }
            Some(cut) => {
                let (done, rest) = appended.split_at(cut + 1);
                let mut out = std::mem::take(&mut self.partial);
                out.extend_from_slice(done);
                self.partial = rest.to_vec();
                FollowStep::Append(out)
            }
        }
    }

    /// The stream has ended: the held last line, if any (a file's last line may lack a line
    /// break).
    pub fn finish(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.partial)
    }

    fn restart(&mut self, message: String) -> FollowStep {
        let restarts = self.restarts + 1;
        *self = Follower {
            restarts,
            ..Follower::default()
        };
        FollowStep::Restart { message }
    }
}

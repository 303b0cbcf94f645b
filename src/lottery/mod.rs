//! A fair, verifiable lottery for the live (metrics.md, "Live mode").
//!
//! Before the draw the host publishes the [`Commitment`]: the SHA-256 of a secret 32-byte seed
//! and of the canonical list of eligible persons. The draw seeds ChaCha20 with the seed and runs
//! a partial Fisher–Yates shuffle over the list; the seed is then revealed in the [`Proof`], so
//! anyone can [`verify`] that the list and seed match the commitment and give the winners.
//! The bytes and steps, enough to write an independent verifier, are in `docs/lottery.md`.
//!
//! Pure functions, no clock and no OS randomness (the caller brings the seed): the same code
//! runs in the page (wasm) and in the CLI.

mod commit;
mod draw;
mod eligibility;
mod proof;

#[cfg(test)]
mod tests;

pub use commit::{
    canonical, commit, commit_parts, hex, id_problem, list_bytes, parse_seed, seed_hex, sha256,
    Commitment, Seed, DOMAIN,
};
pub use draw::{below, draw, draw_positions};
pub use eligibility::{
    candidates, eligible, session_id, session_last_time, Candidate, CandidateComment, Eligibility,
    EligibleList,
};
pub use proof::{verify, verify_commitment, Proof, Verification, PROOF_VERSION};

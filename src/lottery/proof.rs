//! The proof file the creator publishes, and its verification.

use serde::{Deserialize, Serialize};

use super::commit::{
    canonical, commit, commit_parts, hex, id_problem, list_bytes, parse_seed, sha256, Commitment,
    Seed,
};
use super::draw::draw_positions;
use super::eligibility::Eligibility;
use crate::error::{Error, Result};
use crate::ingest::parse::format_ts;

/// Version of the proof format and protocol (`docs/lottery.md`).
pub const PROOF_VERSION: u32 = 1;

/// The published record of one draw. Before the reveal (`livelens lottery commit`) `seed` is
/// `None` and `winners` empty; after it both are filled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proof {
    pub version: u32,
    pub session: String,
    /// The draw time, ms since the epoch, UTC (what the rule used).
    pub draw_time_ms: i64,
    /// The same, as `YYYY-MM-DDTHH:MM:SSZ` (for readers; seconds truncated).
    pub draw_time: String,
    pub rule: Eligibility,
    /// The rule in words.
    pub rule_text: String,
    /// The canonical eligible list (sorted by UTF-8 bytes, each once).
    pub eligible: Vec<String>,
    pub commitment: Commitment,
    pub winners_requested: usize,
    /// The revealed seed, 64 hex digits; `None` until the draw.
    #[serde(default)]
    pub seed: Option<String>,
    /// In draw order.
    #[serde(default)]
    pub winners: Vec<String>,
}

impl Proof {
    /// A committed, not yet drawn record.
    pub fn committed(
        session: &str,
        draw_time_ms: i64,
        rule: &Eligibility,
        eligible: &[String],
        seed: &Seed,
        winners_requested: usize,
    ) -> Result<Proof> {
        let list = canonical(eligible)?;
        Ok(Proof {
            version: PROOF_VERSION,
            session: session.to_owned(),
            draw_time_ms,
            draw_time: format_ts(draw_time_ms, 0).replace(' ', "T") + "Z",
            rule: rule.clone(),
            rule_text: rule.describe(),
            commitment: commit(seed, &list)?,
            eligible: list,
            winners_requested,
            seed: None,
            winners: Vec::new(),
        })
    }

    /// Draws with `seed` (which must match the commitment) and reveals it.
    pub fn draw(mut self, seed: &Seed) -> Result<Proof> {
        let seed_hash = hex(&sha256(seed));
        if seed_hash != self.commitment.seed_hash {
            return Err(Error::Params(format!(
                "this seed hashes to {seed_hash}, not to the committed seed hash {}",
                self.commitment.seed_hash
            )));
        }
        self.winners = super::draw::draw(seed, &self.eligible, self.winners_requested)?;
        self.seed = Some(hex(seed));
        Ok(self)
    }

    /// Reads a proof from JSON, naming the file on error.
    pub fn from_json(file: &str, bytes: &[u8]) -> Result<Proof> {
        serde_json::from_slice(bytes).map_err(|e| {
            Error::input(
                file,
                "lottery_proof",
                format!(
                    "not a LiveLens lottery proof (line {}, column {}: {e})",
                    e.line(),
                    e.column()
                ),
            )
        })
    }
}

/// The outcome of [`verify`]: valid when `problems` is empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verification {
    pub problems: Vec<String>,
    /// The commitment recomputed from the published list and the revealed seed (`None` when
    /// the seed is missing or malformed).
    pub recomputed: Option<Commitment>,
    /// The winners recomputed from them.
    pub recomputed_winners: Vec<String>,
}

impl Verification {
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The checks that need no seed (all a `commit.json` can pass): the version, a canonical
/// list without excluded persons, `list_hash` recomputed from it, and `combined` and
/// `short_code` following from the stated hashes. One message per failure.
pub fn verify_commitment(p: &Proof) -> Vec<String> {
    if p.version != PROOF_VERSION {
        return vec![format!(
            "version {} is not one this verifier knows (it knows {PROOF_VERSION})",
            p.version
        )];
    }
    let mut problems = Vec::new();
    for (i, id) in p.eligible.iter().enumerate() {
        if let Some(why) = id_problem(id) {
            problems.push(format!("eligible[{i}] is {why}"));
        }
    }
    if let Some(i) = p.eligible.windows(2).position(|w| w[0] >= w[1]) {
        problems.push(format!(
            "the eligible list is not sorted and without repeats: eligible[{i}] {:?} comes \
             before eligible[{}] {:?}",
            p.eligible[i],
            i + 1,
            p.eligible[i + 1]
        ));
    }
    for x in &p.rule.excluded {
        if p.eligible.contains(x) {
            problems.push(format!("excluded person {x:?} is in the eligible list"));
        }
    }
    let list_hash = hex(&sha256(&list_bytes(&p.eligible)));
    if list_hash != p.commitment.list_hash {
        problems.push(format!(
            "list_hash: the proof says {}, but its eligible list ({} ids) hashes to {list_hash}",
            p.commitment.list_hash,
            p.eligible.len()
        ));
    }
    let stated = commit_parts(&p.commitment.seed_hash, &p.commitment.list_hash);
    if stated.combined != p.commitment.combined {
        problems.push(format!(
            "combined: the proof says {}, but its own seed and list hashes combine to {}",
            p.commitment.combined, stated.combined
        ));
    }
    if stated.short_code != p.commitment.short_code {
        problems.push(format!(
            "short_code: the proof says {}, but its combined hash gives {}",
            p.commitment.short_code, stated.short_code
        ));
    }
    problems
}

/// Recomputes the commitment and the winners from the proof's list and seed, and says
/// precisely what does not match.
pub fn verify(p: &Proof) -> Verification {
    let mut v = Verification {
        problems: verify_commitment(p),
        recomputed: None,
        recomputed_winners: Vec::new(),
    };
    if p.version != PROOF_VERSION {
        return v;
    }
    let problems = &mut v.problems;
    let seed: Seed = match p.seed.as_deref().map(parse_seed) {
        None => {
            problems.push("the seed has not been revealed: the draw cannot be checked".into());
            return v;
        }
        Some(Err(e)) => {
            problems.push(format!("seed: {e}"));
            return v;
        }
        Some(Ok(seed)) => seed,
    };
    let seed_hash = hex(&sha256(&seed));
    if seed_hash != p.commitment.seed_hash {
        problems.push(format!(
            "seed_hash: the proof says {}, but the revealed seed hashes to {seed_hash}",
            p.commitment.seed_hash
        ));
    }
    let list_hash = hex(&sha256(&list_bytes(&p.eligible)));
    let recomputed = commit_parts(&seed_hash, &list_hash);
    let stated = commit_parts(&p.commitment.seed_hash, &p.commitment.list_hash);
    // When the stated hashes do not even combine to the stated code, that was said already.
    if recomputed.combined != p.commitment.combined && stated.combined == p.commitment.combined {
        problems.push(format!(
            "combined: the revealed seed and the published list give {} (short code {}), not \
             the committed {} ({})",
            recomputed.combined,
            recomputed.short_code,
            p.commitment.combined,
            p.commitment.short_code
        ));
    }
    v.recomputed = Some(recomputed);
    if p.winners_requested == 0 {
        problems.push("winners_requested is 0".into());
    } else {
        let positions = draw_positions(&seed, p.eligible.len(), p.winners_requested);
        v.recomputed_winners = positions.iter().map(|&i| p.eligible[i].clone()).collect();
        compare_winners(&p.winners, &v.recomputed_winners, problems);
    }
    v
}

fn compare_winners(stated: &[String], drawn: &[String], problems: &mut Vec<String>) {
    if stated.len() != drawn.len() {
        problems.push(format!(
            "the proof lists {} winner(s); the draw gives {}",
            stated.len(),
            drawn.len()
        ));
    }
    for (i, (s, d)) in stated.iter().zip(drawn).enumerate() {
        if s != d {
            problems.push(format!(
                "winner {}: the proof says {s:?}, the draw gives {d:?}",
                i + 1
            ));
        }
    }
}

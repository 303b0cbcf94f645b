//! Seeded demo data: a knowledge creator's live-commerce history (30 evening live sessions over
//! six weeks by three hosts selling courses, e-books and coaching), written as the five CSV files
//! LiveLens ingests: `events.csv`, `orders.csv`, `items.csv`, `users.csv`, `sessions.csv`.
//!
//! Nothing is committed as data: the files are generated from a seed, byte-identical for the
//! same [`DemoParams`]. The behaviour planted in the data (audience segments, category
//! preferences, host conversion, pitch bursts, funnel drop-off, refunds, retention) is described
//! in `docs/demo-data.md`, and the part of it an analysis should recover is returned as
//! [`GroundTruth`].
//!
//! Timestamps are naive local times (`YYYY-MM-DD HH:MM:SS`) in UTC+08:00.
//!
//! ```
//! use livelens::demo::{generate, DemoParams};
//! let (files, truth) = generate(&DemoParams::default()).unwrap();
//! assert!(files.events.starts_with("user_id,session_id,event,timestamp"));
//! assert_eq!(truth.tz_offset_minutes, 480);
//! ```

// The stages: `plan` (sessions, audience, attendance) → `visit` (one attendee's events in one
// session) → `write` (the five files, session by session). `catalog` holds the fixed parts of the
// world, `random` the draws, `csv_writer` the allocation-free CSV output.
mod catalog;
mod csv_writer;
mod plan;
mod random;
mod room;
mod room_text;
mod visit;
mod write;

#[cfg(test)]
mod tests;

use std::io::Write;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

pub use room::{LuckyBag, RoomTruth};

/// Size of the generated history. All scales have 30 sessions; they differ in audience size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// About 50 thousand events (about 640 people); generated at page load.
    #[default]
    Small,
    /// About 1 million events (about 13 thousand people).
    Medium,
    /// About 10 million events (about 130 thousand people); use [`write()`] (streaming).
    Large,
}

impl Scale {
    /// Parses `"small"`, `"medium"` or `"large"` (case-insensitive, spaces trimmed).
    pub fn parse(s: &str) -> Option<Scale> {
        match s.trim().to_ascii_lowercase().as_str() {
            "small" => Some(Scale::Small),
            "medium" => Some(Scale::Medium),
            "large" => Some(Scale::Large),
            _ => None,
        }
    }

    /// The number of events aimed at (the result is within ±30 %).
    pub fn target_events(self) -> u64 {
        match self {
            Scale::Small => 50_000,
            Scale::Medium => 1_000_000,
            Scale::Large => 10_000_000,
        }
    }

    /// Number of people in the audience.
    fn users(self) -> usize {
        (self.target_events() as f64 / EVENTS_PER_USER).round() as usize
    }
}

/// Average number of event rows one person produces over the six weeks (measured on the
/// generator; used to size the audience for a scale).
const EVENTS_PER_USER: f64 = 78.0;

/// Settings of the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DemoParams {
    /// Seed of the random generator (ChaCha8); the same seed gives byte-identical files.
    pub seed: u64,
    pub scale: Scale,
}

impl Default for DemoParams {
    fn default() -> Self {
        DemoParams {
            seed: 42,
            scale: Scale::Small,
        }
    }
}

impl DemoParams {
    /// Checks the settings. Every seed and scale is valid today; the check exists so that
    /// callers validate settings the same way for every module.
    pub fn validate(&self) -> Result<()> {
        if self.scale.users() == 0 {
            return Err(Error::Params("the demo audience would be empty".into()));
        }
        Ok(())
    }
}

/// The five CSV files, as text (UTF-8, header row first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DemoFiles {
    pub events: String,
    pub orders: String,
    pub items: String,
    pub users: String,
    pub sessions: String,
}

impl DemoFiles {
    /// SHA-256 (lowercase hex) of the five files in the order of the struct, each preceded by its
    /// length in bytes: a seed and a scale give the same files on every target, the page's wasm
    /// as the CLI (tests/demo_report.rs and tests/wasm.rs check the small demo against
    /// `tests/reference/demo_small_seed42.sha256`).
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for f in [
            &self.events,
            &self.orders,
            &self.items,
            &self.users,
            &self.sessions,
        ] {
            h.update((f.len() as u64).to_le_bytes());
            h.update(f.as_bytes());
        }
        crate::lottery::hex(h.finalize().as_slice())
    }

    /// The five files as ingestion inputs of known kinds (`events.csv`, …).
    pub fn into_inputs(self) -> Vec<crate::ingest::InputFile> {
        use crate::ingest::{FileKind, InputFile};
        [
            ("events.csv", FileKind::Events, self.events),
            ("orders.csv", FileKind::Orders, self.orders),
            ("items.csv", FileKind::Items, self.items),
            ("users.csv", FileKind::Users, self.users),
            ("sessions.csv", FileKind::Sessions, self.sessions),
        ]
        .into_iter()
        .map(|(name, kind, text)| InputFile {
            name: name.to_owned(),
            bytes: text.into_bytes(),
            kind: Some(kind),
            ..InputFile::default()
        })
        .collect()
    }
}

/// What was planted in the data, for checking analyses against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroundTruth {
    /// Segment names; `user_segment` holds indices into this.
    pub segments: Vec<String>,
    /// Every user of `users.csv` with their segment index, in `users.csv` order.
    pub user_segment: Vec<(String, usize)>,
    /// Every user's preferred categories (one or two).
    pub user_categories: Vec<(String, Vec<String>)>,
    /// Per host: distinct paying users / distinct viewers over all of the host's sessions, as
    /// measured on the generated events (林老师's sessions are planted to convert best).
    pub host_conversion: Vec<(String, f64)>,
    /// Offset of the timestamps' local time from UTC, minutes (480 = UTC+08:00).
    pub tz_offset_minutes: i32,
    /// The room's voice: comment intents, answers, traffic sources, coupons, lucky bags, polls
    /// and fan-club joins, as planted (see `docs/demo-data.md`).
    #[serde(default)]
    pub room: RoomTruth,
    /// The time slot planted to sell better (see `docs/demo-data.md`, "Time slots").
    #[serde(default)]
    pub best_slot: SlotTruth,
}

/// The planted best time slot: sessions starting in this local hour on this weekday get a
/// person's planned purchases with `purchase_weight` times the weight of their other sessions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SlotTruth {
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    /// Local hour of the start, 0–23.
    pub hour: u8,
    pub purchase_weight: f64,
    /// The sessions in the slot (ids).
    pub sessions: Vec<String>,
}

/// Generates the five files in memory (fine for small and medium; use [`write()`] for large).
pub fn generate(p: &DemoParams) -> Result<(DemoFiles, GroundTruth)> {
    let mut bufs: [Vec<u8>; 5] = Default::default();
    let [e, o, i, u, s] = &mut bufs;
    let truth = write(p, e, o, i, u, s)?;
    let [e, o, i, u, s] = bufs.map(|b| String::from_utf8(b).map_err(|e| Error::Io(e.to_string())));
    Ok((
        DemoFiles {
            events: e?,
            orders: o?,
            items: i?,
            users: u?,
            sessions: s?,
        },
        truth,
    ))
}

/// Generates the five files, streaming them to the writers (only one session's events are held
/// in memory at a time). Returns the ground truth.
pub fn write<W: Write>(
    p: &DemoParams,
    events: W,
    orders: W,
    items: W,
    users: W,
    sessions: W,
) -> Result<GroundTruth> {
    p.validate()?;
    let rng = ChaCha8Rng::seed_from_u64(p.seed);
    plan::World::plan(rng, p.scale.users()).write(events, orders, items, users, sessions)
}

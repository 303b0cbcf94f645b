//! `cargo +nightly fuzz run options`: arbitrary text as option values of the command line
//! (`--tz`, `--map`, `--map-event`, numbers, choices), parsed by the CLI's own code (`src/cli/`,
//! included here) as `analyze`/`recommend`/`rules` parse them. Nothing may panic, and an accepted
//! `--tz` must lie within ±14:00. The first byte picks the option; the rest is its value.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code, unused_imports)]
#[path = "../../src/cli/mod.rs"]
mod cli;

const OPTIONS: &[&str] = &[
    "tz",
    "map",
    "map-event",
    "k",
    "top",
    "seed",
    "max-users",
    "max-len",
    "min-support",
    "min-confidence",
    "rules-min-support",
    "funnel-window",
    "funnel-steps",
    "funnel-breakdown",
    "predict-cutoff",
    "compare-a",
    "retention-return",
    "lang",
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let value = String::from_utf8_lossy(rest).into_owned();
    let option = OPTIONS[first as usize % OPTIONS.len()];
    let _ = cli::check_options(&[format!("--{option}"), value.clone()]);
    if let Some(m) = livelens::ingest::parse::parse_tz(&value) {
        assert!((-840..=840).contains(&m), "{value:?} -> {m}");
    }
});

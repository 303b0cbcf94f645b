//! `cargo +nightly fuzz run ingest`: arbitrary bytes through `livelens::ingest::load` (with a
//! claimed kind and options picked by the first byte), checking that every row is accounted
//! for and that nothing panics. Seeds: `tests/bad_inputs/` (scripts/fuzz.sh copies them).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    livelens::bench::fuzz_ingest(data);
});

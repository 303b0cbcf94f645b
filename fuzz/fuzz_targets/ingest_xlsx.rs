//! `cargo +nightly fuzz run ingest_xlsx`: see `livelens::bench::fuzz_xlsx` (every row accounted
//! for, nothing panics). Seeds: scripts/fuzz.sh.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    livelens::bench::fuzz_xlsx(data);
});

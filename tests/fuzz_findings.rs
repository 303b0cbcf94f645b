//! Every input a fuzz run ever crashed on (`fuzz/findings/`, named `crash-<target>-…`) is replayed
//! through the same entry point: each must now end in a clear error or a bounded run, never a
//! panic or an abort (which would end this test process).

use std::path::Path;

#[test]
fn fuzz_findings_no_longer_crash() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/findings");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/findings") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let data = std::fs::read(&path).expect("read finding");
        eprintln!("replaying {name}");
        match name.split('-').nth(1) {
            Some("xlsx") => livelens::bench::fuzz_xlsx(&data),
            Some("json") => livelens::bench::fuzz_json(&data),
            Some("any") => livelens::bench::fuzz_ingest(&data),
            _ => continue,
        }
        n += 1;
    }
    assert!(n > 0, "no findings replayed from {}", dir.display());
}

//! Trains the naive Bayes fallback of the comment classifier on the DEV part of the labelled
//! set (data row i, 1-based, with i % 3 != 0) plus BLIND and BLIND2, and writes `src/comments/nb_table.bin`: per
//! character bigram of the normalised text, its count in each intent (capped at 255); the
//! layout is described in `src/comments/nb.rs`. Run: `cargo run --example comments_train`.

use livelens::comments::norm::normalise;
use livelens::comments::Intent;
use std::collections::BTreeMap;

fn main() {
    let mut table: BTreeMap<(char, char), [u32; 7]> = BTreeMap::new();
    let mut docs = [0u32; 7];
    // DEV of the labelled set, and the two earlier blind sets (both seen since: BLIND's errors
    // broadened the lexicons, BLIND2's in the third round). BLIND3 is never trained on.
    for (path, skip_test) in [
        ("tests/fixtures/comments/labelled.csv", true),
        ("tests/fixtures/comments/blind.csv", false),
        ("tests/fixtures/comments/blind2.csv", false),
    ] {
        let mut rdr = match csv::Reader::from_path(path) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("comments_train: {path}: {e}");
                std::process::exit(1);
            }
        };
        for (i, rec) in rdr.records().enumerate() {
            if skip_test && (i + 1) % 3 == 0 {
                continue; // TEST part: never trained on
            }
            let Ok(rec) = rec else { continue };
            let (Some(text), Some(intent)) = (rec.get(0), rec.get(1).and_then(Intent::from_key))
            else {
                eprintln!("comments_train: {path}: row {} skipped", i + 2);
                continue;
            };
            docs[intent.index()] += 1;
            let chars: Vec<char> = normalise(text).0.chars().collect();
            for w in chars.windows(2) {
                if w[0] == ' ' && w[1] == ' ' {
                    continue;
                }
                table.entry((w[0], w[1])).or_insert([0; 7])[intent.index()] += 1;
            }
        }
    }
    let mut totals = [0u32; 7];
    for c in table.values() {
        for (t, &x) in totals.iter_mut().zip(c) {
            *t += x.min(255);
        }
    }
    // Layout (little endian): "LLNB1\0", DOCS 7 × u32, TOTALS 7 × u32, then per bigram
    // sorted by (first, second) char: first u32, second u32, 7 × u8 counts (15 bytes).
    let mut out: Vec<u8> = b"LLNB1\0".to_vec();
    for v in docs.iter().chain(&totals) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for ((a, b), c) in &table {
        out.extend_from_slice(&u32::from(*a).to_le_bytes());
        out.extend_from_slice(&u32::from(*b).to_le_bytes());
        out.extend(c.iter().map(|&x| x.min(255) as u8));
    }
    if let Err(e) = std::fs::write("src/comments/nb_table.bin", &out) {
        eprintln!("comments_train: src/comments/nb_table.bin: {e}");
        std::process::exit(1);
    }
    println!("{} bigrams, docs per intent {docs:?}", table.len());
}

//! A libFuzzer-free fuzz loop for ingestion (used by scripts/fuzz.sh when `cargo fuzz` is not
//! installed): seeded random mutations of the seed files (the bad-input corpus and the head of a
//! demo file) — bit flips, byte edits, splices, duplicated chunks and inserted tokens that matter
//! to CSV/JSON/encodings — each checked by `livelens::bench::fuzz_ingest`. Failing inputs are
//! written to `out/fuzz/crash-*`.
//!
//! `cargo run --profile fuzz --example fuzz_ingest -- SECONDS SEED_DIR... [--seed N]
//! [--target any|json|xlsx]`: `any` (default) is `livelens::bench::fuzz_ingest` (any format,
//! CSV mostly); `json` is `fuzz_json` (seeds: the `.json`/`.ndjson` files); `xlsx` is
//! `fuzz_xlsx`, whose inputs are the sheet XML of a workbook (seeds: the sheets of the `.xlsx`
//! files, and a few built in).

use std::panic;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const TOKENS: &[&[u8]] = &[
    b",",
    b";",
    b"\t",
    b"|",
    b"\"",
    b"\"\"",
    b"\n",
    b"\r\n",
    b"\r",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xe4\xb8",
    b"NaN",
    b"-inf",
    b"1e400",
    b"-0",
    b"9999-99-99",
    b"2026-02-29",
    b"2026-03-01T20:00:00+25:00",
    b"\xe5\xb9\xb4",
    b"{",
    b"}",
    b"[",
    b"]",
    b"\":",
    b"null",
    b"pay",
    b"enter",
    b"leave",
    b"refunded",
    b"user_id",
    b"amount",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
    b"99999999999999999999",
    b"\xef\xbf\xa5",
    b"0x10",
    b"<c r=\"",
    b"XFD1048576",
    b"A0",
    b"<dimension ref=\"",
    b"\"/>",
    b"<row r=\"",
    b"</row>",
    b" t=\"inlineStr\"><is><t>",
    b"</t></is></c>",
    b" s=\"1\"",
    b"<v>-1e300</v>",
    b"18446744073709551617",
    b"1.000,50",
    b"12 345,67",
    b"\xe2\x80\x8b",
    b"\xff\xfe\x00\x00",
];

/// Sheet XML seeds of the `xlsx` target.
const SHEETS: &[&str] = &[
    r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C2"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>user_id</t></is></c><c r="B1" t="inlineStr"><is><t>event</t></is></c><c r="C1" t="inlineStr"><is><t>timestamp</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>u1</t></is></c><c r="B2" t="inlineStr"><is><t>pay</t></is></c><c r="C2"><v>46082.5</v></c></row></sheetData></worksheet>"#,
    r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>order_id</t></is></c><c t="inlineStr"><is><t>user_id</t></is></c><c t="inlineStr"><is><t>paid_at</t></is></c><c t="inlineStr"><is><t>amount</t></is></c></row><row><c><v>1</v></c><c><v>2</v></c><c t="inlineStr"><is><t>2026-03-01 20:00:00</t></is></c><c><v>99.5</v></c></row></sheetData></worksheet>"#,
];

/// The first worksheet's XML of an XLSX file.
fn sheet_of(xlsx: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).ok()?;
    let mut f = z.by_name("xl/worksheets/sheet1.xml").ok()?;
    let mut out = Vec::new();
    f.by_ref().take(64 * 1024).read_to_end(&mut out).ok()?;
    Some(out)
}

fn mutate(rng: &mut ChaCha8Rng, input: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    for _ in 0..rng.gen_range(1..=4) {
        let n = input.len();
        match rng.gen_range(0..8) {
            0 if n > 0 => {
                let i = rng.gen_range(0..n);
                input[i] ^= 1 << rng.gen_range(0..8);
            }
            1 if n > 0 => {
                let i = rng.gen_range(0..n);
                input[i] = rng.gen();
            }
            2 if n > 0 => {
                let a = rng.gen_range(0..n);
                let b = (a + rng.gen_range(0..64)).min(n);
                input.drain(a..b);
            }
            3 => {
                let t = TOKENS[rng.gen_range(0..TOKENS.len())];
                let i = rng.gen_range(0..=n);
                input.splice(i..i, t.iter().copied());
            }
            4 if n > 0 => {
                let a = rng.gen_range(0..n);
                let b = (a + rng.gen_range(1..256)).min(n);
                let chunk = input[a..b].to_vec();
                let i = rng.gen_range(0..=n);
                input.splice(i..i, chunk);
            }
            5 if !seeds.is_empty() => {
                let other = &seeds[rng.gen_range(0..seeds.len())];
                if !other.is_empty() {
                    let a = rng.gen_range(0..other.len());
                    let b = (a + rng.gen_range(1..512)).min(other.len());
                    let i = rng.gen_range(0..=n);
                    input.truncate(i);
                    input.extend_from_slice(&other[a..b]);
                }
            }
            6 if n > 0 => input.truncate(rng.gen_range(0..n)),
            _ => {
                let i = rng.gen_range(0..=n);
                input.insert(i, rng.gen());
            }
        }
    }
    input.truncate(64 * 1024);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(60);
    let mut seed = 1u64;
    let mut target = "any".to_owned();
    let mut seeds: Vec<Vec<u8>> = Vec::new();
    let mut it = args.iter().skip(1);
    let mut paths_given = Vec::new();
    while let Some(a) = it.next() {
        if a == "--seed" {
            seed = it.next().and_then(|s| s.parse().ok()).unwrap_or(1);
            continue;
        }
        if a == "--target" {
            target = it.next().cloned().unwrap_or_default();
            continue;
        }
        paths_given.push(a.clone());
    }
    let run: fn(&[u8]) = match target.as_str() {
        "any" => livelens::bench::fuzz_ingest,
        "json" => livelens::bench::fuzz_json,
        "xlsx" => livelens::bench::fuzz_xlsx,
        other => {
            eprintln!("unknown --target {other} (any, json, xlsx)");
            std::process::exit(2);
        }
    };
    for a in &paths_given {
        let p = std::path::Path::new(a);
        let paths: Vec<std::path::PathBuf> = if p.is_dir() {
            std::fs::read_dir(p)
                .map(|d| d.flatten().map(|e| e.path()).collect())
                .unwrap_or_default()
        } else {
            vec![p.to_path_buf()]
        };
        for path in paths {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let Ok(mut b) = std::fs::read(&path) else {
                continue;
            };
            match (target.as_str(), ext) {
                ("xlsx", "xlsx") => seeds.extend(sheet_of(&b)),
                ("xlsx", _) => {}
                ("json", "json" | "ndjson") | ("any", _) => {
                    b.truncate(16 * 1024);
                    seeds.push(b);
                }
                _ => {}
            }
        }
    }
    if target == "xlsx" {
        seeds.extend(SHEETS.iter().map(|s| s.as_bytes().to_vec()));
    }
    if seeds.is_empty() {
        seeds.push(b"user_id,event,timestamp\nu1,enter,2026-03-01 20:00:00\n".to_vec());
    }
    panic::set_hook(Box::new(|_| {}));
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut execs, mut crashes) = (0u64, 0u64);
    std::fs::create_dir_all("out/fuzz").ok();
    while Instant::now() < deadline {
        let mut input = seeds[rng.gen_range(0..seeds.len())].clone();
        input.insert(0, rng.gen());
        mutate(&mut rng, &mut input, &seeds);
        execs += 1;
        if let Err(e) = panic::catch_unwind(|| run(&input)) {
            crashes += 1;
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            let path = format!("out/fuzz/crash-{target}-{seed}-{execs}");
            std::fs::write(&path, &input).ok();
            println!(
                "CRASH {path}: {}",
                msg.chars().take(300).collect::<String>()
            );
        }
    }
    println!(
        "fuzz_ingest --target {target}: {execs} inputs in {seconds} s from {} seeds (seed {seed}), {crashes} failures",
        seeds.len()
    );
    if crashes > 0 {
        std::process::exit(1);
    }
}

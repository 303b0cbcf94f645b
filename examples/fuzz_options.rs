//! A libFuzzer-free fuzz loop for the command line's option parsers (`--tz`, `--map`,
//! `--map-event`, the numeric and choice options), used by `scripts/fuzz.sh options`: seeded
//! random option values — valid ones, mutated ones, multibyte characters, huge numbers, signs and
//! separators in odd places — parsed by the CLI's own code (`src/cli/`, included here) exactly as
//! `analyze`/`recommend`/`rules` parse them. A panic is a failure; so is an accepted `--tz`
//! outside ±14:00. Failing command lines are written to `out/fuzz/options-crash-*`.
//!
//! `cargo run --profile fuzz --example fuzz_options -- SECONDS [--seed N]`

use std::panic;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[allow(dead_code, unused_imports)]
#[path = "../src/cli/mod.rs"]
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
    "rules-min-confidence",
    "funnel-window",
    "funnel-steps",
    "funnel-breakdown",
    "predict-cutoff",
    "compare-a",
    "compare-b",
    "retention-return",
    "lang",
    "model",
];

const VALUES: &[&str] = &[
    "+08:00",
    "-0530",
    "+14",
    "UTC+8",
    "Asia/Shanghai",
    "Z",
    "events.user=UID",
    "orders.amount=实付金额",
    "下单成功=pay",
    "=pay",
    "x=",
    "10",
    "0",
    "-1",
    "0.5",
    "1e400",
    "NaN",
    "24h",
    "2d",
    "2024-02-29",
    "enter,pay",
    "attr:city",
    "host:Lin",
    "sessions:s1,s2",
    "any",
    "zh",
    "als",
    "",
];

const PIECES: &[&str] = &[
    "+",
    "-",
    ":",
    "=",
    ".",
    ",",
    "中",
    "٠",
    "８",
    "\u{200b}",
    " ",
    "\u{0}",
    "99999999999999999999",
    "14",
    "59",
    "60",
    "UTC",
    "GMT",
    "e",
    "h",
    "d",
    "attr:",
    "events",
    "user",
    "pay",
];

fn value(rng: &mut ChaCha8Rng) -> String {
    let mut v = if rng.gen_bool(0.7) {
        VALUES[rng.gen_range(0..VALUES.len())].to_owned()
    } else {
        String::new()
    };
    for _ in 0..rng.gen_range(0..4) {
        let piece = PIECES[rng.gen_range(0..PIECES.len())];
        let mut at = rng.gen_range(0..=v.len());
        while !v.is_char_boundary(at) {
            at -= 1;
        }
        if rng.gen_bool(0.3) && !v.is_empty() {
            // Delete a character instead.
            let mut end = at + 1;
            while end < v.len() && !v.is_char_boundary(end) {
                end += 1;
            }
            if end <= v.len() {
                v.replace_range(at..end, "");
            }
        } else {
            v.insert_str(at, piece);
        }
    }
    v
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed = args
        .iter()
        .position(|a| a == "--seed")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(1u64);
    panic::set_hook(Box::new(|_| {}));
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut execs, mut accepted, mut crashes) = (0u64, 0u64, 0u64);
    std::fs::create_dir_all("out/fuzz").ok();
    while Instant::now() < deadline {
        let mut argv = Vec::new();
        for _ in 0..rng.gen_range(1..=3) {
            argv.push(format!("--{}", OPTIONS[rng.gen_range(0..OPTIONS.len())]));
            argv.push(value(&mut rng));
        }
        execs += 1;
        let tz = argv
            .iter()
            .position(|a| a == "--tz")
            .and_then(|i| argv.get(i + 1).cloned());
        let outcome = panic::catch_unwind(|| {
            let ok = cli::check_options(&argv).is_ok();
            let offset = tz.as_deref().and_then(livelens::ingest::parse::parse_tz);
            (ok, offset)
        });
        let failure = match outcome {
            Err(_) => Some("panic".to_owned()),
            Ok((_, Some(m))) if !(-840..=840).contains(&m) => Some(format!("--tz gave {m}")),
            Ok((ok, _)) => {
                accepted += u64::from(ok);
                None
            }
        };
        if let Some(what) = failure {
            crashes += 1;
            let path = format!("out/fuzz/options-crash-{seed}-{execs}");
            std::fs::write(&path, argv.join("\n")).ok();
            println!("CRASH {path}: {what}: {argv:?}");
        }
    }
    println!(
        "fuzz_options: {execs} command lines in {seconds} s (seed {seed}), {accepted} accepted, \
         {crashes} failures"
    );
    if crashes > 0 {
        std::process::exit(1);
    }
}

//! `livelens lottery commit|draw|verify`: the fair, verifiable lottery of the live
//! (`livelens::lottery`, protocol in `docs/lottery.md`).

use std::io::Write;
use std::path::Path;

use super::args::Args;
use super::{input, options, write, Failure};
use livelens::ingest::parse::{format_ts, parse_timestamp};
use livelens::lottery::{self, Eligibility, EligibleList, Proof, Seed};

/// Runs `lottery SUB …` (the words after `lottery`).
pub fn run(argv: &[String]) -> Result<(), Failure> {
    let Some((sub, rest)) = argv.split_first() else {
        return Err(Failure::Usage(
            "lottery needs commit, draw or verify (e.g. livelens lottery verify proof.json)".into(),
        ));
    };
    match sub.as_str() {
        "verify" => {
            let (path, rest) =
                match rest.split_first() {
                    Some((p, r)) if !p.starts_with("--") => (p.as_str(), r),
                    _ => return Err(Failure::Usage(
                        "lottery verify needs the proof file: livelens lottery verify proof.json"
                            .into(),
                    )),
                };
            let a = Args::parse(rest).map_err(Failure::Usage)?;
            a.only(&["json"]).map_err(Failure::Usage)?;
            verify(path, a.flag("json"))
        }
        "commit" | "draw" => {
            let a = Args::parse(rest).map_err(Failure::Usage)?;
            commit_or_draw(&a, sub == "draw")
        }
        other => Err(Failure::Usage(format!(
            "unknown lottery command \"{other}\" (commit, draw or verify)"
        ))),
    }
}

const RULE_OPTIONS: &[&str] = &[
    "session",
    "at",
    "within",
    "keyword",
    "followers-only",
    "fan-club-only",
    "exclude",
];

fn commit_or_draw(a: &Args, draw: bool) -> Result<(), Failure> {
    let own: &[&str] = if draw {
        &["winners", "seed-file", "out", "commitment"]
    } else {
        &["winners", "seed-file", "out"]
    };
    let from_commitment = draw && a.value("commitment").is_some();
    let known: Vec<&str> = if from_commitment {
        own.to_vec()
    } else {
        input::known(&[RULE_OPTIONS, own].concat())
    };
    a.only(&known).map_err(|e| {
        Failure::Usage(if from_commitment {
            format!("{e} (with --commitment the list and rule come from that file)")
        } else {
            e
        })
    })?;
    let seed_path = a.value("seed-file").ok_or_else(|| {
        Failure::Usage("--seed-file S is required (64 hex digits; created if missing)".into())
    })?;
    let winners: Option<usize> =
        options::number_in(a, "winners", |n: &usize| *n >= 1, "a positive integer")?;
    let out = a.value("out");
    if draw && out.is_none() {
        return Err(Failure::Usage("lottery draw needs --out proof.json".into()));
    }
    if draw && !from_commitment && winners.is_none() {
        return Err(Failure::Usage("lottery draw needs --winners N".into()));
    }
    // Drawing a published commitment needs the seed it was made with: never a new one.
    let seed = seed_file(Path::new(seed_path), !from_commitment)?;
    let pending = match a.value("commitment") {
        Some(path) if draw => {
            let mut p = Proof::from_json(path, &input::read_bytes(path)?)?;
            if p.seed.is_some() {
                return Err(Failure::Run(format!(
                    "{path}: this draw is already done (its seed is revealed)"
                )));
            }
            if let Some(n) = winners {
                p.winners_requested = n;
            }
            // The commitment file must be internally consistent before anything is drawn.
            if let Some(bad) = lottery::verify_commitment(&p).first() {
                return Err(Failure::Run(format!("{path}: {bad}")));
            }
            p
        }
        _ => {
            let (p, list) = from_data(a, &seed, winners.unwrap_or(1))?;
            report_list(&list);
            p
        }
    };
    let c = &pending.commitment;
    println!(
        "commitment {} (read it out, or pin the line below)",
        c.short_code
    );
    println!("{}", c.text(pending.eligible.len()));
    if !draw {
        if let Some(path) = out {
            write_json(Path::new(path), &pending)?;
            eprintln!(
                "wrote {path}: the rule, the eligible list and the commitment (no seed); publish \
                 it now, then run `livelens lottery draw --commitment {path} --seed-file {seed_path} \
                 --winners N --out proof.json`"
            );
        }
        return Ok(());
    }
    let drawn = pending.draw(&seed)?;
    if drawn.winners_requested > drawn.eligible.len() {
        eprintln!(
            "note: {} winner(s) asked but only {} eligible: every eligible person wins, in draw order",
            drawn.winners_requested,
            drawn.eligible.len()
        );
    }
    for (i, w) in drawn.winners.iter().enumerate() {
        println!("winner {}: {w}", i + 1);
    }
    println!("seed (revealed): {}", drawn.seed.as_deref().unwrap_or(""));
    let path = out.unwrap_or("proof.json");
    write_json(Path::new(path), &drawn)?;
    eprintln!("wrote {path}; anyone can check it with `livelens lottery verify {path}`");
    Ok(())
}

/// Loads the input, applies the rule and builds the committed record.
fn from_data(a: &Args, seed: &Seed, winners: usize) -> Result<(Proof, EligibleList), Failure> {
    let session = a
        .value("session")
        .ok_or_else(|| Failure::Usage("--session ID is required".into()))?;
    let rule = Eligibility {
        within_seconds: a
            .value("within")
            .map(|v| options::duration("within", v))
            .transpose()?,
        keyword: a.value("keyword").map(str::to_owned),
        followers_only: a.flag("followers-only"),
        fan_club_only: a.flag("fan-club-only"),
        excluded: match a.value("exclude") {
            Some(path) => excluded(path)?,
            None => Vec::new(),
        },
    };
    rule.validate()?;
    let loaded = input::load(a, "lottery")?;
    let ds = &loaded.dataset;
    let at = match a.value("at") {
        Some(v) => parse_timestamp(v, ds.tz_offset_minutes).map_err(|_| {
            Failure::Usage(format!(
                "--at \"{v}\" is not a time (e.g. 2026-10-03T20:15:00+08:00 or \"2026-10-03 20:15\")"
            ))
        })?,
        None => {
            let t = lottery::session_last_time(ds, session)?;
            eprintln!(
                "draw time: the session's last event, {} (UTC); set another with --at",
                format_ts(t, 0)
            );
            t
        }
    };
    if rule.followers_only {
        eprintln!(
            "note: follower status comes from follow events in the data only; people who followed \
             before the data began are not seen as followers"
        );
    }
    let cands = lottery::candidates(ds, session, at)?;
    let list = lottery::eligible(&cands, &rule, at)?;
    if list.ids.is_empty() {
        report_list(&list);
        return Err(Failure::Run(format!(
            "no one is eligible in session \"{session}\" ({})",
            rule.describe()
        )));
    }
    let p = Proof::committed(session, at, &rule, &list.ids, seed, winners)?;
    Ok((p, list))
}

fn report_list(l: &EligibleList) {
    let mut parts = vec![format!("{} commented", l.commenters)];
    for (n, what) in [
        (l.outside_window, "outside the window"),
        (l.without_keyword, "without the keyword"),
        (l.not_follower, "not followers"),
        (l.not_fan_club, "not in the fan club"),
        (l.excluded, "excluded"),
        (l.unusable_id, "with an unusable id"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    eprintln!("eligible: {} ({})", l.ids.len(), parts.join(", "));
}

/// Past winners: a proof file (its winners) or one id per line (`#` starts a comment line).
fn excluded(path: &str) -> Result<Vec<String>, Failure> {
    let bytes = input::read_bytes(path)?;
    if bytes.trim_ascii_start().starts_with(b"{") {
        return Ok(Proof::from_json(path, &bytes)?.winners);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Failure::Run(format!(
            "{path}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect())
}

/// Reads the seed file, or (with `create`) creates it from the OS generator (mode 0600) when
/// it does not exist.
fn seed_file(path: &Path, create: bool) -> Result<Seed, Failure> {
    let name = path.display();
    match std::fs::read_to_string(path) {
        Ok(text) => lottery::parse_seed(&text).map_err(|e| Failure::Run(format!("{name}: {e}"))),
        Err(e) if create && e.kind() == std::io::ErrorKind::NotFound => {
            let mut seed = [0u8; 32];
            rand::RngCore::try_fill_bytes(&mut rand::rngs::OsRng, &mut seed)
                .map_err(|e| Failure::Run(format!("the system's random generator failed: {e}")))?;
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                opts.mode(0o600);
            }
            let mut f = opts
                .open(path)
                .map_err(|e| Failure::Run(format!("{name}: {e}")))?;
            writeln!(f, "{}", lottery::seed_hex(&seed))
                .map_err(|e| Failure::Run(format!("{name}: {e}")))?;
            eprintln!(
                "created a new secret seed in {name} (mode 0600, from the system's random \
                 generator); keep it private until the draw"
            );
            Ok(seed)
        }
        Err(e) => Err(Failure::Run(format!("{name}: {e}"))),
    }
}

fn verify(path: &str, json: bool) -> Result<(), Failure> {
    let p = Proof::from_json(path, &input::read_bytes(path)?)?;
    let v = lottery::verify(&p);
    if json {
        super::print_json(&v)?;
    } else if v.is_valid() {
        println!(
            "valid: commitment {} matches the eligible list ({} persons) and the revealed seed",
            p.commitment.short_code,
            p.eligible.len()
        );
        for (i, w) in p.winners.iter().enumerate() {
            println!("winner {}: {w}", i + 1);
        }
    } else {
        for m in &v.problems {
            println!("invalid: {m}");
        }
    }
    if v.is_valid() {
        Ok(())
    } else {
        Err(Failure::Run(format!(
            "{path}: the proof does not verify ({} problem(s))",
            v.problems.len()
        )))
    }
}

fn write_json(path: &Path, p: &Proof) -> Result<(), Failure> {
    let mut s = serde_json::to_string_pretty(p).map_err(|e| Failure::Run(format!("JSON: {e}")))?;
    s.push('\n');
    write(path, s.as_bytes())
}

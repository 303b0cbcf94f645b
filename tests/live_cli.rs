#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion
//! The live commands as a user runs them: `livelens watch` on a file another process appends
//! to (the report it leaves equals `analyze`'s), and `livelens lottery draw … --keyword
//! --within --followers-only` then `verify` (a tampered proof fails).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_livelens"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("livelens-live-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const HEADER: &str =
    "user_id,timestamp,event,session_id,item_id,order_id,amount,text,is_follower\n";

fn line(u: &str, min: u32, sec: u32, event: &str, extra: &str) -> String {
    format!("{u},2024-06-01 20:{min:02}:{sec:02},{event},s1,{extra}\n")
}

fn session_rows() -> Vec<String> {
    let mut v = Vec::new();
    for (k, u) in ["a", "b", "c", "d", "e", "f"].iter().enumerate() {
        let k = k as u32;
        v.push(line(u, k, 0, "enter", ",,,,1"));
        v.push(line(u, k, 10, "product_view", "p1,,,,"));
        v.push(line(u, k, 20, "comment", &format!(",,,想要抽奖 {k},")));
    }
    v.push(line("a", 7, 0, "pay", "p1,o1,99,,"));
    v.push(line("g", 8, 0, "comment", ",,,抽奖,0"));
    v.push(line("h", 9, 0, "comment", ",,,hello,1"));
    v.push(line("b", 9, 30, "follow", ",,,,"));
    v
}

#[test]
fn watch_follows_a_growing_file_and_leaves_the_analyze_report() {
    let d = tmp("watch");
    let events = d.join("live.csv");
    let out = d.join("report.json");
    let rows = session_rows();
    std::fs::write(&events, HEADER).unwrap();
    let child = bin()
        .args(["watch", "--events"])
        .arg(&events)
        .args(["--every", "1s", "--idle-exit", "3", "--out"])
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Append in pieces, a line split across two writes.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&events)
        .unwrap();
    for chunk in rows.chunks(5) {
        let text = chunk.concat();
        let (a, b) = text.split_at(text.len() / 2 + 1);
        f.write_all(a.as_bytes()).unwrap();
        f.flush().unwrap();
        std::thread::sleep(Duration::from_millis(600));
        f.write_all(b.as_bytes()).unwrap();
        f.flush().unwrap();
        std::thread::sleep(Duration::from_millis(700));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("viewers now"), "{stderr}");
    assert!(stderr.contains("GMV/min"), "{stderr}");
    let expected = d.join("expected.json");
    let st = bin()
        .args(["analyze", "--events"])
        .arg(&events)
        .arg("--out")
        .arg(&expected)
        .output()
        .unwrap();
    assert!(st.status.success());
    let got = std::fs::read_to_string(&out).unwrap();
    assert!(got == std::fs::read_to_string(&expected).unwrap());
    // No temporary file left behind.
    let left: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty());
}

fn lottery(args: &[&str], dir: &Path) -> std::process::Output {
    bin()
        .current_dir(dir)
        .arg("lottery")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn lottery_draw_with_keyword_window_and_followers_then_verify() {
    let d = tmp("lottery");
    std::fs::write(
        d.join("live.csv"),
        format!("{HEADER}{}", session_rows().concat()),
    )
    .unwrap();
    let draw = [
        "draw",
        "--events",
        "live.csv",
        "--session",
        "s1",
        "--winners",
        "2",
        "--keyword",
        "抽奖",
        "--within",
        "5m",
        "--followers-only",
        "--seed-file",
        "seed.txt",
        "--out",
        "proof.json",
    ];
    let o = lottery(&draw, &d);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let proof: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("proof.json")).unwrap()).unwrap();
    // Draw time = the last event (20:09:30); within 5 min: comments from 20:04:30 on, with
    // 抽奖, of followers: e (20:04:20) is out of the window; f (20:05:20) in; g not a
    // follower; h without the keyword. Followers come from `follow` rows and is_follower.
    let text = proof.to_string();
    let eligible: Vec<String> = proof["eligible"]
        .as_array()
        .unwrap_or_else(|| panic!("{text}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert!(eligible.contains(&"f".to_owned()), "{text}");
    assert!(!eligible.contains(&"g".to_owned()), "{text}");
    assert!(!eligible.contains(&"h".to_owned()), "{text}");
    assert!(!eligible.contains(&"a".to_owned()), "{text}");
    // Same inputs, same winners.
    let first = std::fs::read_to_string(d.join("proof.json")).unwrap();
    assert!(lottery(&draw, &d).status.success());
    assert_eq!(
        std::fs::read_to_string(d.join("proof.json")).unwrap(),
        first
    );
    let v = lottery(&["verify", "proof.json"], &d);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    // A changed eligible list fails verification.
    let mut bad = proof.clone();
    bad["eligible"].as_array_mut().unwrap().push("zz".into());
    std::fs::write(d.join("bad.json"), bad.to_string()).unwrap();
    let v = lottery(&["verify", "bad.json"], &d);
    assert_eq!(v.status.code(), Some(1));
}

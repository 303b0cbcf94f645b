//! The `livelens` binary end to end: files in a temporary folder, the binary run as a user would,
//! its exit code, stdout, stderr and the files it writes checked.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_livelens");
const GROCERIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/groceries.csv");

/// A fresh folder under the system's temporary folder.
fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "livelens-cli-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    Command::new(BIN).args(args).output().expect("run livelens")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs and expects success; returns stdout.
fn ok<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    stdout(&o)
}

/// Runs and expects `code`; returns stderr.
fn fails<S: AsRef<std::ffi::OsStr>>(args: &[S], code: i32) -> String {
    let o = run(args);
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        stdout(&o),
        stderr(&o)
    );
    stderr(&o)
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// The small demo, generated once by `livelens demo` for every test that needs it.
fn demo() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = temp_dir("demo");
        ok(&["demo", "--out", &s(&dir), "--scale", "small"]);
        for f in ["events", "orders", "items", "users", "sessions"] {
            assert!(dir.join(format!("{f}.csv")).is_file(), "{f}.csv");
        }
        dir
    })
}

/// `--events … --sessions … --tz +08:00` of the demo.
fn demo_inputs() -> Vec<String> {
    let d = demo();
    let mut v = Vec::new();
    for f in ["events", "orders", "items", "users", "sessions"] {
        v.push(format!("--{f}"));
        v.push(s(&d.join(format!("{f}.csv"))));
    }
    v.extend(["--tz".into(), "+08:00".into()]);
    v
}

/// One live session, three viewers: u1 goes all the way to `pay` (99), u2 views a product and
/// comments, u3 only enters.
const EVENTS: &str = "user_id,session_id,event,timestamp,item_id,order_id,amount
u1,s1,enter,2025-03-01 20:00:00,,,
u2,s1,enter,2025-03-01 20:00:30,,,
u1,s1,product_view,2025-03-01 20:01:00,p1,,
u2,s1,product_view,2025-03-01 20:01:30,p1,,
u1,s1,click,2025-03-01 20:02:00,p1,,
u2,s1,comment,2025-03-01 20:02:00,,,
u1,s1,order,2025-03-01 20:03:00,p1,o1,
u3,s1,enter,2025-03-01 20:03:00,,,
u1,s1,pay,2025-03-01 20:04:00,p1,o1,99
u3,s1,leave,2025-03-01 20:04:00,,,
u2,s1,leave,2025-03-01 20:05:00,,,
u1,s1,leave,2025-03-01 20:10:00,,,
";

fn fixture() -> PathBuf {
    let dir = temp_dir("fixture");
    std::fs::write(dir.join("events.csv"), EVENTS).unwrap();
    dir
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn close(v: &Value, x: f64) -> bool {
    v.as_f64().is_some_and(|y| (x - y).abs() < 1e-9)
}

/// `analyze` on the hand fixture with `extra` options; the report.
fn analyze_fixture(extra: &[&str]) -> Value {
    let dir = fixture();
    let out = dir.join("report.json");
    let (events, out_s) = (s(&dir.join("events.csv")), s(&out));
    let mut args = vec!["analyze", "--events", &events, "--out", &out_s];
    args.extend_from_slice(extra);
    ok(&args);
    read_json(&out)
}

#[test]
fn analyze_hand_fixture_numbers() {
    let r = analyze_fixture(&[]);
    let o = &r["kpis"]["overall"];
    assert_eq!(o["viewers"], 3);
    assert_eq!(o["views"], 3);
    assert_eq!(o["buyers"], 1);
    assert_eq!(o["orders"], 1);
    assert!(close(&o["gmv"], 99.0));
    assert!(close(&o["conversion_rate"], 1.0 / 3.0));
    assert!(close(&o["product_click_rate"], 0.5));
    assert!(close(&o["interaction_rate"], 1.0 / 3.0));
    assert_eq!(r["kpis"]["by_session"][0]["session_id"], "s1");
    assert_eq!(r["validation"]["rows_read"], 12);
    assert_eq!(r["validation"]["rows_accepted"], 12);
    assert_eq!(r["validation"]["rows_rejected"], 0);
    let steps = r["funnel"]["steps"].as_array().unwrap();
    let counts: Vec<u64> = steps.iter().map(|s| s["count"].as_u64().unwrap()).collect();
    assert_eq!(counts, [3, 2, 1, 1, 1]);
    assert!(close(&steps[4]["conversion_from_start"], 1.0 / 3.0));
    assert!(close(&steps[1]["conversion_from_previous"], 2.0 / 3.0));
    // u1: product_view 20:01 → click 20:02.
    assert!(close(&steps[2]["median_seconds_from_previous"], 60.0));
}

#[test]
fn analyze_options_reach_the_report() {
    let r = analyze_fixture(&[
        "--funnel-steps",
        "enter,click,pay",
        "--funnel-mode",
        "any_order",
        "--funnel-window",
        "30m",
        "--funnel-breakdown",
        "session",
        "--retention-period",
        "day",
        "--retention-start",
        "enter",
        "--retention-return",
        "any",
        "--retention-mode",
        "on_or_after",
        "--timeline-session",
        "s1",
        "--pretty",
    ]);
    let f = &r["funnel"];
    let events: Vec<&str> = f["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["enter", "click", "pay"]);
    assert_eq!(f["mode"], "any_order");
    assert_eq!(f["window_seconds"], 1800);
    assert_eq!(r["timeline"]["session_id"], "s1");
    assert!(r["retention"].is_object(), "{}", r["skipped"]);
}

#[test]
fn demo_then_analyze_writes_stable_keys_and_charts() {
    let dir = temp_dir("analyze-demo");
    let out = dir.join("report.json");
    let charts = dir.join("charts");
    let mut args = vec!["analyze".to_owned()];
    args.extend(demo_inputs());
    args.extend(
        [
            "--out",
            &s(&out),
            "--charts",
            &s(&charts),
            "--predict-cutoff",
            "2025-10-06",
        ]
        .map(str::to_owned),
    );
    ok(&args);
    let r = read_json(&out);
    assert_eq!(r["version"], 1);
    for key in [
        "viewers",
        "views",
        "avg_watch_seconds",
        "peak_concurrent",
        "conversion_rate",
        "gmv",
        "gpm",
    ] {
        assert!(
            r["kpis"]["overall"].get(key).is_some(),
            "kpis.overall.{key}"
        );
    }
    let sessions = r["kpis"]["by_session"].as_array().unwrap();
    assert_eq!(sessions.len(), 30);
    assert!(sessions.iter().all(|x| x["session_id"].is_string()));
    let v = &r["validation"];
    let (read, acc, rej) = (
        v["rows_read"].as_u64().unwrap(),
        v["rows_accepted"].as_u64().unwrap(),
        v["rows_rejected"].as_u64().unwrap(),
    );
    assert!(read > 10_000);
    assert_eq!(read, acc + rej);
    assert!(v["rejected_by_reason"].is_object());
    for step in r["funnel"]["steps"].as_array().unwrap() {
        for key in [
            "event",
            "count",
            "conversion_from_start",
            "conversion_from_previous",
            "median_seconds_from_previous",
        ] {
            assert!(step.get(key).is_some(), "funnel.steps[].{key}");
        }
    }
    let rfm = r["segments"]["rfm"]["per_user"].as_array().unwrap();
    assert!(!rfm.is_empty());
    for key in [
        "user_id",
        "recency_days",
        "frequency",
        "monetary",
        "r",
        "f",
        "m",
        "segment",
    ] {
        assert!(rfm[0].get(key).is_some(), "segments.rfm.per_user[].{key}");
    }
    let cl = &r["segments"]["clusters"];
    let k = cl["k"].as_u64().unwrap();
    assert!((2..=8).contains(&k));
    assert!(cl["silhouette"].as_f64().is_some());
    let per_user = cl["per_user"].as_array().unwrap();
    assert!(per_user
        .iter()
        .all(|u| u["user_id"].is_string() && u["cluster"].as_u64().is_some_and(|c| c < k)));
    for key in ["auc", "accuracy", "precision", "recall", "f1"] {
        let x = r["prediction"][key].as_f64();
        assert!(
            x.is_some_and(|x| (0.0..=1.0).contains(&x)),
            "prediction.{key}: {}",
            r["prediction"][key]
        );
    }
    assert!(!r["recommendations"]["per_user"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(r["rules"]["rules"].is_array());
    assert_eq!(
        r["evaluation"]["time_split"]["rows"]
            .as_array()
            .unwrap()
            .len(),
        6
    );

    let pngs: Vec<PathBuf> = std::fs::read_dir(&charts)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .collect();
    assert!(pngs.len() >= 5, "{pngs:?}");
    for p in &pngs {
        let bytes = std::fs::read(p).unwrap();
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{}", p.display());
        assert!(
            bytes.len() > 5_000,
            "{} is {} bytes",
            p.display(),
            bytes.len()
        );
    }
}

#[test]
fn bad_input_files_exit_1_naming_the_file() {
    let dir = temp_dir("bad");
    let out = s(&dir.join("r.json"));
    let empty = dir.join("empty_events.csv");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.join("binary_events.csv");
    let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    std::fs::write(&binary, junk).unwrap();
    let no_user = dir.join("events.csv");
    std::fs::write(
        &no_user,
        "session_id,event,timestamp\ns1,enter,2025-03-01 20:00:00\n",
    )
    .unwrap();
    for (file, words) in [
        (&empty, "empty"),
        (&binary, "binary"),
        (&no_user, "user id"),
    ] {
        let e = fails(&["analyze", "--events", &s(file), "--out", &out], 1);
        let name = file.file_name().unwrap().to_string_lossy();
        assert!(e.contains(&*name), "{e}");
        assert!(e.contains(words), "{e}");
    }
    let missing = s(&dir.join("nope.csv"));
    let e = fails(&["analyze", "--events", &missing, "--out", &out], 1);
    assert!(e.contains("nope.csv"), "{e}");
    assert!(!dir.join("r.json").exists());

    // Basket files too.
    let e = fails(&["rules", "--baskets", &s(&empty)], 1);
    assert!(
        e.contains("empty_events.csv") && e.contains("no baskets"),
        "{e}"
    );
    let e = fails(&["rules", "--baskets", &s(&binary)], 1);
    assert!(e.contains("binary_events.csv"), "{e}");
}

#[test]
fn bad_command_lines_exit_2_naming_the_flag() {
    let dir = fixture();
    let ev = s(&dir.join("events.csv"));
    let out = s(&dir.join("r.json"));
    let cases: &[(&[&str], &str)] = &[
        (&["--bogus", "1"], "--bogus"),
        (&["--funnel-mode", "fast"], "--funnel-mode"),
        (&["--funnel-window", "soon"], "--funnel-window"),
        (&["--funnel-steps", "enter,teleport"], "--funnel-steps"),
        (&["--funnel-breakdown", "city"], "--funnel-breakdown"),
        (&["--funnel-breakdown", "attr:city"], "--funnel-breakdown"),
        (&["--compare-a", "host:x"], "--compare-b"),
        (
            &["--compare-a", "host:x", "--compare-b", "bad"],
            "--compare-b",
        ),
        (&["--compare-metric", "gmv"], "--compare-metric"),
        (&["--timeline-session", "s9"], "--timeline-session"),
        (&["--retention-period", "month"], "--retention-period"),
        (&["--retention-mode", "before"], "--retention-mode"),
        (&["--retention-start", "buy!"], "--retention-start"),
        (&["--retention-return", "nothing"], "--retention-return"),
        (&["--k", "1"], "--k"),
        (&["--rules-min-support", "0"], "--rules-min-support"),
        (&["--rules-min-confidence", "1.5"], "--rules-min-confidence"),
        (&["--model", "magic"], "--model"),
        (&["--predict-cutoff", "March"], "--predict-cutoff"),
        (&["--tz", "Mars/Olympus"], "--tz"),
        (&["--funnel-mode"], "--funnel-mode"),
    ];
    for (extra, flag) in cases {
        let mut args = vec!["analyze", "--events", &ev, "--out", &out];
        args.extend_from_slice(extra);
        let e = fails(&args, 2);
        assert!(e.contains(flag), "{extra:?}: {e}");
    }
    // The message lists what is allowed.
    let e = fails(
        &[
            "analyze",
            "--events",
            &ev,
            "--out",
            &out,
            "--funnel-mode",
            "x",
        ],
        2,
    );
    assert!(e.contains("ordered, strict, any_order"), "{e}");
    assert!(fails(&["analyze", "--events", &ev], 2).contains("--out"));
    assert!(fails(&["frobnicate"], 2).contains("frobnicate"));
    assert!(fails(&["rules"], 2).contains("--baskets"));
    assert!(fails(&["rules", "--baskets", &ev, "--min-support", "2"], 2).contains("--min-support"));
    assert!(fails(&["recommend", "--events", &ev, "--top", "0"], 2).contains("--top"));
    assert!(fails(&["evaluate", "--events", &ev, "--model", "als"], 2).contains("--model"));
    assert!(fails(&["demo", "--out", &out, "--scale", "galactic"], 2).contains("--scale"));
    // `--scale huge` belongs to livelens-df (the DataFusion crate); without it beside livelens,
    // the message says how to build it.
    let df = Path::new(env!("CARGO_BIN_EXE_livelens")).with_file_name("livelens-df");
    if !df.exists() {
        assert!(
            fails(&["demo", "--out", &out, "--scale", "huge"], 1).contains("livelens-datafusion")
        );
    }
    assert!(ok(&["help"]).contains("livelens rules"));
    assert!(ok(&["recommend", "--help"]).contains("--max-users"));
}

/// `livelens rules` on the Groceries baskets at min support 0.001; stdout.
/// Whether the Groceries data is next to the repository; prints a notice when it is not.
fn have_groceries() -> bool {
    let ok = Path::new(GROCERIES).is_file();
    if !ok {
        eprintln!("skipping: ../shared/data/groceries.csv not found");
    }
    ok
}

fn groceries(min_confidence: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "rules",
        "--baskets",
        GROCERIES,
        "--min-support",
        "0.001",
        "--min-confidence",
        min_confidence,
    ];
    args.extend_from_slice(extra);
    ok(&args)
}

fn rule_count(min_confidence: &str) -> usize {
    let out = groceries(min_confidence, &["--json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let rules = v["rules"].as_array().unwrap();
    let keys = "antecedent consequent support confidence lift leverage conviction";
    for r in rules.iter().take(50) {
        for key in keys.split(' ') {
            assert!(r.get(key).is_some(), "{key}");
        }
    }
    rules.len()
}

#[test]
fn rules_on_groceries_match_arules() {
    if !have_groceries() {
        return;
    }
    assert_eq!(rule_count("0.5"), 5668);
    assert_eq!(rule_count("0.8"), 410);
    let table = groceries("0.5", &["--top", "3"]);
    assert!(table.starts_with("5668 rules from 9835 baskets"), "{table}");
    let first = table.lines().nth(2).unwrap();
    assert!(
        first.contains("{Instant food products, soda}")
            && first.contains("{hamburger meat}")
            && first.contains("18.9957"),
        "{table}"
    );
    assert_eq!(table.lines().count(), 5, "{table}");
}

#[test]
fn rules_from_payments() {
    let mut args = vec!["rules".to_owned()];
    args.extend(demo_inputs());
    args.extend(
        [
            "--min-support",
            "0.005",
            "--min-confidence",
            "0.1",
            "--json",
        ]
        .map(str::to_owned),
    );
    let v: Value = serde_json::from_str(&ok(&args)).unwrap();
    assert!(!v["rules"].as_array().unwrap().is_empty());
}

/// (user, item) pairs paid for in the demo (events `pay` rows and every orders row).
fn demo_bought() -> HashSet<(String, String)> {
    let mut bought = HashSet::new();
    for (file, user_col, item_col, filter) in [
        ("events.csv", "user_id", "item_id", Some(("event", "pay"))),
        ("orders.csv", "user_id", "item_id", None),
    ] {
        let text = std::fs::read_to_string(demo().join(file)).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let (u, i) = (col(user_col), col(item_col));
        let f = filter.map(|(c, v)| (col(c), v));
        for line in lines {
            let cells: Vec<&str> = line.split(',').collect();
            if f.is_some_and(|(c, v)| cells[c] != v) || cells[i].is_empty() {
                continue;
            }
            bought.insert((cells[u].to_owned(), cells[i].to_owned()));
        }
    }
    bought
}

#[test]
fn recommend_json_lists_unbought_items_per_user() {
    let mut args = vec!["recommend".to_owned()];
    args.extend(demo_inputs());
    args.extend(["--max-users", "1000", "--top", "5", "--json"].map(str::to_owned));
    let v: Value = serde_json::from_str(&ok(&args)).unwrap();
    let map = v.as_object().unwrap();
    assert!(map.len() > 100, "{}", map.len());
    let bought = demo_bought();
    assert!(!bought.is_empty());
    for (user, items) in map {
        let items = items.as_array().unwrap();
        assert!(items.len() <= 5);
        let mut seen = HashSet::new();
        for i in items {
            let i = i.as_str().unwrap();
            assert!(seen.insert(i), "{user} gets {i} twice");
            assert!(
                !bought.contains(&(user.clone(), i.to_owned())),
                "{user} already bought {i}"
            );
        }
    }

    // A chosen model and chosen persons, as a readable listing.
    let first = map.keys().next().unwrap().clone();
    let mut args = vec!["recommend".to_owned()];
    args.extend(demo_inputs());
    args.extend(["--model", "item_cf", "--user", &first, "--top", "3"].map(str::to_owned));
    let text = ok(&args);
    assert!(text.contains("item_cf") && text.contains(&first), "{text}");
    assert!(text.contains(" 1. ") && text.contains(" — "), "{text}");
}

#[test]
fn evaluate_prints_every_model_on_both_splits() {
    let mut args = vec!["evaluate".to_owned()];
    args.extend(demo_inputs());
    args.extend(["--k", "5"].map(str::to_owned));
    let text = ok(&args);
    assert!(
        text.contains("Time split") && text.contains("Leave-one-out"),
        "{text}"
    );
    for h in ["P@5", "R@5", "NDCG@5", "MAP@5", "hit rate@5", "coverage"] {
        assert!(text.contains(h), "{h}: {text}");
    }
    for m in [
        "popularity",
        "item_cf",
        "user_knn",
        "als",
        "content",
        "hybrid",
    ] {
        assert_eq!(
            text.lines()
                .filter(|l| l.split_whitespace().next() == Some(m))
                .count(),
            2,
            "{m}: {text}"
        );
    }
    assert_eq!(text.matches(" *").count(), 2, "one best per split: {text}");

    args.push("--json".into());
    let v: Value = serde_json::from_str(&ok(&args)).unwrap();
    for split in ["time_split", "leave_one_out"] {
        assert_eq!(v[split]["k"], 5);
        assert_eq!(v[split]["rows"].as_array().unwrap().len(), 6);
        assert!(v[split]["best_model"].is_string());
    }
}

/// Every row rejected: exit 1 naming the main reason and an example, no report written.
#[test]
fn nothing_accepted_exits_1_with_the_main_reason() {
    let dir = temp_dir("rejected");
    let ev = dir.join("events.csv");
    std::fs::write(
        &ev,
        "user_id,event,timestamp\nu1,enter,yesterday\nu2,enter,soon\n,enter,2025-03-01 20:00:00\n",
    )
    .unwrap();
    let (ev, out) = (s(&ev), s(&dir.join("r.json")));
    let e = fails(&["analyze", "--events", &ev, "--out", &out], 1);
    assert!(e.contains("no row was accepted"), "{e}");
    assert!(
        e.contains("line 2, column \"timestamp\", value \"yesterday\""),
        "{e}"
    );
    assert!(!dir.join("r.json").exists());
    for cmd in ["recommend", "evaluate", "rules"] {
        let e = fails(&[cmd, "--events", &ev], 1);
        assert!(e.contains("no row was accepted"), "{cmd}: {e}");
    }
}

/// Hostile option values: usage errors (exit 2) naming the option, never a panic.
#[test]
fn hostile_option_values_exit_2() {
    let dir = fixture();
    let ev = s(&dir.join("events.csv"));
    let out = s(&dir.join("r.json"));
    let cases: &[(&[&str], &str)] = &[
        (&["--tz", "+1中"], "--tz"),
        (&["--tz", "+08:-30"], "--tz"),
        (&["--tz", "+14:30"], "--tz"),
        (&["--tz", "+99999999999999999999"], "--tz"),
        (&["--tz", ""], "--tz"),
        (&["--map-event", "=pay"], "--map-event"),
        (&["--map-event", " =pay"], "--map-event"),
        (&["--map-event", "下单="], "--map-event"),
        (&["--map", ".user=UID"], "--map"),
        (&["--map", "events.=UID"], "--map"),
        (&["--map", "events.user"], "--map"),
        (&["--k", "99999999999999999999999"], "--k"),
        (
            &["--funnel-window", "9999999999999999999d"],
            "--funnel-window",
        ),
        (&["--rules-min-support", "NaN"], "--rules-min-support"),
        (
            &["--rules-min-confidence", "-0.1"],
            "--rules-min-confidence",
        ),
        (&["--predict-cutoff", "2024-02-30"], "--predict-cutoff"),
    ];
    for (extra, flag) in cases {
        let mut args = vec!["analyze", "--events", &ev, "--out", &out];
        args.extend_from_slice(extra);
        let e = fails(&args, 2);
        assert!(e.contains(flag), "{extra:?}: {e}");
        assert!(!e.contains("panicked"), "{extra:?}: {e}");
    }
    // A valid offset within ±14:00 is accepted.
    ok(&["analyze", "--events", &ev, "--out", &out, "--tz", "-14:00"]);
}

/// `--out` on an input and `--charts` on a file are refused before any work.
#[test]
fn outputs_are_checked_before_the_analysis() {
    let dir = fixture();
    let ev = dir.join("events.csv");
    let before = std::fs::read(&ev).unwrap();
    let e = fails(&["analyze", "--events", &s(&ev), "--out", &s(&ev)], 2);
    assert!(e.contains("--out") && e.contains("overwrite"), "{e}");
    // The same file by another spelling of its path.
    let other = format!("{}/./events.csv", s(&dir));
    let e = fails(&["analyze", "--events", &s(&ev), "--out", &other], 2);
    assert!(e.contains("--out"), "{e}");
    assert_eq!(std::fs::read(&ev).unwrap(), before);

    let file = dir.join("charts.txt");
    std::fs::write(&file, "x").unwrap();
    let out = dir.join("r.json");
    let e = fails(
        &[
            "analyze",
            "--events",
            &s(&ev),
            "--out",
            &s(&out),
            "--charts",
            &s(&file),
        ],
        2,
    );
    assert!(e.contains("--charts") && e.contains("not a folder"), "{e}");
    assert!(!out.exists(), "the report must not be written");
    let e = fails(&["analyze", "--events", &s(&ev), "--out", &s(&dir)], 2);
    assert!(e.contains("--out") && e.contains("folder"), "{e}");
}

/// `livelens rules … | head -1`: the reader goes away; no panic, exit 0.
#[test]
fn closed_stdout_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = temp_dir("pipe");
    let baskets = dir.join("b.csv");
    // Many rules, so the output is far larger than a pipe's buffer.
    let mut text = String::new();
    for i in 0..2000 {
        let items: Vec<String> = (0..6)
            .map(|j| format!("p{}", (i * 7 + j * 3) % 40))
            .collect();
        text.push_str(&items.join(","));
        text.push('\n');
    }
    std::fs::write(&baskets, text).unwrap();
    for extra in [&["--json"][..], &["--top", "100000"][..]] {
        let mut child = Command::new(BIN)
            .args(["rules", "--baskets", &s(&baskets), "--min-support", "0.001"])
            .args(["--min-confidence", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty());
        // The reader is dropped here: stdout is closed.
        let o = child.wait_with_output().unwrap();
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(o.status.code(), Some(0), "{err}");
    }
}

/// One buyer paying 22 products in one session: `rules` and `analyze` finish, bounded, and say
/// what was cut.
#[test]
fn a_22_product_basket_is_bounded() {
    let dir = temp_dir("big_basket");
    let items: Vec<String> = (0..22).map(|i| format!("p{i:02}")).collect();
    let baskets = dir.join("b.csv");
    std::fs::write(&baskets, items.join(",") + "\n").unwrap();
    let o = run(&["rules", "--baskets", &s(&baskets), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("cut"), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rules"].as_array().unwrap().len(), 100_000);
    assert_eq!(v["max_len"], 6);
    assert!(v["cut"]["message"]
        .as_str()
        .unwrap()
        .contains("up to 6 items"));
    assert_eq!(v["cut"]["max_len_lowered_from"], 10);

    let mut ev = String::from("user_id,session_id,event,timestamp,item_id,order_id,amount\n");
    for (i, item) in items.iter().enumerate() {
        ev.push_str(&format!(
            "u1,s1,pay,2025-03-01 20:{i:02}:00,{item},o{i},9.9\n"
        ));
    }
    ev.push_str("u2,s1,enter,2025-03-01 20:00:00,,,\n");
    let events = dir.join("events.csv");
    std::fs::write(&events, ev).unwrap();
    let out = dir.join("r.json");
    let o = run(&["analyze", "--events", &s(&events), "--out", &s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("association rules were cut"),
        "{}",
        stderr(&o)
    );
    let report = read_json(&out);
    let rules = &report["rules"];
    assert_eq!(rules["max_len"], 6);
    assert_eq!(rules["cut"]["max_len_lowered_from"], 10);
    assert!(!rules["rules"].as_array().unwrap().is_empty());
}

/// Without --user, `recommend --json` lists every person; --max-users caps it and says so.
#[test]
fn recommend_lists_everyone_unless_capped() {
    let mut args = vec!["recommend".to_owned()];
    args.extend(demo_inputs());
    args.push("--json".into());
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let all: Value = serde_json::from_slice(&o.stdout).unwrap();
    let people: HashSet<String> = std::fs::read_to_string(demo().join("events.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next().map(str::to_owned))
        .collect();
    assert!(people.len() > 200, "{}", people.len());
    let listed = all.as_object().unwrap();
    for p in &people {
        assert!(listed.contains_key(p), "{p} not listed");
    }
    assert!(!stderr(&o).contains("--max-users"), "{}", stderr(&o));

    args.extend(["--max-users".into(), "7".into()]);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let some: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(some.as_object().unwrap().len(), 7);
    assert!(stderr(&o).contains("--max-users 7"), "{}", stderr(&o));
}

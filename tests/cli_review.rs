//! `livelens review` end to end: the statements as text, the standalone HTML page (inline CSS,
//! inline SVG charts, every user text escaped — hostile session titles, host names and product
//! titles included), the session option and its errors, and `analyze --review-session`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_livelens");

const HOSTILE_TITLE: &str = "<script>alert('t')</script> & \"quoted\"";
const HOSTILE_HOST: &str = "<img src=x onerror=alert(1)>";
const HOSTILE_ITEM: &str = "</style><script>alert(\"p\")</script>";

fn run(args: &[String]) -> Output {
    Command::new(BIN).args(args).output().expect("run livelens")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The small demo written once, with hostile texts put into the sessions and items files: every
/// session title, the host 陈老师's name and every product title.
fn demo() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("livelens-cli-review-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let o = run(&["demo".into(), "--out".into(), dir.display().to_string()]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let edit = |name: &str, f: &dyn Fn(&[String], &mut Vec<String>)| {
            let path = dir.join(name);
            let src = std::fs::read_to_string(&path).unwrap();
            let mut rd = csv::Reader::from_reader(src.as_bytes());
            let header: Vec<String> = rd.headers().unwrap().iter().map(str::to_owned).collect();
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&header).unwrap();
            for rec in rd.records() {
                let mut row: Vec<String> = rec.unwrap().iter().map(str::to_owned).collect();
                f(&header, &mut row);
                w.write_record(&row).unwrap();
            }
            std::fs::write(&path, w.into_inner().unwrap()).unwrap();
        };
        let col = |h: &[String], n: &str| h.iter().position(|x| x == n).unwrap();
        edit("sessions.csv", &|h, row| {
            row[col(h, "title")] = format!("{HOSTILE_TITLE} {}", row[col(h, "session_id")]);
            let host = col(h, "host");
            if row[host] == "陈老师" {
                row[host] = HOSTILE_HOST.to_owned();
            }
        });
        edit("items.csv", &|h, row| {
            row[col(h, "title")] = format!("{HOSTILE_ITEM}{}", row[col(h, "item_id")]);
        });
        dir
    })
}

fn inputs() -> Vec<String> {
    let d = demo();
    let mut v = Vec::new();
    for (flag, file) in [
        ("--events", "events.csv"),
        ("--orders", "orders.csv"),
        ("--items", "items.csv"),
        ("--sessions", "sessions.csv"),
    ] {
        v.push(flag.to_owned());
        v.push(d.join(file).display().to_string());
    }
    v.extend(["--tz".to_owned(), "+08:00".to_owned()]);
    v
}

fn review(extra: &[&str]) -> Output {
    let mut args = vec!["review".to_owned()];
    args.extend(inputs());
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    run(&args)
}

#[test]
fn statements_are_printed_as_text_in_both_languages() {
    let o = review(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.starts_with("Review of session s30"), "{out}");
    for heading in ["What went well", "What to change", "Next time"] {
        assert!(out.contains(heading), "{out}");
    }
    assert!(out.contains("previous 10 sessions"), "{out}");
    assert!(out.contains("outside the middle half"), "{out}");
    let o = review(&["--lang", "zh", "--session", "s12"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.starts_with("直播复盘：场次 s12"), "{out}");
    assert!(
        out.contains("做得好的") && out.contains("下次直播"),
        "{out}"
    );
}

#[test]
fn the_html_page_is_standalone_printable_and_escapes_every_user_text() {
    let dir = std::env::temp_dir().join(format!("livelens-cli-review-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for lang in ["en", "zh"] {
        let path = dir.join(format!("review-{lang}.html"));
        let p = path.display().to_string();
        let o = review(&["--out", &p, "--lang", lang]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        assert!(o.stdout.is_empty());
        let h = std::fs::read_to_string(&path).unwrap();
        assert!(h.starts_with("<!DOCTYPE html>"));
        assert!(h.contains(if lang == "zh" {
            "lang=\"zh-CN\""
        } else {
            "lang=\"en\""
        }));
        // Inline CSS with print rules, two inline SVG charts, nothing fetched.
        assert!(h.contains("<style>") && h.contains("@page") && h.contains("@media print"));
        assert_eq!(h.matches("<svg").count(), 2, "two charts");
        assert!(!h.contains("src=\"http") && !h.contains("<link") && !h.contains("<script"));
        // The hostile texts appear only escaped (session title, host, product titles).
        assert!(!h.contains("<img"), "host name unescaped");
        assert!(!h.contains("</style><script"), "product title unescaped");
        assert_eq!(h.matches("</style>").count(), 1);
        assert!(h.contains(
            "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; &quot;quoted&quot; s30"
        ));
        assert!(h.contains("&lt;img src=x onerror=alert(1)&gt;"));
        // A pitch statement names a product: its hostile title is there, escaped.
        assert!(
            h.contains("&lt;/style&gt;&lt;script&gt;"),
            "no product named"
        );
    }
}

#[test]
fn a_session_that_does_not_exist_is_a_usage_error() {
    let o = review(&["--session", "s99"]);
    assert_eq!(o.status.code(), Some(2));
    let e = text(&o.stderr);
    assert!(e.contains("--session: no session \"s99\""), "{e}");
    let o = review(&["--lang", "fr"]);
    assert_eq!(o.status.code(), Some(2));
    let o = review(&["--bogus", "1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--bogus"));
}

#[test]
fn analyze_puts_the_chosen_sessions_review_in_the_report() {
    let dir = std::env::temp_dir().join(format!("livelens-cli-review-an-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("r.json");
    let mut args = vec!["analyze".to_owned()];
    args.extend(inputs());
    args.extend(
        [
            "--review-session",
            "s12",
            "--out",
            &out.display().to_string(),
        ]
        .map(str::to_owned),
    );
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let r = &v["review"];
    assert_eq!(r["session_id"], "s12");
    assert!(r["kpis"].as_array().unwrap().len() >= 10);
    for part in ["went_well", "to_change", "next_time"] {
        for s in r[part].as_array().unwrap() {
            assert!(s["text"]["en"].is_string() && s["text"]["zh"].is_string());
            assert!(s["rule"]["key"].is_string());
        }
    }
    let mut args = vec!["analyze".to_owned()];
    args.extend(inputs());
    args.extend(
        [
            "--review-session",
            "nope",
            "--out",
            &out.display().to_string(),
        ]
        .map(str::to_owned),
    );
    let o = run(&args);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--review-session: no session \"nope\""));
}

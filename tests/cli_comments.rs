//! `livelens comments` end to end: the binary run on a danmaku export (user, time, text) and
//! on a room with Q&A answers, its exact `--json` shape, the text output and its errors.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_livelens");

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("livelens-cli-comments-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("run livelens")
}

fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// Two sessions; in s1 the host account answers one question, a Q&A `answer` row answers
/// the asker of another; s2's question waits in vain.
const ROOM: &str = "user_id,session_id,event,timestamp,content
v1,s1,comment,2025-03-01 20:00:00,主播晚上好
v2,s1,comment,2025-03-01 20:01:00,这个课多少钱？
v3,s1,comment,2025-03-01 20:01:30,多少钱啊
v4,s1,comment,2025-03-01 20:02:00,太贵了 学生党买不起
v5,s1,comment,2025-03-01 20:03:00,可以开发票吗
v5,s1,answer,2025-03-01 20:05:00,回复：可以开
v6,s1,comment,2025-03-01 20:09:00,已拍！
v7,s2,comment,2025-03-02 20:00:00,<b>有回放吗</b>
";

#[test]
fn json_has_exactly_the_documented_shape() {
    let f = temp_file("room.csv", ROOM);
    let out = ok(&["comments", "--events", f.to_str().unwrap(), "--json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&v), ["comments", "phrases", "questions"]);
    let comments = v["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 7, "the answer row is no comment");
    for c in comments {
        assert_eq!(
            keys(c),
            [
                "intent",
                "row",
                "sentiment",
                "session",
                "text",
                "time",
                "user"
            ]
        );
    }
    assert_eq!(comments[1]["row"], 2);
    assert_eq!(comments[1]["user"], "v2");
    assert_eq!(comments[1]["session"], "s1");
    assert_eq!(comments[1]["time"], "2025-03-01 20:01:00");
    assert_eq!(comments[1]["intent"], "question");
    assert_eq!(comments[1]["sentiment"], 0);
    assert_eq!(comments[3]["intent"], "objection");
    assert_eq!(comments[3]["sentiment"], -1);
    assert_eq!(comments[5]["intent"], "purchase");
    // User text comes back as written (never interpreted).
    assert_eq!(comments[6]["text"], "<b>有回放吗</b>");
    let q = v["questions"].as_array().unwrap();
    for g in q {
        assert_eq!(keys(g), ["answered", "count", "text"]);
    }
    let find = |t: &str| q.iter().find(|g| g["text"] == t).unwrap();
    // 这个课多少钱 and 多少钱啊 are one question, asked twice, not answered.
    assert_eq!(find("这个课多少钱？")["count"], 2);
    assert_eq!(find("这个课多少钱？")["answered"], false);
    assert_eq!(find("可以开发票吗")["answered"], true);
    assert_eq!(find("<b>有回放吗</b>")["answered"], false);
    assert!(v["phrases"].is_array());

    // --session keeps one session's rows.
    let out = ok(&[
        "comments",
        "--events",
        f.to_str().unwrap(),
        "--session",
        "s2",
        "--json",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["comments"].as_array().unwrap().len(), 1);
    assert_eq!(v["comments"][0]["row"], 8);
}

#[test]
fn text_output_summarises_and_errors_name_the_problem() {
    let f = temp_file(
        "danmaku.csv",
        "用户,时间,弹幕内容\na,2025-10-01 20:00:01,多少钱？\nb,2025-10-01 20:00:05,b站都有免费的\n",
    );
    let out = ok(&["comments", "--file", f.to_str().unwrap()]);
    assert!(
        out.contains("2 comments (2 with text), 2 classified"),
        "{out}"
    );
    assert!(
        out.contains("question") && out.contains("多少钱？"),
        "{out}"
    );
    assert!(out.contains("free_alternative"), "{out}");
    let o = run(&[
        "comments",
        "--file",
        f.to_str().unwrap(),
        "--session",
        "nope",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no session \"nope\""));
    let o = run(&["comments", "--file", f.to_str().unwrap(), "--top", "0"]);
    assert_eq!(o.status.code(), Some(2));
    let bare = temp_file(
        "no_text.csv",
        "user_id,event,timestamp\na,comment,2025-10-01 20:00:01\n",
    );
    let o = run(&["comments", "--events", bare.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("needs comment text"));
}

#[test]
fn analyze_writes_the_comments_section() {
    let f = temp_file("room2.csv", ROOM);
    let out = f.with_file_name("report.json");
    ok(&[
        "analyze",
        "--events",
        f.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let c = &r["comments"];
    assert_eq!(c["classified"], 7);
    assert_eq!(c["answer_rows"], 1);
    assert_eq!(c["questions"]["asked"], 4);
    assert_eq!(c["questions"]["answered"], 1);
    assert_eq!(c["by_session"].as_array().unwrap().len(), 2);
}

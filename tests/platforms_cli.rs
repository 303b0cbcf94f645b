//! `livelens analyze` on platform exports: stderr names the recognised layout, its unit, how
//! each column was read, how orders were tied to live sessions and where a session summary and
//! the events disagree; the report JSON carries the same.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_livelens");
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/platforms/");

#[test]
fn analyze_says_what_was_recognised_and_how_orders_were_tied() {
    let out = std::env::temp_dir().join(format!(
        "livelens-platforms-cli-{}.json",
        std::process::id()
    ));
    let o = Command::new(BIN)
        .args(["analyze", "--tz", "+08:00", "--file"])
        .arg(format!("{DIR}compass_sessions.csv"))
        .arg("--file")
        .arg(format!("{DIR}douyin_shop_orders_live.csv"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains(
        "recognised: Douyin Compass / Buyin live-session summary, one row per live session (platform douyin, money in yuan (元) or local currency); 3 live sessions"
    ), "{err}");
    assert!(err.contains("直播间观看人数 → viewers"), "{err}");
    assert!(err.contains("订单应付金额 → order_amount (yuan)"), "{err}");
    assert!(err.contains(
        "orders tied to live sessions: 0 by room id, 3 by creator and time window, 1 by time window; 2 not tied"
    ), "{err}");
    assert!(err.contains(
        "session 7300000000000000101: gmv is 99 from the events but 12000 in the session summary (difference -11901)"
    ), "{err}");
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let _ = std::fs::remove_file(&out);
    let files = r["validation"]["files"].as_array().unwrap();
    assert_eq!(files[0]["layout"]["kind"], "sessions");
    assert_eq!(
        files[1]["layout"]["order_sessions"]["by_creator_and_time"],
        3
    );
    assert_eq!(r["kpis"]["summaries"].as_array().unwrap().len(), 3);
    assert_eq!(r["kpis"]["by_session"][0]["viewers"], 8000);
    let from: Vec<&str> = r["kpis"]["by_session"][0]["from_summary"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        from.contains(&"viewers") && !from.contains(&"gmv"),
        "{from:?}"
    );
}

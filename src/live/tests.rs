use super::*;
use crate::model::{Dataset, EventKind, Interner, SessionInfo, NONE};

/// A look at `file` as the follower asks: size, head, bytes from the offset.
fn look(f: &mut Follower, file: &[u8]) -> FollowStep {
    let size = file.len() as u64;
    let head = &file[..f.head_len(size)];
    let from = (f.offset() as usize).min(file.len());
    f.step(size, head, &file[from..])
}

#[test]
fn follower_keeps_a_half_line_until_it_is_complete() {
    let mut f = Follower::new();
    let mut file = b"user,time,event\nu1,2024-01-01 10:00:00,en".to_vec();
    assert_eq!(
        look(&mut f, &file),
        FollowStep::Append(b"user,time,event\n".to_vec())
    );
    assert_eq!(f.partial_len(), b"u1,2024-01-01 10:00:00,en".len());
    file.extend_from_slice(b"ter");
    assert!(matches!(
        look(&mut f, &file),
        FollowStep::Wait { idle_looks: 0, .. }
    ));
    file.extend_from_slice(b"\nu2,2024-01-01 10:00:01,enter\nu3");
    assert_eq!(
        look(&mut f, &file),
        FollowStep::Append(
            b"u1,2024-01-01 10:00:00,enter\nu2,2024-01-01 10:00:01,enter\n".to_vec()
        )
    );
    assert_eq!(f.finish(), b"u3".to_vec());
}

#[test]
fn follower_waits_through_a_pause() {
    let mut f = Follower::new();
    let file = b"a,b\n1,2\n".to_vec();
    assert!(matches!(look(&mut f, &file), FollowStep::Append(_)));
    assert_eq!(
        look(&mut f, &file),
        FollowStep::Wait {
            idle_looks: 1,
            partial_bytes: 0
        }
    );
    assert!(matches!(
        look(&mut f, &file),
        FollowStep::Wait { idle_looks: 2, .. }
    ));
    let mut more = file.clone();
    more.extend_from_slice(b"3,4\n");
    assert_eq!(look(&mut f, &more), FollowStep::Append(b"3,4\n".to_vec()));
    assert_eq!(f.restarts(), 0);
}

#[test]
fn follower_restarts_on_truncation_and_replacement() {
    let mut f = Follower::new();
    let file = b"a,b\n1,2\n3,4\n".to_vec();
    assert!(matches!(look(&mut f, &file), FollowStep::Append(_)));
    // Truncated: smaller than what was read.
    let short = b"a,b\n1,2\n".to_vec();
    match look(&mut f, &short) {
        FollowStep::Restart { message } => assert!(message.contains("truncated"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(f.offset(), 0);
    assert_eq!(look(&mut f, &short), FollowStep::Append(short.clone()));
    // Replaced: same size or larger, but different first bytes.
    let other = b"x,y\n9,9\n7,7\n".to_vec();
    match look(&mut f, &other) {
        FollowStep::Restart { message } => assert!(message.contains("replaced"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(look(&mut f, &other), FollowStep::Append(other.clone()));
    assert_eq!(f.restarts(), 2);
}

#[test]
fn follower_fingerprint_grows_with_a_short_file() {
    let mut f = Follower::new();
    let mut file = b"a\n".to_vec();
    assert!(matches!(look(&mut f, &file), FollowStep::Append(_)));
    file.extend(std::iter::repeat_n(b'z', 300));
    file.push(b'\n');
    assert!(matches!(look(&mut f, &file), FollowStep::Append(_)));
    // A change inside the (now longer) fingerprint is a replacement.
    let mut changed = file.clone();
    changed[100] = b'y';
    assert!(matches!(look(&mut f, &changed), FollowStep::Restart { .. }));
}

/// A dataset with one session "live" (and optionally "old" before it) built from rows
/// (session, user, seconds from 10:00, kind, item, order, amount, text).
type Row = (
    &'static str,
    &'static str,
    i64,
    EventKind,
    &'static str,
    &'static str,
    f64,
    &'static str,
);

struct Rows(Vec<Row>);

const T0: i64 = 1_700_000_000_000;

fn dataset(rows: &Rows) -> Dataset {
    let mut ds = Dataset {
        users: Interner::new(),
        ..Dataset::default()
    };
    for (i, &(s, u, sec, kind, item, order, amount, text)) in rows.0.iter().enumerate() {
        let user = ds.users.intern(u);
        let session = ds.sessions.intern(s);
        let item = if item.is_empty() {
            NONE
        } else {
            ds.items.intern(item)
        };
        let order = if order.is_empty() {
            NONE
        } else {
            ds.orders.intern(order)
        };
        let name = ds.event_names.intern(kind.key());
        ds.events.push(
            user,
            T0 + sec * 1000,
            kind,
            name,
            session,
            item,
            order,
            amount,
        );
        if !text.is_empty() {
            ds.events.extra.set_text(i, text);
        }
    }
    ds.events.pad_extras();
    ds.session_info.resize(
        ds.sessions.len(),
        SessionInfo {
            host: NONE,
            ..SessionInfo::default()
        },
    );
    ds.item_info.resize(ds.items.len(), Default::default());
    ds
}

fn feed(rows: &Rows, chunk: usize) -> (Dataset, LiveState) {
    let ds = dataset(rows);
    let mut st = LiveState::new(LiveParams {
        session: Some("live".into()),
        ..LiveParams::default()
    })
    .unwrap();
    let n = ds.events.len();
    let mut at = 0;
    while at < n {
        let end = (at + chunk).min(n);
        st.update(&ds, at..end);
        at = end;
    }
    st.finish(&ds);
    (ds, st)
}

use EventKind::*;

fn basic() -> Rows {
    Rows(vec![
        ("live", "a", 0, Enter, "", "", 0.0, ""),
        ("live", "b", 5, Enter, "", "", 0.0, ""),
        ("live", "c", 70, Enter, "", "", 0.0, ""),
        // Out of order by 3 s: b leaves at 62 s, arriving after c's enter at 70 s.
        ("live", "b", 62, Leave, "", "", 0.0, ""),
        ("live", "a", 80, ProductView, "p1", "", 0.0, ""),
        ("live", "a", 85, Click, "p1", "", 0.0, ""),
        ("live", "a", 90, Order, "p1", "o1", 99.0, ""),
        ("live", "a", 95, Pay, "p1", "o1", 99.0, ""),
        // The same order paid in two rows: one order.
        ("live", "a", 96, Pay, "p1", "o1", 1.0, ""),
        ("live", "c", 100, Comment, "", "", 0.0, "这个课多少钱？"),
        ("live", "x", 110, Comment, "", "", 0.0, "hello"),
        ("other", "z", 120, Enter, "", "", 0.0, ""),
        ("live", "c", 130, Leave, "", "", 0.0, ""),
    ])
}

#[test]
fn state_counts_the_live_session_whatever_the_chunking() {
    let (ds, one) = feed(&basic(), 1);
    let (_, all) = feed(&basic(), 100);
    let (a, b) = (one.screen(&ds), all.screen(&ds));
    assert_eq!(a, b);
    let k = &a.kpis;
    assert_eq!((k.viewers, k.views, k.orders), (3, 3, 1));
    assert_eq!(k.gmv, 100.0);
    assert_eq!(k.buyers, Some(1));
    // b's leave (62 s) arrived after c's enter (70 s) but is applied before it.
    assert_eq!(k.peak_concurrent, 2);
    assert_eq!(a.rows.other_session, 1);
    assert_eq!(a.rows.applied, 12);
    // Minute 1 starts at 60 s: a and b inside (b leaves at 62 s).
    // a enters at 0 s exactly: inside at minute 0's start (enter ≤ t < leave).
    assert_eq!(a.minutes[0].concurrent, Some(1));
    assert_eq!(a.minutes[1].concurrent, Some(2));
    assert_eq!(a.minutes[2].concurrent, Some(2));
    assert_eq!(a.minutes[1].enters, 1);
    assert_eq!(a.minutes[1].leaves, 1);
    assert_eq!(a.minutes[1].orders, 1);
    assert_eq!(
        a.funnel.iter().map(|f| f.count).collect::<Vec<_>>(),
        vec![3, 1, 1, 1, 1]
    );
    assert_eq!(a.questions_total, 1);
    assert_eq!(a.questions[0].text, "这个课多少钱？");
    assert!(!a.questions[0].answered);
    assert_eq!(a.intents.question, 1);
    assert_eq!(k.viewers_now, 1);
}

#[test]
fn questions_are_answered_by_an_answer_within_five_minutes() {
    let rows = Rows(vec![
        ("live", "a", 0, Question, "", "", 0.0, "怎么报名"),
        ("live", "b", 10, Comment, "", "", 0.0, "链接在哪里？"),
        ("live", "h", 200, Answer, "", "", 0.0, ""),
        ("live", "c", 400, Comment, "", "", 0.0, "有发票吗？"),
        ("live", "d", 1000, Comment, "", "", 0.0, "多少钱？"),
        // An answer 6 minutes later does not answer the 400 s question... but answers 1000 s's.
        ("live", "h", 1100, Answer, "", "", 0.0, ""),
    ]);
    let (ds, st) = feed(&rows, 2);
    let s = st.screen(&ds);
    assert_eq!(s.questions_total, 4);
    assert_eq!(s.questions_answered, 3);
    let by_text: Vec<(&str, bool)> = s
        .questions
        .iter()
        .map(|q| (q.text.as_str(), q.answered))
        .collect();
    assert_eq!(
        by_text,
        vec![
            ("多少钱？", true),
            ("有发票吗？", false),
            ("链接在哪里？", true),
            ("怎么报名", true)
        ]
    );
}

#[test]
fn five_unanswered_questions_fire_an_alert_with_their_count() {
    let texts = [
        "多少钱？",
        "怎么买？",
        "有优惠吗？",
        "适合新手吗？",
        "链接在哪？",
    ];
    let users = ["a", "b", "c", "d", "e"];
    let mut v = Vec::new();
    for (k, (t, u)) in texts.iter().zip(users).enumerate() {
        v.push(("live", u, 30 * k as i64, Comment, "", "", 0.0, *t));
    }
    let (ds, st) = feed(&Rows(v), 1);
    let s = st.screen(&ds);
    let a: Vec<&Alert> = s
        .alerts
        .iter()
        .filter(|a| a.kind == AlertKind::UnansweredQuestions)
        .collect();
    assert_eq!(a.len(), 1, "{:?}", s.alerts);
    assert_eq!(a[0].number("unanswered"), Some(5.0));
}

#[test]
fn viewers_drop_fires_once_with_its_numbers() {
    let names: Vec<&'static str> = (0..20)
        .map(|i| &*Box::leak(format!("u{i}").into_boxed_str()))
        .collect();
    let mut v = Vec::new();
    for (i, u) in names.iter().enumerate() {
        v.push(("live", *u, i as i64, Enter, "", "", 0.0, ""));
    }
    // 10 of 20 leave between 2 and 3 minutes in.
    for (i, u) in names.iter().take(10).enumerate() {
        v.push(("live", *u, 130 + i as i64, Leave, "", "", 0.0, ""));
    }
    v.push(("live", "late", 240, Like, "", "", 0.0, ""));
    let (ds, st) = feed(&Rows(v), 3);
    let s = st.screen(&ds);
    let drops: Vec<&Alert> = s
        .alerts
        .iter()
        .filter(|a| a.kind == AlertKind::ViewersDrop)
        .collect();
    assert_eq!(drops.len(), 1, "{:?}", s.alerts);
    assert_eq!(drops[0].number("from"), Some(20.0));
    assert!(drops[0].number("to").unwrap() <= 13.0);
}

#[test]
fn tool_runs_split_after_a_gap_and_merge_when_filled() {
    let rows = Rows(vec![
        ("live", "a", 0, LotteryJoin, "", "", 0.0, ""),
        ("live", "b", 60, LotteryJoin, "", "", 0.0, ""),
        ("live", "c", 1200, LotteryJoin, "", "", 0.0, ""),
        ("live", "c", 1300, PollVote, "", "", 0.0, ""),
        ("live", "d", 600, LotteryJoin, "", "", 0.0, ""),
    ]);
    let (ds, st) = feed(&rows, 1);
    let m = st.screen(&ds).markers;
    let bags: Vec<(u32, u32, u32)> = m
        .iter()
        .filter(|m| m.kind == MarkerKind::LuckyBag)
        .map(|m| (m.start_minute, m.end_minute, m.rows))
        .collect();
    // 0–60 s and 600 s are within 5 minutes of each other? 60 → 600 is 9 min: separate; 600 →
    // 1200 is 10 min: separate.
    assert_eq!(bags, vec![(0, 1, 2), (10, 10, 1), (20, 20, 1)]);
    assert!(m
        .iter()
        .any(|m| m.kind == MarkerKind::Poll && m.start_minute == 21));
}

#[test]
fn baseline_bands_come_from_previous_sessions() {
    let mut v = Vec::new();
    for (s, off, n) in [("s1", 0, 2), ("s2", 10_000, 4), ("s3", 20_000, 6)] {
        let users = ["a", "b", "c", "d", "e", "f"];
        for u in users.iter().take(n) {
            v.push((s, *u, off, Enter, "", "", 0.0, ""));
        }
        v.push((s, "a", off + 90, Pay, "", "", 10.0 * n as f64, ""));
    }
    v.push(("live", "a", 30_000, Enter, "", "", 0.0, ""));
    let ds = dataset(&Rows(v));
    let mut st = LiveState::new(LiveParams {
        session: Some("live".into()),
        ..LiveParams::default()
    })
    .unwrap();
    let n = ds.events.len();
    st.update(&ds, n - 1..n);
    let b = st.screen(&ds).baseline.unwrap();
    assert_eq!(b.session_ids, vec!["s1", "s2", "s3"]);
    assert_eq!(b.minutes[0].enters.median, 4.0);
    assert_eq!(b.minutes[0].enters.q1, 3.0);
    assert_eq!(b.minutes[1].gmv.median, 40.0);
    // Visits without a leave end at the person's last event: only "a" (paid at 90 s) is inside.
    assert_eq!(b.minutes[1].concurrent.q3, 1.0);
}

#[test]
fn late_rows_are_counted_and_still_placed_in_their_minute() {
    let rows = Rows(vec![
        ("live", "a", 0, Enter, "", "", 0.0, ""),
        ("live", "b", 300, Enter, "", "", 0.0, ""),
        // 4 minutes late.
        ("live", "c", 60, Enter, "", "", 0.0, ""),
    ]);
    let (ds, st) = feed(&rows, 1);
    let s = st.screen(&ds);
    assert_eq!(s.rows.late, 1);
    assert_eq!(s.minutes[1].enters, 1);
    assert_eq!(s.kpis.viewers_now, 3);
}

#[test]
fn params_are_checked() {
    let bad = LiveParams {
        funnel_steps: vec![Enter],
        ..LiveParams::default()
    };
    assert!(LiveState::new(bad).is_err());
    let bad = LiveParams {
        reorder_seconds: -1,
        ..LiveParams::default()
    };
    assert!(LiveState::new(bad).is_err());
}

#[test]
fn a_newer_session_in_the_same_file_starts_afresh_but_stray_rows_do_not() {
    let mut v = Vec::new();
    let users: Vec<&'static str> = (0..30)
        .map(|i| &*Box::leak(format!("v{i}").into_boxed_str()))
        .collect();
    for (i, u) in users.iter().enumerate() {
        v.push(("live", *u, i as i64, Enter, "", "", 0.0, ""));
    }
    // A stray row of another session an hour later, then the live session goes on.
    v.push(("old", "z", 3600, Refund, "", "", 5.0, ""));
    v.push(("live", "v0", 3601, Like, "", "", 0.0, ""));
    // Then a new session two hours later: 25 enters.
    for (i, u) in users.iter().take(25).enumerate() {
        v.push(("next", *u, 7200 + i as i64, Enter, "", "", 0.0, ""));
    }
    let ds = dataset(&Rows(v));
    let mut st = LiveState::new(LiveParams::default()).unwrap();
    for i in 0..ds.events.len() {
        st.update(&ds, i..i + 1);
    }
    let s = st.screen(&ds);
    assert_eq!(s.session_id, "next");
    // Its first 20 rows, held until the switch, are replayed: all 25 count.
    assert_eq!(s.kpis.views, 25);
    assert!(s.baseline.is_some(), "the previous session is history now");
}

#[test]
fn an_answer_arriving_before_its_question_still_answers_it() {
    let rows = Rows(vec![
        ("live", "h", 100, Answer, "", "", 0.0, ""),
        // Asked 3 s before the answer, read after it.
        ("live", "a", 97, Comment, "", "", 0.0, "这个课多少钱？"),
        ("live", "b", 130, Like, "", "", 0.0, ""),
    ]);
    let (ds, st) = feed(&rows, 1);
    let s = st.screen(&ds);
    assert_eq!(s.questions_total, 1);
    assert_eq!(s.questions[0].status, "answered");
    assert_eq!(s.question_groups[0].count, 1);
}

#[test]
fn a_row_weeks_away_is_not_part_of_the_live() {
    let rows = Rows(vec![
        ("live", "a", 0, Enter, "", "", 0.0, ""),
        ("live", "b", 100 * 86_400, Enter, "", "", 0.0, ""),
        ("live", "c", 30, Enter, "", "", 0.0, ""),
    ]);
    let (ds, st) = feed(&rows, 1);
    let s = st.screen(&ds);
    assert_eq!(s.rows.out_of_range, 1);
    assert_eq!(s.minutes.len(), 1);
    assert_eq!(s.kpis.viewers, 2);
}

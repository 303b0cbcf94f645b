use super::*;
use crate::model::{Dataset, EventKind, NONE};

fn cand(id: &str, comments: &[(i64, Option<&str>)], follower: Option<bool>) -> Candidate {
    Candidate {
        user_id: id.into(),
        comments: comments
            .iter()
            .map(|&(ts, t)| CandidateComment {
                ts,
                text: t.map(str::to_owned),
            })
            .collect(),
        is_follower: follower,
        fan_club: None,
    }
}

#[test]
fn seeds_parse_and_print() {
    let s = parse_seed(&"0a".repeat(32)).unwrap();
    assert_eq!(s, [10u8; 32]);
    assert_eq!(seed_hex(&s), "0a".repeat(32));
    assert_eq!(
        parse_seed(&format!(" {}\n", "AB".repeat(32))).unwrap(),
        [0xab; 32]
    );
    assert!(parse_seed("abc").is_err());
    assert!(parse_seed(&"zz".repeat(32)).is_err());
}

#[test]
fn below_stays_in_range_and_power_of_two_rejects_nothing() {
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha20Rng::from_seed([3; 32]);
    for n in [1u64, 2, 3, 7, 10, 1 << 40, u64::MAX] {
        for _ in 0..200 {
            assert!(below(&mut rng, n) < n);
        }
    }
    // For a power of two no word is rejected: the result is the word's low bits.
    let mut a = rand_chacha::ChaCha20Rng::from_seed([5; 32]);
    let mut b = rand_chacha::ChaCha20Rng::from_seed([5; 32]);
    use rand::RngCore;
    for _ in 0..100 {
        assert_eq!(below(&mut a, 16), b.next_u64() % 16);
    }
}

#[test]
fn canonical_sorts_dedups_and_refuses_line_breaks() {
    let v: Vec<String> = ["b", "a", "b", "é", "Z"].map(String::from).to_vec();
    assert_eq!(canonical(&v).unwrap(), ["Z", "a", "b", "é"]);
    assert_eq!(
        list_bytes(&canonical(&v).unwrap()),
        "Z\na\nb\né\n".as_bytes()
    );
    assert!(canonical(&["a\nb".to_owned()]).is_err());
    assert!(canonical(&[String::new()]).is_err());
}

#[test]
fn rule_window_keyword_followers_exclusion() {
    let c = vec![
        cand("old", &[(1_000, Some("hello"))], None),
        cand("recent", &[(590_000, Some("I want it"))], Some(true)),
        cand("kw", &[(595_000, Some("LUCKY please"))], None),
        cand("late", &[(700_000, Some("lucky"))], Some(true)),
        cand("past", &[(599_000, Some("lucky"))], Some(true)),
    ];
    let at = 600_000;
    let base = eligible(&c, &Eligibility::default(), at).unwrap();
    assert_eq!(base.ids, ["kw", "old", "past", "recent"]);
    assert_eq!(base.commenters, 4);
    let w = Eligibility {
        within_seconds: Some(60),
        ..Default::default()
    };
    let r = eligible(&c, &w, at).unwrap();
    assert_eq!(r.ids, ["kw", "past", "recent"]);
    assert_eq!(r.outside_window, 1);
    let k = Eligibility {
        keyword: Some(" lucky ".into()),
        excluded: vec!["past".into()],
        ..Default::default()
    };
    let r = eligible(&c, &k, at).unwrap();
    assert_eq!(r.ids, ["kw"]);
    assert_eq!((r.without_keyword, r.excluded), (2, 1));
    let f = Eligibility {
        followers_only: true,
        ..Default::default()
    };
    assert_eq!(eligible(&c, &f, at).unwrap().ids, ["past", "recent"]);
    let fan = Eligibility {
        fan_club_only: true,
        ..Default::default()
    };
    assert!(
        eligible(&c, &fan, at).is_err(),
        "no fan-club data: an error, not an empty list"
    );
    let no_text = vec![cand("a", &[(1, None)], None)];
    assert!(eligible(&no_text, &k, at).is_err());
    let bad = Eligibility {
        within_seconds: Some(0),
        ..Default::default()
    };
    assert!(eligible(&c, &bad, at).is_err());
}

#[test]
fn a_person_listed_twice_is_one_entry() {
    let c = vec![
        cand("a", &[(1, None)], None),
        cand("a", &[(2, None)], Some(true)),
        cand("b", &[(3, None)], None),
    ];
    let f = Eligibility {
        followers_only: true,
        ..Default::default()
    };
    let r = eligible(&c, &f, 10).unwrap();
    assert_eq!(r.ids, ["a"]);
    assert_eq!((r.commenters, r.not_follower), (2, 1));
}

#[test]
fn dataset_adapter_reads_comments_and_follows() {
    let mut ds = Dataset::default();
    let s1 = ds.sessions.intern("s1");
    let s2 = ds.sessions.intern("s2");
    let name = ds.event_names.intern("comment");
    let push = |ds: &mut Dataset, user: &str, ts: i64, kind: EventKind, session: u32| {
        let u = ds.users.intern(user);
        ds.events.push(u, ts, kind, name, session, NONE, NONE, 0.0);
    };
    push(&mut ds, "u1", 10, EventKind::Comment, s1);
    push(&mut ds, "u2", 20, EventKind::Comment, s2);
    push(&mut ds, "u3", 30, EventKind::Follow, s2);
    push(&mut ds, "u3", 40, EventKind::Comment, s1);
    push(&mut ds, "u1", 50, EventKind::Follow, s1);
    push(&mut ds, "u4", 60, EventKind::Comment, s1);
    ds.finish();
    assert_eq!(session_last_time(&ds, "s1").unwrap(), 60);
    let c = candidates(&ds, "s1", 45).unwrap();
    let ids: Vec<&str> = c.iter().map(|c| c.user_id.as_str()).collect();
    assert_eq!(ids, ["u1", "u3"]);
    assert_eq!(
        c[0].is_follower, None,
        "u1 follows only after the draw time"
    );
    assert_eq!(c[1].is_follower, Some(true));
    let err = candidates(&ds, "nope", 45).unwrap_err().to_string();
    assert!(err.contains("s1, s2"), "{err}");
}

#[test]
fn draw_refuses_zero_winners_and_empty_lists() {
    let seed = [1u8; 32];
    assert!(draw(&seed, &["a".to_owned()], 0).is_err());
    assert!(draw(&seed, &[], 1).is_err());
}

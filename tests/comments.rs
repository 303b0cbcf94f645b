//! Comment understanding: classifier accuracy on the labelled set (regression floor), phrase
//! discovery on a generated stream, question grouping and the answered window.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the assertion

use livelens::comments::{
    classify, group_questions, mark_answered, objection_theme, phrases, GroupParams, Intent,
    ObjectionTheme, PhraseParams, TimedQuestion,
};

fn load(path: &str) -> Vec<(String, Intent, i8)> {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[0].to_owned(),
                Intent::from_key(&r[1]).unwrap(),
                r[2].parse().unwrap(),
            )
        })
        .collect()
}

fn accuracy(rows: &[&(String, Intent, i8)]) -> (f64, f64) {
    let n = rows.len() as f64;
    let (mut i, mut s) = (0.0, 0.0);
    for (text, intent, sentiment) in rows {
        let c = classify(text);
        i += f64::from(u8::from(c.intent == *intent));
        s += f64::from(u8::from(c.sentiment == *sentiment));
    }
    (i / n, s / n)
}

#[test]
fn test_part_accuracy_stays_above_the_measured_floor() {
    let rows = load("tests/fixtures/comments/labelled.csv");
    assert!(rows.len() >= 400);
    // The fixed split: data row i (1-based) is TEST when i % 3 == 0.
    let test: Vec<_> = rows
        .iter()
        .enumerate()
        .filter(|(i, _)| (i + 1) % 3 == 0)
        .map(|(_, r)| r)
        .collect();
    assert!(test.len() >= 150);
    let (intent, sentiment) = accuracy(&test);
    // Measured 96.7% / 97.6% (docs/benchmarks.md); the floor leaves a small margin.
    assert!(intent >= 0.93, "TEST intent accuracy {intent:.3}");
    assert!(sentiment >= 0.95, "TEST sentiment accuracy {sentiment:.3}");
    // Round three (docs/benchmarks.md): BLIND 96.2% / 97.1% and BLIND2 100% / 99.0% (both seen);
    // BLIND3, the held-back set measured once, 87.5% / 90.3%.
    for (file, floor_intent, floor_sentiment) in [
        ("blind", 0.93, 0.95),
        ("blind2", 0.95, 0.95),
        ("blind3", 0.85, 0.88),
    ] {
        let rows = load(&format!("tests/fixtures/comments/{file}.csv"));
        let (intent, sentiment) = accuracy(&rows.iter().collect::<Vec<_>>());
        assert!(intent >= floor_intent, "{file} intent accuracy {intent:.3}");
        assert!(
            sentiment >= floor_sentiment,
            "{file} sentiment accuracy {sentiment:.3}"
        );
    }
}

#[test]
fn mixed_comments_follow_the_metrics_rules() {
    let cases = [
        ("贵是贵 但是值 已拍", Intent::Purchase),
        ("已拍，怎么进群？", Intent::Question),
        ("有优惠吗", Intent::Question),
        ("便宜点就买", Intent::Objection),
        ("刚拍完 怎么看不到课程", Intent::Complaint),
        ("为什么没声音", Intent::Complaint),
        ("好便宜哦 才2999呢🙂", Intent::Objection),
        ("不贵 真的值", Intent::Praise),
        ("太贵了😂", Intent::Objection),
        ("😂😂😂", Intent::Other),
        ("１１１１", Intent::Other),
        ("多少錢？", Intent::Question),
        (
            "love the content but the price is too much",
            Intent::Objection,
        ),
        ("", Intent::Other),
    ];
    for (text, want) in cases {
        assert_eq!(classify(text).intent, want, "{text}");
    }
    assert_eq!(classify("卡了").sentiment, -1);
    assert_eq!(classify("讲得太好了").sentiment, 1);
    assert_eq!(classify("多少钱").sentiment, 0);
}

#[test]
fn objection_themes() {
    assert_eq!(
        objection_theme("太贵了 学生党买不起"),
        ObjectionTheme::Price
    );
    assert_eq!(
        objection_theme("b站都有免费的"),
        ObjectionTheme::FreeAlternative
    );
    assert_eq!(objection_theme("不会是割韭菜吧"), ObjectionTheme::Trust);
    assert_eq!(objection_theme("上班太忙了 没空看"), ObjectionTheme::Time);
    assert_eq!(objection_theme("不能退款我不敢买"), ObjectionTheme::Refund);
    assert_eq!(
        objection_theme("youtube has this for free"),
        ObjectionTheme::FreeAlternative
    );
    assert_eq!(objection_theme("我再想想"), ObjectionTheme::Other);
}

/// A small deterministic generator (LCG) so the stream is the same on every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn phrases_surface_planted_names_and_slang() {
    let filler: Vec<char> = "的了是我你他在有这个们来去说好看听学会能要就都也很还吗呢啊吧老师主播课程今天明天时候一下真的".chars().collect();
    let words = [
        "the", "a", "is", "so", "and", "this", "for", "you", "we", "it", "on", "good", "i",
    ];
    let mut rng = Lcg(11);
    let mut texts: Vec<String> = Vec::new();
    for i in 0..600 {
        if i % 4 == 3 {
            let mut w: Vec<&str> = (0..3 + rng.next(5))
                .map(|_| words[rng.next(words.len())])
                .collect();
            if i % 8 == 3 {
                let at = rng.next(w.len() + 1);
                w.insert(at, "friday");
                w.insert(at, "black");
            }
            texts.push(w.join(" "));
            continue;
        }
        let mut s: String = (0..4 + rng.next(8))
            .map(|_| filler[rng.next(filler.len())])
            .collect();
        let plant = match i % 5 {
            0 => Some("雅思速成营"),
            1 => Some("绝绝子"),
            _ => None,
        };
        if let Some(p) = plant {
            let chars: Vec<char> = s.chars().collect();
            let at = rng.next(chars.len() + 1);
            s = chars[..at].iter().collect::<String>()
                + p
                + &chars[at..].iter().collect::<String>();
        }
        texts.push(s);
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let found = phrases(&refs, &PhraseParams::default()).unwrap();
    let top: Vec<&str> = found.iter().take(10).map(|p| p.text.as_str()).collect();
    for want in ["雅思速成营", "绝绝子", "black friday"] {
        assert!(top.contains(&want), "{want} not in top 10: {top:?}");
    }
    // Fragments that only occur inside the planted name are dropped.
    assert!(!found.iter().any(|p| p.text == "雅思速成"), "{top:?}");
    let p = found.iter().find(|p| p.text == "雅思速成营").unwrap();
    let planted = texts.iter().filter(|t| t.contains("雅思速成营")).count();
    assert_eq!(p.count as usize, planted);
    assert!(phrases(
        &refs,
        &PhraseParams {
            min_len: 1,
            ..PhraseParams::default()
        }
    )
    .is_err());
}

#[test]
fn questions_group_near_duplicates_and_keep_distinct_ones_apart() {
    let qs = [
        "多少钱",
        "多少钱？",
        "老师多少钱啊",
        "链接在哪",
        "链接在哪里？？",
        "有回放吗",
        "多少钱",
        "how much is it",
        "how much is it?",
        "有回放吗 老师",
    ];
    let groups = group_questions(&qs, &GroupParams::default()).unwrap();
    let price = &groups[0];
    assert_eq!(price.text, "多少钱");
    assert_eq!(price.members, vec![0, 1, 2, 6]);
    let find = |t: &str| {
        groups
            .iter()
            .find(|g| {
                g.members
                    .contains(&qs.iter().position(|q| *q == t).unwrap())
            })
            .unwrap()
    };
    assert_eq!(find("链接在哪").count, 2);
    assert_eq!(find("有回放吗").count, 2);
    assert_eq!(find("how much is it").count, 2);
    assert_eq!(groups.len(), 4);
    assert_eq!(groups.iter().map(|g| g.count).sum::<usize>(), qs.len());
    assert!(group_questions(&qs, &GroupParams { threshold: 0.0 }).is_err());
}

#[test]
fn answered_within_five_minutes_boundaries() {
    let q = |time: f64| TimedQuestion {
        time,
        user: Some("viewer"),
    };
    let questions = [
        q(0.0),
        q(100.0),
        q(1000.0),
        q(2000.0),
        TimedQuestion {
            time: 50.0,
            user: Some("host"),
        },
    ];
    // An answer event exactly 300 s after the first question: answered (inclusive).
    // The host comments 400.5 s after the second: too late; the third gets the host at +300.
    let answers = [300.0];
    let comments = [(500.5, "host"), (1300.0, "host"), (2001.0, "viewer")];
    let got = mark_answered(&questions, &answers, &comments, Some("host"), 300.0).unwrap();
    assert_eq!(got, vec![true, true, true, false, true]);
    // q(100) is answered by the answer at 300 (+200 s); 300.001 s after is not.
    let late = mark_answered(&[q(0.0)], &[300.001], &[], None, 300.0).unwrap();
    assert_eq!(late, vec![false]);
    // An answer before the question does not count.
    let before = mark_answered(&[q(10.0)], &[9.0], &[], None, 300.0).unwrap();
    assert_eq!(before, vec![false]);
    // Another viewer's comment is no answer.
    let viewer = mark_answered(&[q(0.0)], &[], &[(10.0, "viewer")], Some("host"), 300.0).unwrap();
    assert_eq!(viewer, vec![false]);
    assert!(mark_answered(&[q(0.0)], &[], &[], None, f64::NAN).is_err());
}

#[test]
fn weighted_phrases_equal_phrases_on_the_repeated_texts() {
    use livelens::comments::phrases_weighted;
    let distinct = [
        ("雅思速成营真不错", 4u32),
        ("雅思速成营多少钱", 3),
        ("绝绝子 雅思速成营", 5),
        ("black friday deal", 3),
        ("the black friday sale is on", 2),
        ("今天 绝绝子", 3),
    ];
    let mut repeated: Vec<&str> = Vec::new();
    for &(t, n) in &distinct {
        repeated.extend(std::iter::repeat_n(t, n as usize));
    }
    let p = PhraseParams {
        min_cohesion: 0.0,
        min_freedom: 0.0,
        ..PhraseParams::default()
    };
    let a = phrases(&repeated, &p).unwrap();
    let b = phrases_weighted(&distinct, &p).unwrap();
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

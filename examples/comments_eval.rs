//! Accuracy and confusion matrices of the comment classifier on the labelled set
//! (`tests/fixtures/comments/labelled.csv`), DEV and TEST parts separately, plus speed.
//!
//! The split is fixed: data row i (1-based, after the header) is TEST when i % 3 == 0.
//! `blind.csv` was written after the first lexicons were frozen (BLIND; the lexicons were then
//! broadened after looking at its errors), `blind2.csv` after that second freeze (BLIND2,
//! never tuned on). Both are reported apart.
//! `blind3.csv` (BLIND3, 321 comments written on 2026-12-01 before any prediction was looked
//! at) is the held-back set of the third round: only evaluated with `--blind3`, once, after the
//! last change to lexicons and table.
//! Run: `cargo run --release --example comments_eval [-- --errors dev|test|blind|blind2]
//! [--rules-only] [--blind3]`.

use livelens::comments::{classify, classify_rules_only, Intent};
use std::time::Instant;

struct Row {
    text: String,
    intent: Intent,
    sentiment: i8,
    test: bool,
}

fn load(path: &str) -> Result<Vec<Row>, String> {
    let mut rdr = csv::Reader::from_path(path).map_err(|e| format!("{path}: {e}"))?;
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| format!("{path}: row {}: {e}", i + 2))?;
        let field = |k: usize| rec.get(k).unwrap_or("").to_owned();
        let intent = Intent::from_key(&field(1)).ok_or_else(|| {
            format!(
                "{path}: row {}, column intent: unknown {:?}",
                i + 2,
                field(1)
            )
        })?;
        let sentiment: i8 = field(2)
            .trim()
            .parse()
            .map_err(|_| format!("{path}: row {}, column sentiment: {:?}", i + 2, field(2)))?;
        rows.push(Row {
            text: field(0),
            intent,
            sentiment,
            test: (i + 1) % 3 == 0 || path.contains("blind"),
        });
    }
    Ok(rows)
}

fn report(
    name: &str,
    rows: &[&Row],
    show_errors: bool,
    classify: fn(&str) -> livelens::comments::Classified,
) {
    let mut intent = [[0usize; 7]; 7];
    let mut sent = [[0usize; 3]; 3];
    let (mut ok_i, mut ok_s) = (0, 0);
    for r in rows {
        let c = classify(&r.text);
        intent[r.intent.index()][c.intent.index()] += 1;
        sent[(r.sentiment + 1) as usize][(c.sentiment + 1) as usize] += 1;
        ok_i += usize::from(c.intent == r.intent);
        ok_s += usize::from(c.sentiment == r.sentiment);
        if show_errors && (c.intent != r.intent || c.sentiment != r.sentiment) {
            println!(
                "  {:<40} want {}/{:+} got {}/{:+}",
                r.text,
                r.intent.key(),
                r.sentiment,
                c.intent.key(),
                c.sentiment
            );
        }
    }
    let n = rows.len().max(1) as f64;
    println!(
        "{name}: {} comments, intent accuracy {:.1}%, sentiment accuracy {:.1}%",
        rows.len(),
        100.0 * ok_i as f64 / n,
        100.0 * ok_s as f64 / n
    );
    println!("intent confusion (rows = label, columns = predicted):");
    print!("| label \\ predicted |");
    for i in Intent::ALL {
        print!(" {} |", i.key());
    }
    println!();
    println!("|---|{}", "---:|".repeat(7));
    for i in Intent::ALL {
        print!("| {} |", i.key());
        for v in intent[i.index()] {
            print!(" {v} |");
        }
        println!();
    }
    println!("sentiment confusion:");
    println!("| label \\ predicted | −1 | 0 | +1 |\n|---|---:|---:|---:|");
    for (k, row) in sent.iter().enumerate() {
        println!(
            "| {:+} | {} | {} | {} |",
            k as i32 - 1,
            row[0],
            row[1],
            row[2]
        );
    }
    println!();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let errors = args
        .iter()
        .position(|a| a == "--errors")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let rows = match load("tests/fixtures/comments/labelled.csv") {
        Ok(r) => r,
        Err(e) => {
            eprintln!("comments_eval: {e}");
            std::process::exit(1);
        }
    };
    let f: fn(&str) -> livelens::comments::Classified = if args.iter().any(|a| a == "--rules-only")
    {
        println!("(rules only, no naive Bayes fallback)");
        classify_rules_only
    } else {
        classify
    };
    let dev: Vec<&Row> = rows.iter().filter(|r| !r.test).collect();
    let test: Vec<&Row> = rows.iter().filter(|r| r.test).collect();
    report("DEV", &dev, errors.as_deref() == Some("dev"), f);
    report("TEST", &test, errors.as_deref() == Some("test"), f);
    // BLIND3 is the held-back set: measured once, with `--blind3`, after the last change.
    let mut sets = vec![("BLIND", "blind"), ("BLIND2", "blind2")];
    if args.iter().any(|a| a == "--blind3") {
        sets.push(("BLIND3", "blind3"));
    }
    for (name, file) in sets {
        match load(&format!("tests/fixtures/comments/{file}.csv")) {
            Ok(b) => report(
                name,
                &b.iter().collect::<Vec<_>>(),
                errors.as_deref() == Some(file),
                f,
            ),
            Err(e) => eprintln!("comments_eval: {e}"),
        }
    }
    for lang_en in [false, true] {
        let part: Vec<&Row> = rows
            .iter()
            .filter(|r| r.test && r.text.chars().any(|c| c.is_ascii_alphabetic()) == lang_en)
            .collect();
        let ok = part
            .iter()
            .filter(|r| classify(&r.text).intent == r.intent)
            .count();
        println!(
            "TEST {} (by Latin letters): {} comments, intent {:.1}%",
            if lang_en { "with Latin" } else { "no Latin" },
            part.len(),
            100.0 * ok as f64 / part.len().max(1) as f64
        );
    }
    // Speed: the whole set classified repeatedly.
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let reps = 200;
    let start = Instant::now();
    let mut acc = 0i64;
    for _ in 0..reps {
        for t in &texts {
            let c = classify(t);
            acc += i64::from(c.sentiment) + c.intent.index() as i64;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "speed: {:.0} comments/s ({} classified, checksum {acc})",
        (reps * texts.len()) as f64 / secs,
        reps * texts.len()
    );
}

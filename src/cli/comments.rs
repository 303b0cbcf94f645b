//! `livelens comments`: every comment's intent and sentiment, the questions grouped with
//! whether they were answered, objections by theme and the phrases of the room.

use std::time::Instant;

use serde::Serialize;

use super::args::Args;
use super::table::table;
use super::{input, out, print_json, Failure};
use livelens::comments::{self, AskStatus, CommentsParams, Intent};
use livelens::ingest::parse::format_ts;
use livelens::lottery::session_id;

/// One classified row of `--json`.
#[derive(Serialize)]
struct CommentOut<'a> {
    /// 1-based position in the time-ordered event log (the data row of one time-sorted file).
    row: usize,
    user: &'a str,
    session: Option<&'a str>,
    /// Local time, `YYYY-MM-DD HH:MM:SS`.
    time: String,
    text: &'a str,
    intent: &'static str,
    sentiment: i8,
}

#[derive(Serialize)]
struct QuestionOut<'a> {
    text: &'a str,
    count: u32,
    /// At least one ask of the group was answered within 5 minutes.
    answered: bool,
}

#[derive(Serialize)]
struct PhraseOut<'a> {
    text: &'a str,
    count: u64,
    score: f64,
}

#[derive(Serialize)]
struct Out<'a> {
    comments: Vec<CommentOut<'a>>,
    questions: Vec<QuestionOut<'a>>,
    phrases: Vec<PhraseOut<'a>>,
}

pub fn run(a: &Args) -> Result<(), Failure> {
    a.only(&input::known(&["session", "json", "top"]))
        .map_err(Failure::Usage)?;
    let top = super::options::number_in(a, "top", |n: &usize| *n >= 1, "a positive integer")?
        .unwrap_or(20);
    let loaded = input::load(a, "comments")?;
    let ds = &loaded.dataset;
    let session = match a.value("session") {
        Some(id) => Some(session_id(ds, id).map_err(|e| Failure::Run(e.to_string()))?),
        None => None,
    };
    let t0 = Instant::now();
    let p = CommentsParams {
        session,
        ..CommentsParams::default()
    };
    let result = comments::analyse(ds, &p)?;
    eprintln!(
        "classified {} comments in {:.2} s",
        result.rows.len(),
        t0.elapsed().as_secs_f64()
    );
    let ev = &ds.events;
    let tz = ds.tz_offset_minutes;
    let groups = result.tracker.groups();
    let s = &result.section;
    if a.flag("json") {
        let comments = result
            .rows
            .iter()
            .map(|r| {
                let i = r.row;
                let sess = ev.session[i];
                CommentOut {
                    row: i + 1,
                    user: ds.users.name(ev.user[i]),
                    session: (sess != livelens::model::NONE).then(|| ds.sessions.name(sess)),
                    time: format_ts(ev.ts[i], tz),
                    text: ev.extra.text(i).unwrap_or(""),
                    intent: r.classified.intent.key(),
                    sentiment: r.classified.sentiment,
                }
            })
            .collect();
        return print_json(&Out {
            comments,
            questions: groups
                .iter()
                .map(|g| QuestionOut {
                    text: &g.text,
                    count: g.count,
                    answered: g.answered > 0,
                })
                .collect(),
            phrases: s
                .phrases
                .iter()
                .map(|p| PhraseOut {
                    text: &p.text,
                    count: p.count,
                    score: p.score,
                })
                .collect(),
        });
    }

    let mut text = format!(
        "{} comments ({} with text), {} classified{}\n\nIntents:\n",
        s.comments,
        s.comments_with_text,
        s.classified,
        match a.value("session") {
            Some(id) => format!(" in session {id}"),
            None => String::new(),
        }
    );
    let share = |n: u64| format!("{:.1}%", 100.0 * n as f64 / s.classified.max(1) as f64);
    let rows: Vec<Vec<String>> = Intent::ALL
        .iter()
        .map(|&i| {
            let n = s.intents.get(i);
            vec![i.key().to_owned(), n.to_string(), share(n)]
        })
        .collect();
    text.push_str(&table(&["intent", "comments", "share"], &rows));
    text.push_str(&format!(
        "sentiment: {} negative, {} neutral, {} positive\n",
        s.sentiment.negative, s.sentiment.neutral, s.sentiment.positive
    ));
    let asks = result.tracker.asks();
    let answered = asks
        .iter()
        .filter(|q| q.status == AskStatus::Answered)
        .count();
    text.push_str(&format!(
        "\nQuestions: {} asked in {} groups, {} answered within 5 minutes, {} not{}\n",
        asks.len(),
        groups.len(),
        answered,
        asks.len() - answered,
        if groups.len() > top {
            format!("; the {top} most asked:")
        } else {
            ":".into()
        }
    ));
    let rows: Vec<Vec<String>> = groups
        .iter()
        .take(top)
        .map(|g| {
            vec![
                g.count.to_string(),
                g.answered.to_string(),
                (g.unanswered + g.waiting).to_string(),
                g.text.clone(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        text.push_str(&table(
            &["asked", "answered", "unanswered", "question"],
            &rows,
        ));
    }
    if !s.objections.is_empty() {
        text.push_str("\nObjections by theme:\n");
        let rows: Vec<Vec<String>> = s
            .objections
            .iter()
            .map(|o| {
                vec![
                    o.theme.clone(),
                    o.count.to_string(),
                    format!("{:.1}%", 100.0 * o.share),
                    o.examples
                        .iter()
                        .map(|(t, n)| format!("{t} ({n})"))
                        .collect::<Vec<_>>()
                        .join(" / "),
                ]
            })
            .collect();
        text.push_str(&table(&["theme", "count", "share", "most said"], &rows));
    }
    if !s.phrases.is_empty() {
        text.push_str("\nPhrases (found without a dictionary):\n");
        let rows: Vec<Vec<String>> = s
            .phrases
            .iter()
            .take(top)
            .map(|p| {
                vec![
                    p.text.clone(),
                    p.count.to_string(),
                    format!("{:.1}", p.score),
                ]
            })
            .collect();
        text.push_str(&table(&["phrase", "count", "score"], &rows));
    }
    text.push_str("\nEvery comment with its intent and sentiment: add --json.\n");
    out(&text)
}

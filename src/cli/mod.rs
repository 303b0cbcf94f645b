//! Command-line parsing and the subcommands, one file each. Errors go to stderr with a non-zero
//! exit: 2 for usage errors (the message names the option and what it accepts), 1 for input or
//! runtime errors (the message names the file).

mod analyze;
mod args;
mod comments;
mod demo;
mod engine;
mod evaluate;
mod input;
mod lottery;
mod options;
mod recommend;
mod review;
mod rules;
mod table;
mod watch;

use std::path::Path;

use args::Args;
use livelens::i18n::Lang;

const USAGE: &str = "livelens — private live-commerce analytics

USAGE:
  livelens analyze   INPUT --out report.json [--charts DIR] [--lang en|zh] [--pretty]
                     [ANALYSIS OPTIONS]
  livelens recommend INPUT [--model NAME] [--top N] [--user ID[,ID…]]… [--max-users N]
                     [--k K] [--seed N] [--lang en|zh] [--json]
  livelens evaluate  INPUT [--k K] [--seed N] [--json]
  livelens rules     (--baskets FILE | INPUT) [--min-support S] [--min-confidence C]
                     [--max-len N] [--basket-by order|person_session] [--top N] [--json]
  livelens comments  INPUT [--session ID] [--top N] [--json]
  livelens review    INPUT [--session ID] [--out review.html] [--lang en|zh]
  livelens demo      --out DIR [--seed N] [--scale small|medium|large]
  livelens lottery   commit INPUT --session ID [LOTTERY RULE] --seed-file S [--out commit.json]
  livelens lottery   draw INPUT --session ID --winners N [LOTTERY RULE] --seed-file S
                     --out proof.json
  livelens lottery   draw --commitment commit.json --seed-file S [--winners N] --out proof.json
  livelens lottery   verify proof.json [--json]
  livelens watch     INPUT [--every 5s] [--out report.json] [--session ID] [--pretty]
                     [--idle-exit N] [--max-looks N] [ANALYSIS OPTIONS]
  livelens help

SCALE-OUT (run by livelens-df beside livelens; docs/scale-out.md):
  livelens analyze --engine datafusion INPUT… [--by creator] [--sections …]
                   [--memory-limit 8G | --cluster H:P]
  livelens sql \"SELECT …\" INPUT… [--memory-limit 8G | --cluster H:P]
                   SQL with livelens_funnel, livelens_report, …
  livelens executor --scheduler HOST:PORT [--memory-limit 8G]
                   a Ballista executor with those functions
  livelens demo --scale huge --creators N --out DIR [--format parquet|csv]
  --memory-limit SIZE      what a query's operators may hold in this process (an executor:
                           its tasks); over it the run stops with DataFusion's \"Resources
                           exhausted\" error instead of taking the machine

INPUT (analyze, review, recommend, evaluate, rules, comments, watch, lottery commit and draw):
  --events F --orders F    exports by kind (at least one of the two);
  --items F --users F      also the product catalogue, the users' attributes
  --sessions F             and the live sessions
  --file F                 a file whose kind is detected from its columns (repeatable)
  --tz OFFSET              time zone of naive timestamps: UTC (default), +08:00, Asia/Shanghai
  --keep-duplicates        keep exact duplicate rows (default: drop and report them)
  --threads N              threads that parse an events file and compute the report (default: all cores; same result)
  --map KIND.FIELD=HEADER  use column HEADER for FIELD in the KIND file
                           (e.g. --map events.user=UID; HEADER empty = no column)
  --map-event NAME=EVENT   treat event name NAME as canonical EVENT (e.g. 下单成功=pay)
  --sheet NAME             spreadsheet sheet to read (default: the first)
  --platform NAME          platform of the rows no platform export or platform column
                           places (douyin, kuaishou, wechat_channels, taobao, tiktok,
                           youtube, 抖音…, or any name); --platform FILE=NAME for one file

ANALYZE:
  --out FILE               where to write the JSON report
  --charts DIR             also write the charts as PNG files into DIR
  --lang en|zh             language of the charts' texts (default en)
  --pretty                 indent the JSON report
  --sections S,S,…         compute only these sections: kpis, segments, funnel, timeline,
                           retention, comparison, rules, prediction, recommendations
                           [all]; the others are null and listed as skipped (not_selected)

ANALYSIS OPTIONS (analyze; defaults in brackets):
  --funnel-steps E,E,…     2 to 10 canonical events [enter,product_view,click,order,pay]
  --funnel-mode ordered|strict|any_order                                   [ordered]
  --funnel-window DURATION conversion window: 24h, 30m, 3600s, 2d          [24h]
  --funnel-breakdown none|session|host|attr:NAME|rfm|cluster                [none]
  --compare-a GROUP        control group: host:NAME, sessions:ID,ID… or attr:NAME=VALUE
  --compare-b GROUP        variant group (both or neither; [the two hosts with most viewers])
  --compare-metric conversion|click_through|follow|interaction             [conversion]
  --timeline-session ID    session of the timeline           [the one with most viewers]
  --review-session ID      session of the post-live review             [the latest]
  --retention-period day|week                                              [week]
  --retention-mode on|on_or_after                                          [on]
  --retention-start EVENT  event that puts a person in a cohort            [pay]
  --retention-return EVENT|any  event that counts as a return              [any]
  --k N                    number of behavioural clusters, 2 to 50 [best silhouette in 2..8]
  --rules-min-support S    association rules: minimum support, (0, 1]       [0.01]
  --rules-min-confidence C association rules: minimum confidence, [0, 1]    [0.2]
  --basket-by order|person_session  what makes one basket                  [person_session]
  --predict-cutoff DATE    purchase prediction: first held-out day, YYYY-MM-DD
                           [the last quarter of the data's days, at most 7]
  --predict-threshold T    decision threshold, chosen on the training persons: f1 (highest F1),
                           recall:R (highest reaching recall R), or a fixed probability  [f1]
  --model NAME             recommendation model: popularity, item_cf, user_knn, als,
                           content or hybrid                  [the best by evaluation]

RECOMMEND (what to pitch to whom; prints a listing with reasons, or JSON
{\"user id\": [\"item id\", …], …} with --json):
  --model NAME             as above                           [the best by evaluation]
  --top N                  products per person, 1 to 10000                 [10]
  --user ID[,ID…]          persons to list (repeatable)  [everyone, most recently active first]
  --max-users N            without --user, list only the N most recently active
                           persons                                        [all]
  --k K, --seed N          cut-off and seed of the evaluation that picks the model [10, 42]
  --lang en|zh             language of the reasons                         [en]

EVALUATE (every recommendation model on a time split and on leave-one-out):
  --k K                    cut-off of P@K, R@K, NDCG@K, MAP@K, hit rate    [10]
  --seed N                 seed of ALS and of the evaluation sample        [42]
  --json                   print the evaluation as JSON

REVIEW (the post-live review of one session against the creator's previous sessions):
  --session ID             session to review                               [the latest]
  --out FILE               write the review as one printable HTML page (inline CSS and
                           SVG charts); without it the statements are printed as text
  --lang en|zh             language of the review                          [en]

RULES (association rules, arules conventions):
  --baskets FILE           one basket per line, items separated by commas
                           (or INPUT: baskets of paid products, see --basket-by [person_session])
  --min-support S          (0, 1]                                          [0.001]
  --min-confidence C       [0, 1]                                          [0.5]
  --max-len N              most items in a rule, 1 to 10                   [10]
  --top N                  rules in the table, by lift                     [20]
  --json                   print {\"rules\": [{\"antecedent\", \"consequent\", \"support\",
                           \"confidence\", \"lift\", \"leverage\", \"conviction\", \"count\"}, …],
                           \"rules_found\", \"max_len\", \"cut\"} (all rules up to the limits:
                           200,000 frequent itemsets, 100,000 rules; \"cut\" says what a limit
                           left out, null if nothing; conviction null = infinite)

COMMENTS (intent and sentiment of every comment; questions grouped and answered or not
within 5 minutes; objections by theme; phrases found without a dictionary):
  --session ID             only this session's comments                    [all]
  --top N                  questions and phrases in the tables             [20]
  --json                   print {\"comments\": [{\"row\", \"user\", \"session\", \"time\", \"text\",
                           \"intent\", \"sentiment\"}, …], \"questions\": [{\"text\", \"count\",
                           \"answered\"}, …], \"phrases\": [{\"text\", \"count\", \"score\"}, …]}
                           (row: position in the time-ordered event log, from 1)

LOTTERY (fair and verifiable, protocol in docs/lottery.md; eligible = commented in the
session at or before the draw time, narrowed by the rule; one entry per person):
  --at TIME                draw time                  [the session's last event]
  --within DURATION        commented within this long before the draw, e.g. 10m
  --keyword K              commented a text containing K (needs comment text)
  --followers-only         followers of the host only (from follow events)
  --fan-club-only          fan-club members only (needs fan-club data)
  --exclude FILE           past winners: one id per line, or an earlier proof.json
  --seed-file S            the secret seed, 64 hex digits; created (mode 0600) if missing
  --winners N              how many winners, in draw order (all eligible if fewer)
  commit prints the commitment (short code and a line to pin) before the draw; draw
  reveals the seed; verify exits 0 when the proof holds, 1 with the reasons when not.

WATCH (live mode, docs/live.md: follows the last --events file (else the last --file) while
another tool appends to it; the other inputs are read once as history — earlier sessions give
the baseline band):
  --every DURATION         how often to look at the file, e.g. 5s, 1m      [5s]
  --out FILE               rewrite the JSON report (as analyze writes it) after new rows,
                           atomically (temporary file, then rename); the last one on exit
  --session ID             the live session       [the session of the newest row]
  --idle-exit N            stop after N looks in a row without new rows     [never]
  --max-looks N            stop after N looks                               [never]
  One status block per look on stderr: viewers now, GMV per minute, alerts. Ctrl-C ends
  cleanly: a last look, then the final report.

Exit codes: 0 done, 1 input or runtime error, 2 usage error.
";

/// Runs the CLI; returns the exit code.
pub fn run(argv: &[String]) -> i32 {
    if let Some(code) = engine::dispatch(argv) {
        return code;
    }
    let Some((cmd, rest)) = argv.split_first() else {
        eprint!("{USAGE}");
        return 2;
    };
    if cmd == "lottery" {
        // `lottery commit|draw|verify …`: a sub-command word first, then options.
        return exit_code(lottery::run(rest));
    }
    let args = match Args::parse(rest) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return 2;
        }
    };
    if args.flag("help") {
        let _ = out(USAGE);
        return 0;
    }
    let result = match cmd.as_str() {
        "analyze" => analyze::run(&args),
        "recommend" => recommend::run(&args),
        "evaluate" => evaluate::run(&args),
        "rules" => rules::run(&args),
        "comments" => comments::run(&args),
        "review" => review::run(&args),
        "demo" => demo::run(&args),
        "watch" => watch::run(&args),
        "help" | "--help" | "-h" => out(USAGE),
        other => Err(Failure::Usage(format!("unknown command \"{other}\""))),
    };
    exit_code(result)
}

fn exit_code(result: Result<(), Failure>) -> i32 {
    match result {
        Ok(()) | Err(Failure::Closed) => 0,
        Err(Failure::Usage(m)) => {
            eprintln!("error: {m}\n\nRun `livelens help` for every command and option.");
            2
        }
        Err(Failure::Run(m)) => {
            eprintln!("error: {m}");
            1
        }
    }
}

/// Parses a command line's options as `analyze`, `recommend` and `rules` would, without
/// reading any file: `Ok` or the usage message. The entry point of the option fuzzers
/// (`examples/fuzz_options.rs`, `fuzz/fuzz_targets/options.rs`, which include this module).
#[allow(dead_code)]
pub fn check_options(argv: &[String]) -> Result<(), String> {
    let a = Args::parse(argv)?;
    let usage = |f: Failure| match f {
        Failure::Usage(m) | Failure::Run(m) => m,
        Failure::Closed => String::new(),
    };
    input::check_options(&a).map_err(usage)?;
    options::analysis_options(&a).map_err(usage)?;
    let mut p = livelens::recommend::RecommendParams::default();
    options::recommend_params(&a, &mut p).map_err(usage)?;
    options::fraction(&a, "min-support", false).map_err(usage)?;
    options::fraction(&a, "min-confidence", true).map_err(usage)?;
    options::number_in(&a, "max-len", |n: &usize| (1..=10).contains(n), "1 to 10")
        .map_err(usage)?;
    options::number_in(&a, "max-users", |n: &usize| *n >= 1, "a positive integer")
        .map_err(usage)?;
    lang(&a).map_err(usage)?;
    Ok(())
}

pub enum Failure {
    /// A bad command line (exit 2).
    Usage(String),
    /// Bad input or a failed analysis (exit 1).
    Run(String),
    /// Standard output was closed by its reader (`livelens rules … | head -1`): the command
    /// ends quietly with exit 0, as nothing more can be shown.
    Closed,
}

impl From<livelens::Error> for Failure {
    fn from(e: livelens::Error) -> Self {
        Failure::Run(e.to_string())
    }
}

/// Writes a file, creating its folder.
fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Failure::Run(format!("{}: {e}", parent.display())))?;
    }
    std::fs::write(path, bytes).map_err(|e| Failure::Run(format!("{}: {e}", path.display())))
}

/// `--lang en|zh`.
fn lang(a: &Args) -> Result<Lang, Failure> {
    match a.value("lang") {
        None => Ok(Lang::En),
        Some(v) => options::choice("lang", v, &[("en", Lang::En), ("zh", Lang::Zh)]),
    }
}

/// Prints a value as JSON on stdout.
fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let mut s =
        serde_json::to_string_pretty(value).map_err(|e| Failure::Run(format!("JSON: {e}")))?;
    s.push('\n');
    out(&s)
}

/// Writes text to stdout. Every command prints through this (never `print!`, which panics on a
/// closed pipe): a reader that went away ends the command quietly ([`Failure::Closed`]).
fn out(text: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    o.write_all(text.as_bytes())
        .and_then(|()| o.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Failure::Closed,
            _ => Failure::Run(format!("standard output: {e}")),
        })
}

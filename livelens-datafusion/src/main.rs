//! `livelens-df`: LiveLens's analyses on DataFusion (and Ballista). The product binary
//! `livelens` runs it for `analyze --engine datafusion`, `sql`, `executor` and `demo --scale huge`.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use datafusion::error::{DataFusionError, Result};
use livelens_datafusion::analyze::{analyze, write_kpi_tables, AnalyzeOptions};
use livelens_datafusion::demo::{write_huge, HugeParams};
use livelens_datafusion::tables::{register, Format};
use livelens_datafusion::{context_with_limit, Engine};

const USAGE: &str = "usage:
  livelens-df analyze INPUT... [--sessions PATH] [--by creator] [--sections kpis,hosts,funnel,retention,rfm]
                      [--tz +08:00] [--out report.json] [--pretty] [--tables DIR [--tables-format csv]]
                      [--memory-limit 8G | --cluster HOST:PORT]
  livelens-df sql \"SELECT ...\" INPUT... [--sessions PATH] [--out result.csv|.parquet]
                  [--memory-limit 8G | --cluster HOST:PORT]
  livelens-df demo --scale huge --creators N --out DIR [--per-creator small|medium|large]
                   [--format parquet|csv] [--seed 42]
  livelens-df scheduler [--bind 127.0.0.1] [--port 50050]
  livelens-df executor --scheduler HOST:PORT [--bind 127.0.0.1] [--port 50051] [--grpc-port 50052]
                       [--concurrent-tasks N] [--work-dir DIR] [--memory-limit 8G]
INPUT is a dataset root (with events/ and sessions/), or events files or directories (.csv or
.parquet, hive partitions such as creator=.../date=... become columns). --memory-limit bounds
what a query's operators hold (DataFusion's memory pool, spilling off): over it, the query stops
with DataFusion's \"Resources exhausted\" error.";

/// Parsed command line: positionals and `--name value` options (`--pretty` is a flag).
struct Args {
    positional: Vec<String>,
    options: Vec<(String, Option<String>)>,
}

const FLAGS: [&str; 1] = ["pretty"];

impl Args {
    fn parse(raw: &[String]) -> Result<Args> {
        let mut positional = Vec::new();
        let mut options = Vec::new();
        let mut it = raw.iter();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--") {
                if let Some((n, v)) = name.split_once('=') {
                    options.push((n.to_owned(), Some(v.to_owned())));
                } else if FLAGS.contains(&name) {
                    options.push((name.to_owned(), None));
                } else {
                    let v = it
                        .next()
                        .ok_or_else(|| usage(&format!("--{name} needs a value")))?;
                    options.push((name.to_owned(), Some(v.clone())));
                }
            } else {
                positional.push(a.clone());
            }
        }
        Ok(Args {
            positional,
            options,
        })
    }

    fn only(&self, known: &[&str]) -> Result<()> {
        for (n, _) in &self.options {
            if !known.contains(&n.as_str()) {
                return Err(usage(&format!("unknown option --{n}")));
            }
        }
        Ok(())
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    fn values(&self, name: &str) -> Vec<PathBuf> {
        self.options
            .iter()
            .filter(|(n, _)| n == name)
            .filter_map(|(_, v)| v.as_ref().map(PathBuf::from))
            .collect()
    }

    fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(n, _)| n == name)
    }

    fn number<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>> {
        self.value(name)
            .map(|v| {
                v.parse()
                    .map_err(|_| usage(&format!("--{name} {v:?}: expected a number")))
            })
            .transpose()
    }
}

fn usage(msg: &str) -> DataFusionError {
    DataFusionError::Plan(format!("{msg}\n{USAGE}"))
}

/// `+08:00`, `-05:30`, `+8` or `UTC` → minutes east of UTC.
fn parse_tz(s: &str) -> Result<i32> {
    let t = s.trim().trim_start_matches("UTC");
    if t.is_empty() {
        return Ok(0);
    }
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => (1, t),
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    match (h.parse::<i32>(), m.parse::<i32>()) {
        (Ok(h), Ok(m)) if (0..=14).contains(&h) && (0..60).contains(&m) => Ok(sign * (h * 60 + m)),
        _ => Err(usage(&format!(
            "--tz {s:?}: expected an offset such as +08:00"
        ))),
    }
}

/// `--memory-limit 8G` in bytes.
fn memory_limit(a: &Args) -> Result<Option<usize>> {
    a.value("memory-limit")
        .map(|v| {
            livelens_datafusion::parse_size(v).ok_or_else(|| {
                usage(&format!(
                    "--memory-limit {v:?}: expected a size such as 512M or 8G"
                ))
            })
        })
        .transpose()
}

fn engine(a: &Args) -> Engine {
    match a.value("cluster") {
        Some(addr) => Engine::Cluster(addr.to_owned()),
        None => Engine::Local,
    }
}

fn write_out(path: &str, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| DataFusionError::Execution(format!("{path}: {e}")))
}

async fn cmd_analyze(a: &Args) -> Result<()> {
    a.only(&[
        "sessions",
        "by",
        "sections",
        "tz",
        "out",
        "pretty",
        "tables",
        "tables-format",
        "cluster",
        "engine",
        "memory-limit",
    ])?;
    if let Some(e) = a.value("engine") {
        if e != "datafusion" {
            return Err(usage(&format!(
                "--engine {e:?}: this binary runs datafusion"
            )));
        }
    }
    let inputs: Vec<PathBuf> = a.positional.iter().map(PathBuf::from).collect();
    if inputs.is_empty() {
        return Err(usage("analyze needs at least one INPUT"));
    }
    let mut o = AnalyzeOptions::default();
    match a.value("by") {
        None => {}
        Some("creator") => o.by_creator = true,
        Some(b) => return Err(usage(&format!("--by {b:?}: only `creator` is supported"))),
    }
    if let Some(s) = a.value("sections") {
        o.sections = s.split(',').map(|x| x.trim().to_owned()).collect();
    }
    if let Some(tz) = a.value("tz") {
        o.params.tz_offset_minutes = parse_tz(tz)?;
    }
    let eng = engine(a);
    let t0 = Instant::now();
    let ctx = context_with_limit(&eng, memory_limit(a)?).await?;
    let catalog = register(&ctx, &inputs, &a.values("sessions")).await?;
    let reports = analyze(&ctx, &catalog, &o).await?;
    eprintln!(
        "analysed {} group(s) in {:.2} s on {}",
        reports.len(),
        t0.elapsed().as_secs_f64(),
        match &eng {
            Engine::Local => "DataFusion (this process)".to_owned(),
            Engine::Cluster(s) => format!("the Ballista cluster at {s}"),
        }
    );
    let doc = serde_json::json!({
        "engine": match eng { Engine::Local => "datafusion", Engine::Cluster(_) => "ballista" },
        "by": if o.by_creator { Some("creator") } else { None },
        "reports": reports,
    });
    let text = if a.flag("pretty") {
        serde_json::to_string_pretty(&doc)
    } else {
        serde_json::to_string(&doc)
    }
    .map_err(|e| DataFusionError::Execution(e.to_string()))?;
    match a.value("out") {
        Some(p) => {
            write_out(p, text.as_bytes())?;
            eprintln!("wrote {p}");
        }
        None => println!("{text}"),
    }
    if let Some(dir) = a.value("tables") {
        let csv = a.value("tables-format") == Some("csv");
        let written = write_kpi_tables(&ctx, &catalog, &PathBuf::from(dir), csv).await?;
        eprintln!("wrote {}", written.join(", "));
    }
    Ok(())
}

async fn cmd_sql(a: &Args) -> Result<()> {
    a.only(&["sessions", "out", "cluster", "memory-limit"])?;
    let Some((query, inputs)) = a.positional.split_first() else {
        return Err(usage("sql needs a query"));
    };
    let ctx = context_with_limit(&engine(a), memory_limit(a)?).await?;
    let inputs: Vec<PathBuf> = inputs.iter().map(PathBuf::from).collect();
    if !inputs.is_empty() {
        register(&ctx, &inputs, &a.values("sessions")).await?;
    }
    let df = ctx.sql(query).await?;
    match a.value("out") {
        Some(p) if p.ends_with(".parquet") => {
            df.write_parquet(p, Default::default(), None).await?;
            eprintln!("wrote {p}");
        }
        Some(p) => {
            df.write_csv(p, Default::default(), None).await?;
            eprintln!("wrote {p}");
        }
        None => df.show().await?,
    }
    Ok(())
}

fn cmd_demo(a: &Args) -> Result<()> {
    a.only(&["scale", "creators", "out", "per-creator", "format", "seed"])?;
    if a.value("scale") != Some("huge") {
        return Err(usage(
            "demo here writes --scale huge (other scales: livelens demo)",
        ));
    }
    let out = PathBuf::from(
        a.value("out")
            .ok_or_else(|| usage("demo needs --out DIR"))?,
    );
    let per_creator = match a.value("per-creator") {
        None => livelens::demo::Scale::Medium,
        Some(s) => livelens::demo::Scale::parse(s)
            .ok_or_else(|| usage(&format!("--per-creator {s:?}: small, medium or large")))?,
    };
    let format = match a.value("format").unwrap_or("parquet") {
        "parquet" => Format::Parquet,
        "csv" => Format::Csv,
        f => return Err(usage(&format!("--format {f:?}: parquet or csv"))),
    };
    let p = HugeParams {
        creators: a.number("creators")?.unwrap_or(10),
        per_creator,
        seed: a.number("seed")?.unwrap_or(42),
        format,
        out,
    };
    let t0 = Instant::now();
    let total = write_huge(&p, &mut |i, n| {
        eprintln!(
            "creator {i}/{}: {n} events ({:.0} s)",
            p.creators,
            t0.elapsed().as_secs_f64()
        )
    })?;
    eprintln!(
        "wrote {total} events of {} creators into {} in {:.1} s (analyse with --tz +08:00)",
        p.creators,
        p.out.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(feature = "cluster")]
async fn cmd_scheduler(a: &Args) -> Result<()> {
    use livelens_datafusion::cluster::{run_scheduler, Bind};
    a.only(&["bind", "port"])?;
    let bind = Bind {
        host: a.value("bind").unwrap_or("127.0.0.1").to_owned(),
        port: a.number("port")?.unwrap_or(50050),
    };
    eprintln!("scheduler on {}:{}", bind.host, bind.port);
    run_scheduler(&bind).await
}

#[cfg(feature = "cluster")]
async fn cmd_executor(a: &Args) -> Result<()> {
    use livelens_datafusion::cluster::{run_executor, Bind, ExecutorOptions};
    a.only(&[
        "scheduler",
        "bind",
        "port",
        "grpc-port",
        "concurrent-tasks",
        "work-dir",
        "memory-limit",
    ])?;
    let o = ExecutorOptions {
        bind: Bind {
            host: a.value("bind").unwrap_or("127.0.0.1").to_owned(),
            port: a.number("port")?.unwrap_or(50051),
        },
        grpc_port: a.number("grpc-port")?.unwrap_or(50052),
        scheduler: a.value("scheduler").unwrap_or("127.0.0.1:50050").to_owned(),
        concurrent_tasks: a.number("concurrent-tasks")?,
        work_dir: a.value("work-dir").map(str::to_owned),
        memory_limit: memory_limit(a)?,
    };
    eprintln!(
        "executor on {}:{} (gRPC {}), scheduler {}",
        o.bind.host, o.bind.port, o.grpc_port, o.scheduler
    );
    run_executor(&o).await
}

#[cfg(not(feature = "cluster"))]
async fn cmd_scheduler(_: &Args) -> Result<()> {
    Err(usage(
        "this livelens-df was built without the `cluster` feature",
    ))
}

#[cfg(not(feature = "cluster"))]
async fn cmd_executor(_: &Args) -> Result<()> {
    Err(usage(
        "this livelens-df was built without the `cluster` feature",
    ))
}

async fn run(raw: &[String]) -> Result<()> {
    let Some((cmd, rest)) = raw.split_first() else {
        return Err(usage("no command given"));
    };
    let a = Args::parse(rest)?;
    match cmd.as_str() {
        "analyze" => cmd_analyze(&a).await,
        "sql" => cmd_sql(&a).await,
        "demo" => cmd_demo(&a),
        "scheduler" => cmd_scheduler(&a).await,
        "executor" => cmd_executor(&a).await,
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(usage(&format!("unknown command {other:?}"))),
    }
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(16 * 1024 * 1024)
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(&raw)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

//! The same figures on a local Ballista cluster: a scheduler and two executors started as
//! separate processes (`livelens-df scheduler` / `executor`) on 127.0.0.1, ports chosen free at
//! run time, killed when the test ends (also when it fails).

#![cfg(feature = "cluster")]

mod common;

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{assert_same, core_sections, temp_dir, SEED};
use livelens::demo::Scale;
use livelens_datafusion::analyze::{analyze, AnalyzeOptions};
use livelens_datafusion::demo::{creator_name, write_huge, HugeParams, DEMO_TZ_MINUTES};
use livelens_datafusion::tables::{register, Format};
use livelens_datafusion::{context, Engine};

/// Kills its processes when dropped.
struct Cluster(Vec<Child>);

impl Drop for Cluster {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16, what: &str) {
    let t0 = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "{what} did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn spawn(args: &[String]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_livelens-df"))
        .args(args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ballista_cluster_gives_the_cores_figures() {
    let dir = temp_dir("cluster");
    let data = dir.join("data");
    write_huge(
        &HugeParams {
            creators: 2,
            per_creator: Scale::Small,
            seed: SEED,
            format: Format::Parquet,
            out: data.clone(),
        },
        &mut |_, _| {},
    )
    .unwrap();

    let sched = free_port();
    let mut cluster = Cluster(vec![spawn(&[
        "scheduler".into(),
        "--port".into(),
        sched.to_string(),
    ])]);
    wait_for_port(sched, "the scheduler");
    let mut flight_ports = Vec::new();
    for e in 0..2 {
        let (port, grpc) = (free_port(), free_port());
        let work = dir.join(format!("executor{e}"));
        std::fs::create_dir_all(&work).unwrap();
        cluster.0.push(spawn(&[
            "executor".into(),
            "--scheduler".into(),
            format!("127.0.0.1:{sched}"),
            "--port".into(),
            port.to_string(),
            "--grpc-port".into(),
            grpc.to_string(),
            "--concurrent-tasks".into(),
            "2".into(),
            "--work-dir".into(),
            work.display().to_string(),
        ]));
        flight_ports.push(port);
    }
    for p in &flight_ports {
        wait_for_port(*p, "an executor");
    }

    let ctx = context(&Engine::Cluster(format!("127.0.0.1:{sched}")))
        .await
        .unwrap();
    let catalog = register(&ctx, &[data], &[]).await.unwrap();
    let mut o = AnalyzeOptions {
        by_creator: true,
        ..AnalyzeOptions::default()
    };
    o.params.tz_offset_minutes = DEMO_TZ_MINUTES;
    let reports = analyze(&ctx, &catalog, &o).await.unwrap();
    assert_eq!(reports.len(), 2);
    for i in 1..=2u32 {
        let name = creator_name(i);
        let core = core_sections(Scale::Small, i);
        let got = &reports[(i - 1) as usize];
        assert_eq!(got["creator"], serde_json::Value::from(name.clone()));
        for s in ["kpis", "funnel", "retention"] {
            assert_same(&format!("ballista.{name}.{s}"), &core[s], &got[s]);
        }
        assert_same(
            &format!("ballista.{name}.segments.rfm"),
            &core["segments"]["rfm"],
            &got["segments"]["rfm"],
        );
    }
    drop(cluster);
    let _ = std::fs::remove_dir_all(&dir);
}

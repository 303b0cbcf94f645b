//! `livelens demo`: writes the generated demo creator's exports.

use std::path::PathBuf;
use std::time::Instant;

use super::args::Args;
use super::{write, Failure};
use livelens::demo::{self, DemoParams, Scale};

pub fn run(a: &Args) -> Result<(), Failure> {
    a.only(&["out", "seed", "scale"]).map_err(Failure::Usage)?;
    let out = PathBuf::from(
        a.value("out")
            .ok_or_else(|| Failure::Usage("demo needs --out DIR".into()))?,
    );
    let scale = match a.value("scale") {
        None => Scale::Small,
        Some(s) => Scale::parse(s).ok_or_else(|| {
            Failure::Usage(format!(
                "--scale \"{s}\": expected one of small, medium, large"
            ))
        })?,
    };
    let seed = a
        .number::<u64>("seed")
        .map_err(Failure::Usage)?
        .unwrap_or(42);
    std::fs::create_dir_all(&out).map_err(|e| Failure::Run(format!("{}: {e}", out.display())))?;
    let open = |name: &str| -> Result<std::io::BufWriter<std::fs::File>, Failure> {
        let p = out.join(name);
        std::fs::File::create(&p)
            .map(|f| std::io::BufWriter::with_capacity(1 << 20, f))
            .map_err(|e| Failure::Run(format!("{}: {e}", p.display())))
    };
    eprintln!(
        "generating {scale:?} demo data (seed {seed}) into {}",
        out.display()
    );
    let t0 = Instant::now();
    let truth = demo::write(
        &DemoParams { seed, scale },
        open("events.csv")?,
        open("orders.csv")?,
        open("items.csv")?,
        open("users.csv")?,
        open("sessions.csv")?,
    )?;
    let truth_json = serde_json::to_string_pretty(&truth)
        .map_err(|e| Failure::Run(format!("ground truth: {e}")))?;
    write(&out.join("ground_truth.json"), truth_json.as_bytes())?;
    eprintln!(
        "wrote events.csv, orders.csv, items.csv, users.csv, sessions.csv and ground_truth.json in {:.1} s (time zone UTC+08:00: analyse with --tz +08:00)",
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

//! Commands run by the DataFusion crate's binary `livelens-df` (the core cannot depend on
//! DataFusion): `analyze --engine datafusion`, `sql`, `executor`, `scheduler` and
//! `demo --scale huge`. The binary is looked up next to the running `livelens`.

use std::path::PathBuf;

/// The value of `--name value` or `--name=value` in `args`.
fn option<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    let long = format!("--{name}");
    let eq = format!("--{name}=");
    args.iter().enumerate().find_map(|(i, a)| {
        if *a == long {
            args.get(i + 1).map(String::as_str)
        } else {
            a.strip_prefix(&eq)
        }
    })
}

/// Whether `livelens-df` handles this command line.
fn wanted(argv: &[String]) -> bool {
    let Some((cmd, rest)) = argv.split_first() else {
        return false;
    };
    match cmd.as_str() {
        "sql" | "executor" | "scheduler" => true,
        "analyze" => option(rest, "engine").is_some_and(|e| e != "memory"),
        "demo" => option(rest, "scale") == Some("huge"),
        _ => false,
    }
}

fn sibling() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot locate livelens: {e}"))?;
    let name = format!("livelens-df{}", std::env::consts::EXE_SUFFIX);
    let dir = exe.parent().ok_or("cannot locate livelens's folder")?;
    let p = dir.join(&name);
    if p.is_file() {
        Ok(p)
    } else {
        Err(format!(
            "{name} is not next to livelens in {}; build it with `cargo build --release -p \
             livelens-datafusion` (it lands in the same target folder), then run this again",
            dir.display()
        ))
    }
}

/// Runs `livelens-df` when it handles `argv`; `None` when the core handles it.
pub fn dispatch(argv: &[String]) -> Option<i32> {
    if !wanted(argv) {
        return None;
    }
    let code = match sibling() {
        Err(m) => {
            eprintln!("error: {m}");
            1
        }
        Ok(bin) => match std::process::Command::new(&bin).args(argv).status() {
            Ok(s) => s.code().unwrap_or(1),
            Err(e) => {
                eprintln!("error: {}: {e}", bin.display());
                1
            }
        },
    };
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::wanted;

    fn v(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn only_the_datafusion_commands_are_dispatched() {
        assert!(wanted(&v("analyze data --engine datafusion")));
        assert!(wanted(&v("analyze data --engine=datafusion --by creator")));
        assert!(!wanted(&v("analyze --events e.csv --out r.json")));
        assert!(!wanted(&v(
            "analyze --events e.csv --engine memory --out r.json"
        )));
        assert!(wanted(&v("sql SELECT 1")));
        assert!(wanted(&v("executor --scheduler 127.0.0.1:50050")));
        assert!(wanted(&v("demo --scale huge --creators 3 --out d")));
        assert!(!wanted(&v("demo --scale large --out d")));
        assert!(!wanted(&v("rules --baskets b.txt")));
    }
}

//! `www/report.d.ts` is generated from the Rust types (ts-rs, the `ts` feature): the report and
//! every section reachable from it, the analysis options and the structured error. This test
//! fails when the committed file differs from what the types produce; regenerate it with
//! `BLESS=1 cargo test --features ts --test ts_types`.

use std::any::TypeId;
use std::collections::HashSet;

use livelens::error::ErrorInfo;
use livelens::live::{LiveParams, LiveScreen, LookOutcome};
use livelens::report::Report;
use livelens::AnalysisOptions;
use ts_rs::{Config, TypeVisitor, TS};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/report.d.ts");

const HEADER: &str = "\
// GENERATED from the Rust types by ts-rs: do not edit. Regenerate with
//   BLESS=1 cargo test --features ts --test ts_types
// The report (docs/report.md) and every section in it, the analysis options (`defaultOptions()`)
// and the structured error of the engine. Integers are plain numbers (the engine serialises
// them JSON-compatibly); `T | null` is a field that is always present, possibly null.
";

/// Collects the declaration of every named type reachable from the roots, once each.
struct Collect<'a> {
    cfg: &'a Config,
    seen: HashSet<TypeId>,
    decls: Vec<(String, String)>,
}

impl TypeVisitor for Collect<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if !self.seen.insert(TypeId::of::<T::WithoutGenerics>()) {
            return;
        }
        // Derived types have an output path; built-ins (numbers, arrays, maps) are inlined.
        if T::output_path().is_some() {
            let mut decl = String::new();
            if let Some(docs) = T::docs() {
                decl.push_str(&docs);
            }
            decl.push_str("export ");
            decl.push_str(&T::WithoutGenerics::decl(self.cfg));
            self.decls.push((T::ident(self.cfg), decl));
        }
        T::visit_dependencies(self);
    }
}

fn generate() -> String {
    let cfg = Config::new().with_large_int("number");
    let mut c = Collect {
        cfg: &cfg,
        seen: HashSet::new(),
        decls: Vec::new(),
    };
    c.visit::<Report>();
    c.visit::<AnalysisOptions>();
    c.visit::<ErrorInfo>();
    c.visit::<LiveScreen>();
    c.visit::<LiveParams>();
    c.visit::<LookOutcome>();
    let mut decls = c.decls;
    decls.sort();
    let mut out = HEADER.to_owned();
    for (_, d) in decls {
        out.push('\n');
        out.push_str(d.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn report_d_ts_is_up_to_date() {
    let generated = generate();
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(PATH, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        committed == generated,
        "www/report.d.ts is out of date with the Rust types; regenerate it with \
         `BLESS=1 cargo test --features ts --test ts_types` and review the diff"
    );
}

//! On the demo, every figure of the DataFusion path equals the in-memory core's: the report
//! sections per creator (kpis, hosts, funnel, retention, segments.rfm), the KPI tables per
//! grain (SQL), and the funnel levels of `livelens_funnel`.

mod common;

use common::{assert_same, core_sections, temp_dir, SEED};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type, UInt64Type, UInt8Type};
use datafusion::prelude::{SessionConfig, SessionContext};
use livelens::demo::Scale;
use livelens_datafusion::analyze::{
    analyze, kpi_table, report_sql, sections_frame, AnalyzeOptions,
};
use livelens_datafusion::demo::{creator_name, write_huge, HugeParams, DEMO_TZ_MINUTES};
use livelens_datafusion::kpi_sql::Grain;
use livelens_datafusion::report::SECTIONS;
use livelens_datafusion::tables::{register, Format};
use livelens_datafusion::{context, context_with_limit, session_state, Engine};
use serde_json::{Map, Value};

const CREATORS: u32 = 2;

/// The aggregate steps of a physical plan, one line each.
fn aggregate_steps(plan: &dyn datafusion::physical_plan::ExecutionPlan) -> Vec<String> {
    datafusion::physical_plan::displayable(plan)
        .indent(false)
        .to_string()
        .lines()
        .filter(|l| l.contains("AggregateExec"))
        .map(|l| l.trim().to_owned())
        .collect()
}

/// The plan has exactly one aggregate step, in one phase (`SinglePartitioned`: each creator
/// gathered once, in the partition that finishes it), holding exactly one `call`.
fn assert_one_phase(plan: &dyn datafusion::physical_plan::ExecutionPlan, call: &str) {
    let steps = aggregate_steps(plan);
    assert_eq!(steps.len(), 1, "one aggregate step:\n{}", steps.join("\n"));
    assert!(
        steps[0].contains("mode=SinglePartitioned"),
        "one phase: {}",
        steps[0]
    );
    assert_eq!(steps[0].matches(call).count(), 1, "{}", steps[0]);
}

fn options() -> AnalyzeOptions {
    let mut o = AnalyzeOptions {
        sections: SECTIONS.map(str::to_owned).to_vec(),
        by_creator: true,
        ..AnalyzeOptions::default()
    };
    o.params.tz_offset_minutes = DEMO_TZ_MINUTES;
    o
}

/// A KPI table's rows as JSON objects (column name → value).
fn rows(batches: &[datafusion::arrow::array::RecordBatch]) -> Vec<Map<String, Value>> {
    let mut out = Vec::new();
    for b in batches {
        for r in 0..b.num_rows() {
            let mut m = Map::new();
            for (f, c) in b.schema().fields().iter().zip(b.columns()) {
                let v = if c.is_null(r) {
                    Value::Null
                } else {
                    match c.data_type() {
                        DataType::Int64 => Value::from(c.as_primitive::<Int64Type>().value(r)),
                        DataType::UInt64 => Value::from(c.as_primitive::<UInt64Type>().value(r)),
                        DataType::Float64 => Value::from(c.as_primitive::<Float64Type>().value(r)),
                        DataType::Utf8 => Value::from(c.as_string::<i32>().value(r)),
                        DataType::Utf8View => Value::from(c.as_string_view().value(r)),
                        t => panic!("column {} has type {t}", f.name()),
                    }
                };
                m.insert(f.name().clone(), v);
            }
            out.push(m);
        }
    }
    out
}

/// The core's `Kpis` object with the table's key columns removed from the table row.
fn check_kpis(path: &str, core: &Value, row: &Map<String, Value>, keys: &[&str]) {
    let mut r = row.clone();
    for k in keys {
        r.remove(*k);
    }
    assert_same(path, core, &Value::Object(r));
}

async fn check_dataset(format: Format, tag: &str) {
    let dir = temp_dir(tag);
    let total = write_huge(
        &HugeParams {
            creators: CREATORS,
            per_creator: Scale::Small,
            seed: SEED,
            format,
            out: dir.clone(),
        },
        &mut |_, _| {},
    )
    .unwrap();
    assert!(total > 50_000, "the demo wrote {total} events");
    let ctx = context(&Engine::Local).await.unwrap();
    let catalog = register(&ctx, std::slice::from_ref(&dir), &[])
        .await
        .unwrap();
    assert!(catalog.events_have_creator && catalog.sessions && catalog.sessions_have_creator);

    let reports = analyze(&ctx, &catalog, &options()).await.unwrap();
    assert_eq!(reports.len(), CREATORS as usize);

    // The sections share one gathering, planned in one phase on the local engine: exactly one
    // aggregate step, `SinglePartitioned` (each creator gathered once, in the partition that
    // finishes it), holding exactly one livelens_sections call (not one per section).
    let plan = sections_frame(&ctx, &catalog, &options())
        .await
        .unwrap()
        .create_physical_plan()
        .await
        .unwrap();
    assert_one_phase(plan.as_ref(), "livelens_sections(");
    // Through SQL on the same context: one phase too.
    let sql = report_sql(&catalog, &options()).unwrap();
    let sql_plan = ctx
        .sql(&sql)
        .await
        .unwrap()
        .create_physical_plan()
        .await
        .unwrap();
    assert_one_phase(sql_plan.as_ref(), "livelens_sections(");

    // The same SQL on DataFusion's own two-phase planning (as Ballista plans it): partial gathers
    // per partition and their states merged, so the compact rows' state and merge give the same
    // figures.
    let two = SessionContext::new_with_state(session_state(SessionConfig::new()).unwrap());
    register(&two, std::slice::from_ref(&dir), &[])
        .await
        .unwrap();
    let two_df = two.sql(&sql).await.unwrap();
    let two_steps = aggregate_steps(
        two_df
            .clone()
            .create_physical_plan()
            .await
            .unwrap()
            .as_ref(),
    );
    assert!(
        two_steps.iter().any(|l| l.contains("mode=Partial")),
        "two phases: {}",
        two_steps.join("\n")
    );
    let batches = two_df.collect().await.unwrap();
    let mut via_sql = Vec::new();
    for b in &batches {
        let c = datafusion::arrow::compute::cast(b.column(0), &DataType::Utf8).unwrap();
        let r = b.column(1).as_string::<i32>();
        for row in 0..b.num_rows() {
            let v: Value = serde_json::from_str(r.value(row)).unwrap();
            via_sql.push((c.as_string::<i32>().value(row).to_owned(), v));
        }
    }
    assert_eq!(via_sql.len(), CREATORS as usize);
    for (name, v) in &via_sql {
        let got = reports
            .iter()
            .find(|r| r["creator"] == name.as_str())
            .unwrap();
        for s in ["kpis", "hosts", "funnel", "retention"] {
            assert_same(&format!("sql.{name}.{s}"), &got[s], &v[s]);
        }
        assert_same(
            &format!("sql.{name}.rfm"),
            &got["segments"]["rfm"],
            &v["rfm"],
        );
    }
    let by_creator = rows(&kpi_table(&ctx, &catalog, Grain::Creator).await.unwrap());
    let by_session = rows(&kpi_table(&ctx, &catalog, Grain::Session).await.unwrap());
    let by_host = rows(&kpi_table(&ctx, &catalog, Grain::Host).await.unwrap());
    let levels = ctx
        .sql(
            "SELECT creator, level, count(*) AS persons FROM (SELECT creator, user_id, \
             livelens_funnel(ts, event, 'enter,product_view,click,order,pay', '24h') AS level \
             FROM events GROUP BY creator, user_id) GROUP BY creator, level",
        )
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();

    for i in 1..=CREATORS {
        let name = creator_name(i);
        let core = core_sections(Scale::Small, i);
        let got = &reports[(i - 1) as usize];
        assert_eq!(got["creator"], Value::from(name.clone()));
        for s in ["kpis", "hosts", "funnel", "retention"] {
            assert_same(&format!("{name}.{s}"), &core[s], &got[s]);
        }
        assert_same(
            &format!("{name}.segments.rfm"),
            &core["segments"]["rfm"],
            &got["segments"]["rfm"],
        );

        // KPI tables (SQL): the creator's row = the core's overall KPIs, and per session/host.
        let row = by_creator
            .iter()
            .find(|r| r["creator"] == name.as_str())
            .unwrap();
        check_kpis(
            &format!("{name}.sql.overall"),
            &core["kpis"]["overall"],
            row,
            &["creator"],
        );
        let sessions = core["kpis"]["by_session"].as_array().unwrap();
        let mine: Vec<_> = by_session
            .iter()
            .filter(|r| r["creator"] == name.as_str())
            .collect();
        assert_eq!(mine.len(), sessions.len(), "{name}: sessions");
        for s in sessions {
            let id = s["session_id"].as_str().unwrap();
            let row = mine.iter().find(|r| r["session_id"] == id).unwrap();
            // SessionKpis flattens the KPIs next to the session's id, title, host and start.
            let mut k = s.as_object().unwrap().clone();
            for key in ["session_id", "title", "host", "start"] {
                k.remove(key);
            }
            check_kpis(
                &format!("{name}.sql.session.{id}"),
                &Value::Object(k),
                row,
                &["creator", "session_id"],
            );
        }
        let hosts = core["hosts"].as_array().unwrap();
        let mine: Vec<_> = by_host
            .iter()
            .filter(|r| r["creator"] == name.as_str())
            .collect();
        assert_eq!(mine.len(), hosts.len(), "{name}: hosts");
        for h in hosts {
            let id = h["group"].as_str().unwrap();
            let row = mine.iter().find(|r| r["host"] == id).unwrap();
            // GroupKpis flattens the KPIs next to `group` and `sessions`.
            let mut k = h.as_object().unwrap().clone();
            k.remove("group");
            k.remove("sessions");
            check_kpis(
                &format!("{name}.sql.host.{id}"),
                &Value::Object(k),
                row,
                &["creator", "host"],
            );
        }

        // livelens_funnel: persons at step k = persons with level >= k.
        let mut at_level = [0u64; 6];
        for b in &levels {
            let c = datafusion::arrow::compute::cast(b.column(0), &DataType::Utf8).unwrap();
            let c = c.as_string::<i32>();
            let l = b.column(1).as_primitive::<UInt8Type>();
            let n = b.column(2).as_primitive::<Int64Type>();
            for r in 0..b.num_rows() {
                if c.value(r) == name {
                    at_level[l.value(r) as usize] += n.value(r) as u64;
                }
            }
        }
        let steps = core["funnel"]["steps"].as_array().unwrap();
        for (k, step) in steps.iter().enumerate() {
            let reached: u64 = at_level[k + 1..].iter().sum();
            assert_eq!(
                step["count"].as_u64(),
                Some(reached),
                "{name}: funnel step {}",
                k + 1
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parquet_partitions_give_the_cores_figures() {
    check_dataset(Format::Parquet, "parquet").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_partitions_give_the_cores_figures() {
    check_dataset(Format::Csv, "csv").await;
}

/// Under a memory pool far smaller than a creator's gathered rows, the sections stop with
/// DataFusion's "resources exhausted" error instead of growing without bound; a pool of ample
/// size gives the same figures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_memory_limit_bounds_the_gathering() {
    let dir = temp_dir("memlimit");
    write_huge(
        &HugeParams {
            creators: 1,
            per_creator: Scale::Small,
            seed: SEED,
            format: Format::Parquet,
            out: dir.clone(),
        },
        &mut |_, _| {},
    )
    .unwrap();
    // The report of the dataset under a memory limit of `bytes`.
    let limited = |bytes: usize| {
        let dir = dir.clone();
        async move {
            let ctx = context_with_limit(&Engine::Local, Some(bytes))
                .await
                .unwrap();
            let catalog = register(&ctx, std::slice::from_ref(&dir), &[])
                .await
                .unwrap();
            analyze(&ctx, &catalog, &options()).await
        }
    };
    let msg = limited(1 << 20).await.unwrap_err().to_string();
    assert!(msg.contains("Resources exhausted"), "{msg}");

    let reports = limited(1 << 30).await.unwrap();
    let core = core_sections(Scale::Small, 1);
    for s in ["kpis", "hosts", "funnel", "retention"] {
        assert_same(&format!("limited.{s}"), &core[s], &reports[0][s]);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

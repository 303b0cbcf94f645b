//! The bindings in headless Chromium (`wasm-bindgen-test`): the worker's Engine end to end, and
//! chart drawing on a real canvas.
#![cfg(target_arch = "wasm32")]

use livelens::web::{default_options, Chart, Engine};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EVENTS: &str = "user_id,session_id,event,timestamp,amount
u1,s1,enter,2026-10-01 20:00:00,
u1,s1,click,2026-10-01 20:01:00,
u1,s1,pay,2026-10-01 20:02:00,99
u2,s1,enter,2026-10-01 20:00:30,
u2,s1,leave,2026-10-01 20:10:00,
u3,s1,enter,not a time,
";

/// A value returned by the bindings, as JSON to assert on.
fn json(v: JsValue) -> serde_json::Value {
    serde_wasm_bindgen::from_value(v).expect("a plain JS value")
}

/// A JSON value as the plain JS value the page would pass.
fn js(v: &serde_json::Value) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .expect("serialisable")
}

/// A field of a thrown error.
fn field(err: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(err, &JsValue::from_str(name)).expect("an object")
}

#[wasm_bindgen_test]
fn engine_ingests_and_analyses() {
    let mut e = Engine::new();
    e.add_file("events.csv".into(), EVENTS.as_bytes().to_vec(), None);
    let v = json(e.ingest().expect("ingest"));
    assert_eq!(v["rows_read"], 6);
    assert_eq!(v["rows_accepted"], 5);
    assert_eq!(v["rejected_by_reason"]["bad_time"], 1);
    assert_eq!(v["files"][0]["kind"], "events");
    assert!(e.has_data());
    let out = json(
        e.analyze(js_sys::Object::new().into(), "en")
            .expect("analyze"),
    );
    let k = &out["report"]["kpis"]["overall"];
    assert_eq!(k["viewers"], 2);
    assert_eq!(k["buyers"], 1);
    assert_eq!(k["gmv"], 99.0);
    assert_eq!(k["conversion_rate"], 0.5);
    assert!(out["charts"].as_array().is_some_and(|c| !c.is_empty()));
    // Charts in the other language without recomputing.
    let zh = json(e.charts("zh").expect("charts"));
    assert_ne!(zh[0]["title"], out["charts"][0]["title"]);
}

#[wasm_bindgen_test]
fn bad_input_is_reported_not_thrown() {
    let mut e = Engine::new();
    e.add_file("blob.bin".into(), vec![0, 1, 2, 3, 0xff, 0, 9], None);
    e.add_file("empty.csv".into(), Vec::new(), Some("events".into()));
    let v = json(e.ingest().expect("ingest never fails on data"));
    let codes: Vec<&str> = v["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["error"]["code"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(codes, vec!["binary", "empty_file"]);
    assert!(!e.has_data());
    let err = e
        .configure(JsValue::from_str("{not json"))
        .err()
        .expect("settings must be an object");
    assert_eq!(
        field(&err, "code").as_string().as_deref(),
        Some("bad_options")
    );
    assert!(err.is_instance_of::<js_sys::Error>());
}

/// The demo generated in the wasm is the CLI's, byte for byte: rand draws a `usize` range with the
/// platform's word, and 32-bit draws once gave the page another demo than the CLI for one seed.
#[wasm_bindgen_test]
fn the_demo_files_are_the_clis() {
    let (files, _) = livelens::demo::generate(&livelens::demo::DemoParams {
        seed: 42,
        scale: livelens::demo::Scale::Small,
    })
    .expect("demo");
    assert_eq!(
        files.fingerprint(),
        include_str!("reference/demo_small_seed42.sha256").trim()
    );
}

#[wasm_bindgen_test]
fn demo_loads_and_maps_events() {
    let mut e = Engine::new();
    e.load_demo(7, "small").expect("demo");
    assert_eq!(e.file_count(), 5);
    let v = json(e.ingest().expect("ingest"));
    assert_eq!(v["rows_rejected"], 0);
    let out = json(e.analyze(JsValue::UNDEFINED, "zh").expect("analyze"));
    assert!(
        out["report"]["kpis"]["overall"]["viewers"]
            .as_u64()
            .unwrap_or(0)
            > 100
    );
    assert!(out["report"]["kpis"]["by_session"]
        .as_array()
        .is_some_and(|s| s.len() >= 20));
    assert!(e
        .map_events(js(&serde_json::json!([["抽奖", "comment"]])))
        .is_ok());
    assert!(e
        .map_events(js(&serde_json::json!([["x", "not_an_event"]])))
        .is_err());
}

#[wasm_bindgen_test]
fn charts_draw_on_a_canvas_and_answer_hover() {
    let mut e = Engine::new();
    e.load_demo(1, "small").expect("demo");
    let out = json(e.analyze(JsValue::UNDEFINED, "en").expect("analyze"));
    let chart = Chart::new(js(&out["charts"][0])).expect("a chart spec");
    assert_eq!(out["charts"][0]["id"].as_str(), Some(chart.id().as_str()));
    // Before the first drawing nothing is under the pointer.
    assert!(chart.hit_test(400.0, 200.0).expect("hit test").is_null());
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let canvas: web_sys::HtmlCanvasElement = doc
        .create_element("canvas")
        .expect("canvas")
        .dyn_into()
        .expect("a canvas element");
    canvas.set_width(800);
    canvas.set_height(400);
    doc.body()
        .expect("body")
        .append_child(&canvas)
        .expect("append");
    chart.draw(canvas.clone(), 1.0, false).expect("draw");
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .expect("2d context")
        .dyn_into()
        .expect("context");
    let data = ctx
        .get_image_data(0.0, 0.0, 800.0, 400.0)
        .expect("pixels")
        .data();
    let inked = data
        .chunks(4)
        .filter(|p| (p[0] as i32 - data[0] as i32).abs() > 40)
        .count();
    assert!(inked > 2000, "chart has content: {inked} pixels");
    // Somewhere inside the plot there is a bar or point to report.
    let mut hits = 0;
    for x in (100..780).step_by(20) {
        for y in (60..360).step_by(20) {
            if !chart
                .hit_test(x as f64, y as f64)
                .expect("hit test")
                .is_null()
            {
                hits += 1;
            }
        }
    }
    assert!(hits > 0);
    let table = json(chart.table().expect("table"));
    assert!(table[1].as_array().is_some_and(|rows| !rows.is_empty()));
    let bad = Chart::new(js(&serde_json::json!({"bad": 1}))).err();
    assert!(bad.is_some_and(|e| field(&e, "code").as_string().as_deref() == Some("bad_options")));
}

#[wasm_bindgen_test]
fn chunked_files_kpis_first_and_progress() {
    let mut e = Engine::new();
    let bytes = EVENTS.as_bytes();
    e.begin_file("events.csv".into(), bytes.len() as f64, None)
        .expect("fits");
    for chunk in bytes.chunks(7) {
        e.push_chunk(chunk).expect("chunk");
    }
    assert!(e.push_chunk(b"x").is_err(), "more than announced");
    e.end_file().expect("end");
    assert_eq!(e.file_count(), 1);
    assert!(e.room_bytes() < (1u64 << 30) as f64);
    // KPIs first: the same numbers as the full report, the rest not yet there.
    let quick = json(e.analyze_kpis("en").expect("kpis"));
    assert_eq!(quick["partial"], true);
    assert_eq!(quick["report"]["kpis"]["overall"]["viewers"], 2);
    assert!(quick["report"]["funnel"].is_null());
    let stages = js_sys::Array::new();
    let f = {
        let stages = stages.clone();
        wasm_bindgen::closure::Closure::<dyn Fn(String, f64, f64)>::new(
            move |s: String, _i: f64, _n: f64| {
                stages.push(&s.into());
            },
        )
    };
    let full = json(
        e.analyze_with_progress(
            js_sys::Object::new().into(),
            "en",
            f.as_ref().unchecked_ref(),
        )
        .expect("analyze"),
    );
    assert_eq!(full["report"]["kpis"], quick["report"]["kpis"]);
    assert_eq!(stages.get(0).as_string().as_deref(), Some("kpis"));
    assert_eq!(
        stages.get(stages.length() - 1).as_string().as_deref(),
        Some("done")
    );
}

#[wasm_bindgen_test]
fn a_file_over_the_budget_is_refused_with_the_size_that_fits() {
    let mut e = Engine::new();
    let err = e
        .begin_file("huge.csv".into(), 5e9, Some("events".into()))
        .err()
        .expect("refused");
    // A structured error: the page words it from `code`, `size` and `fits`.
    assert_eq!(field(&err, "code").as_string().as_deref(), Some("too_big"));
    assert_eq!(field(&err, "size").as_f64(), Some(5e9));
    assert_eq!(field(&err, "fits").as_f64(), Some(1073741824.0));
    assert_eq!(field(&err, "file").as_string().as_deref(), Some("huge.csv"));
    let msg = field(&err, "message").as_string().unwrap_or_default();
    assert!(msg.contains("livelens analyze --file huge.csv"), "{msg}");
    assert_eq!(e.file_count(), 0);
}

/// Exact-duplicate detection must not drop distinct rows: with a 32-bit row hash (FxHasher's
/// `usize` in wasm) about ten of 300,000 distinct rows shared a key and were dropped.
#[wasm_bindgen_test]
fn distinct_rows_are_not_duplicates_in_wasm() {
    let mut text = String::from("user_id,event,timestamp\n");
    for i in 0..300_000u32 {
        text.push_str(&format!(
            "u{i},enter,2026-03-01 20:{:02}:{:02}\n",
            (i / 60) % 60,
            i % 60
        ));
    }
    let mut e = Engine::new();
    e.add_file("events.csv".into(), text.into_bytes(), None);
    let v = json(e.ingest().expect("ingest"));
    assert_eq!(v["rows_accepted"], 300_000);
    assert_eq!(v["duplicates_dropped"], 0);
}

#[wasm_bindgen_test]
fn the_cohort_heatmap_is_blitted_as_one_image() {
    let mut e = Engine::new();
    e.load_demo(3, "small").expect("demo");
    let out = json(e.analyze(JsValue::UNDEFINED, "en").expect("analyze"));
    let spec = out["charts"]
        .as_array()
        .and_then(|c| c.iter().find(|s| s["id"] == "retention"))
        .expect("a retention heatmap");
    let chart = Chart::new(js(spec)).expect("a chart spec");
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let canvas: web_sys::HtmlCanvasElement = doc
        .create_element("canvas")
        .expect("canvas")
        .dyn_into()
        .expect("a canvas element");
    canvas.set_width(900);
    canvas.set_height(500);
    chart.draw(canvas.clone(), 1.0, false).expect("draw");
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .expect("2d context")
        .dyn_into()
        .expect("context");
    let data = ctx
        .get_image_data(0.0, 0.0, 900.0, 500.0)
        .expect("pixels")
        .data();
    // The cells are shades of one colour scale: many distinct colours, all opaque.
    let mut colours = std::collections::HashSet::new();
    for p in data.chunks(4) {
        assert_eq!(p[3], 255, "the canvas is fully painted");
        colours.insert((p[0], p[1], p[2]));
    }
    assert!(colours.len() > 20, "{} colours", colours.len());
}

#[wasm_bindgen_test]
fn default_options_cross_as_an_object() {
    let d = json(default_options().expect("defaults"));
    let want = serde_json::to_value(livelens::AnalysisOptions::default()).expect("serialise");
    let keys = |v: &serde_json::Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
    assert_eq!(keys(&d), keys(&want));
    assert_eq!(
        d["rules"]["min_support"].as_f64(),
        want["rules"]["min_support"].as_f64()
    );
    assert_eq!(d["funnel"]["steps"], want["funnel"]["steps"]);
}

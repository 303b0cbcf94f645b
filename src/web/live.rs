//! Live mode in the worker: a [`LiveSession`] follows a growing export (the page reads the
//! bytes; the core's follower, ingestion and live state decide and compute) and runs the
//! session's lottery; [`lottery_verify`] checks a published proof. Thin wrappers: every rule is
//! in `crate::live` and `crate::lottery`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::errors::{crate_err, err, from_js, to_js};
use crate::charts::ChartSpec;
use crate::error::Error;
use crate::ingest::{FileKind, IngestOptions, InputFile};
use crate::live::{LiveFeed, LiveParams, LiveScreen, LookKind, LookOutcome};
use crate::lottery::{self, Eligibility, EligibleList, Proof, Seed};

/// What `screen` answers.
#[derive(Serialize)]
struct ScreenOut<'a> {
    screen: &'a LiveScreen,
    charts: Vec<ChartSpec>,
}

/// How much of the file was read and what the ingestion made of it.
#[derive(Serialize)]
struct Status {
    bytes: u64,
    rows_read: u64,
    rows_accepted: u64,
    rows_rejected: u64,
}

/// The eligible count and how many each rule left out (the ids stay in the worker).
#[derive(Serialize)]
struct EligibleOut {
    count: usize,
    commenters: usize,
    outside_window: usize,
    without_keyword: usize,
    not_follower: usize,
    not_fan_club: usize,
    excluded: usize,
    unusable_id: usize,
}

impl From<&EligibleList> for EligibleOut {
    fn from(e: &EligibleList) -> Self {
        EligibleOut {
            count: e.ids.len(),
            commenters: e.commenters,
            outside_window: e.outside_window,
            without_keyword: e.without_keyword,
            not_follower: e.not_follower,
            not_fan_club: e.not_fan_club,
            excluded: e.excluded,
            unusable_id: e.unusable_id,
        }
    }
}

/// What `lotteryCommit` answers: the proof without its seed, the counts, the line to read out.
#[derive(Serialize)]
struct Committed<'a> {
    proof: &'a Proof,
    eligible: EligibleOut,
    text: String,
}

/// What `lotteryVerify` answers.
#[derive(Serialize)]
struct Verified {
    valid: bool,
    problems: Vec<String>,
    session: String,
    eligible: usize,
    short_code: String,
    winners: Vec<String>,
    recomputed_winners: Vec<String>,
}

/// One live session in the worker: history files first ([`LiveSession::add_history`],
/// [`LiveSession::add_demo_history`]), then [`LiveSession::start`], then a `look` per tick.
#[wasm_bindgen]
#[derive(Default)]
pub struct LiveSession {
    /// Earlier exports (the baseline's sessions, catalogue, users, sessions table), until start.
    history: Vec<InputFile>,
    feed: Option<LiveFeed>,
    /// The last look's outcome (the followed file's row counts).
    last: Option<LookOutcome>,
    /// The committed draw and its secret seed, until drawn.
    pending: Option<(Proof, Seed)>,
}

#[wasm_bindgen]
impl LiveSession {
    #[wasm_bindgen(constructor)]
    pub fn new() -> LiveSession {
        LiveSession::default()
    }

    /// Adds an earlier export (`kind`: `events`, `orders`, `items`, `users`, `sessions`, or
    /// empty to detect it) to the history the baseline is taken from.
    #[wasm_bindgen(js_name = addHistory)]
    pub fn add_history(&mut self, name: String, bytes: Vec<u8>, kind: Option<String>) {
        self.history.push(InputFile {
            name,
            bytes,
            kind: kind.as_deref().and_then(FileKind::from_key),
            ..InputFile::default()
        });
    }

    /// Adds the generated demo creator's files (the page's demo data) as the history.
    #[wasm_bindgen(js_name = addDemoHistory)]
    pub fn add_demo_history(&mut self, seed: u32, scale: &str) -> Result<(), JsValue> {
        let scale = crate::demo::Scale::parse(scale)
            .ok_or_else(|| err("params", "scale must be small, medium or large"))?;
        let (files, _) = crate::demo::generate(&crate::demo::DemoParams {
            seed: u64::from(seed),
            scale,
        })
        .map_err(crate_err)?;
        self.history.extend(files.into_inputs());
        Ok(())
    }

    /// Starts following the events file `name`: `params` a `LiveParams` object, `options` the
    /// page's `IngestOptions` (time zone, duplicates, event names); missing fields take their
    /// defaults. The history is read now.
    pub fn start(&mut self, name: &str, params: JsValue, options: JsValue) -> Result<(), JsValue> {
        let params: LiveParams = if params.is_undefined() || params.is_null() {
            LiveParams::default()
        } else {
            from_js(params, "live settings")?
        };
        let opts: IngestOptions = if options.is_undefined() || options.is_null() {
            IngestOptions::default()
        } else {
            from_js(options, "ingest options")?
        };
        let file = InputFile {
            name: name.to_owned(),
            kind: Some(FileKind::Events),
            ..InputFile::default()
        };
        let history = std::mem::take(&mut self.history);
        self.feed = Some(LiveFeed::new(params, opts, file, history).map_err(crate_err)?);
        self.last = None;
        self.pending = None;
        Ok(())
    }

    /// Where the next look reads from (bytes from the file's start).
    pub fn offset(&self) -> Result<f64, JsValue> {
        Ok(self.feed()?.offset() as f64)
    }

    /// How many leading bytes (the fingerprint) the next look hands over, for a file of `size`.
    #[wasm_bindgen(js_name = headLen)]
    pub fn head_len(&self, size: f64) -> Result<f64, JsValue> {
        Ok(self.feed()?.head_len(size.max(0.0) as u64) as f64)
    }

    /// One look: the file's `size` now, its first `headLen(size)` bytes, and its bytes from
    /// `offset()` on (fewer is fine: the rest comes at the next look). Answers the core's
    /// `LookOutcome` (`kind`: `appended`, `waiting`, `restarted` with a `message`).
    pub fn look(&mut self, size: f64, head: &[u8], appended: &[u8]) -> Result<JsValue, JsValue> {
        let feed = self
            .feed
            .as_mut()
            .ok_or_else(|| err("no_live", "live mode is not started"))?;
        let out = feed.look(size.max(0.0) as u64, head, appended);
        if out.kind == LookKind::Restarted {
            // The list a commitment was made over is gone with the old rows.
            self.pending = None;
        }
        let js = to_js(&out);
        self.last = Some(out);
        js
    }

    /// `{screen, charts}`: the live screen and its chart specs in `lang`.
    pub fn screen(&self, lang: &str) -> Result<JsValue, JsValue> {
        let screen = self.feed()?.screen();
        let charts = crate::charts::build::live_charts(&screen, crate::i18n::Lang::parse(lang));
        to_js(&ScreenOut {
            screen: &screen,
            charts,
        })
    }

    /// `{bytes, rows_read, rows_accepted, rows_rejected}` of the followed file so far (as of
    /// the last look).
    pub fn status(&self) -> Result<JsValue, JsValue> {
        let feed = self.feed()?;
        let (read, accepted) = self
            .last
            .as_ref()
            .map_or((0, 0), |o| (o.rows_read, o.rows_accepted));
        to_js(&Status {
            bytes: feed.offset(),
            rows_read: read,
            rows_accepted: accepted,
            rows_rejected: read.saturating_sub(accepted),
        })
    }

    /// The eligible count under `rule` (an `Eligibility` object) at the newest row's time.
    #[wasm_bindgen(js_name = lotteryEligible)]
    pub fn lottery_eligible(&self, rule: JsValue) -> Result<JsValue, JsValue> {
        let rule: Eligibility = from_js(rule, "lottery rule")?;
        let (_, _, list) = self.eligible(&rule)?;
        to_js(&EligibleOut::from(&list))
    }

    /// Fixes the eligible list under `rule` and a fresh secret seed (the browser's
    /// `crypto.getRandomValues`), for `winners` winners; answers the proof without its seed,
    /// to publish before drawing.
    #[wasm_bindgen(js_name = lotteryCommit)]
    pub fn lottery_commit(&mut self, rule: JsValue, winners: u32) -> Result<JsValue, JsValue> {
        let rule: Eligibility = from_js(rule, "lottery rule")?;
        if winners == 0 {
            return Err(crate_err(Error::Params(
                "a lottery draws at least 1 winner".into(),
            )));
        }
        let (session, draw_time, list) = self.eligible(&rule)?;
        if list.ids.is_empty() {
            return Err(crate_err(Error::NotEnoughData(
                "no one is eligible for the lottery under this rule".into(),
            )));
        }
        let mut seed: Seed = [0; 32];
        getrandom::getrandom(&mut seed)
            .map_err(|e| err("no_randomness", format!("no secure random numbers: {e}")))?;
        let proof = Proof::committed(
            &session,
            draw_time,
            &rule,
            &list.ids,
            &seed,
            winners as usize,
        )
        .map_err(crate_err)?;
        let out = to_js(&Committed {
            text: proof.commitment.text(proof.eligible.len()),
            proof: &proof,
            eligible: EligibleOut::from(&list),
        })?;
        self.pending = Some((proof, seed));
        Ok(out)
    }

    /// Draws the committed lottery with its seed and reveals the seed: the full proof.
    #[wasm_bindgen(js_name = lotteryDraw)]
    pub fn lottery_draw(&mut self) -> Result<JsValue, JsValue> {
        let (proof, seed) = self
            .pending
            .take()
            .ok_or_else(|| err("no_commitment", "publish the commitment before drawing"))?;
        let drawn = proof.draw(&seed).map_err(crate_err)?;
        to_js(&drawn)
    }
}

impl LiveSession {
    fn feed(&self) -> Result<&LiveFeed, JsValue> {
        self.feed
            .as_ref()
            .ok_or_else(|| err("no_live", "live mode is not started"))
    }

    /// The live session's id, the draw time (the newest row's time) and the eligible list.
    fn eligible(&self, rule: &Eligibility) -> Result<(String, i64, EligibleList), JsValue> {
        let feed = self.feed()?;
        let ds = feed.dataset();
        let session = feed.screen().session_id;
        if session.is_empty() {
            return Err(err("no_rows", "no rows of the live session yet"));
        }
        let draw_time = lottery::session_last_time(ds, &session).map_err(crate_err)?;
        let candidates = lottery::candidates(ds, &session, draw_time).map_err(crate_err)?;
        let list = lottery::eligible(&candidates, rule, draw_time).map_err(crate_err)?;
        Ok((session, draw_time, list))
    }
}

/// Verifies a proof file's text: `{valid, problems, session, eligible, short_code, winners,
/// recomputed_winners}`. A text that is not a proof throws (code `lottery_proof`, naming the
/// line and column).
#[wasm_bindgen(js_name = lotteryVerify)]
pub fn lottery_verify(name: &str, text: &str) -> Result<JsValue, JsValue> {
    let proof = Proof::from_json(name, text.as_bytes()).map_err(crate_err)?;
    let v = lottery::verify(&proof);
    to_js(&Verified {
        valid: v.is_valid(),
        problems: v.problems,
        session: proof.session,
        eligible: proof.eligible.len(),
        short_code: proof.commitment.short_code,
        winners: proof.winners,
        recomputed_winners: v.recomputed_winners,
    })
}

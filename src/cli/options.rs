//! Turning option values into analysis settings. Every bad value is a usage error (exit 2) that
//! names the option and what it accepts.

use super::args::Args;
use super::Failure;
use livelens::analysis::{CompareChoice, GroupChoice, SegmentKind};
use livelens::compare::CompareMetric;
use livelens::funnel::{Breakdown, FunnelMode};
use livelens::model::{Dataset, EventKind};
use livelens::predict::ThresholdChoice;
use livelens::recommend::{ModelKind, RecommendParams};
use livelens::retention::{Period, RetentionMode};
use livelens::rules::BasketBy;
use livelens::AnalysisOptions;

/// The analysis options `analyze` accepts (besides the input and output ones).
pub const ANALYSIS_OPTIONS: &[&str] = &[
    "funnel-steps",
    "funnel-mode",
    "funnel-window",
    "funnel-breakdown",
    "compare-a",
    "compare-b",
    "compare-metric",
    "timeline-session",
    "review-session",
    "retention-period",
    "retention-mode",
    "retention-start",
    "retention-return",
    "k",
    "rules-min-support",
    "rules-min-confidence",
    "basket-by",
    "predict-cutoff",
    "predict-threshold",
    "model",
];

fn usage(flag: &str, value: &str, expected: &str) -> Failure {
    Failure::Usage(format!("--{flag} \"{value}\": expected {expected}"))
}

/// One of a fixed set of keys.
pub fn choice<T: Copy>(flag: &str, value: &str, options: &[(&str, T)]) -> Result<T, Failure> {
    options
        .iter()
        .find(|(k, _)| *k == value.trim())
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let keys: Vec<&str> = options.iter().map(|(k, _)| *k).collect();
            usage(flag, value, &format!("one of {}", keys.join(", ")))
        })
}

/// Overwrites a default with a value given on the command line.
fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

/// The value of `flag`, one of `options`, when given.
fn pick<T: Copy>(a: &Args, flag: &str, options: &[(&str, T)]) -> Result<Option<T>, Failure> {
    opt(a, flag, |f, v| choice(f, v, options))
}

/// The value of `flag` parsed by `parse`, when given.
fn opt<T>(
    a: &Args,
    flag: &str,
    parse: impl FnOnce(&str, &str) -> Result<T, Failure>,
) -> Result<Option<T>, Failure> {
    a.value(flag).map(|v| parse(flag, v)).transpose()
}

/// A canonical event key (`--map-event`, funnel steps, retention events).
pub fn event(flag: &str, value: &str) -> Result<EventKind, Failure> {
    let flag = flag.trim_start_matches('-');
    EventKind::from_key(value.trim())
        .filter(|&k| k != EventKind::Unknown)
        .ok_or_else(|| {
            let keys: Vec<&str> = EventKind::CANONICAL.iter().map(|k| k.key()).collect();
            usage(
                flag,
                value,
                &format!("a canonical event ({})", keys.join(", ")),
            )
        })
}

/// A number in `range` (described for the message, e.g. "an integer from 1 to 50").
pub fn number_in<T>(
    a: &Args,
    flag: &str,
    ok: impl Fn(&T) -> bool,
    expected: &str,
) -> Result<Option<T>, Failure>
where
    T: std::str::FromStr,
{
    opt(a, flag, |flag, v| {
        v.trim()
            .parse::<T>()
            .ok()
            .filter(|x| ok(x))
            .ok_or_else(|| usage(flag, v, expected))
    })
}

/// A share in (0, 1] (`min_support`) or [0, 1] (`min_confidence`).
pub fn fraction(a: &Args, flag: &str, zero_ok: bool) -> Result<Option<f64>, Failure> {
    if zero_ok {
        number_in(
            a,
            flag,
            |x: &f64| (0.0..=1.0).contains(x),
            "a number from 0 to 1",
        )
    } else {
        number_in(
            a,
            flag,
            |x: &f64| *x > 0.0 && *x <= 1.0,
            "a number above 0 and at most 1",
        )
    }
}

/// `24h`, `30m`, `3600s`, `2d` or plain seconds → seconds (positive).
pub fn duration(flag: &str, value: &str) -> Result<i64, Failure> {
    let v = value.trim();
    let (num, unit) = match v.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&v[..i], c.to_ascii_lowercase()),
        _ => (v, 's'),
    };
    let mult = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => 0,
    };
    num.trim()
        .parse::<i64>()
        .ok()
        .filter(|&n| n > 0 && mult > 0)
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| {
            usage(
                flag,
                value,
                "a positive duration such as 24h, 30m, 3600s or 2d",
            )
        })
}

/// `YYYY-MM-DD` → days since 1970-01-01.
/// `--predict-threshold f1|recall:R|P`.
pub fn threshold(flag: &str, value: &str) -> Result<ThresholdChoice, Failure> {
    let bad = || {
        usage(
            flag,
            value,
            "f1, recall:R with R in (0, 1], or a probability in [0, 1]",
        )
    };
    let v = value.trim();
    let choice = if v.eq_ignore_ascii_case("f1") {
        ThresholdChoice::F1
    } else if let Some(r) = v.strip_prefix("recall:") {
        ThresholdChoice::Recall(r.trim().parse::<f64>().map_err(|_| bad())?)
    } else {
        ThresholdChoice::Fixed(v.parse::<f64>().map_err(|_| bad())?)
    };
    choice.validate().map_err(|_| bad())?;
    Ok(choice)
}

pub fn date(flag: &str, value: &str) -> Result<i64, Failure> {
    let bad = || usage(flag, value, "a date as YYYY-MM-DD");
    let mut parts = value.trim().splitn(3, '-');
    let mut next = || parts.next().and_then(|p| p.parse::<u32>().ok());
    let (y, m, d) = (
        next().ok_or_else(bad)?,
        next().ok_or_else(bad)?,
        next().ok_or_else(bad)?,
    );
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    };
    if !(1970..=2100).contains(&y) || d == 0 || d > days_in_month {
        return Err(bad());
    }
    Ok(livelens::ingest::parse::days_from_civil(y as i64, m, d))
}

/// `host:NAME`, `sessions:s1,s2` or `attr:NAME=VALUE`.
fn group(flag: &str, value: &str) -> Result<GroupChoice, Failure> {
    let bad = || usage(flag, value, "host:NAME, sessions:ID,ID… or attr:NAME=VALUE");
    let (kind, rest) = value.split_once(':').ok_or_else(bad)?;
    let rest = rest.trim();
    match kind.trim() {
        "host" if !rest.is_empty() => Ok(GroupChoice::Host(rest.to_owned())),
        "sessions" | "session" => {
            let ids: Vec<String> = rest
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if ids.is_empty() {
                return Err(bad());
            }
            Ok(GroupChoice::Sessions(ids))
        }
        "attr" => {
            let (name, val) = rest.split_once('=').ok_or_else(bad)?;
            if name.trim().is_empty() {
                return Err(bad());
            }
            Ok(GroupChoice::Attribute {
                name: name.trim().to_owned(),
                value: val.trim().to_owned(),
            })
        }
        _ => Err(bad()),
    }
}

const FUNNEL_MODES: [(&str, FunnelMode); 3] = [
    ("ordered", FunnelMode::Ordered),
    ("strict", FunnelMode::Strict),
    ("any_order", FunnelMode::AnyOrder),
];
const COMPARE_METRICS: [(&str, CompareMetric); 4] = [
    ("conversion", CompareMetric::Conversion),
    ("click_through", CompareMetric::ClickThrough),
    ("follow", CompareMetric::Follow),
    ("interaction", CompareMetric::Interaction),
];
const PERIODS: [(&str, Period); 2] = [("day", Period::Day), ("week", Period::Week)];
const RETENTION_MODES: [(&str, RetentionMode); 2] = [
    ("on", RetentionMode::On),
    ("on_or_after", RetentionMode::OnOrAfter),
];
const BASKET_BY: [(&str, BasketBy); 2] = [
    ("order", BasketBy::Order),
    ("person_session", BasketBy::PersonSession),
];

const MODELS: [(&str, ModelKind); 6] = [
    ("popularity", ModelKind::Popularity),
    ("item_cf", ModelKind::ItemCf),
    ("user_knn", ModelKind::UserKnn),
    ("als", ModelKind::Als),
    ("content", ModelKind::Content),
    ("hybrid", ModelKind::Hybrid),
];

/// `--model NAME`.
fn model(a: &Args) -> Result<Option<ModelKind>, Failure> {
    pick(a, "model", &MODELS)
}

/// `--basket-by order|person_session`.
pub fn basket_by(a: &Args) -> Result<Option<BasketBy>, Failure> {
    pick(a, "basket-by", &BASKET_BY)
}

/// `--model`, `--top`, `--k`, `--seed`: the recommendation settings shared by `analyze`,
/// `recommend` and `evaluate` (each command accepts the ones it lists).
pub fn recommend_params(a: &Args, p: &mut RecommendParams) -> Result<(), Failure> {
    p.model = model(a)?.or(p.model);
    let count = |x: &usize| (1..=10_000).contains(x);
    set(
        &mut p.top_n,
        number_in(a, "top", count, "an integer from 1 to 10000")?,
    );
    set(
        &mut p.k,
        number_in(a, "k", count, "an integer from 1 to 10000")?,
    );
    set(
        &mut p.seed,
        number_in(a, "seed", |_: &u64| true, "a non-negative integer")?,
    );
    Ok(())
}

/// The analysis settings of `analyze`'s options (defaults where an option is absent).
pub fn analysis_options(a: &Args) -> Result<AnalysisOptions, Failure> {
    let mut o = AnalysisOptions::default();
    if let Some(steps) = a.value("funnel-steps") {
        let steps = steps
            .split(',')
            .map(|s| event("funnel-steps", s))
            .collect::<Result<Vec<_>, _>>()?;
        if !(2..=10).contains(&steps.len()) {
            return Err(usage(
                "funnel-steps",
                a.value("funnel-steps").unwrap_or(""),
                "2 to 10 comma-separated events",
            ));
        }
        o.funnel.steps = steps;
    }
    set(&mut o.funnel.mode, pick(a, "funnel-mode", &FUNNEL_MODES)?);
    set(
        &mut o.funnel.window_seconds,
        opt(a, "funnel-window", duration)?,
    );
    if let Some(b) = a.value("funnel-breakdown") {
        let bad = || {
            usage(
                "funnel-breakdown",
                b,
                "one of none, session, host, attr:NAME, rfm, cluster",
            )
        };
        match b.trim() {
            "none" => {}
            "session" => o.funnel.breakdown = Breakdown::Session,
            "host" => o.funnel.breakdown = Breakdown::Host,
            "rfm" => o.funnel_by_segment = Some(SegmentKind::Rfm),
            "cluster" => o.funnel_by_segment = Some(SegmentKind::Cluster),
            other => match other.strip_prefix("attr:").map(str::trim) {
                Some(name) if !name.is_empty() => {
                    o.funnel.breakdown = Breakdown::Attribute(name.to_owned());
                }
                _ => return Err(bad()),
            },
        }
    }
    let ga = opt(a, "compare-a", group)?;
    let gb = opt(a, "compare-b", group)?;
    let metric = pick(a, "compare-metric", &COMPARE_METRICS)?;
    match (ga, gb) {
        (Some(a), Some(b)) => {
            o.compare = Some(CompareChoice {
                a,
                b,
                metric: metric.unwrap_or_default(),
            })
        }
        (None, None) if metric.is_none() => {}
        _ => {
            return Err(Failure::Usage(
                "--compare-a and --compare-b go together (--compare-metric needs both)".into(),
            ))
        }
    }
    o.timeline_session = a.value("timeline-session").map(str::to_owned);
    o.review_session = a.value("review-session").map(str::to_owned);
    set(
        &mut o.retention.period,
        pick(a, "retention-period", &PERIODS)?,
    );
    set(
        &mut o.retention.mode,
        pick(a, "retention-mode", &RETENTION_MODES)?,
    );
    set(
        &mut o.retention.start_event,
        opt(a, "retention-start", event)?,
    );
    if let Some(v) = a.value("retention-return") {
        o.retention.return_event = match v.trim() {
            "any" => None,
            e => Some(event("retention-return", e).map_err(|_| {
                let keys: Vec<&str> = EventKind::CANONICAL.iter().map(|k| k.key()).collect();
                usage(
                    "retention-return",
                    v,
                    &format!("any or a canonical event ({})", keys.join(", ")),
                )
            })?),
        };
    }
    o.cluster.k = number_in(
        a,
        "k",
        |k: &usize| (2..=50).contains(k),
        "an integer from 2 to 50",
    )?;
    set(
        &mut o.rules.min_support,
        fraction(a, "rules-min-support", false)?,
    );
    set(
        &mut o.rules.min_confidence,
        fraction(a, "rules-min-confidence", true)?,
    );
    set(&mut o.rules.basket_by, basket_by(a)?);
    o.predict.cutoff = opt(a, "predict-cutoff", date)?;
    set(
        &mut o.predict.threshold,
        opt(a, "predict-threshold", threshold)?,
    );
    o.recommend.model = model(a)?.or(o.recommend.model);
    Ok(o)
}

/// Checks the names the options refer to (attributes, sessions, hosts) against the data, so
/// that a typo is a usage error instead of a silently skipped section.
pub fn check_names(o: &AnalysisOptions, ds: &Dataset) -> Result<(), Failure> {
    let listed = |names: &mut dyn Iterator<Item = &str>| -> String {
        let v: Vec<&str> = names.take(21).collect();
        match v.len() {
            0 => "none".into(),
            n if n > 20 => format!("{}, …", v[..20].join(", ")),
            _ => v.join(", "),
        }
    };
    let attribute = |flag: &str, name: &str| -> Result<(), Failure> {
        if ds.user_attributes.iter().any(|x| x.name == name) {
            return Ok(());
        }
        Err(Failure::Usage(format!(
            "--{flag}: no user attribute \"{name}\" (the users file has: {})",
            listed(&mut ds.user_attributes.iter().map(|x| x.name.as_str()))
        )))
    };
    let session = |flag: &str, id: &str| -> Result<(), Failure> {
        if ds.sessions.get(id).is_some() {
            return Ok(());
        }
        Err(Failure::Usage(format!(
            "--{flag}: no session \"{id}\" (sessions: {})",
            listed(&mut ds.sessions.names().iter().map(String::as_str))
        )))
    };
    if let Breakdown::Attribute(name) = &o.funnel.breakdown {
        attribute("funnel-breakdown", name)?;
    }
    if let Some(id) = &o.timeline_session {
        session("timeline-session", id)?;
    }
    if let Some(id) = &o.review_session {
        session("review-session", id)?;
    }
    if let Some(c) = &o.compare {
        for (flag, g) in [("compare-a", &c.a), ("compare-b", &c.b)] {
            match g {
                GroupChoice::Host(h) if ds.hosts.get(h).is_none() => {
                    return Err(Failure::Usage(format!(
                        "--{flag}: no host \"{h}\" (hosts: {})",
                        listed(&mut ds.hosts.names().iter().map(String::as_str))
                    )))
                }
                GroupChoice::Sessions(ids) => {
                    for id in ids {
                        session(flag, id)?;
                    }
                }
                GroupChoice::Attribute { name, .. } => attribute(flag, name)?,
                GroupChoice::Host(_) => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration("w", "24h").ok(), Some(86_400));
        assert_eq!(duration("w", "30m").ok(), Some(1800));
        assert_eq!(duration("w", "3600s").ok(), Some(3600));
        assert_eq!(duration("w", "2d").ok(), Some(172_800));
        assert_eq!(duration("w", "90").ok(), Some(90));
        for bad in ["", "0h", "-1h", "h", "3w", "1.5h", "99999999999999999d"] {
            assert!(duration("w", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(date("d", "1970-01-02").ok(), Some(1));
        assert_eq!(date("d", "2024-02-29").ok(), Some(19_782));
        for bad in [
            "",
            "2023-02-29",
            "2024-13-01",
            "2024-1",
            "01/02/2024",
            "2024-01-00",
        ] {
            assert!(date("d", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn groups() {
        assert!(matches!(group("g", "host:Lin"), Ok(GroupChoice::Host(h)) if h == "Lin"));
        assert!(
            matches!(group("g", "sessions:s1, s2"), Ok(GroupChoice::Sessions(v)) if v == ["s1", "s2"])
        );
        assert!(matches!(
            group("g", "attr:city=一线"),
            Ok(GroupChoice::Attribute { name, value }) if name == "city" && value == "一线"
        ));
        for bad in ["host:", "Lin", "sessions:", "attr:city", "team:x"] {
            assert!(group("g", bad).is_err(), "{bad}");
        }
    }
}

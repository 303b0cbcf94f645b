//! `livelens recommend`: the products to pitch to each person, with the reasons.

use std::time::Instant;

use super::args::Args;
use super::{input, options, out, print_json, Failure};
use livelens::analysis::Prepared;
use livelens::recommend::{self, RecommendParams};

pub fn run(a: &Args) -> Result<(), Failure> {
    a.only(&input::known(&[
        "model",
        "top",
        "user",
        "max-users",
        "k",
        "seed",
        "lang",
        "json",
    ]))
    .map_err(Failure::Usage)?;
    let mut p = RecommendParams::default();
    options::recommend_params(a, &mut p)?;
    // Without --user, every person is listed unless --max-users sets a cap.
    let max_users = options::number_in(a, "max-users", |n: &usize| *n >= 1, "a positive integer")?;
    p.max_listed_users = max_users.unwrap_or(usize::MAX);
    let users: Vec<String> = a
        .values("user")
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if a.value("user").is_some() && users.is_empty() {
        return Err(Failure::Usage(
            "--user needs one or more user ids, separated by commas".into(),
        ));
    }
    if !users.is_empty() {
        p.users = Some(users);
    }
    let lang = super::lang(a)?;
    let loaded = input::load(a, "recommend")?;
    let t0 = Instant::now();
    let r = recommend::recommend(&Prepared::new(&loaded.dataset), &p, None)?;
    eprintln!(
        "model {} (chosen by {}); {} persons listed in {:.2} s",
        r.model.key(),
        r.model_chosen_by,
        r.per_user.len(),
        t0.elapsed().as_secs_f64()
    );
    if let (Some(cap), None) = (max_users, &p.users) {
        let active = active_persons(&loaded.dataset);
        if active > cap {
            eprintln!(
                "note: listing the {cap} most recently active of {active} persons (--max-users {cap})"
            );
        }
    }
    if !r.unknown_users.is_empty() {
        eprintln!(
            "warning: unknown user ids (not in the data): {}",
            r.unknown_users.join(", ")
        );
    }
    if a.flag("json") {
        let map: serde_json::Map<String, serde_json::Value> = r
            .per_user
            .iter()
            .map(|u| {
                let items = u
                    .items
                    .iter()
                    .map(|i| serde_json::Value::String(i.item_id.clone()))
                    .collect();
                (u.user_id.clone(), serde_json::Value::Array(items))
            })
            .collect();
        return print_json(&map);
    }
    let mut text = format!(
        "Recommendations by {} ({}), top {} per person:\n",
        r.model.key(),
        match r.model_chosen_by.as_str() {
            "evaluation" => "the best model of the offline evaluation",
            "user" => "chosen with --model",
            _ => "the default model",
        },
        p.top_n
    );
    for u in &r.per_user {
        text.push_str(&format!("\n{}\n", u.user_id));
        if u.items.is_empty() {
            text.push_str("  (nothing left to recommend)\n");
        }
        for (i, item) in u.items.iter().enumerate() {
            let title = if item.title.is_empty() || item.title == item.item_id {
                String::new()
            } else {
                format!(" {}", item.title)
            };
            text.push_str(&format!(
                "  {:>2}. {}{} — {}\n",
                i + 1,
                item.item_id,
                title,
                lang.pick(&item.reason_en, &item.reason_zh)
            ));
        }
    }
    out(&text)
}

/// Persons with at least one event (those a listing without --user can show).
fn active_persons(ds: &livelens::model::Dataset) -> usize {
    let mut seen = vec![false; ds.users.len()];
    for &u in &ds.events.user {
        if let Some(s) = seen.get_mut(u as usize) {
            *s = true;
        }
    }
    seen.iter().filter(|&&s| s).count()
}

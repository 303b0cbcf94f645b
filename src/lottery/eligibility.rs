//! Who may win: a rule over plain [`Candidate`]s, and the thin adapter that builds them from a
//! [`Dataset`].

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::commit::id_problem;
use crate::error::{Error, Result};
use crate::model::{Dataset, EventKind};

/// One comment of a person in the session.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateComment {
    /// ms since the epoch, UTC.
    pub ts: i64,
    /// The comment's text, when the export carries it.
    pub text: Option<String>,
}

/// A person who commented in the session, with what the rule may look at. `None` = unknown
/// (the data does not say).
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub user_id: String,
    pub comments: Vec<CandidateComment>,
    pub is_follower: Option<bool>,
    pub fan_club: Option<bool>,
}

/// The eligibility rule. The base is everyone who commented in the session at or before the
/// draw time; each set option narrows it. A person is always one entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Eligibility {
    /// Only comments in `(draw time − within, draw time]` count (seconds).
    pub within_seconds: Option<i64>,
    /// Only comments containing this text count (case-insensitive).
    pub keyword: Option<String>,
    pub followers_only: bool,
    pub fan_club_only: bool,
    /// Ids that can not win (e.g. past winners).
    pub excluded: Vec<String>,
}

impl Eligibility {
    pub fn validate(&self) -> Result<()> {
        if let Some(w) = self.within_seconds {
            if w <= 0 {
                return Err(Error::Params(format!(
                    "the lottery window must be positive (got {w} s)"
                )));
            }
        }
        if self.keyword.as_deref().is_some_and(|k| k.trim().is_empty()) {
            return Err(Error::Params("the lottery keyword is empty".into()));
        }
        Ok(())
    }

    /// The rule in one English sentence (stored in the proof for readers).
    pub fn describe(&self) -> String {
        let mut s = String::from("commented in the session");
        if let Some(w) = self.within_seconds {
            s += &format!(" within the last {} before the draw", human_duration(w));
        } else {
            s += " before the draw";
        }
        if let Some(k) = &self.keyword {
            s += &format!(", a comment containing \"{}\"", k.trim());
        }
        if self.followers_only {
            s += ", followers only";
        }
        if self.fan_club_only {
            s += ", fan club only";
        }
        if !self.excluded.is_empty() {
            s += &format!(", {} past winner(s) excluded", self.excluded.len());
        }
        s + "; one entry per person"
    }
}

fn human_duration(s: i64) -> String {
    match s {
        s if s % 3600 == 0 => format!("{} h", s / 3600),
        s if s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

/// The eligible persons, and how many each rule left out (a person is counted under the first
/// rule that drops them, in the order of the fields).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EligibleList {
    /// Sorted by UTF-8 bytes, each once: the canonical list.
    pub ids: Vec<String>,
    /// Distinct persons who commented in the session before the draw.
    pub commenters: usize,
    pub outside_window: usize,
    pub without_keyword: usize,
    pub not_follower: usize,
    pub not_fan_club: usize,
    pub excluded: usize,
    /// Ids that cannot stand in the list (empty, or holding a line break).
    pub unusable_id: usize,
}

/// Applies the rule at `draw_time` (ms). Fails when the rule needs something no candidate
/// carries (comment text, follower or fan-club status) rather than returning an empty list.
pub fn eligible(
    candidates: &[Candidate],
    rule: &Eligibility,
    draw_time: i64,
) -> Result<EligibleList> {
    rule.validate()?;
    let before = |c: &&CandidateComment| c.ts <= draw_time;
    if rule.keyword.is_some()
        && !candidates
            .iter()
            .flat_map(|c| c.comments.iter().filter(before))
            .any(|c| c.text.is_some())
    {
        return Err(Error::NotEnoughData(
            "the comments carry no text, so a keyword cannot be checked (the events file needs \
             a text or content column)"
                .into(),
        ));
    }
    if rule.followers_only && candidates.iter().all(|c| c.is_follower.is_none()) {
        return Err(Error::NotEnoughData(
            "the data says nothing about who follows the host (no follow events, no \
             is_follower column), so \"followers only\" cannot be applied"
                .into(),
        ));
    }
    if rule.fan_club_only && candidates.iter().all(|c| c.fan_club.is_none()) {
        return Err(Error::NotEnoughData(
            "the data says nothing about fan-club membership, so \"fan club only\" cannot be \
             applied"
                .into(),
        ));
    }
    let keyword = rule.keyword.as_ref().map(|k| k.trim().to_lowercase());
    let excluded: BTreeSet<&str> = rule.excluded.iter().map(String::as_str).collect();
    let mut out = EligibleList::default();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    // A person listed twice qualifies if any entry does; counts go by person.
    let mut by_person: Vec<&Candidate> = candidates.iter().collect();
    crate::sort::by(&mut by_person, |a, b| a.user_id.cmp(&b.user_id));
    for group in by_person.chunk_by(|a, b| a.user_id == b.user_id) {
        let id = group[0].user_id.as_str();
        let comments = || group.iter().flat_map(|c| c.comments.iter().filter(before));
        if comments().next().is_none() {
            continue;
        }
        seen.insert(id);
        let in_window = |c: &CandidateComment| {
            rule.within_seconds
                .is_none_or(|w| c.ts > draw_time.saturating_sub(w.saturating_mul(1000)))
        };
        if !comments().any(in_window) {
            out.outside_window += 1;
            continue;
        }
        if let Some(k) = &keyword {
            let has = comments().filter(|c| in_window(c)).any(|c| {
                c.text
                    .as_deref()
                    .is_some_and(|t| t.to_lowercase().contains(k.as_str()))
            });
            if !has {
                out.without_keyword += 1;
                continue;
            }
        }
        if rule.followers_only && !group.iter().any(|c| c.is_follower == Some(true)) {
            out.not_follower += 1;
            continue;
        }
        if rule.fan_club_only && !group.iter().any(|c| c.fan_club == Some(true)) {
            out.not_fan_club += 1;
            continue;
        }
        if excluded.contains(id) {
            out.excluded += 1;
            continue;
        }
        if id_problem(id).is_some() {
            out.unusable_id += 1;
            continue;
        }
        ids.insert(id);
    }
    out.commenters = seen.len();
    out.ids = ids.into_iter().map(str::to_owned).collect();
    Ok(out)
}

/// The id of a session, or an error listing a few that exist.
pub fn session_id(ds: &Dataset, session: &str) -> Result<u32> {
    ds.sessions.get(session).ok_or_else(|| {
        let some: Vec<&str> = ds
            .sessions
            .names()
            .iter()
            .take(10)
            .map(String::as_str)
            .collect();
        Error::Params(format!(
            "no session \"{session}\" in the data (sessions: {}{})",
            if some.is_empty() {
                "none".to_owned()
            } else {
                some.join(", ")
            },
            if ds.sessions.len() > 10 { ", …" } else { "" }
        ))
    })
}

/// The time of the session's last event (the default draw time for a file that is still
/// growing or already finished). The rows may be in any order (a dataset still being appended
/// to holds them in reading order).
pub fn session_last_time(ds: &Dataset, session: &str) -> Result<i64> {
    let s = session_id(ds, session)?;
    let e = &ds.events;
    (0..e.len())
        .filter(|&i| e.session[i] == s)
        .map(|i| e.ts[i])
        .max()
        .ok_or_else(|| Error::NotEnoughData(format!("session \"{session}\" has no events")))
}

/// The candidates of a session from a dataset: every person with a `comment` event in the
/// session at or before `draw_time`, with those comments' times and texts (when the events
/// file has a text column).
///
/// Follower status at or before the draw time, in any session: `Some(true)` after a `follow`
/// row or a row saying the person follows (`is_follower` column); `Some(false)` when rows say
/// they do not and no `follow` row says otherwise; `None` (unknown) when nothing says either.
/// Fan-club membership: `Some(true)` after a `fan_club_join` row; when the data has such rows,
/// a person without one is `Some(false)`; without any, `None`.
pub fn candidates(ds: &Dataset, session: &str, draw_time: i64) -> Result<Vec<Candidate>> {
    let s = session_id(ds, session)?;
    let e = &ds.events;
    let n = ds.users.len();
    let mut comments: Vec<Vec<CandidateComment>> = vec![Vec::new(); n];
    let mut follower: Vec<Option<bool>> = vec![None; n];
    let mut fan_club = vec![false; n];
    let mut any_fan_club = false;
    for i in 0..e.len() {
        if e.ts[i] > draw_time {
            continue;
        }
        let u = e.user[i] as usize;
        let Some(c) = comments.get_mut(u) else {
            continue;
        };
        match e.kind[i] {
            EventKind::Comment if e.session[i] == s => c.push(CandidateComment {
                ts: e.ts[i],
                text: e.extra.text(i).map(str::to_owned),
            }),
            EventKind::Follow => follower[u] = Some(true),
            EventKind::FanClubJoin => {
                fan_club[u] = true;
                any_fan_club = true;
            }
            _ => {}
        }
        if let Some(f) = e.extra.follower(i) {
            if follower[u] != Some(true) {
                follower[u] = Some(f);
            }
        }
    }
    Ok(comments
        .into_iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .map(|(u, comments)| Candidate {
            user_id: ds.users.name(u as u32).to_owned(),
            comments,
            is_follower: follower[u],
            fan_club: (any_fan_club || fan_club[u]).then_some(fan_club[u]),
        })
        .collect())
}

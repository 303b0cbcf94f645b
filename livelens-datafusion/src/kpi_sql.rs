//! The live-room KPIs of metrics.md as SQL over the canonical events, per grain.
//!
//! Counts, distinct persons, money and every rate are plain SQL (they parallelise and shuffle
//! like any aggregate); watch time and concurrency need each person's visits in time order and
//! come from `livelens_visits`, the core's sweep over the group's events. A person is
//! `(creator, user_id)`: audiences are per creator. Rates with a zero denominator are NULL.

use crate::tables::Catalog;

/// The grains of the KPI tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    /// All input together.
    Overall,
    /// Per creator.
    Creator,
    /// Per (creator, session); events without a session are left out.
    Session,
    /// Per (creator, host) of the sessions table; events of sessions without a host left out.
    Host,
}

impl Grain {
    pub const ALL: [Grain; 4] = [Grain::Overall, Grain::Creator, Grain::Session, Grain::Host];

    pub fn key(self) -> &'static str {
        match self {
            Grain::Overall => "overall",
            Grain::Creator => "creator",
            Grain::Session => "session",
            Grain::Host => "host",
        }
    }

    fn group_cols(self) -> &'static [&'static str] {
        match self {
            Grain::Overall => &[],
            Grain::Creator => &["creator"],
            Grain::Session => &["creator", "session_id"],
            Grain::Host => &["creator", "host"],
        }
    }

    fn filter(self) -> &'static str {
        match self {
            Grain::Session => "WHERE session_id IS NOT NULL",
            Grain::Host => "WHERE host IS NOT NULL",
            _ => "",
        }
    }
}

fn ratio(num: &str, den: &str) -> String {
    format!("CASE WHEN {den} > 0 THEN CAST({num} AS DOUBLE) / CAST({den} AS DOUBLE) END")
}

/// The KPI query of a grain: one row per group, the columns named as the core's `Kpis`.
pub fn kpi_sql(catalog: &Catalog, grain: Grain) -> String {
    let keys = grain.group_cols();
    let key_list = keys.join(", ");
    let (sel_keys, group_by) = if keys.is_empty() {
        (String::new(), String::new())
    } else {
        (format!("{key_list}, "), format!("GROUP BY {key_list}"))
    };
    let person = "concat_ws(chr(31), creator, user_id)";
    let distinct = |cond: &str| format!("COUNT(DISTINCT {person}) FILTER (WHERE {cond})");
    let filter = grain.filter();
    let events = catalog.events_sql();
    let agg = format!(
        "SELECT {sel_keys}\
         {viewers} AS viewers, \
         COUNT(*) FILTER (WHERE event = 'enter') AS views, \
         {interact} AS interactors, \
         {followers} AS followers, \
         {pview} AS product_viewers, \
         {click} AS clickers, \
         {buyers} AS buyers, \
         COUNT(DISTINCT concat_ws(chr(31), creator, order_id)) FILTER (WHERE event = 'pay' AND order_id IS NOT NULL) \
           + COUNT(*) FILTER (WHERE event = 'pay' AND order_id IS NULL) AS orders, \
         COALESCE(SUM(amount) FILTER (WHERE event = 'pay'), 0.0) AS gmv, \
         COALESCE(SUM(amount) FILTER (WHERE event = 'refund'), 0.0) AS refunds, \
         COALESCE(SUM(amount) FILTER (WHERE event = 'pay' AND ad_spend IS NOT NULL), 0.0) AS spent_gmv, \
         COALESCE(SUM(amount) FILTER (WHERE event = 'refund' AND ad_spend IS NOT NULL), 0.0) AS spent_refunds, \
         COUNT(*) FILTER (WHERE event = 'comment') AS comments, \
         COUNT(*) FILTER (WHERE event = 'like') AS likes, \
         COUNT(*) FILTER (WHERE event = 'share') AS shares, \
         livelens_visits(user_id, session_id, event, ts, CAST(NULL AS VARCHAR), \
           CAST(NULL AS VARCHAR), CAST(NULL AS DOUBLE), seq, CAST(NULL AS VARCHAR), \
           CAST(NULL AS VARCHAR), start_ts, end_ts, CAST(NULL AS DOUBLE)) AS v \
         FROM ({events}) {filter} {group_by}",
        viewers = distinct("event = 'enter'"),
        interact = distinct("event IN ('comment', 'like', 'share')"),
        followers = distinct("event = 'follow'"),
        pview = distinct("event = 'product_view'"),
        click = distinct("event = 'click'"),
        buyers = distinct("event = 'pay'"),
    );
    // Ad spend: once per session, summed over the group's sessions (NULL when none is known).
    let spend_keys: Vec<&str> = keys.to_vec();
    let mut sess_cols = vec!["creator", "session_id"];
    if spend_keys.contains(&"host") {
        sess_cols.push("host");
    }
    let sess_list = sess_cols.join(", ");
    let spend = format!(
        "SELECT {sel_keys}SUM(spend) AS ad_spend FROM (SELECT {sess_list}, MAX(ad_spend) AS spend \
         FROM ({events}) WHERE session_id IS NOT NULL GROUP BY {sess_list}) {hfilter} {group_by}",
        hfilter = if grain == Grain::Host {
            "WHERE host IS NOT NULL"
        } else {
            ""
        }
    );
    let join = if keys.is_empty() {
        "CROSS JOIN sp".to_owned()
    } else {
        let on: Vec<String> = keys.iter().map(|k| format!("a.{k} = sp.{k}")).collect();
        format!("LEFT JOIN sp ON {}", on.join(" AND "))
    };
    let out_keys: String = keys.iter().map(|k| format!("a.{k}, ")).collect();
    let order = if keys.is_empty() {
        String::new()
    } else {
        let o: Vec<String> = keys.iter().map(|k| format!("a.{k}")).collect();
        format!("ORDER BY {}", o.join(", "))
    };
    format!(
        "WITH a AS ({agg}), sp AS ({spend}) SELECT {out_keys}\
         a.viewers, a.views, get_field(a.v, 'avg_watch_seconds') AS avg_watch_seconds, \
         get_field(a.v, 'peak_concurrent') AS peak_concurrent, get_field(a.v, 'avg_concurrent') AS avg_concurrent, \
         {interaction_rate} AS interaction_rate, \
         {cpm} AS comments_per_minute, \
         {follow_rate} AS follow_rate, \
         {pcr} AS product_click_rate, \
         {c2p} AS click_to_pay_rate, \
         {conv} AS conversion_rate, \
         a.buyers, a.orders, a.gmv, \
         {aov} AS aov, {rpb} AS revenue_per_buyer, \
         CASE WHEN a.views > 0 THEN 1000.0 * a.gmv / CAST(a.views AS DOUBLE) END AS gpm, \
         {uv} AS uv_value, {refund_rate} AS refund_rate, \
         {roi} AS roi, {net_roi} AS net_roi, \
         a.comments, a.likes, a.shares, a.followers, a.refunds, sp.ad_spend, \
         get_field(a.v, 'live_minutes') AS live_minutes \
         FROM a {join} {order}",
        interaction_rate = ratio("a.interactors", "a.viewers"),
        cpm = ratio("a.comments", "get_field(a.v, 'live_minutes')"),
        follow_rate = ratio("a.followers", "a.viewers"),
        pcr = ratio("a.clickers", "a.product_viewers"),
        c2p = ratio("a.buyers", "a.clickers"),
        conv = ratio("a.buyers", "a.viewers"),
        aov = ratio("a.gmv", "a.orders"),
        rpb = ratio("a.gmv", "a.buyers"),
        uv = ratio("a.gmv", "a.viewers"),
        refund_rate = ratio("a.refunds", "a.gmv"),
        // ROI counts only the GMV of the sessions with a known spend (docs/report.md), as the core.
        roi = ratio("a.spent_gmv", "sp.ad_spend"),
        net_roi = ratio("a.spent_gmv - a.spent_refunds", "sp.ad_spend"),
    )
}

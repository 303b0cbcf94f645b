//! The review as one standalone, printable HTML page (inline CSS, charts as inline SVG drawn by
//! the caller), for `livelens review --out`. Every text from the data (session titles, host
//! names, product titles, questions) is escaped.

use super::text::{baseline_sentence, format_difference, format_value, kpi_label, sections};
use super::{Review, ReviewVerdict};
use crate::i18n::Lang;

/// Charts already rendered as SVG documents (by `charts::render_svg`), each optional.
#[derive(Debug, Clone, Default)]
pub struct ReviewCharts {
    /// The KPIs against the baseline.
    pub kpis: Option<String>,
    /// GMV per minute of each pitch window.
    pub pitches: Option<String>,
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const CSS: &str = "
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font: 13px/1.45 system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Noto Sans CJK SC',
  'Microsoft YaHei', sans-serif; color: #1c2430; margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
h1 { font-size: 20px; margin: 0 0 2px; }
h2 { font-size: 15px; margin: 12px 0 4px; border-bottom: 1px solid #d6dbe3; padding-bottom: 2px; }
.meta, .rule, .foot, .note { color: #5a6577; }
.meta { margin: 0 0 6px; }
ul { margin: 0; padding-left: 18px; }
li { margin: 2px 0; }
.rule { display: block; font-size: 11px; }
.parts { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 10px; }
.good h2 { color: #1d7a46; } .bad h2 { color: #b3412e; } .next h2 { color: #2a5db0; }
table { border-collapse: collapse; width: 100%; font-size: 11.5px; }
th, td { text-align: right; padding: 2px 6px; border-bottom: 1px solid #eceff3; }
th:first-child, td:first-child { text-align: left; }
td.better { color: #1d7a46; font-weight: 600; } td.worse { color: #b3412e; font-weight: 600; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin-top: 8px; }
.charts svg { width: 100%; height: auto; }
.foot { font-size: 10.5px; margin-top: 8px; }
@media print {
  body { padding: 0; max-width: none; font-size: 9.5px; line-height: 1.35; }
  h1 { font-size: 15px; } h2 { font-size: 12px; margin: 7px 0 3px; }
  .rule { font-size: 8px; } li { margin: 1px 0; }
  table { font-size: 8.5px; } th, td { padding: 1px 4px; }
  .charts svg { max-height: 62mm; }
  .parts, .charts, table { break-inside: avoid; }
}
";

/// The verdict as a short word.
fn verdict_word(v: ReviewVerdict, lang: Lang) -> &'static str {
    match v {
        ReviewVerdict::Better => lang.pick("better", "更好"),
        ReviewVerdict::Worse => lang.pick("worse", "更差"),
        ReviewVerdict::Usual => lang.pick("usual", "正常"),
        ReviewVerdict::NoBaseline => lang.pick("no baseline", "无基线"),
        ReviewVerdict::NoValue => "–",
    }
}

/// The whole page.
pub fn review_html(r: &Review, charts: &ReviewCharts, lang: Lang) -> String {
    let mut h = String::with_capacity(16_384);
    let html_lang = lang.pick("en", "zh-CN");
    let heading = lang.pick("Post-live review", "直播复盘");
    let title = r
        .title
        .as_deref()
        .map(|t| format!(" · {t}"))
        .unwrap_or_default();
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · {}</title><style>{CSS}</style></head><body>\n",
        escape(heading),
        escape(&r.session_id)
    ));
    h.push_str(&format!(
        "<h1>{} · {}{}</h1>\n",
        escape(heading),
        escape(&r.session_id),
        escape(&title)
    ));
    let mut meta = Vec::new();
    if let Some(host) = &r.host {
        meta.push(format!("{}{}", lang.pick("Host: ", "主播："), host));
    }
    if let Some(s) = &r.start {
        meta.push(format!("{}{}", lang.pick("Start: ", "开播："), s));
    }
    meta.push(baseline_sentence(r, lang));
    h.push_str(&format!(
        "<p class=\"meta\">{}</p>\n",
        escape(&meta.join(" · "))
    ));
    for n in &r.notes {
        h.push_str(&format!("<p class=\"note\">{}</p>\n", escape(n.get(lang))));
    }
    h.push_str("<div class=\"parts\">\n");
    for ((heading, list), class) in sections(r, lang).into_iter().zip(["good", "bad", "next"]) {
        h.push_str(&format!(
            "<section class=\"{class}\"><h2>{}</h2><ul>",
            escape(heading)
        ));
        if list.is_empty() {
            h.push_str(&format!(
                "<li class=\"note\">{}</li>",
                lang.pick("Nothing stood out.", "没有突出的项。")
            ));
        }
        for s in list {
            h.push_str(&format!(
                "<li>{}<span class=\"rule\">{}</span></li>",
                escape(s.text.get(lang)),
                escape(s.rule.text.get(lang))
            ));
        }
        h.push_str("</ul></section>\n");
    }
    h.push_str("</div>\n");
    h.push_str(&kpi_table(r, lang));
    let svgs: Vec<&String> = [&charts.kpis, &charts.pitches]
        .into_iter()
        .flatten()
        .filter(|s| s.trim_start().starts_with("<svg"))
        .collect();
    if !svgs.is_empty() {
        h.push_str("<div class=\"charts\">");
        for s in svgs {
            h.push_str(&format!("<figure style=\"margin:0\">{s}</figure>"));
        }
        h.push_str("</div>\n");
    }
    h.push_str(&format!(
        "<p class=\"foot\">{} {}</p>\n</body></html>\n",
        escape(lang.pick("Computed on this computer by", "由本机计算，工具：")),
        escape(concat!("LiveLens ", env!("CARGO_PKG_VERSION")))
    ));
    h
}

/// The KPI table: value, usual (median), middle half (Q1–Q3), difference and verdict.
fn kpi_table(r: &Review, lang: Lang) -> String {
    let heads = [
        lang.pick("KPI", "指标"),
        lang.pick("This session", "本场"),
        lang.pick("Usual (median)", "平时（中位数）"),
        lang.pick("Middle half", "中间一半"),
        lang.pick("Difference", "差异"),
        "",
    ];
    let mut t = format!(
        "<h2>{}</h2><table><thead><tr>",
        escape(lang.pick("KPIs against your baseline", "各指标与基线对比"))
    );
    for head in heads {
        t.push_str(&format!("<th>{}</th>", escape(head)));
    }
    t.push_str("</tr></thead><tbody>");
    for l in r
        .kpis
        .iter()
        .filter(|l| l.verdict != ReviewVerdict::NoValue)
    {
        let f = |v: f64| format_value(l.unit, v, lang);
        let (median, range) = match l.baseline {
            Some(b) => (f(b.median), format!("{} – {}", f(b.q1), f(b.q3))),
            None => ("–".to_owned(), "–".to_owned()),
        };
        let diff = match (l.difference, l.baseline) {
            (Some(d), Some(b)) => format_difference(l.unit, d, b.median, lang),
            _ => "–".to_owned(),
        };
        let class = match l.verdict {
            ReviewVerdict::Better => "better",
            ReviewVerdict::Worse => "worse",
            _ => "",
        };
        t.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{class}\">{}</td></tr>",
            escape(kpi_label(&l.key, lang)),
            escape(&l.value.map(f).unwrap_or_else(|| "–".into())),
            escape(&median),
            escape(&range),
            escape(&diff),
            escape(verdict_word(l.verdict, lang)),
        ));
    }
    t.push_str("</tbody></table>\n");
    t
}

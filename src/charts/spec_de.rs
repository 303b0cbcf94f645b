//! [`ChartKind`]'s `Deserialize`, written by hand for the wasm's size (docs/decisions.md, "Wasm
//! size back under 1 MiB"). The derive of an internally tagged enum (`#[serde(tag = "type")]`)
//! buffers every value into serde's `Content` and deserialises each variant from it: 50 KB of
//! wasm for the page's `new Chart(spec)`. Here the object is read once into one struct of
//! optional fields (the union of the variants' fields, none of which shares a name with a
//! different type), then the tag picks the variant. The accepted JSON is the derive's: the same
//! `type` names, the same required fields ("missing field `categories`"), the same defaults for
//! the `#[serde(default)]` fields, unknown fields ignored.

use serde::de::{Deserializer, Error};
use serde::Deserialize;

use super::spec::{Band, ChartKind, Marker, Point, Series};

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Tag {
    Bars,
    BarsLine,
    Lines,
    Scatter,
    Heatmap,
    Funnel,
    Intervals,
}

/// Every field of every variant, each optional; the variant says which are required.
#[derive(Deserialize)]
#[serde(rename = "ChartKind")]
struct Fields {
    #[serde(rename = "type")]
    tag: Tag,
    categories: Option<Vec<String>>,
    series: Option<Vec<Series>>,
    stacked: Option<bool>,
    percent: Option<bool>,
    bars: Option<Series>,
    line: Option<Series>,
    x: Option<Vec<f64>>,
    x_is_time_minutes: Option<bool>,
    bands: Option<Vec<Band>>,
    markers: Option<Vec<Marker>>,
    points: Option<Vec<Point>>,
    groups: Option<Vec<String>>,
    color_by: Option<Vec<f64>>,
    color_label: Option<String>,
    rows: Option<Vec<String>>,
    cols: Option<Vec<String>>,
    values: Option<Vec<Option<f64>>>,
    value_label: Option<String>,
    steps: Option<Vec<String>>,
    counts: Option<Vec<f64>>,
    conversion: Option<Vec<Option<f64>>>,
    labels: Option<Vec<String>>,
    estimate: Option<Vec<f64>>,
    low: Option<Vec<f64>>,
    high: Option<Vec<f64>>,
}

/// A required field of the variant.
fn req<T, E: Error>(v: Option<T>, name: &'static str) -> Result<T, E> {
    v.ok_or_else(|| E::missing_field(name))
}

impl<'de> Deserialize<'de> for ChartKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = Fields::deserialize(d)?;
        let percent = f.percent.unwrap_or_default();
        Ok(match f.tag {
            Tag::Bars => ChartKind::Bars {
                categories: req(f.categories, "categories")?,
                series: req(f.series, "series")?,
                stacked: f.stacked.unwrap_or_default(),
                percent,
            },
            Tag::BarsLine => ChartKind::BarsLine {
                categories: req(f.categories, "categories")?,
                bars: req(f.bars, "bars")?,
                line: req(f.line, "line")?,
            },
            Tag::Lines => ChartKind::Lines {
                x: req(f.x, "x")?,
                x_is_time_minutes: f.x_is_time_minutes.unwrap_or_default(),
                series: req(f.series, "series")?,
                bands: f.bands.unwrap_or_default(),
                markers: f.markers.unwrap_or_default(),
                percent,
            },
            Tag::Scatter => ChartKind::Scatter {
                points: req(f.points, "points")?,
                groups: f.groups.unwrap_or_default(),
                color_by: f.color_by,
                color_label: f.color_label.unwrap_or_default(),
            },
            Tag::Heatmap => ChartKind::Heatmap {
                rows: req(f.rows, "rows")?,
                cols: req(f.cols, "cols")?,
                values: req(f.values, "values")?,
                value_label: f.value_label.unwrap_or_default(),
                percent,
            },
            Tag::Funnel => ChartKind::Funnel {
                steps: req(f.steps, "steps")?,
                counts: req(f.counts, "counts")?,
                conversion: req(f.conversion, "conversion")?,
            },
            Tag::Intervals => ChartKind::Intervals {
                labels: req(f.labels, "labels")?,
                estimate: req(f.estimate, "estimate")?,
                low: req(f.low, "low")?,
                high: req(f.high, "high")?,
                percent,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::spec::ChartKind;

    fn kind(json: &str) -> Result<ChartKind, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_required_fields_and_tags_are_the_derives() {
        assert_eq!(
            kind(r#"{"type":"bars","categories":["a"],"series":[],"extra":1}"#),
            Ok(ChartKind::Bars {
                categories: vec!["a".into()],
                series: vec![],
                stacked: false,
                percent: false,
            })
        );
        assert_eq!(
            kind(r#"{"series":[],"type":"lines","x":[1.5],"percent":true}"#),
            Ok(ChartKind::Lines {
                x: vec![1.5],
                x_is_time_minutes: false,
                series: vec![],
                bands: vec![],
                markers: vec![],
                percent: true,
            })
        );
        let missing = kind(r#"{"type":"heatmap","rows":[],"values":[]}"#);
        assert!(missing.is_err_and(|e| e.contains("missing field `cols`")));
        let unknown = kind(r#"{"type":"pie","labels":[]}"#);
        assert!(unknown.is_err_and(|e| e.contains("unknown variant `pie`")));
        assert!(kind(r#"{"categories":[],"series":[]}"#).is_err_and(|e| e.contains("`type`")));
    }
}

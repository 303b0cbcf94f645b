//! Serialisable chart descriptions. Analyses build a [`ChartSpec`]; it travels inside the report
//! JSON (from the Web Worker to the page, or to the CLI) and is drawn by [`super::draw()`].
//!
//! Conventions: missing values are `None`; non-finite values and values with magnitude above
//! [`MAX_ABS`] are treated as missing when drawing. When a `percent` flag is set, values are
//! fractions (0.25) shown as percentages ("25.0%").

use serde::{Deserialize, Serialize};

/// Values beyond this magnitude are treated as missing (keeps axis arithmetic finite).
pub const MAX_ABS: f64 = 1e100;

/// One chart: texts plus the data of one [`ChartKind`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartSpec {
    /// Stable id (used by the page for the canvas element and by the CLI for file names).
    pub id: String,
    pub title: String,
    /// Axis labels, with units ("Minute of session", "GMV (CNY)").
    #[serde(default)]
    pub x_label: String,
    #[serde(default)]
    pub y_label: String,
    /// Label of the secondary (right) axis; used by [`ChartKind::BarsLine`].
    #[serde(default)]
    pub y2_label: Option<String>,
    /// Small print under the title ("sampled 20,000 of 53,210 points").
    #[serde(default)]
    pub note: Option<String>,
    /// Text drawn in the middle when there is nothing to plot (translated by the caller).
    #[serde(default = "default_empty_text")]
    pub empty_text: String,
    pub kind: ChartKind,
}

fn default_empty_text() -> String {
    "No data".to_owned()
}

/// A named sequence of values, one per category / x position (`None` = missing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

impl Series {
    pub fn new(name: impl Into<String>, values: Vec<Option<f64>>) -> Self {
        Series {
            name: name.into(),
            values,
        }
    }

    /// A series without missing values.
    pub fn from_values(name: impl Into<String>, values: &[f64]) -> Self {
        Series::new(name, values.iter().map(|&v| Some(v)).collect())
    }
}

/// A shaded x range of a [`ChartKind::Lines`] chart (e.g. a product pitch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub x0: f64,
    pub x1: f64,
    pub label: String,
}

/// A labelled point of a [`ChartKind::Lines`] chart (e.g. a viewer spike).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marker {
    pub x: f64,
    pub y: f64,
    pub label: String,
}

/// A scatter point; `group` indexes [`ChartKind::Scatter::groups`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    #[serde(default)]
    pub group: u32,
}

/// What to draw. `Deserialize` is written by hand (`spec_de.rs`, the same JSON), for size.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChartKind {
    /// Grouped (side by side) or stacked bars over categories. Also used for histograms
    /// (categories = bin labels).
    Bars {
        categories: Vec<String>,
        series: Vec<Series>,
        #[serde(default)]
        stacked: bool,
        #[serde(default)]
        percent: bool,
    },
    /// Bars on the left axis and a line on the secondary right axis (`y2_label`).
    BarsLine {
        categories: Vec<String>,
        bars: Series,
        line: Series,
    },
    /// Lines over a numeric x (minutes when `x_is_time_minutes`, shown as h:mm), with shaded
    /// bands and labelled markers.
    Lines {
        x: Vec<f64>,
        #[serde(default)]
        x_is_time_minutes: bool,
        series: Vec<Series>,
        #[serde(default)]
        bands: Vec<Band>,
        #[serde(default)]
        markers: Vec<Marker>,
        #[serde(default)]
        percent: bool,
    },
    /// Points coloured by group, or by a continuous value (`color_by`, one per point, with a
    /// colour bar titled `color_label`) when given.
    Scatter {
        points: Vec<Point>,
        #[serde(default)]
        groups: Vec<String>,
        #[serde(default)]
        color_by: Option<Vec<f64>>,
        #[serde(default)]
        color_label: String,
    },
    /// A rows × cols grid of values (row-major), coloured on a sequential scale. Also used for
    /// the RFM R×F grid and cohort retention.
    Heatmap {
        rows: Vec<String>,
        cols: Vec<String>,
        values: Vec<Option<f64>>,
        #[serde(default)]
        value_label: String,
        #[serde(default)]
        percent: bool,
    },
    /// Funnel steps: bars of counts with the drop-off from the previous step shaded and the
    /// conversion (fraction, `None` for the first step) printed.
    Funnel {
        steps: Vec<String>,
        counts: Vec<f64>,
        conversion: Vec<Option<f64>>,
    },
    /// Point estimates with intervals (e.g. A/B conversion rates with 95% intervals).
    Intervals {
        labels: Vec<String>,
        estimate: Vec<f64>,
        low: Vec<f64>,
        high: Vec<f64>,
        #[serde(default)]
        percent: bool,
    },
}

impl ChartSpec {
    /// A spec with empty axis labels and no note; set the public fields or use the builders.
    pub fn new(id: impl Into<String>, title: impl Into<String>, kind: ChartKind) -> Self {
        ChartSpec {
            id: id.into(),
            title: title.into(),
            x_label: String::new(),
            y_label: String::new(),
            y2_label: None,
            note: None,
            empty_text: default_empty_text(),
            kind,
        }
    }

    pub fn labels(mut self, x_label: impl Into<String>, y_label: impl Into<String>) -> Self {
        self.x_label = x_label.into();
        self.y_label = y_label.into();
        self
    }

    pub fn y2_label(mut self, label: impl Into<String>) -> Self {
        self.y2_label = Some(label.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    pub fn empty_text(mut self, text: impl Into<String>) -> Self {
        self.empty_text = text.into();
        self
    }

    /// True when there is nothing drawable (no finite value in range).
    pub fn is_empty(&self) -> bool {
        let any = |mut vals: &mut dyn Iterator<Item = f64>| (&mut vals).any(|v| clean(v).is_some());
        match &self.kind {
            ChartKind::Bars {
                categories, series, ..
            } => {
                categories.is_empty()
                    || !any(&mut series
                        .iter()
                        .flat_map(|s| s.values.iter().flatten().copied()))
            }
            ChartKind::BarsLine {
                categories,
                bars,
                line,
            } => {
                categories.is_empty()
                    || !any(&mut bars.values.iter().chain(&line.values).flatten().copied())
            }
            ChartKind::Lines { x, series, .. } => !x.iter().enumerate().any(|(i, &xv)| {
                clean(xv).is_some()
                    && series
                        .iter()
                        .any(|s| s.values.get(i).copied().flatten().and_then(clean).is_some())
            }),
            ChartKind::Scatter { points, .. } => !points
                .iter()
                .any(|p| clean(p.x).is_some() && clean(p.y).is_some()),
            ChartKind::Heatmap {
                rows, cols, values, ..
            } => rows.is_empty() || cols.is_empty() || !any(&mut values.iter().flatten().copied()),
            ChartKind::Funnel { steps, counts, .. } => {
                steps.is_empty() || !any(&mut counts.iter().copied())
            }
            ChartKind::Intervals {
                labels, estimate, ..
            } => labels.is_empty() || !any(&mut estimate.iter().copied()),
        }
    }
}

/// `Some(v)` when `v` is drawable (finite and not absurdly large).
pub(crate) fn clean(v: f64) -> Option<f64> {
    (v.is_finite() && v.abs() <= MAX_ABS).then_some(v)
}

/// Value `i` of an optional-valued slice, cleaned.
pub(crate) fn optional_drawable_at(values: &[Option<f64>], i: usize) -> Option<f64> {
    values.get(i).copied().flatten().and_then(clean)
}

/// Value `i` of a plain slice, cleaned.
pub(crate) fn drawable_at(values: &[f64], i: usize) -> Option<f64> {
    values.get(i).copied().and_then(clean)
}

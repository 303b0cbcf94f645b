//! The accessible data-table alternative of each chart.

use super::format::{fmt_exact, fmt_minutes};
use super::spec::{ChartKind, ChartSpec, Series};

fn cell(v: Option<f64>, percent: bool) -> String {
    v.map_or(String::new(), |v| fmt_exact(v, percent))
}

fn label_or(label: &str, default: &str) -> String {
    if label.is_empty() { default } else { label }.to_owned()
}

/// Header and rows (all display strings; missing values are empty cells).
pub fn to_table(spec: &ChartSpec) -> (Vec<String>, Vec<Vec<String>>) {
    let by_category = |cats: &[String], series: &[&Series], percent: bool| {
        let mut header = vec![label_or(&spec.x_label, "Category")];
        header.extend(series.iter().map(|s| s.name.clone()));
        let rows = cats
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut row = vec![c.clone()];
                row.extend(
                    series
                        .iter()
                        .map(|s| cell(s.values.get(i).copied().flatten(), percent)),
                );
                row
            })
            .collect();
        (header, rows)
    };
    match &spec.kind {
        ChartKind::Bars {
            categories,
            series,
            percent,
            ..
        } => by_category(categories, &series.iter().collect::<Vec<_>>(), *percent),
        ChartKind::BarsLine {
            categories,
            bars,
            line,
        } => by_category(categories, &[bars, line], false),
        ChartKind::Lines {
            x,
            x_is_time_minutes,
            series,
            percent,
            ..
        } => {
            let mut header = vec![label_or(&spec.x_label, "x")];
            header.extend(series.iter().map(|s| s.name.clone()));
            let rows = x
                .iter()
                .enumerate()
                .map(|(i, &xv)| {
                    let mut row = vec![if *x_is_time_minutes && xv.is_finite() {
                        fmt_minutes(xv)
                    } else {
                        fmt_exact(xv, false)
                    }];
                    row.extend(
                        series
                            .iter()
                            .map(|s| cell(s.values.get(i).copied().flatten(), *percent)),
                    );
                    row
                })
                .collect();
            (header, rows)
        }
        ChartKind::Scatter {
            points,
            groups,
            color_by,
            color_label,
        } => {
            let mut header = vec![
                label_or(&spec.x_label, "x"),
                label_or(&spec.y_label, "y"),
                "Group".to_owned(),
            ];
            if color_by.is_some() {
                header.push(label_or(color_label, "Value"));
            }
            let rows = points
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let mut row = vec![
                        fmt_exact(p.x, false),
                        fmt_exact(p.y, false),
                        groups.get(p.group as usize).cloned().unwrap_or_default(),
                    ];
                    if let Some(c) = color_by {
                        row.push(cell(c.get(i).copied(), false));
                    }
                    row
                })
                .collect();
            (header, rows)
        }
        ChartKind::Heatmap {
            rows,
            cols,
            values,
            percent,
            ..
        } => {
            let mut header = vec![label_or(&spec.y_label, "")];
            header.extend(cols.iter().cloned());
            let body = rows
                .iter()
                .enumerate()
                .map(|(r, name)| {
                    let mut row = vec![name.clone()];
                    row.extend((0..cols.len()).map(|c| {
                        cell(values.get(r * cols.len() + c).copied().flatten(), *percent)
                    }));
                    row
                })
                .collect();
            (header, body)
        }
        ChartKind::Funnel {
            steps,
            counts,
            conversion,
        } => (
            vec![
                label_or(&spec.x_label, "Step"),
                label_or(&spec.y_label, "Count"),
                "Conversion".to_owned(),
            ],
            steps
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    vec![
                        s.clone(),
                        cell(counts.get(i).copied(), false),
                        cell(conversion.get(i).copied().flatten(), true),
                    ]
                })
                .collect(),
        ),
        ChartKind::Intervals {
            labels,
            estimate,
            low,
            high,
            percent,
        } => (
            vec![
                label_or(&spec.x_label, "Group"),
                label_or(&spec.y_label, "Estimate"),
                "Low".to_owned(),
                "High".to_owned(),
            ],
            labels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let c = |v: &[f64]| cell(v.get(i).copied(), *percent);
                    vec![l.clone(), c(estimate), c(low), c(high)]
                })
                .collect(),
        ),
    }
}

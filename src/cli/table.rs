//! Aligned text tables for the terminal.

/// Formats `rows` under `headers`, two spaces between columns; a column whose cells are all
/// numbers (or `-`, `—`, `2.5x`) is right-aligned, others left-aligned. Widths count characters, so CJK text
/// may look a little off in a terminal, but the columns stay in order.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let n = headers.len();
    let width = |i: usize| {
        rows.iter()
            .filter_map(|r| r.get(i))
            .map(|c| c.chars().count())
            .chain(headers.get(i).map(|h| h.chars().count()))
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..n).map(width).collect();
    let numeric: Vec<bool> = (0..n)
        .map(|i| {
            rows.iter().filter_map(|r| r.get(i)).all(|c| {
                let c = c.trim_end_matches(['*', '%']);
                c == "-" || c == "—" || c.trim_end_matches('x').parse::<f64>().is_ok()
            })
        })
        .collect();
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut parts = Vec::with_capacity(n);
        for (i, c) in cells.enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            if numeric.get(i).copied().unwrap_or(false) {
                parts.push(format!("{c:>w$}"));
            } else {
                parts.push(format!("{c:<w$}"));
            }
        }
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(&mut headers.iter().copied());
    for r in rows {
        line(&mut r.iter().map(String::as_str));
    }
    out
}

/// A rate or score with `digits` decimals; `-` when absent.
pub fn num(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "-".to_owned(), |v| format!("{v:.digits$}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_text_left_and_numbers_right() {
        let t = table(
            &["name", "n"],
            &[
                vec!["a".into(), "1".into()],
                vec!["long".into(), "100".into()],
            ],
        );
        assert_eq!(t, "name    n\na       1\nlong  100\n");
        assert_eq!(num(None, 2), "-");
        assert_eq!(num(Some(0.12345), 3), "0.123");
    }
}

//! Number formats of money columns. `999,00`, `1.000,50` and `12 345,67` (decimal comma) and
//! `1,234.50`, `1 234.50` and `1'234.50` (decimal point) are all common; a value such as `1,234`
//! or `1.000` means a thousand times more in one than in the other. So the decimal separator is
//! decided per column from the WHOLE column ([`ColumnEvidence`]), each value is read in its
//! column's style ([`parse_amount_in`]), and a value that stays ambiguous (no other value of the
//! column tells) or contradicts its column is rejected with its reason — never read ×100 or /1000.

use super::parse::AmountError;

/// The decimal separator of a column's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberStyle {
    /// `1,234.50`, `1 234.50`, `1'234.50`: `.` is the decimal point; `,`, spaces and `'` group.
    Dot,
    /// `1.234,50`, `12 345,67`, `999,00`: `,` is the decimal point; `.`, spaces and `'` group.
    Comma,
}

/// What one value says about its column's decimal separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// Nothing (`1299`, `12 345`, empty): the same in both styles.
    Neutral,
    /// Only a decimal point reads it (`99.50`, `1,234.5`, `1,234,567`).
    Dot,
    /// Only a decimal comma reads it (`99,50`, `1.234,5`, `1.234.567`).
    Comma,
    /// Either reads it, to different values (`1,234`, `1.000`).
    Ambiguous,
}

/// Amounts above this (a trillion) are refused: a unit or format mistake, and sums of them
/// would overflow the report's figures.
pub const MAX_AMOUNT: f64 = 1e12;

/// What a value says about the decimal separator (see [`Evidence`]).
pub fn evidence(s: &str) -> Evidence {
    let b = super::parse::trim(s).as_bytes();
    let (mut dots, mut commas) = (0usize, 0usize);
    let mut last: Option<(usize, u8)> = None;
    for (i, &c) in b.iter().enumerate() {
        if c == b'.' || c == b',' {
            if c == b'.' {
                dots += 1;
            } else {
                commas += 1;
            }
            last = Some((i, c));
        }
    }
    let Some((at, sep)) = last else {
        return Evidence::Neutral;
    };
    let style_of = |c: u8| {
        if c == b'.' {
            Evidence::Dot
        } else {
            Evidence::Comma
        }
    };
    let other = |c: u8| {
        if c == b'.' {
            Evidence::Comma
        } else {
            Evidence::Dot
        }
    };
    if dots > 0 && commas > 0 {
        // Both: the last one is the decimal separator.
        return style_of(sep);
    }
    if dots + commas > 1 {
        // `1,234,567` / `1.234.567`: a repeated separator groups thousands — when every group
        // after one has three digits (`1.2.3` is no number in either style).
        return if groups_of_three(b, sep) {
            other(sep)
        } else {
            Evidence::Neutral
        };
    }
    // One separator: a group separator has 1–3 digits before it (not a lone 0) and exactly
    // three after.
    let after = b
        .get(at + 1..)
        .unwrap_or_default()
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let before: Vec<u8> = b
        .get(..at)
        .unwrap_or_default()
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit() || matches!(c, b' ' | b'\''))
        .copied()
        .collect();
    let digits_before = before.iter().filter(|c| c.is_ascii_digit()).count();
    let grouped_before = before.iter().any(|c| !c.is_ascii_digit());
    let lone_zero = digits_before == 1 && before.first() == Some(&b'0');
    if after != 3 || digits_before == 0 || lone_zero || (digits_before > 3 && !grouped_before) {
        style_of(sep)
    } else {
        Evidence::Ambiguous
    }
}

/// Whether every `sep` in `b` is followed by exactly three digits.
fn groups_of_three(b: &[u8], sep: u8) -> bool {
    b.iter()
        .enumerate()
        .filter(|(_, &c)| c == sep)
        .all(|(i, _)| {
            let rest = b.get(i + 1..).unwrap_or_default();
            rest.iter().take_while(|c| c.is_ascii_digit()).count() == 3
        })
}

/// The evidence of a whole column, counted value by value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColumnEvidence {
    pub dot: u64,
    pub comma: u64,
    pub ambiguous: u64,
}

impl ColumnEvidence {
    pub fn add(&mut self, s: &str) {
        match evidence(s) {
            Evidence::Dot => self.dot += 1,
            Evidence::Comma => self.comma += 1,
            Evidence::Ambiguous => self.ambiguous += 1,
            Evidence::Neutral => {}
        }
    }
    /// Whether `n` more values, whatever they are, leave [`ColumnEvidence::style`] as it is
    /// (decided, and ahead by more than `n` — a tie goes to the decimal point).
    pub fn settled_for(&self, n: u64) -> bool {
        match (self.dot, self.comma) {
            (0, 0) => n == 0,
            (dot, comma) if comma > dot => comma - dot > n,
            (dot, comma) => dot - comma >= n,
        }
    }
    /// The column's style: the one more of its values can only be read in (a tie goes to the
    /// decimal point); `default` when no value tells (`Dot` for JSON and spreadsheet numbers,
    /// `None` for text, whose ambiguous values are then refused).
    pub fn style(&self, default: Option<NumberStyle>) -> Option<NumberStyle> {
        if self.dot == 0 && self.comma == 0 {
            default
        } else if self.comma > self.dot {
            Some(NumberStyle::Comma)
        } else {
            Some(NumberStyle::Dot)
        }
    }
}

/// Parses a money amount in a column of style `style` (`None`: undecided — a value that needs
/// the style is refused as ambiguous). `Ok(None)` for an empty cell. A value whose own form
/// contradicts the column's style (`1.5` in a decimal-comma column) is refused as
/// [`AmountError::StyleConflict`].
pub fn parse_amount_in(s: &str, style: Option<NumberStyle>) -> Result<Option<f64>, AmountError> {
    let style = match (evidence(s), style) {
        (Evidence::Ambiguous, None) => return Err(AmountError::Ambiguous),
        (Evidence::Dot, Some(NumberStyle::Comma)) | (Evidence::Comma, Some(NumberStyle::Dot)) => {
            return Err(AmountError::StyleConflict)
        }
        (Evidence::Comma, _) => NumberStyle::Comma,
        (_, Some(st)) => st,
        (_, None) => NumberStyle::Dot,
    };
    parse_amount_styled(s, style)
}

/// Parses an amount with a known decimal separator. `Ok(None)` for an empty cell.
pub(super) fn parse_amount_styled(s: &str, style: NumberStyle) -> Result<Option<f64>, AmountError> {
    let t = super::parse::trim(s);
    if t.is_empty() {
        return Ok(None);
    }
    let (decimal, group) = match style {
        NumberStyle::Dot => ('.', ','),
        NumberStyle::Comma => (',', '.'),
    };
    // In a decimal-comma column a dot only groups thousands: `1.2.3` or `1.5` is no number.
    if style == NumberStyle::Comma && !groups_of_three(t.as_bytes(), b'.') {
        return Err(AmountError::Unparsable);
    }
    let mut buf = [0u8; 64];
    let mut n = 0;
    let mut negative = false;
    let mut rest = t;
    for prefix in ["RMB", "CNY", "USD", "EUR", "rmb", "cny", "usd", "eur"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
        }
        if let Some(r) = rest.strip_suffix(prefix) {
            rest = r;
        }
    }
    for ch in rest.chars() {
        let byte = match ch {
            '0'..='9' | 'e' | 'E' => Some(ch as u8),
            c if c == decimal => Some(b'.'),
            '-' | '−' if n == 0 => {
                negative = true;
                None
            }
            '+' if n == 0 => None,
            c if c == group => None,
            '_' | ' ' | '\'' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '¥' | '￥' | '$' | '€'
            | '£' | '元' => None,
            _ => {
                let lower = t.to_ascii_lowercase();
                if matches!(
                    lower.as_str(),
                    "nan" | "inf" | "-inf" | "infinity" | "-infinity"
                ) {
                    return Err(AmountError::NotFinite);
                }
                return Err(AmountError::Unparsable);
            }
        };
        if let Some(byte) = byte {
            let Some(slot) = buf.get_mut(n) else {
                return Err(AmountError::Unparsable);
            };
            *slot = byte;
            n += 1;
        }
    }
    let num = std::str::from_utf8(buf.get(..n).unwrap_or_default())
        .map_err(|_| AmountError::Unparsable)?;
    if num.is_empty() || !num.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return Err(AmountError::Unparsable);
    }
    let v: f64 = num.parse().map_err(|_| AmountError::Unparsable)?;
    if !v.is_finite() {
        return Err(AmountError::NotFinite);
    }
    if negative && v != 0.0 {
        return Err(AmountError::Negative);
    }
    if v > MAX_AMOUNT {
        return Err(AmountError::TooLarge);
    }
    Ok(Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_of_values() {
        use Evidence::*;
        for (s, e) in [
            ("1299", Neutral),
            ("12 345", Neutral),
            ("", Neutral),
            ("999,00", Comma),
            ("1.000,50", Comma),
            ("12 345,67", Comma),
            ("1.234.567", Comma),
            ("0,125", Comma),
            ("1234,567", Comma),
            ("1,234.50", Dot),
            ("1 234.50", Dot),
            ("1'234.50", Dot),
            ("99.5", Dot),
            ("¥1,299.00", Dot),
            ("1,234,567", Dot),
            ("0.125", Dot),
            ("1,234", Ambiguous),
            ("1.000", Ambiguous),
            ("¥12.500", Ambiguous),
            ("1 234,567", Ambiguous),
            ("1.2.3", Neutral),
            ("1,2,3", Neutral),
        ] {
            assert_eq!(evidence(s), e, "{s}");
        }
    }

    #[test]
    fn a_column_decides_and_ambiguity_is_refused() {
        let mut c = ColumnEvidence::default();
        for v in ["999,00", "1.000,50", "1.000", "12"] {
            c.add(v);
        }
        let st = c.style(None);
        assert_eq!(st, Some(NumberStyle::Comma));
        assert_eq!(parse_amount_in("999,00", st), Ok(Some(999.0)));
        assert_eq!(parse_amount_in("1.000,50", st), Ok(Some(1000.5)));
        assert_eq!(parse_amount_in("1.000", st), Ok(Some(1000.0)));
        assert_eq!(parse_amount_in("12 345,67", st), Ok(Some(12345.67)));
        assert_eq!(parse_amount_in("1.5", st), Err(AmountError::StyleConflict));
        let dot = Some(NumberStyle::Dot);
        assert_eq!(parse_amount_in("1,234.50", dot), Ok(Some(1234.5)));
        assert_eq!(parse_amount_in("1'234.50", dot), Ok(Some(1234.5)));
        assert_eq!(parse_amount_in("1 234.50", dot), Ok(Some(1234.5)));
        assert_eq!(parse_amount_in("1.000", dot), Ok(Some(1.0)));
        assert_eq!(parse_amount_in("1,234", dot), Ok(Some(1234.0)));
        assert_eq!(parse_amount_in("1,234", None), Err(AmountError::Ambiguous));
        assert_eq!(parse_amount_in("1.000", None), Err(AmountError::Ambiguous));
        assert_eq!(parse_amount_in("999,00", None), Ok(Some(999.0)));
        assert_eq!(parse_amount_in("1e13", dot), Err(AmountError::TooLarge));
        assert_eq!(parse_amount_in("1e400", dot), Err(AmountError::NotFinite));
        assert_eq!(ColumnEvidence::default().style(None), None);
        let mut tie = ColumnEvidence::default();
        tie.add("1,5");
        tie.add("1.5");
        assert_eq!(tie.style(None), Some(NumberStyle::Dot));
    }

    #[test]
    fn settled_evidence_is_not_changed_by_that_many_values() {
        for dot in 0..12u64 {
            for comma in 0..12u64 {
                let c = ColumnEvidence {
                    dot,
                    comma,
                    ambiguous: 0,
                };
                for n in 0..15u64 {
                    // Every way `n` values can add to the two counts (each adds to one at most).
                    let same = (0..=n).all(|a| {
                        (0..=n - a).all(|b| {
                            let more = ColumnEvidence {
                                dot: dot + a,
                                comma: comma + b,
                                ambiguous: 0,
                            };
                            more.style(None) == c.style(None)
                        })
                    });
                    assert_eq!(c.settled_for(n), same, "dot {dot} comma {comma} n {n}");
                }
            }
        }
    }
}

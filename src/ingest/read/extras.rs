//! The optional columns of an events or orders row: comment text, traffic source, follower
//! status, and a payment's unit price, list price, discount, quantity and coupon. Money cells
//! are checked like amounts (a bad one rejects the row, naming its column); an unreadable
//! follower cell is counted and reported as a warning, an unknown source is kept as `other`.

use crate::ingest::columns::ColumnMap;
use crate::ingest::fields::{field_of_header, Field};
use crate::ingest::parse::parse_amount;
use crate::ingest::validation::RowTally;
use crate::model::{parse_follower, EventExtras};

/// What a row's optional columns hold, checked; stored with [`Extras::store`] once the row is
/// accepted.
#[derive(Default)]
pub(super) struct Extras {
    list_price: Option<f64>,
    discount: Option<f64>,
    quantity: Option<u32>,
}

/// Optional cells that could not be read and were left out (the row is kept): per column,
/// how many, and the first one's line and value, for the warning.
#[derive(Default, Clone)]
pub(super) struct Unread {
    cells: Vec<(Field, u64, u64, String)>,
}

impl Unread {
    fn note(&mut self, f: Field, line: u64, value: &str) {
        match self.cells.iter_mut().find(|c| c.0 == f) {
            Some(c) => c.1 += 1,
            None => self
                .cells
                .push((f, 1, line, value.chars().take(40).collect())),
        }
    }

    /// One warning per column with unreadable cells.
    pub(super) fn warn(&self, warnings: &mut Vec<String>, columns: &ColumnMap) {
        for (f, n, line, v) in &self.cells {
            let what = match f {
                Field::Follower => "neither yes nor no (是/否, 1/0, true/false)",
                Field::Quantity => "not whole numbers",
                _ => "not amounts",
            };
            warnings.push(format!(
                "{n} cells of column \"{}\" are {what} and were left out (first: line {line}, \"{v}\")",
                columns.header(*f)
            ));
        }
    }
}

/// An optional money cell: `None` when empty or unreadable (then noted in `unread`).
fn money(
    columns: &ColumnMap,
    f: Field,
    line: u64,
    row: &[&str],
    unread: &mut Unread,
) -> Option<f64> {
    let v = columns.get(f, row)?;
    match parse_amount(v) {
        Ok(a) => a,
        Err(_) => {
            unread.note(f, line, v);
            None
        }
    }
}

/// Reads the money and quantity cells; `None` when the row was rejected (a quantity that the
/// amount depends on must be a whole number; other cells are left out when unreadable).
pub(super) fn check_extras(
    tally: &mut RowTally,
    columns: &ColumnMap,
    line: u64,
    row: &[&str],
    unread: &mut Unread,
) -> Option<Extras> {
    let mut x = Extras {
        list_price: money(columns, Field::ListPrice, line, row, unread),
        discount: money(columns, Field::Discount, line, row, unread),
        quantity: None,
    };
    if let Some(v) = columns.get(Field::Quantity, row) {
        if !crate::ingest::parse::trim(v).is_empty() {
            match parse_amount(v) {
                Ok(Some(q)) if q.fract() == 0.0 && q < u32::MAX as f64 => {
                    x.quantity = Some(q as u32)
                }
                _ if amount_is_unit_price(columns) => {
                    // The amount depends on it.
                    tally.reject("bad_quantity", line, columns.header(Field::Quantity), v);
                    return None;
                }
                _ => unread.note(Field::Quantity, line, v),
            }
        }
    }
    Some(x)
}

impl Extras {
    /// The row's quantity, if it has one.
    pub(super) fn quantity(&self) -> Option<u32> {
        self.quantity
    }

    /// Stores the row's optional values as event `idx`. `follower_unread` counts follower
    /// cells that said neither yes nor no.
    pub(super) fn store(
        &self,
        columns: &ColumnMap,
        row: &[&str],
        idx: usize,
        extra: &mut EventExtras,
        line: u64,
        unread: &mut Unread,
    ) {
        // Blank cells (most of an events row's optional cells) store nothing: skipped here, as
        // each setter would skip them, without its trimming and lower-casing.
        let cell = |f| {
            columns
                .get(f, row)
                .filter(|v| !crate::ingest::parse::trim(v).is_empty())
        };
        if let Some(t) = cell(Field::Text) {
            extra.set_text(idx, t);
        }
        if let Some(s) = cell(Field::Source) {
            extra.set_source(idx, s);
        }
        if let Some(f) = cell(Field::Follower) {
            match parse_follower(f) {
                Some(b) => extra.set_follower(idx, b),
                None => unread.note(Field::Follower, line, f),
            }
        }
        if let Some(c) = cell(Field::Coupon) {
            extra.set_coupon(idx, c);
        }
        if let Some(v) = self.list_price {
            extra.set_list_price(idx, v);
        }
        if let Some(v) = self.discount {
            extra.set_discount(idx, v);
        }
        if let Some(q) = self.quantity {
            extra.set_quantity(idx, q);
        }
    }
}

/// Whether an orders file's amount column is really a unit price (a `price` header taken as
/// the amount because there is no amount column): then the amount is price × quantity.
pub(super) fn amount_is_unit_price(columns: &ColumnMap) -> bool {
    columns.has(Field::Amount)
        && field_of_header(columns.header(Field::Amount)) == Some(Field::Price)
}

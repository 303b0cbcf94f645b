//! A products (catalogue) file: one row per product with its title, category, tags and price.

use super::cells::{for_each_checked_row, money_of, required};
use crate::ingest::columns::ColumnMap;
use crate::ingest::fields::Field;
use crate::ingest::input::IngestOptions;
use crate::ingest::table::Table;
use crate::ingest::validation::RowTally;
use crate::model::Dataset;

/// Reads a products file into the dataset's product info (title, category, tags, price).
pub(super) fn read_items(
    t: &Table,
    columns: &ColumnMap,
    opts: &IngestOptions,
    ds: &mut Dataset,
    tally: &mut RowTally,
) {
    for_each_checked_row(t, opts, tally, |tally, line, row| {
        let Some(id) = required(
            tally,
            line,
            || columns.header(Field::Item),
            columns.get(Field::Item, row),
            "missing_item",
        ) else {
            return;
        };
        let Ok(price) = money_of(tally, columns, Field::Price, line, row, "bad_price") else {
            return;
        };
        let item = ds.items.intern(id) as usize;
        if ds.item_info.len() <= item {
            ds.item_info.resize(item + 1, Default::default());
        }
        let Some(info) = ds.item_info.get_mut(item) else {
            return;
        };
        info.title = columns
            .get(Field::Title, row)
            .unwrap_or("")
            .trim()
            .to_owned();
        info.category = columns
            .get(Field::Category, row)
            .unwrap_or("")
            .trim()
            .to_owned();
        info.tags = columns
            .get(Field::Tags, row)
            .unwrap_or("")
            .split(['|', ',', ';', '、', '，', '；', '#'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        info.price = price;
        tally.report.rows_accepted += 1;
    });
}

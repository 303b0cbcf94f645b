//! The same order read more than once: status-history rows (`paid`, then `shipped` for one
//! order id), overlapping exports, the same order in two files. An order line — (order id,
//! user, product) — gives at most one `pay`, one `refund` and one unpaid `order` event; a row
//! that would add another is merged (counted once). When the amounts differ, the FIRST row read
//! is kept (files in the order given, rows top to bottom) and the conflict is listed. Rows
//! without an order id cannot be matched and are all kept.

use rustc_hash::FxHashMap;

use crate::ingest::parse::format_ts;

/// What was kept of one order line.
#[derive(Clone, Copy)]
struct Kept {
    /// Amount, file (index in [`OrderRepeats::files`]) and line of the kept payment.
    pay: Option<(f64, u32, u64)>,
    refund: bool,
    unpaid: bool,
}

/// Order lines kept so far, over all orders files.
#[derive(Default)]
pub(in crate::ingest) struct OrderRepeats {
    kept: FxHashMap<(u32, u32, u32), Kept>,
    files: Vec<String>,
}

/// What to do with a row's events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Keep {
    pub(super) pay: bool,
    pub(super) refund: bool,
    pub(super) unpaid: bool,
}

/// Repeats found in one file, for its warnings.
#[derive(Default)]
pub(super) struct FileRepeats {
    file: u32,
    merged: u64,
    merged_example: Option<String>,
    conflicts: u64,
    conflict_examples: Vec<String>,
}

impl OrderRepeats {
    /// Starts a file.
    pub(super) fn file(&mut self, name: &str) -> FileRepeats {
        self.files.push(name.to_owned());
        FileRepeats {
            file: self.files.len() as u32 - 1,
            ..FileRepeats::default()
        }
    }

    /// Which of a row's events are new: `paid` (a pay, and a refund when `refunded`) or an
    /// unpaid order, for order line `key`; records the rest as merged or conflicting.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn keep(
        &mut self,
        fr: &mut FileRepeats,
        key: (u32, u32, u32),
        order_text: &str,
        paid: bool,
        refunded: bool,
        amount: f64,
        line: u64,
        ts: i64,
    ) -> Keep {
        let k = self.kept.entry(key).or_insert(Kept {
            pay: None,
            refund: false,
            unpaid: false,
        });
        let mut keep = Keep {
            pay: false,
            refund: false,
            unpaid: false,
        };
        let mut conflict = false;
        if !paid {
            keep.unpaid = !k.unpaid;
            k.unpaid = true;
        } else {
            match k.pay {
                None => {
                    keep.pay = true;
                    k.pay = Some((amount, fr.file, line));
                }
                Some((a, f, l)) if (a - amount).abs() > 0.005 => {
                    conflict = true;
                    fr.conflicts += 1;
                    if fr.conflict_examples.len() < 3 {
                        let first = self.files.get(f as usize).map_or("", String::as_str);
                        fr.conflict_examples.push(format!(
                            "order {order_text}: {a} ({first} line {l}, kept) and {amount} (line {line}, {})",
                            format_ts(ts, 0)
                        ));
                    }
                }
                Some(_) => {}
            }
            if refunded {
                keep.refund = !k.refund;
                k.refund = true;
            }
        }
        let nothing_new = keep
            == Keep {
                pay: false,
                refund: false,
                unpaid: false,
            };
        if nothing_new && !conflict {
            fr.merged += 1;
            if fr.merged_example.is_none() {
                fr.merged_example = Some(format!("order {order_text} at line {line}"));
            }
        }
        keep
    }
}

impl FileRepeats {
    /// The file's warnings about merged and conflicting orders.
    pub(super) fn warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        if self.merged > 0 {
            w.push(format!(
                "{} rows repeat an order already read (same order id, user and product: a status history such as paid then shipped, or overlapping exports) and were counted once, e.g. {}",
                self.merged,
                self.merged_example.as_deref().unwrap_or("")
            ));
        }
        if self.conflicts > 0 {
            w.push(format!(
                "{} rows give an order already read another amount; the first read is kept (files in the order given, rows top to bottom): {}",
                self.conflicts,
                self.conflict_examples.join("; ")
            ));
        }
        w
    }
}

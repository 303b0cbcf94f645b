//! Checks of a legacy Excel workbook (XLS: BIFF records in an OLE compound file) made BEFORE
//! calamine reads it. Calamine reserves a sheet's claimed `DIMENSIONS` (rows × columns) up
//! front, subtracts their bounds unchecked (a reversed range underflows), builds a sheet as one
//! dense grid from its lowest to highest cell (two cells at A1 and at row 65,536, column
//! 65,536 ask for 4 billion cells), subtracts a `MULRK` record's column bounds unchecked, and
//! slices the workbook stream at every sheet's recorded offset. This check reads the compound
//! file's directory and the `Workbook` (or `Book`) stream itself, bounded by the file's size,
//! walks the records exactly as calamine does (from each sheet's offset to its `EOF`) and
//! refuses, with a clear error, what would make the library panic, abort or blow up.

use super::xlsx_guard::max_cells;
use super::MAX_COLUMNS;
use crate::error::{Error, Result};

const SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The compound file's sectors, FAT and mini stream: just enough to read one stream.
struct Compound<'a> {
    bytes: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
}

impl<'a> Compound<'a> {
    fn open(bytes: &'a [u8]) -> Option<Self> {
        if !bytes.starts_with(SIGNATURE) {
            return None;
        }
        let shift = u16_at(bytes, 0x1E)?;
        if !(7..=16).contains(&shift) {
            return None;
        }
        let sector = 1usize << shift;
        let mut c = Compound {
            bytes,
            sector,
            fat: Vec::new(),
        };
        // The FAT's sectors: 109 in the header, the rest in the DIFAT chain.
        let mut fat_sectors: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
            .filter(|&s| s != FREE && s != END_OF_CHAIN)
            .collect();
        let mut difat = u32_at(bytes, 0x44)?;
        let per_sector = sector / 4;
        let mut steps = 0;
        while difat != END_OF_CHAIN && difat != FREE {
            steps += 1;
            if steps > c.sectors() {
                return None;
            }
            let s = c.sector_bytes(difat)?;
            for i in 0..per_sector - 1 {
                let v = u32_at(s, 4 * i)?;
                if v != FREE && v != END_OF_CHAIN {
                    fat_sectors.push(v);
                }
            }
            difat = u32_at(s, 4 * (per_sector - 1))?;
        }
        if fat_sectors.len() > c.sectors() {
            return None;
        }
        for s in fat_sectors {
            let s = c.sector_bytes(s)?;
            c.fat
                .extend((0..per_sector).filter_map(|i| u32_at(s, 4 * i)));
        }
        Some(c)
    }

    /// Sectors the file can hold: every chain is shorter than this.
    fn sectors(&self) -> usize {
        self.bytes.len() / self.sector + 1
    }

    fn sector_bytes(&self, s: u32) -> Option<&'a [u8]> {
        let start = (s as usize).checked_add(1)?.checked_mul(self.sector)?;
        self.bytes.get(start..start.checked_add(self.sector)?)
    }

    /// The bytes of the chain starting at `start` in `table` (the FAT or the mini FAT), `unit`
    /// bytes a link, read by `read`, cut at `size`. `None` when the chain is broken or loops.
    fn chain(
        &self,
        table: &[u32],
        start: u32,
        size: usize,
        unit: usize,
        read: impl Fn(u32) -> Option<Vec<u8>>,
    ) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(size.min(self.bytes.len()));
        let mut s = start;
        let max_links = self.bytes.len() / unit.max(1) + 1;
        let mut links = 0;
        while s != END_OF_CHAIN && out.len() < size {
            links += 1;
            if links > max_links {
                return None;
            }
            out.extend_from_slice(&read(s)?);
            s = *table.get(s as usize)?;
        }
        out.truncate(size);
        Some(out)
    }

    fn fat_chain(&self, start: u32, size: usize) -> Option<Vec<u8>> {
        self.chain(&self.fat, start, size, self.sector, |s| {
            self.sector_bytes(s).map(<[u8]>::to_vec)
        })
    }

    /// The stream named `name` (case-insensitively, as calamine finds it), if the directory has it.
    fn stream(&self, names: &[&str]) -> Option<Vec<u8>> {
        let dir_start = u32_at(self.bytes, 0x30)?;
        let dir = self.fat_chain(dir_start, usize::MAX)?;
        let cutoff = u32_at(self.bytes, 0x38)? as usize;
        let mut root: Option<(u32, usize)> = None;
        let mut found: Option<(u32, usize)> = None;
        for e in dir.chunks_exact(128) {
            let len = (u16_at(e, 0x40)? as usize).min(64);
            let name: Vec<u16> = (0..len.saturating_sub(2) / 2)
                .filter_map(|i| u16_at(e, 2 * i))
                .collect();
            let name = String::from_utf16_lossy(&name);
            let start = u32_at(e, 0x74)?;
            // Version 3 files keep only the low 32 bits of the size meaningful.
            let size = u32_at(e, 0x78)? as usize;
            match e.get(0x42) {
                Some(5) => root = Some((start, size)),
                Some(2) if names.iter().any(|n| n.eq_ignore_ascii_case(&name)) => {
                    found = found.or(Some((start, size)))
                }
                _ => {}
            }
        }
        let (start, size) = found?;
        // No stream is larger than the file that holds it.
        let size = size.min(self.bytes.len());
        if size >= cutoff {
            return self.fat_chain(start, size);
        }
        // A small stream lives in the mini stream (the root entry's data), 64-byte mini sectors.
        let (root_start, root_size) = root?;
        let mini = self.fat_chain(root_start, root_size.min(self.bytes.len()))?;
        let minifat_start = u32_at(self.bytes, 0x3C)?;
        let minifat_bytes = self.fat_chain(minifat_start, usize::MAX)?;
        let minifat: Vec<u32> = (0..minifat_bytes.len() / 4)
            .filter_map(|i| u32_at(&minifat_bytes, 4 * i))
            .collect();
        let mini_shift = u16_at(self.bytes, 0x20)?;
        if mini_shift > 12 {
            return None;
        }
        let unit = 1usize << mini_shift;
        self.chain(&minifat, start, size, unit, |s| {
            let at = (s as usize).checked_mul(unit)?;
            mini.get(at..at.checked_add(unit)?).map(<[u8]>::to_vec)
        })
    }
}

/// Cell bounds of one sheet, 0-based as in BIFF.
#[derive(Default)]
struct Bounds(Option<(u32, u32, u32, u32)>);

impl Bounds {
    fn add(&mut self, row: u32, col: u32) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }
    fn grid(&self) -> (u64, u64) {
        self.0.map_or((0, 0), |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1, u64::from(c1 - c0) + 1)
        })
    }
}

/// Checks an XLS file; a file that is no compound file, or has no workbook stream, is left to
/// calamine (which refuses it with its own message).
pub fn check_xls(name: &str, bytes: &[u8]) -> Result<()> {
    let damaged = || {
        Error::input(
            name,
            "bad_spreadsheet",
            "is a spreadsheet that cannot be read (its workbook stream is damaged); re-save it or export it as CSV",
        )
    };
    if !bytes.starts_with(SIGNATURE) {
        return Ok(());
    }
    let compound = Compound::open(bytes).ok_or_else(damaged)?;
    let Some(stream) = compound.stream(&["Workbook", "Book"]) else {
        return Ok(());
    };
    check_workbook(name, &stream, max_cells(bytes.len()))
}

/// The records of a BIFF stream from `at`: (type, data).
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut pos = at;
    std::iter::from_fn(move || {
        let typ = u16_at(stream, pos)?;
        let len = u16_at(stream, pos + 2)? as usize;
        let data = stream.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some((typ, data))
    })
}

fn check_workbook(name: &str, stream: &[u8], limit: u64) -> Result<()> {
    let bad = |what: String| {
        Error::input(
            name,
            "spreadsheet_too_large",
            format!("{what}; LiveLens reads sheets of at most {limit} cells and {MAX_COLUMNS} columns: delete the stray cells or export the sheet as CSV"),
        )
    };
    // The globals: every BOUNDSHEET's offset must fall inside the stream (calamine slices there).
    let mut sheets = Vec::new();
    for (typ, data) in records(stream, 0) {
        match typ {
            0x0085 => {
                let pos = u32_at(data, 0).unwrap_or(0) as usize;
                if pos >= stream.len() {
                    return Err(bad(format!(
                        "a sheet starts at byte {pos} of a workbook stream of {} bytes",
                        stream.len()
                    )));
                }
                sheets.push(pos);
            }
            0x000A => break,
            _ => {}
        }
    }
    for (n, pos) in sheets.into_iter().enumerate() {
        let sheet = n + 1;
        let mut bounds = Bounds::default();
        for (typ, data) in records(stream, pos) {
            let cell = |d: &[u8]| Some((u32::from(u16_at(d, 0)?), u32::from(u16_at(d, 2)?)));
            match typ {
                0x000A => break,
                0x0200 => {
                    // As calamine reads DIMENSIONS: first row, last row + 1, first column, last
                    // column + 1 (32-bit rows in BIFF8, 16-bit before).
                    let (rf, rl, cf, cl) = match data.len() {
                        10 => (
                            u32::from(u16_at(data, 0).unwrap_or(0)),
                            u32::from(u16_at(data, 2).unwrap_or(0)),
                            u32::from(u16_at(data, 4).unwrap_or(0)),
                            u32::from(u16_at(data, 6).unwrap_or(0)),
                        ),
                        14 => (
                            u32_at(data, 0).unwrap_or(0),
                            u32_at(data, 4).unwrap_or(0),
                            u32::from(u16_at(data, 8).unwrap_or(0)),
                            u32::from(u16_at(data, 10).unwrap_or(0)),
                        ),
                        _ => continue,
                    };
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    if rl >= 1 && cl >= 1 {
                        if rl - 1 < rf {
                            return Err(bad(format!(
                                "sheet {sheet} claims the reversed rows {rf}…{rl}"
                            )));
                        }
                        let rows = u64::from(rl - rf);
                        let cols = u64::from(cl - cf);
                        if cols > MAX_COLUMNS as u64 || rows.saturating_mul(cols) > limit {
                            return Err(bad(format!(
                                "sheet {sheet} claims {rows} rows × {cols} columns"
                            )));
                        }
                    }
                }
                0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    if let Some((r, c)) = cell(data) {
                        bounds.add(r, c);
                    }
                }
                0x00BD => {
                    let (Some((r, first)), Some(last)) = (
                        cell(data),
                        data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                    ) else {
                        continue;
                    };
                    if u32::from(last) < first {
                        return Err(bad(format!(
                            "sheet {sheet} has a run of numbers from column {first} back to column {last}"
                        )));
                    }
                    bounds.add(r, first);
                    bounds.add(r, u32::from(last));
                }
                _ => {}
            }
            let (rows, cols) = bounds.grid();
            if cols > MAX_COLUMNS as u64 || rows.saturating_mul(cols) > limit {
                return Err(bad(format!(
                    "the cells of sheet {sheet} span {rows} rows × {cols} columns"
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend_from_slice(&(data.len() as u16).to_le_bytes());
        v.extend_from_slice(data);
        v
    }

    /// A workbook stream: globals with one BOUNDSHEET, then the sheet's records.
    fn workbook(sheet: &[Vec<u8>]) -> Vec<u8> {
        let bof = rec(0x0809, &[0; 16]);
        let eof = rec(0x000A, &[]);
        let globals_len = bof.len() + 4 + 8 + eof.len();
        let mut bs = (globals_len as u32).to_le_bytes().to_vec();
        bs.extend_from_slice(&[0, 0, 1, 0]);
        let mut v = bof.clone();
        v.extend(rec(0x0085, &bs));
        v.extend(&eof);
        v.extend(&bof);
        for r in sheet {
            v.extend(r);
        }
        v.extend(eof);
        v
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&[0; 10]);
        rec(0x0203, &d)
    }

    fn dims(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
        let mut d = rf.to_le_bytes().to_vec();
        d.extend_from_slice(&rl.to_le_bytes());
        d.extend_from_slice(&cf.to_le_bytes());
        d.extend_from_slice(&cl.to_le_bytes());
        d.extend_from_slice(&[0, 0]);
        rec(0x0200, &d)
    }

    #[test]
    fn ordinary_sheets_pass() {
        let wb = workbook(&[dims(0, 3, 0, 2), number(0, 0), number(2, 1)]);
        assert!(check_workbook("f.xls", &wb, 1000).is_ok());
    }

    #[test]
    fn blow_ups_are_refused() {
        let mut mulrk = 5u16.to_le_bytes().to_vec();
        mulrk.extend_from_slice(&9u16.to_le_bytes());
        mulrk.extend_from_slice(&[0; 6]);
        mulrk.extend_from_slice(&2u16.to_le_bytes());
        for sheet in [
            vec![dims(0, 1_000_000, 0, 200)],
            vec![dims(10, 3, 0, 2)],
            vec![number(0, 0), number(65_535, 65_535)],
            vec![number(0, 0), number(0, 9000)],
            vec![rec(0x00BD, &mulrk)],
        ] {
            let wb = workbook(&sheet);
            let Err(e) = check_workbook("f.xls", &wb, 1000) else {
                panic!("accepted {sheet:?}")
            };
            assert_eq!(e.code(), "spreadsheet_too_large");
        }
        // A sheet offset past the end of the stream.
        let mut wb = workbook(&[number(0, 0)]);
        let at = 4 + 16 + 4;
        wb.splice(at..at + 4, 1_000_000u32.to_le_bytes());
        assert!(check_workbook("f.xls", &wb, 1000).is_err());
    }
}

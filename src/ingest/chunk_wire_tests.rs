#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed expectation is the assertion
//! The wire forms round-trip exactly, and a truncated or corrupt buffer is an error or a
//! chunk that refers only inside itself — never a panic.

use super::*;
use crate::ingest::fields::field_of_header;

const TEXT: &str = "u1,s1,enter,2025-01-01 10:00:00,,\"hi \"\"x\"\"\",搜索\r\n\
u2,s1,pay,2025-01-01 10:01:00,\"1,299.50\",,\n\
\n\
,s2,enter,never,-1,,the moon\n\
u1,s1,enter,2025-01-01 10:00:00,,\"hi \"\"x\"\"\",搜索\r\n\
u3,s9,like,1735725600,2.5,\"multi\nline\",推荐feed\n\
u4,bad,row\n\
u5,s5,进入直播间,2025-01-01 10:02:00,,好,抖音";

fn layout_wire(drop_duplicates: bool) -> Vec<u8> {
    let headers = [
        "user_id",
        "session_id",
        "event",
        "timestamp",
        "amount",
        "text",
        "source",
    ];
    let mapping: Vec<_> = headers.iter().map(|h| field_of_header(h)).collect();
    let mut columns = ColumnMap::new(&mapping, headers.map(str::to_owned).to_vec());
    let mut ev = columns.money_evidence();
    ev.add(&["", "", "", "", "3.50", "", ""]);
    columns.apply_styles(&ev, "csv");
    let opts = IngestOptions {
        drop_duplicates,
        tz_offset_minutes: 480,
        ..IngestOptions::default()
    };
    let empty = ev.emptied();
    encode_layout(&parallel::Layout {
        delimiter: b',',
        headers: headers.len(),
        columns: &columns,
        opts: &opts,
        evidence: Some(&empty),
        known_users: None,
    })
}

#[test]
fn layouts_and_chunks_round_trip() {
    for drop in [true, false] {
        let lw = layout_wire(drop);
        let l = decode_layout(&lw).unwrap();
        assert_eq!(encode_layout(&l.layout()), lw, "a layout re-encodes alike");
        for last in [false, true] {
            let wire = parse_to_wire(&l, TEXT.as_bytes(), last).unwrap();
            let (c, stamp) = decode_chunk(&wire).unwrap();
            assert_eq!(stamp, l.stamp);
            assert_eq!(encode_chunk(&c, stamp), wire, "a chunk re-encodes alike");
            // What the merge reads: the records' fields, keys, parsed cells and events.
            let direct = parallel::parse_range(TEXT, 0..TEXT.len(), last, &l.layout(), None);
            assert_eq!(c.len(), direct.len());
            assert_eq!(
                (c.consumed, c.complete()),
                (direct.consumed, direct.complete())
            );
            assert_eq!(c.keys, direct.keys);
            assert_eq!(c.local, direct.local);
            // Parsed cells are carried for rows that are not local events (a local event's are
            // never read).
            for (i, e) in direct.local.iter().enumerate() {
                if e.is_none() {
                    assert_eq!(c.parts().3.get(i), direct.parts().3.get(i));
                }
            }
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for i in 0..c.len() {
                let (x, y) = (c.record(TEXT, i, &mut a), direct.record(TEXT, i, &mut b));
                assert_eq!(x.0, y.0);
                // A local event's fields are left out (read again from the text for a repeat).
                match direct.local[i] {
                    Some(_) => assert!(a.is_empty()),
                    None => assert_eq!(a, b),
                }
            }
            assert!(c.local.iter().flatten().count() >= 3);
            assert!(c.evidence.is_some());
        }
    }
}

#[test]
fn text_that_is_not_utf8_is_not_parsed() {
    let l = decode_layout(&layout_wire(true)).unwrap();
    assert!(parse_to_wire(&l, b"u1,\xff\n", false).is_err());
}

#[test]
fn truncated_buffers_are_errors() {
    let lw = layout_wire(true);
    for n in 0..lw.len() {
        assert!(decode_layout(&lw[..n]).is_err(), "layout cut at {n}");
    }
    let l = decode_layout(&lw).unwrap();
    let wire = parse_to_wire(&l, TEXT.as_bytes(), true).unwrap();
    for n in 0..wire.len() {
        assert!(decode_chunk(&wire[..n]).is_err(), "chunk cut at {n}");
    }
    let mut longer = wire.clone();
    longer.push(0);
    assert!(decode_chunk(&longer).is_err());
    assert!(decode_chunk(&lw).is_err(), "a layout is not a chunk");
}

#[test]
fn corrupt_buffers_never_panic_nor_point_outside_the_chunk() {
    let lw = layout_wire(true);
    let l = decode_layout(&lw).unwrap();
    let wire = parse_to_wire(&l, TEXT.as_bytes(), true).unwrap();
    let mut decoded = 0;
    for i in 0..wire.len() {
        for v in [0u8, 1, 2, 7, 0x7f, 0x80, 0xfe, 0xff] {
            let mut bad = wire.clone();
            bad[i] = v;
            if let Ok((c, _)) = decode_chunk(&bad) {
                decoded += 1;
                // Every record, field and event can be read without a panic.
                let mut f = Vec::new();
                for r in 0..c.len() {
                    c.record(TEXT, r, &mut f);
                }
                assert!(c.consumed <= c.range.len());
            }
        }
        for v in [0u8, 3, 0xff] {
            let mut bad = lw.clone();
            if let Some(b) = bad.get_mut(i) {
                *b = v;
                let _ = decode_layout(&bad);
            }
        }
    }
    assert!(
        decoded > 0,
        "some corrupt values still decode (e.g. a time)"
    );
    // Huge counts are refused before anything is allocated for them.
    let mut huge = wire[..4 + 24].to_vec();
    huge.extend_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(
        decode_chunk(&huge).err(),
        Some(BadWire("count past the end"))
    );
}

//! The inline paths of [`super::trim`] and [`super::fast_date_time`]'s memo of the last date
//! against the plain computations.

use super::*;

fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut x = seed;
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

#[test]
fn trim_is_str_trim_on_hostile_cells() {
    // Every kind of white space (ASCII, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028,
    // U+2029, U+202F, U+205F, U+3000), Chinese, 2-, 3- and 4-byte characters.
    let alphabet = [
        "a",
        "7",
        " ",
        "\t",
        "\n",
        "\r",
        "\u{b}",
        "\u{c}",
        "\u{85}",
        "\u{a0}",
        "\u{1680}",
        "\u{2000}",
        "\u{200a}",
        "\u{2028}",
        "\u{2029}",
        "\u{202f}",
        "\u{205f}",
        "\u{3000}",
        "千川",
        "否",
        "é",
        "\u{feff}",
        "😀",
        "\u{10ffff}",
        "\u{e000}",
        "\u{ffff}",
        "\u{1000}",
        "\u{2030}",
    ];
    let mut next = xorshift(0x2545_F491_4F6C_DD1D);
    for _ in 0..200_000 {
        let len = (next() % 6) as usize;
        let s: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        assert_eq!(trim(&s), s.trim(), "{s:?}");
    }
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        for s in [
            format!("{c}"),
            format!("x{c}"),
            format!("{c}x"),
            format!("千{c}"),
        ] {
            assert_eq!(trim(&s), s.trim(), "{s:?}");
        }
    }
}

#[test]
fn the_memo_of_the_last_date_changes_no_timestamp() {
    let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
    let days = [
        "2025-09-01",
        "2025-09-02",
        "2024-02-29",
        "2025-02-29",
        "2025-13-01",
        "0000-01-01",
    ];
    for _ in 0..50_000 {
        let r = next();
        let date = days[(r % days.len() as u64) as usize];
        let sep = [" ", "T", "t", "x"][(r >> 8) as usize % 4];
        let s = format!(
            "{date}{sep}{:02}:{:02}:{:02}",
            (r >> 16) % 26,
            (r >> 24) % 62,
            (r >> 32) % 62
        );
        let tz = [0, 480, -300][(r >> 40) as usize % 3];
        // After whatever date came before (the memo warm), then with the memo emptied.
        let warm = parse_timestamp(&s, tz);
        LAST_DATE.with(|l| l.set((0, 0, 0)));
        let cold = parse_timestamp(&s, tz);
        assert_eq!(warm, cold, "{s:?}");
        if let Ok(t) = cold {
            assert_eq!(parse_date_time(&s, tz), Ok(t), "{s:?}");
        }
    }
}

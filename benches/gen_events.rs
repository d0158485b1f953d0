//! Synthetic GDELT 2.0 event rows, the same bytes for the same count:
//! shared by `examples/generate_events.rs` and the ingest bench.
//!
//! Each row has GDELT 2.0's 61 tab-separated columns, with what a real
//! export has in the columns `tiegraph ingest` reads (dates, both
//! actors' country codes, event codes with their root and QuadClass,
//! Goldstein, mentions, `DATEADDED`, a URL) and the geography columns
//! left empty, so a row is about 190 bytes (a real one about 400): a
//! million rows make a 190 MB file. A fifth of the rows lack the second
//! actor and one in twenty repeats the day, actors and code of the row
//! before, as in real exports.

#![allow(dead_code)]

use std::io::Write;

/// Countries the events are between (ISO and CAMEO codes agree for these).
const COUNTRIES: [&str; 60] = [
    "AFG", "ARE", "ARG", "AUS", "BGD", "BRA", "CAN", "CHN", "COL", "DEU", "EGY", "ESP", "ETH",
    "FRA", "GBR", "IDN", "IND", "IRN", "IRQ", "ISR", "ITA", "JOR", "JPN", "KEN", "KOR", "LBN",
    "LBY", "MEX", "MLI", "MMR", "NGA", "NLD", "NOR", "PAK", "PHL", "POL", "PRK", "QAT", "RUS",
    "SAU", "SDN", "SOM", "SSD", "SWE", "SYR", "THA", "TUR", "TWN", "UGA", "UKR", "USA", "VEN",
    "VNM", "YEM", "ZAF", "ZWE", "DZA", "MAR", "TUN", "CHE",
];

/// Event codes with their root, QuadClass and Goldstein score.
const CODES: [(&str, &str, u8, &str); 16] = [
    ("010", "01", 1, "0.0"),
    ("020", "02", 1, "3.0"),
    ("036", "03", 1, "4.0"),
    ("040", "04", 1, "1.0"),
    ("042", "04", 1, "1.9"),
    ("043", "04", 1, "2.8"),
    ("045", "04", 1, "5.0"),
    ("057", "05", 1, "8.0"),
    ("061", "06", 2, "6.4"),
    ("070", "07", 2, "7.0"),
    ("111", "11", 3, "-2.0"),
    ("130", "13", 3, "-4.4"),
    ("172", "17", 4, "-5.0"),
    ("190", "19", 4, "-10.0"),
    ("193", "19", 4, "-10.0"),
    ("1823", "18", 4, "-10.0"),
];

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Writes `rows` rows (days of 2016 and 2017, added in 2017).
pub fn write(rows: u64, out: &mut impl Write) -> std::io::Result<()> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut line = Vec::with_capacity(512);
    let empty8 = "\t".repeat(8);
    let mut last = (0u64, 0usize, 0usize, 0usize);
    for i in 0..rows {
        let repeat = i > 0 && rng.below(20) == 0;
        let (day, a, b, code) = if repeat {
            last
        } else {
            // Popular countries more often (the square of a uniform pick).
            let pick = |r: &mut Rng| {
                let x = r.below(60) as usize;
                x * x / 60
            };
            let a = pick(&mut rng);
            let b = if rng.below(5) == 0 {
                usize::MAX
            } else {
                pick(&mut rng)
            };
            (rng.below(730), a, b, rng.below(16) as usize)
        };
        last = (day, a, b, code);
        let (y, m, d) = civil(day);
        let (code_text, root, quad, goldstein) = CODES[code];
        let actor2 = if b == usize::MAX { "" } else { COUNTRIES[b] };
        let name2 = if b == usize::MAX { "" } else { "X" };
        let mentions = 1 + rng.below(20);
        line.clear();
        writeln!(
            line,
            "{id}\t{y}{m:02}{d:02}\t{y}{m:02}\t{y}\t{y}.{f:04}\t{a}\tA\t{a}{e8}\
             {b}\t{n2}\t{b}{e8}\
             {root_event}\t{code_text}\t{code_text}\t{root}\t{quad}\t{goldstein}\t{mentions}\t1\t{mentions}\t-1.5\
             {geo}\t2017{am:02}{ad:02}000000\thttps://n{site}.example.com/{id}",
            id = 700_000_000 + i,
            f = (m - 1) * 833 + d * 27,
            a = COUNTRIES[a],
            e8 = empty8,
            b = actor2,
            n2 = name2,
            root_event = u8::from(rng.below(3) == 0),
            geo = "\t".repeat(24),
            am = 1 + (i * 12 / rows.max(1)),
            ad = 1 + i % 28,
            site = rng.below(500),
        )?;
        out.write_all(&line)?;
    }
    out.flush()
}

/// Year, month and day of day `n` from 2016-01-01 (n < 731).
fn civil(n: u64) -> (u64, u64, u64) {
    const DAYS: [u64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut year, mut left) = (2016, n);
    if left >= 366 {
        year = 2017;
        left -= 366;
    }
    for (i, &len) in DAYS.iter().enumerate() {
        let len = if i == 1 && year == 2016 { len + 1 } else { len };
        if left < len {
            return (year, i as u64 + 1, left + 1);
        }
        left -= len;
    }
    (year, 12, 31)
}

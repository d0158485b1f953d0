//! A deterministic generator of synthetic datasets in the CSV format, for the
//! benchmarks and for comparing tiegraph with other tools on the same files.
//!
//! Shared by the criterion benches (`mod gen;`) and the `generate` example
//! (`cargo run --release --example generate -- large /tmp/large`).
//!
//! The shape follows the performance issue: endpoints skewed towards hubs
//! within regions of about 100 actors (so there are triangles), the six
//! kinds, 85% day / 13% month / 2% year precision, 60% of ties with an end,
//! about 2% of actors with two phases, weights with two decimals, and some
//! names with commas, quotes and newlines.

#![allow(dead_code)]

use std::fmt::Write as _;

/// A named size.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    /// `small`, `medium` or `large`.
    pub name: &'static str,
    /// Number of actors.
    pub actors: usize,
    /// Number of ties.
    pub ties: usize,
}

/// The three sizes of the performance issue.
pub const SIZES: [Size; 3] = [
    Size {
        name: "small",
        actors: 1_000,
        ties: 10_000,
    },
    Size {
        name: "medium",
        actors: 10_000,
        ties: 100_000,
    },
    Size {
        name: "large",
        actors: 50_000,
        ties: 1_000_000,
    },
];

/// Connected random networks for centrality (issue 15): every tie in force
/// from 2000 on, so the analysis graph at any later date has all of them.
/// Made by [`network`], not [`generate`].
pub const NETWORKS: [Size; 2] = [
    Size {
        name: "net10k",
        actors: 10_000,
        ties: 30_000,
    },
    Size {
        name: "net50k",
        actors: 50_000,
        ties: 150_000,
    },
];

/// Signed networks for the camps (issue 21), made by [`signed`]:
/// `planted100` has two planted camps with 12% of the signs flipped,
/// `uniform100` has uniformly random signs; both 100 actors and 1,000
/// distinct signed pairs.
pub const SIGNED: [Size; 2] = [
    Size {
        name: "planted100",
        actors: 100,
        ties: 1_000,
    },
    Size {
        name: "uniform100",
        actors: 100,
        ties: 1_000,
    },
];

/// The sizes named in `TIEGRAPH_BENCH_SIZES` (comma-separated), all three
/// by default: `TIEGRAPH_BENCH_SIZES=small,medium` skips the large one.
pub fn sizes_from_env() -> Vec<Size> {
    let wanted =
        std::env::var("TIEGRAPH_BENCH_SIZES").unwrap_or_else(|_| "small,medium,large".into());
    wanted.split(',').filter_map(|s| size(s.trim())).collect()
}

/// Looks up a size by name.
pub fn size(name: &str) -> Option<Size> {
    SIZES
        .iter()
        .chain(&NETWORKS)
        .chain(&SIGNED)
        .copied()
        .find(|s| s.name == name)
}

/// SplitMix64: tiny, fast, and the same sequence on every platform and
/// every version, which a crate's "standard" generator does not promise.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// True with probability `p` percent.
    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

/// The generated files.
pub struct Generated {
    /// actors.csv
    pub actors: String,
    /// ties.csv
    pub ties: String,
    /// sources.csv
    pub sources: String,
}

const REGION: usize = 100;
/// Day numbers of 2000-01-01 and 2027-01-01.
const FIRST_DAY: i64 = 10_957;
const LAST_DAY: i64 = 20_819;

fn civil(day: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days-to-civil algorithm.
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn date(out: &mut String, day: i64, precision: u8) {
    let (y, m, d) = civil(day);
    let _ = match precision {
        0 => write!(out, "{y:04}"),
        1 => write!(out, "{y:04}-{m:02}"),
        _ => write!(out, "{y:04}-{m:02}-{d:02}"),
    };
}

/// The first day of the period a date with that precision names.
fn truncate(day: i64, precision: u8) -> i64 {
    let (y, m, _) = civil(day);
    let first = |y: i64, m: u32| {
        // days_from_civil
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = if m > 2 { m - 3 } else { m + 9 } as i64;
        let doy = (153 * mp + 2) / 5;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    };
    match precision {
        0 => first(y, 1),
        1 => first(y, m),
        _ => day,
    }
}

fn precision(rng: &mut Rng) -> u8 {
    match rng.below(100) {
        0..=84 => 2,
        85..=97 => 1,
        _ => 0,
    }
}

fn csv_field(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// Picks an actor of a region, skewed towards the region's first actors (hubs).
fn skewed(rng: &mut Rng, region: usize, actors: usize) -> usize {
    let base = region * REGION;
    let len = REGION.min(actors - base);
    // The square of a uniform number favours small offsets: a few hubs get
    // most ties, as in event data.
    let u = rng.below(1 << 16) as f64 / f64::from(1 << 16);
    base + ((u * u * len as f64) as usize).min(len - 1)
}

/// Generates a dataset of the given size; the same size gives the same bytes.
pub fn generate(size: Size) -> Generated {
    let mut rng = Rng(0x7469_6567_7261_7068 ^ size.ties as u64);
    let mut actors = String::with_capacity(size.actors * 48);
    actors.push_str("id,name,kind,from,until,aliases,note\n");
    for i in 0..size.actors {
        let kind = ["state", "group", "organization"][rng.below(3) as usize];
        let name = match i % 50 {
            7 => format!("Actor {i}, the \"quoted\""),
            23 => format!("Actor {i}\nsecond line"),
            _ => format!("Actor {i}"),
        };
        if rng.percent(2) {
            // Two phases that meet: in force on every day, as one actor
            // changing name or kind.
            let change = FIRST_DAY + rng.below((LAST_DAY - FIRST_DAY) as u64) as i64;
            let mut d = String::new();
            date(&mut d, change, 2);
            let _ = write!(actors, "A{i},");
            csv_field(&mut actors, &name);
            let _ = writeln!(actors, ",{kind},,{d},,");
            let _ = write!(actors, "A{i},");
            csv_field(&mut actors, &format!("{name} (renamed)"));
            let _ = writeln!(actors, ",state,{d},,,");
        } else {
            let _ = write!(actors, "A{i},");
            csv_field(&mut actors, &name);
            let _ = writeln!(actors, ",{kind},,,,");
        }
    }
    let regions = size.actors.div_ceil(REGION);
    let mut ties = String::with_capacity(size.ties * 64);
    ties.push_str("id,source,target,kind,start,end,with,weight,sources,note\n");
    for i in 0..size.ties {
        let region = rng.below(regions as u64) as usize;
        let a = skewed(&mut rng, region, size.actors);
        let mut b = skewed(&mut rng, region, size.actors);
        while b == a {
            b = base_or_next(region, size.actors, b, &mut rng);
        }
        let kind = tiegraph::TieKind::ALL[rng.below(6) as usize].as_str();
        let p = precision(&mut rng);
        let start = truncate(
            FIRST_DAY + rng.below((LAST_DAY - FIRST_DAY) as u64) as i64,
            p,
        );
        let _ = write!(ties, "t{i},A{a},A{b},{kind},");
        date(&mut ties, start, p);
        ties.push(',');
        if rng.percent(60) {
            let q = precision(&mut rng);
            let mut end = truncate(start + 1 + rng.below(3 * 365) as i64, q);
            if end <= start {
                end = start + 1;
                date(&mut ties, end, 2);
            } else {
                date(&mut ties, end, q);
            }
        }
        ties.push(',');
        if kind == "mediation" {
            let mut w = skewed(&mut rng, region, size.actors);
            while w == a || w == b {
                w = base_or_next(region, size.actors, w, &mut rng);
            }
            let _ = write!(ties, "A{w}");
        }
        ties.push(',');
        if rng.percent(70) {
            let _ = write!(ties, "0.{:02}", 1 + rng.below(99));
        }
        let _ = write!(ties, ",s{},", rng.below(10));
        if i % 100 == 0 {
            csv_field(
                &mut ties,
                &format!("note {i}, with \"quotes\"\nand a second line"),
            );
        } else if i % 3 == 0 {
            let _ = write!(ties, "note {i}");
        }
        ties.push('\n');
    }
    let mut sources = String::from("id,title,publisher,published,reference\n");
    for s in 0..10 {
        let _ = writeln!(
            sources,
            "s{s},Source {s},Publisher,2026-01-0{},s{s}.txt",
            1 + s % 9
        );
    }
    Generated {
        actors,
        ties,
        sources,
    }
}

fn base_or_next(region: usize, actors: usize, x: usize, rng: &mut Rng) -> usize {
    let base = region * REGION;
    let len = REGION.min(actors - base);
    if len < 3 {
        return (x + 1 + rng.below(actors as u64 - 1) as usize) % actors;
    }
    base + (x - base + 1 + rng.below(len as u64 - 1) as usize) % len
}

/// A connected random network: actor `i` (from 1) is joined to a uniform
/// earlier actor (a random tree), and the remaining ties join two uniform
/// actors (a pair may repeat: it is one edge of the analysis graph). Ties
/// are `support` or `hostility`, all from 2000-01-01 with no end.
pub fn network(size: Size) -> Generated {
    let mut rng = Rng(0x6e65_7477_6f72_6b00 ^ size.ties as u64);
    let mut actors = String::with_capacity(size.actors * 24);
    actors.push_str("id,name,kind\n");
    for i in 0..size.actors {
        let _ = writeln!(actors, "A{i},Actor {i},state");
    }
    let mut ties = String::with_capacity(size.ties * 40);
    ties.push_str("id,source,target,kind,start\n");
    let n = size.actors.max(2) as u64;
    for i in 0..size.ties {
        let (a, b) = if i + 1 < size.actors {
            (i as u64 + 1, rng.below(i as u64 + 1))
        } else {
            let a = rng.below(n);
            (a, (a + 1 + rng.below(n - 1)) % n)
        };
        let kind = if rng.percent(30) {
            "hostility"
        } else {
            "support"
        };
        let _ = writeln!(ties, "t{i},A{a},A{b},{kind},2000-01-01");
    }
    Generated {
        actors,
        ties,
        sources: String::from("id,title,publisher,published,reference\n"),
    }
}

/// A signed network of `size.actors` actors and `size.ties` distinct
/// pairs, one tie each (`alliance` or `hostility`, from 2000-01-01). With
/// `flip_percent = Some(p)` each actor is put in one of two planted camps
/// (a fair coin), a pair's sign agrees with the camps (positive inside,
/// negative across), and then each sign is reversed with probability p%;
/// with `None` every sign is a fair coin. The same arguments always give
/// the same bytes.
pub fn signed(size: Size, flip_percent: Option<u64>) -> Generated {
    signed_seeded(size, flip_percent, 0)
}

/// [`signed`] drawn with another seed: seed 0 is [`signed`]'s graph, and
/// every seed gives another graph of the same family and size.
pub fn signed_seeded(size: Size, flip_percent: Option<u64>, seed: u64) -> Generated {
    let mut rng = Rng(0x7369_676e_6564_0000
        ^ size.ties as u64
        ^ (size.actors as u64) << 32
        ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let n = size.actors.max(2);
    let camp: Vec<bool> = (0..n).map(|_| rng.percent(50)).collect();
    let mut actors = String::with_capacity(n * 24);
    actors.push_str("id,name,kind\n");
    for i in 0..n {
        let _ = writeln!(actors, "A{i:03},Actor {i},state");
    }
    let most = n * (n - 1) / 2;
    let wanted = size.ties.min(most);
    let mut taken = std::collections::BTreeSet::new();
    let mut ties = String::with_capacity(wanted * 40);
    ties.push_str("id,source,target,kind,start\n");
    while taken.len() < wanted {
        let a = rng.below(n as u64) as usize;
        let b = rng.below(n as u64) as usize;
        if a == b || !taken.insert((a.min(b), a.max(b))) {
            continue;
        }
        let positive = match flip_percent {
            Some(p) => (camp[a] == camp[b]) != rng.percent(p),
            None => rng.percent(50),
        };
        let kind = if positive { "alliance" } else { "hostility" };
        let _ = writeln!(
            ties,
            "t{},A{:03},A{:03},{kind},2000-01-01",
            taken.len(),
            a.min(b),
            a.max(b)
        );
    }
    Generated {
        actors,
        ties,
        sources: String::from("id,title,publisher,published,reference\n"),
    }
}

/// [`network`] for the sizes in [`NETWORKS`], [`signed`] for those in
/// [`SIGNED`], [`generate`] for the others.
fn generate_any(size: Size) -> Generated {
    if let Some(g) = signed_named(size, 0) {
        g
    } else if NETWORKS.iter().any(|s| s.name == size.name) {
        network(size)
    } else {
        generate(size)
    }
}

/// The signed network of a size in [`SIGNED`] drawn with `seed` (0: the
/// benchmark's graph); `None` for the other sizes.
pub fn signed_named(size: Size, seed: u64) -> Option<Generated> {
    match size.name {
        "planted100" => Some(signed_seeded(size, Some(12), seed)),
        "uniform100" => Some(signed_seeded(size, None, seed)),
        _ => None,
    }
}

/// A generated dataset, loaded (and so validated) in memory.
pub fn dataset(size: Size) -> tiegraph::Dataset {
    load(generate_any(size))
}

/// Generated files, loaded (and so validated) in memory.
pub fn load(g: Generated) -> tiegraph::Dataset {
    tiegraph::Dataset::from_csv(
        g.actors.as_bytes(),
        g.ties.as_bytes(),
        Some(g.sources.as_bytes()),
    )
    .expect("the generated dataset is valid")
}

/// Writes a generated dataset into `dir` (actors.csv, ties.csv, sources.csv).
pub fn write(size: Size, dir: &std::path::Path) -> std::io::Result<()> {
    write_files(generate_any(size), dir)
}

/// Writes generated files into `dir` (actors.csv, ties.csv, sources.csv).
pub fn write_files(g: Generated, dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("actors.csv"), g.actors)?;
    std::fs::write(dir.join("ties.csv"), g.ties)?;
    std::fs::write(dir.join("sources.csv"), g.sources)
}

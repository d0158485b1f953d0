//! Writes a synthetic benchmark dataset (small, medium or large) as CSV.
//!
//! `cargo run --release --example generate -- large /tmp/tiegraph-large`
//! (`net10k` and `net50k`: the connected networks of the centrality bench;
//! `planted100` and `uniform100`: the signed networks of the camps bench,
//! which take a seed as a third argument for another graph of the same
//! family: `-- planted100 /tmp/p7 7`; seed 0 is the bench's graph; and
//! `planted100` a percentage of flipped signs as a fourth, 12 by default:
//! `-- planted100 /tmp/p25 1 25`)
//!
//! The same size (and seed) always gives the same bytes, so other tools can
//! be measured on exactly the files tiegraph reads. Without arguments it
//! writes `small` into a temporary folder and loads it back, as a smoke test.

#[path = "../benches/gen.rs"]
mod gen;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (size, dir) = match (args.next(), args.next()) {
        (Some(size), Some(dir)) => (size, std::path::PathBuf::from(dir)),
        _ => (
            "small".to_owned(),
            std::env::temp_dir().join("tiegraph-small"),
        ),
    };
    let size = gen::size(&size).ok_or_else(|| {
        format!(
            "unknown size {size:?}: small, medium, large, net10k, net50k, planted100 or uniform100"
        )
    })?;
    match args.next() {
        None => gen::write(size, &dir)?,
        Some(seed) => {
            let seed: u64 = seed
                .parse()
                .map_err(|_| format!("the seed {seed:?} is not a whole number"))?;
            let g = match args.next() {
                None => gen::signed_named(size, seed).ok_or_else(|| {
                    format!("{}: only planted100 and uniform100 take a seed", size.name)
                })?,
                Some(flip) if size.name == "planted100" => {
                    let flip: u64 = flip
                        .parse()
                        .ok()
                        .filter(|p| *p <= 100)
                        .ok_or_else(|| format!("{flip:?} is not a percentage from 0 to 100"))?;
                    gen::signed_seeded(size, Some(flip), seed)
                }
                Some(_) => {
                    return Err(format!("{}: only planted100 takes a flip rate", size.name).into())
                }
            };
            gen::write_files(g, &dir)?;
        }
    }
    let data = tiegraph::Dataset::load_dir(&dir)?;
    println!(
        "{}: {} actors, {} ties written to {} and loaded back",
        size.name,
        data.actors().len(),
        data.ties().len(),
        dir.display()
    );
    Ok(())
}

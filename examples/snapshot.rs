//! Load a dataset folder and look at the network on several dates.
//!
//! Run with `cargo run --example snapshot` (reads the repository's `data/`
//! folder, the default dataset) or `cargo run --example snapshot -- DIR` for
//! a folder of your own with `actors.csv`, `ties.csv` and `sources.csv`.

use std::path::PathBuf;

use tiegraph::{Dataset, Selector, Sign};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data"),
        PathBuf::from,
    );
    let data = Dataset::load_dir(&dir)?;
    println!(
        "{}: {} actors, {} ties",
        dir.display(),
        data.actors().len(),
        data.ties().len()
    );

    // A full date is one day; `2023` or `2026-02` is the whole period, and a
    // tie counts when it is in force on any day of it.
    for at in ["2021-01-01", "2023", "2026-03-01"] {
        let selector: Selector = at.parse()?;
        let snap = data.snapshot(&selector);
        let pairs = snap.pairs();
        let (positive, negative) = pairs.iter().fold((0, 0), |(p, n), pair| match pair.sign() {
            Sign::Positive => (p + 1, n),
            Sign::Negative => (p, n + 1),
            Sign::Zero => (p, n),
        });
        println!(
            "\n{at}: {} actors and {} ties in force; {} pairs ({positive} positive, {negative} negative)",
            snap.actors().len(),
            snap.ties().len(),
            pairs.len(),
        );
        // Each pair with its net sign and the kinds of tie between the two.
        for pair in pairs.iter() {
            println!(
                "  {:>6} – {:<6} {}  {}",
                data.actor_id(pair.a),
                data.actor_id(pair.b),
                pair.sign(),
                pair.kinds.names().join(", ")
            );
        }
    }
    Ok(())
}

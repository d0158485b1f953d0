//! Load the default dataset and print the pairs in force at several dates.
//!
//! Run with `cargo run --example snapshot`.

use tiegraph::{default_dataset, Selector};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = default_dataset();
    for at in ["2021-01-01", "2023", "2026-03-01"] {
        let selector: Selector = at.parse()?;
        let snap = data.snapshot(&selector);
        println!(
            "{at}: {} actors, {} ties in force",
            snap.actors().len(),
            snap.ties().len()
        );
        for pair in snap.pairs().iter() {
            println!(
                "  {:>6} – {:<6} {:>2}  {:?}",
                data.actor_id(pair.a),
                data.actor_id(pair.b),
                pair.sign(),
                pair.kinds
            );
        }
    }
    Ok(())
}

//! Compare two dates: which pairs of actors became friends, enemies, or
//! turned from one into the other.
//!
//! Run with `cargo run --example diff`, or
//! `cargo run --example diff -- 2021-01-01 2026-03-01` for other dates.

use tiegraph::{default_dataset, Change, Selector};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let from: Selector = args.next().as_deref().unwrap_or("2021-01-01").parse()?;
    let to: Selector = args.next().as_deref().unwrap_or("2026-03-01").parse()?;

    let data = default_dataset();
    let diff = data.diff(&from, &to);
    let [new, ended, flipped, shifted, unchanged] = diff.counts();
    println!(
        "{from} → {to}: {new} new, {ended} ended, {flipped} flipped, {shifted} shifted, {unchanged} unchanged pairs"
    );

    // Flipped pairs: the net sign went from + to − or back. Show the kinds
    // before and after, and the ties of the pair that explain it.
    for d in diff.changed().filter(|d| d.change == Change::Flipped) {
        println!(
            "\n{} – {}: {} → {}  ({} → {})",
            data.actor_id(d.a),
            data.actor_id(d.b),
            d.sign_before,
            d.sign_after,
            d.before.names().join(", "),
            d.after.names().join(", "),
        );
        for tie in data.history(d.a, d.b).ties() {
            let end = tie
                .end()
                .map_or_else(|| "ongoing".to_owned(), |e| e.to_string());
            println!("    {:<12} {} – {end}", tie.kind().as_str(), tie.start());
        }
    }

    // Everything else that changed, one line each.
    println!();
    for d in diff.changed().filter(|d| d.change != Change::Flipped) {
        println!(
            "{:<8} {} – {}",
            d.change.as_str(),
            data.actor_id(d.a),
            data.actor_id(d.b)
        );
    }
    Ok(())
}

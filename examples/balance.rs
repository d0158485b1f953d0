//! Structural balance and camps: which triangles of actors are stable, and
//! which two blocs the network falls into.
//!
//! Run with `cargo run --example balance`, or
//! `cargo run --example balance -- 2021-01-01` for another date.

use tiegraph::analysis::{balance, camps, timeline};
use tiegraph::{default_dataset, Selector, Step};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let at: Selector = std::env::args()
        .nth(1)
        .as_deref()
        .unwrap_or("2026-03-01")
        .parse()?;
    let data = default_dataset();
    let snap = data.snapshot(&at);

    // A triangle of signed pairs is balanced when the product of its signs is
    // positive: "the enemy of my enemy is my friend".
    let b = balance(&snap);
    println!(
        "{at}: {} balanced and {} unbalanced triangles (ratio {})",
        b.balanced(),
        b.unbalanced(),
        b.ratio()
            .map_or_else(|| "—".to_owned(), |r| format!("{r:.2}"))
    );
    for t in b.triangles().iter().filter(|t| !t.is_balanced()) {
        let [x, y, z] = t.actors().map(|k| data.actor_id(k));
        let [s1, s2, s3] = t.signs();
        println!("  unbalanced: {x} {y} {z}  ({s1}{s2}{s3})");
    }

    // Camps: the split into two blocs with the fewest "frustrated" pairs
    // (enemies in one camp, friends across camps).
    let c = camps(&snap, 2);
    for (i, camp) in c.camps().iter().enumerate() {
        let ids: Vec<&str> = camp.iter().map(|&k| data.actor_id(k)).collect();
        println!("camp {}: {}", i + 1, ids.join(", "));
    }
    println!(
        "frustration {} ({})",
        c.frustration(),
        if c.is_exact() {
            "proven minimal"
        } else {
            "best found"
        }
    );
    for p in c.frustrated() {
        println!(
            "  against the camps: {} – {} ({})",
            data.actor_id(p.a),
            data.actor_id(p.b),
            p.sign
        );
    }

    // And over time: the balance ratio year by year.
    let t = timeline(data, "2021".parse()?, "2026".parse()?, Step::Years(1));
    for s in t.steps() {
        let ratio = s
            .ratio()
            .map_or_else(|| "—".to_owned(), |r| format!("{:.0}%", r * 100.0));
        println!(
            "{}: {:>3} pairs, {ratio} of triangles balanced",
            s.at, s.pairs
        );
    }
    Ok(())
}

//! The Correlates of War data as a tie network: the state system, the
//! militarized disputes (directed hostility, side A → side B) and the
//! formal alliances, imported and joined into one dataset, then a
//! decade's timeline of hostility and structural balance.
//!
//! Run with `cargo run --example cow` (the small synthetic files in
//! `tests/fixtures/cow/`, in the published layouts), or on the real files:
//!
//! ```text
//! cargo run --example cow -- states2016.csv "MIDB 5.0.csv" alliance_v4.1_by_dyad.csv 1935 1945
//! ```

use std::path::{Path, PathBuf};

use tiegraph::analysis::timeline;
use tiegraph::ingest::cow::{cow_file, read_states, CowLayout, CowOptions};
use tiegraph::{DatasetBuilder, PhaseRule, Step};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let fixture = |name: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/cow")
            .join(name)
    };
    let arg = |i: usize, default: PathBuf| args.get(i).map_or(default, PathBuf::from);
    let states = arg(0, fixture("states.csv"));
    let midb = arg(1, fixture("midb.csv"));
    let alliances = arg(2, fixture("alliance.csv"));
    let from = args.get(3).map_or("1935", String::as_str).parse()?;
    let to = args.get(4).map_or("1945", String::as_str).parse()?;

    // States are matched by `ccode`; a dispute that outlasts a state's
    // membership (Japan's ends on 1945-08-14) is cut to it, with a warning.
    let mut options = CowOptions::default();
    options.phases = PhaseRule::Clip;
    options.states = Some(read_states(&states, &options)?);
    let disputes = cow_file(CowLayout::Midb, &midb, &options)?;
    let allied = cow_file(CowLayout::Alliance, &alliances, &options)?;
    for w in disputes
        .dataset
        .warnings()
        .iter()
        .chain(allied.dataset.warnings())
    {
        println!("warning: {w}");
    }
    println!(
        "disputes: {} rows, {} skipped, {} ties; alliances: {} rows, {} ties",
        disputes.summary.rows_read,
        disputes.summary.skipped.total(),
        disputes.dataset.ties().len(),
        allied.summary.rows_read,
        allied.dataset.ties().len(),
    );

    // One dataset: the disputes' (with the states), plus the alliance ties.
    let mut builder = DatasetBuilder::from_dataset(&disputes.dataset);
    allied.dataset.source_records().for_each(|s| {
        builder.add_source(s);
    });
    allied.dataset.tie_records().for_each(|t| {
        builder.add_tie(t);
    });
    let data = builder.build()?;

    println!("\nyear  ties  hostile  friendly  balanced  unbalanced  new  ended  turned");
    for s in timeline(&data, from, to, Step::Years(1)).steps() {
        println!(
            "{:<5} {:>4}  {:>7}  {:>8}  {:>8}  {:>10}  {:>3}  {:>5}  {:>6}",
            s.at.to_string(),
            s.ties,
            s.negative,
            s.positive,
            s.balanced,
            s.unbalanced,
            s.new,
            s.ended,
            s.turned
        );
    }

    // Who started what: directed ties, side A first.
    let at = "1941-12-31".parse()?;
    println!("\nin force on {at}:");
    for t in data.snapshot(&at).ties() {
        let arrow = if t.is_directed() { "→" } else { "–" };
        println!(
            "  {:<10} {} {arrow} {}  ({})",
            t.kind().as_str(),
            data.actor_id(t.source()),
            data.actor_id(t.target()),
            t.note().unwrap_or("")
        );
    }
    Ok(())
}

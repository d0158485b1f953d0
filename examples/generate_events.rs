//! Writes a synthetic GDELT 2.0 event file for `tiegraph ingest`.
//!
//! `cargo run --release --example generate_events -- 1000000 /tmp/events.export.CSV`
//!
//! The same number of rows always gives the same bytes (see
//! `benches/gen_events.rs` for what the rows hold), so other tools can be
//! measured on exactly the file tiegraph reads (`benches/compare/`).
//! Without arguments it writes a thousand rows into a temporary file and
//! ingests them, as a smoke test.

#[path = "../benches/gen_events.rs"]
mod gen_events;

use tiegraph::ingest::{ingest, Family, IngestOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (rows, path) = match (args.next(), args.next()) {
        (Some(rows), Some(path)) => (rows.parse::<u64>()?, std::path::PathBuf::from(path)),
        _ => (
            1000,
            std::env::temp_dir().join("tiegraph-events-1000.export.CSV"),
        ),
    };
    let file = std::fs::File::create(&path)?;
    gen_events::write(rows, &mut std::io::BufWriter::with_capacity(1 << 20, file))?;
    if rows <= 100_000 {
        let out = ingest(
            std::slice::from_ref(&path),
            &IngestOptions::new(Family::Gdelt2),
        )?;
        println!(
            "{rows} rows written to {}: {} used, {} ties",
            path.display(),
            out.summary.rows_used,
            out.summary.ties
        );
    } else {
        println!("{rows} rows written to {}", path.display());
    }
    Ok(())
}

//! Make a report: one self-contained HTML page (and the same as Markdown)
//! on how the network changed from 2021 to 2026.
//!
//! Run with `cargo run --example report`; it writes into a temporary folder
//! and prints where. `cargo run --example report -- OUT_DIR` writes there.

use std::path::PathBuf;

use tiegraph::render::Renderer;
use tiegraph::report::Report;
use tiegraph::{default_dataset, write_atomic, Step};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args().nth(1).map_or_else(
        || std::env::temp_dir().join("tiegraph-report-example"),
        PathBuf::from,
    );
    if !Renderer::default().is_available() {
        println!("no renderer here (built without `render` and no Graphviz): nothing to draw");
        return Ok(());
    }

    let data = default_dataset();
    let report = Report::new(data, "2021".parse()?, "2026".parse()?, Step::Years(1))
        .title("Afghanistan and Pakistan, 2021–2026");

    // The HTML page is a String: no scripts, nothing to fetch, fit to email.
    let html = report.html()?;
    std::fs::create_dir_all(&out)?;
    let page = out.join("report.html");
    write_atomic(&page, html.as_bytes())?;
    println!("{} ({} KiB)", page.display(), html.len() / 1024);

    // Markdown, with its diagrams as SVG files beside it.
    let written = report.write_markdown(&out.join("report.md"))?;
    for path in &written {
        println!("{}", path.display());
    }
    Ok(())
}

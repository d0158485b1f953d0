//! Draw a diagram and render it to SVG in memory, without touching the disk.
//!
//! Run with `cargo run --example render_svg`.
//!
//! `render::snapshot_dot` and `render::diff_dot` write Graphviz DOT with
//! every actor's position fixed; `render::render` turns DOT into SVG (or
//! PNG) with the renderer built into tiegraph, or with the system's `dot`.

use tiegraph::render::{self, DiagramOptions, Format, RankDir, Renderer};
use tiegraph::{default_dataset, KindSet, TieKind};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = default_dataset();
    let pak = data.resolve("Pakistan")?;

    // Pakistan and its neighbours, only the hostile and tense ties, left to right.
    let options = DiagramOptions::default()
        .focus(pak, 1)
        .kinds(
            [TieKind::Hostility, TieKind::Tension]
                .into_iter()
                .collect::<KindSet>(),
        )
        .rankdir(RankDir::LeftToRight)
        .title("Pakistan's adversaries in 2026");
    let dot = render::snapshot_dot(&data.snapshot(&"2026".parse()?), &options);
    println!("DOT: {} lines", dot.lines().count());

    let renderer = Renderer::default();
    if !renderer.is_available() {
        println!("no renderer here (built without `render` and no Graphviz): stopping at DOT");
        return Ok(());
    }
    let svg = render::render(&dot, Format::Svg, renderer)?;
    let svg = String::from_utf8(svg)?;
    println!(
        "SVG: {} bytes, {} tie edges, starts with {:?}",
        svg.len(),
        svg.matches("class=\"edge\"").count(),
        svg.lines().next().unwrap_or("")
    );

    // What changed between two dates, as a picture: the same call with diff_dot.
    let diff = render::diff_dot(
        &data.snapshot(&"2021-01-01".parse()?),
        &data.snapshot(&"2026-03-01".parse()?),
        &DiagramOptions::default().focus(pak, 1),
    );
    let svg = render::render(&diff, Format::Svg, renderer)?;
    println!("diff SVG: {} bytes", svg.len());
    // Write it wherever you like, e.g. tiegraph::write_atomic(path, &svg).
    Ok(())
}

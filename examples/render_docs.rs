//! Draw the diagrams shown in the documentation with the built-in renderer:
//! the default dataset in 2021 and 2026, and what changed in between.
//!
//! Run with `cargo run --example render_docs` (writes `docs/img/*.svg`), or
//! `cargo run --example render_docs -- OUT_DIR --png --dot` to write the
//! diagrams somewhere else, with PNG and DOT copies.

use std::path::PathBuf;

use tiegraph::render::{self, DiagramOptions, Format, Renderer};
use tiegraph::{default_dataset, write_atomic, Selector};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/img");
    let mut formats = vec![Format::Svg];
    for arg in std::env::args().skip(1) {
        if arg == "--png" {
            formats.push(Format::Png);
        } else if arg == "--dot" {
            formats.push(Format::Dot);
        } else {
            out = PathBuf::from(arg);
        }
    }
    if !Renderer::Builtin.is_available() {
        println!("built without the `render` feature: nothing to draw");
        return Ok(());
    }
    std::fs::create_dir_all(&out)?;

    let data = default_dataset();
    let options = DiagramOptions::default();
    let y2021 = data.snapshot(&"2021".parse::<Selector>()?);
    let y2026 = data.snapshot(&"2026".parse::<Selector>()?);
    let diagrams = [
        ("snapshot-2021", render::snapshot_dot(&y2021, &options)),
        ("snapshot-2026", render::snapshot_dot(&y2026, &options)),
        ("diff-2021-2026", render::diff_dot(&y2021, &y2026, &options)),
    ];
    for (name, dot) in &diagrams {
        for &format in &formats {
            let bytes = render::render(dot, format, Renderer::Builtin)?;
            let path = out.join(format!("{name}.{}", format.extension()));
            write_atomic(&path, &bytes)?;
            println!("wrote {}", path.display());
        }
    }
    Ok(())
}

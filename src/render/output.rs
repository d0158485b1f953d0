//! Rendering DOT to SVG and PNG: in process with graphviz-pure, or with the
//! system's Graphviz `dot`.

use std::fmt;
use std::str::FromStr;

/// Which program turns DOT into pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Renderer {
    /// graphviz-pure, a Rust port of Graphviz compiled into tiegraph: needs
    /// nothing installed, and gives the same bytes on every machine. Only
    /// available with the cargo feature `render` (on by default).
    Builtin,
    /// The `dot` program of an installed Graphviz, found on `PATH`.
    System,
}

impl Default for Renderer {
    /// [`Renderer::Builtin`] when tiegraph is built with the `render`
    /// feature, [`Renderer::System`] otherwise.
    fn default() -> Renderer {
        if cfg!(feature = "render") {
            Renderer::Builtin
        } else {
            Renderer::System
        }
    }
}

impl Renderer {
    /// Whether this renderer can run here: the built-in one when tiegraph is
    /// built with the `render` feature, the system one when a `dot` program
    /// is on `PATH`.
    pub fn is_available(self) -> bool {
        match self {
            Renderer::Builtin => cfg!(feature = "render"),
            Renderer::System => system_dot_on_path(),
        }
    }

    /// `builtin` or `system`.
    pub fn as_str(self) -> &'static str {
        match self {
            Renderer::Builtin => "builtin",
            Renderer::System => "system",
        }
    }
}

impl fmt::Display for Renderer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that [`Renderer`] does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not a renderer (expected builtin or system)", crate::escape::terminal::shown(.0))]
pub struct UnknownRenderer(String);

impl FromStr for Renderer {
    type Err = UnknownRenderer;

    /// Parses `builtin` or `system` (`dot` is accepted for `system`).
    fn from_str(s: &str) -> Result<Renderer, UnknownRenderer> {
        match s.trim().to_ascii_lowercase().as_str() {
            "builtin" | "built-in" => Ok(Renderer::Builtin),
            "system" | "dot" => Ok(Renderer::System),
            _ => Err(UnknownRenderer(s.to_owned())),
        }
    }
}

/// A file format for diagrams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Graphviz source. Rendering to it returns the DOT unchanged.
    Dot,
    /// Scalable vector graphics, with tooltips and links.
    Svg,
    /// A PNG image at 96 dpi.
    Png,
}

impl Format {
    /// All formats.
    pub const ALL: [Format; 3] = [Format::Dot, Format::Svg, Format::Png];

    /// The file extension and name: `dot`, `svg`, `png`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// A name that [`Format`] does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not a diagram format (expected dot, svg or png)", crate::escape::terminal::shown(.0))]
pub struct UnknownDiagramFormat(String);

impl FromStr for Format {
    type Err = UnknownDiagramFormat;

    /// Parses `dot` (or `gv`), `svg` or `png`, in any case.
    fn from_str(s: &str) -> Result<Format, UnknownDiagramFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "dot" | "gv" => Ok(Format::Dot),
            "svg" => Ok(Format::Svg),
            "png" => Ok(Format::Png),
            _ => Err(UnknownDiagramFormat(s.to_owned())),
        }
    }
}

/// Why a diagram could not be made: the [`ErrorKind::Render`](crate::ErrorKind::Render)
/// of a [`crate::Error`]. (A file that cannot be written is an
/// [`ErrorKind::Write`](crate::ErrorKind::Write).)
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// [`Renderer::System`] was asked for and no `dot` program is on `PATH`.
    #[error(
        "the system renderer `dot` is not installed; use the built-in renderer or install Graphviz"
    )]
    SystemMissing,
    /// The system `dot` ran and failed.
    #[error("the system renderer `dot` failed: {0}")]
    System(String),
    /// [`Renderer::Builtin`] was asked for in a build without the `render`
    /// feature.
    #[error(
        "the built-in renderer is not in this build of tiegraph (built without the `render` feature); use the system renderer `dot` or rebuild with the feature on"
    )]
    BuiltinMissing,
    /// The built-in renderer failed.
    #[error("the built-in renderer failed: {0}")]
    Builtin(String),
    /// A timeline whose last date comes before its first.
    #[error("the timeline has no step: {to} is before {from}")]
    EmptyTimeline {
        /// The first date asked for.
        from: crate::Date,
        /// The last date asked for.
        to: crate::Date,
    },
    /// A diagram with more actors or ties than one picture draws
    /// ([`MAX_DIAGRAM_ACTORS`], [`MAX_DIAGRAM_TIES`]).
    #[error(
        "the diagram would draw {actors} actors and {ties} ties; one picture draws at most {max_actors} actors and {max_ties} ties (one per kind and pair): draw part of it with --focus ACTOR --depth N or --kind KIND"
    )]
    TooLarge {
        /// Actors the diagram would draw.
        actors: usize,
        /// Ties (one per kind and pair) the diagram would draw.
        ties: usize,
        /// [`MAX_DIAGRAM_ACTORS`].
        max_actors: usize,
        /// [`MAX_DIAGRAM_TIES`].
        max_ties: usize,
    },
    /// A timeline or report of more steps than [`crate::MAX_STEPS`]: each
    /// step is a diagram.
    #[error(
        "too many steps: {steps} (the limit is {max}); use a longer --step or a shorter range"
    )]
    TooManySteps {
        /// The steps the dates and the step length make.
        steps: u64,
        /// [`crate::MAX_STEPS`].
        max: u64,
    },
}

/// The most actors one diagram (a DOT, SVG or PNG picture) draws: beyond,
/// [`crate::render::try_snapshot_dot`] and [`crate::render::try_diff_dot`]
/// refuse with [`RenderError::TooLarge`], before any layout.
pub const MAX_DIAGRAM_ACTORS: usize = 5_000;

/// The most ties (edges: one per kind and pair) one diagram draws.
pub const MAX_DIAGRAM_TIES: usize = 20_000;

/// The most pixels of a PNG drawn by the built-in renderer: 50 megapixels
/// (200 MB of pixels in memory). A drawing larger than that at 96 dpi is
/// drawn at the resolution that fits, with its proportions kept.
pub const MAX_PNG_PIXELS: u64 = 50_000_000;

/// Checks a diagram of `actors` actors and `ties` edges against
/// [`MAX_DIAGRAM_ACTORS`] and [`MAX_DIAGRAM_TIES`].
pub(crate) fn check_size(actors: usize, ties: usize) -> crate::Result<()> {
    if actors > MAX_DIAGRAM_ACTORS || ties > MAX_DIAGRAM_TIES {
        return Err(RenderError::TooLarge {
            actors,
            ties,
            max_actors: MAX_DIAGRAM_ACTORS,
            max_ties: MAX_DIAGRAM_TIES,
        }
        .into());
    }
    Ok(())
}

/// Checks the steps from `from` to `to` against [`crate::MAX_STEPS`],
/// counting them without making them: what [`Timeline`](super::Timeline)
/// and [`Report`](crate::report::Report) check first, for a caller that
/// wants to refuse before loading anything.
///
/// # Errors
///
/// [`RenderError::TooManySteps`].
pub fn check_steps(step: crate::Step, from: crate::Date, to: crate::Date) -> crate::Result<()> {
    let steps = step.count(from, to);
    if steps > crate::MAX_STEPS {
        return Err(RenderError::TooManySteps {
            steps,
            max: crate::MAX_STEPS,
        }
        .into());
    }
    Ok(())
}

/// Renders DOT to `format`.
///
/// The DOT may name its layout engine (tiegraph's diagrams say
/// `layout=nop`, Graphviz's `neato -n`: their actors are pinned in points,
/// and nothing is laid out again, in time and memory linear in the actors);
/// DOT without one is laid out with `dot`.
///
/// # Errors
///
/// [`RenderError::SystemMissing`] when the system renderer is asked for and
/// not installed, [`RenderError::BuiltinMissing`] when the built-in one is
/// asked for in a build without the `render` feature, and
/// [`RenderError::Builtin`] or [`RenderError::System`] when the renderer
/// rejects the DOT.
///
/// # Example
///
/// ```
/// use tiegraph::render::{self, DiagramOptions, Format, Renderer};
///
/// let data = tiegraph::default_dataset();
/// let dot = render::snapshot_dot(&data.snapshot(&"2026".parse()?), &DiagramOptions::default());
/// # #[cfg(feature = "render")] {
/// let svg = render::render(&dot, Format::Svg, Renderer::Builtin)?;
/// assert!(svg.starts_with(b"<?xml"));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render(dot: &str, format: Format, renderer: Renderer) -> crate::Result<Vec<u8>> {
    match format {
        Format::Dot => Ok(dot.as_bytes().to_vec()),
        Format::Svg | Format::Png => match renderer {
            Renderer::Builtin => builtin(dot, format),
            Renderer::System => system(dot, format),
        },
    }
}

#[cfg(feature = "render")]
fn builtin_error(e: graphviz_pure::GraphvizError) -> crate::Error {
    RenderError::Builtin(e.to_string().trim().to_owned()).into()
}

#[cfg(feature = "render")]
fn builtin(dot: &str, format: Format) -> crate::Result<Vec<u8>> {
    let svg = graphviz_pure::render_dot(dot, "dot", "svg")
        .map_err(builtin_error)?
        .into_output();
    match format {
        Format::Png => {
            // The graph sets no `dpi`: draw at Graphviz's 96 dpi, or lower
            // when that would take more than MAX_PNG_PIXELS.
            let svg = fit_pixels(svg, MAX_PNG_PIXELS);
            graphviz_pure_raster::rasterize(&svg, graphviz_pure_raster::RasterFormat::Png, false)
                .map(|r| r.into_output())
                .map_err(builtin_error)
        }
        Format::Svg | Format::Dot => Ok(svg.into_bytes()),
    }
}

/// The size in points of an SVG drawing: the `width` and `height` of its
/// `<svg>` element (`123pt`, or plain numbers).
fn svg_size(svg: &str) -> Option<(usize, usize, f64, usize, usize, f64)> {
    let start = svg.find("<svg")?;
    let end = start + svg[start..].find('>')?;
    let tag = &svg[start..end];
    let value = |name: &str| -> Option<(usize, usize, f64)> {
        let key = format!(" {name}=\"");
        let at = tag
            .find(&key)
            .or_else(|| tag.find(&format!("\n{name}=\"")))?
            + key.len();
        let len = tag[at..].find('"')?;
        let text = &tag[at..at + len];
        let number = text.strip_suffix("pt").unwrap_or(text);
        let v: f64 = number.parse().ok()?;
        (v.is_finite() && v > 0.0).then_some((start + at, start + at + len, v))
    };
    let (w0, w1, w) = value("width")?;
    let (h0, h1, h) = value("height")?;
    Some((w0, w1, w, h0, h1, h))
}

/// `svg` with its `width` and `height` scaled down so that the PNG drawn
/// from it (4/3 pixel per point) has at most `budget` pixels; unchanged when
/// it fits. The `viewBox` stays, so the whole drawing is scaled.
#[cfg_attr(not(feature = "render"), allow(dead_code))]
fn fit_pixels(svg: String, budget: u64) -> String {
    let Some((w0, w1, w, h0, h1, h)) = svg_size(&svg) else {
        return svg;
    };
    let (px_w, px_h) = (w * 4.0 / 3.0, h * 4.0 / 3.0);
    if px_w.round().max(1.0) * px_h.round().max(1.0) <= budget as f64 {
        return svg;
    }
    // A little under the exact factor, so that rounding never goes over.
    let factor = (budget as f64 / (px_w * px_h)).sqrt() * 0.999;
    let (w, h) = (
        format!("{:.2}pt", (w * factor).max(0.75)),
        format!("{:.2}pt", (h * factor).max(0.75)),
    );
    // The two attributes are replaced from the last one, so offsets stay right.
    let mut out = svg;
    if w0 < h0 {
        out.replace_range(h0..h1, &h);
        out.replace_range(w0..w1, &w);
    } else {
        out.replace_range(w0..w1, &w);
        out.replace_range(h0..h1, &h);
    }
    out
}

#[cfg(not(feature = "render"))]
fn builtin(_dot: &str, _format: Format) -> crate::Result<Vec<u8>> {
    Err(RenderError::BuiltinMissing.into())
}

fn system(dot: &str, format: Format) -> crate::Result<Vec<u8>> {
    let format = match format {
        Format::Png => graphviz_rust::cmd::Format::Png,
        Format::Svg | Format::Dot => graphviz_rust::cmd::Format::Svg,
    };
    run_system(dot, format)
}

fn run_system(dot: &str, format: graphviz_rust::cmd::Format) -> crate::Result<Vec<u8>> {
    use graphviz_rust::cmd::CommandArg;
    graphviz_rust::exec_dot(dot.to_owned(), vec![CommandArg::Format(format)]).map_err(|e| {
        // A temporary file that cannot be made is NotFound too: only blame
        // Graphviz when there is no `dot` to run.
        if e.kind() == std::io::ErrorKind::NotFound && !system_dot_on_path() {
            RenderError::SystemMissing.into()
        } else {
            RenderError::System(e.to_string().trim().to_owned()).into()
        }
    })
}

/// Whether an executable `dot` (`dot.exe` on Windows) is in a `PATH` directory.
fn system_dot_on_path() -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    let name = if cfg!(windows) { "dot.exe" } else { "dot" };
    std::env::split_paths(&path).any(|dir| dir.join(name).is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_drawings_are_scaled_to_the_pixel_budget() {
        let svg =
            "<svg width=\"12000pt\" height=\"6000pt\"\n viewBox=\"0 0 12000 6000\">".to_owned();
        let fitted = fit_pixels(svg.clone(), MAX_PNG_PIXELS);
        let (_, _, w, _, _, h) = svg_size(&fitted).expect("a size");
        let pixels = (w * 4.0 / 3.0).round() * (h * 4.0 / 3.0).round();
        assert!(pixels <= MAX_PNG_PIXELS as f64, "{pixels}");
        assert!(pixels > 0.99 * MAX_PNG_PIXELS as f64, "{pixels}");
        assert!(((w / h) - 2.0).abs() < 1e-3);
        assert!(fitted.ends_with("viewBox=\"0 0 12000 6000\">"));
        // A small drawing is left alone.
        let small = "<svg width=\"62pt\" height=\"116pt\">".to_owned();
        assert_eq!(fit_pixels(small.clone(), MAX_PNG_PIXELS), small);
    }

    #[test]
    fn sizes_over_the_limits_are_refused() {
        assert!(check_size(MAX_DIAGRAM_ACTORS, MAX_DIAGRAM_TIES).is_ok());
        let e = check_size(MAX_DIAGRAM_ACTORS + 1, 0).unwrap_err();
        assert!(e.to_string().contains("--focus"), "{e}");
        assert!(check_size(0, MAX_DIAGRAM_TIES + 1).is_err());
    }
}

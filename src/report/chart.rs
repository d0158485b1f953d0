//! A small SVG chart of a report's steps: positive and negative pairs as
//! bars, the balance ratio as a line.
//!
//! Written as SVG text with fixed sizes and one-decimal coordinates, so it
//! looks the same in every browser and gives the same bytes every time.
//! Every label is escaped.

use std::fmt::Write as _;

use super::StepModel;
use crate::escape::html::text as escape;

const WIDTH: f64 = 760.0;
/// The height of the plot area.
const PLOT: f64 = 196.0;
const LEFT: f64 = 46.0;
const RIGHT: f64 = 58.0;
const TOP: f64 = 46.0;
const POSITIVE: &str = "#2e8b4e";
const NEGATIVE: &str = "#d32f2f";
const RATIO: &str = "#283593";
/// The walk-based balance's line (dashed).
const WALK: &str = "#ef6c00";
const WALK_DASH: &str = "6 4";
const GRID: &str = "#e3e7ec";
const TEXT: &str = "#4a5260";
const FONT: &str = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif";

/// A coordinate with one decimal.
fn n(x: f64) -> String {
    format!("{x:.1}")
}

/// The smallest of 1, 2, 5, 10, 20, 50, … that divides `max` into at most
/// five intervals.
fn tick(max: usize) -> usize {
    let mut unit = 1usize;
    loop {
        for m in [1, 2, 5] {
            let t = unit.saturating_mul(m);
            if max.div_ceil(t) <= 5 {
                return t;
            }
        }
        unit = unit.saturating_mul(10);
    }
}

/// The chart as an SVG element; `standalone` adds the XML prolog and the
/// namespace, for a file of its own.
pub(crate) fn svg(steps: &[StepModel<'_>], standalone: bool) -> String {
    let count = steps.len().max(1);
    let most = steps
        .iter()
        .map(|s| s.counts.positive.max(s.counts.negative))
        .max()
        .unwrap_or(0)
        .max(1);
    let tick = tick(most);
    let top = most.div_ceil(tick) * tick;
    let (x0, x1, y0, y1) = (LEFT, WIDTH - RIGHT, TOP, TOP + PLOT);
    let y_of = |v: f64| y1 - v / top as f64 * (y1 - y0);
    let slot = (x1 - x0) / count as f64;
    // Step labels: every one when they fit, else every k-th, slanted when long.
    let every = count.div_ceil(14).max(1);
    let longest = steps
        .iter()
        .map(|s| s.counts.at.to_string().chars().count())
        .max()
        .unwrap_or(0);
    let slant = longest as f64 * 6.5 > slot * every as f64 - 4.0;
    let height = y1
        + if slant {
            12.0 + longest as f64 * 4.2
        } else {
            30.0
        };
    let bar = (slot * 0.32).min(26.0);
    let centre = |i: usize| x0 + slot * (i as f64 + 0.5);

    let mut out = String::with_capacity(8 * 1024);
    if standalone {
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    let _ = writeln!(
        out,
        "<svg {}class=\"chart\" role=\"img\" aria-label=\"Positive and negative pairs and \
         balance per step\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{FONT}\" font-size=\"11\">\n<title>Positive and negative pairs and balance \
         per step</title>\n<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>",
        if standalone {
            "xmlns=\"http://www.w3.org/2000/svg\" "
        } else {
            ""
        },
        w = WIDTH,
        h = n(height),
    );

    // Legend.
    let _ = writeln!(
        out,
        "<g fill=\"{TEXT}\">\
         <rect x=\"{lx}\" y=\"14\" width=\"12\" height=\"12\" fill=\"{POSITIVE}\"/>\
         <text x=\"{}\" y=\"24\">Positive pairs</text>\
         <rect x=\"{}\" y=\"14\" width=\"12\" height=\"12\" fill=\"{NEGATIVE}\"/>\
         <text x=\"{}\" y=\"24\">Negative pairs</text>\
         <line x1=\"{}\" y1=\"20\" x2=\"{}\" y2=\"20\" stroke=\"{RATIO}\" stroke-width=\"2.5\"/>\
         <circle cx=\"{}\" cy=\"20\" r=\"3.5\" fill=\"{RATIO}\"/>\
         <text x=\"{}\" y=\"24\">Balanced triangles, % (right scale)</text>{walk}</g>",
        n(LEFT + 18.0),
        n(LEFT + 120.0),
        n(LEFT + 138.0),
        n(LEFT + 236.0),
        n(LEFT + 260.0),
        n(LEFT + 248.0),
        n(LEFT + 266.0),
        lx = n(LEFT),
        walk = if steps.iter().any(|s| s.walk.is_some()) {
            format!(
                "<line x1=\"{}\" y1=\"20\" x2=\"{}\" y2=\"20\" stroke=\"{WALK}\" \
                 stroke-width=\"2\" stroke-dasharray=\"{WALK_DASH}\"/>\
                 <text x=\"{}\" y=\"24\">Walk balance, % (right scale)</text>",
                n(LEFT + 490.0),
                n(LEFT + 514.0),
                n(LEFT + 520.0),
            )
        } else {
            String::new()
        },
    );

    // Grid and left scale.
    let mut v = 0;
    while v <= top {
        let y = n(y_of(v as f64));
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{GRID}\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{TEXT}\">{v}</text>",
            n(x0),
            n(x1),
            n(x0 - 6.0),
            n(y_of(v as f64) + 4.0),
        );
        v += tick;
    }
    // Right scale: the share of balanced triangles.
    for pct in [0, 25, 50, 75, 100] {
        let y = y1 - f64::from(pct) / 100.0 * (y1 - y0);
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" fill=\"{RATIO}\">{pct}%</text>",
            n(x1 + 6.0),
            n(y + 4.0),
        );
    }
    let _ = writeln!(
        out,
        "<line x1=\"{a}\" y1=\"{b}\" x2=\"{c}\" y2=\"{b}\" stroke=\"#9aa3ad\"/>",
        a = n(x0),
        b = n(y1),
        c = n(x1),
    );

    // Bars, with their values when there is room (drawn last, over the line).
    let values = count <= 16;
    let mut labels = String::new();
    for (i, s) in steps.iter().enumerate() {
        let c = centre(i);
        for (value, x, fill) in [
            (s.counts.positive, c - bar - 1.0, POSITIVE),
            (s.counts.negative, c + 1.0, NEGATIVE),
        ] {
            let y = y_of(value as f64);
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"><title>{}: \
                 {value} {} {}</title></rect>",
                n(x),
                n(y),
                n(bar),
                n(y1 - y),
                escape(&s.counts.at.to_string()),
                if fill == POSITIVE {
                    "positive"
                } else {
                    "negative"
                },
                if value == 1 { "pair" } else { "pairs" },
            );
            if values {
                let _ = writeln!(
                    labels,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"9\" \
                     fill=\"{TEXT}\" stroke=\"#ffffff\" stroke-width=\"3\" \
                     paint-order=\"stroke\">{value}</text>",
                    n(x + bar / 2.0),
                    n(y - 3.0),
                );
            }
        }
    }

    for (i, s) in steps.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let (x, y) = (n(centre(i)), n(y1 + 16.0));
        let label = escape(&s.counts.at.to_string());
        if slant {
            let _ = writeln!(
                out,
                "<text x=\"{x}\" y=\"{y}\" text-anchor=\"end\" fill=\"{TEXT}\" \
                 transform=\"rotate(-35 {x} {y})\">{label}</text>"
            );
        } else {
            let _ = writeln!(
                out,
                "<text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\" fill=\"{TEXT}\">{label}</text>"
            );
        }
    }

    // The balance line: joined where consecutive steps have triangles.
    let points: Vec<Option<(f64, f64)>> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.counts
                .ratio()
                .map(|r| (centre(i), y1 - r.clamp(0.0, 1.0) * (y1 - y0)))
        })
        .collect();
    let line = format!("stroke=\"{RATIO}\" stroke-width=\"2.5\"");
    polylines(&mut out, &points, &line);
    for (s, p) in steps.iter().zip(&points) {
        if let (Some((x, y)), Some(r)) = (p, s.counts.ratio()) {
            let _ = writeln!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{RATIO}\" stroke=\"#ffffff\" \
                 stroke-width=\"1\"><title>{}: {:.0}% of triangles balanced</title></circle>",
                n(*x),
                n(*y),
                escape(&s.counts.at.to_string()),
                r * 100.0
            );
        }
    }
    // The walk-based balance: dashed, joined where consecutive steps have it.
    let walks: Vec<Option<(f64, f64)>> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.walk
                .map(|w| (centre(i), y1 - w.clamp(0.0, 1.0) * (y1 - y0)))
        })
        .collect();
    let line = format!("stroke=\"{WALK}\" stroke-width=\"2\" stroke-dasharray=\"{WALK_DASH}\"");
    polylines(&mut out, &walks, &line);
    for (s, p) in steps.iter().zip(&walks) {
        if let (Some((x, y)), Some(w)) = (p, s.walk) {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"6\" height=\"6\" fill=\"{WALK}\" \
                 stroke=\"#ffffff\" stroke-width=\"1\"><title>{}: walk balance {:.0}%</title></rect>",
                n(*x - 3.0),
                n(*y - 3.0),
                escape(&s.counts.at.to_string()),
                w * 100.0
            );
        }
    }
    out.push_str(&labels);
    out.push_str("</svg>");
    if standalone {
        out.push('\n');
    }
    out
}

/// Joins consecutive points into one `<polyline>` each (a `None` breaks the
/// line; a lone point draws none, its marker shows it), drawn with `stroke`
/// (the line's stroke attributes).
fn polylines(out: &mut String, points: &[Option<(f64, f64)>], stroke: &str) {
    let mut run: Vec<String> = Vec::new();
    for p in points.iter().chain(std::iter::once(&None)) {
        match p {
            Some((x, y)) => run.push(format!("{},{}", n(*x), n(*y))),
            None => {
                if run.len() > 1 {
                    let _ = writeln!(
                        out,
                        "<polyline points=\"{}\" fill=\"none\" {stroke} \
                         stroke-linejoin=\"round\"/>",
                        run.join(" ")
                    );
                }
                run.clear();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tick;

    #[test]
    fn ticks_are_round_and_few() {
        assert_eq!(tick(1), 1);
        assert_eq!(tick(5), 1);
        assert_eq!(tick(6), 2);
        assert_eq!(tick(11), 5);
        assert_eq!(tick(26), 10);
        assert_eq!(tick(240), 50);
        assert_eq!(tick(100_000), 20_000);
    }
}

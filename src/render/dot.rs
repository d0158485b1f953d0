//! Scenes as graphviz-rust graph models, and DOT text.
//!
//! (Over 600 lines: nodes, edges, clusters, legends and the checks of the
//! scene size are one writer of one DOT document.)

use std::collections::BTreeMap;

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use std::fmt::Write as _;

use super::layout::{char_width, estimate, layout, Size};
use super::options::RankDir;
use super::scene::{Legend, Look, Scene, SceneEdge, SceneNode};
use super::style::{self, num};
use super::tip::Tip;
use crate::escape::dot::{html_label, label, link, quoted, tooltip};
use crate::model::{ActorKind, Sign, Tie, TieKind};
use crate::Change;

/// Fixed actor positions.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Pins {
    /// Centre of each actor, by actor id, in points (y up).
    pub at: BTreeMap<String, (f64, f64)>,
    /// The box the actors take up (lower left, upper right), in points.
    pub extent: ((f64, f64), (f64, f64)),
    /// Lower-left and upper-right corners of a frame that every diagram of
    /// a series spans, so that Graphviz moves none of them differently.
    pub frame: Option<((f64, f64), (f64, f64))>,
}

impl Pins {
    /// Lays out actors `(id, name, kind)` joined by `pairs` of ids.
    pub(crate) fn layout<'a>(
        actors: &[(&'a str, &'a str, ActorKind)],
        pairs: impl Iterator<Item = (&'a str, &'a str)>,
        rankdir: RankDir,
    ) -> Pins {
        let index: BTreeMap<&str, usize> =
            actors.iter().enumerate().map(|(i, a)| (a.0, i)).collect();
        let sizes: Vec<Size> = actors
            .iter()
            .map(|&(id, name, kind)| {
                let wrapped = wrap(name, 18);
                let lines: Vec<&str> = wrapped.split('\n').collect();
                estimate(&lines, (name != id).then_some(id), style::actor(kind).shape)
            })
            .collect();
        let edges: Vec<(usize, usize)> = pairs
            .filter_map(|(a, b)| Some((*index.get(a)?, *index.get(b)?)))
            .collect();
        let at = layout(&sizes, &edges, rankdir);
        let (mut lo, mut hi) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
        for (&(x, y), size) in at.iter().zip(&sizes) {
            lo = (
                lo.0.min(x - size.width / 2.0),
                lo.1.min(y - size.height / 2.0),
            );
            hi = (
                hi.0.max(x + size.width / 2.0),
                hi.1.max(y + size.height / 2.0),
            );
        }
        if at.is_empty() {
            (lo, hi) = ((0.0, 0.0), (0.0, 0.0));
        }
        Pins {
            at: actors
                .iter()
                .zip(at)
                .map(|(a, p)| (a.0.to_owned(), p))
                .collect(),
            extent: (lo, hi),
            frame: None,
        }
    }

    /// Lays out the actors and edges of one scene.
    pub(crate) fn of_scene(scene: &Scene<'_>, rankdir: RankDir) -> Pins {
        let actors: Vec<(&str, &str, ActorKind)> = scene
            .nodes
            .iter()
            .map(|n| (n.view.id(), n.view.name(), n.view.kind()))
            .collect();
        let pairs = scene
            .edges
            .iter()
            .map(|e| (scene.actor_id(e.tail), scene.actor_id(e.head)));
        Pins::layout(&actors, pairs, rankdir)
    }
}

pub(crate) fn attr(key: &str, value: Id) -> Attribute {
    Attribute(Id::Plain(key.to_owned()), value)
}

pub(crate) fn q(key: &str, value: &str) -> Attribute {
    attr(key, quoted(value))
}

pub(crate) fn n(key: &str, value: f64) -> Attribute {
    attr(key, Id::Plain(num(value)))
}

fn node_id(name: &str) -> NodeId {
    NodeId(quoted(name), None)
}

pub(crate) fn node(name: &str, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Node(Node::new(node_id(name), attributes))
}

pub(crate) fn edge(tail: &str, head: &str, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(Vertex::N(node_id(tail)), Vertex::N(node_id(head))),
        attributes,
    })
}

/// The longest actor name a diagram shows, in characters: a longer one is
/// cut there and ends in `…` (in the label, and in the layout's room for
/// it). The whole name stays in the tooltip (up to its own limit).
pub const MAX_LABEL_CHARS: usize = 200;

/// Breaks a name into lines of about `width` characters at spaces (a
/// longer word after its hyphens, or within it), after cutting it at
/// [`MAX_LABEL_CHARS`].
pub(crate) fn wrap(text: &str, width: usize) -> String {
    let cut;
    let text = match text.char_indices().nth(MAX_LABEL_CHARS) {
        Some((i, _)) => {
            cut = format!("{}…", &text[..i]);
            cut.as_str()
        }
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut len = 0;
        for (j, word) in line.split(' ').enumerate() {
            let w = word.chars().count();
            if j > 0 {
                if len > 0 && len + 1 + w.min(width) > width {
                    out.push('\n');
                    len = 0;
                } else {
                    out.push(' ');
                    len += 1;
                }
            }
            if w <= width {
                out.push_str(word);
                len += w;
                continue;
            }
            // A word longer than a line: broken after its hyphens, and
            // where there are none, every `width` characters.
            for piece in pieces(word, width) {
                let p = piece.chars().count();
                if len > 0 && len + p > width {
                    out.push('\n');
                    len = 0;
                }
                out.push_str(piece);
                len += p;
            }
        }
    }
    out
}

/// A long word in pieces of at most `width` characters: up to and
/// including each hyphen, the rest cut at `width`.
fn pieces(word: &str, width: usize) -> Vec<&str> {
    let mut out = Vec::new();
    for part in word.split_inclusive('-') {
        let mut rest = part;
        while let Some((i, _)) = rest.char_indices().nth(width) {
            out.push(&rest[..i]);
            rest = &rest[i..];
        }
        if !rest.is_empty() {
            out.push(rest);
        }
    }
    out
}

/// The HTML label of an actor: its name, and its id in small print.
pub(crate) fn actor_label(name: &str, id: &str, muted: &str) -> Id {
    let mut markup = label(&wrap(name, 18));
    if name != id {
        markup.push_str(&format!(
            "<br/><font point-size=\"8\" color=\"{muted}\">{}</font>",
            label(id)
        ));
    }
    html_label(markup)
}

fn actor_node(scene: &Scene<'_>, actor: &SceneNode<'_>, pins: &Pins) -> Stmt {
    let view = actor.view;
    let st = style::actor(view.kind());
    let muted = if actor.gone {
        style::FADED
    } else {
        style::MUTED
    };
    let mut attrs = vec![
        q("shape", st.shape),
        attr("label", actor_label(view.name(), view.id(), muted)),
        q("id", &format!("actor:{}", view.id())),
    ];
    if actor.gone {
        attrs.push(q("style", &format!("{},dashed", st.style)));
        attrs.push(q("fillcolor", "#f4f4f4"));
        attrs.push(q("color", style::FADED));
        attrs.push(q("fontcolor", style::FADED));
    } else {
        attrs.push(q("style", st.style));
        attrs.push(q("fillcolor", st.fill));
        // A change of camp shows over the focus's outline.
        attrs.push(q(
            "color",
            if actor.switched {
                style::SWITCHED
            } else if actor.focus {
                style::FOCUS
            } else {
                st.border
            },
        ));
    }
    if actor.switched {
        attrs.push(n("penwidth", style::SWITCHED_WIDTH));
    } else if actor.focus {
        attrs.push(n("penwidth", 2.6));
    }
    if scene.tooltips {
        let mut text = Tip::default();
        let _ = write!(
            text,
            "{} ({}): {}",
            view.name(),
            view.id(),
            style::actor_caption(view.kind())
        );
        if actor.gone {
            text.push_str(", no longer in force");
        }
        if let Some(note) = view.phase().note() {
            text.push_str("\n\n");
            text.push_str(note);
        }
        attrs.push(attr("tooltip", tooltip(&text.into_string())));
    }
    if let Some(&(x, y)) = pins.at.get(view.id()) {
        attrs.push(pos(x, y));
    }
    node(view.id(), attrs)
}

/// A pinned position, in the points that `layout=nop` (`neato -n`) reads.
pub(crate) fn pos(x: f64, y: f64) -> Attribute {
    q("pos", &format!("{},{}!", num2(x), num2(y)))
}

/// Hundredths of a point, never `-0.00`.
fn num2(x: f64) -> String {
    let s = format!("{x:.2}");
    if s == "-0.00" {
        "0.00".to_owned()
    } else {
        s
    }
}

/// A tie's dates as people read them (`c. 2021-08 – 2022?`), and its
/// confidence when it is not the default `reported` (rule R5).
fn span(tie: &Tie) -> String {
    let mut text = match tie.end() {
        Some(end) => format!("{} – {}", tie.start().marked(), end.marked()),
        None => format!("since {}", tie.start().marked()),
    };
    if tie.confidence() != crate::Confidence::Reported {
        text.push_str(&format!(", {}", tie.confidence()));
    }
    text
}

/// The tooltip of an edge: the pair, then each tie with its dates, note and
/// sources.
fn edge_tooltip(scene: &Scene<'_>, e: &SceneEdge<'_>) -> String {
    let arrow = if e.directed { "→" } else { "–" };
    let mut text = Tip::default();
    let _ = write!(
        text,
        "{} {arrow} {}: {}",
        scene.node_name(e.tail).unwrap_or("?"),
        scene.node_name(e.head).unwrap_or("?"),
        e.kind
    );
    match e.look {
        Look::New => text.push_str(" (new)"),
        Look::Ended => text.push_str(" (ended)"),
        Look::Unchanged => text.push_str(" (unchanged)"),
        Look::Plain => {}
    }
    match (&e.label, e.look) {
        (Some(l), Look::Ended) => text.push_str(&format!("\nEnded for the pair: {l}")),
        (Some(l), _) => text.push_str(&format!("\nChange for the pair: {l}")),
        (None, _) => {}
    }
    for tie in &e.ties {
        if text.is_full() {
            break;
        }
        text.push_str(&format!("\n\n{} ({})", tie.id(), span(tie)));
        if let Some(with) = tie.with() {
            text.push_str(&format!(
                ", between {} and {}",
                scene.actor_id(tie.target()),
                scene.actor_id(with)
            ));
        }
        if tie.weight_given().is_some() {
            text.push_str(&format!(", weight {}", tie.weight()));
        }
        if let Some(note) = tie.note() {
            text.push_str(": ");
            text.push_str(note);
        }
        for source in scene.sources(tie) {
            if text.is_full() {
                break;
            }
            text.push_str("\nSource: ");
            text.push_str(source.title().unwrap_or(source.id()));
            let published = source.published_date().map(|d| d.marked().to_string());
            let about: Vec<&str> = [source.publisher(), published.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if !about.is_empty() {
                text.push_str(&format!(" ({})", about.join(", ")));
            }
            if let Some(r) = source.reference() {
                text.push_str(&format!(" [{r}]"));
            }
            if let Some(url) = source.url() {
                text.push_str(&format!(" {url}"));
            }
        }
    }
    text.into_string()
}

/// The first web link among an edge's sources, for the SVG `<a>` element,
/// by the one link policy ([`crate::link`]): a source's `url`, else its
/// `reference` when that is a web link; anything else (a `javascript:` URL,
/// a file name) stays in the tooltip as text.
fn edge_link(scene: &Scene<'_>, e: &SceneEdge<'_>) -> Option<String> {
    e.ties
        .iter()
        .flat_map(|t| scene.sources(t))
        .flat_map(|s| s.url().into_iter().chain(s.reference()))
        .find_map(crate::link::web_link)
        .map(std::borrow::Cow::into_owned)
}

/// Line colour, width and style of a tie kind drawn with a look.
fn tie_attrs(
    kind: TieKind,
    arrow: bool,
    look: Look,
    highlight: bool,
    weight: f64,
) -> Vec<Attribute> {
    let st = style::tie(kind);
    // Weaker ties are thinner, never below half the kind's width.
    let width = (st.penwidth * (0.5 + 0.5 * weight.clamp(0.0, 1.0))).max(1.0);
    let (color, penwidth, line) = match look {
        Look::Plain => (st.color.to_owned(), width, st.style),
        Look::New => (st.color.to_owned(), (width * 1.5).max(2.2), st.style),
        Look::Ended => (style::FADED.to_owned(), 1.2, "dashed"),
        Look::Unchanged => (st.light.to_owned(), width.min(1.6), st.style),
    };
    let (color, penwidth) = if highlight {
        (
            format!("{h}:{color}:{h}", h = style::HIGHLIGHT),
            penwidth.max(2.0),
        )
    } else {
        (color, penwidth)
    };
    let mut attrs = vec![
        q("color", &color),
        n("penwidth", penwidth),
        q("style", line),
    ];
    if arrow {
        let shape = if kind == TieKind::Mediation {
            "vee"
        } else {
            "normal"
        };
        attrs.push(q("dir", "forward"));
        attrs.push(q("arrowhead", shape));
    } else {
        attrs.push(q("dir", "none"));
    }
    attrs
}

fn tie_edge(scene: &Scene<'_>, e: &SceneEdge<'_>) -> Stmt {
    let (tail, head) = (scene.actor_id(e.tail), scene.actor_id(e.head));
    let weight = e.ties.iter().map(|t| t.weight()).fold(0.0, f64::max);
    // A tie drawn against its kind's direction gets its own edge: its id
    // says which, so that ids stay unique.
    let id = match (e.directed, e.kind.is_directed()) {
        (true, false) => format!("tie:{tail}:{head}:{}:directed", e.kind),
        (false, true) => format!("tie:{tail}:{head}:{}:undirected", e.kind),
        _ => format!("tie:{tail}:{head}:{}", e.kind),
    };
    let mut attrs = vec![q("id", &id)];
    attrs.extend(tie_attrs(e.kind, e.directed, e.look, e.highlight, weight));
    if let Some(text) = &e.label {
        let (color, size, text) = match (e.look, e.sign) {
            (Look::Ended, _) => (style::FADED, 8, label(text)),
            (_, Sign::Negative) => ("#b71c1c", 9, label(text)),
            (_, Sign::Positive) => ("#1b5e20", 9, label(text)),
            (_, Sign::Zero) => (style::TEXT, 9, label(text)),
        };
        let text = if e.highlight {
            format!("<b>{text}</b>")
        } else {
            text
        };
        // An external label: Graphviz places it after the layout where it
        // overlaps no actor and no other label, or leaves it out
        // (`forcelabels=false`); the tooltip says it either way. A
        // translucent white box keeps it legible over other edges.
        attrs.push(attr(
            "xlabel",
            html_label(format!(
                "<table border=\"0\" cellborder=\"0\" cellpadding=\"1\" bgcolor=\"#ffffffd9\"><tr><td><font point-size=\"{size}\" color=\"{color}\">{text}</font></td></tr></table>"
            )),
        ));
    }
    if scene.tooltips {
        attrs.push(attr("tooltip", tooltip(&edge_tooltip(scene, e))));
        if let Some(url) = edge_link(scene, e) {
            attrs.push(attr("URL", link(&url)));
            attrs.push(q("target", "_blank"));
        }
    }
    edge(tail, head, attrs)
}

/// A line sample for the legend: a cell whose bottom border is drawn in the
/// colour, width and dash pattern of the edges it explains, and an
/// arrowhead glyph for the directed kinds.
fn line_sample(color: &str, width: f64, line: &str, arrow: Option<&str>, halo: bool) -> String {
    let border = width.round().clamp(1.0, 4.0);
    let dash = match line {
        "dashed" | "dotted" => format!(" style=\"{line}\""),
        _ => String::new(),
    };
    let head = arrow.map_or_else(String::new, |c| {
        format!("<td rowspan=\"2\"><font point-size=\"8\" color=\"{c}\">►</font></td>")
    });
    let bg = if halo {
        format!(" bgcolor=\"{}\"", style::HIGHLIGHT)
    } else {
        String::new()
    };
    format!(
        "<table border=\"0\" cellspacing=\"0\" cellpadding=\"0\"{bg}><tr>\
         <td width=\"30\" height=\"7\" sides=\"b\" border=\"{border}\" color=\"{color}\"{dash}></td>{head}</tr>\
         <tr><td height=\"7\"></td></tr></table>"
    )
}

/// A swatch of an actor kind's fill and outline.
fn actor_sample(fill: &str, border: &str, rounded: bool, dashed: bool) -> String {
    let st = match (rounded, dashed) {
        (true, true) => " style=\"rounded,dashed\"",
        (true, false) => " style=\"rounded\"",
        (false, true) => " style=\"dashed\"",
        (false, false) => "",
    };
    format!(
        "<table border=\"0\" cellspacing=\"0\" cellpadding=\"0\"><tr>\
         <td width=\"26\" height=\"14\" fixedsize=\"true\" bgcolor=\"{fill}\" color=\"{border}\" border=\"1\"{st}></td>\
         </tr></table>"
    )
}

/// The sample of an actor that changed camp: its thick outline.
fn switched_sample() -> String {
    format!(
        "<table border=\"0\" cellspacing=\"0\" cellpadding=\"0\"><tr>\
         <td width=\"26\" height=\"14\" fixedsize=\"true\" bgcolor=\"#ffffff\" color=\"{}\" \
         border=\"{:.0}\"></td></tr></table>",
        style::SWITCHED,
        style::SWITCHED_WIDTH
    )
}

fn tie_sample(kind: TieKind) -> String {
    let st = style::tie(kind);
    line_sample(
        st.color,
        st.penwidth,
        st.style,
        st.arrow.then_some(st.color),
        false,
    )
}

/// A change is drawn on top of a tie's own look (its kind's colour and
/// dashes): the sample shows it on `kind`, the first kind of the legend,
/// as the diagram draws it ([`tie_attrs`]).
fn change_sample(change: Change, kind: Option<TieKind>) -> String {
    let st = kind.map(style::tie);
    let color = st.map_or("#555555", |s| s.color);
    let (width, line) = st.map_or((1.0, "solid"), |s| (s.penwidth, s.style));
    match change {
        Change::New => line_sample(color, (width * 1.5).max(2.2), line, None, false),
        Change::Ended => line_sample(style::FADED, 1.2, "dashed", None, false),
        Change::Flipped => line_sample(color, width.max(2.0), line, None, true),
        Change::Shifted => line_sample(color, width, line, None, false),
        Change::Unchanged => line_sample(
            st.map_or("#cccccc", |s| s.light),
            width.min(1.6),
            line,
            None,
            false,
        ),
    }
}

/// At most this many samples on a row of the legend, so that it stays
/// narrow enough to be printed at its size.
const LEGEND_COLUMNS: usize = 3;

/// The legend's text size, in points: 10 at least, and larger in a wide
/// drawing, so that it is still 11 px (8.25 pt; 8.6 pt is aimed at) when the
/// drawing is shrunk to the width of an A4 page (186 mm between 12 mm
/// margins, 527 pt, less a figure's padding: 505 pt).
pub(crate) fn legend_points(drawing_width: f64) -> f64 {
    const PRINTED: f64 = 505.0;
    const AIMED: f64 = 8.6;
    (AIMED * drawing_width / PRINTED).max(10.0).ceil()
}

/// The rows of the legend: a heading, then up to [`LEGEND_COLUMNS`]
/// samples with their captions (the heading only on the first).
fn legend_rows(heading: &str, entries: Vec<(String, &str)>, points: f64) -> String {
    let mut rows = String::new();
    for (i, chunk) in entries.chunks(LEGEND_COLUMNS).enumerate() {
        // Graphviz refuses an empty `<font>`: a row under the first has an
        // empty cell under the heading.
        let mut row = if i == 0 {
            format!(
                "<td align=\"left\"><font point-size=\"{}\" color=\"{}\">{}</font></td>",
                style::num(points),
                style::MUTED,
                label(heading)
            )
        } else {
            "<td></td>".to_owned()
        };
        for (sample, caption) in chunk {
            row.push_str(&format!(
                "<td>{sample}</td><td align=\"left\"><font point-size=\"{}\">{}</font></td>",
                style::num(points),
                label(caption)
            ));
        }
        rows.push_str(&format!("<tr>{row}</tr>"));
    }
    rows
}

/// The legend's entries: actor kinds, tie kinds and changes, each a sample
/// and its caption.
type Entries = Vec<(String, &'static str)>;

fn legend_entries(legend: &Legend) -> [(&'static str, Entries); 4] {
    let mut actors: Entries = legend
        .actors
        .iter()
        .map(|&k| {
            let st = style::actor(k);
            (
                actor_sample(st.fill, st.border, k == ActorKind::State, false),
                style::actor_caption(k),
            )
        })
        .collect();
    if legend.gone {
        actors.push((
            actor_sample("#f4f4f4", style::FADED, false, true),
            "no longer in force",
        ));
    }

    let ties = legend
        .ties
        .iter()
        .map(|&k| (tie_sample(k), style::tie_caption(k)))
        .collect();
    let first = legend.ties.first().copied();
    let changes = legend
        .changes
        .iter()
        .map(|&c| (change_sample(c, first), style::change_caption(c)))
        .collect();
    let mut camps: Entries = Vec::new();
    if legend.switched {
        camps.push((switched_sample(), style::SWITCHED_CAPTION));
    }
    [
        ("Actors", actors),
        ("Ties", ties),
        ("Changes", changes),
        ("Camps", camps),
    ]
}

/// The legend: a grid with rows for actor kinds, tie kinds and, for a diff,
/// changes. (One grid, because Graphviz widens a nested table to fill its
/// cell: separate tables would be stretched apart.)
fn legend_table(legend: &Legend, points: f64) -> Option<String> {
    let rows: String = legend_entries(legend)
        .into_iter()
        .map(|(heading, entries)| legend_rows(heading, entries, points))
        .collect();
    (!rows.is_empty())
        .then(|| format!("<table border=\"0\" cellspacing=\"2\" cellpadding=\"1\">{rows}</table>"))
}

/// About how wide a scene's title and subtitle are, in points.
pub(crate) fn title_width(scene: &Scene<'_>) -> f64 {
    let title = scene
        .title
        .lines()
        .map(|l| text_width(l, 17.0) * 1.1)
        .fold(0.0, f64::max);
    title.max(text_width(&scene.subtitle, 10.0))
}

fn text_width(s: &str, points: f64) -> f64 {
    s.chars().map(|c| char_width(c) * points).sum::<f64>()
}

/// About how wide a legend is at `points`, in points.
pub(crate) fn legend_width(legend: &Legend, points: f64) -> f64 {
    let entry = |caption: &str| 30.0 + 12.0 + text_width(caption, points);
    let widest_row = |captions: Vec<&str>| {
        captions
            .chunks(LEGEND_COLUMNS)
            .map(|row| row.iter().map(|c| entry(c)).sum::<f64>())
            .fold(0.0, f64::max)
    };
    let mut actors: Vec<&str> = legend
        .actors
        .iter()
        .map(|&k| style::actor_caption(k))
        .collect();
    if legend.gone {
        actors.push("no longer in force");
    }
    let camps = if legend.switched {
        vec![style::SWITCHED_CAPTION]
    } else {
        Vec::new()
    };
    let ties = legend.ties.iter().map(|&k| style::tie_caption(k)).collect();
    let changes = legend
        .changes
        .iter()
        .map(|&c| style::change_caption(c))
        .collect();
    let heading = text_width("Changes", points) + 8.0;
    // A grid: every row is as wide as the widest, give or take.
    heading
        + widest_row(actors)
            .max(widest_row(ties))
            .max(widest_row(changes))
            .max(widest_row(camps))
            * 1.25
}

/// How wide a drawing of these pins is, title aside, in points: its
/// actors, a series' frame margin and Graphviz's padding (0.3 in on each
/// side). A series computes the same from the same pins
/// ([`super::timeline`]), so every diagram of it has the same legend size.
pub(crate) fn drawing_width(pins: &Pins) -> f64 {
    let ((x0, _), (x1, _)) = pins.extent;
    (x1 - x0) + 16.0 + 2.0 * 21.6
}

/// The graph's label: title, subtitle and legend, flush left above the
/// drawing.
fn title_label(scene: &Scene<'_>, pins: &Pins) -> Id {
    let left = |markup: String| format!("<tr><td align=\"left\">{markup}</td></tr>");
    let lines = |text: &str| label(text).replace("<br/>", "<br align=\"left\"/>");
    let mut rows = left(format!(
        "<font point-size=\"17\"><b>{}</b></font>",
        lines(&scene.title)
    ));
    rows.push_str(&left(format!(
        "<font point-size=\"10\" color=\"{}\">{}</font>",
        style::MUTED,
        lines(&scene.subtitle)
    )));
    if let Some(table) = legend_table(&scene.legend, legend_points(drawing_width(pins))) {
        rows.push_str(&left(table));
    }
    html_label(format!(
        "<table border=\"0\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"1\">{rows}</table>"
    ))
}

/// Node defaults that affect sizes; the union layout of a timeline uses the
/// same.
pub(crate) fn node_defaults() -> Vec<Attribute> {
    vec![
        q("fontname", style::FONT),
        n("fontsize", 11.0),
        q("fontcolor", style::TEXT),
        q("margin", "0.1,0.04"),
    ]
}

/// Refuses a scene with more actors or edges than one picture draws
/// ([`super::MAX_DIAGRAM_ACTORS`], [`super::MAX_DIAGRAM_TIES`]): check it
/// before laying the scene out.
pub(crate) fn check_scene(scene: &Scene<'_>) -> crate::Result<()> {
    super::output::check_size(scene.nodes.len(), scene.edges.len())
}

/// The most edges routed as curves around the actors ([`curved`]).
pub(crate) const MAX_CURVED_EDGES: usize = 500;

/// The most routing work, edges × actors², for curved edges: about 2.5 s
/// of Graphviz's router on the development machine (measured: 200 actors
/// and 400 edges, 16 million, 2.5 s; 200 actors and 1,000 edges, 9.5 s; a
/// complete graph of 200 actors, 171 s).
pub(crate) const MAX_CURVED_WORK: u64 = 16_000_000;

/// Whether the edges of a diagram of `actors` actors and `edges` edges are
/// routed as curves around the actors (`splines=true`), or drawn straight:
/// at most [`MAX_CURVED_EDGES`] edges, and an estimated routing time (each
/// edge is a shortest path among every actor's outline) within
/// [`MAX_CURVED_WORK`].
pub(crate) fn curved(actors: usize, edges: usize) -> bool {
    let work = (edges as u64).saturating_mul((actors as u64).saturating_mul(actors as u64));
    edges <= MAX_CURVED_EDGES && work <= MAX_CURVED_WORK
}

/// The graph model of a scene, every actor pinned where `pins` says.
///
/// Graphviz draws it with `layout=nop` (`neato -n`) without moving the
/// actors, and routes the edges around them when [`curved`] says so.
pub(crate) fn graph(scene: &Scene<'_>, pins: &Pins) -> Graph {
    let splines = if curved(scene.nodes.len(), scene.edges.len()) {
        "true"
    } else {
        "false"
    };
    let graph_attrs = vec![
        q("layout", "nop"),
        q("splines", splines),
        q("overlap", "true"),
        q("fontname", style::FONT),
        attr("label", title_label(scene, pins)),
        q("labelloc", "t"),
        q("labeljust", "l"),
        q("bgcolor", "white"),
        n("pad", 0.3),
        q("outputorder", "edgesfirst"),
        q("forcelabels", "false"),
    ];
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(graph_attrs)),
        Stmt::GAttribute(GraphAttributes::Node(node_defaults())),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            q("fontname", style::FONT),
            n("fontsize", 9.0),
            n("arrowsize", 0.8),
        ])),
    ];
    stmts.extend(scene.nodes.iter().map(|a| actor_node(scene, a, pins)));
    stmts.extend(scene.edges.iter().map(|e| tie_edge(scene, e)));
    if let Some((lo, hi)) = pins.frame {
        for (name, (x, y)) in [("frame:lower-left", lo), ("frame:upper-right", hi)] {
            stmts.push(node(
                name,
                vec![
                    q("shape", "point"),
                    q("style", "invis"),
                    n("width", 0.01),
                    q("label", ""),
                    pos(x, y),
                ],
            ));
        }
    }
    Graph::DiGraph {
        id: quoted("tiegraph"),
        strict: false,
        stmts,
    }
}

/// Prints a graph model as DOT text, ending with a line break.
pub(crate) fn print(graph: &Graph) -> String {
    let mut out = graph.print(&mut PrinterContext::default());
    out.push('\n');
    out
}

#[cfg(test)]
mod curve_tests {
    use super::*;

    #[test]
    fn long_words_are_broken_after_hyphens_or_within() {
        assert_eq!(
            wrap("Islamic State – Khorasan Province", 18),
            "Islamic State –\nKhorasan Province"
        );
        assert_eq!(
            wrap("Tehreek-e-Something-Very-Long-Without-Spaces", 18),
            "Tehreek-e-\nSomething-Very-\nLong-Without-\nSpaces"
        );
        assert_eq!(
            wrap("Abcdefghijklmnopqrstuvwxyz", 10),
            "Abcdefghij\nklmnopqrst\nuvwxyz"
        );
        assert_eq!(
            wrap("a Abcdefghijklmnopqrstuvwxyz", 10),
            "a\nAbcdefghij\nklmnopqrst\nuvwxyz"
        );
        for text in ["中华人民共和国中华人民共和国中华人民共和国", "x-y-z", ""]
        {
            let wrapped = wrap(text, 5);
            assert_eq!(wrapped.replace('\n', ""), text);
            assert!(
                wrapped.split('\n').all(|l| l.chars().count() <= 5),
                "{wrapped}"
            );
        }
    }

    #[test]
    fn curves_depend_on_edges_and_routing_work() {
        // Small diagrams are curved, whatever their actors.
        assert!(curved(20, 40));
        assert!(curved(600, 40));
        // A complete graph of 200 actors (171 s curved) is straight, and so
        // is one of 40 (780 edges), though it has few actors.
        assert!(!curved(200, 19_900));
        assert!(!curved(40, 780));
        // 200 actors and 400 edges: 16 million, the budget.
        assert!(curved(200, 400));
        assert!(!curved(200, 401));
    }
}

#[cfg(test)]
mod legend_tests {
    use super::*;
    use crate::render::{scene, DiagramOptions};

    fn value(attrs: &[Attribute], key: &str) -> Option<String> {
        attrs.iter().find_map(|Attribute(k, v)| {
            let text = |id: &Id| match id {
                Id::Html(s) | Id::Escaped(s) | Id::Plain(s) | Id::Anonymous(s) => {
                    s.trim_matches('"').to_owned()
                }
            };
            (text(k) == key).then(|| text(v))
        })
    }

    /// Every style a diagram uses has its sample in the legend, drawn from
    /// the same table: a tie's kind colour and dashes, an arrow for the
    /// directed kinds, the change it shows (fading, a halo), an actor's
    /// fill and outline.
    fn check(scene: &Scene<'_>) {
        let legend = legend_table(&scene.legend, 10.0).unwrap_or_default();
        let has = |needle: &str, what: &str| {
            assert!(
                legend.contains(needle),
                "{}: {what} is drawn but not in the legend ({needle})",
                scene.title
            );
        };
        for e in &scene.edges {
            let st = style::tie(e.kind);
            assert!(scene.legend.ties.contains(&e.kind), "{:?}", e.kind);
            let sample = tie_sample(e.kind);
            has(&sample, style::tie_caption(e.kind));
            let attrs = tie_attrs(e.kind, e.directed, e.look, e.highlight, 1.0);
            let color = value(&attrs, "color").unwrap();
            let line = value(&attrs, "style").unwrap();
            match e.look {
                Look::Ended => {
                    assert!(scene.legend.changes.contains(&Change::Ended));
                    has(
                        &format!("color=\"{}\" style=\"{line}\"", style::FADED),
                        "an ended tie",
                    );
                }
                look => {
                    // Its kind's colour (pale when unchanged) and dashes.
                    let base = color.split(':').nth(usize::from(e.highlight)).unwrap();
                    let pale = look == Look::Unchanged;
                    assert_eq!(base, if pale { st.light } else { st.color });
                    assert_eq!(line, st.style);
                    let change = match look {
                        Look::New => Some(Change::New),
                        Look::Unchanged => Some(Change::Unchanged),
                        _ => None,
                    };
                    if let Some(c) = change {
                        assert!(scene.legend.changes.contains(&c), "{c:?}");
                        has(style::change_caption(c), "a change");
                    }
                }
            }
            if e.highlight {
                has(&format!("bgcolor=\"{}\"", style::HIGHLIGHT), "a halo");
            }
            if st.arrow {
                has(&format!("color=\"{}\">►", st.color), "an arrowhead");
            }
        }
        for n in &scene.nodes {
            if n.switched {
                assert!(scene.legend.switched);
                has(
                    &format!(
                        "color=\"{}\" border=\"{:.0}\"",
                        style::SWITCHED,
                        style::SWITCHED_WIDTH
                    ),
                    style::SWITCHED_CAPTION,
                );
            }
            let st = style::actor(n.view.kind());
            let (fill, border) = if n.gone {
                ("#f4f4f4", style::FADED)
            } else {
                (st.fill, st.border)
            };
            has(
                &format!("bgcolor=\"{fill}\" color=\"{border}\""),
                style::actor_caption(n.view.kind()),
            );
        }
    }

    #[test]
    fn every_style_drawn_is_in_the_legend() {
        let data = crate::default_dataset();
        let options = DiagramOptions::default();
        let at = |s: &str| data.snapshot(&s.parse().unwrap());
        for year in ["2020", "2021", "2022", "2023", "2024", "2025", "2026"] {
            check(&scene::snapshot(&at(year), &options));
        }
        // A report's step diagram marks the actors that changed camp.
        let mut marked = scene::snapshot(&at("2024"), &options);
        let keys: Vec<_> = marked.nodes.iter().step_by(3).map(|n| n.key).collect();
        scene::mark_switched(&mut marked, &keys);
        assert!(marked.nodes.iter().any(|n| n.switched));
        check(&marked);
        for (a, b) in [("2021", "2026"), ("2024", "2025"), ("2020", "2022")] {
            check(&scene::diff(&at(a), &at(b), &options));
        }
    }
}

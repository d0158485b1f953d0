//! The explorer as one HTML page: markup, style sheet, script and data,
//! with a content security policy that allows only this script and this
//! style sheet, by their hashes.

use std::fmt::Write as _;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::data::ExplorerData;
use crate::escape::html::text as escape;
use crate::model::{ActorKind, Confidence, TieKind};
use crate::render::style;
use crate::time::Date;

/// The page's script, hand-written for it (no library).
pub(crate) const SCRIPT: &str = include_str!("explorer.js");

/// The fixed part of the style sheet; the rules of each kind follow it
/// ([`style_sheet`]).
const BASE_CSS: &str = include_str!("explorer.css");

/// The balance chart's plot area: left edge and width, in its own units.
const CHART_X0: f64 = 28.0;
const CHART_W: f64 = 264.0;
const CHART_TOP: f64 = 8.0;
const CHART_BOTTOM: f64 = 70.0;

/// How a tie kind's line is dashed in the explorer, so that kinds differ
/// without colour: the diagrams' line style (`dashed`, `dotted`), and long
/// dashes for hostility, which the diagrams tell from alliance by width
/// alone.
pub(crate) fn dash(kind: TieKind) -> &'static str {
    match (kind, style::tie(kind).style) {
        (TieKind::Hostility, _) => "12 3",
        (_, "dashed") => "7 4",
        (_, "dotted") => "1.5 4",
        _ => "none",
    }
}

/// The style sheet: the fixed rules, then each tie kind's colour, dash and
/// arrowhead and each actor kind's fill and border, from the diagrams'
/// style table.
pub(crate) fn style_sheet() -> String {
    let mut css = String::from(BASE_CSS);
    for kind in TieKind::ALL {
        let s = style::tie(kind);
        let k = kind.as_str();
        let _ = writeln!(
            css,
            "path.k-{k}, .k-{k} path, .k-{k} line {{ stroke: {}; stroke-dasharray: {}; }}",
            s.color,
            dash(kind)
        );
        if dash(kind) == "1.5 4" {
            let _ = writeln!(
                css,
                "path.k-{k}, .k-{k} path, .k-{k} line {{ stroke-linecap: round; }}"
            );
        }
        // A tie's arrowhead follows its own direction (rule R6); the
        // legend's sample shows the kind's.
        let _ = writeln!(
            css,
            "path.tie.dir.k-{k}, .tie.dir.k-{k} path{} {{ marker-end: url(#arrow-{k}); }}",
            if s.arrow {
                format!(", .sample.k-{k} line")
            } else {
                String::new()
            }
        );
        let _ = writeln!(
            css,
            "ul.ties li.k-{k} {{ border-left-color: {}; }}",
            s.color
        );
    }
    for kind in ActorKind::ALL {
        let s = style::actor(kind);
        let _ = writeln!(
            css,
            ".a-{} .shape {{ fill: {}; stroke: {}; }}",
            kind.as_str(),
            s.fill,
            s.border
        );
    }
    css
}

/// `sha256-<base64>` of a text: a source the policy allows.
pub(crate) fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The content security policy of every explorer page: nothing may be
/// loaded or sent; the page's own script and style sheet run, by hash.
pub(crate) fn policy() -> String {
    format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; img-src 'none'; \
         base-uri 'none'; form-action 'none'",
        hash(SCRIPT),
        hash(&style_sheet())
    )
}

/// The data as JSON that cannot end its `<script>` element: every `<`,
/// `>` and `&` written as a JSON escape (`\u003c`, …), which parses back
/// to the same text.
pub(crate) fn json(data: &ExplorerData) -> String {
    let text = serde_json::to_string(data).unwrap_or_else(|_| "{}".to_owned());
    let mut out = String::with_capacity(text.len() + 64);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            // Line and paragraph separators are fine in JSON but not in
            // older JavaScript string literals; escape them too.
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

fn iso(day: i32) -> String {
    Date::from_day_number(day).map_or_else(|| day.to_string(), |d| d.to_string())
}

fn num(x: f64) -> String {
    style::num(x)
}

/// The whole page.
pub(crate) fn page(data: &ExplorerData) -> String {
    let mut h = String::with_capacity(64 * 1024 + data.ties.len() * 300);
    let title = escape(&data.title);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"tiegraph explore\">\n\
         <title>{title}</title>\n<style>{}</style>\n</head>\n<body>\n",
        policy(),
        style_sheet()
    );
    let actors = data.actors.len();
    let ties = data.ties.len();
    let _ = write!(
        h,
        "<header>\n<h1>{title}</h1>\n<p class=\"lede\">{} to {} · {actors} actor{} · {ties} tie{} \
         in force during the range{}. Drag the slider (or use the arrow keys on it) to move \
         through time; click an actor for its ties and their evidence, a sign or a tie for the \
         pair's chart.</p>\n</header>\n",
        iso(data.from),
        iso(data.to),
        if actors == 1 { "" } else { "s" },
        if ties == 1 { "" } else { "s" },
        match data.min_confidence {
            Confidence::Alleged => "",
            Confidence::Reported => ", allegations left out",
            Confidence::Confirmed => ", confirmed ties only",
        }
    );
    time_controls(&mut h, data);
    h.push_str("<div id=\"app\">\n");
    filters(&mut h, data);
    let _ = write!(
        h,
        "<main id=\"canvas\">\n<svg id=\"network\" xmlns=\"http://www.w3.org/2000/svg\" \
         role=\"group\" aria-label=\"The network on the slider's date\" width=\"{w}\" \
         height=\"{hh}\" viewBox=\"0 0 {w} {hh}\">\n<defs>\n",
        w = num(data.width),
        hh = num(data.height)
    );
    for kind in TieKind::ALL {
        let s = style::tie(kind);
        // Mediation's arrowhead is open, the others' filled.
        let (fill, stroke) = if kind == TieKind::Mediation {
            ("none", s.color)
        } else {
            (s.color, "none")
        };
        let _ = writeln!(
            h,
            "<marker id=\"arrow-{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" \
             markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" \
             orient=\"auto\"><path d=\"M1,1 L9,5 L1,9 z\" fill=\"{fill}\" stroke=\"{stroke}\" \
             stroke-width=\"1.3\" stroke-dasharray=\"none\"/></marker>",
            kind.as_str()
        );
    }
    h.push_str("</defs>\n</svg>\n</main>\n");
    side(&mut h, data);
    h.push_str("</div>\n");
    let _ = write!(
        h,
        "<script type=\"application/json\" id=\"tiegraph-data\">{}</script>\n\
         <script>{SCRIPT}</script>\n</body>\n</html>\n",
        json(data)
    );
    h
}

fn time_controls(h: &mut String, data: &ExplorerData) {
    let (from, to) = (data.from, data.to);
    let _ = write!(
        h,
        "<section id=\"time\" aria-label=\"Time\">\n\
         <button id=\"play\" type=\"button\" aria-pressed=\"false\">Play</button>\n\
         <label>Speed <select id=\"speed\">\
         <option value=\"1\">1 day</option>\
         <option value=\"7\" selected>1 week</option>\
         <option value=\"30\">30 days</option>\
         <option value=\"91\">91 days</option>\
         </select> a step</label>\n\
         <div class=\"slider\">\n\
         <input type=\"range\" id=\"date\" min=\"{from}\" max=\"{to}\" step=\"1\" value=\"{from}\" \
         aria-label=\"Date (day number)\" aria-valuetext=\"{}\">\n\
         <div id=\"window-end\" hidden>\n\
         <input type=\"range\" id=\"date-end\" min=\"{from}\" max=\"{to}\" step=\"1\" value=\"{to}\" \
         aria-label=\"End of the window (day number)\" aria-valuetext=\"{}\">\n\
         </div>\n</div>\n\
         <output id=\"date-label\" for=\"date date-end\" aria-live=\"polite\">{}</output>\n\
         <label><input type=\"checkbox\" id=\"window\"> Window: a period, not a day</label>\n\
         </section>\n",
        iso(from),
        iso(to),
        iso(from)
    );
}

fn filters(h: &mut String, data: &ExplorerData) {
    h.push_str(
        "<aside id=\"filters\" aria-label=\"Filters\">\n<fieldset>\n<legend>Tie kinds</legend>\n",
    );
    for kind in TieKind::ALL {
        let k = kind.as_str();
        let n = data.ties.iter().filter(|t| t.kind == kind).count();
        let _ = writeln!(
            h,
            "<label><input type=\"checkbox\" name=\"tie-kind\" value=\"{k}\" checked>\
             <svg class=\"sample k-{k}\" viewBox=\"0 0 44 14\" aria-hidden=\"true\">\
             <line x1=\"2\" y1=\"7\" x2=\"36\" y2=\"7\" stroke-width=\"{}\"/></svg>{}\
             <span class=\"count\">{n}</span></label>",
            num(style::tie(kind).penwidth),
            style::tie_caption(kind)
        );
    }
    h.push_str(
        "</fieldset>\n<fieldset>\n<legend>Evidence</legend>\n<label>At least \
         <select id=\"confidence\">",
    );
    for level in Confidence::ALL
        .into_iter()
        .filter(|&c| c >= data.min_confidence)
    {
        let _ = write!(
            h,
            "<option value=\"{0}\"{1}>{0}</option>",
            level.as_str(),
            if level == data.min_confidence {
                " selected"
            } else {
                ""
            }
        );
    }
    h.push_str("</select></label>\n</fieldset>\n<fieldset>\n<legend>Actor kinds</legend>\n");
    for kind in ActorKind::ALL {
        let k = kind.as_str();
        let n = data
            .actors
            .iter()
            .filter(|a| a.phases.iter().any(|p| p.kind == kind))
            .count();
        let s = style::actor(kind);
        let shape = match kind {
            ActorKind::Group => "<ellipse cx=\"22\" cy=\"7\" rx=\"14\" ry=\"6\" class=\"shape\"/>",
            ActorKind::State => {
                "<rect x=\"8\" y=\"1\" width=\"28\" height=\"12\" rx=\"3\" class=\"shape\"/>"
            }
            ActorKind::Organization => "<path d=\"M8,1h28v12h-28zM12,1v12\" class=\"shape\"/>",
        };
        let _ = writeln!(
            h,
            "<label><input type=\"checkbox\" name=\"actor-kind\" value=\"{k}\" checked>\
             <svg class=\"sample a-{k}\" viewBox=\"0 0 44 14\" aria-hidden=\"true\" \
             data-shape=\"{}\">{shape}</svg>{}<span class=\"count\">{n}</span></label>",
            s.shape,
            style::actor_caption(kind)
        );
    }
    h.push_str(
        "</fieldset>\n<fieldset>\n<legend><label for=\"search\">Find an actor</label></legend>\n\
         <input type=\"search\" id=\"search\" placeholder=\"Name, alias or id\" \
         autocomplete=\"off\">\n<ul id=\"search-results\" aria-live=\"polite\"></ul>\n\
         </fieldset>\n<fieldset>\n<legend>Signs</legend>\n\
         <p class=\"note\">A circle on a pair shows its net sign: + or − (the sum of sign × \
         weight of its ties in force; over a window, each tie also weighs by its days in \
         force), 0 when they cancel out or only mediate.</p>\n</fieldset>\n</aside>\n",
    );
}

fn side(h: &mut String, data: &ExplorerData) {
    h.push_str(
        "<aside id=\"side\" aria-label=\"Details\">\n<section aria-label=\"Counts\">\n\
         <h2>On the slider's date</h2>\n<dl class=\"counts\">\n",
    );
    for (id, label) in [
        ("ties", "ties"),
        ("pairs", "pairs"),
        ("positive", "+ pairs"),
        ("negative", "− pairs"),
        ("balanced", "balanced △"),
        ("unbalanced", "unbalanced △"),
        ("ratio", "ratio"),
    ] {
        let _ = write!(h, "<dt>{label}</dt><dd id=\"count-{id}\">–</dd>");
    }
    h.push_str("\n</dl>\n<p class=\"note\">With the filters. The chart: the share of balanced triangles of the whole network over the range.</p>\n");
    balance_chart(h, data);
    h.push_str(
        "</section>\n<section id=\"pair\" hidden></section>\n\
         <section id=\"focus\" aria-live=\"polite\"></section>\n</aside>\n",
    );
}

/// The balance ratio over the range as a step line, with a cursor the
/// script moves to the slider's date.
fn balance_chart(h: &mut String, data: &ExplorerData) {
    let span = f64::from((data.to - data.from).max(1));
    let x = |day: i32| CHART_X0 + f64::from(day - data.from) / span * CHART_W;
    let y = |r: f64| CHART_BOTTOM - r * (CHART_BOTTOM - CHART_TOP);
    let _ = write!(
        h,
        "<svg id=\"balance\" viewBox=\"0 0 300 86\" role=\"img\" data-x0=\"{}\" data-w=\"{}\" \
         aria-label=\"Share of balanced triangles from {} to {}\">\n\
         <line class=\"axis\" x1=\"{x0}\" x2=\"{x1}\" y1=\"{b}\" y2=\"{b}\"/>\
         <line class=\"axis\" x1=\"{x0}\" x2=\"{x0}\" y1=\"{t}\" y2=\"{b}\"/>\
         <text x=\"24\" y=\"{ty}\" text-anchor=\"end\">1</text>\
         <text x=\"24\" y=\"{by}\" text-anchor=\"end\">0</text>\n",
        num(CHART_X0),
        num(CHART_W),
        iso(data.from),
        iso(data.to),
        x0 = num(CHART_X0),
        x1 = num(CHART_X0 + CHART_W),
        b = num(CHART_BOTTOM),
        t = num(CHART_TOP),
        ty = num(CHART_TOP + 3.0),
        by = num(CHART_BOTTOM + 3.0),
    );
    // Year ticks: every year, or fewer on a long range.
    let (first, last) = (
        Date::from_day_number(data.from).map_or(0, |d| d.ymd().0),
        Date::from_day_number(data.to).map_or(0, |d| d.ymd().0),
    );
    let years = i32::from(last - first);
    let every = (years / 8 + 1).max(1);
    for year in (i32::from(first) + 1)..=i32::from(last) {
        if (year - i32::from(first)) % every != 0 {
            continue;
        }
        let Ok(d) = Date::parse(&format!("{year:04}")) else {
            continue;
        };
        let px = num(x(d.first_day()));
        let _ = write!(
            h,
            "<line class=\"axis\" x1=\"{px}\" x2=\"{px}\" y1=\"{b}\" y2=\"{b2}\"/>\
             <text x=\"{px}\" y=\"82\" text-anchor=\"middle\">{year}</text>",
            b = num(CHART_BOTTOM),
            b2 = num(CHART_BOTTOM + 3.0)
        );
    }
    let mut path = String::new();
    let mut open = false;
    for (i, step) in data.steps.iter().enumerate() {
        let next = data.steps.get(i + 1).map_or(data.to + 1, |s| s.day);
        let total = step.balanced + step.unbalanced;
        if total == 0 {
            open = false;
            continue;
        }
        let r = step.balanced as f64 / total as f64;
        let (x0, x1, yy) = (num(x(step.day)), num(x(next)), num(y(r)));
        if open {
            let _ = write!(path, "V{yy}H{x1}");
        } else {
            let _ = write!(path, "M{x0},{yy}H{x1}");
        }
        open = true;
    }
    if !path.is_empty() {
        let _ = write!(h, "\n<path class=\"ratio\" d=\"{path}\"/>");
    }
    let _ = write!(
        h,
        "\n<line id=\"balance-cursor\" x1=\"{x0}\" x2=\"{x0}\" y1=\"4\" y2=\"{b}\"/>\n</svg>\n",
        x0 = num(CHART_X0),
        b = num(CHART_BOTTOM + 2.0)
    );
}

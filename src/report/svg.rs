//! Graphviz SVG made fit to sit inside an HTML page.
//!
//! The renderer's SVG is a standalone XML file: a prolog, a DOCTYPE that
//! names a DTD on the web, comments, and ids (`graph0`, `tie:PAK:TAL:…`) that
//! repeat from one diagram to the next. The SVG is parsed and written again
//! element by element, so that the page is well formed whatever the SVG
//! holds:
//!
//! - the prolog, DOCTYPE, comments and processing instructions are dropped;
//! - every `id` gets a prefix unique to the diagram (and references to ids,
//!   `url(#…)` and `#…` links, the same prefix), so ids stay unique in the
//!   page;
//! - only the elements Graphviz draws with are kept (no `script`, `image`,
//!   `foreignObject`, `style`), no event handler (`on…`) and no link or
//!   `url(…)` that leaves the diagram: nothing can run and nothing is
//!   fetched, even if a renderer were tricked into writing it;
//! - text and attribute values are escaped again, for HTML.

use std::fmt::Write as _;

use crate::escape::html::text as escape;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The elements a diagram may use; anything else is dropped with its content.
const ELEMENTS: [&str; 18] = [
    "svg",
    "g",
    "title",
    "desc",
    "a",
    "path",
    "polygon",
    "polyline",
    "line",
    "rect",
    "circle",
    "ellipse",
    "text",
    "tspan",
    "defs",
    "linearGradient",
    "radialGradient",
    "stop",
];

/// The SVG `svg` as an element for an HTML page: ids prefixed with
/// `prefix`, and the root given `class` and an accessible `label`.
///
/// # Errors
///
/// A message when `svg` is not well-formed XML with an `svg` root.
pub(crate) fn inline(svg: &[u8], prefix: &str, class: &str, label: &str) -> Result<String, String> {
    let text = std::str::from_utf8(svg).map_err(|e| format!("the SVG is not UTF-8: {e}"))?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| format!("the SVG cannot be read: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NS) {
        return Err("the SVG has no svg root element".to_owned());
    }
    let mut out = String::with_capacity(text.len());
    let _ = write!(
        out,
        "<svg class=\"{}\" role=\"img\" aria-label=\"{}\" xmlns:xlink=\"{XLINK_NS}\"",
        escape(class),
        escape(label)
    );
    for a in root.attributes() {
        // The root keeps its size, view box and font (a chart's labels are
        // laid out for it; the page's own font would run wider); namespaces
        // are declared above.
        if a.namespace().is_none()
            && matches!(
                a.name(),
                "width" | "height" | "viewBox" | "font-family" | "font-size"
            )
        {
            let _ = write!(out, " {}=\"{}\"", a.name(), escape(a.value()));
        }
    }
    out.push('>');
    for child in root.children() {
        write_node(&mut out, child, prefix);
    }
    out.push_str("</svg>");
    Ok(out)
}

fn write_node(out: &mut String, node: roxmltree::Node<'_, '_>, prefix: &str) {
    if node.is_text() {
        out.push_str(&escape(node.text().unwrap_or("")));
        return;
    }
    if !node.is_element() {
        return;
    }
    let tag = node.tag_name();
    let Some(name) = ELEMENTS
        .iter()
        .find(|&&e| e == tag.name() && tag.namespace() == Some(SVG_NS) && e != "svg")
    else {
        return;
    };
    // The graph's own title is the DOT graph's name ("tiegraph"): as a
    // tooltip over the whole diagram it would only get in the way. The
    // root's `aria-label` names the diagram instead.
    if *name == "title" && node.parent_element().and_then(|p| p.attribute("class")) == Some("graph")
    {
        return;
    }
    out.push('<');
    out.push_str(name);
    for a in node.attributes() {
        let (qualified, value) = match (a.namespace(), a.name()) {
            (None, n) if n.starts_with("on") || n == "href" || n == "style" => continue,
            (None, "id") => ("id".to_owned(), format!("{prefix}{}", a.value())),
            (None, n) => (n.to_owned(), a.value().to_owned()),
            (Some(XLINK_NS), "href") => match a.value().strip_prefix('#') {
                Some(id) => ("xlink:href".to_owned(), format!("#{prefix}{id}")),
                None => continue,
            },
            (Some(XLINK_NS), n) => (format!("xlink:{n}"), a.value().to_owned()),
            (Some(XML_NS), n) => (format!("xml:{n}"), a.value().to_owned()),
            _ => continue,
        };
        let Some(value) = local_urls(&value, prefix) else {
            continue;
        };
        if !qualified
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':'))
        {
            continue;
        }
        let _ = write!(out, " {qualified}=\"{}\"", escape(&value));
    }
    out.push('>');
    for child in node.children() {
        write_node(out, child, prefix);
    }
    let _ = write!(out, "</{name}>");
}

/// `value` with each `url(#id)` pointed at the prefixed id; `None` when it
/// has a `url(…)` to anything outside the diagram.
fn local_urls(value: &str, prefix: &str) -> Option<String> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find("url(") {
        let (before, after) = rest.split_at(i + 4);
        out.push_str(before);
        let after = after.trim_start_matches(['\'', '"', ' ']);
        let id = after.strip_prefix('#')?;
        out.push('#');
        out.push_str(prefix);
        rest = id;
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_drawing_and_drops_what_could_run_or_load() {
        let svg = br##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
 "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- a comment -->
<svg width="10pt" height="20pt" viewBox="0 0 10 20" onload="x()" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph"><title>t &lt;b&gt;</title>
<g class="node"><title>n &lt;b&gt;</title></g>
<a xlink:title="tip &amp; &quot;q&quot;" xlink:href="https://example.org/"><path fill="url(#grad)" d="M0,0"/></a>
<script>alert(1)</script><image xlink:href="https://example.org/x.png"/>
<rect fill="url(https://example.org/x)" onclick="y()" width="1"/>
<text xml:space="preserve" x="1">a &amp; b</text></g></svg>"##;
        let html = inline(svg, "d1-", "diagram", "A \"label\"").unwrap();
        assert_eq!(
            html,
            "<svg class=\"diagram\" role=\"img\" aria-label=\"A &quot;label&quot;\" \
             xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10pt\" height=\"20pt\" \
             viewBox=\"0 0 10 20\">\n<g id=\"d1-graph0\" class=\"graph\">\n\
             <g class=\"node\"><title>n &lt;b&gt;</title></g>\n\
             <a xlink:title=\"tip &amp; &quot;q&quot;\"><path fill=\"url(#d1-grad)\" d=\"M0,0\"></path></a>\n\n\
             <rect width=\"1\"></rect>\n<text xml:space=\"preserve\" x=\"1\">a &amp; b</text></g></svg>"
        );
    }

    #[test]
    fn rejects_what_is_not_svg() {
        assert!(inline(b"<html/>", "p", "c", "l").is_err());
        assert!(inline(b"<svg", "p", "c", "l").is_err());
        assert!(inline(&[0xff, 0xfe], "p", "c", "l").is_err());
    }
}

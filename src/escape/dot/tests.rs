//! DOT escaping: unit tests, property tests against a model of how
//! Graphviz reads each kind of text, and one test with the system `dot`.

use super::*;
use crate::escape::displayed;
use proptest::prelude::*;

fn inner(id: Id) -> String {
    match id {
        Id::Escaped(s) | Id::Html(s) | Id::Plain(s) | Id::Anonymous(s) => s,
    }
}

/// The inside of a quoted DOT string as Graphviz's lexer reads it: `\"` is
/// a quote, a backslash before a line break joins the lines, anything else
/// is kept (backslashes too). `None` when the string is not one quoted
/// string.
fn lex(quoted: &str) -> Option<String> {
    let inside = quoted.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inside.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return None,
            '\\' => match chars.next() {
                Some('"') => out.push('"'),
                Some('\n') => {}
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                // A backslash before the closing quote escapes it.
                None => return None,
            },
            c => out.push(c),
        }
    }
    Some(out)
}

/// Backslash escapes as an `escString` reads them: `\\` is a backslash and
/// `\n` a line break. `None` on any other escape (`\N`, `\G`, … would be
/// replaced by object names, so an escaper must never leave one).
fn esc_string(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next()? {
                '\\' => out.push('\\'),
                'n' => out.push('\n'),
                _ => return None,
            },
            (c, false) => out.push(c),
        }
    }
    Some(out)
}

/// The entities the escapers write, decoded; `None` on a bare `&` or any
/// other entity (Graphviz would read it as one).
fn entities(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let (c, len) = [
            ('&', "&amp;"),
            ('<', "&lt;"),
            ('>', "&gt;"),
            ('"', "&quot;"),
            ('\'', "&#39;"),
            (']', "&#93;"),
        ]
        .into_iter()
        .find(|(_, e)| rest[i..].starts_with(e))
        .map(|(c, e)| (c, e.len()))?;
        out.push(c);
        rest = &rest[i + len..];
    }
    out.push_str(rest);
    Some(out)
}

/// An HTML-like label's text as Graphviz reads it: `<br/>` is a line
/// break, entities are decoded, then `\\` is a backslash. `None` on a tag
/// or a lone backslash escape.
fn read_label(markup: &str) -> Option<String> {
    let lines: Option<Vec<String>> = markup
        .split("<br/>")
        .map(|line| {
            if line.contains(['<', '>']) {
                return None;
            }
            entities(line)
        })
        .collect();
    let text = lines?.join("\n");
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.next()? != '\\' {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

#[test]
fn quoted_strings_escape_quotes_backslashes_and_breaks() {
    assert_eq!(inner(quoted(r#"a"b\c"#)), r#""a\"b\\c""#);
    assert_eq!(inner(quoted("end\\")), r#""end\\""#);
    assert_eq!(inner(quoted("x\r\ny\rz\tw")), r#""x\ny\nz w""#);
    assert_eq!(
        inner(quoted("nul\u{0}bell\u{7}")),
        "\"nul\u{FFFD}bell\u{FFFD}\""
    );
    assert_eq!(inner(quoted("{}<>")), "\"{}<>\"");
}

#[test]
fn tooltips_keep_ampersands_literal() {
    assert_eq!(inner(tooltip("&amp; &")), r#""&amp;amp; &amp;""#);
    assert_eq!(inner(tooltip("a\\N\n\"")), r#""a\\\\N\n\"""#);
}

#[test]
fn links_write_ampersands_as_entities() {
    assert_eq!(
        inner(link("https://example.org/?a=1&b=2")),
        "\"https://example.org/?a=1&amp;b=2\""
    );
}

#[test]
fn labels_escape_markup() {
    assert_eq!(
        label("<b>&amp;</b>\n\"x'"),
        "&lt;b&gt;&amp;amp;&lt;/b&gt;<br/>&quot;x&#39;"
    );
    assert_eq!(label(r"\N\"), r"\\N\\");
    // Lines of only `]`, which Graphviz 2.43 misreads.
    assert_eq!(label("]"), "&#93;");
    assert_eq!(label("a\n]]\r\n]b"), "a<br/>&#93;&#93;<br/>]b");
}

proptest! {
    #[test]
    fn quoted_strings_read_back_as_the_rule_shows_them(s in crate::escape::any_text()) {
        let read = lex(&inner(quoted(&s))).and_then(|t| esc_string(&t));
        prop_assert_eq!(read, Some(displayed(&s)));
    }

    #[test]
    fn tooltips_read_back_as_the_rule_shows_them(s in crate::escape::any_text()) {
        // Entities first, then backslash escapes twice.
        let read = lex(&inner(tooltip(&s)))
            .and_then(|t| entities(&t))
            .and_then(|t| esc_string(&t))
            .and_then(|t| esc_string(&t));
        prop_assert_eq!(read, Some(displayed(&s)));
    }

    #[test]
    fn labels_read_back_as_the_rule_shows_them(s in crate::escape::any_text()) {
        prop_assert_eq!(read_label(&label(&s)), Some(displayed(&s)));
    }
}

/// Graphviz writes the second of two spaces as a no-break space.
fn spaced(text: &str) -> String {
    text.replace('\u{A0}', " ")
}

/// A graph of one node per text, each text as the node's label and
/// tooltip.
fn graph(texts: &[String]) -> String {
    let mut dot = String::from("digraph {\n");
    for (i, text) in texts.iter().enumerate() {
        dot.push_str(&format!(
            "n{i} [id=\"n{i}\", label={}, tooltip={}];\n",
            inner(html_label(label(text))),
            inner(tooltip(text))
        ));
    }
    dot.push('}');
    dot
}

/// Each node's tooltip and label lines, read from Graphviz's SVG.
fn read_svg(svg: &str) -> Vec<(Option<String>, Vec<String>)> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(svg, options)
        .unwrap_or_else(|e| panic!("{e}: {svg}"));
    let xlink = "http://www.w3.org/1999/xlink";
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("node"))
        .map(|node| {
            let tip = node
                .descendants()
                .find_map(|n| n.attribute((xlink, "title")))
                .map(spaced);
            let lines = node
                .descendants()
                .filter(|n| n.has_tag_name("text"))
                .map(|n| spaced(n.text().unwrap_or("")))
                .collect();
            (tip, lines)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4))]

    /// The system Graphviz, when installed, shows every label and tooltip as
    /// the rule maps the text: 4 runs of `dot`, 16 texts each.
    #[test]
    fn system_dot_shows_labels_and_tooltips_as_written(
        // Graphviz 2.43 rejects an empty HTML-like label (`<>`) whatever
        // the escaping; tiegraph's labels are never empty.
        texts in prop::collection::vec(
            crate::escape::any_text().prop_filter("an empty label", |t| !t.is_empty()),
            16,
        )
    ) {
        use std::io::Write as _;
        use std::process::{Command, Stdio};
        let Ok(mut child) = Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
        else {
            return Ok(()); // No system Graphviz: nothing to check.
        };
        let dot = graph(&texts);
        child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        prop_assert!(
            out.status.success(),
            "dot failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let nodes = read_svg(&String::from_utf8(out.stdout).unwrap());
        prop_assert_eq!(nodes.len(), texts.len());
        for (text, (tip, lines)) in texts.iter().zip(nodes) {
            let shown = spaced(&displayed(text));
            let want_tip = (!shown.is_empty()).then(|| shown.clone());
            prop_assert_eq!(tip, want_tip);
            let want_lines: Vec<&str> = shown.split('\n').filter(|l| !l.is_empty()).collect();
            prop_assert_eq!(lines, want_lines);
        }
    }
}

//! Writing XML by hand (escaped, deterministic, indented) and reading it
//! with roxmltree (line numbers for error messages).

use crate::error::{Location, Problem, ProblemKind};
use crate::escape::xml;

/// An XML document being written, two spaces per level.
///
/// Text and attribute values are escaped by [`crate::escape::xml`]: exactly
/// (every character XML can carry) for the exports, or for display (see
/// [`XmlWriter::display`]) for SVG that people look at.
pub(crate) struct XmlWriter {
    out: String,
    depth: usize,
    display: bool,
}

impl XmlWriter {
    /// A document starting with the XML declaration.
    pub fn new() -> XmlWriter {
        XmlWriter {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            depth: 0,
            display: false,
        }
    }

    /// A writer without the XML declaration, for an element to embed.
    pub fn fragment() -> XmlWriter {
        XmlWriter {
            out: String::new(),
            depth: 0,
            display: false,
        }
    }

    /// The writer, escaping text for display rather than exactly: line
    /// breaks as line feeds, tabs as spaces, every other control character
    /// as U+FFFD (see [`crate::escape`]).
    pub fn display(mut self) -> XmlWriter {
        self.display = true;
        self
    }

    fn push_attribute(&mut self, text: &str) {
        if self.display {
            xml::push_display_attribute(&mut self.out, text);
        } else {
            xml::push_attribute(&mut self.out, text);
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.display {
            xml::push_display_text(&mut self.out, text);
        } else {
            xml::push_text(&mut self.out, text);
        }
    }

    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            self.push_attribute(v);
            self.out.push('"');
        }
    }

    /// `<name …>` on its own line; children follow.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start(name, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    /// `<name …/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start(name, attrs);
        self.out.push_str("/>\n");
    }

    /// `<name …>text</name>`, the text escaped.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start(name, attrs);
        self.out.push('>');
        self.push_text(text);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `</name>` on its own line, closing what [`XmlWriter::open`] opened.
    pub fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// The document written.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Whether `name` is an XML NMTOKEN (GraphML ids and `attr.name`s must be).
fn is_nmtoken(name: &str) -> bool {
    !name.is_empty() && name.chars().all(is_name_char)
}

fn is_name_char(c: char) -> bool {
    matches!(c,
        ':' | '_' | '-' | '.' | 'A'..='Z' | 'a'..='z' | '0'..='9'
        | '\u{B7}' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{37D}'
        | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{203F}'..='\u{2040}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// A name made into an NMTOKEN: characters it may not hold become `_`.
pub(crate) fn nmtoken(name: &str) -> String {
    if is_nmtoken(name) {
        return name.to_owned();
    }
    let out: String = name
        .chars()
        .map(|c| if is_name_char(c) { c } else { '_' })
        .collect();
    if out.is_empty() {
        "_".to_owned()
    } else {
        out
    }
}

/// The 1-based line an element starts on.
pub(crate) fn line_of(node: roxmltree::Node<'_, '_>) -> u64 {
    u64::from(node.document().text_pos_at(node.range().start).row)
}

/// All text inside an element (text, character references and CDATA).
pub(crate) fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// An XML parse error as a problem on its line.
pub(crate) fn parse_problem(file: &str, e: &roxmltree::Error) -> Problem {
    let pos = e.pos();
    Problem::new(
        Location::file(file).at_line(u64::from(pos.row)),
        ProblemKind::Syntax,
        // roxmltree quotes the character it did not expect as it is.
        crate::escape::terminal::one_line(&format!("not well-formed XML: {e}"), 300),
    )
}

/// Element children of a node with a given local name.
pub(crate) fn children<'a, 'input: 'a>(
    node: roxmltree::Node<'a, 'input>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

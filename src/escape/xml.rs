//! XML 1.0 character data and attribute values.
//!
//! Exact ([`push_text`], [`push_attribute`]) for the exports, which read
//! back as the dataset; for display ([`push_display_text`],
//! [`push_display_attribute`]) for SVG that people look at. See the
//! [rule](super).

use super::{display, Shown};

/// Whether XML 1.0 can carry `c` at all: the C0 controls other than tab,
/// line feed and carriage return, U+FFFE and U+FFFF cannot appear even as
/// character references.
pub(crate) fn carries(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Appends one character, escaped for text (`attribute == false`) or for a
/// double-quoted attribute value.
fn push_char(out: &mut String, c: char, attribute: bool) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' if attribute => out.push_str("&quot;"),
        // Parsers normalise a literal CR to LF, and white space in
        // attributes to spaces: character references survive both.
        '\r' => out.push_str("&#13;"),
        '\n' if attribute => out.push_str("&#10;"),
        '\t' if attribute => out.push_str("&#9;"),
        c => out.push(c),
    }
}

fn push_exact(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        push_char(out, if carries(c) { c } else { '\u{FFFD}' }, attribute);
    }
}

fn push_display(out: &mut String, text: &str, attribute: bool) {
    for shown in display(text) {
        let c = match shown {
            Shown::Char(c) => c,
            Shown::LineBreak => '\n',
            Shown::Tab => ' ',
            Shown::Control(_) => '\u{FFFD}',
        };
        push_char(out, c, attribute);
    }
}

/// Appends `text` as character data, every character kept that XML can
/// carry (a carriage return as `&#13;`), the others as U+FFFD.
pub(crate) fn push_text(out: &mut String, text: &str) {
    push_exact(out, text, false);
}

/// Appends `text` as the inside of a double-quoted attribute value, exact
/// as [`push_text`] (line feeds and tabs as `&#10;` and `&#9;`, which
/// attribute-value normalisation would otherwise turn into spaces).
pub(crate) fn push_attribute(out: &mut String, text: &str) {
    push_exact(out, text, true);
}

/// Appends `text` as character data for display: line breaks as line
/// feeds, tabs as spaces, other control characters as U+FFFD.
pub(crate) fn push_display_text(out: &mut String, text: &str) {
    push_display(out, text, false);
}

/// Appends `text` as an attribute value for display (as
/// [`push_display_text`]; a line break is kept as `&#10;`).
pub(crate) fn push_display_attribute(out: &mut String, text: &str) {
    push_display(out, text, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escape::displayed;
    use proptest::prelude::*;

    /// `text` as an exact output gives it back.
    fn exact(text: &str) -> String {
        text.chars()
            .map(|c| if carries(c) { c } else { '\u{FFFD}' })
            .collect()
    }

    /// An element holding `text` both as its content and as an attribute,
    /// parsed back: (attribute, content).
    fn parse(attribute: &str, content: &str) -> (String, String) {
        let doc = format!("<e a=\"{attribute}\">{content}</e>");
        let doc = roxmltree::Document::parse(&doc).unwrap_or_else(|e| panic!("{e}: {doc:?}"));
        let root = doc.root_element();
        let text = root
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        (root.attribute("a").unwrap_or_default().to_owned(), text)
    }

    #[test]
    fn markup_and_breaks_are_escaped() {
        let mut out = String::new();
        push_attribute(&mut out, "a<b>&\"c\"\r\n\td\u{0}\u{85}");
        assert_eq!(
            out,
            "a&lt;b&gt;&amp;&quot;c&quot;&#13;&#10;&#9;d\u{FFFD}\u{85}"
        );
        out.clear();
        push_text(&mut out, "\"x\"\r\n\t\u{FFFE}");
        assert_eq!(out, "\"x\"&#13;\n\t\u{FFFD}");
        out.clear();
        push_display_text(&mut out, "a\r\nb\tc\u{85}\u{1b}");
        assert_eq!(out, "a\nb c\u{FFFD}\u{FFFD}");
    }

    proptest! {
        #[test]
        fn exact_text_parses_back_as_itself(s in crate::escape::any_text()) {
            let (mut attribute, mut content) = (String::new(), String::new());
            push_attribute(&mut attribute, &s);
            push_text(&mut content, &s);
            let (a, t) = parse(&attribute, &content);
            prop_assert_eq!(&a, &exact(&s));
            prop_assert_eq!(&t, &exact(&s));
        }

        #[test]
        fn display_text_parses_back_as_the_rule_shows_it(s in crate::escape::any_text()) {
            let (mut attribute, mut content) = (String::new(), String::new());
            push_display_attribute(&mut attribute, &s);
            push_display_text(&mut content, &s);
            let (a, t) = parse(&attribute, &content);
            prop_assert_eq!(&a, &displayed(&s));
            prop_assert_eq!(&t, &displayed(&s));
        }
    }
}

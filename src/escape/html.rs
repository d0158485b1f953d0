//! HTML text and quoted attribute values (a display output).
//!
//! The report's page is also well-formed XML (only the five XML entities,
//! as `&#39;` for `'`), so that tests read it back with an XML parser: what
//! [`text`] writes is both. Line breaks become line feeds, tabs spaces, and
//! other control characters U+FFFD (see the [rule](super)).

use super::{display, Shown};

/// Appends `text` escaped for HTML text and double- or single-quoted
/// attribute values.
pub(crate) fn push(out: &mut String, text: &str) {
    for shown in display(text) {
        match shown {
            Shown::Char('&') => out.push_str("&amp;"),
            Shown::Char('<') => out.push_str("&lt;"),
            Shown::Char('>') => out.push_str("&gt;"),
            Shown::Char('"') => out.push_str("&quot;"),
            Shown::Char('\'') => out.push_str("&#39;"),
            Shown::Char(c) => out.push(c),
            Shown::LineBreak => out.push('\n'),
            Shown::Tab => out.push(' '),
            Shown::Control(_) => out.push('\u{FFFD}'),
        }
    }
}

/// `text` escaped for HTML text and quoted attribute values (see [`push`]).
pub(crate) fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escape::displayed;
    use proptest::prelude::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            text("<b>&amp;</b> \"x\" 'y'\r\n\t\u{1b}\u{85}"),
            "&lt;b&gt;&amp;amp;&lt;/b&gt; &quot;x&quot; &#39;y&#39;\n \u{FFFD}\u{FFFD}"
        );
    }

    proptest! {
        /// Read back with an XML parser, as text and as attribute values in
        /// both quotes (where XML turns a line feed into a space).
        #[test]
        fn text_parses_back_as_the_rule_shows_it(s in crate::escape::any_text()) {
            let escaped = text(&s);
            let page = format!("<p title=\"{escaped}\" lang='{escaped}'>{escaped}</p>");
            let doc = roxmltree::Document::parse(&page)
                .map_err(|e| TestCaseError::fail(format!("{e}: {page:?}")))?;
            let p = doc.root_element();
            let content: String = p.children().filter_map(|n| n.text()).collect();
            let shown = displayed(&s);
            prop_assert_eq!(&content, &shown);
            let in_attribute = shown.replace('\n', " ");
            prop_assert_eq!(p.attribute("title"), Some(in_attribute.as_str()));
            prop_assert_eq!(p.attribute("lang"), Some(in_attribute.as_str()));
        }
    }
}

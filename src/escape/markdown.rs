//! Markdown running text, table cells and code spans (a display output on
//! one line).
//!
//! Markdown's punctuation gets a backslash, HTML's an entity (Markdown
//! passes HTML through), and line breaks and tabs become spaces, so a
//! hostile name can neither format, link nor break a table; other control
//! characters become U+FFFD (see the [rule](super)).

use super::{display, Shown};

/// The characters that get a backslash: those that start emphasis, code,
/// links, images, tables, strike-through, headings, maths and attributes.
/// (CommonMark lets any ASCII punctuation be escaped so.)
const ESCAPED: [char; 13] = [
    '\\', '`', '*', '_', '[', ']', '|', '~', '#', '$', '!', '{', '}',
];

/// `text` escaped for running Markdown text and table cells.
pub(crate) fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for shown in display(text) {
        match shown {
            Shown::Char(c) if ESCAPED.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            Shown::Char('&') => out.push_str("&amp;"),
            Shown::Char('<') => out.push_str("&lt;"),
            Shown::Char('>') => out.push_str("&gt;"),
            Shown::Char(c) => out.push(c),
            Shown::LineBreak | Shown::Tab => out.push(' '),
            Shown::Control(_) => out.push('\u{FFFD}'),
        }
    }
    out
}

/// `text` as a code span: between backticks, each backtick in it written
/// `'` (a code span cannot hold its own delimiter), line breaks and tabs as
/// spaces, other control characters as U+FFFD.
pub(crate) fn code(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('`');
    for shown in display(text) {
        match shown {
            Shown::Char('`') => out.push('\''),
            Shown::Char(c) => out.push(c),
            Shown::LineBreak | Shown::Tab => out.push(' '),
            Shown::Control(_) => out.push('\u{FFFD}'),
        }
    }
    out.push('`');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escape::displayed;
    use proptest::prelude::*;

    #[test]
    fn escapes_markdown_and_html() {
        assert_eq!(
            text("a|b *c* <b>&amp;</b> [x](y) \\ `z`\nnext"),
            "a\\|b \\*c\\* &lt;b&gt;&amp;amp;&lt;/b&gt; \\[x\\](y) \\\\ \\`z\\` next"
        );
        assert_eq!(text("# $x$ !"), "\\# \\$x\\$ \\!");
        assert_eq!(text("a\r\nb\tc\u{1b}"), "a b c\u{FFFD}");
        assert_eq!(code("a`b\nc\u{7}"), "`a'b c\u{FFFD}`");
    }

    /// Escaped text as CommonMark reads it back, checking that it holds
    /// nothing Markdown or HTML would act on: no line break or control
    /// character, each of [`ESCAPED`] only after a backslash, no `<` or
    /// `>`, and `&` only in the three entities written. `None` otherwise.
    fn read(escaped: &str) -> Option<String> {
        let mut out = String::new();
        let mut chars = escaped.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.push(chars.next().filter(|c| ESCAPED.contains(c))?),
                '&' => {
                    let rest = chars.as_str();
                    let (c, len) = [('&', "amp;"), ('<', "lt;"), ('>', "gt;")]
                        .into_iter()
                        .find(|(_, e)| rest.starts_with(e))?;
                    out.push(c);
                    chars = rest[len.len()..].chars();
                }
                c if ESCAPED.contains(&c) || matches!(c, '<' | '>') => return None,
                c if c.is_control() => return None,
                c => out.push(c),
            }
        }
        Some(out)
    }

    /// `text` on one line: the rule's line breaks as spaces too.
    fn one_line(text: &str) -> String {
        displayed(text).replace('\n', " ")
    }

    proptest! {
        #[test]
        fn text_renders_as_literal_text(s in crate::escape::any_text()) {
            prop_assert_eq!(read(&text(&s)), Some(one_line(&s)));
        }

        #[test]
        fn code_spans_hold_one_line_without_backticks(s in crate::escape::any_text()) {
            let span = code(&s);
            let inside = span.strip_prefix('`').and_then(|t| t.strip_suffix('`'));
            prop_assert_eq!(inside.map(str::to_owned), Some(one_line(&s).replace('`', "'")));
            prop_assert!(!inside.unwrap_or("").contains(['`', '\n', '\r']));
        }
    }
}

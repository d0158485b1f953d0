//! Escaping text for DOT, so that any name, note or id survives Graphviz.
//!
//! graphviz-rust's printer writes ids and attribute values as given, so every
//! value is escaped here and wrapped in an `Id` that already carries its
//! quotes. Graphviz reads text in three ways, and each needs its own escape:
//!
//! - **Quoted DOT strings** (ids, colours, tooltips): the lexer only knows
//!   `\"`, `\\` and a backslash before a line break; attributes of type
//!   `escString` (tooltips, ids, URLs) then read `\\`, `\n`, `\N`, `\G`, …
//!   so a backslash must always be doubled and a line break written `\n`.
//! - **Tooltips** also go through `htmlEntityUTF8` (`&amp;` becomes `&`)
//!   and are then written to SVG with every `&` escaped, so each `&` is
//!   written `&amp;`.
//! - **HTML-like labels** (`<…>`), which every visible text of a diagram
//!   is, are parsed as XML and written with every `&` escaped, so ordinary
//!   XML escaping is exact. (Plain labels would be worse: Graphviz writes
//!   them to SVG keeping anything shaped like an entity, so `&amp;` in a
//!   name would show as `&`.)
//!
//! Before any of that, control characters that XML cannot carry are replaced,
//! so the SVG is always well-formed.

use std::borrow::Cow;

use graphviz_rust::dot_structures::Id;

/// Replaces what cannot reach an SVG file: line breaks become `\n`, tabs a
/// space, other control characters and non-characters U+FFFD.
pub(crate) fn normalize(text: &str) -> Cow<'_, str> {
    let bad = |c: char| (c.is_control() && c != '\n') || matches!(c, '\u{FFFE}' | '\u{FFFF}');
    if !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' => out.push(' '),
            c if bad(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Writes `text` as the inside of a quoted DOT string read as an `escString`.
fn push_quoted(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

/// A quoted DOT string for a value Graphviz does not read as text to show
/// (an id, a colour, a style).
pub(crate) fn quoted(text: &str) -> Id {
    let text = normalize(text);
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    push_quoted(&mut out, &text);
    out.push('"');
    Id::Escaped(out)
}

/// A quoted DOT string for a tooltip.
///
/// Graphviz reads a tooltip three times: entities are decoded (so `&` is
/// written `&amp;`), then every backslash escape is interpreted (`\n` is a
/// line break, `\\` a backslash), then object escapes are replaced (`\N` by
/// the node's name, `\\` by a backslash). A backslash must survive both of
/// the last two, so it is written as four.
/// The longest tooltip text, in bytes (before escaping): longer ones end
/// in `…`. An edge's tooltip lists each tie with its note and sources: a
/// pair with thousands of ties, or notes of a megabyte, would otherwise
/// make every diagram megabytes long.
pub const MAX_TOOLTIP_BYTES: usize = 4096;

/// A tooltip's text, built piece by piece and cut at [`MAX_TOOLTIP_BYTES`]
/// (on a character boundary) with `…`. Builders check [`Tip::is_full`] to
/// stop early.
#[derive(Default)]
pub(crate) struct Tip {
    text: String,
    full: bool,
}

impl Tip {
    pub fn push_str(&mut self, s: &str) {
        if self.full {
            return;
        }
        let room = MAX_TOOLTIP_BYTES - self.text.len();
        if s.len() <= room {
            self.text.push_str(s);
            return;
        }
        let mut cut = room;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        self.text.push_str(&s[..cut]);
        self.text.push('…');
        self.full = true;
    }

    pub fn is_full(&self) -> bool {
        self.full
    }

    pub fn into_string(self) -> String {
        self.text
    }
}

impl std::fmt::Write for Tip {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

pub(crate) fn tooltip(text: &str) -> Id {
    let text = normalize(text);
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

/// A quoted DOT string for a link made by [`crate::link::web_link`] (which
/// leaves no quote, backslash, white space or control character in it).
///
/// Graphviz writes a `URL` to SVG without escaping `&` (2.43 writes
/// `?a=1&b=2` as it is, and the SVG is not well-formed), while later
/// versions and the built-in renderer keep an entity as it is: so each `&`
/// is written `&amp;`, which both read as one `&`.
pub(crate) fn link(url: &str) -> Id {
    let mut out = String::with_capacity(url.len() + 2);
    out.push('"');
    for c in normalize(url).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            c => push_quoted(&mut out, c.encode_utf8(&mut [0; 4])),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

/// Text for the inside of an HTML-like label: XML-escaped, line breaks as
/// `<br/>`, and backslashes doubled (Graphviz replaces `\N`, `\G`, … in HTML
/// text too, and reads `\\` as one backslash).
pub(crate) fn html(text: &str) -> String {
    let text = normalize(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br/>"),
            c => out.push(c),
        }
    }
    out
}

/// An HTML-like label from markup built with [`html`].
pub(crate) fn html_label(markup: String) -> Id {
    Id::Html(format!("<{markup}>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(id: Id) -> String {
        match id {
            Id::Escaped(s) | Id::Html(s) | Id::Plain(s) | Id::Anonymous(s) => s,
        }
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
    fn tips_are_cut_at_the_limit_on_a_character() {
        let mut tip = Tip::default();
        tip.push_str(&"a".repeat(MAX_TOOLTIP_BYTES - 1));
        assert!(!tip.is_full());
        tip.push_str("é");
        assert!(tip.is_full());
        tip.push_str("more");
        let text = tip.into_string();
        assert_eq!(text.len(), MAX_TOOLTIP_BYTES - 1 + "…".len());
        assert!(text.ends_with("a…"));
        let mut tip = Tip::default();
        tip.push_str(&"a".repeat(MAX_TOOLTIP_BYTES));
        assert!(!tip.is_full());
        assert_eq!(tip.into_string().len(), MAX_TOOLTIP_BYTES);
    }

    #[test]
    fn tooltips_keep_ampersands_literal() {
        assert_eq!(inner(tooltip("&amp; &")), r#""&amp;amp; &amp;""#);
        assert_eq!(inner(tooltip("a\\N\n\"")), r#""a\\\\N\n\"""#);
    }

    #[test]
    fn html_escapes_markup() {
        assert_eq!(
            html("<b>&amp;</b>\n\"x'"),
            "&lt;b&gt;&amp;amp;&lt;/b&gt;<br/>&quot;x&#39;"
        );
        assert_eq!(html(r"\N\"), r"\\N\\");
    }
}

//! DOT strings and HTML-like labels, so that any name, note or id survives
//! Graphviz (a display output).
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
//! Before any of that, the [rule](super) for control characters applies: a
//! line break is written as Graphviz's own (`\n` in a string, `<br/>` in a
//! label), a tab as a space, any other control character as U+FFFD, so the
//! SVG is always well-formed.

use graphviz_rust::dot_structures::Id;

use super::{display, Shown};

/// A quoted DOT string: `"` + what `each` writes for every character of
/// `text` under the display rule (a line break as `\n`, a tab as a space,
/// other control characters as U+FFFD) + `"`.
fn quote(text: &str, mut each: impl FnMut(&mut String, char)) -> Id {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for shown in display(text) {
        match shown {
            Shown::Char(c) => each(&mut out, c),
            Shown::LineBreak => out.push_str("\\n"),
            Shown::Tab => out.push(' '),
            Shown::Control(_) => out.push('\u{FFFD}'),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

/// Writes one character inside a quoted DOT string read as an `escString`.
fn push_quoted(out: &mut String, c: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '"' => out.push_str("\\\""),
        c => out.push(c),
    }
}

/// A quoted DOT string for a value Graphviz does not read as text to show
/// (an id, a colour, a style).
pub(crate) fn quoted(text: &str) -> Id {
    quote(text, push_quoted)
}

/// A quoted DOT string for a tooltip.
///
/// Graphviz reads a tooltip three times: entities are decoded (so `&` is
/// written `&amp;`), then every backslash escape is interpreted (`\n` is a
/// line break, `\\` a backslash), then object escapes are replaced (`\N` by
/// the node's name, `\\` by a backslash). A backslash must survive both of
/// the last two, so it is written as four.
pub(crate) fn tooltip(text: &str) -> Id {
    quote(text, |out, c| match c {
        '\\' => out.push_str("\\\\\\\\"),
        '&' => out.push_str("&amp;"),
        c => push_quoted(out, c),
    })
}

/// A quoted DOT string for a link made by [`crate::link::web_link`] (which
/// leaves no quote, backslash, white space or control character in it).
///
/// Graphviz writes a `URL` to SVG without escaping `&` (2.43 writes
/// `?a=1&b=2` as it is, and the SVG is not well-formed), while later
/// versions and the built-in renderer keep an entity as it is: so each `&`
/// is written `&amp;`, which both read as one `&`.
pub(crate) fn link(url: &str) -> Id {
    quote(url, |out, c| match c {
        '&' => out.push_str("&amp;"),
        c => push_quoted(out, c),
    })
}

/// Text for the inside of an HTML-like label: XML-escaped, line breaks as
/// `<br/>`, and backslashes doubled (Graphviz replaces `\N`, `\G`, … in HTML
/// text too, and reads `\\` as one backslash).
///
/// A line made only of `]` is written with `&#93;`: Graphviz 2.43 rejects
/// a label that is `]` or `]]`, and drops or joins such a line with the
/// next, while it reads the character reference as text.
pub(crate) fn label(text: &str) -> String {
    let shown: Vec<Shown> = display(text).collect();
    let mut out = String::with_capacity(text.len());
    for (i, line) in shown.split(|s| *s == Shown::LineBreak).enumerate() {
        if i > 0 {
            out.push_str("<br/>");
        }
        if !line.is_empty() && line.iter().all(|s| *s == Shown::Char(']')) {
            out.push_str(&"&#93;".repeat(line.len()));
            continue;
        }
        for s in line {
            match s {
                Shown::Char('\\') => out.push_str("\\\\"),
                Shown::Char('&') => out.push_str("&amp;"),
                Shown::Char('<') => out.push_str("&lt;"),
                Shown::Char('>') => out.push_str("&gt;"),
                Shown::Char('"') => out.push_str("&quot;"),
                Shown::Char('\'') => out.push_str("&#39;"),
                Shown::Char(c) => out.push(*c),
                Shown::Tab => out.push(' '),
                Shown::Control(_) => out.push('\u{FFFD}'),
                Shown::LineBreak => {}
            }
        }
    }
    out
}

/// An HTML-like label from markup built with [`label`].
pub(crate) fn html_label(markup: String) -> Id {
    Id::Html(format!("<{markup}>"))
}

#[cfg(test)]
mod tests;

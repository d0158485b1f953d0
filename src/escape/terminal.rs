//! Text for a terminal: table cells (a display output on one line) and
//! values quoted in error messages (an exact output). See the [rule](super).
//!
//! A name can otherwise hold an escape sequence that clears the screen or
//! retitles the window. Tables turn line breaks and tabs into spaces, so a
//! row stays one line, and show other control characters as Rust writes
//! them (`\u{1b}`); messages show every character as a Rust string literal
//! would (`\n`, `\t`, `\u{1b}`, `\"`), so the value is exact.

use std::borrow::Cow;

use super::{display, is_control, Shown};

/// `text` safe to print to a terminal: line breaks and tabs become spaces
/// (a table row stays one line), other control characters (ESC, BEL, BS,
/// NUL, DEL, the C1 controls, U+FFFE, U+FFFF) are escaped as `\u{…}`.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for shown in display(text) {
        match shown {
            Shown::Char(c) => out.push(c),
            Shown::LineBreak | Shown::Tab => out.push(' '),
            Shown::Control(c) => out.extend(c.escape_unicode()),
        }
    }
    Cow::Owned(out)
}

/// Untrusted text inside a message: escaped and shortened to 40
/// characters, so a hostile value cannot break a one-line error; quoted
/// when escaped, cut, empty or with spaces at an end (` 2025` must not
/// read as `2025`).
pub(crate) fn shown(text: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        out.extend(c.escape_debug());
    }
    if out.is_empty() || out != text || text.trim() != text {
        format!("\"{out}\"")
    } else {
        out
    }
}

/// Untrusted text inside a message, as [`shown`] gives it, but always
/// quoted: `"2021-08~~"`.
pub(crate) fn quoted(text: &str) -> String {
    let out = shown(text);
    if out.starts_with('"') {
        out
    } else {
        format!("\"{out}\"")
    }
}

/// A message from elsewhere (a parser's) on one line: control characters
/// escaped as in [`shown`], cut to `max` characters with `…`.
pub(crate) fn one_line(message: &str, max: usize) -> String {
    let mut out = String::with_capacity(message.len().min(max + 8));
    for (i, c) in message.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            printable("\u{1b}[2J\u{7}\u{8}\u{0}\u{7f}\u{9b}x\u{FFFF}"),
            "\\u{1b}[2J\\u{7}\\u{8}\\u{0}\\u{7f}\\u{9b}x\\u{ffff}"
        );
        assert_eq!(printable("a\r\nb\tc\rd\ne"), "a b c d e");
        assert!(matches!(printable("Émir – ok"), Cow::Borrowed(_)));
    }

    #[test]
    fn messages_quote_what_they_escape_or_cut() {
        assert_eq!(shown("PAK"), "PAK");
        assert_eq!(shown(" 2025"), "\" 2025\"");
        assert_eq!(shown(""), "\"\"");
        assert_eq!(shown("a\u{1b}b\n"), "\"a\\u{1b}b\\n\"");
        assert_eq!(shown(&"x".repeat(41)), format!("\"{}…\"", "x".repeat(40)));
        assert_eq!(quoted("2021-08~~"), "\"2021-08~~\"");
        assert_eq!(one_line("bad\nvalue \"x\"", 9), "bad\\nvalue…");
    }

    /// A Rust string literal's escapes (as `escape_debug` writes them) read
    /// back; `None` on anything else after a backslash.
    fn unescape(text: &str) -> Option<String> {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            out.push(match chars.next()? {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '0' => '\0',
                c @ ('\\' | '"' | '\'') => c,
                'u' => {
                    let rest = chars.as_str().strip_prefix('{')?;
                    let (hex, after) = rest.split_once('}')?;
                    chars = after.chars();
                    char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                }
                _ => return None,
            });
        }
        Some(out)
    }

    proptest! {
        /// A value of up to 40 characters reads back exactly from a message.
        #[test]
        fn messages_show_values_exactly(s in "(?s).{0,40}") {
            let shown = shown(&s);
            let inside = shown
                .strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .unwrap_or(&shown);
            prop_assert_eq!(unescape(inside), Some(s));
        }

        #[test]
        fn printable_text_has_no_control_character(s in crate::escape::any_text()) {
            let shown = printable(&s);
            prop_assert!(!shown.chars().any(is_control));
            // Each character is one character, a space or an escape.
            prop_assert!(shown.chars().count() >= crate::escape::display(&s).count());
        }

        #[test]
        fn messages_have_no_control_character(s in crate::escape::any_text()) {
            prop_assert!(!shown(&s).chars().any(is_control));
            prop_assert!(!quoted(&s).chars().any(is_control));
            prop_assert!(!one_line(&s, 300).chars().any(char::is_control));
        }
    }
}

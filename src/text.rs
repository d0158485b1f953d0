//! Untrusted text on its way to a terminal or a spreadsheet, and counted
//! nouns for the sentences around it.
//!
//! - [`printable`] is for tables and other text printed to a terminal: a
//!   name can otherwise hold an escape sequence that clears the screen or
//!   retitles the window. Control characters are escaped the way error
//!   messages already show them (`\u{1b}`).
//! - [`csv_cell`] is for CSV files meant for spreadsheets, not read back as
//!   datasets: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
//!   return is read as a formula by Excel, LibreOffice and Google Sheets
//!   ("CSV injection"), so it gets a leading `'`, which spreadsheets show
//!   as text. Numbers (`-0.5`, `+3`) are left as they are.
//!
//! The dataset formats (`actors.csv`, `ties.csv`, `sources.csv`, the CSV of
//! `actors`, `ties`, `snapshot` and `history`) are never changed by either:
//! they load back exactly.
//!
//! # Example
//!
//! ```
//! use tiegraph::text::{csv_cell, printable};
//!
//! assert_eq!(printable("Al\u{1b}]0;pwned\u{7}pha"), "Al\\u{1b}]0;pwned\\u{7}pha");
//! assert_eq!(printable("two\nlines"), "two lines");
//! assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
//! assert_eq!(csv_cell("-0.5"), "-0.5");
//! assert_eq!(csv_cell("Pakistan"), "Pakistan");
//! ```

use std::borrow::Cow;

/// `text` safe to print to a terminal: line breaks and tabs become spaces
/// (a table row stays one line), other control characters (ESC, BEL, BS,
/// NUL, DEL, the C1 controls …) are escaped as `\u{…}`.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `text` as a spreadsheet-safe CSV cell: `'` before a cell a spreadsheet
/// would read as a formula (see the [module docs](self)).
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && text.trim().parse::<f64>().is_err() {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `n` with its noun: "1 tie", "2 ties", "0 ties".
///
/// # Example
///
/// ```
/// assert_eq!(tiegraph::text::plural(1, "tie", "ties"), "1 tie");
/// assert_eq!(tiegraph::text::plural(0, "tie", "ties"), "0 ties");
/// ```
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            printable("\u{1b}[2J\u{7}\u{8}\u{0}\u{7f}\u{9b}x"),
            "\\u{1b}[2J\\u{7}\\u{8}\\u{0}\\u{7f}\\u{9b}x"
        );
        assert_eq!(printable("a\r\nb\tc"), "a  b c");
        assert!(matches!(printable("Émir – ok"), Cow::Borrowed(_)));
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for (cell, shown) in [
            ("=1+1", "'=1+1"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-", "'-"),
            ("-0.5", "-0.5"),
            ("+3", "+3"),
            ("PAK", "PAK"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(csv_cell(cell), shown, "{cell:?}");
        }
    }

    proptest! {
        #[test]
        fn printable_text_has_no_control_character(s in any::<String>()) {
            prop_assert!(!printable(&s).chars().any(char::is_control));
        }

        #[test]
        fn a_neutralised_cell_is_the_text_after_its_quote(s in any::<String>()) {
            let cell = csv_cell(&s);
            prop_assert!(cell == s || cell.strip_prefix('\'') == Some(s.as_str()));
            prop_assert!(!cell.starts_with(['=', '+', '@', '\t', '\r'])
                || cell.trim().parse::<f64>().is_ok());
        }
    }
}

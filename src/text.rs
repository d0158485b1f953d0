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

// Both follow tiegraph's one rule for control characters (`src/escape/`):
// tables and spreadsheet cells are two of its output languages.
pub use crate::escape::csv::cell as csv_cell;
pub use crate::escape::terminal::printable;

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

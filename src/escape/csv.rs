//! CSV cells meant for spreadsheets, not read back as datasets (an exact
//! output: the csv crate quotes whatever needs it, so every character,
//! control characters included, reaches the cell; see the [rule](super)).
//!
//! A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is
//! read as a formula by Excel, LibreOffice and Google Sheets ("CSV
//! injection"), so it gets a leading `'`, which spreadsheets show as text.
//! Numbers (`-0.5`, `+3`) are left as they are.
//!
//! The dataset formats (`actors.csv`, `ties.csv`, `sources.csv`, the CSV of
//! `actors`, `ties`, `snapshot` and `history`) are never changed: they load
//! back exactly.

use std::borrow::Cow;

/// `text` as a spreadsheet-safe CSV cell: a leading `'` when a spreadsheet
/// would read it as a formula (it starts with `=`, `+`, `-`, `@`, a tab or
/// a carriage return and is not a number), else `text` as it is.
pub fn cell(text: &str) -> Cow<'_, str> {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && text.trim().parse::<f64>().is_err() {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for (text, shown) in [
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
            assert_eq!(cell(text), shown, "{text:?}");
        }
    }

    proptest! {
        /// Written with the csv crate and read back, a cell is the text
        /// (after its neutralising `'`), and never starts a formula.
        #[test]
        fn cells_read_back_as_the_text(s in crate::escape::any_text()) {
            let written = cell(&s);
            prop_assert!(!written.starts_with(['=', '+', '-', '@', '\t', '\r'])
                || written.trim().parse::<f64>().is_ok());
            let mut w = ::csv::Writer::from_writer(Vec::new());
            // A header first, as in every file written (a reader drops a
            // byte order mark at the very start).
            w.write_record(["Label", "Next"]).unwrap();
            w.write_record([written.as_ref(), "next"]).unwrap();
            let bytes = w.into_inner().unwrap();
            let mut r = ::csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[..]);
            let record = r.records().nth(1).unwrap().unwrap();
            prop_assert_eq!(record.len(), 2);
            prop_assert_eq!(&record[0], written.as_ref());
            let text = if written == s { Some(&record[0]) } else { record[0].strip_prefix('\'') };
            prop_assert_eq!(text, Some(s.as_str()));
        }
    }
}

//! Escaping untrusted text for every output language, under one rule for
//! control characters.
//!
//! Names, notes, ids, titles and sources come from datasets and may hold
//! anything. Each output language has one module here, and every writer of
//! that language uses it:
//!
//! | Module | Language | Used by |
//! |---|---|---|
//! | [`xml`] | XML 1.0 text and attributes | GraphML, GEXF, the pair chart's SVG |
//! | [`html`] | HTML (and XML-compatible SVG inside it) | the HTML report |
//! | [`dot`] | DOT strings and HTML-like labels | every Graphviz diagram |
//! | [`markdown`] | CommonMark with GitHub tables | the Markdown report |
//! | [`csv`] | CSV cells for spreadsheets | the Gephi CSV |
//! | [`terminal`] | text on a terminal, messages | tables, error messages |
//!
//! # The rule for control characters
//!
//! A *control character* is one that [`char::is_control`] names (C0
//! U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F), and the non-characters
//! U+FFFE and U+FFFF, which XML cannot carry either ([`is_control`]). Among
//! them, tab is a *tab* and a *line break* is a line feed, a carriage return
//! followed by a line feed (one line break, not two) or a carriage return
//! alone ([`display`] sorts a text this way).
//!
//! Outputs are of two sorts, and the rule differs only by sort:
//!
//! - **Exact outputs** are read back by programs: GraphML and GEXF
//!   ([`xml::push_text`]), the Gephi CSV ([`csv::cell`]) and error messages
//!   ([`terminal::shown`]). They keep every character their syntax can carry,
//!   escaped as the syntax wants (`&#13;` in XML, quoting in CSV, `\u{1b}`
//!   and `\n` in messages). Only what the syntax cannot carry at all becomes
//!   U+FFFD, the replacement character: in XML 1.0 the C0 controls other than
//!   tab, line feed and carriage return, and U+FFFE and U+FFFF.
//! - **Display outputs** are read by people: the HTML report, SVG, DOT,
//!   Markdown and terminal tables. No control character reaches them. A line
//!   break becomes the output's own line break (a line feed in HTML and SVG,
//!   `\n` in a DOT string, `<br/>` in an HTML-like label), or a space where
//!   the text must stay on one line (Markdown, terminal tables); a tab
//!   becomes a space; any other control character becomes U+FFFD, except on
//!   a terminal, which shows it escaped (`\u{1b}`) so that a person sees what
//!   the data holds while the terminal never obeys it.
//!
//! Each module has a property test over arbitrary strings: what it writes
//! parses in its language and gives back the text as this rule maps it.

pub(crate) mod csv;
pub(crate) mod dot;
pub(crate) mod html;
pub(crate) mod markdown;
pub(crate) mod terminal;
pub(crate) mod xml;

/// Whether the rule counts `c` as a control character: C0, DEL and C1
/// ([`char::is_control`]), and the non-characters U+FFFE and U+FFFF.
pub(crate) fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// A character of a text as display outputs see it (see the [rule](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    /// Any character that is not a control character.
    Char(char),
    /// A line feed, a carriage return and line feed, or a carriage return.
    LineBreak,
    /// A tab.
    Tab,
    /// Any other control character.
    Control(char),
}

/// The characters of `text` as display outputs see them: each line break
/// (a CR LF pair counts once), each tab and each other control character
/// named, everything else as it is.
pub(crate) fn display(text: &str) -> impl Iterator<Item = Shown> + '_ {
    let mut chars = text.chars().peekable();
    std::iter::from_fn(move || {
        let c = chars.next()?;
        Some(match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                Shown::LineBreak
            }
            '\n' => Shown::LineBreak,
            '\t' => Shown::Tab,
            c if is_control(c) => Shown::Control(c),
            c => Shown::Char(c),
        })
    })
}

/// `text` under the display rule as a plain string: line breaks as line
/// feeds, tabs as spaces, other control characters as U+FFFD. What a
/// display output gives back (tests compare with it).
#[cfg(test)]
pub(crate) fn displayed(text: &str) -> String {
    display(text)
        .map(|s| match s {
            Shown::Char(c) => c,
            Shown::LineBreak => '\n',
            Shown::Tab => ' ',
            Shown::Control(_) => '\u{FFFD}',
        })
        .collect()
}

/// Texts for the property tests: any string, or one made mostly of what
/// escapers must handle (control characters, CR LF, markup and escape
/// characters of every language).
#[cfg(test)]
pub(crate) fn any_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        any::<String>(),
        "(?s)([\\x00-\\x20\\x7f-\\x9f\\u{FFFE}\\u{FFFF}&<>\"'\\\\`*_|#{}~$!=+@\\[\\]-]|\r\n|\\\\N|.){0,24}",
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_count_once_and_controls_are_named() {
        let shown: Vec<Shown> = display("a\r\nb\rc\nd\te\u{1b}\u{85}\u{FFFF}é").collect();
        assert_eq!(
            shown,
            [
                Shown::Char('a'),
                Shown::LineBreak,
                Shown::Char('b'),
                Shown::LineBreak,
                Shown::Char('c'),
                Shown::LineBreak,
                Shown::Char('d'),
                Shown::Tab,
                Shown::Char('e'),
                Shown::Control('\u{1b}'),
                Shown::Control('\u{85}'),
                Shown::Control('\u{FFFF}'),
                Shown::Char('é'),
            ]
        );
        assert_eq!(
            displayed("\r\n\r\r\t\u{0}\u{7f}"),
            "\n\n\n \u{FFFD}\u{FFFD}"
        );
        assert!(!is_control('\u{FFFD}') && !is_control('\u{200E}') && !is_control(' '));
    }
}

//! The one link policy of every output: which source references become
//! links, and in what form.
//!
//! A source's `reference` is free text (a URL, a file name, an archive
//! signature). Only an `http` or `https` URL with a host becomes a link, in
//! every output that can carry one (the DOT `URL` of an edge and so the SVG
//! `<a>` around it, the HTML report's `<a href>`, the Markdown report's
//! autolink); anything else is shown as text. GEXF, GraphML, JGF and
//! node-link exports carry the reference as a data value, escaped as text,
//! never as a link.
//!
//! A link is made safe to embed before any output escapes it for its
//! language: surrounding white space is dropped, and every character a URL
//! may not carry unencoded and that could end an attribute, a tag or an
//! autolink (`"`, `<`, `>`, `'`, `` ` ``, `\`, white space and control
//! characters) is percent-encoded (`%22`, `%3C`, …), as a browser does when
//! it follows the link. Each output then escapes the result for itself
//! (`&` as `&amp;` in HTML, SVG and DOT).
//!
//! # Example
//!
//! ```
//! use tiegraph::link::web_link;
//!
//! assert_eq!(web_link(" https://example.org/?a=1&b=2 ").as_deref(), Some("https://example.org/?a=1&b=2"));
//! assert_eq!(web_link("https://x.org/\"onmouseover=\"alert(1)").as_deref(),
//!            Some("https://x.org/%22onmouseover=%22alert(1)"));
//! assert_eq!(web_link("javascript:alert(1)"), None);
//! assert_eq!(web_link("archive/box-3.pdf"), None);
//! ```

use std::borrow::Cow;

/// The web link a reference stands for, made safe to embed (see the
/// [module docs](self)), or `None` when the reference is not an `http(s)`
/// URL with a host and must be shown as text.
pub fn web_link(reference: &str) -> Option<Cow<'_, str>> {
    let url = reference.trim();
    let rest = strip_scheme(url)?;
    // A host must follow the `//`: `http:///path` and `https://` are not
    // links anyone can follow.
    match rest.chars().next() {
        None | Some('/' | '\\' | '?' | '#') => return None,
        Some(c) if must_encode(c) => return None,
        Some(_) => {}
    }
    if !url.chars().any(must_encode) {
        return Some(Cow::Borrowed(url));
    }
    let mut out = String::with_capacity(url.len() + 8);
    for c in url.chars() {
        if must_encode(c) {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    Some(Cow::Owned(out))
}

/// Whether a reference is a web link (see [`web_link`]).
pub fn is_web_link(reference: &str) -> bool {
    web_link(reference).is_some()
}

/// What follows `http://` or `https://` (any case), or `None`.
fn strip_scheme(url: &str) -> Option<&str> {
    ["https://", "http://"].iter().find_map(|scheme| {
        let head = url.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme)
            .then(|| &url[scheme.len()..])
    })
}

/// Characters percent-encoded in every link: those that could close a
/// quoted attribute, a tag, a Markdown autolink or a DOT string, and those
/// a URL cannot carry as they are.
fn must_encode(c: char) -> bool {
    matches!(c, '"' | '<' | '>' | '\'' | '`' | '\\')
        || c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_http_and_https_with_a_host_are_links() {
        for yes in [
            "http://example.org",
            "HTTPS://Example.org/a?b=1&c=2#d",
            "  https://example.org/  ",
        ] {
            assert!(is_web_link(yes), "{yes}");
        }
        for no in [
            "",
            "javascript:alert(1)",
            "JavaScript://example.org/%0Aalert(1)",
            "data:text/html,<b>x</b>",
            "file:///etc/passwd",
            "ftp://example.org/",
            "https://",
            "http:///path",
            "https:// example.org",
            "//example.org/",
            "archive/box 3.pdf",
            "httpx://example.org",
        ] {
            assert!(!is_web_link(no), "{no}");
        }
    }

    #[test]
    fn unsafe_characters_are_percent_encoded() {
        assert_eq!(
            web_link("https://x.org/a b\"c<d>e'f`g\\h\ti\u{7}j").as_deref(),
            Some("https://x.org/a%20b%22c%3Cd%3Ee%27f%60g%5Ch%09i%07j")
        );
        assert_eq!(
            web_link("https://x.org/\u{a0}x").as_deref(),
            Some("https://x.org/%C2%A0x")
        );
        // Already encoded text and non-ASCII letters are kept.
        assert_eq!(
            web_link("https://x.org/%22/ä?q=1&r=2").as_deref(),
            Some("https://x.org/%22/ä?q=1&r=2")
        );
    }

    proptest! {
        #[test]
        fn links_carry_no_character_that_ends_a_string(s in any::<String>()) {
            let reference = format!("https://{s}");
            if let Some(url) = web_link(&reference) {
                prop_assert!(!url.chars().any(must_encode));
                prop_assert!(url.to_ascii_lowercase().starts_with("https://"));
            }
            if let Some(url) = web_link(&s) {
                prop_assert!(!url.chars().any(must_encode));
                prop_assert!(strip_scheme(&url).is_some());
            }
        }
    }
}

//! The CAMEO tables of GDELT and ICEWS rows: event code descriptions,
//! country codes and their names, and the rules that turn a CAMEO event
//! into a tie kind.
//!
//! The tables are the GDELT Project's `CAMEO.eventcodes.txt` and
//! `CAMEO.country.txt`, shipped in `data/cameo/` (see its README for the
//! source and the few fixes made) and compiled in.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::EventKind;

const CODES_TSV: &str = include_str!("../../data/cameo/cameo_codes.tsv");
const COUNTRIES_TSV: &str = include_str!("../../data/cameo/cameo_countries.tsv");

/// How many rows open `cameo_countries.tsv` with a region or territory
/// (`WSB` … `WST`) rather than a state.
const REGION_ROWS: usize = 28;

/// The four CAMEO country codes that are not the ISO 3166-1 alpha-3 code
/// of the same country.
const ISO_FIXES: [(&str, &str); 4] = [
    ("ROM", "ROU"),
    ("TMP", "TLS"),
    ("IMY", "IMN"),
    ("MTN", "MNE"),
];

/// A CAMEO country (or region) code, as tiegraph names the actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Country {
    /// The actor id: the ISO 3166-1 alpha-3 code (or the region's code).
    pub id: &'static str,
    /// GDELT's name for it.
    pub name: &'static str,
    /// One of the 28 regions and territories.
    pub region: bool,
}

/// Rows of a `code<TAB>name` table after its header line.
fn rows(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    text.lines()
        .skip(1)
        .filter_map(|line| line.split_once('\t'))
        .map(|(code, name)| (code.trim(), name.trim()))
}

/// Looked up for every event: a fast hash, not the default SipHash.
type Table<V> = HashMap<&'static str, V, foldhash::fast::FixedState>;

static DESCRIPTIONS: LazyLock<Table<&'static str>> = LazyLock::new(|| rows(CODES_TSV).collect());

static COUNTRIES: LazyLock<Table<Country>> = LazyLock::new(|| {
    rows(COUNTRIES_TSV)
        .enumerate()
        .map(|(i, (code, name))| {
            let id = ISO_FIXES
                .iter()
                .find(|(cameo, _)| *cameo == code)
                .map_or(code, |(_, iso)| iso);
            let region = i < REGION_ROWS;
            (code, Country { id, name, region })
        })
        .collect()
});

/// The description of a CAMEO event code (`045` → `Mediate`).
///
/// ```
/// # use tiegraph::ingest::cameo_description;
/// assert_eq!(cameo_description("045"), Some("Mediate"));
/// assert_eq!(cameo_description("999"), None);
/// ```
pub fn cameo_description(code: &str) -> Option<&'static str> {
    DESCRIPTIONS.get(code).copied()
}

/// The actor a CAMEO country code stands for: its ISO 3166-1 alpha-3 code
/// (the four codes that differ are mapped: `ROM` → `ROU`, `TMP` → `TLS`,
/// `IMY` → `IMN`, `MTN` → `MNE`) and GDELT's name, or `None` for a code
/// the table does not list.
pub(crate) fn country(code: &str) -> Option<Country> {
    COUNTRIES.get(code).copied()
}

/// The name of a country by its ISO code, for actors that only have a
/// code: GDELT's spelling when the CAMEO table lists the code (after the
/// four fixes), else ISO 3166-1's.
pub(crate) fn country_name(iso: &str) -> Option<&'static str> {
    let cameo = ISO_FIXES
        .iter()
        .find(|(_, fixed)| *fixed == iso)
        .map_or(iso, |(cameo, _)| cameo);
    match COUNTRIES.get(cameo) {
        Some(c) => Some(c.name),
        None => celes::Country::from_alpha3(iso).ok().map(|c| c.long_name),
    }
}

/// GDELT's QuadClass of a CAMEO root code: 01–05 verbal cooperation (1),
/// 06–09 material cooperation (2), 10–14 verbal conflict (3), 15–20
/// material conflict (4).
pub(crate) fn quad_class(root: u8) -> Option<u8> {
    match root {
        1..=5 => Some(1),
        6..=9 => Some(2),
        10..=14 => Some(3),
        15..=20 => Some(4),
        _ => None,
    }
}

/// The tie kind of a CAMEO event: QuadClass 1–2 is cooperation, except
/// root 07 (provide aid), which is support; 3 is tension; 4 is
/// hostility; code 045 (mediate) is mediation evidence whatever its class.
pub(crate) fn event_kind(quad: u8, root: u8, code: &str) -> Option<EventKind> {
    if code == "045" {
        return Some(EventKind::Mediate);
    }
    match quad {
        1 | 2 if root == 7 => Some(EventKind::Support),
        1 | 2 => Some(EventKind::Cooperation),
        3 => Some(EventKind::Tension),
        4 => Some(EventKind::Hostility),
        _ => None,
    }
}

/// A CAMEO event code as a number for the dedup key: 2 to 4 digits, the
/// length kept (`045` and `45` differ). `None` for anything else.
pub(crate) fn code_number(code: &str) -> Option<u32> {
    let bytes = code.as_bytes();
    if !(2..=4).contains(&bytes.len()) || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = bytes
        .iter()
        .fold(0u32, |v, &b| v * 10 + u32::from(b - b'0'));
    Some(bytes.len() as u32 * 10_000 + value)
}

/// The text of a code number made by [`code_number`].
pub(crate) fn code_text(number: u32) -> String {
    let len = (number / 10_000) as usize;
    format!("{:0len$}", number % 10_000)
}

/// The root (first two digits) of a CAMEO event code.
pub(crate) fn root_of(code: &str) -> Option<u8> {
    let b = code.as_bytes();
    (b.len() >= 2 && b[0].is_ascii_digit() && b[1].is_ascii_digit())
        .then(|| (b[0] - b'0') * 10 + (b[1] - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_codes_that_differ_from_iso_are_mapped() {
        for (cameo, iso) in ISO_FIXES {
            assert_eq!(country(cameo).map(|c| c.id), Some(iso));
        }
        assert_eq!(country("PAK").map(|c| c.id), Some("PAK"));
        assert_eq!(country_name("ROU"), Some("Romania"));
        assert_eq!(country_name("SSD"), Some("South Sudan"));
    }

    #[test]
    fn the_28_regions_are_the_rows_from_wsb_to_wst() {
        let regions: Vec<&str> = rows(COUNTRIES_TSV)
            .map(|(c, _)| c)
            .filter(|c| country(c).is_some_and(|c| c.region))
            .collect();
        assert_eq!(regions.len(), 28);
        assert_eq!(regions.first(), Some(&"WSB"));
        assert_eq!(regions.last(), Some(&"WST"));
        assert!(!country("AFG").is_some_and(|c| c.region));
    }

    #[test]
    fn roots_give_gdelts_quad_classes() {
        let classes: Vec<_> = (1..=20).map(|r| quad_class(r).unwrap_or(0)).collect();
        assert_eq!(
            classes,
            [1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4]
        );
        assert_eq!(quad_class(0), None);
        assert_eq!(quad_class(21), None);
    }

    #[test]
    fn events_get_their_kinds() {
        assert_eq!(event_kind(1, 4, "042"), Some(EventKind::Cooperation));
        assert_eq!(event_kind(2, 7, "073"), Some(EventKind::Support));
        assert_eq!(event_kind(1, 7, "070"), Some(EventKind::Support));
        assert_eq!(event_kind(3, 11, "111"), Some(EventKind::Tension));
        assert_eq!(event_kind(4, 19, "190"), Some(EventKind::Hostility));
        assert_eq!(event_kind(1, 4, "045"), Some(EventKind::Mediate));
        assert_eq!(event_kind(5, 4, "040"), None);
    }

    #[test]
    fn codes_keep_their_length() {
        assert_ne!(code_number("045"), code_number("45"));
        assert_eq!(code_number("0"), None);
        assert_eq!(code_number("04a"), None);
        assert_eq!(root_of("1823"), Some(18));
        for code in ["045", "1823", "20", "07"] {
            assert_eq!(code_number(code).map(code_text).as_deref(), Some(code));
        }
        assert_eq!(cameo_description("1823"), Some("Kill by physical assault"));
    }
}

//! Country names and numbers to ISO 3166-1 alpha-3 codes: ICEWS's country
//! names (through the `celes` crate, plus the few ICEWS spellings it does
//! not know) and UCDP's Gleditsch–Ward state numbers.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

/// ICEWS spellings that `celes` does not know, after the rewrites of
/// [`iso_of_name`] (lower case, letters and digits only). From the country
/// names found in ICEWS's published event files.
pub(crate) const ICEWS_NAMES: [(&str, &str); 6] = [
    ("democraticrepublicofcongo", "COD"),
    ("republicofcongo", "COG"),
    ("occupiedpalestinianterritory", "PSE"),
    ("palestinianterritory", "PSE"),
    ("westbank", "PSE"),
    ("gazastrip", "PSE"),
];

/// Gleditsch–Ward state numbers (as UCDP's `gwnoa`/`gwnob` give them) of
/// today's states and their ISO 3166-1 alpha-3 codes. Source: Gleditsch &
/// Ward (1999), "A revised list of independent states since the congress
/// of Vienna", International Interactions 25(4), as the list kept with
/// the UCDP datasets. States that no longer exist (the GDR 265,
/// Czechoslovakia 315, South Yemen 680, South Vietnam 817, …) have no ISO
/// code: their sides are named from their text. Germany is 260 in that
/// list (255 before 1945), Yugoslavia and then Serbia 345.
#[rustfmt::skip]
const GLEDITSCH_WARD: &[(u16, &str)] = &[
    (2, "USA"), (20, "CAN"), (31, "BHS"), (40, "CUB"), (41, "HTI"), (42, "DOM"),
    (51, "JAM"), (52, "TTO"), (53, "BRB"), (70, "MEX"), (80, "BLZ"), (90, "GTM"),
    (91, "HND"), (92, "SLV"), (93, "NIC"), (94, "CRI"), (95, "PAN"), (100, "COL"),
    (101, "VEN"), (110, "GUY"), (115, "SUR"), (130, "ECU"), (135, "PER"), (140, "BRA"),
    (145, "BOL"), (150, "PRY"), (155, "CHL"), (160, "ARG"), (165, "URY"), (200, "GBR"),
    (205, "IRL"), (210, "NLD"), (211, "BEL"), (212, "LUX"), (220, "FRA"), (225, "CHE"),
    (230, "ESP"), (235, "PRT"), (255, "DEU"), (260, "DEU"), (290, "POL"), (305, "AUT"),
    (310, "HUN"), (316, "CZE"), (317, "SVK"), (325, "ITA"), (338, "MLT"), (339, "ALB"),
    (340, "SRB"), (341, "MNE"), (343, "MKD"), (344, "HRV"), (345, "SRB"), (346, "BIH"),
    (347, "XKX"), (349, "SVN"), (350, "GRC"), (352, "CYP"), (355, "BGR"), (359, "MDA"),
    (360, "ROU"), (365, "RUS"), (366, "EST"), (367, "LVA"), (368, "LTU"), (369, "UKR"),
    (370, "BLR"), (371, "ARM"), (372, "GEO"), (373, "AZE"), (375, "FIN"), (380, "SWE"),
    (385, "NOR"), (390, "DNK"), (395, "ISL"), (402, "CPV"), (403, "STP"), (404, "GNB"),
    (411, "GNQ"), (420, "GMB"), (432, "MLI"), (433, "SEN"), (434, "BEN"), (435, "MRT"),
    (436, "NER"), (437, "CIV"), (438, "GIN"), (439, "BFA"), (450, "LBR"), (451, "SLE"),
    (452, "GHA"), (461, "TGO"), (471, "CMR"), (475, "NGA"), (481, "GAB"), (482, "CAF"),
    (483, "TCD"), (484, "COG"), (490, "COD"), (500, "UGA"), (501, "KEN"), (510, "TZA"),
    (516, "BDI"), (517, "RWA"), (520, "SOM"), (522, "DJI"), (530, "ETH"), (531, "ERI"),
    (540, "AGO"), (541, "MOZ"), (551, "ZMB"), (552, "ZWE"), (553, "MWI"), (560, "ZAF"),
    (565, "NAM"), (570, "LSO"), (571, "BWA"), (572, "SWZ"), (580, "MDG"), (581, "COM"),
    (590, "MUS"), (591, "SYC"), (600, "MAR"), (615, "DZA"), (616, "TUN"), (620, "LBY"),
    (625, "SDN"), (626, "SSD"), (630, "IRN"), (640, "TUR"), (645, "IRQ"), (651, "EGY"),
    (652, "SYR"), (660, "LBN"), (663, "JOR"), (666, "ISR"), (670, "SAU"), (678, "YEM"),
    (690, "KWT"), (692, "BHR"), (694, "QAT"), (696, "ARE"), (698, "OMN"), (700, "AFG"),
    (701, "TKM"), (702, "TJK"), (703, "KGZ"), (704, "UZB"), (705, "KAZ"), (710, "CHN"),
    (712, "MNG"), (713, "TWN"), (731, "PRK"), (732, "KOR"), (740, "JPN"), (750, "IND"),
    (760, "BTN"), (770, "PAK"), (771, "BGD"), (775, "MMR"), (780, "LKA"), (781, "MDV"),
    (790, "NPL"), (800, "THA"), (811, "KHM"), (812, "LAO"), (816, "VNM"), (820, "MYS"),
    (830, "SGP"), (835, "BRN"), (840, "PHL"), (850, "IDN"), (860, "TLS"), (900, "AUS"),
    (910, "PNG"), (920, "NZL"), (940, "SLB"), (950, "FJI"),
];

/// The ISO code of a Gleditsch–Ward state number, if the state exists today.
///
/// ```
/// # use tiegraph::ingest::iso_of_gleditsch_ward;
/// assert_eq!(iso_of_gleditsch_ward(652), Some("SYR"));
/// assert_eq!(iso_of_gleditsch_ward(265), None); // the GDR
/// ```
pub fn iso_of_gleditsch_ward(number: u16) -> Option<&'static str> {
    GLEDITSCH_WARD
        .binary_search_by_key(&number, |&(n, _)| n)
        .ok()
        .map(|i| GLEDITSCH_WARD[i].1)
}

/// Letters and digits of a name in lower case, with the accents of Latin
/// letters dropped (`Côte d'Ivoire` → `cotedivoire`).
pub(crate) fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = match c {
            'à'..='å' | 'À'..='Å' => 'a',
            'ç' | 'Ç' => 'c',
            'è'..='ë' | 'È'..='Ë' => 'e',
            'ì'..='ï' | 'Ì'..='Ï' => 'i',
            'ñ' | 'Ñ' => 'n',
            'ò'..='ö' | 'Ò'..='Ö' => 'o',
            'ù'..='ü' | 'Ù'..='Ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

pub(crate) fn lookup(folded: &str) -> Option<&'static str> {
    if folded.is_empty() {
        return None;
    }
    if let Some((_, iso)) = ICEWS_NAMES.iter().find(|(n, _)| *n == folded) {
        return Some(iso);
    }
    let found = celes::Country::from_name(folded)
        .or_else(|_| celes::Country::from_alias(folded))
        .or_else(|_| celes::Country::from_name(format!("the{folded}")));
    found.ok().map(|c| c.alpha3)
}

/// The ISO 3166-1 alpha-3 code of a country name as ICEWS writes it
/// (`Russian Federation` → `RUS`, `Occupied Palestinian Territory` →
/// `PSE`, `Korea, Republic of` → `KOR`), or `None`.
///
/// ```
/// # use tiegraph::ingest::iso_of_country_name;
/// assert_eq!(iso_of_country_name("Russian Federation"), Some("RUS"));
/// assert_eq!(iso_of_country_name("Côte d'Ivoire"), Some("CIV"));
/// assert_eq!(iso_of_country_name("NA"), None);
/// ```
pub fn iso_of_country_name(name: &str) -> Option<&'static str> {
    static CACHE: LazyLock<Mutex<HashMap<String, Option<&'static str>>>> =
        LazyLock::new(Default::default);
    if let Ok(cache) = CACHE.lock() {
        if let Some(found) = cache.get(name) {
            return *found;
        }
    }
    let name_trimmed = name.trim();
    let mut found = lookup(&fold(name_trimmed));
    // "Korea, Republic of" is "Republic of Korea".
    if found.is_none() {
        if let Some((head, tail)) = name_trimmed.split_once(',') {
            found = lookup(&fold(&format!("{tail} {head}")));
        }
    }
    if let Ok(mut cache) = CACHE.lock() {
        // Bounded: a file of random names must not grow it for ever.
        if cache.len() < 100_000 {
            cache.insert(name.to_owned(), found);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_number_list_is_sorted() {
        assert!(GLEDITSCH_WARD.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(iso_of_gleditsch_ward(2), Some("USA"));
        assert_eq!(iso_of_gleditsch_ward(770), Some("PAK"));
        assert_eq!(iso_of_gleditsch_ward(817), None);
    }

    #[test]
    fn icews_spellings_are_found() {
        for (name, iso) in [
            ("United States", "USA"),
            ("Democratic Republic of Congo", "COD"),
            ("Congo, Democratic Republic of", "COD"),
            ("Korea, Republic of", "KOR"),
            ("North Korea", "PRK"),
            ("Iran", "IRN"),
            ("Syria", "SYR"),
            ("Swaziland", "SWZ"),
            ("Occupied Palestinian Territory", "PSE"),
            ("Timor-Leste", "TLS"),
        ] {
            assert_eq!(iso_of_country_name(name), Some(iso), "{name}");
        }
        assert_eq!(iso_of_country_name(""), None);
        assert_eq!(iso_of_country_name("International"), None);
    }
}

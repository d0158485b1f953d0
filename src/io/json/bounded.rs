//! Deserializers that check the limits while the document is read, before
//! a value is kept: a string is measured before it is copied, a list
//! counted element by element, so that a list of 150 million empty strings
//! or a string of a gigabyte is refused without taking gigabytes.
//!
//! The counts of a whole document (custom values, aliases) are kept per
//! thread, reset by [`bounded::start`] before each document.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::io::csv::{MAX_COLUMNS, MAX_FIELD_BYTES, MAX_ROWS};
use crate::io::{MAX_ALIASES, MAX_CITATIONS, MAX_EXTRA_VALUES, MAX_FILE_ALIASES};

use super::TieRow;

#[derive(Default, Clone, Copy)]
struct Counts {
    extra_values: u64,
    aliases: usize,
    citations: u64,
    /// Whether the last error was a limit (a `TooLarge` problem).
    hit: bool,
}

thread_local! {
    static COUNTS: Cell<Counts> = Cell::new(Counts::default());
}

/// Resets the counts of a document.
pub(crate) fn start() {
    COUNTS.with(|c| c.set(Counts::default()));
}

/// Whether the document stopped at a limit.
pub(crate) fn hit() -> bool {
    COUNTS.with(|c| c.get().hit)
}

fn update(f: impl FnOnce(&mut Counts)) -> Counts {
    COUNTS.with(|c| {
        let mut counts = c.get();
        f(&mut counts);
        c.set(counts);
        counts
    })
}

fn limit<E: de::Error>(message: String) -> E {
    update(|c| c.hit = true);
    E::custom(message)
}

fn check_len<E: de::Error>(len: usize) -> Result<(), E> {
    if len > MAX_FIELD_BYTES {
        return Err(limit(format!(
            "the value is {len} bytes long (at most {MAX_FIELD_BYTES})"
        )));
    }
    Ok(())
}

struct Text;

impl<'de> Visitor<'de> for Text {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        check_len(v.len())?;
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        check_len(v.len())?;
        Ok(v)
    }
}

impl<'de> DeserializeSeed<'de> for Text {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_str(Text)
    }
}

pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_str(Text)
}

struct OptText;

impl<'de> Visitor<'de> for OptText {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        text(d).map(Some)
    }
}

pub(crate) fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_option(OptText)
}

/// What a list of strings is, for its limits.
#[derive(Clone, Copy)]
enum List {
    Aliases,
    Citations,
    Columns,
}

impl<'de> Visitor<'de> for List {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let (max, what) = match self {
            List::Aliases => (MAX_ALIASES, "aliases"),
            List::Citations => (MAX_CITATIONS, "sources"),
            List::Columns => (MAX_COLUMNS, "columns"),
        };
        let mut out = Vec::new();
        // As the `;`-separated CSV field it is saved as.
        let mut bytes = 0usize;
        let (mut items, mut given) = (0usize, 0usize);
        while let Some(item) = seq.next_element_seed(Text)? {
            items += 1;
            bytes += item.len() + usize::from(items > 1);
            check_len(bytes)?;
            // Blank aliases and citations are ignored by the loader:
            // not kept (nor counted), so that a list of blanks takes
            // no memory.
            let blank = !matches!(self, List::Columns) && item.trim().is_empty();
            if blank {
                continue;
            }
            given += 1;
            if given > max {
                return Err(limit(format!("more than {max} {what} (at most {max})")));
            }
            if matches!(self, List::Columns) {
                out.push(item);
                continue;
            }
            let counts = update(|c| match self {
                List::Aliases => c.aliases += 1,
                _ => c.citations += 1,
            });
            if counts.aliases > MAX_FILE_ALIASES {
                return Err(limit(format!(
                    "the document gives more than {MAX_FILE_ALIASES} aliases, the most tiegraph reads"
                )));
            }
            if counts.citations > MAX_ROWS {
                return Err(limit(format!(
                    "the document gives more than {MAX_ROWS} citations, the most tiegraph reads"
                )));
            }
            out.push(item);
        }
        Ok(out)
    }
}

pub(crate) fn aliases<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_seq(List::Aliases)
}

pub(crate) fn citations<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_seq(List::Citations)
}

pub(crate) fn columns<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_seq(List::Columns)
}

struct Extra;

impl<'de> Visitor<'de> for Extra {
    type Value = BTreeMap<String, String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of strings")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(key) = map.next_key_seed(Text)? {
            let value = map.next_value_seed(Text)?;
            if out.len() == MAX_COLUMNS {
                return Err(limit(format!(
                    "more than {MAX_COLUMNS} columns, the most tiegraph reads"
                )));
            }
            // Every key counts, even with an empty value: each is kept.
            let counts = update(|c| c.extra_values += 1);
            if counts.extra_values > MAX_EXTRA_VALUES {
                return Err(limit(format!(
                    "the document has more than {MAX_EXTRA_VALUES} custom (x_) values, the most tiegraph reads"
                )));
            }
            out.insert(key, value);
        }
        Ok(out)
    }
}

pub(crate) fn extra<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    d.deserialize_map(Extra)
}

struct Rows<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for Rows<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of rows")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::new();
        while let Some(row) = seq.next_element()? {
            if out.len() as u64 == MAX_ROWS {
                return Err(limit(format!(
                    "more than {MAX_ROWS} rows, the most tiegraph reads"
                )));
            }
            out.push(row);
        }
        Ok(out)
    }
}

pub(crate) fn rows<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    d.deserialize_seq(Rows(PhantomData))
}

/// What the first pass over a document keeps of its tie rows: how many
/// there are and the names of their custom columns. Each row is read (and
/// checked) in full, then dropped.
#[derive(Default)]
pub(crate) struct TieScan {
    pub(crate) count: usize,
    pub(crate) keys: BTreeSet<String>,
}

struct ScanTies;

impl<'de> Visitor<'de> for ScanTies {
    type Value = TieScan;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of rows")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TieScan, A::Error> {
        let mut out = TieScan::default();
        while let Some(row) = seq.next_element::<TieRow>()? {
            if out.count as u64 == MAX_ROWS {
                return Err(limit(format!(
                    "more than {MAX_ROWS} rows, the most tiegraph reads"
                )));
            }
            out.count += 1;
            for key in row.extra.into_keys() {
                if !out.keys.contains(&key) {
                    out.keys.insert(key);
                }
            }
        }
        Ok(out)
    }
}

pub(crate) fn scan_ties<'de, D: Deserializer<'de>>(d: D) -> Result<TieScan, D::Error> {
    d.deserialize_seq(ScanTies)
}

/// The second pass over a document: every tie row, in order and one at a
/// time, given to the function with its index; everything else skipped.
pub(crate) struct EachTie<F>(pub(crate) F);

impl<'de, F: FnMut(usize, TieRow)> DeserializeSeed<'de> for EachTie<F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(usize, TieRow)> Visitor<'de> for EachTie<F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a dataset")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "ties" {
                map.next_value_seed(TieList(&mut self.0))?;
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct TieList<'f, F>(&'f mut F);

impl<'de, F: FnMut(usize, TieRow)> DeserializeSeed<'de> for TieList<'_, F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(usize, TieRow)> Visitor<'de> for TieList<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of rows")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while let Some(row) = seq.next_element::<TieRow>()? {
            (self.0)(i, row);
            i += 1;
        }
        Ok(())
    }
}

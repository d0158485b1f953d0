//! `--actor-map`: codes mapped to actors of one's own choosing.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

use compact_str::CompactString;

use super::row::{is_id, Name, Side};
use super::IngestError;
use crate::{ActorKind, Location, Problem, ProblemKind};

/// The actor a code is mapped to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMapEntry {
    /// The actor id.
    pub id: String,
    /// Its display name.
    pub name: Arc<str>,
    /// What it is.
    pub kind: ActorKind,
}

/// Codes (a CAMEO country or known-group code, an ICEWS country or actor
/// name, a UCDP side, an ACLED actor) mapped to actors: the map overrides
/// the family's own rules, and several codes may map to one actor (they
/// merge). A code is looked up as the file gives it, then as the id the
/// rules made of it.
///
/// # Example
///
/// ```
/// use tiegraph::ingest::ActorMap;
///
/// let csv = "code,id,name,kind\nTAL,TAL,Afghan Taliban,group\nAFG,AFG,Afghanistan,state\n";
/// let map = ActorMap::from_csv(csv.as_bytes(), "map.csv")?;
/// assert_eq!(map.get("TAL").map(|e| e.id.as_str()), Some("TAL"));
/// assert_eq!(map.len(), 2);
/// # Ok::<(), tiegraph::ingest::IngestError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct ActorMap {
    entries: HashMap<String, ActorMapEntry>,
}

impl ActorMap {
    /// Reads a map: CSV with the header `code,id,name,kind`.
    ///
    /// # Errors
    ///
    /// [`IngestError::Input`] naming the line of a bad row (a missing
    /// column, an id that is not an actor id, an unknown kind, a code
    /// given twice).
    pub fn from_csv(reader: impl Read, file: &str) -> Result<ActorMap, IngestError> {
        let fail = |line: u64, message: String| {
            IngestError::Input(Problem::new(
                Location::file(file).at_line(line),
                ProblemKind::Syntax,
                message,
            ))
        };
        let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
        let header: Vec<String> = csv
            .headers()
            .map_err(|e| fail(1, e.to_string()))?
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        if header != ["code", "id", "name", "kind"] {
            return Err(fail(1, "the header must be code,id,name,kind".into()));
        }
        let mut entries = HashMap::new();
        for record in csv.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                fail(line, e.to_string())
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let cell = |i: usize| record.get(i).unwrap_or("").trim();
            let (code, id, name, kind) = (cell(0), cell(1), cell(2), cell(3));
            if record.len() != 4 || code.is_empty() || name.is_empty() {
                return Err(fail(
                    line,
                    "a row needs a code, an id, a name and a kind".into(),
                ));
            }
            if !is_id(id) {
                return Err(fail(line, format!("{id:?} is not an actor id")));
            }
            let kind: ActorKind = kind.parse().map_err(|_| {
                fail(
                    line,
                    format!("{kind:?} is not state, group or organization"),
                )
            })?;
            let entry = ActorMapEntry {
                id: id.to_owned(),
                name: name.into(),
                kind,
            };
            if entries.insert(code.to_owned(), entry).is_some() {
                return Err(fail(line, format!("code {code:?} is mapped twice")));
            }
        }
        Ok(ActorMap { entries })
    }

    /// The actor a code maps to.
    pub fn get(&self, code: &str) -> Option<&ActorMapEntry> {
        self.entries.get(code)
    }

    /// How many codes are mapped.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Every code and its actor, in code order.
    pub(crate) fn entries(&self) -> Vec<(&str, &ActorMapEntry)> {
        let mut all: Vec<(&str, &ActorMapEntry)> =
            self.entries.iter().map(|(c, e)| (c.as_str(), e)).collect();
        all.sort_by(|x, y| x.0.cmp(y.0));
        all
    }

    /// Whether no code is mapped.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The side a code maps to, looked up as written, then as the id the
    /// family's rules gave it.
    pub(crate) fn apply(&self, code: &str, side: Side) -> Side {
        if self.entries.is_empty() {
            return side;
        }
        match self.get(code).or_else(|| self.get(&side.id)) {
            Some(e) => Side {
                id: CompactString::new(&e.id),
                name: Name::Shared(e.name.clone()),
                kind: e.kind,
            },
            None => side,
        }
    }
}

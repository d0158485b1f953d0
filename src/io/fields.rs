//! The dataset format's columns, in one place.
//!
//! Each file of a dataset (`actors.csv`, `ties.csv`, `sources.csv`, and the
//! lists of the same names in a JSON document) has the columns listed
//! here, in this order. The CSV reader checks headers against these lists
//! and writes them back in this order; the JSON reader and writer, the
//! exports and the column tables of `docs/format.md` are checked against
//! them by tests, so adding a column is one edit here plus its use.
//!
//! ```
//! use tiegraph::fields::{Required, Table};
//!
//! let weight = Table::Ties.field("weight").unwrap();
//! assert_eq!(weight.required, Required::No);
//! assert_eq!(Table::Ties.file(), "ties.csv");
//! assert_eq!(Table::Actors.names().collect::<Vec<_>>(),
//!            ["id", "name", "kind", "from", "until", "aliases", "note"]);
//! ```

/// A file (or JSON list) of the dataset format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// `actors.csv`: one row per actor phase.
    Actors,
    /// `ties.csv`: one row per dated tie.
    Ties,
    /// `sources.csv`: the evidence ties cite.
    Sources,
}

/// Whether a column must have a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Required {
    /// Every row gives it (the header must have the column).
    Yes,
    /// It may be empty or left out.
    No,
    /// Only a mediation gives it, and a mediation must.
    ForMediation,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An id of the row itself (actor, tie or source id).
    Id,
    /// An actor, by id or by an unambiguous name or alias.
    Actor,
    /// An actor kind (`state`, `group`, `organization`).
    ActorKind,
    /// A tie kind (`alliance` … `mediation`).
    TieKind,
    /// A date of the format (`2021`, `2021-08`, `2021-08-15`, with an
    /// optional EDTF qualifier).
    Date,
    /// A number in (0, 1].
    Weight,
    /// `confirmed`, `reported` or `alleged`.
    Confidence,
    /// `true` or `false`.
    Bool,
    /// A `;`-separated list of text (aliases) or of source ids.
    List,
    /// An `http` or `https` address.
    Url,
    /// Free text.
    Text,
}

/// One column of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Field {
    /// The column's name in the CSV header and the JSON row.
    pub name: &'static str,
    /// Whether it must have a value.
    pub required: Required,
    /// What it holds.
    pub kind: Kind,
}

const fn field(name: &'static str, required: Required, kind: Kind) -> Field {
    Field {
        name,
        required,
        kind,
    }
}

/// The columns of `actors.csv`, in order.
pub const ACTORS: [Field; 7] = [
    field("id", Required::Yes, Kind::Id),
    field("name", Required::Yes, Kind::Text),
    field("kind", Required::Yes, Kind::ActorKind),
    field("from", Required::No, Kind::Date),
    field("until", Required::No, Kind::Date),
    field("aliases", Required::No, Kind::List),
    field("note", Required::No, Kind::Text),
];

/// The columns of `ties.csv`, in order. A tie without an `id` gets one
/// from its line, so the column is not required.
pub const TIES: [Field; 12] = [
    field("id", Required::No, Kind::Id),
    field("source", Required::Yes, Kind::Actor),
    field("target", Required::Yes, Kind::Actor),
    field("kind", Required::Yes, Kind::TieKind),
    field("start", Required::Yes, Kind::Date),
    field("end", Required::No, Kind::Date),
    field("with", Required::ForMediation, Kind::Actor),
    field("weight", Required::No, Kind::Weight),
    field("confidence", Required::No, Kind::Confidence),
    field("sources", Required::No, Kind::List),
    field("note", Required::No, Kind::Text),
    field("directed", Required::No, Kind::Bool),
];

/// The columns of `sources.csv`, in order.
pub const SOURCES: [Field; 7] = [
    field("id", Required::Yes, Kind::Id),
    field("title", Required::No, Kind::Text),
    field("publisher", Required::No, Kind::Text),
    field("published", Required::No, Kind::Date),
    field("reference", Required::No, Kind::Text),
    field("url", Required::No, Kind::Url),
    field("note", Required::No, Kind::Text),
];

impl Table {
    /// The three tables, in the order a dataset is read.
    pub const ALL: [Table; 3] = [Table::Actors, Table::Sources, Table::Ties];

    /// The table's columns, in order.
    pub const fn fields(self) -> &'static [Field] {
        match self {
            Table::Actors => &ACTORS,
            Table::Ties => &TIES,
            Table::Sources => &SOURCES,
        }
    }

    /// The CSV file that holds the table.
    pub const fn file(self) -> &'static str {
        match self {
            Table::Actors => "actors.csv",
            Table::Ties => "ties.csv",
            Table::Sources => "sources.csv",
        }
    }

    /// The table's column names, in order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        self.fields().iter().map(|f| f.name)
    }

    /// The column called `name`.
    pub fn field(self, name: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.name == name)
    }

    /// The place of column `name` in the table (a panic at compile time
    /// when used in a constant and the column does not exist).
    pub const fn index(self, name: &str) -> usize {
        let fields = self.fields();
        let mut i = 0;
        while i < fields.len() {
            if eq(fields[i].name, name) {
                return i;
            }
            i += 1;
        }
        panic!("no such column")
    }
}

const fn eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The names of `fields`, as a constant array.
pub(crate) const fn names<const N: usize>(fields: &[Field; N]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = fields[i].name;
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_name_their_columns() {
        for table in Table::ALL {
            for (i, f) in table.fields().iter().enumerate() {
                assert_eq!(table.index(f.name), i);
                assert_eq!(table.field(f.name), Some(f));
            }
        }
        assert_eq!(names(&TIES)[Table::Ties.index("weight")], "weight");
    }
}

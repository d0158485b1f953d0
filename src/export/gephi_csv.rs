//! Gephi's spreadsheet import: a nodes table and an edges table.

use std::path::{Path, PathBuf};

use super::common::{first_day, last_day, lifetime, number, sign, tie_edges, Scope};
use crate::text::csv_cell;
use crate::{Dataset, Date, Selector};

/// The two tables of a Gephi spreadsheet export, as CSV text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GephiCsv {
    /// The nodes table: `Id`, `Label`, `Kind`, …
    pub nodes: String,
    /// The edges table: `Source`, `Target`, `Type`, `Id`, …
    pub edges: String,
}

impl GephiCsv {
    /// Where the nodes table goes when the edges table is written to
    /// `edges`: the same folder and name with `.nodes` before the extension
    /// (`net.csv` → `net.nodes.csv`, `net` → `net.nodes.csv`).
    ///
    /// # Example
    ///
    /// ```
    /// use std::path::Path;
    /// use tiegraph::export::GephiCsv;
    ///
    /// assert_eq!(GephiCsv::nodes_path(Path::new("out/net.csv")), Path::new("out/net.nodes.csv"));
    /// ```
    pub fn nodes_path(edges: &Path) -> PathBuf {
        let stem = edges
            .file_stem()
            .map_or_else(|| "edges".into(), |s| s.to_string_lossy());
        let ext = edges
            .extension()
            .map_or_else(|| "csv".into(), |e| e.to_string_lossy());
        edges.with_file_name(format!("{stem}.nodes.{ext}"))
    }
}

/// Gephi's interval list: `<[2021-08-15, 2023-12-31]; [2024-03-01, Infinity]>`,
/// closed intervals of full dates, open ends as ±Infinity.
fn intervals(periods: &[(Option<Date>, Option<Date>)]) -> String {
    if periods.iter().all(|(f, u)| f.is_none() && u.is_none()) {
        return String::new();
    }
    let parts: Vec<String> = periods
        .iter()
        .map(|(f, u)| {
            let start = f.map_or_else(|| "-Infinity".to_owned(), first_day);
            let end = u.map_or_else(|| "Infinity".to_owned(), last_day);
            format!("[{start}, {end}]")
        })
        .collect();
    format!("<{}>", parts.join("; "))
}

fn to_csv(rows: Vec<Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    for row in rows {
        // Writing to memory cannot fail.
        let _ = w.write_record(&row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The network as the two tables of Gephi's "Import spreadsheet" (Data
/// Laboratory), for people who import by hand.
///
/// Nodes: `Id`, `Label` (name shown), `Kind`, `From`, `Until`, `Aliases`
/// (`;`-separated), `Note`, the `x_` columns, and `Time Interval`: the
/// periods the actor exists, as Gephi intervals (`<[1947-08-14, Infinity]>`;
/// empty for an actor without dates). Edges: `Source`, `Target`, `Type`
/// (`Directed` for support and mediation, else `Undirected`), `Id`, `Label`
/// (kind), `Weight`, `Kind`, `Sign`, `Confidence`, `Tie`, `Start`, `End`
/// (as written, qualifiers included),
/// `Role` (mediation: `target` or `with`), `Sources`, `Note`, the `x_`
/// columns, and `Time Interval` (first day to last day in force, closed).
/// In Gephi, set the `Time Interval` column's type to "Interval".
///
/// These tables are for spreadsheets and Gephi, not read back: a name,
/// alias list, note or custom value that a spreadsheet would read as a
/// formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return,
/// and not a number) gets a leading `'` ([`csv_cell`]). Ids, kinds, signs,
/// dates and numbers are as in the dataset.
///
/// With a selector the tables hold the snapshot and have no `Time Interval`.
///
/// # Example
///
/// ```
/// let csv = tiegraph::export::gephi_csv(tiegraph::default_dataset(), None);
/// assert!(csv.nodes.starts_with("Id,Label,Kind,"));
/// assert!(csv.edges.starts_with("Source,Target,Type,Id,"));
/// ```
pub fn gephi_csv(data: &Dataset, at: Option<&Selector>) -> GephiCsv {
    let scope = Scope::new(data, at);
    let dynamic = at.is_none();
    let [ac, tc, _] = data.extra_columns();

    let mut header: Vec<String> = ["Id", "Label", "Kind", "From", "Until", "Aliases", "Note"]
        .map(str::to_owned)
        .to_vec();
    header.extend(ac.iter().map(|c| c.to_string()));
    if dynamic {
        header.push("Time Interval".to_owned());
    }
    let mut rows = vec![header];
    for a in &scope.actors {
        let p = scope.shown(a);
        let life = lifetime(a);
        let mut row = vec![
            a.id().to_owned(),
            csv_cell(p.name()).into_owned(),
            p.kind().to_string(),
            life.first()
                .and_then(|l| l.0)
                .map_or_else(String::new, |d| d.to_string()),
            life.last()
                .and_then(|l| l.1)
                .map_or_else(String::new, |d| d.to_string()),
            csv_cell(&p.aliases().collect::<Vec<_>>().join(";")).into_owned(),
            csv_cell(p.note().unwrap_or("")).into_owned(),
        ];
        row.extend(ac.iter().map(|c| {
            p.extra()
                .get(c)
                .map_or_else(String::new, |v| csv_cell(v.as_ref()).into_owned())
        }));
        if dynamic {
            row.push(intervals(&life));
        }
        rows.push(row);
    }
    let nodes = to_csv(rows);

    let mut header: Vec<String> = [
        "Source",
        "Target",
        "Type",
        "Id",
        "Label",
        "Weight",
        "Kind",
        "Sign",
        "Confidence",
        "Tie",
        "Start",
        "End",
        "Role",
        "Sources",
        "Note",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(tc.iter().map(|c| c.to_string()));
    if dynamic {
        header.push("Time Interval".to_owned());
    }
    let mut rows = vec![header];
    let mut n = 0;
    for tie in &scope.ties {
        for (source, target, role) in tie_edges(tie) {
            let directed = if tie.is_directed() {
                "Directed"
            } else {
                "Undirected"
            };
            let sources: Vec<&str> = scope.tie_sources(tie).iter().map(|s| s.id()).collect();
            let mut row = vec![
                scope.id(source).to_owned(),
                scope.id(target).to_owned(),
                directed.to_owned(),
                format!("e{n}"),
                tie.kind().to_string(),
                number(tie.weight()),
                tie.kind().to_string(),
                sign(tie.kind()).to_string(),
                tie.confidence().to_string(),
                tie.id().to_owned(),
                tie.start().to_string(),
                tie.end().map_or_else(String::new, |d| d.to_string()),
                role.unwrap_or("").to_owned(),
                sources.join(";"),
                csv_cell(tie.note().unwrap_or("")).into_owned(),
            ];
            n += 1;
            row.extend(tc.iter().map(|c| {
                tie.extra()
                    .get(c)
                    .map_or_else(String::new, |v| csv_cell(v.as_ref()).into_owned())
            }));
            if dynamic {
                row.push(intervals(&[(Some(tie.start()), tie.end())]));
            }
            rows.push(row);
        }
    }
    GephiCsv {
        nodes,
        edges: to_csv(rows),
    }
}

//! The format's columns are described once, in `tiegraph::fields`: the
//! column tables of `docs/format.md`, the JSON rows and the CSV files a
//! dataset is saved as must all agree with it.

use tiegraph::fields::{Required, Table};
use tiegraph::Dataset;

/// The rows (column, required) of the table under `heading` in `doc`.
fn doc_table<'d>(doc: &'d str, heading: &str) -> Vec<(&'d str, &'d str)> {
    let start = doc
        .find(heading)
        .unwrap_or_else(|| panic!("{heading} in format.md"));
    doc[start..]
        .lines()
        .skip_while(|l| !l.starts_with("| column"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells[1], cells[2])
        })
        .collect()
}

#[test]
fn the_format_docs_list_the_same_columns() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/format.md"))
        .expect("docs/format.md");
    for table in Table::ALL {
        let rows = doc_table(&doc, &format!("### {}", table.file()));
        let mut documented: Vec<&str> = rows.iter().map(|(c, _)| *c).collect();
        let mut fields: Vec<&str> = table.names().collect();
        documented.sort_unstable();
        fields.sort_unstable();
        assert_eq!(documented, fields, "{}", table.file());
        for (column, required) in rows {
            let field = table.field(column).expect("a field");
            let said = match field.required {
                Required::Yes => "yes",
                Required::No => "no",
                Required::ForMediation => "for `mediation` only",
            };
            assert_eq!(required, said, "{} {column}", table.file());
        }
    }
}

#[test]
fn json_rows_and_saved_files_have_the_columns() {
    let data = tiegraph::default_dataset();
    let json: serde_json::Value = serde_json::from_str(&data.to_json(false)).expect("JSON");
    for (table, list) in [
        (Table::Actors, "actors"),
        (Table::Ties, "ties"),
        (Table::Sources, "sources"),
    ] {
        let mut keys: Vec<String> = Vec::new();
        for row in json[list].as_array().expect("a list") {
            for key in row.as_object().expect("a row").keys() {
                if !keys.contains(key) && key != "extra" {
                    keys.push(key.clone());
                }
            }
        }
        let names: Vec<&str> = table.names().collect();
        assert!(
            keys.iter().all(|k| names.contains(&k.as_str())),
            "{list}: {keys:?} not all in {names:?}"
        );
        // Every column can be given: a row with all of them loads.
        assert!(names.len() >= keys.len());
    }
    let dir = tempfile::tempdir().expect("a folder");
    data.save_dir(dir.path()).expect("saved");
    for table in Table::ALL {
        let text = std::fs::read_to_string(dir.path().join(table.file())).expect("a file");
        let header: Vec<&str> = text.lines().next().expect("a header").split(',').collect();
        let names: Vec<&str> = table.names().collect();
        // Saved in the fields' order; optional round-2 columns may be left out.
        assert_eq!(header, names[..header.len()], "{}", table.file());
    }
    let _ = Dataset::load(dir.path()).expect("loads back");
}

//! Saving and loading give back the same dataset: CSV → CSV, CSV → JSON →
//! CSV, for random datasets with hostile text and for the shipped ones.

use std::path::Path;

use proptest::prelude::{prop_assert_eq, proptest, ProptestConfig};
use tiegraph::{Dataset, ProblemKind};

use crate::random;

/// The three CSV files of a dataset, as written by the library.
fn csv_of(data: &Dataset) -> [String; 3] {
    let (mut a, mut t, mut s) = (Vec::new(), Vec::new(), Vec::new());
    data.write_csv(&mut a, &mut t, Some(&mut s))
        .expect("writing to memory");
    [a, t, s].map(|b| String::from_utf8(b).expect("UTF-8 output"))
}

fn from_csv([a, t, s]: &[String; 3]) -> Dataset {
    Dataset::from_csv(a.as_bytes(), t.as_bytes(), Some(s.as_bytes()))
        .unwrap_or_else(|e| panic!("written CSV rejected: {:#?}", e.problems()))
}

fn from_json(json: &str) -> Dataset {
    Dataset::from_json_str(json)
        .unwrap_or_else(|e| panic!("written JSON rejected: {:#?}\n{json}", e.problems()))
}

/// Every round trip, on one dataset.
fn assert_round_trips(data: &Dataset) {
    let csv = csv_of(data);
    let again = from_csv(&csv);
    assert_eq!(&again, data, "CSV round trip");
    assert_eq!(csv_of(&again), csv, "CSV bytes");
    for pretty in [false, true] {
        let json = data.to_json(pretty);
        let back = from_json(&json);
        assert_eq!(&back, data, "JSON round trip (pretty: {pretty})");
        assert_eq!(csv_of(&back), csv, "CSV → JSON → CSV bytes");
        assert_eq!(back.to_json(pretty), json, "JSON bytes");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// (4) CSV and JSON round trips give an equal dataset, and
    /// CSV → JSON → CSV gives the same bytes.
    #[test]
    fn random_datasets_round_trip(spec in random::spec(6, 24)) {
        let data = spec.load();
        let csv = csv_of(&data);
        let again = from_csv(&csv);
        prop_assert_eq!(&again, &data);
        prop_assert_eq!(csv_of(&again), csv.clone());
        let json = data.to_json(false);
        let back = from_json(&json);
        prop_assert_eq!(&back, &data);
        prop_assert_eq!(csv_of(&back), csv);
        prop_assert_eq!(back.to_json(false), json);
        let pretty = from_json(&data.to_json(true));
        prop_assert_eq!(&pretty, &data);
    }

    /// Saving to a folder and loading it back gives an equal dataset.
    #[test]
    fn random_datasets_survive_save_dir(spec in random::spec(4, 10)) {
        let data = spec.load();
        let dir = tempfile::tempdir().expect("a temporary folder");
        data.save_dir(dir.path()).expect("saved");
        prop_assert_eq!(Dataset::load_dir(dir.path()).expect("loaded"), data);
    }
}

#[test]
fn the_default_dataset_round_trips() {
    assert_round_trips(tiegraph::default_dataset());
}

#[test]
fn the_default_dataset_is_saved_as_it_is_shipped() {
    // The shipped files are in the library's own output format, so saving
    // them changes nothing: a diff of `data/` after a save is a real edit.
    // After a hand edit, `Dataset::load_dir("data")?.save_dir("data")`
    // puts the files back in that form.
    let [a, t, s] = csv_of(tiegraph::default_dataset());
    let hint = "data/ is not in the form the library saves";
    assert_eq!(a, tiegraph::default_data::ACTORS_CSV, "{hint}");
    assert_eq!(t, tiegraph::default_data::TIES_CSV, "{hint}");
    assert_eq!(s, tiegraph::default_data::SOURCES_CSV, "{hint}");
}

#[test]
fn the_small_fixture_round_trips() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core/small");
    let data = Dataset::load_dir(&dir).expect("the fixture loads");
    assert_round_trips(&data);
    // Generated ids are saved as `#` + line and read back as explicit ids.
    let [_, ties, _] = csv_of(&data);
    assert!(ties.contains("\n#6,DDD,AAA,tension,2019,2022,"), "{ties}");
}

#[test]
fn json_extra_columns_keep_their_order() {
    let json = r#"{
        "actors": [
            {"id": "A", "name": "A", "kind": "state", "extra": {"x_b": "1", "x_a": "2"}},
            {"id": "B", "name": "B", "kind": "state", "extra": {"x_c": "3"}}
        ],
        "ties": [],
        "extra_columns": {"actors": ["x_b"]}
    }"#;
    let data = Dataset::from_json_str(json).expect("valid");
    let names: Vec<&str> = data.extra_columns()[0].iter().map(|c| &**c).collect();
    // Given columns first, then the others by name.
    assert_eq!(names, ["x_b", "x_a", "x_c"]);
    let [actors, _, _] = csv_of(&data);
    assert_eq!(
        actors,
        "id,name,kind,from,until,aliases,note,x_b,x_a,x_c\nA,A,state,,,,,1,2,\nB,B,state,,,,,,,3\n"
    );
    assert_round_trips(&data);
    let bad = r#"{"actors": [{"id": "A", "name": "A", "kind": "state", "extra": {"colour": "red"}}], "ties": []}"#;
    let err = Dataset::from_json_str(bad).unwrap_err();
    assert_eq!(
        err.to_string(),
        "dataset.json: custom column colour must start with x_"
    );
}

/// Regression: a JSON alias holding a `;` was accepted, then saved to
/// actors.csv where `;` separates aliases, so it came back as two aliases.
#[test]
fn a_json_alias_with_a_semicolon_is_rejected() {
    let json = r#"{"actors": [{"id": "TAL", "name": "Taliban", "kind": "group",
                   "aliases": ["Islamic Emirate; IEA", "Talibs"]}], "ties": []}"#;
    let err = Dataset::from_json_str(json).expect_err("a ; in an alias");
    let problems = err.problems().expect("a dataset error");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems.as_slice()[0].kind(), ProblemKind::BadId);
    assert_eq!(
        err.to_string(),
        "dataset.json: field actors[0].aliases: alias Islamic Emirate; IEA may not contain ; (actors.csv separates aliases with ;)"
    );
}

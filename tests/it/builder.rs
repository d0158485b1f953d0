//! The typed builder: records in, the CSV loader's rules, records back out.

use std::collections::BTreeMap;

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::{any, prop_assert, prop_assert_eq, proptest, ProptestConfig, Strategy};
use proptest::sample::select;
use tiegraph::{
    ActorKind, ActorRecord, Confidence, Dataset, DatasetBuilder, Location, ProblemKind,
    SourceRecord, TieKind, TieRecord,
};

use crate::random;

/// The records of a dataset, added one by one (not through `from_dataset`).
fn rebuilt(data: &Dataset) -> Result<Dataset, tiegraph::Problems> {
    let mut b = DatasetBuilder::new();
    let [a, t, s] = data.extra_columns();
    b.extra_columns(
        a.iter().map(|c| c.to_string()),
        t.iter().map(|c| c.to_string()),
        s.iter().map(|c| c.to_string()),
    );
    for r in data.actor_records() {
        b.add_actor(r);
    }
    for r in data.tie_records() {
        b.add_tie(r);
    }
    for r in data.source_records() {
        b.add_source(r);
    }
    b.build()
}

#[test]
fn the_default_dataset_round_trips_through_records() {
    let data = tiegraph::default_dataset();
    let again = rebuilt(data).unwrap_or_else(|p| panic!("{p:#?}"));
    assert_eq!(&again, data);
    let again = DatasetBuilder::from_dataset(data).build().expect("valid");
    assert_eq!(&again, data);
    assert_eq!(data.tie_records().len(), data.ties().len());
    assert_eq!(data.source_records().len(), data.sources().len());
}

#[test]
fn records_serialize_with_the_format_field_names() {
    let data = tiegraph::default_dataset();
    let ties: Vec<TieRecord> = data.tie_records().collect();
    let json = serde_json::to_string(&ties).expect("serializable");
    let back: Vec<TieRecord> = serde_json::from_str(&json).expect("deserializable");
    assert_eq!(back, ties);
    let one: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let fields: Vec<&str> = one[0]
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    for f in [
        "id",
        "source",
        "target",
        "kind",
        "start",
        "end",
        "with",
        "weight",
        "sources",
        "note",
        "confidence",
    ] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    // Dates keep their qualifier, in the format's spelling.
    let t: TieRecord = serde_json::from_str(
        r#"{"source": "A", "target": "B", "kind": "alliance", "start": "2020-03~"}"#,
    )
    .expect("a record");
    assert_eq!(t.start.expect("a start").to_string(), "2020-03~");
    assert_eq!(t.kind, TieKind::Alliance);
    let a: Vec<ActorRecord> = data.actor_records().collect();
    let back: Vec<ActorRecord> =
        serde_json::from_str(&serde_json::to_string(&a).expect("ser")).expect("de");
    assert_eq!(back, a);
    let s: Vec<SourceRecord> = data.source_records().collect();
    let back: Vec<SourceRecord> =
        serde_json::from_str(&serde_json::to_string(&s).expect("ser")).expect("de");
    assert_eq!(back, s);
}

fn actor(id: &str) -> ActorRecord {
    ActorRecord {
        id: id.into(),
        name: format!("Actor {id}"),
        ..Default::default()
    }
}

#[test]
fn ties_without_ids_get_the_csv_loaders_ids() {
    let mut b = DatasetBuilder::new();
    b.add_actor(actor("A")).add_actor(actor("B"));
    for year in ["2020", "2021", "2022"] {
        b.add_tie(TieRecord {
            source: "A".into(),
            target: "B".into(),
            start: Some(year.parse().expect("a date")),
            ..Default::default()
        });
    }
    b.add_tie_at(
        TieRecord {
            source: "A".into(),
            target: "B".into(),
            start: Some("2023".parse().expect("a date")),
            ..Default::default()
        },
        Location::file("import.csv").at_line(40),
    );
    let data = b.build().expect("valid");
    let ids: Vec<&str> = data.ties().iter().map(|t| t.id()).collect();
    assert_eq!(ids, ["#2", "#3", "#4", "#40"]);

    let csv = Dataset::from_csv(
        "id,name,kind\nA,Actor A,state\nB,Actor B,state\n".as_bytes(),
        "id,source,target,kind,start\n,A,B,cooperation,2020\n,A,B,cooperation,2021\n,A,B,cooperation,2022\n"
            .as_bytes(),
        Some("id\n".as_bytes()),
    )
    .expect("valid");
    let csv_ids: Vec<&str> = csv.ties().iter().map(|t| t.id()).collect();
    assert_eq!(&ids[..3], &csv_ids[..]);
}

#[test]
fn every_problem_is_reported_at_its_record() {
    let mut b = DatasetBuilder::new();
    b.add_actor(actor("A"))
        .add_actor(ActorRecord {
            id: "bad id".into(),
            ..Default::default()
        })
        .add_tie(TieRecord {
            id: "t1".into(),
            source: "A".into(),
            target: "Nobody".into(),
            kind: TieKind::Mediation,
            start: Some("2020".parse().expect("a date")),
            end: Some("2019".parse().expect("a date")),
            weight: Some(1.5),
            sources: vec!["s9".into()],
            ..Default::default()
        })
        .add_tie_at(
            TieRecord {
                id: "t1".into(),
                source: "A".into(),
                target: "A".into(),
                start: Some("2020".parse().expect("a date")),
                ..Default::default()
            },
            Location::file("feed.json").in_column("events[7]"),
        )
        .add_source(SourceRecord {
            id: "s1".into(),
            url: Some("not a url".into()),
            ..Default::default()
        });
    let problems = b.build().expect_err("invalid");
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    let expected = [
        "records: field actors[1].id: bad id is not an actor id (expected 1 to 64 of A-Z a-z 0-9 _ . -)",
        "records: field actors[1].name: an actor needs a name",
        "records: field sources[0].url: not a url is not a web address (expected http:// or https:// and a host, without spaces, quotes or angle brackets)",
    ];
    for e in expected {
        assert!(shown.iter().any(|s| s == e), "{e}\nin {shown:#?}");
    }
    let kinds: Vec<ProblemKind> = problems.iter().map(|p| p.kind()).collect();
    for k in [
        ProblemKind::UnknownActor,
        ProblemKind::EndBeforeStart,
        ProblemKind::MissingWith,
        ProblemKind::BadWeight,
        ProblemKind::UnknownSource,
        ProblemKind::SelfTie,
        ProblemKind::DuplicateId,
    ] {
        assert!(kinds.contains(&k), "{k:?} in {shown:#?}");
    }
    assert!(
        shown
            .iter()
            .any(|s| s == "feed.json: field events[7].target: a tie needs two different actors"),
        "{shown:#?}"
    );
}

#[test]
fn a_missing_start_and_bad_custom_columns_are_reported() {
    let mut b = DatasetBuilder::new();
    b.add_actor(actor("A")).add_actor(actor("B"));
    b.add_tie(TieRecord {
        id: "t".into(),
        source: "A".into(),
        target: "B".into(),
        extra: BTreeMap::from([("colour".into(), "red".into())]),
        ..Default::default()
    });
    let problems = b.build().expect_err("invalid");
    let kinds: Vec<ProblemKind> = problems.iter().map(|p| p.kind()).collect();
    assert!(kinds.contains(&ProblemKind::MissingValue), "{problems:#?}");
    assert!(kinds.contains(&ProblemKind::UnknownColumn), "{problems:#?}");
}

#[test]
fn custom_columns_keep_their_order_and_values() {
    let mut b = DatasetBuilder::new();
    b.extra_columns(["x_b", "x_a"], Vec::<String>::new(), ["x_s"]);
    b.add_actor(ActorRecord {
        extra: BTreeMap::from([("x_a".into(), "1".into()), ("x_c".into(), "".into())]),
        ..actor("A")
    })
    .add_actor(actor("B"));
    let data = b.build().expect("valid");
    let [a, t, s] = data.extra_columns();
    assert_eq!(a, [Box::from("x_b"), "x_a".into(), "x_c".into()]);
    assert!(t.is_empty());
    assert_eq!(s, [Box::from("x_s")]);
    assert_eq!(rebuilt(&data).expect("valid"), data);
}

#[test]
fn the_builder_agrees_with_the_csv_loader_on_the_shipped_csv() {
    // The CSV files written from records load into what the builder built.
    let data = rebuilt(tiegraph::default_dataset()).expect("valid");
    let (mut a, mut t, mut s) = (Vec::new(), Vec::new(), Vec::new());
    data.write_csv(&mut a, &mut t, Some(&mut s))
        .expect("in memory");
    let csv = Dataset::from_csv(&a[..], &t[..], Some(&s[..])).expect("valid");
    assert_eq!(csv, data);
}

/// Text that breaks rules: empty, spaces, `;`, `#`, control characters.
fn text() -> impl Strategy<Value = String> {
    proptest::prop_oneof![
        select(vec![
            "A", "B", "C", "", " A", "a;b", "#1", "#x", "s1", "s2", "Actor A", "\u{0}", "x_y"
        ])
        .prop_map(str::to_owned),
        any::<String>(),
    ]
}

fn date() -> impl Strategy<Value = Option<tiegraph::Date>> {
    option::of(random::any_date())
}

fn extra() -> impl Strategy<Value = BTreeMap<String, String>> {
    proptest::collection::btree_map(
        select(vec!["x_a", "x_b", "y", "x_", "x_a "]).prop_map(str::to_owned),
        text(),
        0..3,
    )
}

fn actor_record() -> impl Strategy<Value = ActorRecord> {
    (
        text(),
        text(),
        select(vec![
            ActorKind::State,
            ActorKind::Group,
            ActorKind::Organization,
        ]),
        date(),
        date(),
        vec(text(), 0..3),
        option::of(text()),
        extra(),
    )
        .prop_map(
            |(id, name, kind, from, until, aliases, note, extra)| ActorRecord {
                id,
                name,
                kind,
                from,
                until,
                aliases,
                note,
                extra,
            },
        )
}

fn tie_record() -> impl Strategy<Value = TieRecord> {
    (
        (
            text(),
            text(),
            text(),
            select(TieKind::ALL.to_vec()),
            date(),
            date(),
        ),
        (
            option::of(text()),
            option::of(any::<f64>()),
            option::of(select(Confidence::ALL.to_vec())),
            vec(text(), 0..3),
            option::of(text()),
            extra(),
            option::of(any::<bool>()),
        ),
    )
        .prop_map(
            |(
                (id, source, target, kind, start, end),
                (with, weight, confidence, sources, note, extra, directed),
            )| {
                TieRecord {
                    id,
                    source,
                    target,
                    kind,
                    start,
                    end,
                    with,
                    weight,
                    confidence,
                    directed,
                    sources,
                    note,
                    extra,
                }
            },
        )
}

fn source_record() -> impl Strategy<Value = SourceRecord> {
    (
        text(),
        option::of(text()),
        date(),
        option::of(text()),
        extra(),
    )
        .prop_map(|(id, title, published, url, extra)| SourceRecord {
            id,
            title,
            published,
            url,
            extra,
            ..Default::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Random valid datasets (hostile text, every kind of date and tie)
    /// round-trip through records.
    #[test]
    fn random_datasets_round_trip_through_records(spec in random::spec(6, 24)) {
        let data = spec.load();
        let again = rebuilt(&data);
        prop_assert!(again.is_ok(), "{:#?}", again.err());
        prop_assert_eq!(again.ok(), Some(data.clone()));
        prop_assert_eq!(DatasetBuilder::from_dataset(&data).build().ok(), Some(data));
    }

    /// Arbitrary records never make the builder panic; what it accepts
    /// round-trips, and what it refuses comes with problems.
    #[test]
    fn arbitrary_records_never_panic(
        actors in vec(actor_record(), 0..5),
        ties in vec(tie_record(), 0..6),
        sources in vec(source_record(), 0..3),
        no_sources: bool,
    ) {
        let mut b = DatasetBuilder::new();
        actors.into_iter().for_each(|r| { b.add_actor(r); });
        ties.into_iter().for_each(|r| { b.add_tie(r); });
        sources.into_iter().for_each(|r| { b.add_source(r); });
        if no_sources {
            b.without_sources();
        }
        match b.build() {
            Ok(data) => {
                prop_assert_eq!(rebuilt(&data).ok(), Some(data));
            }
            Err(problems) => prop_assert!(!problems.is_empty()),
        }
    }
}

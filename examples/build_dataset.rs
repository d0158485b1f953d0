//! Build a small dataset in code, from typed records, and look at it.
//!
//! Run with `cargo run --example build_dataset`.
//!
//! A dataset is three tables: actors, ties between them, and the sources the
//! ties cite (see `docs/format.md`). Here the rows are typed records; in your
//! own program they could come from a database, a spreadsheet or an API.
//! [`DatasetBuilder::build`] applies the same rules as loading CSV files.

use tiegraph::{
    ActorKind, ActorRecord, Confidence, DatasetBuilder, Selector, SourceRecord, TieKind, TieRecord,
};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// An actor record with an id, a name and a kind.
fn actor(id: &str, name: &str, kind: ActorKind) -> ActorRecord {
    ActorRecord {
        id: id.into(),
        name: name.into(),
        kind,
        ..Default::default()
    }
}

/// A tie record: who, with whom, what kind, from when until when (the end
/// date is the first day the tie is over; `None` means still going on).
fn tie(id: &str, source: &str, target: &str, kind: TieKind, start: &str) -> Result<TieRecord> {
    Ok(TieRecord {
        id: id.into(),
        source: source.into(),
        target: target.into(),
        kind,
        start: Some(start.parse()?),
        ..Default::default()
    })
}

fn main() -> Result<()> {
    let mut builder = DatasetBuilder::new();

    // Actors. An actor may have several records (phases) when its name or
    // kind changes: `REB` becomes a state in 2024.
    builder
        .add_actor(actor("NOR", "Northland", ActorKind::State))
        .add_actor(actor("SOU", "Southland", ActorKind::State))
        .add_actor(ActorRecord {
            until: Some("2024-07-01".parse()?),
            aliases: vec!["The Front".into()],
            ..actor("REB", "Rebel Front", ActorKind::Group)
        })
        .add_actor(ActorRecord {
            from: Some("2024-07-01".parse()?),
            note: Some("Declared independence.".into()),
            ..actor("REB", "Republic of the East", ActorKind::State)
        })
        .add_actor(actor("UN", "United Nations", ActorKind::Organization));

    // Ties, each citing its sources.
    builder
        .add_tie(TieRecord {
            sources: vec!["s1".into()],
            note: Some("Border dispute.".into()),
            ..tie("t1", "NOR", "SOU", TieKind::Tension, "2019")?
        })
        .add_tie(TieRecord {
            end: Some("2023-01".parse()?),
            weight: Some(0.5),
            sources: vec!["s1".into()],
            note: Some("Arms and money.".into()),
            ..tie("t2", "NOR", "REB", TieKind::Support, "2020-03")?
        })
        .add_tie(TieRecord {
            sources: vec!["s1".into(), "s2".into()],
            note: Some("Civil war in the east.".into()),
            ..tie("t3", "SOU", "REB", TieKind::Hostility, "2020-03")?
        })
        .add_tie(TieRecord {
            // An uncertain date (EDTF `?`), and a tie only one side reports.
            confidence: Some(Confidence::Alleged),
            sources: vec!["s2".into()],
            note: Some("Northland turns on its former client.".into()),
            ..tie("t4", "NOR", "REB", TieKind::Hostility, "2023-01?")?
        })
        .add_tie(TieRecord {
            end: Some("2024-06".parse()?),
            with: Some("REB".into()),
            sources: vec!["s2".into()],
            note: Some("Ceasefire talks in Geneva.".into()),
            ..tie("t5", "UN", "SOU", TieKind::Mediation, "2024-02")?
        });

    // Sources.
    builder
        .add_source(SourceRecord {
            id: "s1".into(),
            title: Some("The eastern war".into()),
            publisher: Some("Example Times".into()),
            published: Some("2023-05".parse()?),
            url: Some("https://example.org/eastern-war".into()),
            ..Default::default()
        })
        .add_source(SourceRecord {
            id: "s2".into(),
            title: Some("Talks collapse".into()),
            publisher: Some("Example Wire".into()),
            published: Some("2024-06-12".parse()?),
            ..Default::default()
        });

    // Building validates everything and either succeeds or returns every
    // problem found, each saying which record and field it is in.
    let data = builder.build()?;
    println!(
        "{} actors, {} ties, {} sources",
        data.actors().len(),
        data.ties().len(),
        data.sources().len()
    );

    // Actors can be found by id, name or alias, ignoring case.
    let reb = data.resolve("the front")?;
    for at in ["2022", "2025-01-01"] {
        let selector: Selector = at.parse()?;
        let snap = data.snapshot(&selector);
        let view = snap.actor(reb).ok_or("REB is always in force")?;
        println!(
            "during {at}: REB is {:?} ({}), {} ties in force",
            view.name(),
            view.kind(),
            snap.ties().count()
        );
    }

    // The evidence behind a tie travels with it.
    for tie in data
        .ties()
        .iter()
        .filter(|t| t.kind() == TieKind::Hostility)
    {
        let cited: Vec<&str> = data.tie_sources(tie).map(|s| s.id()).collect();
        println!(
            "{} {} – {}: {} ({}, sources {})",
            tie.id(),
            data.actor_id(tie.source()),
            data.actor_id(tie.target()),
            tie.note().unwrap_or(""),
            tie.confidence(),
            cited.join(", ")
        );
    }

    // The records come back out, and build an equal dataset again.
    let again = DatasetBuilder::from_dataset(&data).build()?;
    assert_eq!(again, data);
    let first: Vec<TieRecord> = data.tie_records().take(1).collect();
    println!(
        "records round trip; the first tie as JSON: {}",
        serde_json::to_string(&first)?
    );

    // Invalid records are rejected with every problem listed.
    let mut bad = DatasetBuilder::new();
    bad.add_actor(actor("NOR", "Northland", ActorKind::State))
        .add_tie(tie("x1", "NOR", "ATL", TieKind::Alliance, "2025-12")?)
        .add_tie(TieRecord {
            start: None,
            ..tie("x2", "NOR", "NOR", TieKind::Alliance, "2025")?
        });
    match bad.build() {
        Err(problems) => {
            println!("rejected, as expected:");
            for p in &problems {
                println!("  {p}");
            }
        }
        Ok(_) => return Err("the bad ties were accepted".into()),
    }
    Ok(())
}

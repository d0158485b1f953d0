//! Build a small dataset in code — from CSV text and from JSON — and look at it.
//!
//! Run with `cargo run --example build_dataset`.
//!
//! A dataset is three tables: actors, ties between them, and the sources the
//! ties cite (see `docs/format.md`). Here they are written inline; in your own
//! program they could come from a database, a spreadsheet export or an API.

use tiegraph::{Dataset, Selector, TieKind};

/// Actors: a stable id, a display name and a kind. An actor may have several
/// rows (phases) when its name or kind changes: `REB` becomes a state in 2024.
const ACTORS: &str = "\
id,name,kind,from,until,aliases,note
NOR,Northland,state,,,,
SOU,Southland,state,,,,
REB,Rebel Front,group,,2024-07-01,The Front,
REB,Republic of the East,state,2024-07-01,,,Declared independence.
UN,United Nations,organization,,,,
";

/// Ties: who, with whom, what kind, from when until when (the end date is
/// the first day the tie is over; empty means it is still going on).
const TIES: &str = "\
id,source,target,kind,start,end,with,weight,sources,note
t1,NOR,SOU,tension,2019,,,,s1,Border dispute.
t2,NOR,REB,support,2020-03,2023-01,,0.5,s1,Arms and money.
t3,SOU,REB,hostility,2020-03,,,,s1;s2,Civil war in the east.
t4,NOR,REB,hostility,2023-01,,,,s2,Northland turns on its former client.
t5,UN,SOU,mediation,2024-02,2024-06,REB,,s2,Ceasefire talks in Geneva.
";

const SOURCES: &str = "\
id,title,publisher,published,reference
s1,The eastern war,Example Times,2023-05,https://example.org/eastern-war
s2,Talks collapse,Example Wire,2024-06-12,
";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // From CSV text. Any `std::io::Read` works: files, byte slices, sockets.
    // Loading validates everything and either succeeds or returns every
    // problem found, each with its file, line and column.
    let data = Dataset::from_csv(ACTORS.as_bytes(), TIES.as_bytes(), Some(SOURCES.as_bytes()))?;
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
            "{} {} – {}: {} (sources {})",
            tie.id(),
            data.actor_id(tie.source()),
            data.actor_id(tie.target()),
            tie.note().unwrap_or(""),
            cited.join(", ")
        );
    }

    // The same rows as one JSON document; reading it back gives an equal dataset.
    let json = data.to_json(false);
    let again = Dataset::from_json_str(&json)?;
    assert_eq!(again, data);
    println!("round trip through {} bytes of JSON: equal", json.len());

    // Invalid data is rejected with every problem listed, each naming its
    // file, line and column.
    let bad_ties = "id,source,target,kind,start\nx1,NOR,ATL,alliance,2025-13\n";
    match Dataset::from_csv(ACTORS.as_bytes(), bad_ties.as_bytes(), None::<&[u8]>) {
        Err(tiegraph::Error::Invalid(problems)) => {
            println!("rejected, as expected:");
            for p in &problems {
                println!("  {p}");
            }
        }
        Err(other) => return Err(other.into()),
        Ok(_) => return Err("the bad ties were accepted".into()),
    }
    Ok(())
}

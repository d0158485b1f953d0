//! Rule R5, the evidence model: a tie's `confidence`, EDTF qualifiers on
//! dates, and the `url` and `note` of sources — loaded, checked, and
//! written back as they were read.

use tiegraph::{Confidence, Dataset, Date, Qualifier};

const ACTORS: &str =
    "id,name,kind,from,until\nA,Alpha,state,1990~,\nB,Beta,group,1980?,\nC,Gamma,state,,\n";
const SOURCES: &str = "id,title,publisher,published,reference,url,note\n\
    s1,First,Pub,2021-08~,a.txt,https://example.org/a?b=1&c=2,date taken from the article's own text\n\
    s2,Second,,,,,\n";

fn load(actors: &str, ties: &str, sources: &str) -> tiegraph::Result<Dataset> {
    Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), Some(sources.as_bytes()))
}

/// Every problem of a dataset that should not load, as text.
fn problems(actors: &str, ties: &str, sources: &str) -> Vec<String> {
    match load(actors, ties, sources) {
        Ok(_) => panic!("the dataset loaded"),
        Err(e) => e
            .problems()
            .expect("problems")
            .iter()
            .map(|p| p.to_string())
            .collect(),
    }
}

fn csv_of(data: &Dataset) -> [String; 3] {
    let (mut a, mut t, mut s) = (Vec::new(), Vec::new(), Vec::new());
    data.write_csv(&mut a, &mut t, Some(&mut s))
        .expect("writing to memory");
    [a, t, s].map(|b| String::from_utf8(b).expect("UTF-8"))
}

const TIES: &str = "id,source,target,kind,start,end,confidence,sources\n\
    t1,A,B,alliance,2021-08~,2022?,confirmed,s1\n\
    t2,A,C,hostility,2020%,,alleged,s1;s2\n\
    t3,B,C,tension,2021-03-05,,,\n\
    t4,B,C,cooperation,2019,,Reported,\n";

#[test]
fn confidence_is_read_with_reported_as_the_default() {
    let data = load(ACTORS, TIES, SOURCES).expect("valid");
    let by_id = |id: &str| data.ties().iter().find(|t| t.id() == id).expect("the tie");
    assert_eq!(by_id("t1").confidence(), Confidence::Confirmed);
    assert_eq!(by_id("t2").confidence(), Confidence::Alleged);
    assert_eq!(by_id("t3").confidence(), Confidence::Reported);
    assert_eq!(by_id("t3").confidence_given(), None);
    assert_eq!(by_id("t4").confidence_given(), Some(Confidence::Reported));
}

#[test]
fn a_qualified_date_stands_for_the_same_day_and_is_kept_as_written() {
    let data = load(ACTORS, TIES, SOURCES).expect("valid");
    let t1 = data.ties().iter().find(|t| t.id() == "t1").expect("t1");
    let start = t1.start();
    assert_eq!(start.qualifier(), Some(Qualifier::Approximate));
    assert_eq!(
        start.first_day(),
        Date::parse("2021-08-01").unwrap().first_day()
    );
    assert_eq!(start.to_string(), "2021-08~");
    assert_eq!(start.marked().to_string(), "c. 2021-08");
    let end = t1.end().expect("an end");
    assert_eq!(end.to_string(), "2022?");
    assert_eq!(end.marked().to_string(), "2022?");
    let t2 = data.ties().iter().find(|t| t.id() == "t2").expect("t2");
    assert_eq!(t2.start().marked().to_string(), "c. 2020?");
    // In force from its first day, as without the qualifier.
    assert!(t1.is_in_force(&"2021-08-01".parse().unwrap()));
    assert!(!t1.is_in_force(&"2021-07-31".parse().unwrap()));
    assert!(!t1.is_in_force(&"2022-01-01".parse().unwrap()));
    // Actor phases and `published` keep theirs.
    let a = &data.actors()[0];
    assert_eq!(
        a.phases()[0].from().map(|d| d.to_string()).as_deref(),
        Some("1990~")
    );
    let b = &data.actors()[1];
    assert_eq!(
        b.phases()[0].from().map(|d| d.to_string()).as_deref(),
        Some("1980?")
    );
    let s1 = &data.sources()[0];
    assert_eq!(s1.published(), Some("2021-08~"));
    assert_eq!(
        s1.published_date().and_then(Date::qualifier),
        Some(Qualifier::Approximate)
    );
    assert_eq!(s1.url(), Some("https://example.org/a?b=1&c=2"));
    assert_eq!(s1.note(), Some("date taken from the article's own text"));
    assert_eq!(data.sources()[1].url(), None);
}

#[test]
fn bad_qualifiers_are_named_with_file_line_and_column() {
    let ties = "id,source,target,kind,start,end\n\
        t1,A,B,alliance,2021-08~~,\n\
        t2,A,B,alliance,2021~-08,\n\
        t3,A,B,alliance,~,\n\
        t4,A,B,alliance,2021,2022?~\n\
        t5,A,B,alliance,2021-13~,\n\
        t6,A,B,alliance,2021 ~,\n";
    assert_eq!(
        problems(ACTORS, ties, SOURCES),
        [
            "ties.csv:2: column start: \"2021-08~~\" has more than one qualifier (one of ?, ~ or % may end a date)",
            "ties.csv:3: column start: \"2021~-08\" is not a date (a qualifier ?, ~ or % may only follow a whole date, at its end)",
            "ties.csv:4: column start: \"~\" is not a date (a qualifier ?, ~ or % may only follow a whole date, at its end)",
            "ties.csv:5: column end: \"2022?~\" has more than one qualifier (one of ?, ~ or % may end a date)",
            "ties.csv:6: column start: 2021-13~ is not a date (months run from 01 to 12)",
            "ties.csv:7: column start: 2021 ~ is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
        ]
    );
    let actors = "id,name,kind,from\nA,Alpha,state,1990??\nB,Beta,state,\n";
    assert_eq!(
        problems(actors, "id,source,target,kind,start\n", SOURCES),
        ["actors.csv:2: column from: \"1990??\" has more than one qualifier (one of ?, ~ or % may end a date)"]
    );
}

#[test]
fn a_bad_confidence_is_named_with_file_line_and_column() {
    let ties = "id,source,target,kind,start,confidence\n\
        t1,A,B,alliance,2021,sure\n\
        t2,A,B,alliance,2021, alleged\n";
    assert_eq!(
        problems(ACTORS, ties, SOURCES),
        [
            "ties.csv:2: column confidence: sure is not a confidence level (expected confirmed, reported or alleged)",
            "ties.csv:3: column confidence: \" alleged\" is not a confidence level (expected confirmed, reported or alleged)",
        ]
    );
}

#[test]
fn a_bad_url_is_named_with_file_line_and_column() {
    let sources = "id,title,url\n\
        s1,a,ftp://example.org/x\n\
        s2,b,https://example.org/a b\n\
        s3,c,javascript:alert(1)\n\
        s4,d,https://\n\
        s5,e, https://example.org/\n\
        s6,f,http://example.org/\"x\n\
        s7,g,HTTPS://Example.org/ä?q=%22\n";
    let shown = problems(ACTORS, "id,source,target,kind,start\n", sources);
    let expected = [2, 3, 4, 5, 6, 7];
    assert_eq!(shown.len(), expected.len(), "{shown:#?}");
    for (p, line) in shown.iter().zip(expected) {
        assert!(
            p.starts_with(&format!("sources.csv:{line}: column url: "))
                && p.ends_with(
                    "is not a web address (expected http:// or https:// and a host, \
                     without spaces, quotes or angle brackets)"
                ),
            "{p}"
        );
    }
}

#[test]
fn json_datasets_carry_the_same_fields() {
    let json = r#"{"actors": [{"id": "A", "name": "A", "kind": "state", "from": "1990~"},
                              {"id": "B", "name": "B", "kind": "state"}],
        "ties": [{"id": "t1", "source": "A", "target": "B", "kind": "alliance",
                  "start": "2021-08?", "confidence": "alleged", "sources": ["s1"]}],
        "sources": [{"id": "s1", "published": "2020%", "url": "https://example.org/", "note": "n"}]}"#;
    let data = Dataset::from_json_str(json).expect("valid");
    let t = &data.ties()[0];
    assert_eq!(t.confidence(), Confidence::Alleged);
    assert_eq!(t.start().to_string(), "2021-08?");
    assert_eq!(data.sources()[0].url(), Some("https://example.org/"));
    assert_eq!(data.sources()[0].note(), Some("n"));
    let back = Dataset::from_json_str(&data.to_json(false)).expect("its own output");
    assert_eq!(back, data);
    assert!(data.to_json(false).contains(r#""start":"2021-08?""#));
    assert!(data.to_json(false).contains(r#""confidence":"alleged""#));

    let bad = r#"{"actors": [{"id": "A", "name": "A", "kind": "state"}, {"id": "B", "name": "B", "kind": "state"}],
        "ties": [{"id": "t1", "source": "A", "target": "B", "kind": "alliance", "start": "2021~~", "confidence": "maybe"}],
        "sources": [{"id": "s1", "url": "www.example.org"}]}"#;
    let e = Dataset::from_json_str(bad).unwrap_err();
    let shown: Vec<String> = e
        .problems()
        .expect("problems")
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(
        shown,
        [
            "dataset.json: field sources[0].url: www.example.org is not a web address (expected http:// or https:// and a host, without spaces, quotes or angle brackets)",
            "dataset.json: field ties[0].start: \"2021~~\" has more than one qualifier (one of ?, ~ or % may end a date)",
            "dataset.json: field ties[0].confidence: maybe is not a confidence level (expected confirmed, reported or alleged)",
        ]
    );
}

#[test]
fn saving_keeps_confidence_qualifiers_and_source_columns() {
    let data = load(ACTORS, TIES, SOURCES).expect("valid");
    let csv = csv_of(&data);
    let ties_header = csv[1].lines().next().expect("a header");
    assert_eq!(
        ties_header,
        "id,source,target,kind,start,end,with,weight,confidence,sources,note"
    );
    assert!(
        csv[1].contains("t1,A,B,alliance,2021-08~,2022?,,,confirmed,s1,"),
        "{}",
        csv[1]
    );
    // Given as `Reported`, written in lower case; not given, left empty.
    assert!(
        csv[1].contains("t4,B,C,cooperation,2019,,,,reported,,"),
        "{}",
        csv[1]
    );
    assert!(
        csv[1].contains("t3,B,C,tension,2021-03-05,,,,,,"),
        "{}",
        csv[1]
    );
    assert!(csv[0].contains("A,Alpha,state,1990~,"), "{}", csv[0]);
    assert_eq!(
        csv[2].lines().next(),
        Some("id,title,publisher,published,reference,url,note")
    );
    let again = Dataset::from_csv(
        csv[0].as_bytes(),
        csv[1].as_bytes(),
        Some(csv[2].as_bytes()),
    )
    .expect("its own output");
    assert_eq!(again, data);
    assert_eq!(csv_of(&again), csv);
    let json = Dataset::from_json_str(&data.to_json(true)).expect("its own JSON");
    assert_eq!(json, data);
}

#[test]
fn a_dataset_without_the_new_columns_is_saved_as_before() {
    let ties =
        "id,source,target,kind,start,end,with,weight,sources,note\nt1,A,B,alliance,2021,,,,,\n";
    let sources = "id,title,publisher,published,reference\ns1,T,P,2020,x\n";
    let data = load(ACTORS, ties, sources).expect("valid");
    let csv = csv_of(&data);
    assert_eq!(csv[1], ties);
    assert_eq!(csv[2], sources);
}

#[test]
fn selectors_may_not_carry_a_qualifier() {
    let e = tiegraph::Selector::parse("2021~").unwrap_err();
    assert_eq!(
        e.to_string(),
        "\"2021~\" is not a date to look at: a qualifier (?, ~, %) belongs in a dataset, not in a selector"
    );
    assert!(tiegraph::Selector::parse("2021..2022?").is_err());
    assert!(Date::parse_unqualified("2021-08").is_ok());
}

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
    assert_eq!(by_id("t4").confidence(), Confidence::Reported);
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
    // Given as `Reported` or not given: written `reported`, in lower case.
    assert!(
        csv[1].contains("t4,B,C,cooperation,2019,,,,reported,,"),
        "{}",
        csv[1]
    );
    assert!(
        csv[1].contains("t3,B,C,tension,2021-03-05,,,,reported,,"),
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
fn a_confidence_column_of_only_reported_ties_is_not_written_back() {
    let ties = "id,source,target,kind,start,confidence\nt1,A,B,alliance,2021,reported\nt2,A,B,tension,2022,\n";
    let data = load(ACTORS, ties, SOURCES).expect("valid");
    let csv = csv_of(&data);
    assert_eq!(
        csv[1],
        "id,source,target,kind,start,end,with,weight,sources,note\n\
         t1,A,B,alliance,2021,,,,,\nt2,A,B,tension,2022,,,,,\n"
    );
    let again = Dataset::from_csv(
        csv[0].as_bytes(),
        csv[1].as_bytes(),
        Some(csv[2].as_bytes()),
    )
    .expect("its own output");
    assert_eq!(again, data);
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

// ------------------------------------------------------------ the command line

mod cli {
    use serde_json::Value;

    /// A small dataset of our own (`data/` is curated elsewhere): alleged
    /// ties that change the balance ratio and the camps at 2026-03-01,
    /// qualified dates, sources with and without `url`.
    const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/evidence");

    use super::cli_run as run;

    /// The output of a run on the fixture that must succeed.
    fn ok(args: &[&str]) -> String {
        let mut all = args.to_vec();
        all.extend(["--data", DATA]);
        let (code, stdout, stderr) = run(&all);
        assert_eq!(code, 0, "{all:?}: {stderr}");
        stdout
    }

    fn json(args: &[&str]) -> Value {
        let mut all = args.to_vec();
        if !all.contains(&"--format") {
            all.extend(["--format", "json"]);
        }
        let text = ok(&all);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
    }

    fn tie_ids(doc: &Value) -> Vec<String> {
        doc["ties"]
            .as_array()
            .expect("ties")
            .iter()
            .map(|t| t["id"].as_str().expect("an id").to_owned())
            .collect()
    }

    #[test]
    fn balance_without_allegations_differs_and_says_so() {
        let all = json(&["balance", "--at", "2026-03-01"]);
        let reported = json(&[
            "balance",
            "--at",
            "2026-03-01",
            "--min-confidence",
            "reported",
        ]);
        assert_ne!(all["ratio"], reported["ratio"]);
        assert_eq!(
            (&all["balanced"], &all["unbalanced"]),
            (&1.into(), &1.into())
        );
        assert_eq!(
            (&reported["balanced"], &reported["unbalanced"]),
            (&1.into(), &0.into())
        );
        // The robustness object holds what --min-confidence reported gives.
        let r = &all["robustness"];
        assert_eq!(r["changes"], true);
        for key in ["balanced", "unbalanced", "ratio"] {
            assert_eq!(r["without_alleged"][key], reported[key], "{key}");
        }
        assert_eq!(reported["robustness"]["changes"], false);
        let count = json(&["balance", "--at", "2026-03-01", "--count"]);
        assert_eq!(count["robustness"], all["robustness"]);
        // And the table says it in words.
        let text = ok(&["balance", "--at", "2026-03-01"]);
        assert!(
            text.contains(
                "without alleged ties: 1 balanced, 0 unbalanced triangles, ratio 1.000 (changed)"
            ),
            "{text}"
        );
        let text = ok(&[
            "balance",
            "--at",
            "2026-03-01",
            "--min-confidence",
            "reported",
        ]);
        assert!(!text.contains("without alleged"), "{text}");
    }

    #[test]
    fn camps_without_allegations_are_reported() {
        let doc = json(&["camps", "--at", "2026-03-01"]);
        let r = &doc["robustness"];
        assert_eq!(r["changes"], true);
        // G's only signed pair is alleged: without it, G is in no camp.
        let camps = r["without_alleged"]["camps"].to_string();
        assert!(!camps.contains("\"G\""), "{camps}");
        assert!(doc["camps"].to_string().contains("\"G\""));
        let text = ok(&["camps", "--at", "2026-03-01"]);
        assert!(
            text.contains("without alleged ties the camps change: "),
            "{text}"
        );
        let reported = json(&[
            "camps",
            "--at",
            "2026-03-01",
            "--min-confidence",
            "reported",
        ]);
        assert_eq!(reported["camps"], r["without_alleged"]["camps"]);
        assert_eq!(reported["robustness"]["changes"], false);
    }

    #[test]
    fn min_confidence_filters_every_command() {
        let ids = |level: &str| tie_ids(&json(&["ties", "--min-confidence", level]));
        assert_eq!(
            ids("alleged"),
            ["t8", "t3", "t9", "t1", "t2", "t4", "t6", "t5", "t7"]
        );
        assert_eq!(ids("reported"), ["t8", "t3", "t1", "t2", "t4", "t6"]);
        assert_eq!(ids("CONFIRMED"), ["t8", "t1"]);
        let history = json(&["history", "A", "B", "--min-confidence", "confirmed"]);
        assert_eq!(tie_ids(&history), ["t8", "t1"]);
        let snap = json(&["snapshot", "--at", "2026", "--min-confidence", "reported"]);
        assert!(!tie_ids(&snap).contains(&"t5".to_owned()));
        // Every analysis command takes the option.
        for args in [
            &["diff", "--from", "2019", "--to", "2026"][..],
            &["timeline", "--from", "2019", "--to", "2026"],
            &["centrality", "--at", "2026"],
            &["export", "--format", "jgf"],
            &["report", "--from", "2019", "--to", "2026", "--format", "md"],
        ] {
            let mut with = args.to_vec();
            with.extend(["--min-confidence", "reported"]);
            if args[0] == "report" {
                let dir = tempfile::tempdir().expect("a folder");
                let out = dir.path().join("r.md");
                let out = out.to_str().expect("UTF-8");
                with.extend(["-o", out]);
                ok(&with);
                let md = std::fs::read_to_string(out).expect("the report");
                assert!(!md.contains("t5"), "{md}");
                continue;
            }
            let text = ok(&with);
            assert!(!text.contains("\"t5\""), "{args:?}: {text}");
        }
        let diff = json(&[
            "diff",
            "--from",
            "2019",
            "--to",
            "2026",
            "--min-confidence",
            "reported",
        ]);
        assert!(!diff.to_string().contains("\"G\""));
        let export = json(&[
            "export",
            "--min-confidence",
            "confirmed",
            "--format",
            "node-link",
        ]);
        assert_eq!(export["links"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn bad_levels_and_qualified_selectors_are_usage_errors() {
        let (code, _, stderr) = run(&["ties", "--min-confidence", "sure", "--data", DATA]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("sure"), "{stderr}");
        let (code, _, stderr) = run(&["snapshot", "--at", "2021~", "--data", DATA]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("a qualifier"), "{stderr}");
        let (code, _, _) = run(&["timeline", "--from", "2019?", "--to", "2021"]);
        assert_eq!(code, 2);
        // actors and validate have no ties to leave out.
        let (code, _, _) = run(&["actors", "--min-confidence", "reported"]);
        assert_eq!(code, 2);
    }

    #[test]
    fn json_outputs_show_confidence_and_dates_as_written() {
        let snap = json(&["snapshot", "--at", "2026-03-01"]);
        let ties = snap["ties"].as_array().expect("ties");
        let t1 = ties.iter().find(|t| t["id"] == "t1").expect("t1");
        assert_eq!(t1["start"], "2020-05~");
        assert_eq!(t1["confidence"], "confirmed");
        let t5 = ties.iter().find(|t| t["id"] == "t5").expect("t5");
        assert_eq!(t5["start"], "2024-11%");
        assert_eq!(t5["confidence"], "alleged");
        assert!(ties.iter().all(|t| t["confidence"].is_string()));
        let history = json(&["history", "A", "B"]);
        let t9 = &history["ties"][1];
        assert_eq!(
            (&t9["id"], &t9["start"], &t9["end"], &t9["confidence"]),
            (
                &"t9".into(),
                &"2019-06?".into(),
                &"2020-05~".into(),
                &"alleged".into()
            )
        );
        let actors = json(&["actors"]);
        assert_eq!(actors["actors"][0]["from"], "1950~");
        // The dataset-format CSV keeps everything, and loads back.
        let csv = ok(&["ties", "--format", "csv"]);
        assert!(csv
            .starts_with("id,source,target,kind,start,end,with,weight,confidence,sources,note\n"));
        assert!(
            csv.contains("t5,C,D,hostility,2024-11%,,,,alleged,s3,"),
            "{csv}"
        );
    }

    #[test]
    fn exports_carry_confidence_and_source_urls() {
        let gexf = ok(&["export", "--format", "gexf"]);
        assert!(gexf.contains(r#"<attvalue for="confidence" value="alleged"/>"#));
        assert!(gexf.contains(r#"<attvalue for="start" value="2024-11%"/>"#));
        // GEXF's own times are plain days.
        assert!(gexf.contains(r#"start="2024-11-01""#), "{gexf}");
        let graphml = ok(&["export", "--format", "graphml"]);
        assert!(graphml.contains(r#"<data key="e_confidence">confirmed</data>"#));
        assert!(graphml.contains("https://news.example.org/war?id=1&amp;lang=en"));
        let jgf = json(&["export", "--format", "jgf"]);
        let edges = jgf["graphs"][0]["edges"].as_array().expect("edges");
        assert!(edges
            .iter()
            .any(|e| e["metadata"]["confidence"] == "alleged"));
        let sources = &jgf["graphs"][0]["metadata"]["sources"];
        assert_eq!(
            sources[0]["url"],
            "https://news.example.org/war?id=1&lang=en"
        );
        assert_eq!(
            sources[0]["note"],
            "publication month estimated from the text"
        );
        // Full exports load back to the same dataset.
        let dir = tempfile::tempdir().expect("a folder");
        let edges = dir.path().join("e.csv");
        ok(&[
            "export",
            "--format",
            "gephi-csv",
            "-o",
            edges.to_str().expect("UTF-8"),
        ]);
        let edges_csv = std::fs::read_to_string(&edges).expect("the edges");
        assert!(edges_csv.contains(",alleged,t5,"), "{edges_csv}");
        for (format, name) in [("graphml", "x.graphml"), ("jgf", "x.jgf")] {
            let path = dir.path().join(name);
            let path = path.to_str().expect("UTF-8");
            ok(&["export", "--format", format, "-o", path]);
            let (code, again, stderr) = run(&["ties", "--format", "json", "--data", path]);
            assert_eq!(code, 0, "{stderr}");
            assert_eq!(again, ok(&["ties", "--format", "json"]), "{format}");
        }
    }
}

// ------------------------------------------------------------ what people read

mod display {
    use super::cli_run as run;

    const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/evidence");

    fn ok(args: &[&str]) -> String {
        let mut all = args.to_vec();
        all.extend(["--data", DATA]);
        let (code, stdout, stderr) = run(&all);
        assert_eq!(code, 0, "{all:?}: {stderr}");
        stdout
    }

    #[test]
    fn tables_mark_uncertain_dates_and_show_confidence() {
        let ties = ok(&["ties", "--wide"]);
        let header = ties.lines().next().expect("a header");
        assert!(header.contains("weight  confidence  note"), "{header}");
        let t5 = ties.lines().find(|l| l.starts_with("t5 ")).expect("t5");
        assert!(t5.contains("c. 2024-11?") && t5.contains("alleged"), "{t5}");
        let t1 = ties.lines().find(|l| l.starts_with("t1 ")).expect("t1");
        assert!(
            t1.contains("c. 2020-05") && t1.contains("confirmed"),
            "{t1}"
        );
        let t2 = ties.lines().find(|l| l.starts_with("t2 ")).expect("t2");
        assert!(t2.contains("2021?") && !t2.contains("c. 2021"), "{t2}");
        let actors = ok(&["actors"]);
        assert!(actors.contains("c. 1950"), "{actors}");
        assert!(actors.contains("2001?"), "{actors}");
        let history = ok(&["history", "A", "B"]);
        assert!(
            history.contains("2019-06?  tension A → B (until c. 2020-05; alleged)"),
            "{history}"
        );
        assert!(history.contains("c. 2024-06"), "{history}");
        assert!(
            history.contains("(publication month estimated from the text)"),
            "{history}"
        );
    }

    #[test]
    fn a_dataset_without_confidence_keeps_its_tables() {
        let small = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/core/small");
        let ties = super::cli_ok(&["--data", small, "ties", "--wide"]);
        let header = ties.lines().next().expect("a header");
        assert!(!header.contains("confidence"), "{header}");
    }

    #[test]
    fn diagram_tooltips_say_how_sure_a_tie_is() {
        let dot = ok(&["snapshot", "--at", "2026-03-01", "--format", "dot"]);
        assert!(dot.contains("since c. 2024-11?, alleged"), "{dot}");
        assert!(dot.contains("since c. 2020-05, confirmed"), "{dot}");
        // A source's url is the edge's link.
        assert!(
            dot.contains("URL=\"https://news.example.org/war?id=1&amp;lang=en\""),
            "{dot}"
        );
    }

    #[test]
    fn the_pair_chart_draws_alleged_ties_pale() {
        let svg = ok(&["history", "A", "B", "--format", "svg"]);
        // The alleged tension bar and the legend's sample.
        assert_eq!(svg.matches("fill-opacity=\"0.4\"").count(), 2, "{svg}");
        assert!(svg.contains(">alleged<"), "{svg}");
        assert!(svg.contains("2019-06? – c. 2020-05 · alleged"), "{svg}");
        // Without an alleged tie, no pale bar and no legend entry.
        let svg = ok(&["history", "B", "C", "--format", "svg"]);
        assert!(!svg.contains("fill-opacity=\"0.4\""), "{svg}");
        assert!(!svg.contains(">alleged<"), "{svg}");
    }

    #[test]
    fn the_report_shows_confidence_robustness_and_source_links() {
        let dir = tempfile::tempdir().expect("a folder");
        let html = dir.path().join("r.html");
        let html_path = html.to_str().expect("UTF-8");
        ok(&["report", "--from", "2019", "--to", "2026", "-o", html_path]);
        let page = std::fs::read_to_string(&html).expect("the page");
        assert!(page.contains(
            "Leaving out the alleged ties changes the balance in 2024, 2025 and 2026 and the \
             camps in 2025 and 2026."
        ));
        assert!(page.contains("<span class=\"confidence alleged\">alleged</span>"));
        assert!(page.contains("<th class=\"num\">Without alleged ties</th>"));
        assert!(page.contains("Without the alleged ties: "));
        assert!(page.contains(
            "<a href=\"https://news.example.org/war?id=1&amp;lang=en\" rel=\"noreferrer noopener\">"
        ));
        assert!(page.contains("publication month estimated from the text"));
        assert!(page.contains("since c. 2024-11?"));
        let md = dir.path().join("r.md");
        let md_path = md.to_str().expect("UTF-8");
        ok(&[
            "report", "--from", "2019", "--to", "2026", "-f", "md", "-o", md_path,
        ]);
        let text = std::fs::read_to_string(&md).expect("the Markdown");
        assert!(
            text.contains("<https://news.example.org/war?id=1&lang=en>"),
            "{text}"
        );
        assert!(text.contains("(t5) *alleged*"), "{text}");
        assert!(
            text.contains("*without the alleged ties:* A, C, D, E \\| B, F"),
            "{text}"
        );
        // Leaving the alleged ties out: nothing left to say about them.
        ok(&[
            "report",
            "--from",
            "2019",
            "--to",
            "2026",
            "-f",
            "md",
            "-o",
            md_path,
            "--min-confidence",
            "reported",
        ]);
        let text = std::fs::read_to_string(&md).expect("the Markdown");
        assert!(!text.contains("Leaving out the alleged ties"), "{text}");
        assert!(!text.contains("Without alleged ties"), "{text}");
    }
}

/// Runs tiegraph; (exit code, stdout, stderr).
fn cli_run(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tiegraph"))
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("tiegraph starts");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    (
        out.status.code().expect("not killed"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

/// The output of a run on the embedded dataset that must succeed.
fn cli_ok(args: &[&str]) -> String {
    let (code, stdout, stderr) = cli_run(args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

// ------------------------------------------------------------ properties

use crate::random;

mod props {
    use super::random;
    use proptest::prelude::{prop_assert, prop_assert_eq, proptest, ProptestConfig};
    use tiegraph::analysis::{balance, camps, count_triangles};
    use tiegraph::Confidence;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// `--min-confidence` keeps exactly the ties at or above the level,
        /// and the robustness of balance and camps is what the dataset
        /// without the alleged ties gives.
        #[test]
        fn robustness_is_the_result_without_alleged_ties(
            spec in random::spec(6, 24),
            selector in random::selector(),
        ) {
            let data = spec.load();
            for level in Confidence::ALL {
                let kept = data.with_min_confidence(level);
                let expected: Vec<&str> = data
                    .ties()
                    .iter()
                    .filter(|t| t.confidence() >= level)
                    .map(|t| t.id())
                    .collect();
                let ids: Vec<&str> = kept.ties().iter().map(|t| t.id()).collect();
                prop_assert_eq!(ids, expected);
                prop_assert_eq!(kept.actors(), data.actors());
                prop_assert_eq!(kept.sources(), data.sources());
            }
            let reported = data.with_min_confidence(Confidence::Reported);
            let snap = data.snapshot(&selector);
            let without = reported.snapshot(&selector);
            let b = balance(&snap);
            prop_assert_eq!(*b.robustness().without_alleged(), count_triangles(&without.pairs()));
            prop_assert_eq!(
                b.robustness().changes(),
                b.count().ratio() != count_triangles(&without.pairs()).ratio()
            );
            let c = camps(&snap, 2);
            let c_without = camps(&without, 2);
            prop_assert_eq!(c.robustness().without_alleged().camps(), c_without.camps());
            prop_assert_eq!(c.robustness().changes(), c.camps() != c_without.camps());
            if !snap.has_alleged() {
                prop_assert!(!b.robustness().changes() && !c.robustness().changes());
            }
        }
    }
}

//! Tests of the core library (issue 2): every validation rule with its
//! message, name resolution, dates and selectors, the snapshot and diff JSON
//! of FORMAT.md byte for byte, diff categories, `write_atomic`, and property
//! tests of snapshots, sweeps and diffs against brute force.

use std::path::{Path, PathBuf};

use insta::assert_snapshot;
use tiegraph::{Dataset, Error, ErrorKind, ProblemKind, Selector, TieKind};

use crate::random;

/// Actors for the validation tests. TAL has two touching phases, GAP two
/// phases with a gap, AFG a closed life; "Afghanistan" is an alias of both
/// AFG and TAL.
const ACTORS: &str = "\
id,name,kind,from,until,aliases,note
PAK,Pakistan,state,1947-08-14,,Islamic Republic of Pakistan,
IND,India,state,1947-08-15,,Bharat,
TAL,Afghan Taliban,group,1994,2021-08-15,Taliban,
TAL,Islamic Emirate of Afghanistan,state,2021-08-15,,Islamic Emirate;Afghanistan,
AFG,Islamic Republic of Afghanistan,state,2001-12-22,2021-08-15,Afghanistan,
TTP,Pakistani Taliban,group,2007-12,,Tehrik-i-Taliban Pakistan,
GAP,Gappy,group,2000,2005,,
GAP,Gappy again,group,2010,,,
CHN,China,state,1949-10-01,,,
";
const SOURCES: &str = "id,title,publisher,published,reference\ns1,T,P,2026,r\ns2,U,Q,2025,\n";
const TIES_HEADER: &str = "id,source,target,kind,start,end,with,weight,sources,note\n";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/core")
        .join(name)
}

fn load(actors: &[u8], ties: &[u8], sources: Option<&[u8]>) -> Result<Dataset, Error> {
    Dataset::from_csv(actors, ties, sources)
}

/// Every problem of a rejected dataset, as displayed.
fn problems(actors: &[u8], ties: &[u8], sources: Option<&[u8]>) -> Vec<String> {
    match load(actors, ties, sources) {
        Ok(_) => panic!("the dataset was accepted"),
        Err(e) => e
            .problems()
            .expect("a dataset error")
            .iter()
            .map(ToString::to_string)
            .collect(),
    }
}

/// The only problem of a rejected dataset.
fn problem(actors: &[u8], ties: &[u8], sources: Option<&[u8]>) -> String {
    let all = problems(actors, ties, sources);
    assert_eq!(all.len(), 1, "expected one problem, got {all:#?}");
    all.into_iter().next().unwrap_or_default()
}

/// The only problem of ties.csv made of the header and `rows`, with the
/// standard actors and sources.
fn tie_problem(rows: &str) -> String {
    let ties = format!("{TIES_HEADER}{rows}\n");
    problem(ACTORS.as_bytes(), ties.as_bytes(), Some(SOURCES.as_bytes()))
}

/// The kind of the only problem of ties.csv made of `rows`.
fn tie_problem_kind(rows: &str) -> ProblemKind {
    let ties = format!("{TIES_HEADER}{rows}\n");
    let err =
        load(ACTORS.as_bytes(), ties.as_bytes(), Some(SOURCES.as_bytes())).expect_err("rejected");
    let problems = err.problems().expect("a dataset error");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    problems.as_slice()[0].kind()
}

/// The standard actors with ties.csv made of the header and `rows`.
fn with_ties(rows: &str) -> Dataset {
    let ties = format!("{TIES_HEADER}{rows}\n");
    load(ACTORS.as_bytes(), ties.as_bytes(), Some(SOURCES.as_bytes()))
        .unwrap_or_else(|e| panic!("rejected: {:#?}", e.problems()))
}

fn sel(text: &str) -> Selector {
    text.parse().expect("a valid selector")
}

fn small() -> Dataset {
    Dataset::load_dir(fixture("small")).expect("the small fixture loads")
}

mod validation {
    use super::*;

    #[test]
    fn the_standard_actors_load() {
        let data = with_ties("t1,PAK,IND,hostility,1947-10,,,,s1,");
        assert_eq!(data.actors().len(), 7);
        assert_eq!(data.ties().len(), 1);
    }

    #[test]
    fn unknown_actor_ids_are_named_with_suggestions() {
        assert_snapshot!(
            tie_problem("t1,Pakistn,IND,hostility,2020,,,,,"),
            @"ties.csv:2: column source: no actor is called Pakistn (did you mean PAK, TTP?)"
        );
        assert_snapshot!(
            tie_problem("t1,PAK,INDD,hostility,2020,,,,,"),
            @"ties.csv:2: column target: no actor is called INDD (did you mean IND?)"
        );
        assert_snapshot!(
            tie_problem("t1,PAK,Xyzzy,hostility,2020,,,,,"),
            @"ties.csv:2: column target: no actor is called Xyzzy"
        );
        assert_snapshot!(
            tie_problem("t1,PAK,IND,mediation,2020,,Chinaa,,,"),
            @"ties.csv:2: column with: no actor is called Chinaa (did you mean CHN?)"
        );
        assert_snapshot!(
            tie_problem("t1,,IND,hostility,2020,,,,,"),
            @"ties.csv:2: column source: source needs an actor id"
        );
        assert_eq!(
            tie_problem_kind("t1,PAK,INDD,hostility,2020,,,,,"),
            ProblemKind::UnknownActor
        );
    }

    #[test]
    fn hostile_unknown_ids_are_escaped_in_messages() {
        assert_snapshot!(
            tie_problem("t1,\"X\"\"Y\nZ\",IND,hostility,2020,,,,,"),
            @r#"ties.csv:2: column source: no actor is called "X\"Y\nZ""#
        );
    }

    #[test]
    fn ambiguous_names_are_errors() {
        assert_snapshot!(
            tie_problem("t1,Afghanistan,PAK,hostility,2022,,,,,"),
            @"ties.csv:2: column source: Afghanistan could be any of AFG, TAL: use an id"
        );
        assert_eq!(
            tie_problem_kind("t1,afghanistan,PAK,hostility,2022,,,,,"),
            ProblemKind::AmbiguousActor
        );
    }

    #[test]
    fn overlapping_phases_are_errors() {
        let actors = "id,name,kind,from,until\nTAL,A,group,1994,2021\nTAL,B,state,2020,\n";
        assert_snapshot!(
            problem(actors.as_bytes(), TIES_HEADER.as_bytes(), None),
            @"actors.csv:3: column from: this phase of TAL overlaps its phase on line 2"
        );
        // Two open-ended phases overlap whatever their dates.
        let actors = "id,name,kind,from,until\nX,A,group,,\nX,B,state,,\n";
        assert_snapshot!(
            problem(actors.as_bytes(), TIES_HEADER.as_bytes(), None),
            @"actors.csv:3: column from: this phase of X overlaps its phase on line 2"
        );
        // Touching phases do not overlap.
        let actors = "id,name,kind,from,until\nX,A,group,,2000\nX,B,state,2000,\n";
        assert!(load(actors.as_bytes(), TIES_HEADER.as_bytes(), None).is_ok());
    }

    /// Regression: only neighbouring phases were compared, so a long first
    /// phase overlapping the second *and* the third was reported once.
    #[test]
    fn a_long_phase_overlapping_several_is_reported_for_each() {
        let actors = "\
id,name,kind,from,until
TAL,C,state,1997,
TAL,A,group,1994,2021
TAL,B,state,1995,1996
";
        assert_eq!(
            problems(actors.as_bytes(), TIES_HEADER.as_bytes(), None),
            [
                "actors.csv:2: column from: this phase of TAL overlaps its phase on line 3",
                "actors.csv:4: column from: this phase of TAL overlaps its phase on line 3",
            ]
        );
        let err = load(actors.as_bytes(), TIES_HEADER.as_bytes(), None).unwrap_err();
        assert_snapshot!(
            err,
            @"actors.csv:2: column from: this phase of TAL overlaps its phase on line 3 (and 1 more problem)"
        );
    }

    #[test]
    fn ends_must_come_after_starts() {
        assert_snapshot!(
            tie_problem("t1,PAK,IND,hostility,2020-06,2020,,,,"),
            @"ties.csv:2: column end: end 2020 is not after start 2020-06"
        );
        // The same day at two precisions is not after: a tie lasts a day at least.
        assert_snapshot!(
            tie_problem("t1,PAK,IND,hostility,2020,2020-01-01,,,,"),
            @"ties.csv:2: column end: end 2020-01-01 is not after start 2020"
        );
        let actors = "id,name,kind,from,until\nY,y,group,2000,2000\n";
        assert_snapshot!(
            problem(actors.as_bytes(), TIES_HEADER.as_bytes(), None),
            @"actors.csv:2: column until: until 2000 is not after from 2000"
        );
        let actors = "id,name,kind,from,until\nY,y,group,2000-05,2000-04-30\n";
        assert_snapshot!(
            problem(actors.as_bytes(), TIES_HEADER.as_bytes(), None),
            @"actors.csv:2: column until: until 2000-04-30 is not after from 2000-05"
        );
        assert_eq!(
            tie_problem_kind("t1,PAK,IND,hostility,2020-06,2020,,,,"),
            ProblemKind::EndBeforeStart
        );
        // One day is enough.
        with_ties("t1,PAK,IND,hostility,2020-01-01,2020-01-02,,,,");
    }

    #[test]
    fn bad_dates_are_named_with_their_reason() {
        assert_snapshot!(
            tie_problem("t1,PAK,IND,hostility,2025-13-01,,,,,"),
            @"ties.csv:2: column start: 2025-13-01 is not a date (months run from 01 to 12)"
        );
        assert_snapshot!(
            tie_problem("t1,PAK,IND,hostility,2020,2025-02-30,,,,"),
            @"ties.csv:2: column end: 2025-02-30 is not a date (no such day in that month)"
        );
        assert_snapshot!(
            tie_problem("t1,PAK,IND,hostility,0000,,,,,"),
            @"ties.csv:2: column start: 0000 is not a date (years run from 0001 to 9999)"
        );
        assert_snapshot!(
            tie_problem("t1,PAK,IND,hostility,99999,,,,,"),
            @"ties.csv:2: column start: 99999 is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
        );
        assert_snapshot!(
            tie_problem("t1,PAK,IND,hostility,,,,,,"),
            @"ties.csv:2: column start: a tie needs a start date"
        );
        let actors = "id,name,kind,from,until\nY,y,group,2025-13-01,\nZ,z,group,,2025-02-30\n";
        assert_eq!(
            problems(actors.as_bytes(), TIES_HEADER.as_bytes(), None),
            [
                "actors.csv:2: column from: 2025-13-01 is not a date (months run from 01 to 12)",
                "actors.csv:3: column until: 2025-02-30 is not a date (no such day in that month)",
            ]
        );
        assert_eq!(
            tie_problem_kind("t1,PAK,IND,hostility,2025-02-30,,,,,"),
            ProblemKind::BadDate
        );
        // 2024 is a leap year.
        with_ties("t1,PAK,IND,hostility,2024-02-29,,,,,");
    }

    #[test]
    fn unknown_kinds_are_errors() {
        assert_snapshot!(
            tie_problem("t1,PAK,IND,war,2020,,,,,"),
            @"ties.csv:2: column kind: war is not a known kind (expected alliance, cooperation, support, tension, hostility or mediation)"
        );
        // Kinds are words in any case (issue 14), but no guessing.
        assert_eq!(
            with_ties("t1,PAK,IND,Hostility,2020,,,,,").ties()[0].kind(),
            TieKind::Hostility
        );
        assert_snapshot!(
            tie_problem("t1,PAK,IND,Hostile,2020,,,,,"),
            @"ties.csv:2: column kind: Hostile is not a known kind (expected alliance, cooperation, support, tension, hostility or mediation)"
        );
        let actors = "id,name,kind\nX,x,party\n";
        assert_snapshot!(
            problem(actors.as_bytes(), TIES_HEADER.as_bytes(), None),
            @"actors.csv:2: column kind: party is not a known kind (expected state, group or organization)"
        );
        assert_eq!(
            tie_problem_kind("t1,PAK,IND,war,2020,,,,,"),
            ProblemKind::BadKind
        );
    }

    #[test]
    fn a_mediation_needs_with_and_only_a_mediation_has_one() {
        assert_snapshot!(
            tie_problem("t1,CHN,PAK,mediation,2020,,,,,"),
            @"ties.csv:2: column with: a mediation needs its second party in with"
        );
        assert_eq!(
            tie_problem_kind("t1,CHN,PAK,mediation,2020,,,,,"),
            ProblemKind::MissingWith
        );
        assert_snapshot!(
            tie_problem("t1,PAK,IND,support,2020,,CHN,,,"),
            @"ties.csv:2: column with: only a mediation has a with (this tie is support)"
        );
        assert_eq!(
            tie_problem_kind("t1,PAK,IND,support,2020,,CHN,,,"),
            ProblemKind::UnexpectedWith
        );
        let data = with_ties("t1,CHN,PAK,mediation,2020,,IND,,,");
        let tie = &data.ties()[0];
        assert_eq!(tie.with().map(|w| data.actor_id(w)), Some("IND"));
    }

    #[test]
    fn self_ties_are_errors() {
        assert_snapshot!(
            tie_problem("t1,PAK,PAK,support,2020,,,,,"),
            @"ties.csv:2: column target: a tie needs two different actors"
        );
        // Through a name, too.
        assert_snapshot!(
            tie_problem("t1,PAK,pakistan,support,2020,,,,,"),
            @"ties.csv:2: column target: a tie needs two different actors"
        );
        assert_snapshot!(
            tie_problem("t1,CHN,PAK,mediation,2020,,CHN,,,"),
            @"ties.csv:2: column with: with must differ from source and target"
        );
        assert_snapshot!(
            tie_problem("t1,CHN,PAK,mediation,2020,,PAK,,,"),
            @"ties.csv:2: column with: with must differ from source and target"
        );
        assert_eq!(
            tie_problem_kind("t1,CHN,PAK,mediation,2020,,PAK,,,"),
            ProblemKind::SelfTie
        );
    }

    #[test]
    fn duplicate_tie_ids_are_errors() {
        assert_snapshot!(
            tie_problem("t1,PAK,IND,support,2020,,,,,\nt1,IND,PAK,tension,2020,,,,,"),
            @"ties.csv:3: column id: tie id t1 is used twice (first on line 2)"
        );
        // A saved generated id clashes with the id generated for its line.
        assert_snapshot!(
            tie_problem(",PAK,IND,support,2020,,,,,\n#2,IND,PAK,tension,2020,,,,,"),
            @"ties.csv:3: column id: tie id #2 is used twice (first on line 2)"
        );
        assert_eq!(
            tie_problem_kind("t1,PAK,IND,support,2020,,,,,\nt1,IND,PAK,tension,2020,,,,,"),
            ProblemKind::DuplicateId
        );
    }

    #[test]
    fn duplicate_source_ids_are_errors() {
        let sources = "id,title\ns1,A\ns2,B\ns1,C\n";
        assert_snapshot!(
            problem(
                ACTORS.as_bytes(),
                TIES_HEADER.as_bytes(),
                Some(sources.as_bytes())
            ),
            @"sources.csv:4: column id: source id s1 is used twice (first on line 2)"
        );
        let sources = "id,title\ns;1,A\n";
        assert_snapshot!(
            problem(
                ACTORS.as_bytes(),
                TIES_HEADER.as_bytes(),
                Some(sources.as_bytes())
            ),
            @r#"sources.csv:2: column id: s;1 is not a source id (no `;` and no surrounding spaces)"#
        );
    }

    #[test]
    fn weights_must_be_in_zero_one() {
        let cases = [
            ("0", "0 is not a number in (0, 1]"),
            ("-0", "-0 is not a number in (0, 1]"),
            ("1.0000001", "1.0000001 is not a number in (0, 1]"),
            ("NaN", "NaN is not a number in (0, 1]"),
            ("inf", "inf is not a number in (0, 1]"),
            ("-inf", "-inf is not a number in (0, 1]"),
            ("abc", "abc is not a number in (0, 1]"),
            ("1e-400", "1e-400 is not a number in (0, 1]"),
            ("-0.5", "-0.5 is not a number in (0, 1]"),
        ];
        for (weight, message) in cases {
            assert_eq!(
                tie_problem(&format!("t1,PAK,IND,support,2020,,,{weight},,")),
                format!("ties.csv:2: column weight: {message}"),
            );
            assert_eq!(
                tie_problem_kind(&format!("t1,PAK,IND,support,2020,,,{weight},,")),
                ProblemKind::BadWeight
            );
        }
        let data = with_ties(
            "t1,PAK,IND,support,2020,,,1,,\nt2,PAK,IND,support,2020,,,0.000001,,\nt3,PAK,IND,support,2020,,,,,",
        );
        let weights: Vec<_> = data.ties().iter().map(|t| t.weight_given()).collect();
        assert_eq!(weights, [Some(1.0), Some(0.000001), None]);
        assert_eq!(data.ties()[2].weight(), 1.0);
    }

    #[test]
    fn references_to_unknown_sources_are_errors() {
        assert_snapshot!(
            tie_problem("t1,PAK,IND,support,2020,,,,s1;s9,"),
            @"ties.csv:2: column sources: source s9 is not in sources.csv"
        );
        assert_eq!(
            tie_problem_kind("t1,PAK,IND,support,2020,,,,s9,"),
            ProblemKind::UnknownSource
        );
        // Without a sources.csv every reference is unknown, and the
        // message says the file is missing.
        let ties = format!("{TIES_HEADER}t1,PAK,IND,support,2020,,,,s1,\n");
        assert_snapshot!(
            problem(ACTORS.as_bytes(), ties.as_bytes(), None),
            @"ties.csv:2: column sources: s1 is cited but the dataset has no sources.csv"
        );
        // Spaces around the `;` do not matter.
        let data = with_ties("t1,PAK,IND,support,2020,,,, s1 ; s2 ,");
        let cited: Vec<_> = data.tie_sources(&data.ties()[0]).map(|s| s.id()).collect();
        assert_eq!(cited, ["s1", "s2"]);
    }

    #[test]
    fn a_tie_must_stay_within_its_actors_phases() {
        // Before the first phase.
        assert_snapshot!(
            tie_problem("t1,PAK,TTP,support,2000,,,,,"),
            @"ties.csv:2: column target: the tie runs from 2000 on but actor TTP is in force from 2007-12"
        );
        // After the last phase.
        assert_snapshot!(
            tie_problem("t1,AFG,PAK,tension,2020,,,,,"),
            @"ties.csv:2: column source: the tie runs from 2020 on but actor AFG is in force from 2001-12-22 until 2021-08-15"
        );
        assert_snapshot!(
            tie_problem("t1,AFG,PAK,tension,2020,2021-08-16,,,,"),
            @"ties.csv:2: column source: the tie runs from 2020 to 2021-08-16 but actor AFG is in force from 2001-12-22 until 2021-08-15"
        );
        // In a gap between phases (regression: the message said "in force from 2000").
        assert_snapshot!(
            tie_problem("t1,PAK,GAP,support,2003,2012,,,,"),
            @"ties.csv:2: column target: the tie runs from 2003 to 2012 but actor GAP is in force from 2000 until 2005 and from 2010"
        );
        // The `with` of a mediation counts too.
        assert_snapshot!(
            tie_problem("t1,CHN,PAK,mediation,2022,,AFG,,,"),
            @"ties.csv:2: column with: the tie runs from 2022 on but actor AFG is in force from 2001-12-22 until 2021-08-15"
        );
        // Touching phases are one life: TAL's tie may cross 2021-08-15.
        assert_snapshot!(
            tie_problem("t1,PAK,TAL,support,1990,,,,,"),
            @"ties.csv:2: column target: the tie runs from 1990 on but actor TAL is in force from 1994"
        );
        assert_eq!(
            tie_problem_kind("t1,PAK,TTP,support,2000,,,,,"),
            ProblemKind::ActorNotInForce
        );
        // Up to the last day, and across touching phases, is fine.
        with_ties(
            "t1,AFG,PAK,tension,2020,2021-08-15,,,,\nt2,PAK,TAL,support,1994,,,,,\nt3,PAK,GAP,support,2000,2005,,,,\nt4,PAK,GAP,support,2010,,,,,",
        );
    }

    #[test]
    fn unknown_columns_are_errors_but_x_columns_are_kept() {
        let actors = "id,name,kind,colour,x_,x_flag\n";
        assert_eq!(
            problems(actors.as_bytes(), TIES_HEADER.as_bytes(), None),
            [
                "actors.csv:1: unknown column colour (expected id, name, kind, from, until, aliases, note, or x_… for a custom column)",
                "actors.csv:1: unknown column x_ (expected id, name, kind, from, until, aliases, note, or x_… for a custom column)",
            ]
        );
        let ties = "id,source,target,kind,start,x_conf,weigth\n";
        assert_snapshot!(
            problem(ACTORS.as_bytes(), ties.as_bytes(), None),
            @"ties.csv:1: unknown column weigth (expected id, source, target, kind, start, end, with, weight, confidence, sources, note, directed, or x_… for a custom column)"
        );
        let actors = "id,name,kind,name\n";
        assert_snapshot!(
            problem(actors.as_bytes(), TIES_HEADER.as_bytes(), None),
            @"actors.csv:1: column name appears twice"
        );

        let actors = "id,x_flag,name,kind\nPAK,green,Pakistan,state\nIND,,India,state\n";
        let ties = "source,target,kind,start,x_conf,x_url\nPAK,IND,hostility,1948,high,\n";
        let sources = "id,x_lang\ns1,ur\n";
        let data = load(actors.as_bytes(), ties.as_bytes(), Some(sources.as_bytes()))
            .expect("x_ columns are accepted");
        let [a, t, s] = data.extra_columns();
        assert_eq!((a.len(), t.len(), s.len()), (1, 2, 1));
        assert_eq!(&*t[1], "x_url");
        let pak = data.actor(data.resolve("PAK").unwrap());
        assert_eq!(
            pak.current().extra().get("x_flag").map(|v| &**v),
            Some("green")
        );
        let ind = data.actor(data.resolve("IND").unwrap());
        assert!(ind.current().extra().is_empty());
        let tie = &data.ties()[0];
        assert_eq!(tie.extra().get("x_conf").map(|v| &**v), Some("high"));
        assert_eq!(
            data.sources()[0].extra().get("x_lang").map(|v| &**v),
            Some("ur")
        );
        // Carried into the snapshot JSON…
        let json = serde_json::to_string(&data.snapshot(&sel("2000"))).unwrap();
        assert!(
            json.contains(r#""kind":"state","extra":{"x_flag":"green"}}"#),
            "{json}"
        );
        assert!(
            json.contains(r#""note":null,"extra":{"x_conf":"high"}}"#),
            "{json}"
        );
        // …and written back.
        let (mut a, mut t, mut s) = (Vec::new(), Vec::new(), Vec::new());
        data.write_csv(&mut a, &mut t, Some(&mut s)).unwrap();
        assert_eq!(
            String::from_utf8(a).unwrap(),
            "id,name,kind,from,until,aliases,note,x_flag\nIND,India,state,,,,,\nPAK,Pakistan,state,,,,,green\n"
        );
        assert_eq!(
            String::from_utf8(t).unwrap(),
            "id,source,target,kind,start,end,with,weight,sources,note,x_conf,x_url\n#2,PAK,IND,hostility,1948,,,,,,high,\n"
        );
        assert_eq!(
            String::from_utf8(s).unwrap(),
            "id,title,publisher,published,reference,x_lang\ns1,,,,,ur\n"
        );
    }

    #[test]
    fn missing_required_columns_are_errors() {
        assert_eq!(
            problems(b"id,name\n", b"id,source\n", None),
            [
                "actors.csv:1: the required column kind is missing",
                "ties.csv:1: the required column target is missing",
                "ties.csv:1: the required column kind is missing",
                "ties.csv:1: the required column start is missing",
            ]
        );
        let err = load(b"id,name\n", TIES_HEADER.as_bytes(), None).unwrap_err();
        assert_eq!(
            err.problems().unwrap().as_slice()[0].kind(),
            ProblemKind::MissingColumn
        );
    }

    #[test]
    fn empty_files_are_errors() {
        assert_eq!(
            problems(b"", b"", Some(b"")),
            [
                "actors.csv: the file is empty (expected a header row: id,name,kind,from,until,aliases,note)",
                "sources.csv: the file is empty (expected a header row: id,title,publisher,published,reference,url,note)",
                "ties.csv: the file is empty (expected a header row: id,source,target,kind,start,end,with,weight,confidence,sources,note,directed)",
            ]
        );
        let err = load(b"", TIES_HEADER.as_bytes(), None).unwrap_err();
        let p = &err.problems().unwrap().as_slice()[0];
        assert_eq!(p.kind(), ProblemKind::Empty);
        assert_eq!(p.location().line(), None);
        // A header and no rows is a valid, empty dataset.
        let data = load(b"id,name,kind\n", TIES_HEADER.as_bytes(), None).unwrap();
        assert!(data.actors().is_empty() && data.ties().is_empty());
    }

    #[test]
    fn rows_with_the_wrong_field_count_are_errors() {
        assert_snapshot!(
            tie_problem("t1,PAK,IND,support,2020,,,,"),
            @"ties.csv:2: expected 10 fields as in the header, found 9"
        );
        assert_snapshot!(
            tie_problem("t1,PAK,IND,support,2020,,,,,,"),
            @"ties.csv:2: expected 10 fields as in the header, found 11"
        );
        assert_eq!(
            tie_problem_kind("t1,PAK,IND,support,2020"),
            ProblemKind::Syntax
        );
    }

    #[test]
    fn non_utf8_bytes_are_errors() {
        let actors = b"id,name,kind\nPAK,Pak\xffistan,state\nIND,India,state\n";
        assert_snapshot!(
            problem(actors, TIES_HEADER.as_bytes(), None),
            @"actors.csv:2: column name: the text is not UTF-8 (bad byte at offset 3)"
        );
        let ties = b"id,source,target,kind,start,note\nt1,PAK,IND,support,2020,caf\xe9\n";
        let actors = b"id,name,kind\nPAK,Pakistan,state\nIND,India,state\n";
        assert_snapshot!(
            problem(actors, ties, None),
            @"ties.csv:2: column note: the text is not UTF-8 (bad byte at offset 3)"
        );
        assert_snapshot!(
            problem(b"id,n\xc3me,kind\n", TIES_HEADER.as_bytes(), None),
            @"actors.csv:1: header field 2 is not UTF-8"
        );
        let err = load(actors, ties, None).unwrap_err();
        assert_eq!(
            err.problems().unwrap().as_slice()[0].kind(),
            ProblemKind::Encoding
        );
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_load_fine() {
        let plain = load(
            b"id,name,kind\nPAK,Pakistan,state\nIND,India,state\n",
            b"id,source,target,kind,start,note\nt1,PAK,IND,tension,2020,\"two\nlines\"\n",
            Some(b"id,title\ns1,T\n".as_slice()),
        )
        .unwrap();
        let bom_crlf = load(
            b"\xEF\xBB\xBFid,name,kind\r\nPAK,Pakistan,state\r\nIND,India,state\r\n",
            b"\xEF\xBB\xBFid,source,target,kind,start,note\r\nt1,PAK,IND,tension,2020,\"two\nlines\"\r\n",
            Some(b"\xEF\xBB\xBFid,title\r\ns1,T\r\n".as_slice()),
        )
        .unwrap();
        assert_eq!(plain, bom_crlf);
        assert_eq!(bom_crlf.actors()[1].id(), "PAK");
        assert_eq!(bom_crlf.ties()[0].note(), Some("two\nlines"));
        // A CRLF inside a quoted field is data and kept.
        let crlf_note = load(
            b"id,name,kind\r\nPAK,Pakistan,state\r\nIND,India,state\r\n",
            b"source,target,kind,start,note\r\nPAK,IND,tension,2020,\"two\r\nlines\"\r\n",
            None::<&[u8]>,
        )
        .unwrap();
        assert_eq!(crlf_note.ties()[0].note(), Some("two\r\nlines"));
    }

    #[test]
    fn problems_in_quoted_multiline_records_name_the_line_where_the_record_starts() {
        let rows = "\
t1,PAK,IND,support,2020,,,,,\"a note
over
three lines\"
t2,PAK,IND,support,2025-13-01,,,,,\"and
two\"
,PAK,IND,support,2020,,,,,";
        assert_snapshot!(
            tie_problem(rows),
            @"ties.csv:5: column start: 2025-13-01 is not a date (months run from 01 to 12)"
        );
        // The generated id of the last row is its record's first line.
        let rows = rows.replace("2025-13-01", "2020");
        let data = with_ties(&rows);
        let ids: Vec<_> = data.ties().iter().map(|t| t.id()).collect();
        assert_eq!(ids, ["#7", "t1", "t2"]);
    }

    #[test]
    fn empty_ids_get_hash_and_line_number() {
        let data = with_ties(
            ",PAK,IND,support,2020,,,,,\nt1,PAK,IND,support,2021,,,,,\n,PAK,IND,support,2022,,,,,",
        );
        let ids: Vec<_> = data.ties().iter().map(|t| t.id()).collect();
        assert_eq!(ids, ["#2", "t1", "#4"]);
    }

    #[test]
    fn explicit_ids_may_not_start_with_hash_except_saved_generated_ids() {
        assert_snapshot!(
            tie_problem("#x,PAK,IND,support,2020,,,,,"),
            @"ties.csv:2: column id: tie id #x may not start with #"
        );
        assert_snapshot!(
            tie_problem("#,PAK,IND,support,2020,,,,,"),
            @"ties.csv:2: column id: tie id # may not start with #"
        );
        assert_snapshot!(
            tie_problem("#1a,PAK,IND,support,2020,,,,,"),
            @"ties.csv:2: column id: tie id #1a may not start with #"
        );
        assert_eq!(
            tie_problem_kind("#x,PAK,IND,support,2020,,,,,"),
            ProblemKind::BadId
        );
        let data = with_ties("#12,PAK,IND,support,2020,,,,,");
        assert_eq!(data.ties()[0].id(), "#12");
    }

    #[test]
    fn bad_actor_ids_and_missing_values_are_errors() {
        let actors = "id,name,kind\nP K,Pakistan,state\n,India,state\nCHN, ,state\n";
        assert_eq!(
            problems(actors.as_bytes(), TIES_HEADER.as_bytes(), None),
            [
                "actors.csv:2: column id: P K is not an actor id (expected 1 to 64 of A-Z a-z 0-9 _ . -)",
                "actors.csv:3: column id: an actor needs an id",
                "actors.csv:4: column name: an actor needs a name",
            ]
        );
    }

    #[test]
    fn all_problems_are_collected_in_line_order_with_file_line_and_column() {
        let rows = "\
t1,PAK,IND,hostility,1947-10,,,,s1,
t2,PAK,AFG,tension,2020,,,,s1,
t3,IND,PAK,hostility,2025-13-01,,,,s1,
t4,IND,AFG,cooperation,2002,2021-08-15,,,s1,
t5,IND,PAK,rivalry,2000,,,,s1,";
        let ties = format!("{TIES_HEADER}{rows}\n");
        let err = load(ACTORS.as_bytes(), ties.as_bytes(), Some(SOURCES.as_bytes()))
            .expect_err("three errors");
        let problems = err.problems().expect("a dataset error");
        assert_eq!(problems.len(), 3);
        let found: Vec<_> = problems
            .iter()
            .map(|p| {
                let l = p.location();
                (l.file_name(), l.line(), l.column(), p.kind())
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "ties.csv",
                    Some(3),
                    Some("target"),
                    ProblemKind::ActorNotInForce
                ),
                ("ties.csv", Some(4), Some("start"), ProblemKind::BadDate),
                ("ties.csv", Some(6), Some("kind"), ProblemKind::BadKind),
            ]
        );
        assert_eq!(
            problems.as_slice()[1].message(),
            "2025-13-01 is not a date (months run from 01 to 12)"
        );
        assert_snapshot!(
            err,
            @"ties.csv:3: column target: the tie runs from 2020 on but actor AFG is in force from 2001-12-22 until 2021-08-15 (and 2 more problems)"
        );
        // One row with several problems reports each of them.
        let ties = format!("{TIES_HEADER}t1,PAK,PAK,war,2020,2019,,2,s9,\n");
        assert_eq!(
            problems_of(&ties),
            [
                "ties.csv:2: column kind: war is not a known kind (expected alliance, cooperation, support, tension, hostility or mediation)",
                "ties.csv:2: column end: end 2019 is not after start 2020",
                "ties.csv:2: column target: a tie needs two different actors",
                "ties.csv:2: column weight: 2 is not a number in (0, 1]",
                "ties.csv:2: column sources: source s9 is not in sources.csv",
            ]
        );
    }

    fn problems_of(ties: &str) -> Vec<String> {
        problems(ACTORS.as_bytes(), ties.as_bytes(), Some(SOURCES.as_bytes()))
    }

    #[test]
    fn problems_are_sorted_by_file_then_line() {
        let actors =
            "id,name,kind,from,until\nTAL,A,group,1994,2021\nX,x,party,,\nTAL,B,state,2020,\n";
        let ties = "source,target,kind,start\nX,TAL,hostility,2020\nTAL,Nobody,hostility,2020\n";
        let sources = "id\ns1\ns1\n";
        assert_eq!(
            problems(actors.as_bytes(), ties.as_bytes(), Some(sources.as_bytes())),
            [
                "actors.csv:3: column kind: party is not a known kind (expected state, group or organization)",
                "actors.csv:4: column from: this phase of TAL overlaps its phase on line 2",
                "sources.csv:3: column id: source id s1 is used twice (first on line 2)",
                "ties.csv:2: column source: no actor is called X",
                "ties.csv:3: column target: no actor is called Nobody",
            ]
        );
    }

    #[test]
    fn load_dir_names_each_file_by_its_path_and_returns_nothing_on_error() {
        let dir = fixture("three-errors");
        let err = Dataset::load_dir(&dir).expect_err("three errors");
        let problems = err.problems().expect("a dataset error");
        let ties = dir.join("ties.csv").display().to_string();
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                format!("{ties}:3: column target: the tie runs from 2020 on but actor AFG is in force from 2001-12-22 until 2021-08-15"),
                format!("{ties}:4: column start: 2025-13-01 is not a date (months run from 01 to 12)"),
                format!("{ties}:6: column kind: rivalry is not a known kind (expected alliance, cooperation, support, tension, hostility or mediation)"),
            ]
        );
        let missing = fixture("no-such-dir");
        let err = Dataset::load_dir(&missing).expect_err("no files");
        let kinds: Vec<_> = err.problems().unwrap().iter().map(|p| p.kind()).collect();
        assert_eq!(kinds, [ProblemKind::Io, ProblemKind::Io]);
        assert!(err.to_string().starts_with(&format!(
            "{}: cannot read the file: ",
            missing.join("actors.csv").display()
        )));
    }

    #[test]
    fn json_problems_name_the_field_path() {
        let json = r#"{"actors": [{"id": "PAK", "name": "Pakistan", "kind": "state"},
                                {"id": "IND", "name": "India", "kind": "nation"}],
                     "ties": [{"id": "t1", "source": "PAK", "target": "IND", "kind": "hostility",
                               "start": "1948", "end": "2025-02-30", "weight": 0}]}"#;
        let err = Dataset::from_json_str(json).expect_err("invalid");
        let shown: Vec<String> = err
            .problems()
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "dataset.json: field actors[1].kind: nation is not a known kind (expected state, group or organization)",
                "dataset.json: field ties[0].target: no actor is called IND",
                "dataset.json: field ties[0].end: 2025-02-30 is not a date (no such day in that month)",
                "dataset.json: field ties[0].weight: 0 is not a number in (0, 1]",
            ]
        );
        let err = Dataset::from_json_str(r#"{"actors": [], "ties": [], "colour": 1}"#).unwrap_err();
        assert_snapshot!(
            err,
            @"dataset.json:1: unknown field `colour`, expected one of `actors`, `ties`, `sources`, `extra_columns` (column 35)"
        );
    }
}

mod names {
    use super::*;

    #[test]
    fn actors_resolve_by_id_name_or_alias_ignoring_case() {
        let data = with_ties("");
        let id = |q: &str| data.resolve(q).map(|k| data.actor_id(k).to_owned());
        for (query, expected) in [
            ("PAK", "PAK"),
            ("pak", "PAK"),
            ("Pakistan", "PAK"),
            ("PAKISTAN", "PAK"),
            ("  pakistan ", "PAK"),
            ("islamic republic of pakistan", "PAK"),
            ("Bharat", "IND"),
            // Names and aliases of every phase find the actor.
            ("Afghan Taliban", "TAL"),
            ("taliban", "TAL"),
            ("Islamic Emirate of Afghanistan", "TAL"),
            ("islamic emirate", "TAL"),
            ("Gappy again", "GAP"),
        ] {
            assert_eq!(id(query).as_deref().ok(), Some(expected), "{query}");
        }
        assert_snapshot!(
            data.resolve("Pakistn").unwrap_err(),
            @"no actor is called Pakistn (did you mean PAK, TTP?)"
        );
        assert_snapshot!(
            data.resolve("").unwrap_err(),
            @r#"no actor is called """#
        );
        assert_snapshot!(
            data.resolve("AFGHANISTAN").unwrap_err(),
            @"AFGHANISTAN could be any of AFG, TAL: use an id"
        );
        match data.resolve("Chna").map_err(Error::into_kind) {
            Err(ErrorKind::UnknownActor { query, suggestions }) => {
                assert_eq!(query, "Chna");
                assert_eq!(suggestions, ["CHN"]);
            }
            other => panic!("{other:?}"),
        }
        match data.resolve("afghanistan").map_err(Error::into_kind) {
            Err(ErrorKind::AmbiguousActor { candidates, .. }) => {
                assert_eq!(candidates, ["AFG", "TAL"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ties_may_name_actors_instead_of_giving_ids() {
        let data = with_ties(
            "t1,Pakistan,bharat,hostility,1948,,,,,\nt2,china,Pakistan,mediation,2022,,Islamic Emirate,,,",
        );
        let ends: Vec<_> = data
            .ties()
            .iter()
            .map(|t| {
                (
                    data.actor_id(t.source()),
                    data.actor_id(t.target()),
                    t.with().map(|w| data.actor_id(w)),
                )
            })
            .collect();
        assert_eq!(ends, [("PAK", "IND", None), ("CHN", "PAK", Some("TAL"))]);
        // Saved back with ids.
        let mut ties = Vec::new();
        data.write_csv(std::io::sink(), &mut ties, None::<std::io::Sink>)
            .unwrap();
        let ties = String::from_utf8(ties).unwrap();
        assert!(ties.contains("\nt1,PAK,IND,hostility,1948,"), "{ties}");
        assert!(ties.contains("\nt2,CHN,PAK,mediation,2022,,TAL,"), "{ties}");
    }

    #[test]
    fn an_exact_id_wins_over_a_name() {
        // Actor `B` is named "a": the id `A` still means actor A, but the
        // lower-case "a" is both A's id and B's name.
        let actors = "id,name,kind\nA,Alpha,state\nB,a,state\n";
        let ties = "source,target,kind,start\nA,B,alliance,2020\n";
        let data = load(actors.as_bytes(), ties.as_bytes(), None).unwrap();
        assert_eq!(data.actor_id(data.resolve("A").unwrap()), "A");
        assert_eq!(data.actor_id(data.resolve("B").unwrap()), "B");
        assert!(matches!(
            data.resolve("a").map_err(Error::into_kind),
            Err(ErrorKind::AmbiguousActor { .. })
        ));
    }
}

mod dates {
    use super::*;
    use tiegraph::{Date, Precision, Step};

    #[test]
    fn dates_keep_their_precision_when_printed() {
        let data = with_ties(
            "t1,PAK,IND,hostility,1948,2025-10,,,,\nt2,PAK,IND,tension,2025-10-12,,,,,\nt3,PAK,IND,tension,2025-10,,,,,",
        );
        let shown: Vec<_> = data
            .ties()
            .iter()
            .map(|t| (t.start().to_string(), t.end().map(|e| e.to_string())))
            .collect();
        assert_eq!(
            shown,
            [
                ("1948".to_owned(), Some("2025-10".to_owned())),
                ("2025-10".to_owned(), None),
                ("2025-10-12".to_owned(), None),
            ]
        );
        let precisions: Vec<_> = data.ties().iter().map(|t| t.start().precision()).collect();
        assert_eq!(
            precisions,
            [Precision::Year, Precision::Month, Precision::Day]
        );
        let json = serde_json::to_string(&data.snapshot(&sel("2025-10-12"))).unwrap();
        assert!(json.contains(r#""start":"2025-10","end":null"#), "{json}");
        assert!(data
            .to_json(false)
            .contains(r#""start":"1948","end":"2025-10""#));
        // `2025-10` stands for its first day.
        assert_eq!(
            Date::parse("2025-10").unwrap().first_day(),
            Date::parse("2025-10-01").unwrap().first_day()
        );
        assert_eq!(Date::parse("0001").unwrap().to_string(), "0001");
        assert_eq!(Date::parse("9999-12-31").unwrap().to_string(), "9999-12-31");
    }

    #[test]
    fn a_tie_is_in_force_from_its_start_day_until_the_day_before_its_end() {
        let data = with_ties("t1,PAK,IND,tension,2020-03-10,2020-03-20,,,,");
        let tie = &data.ties()[0];
        let at = |d: &str| tie.is_in_force(&sel(d));
        assert!(!at("2020-03-09"));
        assert!(at("2020-03-10"));
        assert!(at("2020-03-19"));
        assert!(!at("2020-03-20"));
        let count = |d: &str| data.snapshot(&sel(d)).ties().count();
        assert_eq!(
            ["2020-03-09", "2020-03-10", "2020-03-19", "2020-03-20"].map(count),
            [0, 1, 1, 0]
        );
        // An open end is in force for ever.
        let data = with_ties("t1,PAK,IND,tension,2020,,,,,");
        assert!(data.ties()[0].is_in_force(&sel("9999-12-31")));
        assert!(!data.ties()[0].is_in_force(&sel("2019-12-31")));
    }

    #[test]
    fn a_partial_date_selector_covers_its_whole_period() {
        let data = with_ties(
            "\
late,PAK,IND,tension,2025-10-31,,,,,
early,PAK,IND,tension,2020,2025-10-02,,,,
before,PAK,IND,tension,2020,2025-10-01,,,,
after,PAK,IND,tension,2025-11,,,,,",
        );
        let ids = |s: &str| -> Vec<String> {
            let mut ids: Vec<String> = data
                .snapshot(&sel(s))
                .ties()
                .map(|t| t.id().to_owned())
                .collect();
            ids.sort();
            ids
        };
        assert_eq!(ids("2025-10"), ["early", "late"]);
        assert_eq!(ids("2025-10-01"), ["early"]);
        assert_eq!(ids("2025-10-31"), ["late"]);
        assert_eq!(ids("2025-09"), ["before", "early"]);
        assert_eq!(ids("2025"), ["after", "before", "early", "late"]);
        assert_eq!(ids("2025-10..2025-11"), ["after", "early", "late"]);
        assert_eq!(ids("2026"), ["after", "late"]);
        assert_eq!(sel("2025-10").days(), 31);
        assert_eq!(sel("2024").days(), 366);
        assert_eq!(sel("2024-02").days(), 29);
    }

    #[test]
    fn a_period_shows_the_latest_phase_in_force_during_it() {
        let data = with_ties("");
        let tal = data.resolve("TAL").unwrap();
        let shown = |s: &str| {
            data.snapshot(&sel(s))
                .actor(tal)
                .map(|v| (v.name().to_owned(), v.kind().as_str()))
        };
        let group = Some(("Afghan Taliban".to_owned(), "group"));
        let state = Some(("Islamic Emirate of Afghanistan".to_owned(), "state"));
        assert_eq!(shown("2021-08-14"), group);
        assert_eq!(shown("2021-08-15"), state);
        assert_eq!(shown("2021"), state);
        assert_eq!(shown("2021-08"), state);
        assert_eq!(shown("2021-07"), group);
        assert_eq!(shown("2020..2021-08-14"), group);
        assert_eq!(shown("1993"), None);
        assert_eq!(shown("1994"), group);
        // An actor in a gap between its phases is not in force.
        let gap = data.resolve("GAP").unwrap();
        assert!(data.snapshot(&sel("2007")).actor(gap).is_none());
        assert_eq!(
            data.snapshot(&sel("2005..2010"))
                .actor(gap)
                .map(|v| v.name()),
            Some("Gappy again")
        );
        // AFG ends on 2021-08-15.
        let afg = data.resolve("AFG").unwrap();
        assert!(data.snapshot(&sel("2021-08-14")).actor(afg).is_some());
        assert!(data.snapshot(&sel("2021-08-15")).actor(afg).is_none());
    }

    #[test]
    fn selectors_parse_and_print() {
        for (text, shown) in [
            ("2026-03-01", "2026-03-01"),
            ("2026-02", "2026-02"),
            ("2026", "2026"),
            ("2021..2022-06", "2021..2022-06"),
            (" 2021 .. 2022-06 ", "2021..2022-06"),
            ("2021-01-15..2021-01-15", "2021-01-15"),
        ] {
            assert_eq!(sel(text).to_string(), shown);
        }
        assert_snapshot!(
            Selector::parse("2022..2021").unwrap_err(),
            @"2022..2021 is not a valid range (it ends before it starts)"
        );
        assert_snapshot!(
            Selector::parse("2025-13").unwrap_err(),
            @"2025-13 is not a date (months run from 01 to 12)"
        );
        let err: Error = Selector::parse("soon").unwrap_err().into();
        assert_snapshot!(err, @"soon is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
    }

    #[test]
    fn steps_are_whole_calendar_periods() {
        let d = |t: &str| Date::parse(t).unwrap();
        let months = Step::Months(1).periods(d("2024-01-31"), d("2024-03-01"));
        let labels: Vec<_> = months.iter().map(ToString::to_string).collect();
        assert_eq!(labels, ["2024-01", "2024-02", "2024-03"]);
        assert_eq!(months[1].days(), 29);
        let years = Step::Years(1).periods(d("2020-06-15"), d("2021"));
        assert_eq!(years, [sel("2020"), sel("2021")]);
    }
}

mod json {
    use super::*;

    #[test]
    fn the_small_fixture_loads() {
        let data = small();
        let ids: Vec<_> = data.actors().iter().map(|a| a.id()).collect();
        assert_eq!(ids, ["AAA", "BBB", "CCC", "DDD"]);
        // Ties sorted by (start, id); the empty id became `#6`.
        let ids: Vec<_> = data.ties().iter().map(|t| t.id()).collect();
        assert_eq!(ids, ["#6", "t4", "t1", "t6", "t3", "t2"]);
    }

    #[test]
    fn a_snapshot_serialises_exactly_as_the_format_says() {
        let data = small();
        assert_eq!(
            serde_json::to_string(&data.snapshot(&sel("2021-01-01"))).unwrap(),
            concat!(
                r#"{"at":"2021-01-01","#,
                r#""actors":["#,
                r#"{"id":"AAA","name":"Alpha, the \"first\"","kind":"state"},"#,
                r#"{"id":"BBB","name":"Beta","kind":"group"},"#,
                r#"{"id":"CCC","name":"Gamma","kind":"organization"},"#,
                r#"{"id":"DDD","name":"Delta\nline","kind":"group"}],"#,
                r#""ties":["#,
                r##"{"id":"#6","source":"DDD","target":"AAA","kind":"tension","start":"2019","end":"2022","with":null,"weight":1.0,"confidence":"reported","directed":false,"sources":[],"note":null},"##,
                r#"{"id":"t1","source":"AAA","target":"BBB","kind":"support","start":"2020-03","end":"2021-06-15","with":null,"weight":1.0,"confidence":"reported","directed":true,"sources":["s1"],"note":"note, with \"quotes\""},"#,
                r#"{"id":"t6","source":"BBB","target":"DDD","kind":"alliance","start":"2020-06-01","end":null,"with":null,"weight":0.25,"confidence":"reported","directed":false,"sources":[],"note":null},"#,
                r#"{"id":"t3","source":"CCC","target":"AAA","kind":"mediation","start":"2021","end":null,"with":"BBB","weight":1.0,"confidence":"reported","directed":true,"sources":[],"note":null}"#,
                r#"]}"#,
            )
        );
        // A period: the latest phase of CCC, and only ties in force during 2022.
        assert_eq!(
            serde_json::to_string(&data.snapshot(&sel("2022"))).unwrap(),
            concat!(
                r#"{"at":"2022","#,
                r#""actors":["#,
                r#"{"id":"AAA","name":"Alpha, the \"first\"","kind":"state"},"#,
                r#"{"id":"BBB","name":"Beta","kind":"group"},"#,
                r#"{"id":"CCC","name":"Gamma Two","kind":"state"},"#,
                r#"{"id":"DDD","name":"Delta\nline","kind":"group"}],"#,
                r#""ties":["#,
                r#"{"id":"t6","source":"BBB","target":"DDD","kind":"alliance","start":"2020-06-01","end":null,"with":null,"weight":0.25,"confidence":"reported","directed":false,"sources":[],"note":null},"#,
                r#"{"id":"t3","source":"CCC","target":"AAA","kind":"mediation","start":"2021","end":null,"with":"BBB","weight":1.0,"confidence":"reported","directed":true,"sources":[],"note":null},"#,
                r#"{"id":"t2","source":"BBB","target":"AAA","kind":"hostility","start":"2021-06-15","end":null,"with":null,"weight":0.5,"confidence":"reported","directed":false,"sources":["s1","s2"],"note":null,"extra":{"x_confidence":"high"}}"#,
                r#"]}"#,
            )
        );
        // Before BBB: only the actors in force are listed.
        assert_eq!(
            serde_json::to_string(&data.snapshot(&sel("2019-06..2019-12"))).unwrap(),
            concat!(
                r#"{"at":"2019-06..2019-12","#,
                r#""actors":["#,
                r#"{"id":"AAA","name":"Alpha, the \"first\"","kind":"state"},"#,
                r#"{"id":"CCC","name":"Gamma","kind":"organization"},"#,
                r#"{"id":"DDD","name":"Delta\nline","kind":"group"}],"#,
                r#""ties":["#,
                r##"{"id":"#6","source":"DDD","target":"AAA","kind":"tension","start":"2019","end":"2022","with":null,"weight":1.0,"confidence":"reported","directed":false,"sources":[],"note":null},"##,
                r#"{"id":"t4","source":"AAA","target":"CCC","kind":"cooperation","start":"2019","end":"2021","with":null,"weight":1.0,"confidence":"reported","directed":false,"sources":["s2"],"note":null}"#,
                r#"]}"#,
            )
        );
    }

    #[test]
    fn a_diff_serialises_exactly_as_the_format_says() {
        let data = small();
        let diff = data.diff(&sel("2020-06-01"), &sel("2022-06-01"));
        let changed = concat!(
            r#"{"a":"AAA","b":"BBB","change":"flipped","before":["support"],"after":["hostility"],"#,
            r#""before_sign":"+","after_sign":"-","before_net":1.0,"after_net":-0.5,"rank":1},"#,
            r#"{"a":"AAA","b":"CCC","change":"shifted","before":["cooperation"],"after":["mediation"],"#,
            r#""before_sign":"+","after_sign":"0","before_net":1.0,"after_net":0.0,"rank":4},"#,
            r#"{"a":"AAA","b":"DDD","change":"ended","before":["tension"],"after":[],"#,
            r#""before_sign":"-","after_sign":null,"before_net":-1.0,"after_net":null,"rank":3},"#,
            r#"{"a":"BBB","b":"CCC","change":"new","before":[],"after":["mediation"],"#,
            r#""before_sign":null,"after_sign":"0","before_net":null,"after_net":0.0,"rank":2}"#,
        );
        assert_eq!(
            serde_json::to_string(&diff.json(false)).unwrap(),
            format!(r#"{{"from":"2020-06-01","to":"2022-06-01","dyads":[{changed}]}}"#)
        );
        assert_eq!(
            serde_json::to_string(&diff.json(true)).unwrap(),
            format!(
                r#"{{"from":"2020-06-01","to":"2022-06-01","dyads":[{changed},{}]}}"#,
                concat!(
                    r#"{"a":"BBB","b":"DDD","change":"unchanged","before":["alliance"],"after":["alliance"],"#,
                    r#""before_sign":"+","after_sign":"+","before_net":0.25,"after_net":0.25,"rank":5}"#
                )
            )
        );
        assert_eq!(diff.counts(), [1, 1, 1, 1, 1]);
        // Period selectors print as given.
        let diff = data.diff(&sel("2019"), &sel("2021..2022-06"));
        let json = serde_json::to_string(&diff.json(false)).unwrap();
        assert!(
            json.starts_with(r#"{"from":"2019","to":"2021..2022-06","dyads":["#),
            "{json}"
        );
        // No change: an empty list.
        let diff = data.diff(&sel("2023"), &sel("2024"));
        assert_eq!(
            serde_json::to_string(&diff.json(false)).unwrap(),
            r#"{"from":"2023","to":"2024","dyads":[]}"#
        );
    }

    #[test]
    fn kinds_are_listed_distinct_and_sorted_by_name() {
        let data = with_ties(
            "\
a,PAK,IND,tension,2020,,,,,
b,PAK,IND,tension,2020,,,,,
c,IND,PAK,cooperation,2020,,,,,
d,PAK,IND,alliance,2020,,,0.5,,
e,PAK,IND,support,2020,,,,,
f,CHN,IND,mediation,2020,,PAK,,,
g,IND,PAK,hostility,2020,,,,,",
        );
        let diff = data.diff(&sel("2019"), &sel("2020"));
        let json = serde_json::to_string(&diff.json(false)).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"from":"2019","to":"2020","dyads":["#,
                r#"{"a":"CHN","b":"IND","change":"new","before":[],"after":["mediation"],"#,
                r#""before_sign":null,"after_sign":"0","before_net":null,"after_net":0.0,"rank":2},"#,
                r#"{"a":"CHN","b":"PAK","change":"new","before":[],"after":["mediation"],"#,
                r#""before_sign":null,"after_sign":"0","before_net":null,"after_net":0.0,"rank":3},"#,
                r#"{"a":"IND","b":"PAK","change":"new","before":[],"after":["alliance","cooperation","hostility","support","tension"],"#,
                // 2 + 1 + 0.5 + 1 − 1 − 2 × 1 (two tensions): −0.5 a day.
                r#""before_sign":null,"after_sign":"-","before_net":null,"after_net":-0.5,"rank":1}"#,
                r#"]}"#
            )
        );
    }
}

mod diff {
    use super::*;
    use tiegraph::{Change, Sign};

    fn change(data: &Dataset, from: &str, to: &str, x: &str, y: &str) -> Option<Change> {
        let (x, y) = (data.resolve(x).unwrap(), data.resolve(y).unwrap());
        data.diff(&sel(from), &sel(to)).pair(x, y).map(|d| d.change)
    }

    fn sign(data: &Dataset, at: &str, x: &str, y: &str) -> Option<Sign> {
        let (x, y) = (data.resolve(x).unwrap(), data.resolve(y).unwrap());
        data.snapshot(&sel(at)).pairs().get(x, y).map(|p| p.sign())
    }

    #[test]
    fn each_category() {
        let data = with_ties(
            "\
new,PAK,IND,tension,2021,,,,,
end,PAK,CHN,cooperation,2019,2021,,,,
flip1,CHN,IND,cooperation,2019,2021,,,,
flip2,CHN,IND,hostility,2021,,,,,
kinds1,PAK,TTP,hostility,2019,,,,,
kinds2,PAK,TTP,tension,2021,,,,,
same,IND,TAL,support,2019,,,,,
zero1,CHN,TTP,alliance,2019,,,,,
zero2,CHN,TTP,tension,2021,,,,,
med1,CHN,TAL,mediation,2019,,PAK,,,
med2,CHN,TAL,mediation,2021,,PAK,,,",
        );
        let c = |x, y| change(&data, "2020", "2022", x, y);
        assert_eq!(c("PAK", "IND"), Some(Change::New));
        assert_eq!(c("PAK", "CHN"), Some(Change::Shifted)); // cooperation ended, mediation stays
        assert_eq!(c("CHN", "IND"), Some(Change::Flipped));
        assert_eq!(c("PAK", "TTP"), Some(Change::Shifted)); // kinds changed, still -
        assert_eq!(c("IND", "TAL"), Some(Change::Unchanged));
        assert_eq!(c("CHN", "TTP"), Some(Change::Shifted)); // + to 0
        assert_eq!(c("CHN", "TAL"), Some(Change::Unchanged)); // mediation to mediation
        assert_eq!(c("PAK", "TAL"), None); // a mediation touches no target–with pair
        assert_eq!(sign(&data, "2022", "CHN", "TTP"), Some(Sign::Zero));
        // Sign from 0 back to +.
        assert_eq!(
            change(&data, "2022", "2020", "CHN", "TTP"),
            Some(Change::Shifted)
        );
        assert_eq!(
            change(&data, "2022", "2020", "PAK", "IND"),
            Some(Change::Ended)
        );
        assert_eq!(
            change(&data, "2022", "2020", "CHN", "IND"),
            Some(Change::Flipped)
        );
        let diff = data.diff(&sel("2020"), &sel("2022"));
        assert_eq!(diff.counts(), [1, 0, 1, 3, 2]);
        assert_eq!(diff.changed().count(), 5);
        assert_eq!(
            serde_json::to_string(&diff.json(false))
                .unwrap()
                .matches("unchanged")
                .count(),
            0
        );
    }

    #[test]
    fn ended_when_every_kind_is_gone() {
        let data = with_ties(
            "end,PAK,CHN,cooperation,2019,2021,,,,\nm,PAK,CHN,mediation,2019,2021,IND,,,",
        );
        assert_eq!(
            change(&data, "2020", "2022", "PAK", "CHN"),
            Some(Change::Ended)
        );
        assert_eq!(
            change(&data, "2020", "2022", "PAK", "IND"),
            Some(Change::Ended)
        );
        assert_eq!(change(&data, "2022", "2023", "PAK", "IND"), None);
    }

    #[test]
    fn a_mediation_touches_mediator_target_and_mediator_with_only() {
        let data = with_ties("m,CHN,PAK,mediation,2025-05-21,,TAL,,,");
        let snap = data.snapshot(&sel("2025-06"));
        let pairs: Vec<_> = snap
            .pairs()
            .iter()
            .map(|p| {
                (
                    data.actor_id(p.a),
                    data.actor_id(p.b),
                    p.kinds.names(),
                    p.sign(),
                )
            })
            .collect();
        assert_eq!(
            pairs,
            [
                ("CHN", "PAK", vec!["mediation"], Sign::Zero),
                ("CHN", "TAL", vec!["mediation"], Sign::Zero),
            ]
        );
        assert_eq!(snap.pairs().signed().count(), 0);
    }

    #[test]
    fn net_signs_cancel_within_a_tolerance() {
        // 0.1 + 0.2 − 0.3 is 5.55e-17 in floating point; held exactly, the
        // net value over 2020 is exactly 0.
        let data = with_ties(
            "\
a,PAK,IND,alliance,2020,,,0.1,,
b,PAK,IND,cooperation,2020,,,0.2,,
c,PAK,IND,tension,2019,,,0.3,,",
        );
        let pak = data.resolve("PAK").unwrap();
        let ind = data.resolve("IND").unwrap();
        let snap = data.snapshot(&sel("2020"));
        let pairs = snap.pairs();
        let pair = pairs.get(pak, ind).unwrap();
        assert_eq!(pair.net.weight_days(), 0.0, "{:?}", pair.net);
        assert_eq!(pair.sign(), Sign::Zero);
        // Before: tension alone, −. After: the sum is 0, so not flipped but shifted.
        assert_eq!(sign(&data, "2019", "PAK", "IND"), Some(Sign::Negative));
        assert_eq!(
            change(&data, "2019", "2020", "PAK", "IND"),
            Some(Change::Shifted)
        );
        // Same kinds and both 0: unchanged.
        assert_eq!(
            change(&data, "2020", "2021", "PAK", "IND"),
            Some(Change::Unchanged)
        );
        assert_eq!(Sign::of_sum(1e-9), Sign::Zero);
        assert_eq!(Sign::of_sum(-1e-9), Sign::Zero);
        assert_eq!(Sign::of_sum(1.1e-9), Sign::Positive);
        assert_eq!(Sign::of_sum(-1.1e-9), Sign::Negative);
    }

    #[test]
    fn weights_decide_the_net_sign() {
        let data = with_ties(
            "\
a,PAK,IND,support,2020,,,0.25,,
b,PAK,IND,hostility,2020,,,0.5,,
c,PAK,CHN,support,2020,,,0.75,,
d,PAK,CHN,tension,2020,,,0.5,,",
        );
        assert_eq!(sign(&data, "2020", "PAK", "IND"), Some(Sign::Negative));
        assert_eq!(sign(&data, "2020", "PAK", "CHN"), Some(Sign::Positive));
    }
}

mod write {
    use tiegraph::{write_atomic, ErrorKind};

    fn leftovers(dir: &std::path::Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_and_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(leftovers(dir.path()), ["out.json"]);
    }

    #[test]
    fn refuses_a_directory_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep"), b"x").unwrap();
        let err = write_atomic(&target, b"data").unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Write { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!("cannot write {}: it is a directory", target.display())
        );
        assert!(target.is_dir());
        assert_eq!(leftovers(&target), ["keep"]);
        assert_eq!(leftovers(dir.path()), ["sub"]);
    }

    #[test]
    fn leaves_no_temporary_file_behind_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        // A trailing slash names a directory: the temporary file is written,
        // then renaming it there fails.
        let target = dir.path().join("file.csv/");
        let err = write_atomic(&target, b"data").unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Write { .. }), "{err:?}");
        assert!(err.to_string().starts_with("cannot write "), "{err}");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
        // A missing folder: nothing is created.
        let target = dir.path().join("missing").join("file.csv");
        assert!(write_atomic(&target, b"data").is_err());
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
        // The old contents survive a failed write.
        let kept = dir.path().join("kept.csv");
        std::fs::write(&kept, b"old").unwrap();
        assert!(write_atomic(&dir.path().join("kept.csv/"), b"new").is_err());
        assert_eq!(std::fs::read(&kept).unwrap(), b"old");
        assert_eq!(leftovers(dir.path()), ["kept.csv"]);
    }

    #[test]
    fn save_dir_writes_the_three_files() {
        let data = super::small();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("saved");
        data.save_dir(&out).unwrap();
        assert_eq!(leftovers(&out), ["actors.csv", "sources.csv", "ties.csv"]);
        assert_eq!(tiegraph::Dataset::load_dir(&out).unwrap(), data);
    }
}

mod props {
    use std::collections::{BTreeMap, BTreeSet};

    use proptest::prelude::{prop_assert, prop_assert_eq, proptest, ProptestConfig};
    use tiegraph::{Change, Dataset, Selector, Sign, Step, Tie};

    use super::random;

    /// Whether a tie is in force on some day of the selector, from the rule
    /// text: start <= D < end, for a day D of the selector.
    fn brute_in_force(tie: &Tie, sel: &Selector) -> bool {
        let start = tie.start().first_day();
        let end = tie.end().map(|e| e.first_day());
        (sel.start()..sel.end()).any(|d| start <= d && end.is_none_or(|e| d < e))
    }

    /// The actors in force during a selector with the phase shown (the one
    /// in force with the latest start), by brute force over the days.
    fn brute_actors(data: &Dataset, sel: &Selector) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for actor in data.actors() {
            let shown = actor
                .phases()
                .iter()
                .filter(|p| {
                    let from = p.from().map(|d| d.first_day());
                    let until = p.until().map(|d| d.first_day());
                    (sel.start()..sel.end())
                        .any(|d| from.is_none_or(|f| f <= d) && until.is_none_or(|u| d < u))
                })
                .max_by_key(|p| p.from().map(|d| d.first_day()));
            if let Some(p) = shown {
                out.push((
                    actor.id().to_owned(),
                    p.name().to_owned(),
                    p.kind().to_string(),
                ));
            }
        }
        out
    }

    fn snapshot_actors(data: &Dataset, sel: &Selector) -> Vec<(String, String, String)> {
        data.snapshot(sel)
            .actors()
            .map(|v| (v.id().to_owned(), v.name().to_owned(), v.kind().to_string()))
            .collect()
    }

    /// Kinds in force, and (net value, sum of |terms|) in 10⁻¹⁸ weight-days.
    type BrutePairs = BTreeMap<(String, String), (BTreeSet<&'static str>, (i128, i128))>;

    /// A weight as an exact number of 10⁻¹⁸ units, from its shortest decimal
    /// text (the random datasets write weights with a few decimals).
    fn brute_units(w: f64) -> i128 {
        let text = format!("{w}");
        let (int, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
        assert!(frac.len() <= 18, "{text}");
        let digits = format!("{int}{frac:0<18}");
        digits.parse().unwrap()
    }

    /// The pairs of the ties in force, straight from FORMAT.md and rule R1:
    /// the value adds sign × weight once for every day of the selector on
    /// which a tie is in force, day by day.
    fn brute_pairs(data: &Dataset, sel: &Selector) -> BrutePairs {
        let mut pairs = BrutePairs::new();
        for tie in data.ties().iter().filter(|t| brute_in_force(t, sel)) {
            let sign: i128 = match tie.kind().as_str() {
                "alliance" | "cooperation" | "support" => 1,
                "tension" | "hostility" => -1,
                _ => 0,
            };
            let start = tie.start().first_day();
            let end = tie.end().map(|e| e.first_day());
            let days = (sel.start()..sel.end())
                .filter(|&d| start <= d && end.is_none_or(|e| d < e))
                .count() as i128;
            let units = brute_units(tie.weight());
            let source = data.actor_id(tie.source()).to_owned();
            let mut others = vec![data.actor_id(tie.target()).to_owned()];
            others.extend(tie.with().map(|w| data.actor_id(w).to_owned()));
            for other in others {
                let key = if source < other {
                    (source.clone(), other)
                } else {
                    (other, source.clone())
                };
                let entry = pairs.entry(key).or_insert((BTreeSet::new(), (0, 0)));
                entry.0.insert(tie.kind().as_str());
                entry.1 .0 += sign * units * days;
                entry.1 .1 += sign.abs() * units * days;
            }
        }
        pairs
    }

    /// R1's zero test: |value| ≤ 1e-9 × Σ|terms|.
    fn brute_sign((value, magnitude): (i128, i128)) -> Sign {
        if value.abs() * 1_000_000_000 <= magnitude {
            Sign::Zero
        } else if value > 0 {
            Sign::Positive
        } else {
            Sign::Negative
        }
    }

    fn brute_change(
        before: Option<&(BTreeSet<&str>, (i128, i128))>,
        after: Option<&(BTreeSet<&str>, (i128, i128))>,
    ) -> Change {
        match (before, after) {
            (None, None) => Change::Unchanged,
            (None, Some(_)) => Change::New,
            (Some(_), None) => Change::Ended,
            (Some((kb, sb)), Some((ka, sa))) => {
                let (sb, sa) = (brute_sign(*sb), brute_sign(*sa));
                if (sb, sa) == (Sign::Positive, Sign::Negative)
                    || (sb, sa) == (Sign::Negative, Sign::Positive)
                {
                    Change::Flipped
                } else if kb != ka || sb != sa {
                    Change::Shifted
                } else {
                    Change::Unchanged
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        /// (1) A snapshot holds exactly the ties and actors in force.
        #[test]
        fn snapshot_is_a_filter_of_the_dataset(
            spec in random::spec(6, 24),
            selectors in proptest::collection::vec(random::selector(), 1..6),
        ) {
            let data = spec.load();
            // The dataset keeps ties sorted by (start, id).
            for w in data.ties().windows(2) {
                prop_assert!(
                    (w[0].start().first_day(), w[0].id()) < (w[1].start().first_day(), w[1].id())
                );
            }
            for sel in &selectors {
                let snap = data.snapshot(sel);
                let got: Vec<&str> = snap.ties().map(|t| t.id()).collect();
                let by_rule: Vec<&str> = data
                    .ties()
                    .iter()
                    .filter(|t| t.is_in_force(sel))
                    .map(|t| t.id())
                    .collect();
                let by_days: Vec<&str> = data
                    .ties()
                    .iter()
                    .filter(|t| brute_in_force(t, sel))
                    .map(|t| t.id())
                    .collect();
                prop_assert_eq!(&got, &by_rule, "selector {}", sel);
                prop_assert_eq!(&got, &by_days, "selector {}", sel);
                prop_assert_eq!(snapshot_actors(&data, sel), brute_actors(&data, sel), "selector {}", sel);
                // Every tie's actors are in the snapshot (validation guarantees it).
                for tie in snap.ties() {
                    for (a, b) in tie.pairs() {
                        prop_assert!(snap.actor(a).is_some() && snap.actor(b).is_some());
                    }
                }
                let graph = snap.graph();
                prop_assert_eq!(graph.node_count(), snap.actors().count());
                prop_assert_eq!(
                    graph.edge_count(),
                    snap.ties().map(|t| 1 + usize::from(t.with().is_some())).sum::<usize>()
                );
            }
        }

        /// (2) A sweep gives the same snapshots as one by one, in order or not.
        #[test]
        fn sweep_matches_individual_snapshots(
            spec in random::spec(5, 20),
            from in random::any_date(),
            to in random::any_date(),
            shuffled in proptest::collection::vec(random::selector(), 0..8),
        ) {
            let data = spec.load();
            let monthly = Step::Months(1).periods(from, to);
            let yearly = Step::Years(1).periods(from, to);
            let quarterly = Step::Months(3).periods(from, to);
            // The steps tile their range.
            for steps in [&monthly, &yearly, &quarterly] {
                prop_assert!(steps.windows(2).all(|w| w[0].end() == w[1].start()));
            }
            for selectors in [monthly, yearly, quarterly, shuffled] {
                let swept: Vec<_> = data.sweep(selectors.iter().copied()).collect();
                prop_assert_eq!(swept.len(), selectors.len());
                for (snap, sel) in swept.iter().zip(&selectors) {
                    let one = data.snapshot(sel);
                    prop_assert_eq!(snap.selector(), *sel);
                    prop_assert_eq!(snap.tie_keys(), one.tie_keys(), "selector {}", sel);
                    let ids = |s: &tiegraph::Snapshot<'_>| -> Vec<(String, String)> {
                        s.actors().map(|v| (v.id().to_owned(), v.name().to_owned())).collect()
                    };
                    prop_assert_eq!(ids(snap), ids(&one), "selector {}", sel);
                }
            }
        }

        /// (3) Diff categories follow from the two snapshots by the rule text.
        #[test]
        fn diff_agrees_with_brute_force(
            spec in random::spec(5, 24),
            from in random::selector(),
            to in random::selector(),
        ) {
            let data = spec.load();
            let before = brute_pairs(&data, &from);
            let after = brute_pairs(&data, &to);
            let keys: BTreeSet<&(String, String)> = before.keys().chain(after.keys()).collect();
            let diff = data.diff(&from, &to);
            prop_assert_eq!(diff.dyads().len(), keys.len());
            for (dyad, key) in diff.dyads().iter().zip(keys) {
                let (b, a) = (before.get(key), after.get(key));
                prop_assert_eq!((data.actor_id(dyad.a), data.actor_id(dyad.b)), (key.0.as_str(), key.1.as_str()));
                prop_assert_eq!(dyad.change, brute_change(b, a), "pair {:?}", key);
                let names = |p: Option<&(BTreeSet<&'static str>, (i128, i128))>| -> Vec<&'static str> {
                    p.map(|p| p.0.iter().copied().collect()).unwrap_or_default()
                };
                prop_assert_eq!(dyad.before.names(), names(b));
                prop_assert_eq!(dyad.after.names(), names(a));
                prop_assert_eq!(dyad.sign_before, b.map_or(Sign::Zero, |p| brute_sign(p.1)));
                prop_assert_eq!(dyad.sign_after, a.map_or(Sign::Zero, |p| brute_sign(p.1)));
                // R2: day-averages, null when absent.
                let average = |p: Option<&(BTreeSet<&'static str>, (i128, i128))>, sel: &Selector| {
                    p.map(|p| p.1 .0 as f64 / 1e18 / sel.days() as f64)
                };
                for (got, want) in [(dyad.before_net, average(b, &from)), (dyad.after_net, average(a, &to))] {
                    prop_assert_eq!(got.is_some(), want.is_some());
                    if let (Some(g), Some(w)) = (got, want) {
                        prop_assert!((g - w).abs() <= 1e-9 * w.abs().max(1.0), "{} vs {}", g, w);
                    }
                }
                prop_assert_eq!(dyad.before_sign(), b.map(|p| brute_sign(p.1)));
                prop_assert_eq!(dyad.after_sign(), a.map(|p| brute_sign(p.1)));
            }
            // R2: ranks are 1..n, ordered by change, then |Δ day-average|
            // descending, then ids.
            let mut ranked: Vec<_> = diff.dyads().iter().collect();
            ranked.sort_by_key(|d| d.rank);
            prop_assert!(ranked.iter().enumerate().all(|(i, d)| d.rank == i + 1));
            let order = |c: Change| ["flipped", "new", "ended", "shifted", "unchanged"]
                .iter()
                .position(|n| *n == c.as_str())
                .unwrap();
            for w in ranked.windows(2) {
                let (x, y) = (w[0], w[1]);
                let key = |d: &tiegraph::DyadChange| (order(d.change), -d.moved());
                let (kx, ky) = (key(x), key(y));
                prop_assert!(
                    kx.0 < ky.0
                        || (kx.0 == ky.0 && kx.1 < ky.1)
                        || (kx == ky && (data.actor_id(x.a), data.actor_id(x.b)) < (data.actor_id(y.a), data.actor_id(y.b))),
                    "{:?} before {:?}", x, y
                );
            }
            // The JSON lists the changed pairs, or all of them.
            let listed = |all: bool| -> usize {
                let json: serde_json::Value =
                    serde_json::from_str(&serde_json::to_string(&diff.json(all)).unwrap()).unwrap();
                json["dyads"].as_array().map_or(0, Vec::len)
            };
            prop_assert_eq!(listed(false), diff.changed().count());
            prop_assert_eq!(listed(true), diff.dyads().len());
            // Diffing a selector against itself changes nothing.
            prop_assert_eq!(data.diff(&from, &from).changed().count(), 0);
        }
    }
}

//! The embedded default dataset (issue 3): it loads without a problem, it
//! is the same as `data/`, and it tells the story of `docs/dataset.md`
//! ("Arcs the tests check", numbered as there).

use std::path::Path;

use tiegraph::{default_dataset, ActorKind, Change, Dataset, Selector, Sign};

fn sel(text: &str) -> Selector {
    text.parse().expect("a valid selector")
}

/// The distinct kinds in force between two actors at a selector, sorted,
/// and the pair's net sign; `None` when no tie is in force between them.
fn pair(at: &str, x: &str, y: &str) -> Option<(Vec<&'static str>, Sign)> {
    let data = default_dataset();
    let (x, y) = (data.resolve(x).expect(x), data.resolve(y).expect(y));
    let pairs = data.snapshot(&sel(at)).pairs();
    pairs.get(x, y).map(|p| (p.kinds.names(), p.sign()))
}

fn is(kinds: &[&'static str], sign: Sign) -> Option<(Vec<&'static str>, Sign)> {
    Some((kinds.to_vec(), sign))
}

/// How a pair changed between two selectors (`None`: no tie at either).
fn change(from: &str, to: &str, x: &str, y: &str) -> Option<Change> {
    let data = default_dataset();
    let (x, y) = (data.resolve(x).expect(x), data.resolve(y).expect(y));
    data.diff(&sel(from), &sel(to)).pair(x, y).map(|d| d.change)
}

fn ties_in_force(at: &str) -> Vec<&'static str> {
    default_dataset()
        .snapshot(&sel(at))
        .ties()
        .map(|t| t.id())
        .collect()
}

const PLUS: Sign = Sign::Positive;
const MINUS: Sign = Sign::Negative;

#[test]
fn the_embedded_files_load_without_a_problem() {
    use tiegraph::default_data::{ACTORS_CSV, SOURCES_CSV, TIES_CSV};
    let data = Dataset::from_csv(
        ACTORS_CSV.as_bytes(),
        TIES_CSV.as_bytes(),
        Some(SOURCES_CSV.as_bytes()),
    );
    match data {
        Ok(data) => assert_eq!(&data, default_dataset()),
        Err(e) => panic!("the embedded dataset has problems: {:#?}", e.problems()),
    }
}

#[test]
fn the_data_folder_is_the_embedded_dataset() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let data = Dataset::load_dir(&dir)
        .unwrap_or_else(|e| panic!("data/ has problems: {:#?}", e.problems()));
    assert_eq!(&data, default_dataset());
}

/// Arc 15 and the table at the top of docs/dataset.md.
#[test]
fn counts_sources_and_notes() {
    let data = default_dataset();
    assert_eq!(data.actors().len(), 20);
    assert!(data.actors().len() >= 20);
    let rows: usize = data.actors().iter().map(|a| a.phases().len()).sum();
    assert_eq!(rows, 21);
    assert_eq!(data.ties().len(), 62);
    assert!(data.ties().len() >= 50);
    assert_eq!(data.sources().len(), 5);
    // 11 states, 6 groups and 3 organisations, TAL counted once (as the
    // group it first was).
    let kinds = |k: ActorKind| {
        data.actors()
            .iter()
            .filter(|a| a.phases()[0].kind() == k)
            .count()
    };
    assert_eq!(
        ActorKind::ALL.map(kinds),
        [11, 6, 3],
        "states, groups, organisations"
    );
    for tie in data.ties() {
        assert!(
            data.tie_sources(tie).len() >= 1,
            "tie {} cites no source",
            tie.id()
        );
        assert!(
            tie.note().is_some_and(|n| !n.trim().is_empty()),
            "tie {} has no note",
            tie.id()
        );
    }
    // Ties are t001…t062, numbered in order of start.
    let ids: Vec<&str> = data.ties().iter().map(|t| t.id()).collect();
    let expected: Vec<String> = (1..=62).map(|i| format!("t{i:03}")).collect();
    assert_eq!(ids, expected);
    // Every source is cited.
    for source in data.sources() {
        assert!(
            data.ties()
                .iter()
                .any(|t| data.tie_sources(t).any(|s| s.id() == source.id())),
            "source {} is not cited",
            source.id()
        );
    }
    // UN has no tie.
    let un = data.resolve("UN").unwrap();
    assert!(!data.ties().iter().any(|t| t.involves(un)));
}

/// Arcs 1–3: from patron to enemy.
#[test]
fn pakistan_and_the_taliban_flip_from_support_to_hostility() {
    assert_eq!(pair("2021-01-01", "PAK", "TAL"), is(&["support"], PLUS));
    assert_eq!(
        pair("2026-03-01", "PAK", "TAL"),
        is(&["hostility", "tension"], MINUS)
    );
    let data = default_dataset();
    let diff = data.diff(&sel("2021-01-01"), &sel("2026-03-01"));
    let (pak, tal) = (data.resolve("PAK").unwrap(), data.resolve("TAL").unwrap());
    let d = diff.pair(pak, tal).expect("PAK–TAL in the diff");
    assert_eq!(d.change, Change::Flipped);
    assert_eq!(d.before.names(), ["support"]);
    assert_eq!(d.after.names(), ["hostility", "tension"]);
    let json = serde_json::to_string(&diff.json(false)).unwrap();
    assert!(
        json.contains(concat!(
            r#"{"a":"PAK","b":"TAL","change":"flipped","before":["support"],"after":["hostility","tension"],"#,
            r#""before_sign":"+","after_sign":"-","before_net":1.0,"after_net":-6.0,"rank":1}"#
        )),
        "{json}"
    );
    // The ties behind the 2026 state of the pair.
    let snap = data.snapshot(&sel("2026-03-01"));
    let mut behind: Vec<&str> = snap
        .ties()
        .filter(|t| t.involves(pak) && t.involves(tal) && t.with().is_none())
        .map(|t| t.id())
        .collect();
    behind.sort_unstable();
    assert_eq!(behind, ["t028", "t032", "t039", "t059", "t061", "t062"]);
}

/// Arc 4: one actor, two phases.
#[test]
fn the_taliban_are_a_group_then_a_state() {
    let data = default_dataset();
    let tal = data.resolve("TAL").unwrap();
    let shown = |at: &str| {
        let view = data.snapshot(&sel(at)).actor(tal).expect("TAL in force");
        (view.kind(), view.name())
    };
    assert_eq!(shown("2021-01-01"), (ActorKind::Group, "Afghan Taliban"));
    assert_eq!(
        shown("2022-01-01"),
        (ActorKind::State, "Islamic Emirate of Afghanistan (Taliban)")
    );
    assert_eq!(shown("2022").0, ActorKind::State);
    // The latest phase in force during a period is shown.
    assert_eq!(
        shown("2021"),
        (ActorKind::State, "Islamic Emirate of Afghanistan (Taliban)")
    );
    assert_eq!(shown("2021-08-14").0, ActorKind::Group);
    assert_eq!(shown("2021-08-15").0, ActorKind::State);
    // Names of either phase find TAL.
    for name in ["Taliban", "Islamic Emirate", "afghan taliban", "IEA"] {
        assert_eq!(data.actor_id(data.resolve(name).unwrap()), "TAL", "{name}");
    }
    // "Afghanistan" is deliberately no one's alias.
    assert!(data.resolve("Afghanistan").is_err());
}

/// Arc 5: the Islamic Republic ends on 2021-08-15.
#[test]
fn the_afghan_republic_is_gone_on_2021_08_15() {
    let data = default_dataset();
    let afg = data.resolve("AFG").unwrap();
    assert!(data.snapshot(&sel("2021-08-14")).actor(afg).is_some());
    assert!(data.snapshot(&sel("2021-08-15")).actor(afg).is_none());
    let snap = data.snapshot(&sel("2021-08-15"));
    assert!(!snap.ties().any(|t| t.involves(afg)));
    assert!(data
        .ties()
        .iter()
        .filter(|t| t.involves(afg))
        .all(|t| t.end().is_some_and(|e| e <= "2021-08-15".parse().unwrap())));
    assert_eq!(pair("2021-01-01", "AFG", "TAL"), is(&["hostility"], MINUS));
    assert_eq!(pair("2021-01-01", "AFG", "IND"), is(&["cooperation"], PLUS));
    assert_eq!(
        pair("2021-01-01", "AFG", "USA"),
        is(&["mediation", "support"], PLUS)
    );
    assert_eq!(pair("2021-01-01", "AFG", "PAK"), is(&["tension"], MINUS));
    assert_eq!(pair("2021-01-01", "AFG", "NATO"), is(&["support"], PLUS));
    assert_eq!(
        change("2021-08-14", "2021-08-15", "AFG", "TAL"),
        Some(Change::Ended)
    );
}

/// Arc 6: the TTP truce brokered by the Taliban.
#[test]
fn the_ttp_truce_and_its_collapse() {
    assert!(ties_in_force("2022-06-01").contains(&"t030"));
    assert_eq!(pair("2022-06-01", "PAK", "TTP"), is(&["tension"], MINUS));
    assert_eq!(
        pair("2022-06-01", "TAL", "TTP"),
        is(&["alliance", "mediation", "support"], PLUS)
    );
    let (kinds, _) = pair("2022-06-01", "PAK", "TAL").expect("PAK–TAL in force");
    assert!(kinds.contains(&"mediation"), "{kinds:?}");
    assert_eq!(pair("2021-10-01", "PAK", "TTP"), is(&["hostility"], MINUS));
    assert_eq!(pair("2023-01-01", "PAK", "TTP"), is(&["hostility"], MINUS));
    assert_eq!(
        change("2022-06-01", "2023-01-01", "PAK", "TTP"),
        Some(Change::Shifted)
    );
}

/// Arc 7: India and the Taliban, from rivals to partners.
#[test]
fn india_and_the_taliban_cooperate_in_2025_and_2026() {
    assert_eq!(pair("2000-01-01", "IND", "TAL"), is(&["tension"], MINUS));
    assert_eq!(pair("2021-01-01", "IND", "TAL"), None);
    assert_eq!(pair("2025-06-01", "IND", "TAL"), is(&["cooperation"], PLUS));
    assert_eq!(pair("2026-03-01", "IND", "TAL"), is(&["cooperation"], PLUS));
    assert_eq!(
        change("2000-01-01", "2025-06-01", "IND", "TAL"),
        Some(Change::Flipped)
    );
    let snap = ties_in_force("2026-03-01");
    for t in ["t042", "t045", "t060"] {
        assert!(snap.contains(&t), "{t}");
    }
}

/// Arc 8: China and Pakistan stay friends.
#[test]
fn china_and_pakistan_are_positive_from_2013_on() {
    let data = default_dataset();
    let (chn, pak) = (data.resolve("CHN").unwrap(), data.resolve("PAK").unwrap());
    let from = "2013".parse().unwrap();
    let to = "2026-12".parse().unwrap();
    let months = tiegraph::Step::Months(1).periods(from, to);
    assert_eq!(months.len(), 14 * 12);
    for snap in data.sweep(months) {
        let pairs = snap.pairs();
        let sign = pairs.get(chn, pak).map(|p| p.sign());
        assert_eq!(sign, Some(PLUS), "CHN–PAK at {}", snap.selector());
    }
    assert_eq!(pair("2012-12-31", "CHN", "PAK"), None);
    assert_eq!(pair("2021-01-01", "CHN", "PAK"), is(&["cooperation"], PLUS));
    for at in ["2025-06-01", "2026-03-01"] {
        assert_eq!(
            pair(at, "CHN", "PAK"),
            is(&["cooperation", "mediation"], PLUS),
            "{at}"
        );
        assert_eq!(
            pair(at, "CHN", "TAL"),
            is(&["cooperation", "mediation"], PLUS),
            "{at}"
        );
    }
}

/// Arc 9: the 2025 thaw and the autumn fighting.
#[test]
fn the_2025_thaw_does_not_make_the_pair_positive() {
    assert_eq!(
        pair("2025-06-01", "PAK", "TAL"),
        is(&["cooperation", "tension"], MINUS)
    );
    let snap = ties_in_force("2025-06-01");
    assert!(!snap.contains(&"t044") && snap.contains(&"t047"));
    assert_eq!(
        pair("2024-12-25", "PAK", "TAL"),
        is(&["hostility", "tension"], MINUS)
    );
    assert_eq!(
        pair("2025-10-15", "PAK", "TAL"),
        is(&["cooperation", "hostility", "tension"], MINUS)
    );
    assert_eq!(pair("2025-12-01", "PAK", "TAL"), is(&["tension"], MINUS));
    assert_eq!(
        change("2025-12-01", "2026-03-01", "PAK", "TAL"),
        Some(Change::Shifted)
    );
}

/// Arc 10: the USA and the Taliban.
#[test]
fn the_usa_and_the_taliban_part_in_2021() {
    assert_eq!(pair("2020-01-01", "TAL", "USA"), is(&["hostility"], MINUS));
    assert_eq!(
        pair("2021-01-01", "TAL", "USA"),
        is(&["cooperation", "hostility", "mediation"], MINUS)
    );
    assert_eq!(
        change("2021-01-01", "2021-09-01", "TAL", "USA"),
        Some(Change::Ended)
    );
}

/// Arc 11: refugees sour Pakistan's relations with UNHCR.
#[test]
fn pakistan_and_unhcr_flip_over_deportations() {
    assert_eq!(
        pair("2020-01-01", "PAK", "UNHCR"),
        is(&["cooperation"], PLUS)
    );
    assert_eq!(
        pair("2024-01-01", "PAK", "UNHCR"),
        is(&["cooperation", "tension"], MINUS)
    );
    assert_eq!(
        change("2020-01-01", "2024-01-01", "PAK", "UNHCR"),
        Some(Change::Flipped)
    );
}

/// Arc 12: an alleged patron does not outweigh open war.
#[test]
fn iskp_is_hostile_to_pakistan_and_the_taliban() {
    assert_eq!(
        pair("2024-01-01", "ISKP", "PAK"),
        is(&["hostility", "support"], MINUS)
    );
    assert_eq!(pair("2024-01-01", "ISKP", "TAL"), is(&["hostility"], MINUS));
}

/// Arc 13: new alignments.
#[test]
fn new_alignments_appear() {
    assert_eq!(
        change("2024-06-01", "2025-06-01", "BLA", "TTP"),
        Some(Change::New)
    );
    assert_eq!(
        change("2025-01-01", "2025-06-01", "RUS", "TAL"),
        Some(Change::New)
    );
}

/// Arc 14: balance of three triangles in March 2026, from the pairs' net
/// signs (a triangle is balanced when the product of its signs is positive).
#[test]
fn triangles_in_march_2026() {
    let sign = |x: &str, y: &str| {
        pair("2026-03-01", x, y)
            .map(|p| p.1)
            .expect("a signed pair")
    };
    let triangle = |[a, b, c]: [&str; 3]| {
        let signs = [sign(a, b), sign(a, c), sign(b, c)];
        let product: i8 = signs.iter().map(|s| s.value()).product();
        (signs.map(|s| s.as_str()), product > 0)
    };
    assert_eq!(triangle(["PAK", "TAL", "TTP"]), (["-", "-", "+"], true));
    assert_eq!(triangle(["CHN", "PAK", "TAL"]), (["+", "+", "-"], false));
    assert_eq!(triangle(["IND", "PAK", "TAL"]), (["-", "+", "-"], true));
}

/// Who is friendly and who is hostile, at the two ends of the story.
#[test]
fn who_is_positive_in_early_2021_and_hostile_in_march_2026() {
    let data = default_dataset();
    let signed = |at: &str, sign: Sign| -> Vec<(String, String)> {
        let snap = data.snapshot(&sel(at));
        snap.pairs()
            .iter()
            .filter(|p| p.sign() == sign)
            .map(|p| (data.actor_id(p.a).to_owned(), data.actor_id(p.b).to_owned()))
            .collect()
    };
    let has = |list: &[(String, String)], a: &str, b: &str| {
        list.iter()
            .any(|(x, y)| (x, y) == (&a.to_owned(), &b.to_owned()))
    };
    let positive_2021 = signed("2021-01-01", PLUS);
    for (a, b) in [
        ("PAK", "TAL"),
        ("CHN", "PAK"),
        ("HQN", "TAL"),
        ("TAL", "TTP"),
        ("AFG", "IND"),
        ("AFG", "USA"),
    ] {
        assert!(
            has(&positive_2021, a, b),
            "{a}–{b} + in 2021: {positive_2021:?}"
        );
    }
    let hostile_2026 = signed("2026-03-01", MINUS);
    for (a, b) in [
        ("PAK", "TAL"),
        ("PAK", "TTP"),
        ("IND", "PAK"),
        ("ISKP", "TAL"),
    ] {
        assert!(
            has(&hostile_2026, a, b),
            "{a}–{b} − in 2026: {hostile_2026:?}"
        );
    }
    // Between the two: Pakistan and the Taliban flipped; the new Taliban
    // state gained partners (India, Russia, China's mediation).
    let diff = data.diff(&sel("2021-01-01"), &sel("2026-03-01"));
    let changed: Vec<(String, String, Change)> = diff
        .changed()
        .map(|d| {
            (
                data.actor_id(d.a).to_owned(),
                data.actor_id(d.b).to_owned(),
                d.change,
            )
        })
        .collect();
    for (a, b, c) in [
        ("PAK", "TAL", Change::Flipped),
        ("IND", "TAL", Change::New),
        ("RUS", "TAL", Change::New),
        ("AFG", "TAL", Change::Ended),
        ("TAL", "USA", Change::Ended),
    ] {
        assert!(
            changed.contains(&(a.to_owned(), b.to_owned(), c)),
            "{a}–{b} {c}: {changed:?}"
        );
    }
}

//! Issue 6, analysis: structural balance, predictions, centrality and
//! brokers, camps, timelines and pair histories, checked on hand-made
//! graphs, against networkx, against brute force, and on the default dataset.

use proptest::prelude::*;
use serde_json::{json, Value};
use tiegraph::analysis::{
    balance, brokers, camps, camps_over_time, camps_with, centrality, count_triangles, predictions,
    timeline, try_walk_balance, CampsOptions, TriangleCount, WalkGap, WALK_MAX_ACTORS,
};
use tiegraph::{default_dataset, ActorKey, Change, Dataset, Diff, Pairs, Selector, Sign, Step};

// ---------------------------------------------------------------- helpers

/// A dataset of actors `ids` (all states, in force forever) and ties
/// `(source, target, kind, start, end, with)`.
fn dataset(ids: &[&str], ties: &[(&str, &str, &str, &str, &str, &str)]) -> Dataset {
    let mut actors = String::from("id,name,kind\n");
    for id in ids {
        actors.push_str(&format!("{id},{id},state\n"));
    }
    let mut rows = String::from("id,source,target,kind,start,end,with\n");
    for (i, (s, t, kind, start, end, with)) in ties.iter().enumerate() {
        rows.push_str(&format!("t{i:04},{s},{t},{kind},{start},{end},{with}\n"));
    }
    Dataset::from_csv(actors.as_bytes(), rows.as_bytes(), None::<&[u8]>)
        .unwrap_or_else(|e| panic!("test dataset is invalid: {e}"))
}

/// A dataset of ties with weights: (source, target, kind, start, end, weight).
fn weighted_dataset(
    ids: &[&str],
    ties: &[(String, String, &str, String, String, &str)],
) -> Dataset {
    let mut actors = String::from("id,name,kind\n");
    for id in ids {
        actors.push_str(&format!("{id},{id},state\n"));
    }
    let mut rows = String::from("id,source,target,kind,start,end,weight\n");
    for (i, (s, t, kind, start, end, weight)) in ties.iter().enumerate() {
        rows.push_str(&format!("t{i:04},{s},{t},{kind},{start},{end},{weight}\n"));
    }
    Dataset::from_csv(actors.as_bytes(), rows.as_bytes(), None::<&[u8]>)
        .unwrap_or_else(|e| panic!("test dataset is invalid: {e}"))
}

/// A dataset of ties all in force in 2000 and after.
fn graph(ids: &[&str], edges: &[(&str, &str, &str)]) -> Dataset {
    let ties: Vec<_> = edges
        .iter()
        .map(|&(s, t, k)| (s, t, k, "2000", "", ""))
        .collect();
    dataset(ids, &ties)
}

fn at(text: &str) -> Selector {
    text.parse().unwrap()
}

fn key(data: &Dataset, id: &str) -> ActorKey {
    data.actor_by_id(id)
        .unwrap_or_else(|| panic!("no actor {id}"))
}

fn ids(data: &Dataset, keys: &[ActorKey]) -> Vec<String> {
    keys.iter().map(|&k| data.actor_id(k).to_owned()).collect()
}

fn to_json(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap()
}

/// Balanced and unbalanced triangles by a triple loop over all actors.
fn brute_triangles(data: &Dataset, pairs: &Pairs) -> (TriangleCount, Vec<Vec<String>>) {
    let n = data.actors().len() as u32;
    let mut count = TriangleCount::default();
    let mut list = Vec::new();
    let sign = |x: u32, y: u32| {
        let p = pairs.get(key_at(data, x), key_at(data, y))?;
        (p.sign() != Sign::Zero).then(|| p.sign().value())
    };
    for x in 0..n {
        for y in x + 1..n {
            for z in y + 1..n {
                if let (Some(a), Some(b), Some(c)) = (sign(x, y), sign(x, z), sign(y, z)) {
                    if a * b * c > 0 {
                        count.balanced += 1;
                    } else {
                        count.unbalanced += 1;
                    }
                    list.push(
                        [x, y, z]
                            .iter()
                            .map(|&i| data.actors()[i as usize].id().to_owned())
                            .collect(),
                    );
                }
            }
        }
    }
    (count, list)
}

fn key_at(data: &Dataset, index: u32) -> ActorKey {
    key(data, data.actors()[index as usize].id())
}

// ---------------------------------------------------------------- balance

#[test]
fn balance_of_a_hand_checked_graph() {
    // A and B are friends, both hostile to C; C and D are friends; B and D
    // are hostile; A–D has ties that cancel out (not a signed pair).
    let data = graph(
        &["A", "B", "C", "D"],
        &[
            ("A", "B", "alliance"),
            ("A", "C", "hostility"),
            ("B", "C", "tension"),
            ("C", "D", "cooperation"),
            ("B", "D", "hostility"),
            ("A", "D", "alliance"),
            ("A", "D", "hostility"),
        ],
    );
    let b = balance(&data.snapshot(&at("2000")));
    // A–B–C: + − − balanced; B–C–D: − − + balanced; A–B–D and A–C–D need A–D.
    assert_eq!(b.balanced(), 2);
    assert_eq!(b.unbalanced(), 0);
    assert_eq!(b.ratio(), Some(1.0));
    assert_eq!(
        to_json(&b),
        json!({"at": "2000", "balanced": 2, "unbalanced": 0, "ratio": 1.0, "walk": 1.0,
               "robustness": {"without_alleged": {"balanced": 2, "unbalanced": 0, "ratio": 1.0},
                              "changes": false},
               "triangles": [
            {"actors": ["A", "B", "C"], "signs": ["+", "-", "-"], "balanced": true},
            {"actors": ["B", "C", "D"], "signs": ["-", "-", "+"], "balanced": true},
        ]})
    );
    let [a, bb, c, d] = ["A", "B", "C", "D"].map(|id| key(&data, id));
    assert!(b.triangle(c, a, bb).is_some());
    assert!(b.triangle(a, c, d).is_none());
    assert_eq!(
        count_triangles(&data.snapshot(&at("2000")).pairs()),
        b.count()
    );
}

#[test]
fn balance_without_triangles_has_null_ratio() {
    let data = graph(
        &["A", "B", "C"],
        &[("A", "B", "alliance"), ("B", "C", "hostility")],
    );
    let b = balance(&data.snapshot(&at("2000")));
    assert_eq!(b.ratio(), None);
    assert_eq!(
        to_json(&b),
        json!({"at": "2000", "balanced": 0, "unbalanced": 0, "ratio": null, "walk": 1.0,
               "robustness": {"without_alleged": {"balanced": 0, "unbalanced": 0, "ratio": null},
                              "changes": false},
               "triangles": []})
    );
}

#[test]
fn an_all_negative_triangle_is_unbalanced() {
    let data = graph(
        &["A", "B", "C"],
        &[
            ("A", "B", "hostility"),
            ("B", "C", "hostility"),
            ("A", "C", "tension"),
        ],
    );
    let b = balance(&data.snapshot(&at("2000")));
    assert_eq!((b.balanced(), b.unbalanced()), (0, 1));
    assert_eq!(b.ratio(), Some(0.0));
    assert!(!b.triangles()[0].is_balanced());
}

#[test]
fn balance_on_the_default_dataset() {
    let data = default_dataset();
    let b = balance(&data.snapshot(&at("2026-03-01")));
    let [chn, pak, tal, ttp] = ["CHN", "PAK", "TAL", "TTP"].map(|id| key(data, id));
    let t = b
        .triangle(pak, tal, ttp)
        .expect("PAK–TAL–TTP is a triangle");
    assert!(t.is_balanced());
    // PAK–TAL hostile, PAK–TTP hostile, TAL–TTP allied.
    assert_eq!(t.signs(), [Sign::Negative, Sign::Negative, Sign::Positive]);
    let t = b
        .triangle(chn, pak, tal)
        .expect("CHN–PAK–TAL is a triangle");
    assert!(!t.is_balanced());
    assert_eq!(t.signs(), [Sign::Positive, Sign::Positive, Sign::Negative]);
    // Sorted by ids, and the counts agree with the list and with the fast path.
    let json = to_json(&b);
    let listed: Vec<Vec<String>> = b
        .triangles()
        .iter()
        .map(|t| ids(data, &t.actors()))
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted);
    assert_eq!(
        json["triangles"].as_array().map(Vec::len),
        Some(listed.len())
    );
    assert_eq!(
        b.triangles().iter().filter(|t| t.is_balanced()).count(),
        b.balanced()
    );
    let pairs = data.snapshot(&at("2026-03-01")).pairs();
    let (count, list) = brute_triangles(data, &pairs);
    assert_eq!(count, b.count());
    assert_eq!(list, listed);
}

// ---------------------------------------------------------------- predictions

#[test]
fn predictions_follow_balance_theory() {
    // A–B friends, B–C enemies: B votes − for A–C (the friend of my enemy).
    // D, a friend of both, and E, an enemy of both, vote + and win.
    let data = graph(
        &["A", "B", "C", "D", "E"],
        &[
            ("A", "B", "alliance"),
            ("B", "C", "hostility"),
            ("A", "D", "cooperation"),
            ("C", "D", "cooperation"),
            ("A", "E", "hostility"),
            ("C", "E", "hostility"),
        ],
    );
    let preds = predictions(&data.snapshot(&at("2000")));
    let ac = &preds[1];
    assert_eq!((data.actor_id(ac.a()), data.actor_id(ac.b())), ("A", "C"));
    assert_eq!(ac.sign(), Sign::Positive);
    assert_eq!(ids(&data, ac.support()), ["D", "E"]);
    assert_eq!(ids(&data, ac.against()), ["B"]);
    assert!(ac.kinds().is_empty());
    // D–E: through A (+ × −) and C (+ × −), the enemy of my friend: −, two
    // votes and none against, so it ranks first. B–D (A +, C −) and B–E
    // (A −, C +) are tied votes: no prediction.
    assert_eq!(
        to_json(&preds),
        json!([
            {"a": "D", "b": "E", "sign": "-", "support": ["A", "C"], "against": [], "kinds": []},
            {"a": "A", "b": "C", "sign": "+", "support": ["D", "E"], "against": ["B"], "kinds": []},
        ])
    );
}

#[test]
fn a_tied_vote_predicts_nothing_and_existing_kinds_are_shown() {
    // Signed: A–B +, B–C +, C–M −, A–X +, C–X −. M mediates between A and B,
    // so A–M and B–M have a tie but no sign.
    let data = dataset(
        &["A", "B", "C", "M", "X"],
        &[
            ("A", "B", "alliance", "2000", "", ""),
            ("B", "C", "alliance", "2000", "", ""),
            ("C", "M", "hostility", "2000", "", ""),
            ("A", "X", "alliance", "2000", "", ""),
            ("C", "X", "hostility", "2000", "", ""),
            ("M", "A", "mediation", "2000", "", "B"),
        ],
    );
    let preds = predictions(&data.snapshot(&at("2000")));
    // A–C: B votes +, X votes −; B–X: A votes +, C votes −: both tied.
    // A–M: no common signed neighbour.
    assert_eq!(
        to_json(&preds),
        json!([
            {"a": "B", "b": "M", "sign": "-", "support": ["C"], "against": [],
             "kinds": ["mediation"]},
            {"a": "M", "b": "X", "sign": "+", "support": ["C"], "against": [], "kinds": []},
        ])
    );
}

#[test]
fn predictions_on_the_default_dataset() {
    let data = default_dataset();
    let preds = predictions(&data.snapshot(&at("2026-03-01")));
    // The Haqqanis and LeT: both backed by Pakistan, both tied to the Taliban,
    // both hostile to India.
    let first = &preds[0];
    assert_eq!(
        (data.actor_id(first.a()), data.actor_id(first.b())),
        ("HQN", "LET")
    );
    assert_eq!(first.sign(), Sign::Positive);
    assert_eq!(ids(data, first.support()), ["IND", "PAK", "TAL"]);
    for w in preds.windows(2) {
        assert!(w[0].support().len() >= w[1].support().len());
    }
}

// ---------------------------------------------------------------- centrality

#[derive(serde::Deserialize)]
struct Fixture {
    name: String,
    nodes: Vec<String>,
    edges: Vec<[String; 2]>,
    betweenness: std::collections::BTreeMap<String, f64>,
    closeness: std::collections::BTreeMap<String, f64>,
    eigenvector: std::collections::BTreeMap<String, f64>,
}

fn fixtures() -> Vec<Fixture> {
    #[derive(serde::Deserialize)]
    struct File {
        graphs: Vec<Fixture>,
    }
    let text = include_str!("../fixtures/analysis/networkx.json");
    let file: File = serde_json::from_str(text).unwrap();
    file.graphs
}

#[test]
fn centrality_matches_networkx() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 6);
    for f in fixtures {
        // The default dataset's graphs are taken from the dataset itself, so
        // the analysis graph (mediation pairs included) is checked too.
        let (data, selector);
        if let Some(date) = f.name.strip_prefix("default dataset at ") {
            data = default_dataset().clone();
            selector = at(date);
        } else {
            let nodes: Vec<&str> = f.nodes.iter().map(String::as_str).collect();
            let edges: Vec<(&str, &str, &str)> = f
                .edges
                .iter()
                .map(|[a, b]| (a.as_str(), b.as_str(), "cooperation"))
                .collect();
            data = graph(&nodes, &edges);
            selector = at("2000");
        }
        let snap = data.snapshot(&selector);
        let actors: Vec<&str> = snap.actors().map(|a| a.id()).collect();
        assert_eq!(actors, f.nodes, "{}: nodes", f.name);
        let pairs: Vec<[String; 2]> = snap
            .pairs()
            .iter()
            .map(|p| [data.actor_id(p.a).to_owned(), data.actor_id(p.b).to_owned()])
            .collect();
        assert_eq!(pairs, f.edges, "{}: edges", f.name);

        let c = centrality(&snap);
        for a in c.actors() {
            let id = data.actor_id(a.key);
            let degree = f.edges.iter().filter(|e| e[0] == id || e[1] == id).count();
            assert_eq!(a.degree, degree, "{}: degree of {id}", f.name);
            let close = |x: f64, y: f64, tol: f64| (x - y).abs() <= tol;
            assert!(
                close(a.betweenness, f.betweenness[id], 1e-9),
                "{}: betweenness of {id}: {} vs networkx {}",
                f.name,
                a.betweenness,
                f.betweenness[id]
            );
            assert!(
                close(a.closeness, f.closeness[id], 1e-9),
                "{}: closeness of {id}: {} vs networkx {}",
                f.name,
                a.closeness,
                f.closeness[id]
            );
            let eig = a.eigenvector.expect("power iteration converges");
            assert!(
                close(eig, f.eigenvector[id], 1e-9),
                "{}: eigenvector of {id}: {eig} vs networkx {}",
                f.name,
                f.eigenvector[id]
            );
        }
    }
}

#[test]
fn centrality_of_a_hand_checked_path() {
    // A – B – C, plus D alone; B–C has ties that cancel out.
    let data = graph(
        &["A", "B", "C", "D"],
        &[
            ("A", "B", "hostility"),
            ("B", "C", "support"),
            ("C", "B", "tension"),
        ],
    );
    let c = centrality(&data.snapshot(&at("2000")));
    let json = to_json(&c);
    assert_eq!(json["at"], "2000");
    let row = |id: &str| {
        json["actors"]
            .as_array()
            .and_then(|a| a.iter().find(|r| r["id"] == id))
            .cloned()
            .unwrap()
    };
    // n = 4: B lies on the shortest path A–C, counted both ways over
    // (n − 1)(n − 2) = 6 ordered pairs: 2 / 6.
    assert_eq!(row("B")["betweenness"], json!(1.0 / 3.0));
    assert_eq!(row("B")["degree"], 2);
    assert_eq!(row("B")["positive"], 0);
    assert_eq!(row("B")["negative"], 1);
    assert_eq!(row("A")["betweenness"], 0.0);
    assert_eq!(row("D")["degree"], 0);
    assert_eq!(row("D")["closeness"], 0.0);
    // A reaches B at 1 and C at 2: (2 / 3) × (2 / 3).
    assert!((row("A")["closeness"].as_f64().unwrap() - 4.0 / 9.0).abs() < 1e-12);
    let keys: Vec<&str> = json["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["A", "B", "C", "D"]);
    assert_eq!(
        row("A")
            .as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>()),
        Some(
            [
                "betweenness",
                "closeness",
                "degree",
                "eigenvector",
                "id",
                "negative",
                "positive"
            ]
            .map(String::from)
            .to_vec()
        )
    );
}

#[test]
fn centrality_is_deterministic() {
    let data = default_dataset();
    let snap = data.snapshot(&at("2025"));
    let first = serde_json::to_string(&centrality(&snap)).unwrap();
    for _ in 0..3 {
        assert_eq!(serde_json::to_string(&centrality(&snap)).unwrap(), first);
    }
}

/// Issue 15: betweenness on 1, 2 and 3 threads gives the same bits, on a
/// graph large enough to fill every block of sources (300 actors, random
/// ties, a few components), and brokers from a computed centrality equal
/// brokers computed afresh.
#[test]
fn centrality_is_the_same_bits_on_any_number_of_threads() {
    let ids: Vec<String> = (0..300).map(|i| format!("A{i:03}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let mut edges = Vec::new();
    for _ in 0..900 {
        let (a, b) = (next(300) as usize, next(300) as usize);
        // Actors 280.. only among themselves: a second component.
        if a != b && (a >= 280) == (b >= 280) {
            let kind = if next(3) == 0 { "hostility" } else { "support" };
            edges.push((refs[a], refs[b], kind));
        }
    }
    let data = graph(&refs, &edges);
    let snap = data.snapshot(&at("2000"));
    let bits = |threads: usize| -> Vec<(u64, u64)> {
        tiegraph::analysis::centrality_on(&snap, threads)
            .actors()
            .iter()
            .map(|a| (a.betweenness.to_bits(), a.closeness.to_bits()))
            .collect()
    };
    let one = bits(1);
    assert!(one.iter().any(|&(b, _)| f64::from_bits(b) > 0.0));
    assert_eq!(bits(2), one);
    assert_eq!(bits(3), one);
    let c = centrality(&snap);
    assert_eq!(
        to_json(&tiegraph::analysis::brokers_from(&snap, &c)),
        to_json(&brokers(&snap))
    );
}

#[test]
fn brokers_list_mediations_and_rank_by_betweenness() {
    // A – H – B is a path; M mediates between A and B in 2000; X hangs off H.
    let data = dataset(
        &["A", "B", "H", "M", "X"],
        &[
            ("A", "H", "alliance", "2000", "", ""),
            ("H", "B", "cooperation", "2000", "", ""),
            ("H", "X", "tension", "2000", "", ""),
            ("M", "B", "mediation", "2000", "2001", "A"),
        ],
    );
    let b = brokers(&data.snapshot(&at("2000")));
    let json = to_json(&b);
    assert_eq!(
        json["mediations"],
        json!([{"mediator": "M", "between": ["A", "B"], "tie": "t0003", "start": "2000",
                "end": "2001", "confidence": "reported"}])
    );
    let [a, bb, m] = ["A", "B", "M"].map(|id| key(&data, id));
    let between: Vec<ActorKey> = b.mediators_between(bb, a).map(|x| x.mediator).collect();
    assert_eq!(between, [m]);
    // Unordered pairs through each actor, over (n − 1)(n − 2) / 2 = 6:
    // H: half of A–B, all of A–X, B–X, M–X = 3.5; A: half of M–H, half of
    // M–X = 1; B likewise; M: half of A–B; X: none.
    let ranked: Vec<(&str, f64)> = b
        .brokers()
        .iter()
        .map(|x| (data.actor_id(x.key), x.betweenness * 6.0))
        .collect();
    let names: Vec<&str> = ranked.iter().map(|r| r.0).collect();
    assert_eq!(names, ["H", "A", "B", "M"]);
    for ((_, got), want) in ranked.iter().zip([3.5, 1.0, 1.0, 0.5]) {
        assert!((got - want).abs() < 1e-12, "{ranked:?}");
    }
    let h = &b.brokers()[0];
    // H's neighbours A, B, X have no tie among them (the mediation ties M to
    // A and to B, not A to B).
    assert_eq!((h.degree, h.open, h.mediations), (3, 3, 0));
    assert_eq!(b.brokers()[3].mediations, 1);
    assert_eq!(
        json["brokers"][3],
        json!({"id": "M", "betweenness": b.brokers()[3].betweenness, "degree": 2,
               "mediations": 1, "open": 1})
    );
    // In 2002 the mediation is over.
    assert!(brokers(&data.snapshot(&at("2002"))).mediations().is_empty());
}

#[test]
fn brokers_on_the_default_dataset() {
    let data = default_dataset();
    let b = brokers(&data.snapshot(&at("2026-03-01")));
    let json = to_json(&b);
    assert_eq!(json["mediations"][0]["mediator"], "CHN");
    assert_eq!(json["mediations"][0]["between"], json!(["PAK", "TAL"]));
    assert_eq!(json["brokers"][0]["id"], "TAL");
    assert_eq!(json["brokers"][1]["id"], "PAK");
    // In 2022 the Taliban mediated between Pakistan and the TTP.
    let b = brokers(&data.snapshot(&at("2022-06")));
    let [pak, tal, ttp] = ["PAK", "TAL", "TTP"].map(|id| key(data, id));
    assert!(b.mediators_between(ttp, pak).any(|m| m.mediator == tal));
}

// ---------------------------------------------------------------- camps

#[test]
fn camps_of_two_hostile_blocs() {
    let data = graph(
        &["A", "B", "C", "X", "Y", "Z"],
        &[
            ("A", "B", "alliance"),
            ("B", "C", "alliance"),
            ("X", "Y", "cooperation"),
            ("Y", "Z", "support"),
            ("A", "X", "hostility"),
            ("C", "Z", "tension"),
            ("B", "Y", "hostility"),
        ],
    );
    let c = camps(&data.snapshot(&at("2000")), 2);
    let moves: Vec<Value> = [("A", 2), ("B", 3), ("C", 2), ("X", 2), ("Y", 3), ("Z", 2)]
        .iter()
        .map(|(id, cost)| json!({"id": id, "cost": cost}))
        .collect();
    assert_eq!(
        to_json(&c),
        json!({"at": "2000", "k": 2, "camps": [["A", "B", "C"], ["X", "Y", "Z"]], "frustration": 0,
               "lower_bound": 0, "gap": 0, "exact": true, "frustrated": [], "moves": moves,
               "robustness": {"without_alleged": {"camps": [["A", "B", "C"], ["X", "Y", "Z"]],
                                                  "frustration": 0, "exact": true},
                              "changes": false}})
    );
}

#[test]
fn camps_report_frustrated_pairs() {
    // A triangle of enemies cannot split cleanly in two camps; D, a friend
    // of A only, joins A. With three camps everything splits cleanly.
    let data = dataset(
        &["A", "B", "C", "D", "E"],
        &[
            ("A", "B", "hostility", "2000", "", ""),
            ("B", "C", "hostility", "2000", "", ""),
            ("A", "C", "hostility", "2000", "", ""),
            ("A", "D", "alliance", "2000", "", ""),
            ("A", "E", "mediation", "2000", "", "D"),
        ],
    );
    let snap = data.snapshot(&at("2000"));
    let two = camps(&snap, 2);
    assert!(two.is_exact());
    assert_eq!(two.frustration(), 1);
    assert_eq!(two.frustrated().len(), 1);
    assert_eq!(two.frustrated()[0].sign, Sign::Negative);
    // E has no signed pair: in no camp.
    assert_eq!(two.camp_of(key(&data, "E")), None);
    assert_eq!(two.camp_of(key(&data, "A")), two.camp_of(key(&data, "D")));
    let three = camps(&snap, 3);
    assert_eq!(
        to_json(&three),
        json!({"at": "2000", "k": 3, "camps": [["A", "D"], ["B"], ["C"]], "frustration": 0,
               "lower_bound": 0, "gap": 0, "exact": true, "frustrated": [],
               "moves": [{"id": "A", "cost": 2}, {"id": "B", "cost": 1},
                         {"id": "C", "cost": 1}, {"id": "D", "cost": 1}],
               "robustness": {"without_alleged": {"camps": [["A", "D"], ["B"], ["C"]],
                                                  "frustration": 0, "exact": true},
                              "changes": false}})
    );
    // k = 1 puts everyone together; k = 0 is treated as 1.
    assert_eq!(camps(&snap, 1).frustration(), 3);
    assert_eq!(camps(&snap, 0).camps().len(), 1);
}

#[test]
fn camps_merge_components_by_position() {
    // Two separate rivalries: P vs Q, and R vs S with T on R's side.
    let data = graph(
        &["P", "Q", "R", "S", "T"],
        &[
            ("P", "Q", "hostility"),
            ("R", "S", "hostility"),
            ("T", "R", "alliance"),
        ],
    );
    let c = camps(&data.snapshot(&at("2000")), 2);
    assert_eq!(to_json(&c)["camps"], json!([["P", "R", "T"], ["Q", "S"]]));
}

#[test]
fn camps_on_the_default_dataset_are_exact() {
    let data = default_dataset();
    for date in ["2026-03-01", "2021-01", "2023", "2025-06", "2019"] {
        let snap = data.snapshot(&at(date));
        for k in [2, 3] {
            let c = camps(&snap, k);
            assert!(c.is_exact(), "{date}, k = {k}");
            assert_camps_consistent(&snap.pairs(), &c, k);
        }
    }
    let c = camps(&data.snapshot(&at("2026-03-01")), 2);
    let [ind, pak, tal] = ["IND", "PAK", "TAL"].map(|id| key(data, id));
    assert_ne!(c.camp_of(ind), c.camp_of(pak));
    assert_eq!(c.frustration(), 4);
    assert_ne!(c.camp_of(pak), c.camp_of(tal));
}

/// Camps partition exactly the actors with a signed pair, are sorted, and
/// their frustration is what the pairs say.
fn assert_camps_consistent(pairs: &Pairs, c: &tiegraph::analysis::Camps<'_>, k: usize) {
    assert!(c.camps().len() <= k.max(1));
    let mut all: Vec<ActorKey> = c.camps().iter().flatten().copied().collect();
    let mut expected: Vec<ActorKey> = pairs.signed().flat_map(|p| [p.a, p.b]).collect();
    expected.sort();
    expected.dedup();
    all.sort();
    assert_eq!(all, expected);
    for camp in c.camps() {
        assert!(!camp.is_empty());
        assert!(camp.windows(2).all(|w| w[0] < w[1]));
    }
    assert!(c.camps().windows(2).all(|w| w[0][0] < w[1][0]));
    let frustrated: Vec<(ActorKey, ActorKey)> = pairs
        .signed()
        .filter(|p| (p.sign() == Sign::Negative) == (c.camp_of(p.a) == c.camp_of(p.b)))
        .map(|p| (p.a, p.b))
        .collect();
    let reported: Vec<(ActorKey, ActorKey)> = c.frustrated().iter().map(|p| (p.a, p.b)).collect();
    assert_eq!(reported, frustrated);
    assert_eq!(c.frustration(), frustrated.len());
    let json = to_json(c);
    assert_eq!(json["frustration"], frustrated.len());
}

// ---------------------------------------------------------------- timeline

#[test]
fn timeline_of_a_hand_checked_history() {
    // 2000: A+B. 2001: A+B, B−C new. 2002: A−B flips (hostility outweighs),
    // B–C ended. 2003: A–B ties cancel (shifted to 0), C–D new.
    let data = dataset(
        &["A", "B", "C", "D"],
        &[
            ("A", "B", "alliance", "2000", "2003", ""),
            ("B", "C", "hostility", "2001", "2002", ""),
            ("A", "B", "hostility", "2002", "", ""),
            ("A", "B", "cooperation", "2003", "", ""),
            ("C", "D", "cooperation", "2003", "", ""),
        ],
    );
    let t = timeline(
        &data,
        "2000".parse().unwrap(),
        "2003".parse().unwrap(),
        Step::Years(1),
    );
    let json = to_json(&t);
    assert_eq!(json["from"], "2000");
    assert_eq!(json["to"], "2003");
    assert_eq!(json["step"], "1y");
    let row = |i: usize| {
        let s = &json["steps"][i];
        [
            "ties", "pairs", "positive", "negative", "new", "ended", "flipped", "shifted",
        ]
        .map(|f| s[f].as_u64().unwrap())
    };
    assert_eq!(json["steps"][0]["at"], "2000");
    assert_eq!(row(0), [1, 1, 1, 0, 0, 0, 0, 0]);
    assert_eq!(row(1), [2, 2, 1, 1, 1, 0, 0, 0]);
    // 2002 as a whole: alliance (until 2003) and hostility: they cancel.
    assert_eq!(row(2), [2, 1, 0, 0, 0, 1, 0, 1]);
    assert_eq!(row(3), [3, 2, 1, 0, 1, 0, 0, 1]);
    assert_eq!(json["steps"][0]["ratio"], Value::Null);
    // B: B–C new, A–B shifted, B–C ended, A–B shifted; C: B–C new and
    // ended, C–D new; A: A–B shifted twice; D: C–D new.
    assert_eq!(
        json["movers"],
        json!([
            {"id": "B", "pairs": 2, "changes": 4, "flips": 0},
            {"id": "C", "pairs": 2, "changes": 3, "flips": 0},
            {"id": "A", "pairs": 1, "changes": 2, "flips": 0},
            {"id": "D", "pairs": 1, "changes": 1, "flips": 0},
        ])
    );
}

#[test]
fn a_flip_between_months() {
    let data = dataset(
        &["A", "B", "C"],
        &[
            ("A", "B", "alliance", "2000", "2000-03-10", ""),
            ("A", "B", "hostility", "2000-03-10", "", ""),
            ("B", "C", "alliance", "2000", "", ""),
            ("A", "C", "alliance", "2000", "", ""),
        ],
    );
    let t = timeline(
        &data,
        "2000-01".parse().unwrap(),
        "2000-05".parse().unwrap(),
        Step::Months(1),
    );
    let steps = t.steps();
    assert_eq!(steps.len(), 5);
    let summary: Vec<(String, usize, usize, usize, usize)> = steps
        .iter()
        .map(|s| {
            (
                s.at.to_string(),
                s.balanced,
                s.unbalanced,
                s.flipped,
                s.shifted,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("2000-01".into(), 1, 0, 0, 0),
            ("2000-02".into(), 1, 0, 0, 0),
            // March has both ties, weighed by their days (R1): 9 days of
            // alliance, 22 of hostility. A−B is negative: the triangle is
            // unbalanced and the pair flipped.
            ("2000-03".into(), 0, 1, 1, 0),
            ("2000-04".into(), 0, 1, 0, 1),
            ("2000-05".into(), 0, 1, 0, 0),
        ]
    );
    // By quarters: the alliance of the first quarter became the hostility of
    // the second.
    let data = dataset(
        &["A", "B"],
        &[
            ("A", "B", "alliance", "2000", "2000-04", ""),
            ("A", "B", "hostility", "2000-04", "", ""),
        ],
    );
    let t = timeline(
        &data,
        "2000-01".parse().unwrap(),
        "2000-06".parse().unwrap(),
        Step::Months(3),
    );
    assert_eq!(t.steps().len(), 2);
    assert_eq!(t.steps()[1].flipped, 1);
    assert_eq!(to_json(&t)["steps"][1]["at"], "2000-04..2000-06");
    assert_eq!(
        to_json(&t)["movers"][0],
        json!({"id": "A", "pairs": 1, "changes": 1, "flips": 1})
    );
}

/// Per-step counts computed from scratch, to check the incremental timeline.
fn timeline_from_scratch(data: &Dataset, periods: &[Selector]) -> Vec<[usize; 11]> {
    let mut out = Vec::new();
    let mut prev: Option<Pairs> = None;
    // R3 by brute force: each pair's last + or − sign so far.
    let mut last_signed: std::collections::BTreeMap<
        (tiegraph::ActorKey, tiegraph::ActorKey),
        Sign,
    > = Default::default();
    for s in periods {
        let snap = data.snapshot(s);
        let pairs = snap.pairs();
        let count = count_triangles(&pairs);
        let counts = prev.as_ref().map_or([0; 5], |p| {
            Diff::from_pairs(data, *s, *s, p, &pairs).counts()
        });
        out.push([
            snap.ties().len(),
            pairs.len(),
            pairs.iter().filter(|p| p.sign() == Sign::Positive).count(),
            pairs.iter().filter(|p| p.sign() == Sign::Negative).count(),
            count.balanced,
            count.unbalanced,
            counts[Change::New as usize],
            counts[Change::Ended as usize],
            counts[Change::Flipped as usize],
            counts[Change::Shifted as usize],
            pairs
                .iter()
                .filter(|p| p.sign() != Sign::Zero)
                .filter(|p| {
                    let last = last_signed.insert((p.a, p.b), p.sign());
                    last.is_some_and(|l| l != p.sign())
                })
                .count(),
        ]);
        prev = Some(pairs);
    }
    out
}

fn timeline_rows(t: &tiegraph::analysis::Timeline<'_>) -> Vec<[usize; 11]> {
    t.steps()
        .iter()
        .map(|s| {
            [
                s.ties,
                s.pairs,
                s.positive,
                s.negative,
                s.balanced,
                s.unbalanced,
                s.new,
                s.ended,
                s.flipped,
                s.shifted,
                s.turned,
            ]
        })
        .collect()
}

#[test]
fn timeline_on_the_default_dataset_matches_snapshots() {
    let data = default_dataset();
    let (from, to) = ("2019-01".parse().unwrap(), "2026-12".parse().unwrap());
    for step in [Step::Months(1), Step::Months(3), Step::Years(1)] {
        let t = timeline(data, from, to, step);
        let periods = step.periods(from, to);
        assert_eq!(
            timeline_rows(&t),
            timeline_from_scratch(data, &periods),
            "{step}"
        );
    }
    let t = timeline(data, from, to, Step::Months(1));
    assert_eq!(t.steps().len(), 96);
    let json = to_json(&t);
    assert_eq!(json["steps"][0]["at"], "2019-01");
    assert_eq!(json["step"], "1m");
    // Month by month no pair flips outright (Pakistan and the Taliban pass
    // through 0 from August to November 2021); year by year they do.
    let years = to_json(&timeline(data, from, to, Step::Years(1)));
    let steps = years["steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| s["flipped"].as_u64() > Some(0)));
    // The Taliban and Pakistan moved most.
    let top: Vec<&str> = t.movers()[..2]
        .iter()
        .map(|m| data.actor_id(m.key))
        .collect();
    assert!(top.contains(&"TAL") && top.contains(&"PAK"), "{top:?}");
}

#[test]
fn an_empty_timeline() {
    let data = default_dataset();
    let t = timeline(
        data,
        "2026".parse().unwrap(),
        "2021".parse().unwrap(),
        Step::Years(1),
    );
    assert!(t.steps().is_empty());
    assert_eq!(
        to_json(&t),
        json!({"from": "2026", "to": "2021", "step": "1y", "steps": [], "movers": [], "turns": []})
    );
}

// ---------------------------------------------------------------- history

#[test]
fn history_json_on_the_default_dataset() {
    let data = default_dataset();
    let [pak, tal] = ["PAK", "TAL"].map(|id| key(data, id));
    let h = data.history(tal, pak);
    let json = to_json(&h);
    assert_eq!(json["a"], "TAL");
    assert_eq!(json["b"], "PAK");
    let ties = json["ties"].as_array().unwrap();
    assert_eq!(ties.len(), data.history(pak, tal).tie_keys().len());
    // The CHN mediation between PAK and TAL involves both.
    assert!(ties
        .iter()
        .any(|t| t["kind"] == "mediation" && t["with"] == "TAL"));
    let first = &ties[0];
    assert_eq!(
        first,
        &json!({"id": "t005", "source": "PAK", "target": "TAL", "kind": "support",
                "start": "1994~", "end": "2021-08", "with": null, "weight": 1.0,
                "confidence": "confirmed", "directed": true,
                "sources": first["sources"].clone(), "note": first["note"].clone()})
    );
    let starts: Vec<i32> = h.ties().map(|t| t.start().first_day()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
}

// ---------------------------------------------------------------- properties

/// Up to 12 actors `N00…` and ties among them; kinds 0 alliance, 1 hostility,
/// 2 tension, 3 cooperation (so some pairs cancel out to sign 0).
fn random_graph() -> impl Strategy<Value = (usize, Vec<(usize, usize, u8)>)> {
    (3usize..=12).prop_flat_map(|n| {
        (
            Just(n),
            proptest::collection::vec((0..n, 0..n, 0u8..4), 0..=n * (n - 1) / 2 + 6),
        )
    })
}

const KINDS: [&str; 4] = ["alliance", "hostility", "tension", "cooperation"];

fn random_dataset(n: usize, edges: &[(usize, usize, u8)]) -> Dataset {
    let names: Vec<String> = (0..n).map(|i| format!("N{i:02}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let ties: Vec<(&str, &str, &str)> = edges
        .iter()
        .filter(|(a, b, _)| a != b)
        .map(|&(a, b, k)| (refs[a], refs[b], KINDS[k as usize]))
        .collect();
    graph(&refs, &ties)
}

/// The least frustration over every assignment of the signed actors to at
/// most k camps.
fn brute_frustration(pairs: &Pairs, k: usize) -> usize {
    let mut nodes: Vec<ActorKey> = pairs.signed().flat_map(|p| [p.a, p.b]).collect();
    nodes.sort();
    nodes.dedup();
    let edges: Vec<(usize, usize, bool)> = pairs
        .signed()
        .map(|p| {
            let i = nodes.binary_search(&p.a).unwrap();
            let j = nodes.binary_search(&p.b).unwrap();
            (i, j, p.sign() == Sign::Positive)
        })
        .collect();
    let n = nodes.len();
    let mut labels = vec![0usize; n];
    let mut best = usize::MAX;
    loop {
        let f = edges
            .iter()
            .filter(|&&(i, j, pos)| pos != (labels[i] == labels[j]))
            .count();
        best = best.min(f);
        // Next assignment in base k; the first actor stays in camp 0.
        let mut i = 1;
        while i < n {
            labels[i] += 1;
            if labels[i] < k {
                break;
            }
            labels[i] = 0;
            i += 1;
        }
        if i >= n {
            return if n == 0 { 0 } else { best };
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn triangles_match_a_triple_loop((n, edges) in random_graph()) {
        let data = random_dataset(n, &edges);
        let snap = data.snapshot(&at("2000"));
        let pairs = snap.pairs();
        let (count, list) = brute_triangles(&data, &pairs);
        let b = balance(&snap);
        prop_assert_eq!(b.count(), count);
        prop_assert_eq!(count_triangles(&pairs), count);
        let listed: Vec<Vec<String>> = b.triangles().iter().map(|t| ids(&data, &t.actors())).collect();
        prop_assert_eq!(listed, list);
        for t in b.triangles() {
            let [x, y, z] = t.actors();
            let signs = [(x, y), (x, z), (y, z)].map(|(u, v)| pairs.get(u, v).map(|p| p.sign()));
            prop_assert_eq!(signs, t.signs().map(Some));
        }
    }

    #[test]
    fn predictions_match_brute_force((n, edges) in random_graph()) {
        let data = random_dataset(n, &edges);
        let snap = data.snapshot(&at("2000"));
        let pairs = snap.pairs();
        let sign = |x: ActorKey, y: ActorKey| pairs.get(x, y).map_or(0, |p| p.sign().value());
        let keys: Vec<ActorKey> = snap.actors().map(|a| a.key()).collect();
        let mut expected = Vec::new();
        for (i, &a) in keys.iter().enumerate() {
            for &b in &keys[i + 1..] {
                if sign(a, b) != 0 {
                    continue;
                }
                let (mut plus, mut minus) = (Vec::new(), Vec::new());
                for &z in &keys {
                    let v = sign(a, z) * sign(z, b);
                    if v > 0 { plus.push(z) } else if v < 0 { minus.push(z) }
                }
                if plus.len() != minus.len() {
                    let positive = plus.len() > minus.len();
                    let (s, against) = if positive { (plus, minus) } else { (minus, plus) };
                    expected.push((a, b, positive, s, against));
                }
            }
        }
        let mut got: Vec<_> = predictions(&snap)
            .iter()
            .map(|p| (p.a(), p.b(), p.sign() == Sign::Positive, p.support().to_vec(), p.against().to_vec()))
            .collect();
        for w in got.windows(2) {
            prop_assert!(w[0].3.len() >= w[1].3.len());
        }
        got.sort();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn two_camps_are_optimal((n, edges) in random_graph()) {
        let data = random_dataset(n, &edges);
        let snap = data.snapshot(&at("2000"));
        let pairs = snap.pairs();
        let c = camps(&snap, 2);
        prop_assert!(c.is_exact());
        prop_assert_eq!(c.frustration(), brute_frustration(&pairs, 2));
        assert_camps_consistent(&pairs, &c, 2);
    }

    #[test]
    fn three_camps_are_optimal((n, edges) in random_graph().prop_filter("small", |(n, _)| *n <= 9)) {
        let data = random_dataset(n, &edges);
        let snap = data.snapshot(&at("2000"));
        let pairs = snap.pairs();
        let c = camps(&snap, 3);
        prop_assert!(c.is_exact());
        prop_assert_eq!(c.frustration(), brute_frustration(&pairs, 3));
        assert_camps_consistent(&pairs, &c, 3);
    }

    #[test]
    fn timeline_matches_snapshots(
        n in 3usize..=8,
        ties in proptest::collection::vec(
            (0usize..8, 0usize..8, 0u8..4, 0u32..24, 1u32..30, any::<bool>(), (0u32..28, 0u32..28, 0u8..5)), 0..40),
    ) {
        let names: Vec<String> = (0..n).map(|i| format!("N{i:02}")).collect();
        let months: Vec<String> = (0..60).map(|m| format!("{}-{:02}", 2000 + m / 12, m % 12 + 1)).collect();
        let rows: Vec<(String, String, &str, String, String, &str)> = ties
            .iter()
            .filter(|t| t.0 % n != t.1 % n)
            .map(|&(a, b, k, start, len, open, (d0, d1, w))| {
                // Day-precision dates inside months, so that ties start and
                // end inside steps (R1 weighs them by their days), and
                // decimal weights that must cancel exactly.
                let end = if open {
                    String::new()
                } else {
                    format!("{}-{:02}", months[(start + len) as usize], d1 + 1)
                };
                (names[a % n].clone(), names[b % n].clone(), KINDS[k as usize],
                 format!("{}-{:02}", months[start as usize], d0 + 1), end,
                 ["", "0.5", "0.25", "0.1", "0.3"][w as usize])
            })
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let data = weighted_dataset(&refs, &rows);
        let (from, to) = ("2000-01".parse().unwrap(), "2003-12".parse().unwrap());
        for step in [Step::Months(1), Step::Months(5), Step::Years(1)] {
            let t = timeline(&data, from, to, step);
            prop_assert_eq!(timeline_rows(&t), timeline_from_scratch(&data, &step.periods(from, to)));
            let changes: usize = t.steps().iter().map(|s| s.new + s.ended + s.flipped + s.shifted).sum();
            prop_assert_eq!(t.movers().iter().map(|m| m.changes).sum::<usize>(), 2 * changes);
            // The turns list has one entry per turn counted, in (step, a, b)
            // order, each from one sign to the other.
            prop_assert_eq!(t.turns().len(), t.steps().iter().map(|s| s.turned).sum::<usize>());
            let order: Vec<(i32, ActorKey, ActorKey)> = t.turns().iter().map(|x| (x.at.start(), x.a, x.b)).collect();
            prop_assert!(order.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(t.turns().iter().all(|x| x.from != x.to && x.from != Sign::Zero && x.to != Sign::Zero));
            // The report's function finds the same turns from the snapshots.
            let periods = step.periods(from, to);
            let pairs: Vec<Pairs> = periods.iter().map(|p| data.snapshot(p).pairs()).collect();
            prop_assert_eq!(tiegraph::analysis::turns(&periods, &pairs), t.turns().to_vec());
        }
    }
}

// ---------------------------------------------------------------- scale

/// `cargo test --release --test it -- --ignored --nocapture analysis::scale`:
/// a million ties, one snapshot against a 72-month timeline.
#[test]
#[ignore]
fn scale() {
    use std::fmt::Write;
    use std::time::Instant;
    let n = 20_000u64;
    let mut actors = String::from("id,name,kind\n");
    for i in 0..n {
        writeln!(actors, "A{i:05},A{i:05},state").unwrap();
    }
    let mut ties = String::from("id,source,target,kind,start,end\n");
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for t in 0..1_000_000u64 {
        let a = next() % n;
        // Mostly near neighbours, so there are many triangles.
        let b = (a + 1 + next() % 50) % n;
        let kind = KINDS[(next() % 4) as usize];
        let start = next() % 27 * 12 + next() % 12;
        let start_s = format!("{}-{:02}", 2000 + start / 12, start % 12 + 1);
        let end = if next() % 3 == 0 {
            let e = start + 1 + next() % 60;
            format!("{}-{:02}", 2000 + e / 12, e % 12 + 1)
        } else {
            String::new()
        };
        writeln!(ties, "t{t},A{a:05},A{b:05},{kind},{start_s},{end}").unwrap();
    }
    let clock = Instant::now();
    let data = Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), None::<&[u8]>).unwrap();
    eprintln!("load: {:?}", clock.elapsed());

    // The machine may be busy: the best of three runs.
    let best = |f: &mut dyn FnMut()| {
        (0..3)
            .map(|_| {
                let clock = Instant::now();
                f();
                clock.elapsed()
            })
            .min()
            .unwrap()
    };
    let snap = data.snapshot(&at("2024-06"));
    let pairs = snap.pairs();
    let count = count_triangles(&pairs);
    let one = best(&mut || {
        let snap = data.snapshot(&at("2024-06"));
        assert_eq!(count_triangles(&snap.pairs()), count);
    });
    eprintln!(
        "one snapshot, {} ties, {} pairs, counted {count:?}: {one:?}",
        snap.ties().len(),
        pairs.len()
    );
    let clock = Instant::now();
    let b = balance(&snap);
    eprintln!(
        "balance (listing {} triangles): {:?}",
        b.triangles().len(),
        clock.elapsed()
    );

    let (from, to) = ("2021-01".parse().unwrap(), "2026-12".parse().unwrap());
    let t = timeline(&data, from, to, Step::Months(1));
    let all = best(&mut || {
        timeline(&data, from, to, Step::Months(1));
    });
    eprintln!(
        "timeline, {} steps: {all:?} ({:.2}× one snapshot)",
        t.steps().len(),
        all.as_secs_f64() / one.as_secs_f64()
    );
    let clock = Instant::now();
    let c = camps(&snap, 2);
    eprintln!(
        "camps: {} camps, frustration {} (exact: {}): {:?}",
        c.camps().len(),
        c.frustration(),
        c.is_exact(),
        clock.elapsed()
    );
    let clock = Instant::now();
    let p = predictions(&snap);
    eprintln!("predictions: {}: {:?}", p.len(), clock.elapsed());
    let last = t
        .steps()
        .iter()
        .find(|s| s.at.to_string() == "2024-06")
        .unwrap();
    assert_eq!(
        (last.balanced, last.unbalanced),
        (count.balanced, count.unbalanced)
    );
}

// ------------------------------------------------- camps: bounds (issue 21)

/// SplitMix64, for seeded random graphs.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random signed graph of `n` actors, each pair present with probability
/// `percent`, negative with probability one half.
fn seeded_graph(rng: &mut Seeded, n: usize, percent: u64) -> Dataset {
    let mut edges = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            if rng.below(100) < percent {
                edges.push((a, b, if rng.below(2) == 0 { 0 } else { 1 }));
            }
        }
    }
    random_dataset(n, &edges)
}

/// The frustration of every single-actor move, recomputed from scratch.
fn brute_moves(pairs: &Pairs, c: &tiegraph::analysis::Camps<'_>) -> Vec<(ActorKey, i64)> {
    let frustration = |camp: &dyn Fn(ActorKey) -> Option<usize>| -> i64 {
        pairs
            .signed()
            .filter(|p| (p.sign() == Sign::Negative) == (camp(p.a) == camp(p.b)))
            .count() as i64
    };
    let base = frustration(&|a| c.camp_of(a));
    let mut out = Vec::new();
    for (own, camp) in c.camps().iter().enumerate() {
        for &actor in camp {
            // Every other camp label, including an unused one when k allows.
            let best = (0..c.k().max(c.camps().len()))
                .filter(|&l| l != own)
                .filter(|&l| l < c.camps().len() || c.camps().len() < c.k())
                .map(|l| {
                    frustration(&|a| {
                        if a == actor {
                            Some(l)
                        } else {
                            c.camp_of(a)
                        }
                    })
                })
                .min();
            if let Some(best) = best {
                out.push((actor, best - base));
            }
        }
    }
    out.sort();
    out
}

/// Brute force over every partition of random signed graphs of up to 14
/// actors: with and without a search budget, the bound never exceeds the
/// optimum, the frustration never falls below it, `exact` means optimal,
/// and the move costs are what moving the actor really costs.
#[test]
fn camps_bounds_against_brute_force() {
    let mut rng = Seeded(21);
    let no_search = CampsOptions {
        time_limit: None,
        node_budget: Some(0),
    };
    let mut proven_without_search = 0;
    for case in 0..48 {
        let n = 6 + case % 9;
        let percent = [25, 45, 70][case % 3];
        let data = seeded_graph(&mut rng, n, percent as u64);
        let snap = data.snapshot(&at("2000"));
        let pairs = snap.pairs();
        // K = 3 over 14 actors is 1.6 million partitions: only some cases.
        let ks: &[usize] = if n <= 11 || case % 4 == 0 {
            &[2, 3]
        } else {
            &[2]
        };
        for &k in ks {
            let optimum = brute_frustration(&pairs, k);
            for c in [camps(&snap, k), camps_with(&snap, k, &no_search)] {
                assert!(c.lower_bound() <= optimum, "case {case}, k {k}");
                assert!(c.frustration() >= optimum, "case {case}, k {k}");
                assert_eq!(c.is_exact(), c.lower_bound() == c.frustration());
                assert_eq!(c.gap(), c.frustration() - c.lower_bound());
                assert_camps_consistent(&pairs, &c, k);
                let moves: Vec<(ActorKey, i64)> =
                    c.moves().iter().map(|m| (m.actor, m.cost)).collect();
                assert_eq!(moves, brute_moves(&pairs, &c), "case {case}, k {k}");
                // A partition that no single move improves.
                assert!(moves.iter().all(|&(_, cost)| cost >= 0));
            }
            let full = camps(&snap, k);
            assert!(full.is_exact(), "case {case}, k {k}");
            assert_eq!(full.frustration(), optimum);
            let quick = camps_with(&snap, k, &no_search);
            proven_without_search += usize::from(quick.is_exact());
        }
    }
    // The packing alone proves most of these optimal (and the test would
    // notice a bound stuck at zero).
    assert!(proven_without_search > 30, "{proven_without_search}");
}

/// Without any search the bound comes from the cycle packing alone: on a
/// graph whose optimum needs the search (all-negative K4, optimum 2, any
/// two of its triangles share a pair) the gap is reported.
#[test]
fn camps_report_the_gap_when_the_search_is_cut_short() {
    let ids = ["A", "B", "C", "D"];
    let mut edges = Vec::new();
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            edges.push((*a, *b, "hostility"));
        }
    }
    let data = graph(&ids, &edges);
    let snap = data.snapshot(&at("2000"));
    let quick = camps_with(
        &snap,
        2,
        &CampsOptions {
            time_limit: None,
            node_budget: Some(0),
        },
    );
    assert_eq!((quick.frustration(), quick.lower_bound()), (2, 1));
    assert!(!quick.is_exact());
    let json = to_json(&quick);
    assert_eq!((&json["lower_bound"], &json["gap"]), (&json!(1), &json!(1)));
    assert_eq!(json["exact"], json!(false));
    let full = camps(&snap, 2);
    assert_eq!((full.frustration(), full.lower_bound()), (2, 2));
    assert!(full.is_exact());
}

/// With k camps, k + 1 mutually hostile actors need a frustrated pair: on
/// all-hostile groups of 4 to 9 actors the packing alone (no search) gives
/// a positive bound for three and four camps, never above the optimum
/// found by brute force. (Cycles with one negative pair, the only
/// structure counted for k ≥ 3 before, cannot exist without friendly
/// pairs: the bound was 0.)
#[test]
fn hostile_cliques_bound_camps_beyond_two() {
    let no_search = CampsOptions {
        time_limit: None,
        node_budget: Some(0),
    };
    let names = ["A", "B", "C", "D", "E", "F", "G", "H", "I"];
    for n in 4..=names.len() {
        let ids = &names[..n];
        let mut edges = Vec::new();
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                edges.push((*a, *b, "hostility"));
            }
        }
        let data = graph(ids, &edges);
        let snap = data.snapshot(&at("2000"));
        let pairs = snap.pairs();
        for k in [3, 4] {
            let optimum = brute_frustration(&pairs, k);
            let quick = camps_with(&snap, k, &no_search);
            assert!(quick.lower_bound() <= optimum, "n {n}, k {k}");
            assert_eq!(quick.lower_bound() >= 1, n > k, "n {n}, k {k}");
            let full = camps(&snap, k);
            assert!(full.is_exact(), "n {n}, k {k}");
            assert_eq!(full.frustration(), optimum, "n {n}, k {k}");
        }
    }
}

/// Read's highland tribes (Read 1954; the UCINET file GAMA.DAT, matrices
/// GAMAPOS and GAMANEG, 16 tribes, 29 positive and 29 negative pairs). Its
/// frustration index is 7 (Aref, Mason and Wilson, Networks 2020). See
/// tests/fixtures/signed/highland-tribes/README.md.
#[test]
fn highland_tribes_frustration_index_is_seven() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/signed/highland-tribes");
    let data = Dataset::load_dir(&dir).unwrap();
    let snap = data.snapshot(&at("1954"));
    let pairs = snap.pairs();
    assert_eq!(pairs.signed().count(), 58);
    let c = camps(&snap, 2);
    assert_eq!((c.frustration(), c.lower_bound()), (7, 7));
    assert!(c.is_exact());
    assert_eq!(c.frustration(), brute_frustration(&pairs, 2));
    // Generalised balance with three camps: 2 (by exhaustive search here;
    // the three groups that Read and later Hage & Harary describe).
    let three = camps(&snap, 3);
    assert!(three.is_exact());
    assert_eq!(three.frustration(), 2);
}

/// Sampson's monastery (the UCINET file SAMPSON.DAT, built as the signed
/// network "Monastery interactions" of Aref's data set: a pair when each
/// novice chose the other and all their choices agree in sign): 18
/// novices, 49 pairs, 12 negative. Frustration index 5, by exhaustive
/// search; the one optimal split puts Sampson's four Outcasts against the
/// rest. See tests/fixtures/signed/sampson-monastery/README.md.
#[test]
fn sampson_monastery_frustration_index_is_five() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/signed/sampson-monastery");
    let data = Dataset::load_dir(&dir).unwrap();
    let snap = data.snapshot(&at("1969"));
    let pairs = snap.pairs();
    assert_eq!(pairs.signed().count(), 49);
    assert_eq!(
        pairs
            .signed()
            .filter(|p| p.sign() == Sign::Negative)
            .count(),
        12
    );
    let c = camps(&snap, 2);
    assert_eq!((c.frustration(), c.lower_bound()), (5, 5));
    assert!(c.is_exact());
    assert_eq!(c.frustration(), brute_frustration(&pairs, 2));
    let mut camp_ids: Vec<Vec<&str>> = c
        .camps()
        .iter()
        .map(|camp| {
            let mut ids: Vec<&str> = camp.iter().map(|&k| data.actor_id(k)).collect();
            ids.sort_unstable();
            ids
        })
        .collect();
    camp_ids.sort_by_key(Vec::len);
    assert_eq!(
        camp_ids[0],
        ["AMAND_13", "BASIL_3", "ELIAS_17", "SIMP_18"],
        "the Outcasts against the rest"
    );
    assert_eq!(camp_ids[1].len(), 14);
    // A third camp does not help: five edge-disjoint cycles with exactly
    // one negative pair each prove 5 for any number of camps.
    let three = camps(&snap, 3);
    assert_eq!((three.frustration(), three.lower_bound()), (5, 5));
    assert!(three.is_exact());
}

use crate::gen;

/// The target of issue 21: 100 actors, 1,000 signed pairs, two planted
/// camps with 12% of the signs flipped (benches/gen.rs, `planted100`):
/// proven optimal. Uniformly random signs (`uniform100`): a real bound
/// with a gap, within the time limit.
#[test]
fn planted_hundred_actors_are_proven_optimal() {
    let limits = CampsOptions {
        time_limit: Some(std::time::Duration::from_secs(10)),
        node_budget: None,
    };
    let planted = gen::dataset(gen::size("planted100").unwrap());
    let snap = planted.snapshot(&at("2001"));
    assert_eq!(snap.pairs().signed().count(), 1000);
    let c = camps_with(&snap, 2, &limits);
    assert!(c.is_exact(), "{} vs {}", c.frustration(), c.lower_bound());
    // About 12% of 1,000 pairs disagree with the planted camps; the
    // optimum cannot be above that.
    assert!((80..=130).contains(&c.frustration()), "{}", c.frustration());

    let uniform = gen::dataset(gen::size("uniform100").unwrap());
    let snap = uniform.snapshot(&at("2001"));
    let quick = CampsOptions {
        time_limit: Some(std::time::Duration::from_secs(2)),
        node_budget: None,
    };
    let c = camps_with(&snap, 2, &quick);
    assert!(c.lower_bound() > 100 && c.lower_bound() < c.frustration());
}

/// The planted family beyond the bench's one graph: eight more seeds of
/// the same generator, each proven optimal, and each seed another graph.
#[test]
fn planted_hundred_actors_are_proven_optimal_for_other_seeds() {
    let limits = CampsOptions {
        time_limit: Some(std::time::Duration::from_secs(10)),
        node_budget: None,
    };
    let size = gen::size("planted100").unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for seed in 1..=8 {
        let g = gen::signed_named(size, seed).unwrap();
        assert!(seen.insert(g.ties.clone()), "seed {seed} repeats a graph");
        let data = gen::load(g);
        let snap = data.snapshot(&at("2001"));
        assert_eq!(snap.pairs().signed().count(), 1000);
        let c = camps_with(&snap, 2, &limits);
        assert!(
            c.is_exact(),
            "seed {seed}: {} vs {}",
            c.frustration(),
            c.lower_bound()
        );
        assert!(
            (70..=140).contains(&c.frustration()),
            "seed {seed}: {}",
            c.frustration()
        );
    }
    // Seed 0 is the bench's graph.
    let zero = gen::signed_named(size, 0).unwrap();
    assert_eq!(zero.ties, gen::signed(size, Some(12)).ties);
}

// ------------------------------------------------- walk balance (issue 21)

/// tr(exp(M)) of a small dense matrix by its power series, after scaling M
/// by 2⁻ˢ and squaring s times: no eigenvalues involved.
fn trace_exp(m: &[Vec<f64>]) -> f64 {
    let n = m.len();
    let mul = |a: &[Vec<f64>], b: &[Vec<f64>]| -> Vec<Vec<f64>> {
        (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| (0..n).map(|k| a[i][k] * b[k][j]).sum())
                    .collect()
            })
            .collect()
    };
    let norm: f64 = m
        .iter()
        .map(|r| r.iter().map(|x| x.abs()).sum::<f64>())
        .fold(0.0, f64::max);
    let s = (norm.max(1.0).log2().ceil() as i32 + 1).max(0);
    let scaled: Vec<Vec<f64>> = m
        .iter()
        .map(|r| r.iter().map(|x| x / 2f64.powi(s)).collect())
        .collect();
    // Σ Xᵏ / k! for k up to 30: the terms fall below 1e-30 for ‖X‖ ≤ 1/2.
    let mut sum: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    let mut term = sum.clone();
    for k in 1..30 {
        term = mul(&term, &scaled);
        term.iter_mut().flatten().for_each(|x| *x /= k as f64);
        for (row, t) in sum.iter_mut().zip(&term) {
            row.iter_mut().zip(t).for_each(|(x, y)| *x += y);
        }
    }
    for _ in 0..s {
        sum = mul(&sum, &sum);
    }
    (0..n).map(|i| sum[i][i]).sum()
}

/// The walk ratio of `balance` against tr(exp(A)) / tr(exp(|A|)) from the
/// power series, over the actors with a signed pair, on random signed
/// graphs; 1 exactly on balanced ones.
#[test]
fn walk_balance_against_the_matrix_exponential_series() {
    let mut rng = Seeded(2014);
    let mut compared = 0;
    for case in 0..40 {
        let n = 3 + case % 10;
        let data = seeded_graph(&mut rng, n, [30, 60, 90][case % 3]);
        let snap = data.snapshot(&at("2000"));
        let pairs = snap.pairs();
        let mut nodes: Vec<ActorKey> = pairs.signed().flat_map(|p| [p.a, p.b]).collect();
        nodes.sort();
        nodes.dedup();
        let walk = balance(&snap).walk();
        if nodes.is_empty() {
            assert_eq!(walk, None);
            continue;
        }
        let size = nodes.len();
        let mut signed = vec![vec![0.0; size]; size];
        for p in pairs.signed() {
            let i = nodes.binary_search(&p.a).unwrap();
            let j = nodes.binary_search(&p.b).unwrap();
            let s = f64::from(p.sign().value());
            signed[i][j] = s;
            signed[j][i] = s;
        }
        let unsigned: Vec<Vec<f64>> = signed
            .iter()
            .map(|r| r.iter().map(|x| x.abs()).collect())
            .collect();
        let want = trace_exp(&signed) / trace_exp(&unsigned);
        let got = walk.expect("signed pairs");
        assert!(
            (got - want).abs() <= 1e-10 * want,
            "case {case}: {got} vs {want}"
        );
        assert_eq!(tiegraph::analysis::walk_balance(&snap), walk, "case {case}");
        let balanced = brute_frustration(&pairs, 2) == 0;
        assert_eq!(balanced, got == 1.0, "case {case}: {got}");
        compared += 1;
    }
    assert!(compared > 30);
}

/// `Timeline::with_walk`: each step's walk is that of the step's snapshot,
/// and the JSON has `walk` only when asked for.
#[test]
fn timeline_walk_per_step() {
    let data = default_dataset();
    let t = timeline(
        data,
        "2019".parse().unwrap(),
        "2026".parse().unwrap(),
        "1y".parse().unwrap(),
    );
    assert!(t.walks().is_none());
    let plain = to_json(&t);
    assert!(plain["steps"][0].get("walk").is_none());
    let t = t.with_walk();
    let walks = t.walks().unwrap();
    assert_eq!(walks.len(), t.steps().len());
    let json = to_json(&t);
    for (i, step) in t.steps().iter().enumerate() {
        let want = balance(&data.snapshot(&step.at)).walk();
        assert_eq!(walks[i], want, "{}", step.at);
        assert_eq!(json["steps"][i]["walk"], json!(want));
    }
    assert!(walks.iter().any(|w| w.is_some_and(|w| w < 1.0)));
    // Every step has a value here: no step has a note.
    assert!(t.walk_gaps().unwrap().iter().all(Option::is_none));
    assert!(json["steps"][0].get("walk_note").is_none());
}

/// A null `walk` comes with its reason: in the library (`walk_gap`,
/// `try_walk_balance`), in the balance JSON (`walk_note`) and per step of
/// `timeline --walk`.
#[test]
fn a_null_walk_says_why() {
    // 1,001 actors in a chain of hostile pairs: one more than the dense
    // eigendecomposition takes.
    let n = WALK_MAX_ACTORS + 1;
    let ids: Vec<String> = (0..n).map(|i| format!("A{i:04}")).collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let ties: Vec<(&str, &str, &str, &str, &str, &str)> = id_refs
        .windows(2)
        .map(|w| (w[0], w[1], "hostility", "2000", "", ""))
        .collect();
    let data = dataset(&id_refs, &ties);
    let snap = data.snapshot(&at("2000"));
    let b = balance(&snap);
    assert_eq!(b.walk(), None);
    assert_eq!(b.walk_gap(), Some(WalkGap::TooManyActors(1_001)));
    assert_eq!(try_walk_balance(&snap), Err(WalkGap::TooManyActors(1_001)));
    let json = to_json(&b);
    assert_eq!(json["walk"], Value::Null);
    assert_eq!(
        json["walk_note"],
        "1001 actors have a signed pair, more than the 1000 of a dense eigendecomposition"
    );
    // The note sits right after `walk`.
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    let at_walk = keys.iter().position(|k| *k == "walk").unwrap();
    assert_eq!(keys[at_walk + 1], "walk_note");

    // Before the first tie there is no signed pair at all.
    let t = timeline(
        &data,
        "1999".parse().unwrap(),
        "2000".parse().unwrap(),
        "1y".parse().unwrap(),
    )
    .with_walk();
    assert_eq!(
        t.walk_gaps().unwrap(),
        [
            Some(WalkGap::NoSignedPair),
            Some(WalkGap::TooManyActors(1_001))
        ]
    );
    let json = to_json(&t);
    assert_eq!(json["steps"][0]["walk"], Value::Null);
    assert_eq!(json["steps"][0]["walk_note"], "no actor has a signed pair");
    assert!(json["steps"][1]["walk_note"]
        .as_str()
        .unwrap()
        .starts_with("1001 actors"));
}

// ------------------------------------------------- camps over time (issue 21)

/// Every permutation of `0..k`, lexicographic.
fn permutations(k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for first in 0..k {
        for rest in permutations(k - 1) {
            let mut p = vec![first];
            p.extend(rest.into_iter().map(|x| if x >= first { x + 1 } else { x }));
            out.push(p);
        }
    }
    out
}

/// Camps over small random timelines against brute force: each step's
/// camps are those of its snapshot, relabelled; no relabelling keeps more
/// actors' labels; the switches are exactly the actors whose label changed.
#[test]
fn camps_over_time_against_brute_force() {
    let mut rng = Seeded(1954);
    let mut switched = 0;
    for case in 0..24 {
        let n = 5 + case % 5;
        let names: Vec<String> = (0..n).map(|i| format!("N{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut rows: Vec<(String, String, &str, String, String, &str)> = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                if rng.below(100) < 55 {
                    let start = 2000 + rng.below(4);
                    let end = if rng.below(2) == 0 {
                        String::new()
                    } else {
                        (start + 1 + rng.below(3)).to_string()
                    };
                    let kind = ["alliance", "hostility"][rng.below(2) as usize];
                    rows.push((
                        names[a].clone(),
                        names[b].clone(),
                        kind,
                        start.to_string(),
                        end,
                        "1",
                    ));
                }
            }
        }
        let data = weighted_dataset(&refs, &rows);
        let steps: Vec<Selector> = ["2000", "2001", "2002", "2003", "2004", "2005"]
            .iter()
            .map(|s| at(s))
            .collect();
        let k = 2 + case % 2;
        let over = camps_over_time(&data, &steps, k, &CampsOptions::default());
        assert_eq!(over.steps().len(), steps.len());
        let mut want_switches = Vec::new();
        for (i, step) in over.steps().iter().enumerate() {
            let c = camps(&data.snapshot(&step.at), k);
            let mut mine: Vec<Vec<ActorKey>> = step
                .camps
                .iter()
                .filter(|c| !c.is_empty())
                .cloned()
                .collect();
            mine.sort();
            let mut theirs = c.camps().to_vec();
            theirs.sort();
            assert_eq!(mine, theirs, "case {case} step {i}");
            assert_eq!(step.camps.len(), k);
            assert_eq!(
                (step.frustration, step.lower_bound, step.exact),
                (c.frustration(), c.lower_bound(), c.is_exact())
            );
            let Some(prev) = i.checked_sub(1).map(|j| &over.steps()[j]) else {
                continue;
            };
            let kept = |labels: &[Vec<ActorKey>]| -> usize {
                labels
                    .iter()
                    .enumerate()
                    .flat_map(|(l, camp)| camp.iter().map(move |&a| (l, a)))
                    .filter(|&(l, a)| prev.label_of(a) == Some(l + 1))
                    .count()
            };
            let best = permutations(k)
                .iter()
                .map(|p| {
                    let relabelled: Vec<Vec<ActorKey>> =
                        p.iter().map(|&from| step.camps[from].clone()).collect();
                    kept(&relabelled)
                })
                .max()
                .unwrap();
            assert_eq!(kept(&step.camps), best, "case {case} step {i}");
            for a in names.iter().map(|id| key(&data, id)) {
                if let (Some(from), Some(to)) = (prev.label_of(a), step.label_of(a)) {
                    if from != to {
                        want_switches.push((step.at, a, from, to));
                    }
                }
            }
        }
        let got: Vec<_> = over
            .switches()
            .iter()
            .map(|w| (w.at, w.actor, w.from, w.to))
            .collect();
        assert_eq!(got, want_switches, "case {case}");
        switched += got.len();
    }
    assert!(
        switched > 0,
        "the test would notice switches never reported"
    );
}

/// On the embedded dataset, once Pakistan and the Afghan Taliban are at
/// war (2025 on), they are in different camps, and the switches say so.
#[test]
fn pakistan_and_the_taliban_part_ways() {
    let data = default_dataset();
    let t = timeline(
        data,
        "2019".parse().unwrap(),
        "2026".parse().unwrap(),
        "1y".parse().unwrap(),
    )
    .with_camps(2, &CampsOptions::default());
    let over = t.camps().unwrap();
    let (pak, tal) = (key(data, "PAK"), key(data, "TAL"));
    for step in over.steps() {
        if step.at.to_string().as_str() >= "2025" {
            assert_ne!(step.label_of(pak), step.label_of(tal), "{}", step.at);
        }
    }
    assert!(over
        .switches()
        .iter()
        .any(|w| w.actor == tal && w.at == at("2025")));
    let json = to_json(&t);
    assert_eq!(json["steps"][0]["camps"].as_array().unwrap().len(), 2);
    assert!(json["switches"].as_array().is_some_and(|s| !s.is_empty()));
}

//! What a diagram shows, before it becomes DOT: the actors, the ties grouped
//! into edges, how each edge looks, and the legend.

use crate::text::plural;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::options::DiagramOptions;
use crate::model::{ActorKey, ActorKind, Dataset, Tie, TieKind};
use crate::pairs::{KindSet, Pairs};
use crate::snapshot::{ActorView, Snapshot};
use crate::time::Selector;
use crate::{Change, Diff};

/// An actor as drawn.
#[derive(Debug, Clone)]
pub(crate) struct SceneNode<'d> {
    pub key: ActorKey,
    pub view: ActorView<'d>,
    /// Not in force at the later date of a diff.
    pub gone: bool,
    /// The actor the diagram is focused on.
    pub focus: bool,
    /// The actor changed camp since the step before (a report marks it).
    pub switched: bool,
}

/// How an edge is drawn, relative to a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Look {
    /// A snapshot's tie, or a kind a changed pair had before and after.
    Plain,
    /// A kind the pair did not have before.
    New,
    /// A kind the pair no longer has.
    Ended,
    /// A kind of a pair that did not change.
    Unchanged,
}

/// The ties of one kind from one actor to another (both orders for the
/// symmetric kinds), drawn as one edge.
#[derive(Debug, Clone)]
pub(crate) struct SceneEdge<'d> {
    pub tail: ActorKey,
    pub head: ActorKey,
    pub kind: TieKind,
    /// Whether the edge's ties point from tail to head (drawn with an
    /// arrow): the ties' own direction, by default their kind's.
    pub directed: bool,
    /// Sorted by (start, id).
    pub ties: Vec<&'d Tie>,
    pub look: Look,
    /// Part of a pair whose net sign flipped.
    pub highlight: bool,
    /// `support → hostility`, on one edge of a flipped or shifted pair.
    pub label: Option<String>,
    /// The pair's net sign at the later date, for the label's colour.
    pub sign: crate::Sign,
}

/// The legend: only what the diagram shows, in a fixed order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Legend {
    pub actors: Vec<ActorKind>,
    pub ties: Vec<TieKind>,
    pub changes: Vec<Change>,
    /// Some actor is drawn as no longer in force.
    pub gone: bool,
    /// Some actor is marked as having changed camp.
    pub switched: bool,
}

/// Everything a diagram shows.
#[derive(Debug, Clone)]
pub(crate) struct Scene<'d> {
    pub dataset: &'d Dataset,
    pub title: String,
    pub subtitle: String,
    /// Sorted by actor id.
    pub nodes: Vec<SceneNode<'d>>,
    /// Sorted by (tail id, head id, kind).
    pub edges: Vec<SceneEdge<'d>>,
    pub legend: Legend,
    pub tooltips: bool,
}

impl<'d> Scene<'d> {
    fn node(&self, key: ActorKey) -> Option<&SceneNode<'d>> {
        self.nodes
            .binary_search_by_key(&key, |n| n.key)
            .ok()
            .map(|i| &self.nodes[i])
    }

    /// The id of a drawn actor.
    pub fn node_id(&self, key: ActorKey) -> Option<&'d str> {
        self.node(key).map(|n| n.view.id())
    }

    /// The name a drawn actor is shown with.
    pub fn node_name(&self, key: ActorKey) -> Option<&'d str> {
        self.node(key).map(|n| n.view.name())
    }

    /// The id of any actor of the dataset (`?` for a key from elsewhere).
    pub fn actor_id(&self, key: ActorKey) -> &'d str {
        self.dataset
            .actors()
            .get(key.index())
            .map_or("?", |a| a.id())
    }

    /// The sources a tie cites.
    pub fn sources(&self, tie: &'d Tie) -> impl Iterator<Item = &'d crate::Source> + 'd {
        let all = self.dataset.sources();
        self.dataset
            .source_refs(tie)
            .iter()
            .filter_map(move |&i| all.get(i as usize))
    }
}

type EdgeKey = (ActorKey, ActorKey, TieKind, bool);

/// Groups ties into edges: undirected ties from the smaller id to the
/// larger, directed ones (support and mediation by default, any tie whose
/// `directed` column says so) from source to target — a mediation from
/// the mediator to each party. Directed and undirected ties of one kind
/// are separate edges.
fn group<'d>(
    ties: impl Iterator<Item = &'d Tie>,
    options: &DiagramOptions,
) -> BTreeMap<EdgeKey, Vec<&'d Tie>> {
    let mut groups: BTreeMap<EdgeKey, Vec<&'d Tie>> = BTreeMap::new();
    for tie in ties.filter(|t| options.shows(t.kind())) {
        for (x, y) in tie.pairs() {
            let (tail, head) = if tie.is_directed() || x < y {
                (x, y)
            } else {
                (y, x)
            };
            groups
                .entry((tail, head, tie.kind(), tie.is_directed()))
                .or_default()
                .push(tie);
        }
    }
    groups
}

/// The actors at most `depth` edges from `start`, when it is given (the
/// report picks its actors the same way).
pub(crate) fn reachable(
    edges: impl Iterator<Item = (ActorKey, ActorKey)>,
    focus: Option<(ActorKey, usize)>,
) -> Option<BTreeSet<ActorKey>> {
    let (start, depth) = focus?;
    let mut adjacent: BTreeMap<ActorKey, BTreeSet<ActorKey>> = BTreeMap::new();
    for (a, b) in edges {
        adjacent.entry(a).or_default().insert(b);
        adjacent.entry(b).or_default().insert(a);
    }
    let mut seen = BTreeSet::from([start]);
    let mut queue = VecDeque::from([(start, 0usize)]);
    while let Some((at, d)) = queue.pop_front() {
        if d == depth {
            continue;
        }
        for &next in adjacent.get(&at).into_iter().flatten() {
            if seen.insert(next) {
                queue.push_back((next, d + 1));
            }
        }
    }
    Some(seen)
}

/// `on 2026-03-01`, `during 2021`, `from 2021 to 2022-06`.
pub(crate) fn when(selector: &Selector) -> String {
    let text = selector.to_string();
    match text.split_once("..") {
        Some((a, b)) => format!("from {a} to {b}"),
        None if selector.days() == 1 => format!("on {text}"),
        None => format!("during {text}"),
    }
}

/// The parts of a subtitle that describe the options.
pub(crate) fn scope(dataset: &Dataset, options: &DiagramOptions) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some((actor, depth)) = options.focus {
        if let Some(a) = dataset.actors().get(actor.index()) {
            let steps = plural(depth, "step", "steps");
            parts.push(format!("around {} ({steps})", a.id()));
        }
    }
    if let Some(kinds) = options.kinds {
        if kinds.is_empty() {
            parts.push("no tie kind selected".to_owned());
        } else {
            parts.push(format!("only {}", kinds.names().join(", ")));
        }
    }
    parts
}

/// The edges whose two actors are drawn. (A valid dataset has no other:
/// ties are in force only while their actors are.)
fn with_ends<'d>(mut edges: Vec<SceneEdge<'d>>, nodes: &[SceneNode<'d>]) -> Vec<SceneEdge<'d>> {
    let drawn = |k: ActorKey| nodes.binary_search_by_key(&k, |n| n.key).is_ok();
    edges.retain(|e| drawn(e.tail) && drawn(e.head));
    edges
}

fn legend_of(nodes: &[SceneNode<'_>], edges: &[SceneEdge<'_>], diff: bool) -> Legend {
    let actors: BTreeSet<ActorKind> = nodes.iter().map(|n| n.view.kind()).collect();
    let ties: BTreeSet<TieKind> = edges.iter().map(|e| e.kind).collect();
    let mut changes = BTreeSet::new();
    if diff {
        for e in edges {
            match e.look {
                Look::New => changes.insert(Change::New),
                Look::Ended => changes.insert(Change::Ended),
                Look::Unchanged => changes.insert(Change::Unchanged),
                Look::Plain => false,
            };
            if e.highlight {
                changes.insert(Change::Flipped);
            } else if e.label.is_some() {
                changes.insert(Change::Shifted);
            }
        }
    }
    Legend {
        actors: actors.into_iter().collect(),
        ties: ties.into_iter().collect(),
        changes: changes.into_iter().collect(),
        gone: nodes.iter().any(|n| n.gone),
        switched: nodes.iter().any(|n| n.switched),
    }
}

/// Marks the actors of `switched` drawn in `scene` as having
/// changed camp, and the legend with them.
pub(crate) fn mark_switched(scene: &mut Scene<'_>, switched: &[ActorKey]) {
    for node in &mut scene.nodes {
        node.switched = switched.contains(&node.key);
    }
    scene.legend.switched = scene.nodes.iter().any(|n| n.switched);
}

/// The snapshot diagram's content.
pub(crate) fn snapshot<'d>(snap: &Snapshot<'d>, options: &DiagramOptions) -> Scene<'d> {
    let dataset = snap.dataset();
    let groups = group(snap.ties(), options);
    let keep = reachable(groups.keys().map(|&(a, b, _, _)| (a, b)), options.focus);
    let kept = |k: ActorKey| keep.as_ref().is_none_or(|s| s.contains(&k));
    let edges: Vec<SceneEdge<'d>> = groups
        .into_iter()
        .filter(|((a, b, _, _), _)| kept(*a) && kept(*b))
        .map(|((tail, head, kind, directed), ties)| SceneEdge {
            tail,
            head,
            kind,
            directed,
            ties,
            look: Look::Plain,
            highlight: false,
            label: None,
            sign: kind.sign(),
        })
        .collect();
    let mut keys: BTreeSet<ActorKey> = edges.iter().flat_map(|e| [e.tail, e.head]).collect();
    if let Some((f, _)) = options.focus {
        keys.insert(f);
    }
    let focus = options.focus.map(|f| f.0);
    let nodes: Vec<SceneNode<'d>> = keys
        .into_iter()
        .filter_map(|key| {
            Some(SceneNode {
                key,
                view: snap.actor(key)?,
                gone: false,
                focus: focus == Some(key),
                switched: false,
            })
        })
        .collect();
    let edges = with_ends(edges, &nodes);
    let ties: BTreeSet<&str> = edges
        .iter()
        .flat_map(|e| e.ties.iter().map(|t| t.id()))
        .collect();
    let mut parts = vec![
        plural(nodes.len(), "actor", "actors"),
        plural(ties.len(), "tie", "ties"),
    ];
    parts.extend(scope(dataset, options));
    let legend = legend_of(&nodes, &edges, false);
    Scene {
        dataset,
        title: options
            .title
            .clone()
            .unwrap_or_else(|| format!("Ties in force {}", when(&snap.selector()))),
        subtitle: parts.join(" · "),
        nodes,
        edges,
        legend,
        tooltips: options.tooltips,
    }
}

/// What changed in a pair, for its label: the kinds it lost and gained
/// (`support → hostility`, `+ tension`, `− mediation`), or its net sign when
/// the kinds stayed and only weights moved it.
fn transition(d: &crate::DyadChange) -> String {
    let lost: KindSet = d.before.iter().filter(|&k| !d.after.contains(k)).collect();
    let gained: KindSet = d.after.iter().filter(|&k| !d.before.contains(k)).collect();
    let names = |k: KindSet| k.names().join(" + ");
    match (lost.is_empty(), gained.is_empty()) {
        (false, false) => format!("{} → {}", names(lost), names(gained)),
        (true, false) => format!("+ {}", names(gained)),
        (false, true) => format!("− {}", names(lost)),
        (true, true) => format!("net sign {} → {}", d.sign_before, d.sign_after),
    }
}

/// The diff diagram's content: every pair in force at either date, each
/// kind drawn by how it changed.
pub(crate) fn diff<'d>(
    before: &Snapshot<'d>,
    after: &Snapshot<'d>,
    options: &DiagramOptions,
) -> Scene<'d> {
    let dataset = after.dataset();
    let shown = |s: &Snapshot<'d>| {
        Pairs::from_ties(s.ties().filter(|t| options.shows(t.kind())), &s.selector())
    };
    let diff = Diff::from_pairs(
        dataset,
        before.selector(),
        after.selector(),
        &shown(before),
        &shown(after),
    );
    let was = group(before.ties(), options);
    let is = group(after.ties(), options);
    // Edges by pair (smaller key first), to meet each dyad's edges.
    let mut by_pair: BTreeMap<(ActorKey, ActorKey), BTreeSet<EdgeKey>> = BTreeMap::new();
    for &key @ (t, h, _, _) in was.keys().chain(is.keys()) {
        by_pair.entry((t.min(h), t.max(h))).or_default().insert(key);
    }
    let keep = reachable(by_pair.keys().copied(), options.focus);
    let kept = |k: ActorKey| keep.as_ref().is_none_or(|s| s.contains(&k));

    let mut edges = Vec::new();
    let mut counts = [0usize; 5];
    for dyad in diff.dyads() {
        if !(kept(dyad.a) && kept(dyad.b)) {
            continue;
        }
        counts[dyad.change as usize] += 1;
        let mut labelled = false;
        for &key in by_pair.get(&(dyad.a, dyad.b)).into_iter().flatten() {
            let (in_before, in_after) = (was.get(&key), is.get(&key));
            let look = match (dyad.change, in_before, in_after) {
                (Change::Unchanged, _, _) => Look::Unchanged,
                (_, None, _) => Look::New,
                (_, Some(_), None) => Look::Ended,
                (_, Some(_), Some(_)) => Look::Plain,
            };
            let Some(ties) = in_after.or(in_before) else {
                continue;
            };
            // One label a pair: what changed, on a tie it has now; or, for
            // a pair whose ties all ended while both actors are still in
            // force, which kinds ended (an actor's fall explains itself).
            let label = match dyad.change {
                _ if labelled => None,
                Change::Flipped | Change::Shifted if look != Look::Ended => Some(transition(dyad)),
                Change::Ended if after.actor(dyad.a).is_some() && after.actor(dyad.b).is_some() => {
                    Some(dyad.before.names().join(" + "))
                }
                _ => None,
            };
            labelled |= label.is_some();
            edges.push(SceneEdge {
                tail: key.0,
                head: key.1,
                kind: key.2,
                directed: key.3,
                ties: ties.clone(),
                look,
                highlight: dyad.change == Change::Flipped && look != Look::Ended,
                label,
                sign: dyad.sign_after,
            });
        }
    }
    edges.sort_by_key(|e| (e.tail, e.head, e.kind, e.directed));

    let mut keys: BTreeSet<ActorKey> = edges.iter().flat_map(|e| [e.tail, e.head]).collect();
    if let Some((f, _)) = options.focus {
        keys.insert(f);
    }
    let focus = options.focus.map(|f| f.0);
    let nodes: Vec<SceneNode<'d>> = keys
        .into_iter()
        .filter_map(|key| {
            let (view, gone) = match after.actor(key) {
                Some(v) => (v, false),
                None => (before.actor(key)?, true),
            };
            Some(SceneNode {
                key,
                view,
                gone,
                focus: focus == Some(key),
                switched: false,
            })
        })
        .collect();
    let edges = with_ends(edges, &nodes);

    let names = ["new", "ended", "flipped", "changed", "unchanged"];
    let mut parts: Vec<String> = counts
        .iter()
        .zip(names)
        .filter(|(n, _)| **n > 0)
        .map(|(n, name)| format!("{n} {name}"))
        .collect();
    if parts.is_empty() {
        parts.push("no tie at either date".to_owned());
    } else {
        let last = parts.len() - 1;
        parts[last].push_str(if counts.iter().sum::<usize>() == 1 {
            " pair"
        } else {
            " pairs"
        });
    }
    parts.extend(scope(dataset, options));
    let legend = legend_of(&nodes, &edges, true);
    let title = options.title.clone().unwrap_or_else(|| {
        format!(
            "What changed from {} to {}",
            before.selector(),
            after.selector()
        )
    });
    Scene {
        dataset,
        title,
        subtitle: parts.join(" · "),
        nodes,
        edges,
        legend,
        tooltips: options.tooltips,
    }
}

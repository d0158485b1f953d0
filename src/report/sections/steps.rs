//! The sections per step: balance and camps over time, and the diagram of
//! every step.

use crate::text::plural;

use super::section;
use crate::model::ActorKey;
use crate::report::layout::{Block, Column, Figure, Image, Inline, Section, Table};
use crate::report::model::StepModel;
use crate::report::{camp_letter, percent, Model};
use crate::time::Selector;
use crate::Sign;

use Inline::{Text, Words};

/// Balance and camps per step: the chart, the table of counts and the
/// table of camps.
pub(super) fn balance<'m>(model: &'m Model<'_>) -> Section<'m> {
    let mut s = section(
        "balance",
        "Balance and camps",
        "Balance and camps over time".to_owned(),
    );
    s.blocks.push(Block::Figure(Box::new(Figure {
        image: Image::Chart(&model.steps),
        class: "chart",
        id: None,
        label: "Positive and negative pairs (bars), balanced triangles (line) and walk balance \
                (dashed line) per step"
            .to_owned(),
        heading: None,
        caption: vec![Words(
            "Pairs of actors with a positive and a negative net tie in each step (bars, left \
             scale), the share of triangles that are balanced (line, right scale) and the \
             walk-based balance, which counts closed walks of every length, not only triangles \
             (dashed line, right scale). Whole network.",
        )],
    })));
    s.blocks.push(Block::Table(counts_table(model)));
    let k = model.steps.first().map_or(2, |s| s.camps.k());
    s.blocks.push(Block::Heading {
        id: None,
        text: "Camps".to_owned(),
    });
    s.blocks.push(Block::Paragraph {
        class: Some("muted"),
        text: vec![
            Text(format!(
                "The split of the actors with signed ties into at most {k} camps with the \
                 fewest frustrated pairs (negative inside a camp, positive across camps)."
            )),
            Inline::Hint(" Hover over an id for the name."),
        ],
    });
    s.blocks.push(Block::Table(camps_table(model)));
    at_odds(model, &mut s.blocks);
    switches(model, &mut s.blocks);
    s
}

/// The most rows of the table of pairs at odds with their camps; the camps
/// JSON (`tiegraph camps --format json`) lists them all.
const AT_ODDS_ROWS: usize = 40;

/// A signed pair that disagrees with its step's camps, as the report
/// explains it: where its actors sit and what moving each would cost.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AtOdds {
    a: ActorKey,
    b: ActorKey,
    sign: Sign,
    /// The camp letters of `a` and `b`.
    letters: (char, char),
    /// The move costs of `a` and `b` (see [`crate::analysis::Camps::moves`]).
    costs: (i64, i64),
}

/// The frustrated pairs of one step, in the order the camps list them.
fn pairs_at_odds(step: &StepModel<'_>) -> Vec<AtOdds> {
    let letter = |key: ActorKey| {
        step.aligned
            .iter()
            .position(|camp| camp.contains(&key))
            .map_or('?', camp_letter)
    };
    let cost = |key: ActorKey| {
        step.camps
            .moves()
            .iter()
            .find(|m| m.actor == key)
            .map_or(0, |m| m.cost)
    };
    step.camps
        .frustrated()
        .iter()
        .map(|f| AtOdds {
            a: f.a,
            b: f.b,
            sign: f.sign,
            letters: (letter(f.a), letter(f.b)),
            costs: (cost(f.a), cost(f.b)),
        })
        .collect()
}

/// Why the camps leave some pairs frustrated: each negative pair inside a
/// camp and positive pair across camps, with what moving either actor
/// would cost, one row per pair and run of steps where it stays the same.
/// Nothing when no step has a signed pair.
fn at_odds<'m>(model: &'m Model<'_>, blocks: &mut Vec<Block<'m>>) {
    if model.steps.iter().all(|s| s.camps.camps().is_empty()) {
        return;
    }
    // Runs of consecutive steps with the same pairs at odds.
    let mut runs: Vec<(Selector, Selector, Vec<AtOdds>)> = Vec::new();
    for step in &model.steps {
        let pairs = pairs_at_odds(step);
        match runs.last_mut() {
            Some((_, last, head)) if *head == pairs => *last = step.counts.at,
            _ => runs.push((step.counts.at, step.counts.at, pairs)),
        }
    }
    blocks.push(Block::Heading {
        id: Some("at-odds"),
        text: "Pairs at odds with their camps".to_owned(),
    });
    let total: usize = runs.iter().map(|(_, _, pairs)| pairs.len()).sum();
    if total == 0 {
        blocks.push(Block::Paragraph {
            class: Some("muted"),
            text: vec![Words(
                "The camps of every step agree with all its signed pairs: no negative pair \
                 inside a camp, no positive pair across two.",
            )],
        });
        return;
    }
    let mut text = vec![Words(
        "The pairs each step's camps leave frustrated: a negative pair inside one camp, or a \
         positive pair across two. The last column says how much the frustration would rise \
         if that actor alone moved to its best other camp (0: it could sit there as well; the \
         data does not decide its camp).",
    )];
    let mended = |p: &AtOdds| p.costs.0 < 0 || p.costs.1 < 0;
    if !runs.iter().flat_map(|(_, _, pairs)| pairs).any(mended) {
        text.push(Words(
            " No cost is below 0: moving one actor cannot mend any of these pairs without \
             upsetting as many others, which is why they stay at odds.",
        ));
    }
    if total > AT_ODDS_ROWS {
        text.push(Text(format!(
            " The first {AT_ODDS_ROWS} of {total} rows; the camps JSON (tiegraph camps \
             --format json) lists every step's frustrated pairs."
        )));
    }
    blocks.push(Block::Paragraph {
        class: Some("muted"),
        text,
    });
    let rows = runs
        .iter()
        .flat_map(|(first, last, pairs)| pairs.iter().map(move |p| (*first, *last, p)))
        .take(AT_ODDS_ROWS)
        .map(|(first, last, p)| {
            let camps = if p.letters.0 == p.letters.1 {
                format!("both in {}", p.letters.0)
            } else {
                format!("{} and {}", p.letters.0, p.letters.1)
            };
            let cost = format!(
                "{} {:+}, {} {:+}",
                model.data.actor_id(p.a),
                p.costs.0,
                model.data.actor_id(p.b),
                p.costs.1
            );
            vec![
                vec![Text(crate::report::run_label(first, last))],
                vec![Inline::Pair(p.a, p.b)],
                vec![Inline::Sign(p.sign)],
                vec![Text(camps)],
                vec![Text(cost)],
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        class: "at-odds",
        columns: vec![
            ("Step", Column::NoWrap),
            ("Pair", Column::Text),
            ("Net tie", Column::Text),
            ("Camps", Column::Text),
            ("Cost of moving one", Column::Text),
        ],
        rows,
    }));
}

/// Who switched sides: the actors in a camp at two consecutive steps whose
/// camp letter changed, in a table, or a sentence when none did. Nothing
/// for a single step.
fn switches<'m>(model: &'m Model<'_>, blocks: &mut Vec<Block<'m>>) {
    if model.steps.len() < 2 {
        return;
    }
    blocks.push(Block::Heading {
        id: Some("switches"),
        text: "Who switched sides".to_owned(),
    });
    if model.switches.is_empty() {
        blocks.push(Block::Paragraph {
            class: Some("muted"),
            text: vec![Words(
                "No actor in a camp at two consecutive steps changed camp: every one kept its \
                 letter.",
            )],
        });
        return;
    }
    blocks.push(Block::Paragraph {
        class: Some("muted"),
        text: vec![Words(
            "The actors in a camp at two consecutive steps whose camp letter changed, with \
                 the later step. That step's diagram draws them with a thick magenta outline.",
        )],
    });
    let letter = |label: usize| Text(camp_letter(label.saturating_sub(1)).to_string());
    let rows = model
        .switches
        .iter()
        .map(|w| {
            let number = model
                .steps
                .iter()
                .position(|s| s.counts.at == w.at)
                .map_or(0, |i| i + 1);
            vec![
                vec![Inline::Actor(w.actor)],
                vec![Inline::StepLink(number, w.at.to_string())],
                vec![letter(w.from)],
                vec![letter(w.to)],
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        class: "switches",
        columns: vec![
            ("Actor", Column::Text),
            ("Step", Column::NoWrap),
            ("From camp", Column::Text),
            ("To camp", Column::Text),
        ],
        rows,
    }));
}

/// Counts per step; with a column without the alleged ties when some tie
/// in force is alleged (rule R5).
fn counts_table<'m>(model: &'m Model<'_>) -> Table<'m> {
    let alleged = model.has_alleged();
    let number = |header| (header, Column::Number);
    let mut columns = vec![("Step", Column::NoWrap)];
    columns.extend(
        [
            "Ties",
            "Pairs",
            "Positive",
            "Negative",
            "Triangles balanced / not",
            "Balance",
        ]
        .map(number),
    );
    if alleged {
        columns.push(number("Without alleged ties"));
    }
    columns.extend(["New pairs", "Ended", "Flipped"].map(number));
    let rows = model
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let c = &step.counts;
            let since = |n: usize| {
                vec![Text(if i == 0 {
                    "—".to_owned()
                } else {
                    n.to_string()
                })]
            };
            let mut row = vec![
                vec![Inline::StepLink(i + 1, c.at.to_string())],
                vec![Text(c.ties.to_string())],
                vec![Text(c.pairs.to_string())],
                vec![Text(c.positive.to_string())],
                vec![Text(c.negative.to_string())],
                vec![Text(format!("{} / {}", c.balanced, c.unbalanced))],
                vec![Text(percent(c.ratio()))],
            ];
            if alleged {
                let r = &step.balance_robustness;
                let mut cell = vec![Text(percent(r.without_alleged().ratio()))];
                if r.changes() {
                    cell.extend([Words(" "), Inline::Strong(vec![Words("≠")])]);
                }
                row.push(cell);
            }
            row.extend([since(c.new), since(c.ended), since(c.flipped)]);
            row
        })
        .collect();
    Table {
        class: "counts",
        columns,
        rows,
    }
}

/// The camps, one row per run of steps with the same camps.
fn camps_table<'m>(model: &'m Model<'_>) -> Table<'m> {
    let rows = model
        .camp_runs()
        .into_iter()
        .map(|(first, last, step)| {
            let camps = &step.camps;
            let robustness = camps.robustness();
            let mut frustration = vec![Text(camps.frustration().to_string())];
            if !camps.is_exact() {
                frustration.extend([Words(" "), Inline::Muted(vec![Words("(best found)")])]);
            }
            vec![
                vec![Text(crate::report::run_label(first, last))],
                vec![Inline::Camps {
                    aligned: &step.aligned,
                    without_alleged: robustness.changes().then(|| robustness.without_alleged()),
                }],
                frustration,
            ]
        })
        .collect();
    Table {
        class: "camps",
        columns: vec![
            ("Step", Column::NoWrap),
            ("Camps", Column::Text),
            ("Frustrated pairs", Column::Number),
        ],
        rows,
    }
}

/// The diagram of every step, each actor at the same place in all.
pub(super) fn steps<'m>(model: &'m Model<'_>) -> Section<'m> {
    let mut s = section(
        "steps",
        "Step by step",
        "The network step by step".to_owned(),
    );
    s.blocks.push(Block::Paragraph {
        class: Some("muted"),
        text: vec![
            Words(
                "Each diagram shows the ties in force at some time during its step. Every \
                 actor keeps its place in all of them, so the diagrams can be compared side \
                 by side.",
            ),
            Inline::Hint(" Hover over a tie for its dates, notes and sources."),
        ],
    });
    let figures = model
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let c = &step.counts;
            let at = c.at.to_string();
            let pairs = plural(c.pairs, "pair", "pairs");
            let pct = percent(c.ratio());
            Block::Figure(Box::new(Figure {
                image: Image::Diagram {
                    figure: &step.figure,
                    number: i + 1,
                    class: "diagram",
                },
                class: "step",
                id: Some(format!("step-{}", i + 1)),
                label: format!("Ties in force during {at}"),
                heading: Some(at),
                caption: vec![
                    Text(format!("{pairs} · {} ", c.positive)),
                    Inline::Sign(crate::Sign::Positive),
                    Text(format!(" / {} ", c.negative)),
                    Inline::Sign(crate::Sign::Negative),
                    Text(format!(" · balance {pct}")),
                ],
            }))
        })
        .collect();
    s.blocks.push(Block::Grid(figures));
    s
}

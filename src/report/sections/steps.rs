//! The sections per step: balance and camps over time, and the diagram of
//! every step.

use crate::text::plural;

use super::section;
use crate::report::layout::{Block, Column, Figure, Image, Inline, Section, Table};
use crate::report::{camp_letter, percent, Model};

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
    switches(model, &mut s.blocks);
    s
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
                 the later step. That step's diagram draws them with a thick orange outline.",
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

//! The section on what changed from the first step to the last.

use crate::text::plural;

use super::{paragraph, section};
use crate::report::layout::{Block, Column, Figure, Image, Inline, Said, Section, Table};
use crate::report::Model;

use Inline::{Text, Words};

/// What changed from the first step to the last: the diff diagram, the
/// table of changed pairs, and the time charts of the top-ranked ones.
pub(super) fn changes<'m>(model: &'m Model<'_>) -> Option<Section<'m>> {
    let diff = model.diff.as_ref()?;
    let title = format!("What changed from {} to {}", model.first, model.last);
    let mut s = section("changes", "What changed", title.clone());
    s.blocks.push(Block::Figure(Box::new(Figure {
        image: Image::Diagram {
            figure: diff,
            number: 0,
            class: "diagram",
        },
        class: "wide",
        id: None,
        label: Said::same(title),
        heading: None,
        caption: Said {
            html: vec![Words(
                "Heavy lines are ties a pair gained, grey dashed lines ties it lost, \
                 highlighted pairs flipped sign; pale lines did not change. Hover over a tie \
                 for its evidence.",
            )],
            markdown: Vec::new(),
        },
    })));
    if model.changes.is_empty() {
        s.blocks.push(paragraph(vec![Words("No pair changed.")]));
        return Some(s);
    }
    s.blocks.push(Block::Either(Box::new(Said {
        html: vec![Block::Heading {
            id: None,
            text: format!(
                "{} that changed",
                plural(model.changes.len(), "Pair", "Pairs")
            ),
        }],
        markdown: Vec::new(),
    })));
    s.blocks.push(Block::Table(change_table(model)));
    s.blocks.extend(pair_charts(model));
    Some(s)
}

fn change_table<'m>(model: &'m Model<'_>) -> Table<'m> {
    let same = Said::same;
    let rows = model
        .changes
        .iter()
        .map(|row| {
            let d = &row.dyad;
            let when: Vec<String> = row.when.iter().map(ToString::to_string).collect();
            vec![
                vec![Inline::Pair(d.a, d.b)],
                vec![Inline::Change(d)],
                vec![Inline::Kinds(d.before, d.after)],
                vec![Text(if when.is_empty() {
                    "—".to_owned()
                } else {
                    when.join(", ")
                })],
                vec![Inline::Ties(&row.ties)],
            ]
        })
        .collect();
    Table {
        class: "changes",
        columns: vec![
            (same("Pair"), Column::Pair),
            (same("Change"), Column::Text),
            (same("Before → after"), Column::Text),
            (same("Change seen in"), Column::Text),
            (
                Said {
                    html: "Ties during the period (dates, notes, sources)",
                    markdown: "Ties during the period",
                },
                Column::Text,
            ),
        ],
        rows,
    }
}

/// The time charts of the top-ranked changed pairs, with an introduction
/// in HTML.
fn pair_charts<'m>(model: &'m Model<'_>) -> Vec<Block<'m>> {
    let charts = &model.pair_charts;
    if charts.is_empty() {
        return Vec::new();
    }
    let intro = vec![
        Block::Heading {
            id: Some("pair-charts"),
            text: format!(
                "The top-ranked {} over time",
                if charts.len() == 1 { "pair" } else { "pairs" }
            ),
        },
        Block::Paragraph {
            class: Some("muted"),
            text: vec![Words(
                "One lane per tie, coloured by kind; the line above the lanes is the pair's \
                 value on each day (positive above the zero line, negative below).",
            )],
        },
    ];
    let mut blocks = vec![Block::Either(Box::new(Said {
        html: intro,
        markdown: Vec::new(),
    }))];
    for (i, (figure, row)) in charts.iter().zip(&model.changes).enumerate() {
        let d = &row.dyad;
        let title = format!(
            "{} – {} over time ({})",
            model.data.actor_id(d.a),
            model.data.actor_id(d.b),
            d.change
        );
        blocks.push(Block::Figure(Box::new(Figure {
            image: Image::Diagram {
                figure,
                number: 1000 + i,
                class: "pair-chart",
            },
            class: "wide pair-chart",
            id: None,
            label: Said {
                html: format!("History of {}", figure.name.trim_start_matches("pair-")),
                markdown: title.clone(),
            },
            heading: Some(title),
            caption: Said {
                html: vec![
                    Inline::Actor(d.a),
                    Words(" – "),
                    Inline::Actor(d.b),
                    Text(format!(": {}", d.change)),
                ],
                markdown: Vec::new(),
            },
        })));
    }
    blocks
}

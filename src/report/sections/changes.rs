//! The section on what changed from the first step to the last.

use crate::text::plural;

use super::{paragraph, section};
use crate::report::layout::{Block, Column, Figure, Image, Inline, Section, Table};
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
        label: title,
        heading: None,
        caption: vec![
            Words(
                "Heavy lines are ties a pair gained, grey dashed lines ties it lost, \
                 highlighted pairs flipped sign; pale lines did not change.",
            ),
            Inline::Hint(" Hover over a tie for its evidence."),
        ],
    })));
    if model.changes.is_empty() {
        s.blocks.push(paragraph(vec![Words("No pair changed.")]));
        return Some(s);
    }
    s.blocks.push(Block::Heading {
        id: None,
        text: format!(
            "{} that changed",
            plural(model.changes.len(), "pair", "pairs")
        ),
    });
    s.blocks.push(Block::Table(change_table(model)));
    s.blocks.extend(pair_charts(model));
    Some(s)
}

fn change_table<'m>(model: &'m Model<'_>) -> Table<'m> {
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
            ("Pair", Column::Pair),
            ("Change", Column::Text),
            ("Before → after", Column::Text),
            ("Change seen in", Column::Text),
            (
                "Ties during the period (dates, notes, sources)",
                Column::Text,
            ),
        ],
        rows,
    }
}

/// The time charts of the top-ranked changed pairs, with an introduction.
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
    let mut blocks = intro;
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
            label: title.clone(),
            heading: Some(title),
            caption: Vec::new(),
        })));
    }
    blocks
}

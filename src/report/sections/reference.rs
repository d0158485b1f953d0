//! The closing sections: the actors drawn, the sources, and how to read
//! the report.

use super::section;
use crate::report::layout::{Block, Column, Inline, Section, SourceItem, Table};
use crate::report::{method, phase_span, Model};

use Inline::{Text, Words};

/// The actors drawn, with their phases during the period.
pub(super) fn actors<'m>(model: &'m Model<'_>) -> Section<'m> {
    let mut s = section("actors", "Actors", "Actors".to_owned());
    let mut rows = Vec::new();
    for row in &model.actors {
        for (i, phase) in row.phases.iter().enumerate() {
            let id = if i == 0 {
                vec![Inline::Id(row.actor.id().to_owned())]
            } else {
                Vec::new()
            };
            rows.push(vec![
                id,
                vec![Text(phase.name().to_owned())],
                vec![Text(phase.kind().to_string())],
                vec![Text(phase_span(phase))],
                vec![Text(phase.note().unwrap_or("").to_owned())],
            ]);
        }
    }
    s.blocks.push(Block::Table(Table {
        class: "actors",
        columns: vec![
            ("Id", Column::NoWrap),
            ("Name", Column::Text),
            ("Kind", Column::NoWrap),
            ("In force", Column::NoWrap),
            ("Note", Column::Text),
        ],
        rows,
    }));
    s
}

/// Every source of the dataset.
pub(super) fn sources<'m>(model: &'m Model<'_>) -> Section<'m> {
    let mut s = section("sources", "Sources", "Sources".to_owned());
    let sources = model.data.sources();
    if sources.is_empty() {
        s.blocks.push(Block::Paragraph {
            class: Some("muted"),
            text: vec![Words("The dataset lists no sources.")],
        });
        return s;
    }
    let items = sources
        .iter()
        .enumerate()
        .map(|(i, source)| {
            let mut parts = Vec::new();
            if let Some(t) = source.title() {
                parts.push(Inline::Cite(t.to_owned()));
            }
            if let Some(p) = source.publisher() {
                parts.push(Text(p.to_owned()));
            }
            match (source.published_date(), source.published()) {
                (Some(d), _) => parts.push(Text(d.marked().to_string())),
                (None, Some(d)) => parts.push(Text(d.to_owned())),
                (None, None) => {}
            }
            // The `url` (rule R5), then the reference: each a link when
            // the link policy makes one, else text.
            let link = |text: &str| Inline::Link {
                url: crate::link::web_link(text).map(std::borrow::Cow::into_owned),
                text: text.to_owned(),
            };
            parts.extend(source.url().map(link));
            parts.extend(
                source
                    .reference()
                    .filter(|r| Some(*r) != source.url())
                    .map(link),
            );
            SourceItem {
                number: i + 1,
                id: source.id().to_owned(),
                parts,
                note: source.note().map(str::to_owned),
            }
        })
        .collect();
    s.blocks.push(Block::Sources(items));
    s
}

/// How to read the report: its terms and what they mean.
pub(super) fn method<'m>(model: &'m Model<'_>) -> Section<'m> {
    let mut s = section(
        "method",
        "How to read",
        "How to read this report".to_owned(),
    );
    s.class = Some("method");
    let mut terms = method::terms();
    if model.data.gives_confidence() {
        terms.push(method::confidence());
    }
    if crate::report::has_qualified_dates(model.data) {
        terms.push(method::dates());
    }
    s.blocks.push(Block::Definitions(terms));
    s
}

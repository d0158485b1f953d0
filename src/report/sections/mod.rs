//! What each section of the report says, decided once for both renderings
//! (see [`super::layout`]).

mod changes;
mod reference;
mod steps;

use crate::text::plural;

use super::layout::{Block, Document, Inline, KeyFigure, KeyFigures, Section};
use super::{percent, sign_word, Model};

use Inline::{Text, Words};

/// The report's structure, from its model.
pub(super) fn document<'m>(model: &'m Model<'_>) -> Document<'m> {
    let mut sections = vec![summary(model)];
    sections.extend(changes::changes(model));
    sections.extend([
        steps::balance(model),
        steps::steps(model),
        reference::actors(model),
        reference::sources(model),
        reference::method(model),
    ]);
    let data = model.data;
    let made = format!(
        "Made with tiegraph {} from a dataset of {}, {} and {}.",
        env!("CARGO_PKG_VERSION"),
        plural(data.actors().len(), "actor", "actors"),
        plural(data.ties().len(), "tie", "ties"),
        plural(data.sources().len(), "source", "sources"),
    );
    Document {
        title: model.title.clone(),
        lede: vec![
            Text(model.period()),
            Text(format!(
                " · {} ({}) · {} drawn",
                plural(model.steps.len(), "step", "steps"),
                model.step_words(),
                plural(model.actors.len(), "actor", "actors"),
            )),
        ],
        scope: (!model.scope.is_empty()).then(|| {
            vec![
                Words("Diagrams and changes: "),
                Text(model.scope.join(" · ")),
                Words(". Figures, balance and camps: the whole network."),
            ]
        }),
        sections,
        footer: format!("{made} The same data and options always give the same report."),
    }
}

/// An empty section.
pub(super) fn section<'m>(id: &'static str, toc: &'static str, title: String) -> Section<'m> {
    Section {
        id,
        class: None,
        toc,
        title,
        blocks: Vec::new(),
    }
}

/// A paragraph without a class.
pub(super) fn paragraph(text: Vec<Inline<'_>>) -> Block<'_> {
    Block::Paragraph { class: None, text }
}

/// `items` joined by `separator`.
pub(super) fn joined<'m>(items: Vec<Vec<Inline<'m>>>, separator: &'static str) -> Vec<Inline<'m>> {
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(Words(separator));
        }
        out.extend(item);
    }
    out
}

/// The summary: key figures, how many pairs changed, and the sentences.
fn summary<'m>(model: &'m Model<'_>) -> Section<'m> {
    let mut s = section("summary", "Summary", "Summary".to_owned());
    let (Some(first), Some(last)) = (model.steps.first(), model.steps.last()) else {
        return s;
    };
    let (a, b) = (&first.counts, &last.counts);
    let several = model.steps.len() > 1;
    let (ha, hb) = (a.at.to_string(), b.at.to_string());
    let figure = |label, x: String, y: String, note: String| KeyFigure {
        label,
        first: x,
        last: y,
        note,
    };
    s.blocks.push(Block::KeyFigures(KeyFigures {
        first: several.then(|| ha.clone()),
        last: hb.clone(),
        rows: vec![
            figure(
                "Pairs with ties",
                a.pairs.to_string(),
                b.pairs.to_string(),
                if several {
                    format!("{ha} → {hb}")
                } else {
                    hb.clone()
                },
            ),
            figure(
                "Positive pairs",
                a.positive.to_string(),
                b.positive.to_string(),
                "alliance, cooperation, support".to_owned(),
            ),
            figure(
                "Negative pairs",
                a.negative.to_string(),
                b.negative.to_string(),
                "tension, hostility".to_owned(),
            ),
            figure(
                "Balanced triangles",
                percent(a.ratio()),
                percent(b.ratio()),
                format!(
                    "{} of {} at the end",
                    b.balanced,
                    plural(b.balanced + b.unbalanced, "triangle", "triangles")
                ),
            ),
        ],
    }));
    if several {
        let [new, ended, flipped, shifted] = model.change_counts();
        let strong = |text: String| Inline::Strong(vec![Text(text)]);
        s.blocks.push(paragraph(vec![
            Words("From "),
            Text(ha),
            Words(" to "),
            Text(hb),
            Words(": "),
            strong(plural(flipped, "pair", "pairs")),
            Words(" flipped sign, "),
            strong(new.to_string()),
            Words(" new, "),
            strong(ended.to_string()),
            Words(" ended and "),
            strong(shifted.to_string()),
            Words(" otherwise changed (a kind of tie added or dropped)."),
        ]));
    }
    s.blocks.extend(summary_sentences(model));
    s
}

/// The summary's sentences: turns, largest changes, movers, robustness.
fn summary_sentences<'m>(model: &'m Model<'_>) -> Vec<Block<'m>> {
    let mut blocks = Vec::new();
    let turns: Vec<Vec<Inline<'m>>> = model
        .turns
        .iter()
        .map(|t| {
            vec![
                Inline::Actor(t.a),
                Words(" – "),
                Inline::Actor(t.b),
                Text(format!(
                    " turned from {} to {} in {}",
                    sign_word(t.from),
                    sign_word(t.to),
                    t.at
                )),
            ]
        })
        .collect();
    if !turns.is_empty() {
        let mut text = joined(turns, "; ");
        text.push(Words("."));
        blocks.push(Block::Paragraph {
            class: Some("turns"),
            text,
        });
    }
    let leading = model.leading_changes(3);
    if !leading.is_empty() {
        let items = leading
            .into_iter()
            .map(|(a, b, what)| vec![Inline::Actor(a), Words(" – "), Inline::Actor(b), Text(what)])
            .collect();
        let mut text = vec![Words("Largest changes: ")];
        text.extend(joined(items, "; "));
        text.push(Words("."));
        blocks.push(paragraph(text));
    }
    blocks.extend(movers(model));
    if let Some(sentence) = model.robustness_sentence() {
        blocks.push(Block::Paragraph {
            class: Some("robustness"),
            text: vec![Text(sentence)],
        });
    }
    blocks
}

/// Whose relations changed most (up to five actors).
fn movers<'m>(model: &'m Model<'_>) -> Option<Block<'m>> {
    let top = &model.movers[..model.movers.len().min(5)];
    if top.is_empty() {
        return None;
    }
    let counts = |m: &crate::analysis::Mover| {
        (
            plural(m.pairs, "pair", "pairs"),
            plural(m.changes, "change", "changes"),
        )
    };
    let items = top
        .iter()
        .map(|m| {
            let (pairs, changes) = counts(m);
            vec![Inline::Actor(m.key), Text(format!(" ({pairs}, {changes})"))]
        })
        .collect();
    let mut text = vec![Words("Relations changed most for ")];
    text.extend(joined(items, ", "));
    text.push(Words("."));
    Some(paragraph(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_puts_separators_between_items() {
        let items = vec![vec![Words("a")], vec![Words("b")], vec![Words("c")]];
        let text: Vec<&str> = joined(items, "; ")
            .iter()
            .map(|i| match i {
                Words(w) => *w,
                _ => "?",
            })
            .collect();
        assert_eq!(text, ["a", "; ", "b", "; ", "c"]);
    }
}

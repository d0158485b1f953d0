//! "How to read this report": the terms and what they mean, in the HTML
//! page's longer wording and the Markdown's shorter one (see
//! [`super::layout`]).

use super::layout::Inline::{self, Badge, Emphasis, Words};
use crate::Change;

/// A term and what it means.
type Definition = (&'static str, Vec<Inline<'static>>);

fn em(words: &'static str) -> Inline<'static> {
    Emphasis(vec![Words(words)])
}

/// The terms every HTML report explains.
pub(super) fn html() -> Vec<Definition> {
    vec![
        (
            "Steps",
            vec![Words(
                "Each step is a whole calendar period (a year, a month, or a block of them). A \
                 tie counts in a step when it is in force on at least one day of it.",
            )],
        ),
        (
            "Net sign of a pair",
            vec![Words(
                "Alliance, cooperation and support count as positive, tension and hostility as \
                 negative, each by its weight; mediation has no sign. A pair is positive or \
                 negative by the sum of its ties in force.",
            )],
        ),
        (
            "Changes",
            vec![
                Badge(Change::Flipped),
                Words(" the net sign went from positive to negative or back; "),
                Badge(Change::New),
                Words(" the pair had no tie at the first step; "),
                Badge(Change::Ended),
                Words(" it has none at the last; "),
                Badge(Change::Shifted),
                Words(" anything else (a kind added or dropped). "),
                em("Change seen in"),
                Words(
                    " lists the steps at which the pair differs from the step before; the \
                     dates of its ties say exactly when.",
                ),
            ],
        ),
        (
            "Balance",
            vec![Words(
                "Three actors joined by signed pairs form a triangle. It is balanced when the \
                 product of its signs is positive (the friend of a friend is a friend; the \
                 enemy of an enemy is a friend). The balance is the share of balanced \
                 triangles; a network near 100% is split into stable blocs.",
            )],
        ),
        (
            "Camps",
            vec![
                Words(
                    "The grouping of the actors with signed pairs that leaves the fewest \
                     frustrated pairs: negative pairs inside a camp and positive pairs across \
                     camps. It is proven optimal unless marked ",
                ),
                em("best found"),
                Words("."),
            ],
        ),
        (
            "Diagrams",
            vec![Words(
                "Shapes and tints tell states, groups and organisations apart; ties are \
                 coloured and dashed by kind, support arrows run from patron to client and \
                 mediation arrows from the mediator. Each diagram has its own key.",
            )],
        ),
    ]
}

/// The terms every Markdown report explains.
pub(super) fn markdown() -> Vec<Definition> {
    vec![
        (
            "Steps",
            vec![Words(
                "each step is a whole calendar period; a tie counts in a step when it is in \
                 force on at least one day of it.",
            )],
        ),
        (
            "Net sign",
            vec![Words(
                "alliance, cooperation and support count as positive, tension and hostility as \
                 negative, each by its weight; mediation has no sign.",
            )],
        ),
        (
            "Changes",
            vec![
                em("flipped"),
                Words(" the net sign went from positive to negative or back; "),
                em("new"),
                Words(" the pair had no tie at the first step; "),
                em("ended"),
                Words(" it has none at the last; "),
                em("shifted"),
                Words(" anything else. "),
                em("Change seen in"),
                Words(
                    " lists the steps at which the pair differs from the step before; the \
                     dates of its ties say exactly when.",
                ),
            ],
        ),
        (
            "Balance",
            vec![Words(
                "a triangle of signed pairs is balanced when the product of its signs is \
                 positive; the balance is the share of balanced triangles.",
            )],
        ),
        (
            "Camps",
            vec![
                Words(
                    "the grouping with the fewest frustrated pairs; proven optimal unless marked ",
                ),
                em("best found"),
                Words("."),
            ],
        ),
    ]
}

/// The three confidence levels (rule R5), when the dataset gives them.
fn confidence(lead: &'static str) -> Vec<Inline<'static>> {
    vec![
        Words(lead),
        em("confirmed"),
        Words(" (an official act or several independent sources), "),
        em("reported"),
        Words(" (one credible report; not marked) or "),
        em("alleged"),
        Words(
            " (one side's accusation that the other denies). The summary says whether leaving \
             the alleged ties out changes the balance or the camps.",
        ),
    ]
}

/// Confidence, in the HTML page.
pub(super) fn html_confidence() -> Definition {
    ("Confidence", confidence("A tie is "))
}

/// Confidence, in the Markdown text.
pub(super) fn markdown_confidence() -> Definition {
    ("Confidence", confidence("a tie is "))
}

/// How qualified dates are marked, when the dataset has some.
fn dates(end: &'static str) -> Vec<Inline<'static>> {
    vec![
        em("c. 2021-08"),
        Words(" is an approximate date, "),
        em("2021-08?"),
        Words(" an uncertain one, "),
        em("c. 2021-08?"),
        Words(end),
    ]
}

/// Qualified dates, in the HTML page.
pub(super) fn html_dates() -> Definition {
    (
        "Dates",
        dates(" both; each counts from the first day of its period like any other."),
    )
}

/// Qualified dates, in the Markdown text.
pub(super) fn markdown_dates() -> Definition {
    (
        "Dates",
        dates(" both; each counts from the first day of its period."),
    )
}

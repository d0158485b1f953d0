//! "How to read this report": the terms and what they mean, the same in
//! the HTML page and the Markdown text.

use super::layout::Inline::{self, Badge, Emphasis, Words};
use crate::Change;

/// A term and what it means.
type Definition = (&'static str, Vec<Inline<'static>>);

fn em(words: &'static str) -> Inline<'static> {
    Emphasis(vec![Words(words)])
}

/// The terms every report explains.
pub(super) fn terms() -> Vec<Definition> {
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
                 triangles; a network near 100% is split into stable blocs. The walk \
                 balance (Estrada and Benzi, 2014) extends it to closed walks of every \
                 length, shorter ones weighing more.",
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
                Words(
                    ". Each step's camps take the letters under which the most actors keep \
                     theirs from the step before; an actor whose letter still changes \
                     switched sides.",
                ),
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

/// The three confidence levels (rule R5), when the dataset gives them.
pub(super) fn confidence() -> Definition {
    let text = vec![
        Words("A tie is "),
        em("confirmed"),
        Words(" (an official act or several independent sources), "),
        em("reported"),
        Words(" (one credible report; not marked) or "),
        em("alleged"),
        Words(
            " (one side's accusation that the other denies). The summary says whether leaving \
             the alleged ties out changes the balance or the camps.",
        ),
    ];
    ("Confidence", text)
}

/// How qualified dates are marked, when the dataset has some.
pub(super) fn dates() -> Definition {
    let text = vec![
        em("c. 2021-08"),
        Words(" is an approximate date, "),
        em("2021-08?"),
        Words(" an uncertain one, "),
        em("c. 2021-08?"),
        Words(" both; each counts from the first day of its period like any other."),
    ];
    ("Dates", text)
}

//! How the report words what it shows: dates, spans, labels, figures and
//! the sentences of the summary, the same in both renderings.

use super::{Model, StepModel};
use crate::model::{ActorKey, Confidence, Dataset, Phase, Tie};
use crate::time::{Date, Selector, Step};

/// `+` or `−` (a minus sign, not a hyphen) for sentences.
pub(super) fn sign_word(sign: crate::Sign) -> &'static str {
    match sign {
        crate::Sign::Positive => "+",
        crate::Sign::Negative => "−",
        crate::Sign::Zero => "0",
    }
}

/// `1994 – 2021-08-15`, `since c. 2025-10`: when a tie was in force (its
/// end is the first day it is over), uncertain dates marked as people read
/// them.
pub(super) fn dates(tie: &Tie) -> String {
    match tie.end() {
        Some(end) => format!("{} – {}", tie.start().marked(), end.marked()),
        None => format!("since {}", tie.start().marked()),
    }
}

/// A tie's confidence when it is not the default `reported` (rule R5):
/// what the report's change table says of it.
pub(super) fn confidence_word(tie: &Tie) -> Option<&'static str> {
    (tie.confidence() != Confidence::Reported).then(|| tie.confidence().as_str())
}

/// Whether some date of the dataset carries a qualifier (`2021-08~`): the
/// report then says how it marks them.
pub(super) fn has_qualified_dates(data: &Dataset) -> bool {
    let qualified = |d: Option<Date>| d.is_some_and(|d| d.qualifier().is_some());
    data.ties()
        .iter()
        .any(|t| qualified(Some(t.start())) || qualified(t.end()))
        || data
            .actors()
            .iter()
            .flat_map(|a| a.phases())
            .any(|p| qualified(p.from()) || qualified(p.until()))
        || data.sources().iter().any(|s| qualified(s.published_date()))
}

/// When an actor phase is in force, its dates marked.
pub(super) fn phase_span(phase: &Phase) -> String {
    match (phase.from(), phase.until()) {
        (None, None) => "throughout".to_owned(),
        (Some(f), None) => format!("since {}", f.marked()),
        (None, Some(u)) => format!("until {}", u.marked()),
        (Some(f), Some(u)) => format!("{} – {}", f.marked(), u.marked()),
    }
}

/// `2021`, or `2021 – 2023` for a run of steps.
pub(super) fn run_label(first: Selector, last: Selector) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first} – {last}")
    }
}

/// `A`, `B`, … for camps.
pub(super) fn camp_letter(i: usize) -> char {
    char::from_u32(u32::from(b'A') + (i % 26) as u32).unwrap_or('?')
}

/// A ratio as a whole percentage, `—` when there is none.
pub(super) fn percent(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "—".to_owned(), |r| format!("{:.0}%", r * 100.0))
}

impl Model<'_> {
    /// `2021 to 2026`, or one step's label.
    pub fn period(&self) -> String {
        if self.first == self.last {
            self.first.to_string()
        } else {
            format!("{} to {}", self.first, self.last)
        }
    }

    /// `yearly`, `monthly`, `every 3 months`.
    pub fn step_words(&self) -> String {
        match self.step {
            Step::Years(1) => "yearly".to_owned(),
            Step::Months(1) => "monthly".to_owned(),
            Step::Years(n) => format!("every {n} years"),
            Step::Months(n) => format!("every {n} months"),
        }
    }

    /// The (up to) `n` top-ranked changes: the pair, and how it changed
    /// as " (flipped, +0.53 → −5.70 a day)".
    pub fn leading_changes(&self, n: usize) -> Vec<(ActorKey, ActorKey, String)> {
        let day = |v: Option<f64>| {
            v.map_or_else(
                || "none".to_owned(),
                |v| format!("{v:+.2}").replace('-', "−"),
            )
        };
        self.changes
            .iter()
            .take(n)
            .map(|c| {
                let d = &c.dyad;
                let how = format!(
                    " ({}, {} → {} a day)",
                    d.change,
                    day(d.before_net),
                    day(d.after_net)
                );
                (d.a, d.b, how)
            })
            .collect()
    }

    /// The robustness sentence of the summary (rule R5): at which steps
    /// leaving the alleged ties out changes the balance ratio and the camps;
    /// `None` when no alleged tie is in force at any step.
    pub fn robustness_sentence(&self) -> Option<String> {
        if !self.has_alleged() {
            return None;
        }
        let labels = |pick: &dyn Fn(&StepModel<'_>) -> bool| -> Vec<String> {
            self.steps
                .iter()
                .filter(|s| pick(s))
                .map(|s| s.counts.at.to_string())
                .collect()
        };
        let balance = labels(&|s| s.balance_robustness.changes());
        let camps = labels(&|s| s.camps.robustness().changes());
        let at = |steps: &[String]| match steps {
            [] => String::new(),
            [one] => format!("in {one}"),
            [rest @ .., last] => format!("in {} and {last}", rest.join(", ")),
        };
        Some(match (balance.is_empty(), camps.is_empty()) {
            (true, true) => "Leaving out the alleged ties changes neither the balance nor the \
                             camps at any step."
                .to_owned(),
            (false, true) => format!(
                "Leaving out the alleged ties changes the balance {} but not the camps.",
                at(&balance)
            ),
            (true, false) => format!(
                "Leaving out the alleged ties changes the camps {} but not the balance.",
                at(&camps)
            ),
            (false, false) => format!(
                "Leaving out the alleged ties changes the balance {} and the camps {}.",
                at(&balance),
                at(&camps)
            ),
        })
    }
}

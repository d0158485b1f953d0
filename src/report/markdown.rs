//! The report as Markdown (CommonMark with GitHub tables), its diagrams and
//! chart as SVG files beside it.

use super::percent;
use crate::escape::markdown::text as escape;
use crate::text::plural;
use std::fmt::Write as _;

use super::html::{camp_letter, run_label};
use super::{chart, confidence_word, dates, phase_span, Markdown, Model, PairChange};
use crate::model::{Sign, Tie, TieKind};
use crate::pairs::KindSet;

fn sign(sign: Sign) -> &'static str {
    match sign {
        Sign::Positive => "+",
        Sign::Negative => "−",
        Sign::Zero => "0",
    }
}

fn kinds(kinds: KindSet) -> String {
    if kinds.is_empty() {
        "none".to_owned()
    } else {
        kinds.names().join(", ")
    }
}

impl Model<'_> {
    /// `Name (ID)`, escaped; just the id when it is the name.
    fn md_named(&self, key: crate::ActorKey) -> String {
        let (name, id) = (self.name(key), self.data.actor_id(key));
        if name == id {
            escape(name)
        } else {
            format!("{} ({})", escape(name), escape(id))
        }
    }
}

/// The Markdown text and its images, named `<stem>-<diagram>.svg`.
pub(super) fn document(model: &Model<'_>, stem: &str) -> Markdown {
    let mut out = String::with_capacity(64 * 1024);
    let mut images: Vec<(String, Vec<u8>)> = Vec::new();
    let mut image = |out: &mut String, name: &str, alt: &str, bytes: Vec<u8>| {
        let file = format!("{stem}-{name}.svg");
        let _ = write!(out, "![{}]({file})\n\n", escape(alt));
        images.push((file, bytes));
    };

    let _ = write!(
        out,
        "# {}\n\n{} · {} ({}) · {} drawn\n\n",
        escape(&model.title),
        escape(&model.period()),
        plural(model.steps.len(), "step", "steps"),
        model.step_words(),
        plural(model.actors.len(), "actor", "actors"),
    );
    if !model.scope.is_empty() {
        let _ = write!(
            out,
            "> Diagrams and changes: {}. Figures, balance and camps: the whole network.\n\n",
            escape(&model.scope.join(" · "))
        );
    }

    // Summary.
    out.push_str("## Summary\n\n");
    if let (Some(first), Some(last)) = (model.steps.first(), model.steps.last()) {
        let (a, b) = (&first.counts, &last.counts);
        let (ha, hb) = (escape(&a.at.to_string()), escape(&b.at.to_string()));
        if model.steps.len() > 1 {
            let _ = writeln!(out, "| | {ha} | {hb} |\n|---|---:|---:|");
        } else {
            let _ = writeln!(out, "| | {hb} |\n|---|---:|");
        }
        let rows = [
            ("Pairs with ties", a.pairs.to_string(), b.pairs.to_string()),
            (
                "Positive pairs",
                a.positive.to_string(),
                b.positive.to_string(),
            ),
            (
                "Negative pairs",
                a.negative.to_string(),
                b.negative.to_string(),
            ),
            ("Balanced triangles", percent(a.ratio()), percent(b.ratio())),
        ];
        for (label, x, y) in rows {
            if model.steps.len() > 1 {
                let _ = writeln!(out, "| {label} | {x} | {y} |");
            } else {
                let _ = writeln!(out, "| {label} | {y} |");
            }
        }
        out.push('\n');
        if model.steps.len() > 1 {
            let [new, ended, flipped, shifted] = model.change_counts();
            let _ = write!(
                out,
                "From {ha} to {hb}: **{}** flipped sign, **{new}** new, **{ended}** ended and \
                 **{shifted}** otherwise changed (a kind of tie added or dropped).\n\n",
                plural(flipped, "pair", "pairs"),
            );
        }
    }
    let turned = model.turn_sentences(|k| model.md_named(k), escape);
    if !turned.is_empty() {
        let _ = write!(out, "{}.\n\n", turned.join("; "));
    }
    let leading = model.leading_changes(3, |k| model.md_named(k));
    if !leading.is_empty() {
        let _ = write!(out, "Largest changes: {}.\n\n", leading.join("; "));
    }
    let movers: Vec<String> = model
        .movers
        .iter()
        .take(5)
        .map(|m| {
            format!(
                "{}, {} and {}",
                model.md_named(m.key),
                plural(m.pairs, "pair", "pairs"),
                plural(m.changes, "change", "changes")
            )
        })
        .collect();
    if !movers.is_empty() {
        let _ = write!(
            out,
            "Relations changed most for: {}.\n\n",
            movers.join("; ")
        );
    }
    if let Some(sentence) = model.robustness_sentence() {
        let _ = write!(out, "{}\n\n", escape(&sentence));
    }

    // What changed.
    if let Some(diff) = &model.diff {
        let title = format!("What changed from {} to {}", model.first, model.last);
        let _ = write!(out, "## {}\n\n", escape(&title));
        image(&mut out, &diff.name, &title, diff.svg.clone());
        if model.changes.is_empty() {
            out.push_str("No pair changed.\n\n");
        } else {
            out.push_str(
                "| Pair | Change | Before → after | Change seen in | Ties during the period |\n\
                 |---|---|---|---|---|\n",
            );
            for row in &model.changes {
                change_row(&mut out, model, row);
            }
            out.push('\n');
        }
        for (figure, row) in model.pair_charts.iter().zip(&model.changes) {
            let title = format!(
                "{} – {} over time ({})",
                model.data.actor_id(row.dyad.a),
                model.data.actor_id(row.dyad.b),
                row.dyad.change
            );
            let _ = write!(out, "### {}\n\n", escape(&title));
            image(&mut out, &figure.name, &title, figure.svg.clone());
        }
    }

    // Balance and camps.
    out.push_str("## Balance and camps over time\n\n");
    image(
        &mut out,
        "chart",
        "Positive and negative pairs (bars) and balanced triangles (line) per step",
        chart::svg(&model.steps, true).into_bytes(),
    );
    // Rule R5: the balance without the alleged ties, when there are any.
    let alleged = model.has_alleged();
    if alleged {
        out.push_str(
            "| Step | Ties | Pairs | Positive | Negative | Triangles balanced / not | Balance | \
             Without alleged ties | New pairs | Ended | Flipped |\n\
             |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        );
    } else {
        out.push_str(
            "| Step | Ties | Pairs | Positive | Negative | Triangles balanced / not | Balance | \
             New pairs | Ended | Flipped |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        );
    }
    for (i, step) in model.steps.iter().enumerate() {
        let c = &step.counts;
        let since = |n: usize| {
            if i == 0 {
                "—".to_owned()
            } else {
                n.to_string()
            }
        };
        let without = if alleged {
            let r = &step.balance_robustness;
            format!(
                " {}{} |",
                percent(r.without_alleged().ratio()),
                if r.changes() { " **≠**" } else { "" }
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} / {} | {} |{without} {} | {} | {} |",
            escape(&c.at.to_string()),
            c.ties,
            c.pairs,
            c.positive,
            c.negative,
            c.balanced,
            c.unbalanced,
            percent(c.ratio()),
            since(c.new),
            since(c.ended),
            since(c.flipped),
        );
    }
    let k = model.steps.first().map_or(2, |s| s.camps.k());
    let _ = writeln!(
        out,
        "\n### Camps\n\nThe split of the actors with signed ties into at most {k} camps with \
         the fewest frustrated pairs (negative inside a camp, positive across camps).\n\n\
         | Step | Camps | Frustrated pairs |\n|---|---|---:|"
    );
    for (first, last, step) in model.camp_runs() {
        let camps = &step.camps;
        let listed: Vec<String> = step
            .aligned
            .iter()
            .enumerate()
            .filter(|(_, camp)| !camp.is_empty())
            .map(|(j, camp)| {
                let ids: Vec<String> = camp
                    .iter()
                    .map(|&key| escape(model.data.actor_id(key)))
                    .collect();
                format!("**{}** {}", camp_letter(j), ids.join(", "))
            })
            .collect();
        let mut listed = if listed.is_empty() {
            "no signed pair".to_owned()
        } else {
            listed.join("<br>")
        };
        let robustness = camps.robustness();
        if robustness.changes() {
            let camps: Vec<String> = robustness
                .without_alleged()
                .camps()
                .iter()
                .map(|camp| {
                    camp.iter()
                        .map(|&key| escape(model.data.actor_id(key)))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect();
            let _ = write!(
                listed,
                "<br>*without the alleged ties:* {}",
                if camps.is_empty() {
                    "no signed pair".to_owned()
                } else {
                    camps.join(" \\| ")
                }
            );
        }
        let _ = writeln!(
            out,
            "| {} | {} | {}{} |",
            escape(&run_label(first, last)),
            listed,
            camps.frustration(),
            if camps.is_exact() {
                ""
            } else {
                " (best found)"
            },
        );
    }
    out.push('\n');

    // Steps.
    out.push_str(
        "## The network step by step\n\nEvery actor keeps its place in all the diagrams, so \
         they can be compared side by side.\n\n",
    );
    for step in &model.steps {
        let c = &step.counts;
        let label = c.at.to_string();
        let _ = write!(out, "### {}\n\n", escape(&label));
        image(
            &mut out,
            &step.figure.name,
            &format!("Ties in force during {label}"),
            step.figure.svg.clone(),
        );
        let _ = write!(
            out,
            "{} · {} positive / {} negative · balance {}\n\n",
            plural(c.pairs, "pair", "pairs"),
            c.positive,
            c.negative,
            percent(c.ratio())
        );
    }

    // Actors and sources.
    out.push_str("## Actors\n\n| Id | Name | Kind | In force | Note |\n|---|---|---|---|---|\n");
    for row in &model.actors {
        for (i, phase) in row.phases.iter().enumerate() {
            let span = phase_span(phase);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                if i == 0 {
                    escape(row.actor.id())
                } else {
                    String::new()
                },
                escape(phase.name()),
                phase.kind(),
                escape(&span),
                escape(phase.note().unwrap_or("")),
            );
        }
    }
    out.push_str("\n## Sources\n\n");
    if model.data.sources().is_empty() {
        out.push_str("The dataset lists no sources.\n");
    }
    for (i, s) in model.data.sources().iter().enumerate() {
        let mut parts = vec![format!("**{}**", escape(s.id()))];
        if let Some(t) = s.title() {
            parts.push(format!("*{}*", escape(t)));
        }
        if let Some(p) = s.publisher() {
            parts.push(escape(p));
        }
        match (s.published_date(), s.published()) {
            (Some(d), _) => parts.push(escape(&d.marked().to_string())),
            (None, Some(d)) => parts.push(escape(d)),
            (None, None) => {}
        }
        // The `url` (rule R5), then the reference. An autolink: the link
        // policy left no `<`, `>` or space in it.
        let link = |text: &str| match crate::link::web_link(text) {
            Some(url) => format!("<{url}>"),
            None => crate::escape::markdown::code(text),
        };
        if let Some(u) = s.url() {
            parts.push(link(u));
        }
        if let Some(r) = s.reference().filter(|r| Some(*r) != s.url()) {
            parts.push(link(r));
        }
        if let Some(note) = s.note() {
            parts.push(format!("({})", escape(note)));
        }
        let _ = writeln!(out, "{}. {}", i + 1, parts.join(" · "));
    }
    out.push_str(
        "\n## How to read this report\n\n\
         - **Steps**: each step is a whole calendar period; a tie counts in a step when it is \
         in force on at least one day of it.\n\
         - **Net sign**: alliance, cooperation and support count as positive, tension and \
         hostility as negative, each by its weight; mediation has no sign.\n\
         - **Changes**: *flipped* the net sign went from positive to negative or back; *new* \
         the pair had no tie at the first step; *ended* it has none at the last; *shifted* \
         anything else. *Change seen in* lists the steps at which the pair differs from the \
         step before; the dates of its ties say exactly when.\n\
         - **Balance**: a triangle of signed pairs is balanced when the product of its signs \
         is positive; the balance is the share of balanced triangles.\n\
         - **Camps**: the grouping with the fewest frustrated pairs; proven optimal unless \
         marked *best found*.\n",
    );
    if model.data.gives_confidence() {
        out.push_str(
            "- **Confidence**: a tie is *confirmed* (an official act or several independent \
             sources), *reported* (one credible report; not marked) or *alleged* (one side's \
             accusation that the other denies). The summary says whether leaving the alleged \
             ties out changes the balance or the camps.\n",
        );
    }
    if super::has_qualified_dates(model.data) {
        out.push_str(
            "- **Dates**: *c. 2021-08* is an approximate date, *2021-08?* an uncertain one, \
             *c. 2021-08?* both; each counts from the first day of its period.\n",
        );
    }
    let data = model.data;
    let _ = writeln!(
        out,
        "\n---\n\nMade with tiegraph {} from a dataset of {}, {} and {}.",
        env!("CARGO_PKG_VERSION"),
        plural(data.actors().len(), "actor", "actors"),
        plural(data.ties().len(), "tie", "ties"),
        plural(data.sources().len(), "source", "sources"),
    );
    Markdown { text: out, images }
}

fn change_row(out: &mut String, model: &Model<'_>, row: &PairChange<'_>) {
    let d = &row.dyad;
    let when: Vec<String> = row.when.iter().map(|s| escape(&s.to_string())).collect();
    let ties: Vec<String> = row.ties.iter().map(|t| tie_text(model, t)).collect();
    let _ = writeln!(
        out,
        "| {} – {} | **{}** ({} → {}) | {} → {} | {} | {} |",
        model.md_named(d.a),
        model.md_named(d.b),
        d.change,
        sign(d.sign_before),
        sign(d.sign_after),
        kinds(d.before),
        kinds(d.after),
        if when.is_empty() {
            "—".to_owned()
        } else {
            when.join(", ")
        },
        ties.join("<br>"),
    );
}

fn tie_text(model: &Model<'_>, tie: &Tie) -> String {
    let id = |k| escape(model.data.actor_id(k));
    let mut text = format!("**{}**", tie.kind());
    match (tie.kind(), tie.with()) {
        (TieKind::Mediation, Some(with)) => {
            let _ = write!(
                text,
                " by {} between {} and {}",
                id(tie.source()),
                id(tie.target()),
                id(with)
            );
        }
        (k, _) if k.is_directed() => {
            let _ = write!(text, " {} → {}", id(tie.source()), id(tie.target()));
        }
        _ => {}
    }
    let _ = write!(text, ", {} ({})", escape(&dates(tie)), escape(tie.id()));
    if let Some(word) = confidence_word(tie) {
        let _ = write!(text, " *{word}*");
    }
    if let Some(note) = tie.note() {
        let _ = write!(text, ": {}", escape(note));
    }
    let cited: Vec<String> = model
        .data
        .tie_sources(tie)
        .map(|s| escape(s.id()))
        .collect();
    if !cited.is_empty() {
        let _ = write!(text, " (sources: {})", cited.join(", "));
    }
    text
}

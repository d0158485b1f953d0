//! The report as one self-contained HTML page.
//!
//! The page is also well-formed XML (every element closed, every attribute
//! quoted, only the five XML entities), so that tests can read it back with
//! an XML parser and check that every text arrived as text.

use super::percent;
use crate::escape::html::text as escape;
use crate::text::plural;
use std::fmt::Write as _;

use super::{chart, confidence_word, dates, phase_span, svg, Figure, Model, PairChange};
use crate::model::{ActorKey, Sign, Tie, TieKind};
use crate::pairs::KindSet;
use crate::render::{RenderError, Renderer};
use crate::time::Selector;

/// The style sheet: screen and print, no external fonts or images. (No `<`
/// or `&` in it: the page stays well-formed XML.)
const CSS: &str = r#"
:root { --ink: #1d232b; --muted: #5b6573; --rule: #d9dee5; --soft: #f3f5f8;
  --pos: #1a7a3a; --neg: #c62828; --flip: #8e24aa; --accent: #2c4a7a; }
* { box-sizing: border-box; }
html { background: #e9edf1; }
body { margin: 0; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; }
main { max-width: 1120px; margin: 24px auto; padding: 36px 48px 28px; background: #fff;
  box-shadow: 0 1px 4px rgba(0,0,0,.12); }
header { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 8px; }
.kicker { margin: 0; color: var(--accent); font-size: 12px; font-weight: 600;
  letter-spacing: .08em; text-transform: uppercase; }
h1 { margin: 4px 0 6px; font-size: 30px; line-height: 1.2; overflow-wrap: anywhere; }
.lede { margin: 0; color: var(--muted); }
h2 { margin: 34px 0 10px; font-size: 21px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
h3 { margin: 20px 0 8px; font-size: 16px; }
p { margin: 8px 0; }
a { color: var(--accent); }
nav.toc { font-size: 13px; color: var(--muted); margin: 10px 0 0; }
nav.toc a { margin-right: 14px; text-decoration: none; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 14px 0; }
.figure { background: var(--soft); border-radius: 6px; padding: 10px 14px; }
.figure .label { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.figure .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
.figure .value .arrow { color: var(--muted); font-weight: 400; padding: 0 4px; }
.figure .note { font-size: 12px; color: var(--muted); }
.scope { background: #fff8e1; border-left: 4px solid #f0b400; padding: 6px 12px; font-size: 14px; }
figure { margin: 12px 0; border: 1px solid var(--rule); border-radius: 6px; padding: 10px;
  break-inside: avoid; page-break-inside: avoid; background: #fff; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figure.step svg { width: 100%; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 6px; }
figcaption b { color: var(--ink); }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.grid figure { margin: 0; }
table { width: 100%; border-collapse: collapse; font-size: 13px; margin: 10px 0; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px;
  border-bottom: 2px solid var(--rule); padding: 6px 8px; vertical-align: bottom; }
td { border-bottom: 1px solid var(--rule); padding: 6px 8px; vertical-align: top; overflow-wrap: anywhere; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.nowrap { white-space: nowrap; overflow-wrap: normal; }
table.changes td:nth-child(1) { min-width: 10em; }
table.changes td:nth-child(2) { min-width: 6.5em; }
table.changes td:nth-child(3) { min-width: 8em; }
table.changes td:nth-child(4) { min-width: 4.5em; }
table.actors td:nth-child(2) { min-width: 9em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { text-align: right; }
.pair b { font-weight: 600; }
.id, .tid { font: 11px/1.2 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; color: var(--muted); }
.id { background: var(--soft); border-radius: 3px; padding: 0 3px; }
abbr { text-decoration: none; border-bottom: 1px dotted var(--muted); }
.badge { display: inline-block; font-size: 11px; font-weight: 600; text-transform: uppercase;
  letter-spacing: .04em; border-radius: 10px; padding: 1px 8px; white-space: nowrap; }
.badge.flipped { background: #f3e5f5; color: var(--flip); }
.badge.new { background: #e6f4ea; color: var(--pos); }
.badge.ended { background: #eceff1; color: #546e7a; }
.badge.shifted { background: #fff3e0; color: #b26a00; }
.confidence { font-size: 11px; font-style: italic; border: 1px dashed currentColor; border-radius: 3px; padding: 0 3px; }
.confidence.alleged { color: #b26a00; } .confidence.confirmed { color: var(--pos); border-style: solid; }
.sign { font-weight: 700; white-space: nowrap; }
.sign.pos { color: var(--pos); }
.sign.neg { color: var(--neg); }
.sign.zero { color: var(--muted); }
.kind { font-weight: 600; white-space: nowrap; }
.kind.alliance { color: #1a7a3a; } .kind.cooperation { color: #2e7d32; }
.kind.support { color: #00796b; } .kind.tension { color: #d17a00; }
.kind.hostility { color: #c62828; } .kind.mediation { color: #3f6fd8; }
ul.ties { margin: 0; padding: 0; list-style: none; }
ul.ties li { margin: 0 0 6px; }
ul.ties li:last-child { margin-bottom: 0; }
.dates { white-space: nowrap; color: var(--ink); }
.cite { font-size: 11px; text-decoration: none; background: #e8eef7; border-radius: 3px; padding: 0 3px; margin-left: 2px; }
.camp { margin: 0 0 2px; }
.camp .tag { display: inline-block; width: 18px; font-weight: 700; color: var(--accent); }
.muted { color: var(--muted); }
ol.sources { padding-left: 22px; font-size: 14px; }
ol.sources li { margin: 0 0 6px; overflow-wrap: anywhere; }
.method { font-size: 14px; }
.method dt { font-weight: 600; margin-top: 8px; }
.method dd { margin: 2px 0 0 0; color: #333; }
footer { margin-top: 30px; padding-top: 10px; border-top: 1px solid var(--rule); font-size: 12px; color: var(--muted); }
@media (max-width: 820px) {
  main { padding: 20px; margin: 0; }
  .grid { grid-template-columns: 1fr; }
  .figures { grid-template-columns: 1fr 1fr; }
}
@page { margin: 14mm 12mm; }
@media print {
  html { background: none; }
  body { font-size: 11pt; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  nav.toc { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure { border-color: #bbb; }
  figure.wide svg { max-height: 235mm; width: auto; }
  .grid { grid-template-columns: 1fr 1fr; gap: 8px; }
  .grid figure { padding: 4px; }
  .figures { grid-template-columns: repeat(4, 1fr); gap: 8px; }
  .figure .value { font-size: 18px; }
  section { break-before: auto; }
  #steps, #actors { break-before: page; page-break-before: always; }
  .figure, .badge, .id, .cite { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// The policy that keeps the page from loading or running anything.
const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

fn sign_html(sign: Sign) -> &'static str {
    match sign {
        Sign::Positive => "<span class=\"sign pos\">+</span>",
        Sign::Negative => "<span class=\"sign neg\">−</span>",
        Sign::Zero => "<span class=\"sign zero\">0</span>",
    }
}

fn kinds_html(kinds: KindSet) -> String {
    if kinds.is_empty() {
        return "<span class=\"muted\">none</span>".to_owned();
    }
    kinds
        .iter()
        .map(|k| format!("<span class=\"kind {k}\">{k}</span>"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Model<'_> {
    /// An actor's id with its name as a tooltip.
    fn abbr(&self, key: ActorKey) -> String {
        format!(
            "<abbr title=\"{}\">{}</abbr>",
            escape(self.name(key)),
            escape(self.data.actor_id(key))
        )
    }

    /// An actor's name with its id.
    fn named(&self, key: ActorKey) -> String {
        let (name, id) = (self.name(key), self.data.actor_id(key));
        if name == id {
            format!("<b>{}</b>", escape(name))
        } else {
            format!(
                "<b>{}</b> <span class=\"id\">{}</span>",
                escape(name),
                escape(id)
            )
        }
    }
}

/// The page.
pub(super) fn page(model: &Model<'_>, renderer: Renderer) -> Result<String, RenderError> {
    let failed = |message: String| match renderer {
        Renderer::Builtin => RenderError::Builtin(message),
        Renderer::System => RenderError::System(message),
    };
    let inline = |figure: &Figure, n: usize, class: &str, label: &str| {
        svg::inline(&figure.svg, &format!("d{n}-"), class, label).map_err(failed)
    };

    let mut out = String::with_capacity(256 * 1024);
    let title = escape(&model.title);
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"/>\n\
         <meta name=\"generator\" content=\"tiegraph {}\"/>\n\
         <title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>",
        env!("CARGO_PKG_VERSION")
    );

    // Header.
    let _ = writeln!(
        out,
        "<header>\n<p class=\"kicker\">Network report</p>\n<h1>{title}</h1>\n\
         <p class=\"lede\">{} · {} ({}) · {} drawn</p>",
        escape(&model.period()),
        plural(model.steps.len(), "step", "steps"),
        model.step_words(),
        plural(model.actors.len(), "actor", "actors"),
    );
    let has_changes = model.diff.is_some();
    out.push_str("<nav class=\"toc\"><a href=\"#summary\">Summary</a>");
    if has_changes {
        out.push_str("<a href=\"#changes\">What changed</a>");
    }
    out.push_str(
        "<a href=\"#balance\">Balance and camps</a><a href=\"#steps\">Step by step</a>\
         <a href=\"#actors\">Actors</a><a href=\"#sources\">Sources</a>\
         <a href=\"#method\">How to read</a></nav>\n</header>\n",
    );

    summary(&mut out, model);
    if let Some(diff) = &model.diff {
        let mut charts = Vec::with_capacity(model.pair_charts.len());
        for (i, figure) in model.pair_charts.iter().enumerate() {
            let label = format!("History of {}", figure.name.trim_start_matches("pair-"));
            charts.push(inline(figure, 1000 + i, "pair-chart", &label)?);
        }
        changes(
            &mut out,
            model,
            &inline(diff, 0, "diagram", &diff_label(model))?,
            &charts,
        );
    }
    balance(&mut out, model);

    // The diagrams of the steps.
    out.push_str("<section id=\"steps\">\n<h2>The network step by step</h2>\n");
    out.push_str(
        "<p class=\"muted\">Each diagram shows the ties in force at some time during its \
         step. Every actor keeps its place in all of them, so the diagrams can be compared \
         side by side. Hover over a tie for its dates, notes and sources.</p>\n<div class=\"grid\">\n",
    );
    for (i, step) in model.steps.iter().enumerate() {
        let c = &step.counts;
        let label = format!("Ties in force during {}", c.at);
        let svg = inline(&step.figure, i + 1, "diagram", &label)?;
        let _ = writeln!(
            out,
            "<figure class=\"step\" id=\"step-{}\">\n{svg}\n<figcaption><b>{}</b> · {} · {} \
             <span class=\"sign pos\">+</span> / {} <span class=\"sign neg\">−</span> · \
             balance {}</figcaption>\n</figure>",
            i + 1,
            escape(&c.at.to_string()),
            plural(c.pairs, "pair", "pairs"),
            c.positive,
            c.negative,
            percent(c.ratio()),
        );
    }
    out.push_str("</div>\n</section>\n");

    actors(&mut out, model);
    sources(&mut out, model);
    method(&mut out, model);
    let data = model.data;
    let _ = writeln!(
        out,
        "<footer>Made with tiegraph {} from a dataset of {}, {} and {}. \
         The same data and options always give the same report.</footer>\n\
         </main>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION"),
        plural(data.actors().len(), "actor", "actors"),
        plural(data.ties().len(), "tie", "ties"),
        plural(data.sources().len(), "source", "sources"),
    );
    Ok(out)
}

fn diff_label(model: &Model<'_>) -> String {
    format!("What changed from {} to {}", model.first, model.last)
}

fn summary(out: &mut String, model: &Model<'_>) {
    out.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n");
    if !model.scope.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"scope\">Diagrams and changes: {}. Figures, balance and camps: the \
             whole network.</p>",
            escape(&model.scope.join(" · "))
        );
    }
    let (Some(first), Some(last)) = (model.steps.first(), model.steps.last()) else {
        out.push_str("</section>\n");
        return;
    };
    let (a, b) = (&first.counts, &last.counts);
    out.push_str("<div class=\"figures\">\n");
    let mut figure = |label: &str, x: String, y: String, note: &str| {
        let value = if model.steps.len() > 1 {
            format!("{x}<span class=\"arrow\">→</span>{y}")
        } else {
            y
        };
        let _ = writeln!(
            out,
            "<div class=\"figure\"><div class=\"label\">{label}</div>\
             <div class=\"value\">{value}</div><div class=\"note\">{note}</div></div>"
        );
    };
    let span = if model.steps.len() > 1 {
        format!(
            "{} → {}",
            escape(&a.at.to_string()),
            escape(&b.at.to_string())
        )
    } else {
        escape(&b.at.to_string())
    };
    figure(
        "Pairs with ties",
        a.pairs.to_string(),
        b.pairs.to_string(),
        &span,
    );
    figure(
        "Positive pairs",
        a.positive.to_string(),
        b.positive.to_string(),
        "alliance, cooperation, support",
    );
    figure(
        "Negative pairs",
        a.negative.to_string(),
        b.negative.to_string(),
        "tension, hostility",
    );
    figure(
        "Balanced triangles",
        percent(a.ratio()),
        percent(b.ratio()),
        &format!(
            "{} of {} at the end",
            b.balanced,
            plural(b.balanced + b.unbalanced, "triangle", "triangles")
        ),
    );
    out.push_str("</div>\n");

    if model.steps.len() > 1 {
        let [new, ended, flipped, shifted] = model.change_counts();
        let _ = writeln!(
            out,
            "<p>From {} to {}: <b>{}</b> flipped sign, <b>{}</b> new, <b>{}</b> ended and \
             <b>{}</b> otherwise changed (a kind of tie added or dropped).</p>",
            escape(&a.at.to_string()),
            escape(&b.at.to_string()),
            plural(flipped, "pair", "pairs"),
            new,
            ended,
            shifted,
        );
    }
    let turned = model.turn_sentences(|k| model.named(k), escape);
    if !turned.is_empty() {
        let _ = writeln!(out, "<p class=\"turns\">{}.</p>", turned.join("; "));
    }
    let leading = model.leading_changes(3, |k| model.named(k));
    if !leading.is_empty() {
        let _ = writeln!(out, "<p>Largest changes: {}.</p>", leading.join("; "));
    }
    let movers: Vec<String> = model
        .movers
        .iter()
        .take(5)
        .map(|m| {
            format!(
                "{} ({}, {})",
                model.named(m.key),
                plural(m.pairs, "pair", "pairs"),
                plural(m.changes, "change", "changes")
            )
        })
        .collect();
    if !movers.is_empty() {
        let _ = writeln!(
            out,
            "<p>Relations changed most for {}.</p>",
            movers.join(", ")
        );
    }
    if let Some(sentence) = model.robustness_sentence() {
        let _ = writeln!(out, "<p class=\"robustness\">{}</p>", escape(&sentence));
    }
    out.push_str("</section>\n");
}

fn changes(out: &mut String, model: &Model<'_>, diff_svg: &str, charts: &[String]) {
    let _ = writeln!(
        out,
        "<section id=\"changes\">\n<h2>What changed from {} to {}</h2>\n\
         <figure class=\"wide\">\n{diff_svg}\n<figcaption>Heavy lines are ties a pair \
         gained, grey dashed lines ties it lost, highlighted pairs flipped sign; pale \
         lines did not change. Hover over a tie for its evidence.</figcaption>\n</figure>",
        escape(&model.first.to_string()),
        escape(&model.last.to_string()),
    );
    if model.changes.is_empty() {
        out.push_str("<p>No pair changed.</p>\n</section>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<h3>{} that changed</h3>\n<table class=\"changes\">\n<thead><tr><th>Pair</th>\
         <th>Change</th><th>Before → after</th><th>Change seen in</th><th>Ties during the period \
         (dates, notes, sources)</th></tr></thead>\n<tbody>",
        plural(model.changes.len(), "Pair", "Pairs")
    );
    for row in &model.changes {
        change_row(out, model, row);
    }
    out.push_str("</tbody>\n</table>\n");
    if !charts.is_empty() {
        let _ = writeln!(
            out,
            "<h3 id=\"pair-charts\">The top-ranked {} over time</h3>\n<p class=\"muted\">One \
             lane per tie, coloured by kind; the line above the lanes is the pair's value on \
             each day (positive above the zero line, negative below).</p>",
            if charts.len() == 1 { "pair" } else { "pairs" }
        );
        for (svg, row) in charts.iter().zip(&model.changes) {
            let _ = writeln!(
                out,
                "<figure class=\"wide pair-chart\">\n{svg}\n<figcaption>{} – {}: {}</figcaption>\n</figure>",
                model.named(row.dyad.a),
                model.named(row.dyad.b),
                row.dyad.change
            );
        }
    }
    out.push_str("</section>\n");
}

fn change_row(out: &mut String, model: &Model<'_>, row: &PairChange<'_>) {
    let d = &row.dyad;
    let change = d.change.as_str();
    let when: Vec<String> = row.when.iter().map(|s| escape(&s.to_string())).collect();
    let _ = write!(
        out,
        "<tr><td class=\"pair\">{}<br/>{}</td><td><span class=\"badge {change}\">{change}</span>\
         <br/>{} → {}</td><td>{}<br/>→ {}</td><td>{}</td><td><ul class=\"ties\">",
        model.named(d.a),
        model.named(d.b),
        sign_html(d.sign_before),
        sign_html(d.sign_after),
        kinds_html(d.before),
        kinds_html(d.after),
        if when.is_empty() {
            "—".to_owned()
        } else {
            when.join(", ")
        },
    );
    for tie in &row.ties {
        tie_item(out, model, tie);
    }
    out.push_str("</ul></td></tr>\n");
}

fn tie_item(out: &mut String, model: &Model<'_>, tie: &Tie) {
    let kind = tie.kind();
    let _ = write!(out, "<li><span class=\"kind {kind}\">{kind}</span>");
    match (kind, tie.with()) {
        (TieKind::Mediation, Some(with)) => {
            let _ = write!(
                out,
                " by {} between {} and {}",
                model.abbr(tie.source()),
                model.abbr(tie.target()),
                model.abbr(with)
            );
        }
        (k, _) if k.is_directed() => {
            let _ = write!(
                out,
                " {} → {}",
                model.abbr(tie.source()),
                model.abbr(tie.target())
            );
        }
        _ => {}
    }
    let _ = write!(
        out,
        " · <span class=\"dates\">{}</span> <span class=\"tid\">{}</span>",
        escape(&dates(tie)),
        escape(tie.id())
    );
    if let Some(word) = confidence_word(tie) {
        let _ = write!(out, " <span class=\"confidence {word}\">{word}</span>");
    }
    if let Some(w) = tie.weight_given().filter(|&w| w != 1.0) {
        let _ = write!(out, " <span class=\"muted\">weight {w}</span>");
    }
    if let Some(note) = tie.note() {
        let _ = write!(out, "<br/>{}", escape(note));
    }
    let all = model.data.sources();
    for source in model.data.tie_sources(tie) {
        // Sources are sorted by id: the anchor is the position in the list.
        if let Ok(i) = all.binary_search_by(|s| s.id().cmp(source.id())) {
            let _ = write!(
                out,
                " <a class=\"cite\" href=\"#source-{}\">{}</a>",
                i + 1,
                escape(source.id())
            );
        }
    }
    out.push_str("</li>");
}

fn balance(out: &mut String, model: &Model<'_>) {
    out.push_str("<section id=\"balance\">\n<h2>Balance and camps over time</h2>\n");
    let _ = writeln!(
        out,
        "<figure class=\"chart\">\n{}\n<figcaption>Pairs of actors with a positive and a \
         negative net tie in each step (bars, left scale), and the share of triangles that \
         are balanced (line, right scale). Whole network.</figcaption>\n</figure>",
        chart::svg(&model.steps, false)
    );
    // Rule R5: the balance without the alleged ties, when there are any.
    let alleged = model.has_alleged();
    out.push_str(
        "<table class=\"counts\">\n<thead><tr><th>Step</th><th class=\"num\">Ties</th>\
         <th class=\"num\">Pairs</th><th class=\"num\">Positive</th><th class=\"num\">Negative</th>\
         <th class=\"num\">Triangles balanced / not</th><th class=\"num\">Balance</th>",
    );
    if alleged {
        out.push_str("<th class=\"num\">Without alleged ties</th>");
    }
    out.push_str(
        "<th class=\"num\">New pairs</th><th class=\"num\">Ended</th><th class=\"num\">Flipped</th>\
         </tr></thead>\n<tbody>\n",
    );
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
                "<td class=\"num\">{}{}</td>",
                percent(r.without_alleged().ratio()),
                if r.changes() { " <b>≠</b>" } else { "" }
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"nowrap\"><a href=\"#step-{}\">{}</a></td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{} / {}</td><td class=\"num\">{}</td>{without}<td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            i + 1,
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
    out.push_str("</tbody>\n</table>\n");

    let k = model.steps.first().map_or(2, |s| s.camps.k());
    let _ = writeln!(
        out,
        "<h3>Camps</h3>\n<p class=\"muted\">The split of the actors with signed ties into at \
         most {k} camps with the fewest frustrated pairs (negative inside a camp, positive \
         across camps). Hover over an id for the name.</p>\n<table class=\"camps\">\n\
         <thead><tr><th>Step</th><th>Camps</th><th class=\"num\">Frustrated pairs</th></tr>\
         </thead>\n<tbody>"
    );
    for (first, last, step) in model.camp_runs() {
        let camps = &step.camps;
        let _ = write!(
            out,
            "<tr><td class=\"nowrap\">{}</td><td>",
            escape(&run_label(first, last))
        );
        if camps.camps().is_empty() {
            out.push_str("<span class=\"muted\">no signed pair</span>");
        }
        for (j, camp) in step.aligned.iter().enumerate() {
            if camp.is_empty() {
                continue;
            }
            let ids: Vec<String> = camp.iter().map(|&key| model.abbr(key)).collect();
            let _ = write!(
                out,
                "<div class=\"camp\"><span class=\"tag\">{}</span>{}</div>",
                camp_letter(j),
                ids.join(", ")
            );
        }
        let robustness = camps.robustness();
        if robustness.changes() {
            let _ = write!(
                out,
                "<div class=\"muted\">Without the alleged ties: {}</div>",
                partition_text(model, robustness.without_alleged())
            );
        }
        let _ = writeln!(
            out,
            "</td><td class=\"num\">{}{}</td></tr>",
            camps.frustration(),
            if camps.is_exact() {
                ""
            } else {
                " <span class=\"muted\">(best found)</span>"
            }
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// A partition as text: `A, B | C` (ids with their names on hover), or
/// `no signed pair`.
fn partition_text(model: &Model<'_>, partition: &crate::analysis::Partition) -> String {
    if partition.camps().is_empty() {
        return "no signed pair".to_owned();
    }
    partition
        .camps()
        .iter()
        .map(|camp| {
            camp.iter()
                .map(|&key| model.abbr(key))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// `2021`, or `2021 – 2023` for a run of steps.
pub(crate) fn run_label(first: Selector, last: Selector) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first} – {last}")
    }
}

/// `A`, `B`, … for camps.
pub(crate) fn camp_letter(i: usize) -> char {
    char::from_u32(u32::from(b'A') + (i % 26) as u32).unwrap_or('?')
}

fn actors(out: &mut String, model: &Model<'_>) {
    out.push_str(
        "<section id=\"actors\">\n<h2>Actors</h2>\n<table class=\"actors\">\n<thead><tr>\
         <th>Id</th><th>Name</th><th>Kind</th><th>In force</th><th>Note</th></tr></thead>\n<tbody>\n",
    );
    for row in &model.actors {
        for (i, phase) in row.phases.iter().enumerate() {
            let span = phase_span(phase);
            let id = if i == 0 {
                format!("<span class=\"id\">{}</span>", escape(row.actor.id()))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<tr><td class=\"nowrap\">{id}</td><td>{}</td><td class=\"nowrap\">{}</td>\
                 <td class=\"nowrap\">{}</td><td>{}</td></tr>",
                escape(phase.name()),
                phase.kind(),
                escape(&span),
                escape(phase.note().unwrap_or("")),
            );
        }
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn sources(out: &mut String, model: &Model<'_>) {
    out.push_str("<section id=\"sources\">\n<h2>Sources</h2>\n");
    let sources = model.data.sources();
    if sources.is_empty() {
        out.push_str("<p class=\"muted\">The dataset lists no sources.</p>\n</section>\n");
        return;
    }
    out.push_str("<ol class=\"sources\">\n");
    for (i, s) in sources.iter().enumerate() {
        let _ = write!(
            out,
            "<li id=\"source-{}\"><span class=\"id\">{}</span> ",
            i + 1,
            escape(s.id())
        );
        let mut parts = Vec::new();
        if let Some(t) = s.title() {
            parts.push(format!("<cite>{}</cite>", escape(t)));
        }
        if let Some(p) = s.publisher() {
            parts.push(escape(p));
        }
        match (s.published_date(), s.published()) {
            (Some(d), _) => parts.push(escape(&d.marked().to_string())),
            (None, Some(d)) => parts.push(escape(d)),
            (None, None) => {}
        }
        // The `url` (rule R5), then the reference: each a link when the
        // link policy makes one, else text.
        let link = |text: &str| match crate::link::web_link(text) {
            Some(url) => format!(
                "<a href=\"{}\" rel=\"noreferrer noopener\">{}</a>",
                escape(&url),
                escape(text)
            ),
            None => format!("<span class=\"tid\">{}</span>", escape(text)),
        };
        if let Some(u) = s.url() {
            parts.push(link(u));
        }
        if let Some(r) = s.reference().filter(|r| Some(*r) != s.url()) {
            parts.push(link(r));
        }
        out.push_str(&parts.join(" · "));
        if let Some(note) = s.note() {
            let _ = write!(out, "<br/><span class=\"muted\">{}</span>", escape(note));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

fn method(out: &mut String, model: &Model<'_>) {
    out.push_str(
        "<section id=\"method\" class=\"method\">\n<h2>How to read this report</h2>\n<dl>\n\
         <dt>Steps</dt><dd>Each step is a whole calendar period (a year, a month, or a block \
         of them). A tie counts in a step when it is in force on at least one day of it.</dd>\n\
         <dt>Net sign of a pair</dt><dd>Alliance, cooperation and support count as positive, \
         tension and hostility as negative, each by its weight; mediation has no sign. A \
         pair is positive or negative by the sum of its ties in force.</dd>\n\
         <dt>Changes</dt><dd><span class=\"badge flipped\">flipped</span> the net sign went \
         from positive to negative or back; <span class=\"badge new\">new</span> the pair had \
         no tie at the first step; <span class=\"badge ended\">ended</span> it has none at the \
         last; <span class=\"badge shifted\">shifted</span> anything else (a kind added or \
         dropped). <i>Change seen in</i> lists the steps at which the pair differs from the \
         step before; the dates of its ties say exactly when.</dd>\n\
         <dt>Balance</dt><dd>Three actors joined by signed pairs form a triangle. It is \
         balanced when the product of its signs is positive (the friend of a friend is a \
         friend; the enemy of an enemy is a friend). The balance is the share of balanced \
         triangles; a network near 100% is split into stable blocs.</dd>\n\
         <dt>Camps</dt><dd>The grouping of the actors with signed pairs that leaves the fewest \
         frustrated pairs: negative pairs inside a camp and positive pairs across camps. It \
         is proven optimal unless marked <i>best found</i>.</dd>\n\
         <dt>Diagrams</dt><dd>Shapes and tints tell states, groups and organisations apart; \
         ties are coloured and dashed by kind, support arrows run from patron to client and \
         mediation arrows from the mediator. Each diagram has its own key.</dd>\n",
    );
    if model.data.gives_confidence() {
        out.push_str(
            "<dt>Confidence</dt><dd>A tie is <i>confirmed</i> (an official act or several \
             independent sources), <i>reported</i> (one credible report; not marked) or \
             <i>alleged</i> (one side's accusation that the other denies). The summary says \
             whether leaving the alleged ties out changes the balance or the camps.</dd>\n",
        );
    }
    if super::has_qualified_dates(model.data) {
        out.push_str(
            "<dt>Dates</dt><dd><i>c. 2021-08</i> is an approximate date, <i>2021-08?</i> an \
             uncertain one, <i>c. 2021-08?</i> both; each counts from the first day of its \
             period like any other.</dd>\n",
        );
    }
    out.push_str("</dl>\n</section>\n");
}

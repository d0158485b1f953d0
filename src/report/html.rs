//! The report as one self-contained HTML page: a rendering of the
//! structure [`super::sections`] lays out.
//!
//! The page is also well-formed XML (every element closed, every attribute
//! quoted, only the five XML entities), so that tests can read it back with
//! an XML parser and check that every text arrived as text.

use std::fmt::Write as _;

use super::layout::{
    Block, Column, Document, Figure, Image, Inline, KeyFigures, Section, SourceItem, Table,
};
use super::{camp_letter, chart, confidence_word, dates, svg, Model};
use crate::analysis::Partition;
use crate::escape::html::push as escape;
use crate::model::{ActorKey, Sign, Tie, TieKind};
use crate::pairs::KindSet;
use crate::render::{RenderError, Renderer};

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
.grid { display: grid; grid-template-columns: 1fr; gap: 14px; }
.grid figure { margin: 0; }
.zoom { float: right; font-size: 12px; margin-left: 8px; }
.zoom .close, figure:target .zoom .open { display: none; }
figure:target .zoom .close { display: inline; }
figure.step:target { position: fixed; inset: 0; z-index: 10; margin: 0; border: 0; border-radius: 0;
  overflow: auto; padding: 12px 20px; }
figure.step:target svg { width: auto; max-width: none; height: calc(100vh - 70px); }
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
  figure.wide svg, figure.step svg { max-height: 225mm; width: auto; }
  .grid figure { padding: 4px; }
  figure.step + figure.step { break-before: page; page-break-before: always; }
  figure.step:target { position: static; padding: 4px; }
  .zoom { display: none; }
  thead { display: table-header-group; }
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

/// The page.
pub(super) fn page(
    model: &Model<'_>,
    renderer: Renderer,
    explorer: Option<&str>,
) -> crate::Result<String> {
    let doc = super::sections::document(model);
    let mut page = Page {
        model,
        renderer,
        explorer,
        out: String::with_capacity(256 * 1024),
    };
    page.head(&doc);
    for (i, section) in doc.sections.iter().enumerate() {
        let scope = if i == 0 { doc.scope.as_deref() } else { None };
        page.section(section, scope)?;
    }
    let out = &mut page.out;
    out.push_str("<footer>");
    escape(out, &doc.footer);
    out.push_str("</footer>\n</main>\n</body>\n</html>\n");
    Ok(page.out)
}

/// The page being written.
struct Page<'a, 'd> {
    model: &'a Model<'d>,
    renderer: Renderer,
    /// The address of the explorer page the report links to, if any.
    explorer: Option<&'a str>,
    out: String,
}

impl Page<'_, '_> {
    /// Everything before the first section: head, title, lede, contents.
    fn head(&mut self, doc: &Document<'_>) {
        let mut title = String::new();
        escape(&mut title, &doc.title);
        let _ = writeln!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"/>\n\
             <meta name=\"generator\" content=\"tiegraph {}\"/>\n\
             <title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>",
            env!("CARGO_PKG_VERSION")
        );
        let _ = write!(
            self.out,
            "<header>\n<p class=\"kicker\">Network report</p>\n<h1>{title}</h1>\n\
             <p class=\"lede\">"
        );
        self.inlines(&doc.lede);
        self.out.push_str("</p>\n");
        if let Some(href) = self.explorer {
            self.out.push_str("<p class=\"lede\"><a href=\"");
            escape(&mut self.out, href);
            self.out.push_str(
                "\">Explore the period interactively</a>: a time slider over every day, \
                 each actor's ties with their evidence, and filters (one offline page).</p>\n",
            );
        }
        self.out.push_str("<nav class=\"toc\">");
        for s in &doc.sections {
            let _ = write!(self.out, "<a href=\"#{}\">{}</a>", s.id, s.toc);
        }
        self.out.push_str("</nav>\n</header>\n");
    }

    fn section(
        &mut self,
        section: &Section<'_>,
        scope: Option<&[Inline<'_>]>,
    ) -> crate::Result<()> {
        let _ = write!(self.out, "<section id=\"{}\"", section.id);
        if let Some(class) = section.class {
            let _ = write!(self.out, " class=\"{class}\"");
        }
        self.out.push_str(">\n<h2>");
        escape(&mut self.out, &section.title);
        self.out.push_str("</h2>\n");
        if let Some(scope) = scope {
            self.out.push_str("<p class=\"scope\">");
            self.inlines(scope);
            self.out.push_str("</p>\n");
        }
        for block in &section.blocks {
            self.block(block)?;
        }
        self.out.push_str("</section>\n");
        Ok(())
    }

    fn block(&mut self, block: &Block<'_>) -> crate::Result<()> {
        match block {
            Block::Paragraph { class, text } => {
                self.out.push_str("<p");
                if let Some(class) = class {
                    let _ = write!(self.out, " class=\"{class}\"");
                }
                self.out.push('>');
                self.inlines(text);
                self.out.push_str("</p>\n");
            }
            Block::Heading { id, text } => {
                self.out.push_str("<h3");
                if let Some(id) = id {
                    let _ = write!(self.out, " id=\"{id}\"");
                }
                self.out.push('>');
                escape(&mut self.out, text);
                self.out.push_str("</h3>\n");
            }
            Block::KeyFigures(figures) => self.key_figures(figures),
            Block::Table(table) => self.table(table),
            Block::Figure(figure) => self.figure(figure)?,
            Block::Grid(blocks) => {
                self.out.push_str("<div class=\"grid\">\n");
                for b in blocks {
                    self.block(b)?;
                }
                self.out.push_str("</div>\n");
            }
            Block::Sources(items) => self.sources(items),
            Block::Definitions(terms) => {
                self.out.push_str("<dl>\n");
                for (term, text) in terms {
                    let _ = write!(self.out, "<dt>{term}</dt><dd>");
                    self.inlines(text);
                    self.out.push_str("</dd>\n");
                }
                self.out.push_str("</dl>\n");
            }
        }
        Ok(())
    }

    /// The key figures as cards: the first value, an arrow and the last.
    fn key_figures(&mut self, figures: &KeyFigures) {
        self.out.push_str("<div class=\"figures\">\n");
        for f in &figures.rows {
            let _ = write!(
                self.out,
                "<div class=\"figure\"><div class=\"label\">{}</div><div class=\"value\">",
                f.label
            );
            if figures.first.is_some() {
                escape(&mut self.out, &f.first);
                self.out.push_str("<span class=\"arrow\">→</span>");
            }
            escape(&mut self.out, &f.last);
            self.out.push_str("</div><div class=\"note\">");
            escape(&mut self.out, &f.note);
            self.out.push_str("</div></div>\n");
        }
        self.out.push_str("</div>\n");
    }

    fn table(&mut self, table: &Table<'_>) {
        let _ = write!(self.out, "<table class=\"{}\">\n<thead><tr>", table.class);
        for (header, column) in &table.columns {
            let class = if *column == Column::Number {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(self.out, "<th{class}>{header}</th>");
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for row in &table.rows {
            self.out.push_str("<tr>");
            for ((_, column), cell) in table.columns.iter().zip(row) {
                self.out.push_str(match column {
                    Column::Text => "<td>",
                    Column::NoWrap => "<td class=\"nowrap\">",
                    Column::Number => "<td class=\"num\">",
                    Column::Pair => "<td class=\"pair\">",
                });
                self.inlines(cell);
                self.out.push_str("</td>");
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n");
    }

    /// A figure: the SVG inline (ids prefixed, nothing that runs or loads;
    /// see [`svg::inline`]) and its caption.
    fn figure(&mut self, figure: &Figure<'_>) -> crate::Result<()> {
        let svg = match &figure.image {
            Image::Diagram {
                figure: rendered,
                number,
                class,
            } => svg::inline(&rendered.svg, &format!("d{number}-"), class, &figure.label).map_err(
                |message| match self.renderer {
                    Renderer::Builtin => RenderError::Builtin(message),
                    Renderer::System => RenderError::System(message),
                },
            )?,
            Image::Chart(steps) => chart::svg(steps, false),
        };
        let _ = write!(self.out, "<figure class=\"{}\"", figure.class);
        if let Some(id) = &figure.id {
            let _ = write!(self.out, " id=\"{id}\"");
        }
        let _ = write!(self.out, ">\n{svg}\n<figcaption>");
        if let (Some(id), "step") = (&figure.id, figure.class) {
            // Enlarged by the page's style sheet when it is the target.
            let _ = write!(
                self.out,
                "<span class=\"zoom\"><a class=\"open\" href=\"#{id}\">Enlarge</a>\
                 <a class=\"close\" href=\"#steps\">Close</a></span>"
            );
        }
        if let Some(heading) = &figure.heading {
            self.out.push_str("<b>");
            escape(&mut self.out, heading);
            self.out.push_str("</b>");
            if !figure.caption.is_empty() {
                self.out.push_str(" · ");
            }
        }
        self.inlines(&figure.caption);
        self.out.push_str("</figcaption>\n</figure>\n");
        Ok(())
    }

    fn sources(&mut self, items: &[SourceItem<'_>]) {
        self.out.push_str("<ol class=\"sources\">\n");
        for item in items {
            let _ = write!(
                self.out,
                "<li id=\"source-{}\"><span class=\"id\">",
                item.number
            );
            escape(&mut self.out, &item.id);
            self.out.push_str("</span> ");
            for (i, part) in item.parts.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(" · ");
                }
                self.inline(part);
            }
            if let Some(note) = &item.note {
                self.out.push_str("<br/><span class=\"muted\">");
                escape(&mut self.out, note);
                self.out.push_str("</span>");
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ol>\n");
    }

    fn inlines(&mut self, text: &[Inline<'_>]) {
        for inline in text {
            self.inline(inline);
        }
    }

    /// Text wrapped in an element with an optional class.
    fn wrapped(&mut self, tag: &str, class: &str, text: &[Inline<'_>]) {
        let _ = write!(self.out, "<{tag}{class}>");
        self.inlines(text);
        let _ = write!(self.out, "</{tag}>");
    }

    fn inline(&mut self, inline: &Inline<'_>) {
        match inline {
            Inline::Words(words) => self.out.push_str(words),
            Inline::Text(text) => escape(&mut self.out, text),
            Inline::Strong(text) => self.wrapped("b", "", text),
            Inline::Emphasis(text) => self.wrapped("i", "", text),
            Inline::Muted(text) => self.wrapped("span", " class=\"muted\"", text),
            Inline::Cite(title) => {
                self.out.push_str("<cite>");
                escape(&mut self.out, title);
                self.out.push_str("</cite>");
            }
            Inline::Id(id) => {
                self.out.push_str("<span class=\"id\">");
                escape(&mut self.out, id);
                self.out.push_str("</span>");
            }
            Inline::Actor(key) => self.named(*key),
            Inline::Pair(a, b) => {
                self.named(*a);
                self.out.push_str("<br/>");
                self.named(*b);
            }
            Inline::Sign(sign) => self.out.push_str(sign_html(*sign)),
            Inline::Badge(change) => {
                let _ = write!(self.out, "<span class=\"badge {change}\">{change}</span>");
            }
            Inline::Change(d) => {
                let _ = write!(
                    self.out,
                    "<span class=\"badge {c}\">{c}</span><br/>{} → {}",
                    sign_html(d.sign_before),
                    sign_html(d.sign_after),
                    c = d.change,
                );
            }
            Inline::Kinds(before, after) => {
                let _ = write!(
                    self.out,
                    "{}<br/>→ {}",
                    kinds_html(*before),
                    kinds_html(*after)
                );
            }
            Inline::Ties(ties) => {
                self.out.push_str("<ul class=\"ties\">");
                for tie in *ties {
                    self.tie_item(tie);
                }
                self.out.push_str("</ul>");
            }
            Inline::Camps {
                aligned,
                without_alleged,
            } => self.camps(aligned, *without_alleged),
            Inline::StepLink(n, label) => {
                let _ = write!(self.out, "<a href=\"#step-{n}\">");
                escape(&mut self.out, label);
                self.out.push_str("</a>");
            }
            Inline::Link { url, text } => link(&mut self.out, url.as_deref(), text),
            Inline::Hint(words) => self.out.push_str(words),
        }
    }

    /// An actor's name in bold, with its id when it differs.
    fn named(&mut self, key: ActorKey) {
        let (name, id) = (self.model.name(key), self.model.data.actor_id(key));
        self.out.push_str("<b>");
        escape(&mut self.out, name);
        self.out.push_str("</b>");
        if name != id {
            self.out.push_str(" <span class=\"id\">");
            escape(&mut self.out, id);
            self.out.push_str("</span>");
        }
    }

    /// An actor's id with its name as a tooltip.
    fn abbr(&mut self, key: ActorKey) {
        self.out.push_str("<abbr title=\"");
        escape(&mut self.out, self.model.name(key));
        self.out.push_str("\">");
        escape(&mut self.out, self.model.data.actor_id(key));
        self.out.push_str("</abbr>");
    }

    /// The camps of a step, one line each with its letter, and the camps
    /// without the alleged ties when they differ.
    fn camps(&mut self, aligned: &[Vec<ActorKey>], without_alleged: Option<&Partition>) {
        if aligned.iter().all(Vec::is_empty) {
            self.out
                .push_str("<span class=\"muted\">no signed pair</span>");
        }
        for (j, camp) in aligned.iter().enumerate() {
            if camp.is_empty() {
                continue;
            }
            let _ = write!(
                self.out,
                "<div class=\"camp\"><span class=\"tag\">{}</span>",
                camp_letter(j)
            );
            self.ids(camp);
            self.out.push_str("</div>");
        }
        if let Some(partition) = without_alleged {
            self.out
                .push_str("<div class=\"muted\">Without the alleged ties: ");
            if partition.camps().is_empty() {
                self.out.push_str("no signed pair");
            }
            for (i, camp) in partition.camps().iter().enumerate() {
                if i > 0 {
                    self.out.push_str(" | ");
                }
                self.ids(camp);
            }
            self.out.push_str("</div>");
        }
    }

    /// Actors' ids (names on hover), comma-separated.
    fn ids(&mut self, camp: &[ActorKey]) {
        for (i, &key) in camp.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.abbr(key);
        }
    }

    /// A tie of the table of changes: kind, actors, dates, id, confidence,
    /// weight, note and cited sources (linked to the list).
    fn tie_item(&mut self, tie: &Tie) {
        let kind = tie.kind();
        let _ = write!(self.out, "<li><span class=\"kind {kind}\">{kind}</span>");
        match (kind, tie.with()) {
            (TieKind::Mediation, Some(with)) => {
                self.out.push_str(" by ");
                self.abbr(tie.source());
                self.out.push_str(" between ");
                self.abbr(tie.target());
                self.out.push_str(" and ");
                self.abbr(with);
            }
            _ if tie.is_directed() => {
                self.out.push(' ');
                self.abbr(tie.source());
                self.out.push_str(" → ");
                self.abbr(tie.target());
            }
            _ => {}
        }
        self.out.push_str(" · <span class=\"dates\">");
        escape(&mut self.out, &dates(tie));
        self.out.push_str("</span> <span class=\"tid\">");
        escape(&mut self.out, tie.id());
        self.out.push_str("</span>");
        if let Some(word) = confidence_word(tie) {
            let _ = write!(self.out, " <span class=\"confidence {word}\">{word}</span>");
        }
        if let Some(w) = tie.weight_given().filter(|&w| w != 1.0) {
            let _ = write!(self.out, " <span class=\"muted\">weight {w}</span>");
        }
        if let Some(note) = tie.note() {
            self.out.push_str("<br/>");
            escape(&mut self.out, note);
        }
        let data = self.model.data;
        let all = data.sources();
        for source in data.tie_sources(tie) {
            // Sources are sorted by id: the anchor is the position in the list.
            if let Ok(i) = all.binary_search_by(|s| s.id().cmp(source.id())) {
                let _ = write!(self.out, " <a class=\"cite\" href=\"#source-{}\">", i + 1);
                escape(&mut self.out, source.id());
                self.out.push_str("</a>");
            }
        }
        self.out.push_str("</li>");
    }
}

/// A source's URL or reference: a link when the link policy made one,
/// else text in small print.
fn link(out: &mut String, url: Option<&str>, text: &str) {
    match url {
        Some(url) => {
            out.push_str("<a href=\"");
            escape(out, url);
            out.push_str("\" rel=\"noreferrer noopener\">");
            escape(out, text);
            out.push_str("</a>");
        }
        None => {
            out.push_str("<span class=\"tid\">");
            escape(out, text);
            out.push_str("</span>");
        }
    }
}

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

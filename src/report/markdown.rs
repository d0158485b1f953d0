//! The report as Markdown (CommonMark with GitHub tables), its diagrams and
//! chart as SVG files beside it: a rendering of the structure
//! [`super::sections`] lays out.
//!
//! Every block ends with a blank line; a table or list ends with its last
//! row, and the blank line follows.

use std::fmt::Write as _;

use super::layout::{Block, Column, Figure, Image, Inline, KeyFigures, Section, SourceItem, Table};
use super::{camp_letter, chart, confidence_word, dates, Markdown, Model};
use crate::analysis::Partition;
use crate::escape::markdown::{code, text as escape};
use crate::model::{ActorKey, Sign, Tie, TieKind};
use crate::pairs::KindSet;

/// The Markdown text and its images, named `<stem>-<diagram>.svg`.
pub(super) fn document(model: &Model<'_>, stem: &str) -> Markdown {
    let doc = super::sections::document(model);
    let mut md = Writer {
        model,
        stem,
        out: String::with_capacity(64 * 1024),
        images: Vec::new(),
    };
    let _ = write!(md.out, "# {}\n\n", escape(&doc.title));
    md.inlines(&doc.lede);
    md.out.push_str("\n\n");
    if let Some(scope) = &doc.scope {
        md.out.push_str("> ");
        md.inlines(scope);
        md.out.push_str("\n\n");
    }
    for section in &doc.sections {
        md.section(section);
    }
    let _ = writeln!(md.out, "---\n\n{}", escape(&doc.footer));
    Markdown {
        text: md.out,
        images: md.images,
    }
}

/// The Markdown being written, and the images it links.
struct Writer<'a, 'd> {
    model: &'a Model<'d>,
    stem: &'a str,
    out: String,
    images: Vec<(String, Vec<u8>)>,
}

impl Writer<'_, '_> {
    fn section(&mut self, section: &Section<'_>) {
        let _ = write!(self.out, "## {}\n\n", escape(&section.title));
        for block in &section.blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block<'_>) {
        match block {
            Block::Paragraph { text, .. } => {
                self.inlines(text);
                self.out.push_str("\n\n");
            }
            Block::Heading { text, .. } => {
                let _ = write!(self.out, "### {}\n\n", escape(text));
            }
            Block::KeyFigures(figures) => self.key_figures(figures),
            Block::Table(table) => self.table(table),
            Block::Figure(figure) => self.figure(figure),
            Block::Grid(blocks) => {
                for b in blocks {
                    self.block(b);
                }
            }
            Block::Sources(items) => self.sources(items),
            Block::Definitions(terms) => {
                for (term, text) in terms {
                    let _ = write!(self.out, "- **{term}**: ");
                    self.inlines(text);
                    self.out.push('\n');
                }
                self.out.push('\n');
            }
        }
    }

    /// The key figures as a table: one row each, a column per step shown.
    fn key_figures(&mut self, figures: &KeyFigures) {
        let last = escape(&figures.last);
        match &figures.first {
            Some(first) => {
                let _ = writeln!(
                    self.out,
                    "| | {} | {last} |\n|---|---:|---:|",
                    escape(first)
                );
            }
            None => {
                let _ = writeln!(self.out, "| | {last} |\n|---|---:|");
            }
        }
        for f in &figures.rows {
            let _ = write!(self.out, "| {} |", escape(f.label));
            if figures.first.is_some() {
                let _ = write!(self.out, " {} |", escape(&f.first));
            }
            let _ = writeln!(self.out, " {} |", escape(&f.last));
        }
        self.out.push('\n');
    }

    fn table(&mut self, table: &Table<'_>) {
        let headers: Vec<&str> = table.columns.iter().map(|(h, _)| *h).collect();
        let _ = writeln!(self.out, "| {} |", headers.join(" | "));
        for (_, column) in &table.columns {
            self.out.push_str(if *column == Column::Number {
                "|---:"
            } else {
                "|---"
            });
        }
        self.out.push_str("|\n");
        for row in &table.rows {
            self.out.push('|');
            for cell in row {
                self.out.push(' ');
                self.inlines(cell);
                self.out.push_str(" |");
            }
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    /// A figure: its heading, the image (written beside the text) and the
    /// line under it.
    fn figure(&mut self, figure: &Figure<'_>) {
        if let Some(heading) = &figure.heading {
            let _ = write!(self.out, "### {}\n\n", escape(heading));
        }
        let (name, bytes) = match &figure.image {
            Image::Diagram { figure, .. } => (figure.name.as_str(), figure.svg.clone()),
            Image::Chart(steps) => ("chart", chart::svg(steps, true).into_bytes()),
        };
        let file = format!("{}-{name}.svg", self.stem);
        let _ = write!(self.out, "![{}]({file})\n\n", escape(&figure.label));
        self.images.push((file, bytes));
        if !figure.caption.is_empty() {
            self.inlines(&figure.caption);
            self.out.push_str("\n\n");
        }
    }

    fn sources(&mut self, items: &[SourceItem<'_>]) {
        for item in items {
            let _ = write!(self.out, "{}. **{}**", item.number, escape(&item.id));
            for part in &item.parts {
                self.out.push_str(" · ");
                self.inline(part);
            }
            if let Some(note) = &item.note {
                let _ = write!(self.out, " · ({})", escape(note));
            }
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    fn inlines(&mut self, text: &[Inline<'_>]) {
        for inline in text {
            self.inline(inline);
        }
    }

    /// Text between two markers (`**`, `*`).
    fn wrapped(&mut self, marker: &str, text: &[Inline<'_>]) {
        self.out.push_str(marker);
        self.inlines(text);
        self.out.push_str(marker);
    }

    fn inline(&mut self, inline: &Inline<'_>) {
        match inline {
            Inline::Words(words) => self.out.push_str(words),
            Inline::Text(text) => self.out.push_str(&escape(text)),
            Inline::Strong(text) => self.wrapped("**", text),
            Inline::Emphasis(text) => self.wrapped("*", text),
            Inline::Muted(text) => self.inlines(text),
            Inline::Cite(title) => {
                let _ = write!(self.out, "*{}*", escape(title));
            }
            Inline::Id(text) => self.out.push_str(&escape(text)),
            Inline::Actor(key) => {
                let named = self.named(*key);
                self.out.push_str(&named);
            }
            Inline::Pair(a, b) => {
                let pair = format!("{} – {}", self.named(*a), self.named(*b));
                self.out.push_str(&pair);
            }
            Inline::Sign(s) => self.out.push_str(sign(*s)),
            Inline::Badge(change) => {
                let _ = write!(self.out, "**{change}**");
            }
            Inline::Change(d) => {
                let _ = write!(
                    self.out,
                    "**{}** ({} → {})",
                    d.change,
                    sign(d.sign_before),
                    sign(d.sign_after)
                );
            }
            Inline::Kinds(before, after) => {
                let _ = write!(self.out, "{} → {}", kinds(*before), kinds(*after));
            }
            Inline::Ties(ties) => {
                let texts: Vec<String> = ties.iter().map(|t| self.tie_text(t)).collect();
                self.out.push_str(&texts.join("<br>"));
            }
            Inline::Camps {
                aligned,
                without_alleged,
            } => {
                let camps = self.camps(aligned, *without_alleged);
                self.out.push_str(&camps);
            }
            Inline::StepLink(_, label) => self.out.push_str(&escape(label)),
            // An autolink: the link policy left no `<`, `>` or space in it.
            Inline::Link { url: Some(url), .. } => {
                let _ = write!(self.out, "<{url}>");
            }
            Inline::Link { url: None, text } => self.out.push_str(&code(text)),
            // The text has no interaction to speak of.
            Inline::Hint(_) => {}
        }
    }

    /// `Name (ID)`, escaped; just the id when it is the name.
    fn named(&self, key: ActorKey) -> String {
        let (name, id) = (self.model.name(key), self.model.data.actor_id(key));
        if name == id {
            escape(name)
        } else {
            format!("{} ({})", escape(name), escape(id))
        }
    }

    /// The camps of a step, `**A** id, id<br>**B** …`, and those without
    /// the alleged ties when they differ.
    fn camps(&self, aligned: &[Vec<ActorKey>], without_alleged: Option<&Partition>) -> String {
        let ids = |camp: &[ActorKey]| {
            camp.iter()
                .map(|&key| escape(self.model.data.actor_id(key)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let listed: Vec<String> = aligned
            .iter()
            .enumerate()
            .filter(|(_, camp)| !camp.is_empty())
            .map(|(j, camp)| format!("**{}** {}", camp_letter(j), ids(camp)))
            .collect();
        let mut text = if listed.is_empty() {
            "no signed pair".to_owned()
        } else {
            listed.join("<br>")
        };
        if let Some(partition) = without_alleged {
            let camps: Vec<String> = partition.camps().iter().map(|c| ids(c)).collect();
            let _ = write!(
                text,
                "<br>*without the alleged ties:* {}",
                if camps.is_empty() {
                    "no signed pair".to_owned()
                } else {
                    camps.join(" \\| ")
                }
            );
        }
        text
    }

    /// A tie of the table of changes: kind, actors, dates, id, confidence,
    /// note and cited sources.
    fn tie_text(&self, tie: &Tie) -> String {
        let id = |k| escape(self.model.data.actor_id(k));
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
            _ if tie.is_directed() => {
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
        let cited: Vec<String> = self
            .model
            .data
            .tie_sources(tie)
            .map(|s| escape(s.id()))
            .collect();
        if !cited.is_empty() {
            let _ = write!(text, " (sources: {})", cited.join(", "));
        }
        text
    }
}

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
